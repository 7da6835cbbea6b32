#include "analysis/diagnosis.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/byte_source.h"
#include "io/line_reader.h"
#include "logs/alb_reader.h"
#include "logs/cloudfront_reader.h"
#include "util/diagnostics.h"

namespace waftune {
namespace {

constexpr int64_t kT0 = 1795161600000;  // 2026-11-20T08:00:00Z

struct AlbSpec {
  std::string_view status = "200";
  int target_status = 200;
  std::string_view actions = "forward";
  std::string_view target = "10.0.0.1:80";
  double target_time = 0.002;
  std::string_view error_reason = "";
  std::string_view path = "/";
  int64_t time_ms = kT0;
};

AlbEntry Alb(const AlbSpec& s) {
  AlbEntry e;
  e.elb_status = s.status;
  e.elb_status_code = s.status.empty() ? -1 : std::stoi(std::string(s.status));
  e.target_status_code = s.target_status;
  e.actions_executed = s.actions;
  e.target = s.target;
  e.target_processing_time = s.target_time;
  e.error_reason = s.error_reason;
  e.path = s.path;
  e.time_ms = s.time_ms;
  return e;
}

std::string Layer(const AlbSpec& s) {
  LayerDiagnosis::Verdict v = LayerDiagnosis::Classify(Alb(s));
  return v.layer ? v.layer : "none";
}

TEST(LayerDiagnosisTest, ClassifiesAlbWafOutcomes) {
  AlbSpec block{
      .status = "403", .target_status = -1, .actions = "waf", .target = ""};
  EXPECT_EQ(Layer(block), "waf");
  EXPECT_STREQ(LayerDiagnosis::Classify(Alb(block)).cause,
               "blocked by AWS WAF");
  AlbSpec custom = block;
  custom.status = "429";
  EXPECT_EQ(Layer(custom), "waf");
  AlbSpec failed{.status = "200", .actions = "waf-failed,forward"};
  EXPECT_EQ(Layer(failed), "waf");
  AlbSpec unreachable{.status = "500",
                      .target_status = -1,
                      .actions = "waf",
                      .target = "",
                      .error_reason = "WAFConnectionTimeout"};
  EXPECT_EQ(Layer(unreachable), "waf");
  // A 403 from the application behind WAF is not a WAF block.
  AlbSpec app403{
      .status = "403", .target_status = 403, .actions = "waf,forward"};
  EXPECT_EQ(Layer(app403), "none");
}

TEST(LayerDiagnosisTest, ClassifiesClientTargetAndApplicationErrors) {
  EXPECT_EQ(Layer({.status = "460", .target_status = -1, .target_time = -1}),
            "client");
  EXPECT_EQ(Layer({.status = "000", .target_status = -1}), "client");
  AlbSpec timeout{.status = "504", .target_status = -1, .target_time = -1};
  EXPECT_EQ(Layer(timeout), "target");
  EXPECT_STREQ(LayerDiagnosis::Classify(Alb(timeout)).field,
               "target_processing_time");
  AlbSpec none{
      .status = "503", .target_status = -1, .target = "", .target_time = -1};
  EXPECT_EQ(Layer(none), "target");
  EXPECT_STREQ(LayerDiagnosis::Classify(Alb(none)).cause,
               "no healthy or no registered targets");
  AlbSpec lambda{.status = "502",
                 .target_status = -1,
                 .target = "",
                 .error_reason = "LambdaInvalidResponse"};
  EXPECT_EQ(Layer(lambda), "target");
  EXPECT_EQ(LayerDiagnosis::Classify(Alb(lambda)).detail,
            "LambdaInvalidResponse");
  EXPECT_EQ(Layer({.status = "500", .target_status = 500}), "application");
  EXPECT_EQ(Layer({.status = "503", .target_status = 503}), "application");
  EXPECT_EQ(Layer({.status = "404", .target_status = 404}), "none");
  EXPECT_EQ(Layer({.status = "200"}), "none");
}

TEST(LayerDiagnosisTest, ClassifiesLoadBalancerLimitsAndAuthErrors) {
  for (std::string_view status : {"400", "408", "413", "414", "463", "464"}) {
    EXPECT_EQ(Layer({.status = status, .target_status = -1, .target = ""}),
              "load-balancer")
        << status;
  }
  AlbSpec idp{.status = "561",
              .target_status = -1,
              .actions = "authenticate",
              .target = "",
              .error_reason = "AuthTokenEpRequestFailed"};
  EXPECT_EQ(Layer(idp), "load-balancer");
  EXPECT_STREQ(LayerDiagnosis::Classify(Alb(idp)).field, "error_reason");
  EXPECT_STREQ(
      LayerDiagnosis::Classify(Alb({.status = "463", .target_status = -1}))
          .cause,
      "X-Forwarded-For with more than 30 addresses");
}

CfEntry Cf(int status, std::string_view detailed) {
  static const char* kStatus[] = {"000", "403", "500", "502", "504"};
  CfEntry e;
  e.status_code = status;
  for (const char* s : kStatus) {
    if (std::stoi(s) == status)
      e.status = s;
  }
  e.detailed_result_type = detailed;
  e.time_ms = kT0;
  return e;
}

TEST(LayerDiagnosisTest, ClassifiesCloudFrontResultTypes) {
  auto layer = [](const CfEntry& e) {
    const char* l = LayerDiagnosis::Classify(e).layer;
    return std::string(l ? l : "none");
  };
  EXPECT_EQ(layer(Cf(403, "Error")), "waf");
  EXPECT_EQ(layer(Cf(502, "OriginConnectError")), "target");
  EXPECT_EQ(layer(Cf(504, "OriginReadError")), "target");
  EXPECT_EQ(layer(Cf(500, "OriginError")), "application");
  EXPECT_EQ(layer(Cf(0, "ClientCommError")), "client");
  EXPECT_EQ(layer(Cf(403, "ClientGeoBlocked")), "load-balancer");
  EXPECT_EQ(layer(Cf(403, "Miss")), "none");
}

TEST(LayerDiagnosisTest, ReportsTimeSpanPeakMinuteAndTopLists) {
  LayerDiagnosis d(DiagnosisOptions{.top = 2});
  AlbSpec s{.status = "504", .target_status = -1, .target_time = -1};
  const struct {
    int64_t offset_ms;
    std::string_view target, path;
  } hits[] = {{0, "10.0.0.1:80", "/a"},
              {61000, "10.0.0.2:80", "/b"},
              {62000, "10.0.0.2:80", "/b"},
              {119000, "10.0.0.1:80", "/c"},
              {30 * 60000, "10.0.0.3:80", "/a"}};
  for (const auto& h : hits) {
    s.time_ms = kT0 + h.offset_ms;
    s.target = h.target;
    s.path = h.path;
    d.Add(Alb(s));
  }
  d.Add(Alb({.status = "200"}));
  DiagnosisResult r = d.Finish();
  EXPECT_EQ(r.requests, 6u);
  EXPECT_EQ(r.by_status.at("504"), 5u);
  EXPECT_EQ(r.by_status.at("200"), 1u);
  ASSERT_EQ(r.findings.size(), 1u);
  const DiagnosisFinding& f = r.findings[0];
  EXPECT_EQ(f.layer, "target");
  EXPECT_EQ(f.status, "504");
  EXPECT_EQ(f.source, "alb");
  EXPECT_EQ(f.count, 5u);
  EXPECT_EQ(f.field, "target_processing_time");
  EXPECT_EQ(f.first_ms, kT0);
  EXPECT_EQ(f.last_ms, kT0 + 30 * 60000);
  EXPECT_EQ(f.peak_minute_ms, kT0 + 60000);
  EXPECT_EQ(f.peak_count, 3u);
  ASSERT_EQ(f.top_targets.size(), 2u);
  EXPECT_EQ(f.top_targets[0].value, "10.0.0.1:80");  // 2, tie broken by value.
  EXPECT_EQ(f.top_targets[1].value, "10.0.0.2:80");
  ASSERT_EQ(f.top_paths.size(), 2u);
  EXPECT_EQ(f.top_paths[0].value, "/a");
  EXPECT_EQ(f.top_paths[1].value, "/b");
}

TEST(LayerDiagnosisTest, CapsDistinctPathsAndCountsTheRest) {
  LayerDiagnosis d(DiagnosisOptions{.max_distinct = 2});
  AlbSpec s{.status = "502", .target_status = -1};
  for (std::string_view p : {"/1", "/2", "/3", "/1", "/4"}) {
    s.path = p;
    d.Add(Alb(s));
  }
  DiagnosisFinding f = d.Finish().findings.at(0);
  EXPECT_EQ(f.top_paths.size(), 2u);
  EXPECT_EQ(f.top_paths[0].count, 2u);
  EXPECT_EQ(f.other_paths, 2u);
}

std::string Dump(const DiagnosisResult& r) {
  std::ostringstream out;
  out << r.requests << "\n";
  for (const auto& [s, n] : r.by_status)
    out << s << "=" << n << " ";
  for (const DiagnosisFinding& f : r.findings) {
    out << "\n"
        << f.source << "|" << f.status << "|" << f.layer << "|" << f.count
        << "|" << f.cause << "|" << f.evidence << "|" << f.first_ms << "|"
        << f.last_ms << "|" << f.peak_minute_ms << "|" << f.peak_count;
    for (const auto& t : f.top_targets)
      out << "|" << t.value << ":" << t.count;
    for (const auto& p : f.top_paths)
      out << "|" << p.value << ":" << p.count;
  }
  return out.str();
}

TEST(LayerDiagnosisTest, ResultDoesNotDependOnAddOrMergeOrder) {
  std::vector<AlbSpec> specs;
  const std::string_view statuses[] = {"504", "502", "460", "403", "500"};
  for (int i = 0; i < 40; ++i) {
    AlbSpec s{.status = statuses[i % 5],
              .target_status = -1,
              .target_time = -1,
              .path = i % 3 ? "/x" : "/y",
              .time_ms = kT0 + (i * 7919 % 13) * 60000};
    if (s.status == "403")
      s.actions = "waf";
    if (s.status == "500")
      s.target_status = 500;
    if (s.status == "502")
      s.error_reason = i % 2 ? "LambdaUnhandled" : "";
    specs.push_back(s);
  }
  LayerDiagnosis forward;
  for (const AlbSpec& s : specs)
    forward.Add(Alb(s));
  LayerDiagnosis parts[3];
  for (size_t i = 0; i < specs.size(); ++i) {
    parts[(i * 5) % 3].Add(Alb(specs[specs.size() - 1 - i]));
  }
  LayerDiagnosis merged;
  merged.Merge(parts[2]);
  merged.Merge(parts[0]);
  merged.Merge(parts[1]);
  std::string expected = Dump(forward.Finish());
  EXPECT_EQ(Dump(merged.Finish()), expected);
  EXPECT_NE(expected.find("LambdaUnhandled"), std::string::npos);
  // Findings come out by count, then key.
  DiagnosisResult r = merged.Finish();
  EXPECT_TRUE(std::is_sorted(
      r.findings.begin(), r.findings.end(),
      [](const auto& a, const auto& b) { return a.count > b.count; }));
}

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(WAFTUNE_TEST_DATA) + "/access/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(LayerDiagnosisTest, DiagnosesTheAwsDocLogsEndToEnd) {
  Diagnostics diag;
  LayerDiagnosis d;
  LineReader alb_lines(
      OpenMemory(Fixture("alb-awsdoc-examples.log"), "a", &diag), "a", &diag);
  AlbReader alb(&diag);
  alb.Read(alb_lines, [&](const AlbEntry& e) { d.Add(e); });
  LineReader cf_lines(
      OpenMemory(Fixture("cloudfront-awsdoc-standard.log"), "c", &diag), "c",
      &diag);
  CloudFrontReader cf(&diag);
  cf.Read(cf_lines, [&](const CfEntry& e) { d.Add(e); });
  DiagnosisResult r = d.Finish();
  EXPECT_EQ(r.requests, 13u);
  EXPECT_EQ(r.by_status.at("502"), 4u);
  EXPECT_EQ(r.by_status.at("200"), 7u);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].source, "cloudfront");
  EXPECT_EQ(r.findings[0].count, 3u);
  EXPECT_EQ(r.findings[0].layer, "target");
  EXPECT_EQ(r.findings[0].cause,
            "origin connection or response error: OriginDnsError");
  EXPECT_EQ(r.findings[0].top_paths[0].value, "/");
  EXPECT_EQ(r.findings[1].source, "alb");
  EXPECT_EQ(r.findings[1].cause,
            "target connection error, reset or invalid response: "
            "LambdaInvalidResponse");
  EXPECT_EQ(r.findings[1].field, "error_reason");
}

}  // namespace
}  // namespace waftune
