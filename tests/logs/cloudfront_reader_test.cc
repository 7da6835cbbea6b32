#include "logs/cloudfront_reader.h"

#include <cmath>
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

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (;;) {
    size_t end = s.find(sep, pos);
    out.push_back(s.substr(pos, end - pos));
    if (end == std::string::npos)
      return out;
    pos = end + 1;
  }
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0)
      out += '\t';
    out += parts[i];
  }
  return out;
}

// The doc file's first record, split into its 33 fields.
std::vector<std::string> DocRecord() {
  return Split(Split(Fixture("cloudfront-awsdoc-standard.log"), '\n')[2], '\t');
}

struct Seen {
  uint64_t line_no;
  std::string status, uri_stem, user_agent, request_id, detailed;
  int64_t time_ms;
};

struct ReadResult {
  std::vector<Seen> entries;
  Diagnostics diag;
};

void ReadText(const std::string& text, ReadResult* r) {
  LineReader lines(OpenMemory(text, "cf.log", &r->diag), "cf.log", &r->diag);
  CloudFrontReader reader(&r->diag);
  reader.Read(lines, [&](const CfEntry& e) {
    r->entries.push_back({lines.line_no(), std::string(e.status),
                          std::string(e.uri_stem), std::string(e.user_agent),
                          std::string(e.request_id),
                          std::string(e.detailed_result_type), e.time_ms});
  });
  EXPECT_EQ(reader.records(), r->entries.size());
  EXPECT_EQ(reader.malformed(), r->diag.skipped());
}

TEST(CloudFrontReaderTest, ReadsTheAwsDocFileIncludingTrailingTab) {
  ReadResult r;
  ReadText(Fixture("cloudfront-awsdoc-standard.log"), &r);
  ASSERT_EQ(r.entries.size(), 6u);
  EXPECT_EQ(r.diag.skipped() + r.diag.warnings(), 0u);
  const Seen& first = r.entries[0];
  EXPECT_EQ(first.line_no, 3u);
  EXPECT_EQ(first.time_ms, 1575493351000);
  EXPECT_EQ(first.status, "200");
  EXPECT_EQ(first.uri_stem, "/index.html");
  EXPECT_EQ(first.user_agent,
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36");
  EXPECT_EQ(first.request_id,
            "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==");
  EXPECT_EQ(r.entries[2].request_id,
            "f37nTMVvnKvV2ZSvEsivup_c2kZ7VXzYdjC-GUQZ5qNs-89BlWazbw==");
  EXPECT_EQ(r.entries[3].status, "502");
  EXPECT_EQ(r.entries[3].detailed, "OriginDnsError");
  EXPECT_EQ(r.entries[5].user_agent, "curl/7.55.1");
}

TEST(CloudFrontReaderTest, FillsNumbersAndPlainFields) {
  Diagnostics diag;
  CloudFrontReader reader(&diag);
  CfEntry e;
  std::string_view reason;
  std::string record = Join(DocRecord());
  ASSERT_EQ(reader.ParseLine(record, &e, &reason),
            CloudFrontReader::LineKind::kEntry)
      << reason;
  EXPECT_EQ(e.edge_location, "LAX1");
  EXPECT_EQ(e.sc_bytes, 392);
  EXPECT_EQ(e.client_ip, "192.0.2.100");
  EXPECT_EQ(e.method, "GET");
  EXPECT_EQ(e.distribution_host, "d111111abcdef8.cloudfront.net");
  EXPECT_EQ(e.status_code, 200);
  EXPECT_TRUE(e.referer.empty());
  EXPECT_TRUE(e.uri_query.empty());
  EXPECT_TRUE(e.cookie.empty());
  EXPECT_EQ(e.result_type, "Hit");
  EXPECT_EQ(e.protocol, "https");
  EXPECT_EQ(e.cs_bytes, 23);
  EXPECT_DOUBLE_EQ(e.time_taken, 0.001);
  EXPECT_TRUE(e.forwarded_for.empty());
  EXPECT_EQ(e.ssl_protocol, "TLSv1.2");
  EXPECT_EQ(e.protocol_version, "HTTP/2.0");
  EXPECT_EQ(e.client_port, 11040);
  EXPECT_EQ(e.detailed_result_type, "Hit");
  EXPECT_EQ(e.content_type, "text/html");
  EXPECT_EQ(e.field_count, 33);
}

TEST(CloudFrontReaderTest, DecodesOnceSoDoubleEncodedEscapesSurvive) {
  std::vector<std::string> f = DocRecord();
  f[7] = "/search%2520x/%253Cscript%253E";      // cs-uri-stem
  f[11] = "q=%2527%20OR%201=1&next=%252Fhome";  // cs-uri-query
  f[12] = "session=abc%3B%20theme=dark";        // cs(Cookie)
  f[19] = "203.0.113.9";                        // x-forwarded-for
  Diagnostics diag;
  CloudFrontReader reader(&diag);
  CfEntry e;
  std::string_view reason;
  std::string record = Join(f);
  ASSERT_EQ(reader.ParseLine(record, &e, &reason),
            CloudFrontReader::LineKind::kEntry);
  EXPECT_EQ(e.uri_stem, "/search%20x/%3Cscript%3E");
  EXPECT_EQ(e.uri_query, "q=%27 OR 1=1&next=%2Fhome");
  EXPECT_EQ(e.cookie, "session=abc; theme=dark");
  EXPECT_EQ(e.forwarded_for, "203.0.113.9");
}

TEST(CloudFrontReaderTest, FollowsAFieldsLineThatChangesMidway) {
  std::string text = Fixture("cloudfront-awsdoc-standard.log");
  text +=
      "#Fields: x-edge-request-id sc-status cs-uri-stem date time "
      "x-edge-detailed-result-type\n"
      "WAFblockedIdAAAA==\t403\t/login\t2026-11-20\t08:00:01\tError\n"
      "OtherId==\t504\t/slow\t2026-11-20\t08:00:02\tOriginReadError\t\n";
  ReadResult r;
  ReadText(text, &r);
  ASSERT_EQ(r.entries.size(), 8u);
  EXPECT_EQ(r.diag.skipped(), 0u);
  const Seen& waf = r.entries[6];
  EXPECT_EQ(waf.request_id, "WAFblockedIdAAAA==");
  EXPECT_EQ(waf.status, "403");
  EXPECT_EQ(waf.uri_stem, "/login");
  EXPECT_EQ(waf.detailed, "Error");
  EXPECT_EQ(waf.time_ms, 1795161601000);
  EXPECT_TRUE(waf.user_agent.empty());  // Not in this #Fields list.
  EXPECT_EQ(r.entries[7].detailed, "OriginReadError");
}

TEST(CloudFrontReaderTest, ReportsBadRecordsWithLineNumbersAndKeepsOthers) {
  std::vector<std::string> f = DocRecord();
  std::string good = Join(f);
  std::vector<std::string> short_record(f.begin(), f.begin() + 20);
  std::vector<std::string> bad_status = f;
  bad_status[8] = "2x0";
  std::vector<std::string> bad_bytes = f;
  bad_bytes[3] = "lots";
  std::vector<std::string> bad_date = f;
  bad_date[0] = "2019-13-04";
  std::vector<std::string> extra = f;
  extra.push_back("surprise");
  std::string text = "#Version: 1.0\n" +
                     Split(Fixture("cloudfront-awsdoc-standard.log"), '\n')[1] +
                     "\n" + good + "\n" + Join(short_record) + "\n" +
                     Join(bad_status) + "\n" + good + "\n" + Join(bad_bytes) +
                     "\n" + Join(bad_date) + "\n" + Join(extra) + "\n" + good +
                     "\n";
  ReadResult r;
  ReadText(text, &r);
  ASSERT_EQ(r.entries.size(), 3u);
  EXPECT_EQ(r.entries[0].line_no, 3u);
  EXPECT_EQ(r.entries[1].line_no, 6u);
  EXPECT_EQ(r.entries[2].line_no, 10u);
  ASSERT_EQ(r.diag.skipped(), 5u);
  const auto& ex = r.diag.examples();
  EXPECT_EQ(ex[0].line, 4u);
  EXPECT_NE(ex[0].reason.find("wrong field count (20"), std::string::npos);
  EXPECT_EQ(ex[1].line, 5u);
  EXPECT_NE(ex[1].reason.find("sc-status"), std::string::npos);
  EXPECT_NE(ex[2].reason.find("sc-bytes"), std::string::npos);
  EXPECT_NE(ex[3].reason.find("date"), std::string::npos);
  EXPECT_NE(ex[4].reason.find("wrong field count (34"), std::string::npos);
}

TEST(CloudFrontReaderTest, WarnsOnceAndUsesDocumentedOrderWithoutHeader) {
  std::string good = Join(DocRecord());
  ReadResult r;
  ReadText(good + "\n" + good + "\n", &r);
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.entries[1].status, "200");
  EXPECT_EQ(r.diag.warnings(), 1u);
  EXPECT_EQ(r.diag.skipped(), 0u);
}

TEST(CloudFrontReaderTest, SurvivesMutatedRecords) {
  std::string base = Join(DocRecord());
  const char kAlphabet[] = "\t%-:0123456789aZ#";
  uint32_t seed = 777;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u; };
  Diagnostics diag;
  CloudFrontReader reader(&diag);
  CfEntry e;
  std::string_view reason;
  int entries = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string line = base;
    for (int k = next() % 4; k >= 0; --k) {
      size_t at = (next() >> 8) % line.size();
      line[at] = kAlphabet[(next() >> 8) % (sizeof(kAlphabet) - 1)];
    }
    entries += reader.ParseLine(line, &e, &reason) ==
               CloudFrontReader::LineKind::kEntry;
  }
  EXPECT_GT(entries, 0);
  EXPECT_LT(entries, 3000);
}

TEST(PercentDecodeOnceTest, KeepsInvalidEscapesAndAvoidsCopiesWithoutPercent) {
  std::string buf;
  std::string_view plain = "no-escapes";
  EXPECT_EQ(PercentDecodeOnce(plain, &buf).data(), plain.data());
  EXPECT_EQ(PercentDecodeOnce("%41%4a%4A", &buf), "AJJ");
  EXPECT_EQ(PercentDecodeOnce("100%", &buf), "100%");
  EXPECT_EQ(PercentDecodeOnce("%2", &buf), "%2");
  EXPECT_EQ(PercentDecodeOnce("%zz%20", &buf), "%zz ");
  EXPECT_EQ(PercentDecodeOnce("a%00b", &buf), std::string("a\0b", 3));
}

}  // namespace
}  // namespace waftune
