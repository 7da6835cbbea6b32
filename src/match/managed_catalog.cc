#include "match/managed_catalog.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <simdjson.h>

namespace waftune {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view kComponents[] = {
    "uri_path", "query_string", "query_arguments", "body",    "headers",
    "cookies",  "method",       "client_ip",       "request",
};
constexpr std::string_view kActions[] = {"BLOCK", "COUNT", "CAPTCHA",
                                         "CHALLENGE"};

bool KnownComponent(std::string_view c) {
  if (c.starts_with("headers:"))
    return c.size() > 8;
  return std::find(std::begin(kComponents), std::end(kComponents), c) !=
         std::end(kComponents);
}

Status FieldError(const std::string& where, std::string_view key,
                  std::string_view why) {
  return Status::ParseError(where + ": \"" + std::string(key) + "\" " +
                            std::string(why));
}

// Reads obj[key] as a string. A missing optional key leaves *out untouched.
Status ReadString(object obj, std::string_view key, bool required,
                  const std::string& where, std::string* out) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS) {
    return required ? FieldError(where, key, "is missing") : Status::Ok();
  }
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) {
    return FieldError(where, key, "must be a string");
  }
  if (required && s.empty())
    return FieldError(where, key, "is empty");
  *out = std::string(s);
  return Status::Ok();
}

Status ReadStringList(object obj, std::string_view key,
                      const std::string& where, std::vector<std::string>* out) {
  element value;
  if (obj[key].get(value) != simdjson::SUCCESS)
    return Status::Ok();
  array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) {
    return FieldError(where, key, "must be an array of strings");
  }
  for (element item : items) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      return FieldError(where, key, "must be an array of strings");
    }
    out->emplace_back(s);
  }
  return Status::Ok();
}

Status ReadFalsePositives(object rule, const std::string& where,
                          std::vector<FalsePositiveContext>* out) {
  element value;
  if (rule["false_positives"].get(value) != simdjson::SUCCESS) {
    return Status::Ok();
  }
  array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) {
    return FieldError(where, "false_positives", "must be an array");
  }
  for (element item : items) {
    object fp_obj;
    if (item.get_object().get(fp_obj) != simdjson::SUCCESS) {
      return FieldError(where, "false_positives", "items must be objects");
    }
    FalsePositiveContext fp;
    Status s = ReadString(fp_obj, "context", true, where, &fp.context);
    if (s.ok())
      s = ReadString(fp_obj, "source", false, where, &fp.source);
    if (!s.ok())
      return s;
    bool confirmed = true;
    element c;
    if (fp_obj["confirmed"].get(c) == simdjson::SUCCESS &&
        c.get_bool().get(confirmed) != simdjson::SUCCESS) {
      return FieldError(where, "confirmed", "must be a boolean");
    }
    fp.confirmed = confirmed;
    out->push_back(std::move(fp));
  }
  return Status::Ok();
}

Result<ManagedRuleInfo> ParseRule(object obj, const ManagedGroupInfo& group,
                                  const std::string& where) {
  ManagedRuleInfo r;
  Status s = ReadString(obj, "name", true, where, &r.name);
  const std::string at = where + " rule " + r.name;
  if (s.ok())
    s = ReadString(obj, "label", true, at, &r.label);
  if (s.ok())
    s = ReadString(obj, "component", true, at, &r.component);
  if (s.ok())
    s = ReadString(obj, "default_action", true, at, &r.default_action);
  if (s.ok())
    s = ReadString(obj, "description", false, at, &r.description);
  if (s.ok())
    s = ReadString(obj, "note", false, at, &r.note);
  if (s.ok())
    s = ReadStringList(obj, "unconfirmed", at, &r.unconfirmed);
  if (s.ok())
    s = ReadFalsePositives(obj, at, &r.false_positives);
  if (!s.ok())
    return s;
  // A label outside the group's namespace would make a label rule match
  // nothing (or another group's rule): refuse it at load time.
  if (!r.label.starts_with(group.label_namespace) ||
      r.label.size() == group.label_namespace.size()) {
    return FieldError(
        at, "label",
        "must start with label_namespace " + group.label_namespace);
  }
  if (!KnownComponent(r.component)) {
    return FieldError(at, "component", "is not a known component");
  }
  if (std::find(std::begin(kActions), std::end(kActions), r.default_action) ==
      std::end(kActions)) {
    return FieldError(at, "default_action", "is not a WAF action");
  }
  return r;
}

Status ParseGroupFields(object root, const std::string& origin,
                        ManagedGroupInfo* g) {
  Status s = ReadString(root, "group_id", true, origin, &g->group_id);
  if (s.ok())
    s = ReadString(root, "vendor", true, origin, &g->vendor);
  if (s.ok())
    s = ReadString(root, "name", true, origin, &g->name);
  if (s.ok())
    s = ReadString(root, "label_namespace", true, origin, &g->label_namespace);
  if (s.ok())
    s = ReadString(root, "web_acl_rule_name", true, origin,
                   &g->web_acl_rule_name);
  if (s.ok())
    s = ReadString(root, "source", false, origin, &g->source);
  if (s.ok())
    s = ReadStringList(root, "unconfirmed", origin, &g->unconfirmed);
  if (s.ok())
    s = ReadStringList(root, "notes", origin, &g->notes);
  if (!s.ok())
    return s;
  int64_t wcu = 0;
  element w;
  if (root["wcu"].get(w) == simdjson::SUCCESS &&
      w.get_int64().get(wcu) != simdjson::SUCCESS) {
    return FieldError(origin, "wcu", "must be an integer");
  }
  g->wcu = static_cast<int>(wcu);
  if (g->group_id != g->vendor + "#" + g->name) {
    return FieldError(origin, "group_id", "must be vendor#name");
  }
  if (!g->label_namespace.ends_with(':')) {
    return FieldError(origin, "label_namespace", "must end with ':'");
  }
  return Status::Ok();
}

}  // namespace

bool ManagedRuleInfo::IsUnconfirmed(std::string_view field) const {
  return std::find(unconfirmed.begin(), unconfirmed.end(), field) !=
         unconfirmed.end();
}

// StripGroupVersion is defined once, in logs/waf_record.cc.

const ManagedGroupInfo* ManagedCatalog::FindGroup(
    std::string_view group_id) const {
  auto it = group_index_.find(StripGroupVersion(group_id));
  return it == group_index_.end() ? nullptr : &groups_[it->second];
}

const ManagedRuleInfo* ManagedCatalog::FindRule(std::string_view group_id,
                                                std::string_view rule) const {
  const ManagedGroupInfo* g = FindGroup(group_id);
  if (g == nullptr)
    return nullptr;
  for (const ManagedRuleInfo& r : g->rules) {
    if (r.name == rule)
      return &r;
  }
  return nullptr;
}

const ManagedRuleInfo* ManagedCatalog::FindByLabel(
    std::string_view label, const ManagedGroupInfo** group) const {
  auto it = label_index_.find(label);
  if (it == label_index_.end())
    return nullptr;
  const ManagedGroupInfo& g = groups_[it->second.first];
  if (group != nullptr)
    *group = &g;
  return &g.rules[it->second.second];
}

Status ManagedCatalog::AddGroup(ManagedGroupInfo group) {
  if (group_index_.count(group.group_id) != 0) {
    return Status::InvalidArgument("duplicate rule group " + group.group_id);
  }
  const size_t gi = groups_.size();
  std::map<std::string, std::pair<size_t, size_t>, std::less<>> labels;
  std::vector<std::string_view> names;
  for (size_t ri = 0; ri < group.rules.size(); ++ri) {
    const ManagedRuleInfo& r = group.rules[ri];
    if (std::find(names.begin(), names.end(), r.name) != names.end()) {
      return Status::InvalidArgument(group.group_id + ": duplicate rule " +
                                     r.name);
    }
    names.push_back(r.name);
    if (label_index_.count(r.label) != 0 ||
        !labels.emplace(r.label, std::pair(gi, ri)).second) {
      return Status::InvalidArgument(group.group_id + ": duplicate label " +
                                     r.label);
    }
  }
  label_index_.merge(labels);
  group_index_.emplace(group.group_id, gi);
  groups_.push_back(std::move(group));
  return Status::Ok();
}

Result<ManagedGroupInfo> ParseManagedGroup(std::string_view json,
                                           const std::string& origin) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  object root;
  if (parser.parse(padded).get_object().get(root) != simdjson::SUCCESS) {
    return Status::ParseError(origin + ": not a JSON object");
  }
  ManagedGroupInfo group;
  Status s = ParseGroupFields(root, origin, &group);
  if (!s.ok())
    return s;
  array rules;
  if (root["rules"].get_array().get(rules) != simdjson::SUCCESS) {
    return FieldError(origin, "rules", "must be an array");
  }
  for (element item : rules) {
    object obj;
    if (item.get_object().get(obj) != simdjson::SUCCESS) {
      return FieldError(origin, "rules", "items must be objects");
    }
    Result<ManagedRuleInfo> r = ParseRule(obj, group, origin);
    if (!r.ok())
      return r.status();
    group.rules.push_back(std::move(r.value()));
  }
  if (group.rules.empty())
    return FieldError(origin, "rules", "is empty");
  return group;
}

Result<ManagedCatalog> LoadManagedCatalog(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".json")
      files.push_back(it->path());
  }
  if (ec)
    return Status::IOError(dir, ec.message());
  if (files.empty())
    return Status::NotFound(dir + ": no *.json rule group files");
  std::sort(files.begin(), files.end());
  ManagedCatalog catalog;
  for (const fs::path& file : files) {
    simdjson::padded_string text;
    if (simdjson::padded_string::load(file.string()).get(text) !=
        simdjson::SUCCESS) {
      return Status::IOError(file.string(), "cannot read");
    }
    Result<ManagedGroupInfo> group = ParseManagedGroup(text, file.string());
    if (!group.ok())
      return group.status();
    Status s = catalog.AddGroup(std::move(group.value()));
    if (!s.ok())
      return Status::InvalidArgument(file.string() + ": " + s.message());
  }
  return catalog;
}

}  // namespace waftune
