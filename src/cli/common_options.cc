#include "cli/common_options.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

#include "io/path_walker.h"
#include "util/time_format.h"

namespace waftune {

void AddCommonOptions(CLI::App* cmd, CommonOptions* o,
                      const std::vector<std::string>& formats) {
  cmd->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember(formats))
      ->capture_default_str();
  cmd->add_option("-o,--output", o->output, "Write to FILE instead of stdout");
  cmd->add_option("--since", o->since, "Only records at or after this ISO 8601 time");
  cmd->add_option("--until", o->until, "Only records before this ISO 8601 time");
  cmd->add_option("--web-acl", o->web_acl, "Only this web ACL (name or ARN)");
  cmd->add_option("--action", o->actions,
                  "Only rule rows with these actions (BLOCK,COUNT,CAPTCHA,CHALLENGE,ALLOW)")
      ->delimiter(',');
  cmd->add_option("--top", o->top, "Entries per top list")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  cmd->add_option("--max-record-bytes", o->max_record_bytes,
                  "Longer lines are reported and skipped")
      ->capture_default_str();
  cmd->add_flag("--strict", o->strict, "Exit 1 when any input record was skipped");
  cmd->add_flag("-q,--quiet", o->quiet, "No progress or notes on stderr");
}

Result<WafScanOptions> MakeScanOptions(const CommonOptions& o) {
  WafScanOptions s;
  s.threads = o.threads > 0 ? o.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (!o.since.empty()) {
    auto t = ParseIsoTime(o.since);
    if (!t) return Status::InvalidArgument("--since: not an ISO 8601 time: " + o.since);
    s.since_ms = *t;
  }
  if (!o.until.empty()) {
    auto t = ParseIsoTime(o.until);
    if (!t) return Status::InvalidArgument("--until: not an ISO 8601 time: " + o.until);
    s.until_ms = *t;
  }
  if (s.since_ms >= s.until_ms) {
    return Status::InvalidArgument("--since must be before --until");
  }
  s.web_acl = o.web_acl;
  s.lines.max_line_bytes = std::max<size_t>(o.max_record_bytes, 1024);
  return s;
}

Result<std::vector<WafAction>> ParseActions(const std::vector<std::string>& actions) {
  std::vector<WafAction> out;
  for (const std::string& a : actions) {
    std::string upper;
    for (char c : a) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    WafAction parsed = ParseWafAction(upper);
    if (parsed == WafAction::kUnknown) {
      return Status::InvalidArgument("--action: unknown action '" + a + "'");
    }
    out.push_back(parsed);
  }
  return out;
}

bool ExpandOrReport(const std::vector<std::string>& paths, const char* kind,
                    std::vector<InputFile>* files, Diagnostics* diag) {
  auto expanded = ExpandPaths(paths, diag);
  if (!expanded.ok()) {
    std::fprintf(stderr, "waftune: %s input: %s\n", kind,
                 expanded.status().message().c_str());
    return false;
  }
  *files = std::move(*expanded);
  return true;
}

void AddWalkDiagnostics(const Diagnostics& walk, InputSummary* s) {
  s->warnings += walk.warnings();
  s->skipped += walk.skipped();
  s->errors.insert(s->errors.end(), walk.examples().begin(), walk.examples().end());
  std::sort(s->errors.begin(), s->errors.end());
  if (s->errors.size() > Diagnostics::kMaxExamples) s->errors.resize(Diagnostics::kMaxExamples);
}

std::string RenderFindings(const Findings& f, const CommonOptions& o) {
  WriterOptions w;
  w.top = o.top;
  if (o.format == "json") return FindingsToJson(f, w);
  if (o.format == "csv") return FindingsToCsv(f, w);
  if (o.format == "md") return FindingsToMarkdown(f, w);
  return FindingsToTable(f, w);
}

bool WriteOutput(const std::string& text, const CommonOptions& o) {
  FILE* out = stdout;
  if (!o.output.empty() && o.output != "-") {
    out = std::fopen(o.output.c_str(), "wb");
    if (out == nullptr) {
      std::fprintf(stderr, "waftune: cannot write %s: %s\n", o.output.c_str(),
                   std::strerror(errno));
      return false;
    }
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  ok = (out == stdout ? std::fflush(out) : std::fclose(out)) == 0 && ok;
  if (!ok) std::fprintf(stderr, "waftune: write failed: %s\n", std::strerror(errno));
  return ok;
}

int FinalExitCode(const Findings& f, const CommonOptions& o) {
  uint64_t skipped = 0, unreadable = 0;
  for (const auto& [kind, s] : f.inputs) {
    skipped += s.skipped;
    unreadable += s.unreadable;
  }
  if (unreadable > 0) {
    std::fprintf(stderr, "waftune: %llu input file(s) could not be read\n",
                 static_cast<unsigned long long>(unreadable));
    return kExitRuntimeError;
  }
  if (o.strict && skipped > 0) {
    std::fprintf(stderr, "waftune: --strict: %llu record(s) skipped\n",
                 static_cast<unsigned long long>(skipped));
    return kExitRuntimeError;
  }
  if (skipped > 0 && !o.quiet && o.format != "table") {
    std::fprintf(stderr, "waftune: %llu record(s) skipped (see inputs in the output)\n",
                 static_cast<unsigned long long>(skipped));
  }
  return kExitOk;
}

}  // namespace waftune
