// AlbEntry: the view of one Application Load Balancer access-log line.
//
// Filled by AlbReader from one line. Every std::string_view points into the
// line (or is a static empty view) and is valid only during the callback that
// received the entry: copy what you keep. A field logged as "-" is an empty
// view; numbers logged as "-" are kAbsent. Processing times keep the logged
// -1 ("not dispatched / timed out", see alb-log.md) apart from "-" (NaN).
// Quoted fields are stored without their quotes but otherwise raw: a
// backslash-escaped quote stays escaped (\"). Field reference:
// ../shared/formats/alb-log.md. Plain value type; no thread-safety concerns.
#ifndef WAFTUNE_LOGS_ALB_ENTRY_H_
#define WAFTUNE_LOGS_ALB_ENTRY_H_

#include <cmath>
#include <cstdint>
#include <string_view>

namespace waftune {

struct AlbEntry {
  // Integers logged as "-" (target_status_code, bytes, ports, ...).
  static constexpr int64_t kAbsent = -1;
  // The logged value of a processing time when the LB could not dispatch the
  // request or the target did not answer before the idle timeout.
  static constexpr double kNotDispatched = -1.0;

  std::string_view type;       // http, https, h2, grpcs, ws, wss (others kept).
  int64_t time_ms = 0;         // `time`: when the LB generated the response.
  std::string_view elb;        // app/{name}/{id}
  std::string_view client_ip;  // IPv4 or bracketless IPv6.
  int64_t client_port = kAbsent;
  std::string_view target;  // "ip:port", empty if "-" (never reached one).
  std::string_view target_ip;
  int64_t target_port = kAbsent;

  // Seconds; kNotDispatched (-1) as logged, NaN if "-" or missing.
  double request_processing_time = NAN;
  double target_processing_time = NAN;
  double response_processing_time = NAN;

  // The status as logged, e.g. "504" or "000"; empty if "-".
  std::string_view elb_status;
  int elb_status_code = -1;     // 0 for "000", -1 for "-".
  int target_status_code = -1;  // -1 for "-".
  int64_t received_bytes = kAbsent;
  int64_t sent_bytes = kAbsent;

  // "METHOD URL PROTOCOL" and its parts ("-" parts are empty). `url` is as
  // the client sent it (percent-encoding kept); `host` is the authority of an
  // absolute URL ("www.example.com:443"); `path` excludes the query; `query`
  // excludes the '?'.
  std::string_view request;
  std::string_view method;
  std::string_view url;
  std::string_view host;
  std::string_view path;
  std::string_view query;
  std::string_view protocol;

  std::string_view user_agent;
  std::string_view ssl_cipher;
  std::string_view ssl_protocol;
  std::string_view target_group_arn;
  std::string_view trace_id;    // Raw header value, e.g. "Self=..;Root=..".
  std::string_view trace_root;  // Root value: the join key to WAF requestId.
  std::string_view domain_name;
  std::string_view chosen_cert_arn;
  std::string_view matched_rule_priority;  // "0", "-1", or empty for "-".
  int64_t request_creation_time_ms = kAbsent;
  std::string_view actions_executed;  // e.g. "waf,forward"
  std::string_view redirect_url;
  std::string_view error_reason;
  std::string_view target_port_list;
  std::string_view target_status_code_list;
  std::string_view classification;
  std::string_view classification_reason;
  std::string_view conn_trace_id;
  std::string_view transformed_host;
  std::string_view transformed_uri;
  std::string_view request_transform_status;

  // Quote-aware tokens on the line, including unknown trailing ones.
  int field_count = 0;

  // True if `action` is one of the comma-separated actions_executed.
  bool HasAction(std::string_view action) const {
    std::string_view rest = actions_executed;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      if (rest.substr(0, comma) == action)
        return true;
      if (comma == std::string_view::npos)
        break;
      rest.remove_prefix(comma + 1);
    }
    return false;
  }
  // True if AWS WAF rejected the request: "waf" is the last action executed.
  bool BlockedByWaf() const {
    std::string_view a = actions_executed;
    size_t comma = a.rfind(',');
    return a.substr(comma == std::string_view::npos ? 0 : comma + 1) == "waf";
  }
  // True if the logged target time is -1 (not dispatched or timed out).
  bool TargetTimedOut() const {
    return target_processing_time == kNotDispatched;
  }
};

}  // namespace waftune

#endif  // WAFTUNE_LOGS_ALB_ENTRY_H_
