// IpAddress and Cidr: IPv4/IPv6 addresses and CIDR blocks for client_ip.
//
// Parsing never allocates and accepts any bytes (a log's clientIp is
// attacker-influenced when it comes from a header). An IPv4 block also
// contains the IPv4-mapped IPv6 form of its addresses (::ffff:a.b.c.d), since
// some pipelines log that form. Thread safety: plain values.
#ifndef WAFTUNE_MATCH_CIDR_H_
#define WAFTUNE_MATCH_CIDR_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace waftune {

struct IpAddress {
  bool v4 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4.

  // Parses a dotted IPv4 or an IPv6 text address (no brackets, no zone).
  static std::optional<IpAddress> Parse(std::string_view text);
};

class Cidr {
 public:
  // "203.0.113.0/24", "2001:db8::/32", or a bare address (= /32 or /128).
  // Host bits set below the prefix ("10.0.0.1/8") are an error, as AWS IP
  // sets reject them.
  static Result<Cidr> Parse(std::string_view text);

  bool Contains(const IpAddress& ip) const;
  // Parses and tests; an unparsable address is not contained.
  bool Contains(std::string_view ip_text) const;

  bool v4() const { return base_.v4; }
  int prefix() const { return prefix_; }
  std::string ToString() const;

 private:
  IpAddress base_;
  int prefix_ = 0;
};

}  // namespace waftune

#endif  // WAFTUNE_MATCH_CIDR_H_
