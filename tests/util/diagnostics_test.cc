#include "util/diagnostics.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace waftune {
namespace {

// 30 distinct (file, line) reports; the 20 smallest are a.log:1..20.
std::vector<DiagnosticEntry> ThirtyEntries() {
  std::vector<DiagnosticEntry> v;
  for (uint64_t line = 1; line <= 25; ++line) {
    v.push_back({"a.log", line, "bad json"});
  }
  for (uint64_t line = 1; line <= 5; ++line) {
    v.push_back({"b.log", line, "bad json"});
  }
  return v;
}

std::vector<std::string> Keys(const Diagnostics& d) {
  std::vector<std::string> keys;
  for (const DiagnosticEntry& e : d.examples()) {
    keys.push_back(e.file + ":" + std::to_string(e.line) + ":" + e.reason);
  }
  return keys;
}

TEST(DiagnosticsTest, CountsReportsAndWarningsApart) {
  Diagnostics d;
  d.Report("a.log", 3, "bad json");
  d.Report("a.log", 4, "bad json");
  d.Warn("a.gz", 0, "truncated gzip member");
  EXPECT_EQ(d.skipped(), 2u);
  EXPECT_EQ(d.warnings(), 1u);
  EXPECT_EQ(d.examples().size(), 3u);
}

TEST(DiagnosticsTest, KeepsFirstTwentyByFileAndLineRegardlessOfOrder) {
  std::vector<DiagnosticEntry> entries = ThirtyEntries();
  std::mt19937 rng(42);
  std::vector<std::string> first;
  for (int round = 0; round < 5; ++round) {
    std::shuffle(entries.begin(), entries.end(), rng);
    Diagnostics d;
    for (const DiagnosticEntry& e : entries)
      d.Report(e.file, e.line, e.reason);
    EXPECT_EQ(d.skipped(), 30u);
    ASSERT_EQ(d.examples().size(), Diagnostics::kMaxExamples);
    EXPECT_EQ(d.examples().front().line, 1u);
    EXPECT_EQ(d.examples().back().file, "a.log");
    EXPECT_EQ(d.examples().back().line, 20u);
    if (round == 0)
      first = Keys(d);
    EXPECT_EQ(Keys(d), first);
  }
}

TEST(DiagnosticsTest, OrdersLinesNumericallyNotAsText) {
  Diagnostics d;
  d.Report("a.log", 10, "x");
  d.Report("a.log", 9, "x");
  ASSERT_EQ(d.examples().size(), 2u);
  EXPECT_EQ(d.examples()[0].line, 9u);
  EXPECT_EQ(d.examples()[1].line, 10u);
}

TEST(DiagnosticsTest, MergeIsOrderIndependent) {
  std::vector<DiagnosticEntry> entries = ThirtyEntries();
  // Three "threads" each see a different third; merge in every order.
  Diagnostics parts[3];
  for (size_t i = 0; i < entries.size(); ++i) {
    const DiagnosticEntry& e = entries[i];
    if (i % 4 == 0) {
      parts[i % 3].Warn(e.file, e.line, e.reason);
    } else {
      parts[i % 3].Report(e.file, e.line, e.reason);
    }
  }
  std::vector<int> order = {0, 1, 2};
  std::vector<std::string> expected;
  do {
    Diagnostics merged;
    for (int i : order)
      merged.Merge(parts[i]);
    EXPECT_EQ(merged.skipped() + merged.warnings(), 30u);
    EXPECT_EQ(merged.warnings(), 8u);
    if (expected.empty())
      expected = Keys(merged);
    EXPECT_EQ(Keys(merged), expected);
  } while (std::next_permutation(order.begin(), order.end()));
  // The same as one sink that saw everything.
  Diagnostics single;
  for (const DiagnosticEntry& e : entries)
    single.Report(e.file, e.line, e.reason);
  EXPECT_EQ(Keys(single), expected);
}

TEST(DiagnosticsTest, CapsStoredReason) {
  Diagnostics d;
  d.Report("a.log", 1, std::string(10000, 'A'));
  ASSERT_EQ(d.examples().size(), 1u);
  EXPECT_LT(d.examples()[0].reason.size(), 1000u);
  EXPECT_GT(d.examples()[0].reason.size(), 0u);
}

}  // namespace
}  // namespace waftune
