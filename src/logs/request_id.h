// Request id normalisation: the join key between WAF records and access logs.
//
// A WAF record on an ALB carries httpRequest.requestId equal to the Root
// value of the ALB trace_id ("1-58337262-36d228ad5d99923122bbe354"); the ALB
// logs the whole X-Amzn-Trace-Id header ("Root=1-...", or
// "Self=1-...;Root=1-...;Custom=x" when a client or another LB already sent
// one). On CloudFront, requestId equals x-edge-request-id, which is opaque
// (base64url, ending "=="). NormalizeRequestId maps all of these to the
// value both sides share. Pure function; thread-safe.
#ifndef WAFTUNE_LOGS_REQUEST_ID_H_
#define WAFTUNE_LOGS_REQUEST_ID_H_

#include <string_view>

namespace waftune {

// Returns the Root= value of a trace header (keys compared
// case-insensitively, ';'-separated parts in any order, spaces around parts
// and surrounding quotes ignored). Without a Root part, returns the Self=
// value; anything that is not a trace header (a WAF requestId, a CloudFront
// id) comes back unchanged apart from trimming. The view points into `id`.
std::string_view NormalizeRequestId(std::string_view id);

}  // namespace waftune

#endif  // WAFTUNE_LOGS_REQUEST_ID_H_
