#include "match/url_decode.h"

#include <string>

#include <gtest/gtest.h>

namespace waftune {
namespace {

std::string Decode(std::string_view in, bool plus = true) {
  std::string out;
  UrlDecode(in, plus, &out);
  return out;
}

std::string Normalize(std::string_view in) {
  std::string out, tmp;
  NormalizeForSignatures(in, /*collapse_slashes=*/true, &out, &tmp);
  return out;
}

TEST(UrlDecodeTest, DecodesHexOfEitherCase) {
  EXPECT_EQ(Decode("a%2Fb%2fc"), "a/b/c");
  EXPECT_EQ(Decode("%41%62"), "Ab");
}

TEST(UrlDecodeTest, KeepsMalformedEscapesLiterally) {
  EXPECT_EQ(Decode("100%"), "100%");
  EXPECT_EQ(Decode("%zz%4"), "%zz%4");
  EXPECT_EQ(Decode("%%41"), "%A");
  EXPECT_EQ(Decode("%4g"), "%4g");
}

TEST(UrlDecodeTest, DecodesPercentZeroZeroToNulByte) {
  std::string out = Decode("a%00b");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1], '\0');
}

TEST(UrlDecodeTest, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(Decode("a+b%2B", true), "a b+");
  EXPECT_EQ(Decode("a+b", false), "a+b");
}

TEST(UrlDecodeTest, ReusesOutputBuffer) {
  std::string out = "leftover";
  UrlDecode("x", true, &out);
  EXPECT_EQ(out, "x");
}

TEST(FindQueryArgTest, ReturnsFirstOccurrenceRawValue) {
  std::string scratch;
  std::string_view v;
  ASSERT_TRUE(FindQueryArg("a=1&next=%2Fhome&next=2", "next", &v, &scratch));
  EXPECT_EQ(v, "%2Fhome");
}

TEST(FindQueryArgTest, NamesAreCaseSensitiveAndDecoded) {
  std::string scratch;
  std::string_view v;
  EXPECT_FALSE(FindQueryArg("Next=1", "next", &v, &scratch));
  ASSERT_TRUE(FindQueryArg("x=0&a%5Bb%5D=7", "a[b]", &v, &scratch));
  EXPECT_EQ(v, "7");
}

TEST(FindQueryArgTest, NameWithoutValueIsEmptyAndMissingIsFalse) {
  std::string scratch;
  std::string_view v = "sentinel";
  ASSERT_TRUE(FindQueryArg("flag&b=2", "flag", &v, &scratch));
  EXPECT_EQ(v, "");
  EXPECT_FALSE(FindQueryArg("", "flag", &v, &scratch));
  EXPECT_FALSE(FindQueryArg("flagger=1", "flag", &v, &scratch));
}

TEST(NormalizeTest, DecodesTwiceLowercasesAndCollapsesSlashes) {
  EXPECT_EQ(Normalize("%252E%252E%252Fetc"), "../etc");
  EXPECT_EQ(Normalize("SELECT+1"), "select 1");
  EXPECT_EQ(Normalize("//a///b"), "/a/b");
  EXPECT_EQ(Normalize("a%2Bb"), "a+b");
}

TEST(NormalizeTest, KeepsDoubleSlashesWhenNotCollapsing) {
  std::string out, tmp;
  NormalizeForSignatures("U=HTTP%3A%2F%2Fx", /*collapse_slashes=*/false, &out,
                         &tmp);
  EXPECT_EQ(out, "u=http://x");
}

TEST(NormalizeTest, StopsAfterThreeRounds) {
  // %25252e: three decodes give %2e, which stays encoded.
  EXPECT_EQ(Normalize("%2525252e"), "%2e");
}

}  // namespace
}  // namespace waftune
