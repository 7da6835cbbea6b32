// Hostile ALB and CloudFront access-log lines, end to end through
// `waftune diagnose --format json`: each broken line is skipped and named
// (file, line) under inputs.alb / inputs.cloudfront; good lines are kept.
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "tests/hostile/hostile_util.h"

namespace waftune::hostile {
namespace {

// A valid 2018-format ALB line (29 fields) with status `code`.
std::string AlbLine(int i, std::string_view code = "200") {
  return "https 2018-07-02T22:23:00.186641Z "
         "app/my-loadbalancer/50dc6c495c0c9188 "
         "192.168.131.39:" +
         std::to_string(2000 + i) + " 10.0.0.1:80 0.086 0.048 0.037 " +
         std::string(code) + " " + std::string(code) +
         " 0 57 \"GET https://www.example.com:443/p" + std::to_string(i) +
         " HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
         "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/"
         "my-targets/73e2d6bc24d8a067 "
         "\"Root=1-58337281-1d84f3d73c47ec4e5857" +
         std::to_string(1000 + i) +
         "\" \"www.example.com\" \"-\" 1 2018-07-02T22:22:48.364000Z "
         "\"forward\" \"-\" \"-\" "
         "\"10.0.0.1:80\" \"" +
         std::string(code) + "\" \"-\" \"-\"";
}

InputsReport Diagnose(const std::string& flag, const std::string& path) {
  testing::RunResult run = RunWithTimeout(
      120, "diagnose --format json " + flag + " " + path + " 2>/dev/null");
  return ParseInputs(run.out, flag == "--alb" ? "alb" : "cloudfront");
}

struct BrokenLine {
  const char* name;
  std::string line;
};

std::vector<BrokenLine> BrokenAlbLines() {
  std::string good = AlbLine(99);
  std::string unterminated = good.substr(0, good.find("HTTP/1.1\"") + 8);
  std::string missing_fields = good.substr(0, good.find(" 0 57 "));
  std::string bad_status = good;
  bad_status.replace(bad_status.find(" 200 200 "), 9, " 2x0 200 ");
  std::string bad_bytes = good;
  bad_bytes.replace(bad_bytes.find(" 0 57 "), 6, " 0 -57x ");
  std::string long_bytes = good;
  long_bytes.replace(long_bytes.find(" 0 57 "), 6,
                     " 0 99999999999999999999999999 ");
  std::string bad_time = good;
  bad_time.replace(bad_time.find("2018-07-02T22:23:00"), 19,
                   "2018-13-45T99:99:99");
  std::string only_quotes(5000, '"');
  std::string lone_quote = "\"";
  std::vector<BrokenLine> v = {
      {"unterminated quote", unterminated},
      {"missing fields", missing_fields},
      {"non-numeric status", bad_status},
      {"non-numeric bytes", bad_bytes},
      {"overlong number", long_bytes},
      {"bad timestamp", bad_time},
      {"lone quote", lone_quote},
      {"invalid utf-8 garbage", "\xff\xfe\xfd \xc0\x80 \"\xed\xa0\x80"},
      {"only quotes", only_quotes},
  };
  return v;
}

TEST(HostileAlbTest, EachBrokenLineIsSkippedAndNamed) {
  ScratchDir dir;
  for (const BrokenLine& b : BrokenAlbLines()) {
    SCOPED_TRACE(b.name);
    std::string text = AlbLine(1) + "\n" + b.line + "\n" + AlbLine(2) + "\n" +
                       AlbLine(3, "504");
    InputsReport r = Diagnose("--alb", dir.Write("alb.log", text));
    ASSERT_TRUE(r.parsed);
    EXPECT_EQ(r.records, 3u) << r.Dump();
    EXPECT_EQ(r.skipped, 1u) << r.Dump();
    EXPECT_TRUE(r.HasError("alb.log", 2)) << r.Dump();
  }
}

TEST(HostileAlbTest, AllBrokenLinesInOneFileAreCountedAndGoodOnesKept) {
  ScratchDir dir;
  std::string text;
  std::vector<BrokenLine> broken = BrokenAlbLines();
  for (size_t i = 0; i < broken.size(); ++i) {
    text += AlbLine(static_cast<int>(i)) + "\n" + broken[i].line + "\n";
  }
  InputsReport r = Diagnose("--alb", dir.Write("alb.log.gz", Gzip(text)));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, broken.size()) << r.Dump();
  EXPECT_EQ(r.skipped, broken.size()) << r.Dump();
  for (size_t i = 0; i < broken.size(); ++i) {
    EXPECT_TRUE(r.HasError("alb.log.gz", 2 * i + 2)) << broken[i].name << "\n"
                                                     << r.Dump();
  }
}

// Extra trailing fields are future ALB versions, not damage: the line is
// read, however many there are.
TEST(HostileAlbTest, ThousandsOfTrailingFieldsAreIgnored) {
  ScratchDir dir;
  std::string many = AlbLine(9);
  for (int i = 0; i < 10000; ++i)
    many += " \"x\"";
  std::string text = AlbLine(1) + "\n" + many + "\n" + AlbLine(2) + "\n";
  InputsReport r = Diagnose("--alb", dir.Write("alb.log", text));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records + r.skipped, 3u) << r.Dump();
  EXPECT_GE(r.records, 2u) << r.Dump();
  if (r.skipped) {
    EXPECT_TRUE(r.HasError("alb.log", 2)) << r.Dump();
  }
}

TEST(HostileAlbTest, NulByteInsideQuotedFieldDoesNotLoseNeighbours) {
  ScratchDir dir;
  std::string nul = AlbLine(9);
  nul[nul.find("curl")] = '\0';
  std::string text = AlbLine(1) + "\n" + nul + "\n" + AlbLine(2) + "\n";
  InputsReport r = Diagnose("--alb", dir.Write("alb.log", text));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records + r.skipped, 3u) << r.Dump();
  EXPECT_GE(r.records, 2u) << r.Dump();
}

TEST(HostileAlbTest, HugeLineIsSkippedAndReported) {
  ScratchDir dir;
  std::string huge = AlbLine(9);
  huge.insert(huge.find("curl"), std::string(20u << 20, 'A'));
  std::string text =
      AlbLine(1) + "\n" + huge + "\n" + AlbLine(2) + "\n" + AlbLine(3);
  testing::RunResult run = RunWithTimeout(
      120, "diagnose --format json --max-record-bytes 1048576 --alb " +
               dir.Write("alb.log", text) + " 2>/dev/null");
  InputsReport r = ParseInputs(run.out, "alb");
  ASSERT_TRUE(r.parsed) << run.out.substr(0, 400);
  EXPECT_EQ(r.records, 3u) << r.Dump();
  EXPECT_EQ(r.skipped, 1u) << r.Dump();
  EXPECT_TRUE(r.HasError("alb.log", 2)) << r.Dump();
}

TEST(HostileCloudFrontTest, BrokenRecordsAreSkippedAndNamed) {
  ScratchDir dir;
  std::string fields =
      "#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip "
      "cs-method cs(Host) cs-uri-stem sc-status\n";
  std::string head = "2019-12-04\t21:02:31\tLAX1\t";
  std::string good = head + "392\t192.0.2.100\tGET\td1.cloudfront.net\t/\t200";
  // Too few fields, non-numeric bytes, non-numeric status, bad date, too
  // many fields.
  std::vector<std::string> bad;
  bad.push_back(head + "392");
  bad.push_back(head + "lots\t192.0.2.100\tGET\td1\t/\t200");
  bad.push_back(head + "392\t192.0.2.100\tGET\td1\t/\t2OO");
  bad.push_back(
      "2019-99-99\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td1\t/\t200");
  bad.push_back(good + "\textra\tfields");
  std::string text = fields + good + "\n";
  for (const std::string& b : bad)
    text += b + "\n" + good + "\n";
  InputsReport r = Diagnose("--cloudfront", dir.Write("cf.log", text));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, bad.size() + 1) << r.Dump();
  EXPECT_EQ(r.skipped, bad.size()) << r.Dump();
  for (size_t i = 0; i < bad.size(); ++i) {
    EXPECT_TRUE(r.HasError("cf.log", 4 + 2 * i)) << i << "\n" << r.Dump();
  }
}

}  // namespace
}  // namespace waftune::hostile
