#include "io/path_walker.h"

#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "io_test_util.h"

namespace waftune {
namespace {

using testing::TempDir;

std::vector<std::string> Relative(const std::vector<InputFile>& files,
                                  const TempDir& dir) {
  std::vector<std::string> out;
  for (const InputFile& f : files) {
    std::string p = f.path;
    if (p.rfind(dir.path() + "/", 0) == 0)
      p = p.substr(dir.path().size() + 1);
    out.push_back(p);
  }
  return out;
}

bool HasWarning(const Diagnostics& d, const std::string& needle) {
  for (const DiagnosticEntry& e : d.examples()) {
    if (e.reason.find(needle) != std::string::npos)
      return true;
  }
  return false;
}

TEST(PathWalkerTest, FileIsTakenAsGivenWithItsSize) {
  TempDir dir;
  std::string p = dir.Write("waf.log", "12345");
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({p}, &diag);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].path, p);
  EXPECT_FALSE((*r)[0].is_stdin);
  EXPECT_EQ((*r)[0].size, 5u);
}

TEST(PathWalkerTest, WalksDirectoriesRecursivelyInByteOrder) {
  TempDir dir;
  for (const char* rel : {"b.log", "a/z.log", "a/b/c.log", "B.log", "a.log",
                          "\xc3\xa9t\xc3\xa9.log", "z/1.gz", "a/a.log"}) {
    dir.Write(rel, "x");
  }
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.path()}, &diag);
  ASSERT_TRUE(r.ok());
  // 'B' (0x42) < 'a' < 'b' < 'z' < 0xc3; "a" (dir) sorts before "a.log".
  std::vector<std::string> want = {
      "B.log", "a/a.log", "a/b/c.log", "a/z.log",
      "a.log", "b.log",   "z/1.gz",    "\xc3\xa9t\xc3\xa9.log"};
  EXPECT_EQ(Relative(*r, dir), want);
  EXPECT_EQ(diag.warnings(), 0u);
}

TEST(PathWalkerTest, TrailingSlashGivesCleanPaths) {
  TempDir dir;
  dir.Write("logs/a.log", "x");
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.Sub("logs/")}, &diag);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].path, dir.Sub("logs/a.log"));
}

TEST(PathWalkerTest, SkipsHiddenEntriesWhileWalking) {
  TempDir dir;
  dir.Write("a.log", "x");
  dir.Write(".hidden.log", "x");
  dir.Write(".git/objects/x.log", "x");
  dir.Write("sub/.DS_Store", "x");
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.path()}, &diag);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Relative(*r, dir), std::vector<std::string>{"a.log"});
}

TEST(PathWalkerTest, HiddenPathGivenExplicitlyIsTaken) {
  TempDir dir;
  std::string p = dir.Write(".cache/w.log", "x");
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.Sub(".cache")}, &diag);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].path, p);
}

TEST(PathWalkerTest, EmptyDirectoryYieldsNoFiles) {
  TempDir dir;
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.path()}, &diag);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(diag.warnings(), 0u);
}

TEST(PathWalkerTest, SymlinkLoopIsWalkedOnceAndWarned) {
  TempDir dir;
  dir.Write("top/a.log", "x");
  dir.Write("top/sub/b.log", "x");
  ASSERT_EQ(symlink("..", dir.Sub("top/sub/up").c_str()), 0);
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.Sub("top")}, &diag);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Relative(*r, dir),
            (std::vector<std::string>{"top/a.log", "top/sub/b.log"}));
  EXPECT_EQ(diag.warnings(), 1u);
  EXPECT_TRUE(HasWarning(diag, "symlink loop"));
  EXPECT_EQ(diag.examples()[0].file, dir.Sub("top/sub/up"));
}

TEST(PathWalkerTest, SymlinkToSelfIsALoop) {
  TempDir dir;
  dir.Write("a.log", "x");
  ASSERT_EQ(symlink(".", dir.Sub("self").c_str()), 0);
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.path()}, &diag);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Relative(*r, dir), std::vector<std::string>{"a.log"});
  EXPECT_TRUE(HasWarning(diag, "symlink loop"));
}

TEST(PathWalkerTest, SymlinkedDirectoryIsFollowedAtMostOnce) {
  TempDir dir;
  dir.Write("root/real/a.log", "x");
  ASSERT_EQ(symlink("real", dir.Sub("root/zlink").c_str()), 0);
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.Sub("root")}, &diag);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Relative(*r, dir), std::vector<std::string>{"root/real/a.log"});
  EXPECT_EQ(diag.warnings(), 1u);
}

TEST(PathWalkerTest, FollowsSymlinkToDirectoryElsewhere) {
  TempDir dir;
  dir.Write("elsewhere/x.log", "x");
  dir.Write("root/a.log", "x");
  ASSERT_EQ(symlink(dir.Sub("elsewhere").c_str(), dir.Sub("root/ext").c_str()),
            0);
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.Sub("root")}, &diag);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Relative(*r, dir),
            (std::vector<std::string>{"root/a.log", "root/ext/x.log"}));
  EXPECT_EQ(diag.warnings(), 0u);
}

TEST(PathWalkerTest, DanglingSymlinkIsWarnedNotFatal) {
  TempDir dir;
  dir.Write("a.log", "x");
  ASSERT_EQ(symlink("missing.log", dir.Sub("gone.log").c_str()), 0);
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.path()}, &diag);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Relative(*r, dir), std::vector<std::string>{"a.log"});
  EXPECT_TRUE(HasWarning(diag, "dangling symlink"));
}

TEST(PathWalkerTest, MissingPathIsNotFoundNamingIt) {
  TempDir dir;
  dir.Write("a.log", "x");
  std::string missing = dir.Sub("no-such-dir");
  Diagnostics diag;
  Result<std::vector<InputFile>> r =
      ExpandPaths({dir.Sub("a.log"), missing}, &diag);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_NE(r.status().message().find(missing), std::string::npos);
}

TEST(PathWalkerTest, StdinIsAllowedOnce) {
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({"-"}, &diag);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_TRUE((*r)[0].is_stdin);
  EXPECT_EQ((*r)[0].path, "-");
  Result<std::vector<InputFile>> twice = ExpandPaths({"-", "-"}, &diag);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code(), Status::Code::kInvalidArgument);
}

TEST(PathWalkerTest, KeepsArgumentOrder) {
  TempDir dir;
  std::string b = dir.Write("b.log", "x");
  std::string a = dir.Write("a.log", "x");
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({b, "-", a}, &diag);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].path, b);
  EXPECT_TRUE((*r)[1].is_stdin);
  EXPECT_EQ((*r)[2].path, a);
}

TEST(PathWalkerTest, SkipsFifoWhileWalking) {
  TempDir dir;
  dir.Write("a.log", "x");
  ASSERT_EQ(mkfifo(dir.Sub("pipe").c_str(), 0644), 0);
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.path()}, &diag);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Relative(*r, dir), std::vector<std::string>{"a.log"});
  EXPECT_TRUE(HasWarning(diag, "not a regular file"));
}

TEST(PathWalkerTest, UnreadableFileIsWarnedAndSkipped) {
  if (geteuid() == 0)
    GTEST_SKIP() << "root reads files despite chmod 000";
  TempDir dir;
  dir.Write("a.log", "x");
  std::string secret = dir.Write("b.log", "x");
  ASSERT_EQ(chmod(secret.c_str(), 0), 0);
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.path()}, &diag);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Relative(*r, dir), std::vector<std::string>{"a.log"});
  EXPECT_TRUE(HasWarning(diag, "unreadable file"));
}

TEST(PathWalkerTest, UnreadableDirectoryIsWarnedAndSkipped) {
  if (geteuid() == 0)
    GTEST_SKIP() << "root lists directories despite chmod 000";
  TempDir dir;
  dir.Write("a.log", "x");
  dir.Write("locked/b.log", "x");
  ASSERT_EQ(chmod(dir.Sub("locked").c_str(), 0), 0);
  Diagnostics diag;
  Result<std::vector<InputFile>> r = ExpandPaths({dir.path()}, &diag);
  chmod(dir.Sub("locked").c_str(), 0755);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Relative(*r, dir), std::vector<std::string>{"a.log"});
  EXPECT_TRUE(HasWarning(diag, "unreadable directory"));
}

}  // namespace
}  // namespace waftune
