#include "match/cidr.h"

#include <gtest/gtest.h>

namespace waftune {
namespace {

TEST(CidrTest, MatchesIpv4Block) {
  Result<Cidr> c = Cidr::Parse("203.0.113.0/24");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->Contains("203.0.113.7"));
  EXPECT_FALSE(c->Contains("203.0.114.7"));
  EXPECT_FALSE(c->Contains("2001:db8::1"));
}

TEST(CidrTest, MatchesIpv6BlockWithOddPrefix) {
  Result<Cidr> c = Cidr::Parse("2001:db8:abcd:8000::/49");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->Contains("2001:db8:abcd:8fff::1"));
  EXPECT_FALSE(c->Contains("2001:db8:abcd:7fff::1"));
  EXPECT_FALSE(c->Contains("203.0.113.7"));
}

TEST(CidrTest, BareAddressIsSingleHost) {
  Result<Cidr> c = Cidr::Parse("::1");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->prefix(), 128);
  EXPECT_TRUE(c->Contains("0:0:0:0:0:0:0:1"));
  EXPECT_FALSE(c->Contains("::2"));
}

TEST(CidrTest, Ipv4BlockContainsMappedIpv6) {
  Result<Cidr> c = Cidr::Parse("10.1.0.0/16");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->Contains("::ffff:10.1.2.3"));
}

TEST(CidrTest, ZeroPrefixMatchesEverythingOfItsFamily) {
  Result<Cidr> c = Cidr::Parse("0.0.0.0/0");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->Contains("198.51.100.1"));
}

TEST(CidrTest, RejectsMalformedInput) {
  for (const char* bad :
       {"", "10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "10.0.0.0/",
        "10.0.0.0/8x", "host.example", "10.0.0.1/8", "1.2.3.4/-1", "[::1]"}) {
    EXPECT_FALSE(Cidr::Parse(bad).ok()) << bad;
  }
}

TEST(CidrTest, GarbageAddressIsNotContained) {
  Result<Cidr> c = Cidr::Parse("0.0.0.0/0");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->Contains("REDACTED"));
  EXPECT_FALSE(c->Contains(std::string(300, '1')));
  EXPECT_FALSE(c->Contains(""));
}

TEST(CidrTest, ToStringIsCanonical) {
  EXPECT_EQ(Cidr::Parse("2001:DB8:0::/32")->ToString(), "2001:db8::/32");
}

}  // namespace
}  // namespace waftune
