// `waftune diagnose`: which layer each access-log error came from.
#include <memory>

#include "analysis/access_scan.h"
#include "analysis/diagnosis.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "report/diagnosis_writer.h"
#include "report/findings_writer.h"

namespace waftune {
namespace {

struct DiagnoseOptions {
  CommonOptions common;
  std::vector<std::string> alb_paths, cloudfront_paths;
};

class DiagnosisSink : public AccessSink {
 public:
  void Add(const AlbEntry& e) override { diagnosis.Add(e); }
  void Add(const CfEntry& e) override { diagnosis.Add(e); }
  void MergeFrom(AccessSink& other) override {
    diagnosis.Merge(static_cast<DiagnosisSink&>(other).diagnosis);
  }
  LayerDiagnosis diagnosis;
};

std::string Render(const Findings& f, const CommonOptions& o) {
  if (o.format == "json") return FindingsToJson(f, {});
  if (o.format == "csv") return DiagnosisToCsv(*f.diagnosis);
  if (o.format == "md") return "# waftune diagnose\n\n" + DiagnosisToMarkdown(*f.diagnosis);
  return DiagnosisToTable(*f.diagnosis, 100) + "\n" + InputsText(f);
}

int RunDiagnose(const DiagnoseOptions& o) {
  // 1. Options and inputs.
  auto scan = MakeScanOptions(o.common);
  if (!scan.ok()) {
    std::fprintf(stderr, "waftune: %s\n", scan.status().message().c_str());
    return kExitUsage;
  }
  Diagnostics alb_walk, cf_walk;
  std::vector<InputFile> alb, cf;
  if ((!o.alb_paths.empty() && !ExpandOrReport(o.alb_paths, "ALB", &alb, &alb_walk)) ||
      (!o.cloudfront_paths.empty() &&
       !ExpandOrReport(o.cloudfront_paths, "CloudFront", &cf, &cf_walk))) {
    return kExitRuntimeError;
  }
  // 2. One pass over the access logs.
  AccessScanOptions options;
  options.threads = scan->threads;
  options.since_ms = scan->since_ms;
  options.until_ms = scan->until_ms;
  options.lines = scan->lines;
  AccessScanResult r =
      ScanAccess(alb, cf, options, [] { return std::make_unique<DiagnosisSink>(); });
  // 3. Findings and output.
  Findings f;
  f.command = "diagnose";
  f.diagnosis = static_cast<DiagnosisSink&>(*r.sink).diagnosis.Finish();
  if (!alb.empty()) {
    AddWalkDiagnostics(alb_walk, &r.alb);
    f.inputs["alb"] = r.alb;
  }
  if (!cf.empty()) {
    AddWalkDiagnostics(cf_walk, &r.cloudfront);
    f.inputs["cloudfront"] = r.cloudfront;
  }
  if (!WriteOutput(Render(f, o.common), o.common)) return kExitRuntimeError;
  return FinalExitCode(f, o.common);
}

}  // namespace

CommandRunner RegisterDiagnose(CLI::App* app) {
  auto o = std::make_shared<DiagnoseOptions>();
  CLI::App* cmd = app->add_subcommand("diagnose", "Which layer each access-log error came from");
  AddCommonOptions(cmd, &o->common, {"table", "json", "csv", "md"});
  cmd->add_option("--alb", o->alb_paths, "ALB access logs (files or directories)");
  cmd->add_option("--cloudfront", o->cloudfront_paths, "CloudFront standard logs");
  return [o] {
    if (o->alb_paths.empty() && o->cloudfront_paths.empty()) {
      std::fprintf(stderr, "waftune diagnose: give --alb and/or --cloudfront access logs\n");
      return kExitUsage;
    }
    return RunDiagnose(*o);
  };
}

}  // namespace waftune
