#include "io/byte_source.h"

#include <random>
#include <string>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "io/gzip_source.h"
#include "io_test_util.h"

namespace waftune {
namespace {

using testing::GzipMember;
using testing::ReadAll;
using testing::SampleLines;
using testing::TempDir;

// Every gzip behaviour must hold for both decoders, so a switch of
// kDefaultDecoder cannot change results.
class GzipSourceTest : public ::testing::TestWithParam<GzipDecoder> {
 protected:
  std::string Decode(const std::string& bytes, size_t step = 1 << 16) {
    std::unique_ptr<ByteSource> src =
        OpenMemoryWith(bytes, "in.gz", &diag_, GetParam());
    return ReadAll(src.get(), step);
  }
  std::string FirstReason() const {
    return diag_.examples().empty() ? "" : diag_.examples()[0].reason;
  }
  Diagnostics diag_;
};

std::string DecoderTestName(
    const ::testing::TestParamInfo<GzipDecoder>& param_info) {
  return param_info.param == GzipDecoder::kIsal ? "Isal" : "Zlib";
}

INSTANTIATE_TEST_SUITE_P(Decoders, GzipSourceTest,
                         ::testing::Values(GzipDecoder::kIsal,
                                           GzipDecoder::kZlib),
                         DecoderTestName);

TEST_P(GzipSourceTest, DecodesOneMember) {
  std::string data = SampleLines(1000);
  EXPECT_EQ(Decode(GzipMember(data)), data);
  EXPECT_EQ(diag_.warnings(), 0u);
}

TEST_P(GzipSourceTest, DecodesConcatenatedMembers) {
  std::string a = SampleLines(500), b = SampleLines(700, 500),
              c = SampleLines(3, 1200);
  EXPECT_EQ(Decode(GzipMember(a) + GzipMember(b, 1) + GzipMember(c, 9)),
            a + b + c);
  EXPECT_EQ(diag_.warnings(), 0u);
}

TEST_P(GzipSourceTest, EmptyMemberIsValidAndDecodingContinues) {
  // `gzip < /dev/null` output: a well-formed member of zero bytes, which a
  // Firehose flush can produce. gzip -d accepts it, and so do we.
  std::string a = SampleLines(10), b = SampleLines(10, 10);
  EXPECT_EQ(Decode(GzipMember(a) + GzipMember("") + GzipMember(b)), a + b);
  EXPECT_EQ(diag_.warnings(), 0u);
}

TEST_P(GzipSourceTest, TinyReadsReassembleTheSameBytes) {
  std::string a = SampleLines(300), b = SampleLines(300, 300);
  std::string gz = GzipMember(a) + GzipMember(b);
  for (size_t step : {1u, 3u, 7u, 4096u}) {
    EXPECT_EQ(Decode(gz, step), a + b) << "step " << step;
  }
  EXPECT_EQ(diag_.warnings(), 0u);
}

TEST_P(GzipSourceTest, LargeInputCrossesInputBuffer) {
  // Incompressible-ish text makes the compressed stream larger than one
  // input buffer, so members straddle refills.
  std::mt19937 rng(7);
  std::string a;
  while (a.size() < 3 * kGzipInputBytes) {
    a += std::to_string(rng()) + "," + std::to_string(rng()) + "\n";
  }
  std::string gz = GzipMember(a.substr(0, a.size() / 2)) +
                   GzipMember(a.substr(a.size() / 2));
  ASSERT_GT(gz.size(), kGzipInputBytes);
  std::unique_ptr<ByteSource> src =
      OpenMemoryWith(gz, "in.gz", &diag_, GetParam());
  EXPECT_EQ(ReadAll(src.get(), 1 << 20), a);
  EXPECT_EQ(src->raw_bytes(), gz.size());
  EXPECT_EQ(diag_.warnings(), 0u);
}

TEST_P(GzipSourceTest, TruncatedMemberKeepsDecodedPrefixAndWarns) {
  std::string a = SampleLines(2000), b = SampleLines(20000, 2000);
  std::string gz_a = GzipMember(a);
  std::string gz = gz_a + GzipMember(b);
  size_t cut = gz_a.size() + (gz.size() - gz_a.size()) / 2;
  std::string out = Decode(gz.substr(0, cut));
  std::string all = a + b;
  ASSERT_LE(out.size(), all.size());
  EXPECT_EQ(out, all.substr(0, out.size()));  // A prefix, never garbage.
  EXPECT_GT(out.size(), a.size());  // Blocks before the cut were kept.
  EXPECT_EQ(diag_.warnings(), 1u);
  EXPECT_EQ(diag_.skipped(), 0u);
  ASSERT_EQ(diag_.examples().size(), 1u);
  EXPECT_EQ(diag_.examples()[0].file, "in.gz");
  EXPECT_NE(FirstReason().find("truncated gzip member at compressed offset " +
                               std::to_string(cut)),
            std::string::npos)
      << FirstReason();
  EXPECT_NE(
      FirstReason().find("member starts at " + std::to_string(gz_a.size())),
      std::string::npos)
      << FirstReason();
}

TEST_P(GzipSourceTest, MissingTrailerKeepsAllDataAndWarns) {
  std::string a = SampleLines(100);
  std::string gz = GzipMember(a);
  EXPECT_EQ(Decode(gz.substr(0, gz.size() - 4)), a);
  EXPECT_EQ(diag_.warnings(), 1u);
  EXPECT_NE(FirstReason().find("truncated"), std::string::npos);
}

TEST_P(GzipSourceTest, MagicAloneIsATruncatedMember) {
  EXPECT_EQ(Decode(std::string("\x1f\x8b", 2)), "");
  EXPECT_EQ(diag_.warnings(), 1u);
  EXPECT_NE(FirstReason().find("truncated"), std::string::npos);
}

TEST_P(GzipSourceTest, GarbageAfterMemberKeepsDataWarnsAndEnds) {
  std::string a = SampleLines(50);
  std::string gz_a = GzipMember(a);
  std::string out = Decode(gz_a + "not gzip at all\n" + GzipMember("lost"));
  EXPECT_EQ(out, a);
  EXPECT_EQ(diag_.warnings(), 1u);
  EXPECT_NE(FirstReason().find("garbage after gzip member at compressed "
                               "offset " +
                               std::to_string(gz_a.size())),
            std::string::npos)
      << FirstReason();
}

TEST_P(GzipSourceTest, SingleTrailingByteIsGarbage) {
  std::string a = SampleLines(5);
  EXPECT_EQ(Decode(GzipMember(a) + std::string(1, '\0')), a);
  EXPECT_EQ(diag_.warnings(), 1u);
  EXPECT_NE(FirstReason().find("garbage"), std::string::npos);
}

TEST_P(GzipSourceTest, BadCrcKeepsDataAndWarns) {
  std::string a = SampleLines(100);
  std::string gz = GzipMember(a);
  gz[gz.size() - 8] ^= 0x55;  // First CRC-32 byte of the trailer.
  EXPECT_EQ(Decode(gz + GzipMember("after")), a);
  EXPECT_EQ(diag_.warnings(), 1u);
  EXPECT_NE(FirstReason().find("compressed offset"), std::string::npos);
}

TEST_P(GzipSourceTest, BadHeaderAfterMagicWarns) {
  std::string a = SampleLines(5);
  std::string bad = GzipMember("x");
  bad[2] = 7;  // Compression method other than deflate.
  EXPECT_EQ(Decode(GzipMember(a) + bad), a);
  EXPECT_EQ(diag_.warnings(), 1u);
}

TEST_P(GzipSourceTest, RandomDamageNeverCrashes) {
  // Attacker-controlled bytes: any damage must end in a warning, not a
  // crash or a hang (ASan/UBSan builds check the memory side).
  std::string data = SampleLines(3000);
  std::string gz = GzipMember(data) + GzipMember(data);
  std::mt19937 rng(1234);
  for (int i = 0; i < 200; ++i) {
    std::string bad = gz;
    if (i % 2 == 0) {
      for (int k = 0; k < 1 + i % 5; ++k)
        bad[rng() % bad.size()] = rng();
    } else {
      bad.resize(rng() % bad.size());
    }
    Diagnostics diag;
    std::unique_ptr<ByteSource> src =
        OpenMemoryWith(bad, "fuzz.gz", &diag, GetParam());
    std::string out = ReadAll(src.get(), 1 + rng() % 100000);
    EXPECT_LE(out.size(), 2 * data.size() + (1u << 20));
  }
}

TEST(ByteSourceTest, PlainTextPassesThrough) {
  Diagnostics diag;
  std::string data("line one\r\nline\0two\n", 19);
  std::unique_ptr<ByteSource> src = OpenMemory(data, "a.log.gz", &diag);
  EXPECT_EQ(ReadAll(src.get(), 5), data);
  EXPECT_EQ(src->raw_bytes(), data.size());
  EXPECT_EQ(diag.warnings(), 0u);
}

TEST(ByteSourceTest, GzipDetectedByContentNotName) {
  Diagnostics diag;
  std::string data = SampleLines(20);
  std::unique_ptr<ByteSource> src =
      OpenMemory(GzipMember(data), "a.log", &diag);
  EXPECT_EQ(ReadAll(src.get()), data);
}

TEST(ByteSourceTest, EmptyAndOneByteInputsArePlain) {
  Diagnostics diag;
  EXPECT_EQ(ReadAll(OpenMemory("", "e", &diag).get()), "");
  EXPECT_EQ(ReadAll(OpenMemory("\x1f", "one", &diag).get()), "\x1f");
  EXPECT_EQ(diag.warnings(), 0u);
}

TEST(ByteSourceTest, OpensFilesOnDisk) {
  TempDir dir;
  std::string data = SampleLines(5000);
  std::string gz = GzipMember(data);
  Diagnostics diag;
  for (const std::string& content : {data, gz, std::string()}) {
    std::string p = dir.Write("f", content);
    Result<std::unique_ptr<ByteSource>> src =
        OpenInput(InputFile{p, false, content.size()}, &diag);
    ASSERT_TRUE(src.ok()) << src.status().ToString();
    EXPECT_EQ(ReadAll(src->get()), content.empty() ? "" : data);
    EXPECT_EQ((*src)->raw_bytes(), content.size());
  }
  EXPECT_EQ(diag.warnings(), 0u);
}

TEST(ByteSourceTest, MissingFileIsIOError) {
  Diagnostics diag;
  Result<std::unique_ptr<ByteSource>> src =
      OpenInput(InputFile{"/nonexistent/waftune.log", false, 0}, &diag);
  ASSERT_FALSE(src.ok());
  EXPECT_EQ(src.status().code(), Status::Code::kIOError);
  EXPECT_NE(src.status().message().find("/nonexistent/waftune.log"),
            std::string::npos);
}

TEST(ByteSourceTest, DirectoryReadIsAnError) {
  TempDir dir;
  Diagnostics diag;
  Result<std::unique_ptr<ByteSource>> src =
      OpenInput(InputFile{dir.path(), false, 0}, &diag);
  EXPECT_FALSE(src.ok());
}

// Runs `body` with stdin replaced by a pipe fed `bytes` from a thread.
template <typename F>
void WithPipedStdin(const std::string& bytes, F body) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  int saved = dup(STDIN_FILENO);
  ASSERT_EQ(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
  close(fds[0]);
  std::thread writer([&] {
    // Small writes so the reader sees short reads, as from a real pipe.
    for (size_t off = 0; off < bytes.size(); off += 4099) {
      size_t n = std::min<size_t>(4099, bytes.size() - off);
      if (write(fds[1], bytes.data() + off, n) != static_cast<ssize_t>(n)) {
        break;
      }
    }
    close(fds[1]);
  });
  body();
  writer.join();
  dup2(saved, STDIN_FILENO);
  close(saved);
}

TEST(ByteSourceTest, ReadsGzipFromNonSeekableStdin) {
  std::string a = SampleLines(4000), b = SampleLines(10, 4000);
  std::string gz = GzipMember(a) + GzipMember(b);
  WithPipedStdin(gz, [&] {
    Diagnostics diag;
    Result<std::unique_ptr<ByteSource>> src =
        OpenInput(InputFile{"-", true, 0}, &diag);
    ASSERT_TRUE(src.ok());
    EXPECT_EQ(ReadAll(src->get()), a + b);
    EXPECT_EQ((*src)->raw_bytes(), gz.size());
    EXPECT_EQ(diag.warnings(), 0u);
  });
}

TEST(ByteSourceTest, ReadsPlainTextFromStdin) {
  std::string data = SampleLines(3000);
  WithPipedStdin(data, [&] {
    Diagnostics diag;
    Result<std::unique_ptr<ByteSource>> src =
        OpenInput(InputFile{"-", true, 0}, &diag);
    ASSERT_TRUE(src.ok());
    EXPECT_EQ(ReadAll(src->get()), data);
  });
}

}  // namespace
}  // namespace waftune
