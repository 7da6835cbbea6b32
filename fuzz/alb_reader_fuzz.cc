// Fuzzes AlbReader::ParseLine on every line of the input, and on the
// whole input as one line (quotes spanning newlines, huge token counts).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "logs/alb_reader.h"
#include "util/diagnostics.h"

namespace {

void ParseOne(waftune::AlbReader* reader, std::string_view line) {
  using waftune::fuzz::Touch;
  waftune::AlbEntry e;
  std::string_view reason;
  auto kind = reader->ParseLine(line, &e, &reason);
  if (kind == waftune::AlbReader::LineKind::kMalformed) {
    Touch(reason);
    return;
  }
  if (kind != waftune::AlbReader::LineKind::kEntry)
    return;
  for (std::string_view s : {e.type,
                             e.elb,
                             e.client_ip,
                             e.target,
                             e.target_ip,
                             e.elb_status,
                             e.request,
                             e.method,
                             e.url,
                             e.host,
                             e.path,
                             e.query,
                             e.protocol,
                             e.user_agent,
                             e.ssl_cipher,
                             e.ssl_protocol,
                             e.target_group_arn,
                             e.trace_id,
                             e.trace_root,
                             e.domain_name,
                             e.chosen_cert_arn,
                             e.matched_rule_priority,
                             e.actions_executed,
                             e.redirect_url,
                             e.error_reason,
                             e.target_port_list,
                             e.target_status_code_list,
                             e.classification,
                             e.classification_reason,
                             e.conn_trace_id,
                             e.transformed_host,
                             e.transformed_uri,
                             e.request_transform_status}) {
    Touch(s);
  }
  (void)e.HasAction("waf");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  waftune::Diagnostics diag;
  waftune::AlbReader reader(&diag);
  ParseOne(&reader, in);
  while (!in.empty()) {
    size_t nl = in.find('\n');
    ParseOne(&reader, in.substr(0, nl));
    if (nl == std::string_view::npos)
      break;
    in.remove_prefix(nl + 1);
  }
  int64_t ms;
  double secs;
  int64_t count;
  std::string_view all(reinterpret_cast<const char*>(data), size);
  (void)waftune::ParseIsoTimeMs(all, &ms);
  (void)waftune::ParseLogSeconds(all, &secs);
  (void)waftune::ParseLogCount(all, &count);
  return 0;
}
