// Runs SQL in DuckDB (tests/sql/run_duckdb.js, @duckdb/node-api) from C++
// tests. Needs `npm ci --prefix tests/sql`. WAFTUNE_REQUIRE_DUCKDB() skips
// a test when that is missing, but fails it when CI is set, so CI cannot
// pass without running the SQL. Test-only; not thread-safe.
#ifndef WAFTUNE_TESTS_SQL_DUCKDB_RUNNER_H_
#define WAFTUNE_TESTS_SQL_DUCKDB_RUNNER_H_

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace waftune::testing {

inline std::string SqlToolsDir() { return std::string(WAFTUNE_SOURCE_DIR) + "/tests/sql"; }

inline bool DuckDbInstalled() {
  return std::filesystem::exists(SqlToolsDir() + "/node_modules/@duckdb/node-api/package.json") &&
         std::system("node --version >/dev/null 2>&1") == 0;
}

struct DuckDbResult {
  int exit_code = -1;
  std::string output;  // JSON array of row objects, or the error text.
};

// Runs the script; the rows of its last statement come back as JSON.
inline DuckDbResult RunDuckDb(const std::string& sql) {
  DuckDbResult result;
  char path[] = "/tmp/waftune_duckdb_sql_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return result;
  FILE* f = fdopen(fd, "wb");
  fwrite(sql.data(), 1, sql.size(), f);
  fclose(f);
  const std::string cmd =
      "node '" + SqlToolsDir() + "/run_duckdb.js' < '" + path + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p != nullptr) {
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) result.output.append(buf, n);
    const int status = pclose(p);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  unlink(path);
  return result;
}

}  // namespace waftune::testing

#define WAFTUNE_REQUIRE_DUCKDB()                                                  \
  do {                                                                            \
    if (!::waftune::testing::DuckDbInstalled()) {                                 \
      if (std::getenv("CI") != nullptr) {                                         \
        FAIL() << "DuckDB missing: run npm ci --prefix tests/sql";                \
      }                                                                           \
      GTEST_SKIP() << "DuckDB missing: run `npm ci --prefix tests/sql` to run "   \
                      "the generated SQL";                                        \
    }                                                                             \
  } while (0)

#endif  // WAFTUNE_TESTS_SQL_DUCKDB_RUNNER_H_
