// Plain files are memory-mapped and split in place (io/mapped_file.h): the
// lines, numbers, skips and padding must be exactly those of the streamed
// path for every shape of content, including a file that ends on a page
// boundary (its last line's padding would run past the mapping).
#include "io/mapped_file.h"

#include <unistd.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/byte_source.h"
#include "io/line_reader.h"
#include "io_test_util.h"

namespace waftune {
namespace {

using testing::Line;
using testing::ReadLines;
using testing::SampleLines;
using testing::TempDir;

struct Read {
  std::vector<Line> lines;
  uint64_t skipped = 0;
  uint64_t bytes = 0;
  bool mapped = false;
};

Read FromFile(const std::string& path, LineReaderOptions options = {}) {
  Diagnostics diag;
  auto source = OpenInput(InputFile{path}, &diag);
  EXPECT_TRUE(source.ok());
  Read r;
  r.mapped = (*source)->mapped() != nullptr;
  LineReader reader(std::move(*source), path, &diag, options);
  r.lines = ReadLines(&reader);
  r.skipped = diag.skipped();
  r.bytes = reader.bytes();
  return r;
}

Read FromMemory(const std::string& data, LineReaderOptions options = {}) {
  Diagnostics diag;
  LineReader reader(OpenMemory(data, "mem", &diag), "mem", &diag, options);
  Read r;
  r.lines = ReadLines(&reader);
  r.skipped = diag.skipped();
  r.bytes = reader.bytes();
  return r;
}

void ExpectSameAsStream(const std::string& data, LineReaderOptions options = {}) {
  TempDir dir;
  Read mapped = FromFile(dir.Write("in.log", data), options);
  Read streamed = FromMemory(data, options);
  EXPECT_TRUE(mapped.mapped);
  EXPECT_EQ(mapped.lines, streamed.lines);
  EXPECT_EQ(mapped.skipped, streamed.skipped);
  EXPECT_EQ(mapped.bytes, data.size());
}

TEST(MappedFileTest, RegularFilesAreMappedMemoryAndStdinAreNot) {
  TempDir dir;
  Diagnostics diag;
  auto file = OpenInput(InputFile{dir.Write("a.log", "x\n")}, &diag);
  ASSERT_TRUE(file.ok());
  EXPECT_NE((*file)->mapped(), nullptr);
  EXPECT_EQ(OpenMemory("x\n", "m", &diag)->mapped(), nullptr);
  auto empty = OpenInput(InputFile{dir.Write("e.log", "")}, &diag);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ((*empty)->mapped(), nullptr);  // mmap cannot map 0 bytes.
}

TEST(MappedFileTest, GzipFilesAreDecodedNotMapped) {
  TempDir dir;
  Diagnostics diag;
  auto gz = OpenInput(
      InputFile{dir.Write("a.log.gz", testing::GzipMember(SampleLines(5)))}, &diag);
  ASSERT_TRUE(gz.ok());
  EXPECT_EQ((*gz)->mapped(), nullptr);
}

TEST(MappedFileTest, LinesEqualTheStreamedPath) {
  ExpectSameAsStream(SampleLines(500));
  ExpectSameAsStream("a\r\nb\n\nc");               // CRLF, empty, no final \n.
  ExpectSameAsStream(std::string("x\0y\n\n", 5));  // NUL bytes pass through.
  ExpectSameAsStream("\n\n\n");
  ExpectSameAsStream("only");
}

TEST(MappedFileTest, FileEndingOnAPageBoundaryKeepsPaddingReadable) {
  long page = sysconf(_SC_PAGESIZE);
  for (size_t tail : {0, 1, 63, 64, 65}) {
    std::string data(static_cast<size_t>(page) * 2 - tail, 'a');
    data[100] = '\n';
    if (tail > 0) data[data.size() - tail] = '\n';
    SCOPED_TRACE(tail);
    ExpectSameAsStream(data);
    ExpectSameAsStream(data + "\n");
  }
}

TEST(MappedFileTest, LongLinesAreSkippedAndCountedLikeTheStream) {
  LineReaderOptions options;
  options.max_line_bytes = 100;
  std::string data = "short\n" + std::string(500, 'L') + "\nafter\n" +
                     std::string(101, 'M');
  ExpectSameAsStream(data, options);
  TempDir dir;
  Read r = FromFile(dir.Write("long.log", data), options);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1], (Line{"after", 3}));
  EXPECT_EQ(r.skipped, 2u);
}

TEST(MappedFileTest, FilesLargerThanTheDropStepReadWhole) {
  // Over 16 MiB: consumed pages are released while reading on.
  std::string data = SampleLines(300000);
  ASSERT_GT(data.size(), size_t{17} << 20);
  ExpectSameAsStream(data);
}

// The backslash flag tells the WAF parser whether strings can hold escapes,
// the plain flag whether its whole-record fast path may run: they must hold
// for exactly the right lines, mapped or streamed.
TEST(MappedFileTest, BackslashAndPlainFlagsArePerLineInBothModes) {
  std::string data = std::string(100, 'a') + "\\b\n" + std::string(100, 'c') +
                     "\n\\\n" + "tail\n" + "caf\xc3\xa9\n";
  const std::vector<bool> expected = {true, false, true, false, false};
  const std::vector<bool> expected_plain = {false, true, false, true, false};
  TempDir dir;
  std::string path = dir.Write("bs.log", data);
  for (bool mapped : {true, false}) {
    SCOPED_TRACE(mapped);
    Diagnostics diag;
    std::unique_ptr<ByteSource> source =
        mapped ? std::move(*OpenInput(InputFile{path}, &diag))
               : OpenMemory(data, "mem", &diag);
    LineReader reader(std::move(source), "x", &diag);
    std::vector<bool> seen, plain;
    std::string_view line;
    while (reader.Next(&line)) {
      seen.push_back(reader.line_has_backslash());
      plain.push_back(reader.line_is_plain());
    }
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(plain, expected_plain);
  }
}

TEST(MappedFileTest, ReadStillServesTheWholeFile) {
  TempDir dir;
  std::string data = SampleLines(300);
  Diagnostics diag;
  auto source = OpenInput(InputFile{dir.Write("r.log", data)}, &diag);
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(testing::ReadAll(source->get(), 1000), data);
  EXPECT_EQ((*source)->raw_bytes(), data.size());
}

}  // namespace
}  // namespace waftune
