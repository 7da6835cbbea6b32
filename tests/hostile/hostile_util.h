// Helpers for the hostile-input tests: a scratch directory per test, WAF
// records and gzip members built in the test, and the `inputs` section of
// waftune's JSON output parsed back.
//
// Everything here is test code: the helpers abort the test (via gtest
// assertions in the callers) rather than return errors. Not thread-safe.
#ifndef WAFTUNE_TESTS_HOSTILE_HOSTILE_UTIL_H_
#define WAFTUNE_TESTS_HOSTILE_HOSTILE_UTIL_H_

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>
#include <zlib.h>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/cli/cli_test_util.h"

namespace waftune::hostile {

// A fresh directory under $TMPDIR (or /tmp), removed when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr ? tmp : "/tmp") + "/waftune-hostile-XXXXXX";
    char* made = mkdtemp(pattern.data());
    if (made != nullptr)
      path_ = made;
  }
  ~ScratchDir() {
    std::error_code ec;
    // Restore permissions first so chmod'ed fixtures can be removed.
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const {
    return path_ + "/" + std::string(name);
  }
  // Writes `bytes` verbatim to name; returns the full path.
  std::string Write(std::string_view name, std::string_view bytes) const {
    std::string p = File(name);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }

 private:
  std::string path_;
};

// One valid WAF record (a BLOCK by the regular rule "HostileTestRule").
// `uri`, `client_ip` and `label` are inserted as JSON string contents:
// pass them already escaped.
inline std::string WafLine(int i, std::string_view uri = "/ok",
                           std::string_view client_ip = "198.51.100.7",
                           std::string_view label = "awswaf:test:ok") {
  std::string s =
      R"({"timestamp":)" + std::to_string(1763625600000LL + i * 1000LL) +
      R"(,"formatVersion":1,"webaclId":"arn:aws:wafv2:us-east-1:111122223333:regional/webacl/shop/0a1b",)"
      R"("terminatingRuleId":"HostileTestRule","terminatingRuleType":"REGULAR","action":"BLOCK",)"
      R"("terminatingRuleMatchDetails":[],"httpSourceName":"ALB","httpSourceId":"alb-1",)"
      R"("ruleGroupList":[],"rateBasedRuleList":[],"nonTerminatingMatchingRules":[],)"
      R"("httpRequest":{"clientIp":")" +
      std::string(client_ip) +
      R"(","country":"US","headers":[{"name":"Host","value":"shop.example"}],"uri":")" +
      std::string(uri) +
      R"(","args":"a=1","httpVersion":"HTTP/1.1","httpMethod":"GET","requestId":"rid-)" +
      std::to_string(i) + R"("},"labels":[{"name":")" + std::string(label) +
      R"("}]})";
  return s;
}

// `n` good records, numbered from `first`, each followed by '\n'.
inline std::string WafLines(int first, int n) {
  std::string s;
  for (int i = first; i < first + n; ++i)
    s += WafLine(i) + "\n";
  return s;
}

// `plain` as one complete gzip member.
inline std::string Gzip(std::string_view plain) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
               Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, plain.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

struct ErrorEntry {
  std::string file;
  uint64_t line = 0;
  std::string reason;
};

// The parts of one `inputs.<kind>` object the tests check.
struct InputsReport {
  bool parsed = false;  // The output was one valid JSON document.
  uint64_t files = 0, records = 0, skipped = 0, warnings = 0, unreadable = 0;
  std::vector<ErrorEntry> errors;
  uint64_t rule_requests = 0;  // Sum of `requests` over rule rows.

  // True when some error names `file` (suffix match) and `line`.
  bool HasError(std::string_view file, uint64_t line) const {
    for (const ErrorEntry& e : errors) {
      if (e.line == line && e.file.size() >= file.size() &&
          e.file.compare(e.file.size() - file.size(), file.size(), file) == 0)
        return true;
    }
    return false;
  }
  std::string Dump() const {
    std::string s = "records=" + std::to_string(records) +
                    " skipped=" + std::to_string(skipped) +
                    " warnings=" + std::to_string(warnings) + "\n";
    for (const ErrorEntry& e : errors)
      s +=
          "  " + e.file + ":" + std::to_string(e.line) + ": " + e.reason + "\n";
    return s;
  }
};

// Parses waftune's JSON output and reads inputs.<kind> and the rule rows.
inline InputsReport ParseInputs(const std::string& json,
                                std::string_view kind) {
  InputsReport r;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc) != simdjson::SUCCESS)
    return r;
  simdjson::dom::object in;
  if (doc["inputs"][kind].get_object().get(in) != simdjson::SUCCESS)
    return r;
  r.parsed = true;
  uint64_t v = 0;
  if (in["files"].get_uint64().get(v) == simdjson::SUCCESS)
    r.files = v;
  if (in["records"].get_uint64().get(v) == simdjson::SUCCESS)
    r.records = v;
  if (in["skipped"].get_uint64().get(v) == simdjson::SUCCESS)
    r.skipped = v;
  if (in["warnings"].get_uint64().get(v) == simdjson::SUCCESS)
    r.warnings = v;
  if (in["unreadable"].get_uint64().get(v) == simdjson::SUCCESS)
    r.unreadable = v;
  simdjson::dom::array errors;
  if (in["errors"].get_array().get(errors) == simdjson::SUCCESS) {
    for (simdjson::dom::element e : errors) {
      ErrorEntry x;
      std::string_view s;
      if (e["file"].get_string().get(s) == simdjson::SUCCESS)
        x.file = s;
      if (e["line"].get_uint64().get(v) == simdjson::SUCCESS)
        x.line = v;
      if (e["reason"].get_string().get(s) == simdjson::SUCCESS)
        x.reason = s;
      r.errors.push_back(std::move(x));
    }
  }
  simdjson::dom::array rules;
  if (doc["rules"].get_array().get(rules) == simdjson::SUCCESS) {
    for (simdjson::dom::element row : rules) {
      if (row["requests"].get_uint64().get(v) == simdjson::SUCCESS)
        r.rule_requests += v;
    }
  }
  return r;
}

// Runs `timeout SECONDS waftune ARGS` through the shell; exit code 124
// means it timed out. ARGS must be trusted test text.
inline testing::RunResult RunWithTimeout(int seconds, const std::string& args) {
  testing::RunResult r;
  std::string cmd = "timeout " + std::to_string(seconds) + " " +
                    std::string(WAFTUNE_BINARY) + " " + args;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr)
    return r;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Runs `waftune summary --format json ARGS` and parses inputs.waf.
inline InputsReport Summary(const std::string& args, int* exit_code = nullptr) {
  testing::RunResult run =
      testing::RunWaftune("summary --format json " + args + " 2>/dev/null");
  if (exit_code != nullptr)
    *exit_code = run.exit_code;
  return ParseInputs(run.out, "waf");
}

}  // namespace waftune::hostile

#endif  // WAFTUNE_TESTS_HOSTILE_HOSTILE_UTIL_H_
