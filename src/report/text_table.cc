#include "report/text_table.h"

#include <algorithm>

#include "report/escape.h"

namespace waftune {

size_t DisplayWidth(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string WithThousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

TextTable::TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}

void TextTable::AddRow(const std::vector<std::string>& cells) {
  std::vector<std::string> safe;
  safe.reserve(cells.size());
  for (const std::string& c : cells) safe.push_back(TerminalSafe(c));
  rows_.push_back(std::move(safe));
}

std::string TextTable::Render(size_t max_width) const {
  const size_t n = columns_.size();
  std::vector<size_t> width(n, 0);
  for (size_t c = 0; c < n; ++c) width[c] = DisplayWidth(columns_[c].title);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < n; ++c) width[c] = std::max(width[c], DisplayWidth(row[c]));
  }
  size_t total = n > 0 ? 2 * (n - 1) : 0;
  for (size_t w : width) total += w;
  // Shorten flexible columns first, then the widest, down to 8 characters.
  while (total > max_width) {
    size_t pick = n;
    for (size_t c = 0; c < n; ++c) {
      if (width[c] <= 8) continue;
      if (pick == n || (columns_[c].flexible && !columns_[pick].flexible) ||
          (columns_[c].flexible == columns_[pick].flexible && width[c] > width[pick])) {
        pick = c;
      }
    }
    if (pick == n) break;
    --width[pick];
    --total;
  }
  auto render_row = [&](const std::vector<std::string>& cells, std::string* out) {
    std::string line;
    for (size_t c = 0; c < n; ++c) {
      std::string text = Ellipsize(cells[c], width[c]);
      size_t pad = width[c] - std::min(width[c], DisplayWidth(text));
      if (c > 0) line.append("  ");
      if (columns_[c].right_align) line.append(pad, ' ');
      line.append(text);
      if (!columns_[c].right_align && c + 1 < n) line.append(pad, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out->append(line);
    out->push_back('\n');
  };
  std::string out;
  std::vector<std::string> titles;
  for (const Column& col : columns_) titles.push_back(col.title);
  render_row(titles, &out);
  for (const auto& row : rows_) render_row(row, &out);
  return out;
}

}  // namespace waftune
