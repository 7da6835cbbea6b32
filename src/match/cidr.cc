#include "match/cidr.h"

#include <arpa/inet.h>
#include <charconv>
#include <cstring>

namespace waftune {
namespace {

// The longest IPv6 text form is 45 characters; anything longer is garbage.
constexpr size_t kMaxIpText = 63;

bool PrefixMatches(const uint8_t* a, const uint8_t* b, int bits) {
  int full = bits / 8;
  if (std::memcmp(a, b, full) != 0)
    return false;
  int rest = bits % 8;
  if (rest == 0)
    return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (b[full] & mask);
}

bool HostBitsZero(const IpAddress& ip, int prefix) {
  int total = ip.v4 ? 32 : 128;
  for (int bit = prefix; bit < total; ++bit) {
    if (ip.bytes[bit / 8] & (0x80 >> (bit % 8)))
      return false;
  }
  return true;
}

bool IsV4Mapped(const IpAddress& ip) {
  static constexpr uint8_t kPrefix[12] = {0, 0, 0, 0, 0,    0,
                                          0, 0, 0, 0, 0xff, 0xff};
  return !ip.v4 && std::memcmp(ip.bytes.data(), kPrefix, 12) == 0;
}

// '"text"' built by appending: `"\"" + std::string(text)` inserts at the
// front, which GCC 12 -O3 flags with a false -Wrestrict (breaks -Werror).
std::string QuotedInput(std::string_view text) {
  std::string q = "\"";
  q.append(text);
  q.push_back('"');
  return q;
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.empty() || text.size() > kMaxIpText)
    return std::nullopt;
  char buf[kMaxIpText + 1];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  IpAddress ip;
  if (text.find(':') == std::string_view::npos) {
    ip.v4 = true;
    if (inet_pton(AF_INET, buf, ip.bytes.data()) != 1)
      return std::nullopt;
  } else if (inet_pton(AF_INET6, buf, ip.bytes.data()) != 1) {
    return std::nullopt;
  }
  return ip;
}

Result<Cidr> Cidr::Parse(std::string_view text) {
  size_t slash = text.find('/');
  std::optional<IpAddress> ip = IpAddress::Parse(text.substr(0, slash));
  if (!ip) {
    return Status::InvalidArgument(QuotedInput(text) +
                                   "\" is not an IPv4 or IPv6 address/CIDR");
  }
  int max_prefix = ip->v4 ? 32 : 128;
  int prefix = max_prefix;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc() ||
        end != digits.data() + digits.size() || prefix < 0 ||
        prefix > max_prefix) {
      return Status::InvalidArgument(QuotedInput(text) +
                                     "\": prefix length must be 0.." +
                                     std::to_string(max_prefix));
    }
  }
  if (!HostBitsZero(*ip, prefix)) {
    return Status::InvalidArgument(QuotedInput(text) +
                                   "\" has host bits set below the /" +
                                   std::to_string(prefix) + " prefix");
  }
  Cidr c;
  c.base_ = *ip;
  c.prefix_ = prefix;
  return c;
}

bool Cidr::Contains(const IpAddress& ip) const {
  if (base_.v4 == ip.v4) {
    return PrefixMatches(base_.bytes.data(), ip.bytes.data(), prefix_);
  }
  if (base_.v4 && IsV4Mapped(ip)) {
    return PrefixMatches(base_.bytes.data(), ip.bytes.data() + 12, prefix_);
  }
  return false;
}

bool Cidr::Contains(std::string_view ip_text) const {
  std::optional<IpAddress> ip = IpAddress::Parse(ip_text);
  return ip && Contains(*ip);
}

std::string Cidr::ToString() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(base_.v4 ? AF_INET : AF_INET6, base_.bytes.data(), buf, sizeof buf);
  return std::string(buf) + "/" + std::to_string(prefix_);
}

}  // namespace waftune
