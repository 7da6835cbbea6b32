#include "logs/waf_reader.h"

#include <simdjson.h>

#include <string>

#include "logs/compact_record.h"
#include "logs/waf_record_parser.h"

namespace waftune {
namespace {

using simdjson::ondemand::document;
using simdjson::ondemand::json_type;
using simdjson::ondemand::object;
using simdjson::ondemand::raw_json_string;
using simdjson::ondemand::value;

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// CloudWatch Logs exports prefix each event with an ISO timestamp and a
// space ("2026-11-20T08:00:01.123Z {...}"). Returns the JSON part, or the
// line unchanged when it does not look like that.
std::string_view StripExportPrefix(std::string_view line) {
  if (line.empty() || line.front() == '{') return line;
  if (line.front() < '0' || line.front() > '9') return line;
  size_t brace = line.find('{');
  if (brace == std::string_view::npos || brace > 40) return line;
  return line.substr(brace);
}

}  // namespace

struct WafReader::Impl {
  simdjson::ondemand::parser parser;
  // A second parser for records wrapped in a JSON string ("message"):
  // parsing them must not invalidate the outer document's buffers.
  simdjson::ondemand::parser inner_parser;
  std::string inner_buf;
  WafRecord record;
  std::vector<std::string_view> wrapped;
  std::vector<std::string_view> inner_wrapped;
  WafParseOptions options;
};

WafReader::WafReader(Diagnostics* diag) : impl_(new Impl), diag_(diag) {}
WafReader::~WafReader() = default;

void WafReader::set_header_policy(HeaderPolicy policy) { impl_->options.headers = policy; }

std::string WafReader::ParseRecord(simdjson::ondemand::parser* parser, std::string_view json,
                                   size_t capacity, bool has_backslash, document* doc,
                                   std::vector<std::string_view>* wrapped) {
  WafParseOptions options = impl_->options;
  for (int attempt = 0; attempt < 2; ++attempt) {
    object obj;
    if (parser->iterate(json.data(), json.size(), capacity).get(*doc) ||
        doc->get_object().get(obj)) {
      return "malformed JSON";
    }
    bool needs_headers = false;
    std::string error = ParseWafRecord(obj, &impl_->record, wrapped, options,
                                       WafRawText{json.data() + json.size(), has_backslash},
                                       &needs_headers);
    if (!error.empty() || !needs_headers) return error;
    // Rare: fields after httpRequest made the record rule-matched.
    options.headers = HeaderPolicy::kAll;
  }
  return {};
}

void WafReader::ReadAll(LineReader* lines, const WafRecordFn& fn) {
  std::string_view line;
  while (lines->Next(&line)) {
    ParseLine(line, lines->file_name(), lines->line_no(), fn,
              lines->line_has_backslash(), lines->line_is_plain());
  }
}

uint64_t WafReader::ParseLine(std::string_view line, std::string_view file,
                              uint64_t line_no, const WafRecordFn& fn,
                              bool has_backslash, bool is_plain) {
  std::string_view json = TrimSpaces(StripExportPrefix(line));
  // The common line, one compact record and nothing after it, is read
  // without simdjson; the full parser takes whatever the fast path refuses
  // (and so also reports it).
  if (is_plain && !json.empty() &&
      ParseCompactRecord(json.data(), json.data() + json.size(), impl_->options.headers,
                         &impl_->record) == json.data() + json.size()) {
    ++records_;
    fn(impl_->record);
    return 1;
  }
  uint64_t good = 0;
  auto deliver = [&](const std::string& error) {
    if (!error.empty()) {
      ++skipped_;
      diag_->Report(file, line_no, error);
      return false;
    }
    ++good;
    ++records_;
    fn(impl_->record);
    return true;
  };
  // Several records may share a line (Firehose may write "}{"): after each
  // one, continue from where the parser stopped.
  while (!json.empty()) {
    if (json.front() != '{') {
      deliver(good ? "garbage after a record" : "not a JSON object");
      return good;
    }
    document doc;
    // The line view is followed by kLinePadding readable bytes.
    std::string error = ParseRecord(&impl_->parser, json, json.size() + kLinePadding,
                                    has_backslash, &doc, &impl_->wrapped);
    if (!error.empty()) {
      deliver(error);
      return good;
    }
    if (impl_->wrapped.empty()) {
      deliver(error);
    } else {
      DeliverWrapped(deliver);
    }
    const char* end = nullptr;
    if (doc.current_location().get(end)) break;  // Nothing after the record.
    size_t consumed = static_cast<size_t>(end - json.data());
    if (consumed == 0 || consumed > json.size()) break;
    json = TrimSpaces(json.substr(consumed));
  }
  return good;
}

template <typename Deliver>
void WafReader::DeliverWrapped(Deliver& deliver) {
  for (std::string_view text : impl_->wrapped) {
    std::string& buf = impl_->inner_buf;
    buf.assign(text);
    buf.append(simdjson::SIMDJSON_PADDING, '\0');
    document doc;
    std::string error = ParseRecord(&impl_->inner_parser, std::string_view(buf.data(), text.size()),
                                    buf.size(), true, &doc, &impl_->inner_wrapped);
    if (error == "malformed JSON") error = "wrapped record is malformed JSON";
    if (error.empty() && !impl_->inner_wrapped.empty()) {
      error = "wrapped record is itself a wrapper";
    }
    deliver(error);
  }
}

}  // namespace waftune
