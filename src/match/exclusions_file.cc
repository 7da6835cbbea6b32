#include "match/exclusions_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>

#include <simdjson.h>

#include "logs/waf_record.h"
#include "match/aws_regex_check.h"
#include "match/cidr.h"
#include "match/request_matcher.h"

namespace waftune {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Gathers every problem in one file; each line names file, exclusion, key.
class ErrorList {
 public:
  explicit ErrorList(std::string_view file) : file_(file) {}

  void Add(std::string_view where, std::string_view key, std::string_view msg) {
    std::string line = file_ + ": " + std::string(where);
    if (!key.empty())
      line += ": key \"" + std::string(key) + "\"";
    lines_.push_back(line + ": " + std::string(msg));
  }
  bool empty() const { return lines_.empty(); }
  Status ToStatus() const {
    std::string msg = file_ + ": invalid exclusions file (" +
                      std::to_string(lines_.size()) +
                      (lines_.size() == 1 ? " error)" : " errors)");
    for (const std::string& l : lines_)
      msg += "\n  " + l;
    return Status::InvalidArgument(std::move(msg));
  }

 private:
  std::string file_;
  std::vector<std::string> lines_;
};

const char* TypeName(element_type t) {
  switch (t) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a boolean";
    case element_type::NULL_VALUE:
      return "null";
    default:
      return "a number";
  }
}

// Maps a `when` key to its field and name; false for an unknown key.
bool ParseConditionKey(std::string_view key, Condition* c, std::string* why) {
  struct Plain {
    std::string_view key;
    ConditionField field;
  };
  static constexpr Plain kPlain[] = {{"method", ConditionField::kMethod},
                                     {"uri", ConditionField::kUri},
                                     {"args", ConditionField::kArgs},
                                     {"label", ConditionField::kLabel},
                                     {"country", ConditionField::kCountry},
                                     {"client_ip", ConditionField::kClientIp}};
  for (const Plain& p : kPlain) {
    if (key == p.key) {
      c->field = p.field;
      return true;
    }
  }
  struct Named {
    std::string_view prefix;
    ConditionField field;
  };
  static constexpr Named kNamed[] = {{"arg:", ConditionField::kArg},
                                     {"header:", ConditionField::kHeader},
                                     {"cookie:", ConditionField::kCookie}};
  for (const Named& n : kNamed) {
    if (key.substr(0, n.prefix.size()) != n.prefix)
      continue;
    c->field = n.field;
    c->name = std::string(key.substr(n.prefix.size()));
    if (c->name.empty()) {
      *why = "\"" + std::string(n.prefix) + "\" needs a name after the colon";
      return false;
    }
    return true;
  }
  *why =
      "unknown key (expected method, uri, args, arg:NAME, header:NAME, "
      "cookie:NAME, label, country or client_ip)";
  return false;
}

// Validates one pattern (or CIDR) of a condition; "" when fine.
std::string CheckOnePattern(const Condition& c, std::string_view pattern) {
  if (c.field == ConditionField::kClientIp) {
    Result<Cidr> cidr = Cidr::Parse(pattern);
    return cidr.ok() ? "" : cidr.status().message();
  }
  Status s = CheckAwsRegex(pattern);
  if (s.ok())
    s = CheckMatcherPattern(pattern);
  if (s.ok())
    return "";
  return "pattern \"" + std::string(pattern) + "\": " + s.message();
}

void ParseCondition(std::string_view key, element value, std::string_view where,
                    ErrorList* errors, Exclusion* out) {
  Condition c;
  std::string why;
  if (!ParseConditionKey(key, &c, &why)) {
    errors->Add(where, key, why);
    return;
  }
  std::string_view s;
  if (value.get_string().get(s) == simdjson::SUCCESS) {
    c.patterns.emplace_back(s);
  } else if (simdjson::dom::array items;
             value.get_array().get(items) == simdjson::SUCCESS) {
    for (element item : items) {
      if (item.get_string().get(s) != simdjson::SUCCESS) {
        errors->Add(where, key,
                    std::string("list items must be strings, got ") +
                        TypeName(item.type()));
        return;
      }
      c.patterns.emplace_back(s);
    }
    if (c.patterns.empty()) {
      errors->Add(where, key,
                  "empty list (a condition needs at least one pattern)");
      return;
    }
  } else {
    errors->Add(where, key,
                std::string("must be a string or a list of strings, got ") +
                    TypeName(value.type()));
    return;
  }
  for (const std::string& p : c.patterns) {
    std::string problem = CheckOnePattern(c, p);
    if (!problem.empty())
      errors->Add(where, key, problem);
  }
  out->when.push_back(std::move(c));
}

void ParseWhen(element when, std::string_view where, ErrorList* errors,
               Exclusion* out) {
  simdjson::dom::object obj;
  if (when.get_object().get(obj) != simdjson::SUCCESS) {
    errors->Add(where, "when",
                std::string("must be an object, got ") + TypeName(when.type()));
    return;
  }
  std::set<std::string_view> seen;
  for (simdjson::dom::key_value_pair kv : obj) {
    if (!seen.insert(kv.key).second) {
      errors->Add(where, kv.key, "duplicate key in \"when\"");
      continue;
    }
    ParseCondition(kv.key, kv.value, where, errors, out);
  }
}

// Reads a string member; reports a wrong type. Returns false when absent.
bool GetString(element value, std::string_view key, std::string_view where,
               ErrorList* errors, std::string* out) {
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) {
    errors->Add(where, key,
                std::string("must be a string, got ") + TypeName(value.type()));
    return false;
  }
  *out = std::string(s);
  return true;
}

// The label used in messages: exclusion "id", or #N when the id is missing.
std::string WhereLabel(simdjson::dom::object obj, size_t index) {
  std::string_view id;
  if (obj["id"].get_string().get(id) == simdjson::SUCCESS && !id.empty()) {
    return "exclusion \"" + std::string(id) + "\"";
  }
  return "exclusion #" + std::to_string(index + 1) + " (no id)";
}

void ParseMembers(simdjson::dom::object obj, std::string_view where,
                  ErrorList* errors, Exclusion* ex, bool* has_rule) {
  std::set<std::string_view> seen;
  for (simdjson::dom::key_value_pair kv : obj) {
    std::string_view key = kv.key;
    if (!seen.insert(key).second) {
      errors->Add(where, key, "duplicate key");
      continue;
    }
    if (key == "id") {
      GetString(kv.value, key, where, errors, &ex->id);
    } else if (key == "rule_group") {
      if (GetString(kv.value, key, where, errors, &ex->rule_group)) {
        ex->rule_group = std::string(StripGroupVersion(ex->rule_group));
      }
    } else if (key == "rule") {
      *has_rule = GetString(kv.value, key, where, errors, &ex->rule);
    } else if (key == "note") {
      GetString(kv.value, key, where, errors, &ex->note);
    } else if (key == "when") {
      ParseWhen(kv.value, where, errors, ex);
    } else {
      errors->Add(where, key,
                  "unknown key (expected id, rule_group, rule, when, note)");
    }
  }
}

void ParseOne(element value, size_t index, ErrorList* errors,
              std::vector<Exclusion>* out) {
  simdjson::dom::object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) {
    errors->Add(
        "exclusion #" + std::to_string(index + 1), "",
        std::string("must be an object, got ") + TypeName(value.type()));
    return;
  }
  std::string where = WhereLabel(obj, index);
  Exclusion ex;
  bool has_rule = false;
  ParseMembers(obj, where, errors, &ex, &has_rule);
  if (ex.id.empty())
    errors->Add(where, "id", "missing or empty");
  if (!has_rule || ex.rule.empty()) {
    errors->Add(where, "rule",
                "missing or empty (use \"*\" with a rule_group "
                "for every rule of the group)");
  } else if (ex.rule == "*" && ex.rule_group.empty()) {
    errors->Add(where, "rule",
                "\"*\" needs a rule_group (it would exclude "
                "every rule of every group)");
  }
  out->push_back(std::move(ex));
}

void CheckDuplicateIds(const std::vector<Exclusion>& list, ErrorList* errors) {
  for (size_t i = 0; i < list.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (!list[i].id.empty() && list[i].id == list[j].id) {
        errors->Add(
            "exclusion \"" + list[i].id + "\" (#" + std::to_string(i + 1) + ")",
            "id",
            "duplicate id (also used by exclusion #" + std::to_string(j + 1) +
                ")");
        break;
      }
    }
  }
}

}  // namespace

Result<std::vector<Exclusion>> ParseExclusions(std::string_view json,
                                               std::string_view file_name) {
  ErrorList errors(file_name);
  simdjson::dom::parser parser;
  element root;
  simdjson::error_code err = parser.parse(json.data(), json.size()).get(root);
  if (err != simdjson::SUCCESS) {
    errors.Add("document", "",
               std::string("invalid JSON: ") + simdjson::error_message(err));
    return errors.ToStatus();
  }
  simdjson::dom::object top;
  element list;
  if (root.get_object().get(top) != simdjson::SUCCESS) {
    errors.Add("document", "", "must be an object {\"exclusions\": [...]}");
    return errors.ToStatus();
  }
  for (simdjson::dom::key_value_pair kv : top) {
    if (kv.key != "exclusions")
      errors.Add("document", kv.key, "unknown key");
  }
  if (top["exclusions"].get(list) != simdjson::SUCCESS || !list.is_array()) {
    errors.Add("document", "exclusions", "missing, or not an array");
    return errors.ToStatus();
  }
  std::vector<Exclusion> out;
  size_t index = 0;
  simdjson::dom::array items = list.get_array().value_unsafe();
  for (element value : items) {
    ParseOne(value, index++, &errors, &out);
  }
  CheckDuplicateIds(out, &errors);
  if (!errors.empty())
    return errors.ToStatus();
  return out;
}

Result<std::vector<Exclusion>> LoadExclusionsFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr)
    return Status::IOError(path, std::strerror(errno));
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    data.append(buf, n);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed)
    return Status::IOError(path, "read error");
  return ParseExclusions(data, path);
}

std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

namespace {

void WriteCondition(const Condition& c, std::string* out) {
  *out += "        " + JsonQuote(ConditionKey(c)) + ": ";
  if (c.patterns.size() == 1) {
    *out += JsonQuote(c.patterns[0]);
    return;
  }
  *out += "[";
  for (size_t i = 0; i < c.patterns.size(); ++i) {
    *out += (i ? ", " : "") + JsonQuote(c.patterns[i]);
  }
  *out += "]";
}

void WriteExclusion(const Exclusion& ex, std::string* out) {
  *out += "    {\n      \"id\": " + JsonQuote(ex.id) + ",\n";
  if (!ex.rule_group.empty()) {
    *out += "      \"rule_group\": " + JsonQuote(ex.rule_group) + ",\n";
  }
  *out += "      \"rule\": " + JsonQuote(ex.rule) + ",\n      \"when\": {";
  for (size_t i = 0; i < ex.when.size(); ++i) {
    *out += i ? ",\n" : "\n";
    WriteCondition(ex.when[i], out);
  }
  *out += ex.when.empty() ? "}" : "\n      }";
  if (!ex.note.empty())
    *out += ",\n      \"note\": " + JsonQuote(ex.note);
  *out += "\n    }";
}

}  // namespace

std::string ExclusionsToJson(const std::vector<Exclusion>& exclusions) {
  std::string out = "{\n  \"exclusions\": [";
  for (size_t i = 0; i < exclusions.size(); ++i) {
    out += i ? ",\n" : "\n";
    WriteExclusion(exclusions[i], &out);
  }
  out += exclusions.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace waftune
