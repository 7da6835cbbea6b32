#include "util/status.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace waftune {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kOk);
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, FactoriesSetCodeAndMessage) {
  EXPECT_EQ(Status::InvalidArgument("x").code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(Status::NotFound("x").code(), Status::Code::kNotFound);
  EXPECT_EQ(Status::ParseError("x").code(), Status::Code::kParseError);
  Status s = Status::NotFound("logs/: no such file");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "logs/: no such file");
}

TEST(StatusTest, IOErrorJoinsPathAndReason) {
  Status s = Status::IOError("waf/a.gz", "Permission denied");
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_EQ(s.message(), "waf/a.gz: Permission denied");
  EXPECT_EQ(s.ToString(), "I/O error: waf/a.gz: Permission denied");
}

TEST(StatusTest, ToStringNamesTheCode) {
  EXPECT_EQ(Status::NotFound("p").ToString(), "not found: p");
  EXPECT_EQ(Status::InvalidArgument("p").ToString(), "invalid argument: p");
  EXPECT_EQ(Status::ParseError("p").ToString(), "parse error: p");
}

TEST(ResultTest, HoldsValue) {
  Result<std::string> r(std::string("abc"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.status().ok());
  EXPECT_EQ(*r, "abc");
  EXPECT_EQ(r->size(), 3u);
}

TEST(ResultTest, HoldsError) {
  Result<int> r(Status::IOError("f", "EIO"));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kIOError);
  EXPECT_EQ(r.status().message(), "f: EIO");
}

TEST(ResultTest, HoldsMoveOnlyValue) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r.value());
  EXPECT_EQ(*p, 7);
}

}  // namespace
}  // namespace waftune
