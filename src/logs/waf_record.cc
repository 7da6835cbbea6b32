#include "logs/waf_record.h"

#include <strings.h>

namespace waftune {

WafAction ParseWafAction(std::string_view s) {
  if (s == "BLOCK") return WafAction::kBlock;
  if (s == "ALLOW") return WafAction::kAllow;
  if (s == "COUNT") return WafAction::kCount;
  if (s == "CAPTCHA") return WafAction::kCaptcha;
  if (s == "CHALLENGE") return WafAction::kChallenge;
  return WafAction::kUnknown;
}

std::string_view WafActionName(WafAction a) {
  switch (a) {
    case WafAction::kAllow:
      return "ALLOW";
    case WafAction::kBlock:
      return "BLOCK";
    case WafAction::kCount:
      return "COUNT";
    case WafAction::kCaptcha:
      return "CAPTCHA";
    case WafAction::kChallenge:
      return "CHALLENGE";
    case WafAction::kUnknown:
      break;
  }
  return "UNKNOWN";
}

std::string_view HttpRequest::Header(std::string_view name) const {
  for (const HttpHeader& h : headers) {
    if (h.name.size() == name.size() &&
        strncasecmp(h.name.data(), name.data(), name.size()) == 0) {
      return h.value;
    }
  }
  return {};
}

std::string_view WafRecord::WebAclName() const {
  constexpr std::string_view kMarker = "/webacl/";
  size_t pos = webacl_id.find(kMarker);
  if (pos == std::string_view::npos) return webacl_id;
  std::string_view rest = webacl_id.substr(pos + kMarker.size());
  return rest.substr(0, rest.find('/'));
}

void WafRecord::Clear() {
  timestamp_ms = 0;
  webacl_id = terminating_rule_id = terminating_rule_type = {};
  action = WafAction::kUnknown;
  terminating_match_details.clear();
  http_source_name = http_source_id = {};
  rule_groups.clear();
  rate_based.clear();
  non_terminating.clear();
  labels.clear();
  request.client_ip = request.country = request.method = {};
  request.uri = request.args = request.http_version = {};
  request.request_id = request.host = request.scheme = request.fragment = {};
  request.headers.clear();
  response_code_sent = 0;
  request_body_size = request_body_size_inspected = -1;
  oversize_fields.clear();
  captcha = challenge = TokenResponse{};
  ja3 = ja4 = {};
}

std::string_view StripGroupVersion(std::string_view group_id) {
  size_t pos = group_id.find("#Version_");
  return pos == std::string_view::npos ? group_id : group_id.substr(0, pos);
}

}  // namespace waftune
