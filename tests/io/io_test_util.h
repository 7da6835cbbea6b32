// Helpers for the io tests: gzip members built with zlib, a scratch
// directory removed at the end, and draining a ByteSource.
#ifndef WAFTUNE_TESTS_IO_IO_TEST_UTIL_H_
#define WAFTUNE_TESTS_IO_IO_TEST_UTIL_H_

#include <fcntl.h>
#include <filesystem>
#include <stdlib.h>
#include <string>
#include <string_view>
#include <vector>
#include <unistd.h>
#include <zlib.h>

#include <gtest/gtest.h>

#include "io/byte_source.h"
#include "io/line_reader.h"

namespace waftune::testing {

// One complete gzip member holding `data`.
inline std::string GzipMember(const std::string& data, int level = 6) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// JSON-like lines, distinct enough that a wrong byte is noticed.
inline std::string SampleLines(int n, int first = 0) {
  std::string s;
  for (int i = first; i < first + n; ++i) {
    s += "{\"timestamp\":" + std::to_string(1700000000000LL + i * 7919LL) +
         ",\"action\":\"" + (i % 3 == 0 ? "BLOCK" : "ALLOW") +
         "\",\"uri\":\"/item/" + std::to_string(i * 31 % 1009) + "\"}\n";
  }
  return s;
}

inline std::string ReadAll(ByteSource* src, size_t step = 1 << 16) {
  std::string out;
  std::string buf(step, '\0');
  for (;;) {
    Result<size_t> got = src->Read(buf.data(), buf.size());
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    if (!got.ok() || *got == 0)
      return out;
    out.append(buf.data(), *got);
  }
}

// One line as LineReader returned it, with its 1-based number.
struct Line {
  std::string text;
  uint64_t no;
  bool operator==(const Line& o) const { return text == o.text && no == o.no; }
};

// Every line of the reader.
inline std::vector<Line> ReadLines(LineReader* r) {
  std::vector<Line> out;
  std::string_view line;
  while (r->Next(&line)) {
    // Touch every padding byte: ASan flags any that is out of bounds.
    volatile char sink = 0;
    for (size_t i = 0; i < kLinePadding; ++i)
      sink = sink ^ line.data()[line.size() + i];
    out.push_back({std::string(line), r->line_no()});
  }
  return out;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "waftune_io_XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    // Restore permissions the tests took away so removal succeeds.
    for (auto it = std::filesystem::recursive_directory_iterator(
             path_, std::filesystem::directory_options::skip_permission_denied,
             ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); ++it) {
      if (!it->is_symlink())
        chmod(it->path().c_str(), 0755);
    }
    chmod(path_.c_str(), 0755);
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& rel) const { return path_ + "/" + rel; }
  // Writes `data` to rel, creating parent directories.
  std::string Write(const std::string& rel, const std::string& data) const {
    std::string p = Sub(rel);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    int fd = open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(write(fd, data.data(), data.size()),
              static_cast<ssize_t>(data.size()));
    close(fd);
    return p;
  }

 private:
  std::string path_;
};

}  // namespace waftune::testing

#endif  // WAFTUNE_TESTS_IO_IO_TEST_UTIL_H_
