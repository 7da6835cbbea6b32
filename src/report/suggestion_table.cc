#include "report/suggestion_table.h"

#include <cstdio>

#include "report/escape.h"
#include "report/text_table.h"

namespace waftune {
namespace {

constexpr std::string_view kIndent = "      ";

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

// "key=pattern" per condition (a list reads "key=a | b"), escaped, joined
// by two spaces: the wrap may break between conditions, never inside one.
std::string ScopeText(const Exclusion& x) {
  std::string out;
  for (const Condition& c : x.when) {
    std::string one = ConditionKey(c) + "=";
    for (size_t i = 0; i < c.patterns.size(); ++i) {
      if (i > 0) one += " | ";
      one += c.patterns[i];
    }
    if (!out.empty()) out += "  ";
    // Spaces inside a pattern must not become break points.
    std::string safe = TerminalSafe(one);
    for (char& ch : safe) {
      if (ch == ' ') ch = '\x01';
    }
    out += safe;
  }
  return out.empty() ? "-" : out;
}

// Undoes ScopeText's protected spaces once the text has been wrapped.
std::string Unprotect(std::string s) {
  for (char& ch : s) {
    if (ch == '\x01') ch = ' ';
  }
  return s;
}

}  // namespace

const char* VerdictWord(SuggestionVerdict v) {
  switch (v) {
    case SuggestionVerdict::kSuggested: return "keep";
    case SuggestionVerdict::kAlternative: return "alternative";
    case SuggestionVerdict::kRejected: return "reject";
  }
  return "reject";
}

std::string WrapDetail(std::string_view label, std::string_view text, size_t width) {
  std::string head = std::string(kIndent) + std::string(label);
  std::string pad(DisplayWidth(head), ' ');
  std::string out = head, line;
  size_t used = DisplayWidth(head);
  size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    size_t w = DisplayWidth(word);
    if (!first && used + 1 + w > width) {
      out += "\n" + pad;
      used = pad.size();
      first = true;
    }
    if (!first) {
      out += ' ';
      ++used;
    }
    out += word;
    used += w;
    first = false;
  }
  return out + "\n";
}

std::string SuggestionsToTable(const std::vector<SuggestionFinding>& list, size_t width) {
  if (list.empty()) {
    return "No candidate exclusions: no managed rule blocks mostly legitimate traffic.\n";
  }
  TextTable t({{"Id"}, {"Verdict"}, {"Rule", false, true}, {"Released", true},
               {"Legit", true}, {"Suspicious", true}, {"Coverage", true}});
  for (const SuggestionFinding& s : list) {
    uint64_t legit = s.replay.released_legitimate.value_or(0);
    t.AddRow({s.exclusion.id, VerdictWord(s.verdict), s.rule, WithThousands(s.replay.released),
              Percent(legit, s.replay.released),
              Percent(s.replay.released_suspicious, s.replay.released),
              Percent(legit, s.rule_legitimate)});
  }
  // TextTable escapes every cell, so each row renders as exactly one line:
  // line 0 is the header, line i + 1 the row of list[i].
  std::string rows = t.Render(width), out;
  size_t at = 0;
  for (size_t i = 0; at < rows.size(); ++i) {
    size_t nl = rows.find('\n', at);
    if (nl == std::string::npos) nl = rows.size();
    out.append(rows, at, nl - at);
    out += "\n";
    at = nl + 1;
    if (i == 0 || i > list.size()) continue;
    const SuggestionFinding& s = list[i - 1];
    out += Unprotect(WrapDetail("scope  ", ScopeText(s.exclusion), width));
    out += WrapDetail("why    ", TerminalSafe(s.reason), width);
  }
  return out;
}

}  // namespace waftune
