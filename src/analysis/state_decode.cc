// DecodeState (state_io.h): a saved state back into plain structs. States
// come from other machines and may be edited by hand, so every member is
// checked and the first problem is named by its path in the document.
#include <simdjson.h>

#include "analysis/state_io.h"
#include "analysis/state_json.h"

namespace waftune {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

class Decoder {
 public:
  const std::string& error() const { return error_; }

  bool Fail(const std::string& where, const char* what) {
    if (error_.empty()) error_ = where + ": " + what;
    return false;
  }
  bool Member(object obj, const char* key, const std::string& where, element* out) {
    if (obj.at_key(key).get(*out)) return Fail(where + "." + key, "missing");
    return true;
  }
  bool Uint(object obj, const char* key, const std::string& where, uint64_t* out) {
    element e;
    if (!Member(obj, key, where, &e)) return false;
    if (e.get_uint64().get(*out)) return Fail(where + "." + key, "not an unsigned integer");
    return true;
  }
  bool Int(object obj, const char* key, const std::string& where, int64_t* out) {
    element e;
    if (!Member(obj, key, where, &e)) return false;
    if (e.get_int64().get(*out)) return Fail(where + "." + key, "not an integer");
    return true;
  }
  bool Obj(element e, const std::string& where, object* out) {
    if (e.get_object().get(*out)) return Fail(where, "not an object");
    return true;
  }
  bool Arr(element e, const std::string& where, array* out) {
    if (e.get_array().get(*out)) return Fail(where, "not an array");
    return true;
  }
  // A string as written by StateJsonOut::String (plain or {"hex": ...}).
  bool Str(element e, const std::string& where, std::string* out) {
    std::string_view sv;
    if (!e.get_string().get(sv)) {
      out->assign(sv);
      return true;
    }
    object o;
    if (!e.get_object().get(o) && !o.at_key("hex").get_string().get(sv) &&
        DecodeHex(sv, out)) {
      return true;
    }
    return Fail(where, "not a string");
  }
  bool StrMember(object obj, const char* key, const std::string& where, std::string* out) {
    element e;
    return Member(obj, key, where, &e) && Str(e, where + "." + key, out);
  }

  bool Top(object row, const char* key, const std::string& where, TopK::State* out);
  bool Clients(object row, const std::string& where, DistinctCounter::State* out);
  bool Series(object row, const std::string& where,
              std::vector<std::pair<int64_t, uint64_t>>* out);
  bool Row(element e, const std::string& where, RuleStats::RowState* out);
  bool Counts(object obj, const char* key, const std::string& where,
              std::map<std::string, uint64_t>* out);
  bool Stats(object obj, const std::string& where, RuleStats::State* out);
  bool Inputs(object obj, const std::string& where, InputSummary* out);

 private:
  std::string error_;
};

bool Decoder::Top(object row, const char* key, const std::string& where,
                  TopK::State* out) {
  const std::string at = where + "." + key;
  element e;
  object o;
  array entries;
  uint64_t capacity = 0;
  if (!Member(row, key, where, &e) || !Obj(e, at, &o) ||
      !Uint(o, "capacity", at, &capacity) || !Uint(o, "floor", at, &out->floor) ||
      !Member(o, "entries", at, &e) || !Arr(e, at + ".entries", &entries)) {
    return false;
  }
  out->capacity = static_cast<size_t>(capacity);
  for (element item : entries) {
    array triple;
    TopEntry entry;
    if (!Arr(item, at + ".entries[]", &triple) || triple.size() != 3) {
      return Fail(at + ".entries[]", "not a [value, count, error] triple");
    }
    if (!Str(triple.at(0).value_unsafe(), at + ".entries[]", &entry.value) ||
        triple.at(1).get_uint64().get(entry.count) ||
        triple.at(2).get_uint64().get(entry.error)) {
      return Fail(at + ".entries[]", "bad [value, count, error] triple");
    }
    out->entries.push_back(std::move(entry));
  }
  return true;
}

bool Decoder::Clients(object row, const std::string& where,
                      DistinctCounter::State* out) {
  const std::string at = where + ".clients";
  element e;
  object o;
  array exact;
  std::string bytes;
  if (!Member(row, "clients", where, &e) || !Obj(e, at, &o) ||
      !Member(o, "exact", at, &e) || !Arr(e, at + ".exact", &exact) ||
      !StrMember(o, "registers", at, &bytes)) {
    return false;
  }
  for (element item : exact) {
    std::string_view hex;
    std::string raw;
    if (item.get_string().get(hex) || hex.size() != 16 || !DecodeHex(hex, &raw)) {
      return Fail(at + ".exact[]", "not a 16-digit hex hash");
    }
    uint64_t h = 0;
    for (char c : raw) h = (h << 8) | static_cast<unsigned char>(c);
    out->exact.push_back(h);
  }
  std::string decoded;
  if (!DecodeHex(bytes, &decoded)) return Fail(at + ".registers", "not hex");
  out->registers.assign(decoded.begin(), decoded.end());
  return true;
}

bool Decoder::Series(object row, const std::string& where,
                     std::vector<std::pair<int64_t, uint64_t>>* out) {
  element e;
  array series;
  if (!Member(row, "series", where, &e) || !Arr(e, where + ".series", &series)) {
    return false;
  }
  for (element item : series) {
    array pair;
    int64_t bucket = 0;
    uint64_t n = 0;
    if (item.get_array().get(pair) || pair.size() != 2 ||
        pair.at(0).get_int64().get(bucket) || pair.at(1).get_uint64().get(n)) {
      return Fail(where + ".series[]", "not a [bucket, count] pair");
    }
    out->emplace_back(bucket, n);
  }
  return true;
}

bool Decoder::Row(element e, const std::string& where, RuleStats::RowState* out) {
  object o;
  return Obj(e, where, &o) && StrMember(o, "web_acl_rule", where, &out->web_acl_rule) &&
         StrMember(o, "rule_group", where, &out->rule_group) &&
         StrMember(o, "rule", where, &out->rule) &&
         StrMember(o, "action", where, &out->action) &&
         Uint(o, "requests", where, &out->requests) &&
         Clients(o, where, &out->clients) && Top(o, "uris", where, &out->uris) &&
         Top(o, "clients_top", where, &out->clients_top) &&
         Top(o, "countries", where, &out->countries) &&
         Top(o, "labels", where, &out->labels) &&
         Top(o, "matched", where, &out->matched) && Series(o, where, &out->series);
}

bool Decoder::Counts(object obj, const char* key, const std::string& where,
                     std::map<std::string, uint64_t>* out) {
  element e;
  array items;
  if (!Member(obj, key, where, &e) || !Arr(e, where + "." + key, &items)) return false;
  for (element item : items) {
    array pair;
    std::string name;
    uint64_t n = 0;
    if (item.get_array().get(pair) || pair.size() != 2 ||
        !Str(pair.at(0).value_unsafe(), where + "." + key + "[]", &name) ||
        pair.at(1).get_uint64().get(n)) {
      return Fail(where + "." + key + "[]", "not a [name, count] pair");
    }
    (*out)[name] += n;
  }
  return true;
}

bool Decoder::Stats(object obj, const std::string& where, RuleStats::State* out) {
  uint64_t capacity = 0;
  element e;
  array items;
  if (!Uint(obj, "top_capacity", where, &capacity) ||
      !Uint(obj, "requests", where, &out->requests) ||
      !Int(obj, "min_ms", where, &out->min_ms) || !Int(obj, "max_ms", where, &out->max_ms) ||
      !Counts(obj, "by_action", where, &out->by_action) ||
      !Counts(obj, "web_acls", where, &out->web_acls) ||
      !Member(obj, "actions", where, &e) || !Arr(e, where + ".actions", &items)) {
    return false;
  }
  out->top_capacity = static_cast<size_t>(capacity);
  for (element item : items) {
    std::string name;
    if (!Str(item, where + ".actions[]", &name)) return false;
    out->actions.push_back(std::move(name));
  }
  if (!Member(obj, "rows", where, &e) || !Arr(e, where + ".rows", &items)) return false;
  size_t i = 0;
  for (element item : items) {
    out->rows.emplace_back();
    if (!Row(item, where + ".rows[" + std::to_string(i++) + "]", &out->rows.back())) {
      return false;
    }
  }
  return true;
}

bool Decoder::Inputs(object obj, const std::string& where, InputSummary* out) {
  element e;
  array errors;
  if (!Uint(obj, "files", where, &out->files) || !Uint(obj, "records", where, &out->records) ||
      !Uint(obj, "skipped", where, &out->skipped) ||
      !Uint(obj, "warnings", where, &out->warnings) || !Uint(obj, "bytes", where, &out->bytes) ||
      !Uint(obj, "unreadable", where, &out->unreadable) ||
      !Member(obj, "errors", where, &e) || !Arr(e, where + ".errors", &errors)) {
    return false;
  }
  for (element item : errors) {
    object o;
    DiagnosticEntry d;
    if (!Obj(item, where + ".errors[]", &o) || !StrMember(o, "file", where, &d.file) ||
        !Uint(o, "line", where, &d.line) || !StrMember(o, "reason", where, &d.reason)) {
      return false;
    }
    out->errors.push_back(std::move(d));
  }
  return true;
}

}  // namespace

Result<SavedState> DecodeState(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  element root;
  object obj;
  if (parser.parse(padded).get(root) || root.get_object().get(obj)) {
    return Status::ParseError("not a JSON object");
  }
  int64_t version = 0;
  if (obj.at_key("waftune_state").get_int64().get(version)) {
    return Status::ParseError("not a waftune state (no \"waftune_state\" version)");
  }
  if (version != kStateFormatVersion) {
    return Status::InvalidArgument("state format version " + std::to_string(version) +
                                   " is not supported (this waftune reads version " +
                                   std::to_string(kStateFormatVersion) + ")");
  }
  Decoder d;
  SavedState state;
  element e;
  object o, waf;
  const bool ok = d.Member(obj, "producer", "$", &e) && d.Obj(e, "$.producer", &o) &&
                  d.StrMember(o, "command", "$.producer", &state.command) &&
                  d.StrMember(o, "version", "$.producer", &state.version) &&
                  d.Member(obj, "inputs", "$", &e) && d.Obj(e, "$.inputs", &o) &&
                  d.Member(o, "waf", "$.inputs", &e) && d.Obj(e, "$.inputs.waf", &waf) &&
                  d.Inputs(waf, "$.inputs.waf", &state.waf) &&
                  d.Uint(obj, "filtered_out", "$", &state.filtered_out) &&
                  d.Member(obj, "rule_stats", "$", &e) && d.Obj(e, "$.rule_stats", &o) &&
                  d.Stats(o, "$.rule_stats", &state.stats);
  if (!ok) return Status::ParseError(d.error());
  return state;
}

}  // namespace waftune
