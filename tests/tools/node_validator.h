// Runs the node validators in tests/tools/ from C++ tests.
//
// validate_wafv2.js checks WAFv2 JSON against the AWS API model (aws-sdk);
// parse_hcl.js parses Terraform with @cdktf/hcl2json. Both need
// `npm install --prefix tests/tools`. WAFTUNE_REQUIRE_VALIDATORS() skips a
// test when they are missing, but fails it when the CI variable is set, so
// CI can never pass without having run them. Test-only; not thread-safe
// (uses the process environment).
#ifndef WAFTUNE_TESTS_TOOLS_NODE_VALIDATOR_H_
#define WAFTUNE_TESTS_TOOLS_NODE_VALIDATOR_H_

#include <cstdio>
#include <filesystem>
#include <stdio.h>
#include <stdlib.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace waftune::testing {

inline std::string ToolsDir() {
  return std::string(WAFTUNE_SOURCE_DIR) + "/tests/tools";
}

inline bool ValidatorsInstalled() {
  namespace fs = std::filesystem;
  const std::string mods = ToolsDir() + "/node_modules";
  return fs::exists(mods + "/aws-sdk/apis/wafv2-2019-07-29.min.json") &&
         fs::exists(mods + "/@cdktf/hcl2json/package.json") &&
         std::system("node --version >/dev/null 2>&1") == 0;
}

struct NodeResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr.
};

// Runs `node script args` with input on stdin. When expect is non-null, the
// script must also find a string value equal to *expect.
inline NodeResult RunNodeTool(const std::string& script,
                              const std::string& input,
                              const std::string& args = "",
                              const std::string* expect = nullptr) {
  NodeResult result;
  char path[] = "/tmp/waftune_node_input_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0)
    return result;
  FILE* f = fdopen(fd, "wb");
  fwrite(input.data(), 1, input.size(), f);
  fclose(f);
  if (expect != nullptr)
    setenv("WAFTUNE_EXPECT_STRING", expect->c_str(), 1);
  const std::string cmd = "node '" + ToolsDir() + "/" + script + "' " + args +
                          " < '" + path + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p != nullptr) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
      result.output.append(buf, n);
    const int status = pclose(p);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  unsetenv("WAFTUNE_EXPECT_STRING");
  unlink(path);
  return result;
}

// Runs parse_hcl.js --multi over docs in one node process (loading the HCL
// parser costs about a second). Returns one line per document, "ok" or
// "FAIL <messages>"; a doc starting with "#raw\n" is parsed as a whole file.
inline std::vector<std::string> RunHclMulti(
    const std::vector<std::string>& docs, const std::string* expect = nullptr) {
  std::string input;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (i)
      input += "\n#--- waftune document ---\n";
    input += docs[i];
  }
  const NodeResult r = RunNodeTool("parse_hcl.js", input, "--multi", expect);
  std::vector<std::string> lines(docs.size(), "FAIL no result: " + r.output);
  size_t start = 0;
  while (start < r.output.size()) {
    size_t end = r.output.find('\n', start);
    if (end == std::string::npos)
      end = r.output.size();
    const std::string line = r.output.substr(start, end - start);
    size_t index = 0;
    if (std::sscanf(line.c_str(), "doc %zu:", &index) == 1 &&
        index < docs.size()) {
      lines[index] = line.substr(line.find(':') + 2);
    }
    start = end + 1;
  }
  return lines;
}

}  // namespace waftune::testing

#define WAFTUNE_REQUIRE_VALIDATORS()                                        \
  do {                                                                      \
    if (!::waftune::testing::ValidatorsInstalled()) {                       \
      if (std::getenv("CI") != nullptr) {                                   \
        FAIL() << "node validators missing: run npm install --prefix "      \
                  "tests/tools";                                            \
      }                                                                     \
      GTEST_SKIP() << "node validators missing: run `npm install --prefix " \
                      "tests/tools` to check emitted WAFv2 JSON and HCL";   \
    }                                                                       \
  } while (0)

#endif  // WAFTUNE_TESTS_TOOLS_NODE_VALIDATOR_H_
