// CfEntry: the view of one CloudFront standard (legacy, W3C/TSV) log record.
//
// Filled by CloudFrontReader. Views point into the line or into the reader's
// decode buffers and are valid only during the callback that received the
// entry: copy what you keep. A value logged as "-" (or a column the file's
// #Fields line does not have) is an empty view / kAbsent. The URL-encoded
// fields marked "decoded" have been percent-decoded exactly once, which
// undoes CloudFront's log encoding and leaves the request as the viewer sent
// it (a viewer's own %3C, logged as %253C, reads %3C again). Field reference:
// ../shared/formats/cloudfront-log.md. Plain value type.
#ifndef WAFTUNE_LOGS_CLOUDFRONT_ENTRY_H_
#define WAFTUNE_LOGS_CLOUDFRONT_ENTRY_H_

#include <cmath>
#include <cstdint>
#include <string_view>

namespace waftune {

struct CfEntry {
  static constexpr int64_t kAbsent = -1;

  int64_t time_ms = kAbsent;       // date + time (UTC, whole seconds).
  std::string_view edge_location;  // x-edge-location, e.g. "LAX1".
  int64_t sc_bytes = kAbsent;
  std::string_view client_ip;  // c-ip: the viewer (or the proxy before it).
  std::string_view method;     // cs-method
  std::string_view distribution_host;  // cs(Host): *.cloudfront.net
  std::string_view uri_stem;           // cs-uri-stem, decoded.
  std::string_view status;             // sc-status as logged ("000", "403").
  int status_code = -1;                // 0 for "000", -1 if absent.
  std::string_view referer;            // cs(Referer), decoded.
  std::string_view user_agent;         // cs(User-Agent), decoded.
  std::string_view uri_query;          // cs-uri-query without '?', decoded.
  std::string_view cookie;             // cs(Cookie), decoded.
  std::string_view result_type;        // x-edge-result-type
  std::string_view request_id;         // x-edge-request-id: join key to WAF.
  std::string_view host_header;        // x-host-header: the viewer's Host.
  std::string_view protocol;           // cs-protocol: http, https, ws, wss.
  int64_t cs_bytes = kAbsent;
  double time_taken = NAN;         // Seconds; NaN if absent.
  std::string_view forwarded_for;  // x-forwarded-for: viewer behind a proxy.
  std::string_view ssl_protocol;
  std::string_view ssl_cipher;
  std::string_view response_result_type;  // x-edge-response-result-type
  std::string_view protocol_version;      // cs-protocol-version
  int64_t client_port = kAbsent;          // c-port
  double time_to_first_byte = NAN;
  // x-edge-detailed-result-type: "Error" for a WAF block, OriginConnectError,
  // ClientCommError, ...
  std::string_view detailed_result_type;
  std::string_view content_type;  // sc-content-type

  // Tab-separated fields on the line (trailing empty ones dropped).
  int field_count = 0;
};

}  // namespace waftune

#endif  // WAFTUNE_LOGS_CLOUDFRONT_ENTRY_H_
