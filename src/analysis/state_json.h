// StateJsonOut: the small JSON text builder behind EncodeState (state_io.h).
//
// The analysis stage cannot use report/json_writer.h (dependencies run one
// way), and a saved state needs one thing that writer does not: strings
// that are not valid UTF-8 (attacker-controlled URIs) are written as
// {"hex": "..."} so they round-trip byte for byte; 64-bit hashes are hex
// strings so no JSON reader rounds them. Not thread-safe; one per encode.
#ifndef WAFTUNE_ANALYSIS_STATE_JSON_H_
#define WAFTUNE_ANALYSIS_STATE_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace waftune {

class StateJsonOut {
 public:
  // Writes `,"name":` (or `"name":` when comma is false).
  void Key(std::string_view name, bool comma = true);
  void Raw(std::string_view text) { out_.append(text); }
  void Uint(uint64_t v) { out_.append(std::to_string(v)); }
  void Int(int64_t v) { out_.append(std::to_string(v)); }
  // A JSON string, or {"hex":"..."} when s is not valid UTF-8.
  void String(std::string_view s);
  // "0123456789abcdef" (16 hex digits).
  void Hex64(uint64_t v);
  // A hex string of the bytes ("" when empty).
  void HexBytes(const std::vector<uint8_t>& bytes);
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Decodes lower- or upper-case hex. False on odd length or a bad digit.
bool DecodeHex(std::string_view hex, std::string* out);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_STATE_JSON_H_
