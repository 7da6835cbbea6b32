#include "analysis/top_k.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace waftune {
namespace {

TEST(TopKTest, ExactCountsWhenUnderCapacity) {
  TopK t(100);
  for (int i = 0; i < 10; ++i) t.Add("/a");
  for (int i = 0; i < 5; ++i) t.Add("/b");
  t.Add("/c");
  auto top = t.Top(2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].value, "/a");
  EXPECT_EQ(top[0].count, 10u);
  EXPECT_EQ(top[1].value, "/b");
  EXPECT_EQ(top[0].error, 0u);
}

TEST(TopKTest, HeavyHittersSurviveLongTail) {
  TopK t(64);
  for (int i = 0; i < 20000; ++i) {
    t.Add("/unique/" + std::to_string(i));
    if (i % 4 == 0) t.Add("/hot");
  }
  auto top = t.Top(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].value, "/hot");
  EXPECT_EQ(top[0].count, 5000u);
  EXPECT_LE(t.size(), 64u);
}

TEST(TopKTest, TiesBrokenByValue) {
  TopK t;
  t.Add("b");
  t.Add("a");
  auto top = t.Top(2);
  EXPECT_EQ(top[0].value, "a");
}

TEST(TopKTest, MergeSumsCounts) {
  TopK a, b;
  a.Add("/x", 3);
  b.Add("/x", 4);
  b.Add("/y", 1);
  a.Merge(b);
  auto top = a.Top(5);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].count, 7u);
}

}  // namespace
}  // namespace waftune

namespace waftune {
namespace {

// The documented semantics, written the slow and obvious way: a std::map,
// full sorts, prune to capacity/2 by (count desc, value asc).
class ReferenceTopK {
 public:
  explicit ReferenceTopK(size_t capacity) : capacity_(capacity) {}
  void Add(const std::string& value, uint64_t count = 1) {
    auto it = counts_.find(value);
    if (it != counts_.end()) {
      it->second.first += count;
      return;
    }
    if (counts_.size() >= capacity_) Prune();
    counts_[value] = {count, floor_};
  }
  void Merge(const ReferenceTopK& other) {
    for (const auto& [value, ce] : other.counts_) {
      auto it = counts_.find(value);
      if (it != counts_.end()) {
        it->second.first += ce.first;
        it->second.second += ce.second;
      } else {
        counts_[value] = {ce.first, ce.second + floor_};
      }
    }
    floor_ = std::max(floor_, other.floor_);
    while (counts_.size() > capacity_) Prune();
  }
  std::vector<TopEntry> Sorted() const {
    std::vector<TopEntry> all;
    for (const auto& [value, ce] : counts_) all.push_back({value, ce.first, ce.second});
    std::sort(all.begin(), all.end(), [](const TopEntry& a, const TopEntry& b) {
      if (a.count != b.count) return a.count > b.count;
      return a.value < b.value;
    });
    return all;
  }
  // Sorted by value, as TopK::Serialize.
  std::vector<TopEntry> ByValue() const {
    std::vector<TopEntry> all;
    for (const auto& [value, ce] : counts_) all.push_back({value, ce.first, ce.second});
    return all;
  }
  uint64_t floor() const { return floor_; }

 private:
  void Prune() {
    std::vector<TopEntry> all = Sorted();
    size_t keep = capacity_ / 2;
    if (keep >= all.size()) return;
    for (size_t i = keep; i < all.size(); ++i) {
      floor_ = std::max(floor_, all[i].count);
      counts_.erase(all[i].value);
    }
  }
  size_t capacity_;
  uint64_t floor_ = 0;
  std::map<std::string, std::pair<uint64_t, uint64_t>> counts_;
};

void ExpectSameEntries(const std::vector<TopEntry>& got,
                       const std::vector<TopEntry>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].value, want[i].value) << "at " << i;
    EXPECT_EQ(got[i].count, want[i].count) << "at " << i;
    EXPECT_EQ(got[i].error, want[i].error) << "at " << i;
  }
}

// A skewed, deterministic stream: a few hot values, a long tail, values of
// every length from 0 to ~40 bytes (some with NULs) and repeated counts
// so that ties at the prune boundary are common.
std::vector<std::pair<std::string, uint64_t>> SkewedStream(uint64_t seed,
                                                           size_t n) {
  std::vector<std::pair<std::string, uint64_t>> out;
  uint64_t x = seed;
  for (size_t i = 0; i < n; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t r = x >> 33;
    uint64_t id = (r % 4 == 0) ? r % 7 : (r % 3 == 0 ? r % 60 : r % 2000);
    std::string v = "/p" + std::string(id % 37, static_cast<char>('a' + id % 26)) +
                    std::to_string(id);
    if (id % 11 == 0) v.push_back('\0');
    if (id == 5) v.clear();
    out.push_back({v, 1 + (r >> 20) % 3});
  }
  return out;
}

TEST(TopKTest, MatchesReferenceModelThroughManyPrunes) {
  for (size_t capacity : {1u, 2u, 3u, 16u, 64u, 256u}) {
    SCOPED_TRACE(capacity);
    TopK t(capacity);
    ReferenceTopK ref(capacity);
    for (const auto& [v, c] : SkewedStream(capacity, 30000)) {
      t.Add(v, c);
      ref.Add(v, c);
    }
    EXPECT_GT(ref.floor(), 0u);  // Prunes did happen.
    std::vector<TopEntry> want = ref.Sorted();
    EXPECT_EQ(t.size(), want.size());
    ExpectSameEntries(t.Top(1000000), want);
    want.resize(std::min<size_t>(want.size(), 5));
    ExpectSameEntries(t.Top(5), want);
    TopK::State st = t.Serialize();
    EXPECT_EQ(st.floor, ref.floor());
    ExpectSameEntries(st.entries, ref.ByValue());
  }
}

TEST(TopKTest, MergeMatchesReferenceModel) {
  TopK a(64), b(64);
  ReferenceTopK ra(64), rb(64);
  for (const auto& [v, c] : SkewedStream(1, 5000)) {
    a.Add(v, c);
    ra.Add(v, c);
  }
  for (const auto& [v, c] : SkewedStream(2, 700)) {
    b.Add(v, c);
    rb.Add(v, c);
  }
  a.Merge(b);
  ra.Merge(rb);
  ExpectSameEntries(a.Top(1000), ra.Sorted());
  EXPECT_EQ(a.Serialize().floor, ra.floor());
  // Merging into an empty accumulator copies the other side's floor.
  TopK empty(64);
  ReferenceTopK rempty(64);
  empty.Merge(a);
  rempty.Merge(ra);
  ExpectSameEntries(empty.Top(1000), rempty.Sorted());
  // Merging a fresh, unpruned accumulator adds the floor as error.
  TopK fresh(64);
  ReferenceTopK rfresh(64);
  fresh.Add("/brand-new", 9);
  rfresh.Add("/brand-new", 9);
  a.Merge(fresh);
  ra.Merge(rfresh);
  ExpectSameEntries(a.Top(1000), ra.Sorted());
}

TEST(TopKTest, SelfMergeDoublesCounts) {
  TopK t(8);
  t.Add("/a", 3);
  t.Add("/b", 1);
  t.Merge(t);
  auto top = t.Top(2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].count, 6u);
  EXPECT_EQ(top[1].count, 2u);
}

TEST(TopKTest, SerializeDeserializeRoundTripKeepsBehaviour) {
  TopK t(32);
  ReferenceTopK ref(32);
  auto stream = SkewedStream(7, 4000);
  for (size_t i = 0; i < 2000; ++i) t.Add(stream[i].first, stream[i].second);
  TopK::State st = t.Serialize();
  TopK back = TopK::Deserialize(st);
  TopK::State again = back.Serialize();
  EXPECT_EQ(again.capacity, st.capacity);
  EXPECT_EQ(again.floor, st.floor);
  ExpectSameEntries(again.entries, st.entries);
  // The restored accumulator continues exactly like the original.
  for (size_t i = 2000; i < stream.size(); ++i) {
    t.Add(stream[i].first, stream[i].second);
    back.Add(stream[i].first, stream[i].second);
  }
  ExpectSameEntries(back.Top(100), t.Top(100));
  for (const auto& [v, c] : stream) ref.Add(v, c);
  ExpectSameEntries(t.Top(100), ref.Sorted());
}

TEST(TopKTest, DeserializeSumsRepeatedValues) {
  TopK::State st{10, 2, {{"x", 3, 1}, {"y", 1, 0}, {"x", 4, 2}}};
  TopK t = TopK::Deserialize(st);
  auto top = t.Top(5);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].value, "x");
  EXPECT_EQ(top[0].count, 7u);
  EXPECT_EQ(top[0].error, 3u);
  t.Add("z");  // Admitted after the restored floor.
  EXPECT_EQ(t.Top(5)[2].error, 2u);
}

TEST(TopKTest, ValuesWithEmbeddedNulsAreDistinct) {
  TopK t(16);
  const std::string a("a\0b", 3), b("a\0c", 3), c("a", 1), d("a\0", 2);
  t.Add(a, 4);
  t.Add(b, 3);
  t.Add(c, 2);
  t.Add(d, 1);
  t.Add(a);
  auto top = t.Top(10);
  ASSERT_EQ(top.size(), 4u);
  EXPECT_EQ(top[0].value, a);
  EXPECT_EQ(top[0].count, 5u);
  EXPECT_EQ(top[1].value, b);
  EXPECT_EQ(top[2].value, c);
  EXPECT_EQ(top[3].value, d);
  EXPECT_EQ(top[3].value.size(), 2u);
}

TEST(TopKTest, LongValuesSurvivePrunesIntact) {
  TopK t(4);
  ReferenceTopK ref(4);
  // 10 KB values that differ only in their last byte, or only in length.
  std::string base(10 * 1024, 'q');
  for (int round = 0; round < 50; ++round) {
    for (int k = 0; k < 6; ++k) {
      std::string v = base;
      if (k < 3) v.back() = static_cast<char>('0' + k);
      else v.resize(v.size() - static_cast<size_t>(k));
      uint64_t c = static_cast<uint64_t>(k == 0 ? 5 : 1);
      t.Add(v, c);
      ref.Add(v, c);
    }
  }
  ExpectSameEntries(t.Top(10), ref.Sorted());
  std::string hot = base;
  hot.back() = '0';
  EXPECT_EQ(t.Top(1)[0].value, hot);
}

TEST(TopKTest, EmptyStringIsAValue) {
  TopK t(4);
  t.Add("");
  t.Add("", 2);
  t.Add("x");
  for (int i = 0; i < 20; ++i) t.Add("tail" + std::to_string(i));
  auto top = t.Top(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].value, "");
  EXPECT_EQ(top[0].count, 3u);
  EXPECT_EQ(top[0].error, 0u);
}

TEST(TopKTest, CopiesAreIndependent) {
  TopK a(8);
  a.Add("/one", 2);
  TopK b = a;
  b.Add("/one");
  b.Add("/two");
  EXPECT_EQ(a.size(), 1u);
  EXPECT_EQ(a.Top(1)[0].count, 2u);
  EXPECT_EQ(b.Top(1)[0].count, 3u);
  EXPECT_EQ(b.size(), 2u);
}

TEST(TopKTest, ZeroCapacityKeepsOnlyTheLatestValue) {
  TopK t(0);
  ReferenceTopK ref(0);
  for (const char* v : {"a", "b", "b", "c"}) {
    t.Add(v);
    ref.Add(v);
  }
  ExpectSameEntries(t.Top(10), ref.Sorted());
}

}  // namespace
}  // namespace waftune
