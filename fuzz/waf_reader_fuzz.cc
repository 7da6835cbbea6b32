// Fuzzes WafReader::ParseLine on arbitrary bytes: one fuzz input is one
// line (it may hold newlines, several records, CloudWatch wrappers...).
// The line is read under every HeaderPolicy with the flags LineReader would
// give it (has_backslash from ScanLineContent, is_plain false); the
// policies must accept and skip the same records, and kRuleMatched must
// give a rule-matched record the same headers as kAll.
// When the line really is plain (no '\\', only bytes 0x20-0x7f), it is read
// again under every policy with is_plain true, which lets ParseCompactRecord
// (logs/compact_record.h) skip simdjson. The contract is that is_plain
// changes nothing: the return value, every field of every record delivered
// (DescribeRecord), skipped(), records() and the diagnostics (reason and
// line) must be equal; any difference is printed and traps.
// The padding after the line holds JSON that would complete a truncated
// record: ASan cannot see a read of the (allocated) padding, so this makes
// such a read change the outcome instead. Single-threaded.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "fuzz/waf_record_describe.h"
#include "fuzz/waf_record_touch.h"
#include "io/line_reader.h"
#include "io/line_scan.h"
#include "logs/waf_reader.h"
#include "logs/waf_record_parser.h"
#include "util/diagnostics.h"

namespace {

using waftune::HeaderPolicy;

// An arbitrary line number: a path that reported line 0 or 1 regardless
// would show up as a difference.
constexpr uint64_t kLineNo = 7;

// Everything a read yields, copied out: the record views die with the
// reader.
struct Outcome {
  uint64_t good = 0;
  uint64_t skipped = 0;
  uint64_t records = 0;
  std::vector<size_t> headers;        // Per delivered record.
  std::vector<bool> matched;          // RuleMatchedInRecord, per record.
  std::vector<std::string> described; // DescribeRecord, per record.
  std::string diagnostics;            // "line:reason;" per example kept.
};

Outcome Read(HeaderPolicy policy, std::string_view line, bool has_backslash,
             bool is_plain) {
  using namespace waftune;
  Outcome out;
  Diagnostics diag;
  WafReader reader(&diag);
  reader.set_header_policy(policy);
  out.good = reader.ParseLine(
      line, "fuzz.log", kLineNo,
      [&](const WafRecord& r) {
        out.headers.push_back(r.request.headers.size());
        out.matched.push_back(RuleMatchedInRecord(r));
        out.described.push_back(fuzz::DescribeRecord(r));
        fuzz::TouchRecord(r);
      },
      has_backslash, is_plain);
  out.skipped = reader.skipped();
  out.records = reader.records();
  for (const DiagnosticEntry& e : diag.examples()) {
    fuzz::Touch(e.reason);
    out.diagnostics += e.file + ":" + std::to_string(e.line) + ":" + e.reason + ";";
  }
  return out;
}

// The line with kLinePadding bytes after it (ParseLine's contract), filled
// with a lure: closing a string, a header list, a rule group and a record.
// WafReader's real padding is the next line of the file, as arbitrary.
class LuredCopy {
 public:
  LuredCopy(const uint8_t* data, size_t size) : buf_(size + waftune::kLinePadding) {
    constexpr std::string_view kLure =
        R"("}],"value":"v"}]},"excludedRules":null},"action":"BLOCK"})";
    for (size_t i = 0; i < size; ++i) buf_[i] = static_cast<char>(data[i]);
    for (size_t i = 0; i < waftune::kLinePadding; ++i)
      buf_[size + i] = kLure[i % kLure.size()];
    size_ = size;
  }
  std::string_view view() const { return {buf_.data(), size_}; }

 private:
  std::vector<char> buf_;
  size_t size_ = 0;
};

std::string Printable(std::string_view s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && u != '\\') {
      out.push_back(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", u);
      out += buf;
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& s : list) out += "\n    " + s;
  return out;
}

// Prints both sides of every difference between the plain and the
// non-plain read, then traps.
void ComparePlain(HeaderPolicy policy, std::string_view line, const Outcome& plain,
                  const Outcome& full) {
  bool differs = false;
  auto report = [&](const char* what, const std::string& p, const std::string& f) {
    if (p == f) return;
    if (!differs) {
      std::fprintf(stderr, "waf_reader: is_plain changes the outcome (policy %d)\n line: %s\n",
                   static_cast<int>(policy), Printable(line).c_str());
    }
    differs = true;
    std::fprintf(stderr, " %s differs\n  plain: %s\n  full:  %s\n", what, p.c_str(),
                 f.c_str());
  };
  report("return value", std::to_string(plain.good), std::to_string(full.good));
  report("skipped", std::to_string(plain.skipped), std::to_string(full.skipped));
  report("records()", std::to_string(plain.records), std::to_string(full.records));
  report("diagnostics", plain.diagnostics, full.diagnostics);
  report("records", Join(plain.described), Join(full.described));
  if (differs) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  LuredCopy line(data, size);
  waftune::LineContent content;
  waftune::ScanLineContent(line.view().data(), line.view().size(), &content);
  const bool plain = !content.backslash && !content.unusual;
  constexpr HeaderPolicy kPolicies[] = {HeaderPolicy::kAll, HeaderPolicy::kNone,
                                        HeaderPolicy::kRuleMatched};
  Outcome full[3];
  for (int i = 0; i < 3; ++i) {
    full[i] = Read(kPolicies[i], line.view(), content.backslash, false);
  }
  const Outcome& all = full[0];
  const Outcome& none = full[1];
  const Outcome& matched = full[2];
  // The count returned and the records delivered must agree.
  if (all.good != all.headers.size())
    __builtin_trap();
  // Every policy accepts and skips the same records.
  if (none.good != all.good || matched.good != all.good ||
      none.skipped != all.skipped || matched.skipped != all.skipped)
    __builtin_trap();
  for (size_t i = 0; i < all.headers.size(); ++i) {
    if (none.headers[i] != 0)
      __builtin_trap();
    if (matched.matched[i] && matched.headers[i] != all.headers[i])
      __builtin_trap();
  }
  // is_plain is a promise about the bytes: only a plain line may make it.
  if (plain) {
    for (int i = 0; i < 3; ++i) {
      Outcome fast = Read(kPolicies[i], line.view(), false, true);
      ComparePlain(kPolicies[i], line.view(), fast, full[i]);
    }
  }
  return 0;
}
