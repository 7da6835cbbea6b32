#include "util/word_hash.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace waftune {
namespace {

TEST(WordHashTest, EveryByteOfEveryLengthChangesTheHash) {
  // Lengths around the word size and the overlapping tail loads.
  for (size_t n = 1; n <= 41; ++n) {
    std::string base(n, 'a');
    for (size_t i = 0; i < n; ++i) base[i] = static_cast<char>('a' + (i * 7) % 26);
    const uint64_t h = WordHash(base);
    for (size_t i = 0; i < n; ++i) {
      std::string changed = base;
      changed[i] = static_cast<char>(changed[i] ^ 0x01);
      EXPECT_NE(WordHash(changed), h) << "length " << n << " byte " << i;
    }
  }
}

TEST(WordHashTest, LengthCountsEvenForZeroBytes) {
  std::set<uint64_t> seen;
  for (size_t n = 0; n <= 24; ++n) seen.insert(WordHash(std::string(n, '\0')));
  EXPECT_EQ(seen.size(), 25u);
}

TEST(WordHashTest, ShortStringsAreDistinct) {
  // Every string of up to two bytes over a small alphabet, plus some of three.
  std::set<uint64_t> seen;
  size_t count = 0;
  const std::string alphabet("ab/\0", 4);
  for (char a : alphabet) {
    seen.insert(WordHash(std::string(1, a)));
    ++count;
    for (char b : alphabet) {
      seen.insert(WordHash(std::string{a, b}));
      ++count;
      for (char c : alphabet) {
        seen.insert(WordHash(std::string{a, b, c}));
        ++count;
      }
    }
  }
  EXPECT_EQ(seen.size(), count);
}

}  // namespace
}  // namespace waftune
