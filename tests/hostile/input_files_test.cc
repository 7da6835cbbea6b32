// Hostile files and trees: broken gzip members, trailing garbage, symlink
// loops, unreadable files. waftune must not crash or hang, must name the
// damaged file, and must keep every record that decoded before the damage.
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "tests/hostile/hostile_util.h"

namespace waftune::hostile {
namespace {

bool SomeErrorNames(const InputsReport& r, std::string_view file) {
  for (const ErrorEntry& e : r.errors) {
    if (e.file.find(file) != std::string::npos)
      return true;
  }
  return false;
}

TEST(HostileFilesTest, EmptyGzipMembersAreHarmless) {
  ScratchDir dir;
  std::string bytes =
      Gzip("") + Gzip(WafLines(1, 3)) + Gzip("") + Gzip(WafLines(4, 2));
  InputsReport r = Summary(dir.Write("waf.log.gz", bytes));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 5u) << r.Dump();
  EXPECT_EQ(r.skipped, 0u) << r.Dump();
}

TEST(HostileFilesTest, EmptyFileAndOnlyNewlinesReadAsNothing) {
  ScratchDir dir;
  dir.Write("d/empty.log", "");
  dir.Write("d/newlines.log", "\n\n\r\n\n");
  dir.Write("d/good.log", WafLines(1, 2));
  InputsReport r = Summary(dir.File("d"));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 2u) << r.Dump();
  EXPECT_EQ(r.files, 3u) << r.Dump();
}

TEST(HostileFilesTest, GarbageAfterGzipMagicIsReportedWithFileName) {
  ScratchDir dir;
  dir.Write("d/a-good.log", WafLines(1, 3));
  dir.Write("d/b-garbage.log.gz",
            std::string("\x1f\x8b\x08\x00", 4) + std::string(5000, '\xa5'));
  dir.Write("d/c-magic-only.log.gz", std::string("\x1f\x8b", 2));
  int exit_code = -1;
  InputsReport r = Summary(dir.File("d"), &exit_code);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(r.records, 3u) << r.Dump();
  EXPECT_TRUE(SomeErrorNames(r, "b-garbage.log.gz")) << r.Dump();
  EXPECT_TRUE(SomeErrorNames(r, "c-magic-only.log.gz")) << r.Dump();
}

TEST(HostileFilesTest, TrailingGarbageAfterMemberKeepsRecordsAndWarns) {
  ScratchDir dir;
  std::string bytes =
      Gzip(WafLines(1, 4)) + "this is not gzip\n" + std::string(100, '\0');
  InputsReport r = Summary(dir.Write("waf.log.gz", bytes));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 4u) << r.Dump();
  EXPECT_GE(r.warnings + r.skipped, 1u) << r.Dump();
  EXPECT_TRUE(SomeErrorNames(r, "waf.log.gz")) << r.Dump();
}

TEST(HostileFilesTest, TruncatedMemberKeepsWhatDecodedAndWarns) {
  ScratchDir dir;
  // Incompressible-ish ids so that the first records decode early.
  std::string plain = WafLines(1, 2000);
  std::string gz = Gzip(plain);
  std::string cut = gz.substr(0, gz.size() / 2);
  InputsReport r = Summary(dir.Write("waf.log.gz", cut));
  ASSERT_TRUE(r.parsed);
  EXPECT_GT(r.records, 0u) << r.Dump();
  EXPECT_LT(r.records, 2000u) << r.Dump();
  EXPECT_TRUE(SomeErrorNames(r, "waf.log.gz")) << r.Dump();
}

TEST(HostileFilesTest, CorruptedCrcIsReportedAndReadingGoesOn) {
  ScratchDir dir;
  std::string gz = Gzip(WafLines(1, 3));
  gz[gz.size() - 6] ^= 0x55;  // Inside the CRC32 trailer.
  dir.Write("d/a.log.gz", gz);
  dir.Write("d/b.log", WafLines(10, 2));
  InputsReport r = Summary(dir.File("d"));
  ASSERT_TRUE(r.parsed);
  EXPECT_GE(r.records, 2u) << r.Dump();  // b.log at least.
  EXPECT_TRUE(SomeErrorNames(r, "a.log.gz")) << r.Dump();
}

TEST(HostileFilesTest, DirectorySymlinkLoopTerminatesAndCountsOnce) {
  ScratchDir dir;
  dir.Write("tree/a/one.log", WafLines(1, 2));
  dir.Write("tree/b/two.log", WafLines(3, 3));
  std::filesystem::create_directory_symlink("..", dir.File("tree/a/up"));
  std::filesystem::create_directory_symlink(dir.File("tree"),
                                            dir.File("tree/b/root"));
  std::filesystem::create_directory_symlink(dir.File("tree/b"),
                                            dir.File("tree/a/side"));
  // `timeout` turns a hang into a failure instead of a stuck test run.
  testing::RunResult run =
      RunWithTimeout(60, "summary --format json --threads 2 " +
                             dir.File("tree") + " 2>/dev/null");
  EXPECT_NE(run.exit_code, 124) << "waftune hung on a symlink loop";
  InputsReport r = ParseInputs(run.out, "waf");
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 5u) << r.Dump();
  EXPECT_EQ(r.files, 2u) << r.Dump();
}

TEST(HostileFilesTest, SelfLoopSymlinkAndDanglingLinkAreReported) {
  ScratchDir dir;
  dir.Write("tree/good.log", WafLines(1, 2));
  std::filesystem::create_symlink("self", dir.File("tree/self"));
  std::filesystem::create_symlink("/nonexistent/waftune",
                                  dir.File("tree/dangling"));
  InputsReport r = Summary(dir.File("tree"));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 2u) << r.Dump();
  EXPECT_TRUE(SomeErrorNames(r, "dangling")) << r.Dump();
}

TEST(HostileFilesTest, UnreadableFileIsReportedAndOthersRead) {
  ScratchDir dir;
  dir.Write("d/a.log", WafLines(1, 2));
  std::string secret = dir.Write("d/secret.log", WafLines(3, 1));
  chmod(secret.c_str(), 0);
  if (access(secret.c_str(), R_OK) == 0) {
    GTEST_SKIP()
        << "running as root: chmod 000 does not make a file unreadable";
  }
  int exit_code = -1;
  InputsReport r = Summary(dir.File("d"), &exit_code);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 2u) << r.Dump();
  EXPECT_TRUE(SomeErrorNames(r, "secret.log")) << r.Dump();
  EXPECT_EQ(exit_code, 1);  // Unreadable input is a runtime error.
}

// Works as root too: reading /proc/self/mem at offset 0 fails with EIO.
TEST(HostileFilesTest, ReadErrorIsReportedAndOthersRead) {
  ScratchDir dir;
  dir.Write("d/a.log", WafLines(1, 2));
  std::filesystem::create_symlink("/proc/self/mem", dir.File("d/b.log"));
  int exit_code = -1;
  InputsReport r = Summary(dir.File("d"), &exit_code);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 2u) << r.Dump();
  EXPECT_EQ(r.unreadable, 1u) << r.Dump();
  EXPECT_TRUE(SomeErrorNames(r, "b.log")) << r.Dump();
  EXPECT_EQ(exit_code, 1);  // Unreadable input is a runtime error.
}

TEST(HostileFilesTest, DirectoryNamedLikeALogIsNotRead) {
  ScratchDir dir;
  dir.Write("d/real.log", WafLines(1, 2));
  std::filesystem::create_directories(dir.File("d/fake.log.gz"));
  InputsReport r = Summary(dir.File("d"));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 2u) << r.Dump();
}

TEST(HostileFilesTest, StdinWithHostileBytesDoesNotCrash) {
  ScratchDir dir;
  std::string path = dir.Write(
      "in.bin", WafLines(1, 2) + std::string("\x1f\x8b\xff\x00\n{\n", 7) +
                    WafLines(3, 1));
  testing::RunResult run =
      testing::RunWaftune("summary --format json - < " + path + " 2>/dev/null");
  InputsReport r = ParseInputs(run.out, "waf");
  ASSERT_TRUE(r.parsed) << run.out;
  EXPECT_EQ(r.records, 3u) << r.Dump();
  EXPECT_EQ(r.skipped, 2u) << r.Dump();
}

}  // namespace
}  // namespace waftune::hostile
