// ISO 8601 times: formatting epoch milliseconds for output and parsing the
// --since/--until options. UTC only. Stateless; thread-safe.
#ifndef WAFTUNE_UTIL_TIME_FORMAT_H_
#define WAFTUNE_UTIL_TIME_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace waftune {

// "2026-11-20T08:00:00Z" (milliseconds shown only when non-zero).
std::string FormatIsoTime(int64_t epoch_ms);

// Accepts "2026-11-20", "2026-11-20T08:00", "2026-11-20T08:00:00",
// optional ".123", optional "Z" or "+01:00"/"-0500", and ' ' for 'T'.
std::optional<int64_t> ParseIsoTime(std::string_view s);

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

}  // namespace waftune

#endif  // WAFTUNE_UTIL_TIME_FORMAT_H_
