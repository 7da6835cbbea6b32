#include "analysis/path_template.h"

#include <gtest/gtest.h>

#include <string>

namespace waftune {
namespace {

TEST(PathTemplateTest, NumericIdBecomesDigitClass) {
  EXPECT_EQ(PathTemplate("/admin/cms/articles/813"), "^/admin/cms/articles/[0-9]+$");
}

TEST(PathTemplateTest, LiteralPathIsAnchoredAndEscaped) {
  EXPECT_EQ(PathTemplate("/oauth/callback"), "^/oauth/callback$");
  EXPECT_EQ(PathTemplate("/static/app.v2.js"), "^/static/app\\.v2\\.js$");
  EXPECT_EQ(PathTemplate("/a+b/(x)"), "^/a\\+b/\\(x\\)$");
}

TEST(PathTemplateTest, QueryStringIsDropped) {
  EXPECT_EQ(PathTemplate("/search?q=1"), "^/search$");
}

TEST(PathTemplateTest, UuidHexAndTokenSegments) {
  EXPECT_EQ(PathTemplate("/u/3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b/x"),
            "^/u/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            "[0-9a-fA-F]{12}/x$");
  EXPECT_EQ(PathTemplate("/blob/d41d8cd98f00b204e9800998ecf8427e"),
            "^/blob/[0-9a-fA-F]+$");
  EXPECT_EQ(PathTemplate("/s/aB3dE5fG7hJ9kL1mN3pQ5r"), "^/s/[A-Za-z0-9_-]+$");
}

TEST(PathTemplateTest, WordsStayLiteral) {
  EXPECT_EQ(ClassifySegment("configuration-settings"), SegmentKind::kLiteral);
  EXPECT_EQ(ClassifySegment("cafe"), SegmentKind::kLiteral);
  EXPECT_EQ(ClassifySegment("42"), SegmentKind::kNumber);
}

TEST(PathTemplateTest, TrailingSlashAndRoot) {
  EXPECT_EQ(PathTemplate("/"), "^/$");
  EXPECT_EQ(PathTemplate("/api/photos/"), "^/api/photos/$");
}

TEST(PathTemplateTest, RejectsNonPathsAndOverlongPatterns) {
  EXPECT_EQ(PathTemplate(""), "");
  EXPECT_EQ(PathTemplate("photos"), "");
  std::string long_path;
  for (int i = 0; i < 30; ++i) long_path += "/segment";
  EXPECT_EQ(PathTemplate(long_path), "");
}

TEST(PathTemplateTest, NoCapturingGroups) {
  std::string t = PathTemplate("/a/(b)/123");
  EXPECT_EQ(t.find("(?"), std::string::npos);
  EXPECT_NE(t.find("\\("), std::string::npos);
}

}  // namespace
}  // namespace waftune
