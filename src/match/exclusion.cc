#include "match/exclusion.h"

namespace waftune {

std::string ConditionKey(const Condition& c) {
  switch (c.field) {
    case ConditionField::kMethod:
      return "method";
    case ConditionField::kUri:
      return "uri";
    case ConditionField::kArgs:
      return "args";
    case ConditionField::kArg:
      return "arg:" + c.name;
    case ConditionField::kHeader:
      return "header:" + c.name;
    case ConditionField::kCookie:
      return "cookie:" + c.name;
    case ConditionField::kLabel:
      return "label";
    case ConditionField::kCountry:
      return "country";
    case ConditionField::kClientIp:
      return "client_ip";
  }
  return "";
}

}  // namespace waftune
