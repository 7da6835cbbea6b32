#include "logs/alb_reader.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/byte_source.h"
#include "io/line_reader.h"
#include "util/diagnostics.h"

namespace waftune {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(WAFTUNE_TEST_DATA) + "/access/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line))
    out.push_back(line);
  return out;
}

// What the tests keep of each entry (views die with the callback).
struct Seen {
  uint64_t line_no;
  std::string status;
  std::string path;
  std::string trace_root;
};

struct ReadResult {
  std::vector<Seen> entries;
  Diagnostics diag;
  uint64_t malformed = 0;
  uint64_t foreign = 0;
};

void ReadText(const std::string& text, ReadResult* r) {
  LineReader lines(OpenMemory(text, "alb.log", &r->diag), "alb.log", &r->diag);
  AlbReader reader(&r->diag);
  reader.Read(lines, [&](const AlbEntry& e) {
    r->entries.push_back({lines.line_no(), std::string(e.elb_status),
                          std::string(e.path), std::string(e.trace_root)});
  });
  r->malformed = reader.malformed();
  r->foreign = reader.foreign();
  EXPECT_EQ(reader.records(), r->entries.size());
}

class AlbParse : public ::testing::Test {
 protected:
  AlbReader::LineKind Parse(const std::string& line) {
    line_ = line;
    return reader_.ParseLine(line_, &e_, &reason_);
  }
  Diagnostics diag_;
  AlbReader reader_{&diag_};
  std::string line_;
  AlbEntry e_;
  std::string_view reason_;
};

const char kBase[] =
    "https 2026-02-01T19:40:27.217624Z app/lb/51fa 10.0.0.1:5000 "
    "10.2.64.202:6443 0.029 0.001 0.000 200 200 57 4186 "
    "\"GET https://ex.com:443/a/b?x=1&y=%20 HTTP/2.0\" \"UA/1.0\" "
    "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:tg \"Root=1-697fac2b-37c1\" "
    "\"ex.com\" \"arn:cert\" 114 2026-02-01T19:40:27.187000Z "
    "\"waf,forward\" \"-\" \"-\" \"10.2.64.202:6443\" \"200\" \"-\" \"-\"";

TEST_F(AlbParse, ParsesEveryFieldOfTheReal33FieldLine) {
  std::string line = Lines(Fixture("alb-public-real-33fields.log"))[0];
  ASSERT_EQ(Parse(line), AlbReader::LineKind::kEntry) << reason_;
  EXPECT_EQ(e_.field_count, 33);
  EXPECT_EQ(e_.type, "https");
  EXPECT_EQ(e_.time_ms, 1769974827217);
  EXPECT_EQ(e_.elb, "app/alb-new-gis-prod/51fa1287639c83c0");
  EXPECT_EQ(e_.client_ip, "88.89.241.253");
  EXPECT_EQ(e_.client_port, 54514);
  EXPECT_EQ(e_.target, "10.2.64.202:6443");
  EXPECT_EQ(e_.target_ip, "10.2.64.202");
  EXPECT_EQ(e_.target_port, 6443);
  EXPECT_DOUBLE_EQ(e_.request_processing_time, 0.029);
  EXPECT_DOUBLE_EQ(e_.target_processing_time, 0.001);
  EXPECT_DOUBLE_EQ(e_.response_processing_time, 0.0);
  EXPECT_EQ(e_.elb_status_code, 200);
  EXPECT_EQ(e_.target_status_code, 200);
  EXPECT_EQ(e_.received_bytes, 57);
  EXPECT_EQ(e_.sent_bytes, 4186);
  EXPECT_EQ(e_.method, "GET");
  EXPECT_EQ(e_.host, "geodata.bymoslo.no:443");
  EXPECT_EQ(e_.path, "/arcgis/rest/services/geodata/Parkering/MapServer/3");
  EXPECT_EQ(e_.query, "f=json");
  EXPECT_EQ(e_.protocol, "HTTP/2.0");
  EXPECT_EQ(e_.user_agent.substr(0, 37),
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18");
  EXPECT_EQ(e_.ssl_protocol, "TLSv1.2");
  EXPECT_EQ(e_.trace_id, "Root=1-697fac2b-37c1883c146f782b4c0531b4");
  EXPECT_EQ(e_.trace_root, "1-697fac2b-37c1883c146f782b4c0531b4");
  EXPECT_EQ(e_.domain_name, "geodata.bymoslo.no");
  EXPECT_EQ(e_.matched_rule_priority, "114");
  EXPECT_EQ(e_.request_creation_time_ms, 1769974827187);
  EXPECT_EQ(e_.actions_executed, "waf,forward");
  EXPECT_TRUE(e_.HasAction("forward"));
  EXPECT_FALSE(e_.BlockedByWaf());
  EXPECT_TRUE(e_.redirect_url.empty());
  EXPECT_TRUE(e_.error_reason.empty());
  EXPECT_EQ(e_.target_status_code_list, "200");
  EXPECT_EQ(e_.conn_trace_id, "TID_13c6539d4d103340847ff94500482a22");
  EXPECT_TRUE(e_.transformed_host.empty());
  EXPECT_TRUE(e_.request_transform_status.empty());
}

TEST_F(AlbParse, ParsesAllAwsDocExampleLinesWith29Fields) {
  std::vector<std::string> lines = Lines(Fixture("alb-awsdoc-examples.log"));
  ASSERT_EQ(lines.size(), 7u);
  const char* types[] = {"http", "https", "h2", "ws", "wss", "http", "http"};
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_EQ(Parse(lines[i]), AlbReader::LineKind::kEntry)
        << i << ": " << reason_;
    EXPECT_EQ(e_.field_count, 29);
    EXPECT_EQ(e_.type, types[i]);
    EXPECT_TRUE(e_.conn_trace_id.empty());
  }
  ASSERT_EQ(Parse(lines[0]), AlbReader::LineKind::kEntry);
  EXPECT_EQ(e_.time_ms, 1530570180186);
  EXPECT_EQ(e_.request_creation_time_ms, 1530570168364);
  EXPECT_TRUE(e_.ssl_cipher.empty());
  EXPECT_EQ(e_.path, "/");
  ASSERT_EQ(Parse(lines[2]), AlbReader::LineKind::kEntry);
  EXPECT_EQ(e_.actions_executed, "redirect");
  EXPECT_EQ(e_.redirect_url, "https://example.com:80/");
  ASSERT_EQ(Parse(lines[3]), AlbReader::LineKind::kEntry);
  EXPECT_EQ(e_.elb_status_code, 101);
  EXPECT_TRUE(e_.user_agent.empty());  // "-"
  // Lambda failure: target "-", target status "-", error_reason set.
  ASSERT_EQ(Parse(lines[6]), AlbReader::LineKind::kEntry);
  EXPECT_EQ(e_.elb_status_code, 502);
  EXPECT_EQ(e_.target_status_code, -1);
  EXPECT_TRUE(e_.target.empty());
  EXPECT_EQ(e_.target_port, AlbEntry::kAbsent);
  EXPECT_EQ(e_.error_reason, "LambdaInvalidResponse");
}

TEST_F(AlbParse, AcceptsOldestSeventeenFieldLine) {
  ASSERT_EQ(Parse("http 2016-08-10T22:08:42.945958Z app/lb/50dc 1.2.3.4:2817 "
                  "10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "
                  "\"GET http://www.example.com:80/ HTTP/1.1\" "
                  "\"curl/7.46.0\" - - arn:tg"),
            AlbReader::LineKind::kEntry)
      << reason_;
  EXPECT_EQ(e_.field_count, 17);
  EXPECT_EQ(e_.target_group_arn, "arn:tg");
  EXPECT_TRUE(e_.trace_root.empty());
  EXPECT_EQ(e_.request_creation_time_ms, AlbEntry::kAbsent);
}

TEST_F(AlbParse, IgnoresUnknownTrailingFields) {
  std::string line = Lines(Fixture("alb-public-real-33fields.log"))[0];
  ASSERT_EQ(Parse(line + " \"-\" future \"x y\""), AlbReader::LineKind::kEntry)
      << reason_;
  EXPECT_EQ(e_.field_count, 36);
  EXPECT_EQ(e_.conn_trace_id, "TID_13c6539d4d103340847ff94500482a22");
  // Far more tokens than the reader stores are still fine.
  std::string many = line;
  for (int i = 0; i < 50; ++i)
    many += " -";
  ASSERT_EQ(Parse(many), AlbReader::LineKind::kEntry);
  EXPECT_EQ(e_.field_count, 83);
}

TEST_F(AlbParse, KeepsEscapedQuotesAndSpacesInsideQuotedFields) {
  std::string line = kBase;
  line.replace(line.find("\"UA/1.0\""), 8,
               "\"Mozilla/5.0 (X11) \\\"quoted\\\" \\\\\"");
  ASSERT_EQ(Parse(line), AlbReader::LineKind::kEntry) << reason_;
  EXPECT_EQ(e_.user_agent, "Mozilla/5.0 (X11) \\\"quoted\\\" \\\\");
  EXPECT_EQ(e_.ssl_cipher, "ECDHE-RSA-AES128-GCM-SHA256");
  EXPECT_EQ(e_.query, "x=1&y=%20");  // Percent-encoding kept.
}

TEST_F(AlbParse, SplitsRequestLineWithDashPartsAndSpacesInUrl) {
  std::string line = kBase;
  std::string req = "\"GET https://ex.com:443/a/b?x=1&y=%20 HTTP/2.0\"";
  line.replace(line.find(req), req.size(), "\"- http://ex.com:80- -\"");
  ASSERT_EQ(Parse(line), AlbReader::LineKind::kEntry) << reason_;
  EXPECT_TRUE(e_.method.empty());
  EXPECT_EQ(e_.url, "http://ex.com:80-");
  EXPECT_EQ(e_.host, "ex.com:80-");
  EXPECT_TRUE(e_.path.empty());
  EXPECT_TRUE(e_.protocol.empty());

  line = kBase;
  line.replace(line.find(req), req.size(), "\"POST /a b/c?q=1 2 HTTP/1.1\"");
  ASSERT_EQ(Parse(line), AlbReader::LineKind::kEntry);
  EXPECT_EQ(e_.method, "POST");
  EXPECT_EQ(e_.path, "/a b/c");
  EXPECT_EQ(e_.query, "q=1 2");
  EXPECT_EQ(e_.protocol, "HTTP/1.1");
}

TEST_F(AlbParse, SplitsIpv6ClientAtLastColon) {
  std::string line = kBase;
  line.replace(line.find("10.0.0.1:5000"), 13, "2001:db8::1:443");
  ASSERT_EQ(Parse(line), AlbReader::LineKind::kEntry) << reason_;
  EXPECT_EQ(e_.client_ip, "2001:db8::1");
  EXPECT_EQ(e_.client_port, 443);
}

TEST_F(AlbParse, KeepsMinusOneTimesApartFromDash) {
  std::string line = kBase;
  std::string from = "0.029 0.001 0.000 200 200 57 4186";
  line.replace(line.find(from), from.size(), "-1 -1 -1 000 - 0 0");
  ASSERT_EQ(Parse(line), AlbReader::LineKind::kEntry) << reason_;
  EXPECT_EQ(e_.request_processing_time, AlbEntry::kNotDispatched);
  EXPECT_TRUE(e_.TargetTimedOut());
  EXPECT_EQ(e_.elb_status, "000");
  EXPECT_EQ(e_.elb_status_code, 0);
  EXPECT_EQ(e_.target_status_code, -1);

  line = kBase;
  line.replace(line.find("0.029 0.001"), 11, "- -");
  ASSERT_EQ(Parse(line), AlbReader::LineKind::kEntry) << reason_;
  EXPECT_TRUE(std::isnan(e_.request_processing_time));
  EXPECT_FALSE(e_.TargetTimedOut());
}

TEST_F(AlbParse, ExtractsRootFromSelfAndCustomTraceIds) {
  std::string line = kBase;
  line.replace(line.find("\"Root=1-697fac2b-37c1\""), 22,
               "\"Self=1-67891234-12456789abcdef012345678;Root=1-6789-ab;"
               "Custom=x\"");
  ASSERT_EQ(Parse(line), AlbReader::LineKind::kEntry) << reason_;
  EXPECT_EQ(e_.trace_root, "1-6789-ab");
}

TEST_F(AlbParse, RejectsMalformedLinesWithReasons) {
  struct Case {
    std::string from, to, reason;
  } cases[] = {
      {" 200 200 ", " 2OO 200 ", "non-numeric status code"},
      {" 200 200 ", " 200 abc ", "non-numeric status code"},
      {"2026-02-01T19:40:27.217624Z", "2026-02-30T19:40:27Z", "bad time"},
      {"2026-02-01T19:40:27.217624Z", "yesterday", "bad time"},
      {" 57 4186 ", " 57 4x86 ", "non-numeric byte count"},
      {"0.029", "fast", "non-numeric processing time"},
      {"2026-02-01T19:40:27.187000Z", "2026-02-01X19:40", "bad request_"},
      {"\"UA/1.0\"", "\"UA\"x", "text after closing quote"},
  };
  for (const Case& c : cases) {
    std::string line = kBase;
    line.replace(line.find(c.from), c.from.size(), c.to);
    EXPECT_EQ(Parse(line), AlbReader::LineKind::kMalformed) << c.to;
    EXPECT_NE(reason_.find(c.reason), std::string_view::npos) << reason_;
  }
  std::string cut = kBase;
  cut.pop_back();  // The last quoted field loses its closing quote.
  EXPECT_EQ(Parse(cut), AlbReader::LineKind::kMalformed);
  EXPECT_NE(reason_.find("unterminated quote in field 29"),
            std::string_view::npos);
  cut = std::string(kBase) + " \"trailing\\\"";  // Escaped: still open.
  EXPECT_EQ(Parse(cut), AlbReader::LineKind::kMalformed);
  EXPECT_EQ(Parse("http 2018-07-02T22:23:00Z app/x 1.2.3.4:1 - 0 0 0 200"),
            AlbReader::LineKind::kMalformed);
  EXPECT_NE(reason_.find("too few fields (9"), std::string_view::npos);
}

TEST(AlbReaderTest, ReportsBadLinesWithLineNumbersAndKeepsTheRest) {
  std::vector<std::string> doc = Lines(Fixture("alb-awsdoc-examples.log"));
  std::string text = doc[0] + "\n" + "garbage \"unterminated\n" + doc[1] +
                     "\n\n" + doc[6].substr(0, 120) + "\n" + doc[2] + "\n";
  ReadResult r;
  ReadText(text, &r);
  ASSERT_EQ(r.entries.size(), 3u);
  EXPECT_EQ(r.entries[0].line_no, 1u);
  EXPECT_EQ(r.entries[1].line_no, 3u);
  EXPECT_EQ(r.entries[2].line_no, 6u);
  EXPECT_EQ(r.malformed, 2u);
  EXPECT_EQ(r.diag.skipped(), 2u);
  ASSERT_EQ(r.diag.examples().size(), 2u);
  EXPECT_EQ(r.diag.examples()[0].file, "alb.log");
  EXPECT_EQ(r.diag.examples()[0].line, 2u);
  EXPECT_EQ(r.diag.examples()[1].line, 5u);
}

TEST(AlbReaderTest, SkipsNlbAndConnectionLogsWithOneWarningEach) {
  std::string text = Fixture("nlb-tls-awsdoc.log") +
                     Fixture("alb-connection-log-awsdoc.log") +
                     Fixture("alb-public-real-33fields.log");
  ReadResult r;
  ReadText(text, &r);
  EXPECT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.foreign, 4u);
  EXPECT_EQ(r.malformed, 0u);
  EXPECT_EQ(r.diag.skipped(), 0u);
  EXPECT_EQ(r.diag.warnings(), 2u);
  ASSERT_EQ(r.diag.examples().size(), 2u);
  EXPECT_NE(r.diag.examples()[0].reason.find("NLB"), std::string::npos);
  EXPECT_EQ(r.diag.examples()[1].line, 3u);
}

TEST(AlbReaderTest, ReadsMaskedCorpusLinesAndSkipsCommentLine) {
  ReadResult r;
  ReadText(Fixture("alb-security-automations-head.log"), &r);
  ASSERT_EQ(r.entries.size(), 3u);
  EXPECT_EQ(r.entries[0].line_no, 2u);
  EXPECT_EQ(r.entries[0].status, "400");
  EXPECT_EQ(r.entries[0].trace_root, "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
  EXPECT_EQ(r.diag.skipped() + r.diag.warnings(), 0u);
}

TEST(AlbReaderTest, ReadsCrlfTerminatedLines) {
  std::string line = Lines(Fixture("alb-public-real-33fields.log"))[0];
  ReadResult r;
  ReadText(line + "\r\n" + line + "\r\n", &r);
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.entries[1].path,
            "/arcgis/rest/services/geodata/Parkering/MapServer/3");
}

TEST(AlbReaderTest, SurvivesMutatedLines) {
  std::string base = Lines(Fixture("alb-public-real-33fields.log"))[0];
  const char kAlphabet[] = " \"\\-:0123456789aZ\t";
  uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u; };
  Diagnostics diag;
  AlbReader reader(&diag);
  AlbEntry e;
  std::string_view reason;
  int entries = 0, malformed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string line = base;
    for (int k = next() % 6; k >= 0; --k) {
      size_t at = (next() >> 8) % line.size();
      switch (next() % 3) {
        case 0:
          line[at] = kAlphabet[(next() >> 8) % (sizeof(kAlphabet) - 1)];
          break;
        case 1:
          line.erase(at, (next() >> 8) % 40);
          break;
        default:
          line.resize(at);
          break;
      }
      if (line.empty())
        line = "x";
    }
    AlbReader::LineKind kind = reader.ParseLine(line, &e, &reason);
    entries += kind == AlbReader::LineKind::kEntry;
    malformed += kind == AlbReader::LineKind::kMalformed;
    if (kind == AlbReader::LineKind::kMalformed) {
      EXPECT_FALSE(reason.empty());
    }
  }
  EXPECT_GT(entries, 0);
  EXPECT_GT(malformed, 0);
}

TEST(ParseIsoTimeMsTest, HandlesFractionsLeapDaysAndRejectsJunk) {
  int64_t ms = 0;
  EXPECT_TRUE(ParseIsoTimeMs("2000-02-29T00:00:00Z", &ms));
  EXPECT_EQ(ms, 951782400000);
  EXPECT_TRUE(ParseIsoTimeMs("2019-12-04", &ms));
  EXPECT_EQ(ms, 1575417600000);
  EXPECT_TRUE(ParseIsoTimeMs("2018-07-02T22:23:00.1Z", &ms));
  EXPECT_EQ(ms, 1530570180100);
  EXPECT_FALSE(ParseIsoTimeMs("2001-02-29T00:00:00Z", &ms));
  EXPECT_FALSE(ParseIsoTimeMs("2018-07-02T24:00:00Z", &ms));
  EXPECT_FALSE(ParseIsoTimeMs("2018-07-02T22:23:00.Z", &ms));
  EXPECT_FALSE(ParseIsoTimeMs("2018-07-02T22:23:00Zjunk", &ms));
  EXPECT_FALSE(ParseIsoTimeMs("", &ms));
}

}  // namespace
}  // namespace waftune
