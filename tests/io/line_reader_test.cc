#include "io/line_reader.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io_test_util.h"

namespace waftune {
namespace {

using testing::GzipMember;
using testing::Line;
using testing::ReadLines;
using testing::SampleLines;

// A source that hands out at most `max_read` bytes per call, records the
// largest buffer it was offered, and can fail after its data.
class ScriptedSource : public ByteSource {
 public:
  ScriptedSource(std::string data, size_t max_read, bool fail_at_end = false)
      : data_(std::move(data)), max_read_(max_read), fail_(fail_at_end) {}
  Result<size_t> Read(char* buf, size_t n) override {
    largest_request_ = std::max(largest_request_, n);
    if (pos_ == data_.size() && fail_) {
      return Status::IOError("scripted", "Input/output error");
    }
    size_t k = std::min({n, max_read_, data_.size() - pos_});
    std::copy_n(data_.data() + pos_, k, buf);
    pos_ += k;
    return k;
  }
  uint64_t raw_bytes() const override { return pos_; }
  size_t largest_request() const { return largest_request_; }

 private:
  std::string data_;
  size_t max_read_;
  bool fail_;
  size_t pos_ = 0;
  size_t largest_request_ = 0;
};

std::vector<Line> ReadString(const std::string& data, Diagnostics* diag,
                             LineReaderOptions opt = {}) {
  LineReader r(OpenMemory(data, "mem.log", diag), "mem.log", diag, opt);
  return ReadLines(&r);
}

std::vector<std::string> Texts(const std::vector<Line>& lines) {
  std::vector<std::string> t;
  for (const Line& l : lines)
    t.push_back(l.text);
  return t;
}

TEST(LineReaderTest, SplitsLinesWithOneBasedNumbers) {
  Diagnostics diag;
  std::vector<Line> lines = ReadString("a\nbb\n\nccc\n", &diag);
  EXPECT_EQ(lines,
            (std::vector<Line>{{"a", 1}, {"bb", 2}, {"", 3}, {"ccc", 4}}));
  EXPECT_EQ(diag.skipped(), 0u);
}

TEST(LineReaderTest, DropsCarriageReturnBeforeNewline) {
  Diagnostics diag;
  std::vector<Line> lines = ReadString("a\r\nb\rc\r\n\r\nd\r", &diag);
  EXPECT_EQ(Texts(lines), (std::vector<std::string>{"a", "b\rc", "", "d"}));
}

TEST(LineReaderTest, ReturnsLastLineWithoutNewline) {
  Diagnostics diag;
  EXPECT_EQ(ReadString("x\ny", &diag), (std::vector<Line>{{"x", 1}, {"y", 2}}));
}

TEST(LineReaderTest, EmptyInputHasNoLines) {
  Diagnostics diag;
  LineReader r(OpenMemory("", "e", &diag), "e", &diag);
  std::string_view line;
  EXPECT_FALSE(r.Next(&line));
  EXPECT_FALSE(r.Next(&line));  // Stays at the end.
  EXPECT_EQ(r.line_no(), 0u);
  EXPECT_EQ(r.bytes(), 0u);
}

TEST(LineReaderTest, PassesNulBytesThrough) {
  Diagnostics diag;
  std::string data("a\0b\n\0\n", 6);
  std::vector<Line> lines = ReadString(data, &diag);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, std::string("a\0b", 3));
  EXPECT_EQ(lines[1].text, std::string(1, '\0'));
}

TEST(LineReaderTest, LinesCrossingChunkBoundariesAreWhole) {
  std::string data = SampleLines(200) + "tail\r\n\r\nlast";
  Diagnostics ref_diag;
  std::vector<Line> want = ReadString(data, &ref_diag);
  ASSERT_EQ(want.size(), 203u);
  for (size_t chunk : {1u, 2u, 3u, 7u, 64u, 65u, 1000u}) {
    for (size_t max_read : {1u, 5u, 100000u}) {
      Diagnostics diag;
      LineReaderOptions opt;
      opt.chunk_bytes = chunk;
      LineReader r(std::make_unique<ScriptedSource>(data, max_read), "s", &diag,
                   opt);
      EXPECT_EQ(ReadLines(&r), want)
          << "chunk " << chunk << " read " << max_read;
      EXPECT_EQ(r.bytes(), data.size());
      EXPECT_EQ(diag.skipped(), 0u);
    }
  }
}

TEST(LineReaderTest, SkipsLongLineReportsItAndReturnsTheNext) {
  Diagnostics diag;
  LineReaderOptions opt;
  opt.max_line_bytes = 10;
  opt.chunk_bytes = 4;
  std::string data = "short\n" + std::string(100, 'x') + "\nafter\n";
  std::vector<Line> lines = ReadString(data, &diag, opt);
  EXPECT_EQ(lines, (std::vector<Line>{{"short", 1}, {"after", 3}}));
  EXPECT_EQ(diag.skipped(), 1u);
  ASSERT_EQ(diag.examples().size(), 1u);
  EXPECT_EQ(diag.examples()[0].file, "mem.log");
  EXPECT_EQ(diag.examples()[0].line, 2u);
  EXPECT_EQ(diag.examples()[0].reason, "line longer than 10 bytes");
}

TEST(LineReaderTest, LongLineInsideOneChunkIsAlsoSkipped) {
  Diagnostics diag;
  LineReaderOptions opt;
  opt.max_line_bytes = 10;  // The whole input fits one 4 MiB chunk.
  std::vector<Line> lines =
      ReadString("0123456789\n0123456789A\n0123456789\r\nz", &diag, opt);
  EXPECT_EQ(lines, (std::vector<Line>{
                       {"0123456789", 1}, {"0123456789", 3}, {"z", 4}}));
  EXPECT_EQ(diag.skipped(), 1u);
  EXPECT_EQ(diag.examples()[0].line, 2u);
}

TEST(LineReaderTest, LongLastLineWithoutNewlineIsSkipped) {
  Diagnostics diag;
  LineReaderOptions opt;
  opt.max_line_bytes = 8;
  opt.chunk_bytes = 3;
  std::vector<Line> lines =
      ReadString("ok\n" + std::string(50, 'y'), &diag, opt);
  EXPECT_EQ(lines, (std::vector<Line>{{"ok", 1}}));
  EXPECT_EQ(diag.skipped(), 1u);
}

TEST(LineReaderTest, HugeLimitsDoNotOverflow) {
  Diagnostics diag;
  LineReaderOptions opt;
  opt.max_line_bytes = SIZE_MAX;
  opt.chunk_bytes = 16;
  EXPECT_EQ(
      Texts(
          ReadString("first line\nsecond line, longer than 16\n", &diag, opt)),
      (std::vector<std::string>{"first line", "second line, longer than 16"}));
  EXPECT_EQ(diag.skipped(), 0u);
}

TEST(LineReaderTest, NeverHoldsALongLineWhole) {
  Diagnostics diag;
  LineReaderOptions opt;
  opt.max_line_bytes = 1000;
  opt.chunk_bytes = 100;
  std::string data = "a\n" + std::string(1 << 20, 'L') + "\nb\n";
  auto src = std::make_unique<ScriptedSource>(data, 1 << 30);
  ScriptedSource* raw = src.get();
  LineReader r(std::move(src), "s", &diag, opt);
  EXPECT_EQ(Texts(ReadLines(&r)), (std::vector<std::string>{"a", "b"}));
  // The largest Read() offered is the buffer's free room: bounded by
  // max_line_bytes + chunk_bytes, not by the 1 MiB line.
  EXPECT_LE(raw->largest_request(), opt.max_line_bytes + 1 + opt.chunk_bytes);
  EXPECT_EQ(r.bytes(), data.size());
}

TEST(LineReaderTest, PaddingAfterEveryLineIsReadable) {
  // Small chunks and reads put line ends at every offset of the buffer,
  // including its last data byte; ReadLines reads each line's padding.
  for (size_t chunk = 1; chunk <= 12; ++chunk) {
    for (size_t max_read = 1; max_read <= 4; ++max_read) {
      Diagnostics diag;
      LineReaderOptions opt;
      opt.chunk_bytes = chunk;
      LineReader r(
          std::make_unique<ScriptedSource>("abcd\nefgh\n\nij", max_read), "s",
          &diag, opt);
      EXPECT_EQ(Texts(ReadLines(&r)),
                (std::vector<std::string>{"abcd", "efgh", "", "ij"}));
    }
  }
}

TEST(LineReaderTest, ReadsManyLinesFromMultiMemberGzip) {
  std::string a = SampleLines(60000), b = SampleLines(40000, 60000);
  std::string gz = GzipMember(a) + GzipMember(b);
  Diagnostics diag;
  LineReaderOptions opt;
  opt.chunk_bytes = 1 << 16;
  LineReader r(OpenMemory(gz, "many.gz", &diag), "many.gz", &diag, opt);
  std::string_view line;
  std::string rebuilt;
  uint64_t n = 0;
  while (r.Next(&line)) {
    ++n;
    ASSERT_EQ(r.line_no(), n);
    rebuilt.append(line).push_back('\n');
  }
  EXPECT_EQ(n, 100000u);
  EXPECT_EQ(rebuilt, a + b);
  EXPECT_EQ(r.bytes(), a.size() + b.size());  // Uncompressed, not gz.size().
  EXPECT_EQ(diag.warnings(), 0u);
}

TEST(LineReaderTest, TruncatedGzipYieldsLinesBeforeDamage) {
  std::string a = SampleLines(5000);
  std::string gz = GzipMember(a);
  Diagnostics diag;
  LineReader r(OpenMemory(gz.substr(0, gz.size() / 2), "cut.gz", &diag),
               "cut.gz", &diag);
  std::vector<Line> lines = ReadLines(&r);
  ASSERT_GT(lines.size(), 100u);
  // All but the last (possibly cut) line are intact, in order.
  std::string expect_prefix;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    expect_prefix += lines[i].text + "\n";
  }
  EXPECT_EQ(a.substr(0, expect_prefix.size()), expect_prefix);
  EXPECT_EQ(diag.warnings(), 1u);
}

TEST(LineReaderTest, ReadErrorIsReportedAndEndsInput) {
  Diagnostics diag;
  LineReader r(std::make_unique<ScriptedSource>("one\ntwo\npart", 3, true),
               "bad.log", &diag);
  EXPECT_EQ(Texts(ReadLines(&r)),
            (std::vector<std::string>{"one", "two", "part"}));
  EXPECT_EQ(diag.warnings(), 1u);
  ASSERT_EQ(diag.examples().size(), 1u);
  EXPECT_NE(diag.examples()[0].reason.find("Input/output error"),
            std::string::npos);
}

std::vector<std::string> ReadFixture(const std::string& name,
                                     Diagnostics* diag) {
  std::string path = std::string(WAFTUNE_TEST_DATA) + "/io/" + name;
  Result<std::unique_ptr<ByteSource>> src =
      OpenInput(InputFile{path, false, 0}, diag);
  EXPECT_TRUE(src.ok()) << src.status().ToString();
  if (!src.ok())
    return {};
  LineReader r(std::move(*src), path, diag);
  return Texts(ReadLines(&r));
}

TEST(LineReaderTest, ReadsRealWafLogFixtures) {
  // Two gzip members (-9 and -1, as `gzip -n` writes them) of the 11 AWS
  // example records, and the first 3 records with CRLF endings.
  Diagnostics diag;
  std::vector<std::string> gz = ReadFixture("waf-two-members.ndjson.gz", &diag);
  std::vector<std::string> crlf = ReadFixture("waf-crlf.ndjson", &diag);
  ASSERT_EQ(gz.size(), 11u);
  ASSERT_EQ(crlf.size(), 3u);
  for (const std::string& line : gz) {
    EXPECT_EQ(line.front(), '{');
    EXPECT_EQ(line.back(), '}');
  }
  for (size_t i = 0; i < crlf.size(); ++i)
    EXPECT_EQ(crlf[i], gz[i]);
  EXPECT_EQ(diag.warnings() + diag.skipped(), 0u);
}

}  // namespace
}  // namespace waftune
