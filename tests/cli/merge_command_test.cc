// `summary --save-state` on shards + `merge` equals one summary run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/cli/cli_test_util.h"

namespace waftune {
namespace {

namespace fs = std::filesystem;
using testing::RunWaftune;
using testing::TestData;

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

TEST(MergeCommandTest, ThreeShardsMergeToTheSingleRun) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(TestData("generated/waf"))) {
    if (e.is_regular_file()) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 3u);
  const std::string dir = ::testing::TempDir() + "waftune_merge_test";
  fs::create_directories(dir);
  std::string states;
  for (size_t shard = 0; shard < 3; ++shard) {
    std::string args = "summary --format json -o /dev/null --save-state " +
                       Quoted(dir + "/s" + std::to_string(shard) + ".json");
    // Contiguous thirds, merged in order: the same merge sequence as one run.
    const size_t begin = files.size() * shard / 3, end = files.size() * (shard + 1) / 3;
    for (size_t i = begin; i < end; ++i) args += " " + Quoted(files[i]);
    ASSERT_EQ(RunWaftune(args).exit_code, 0) << args;
    states += " " + Quoted(dir + "/s" + std::to_string(shard) + ".json");
  }
  auto single = RunWaftune("summary --format json " + Quoted(TestData("generated/waf")));
  auto merged = RunWaftune("merge --format json" + states);
  ASSERT_EQ(single.exit_code, 0);
  ASSERT_EQ(merged.exit_code, 0);
  // Everything but the command name: rules (requests, clients, top lists,
  // series), window and inputs.
  ASSERT_NE(single.out.find("\"rules\""), std::string::npos);
  EXPECT_EQ(merged.out.substr(merged.out.find("\"inputs\"")),
            single.out.substr(single.out.find("\"inputs\"")));
  EXPECT_NE(merged.out.find("\"merge\""), std::string::npos) << merged.out.substr(0, 200);
  fs::remove_all(dir);
}

TEST(MergeCommandTest, RejectsAFileThatIsNotAState) {
  auto r = RunWaftune("merge " + Quoted(TestData("generated/truth/expected_summary.json")) +
                      " 2>/dev/null");
  EXPECT_EQ(r.exit_code, 1);
}

}  // namespace
}  // namespace waftune
