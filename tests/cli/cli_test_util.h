// Runs the built waftune binary for end-to-end tests.
#ifndef WAFTUNE_TESTS_CLI_CLI_TEST_UTIL_H_
#define WAFTUNE_TESTS_CLI_CLI_TEST_UTIL_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace waftune::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
};

// Runs `waftune ARGS` through the shell (stderr to /dev/null unless the
// arguments redirect it). ARGS must be trusted test text.
inline RunResult RunWaftune(const std::string& args) {
  RunResult r;
  std::string cmd = std::string(WAFTUNE_BINARY) + " " + args;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string TestData(const std::string& rel) {
  return std::string(WAFTUNE_TEST_DATA) + "/" + rel;
}

}  // namespace waftune::testing

#endif  // WAFTUNE_TESTS_CLI_CLI_TEST_UTIL_H_
