#include "analysis/state_io.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include <simdjson.h>

#include "analysis/state_json.h"
#include "util/diagnostics.h"

namespace waftune {
namespace {

void WriteTop(const char* name, const TopK::State& top, StateJsonOut* out) {
  out->Key(name);
  out->Raw("{\"capacity\":");
  out->Uint(top.capacity);
  out->Raw(",\"floor\":");
  out->Uint(top.floor);
  out->Raw(",\"entries\":[");
  for (size_t i = 0; i < top.entries.size(); ++i) {
    if (i) out->Raw(",");
    out->Raw("[");
    out->String(top.entries[i].value);
    out->Raw(",");
    out->Uint(top.entries[i].count);
    out->Raw(",");
    out->Uint(top.entries[i].error);
    out->Raw("]");
  }
  out->Raw("]}");
}

void WriteClients(const DistinctCounter::State& c, StateJsonOut* out) {
  out->Key("clients");
  out->Raw("{\"exact\":[");
  for (size_t i = 0; i < c.exact.size(); ++i) {
    if (i) out->Raw(",");
    out->Hex64(c.exact[i]);
  }
  out->Raw("],\"registers\":");
  out->HexBytes(c.registers);
  out->Raw("}");
}

void WriteRow(const RuleStats::RowState& r, StateJsonOut* out) {
  out->Raw("{");
  out->Key("web_acl_rule", false);
  out->String(r.web_acl_rule);
  out->Key("rule_group");
  out->String(r.rule_group);
  out->Key("rule");
  out->String(r.rule);
  out->Key("action");
  out->String(r.action);
  out->Key("requests");
  out->Uint(r.requests);
  WriteClients(r.clients, out);
  WriteTop("uris", r.uris, out);
  WriteTop("clients_top", r.clients_top, out);
  WriteTop("countries", r.countries, out);
  WriteTop("labels", r.labels, out);
  WriteTop("matched", r.matched, out);
  out->Key("series");
  out->Raw("[");
  for (size_t i = 0; i < r.series.size(); ++i) {
    if (i) out->Raw(",");
    out->Raw("[");
    out->Int(r.series[i].first);
    out->Raw(",");
    out->Uint(r.series[i].second);
    out->Raw("]");
  }
  out->Raw("]}");
}

void WriteCounts(const char* name, const std::map<std::string, uint64_t>& m,
                 StateJsonOut* out) {
  out->Key(name);
  out->Raw("[");
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out->Raw(",");
    first = false;
    out->Raw("[");
    out->String(k);
    out->Raw(",");
    out->Uint(v);
    out->Raw("]");
  }
  out->Raw("]");
}

void WriteInputs(const InputSummary& s, StateJsonOut* out) {
  out->Raw("{\"files\":");
  out->Uint(s.files);
  out->Raw(",\"records\":");
  out->Uint(s.records);
  out->Raw(",\"skipped\":");
  out->Uint(s.skipped);
  out->Raw(",\"warnings\":");
  out->Uint(s.warnings);
  out->Raw(",\"bytes\":");
  out->Uint(s.bytes);
  out->Raw(",\"unreadable\":");
  out->Uint(s.unreadable);
  out->Raw(",\"errors\":[");
  for (size_t i = 0; i < s.errors.size(); ++i) {
    if (i) out->Raw(",");
    out->Raw("{\"file\":");
    out->String(s.errors[i].file);
    out->Raw(",\"line\":");
    out->Uint(s.errors[i].line);
    out->Raw(",\"reason\":");
    out->String(s.errors[i].reason);
    out->Raw("}");
  }
  out->Raw("]}");
}

}  // namespace

std::string EncodeState(const SavedState& state) {
  StateJsonOut out;
  const RuleStats::State& st = state.stats;
  out.Raw("{\"waftune_state\":");
  out.Int(kStateFormatVersion);
  out.Key("producer");
  out.Raw("{\"command\":");
  out.String(state.command);
  out.Raw(",\"version\":");
  out.String(state.version);
  out.Raw("}");
  out.Key("inputs");
  out.Raw("{\"waf\":");
  WriteInputs(state.waf, &out);
  out.Raw("}");
  out.Key("filtered_out");
  out.Uint(state.filtered_out);
  out.Key("rule_stats");
  out.Raw("{\"top_capacity\":");
  out.Uint(st.top_capacity);
  out.Key("actions");
  out.Raw("[");
  for (size_t i = 0; i < st.actions.size(); ++i) {
    if (i) out.Raw(",");
    out.String(st.actions[i]);
  }
  out.Raw("]");
  out.Key("requests");
  out.Uint(st.requests);
  out.Key("min_ms");
  out.Int(st.min_ms);
  out.Key("max_ms");
  out.Int(st.max_ms);
  WriteCounts("by_action", st.by_action, &out);
  WriteCounts("web_acls", st.web_acls, &out);
  out.Key("rows");
  out.Raw("[\n");
  for (size_t i = 0; i < st.rows.size(); ++i) {
    if (i) out.Raw(",\n");
    WriteRow(st.rows[i], &out);
  }
  out.Raw("\n]}}\n");
  return out.Take();
}

Status WriteStateFile(const std::string& path, const SavedState& state) {
  const std::string text = EncodeState(state);
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IOError(path, std::strerror(errno));
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) return Status::IOError(path, std::strerror(errno));
  return Status::Ok();
}

Result<SavedState> ReadStateFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IOError(path, std::strerror(errno));
  std::string text;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Status::IOError(path, "read failed");
  Result<SavedState> state = DecodeState(text);
  if (!state.ok()) {
    const Status& s = state.status();
    if (s.code() == Status::Code::kInvalidArgument) {
      return Status::InvalidArgument(path + ": " + s.message());
    }
    return Status::ParseError(path + ": " + s.message());
  }
  return state;
}

void MergeInputSummary(const InputSummary& from, InputSummary* into) {
  into->files += from.files;
  into->records += from.records;
  into->skipped += from.skipped;
  into->warnings += from.warnings;
  into->bytes += from.bytes;
  into->unreadable += from.unreadable;
  into->errors.insert(into->errors.end(), from.errors.begin(), from.errors.end());
  std::sort(into->errors.begin(), into->errors.end());
  if (into->errors.size() > Diagnostics::kMaxExamples) {
    into->errors.resize(Diagnostics::kMaxExamples);
  }
}

}  // namespace waftune
