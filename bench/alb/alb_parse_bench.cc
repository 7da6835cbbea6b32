// alb_parse_bench: full ALB access-log parsing throughput.
//
// Usage: alb_parse_bench FILE [REPEAT]
// Reads FILE (plain or gzip) through OpenInput + LineReader + AlbReader,
// touches the parsed fields (status histogram, bytes, -1 target times, WAF
// blocks) so nothing is optimised away, and prints MB/s of uncompressed
// input. REPEAT runs it several times and reports the best run.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <time.h>

#include "io/byte_source.h"
#include "io/line_reader.h"
#include "logs/alb_reader.h"
#include "util/diagnostics.h"

namespace waftune {
namespace {

struct Totals {
  uint64_t by_status[1000] = {};
  uint64_t bytes = 0;
  uint64_t timeouts = 0;
  uint64_t waf_blocks = 0;
  uint64_t path_bytes = 0;
};

// CPU seconds of this process: the machine may be shared, and the target is
// throughput per core.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) +
         static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Run {
  double seconds = 0;  // Wall clock.
  double cpu_seconds = 0;
  uint64_t input_bytes = 0;
  uint64_t records = 0;
  Totals totals;
};

int RunOnce(const std::string& path, Run* run) {
  Totals* t = &run->totals;
  Diagnostics diag;
  InputFile file{path, false, 0};
  auto source = OpenInput(file, &diag);
  if (!source.ok()) {
    std::fprintf(stderr, "%s\n", source.status().ToString().c_str());
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  double cpu_start = CpuSeconds();
  LineReader lines(std::move(source.value()), path, &diag);
  AlbReader reader(&diag);
  reader.Read(lines, [t](const AlbEntry& e) {
    if (e.elb_status_code >= 0)
      ++t->by_status[e.elb_status_code];
    t->bytes += static_cast<uint64_t>(e.sent_bytes);
    t->timeouts += e.TargetTimedOut();
    t->waf_blocks += e.BlockedByWaf();
    t->path_bytes += e.path.size() + e.trace_root.size() + e.user_agent.size();
  });
  run->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  run->cpu_seconds = CpuSeconds() - cpu_start;
  run->input_bytes = lines.bytes();
  run->records = reader.records();
  if (diag.skipped() > 0) {
    std::fprintf(stderr, "%llu malformed lines\n",
                 static_cast<unsigned long long>(diag.skipped()));
  }
  return 0;
}

}  // namespace
}  // namespace waftune

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [REPEAT]\n", argv[0]);
    return 2;
  }
  int repeat = argc > 2 ? std::atoi(argv[2]) : 1;
  auto best = std::make_unique<waftune::Run>();
  best->cpu_seconds = 1e300;
  for (int i = 0; i < repeat; ++i) {
    auto run = std::make_unique<waftune::Run>();
    if (waftune::RunOnce(argv[1], run.get()) != 0)
      return 1;
    if (run->cpu_seconds < best->cpu_seconds)
      best = std::move(run);
  }
  const waftune::Totals& t = best->totals;
  const double mb = static_cast<double>(best->input_bytes) / 1e6;
  std::printf(
      "records %llu  bytes %llu  cpu %.3f s (%.0f MB/s per core)  "
      "wall %.3f s (%.0f MB/s)\n",
      static_cast<unsigned long long>(best->records),
      static_cast<unsigned long long>(best->input_bytes), best->cpu_seconds,
      mb / best->cpu_seconds, best->seconds, mb / best->seconds);
  std::printf(
      "200=%llu 403=%llu 460=%llu 502=%llu 504=%llu  waf_blocks=%llu "
      "target_timeouts=%llu\n",
      static_cast<unsigned long long>(t.by_status[200]),
      static_cast<unsigned long long>(t.by_status[403]),
      static_cast<unsigned long long>(t.by_status[460]),
      static_cast<unsigned long long>(t.by_status[502]),
      static_cast<unsigned long long>(t.by_status[504]),
      static_cast<unsigned long long>(t.waf_blocks),
      static_cast<unsigned long long>(t.timeouts));
  return 0;
}
