// Escaping for every output format. Log content is attacker-controlled:
// every string taken from a log goes through one of these before output.
//
// TerminalSafe: control bytes (C0, DEL, and C1 when they appear as UTF-8
//   U+0080..U+009F) and invalid UTF-8 become visible \xNN escapes, so no
//   escape sequence reaches the terminal.
// CsvCell: RFC 4180 quoting, plus a leading apostrophe for text cells a
//   spreadsheet would run as a formula (= + - @ tab CR at the start).
// MarkdownCell: escapes table syntax (| and backslash), backticks, <, >,
//   and control bytes; newlines become spaces.
// HtmlEscape: & < > " ' and control bytes, for element and attribute text.
// Stateless; thread-safe.
#ifndef WAFTUNE_REPORT_ESCAPE_H_
#define WAFTUNE_REPORT_ESCAPE_H_

#include <string>
#include <string_view>

namespace waftune {

std::string TerminalSafe(std::string_view s);
std::string CsvCell(std::string_view s);
std::string MarkdownCell(std::string_view s);
std::string HtmlEscape(std::string_view s);

// Cuts s to at most max_chars characters (UTF-8 aware), adding "…" when cut.
std::string Ellipsize(std::string_view s, size_t max_chars);

}  // namespace waftune

#endif  // WAFTUNE_REPORT_ESCAPE_H_
