#include "analysis/engine_ingest.h"

#include <algorithm>
#include <set>
#include <utility>

#include "analysis/crossref.h"
#include "io/byte_source.h"
#include "io/csv_line.h"
#include "io/line_reader.h"

namespace waftune {
namespace {

// A CSV file read as header -> column index, then rows of fields.
class CsvTable {
 public:
  Status Open(const std::string& path, Diagnostics* diag) {
    InputFile file{path, path == "-", 0};
    auto source = OpenInput(file, diag);
    if (!source.ok()) return source.status();
    lines_ = std::make_unique<LineReader>(std::move(*source), path, diag);
    diag_ = diag;
    std::string_view line;
    std::vector<std::string> header;
    if (!lines_->Next(&line) || !SplitCsvLine(line, &header)) {
      return Status::ParseError(path + ": no CSV header line");
    }
    for (size_t i = 0; i < header.size(); ++i) columns_[header[i]] = i;
    return Status::Ok();
  }
  // REQUIRES: Open() succeeded. Names the missing columns.
  Status Require(const std::vector<std::string>& names) const {
    std::string missing;
    for (const std::string& n : names) {
      if (!columns_.count(n)) missing += (missing.empty() ? "" : ", ") + n;
    }
    if (missing.empty()) return Status::Ok();
    return Status::ParseError(lines_->file_name() + ": missing columns: " + missing);
  }
  // Next well-formed row; bad rows are reported and skipped.
  bool Next() {
    std::string_view line;
    while (lines_->Next(&line)) {
      if (line.empty()) continue;
      if (SplitCsvLine(line, &fields_) && fields_.size() >= columns_.size()) return true;
      diag_->Report(lines_->file_name(), lines_->line_no(), "malformed CSV row");
    }
    return false;
  }
  const std::string& Get(const std::string& name) const { return fields_[columns_.at(name)]; }
  bool Number(const std::string& name, uint64_t* out) const {
    const std::string& s = Get(name);
    if (s.empty() || s.size() > 19) return false;
    uint64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    *out = v;
    return true;
  }
  void Bad(const std::string& why) { diag_->Report(lines_->file_name(), lines_->line_no(), why); }

 private:
  std::unique_ptr<LineReader> lines_;
  Diagnostics* diag_ = nullptr;
  std::map<std::string, size_t> columns_;
  std::vector<std::string> fields_;
};

std::optional<std::string> NullIfEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

const std::vector<std::string> kRowColumns = {"web_acl_rule", "rule_group", "rule", "action"};

std::string RowKeyOf(const CsvTable& t) {
  return RowKeyString(t.Get("web_acl_rule"), t.Get("rule_group"), t.Get("rule"),
                      t.Get("action"));
}

struct FeatureRow {
  std::string row;
  uint64_t client = 0;
  uint64_t flagged = 0;
};

}  // namespace

Result<std::vector<RuleFinding>> ReadSummaryCsv(const std::string& path, Diagnostics* diag) {
  CsvTable t;
  Status s = t.Open(path, diag);
  if (s.ok()) s = t.Require({"web_acl_rule", "rule_group", "rule", "action", "requests", "clients"});
  if (!s.ok()) return s;
  std::vector<RuleFinding> rows;
  while (t.Next()) {
    RuleFinding r;
    if (!t.Number("requests", &r.requests) || !t.Number("clients", &r.clients) ||
        t.Get("rule").empty() || t.Get("action").empty()) {
      t.Bad("requests/clients are not counts or rule/action is empty");
      continue;
    }
    r.web_acl_rule = NullIfEmpty(t.Get("web_acl_rule"));
    r.rule_group = NullIfEmpty(t.Get("rule_group"));
    r.rule = t.Get("rule");
    r.action = t.Get("action");
    rows.push_back(std::move(r));
  }
  return rows;
}

Result<std::map<std::string, LegitimacyFinding>> EstimateFromFeatures(
    const std::string& path, const LegitimacyWeights& weights, const SignatureSet* signatures,
    Diagnostics* diag) {
  CsvTable t;
  Status s = t.Open(path, diag);
  std::vector<std::string> needed = kRowColumns;
  for (const char* c : {"client_ip", "user_agent", "flagged_requests", "alb_requests",
                        "target_ok", "client_errors", "waf_blocked", "distinct_paths",
                        "static_requests"}) {
    needed.push_back(c);
  }
  if (s.ok()) s = t.Require(needed);
  if (!s.ok()) return s;
  std::vector<FeatureRow> rows;
  std::map<uint64_t, WafClientProfile> waf;
  std::map<uint64_t, std::set<std::string>> client_rows;
  std::map<uint64_t, AccessProfile> access;
  SignatureHits hits;
  while (t.Next()) {
    FeatureRow f;
    AccessProfile a;
    uint64_t distinct_paths = 0;
    if (!t.Number("flagged_requests", &f.flagged) || !t.Number("alb_requests", &a.requests) ||
        !t.Number("target_ok", &a.target_success) || !t.Number("client_errors", &a.client_errors) ||
        !t.Number("waf_blocked", &a.waf_blocked) || !t.Number("distinct_paths", &distinct_paths) ||
        !t.Number("static_requests", &a.static_assets)) {
      t.Bad("a count column is not a number");
      continue;
    }
    f.row = RowKeyOf(t);
    const std::string ua = t.Get("user_agent") == "-" ? std::string() : t.Get("user_agent");
    f.client = ClientHash(t.Get("client_ip"), ua);
    // The engine gives distinct paths only; pages and 4xx paths are bounded by it.
    a.distinct_paths = a.distinct_pages = distinct_paths;
    a.distinct_error_paths = std::min(a.client_errors, distinct_paths);
    access[f.client] = a;
    WafClientProfile& w = waf[f.client];
    w.flagged += f.flagged;
    w.empty_user_agent = ua.empty();
    if (signatures != nullptr && !ua.empty()) {
      hits.Clear();
      signatures->ScanValue(SignatureTarget::kUserAgent, ua, &hits);
      for (int i : hits.indexes()) {
        if (signatures->signature(i).cls == "scanner-ua") w.tool_user_agent = true;
      }
    }
    client_rows[f.client].insert(f.row);
    rows.push_back(std::move(f));
  }
  for (auto& [client, w] : waf) {
    w.distinct_rules = client_rows[client].size();
    for (const std::string& row : client_rows[client]) {
      if (row.substr(row.rfind('\x1f') + 1) != "COUNT") ++w.distinct_blocking_rules;
    }
    w.distinct_uris = access[client].distinct_paths;
  }
  struct Totals {
    uint64_t requests = 0, low = 0, high = 0;
    double legit = 0;
    std::set<uint64_t> clients, legit_clients;
  };
  std::map<std::string, Totals> totals;
  for (const FeatureRow& f : rows) {
    double p = ScoreToProbability(LegitimacyScore({}, waf[f.client], &access[f.client], weights, nullptr));
    Totals& tot = totals[f.row];
    tot.requests += f.flagged;
    tot.legit += p * static_cast<double>(f.flagged);
    if (p >= weights.high_p) tot.low += f.flagged;
    if (p > weights.low_p) tot.high += f.flagged;
    tot.clients.insert(f.client);
    if (p >= 0.5) tot.legit_clients.insert(f.client);
  }
  std::map<std::string, LegitimacyFinding> out;
  for (auto& [row, tot] : totals) {
    if (tot.requests == 0) continue;
    LegitimacyFinding l;
    l.requests = static_cast<uint64_t>(std::llround(tot.legit));
    l.low = std::min(tot.low, l.requests);
    l.high = std::max(tot.high, l.requests);
    l.clients = tot.legit_clients.size();
    // Every row here was joined to the access logs by the engine.
    l.evidence_level = EvidenceLevel(1.0, weights);
    l.verdict = LegitimacyVerdict(tot.legit / static_cast<double>(tot.requests), l.evidence_level,
                                  tot.requests, weights);
    l.evidence["requests_with_access_log_profile"] = tot.requests;
    l.evidence["clients"] = tot.clients.size();
    out[row] = std::move(l);
  }
  return out;
}

}  // namespace waftune
