// TextTable: an aligned plain-text table for terminals.
//
// Cells are escaped with TerminalSafe() when added, so log content never
// reaches the terminal raw. Columns that do not fit the total width are
// shortened with an ellipsis, starting with the flexible column.
// Not thread-safe.
#ifndef WAFTUNE_REPORT_TEXT_TABLE_H_
#define WAFTUNE_REPORT_TEXT_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace waftune {

class TextTable {
 public:
  struct Column {
    std::string title;
    bool right_align = false;
    bool flexible = false;  // Absorbs shortening when the table is too wide.
  };

  explicit TextTable(std::vector<Column> columns);
  // REQUIRES: cells.size() == number of columns.
  void AddRow(const std::vector<std::string>& cells);
  std::string Render(size_t max_width) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// 12345 -> "12,345".
std::string WithThousands(uint64_t n);

// Display width in characters of UTF-8 text (one per code point).
size_t DisplayWidth(std::string_view s);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_TEXT_TABLE_H_
