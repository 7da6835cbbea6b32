// Gzip decoder benchmark: why src/io uses ISA-L (see docs/gzip.md).
//
// Generates (once) a multi-member gzip file of WAF-log-like JSON lines,
// then decodes it with each candidate in the same run: ISA-L and zlib
// through the real ByteSource code path (GzipSource, 4 MiB reads, as
// LineReader does), libdeflate whole-buffer (the file and the output held
// in memory), the full LineReader over ISA-L, and `zcat > /dev/null`.
// Warm page cache; best of --runs. Prints MB/s of uncompressed output.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <libdeflate.h>
#include <random>
#include <string>
#include <vector>
#include <zlib.h>

#include "io/gzip_source.h"
#include "io/line_reader.h"

namespace waftune {
namespace {

using Clock = std::chrono::steady_clock;

// One WAF-like record: random ids, IPs and URIs so the compression ratio is
// close to real logs (about 10x) rather than the 100x+ of repeated text.
void AppendRecord(std::mt19937_64& rng, std::string* out) {
  static const char* kActions[] = {"ALLOW", "BLOCK", "COUNT"};
  static const char* kUris[] = {"/",
                                "/api/v1/items",
                                "/login",
                                "/static/app.js",
                                "/admin/cms/articles",
                                "/search"};
  char buf[1024];
  uint64_t r = rng();
  int n = std::snprintf(
      buf, sizeof buf,
      "{\"timestamp\":%llu,\"formatVersion\":1,\"webaclId\":\"arn:aws:wafv2:"
      "us-east-1:123456789012:regional/webacl/prod/%08llx\",\"terminatingRuleId"
      "\":\"Default_Action\",\"action\":\"%s\",\"httpSourceName\":\"ALB\","
      "\"ruleGroupList\":[],\"httpRequest\":{\"clientIp\":\"%u.%u.%u.%u\","
      "\"country\":\"US\",\"headers\":[{\"name\":\"Host\",\"value\":\"shop."
      "example.com\"},{\"name\":\"User-Agent\",\"value\":\"Mozilla/5.0 (%llu)"
      "\"}],\"uri\":\"%s/%llu\",\"args\":\"q=%llx\",\"httpMethod\":\"GET\","
      "\"requestId\":\"1-%08llx-%016llx\"}}\n",
      1700000000000ULL + (r % 86400000), (unsigned long long)(rng() >> 32),
      kActions[r % 3], unsigned(r >> 8 & 255), unsigned(r >> 16 & 255),
      unsigned(r >> 24 & 255), unsigned(r >> 32 & 255),
      (unsigned long long)(rng() % 50), kUris[(r >> 40) % 6],
      (unsigned long long)(rng() % 100000), (unsigned long long)(rng() >> 40),
      (unsigned long long)(rng() >> 32), (unsigned long long)rng());
  out->append(buf, n);
}

// Members of ~4 MB of text, like a Firehose delivery stream's batches.
bool Generate(const std::string& path, size_t target_bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr)
    return false;
  std::mt19937_64 rng(42);
  size_t total = 0;
  std::string text;
  while (total < target_bytes) {
    text.clear();
    while (text.size() < (4u << 20))
      AppendRecord(rng, &text);
    total += text.size();
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string gz(deflateBound(&z, text.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(text.data());
    z.avail_in = text.size();
    z.next_out = reinterpret_cast<Bytef*>(gz.data());
    z.avail_out = gz.size();
    deflate(&z, Z_FINISH);
    std::fwrite(gz.data(), 1, z.total_out, f);
    deflateEnd(&z);
  }
  return std::fclose(f) == 0;
}

double Seconds(const std::function<uint64_t()>& fn, int runs, uint64_t* bytes) {
  double best = 1e30;
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    *bytes = fn();
    best = std::min(best,
                    std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return best;
}

uint64_t DecodeWith(const std::string& path, GzipDecoder decoder) {
  Diagnostics diag;
  auto src = OpenInputWith(InputFile{path, false, 0}, &diag, decoder);
  if (!src.ok())
    return 0;
  std::vector<char> buf(4u << 20);
  uint64_t total = 0;
  for (;;) {
    Result<size_t> got = (*src)->Read(buf.data(), buf.size());
    if (!got.ok() || *got == 0)
      break;
    total += *got;
  }
  if (diag.warnings() != 0)
    std::fprintf(stderr, "warnings while decoding!\n");
  return total;
}

uint64_t LinesWithIsal(const std::string& path, uint64_t* lines) {
  Diagnostics diag;
  auto src =
      OpenInputWith(InputFile{path, false, 0}, &diag, GzipDecoder::kIsal);
  if (!src.ok())
    return 0;
  LineReader reader(std::move(*src), path, &diag);
  std::string_view line;
  uint64_t n = 0;
  while (reader.Next(&line))
    ++n;
  *lines = n;
  return reader.bytes();
}

std::string Slurp(const std::string& path) {
  std::string data;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr)
    return data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    data.append(buf, n);
  std::fclose(f);
  return data;
}

// Whole-buffer: needs the compressed file and the full output in memory.
uint64_t DecodeLibdeflate(const std::string& gz, std::vector<char>* out) {
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  size_t in_pos = 0, out_pos = 0;
  while (in_pos < gz.size()) {
    size_t in_used = 0, out_used = 0;
    libdeflate_result r = libdeflate_gzip_decompress_ex(
        d, gz.data() + in_pos, gz.size() - in_pos, out->data() + out_pos,
        out->size() - out_pos, &in_used, &out_used);
    if (r != LIBDEFLATE_SUCCESS)
      break;
    in_pos += in_used;
    out_pos += out_used;
  }
  libdeflate_free_decompressor(d);
  return out_pos;
}

void Print(const char* name, uint64_t bytes, double secs, uint64_t gz_size) {
  std::printf("%-34s %8.0f MB/s out  %7.0f MB/s in  (%.2f s)\n", name,
              bytes / secs / 1e6, gz_size / secs / 1e6, secs);
}

int Main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "/tmp/waftune_bench.json.gz";
  size_t mb = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 200;
  int runs = argc > 3 ? std::atoi(argv[3]) : 3;
  FILE* probe = std::fopen(path.c_str(), "rb");
  if (probe != nullptr) {
    std::fclose(probe);
  } else if (!Generate(path, mb << 20)) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    return 1;
  }
  std::string gz = Slurp(path);  // Also warms the page cache.
  uint64_t out_size = DecodeWith(path, GzipDecoder::kIsal);
  std::printf("file %s: %.1f MB gzip, %.1f MB text (ratio %.1f), best of %d\n",
              path.c_str(), gz.size() / 1e6, out_size / 1e6,
              double(out_size) / gz.size(), runs);
  uint64_t bytes = 0, lines = 0;
  double s = Seconds([&] { return DecodeWith(path, GzipDecoder::kIsal); }, runs,
                     &bytes);
  Print("isa-l isal_inflate (GzipSource)", bytes, s, gz.size());
  s = Seconds([&] { return DecodeWith(path, GzipDecoder::kZlib); }, runs,
              &bytes);
  Print("zlib inflate (GzipSource)", bytes, s, gz.size());
  std::vector<char> out(out_size);
  s = Seconds([&] { return DecodeLibdeflate(gz, &out); }, runs, &bytes);
  Print("libdeflate (whole buffer, in RAM)", bytes, s, gz.size());
  s = Seconds([&] { return LinesWithIsal(path, &lines); }, runs, &bytes);
  Print("isa-l + LineReader", bytes, s, gz.size());
  std::string cmd = "zcat '" + path + "' > /dev/null";
  s = Seconds([&] { return std::system(cmd.c_str()) == 0 ? out_size : 0; },
              runs, &bytes);
  Print("zcat > /dev/null (baseline)", bytes, s, gz.size());
  std::printf("lines: %llu\n", (unsigned long long)lines);
  return 0;
}

}  // namespace
}  // namespace waftune

int main(int argc, char** argv) {
  return waftune::Main(argc, argv);
}
