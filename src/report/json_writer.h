// JsonWriter: builds indented JSON text; every string is escaped by
// AppendJsonString, so output is valid UTF-8 whatever the log held.
//
// Usage: w.BeginObject(); w.Key("a"); w.Int(1); w.EndObject(); w.str().
// Commas and indentation are handled here; callers only nest correctly.
// Not thread-safe.
#ifndef WAFTUNE_REPORT_JSON_WRITER_H_
#define WAFTUNE_REPORT_JSON_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace waftune {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = true) : pretty_(pretty) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view s);
  void OptionalString(const std::optional<std::string>& s);  // null if absent
  void Int(int64_t v);
  void Uint(uint64_t v);
  void Double(double v);  // Fixed, up to 4 decimals; NaN/inf become null.
  void Bool(bool v);
  void Null();
  // Inserts already-valid JSON text (e.g. an emitted WAFv2 rule).
  void Raw(std::string_view json);

  const std::string& str() const { return out_; }

 private:
  void BeforeValue();
  void Newline();
  std::string out_;
  bool pretty_;
  // Per open container: whether it has an element yet.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

}  // namespace waftune

#endif  // WAFTUNE_REPORT_JSON_WRITER_H_
