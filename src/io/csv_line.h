// SplitCsvLine: one line of RFC 4180 CSV (as Athena and DuckDB write query
// results) into fields. Quoted fields may hold commas and doubled quotes;
// a quoted empty field and an unquoted empty field both read as "".
// Multi-line quoted fields are not supported (reported as malformed).
// Stateless; thread-safe.
#ifndef WAFTUNE_IO_CSV_LINE_H_
#define WAFTUNE_IO_CSV_LINE_H_

#include <string>
#include <string_view>
#include <vector>

namespace waftune {

// Returns false (with *fields unspecified) on an unterminated quote or
// garbage after a closing quote.
bool SplitCsvLine(std::string_view line, std::vector<std::string>* fields);

}  // namespace waftune

#endif  // WAFTUNE_IO_CSV_LINE_H_
