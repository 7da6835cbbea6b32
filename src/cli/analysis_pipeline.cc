#include "cli/analysis_pipeline.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "analysis/access_scan.h"
#include "analysis/engine_ingest.h"
#include "analysis/waf_scan.h"
#include "match/exclusions_file.h"

namespace waftune {
namespace {

// Summary and flagged-request collection in one WAF pass.
class WafPassSink : public WafSink {
 public:
  // `access_logs`: an access pass follows (the collector keeps its join state).
  WafPassSink(RuleStatsOptions o, const SignatureSet* s, const PipelineOptions& p,
              bool access_logs)
      : stats(std::move(o)), flagged(s, access_logs), signatures_(s) {
    if (p.matchers != nullptr) replay.emplace(p.matchers, s, p.replay);
  }
  void Add(const WafRecord& rec) override {
    // Rule rows once per record, and the signature scan once per flagged
    // record, for every accumulator.
    ComputeRuleRows(rec, &rows_);
    stats.Add(rec, rows_);
    const SignatureHits* hits = nullptr;
    if (signatures_ != nullptr && IsFlagged(rows_)) {
      // One SignatureHits per thread, not per file: its memo of scanned
      // values stays warm across the files a worker reads.
      static thread_local SignatureHits thread_hits;
      thread_hits.Clear();
      signatures_->Scan(rec, &thread_hits);
      hits = &thread_hits;
    }
    flagged.Add(rec, rows_, hits);
    if (replay) replay->Add(rec, rows_, hits);
  }
  void MergeFrom(WafSink& other) override {
    auto& o = static_cast<WafPassSink&>(other);
    stats.Merge(o.stats);
    flagged.Merge(o.flagged);
    if (replay) replay->Merge(*o.replay);
  }
  RuleStats stats;
  FlaggedCollector flagged;
  std::optional<Replay> replay;

 private:
  static bool IsFlagged(const RuleRows& rows) {
    for (const RuleRowKey& k : rows) {
      if (IsRuleMatch(k.action)) return true;
    }
    return false;
  }
  const SignatureSet* signatures_;
  RuleRows rows_;  // Of the current record.
};

// Client profiles and layer diagnosis in one access-log pass.
class AccessPassSink : public AccessSink {
 public:
  AccessPassSink(const FlaggedIndex* index, const SignatureSet* s) : profiler(index, s) {}
  void Add(const AlbEntry& e) override {
    profiler.Add(e);
    diagnosis.Add(e);
  }
  void Add(const CfEntry& e) override {
    profiler.Add(e);
    diagnosis.Add(e);
  }
  void MergeFrom(AccessSink& other) override {
    auto& o = static_cast<AccessPassSink&>(other);
    profiler.Merge(o.profiler);
    diagnosis.Merge(o.diagnosis);
  }
  AccessProfiler profiler;
  LayerDiagnosis diagnosis;
};

std::string ExeDir() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.parent_path().string();
}

void AttachEstimates(const CrossrefResult& r, Findings* f) {
  for (RuleFinding& rule : f->rules) {
    auto it = r.rows.find(RowKeyString(rule));
    if (it != r.rows.end()) rule.legitimate = it->second;
  }
  f->notes.push_back(std::to_string(r.joined_requests) + " of " +
                     std::to_string(r.flagged_requests) +
                     " blocked/counted requests were found in the access logs by request id; " +
                     std::to_string(r.profiled_clients) +
                     " of their clients have access-log profiles.");
}

}  // namespace

std::string FindRulesDir(const std::string& requested) {
  namespace fs = std::filesystem;
  std::vector<std::string> candidates;
  if (!requested.empty()) return requested;
  if (const char* env = std::getenv("WAFTUNE_RULES")) candidates.push_back(env);
  std::string exe = ExeDir();
  if (!exe.empty()) {
    candidates.push_back(exe + "/../rules");
    candidates.push_back(exe + "/../share/waftune/rules");
  }
  candidates.push_back(WAFTUNE_SOURCE_RULES);
  for (const std::string& c : candidates) {
    std::error_code ec;
    if (fs::is_directory(c + "/signatures", ec)) return fs::weakly_canonical(c, ec).string();
  }
  return "rules";
}

bool LoadMatchersOrReport(const std::vector<std::string>& files,
                          std::vector<RequestMatcher>* matchers) {
  bool ok = true;
  std::vector<Exclusion> all;
  for (const std::string& file : files) {
    auto loaded = LoadExclusionsFile(file);
    if (!loaded.ok()) {
      std::fprintf(stderr, "waftune: invalid exclusions file:\n%s\n",
                   loaded.status().message().c_str());
      ok = false;
      continue;
    }
    for (Exclusion& x : *loaded) all.push_back(std::move(x));
  }
  for (const Exclusion& x : all) {
    auto m = RequestMatcher::Build(x);
    if (!m.ok()) {
      std::fprintf(stderr, "waftune: %s\n", m.status().message().c_str());
      ok = false;
      continue;
    }
    matchers->push_back(std::move(*m));
  }
  return ok;
}

std::unique_ptr<SignatureSet> LoadSignaturesOrReport(const std::string& rules_dir) {
  auto set = SignatureSet::LoadDirectory(rules_dir + "/signatures");
  if (!set.ok()) {
    std::fprintf(stderr, "waftune: signatures: %s\n", set.status().message().c_str());
    return nullptr;
  }
  return std::make_unique<SignatureSet>(std::move(*set));
}

std::optional<PipelineResult> RunPipeline(const PipelineOptions& o, int* exit_code) {
  const CommonOptions& common = *o.common;
  // 1. Options and inputs.
  auto scan = MakeScanOptions(common);
  auto actions = ParseActions(common.actions);
  if (!scan.ok() || !actions.ok()) {
    std::fprintf(stderr, "waftune: %s\n",
                 (scan.ok() ? actions.status() : scan.status()).message().c_str());
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  PipelineResult r;
  Diagnostics walk, alb_walk, cf_walk;
  std::vector<InputFile> alb_files, cf_files;
  if (!ExpandOrReport(o.waf_paths, "WAF", &r.waf_files, &walk) ||
      (!o.alb_paths.empty() && !ExpandOrReport(o.alb_paths, "ALB", &alb_files, &alb_walk)) ||
      (!o.cloudfront_paths.empty() &&
       !ExpandOrReport(o.cloudfront_paths, "CloudFront", &cf_files, &cf_walk))) {
    *exit_code = kExitRuntimeError;
    return std::nullopt;
  }
  r.signatures = LoadSignaturesOrReport(FindRulesDir(o.rules_dir));
  if (!r.signatures) {
    *exit_code = kExitRuntimeError;
    return std::nullopt;
  }
  // 2. WAF pass: rule stats and flagged requests.
  RuleStatsOptions stats_options;
  stats_options.actions = *actions;
  stats_options.top_capacity = std::max<size_t>(256, common.top * 16);
  const SignatureSet* sigs = r.signatures.get();
  const bool has_access_logs = !alb_files.empty() || !cf_files.empty();
  // Headers are read only by FlaggedCollector and Replay, and only of records
  // with a BLOCK / COUNT / CAPTCHA / CHALLENGE row: skip the others' (most
  // traffic is allowed, and headers are a third of a record).
  scan->headers = HeaderPolicy::kRuleMatched;
  WafScanResult waf = ScanWaf(r.waf_files, *scan, [&] {
    return std::make_unique<WafPassSink>(stats_options, sigs, o, has_access_logs);
  });
  auto& waf_sink = static_cast<WafPassSink&>(*waf.sink);
  waf_sink.stats.Finish({common.top, o.buckets}, &r.findings);
  AddWalkDiagnostics(walk, &waf.summary);
  r.findings.inputs["waf"] = waf.summary;
  r.flagged = std::make_unique<FlaggedCollector>(std::move(waf_sink.flagged));
  // 3. Access pass: client profiles and layer diagnosis.
  r.has_access_logs = has_access_logs;
  // The index is what the access pass looks up: only built when it runs.
  FlaggedIndex index = r.has_access_logs ? FlaggedIndex::Build(*r.flagged) : FlaggedIndex{};
  AccessScanOptions access_options;
  access_options.threads = scan->threads;
  access_options.lines = scan->lines;
  AccessScanResult access = ScanAccess(alb_files, cf_files, access_options, [&] {
    return std::make_unique<AccessPassSink>(&index, sigs);
  });
  auto& access_sink = static_cast<AccessPassSink&>(*access.sink);
  r.access = std::make_unique<AccessProfiler>(std::move(access_sink.profiler));
  if (!alb_files.empty()) {
    AddWalkDiagnostics(alb_walk, &access.alb);
    r.findings.inputs["alb"] = access.alb;
  }
  if (!cf_files.empty()) {
    AddWalkDiagnostics(cf_walk, &access.cloudfront);
    r.findings.inputs["cloudfront"] = access.cloudfront;
  }
  // 4. The estimate, only when access logs were given (DESIGN: `legitimate`
  // appears only then).
  if (r.has_access_logs) {
    r.diagnosis = access_sink.diagnosis.Finish();
    r.findings.diagnosis = r.diagnosis;
    AttachEstimates(EstimateLegitimacy(*r.flagged, *r.access, o.weights), &r.findings);
  }
  // 5. Replay verdicts need every client profile, so they come last.
  if (waf_sink.replay) {
    r.findings.has_replay = true;
    r.findings.replay = waf_sink.replay->Finish(*r.flagged, r.has_access_logs ? r.access.get() : nullptr,
                                                o.weights);
    r.findings.notes.push_back(
        "Replay: rules after a terminating rule were never evaluated, so a released BLOCK may "
        "still be blocked by a later rule.");
  }
  if (waf.filtered_out) {
    r.findings.notes.push_back(std::to_string(waf.filtered_out) +
                               " WAF records were outside --since/--until/--web-acl.");
  }
  return r;
}

std::optional<Findings> FindingsFromEngine(const std::string& summary_csv,
                                           const std::string& features_csv,
                                           const PipelineOptions& o, int* exit_code) {
  Findings f;
  Diagnostics diag;
  auto rows = ReadSummaryCsv(summary_csv, &diag);
  if (!rows.ok()) {
    std::fprintf(stderr, "waftune: %s\n", rows.status().message().c_str());
    *exit_code = kExitRuntimeError;
    return std::nullopt;
  }
  f.rules = std::move(*rows);
  if (!features_csv.empty()) {
    auto sigs = LoadSignaturesOrReport(FindRulesDir(o.rules_dir));
    auto estimates = EstimateFromFeatures(features_csv, o.weights, sigs.get(), &diag);
    if (!estimates.ok()) {
      std::fprintf(stderr, "waftune: %s\n", estimates.status().message().c_str());
      *exit_code = kExitRuntimeError;
      return std::nullopt;
    }
    for (RuleFinding& r : f.rules) {
      auto it = estimates->find(RowKeyString(r));
      if (it != estimates->end()) r.legitimate = it->second;
    }
    f.notes.push_back(
        "Estimated from engine features: per-request attack signatures, labels and methods are "
        "not in the features query, so those contributions are absent (docs/athena.md).");
  }
  InputSummary engine;
  engine.files = 1 + (features_csv.empty() ? 0 : 1);
  engine.skipped = diag.skipped();
  engine.errors = diag.examples();
  f.inputs["engine"] = engine;
  return f;
}

}  // namespace waftune
