#include "logs/alb_reader.h"

#include <cmath>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "logs/request_id.h"

namespace waftune {
namespace {

// Field positions (alb-log.md section 2.1, 0-based).
enum Field {
  kType,
  kTime,
  kElb,
  kClient,
  kTarget,
  kRequestTime,
  kTargetTime,
  kResponseTime,
  kElbStatus,
  kTargetStatus,
  kReceived,
  kSent,
  kRequest,
  kUserAgent,
  kSslCipher,
  kSslProtocol,
  kTargetGroup,
  kTraceId,
  kDomain,
  kCert,
  kRulePriority,
  kCreationTime,
  kActions,
  kRedirect,
  kErrorReason,
  kTargetList,
  kTargetStatusList,
  kClassification,
  kClassificationReason,
  kConnTraceId,
  kTransformedHost,
  kTransformedUri,
  kTransformStatus
};

// "-" is how the ALB writes an absent value.
std::string_view Dash(std::string_view v) {
  return v.size() == 1 && v[0] == '-' ? std::string_view() : v;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly n digits at p.
bool Digits(const char* p, int n, int* out) {
  int v = 0;
  for (int i = 0; i < n; ++i) {
    if (!IsDigit(p[i]))
      return false;
    v = v * 10 + (p[i] - '0');
  }
  *out = v;
  return true;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ValidDate(int y, int m, int d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1])
    return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

}  // namespace

bool ParseLogCount(std::string_view v, int64_t* out) {
  if (v.size() == 1 && v[0] == '-') {
    *out = AlbEntry::kAbsent;
    return true;
  }
  if (v.empty() || v.size() > 18)
    return false;
  int64_t n = 0;
  for (char c : v) {
    if (!IsDigit(c))
      return false;
    n = n * 10 + (c - '0');
  }
  *out = n;
  return true;
}

namespace {

// A status: three digits ("000" included) or "-" (-1).
bool ParseStatus(std::string_view v, int* out) {
  if (v.size() == 1 && v[0] == '-') {
    *out = -1;
    return true;
  }
  return v.size() == 3 && Digits(v.data(), 3, out);
}

}  // namespace

bool ParseLogSeconds(std::string_view v, double* out) {
  if (v.size() == 1 && v[0] == '-') {
    *out = NAN;
    return true;
  }
  bool negative = !v.empty() && v[0] == '-';
  if (negative)
    v.remove_prefix(1);
  if (v.empty() || v.size() > 18)
    return false;
  int64_t mantissa = 0;
  int64_t scale = 1;
  bool dot = false;
  for (char c : v) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (IsDigit(c)) {
      mantissa = mantissa * 10 + (c - '0');
      if (dot)
        scale *= 10;
    } else {
      return false;
    }
  }
  double s = static_cast<double>(mantissa) / static_cast<double>(scale);
  *out = negative ? -s : s;
  return true;
}

namespace {

// Splits "ip:port" at the last ':' (IPv6 is logged without brackets).
void SplitHostPort(std::string_view v, std::string_view* ip, int64_t* port) {
  size_t colon = v.rfind(':');
  std::string_view p;
  if (colon != std::string_view::npos)
    p = v.substr(colon + 1);
  int64_t n = AlbEntry::kAbsent;
  if (!p.empty() && ParseLogCount(p, &n) && n <= 65535) {
    v = v.substr(0, colon);
  } else {
    n = AlbEntry::kAbsent;
  }
  if (v.size() >= 2 && v.front() == '[' && v.back() == ']') {
    v = v.substr(1, v.size() - 2);
  }
  *ip = v;
  *port = n;
}

// Splits the URL of the request line into host, path and query.
void SplitUrl(AlbEntry* e) {
  std::string_view u = e->url;
  size_t scheme = u.find("://");
  if (scheme != std::string_view::npos && scheme <= 8 && u[0] != '/') {
    u.remove_prefix(scheme + 3);
    size_t end = u.find_first_of("/?");
    e->host = u.substr(0, end);
    u = end == std::string_view::npos ? std::string_view() : u.substr(end);
  }
  size_t q = u.find('?');
  e->path = u.substr(0, q);
  if (q != std::string_view::npos)
    e->query = u.substr(q + 1);
}

// "METHOD URL PROTOCOL"; the URL may itself hold spaces, so the method ends
// at the first space and the protocol starts after the last one.
void SplitRequest(AlbEntry* e) {
  std::string_view r = e->request;
  size_t first = r.find(' ');
  if (first == std::string_view::npos) {
    e->url = Dash(r);
  } else {
    e->method = Dash(r.substr(0, first));
    std::string_view rest = r.substr(first + 1);
    size_t last = rest.rfind(' ');
    if (last == std::string_view::npos) {
      e->url = Dash(rest);
    } else {
      e->url = Dash(rest.substr(0, last));
      e->protocol = Dash(rest.substr(last + 1));
    }
  }
  SplitUrl(e);
}

// True if the quote at p[i] is escaped by an odd run of backslashes.
bool Escaped(const char* p, size_t begin, size_t i) {
  size_t n = 0;
  while (i > begin && p[i - 1] == '\\') {
    --i;
    ++n;
  }
  return n % 2 == 1;
}

}  // namespace

namespace {

// "YYYY-MM-DD" at the start of s, as milliseconds since the epoch.
bool ParseDateMs(std::string_view s, int64_t* ms) {
  int y, mo, d;
  const char* p = s.data();
  if (s.size() < 10 || !Digits(p, 4, &y) || p[4] != '-' ||
      !Digits(p + 5, 2, &mo) || p[7] != '-' || !Digits(p + 8, 2, &d) ||
      !ValidDate(y, mo, d)) {
    return false;
  }
  *ms = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) *
        86400000;
  return true;
}

// What follows the date: "[THH:MM:SS[.fraction]][Z]", as ms of the day.
bool ParseClockMs(std::string_view s, int64_t* ms) {
  int h = 0, mi = 0, sec = 0, frac = 0;
  const char* p = s.data();
  size_t i = 10;
  if (i < s.size() && s[i] == 'T') {
    if (s.size() < 19 || !Digits(p + 11, 2, &h) || p[13] != ':' ||
        !Digits(p + 14, 2, &mi) || p[16] != ':' || !Digits(p + 17, 2, &sec) ||
        h > 23 || mi > 59 || sec > 60) {
      return false;
    }
    i = 19;
    if (i < s.size() && s[i] == '.') {
      int digits = 0;
      for (++i; i < s.size() && IsDigit(s[i]); ++i, ++digits) {
        if (digits < 3)
          frac = frac * 10 + (s[i] - '0');
      }
      if (digits == 0)
        return false;
      for (; digits < 3; ++digits)
        frac *= 10;
    }
  }
  if (i < s.size() && s[i] == 'Z')
    ++i;
  if (i != s.size())
    return false;
  *ms = ((h * 60 + mi) * 60 + sec) * int64_t{1000} + frac;
  return true;
}

}  // namespace

bool ParseIsoTimeMs(std::string_view s, int64_t* ms) {
  int64_t day = 0, clock = 0;
  if (!ParseDateMs(s, &day) || !ParseClockMs(s, &clock))
    return false;
  *ms = day + clock;
  return true;
}

// Lines of one file share a handful of dates: skip the calendar arithmetic
// when the date is the one seen last.
bool AlbReader::ParseTime(std::string_view s, int64_t* ms) {
  int64_t clock = 0;
  if (s.size() < 10)
    return false;
  if (std::memcmp(s.data(), cached_date_, 10) != 0) {
    if (!ParseDateMs(s, &cached_day_ms_))
      return false;
    std::memcpy(cached_date_, s.data(), 10);
  }
  if (!ParseClockMs(s, &clock))
    return false;
  *ms = cached_day_ms_ + clock;
  return true;
}

namespace {

// Finds the next ' ' or '"' of a line from 64-byte bitmasks (built 16 bytes
// at a time where SSE2 exists), so tokenizing is one scan of the line plus
// a bit-scan per field instead of a memchr call per field.
class MarkScanner {
 public:
  MarkScanner(const char* p, size_t n) : p_(p), n_(n) {}

  // The first i >= pos with p[i] == '"' (quote) or ' ' (!quote); n if none.
  size_t Next(size_t pos, bool quote) {
    while (pos < n_) {
      size_t block = pos & ~size_t{63};
      if (block != block_)
        Load(block);
      uint64_t m = (quote ? quotes_ : spaces_) >> (pos - block);
      if (m != 0)
        return pos + static_cast<size_t>(__builtin_ctzll(m));
      pos = block + 64;
    }
    return n_;
  }

 private:
  void Load(size_t block) {
    const char* src = p_ + block;
    char tail[64];
    if (n_ - block < 64) {  // Never read past the line.
      std::memset(tail, 0, sizeof(tail));
      std::memcpy(tail, src, n_ - block);
      src = tail;
    }
    spaces_ = 0;
    quotes_ = 0;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(' ');
    const __m128i quote = _mm_set1_epi8('"');
    for (int i = 0; i < 4; ++i) {
      __m128i v =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 16 * i));
      auto s =
          static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, space)));
      auto q =
          static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)));
      spaces_ |= static_cast<uint64_t>(s) << (16 * i);
      quotes_ |= static_cast<uint64_t>(q) << (16 * i);
    }
#else
    for (int i = 0; i < 64; ++i) {
      spaces_ |= static_cast<uint64_t>(src[i] == ' ') << i;
      quotes_ |= static_cast<uint64_t>(src[i] == '"') << i;
    }
#endif
    block_ = block;
  }

  const char* p_;
  size_t n_;
  size_t block_ = ~size_t{0};
  uint64_t spaces_ = 0;
  uint64_t quotes_ = 0;
};

}  // namespace

// Splits on single spaces; a token opening with '"' runs to the next
// unescaped '"' and must be followed by a space or the end of the line.
bool AlbReader::Tokenize(std::string_view line) {
  const char* p = line.data();
  const size_t n = line.size();
  MarkScanner marks(p, n);
  size_t pos = 0;
  token_count_ = 0;
  while (pos < n) {
    size_t begin = pos, end;
    if (p[pos] == '"') {
      ++begin;
      for (size_t from = begin;; from = end + 1) {
        end = marks.Next(from, true);
        if (end == n) {
          reason_ =
              "unterminated quote in field " + std::to_string(token_count_ + 1);
          return false;
        }
        if (!Escaped(p, begin, end))
          break;
      }
      pos = end + 1;
      if (pos < n && p[pos] != ' ') {
        reason_ = "text after closing quote in field " +
                  std::to_string(token_count_ + 1);
        return false;
      }
    } else {
      end = marks.Next(pos, false);
      pos = end;
    }
    if (token_count_ < kMaxTokens) {
      tokens_[token_count_] = std::string_view(p + begin, end - begin);
    }
    ++token_count_;
    ++pos;  // The separating space.
  }
  return true;
}

std::string_view AlbReader::Token(int i) const {
  return i < token_count_ ? tokens_[i] : std::string_view();
}

// The fields that can make a line malformed: times, statuses, byte counts.
bool AlbReader::FillNumbers(AlbEntry* e) {
  if (!ParseTime(Token(kTime), &e->time_ms)) {
    reason_ = "bad time";
    return false;
  }
  if (!ParseLogSeconds(Token(kRequestTime), &e->request_processing_time) ||
      !ParseLogSeconds(Token(kTargetTime), &e->target_processing_time) ||
      !ParseLogSeconds(Token(kResponseTime), &e->response_processing_time)) {
    reason_ = "non-numeric processing time";
    return false;
  }
  if (!ParseStatus(Token(kElbStatus), &e->elb_status_code) ||
      !ParseStatus(Token(kTargetStatus), &e->target_status_code)) {
    reason_ = "non-numeric status code";
    return false;
  }
  if (!ParseLogCount(Token(kReceived), &e->received_bytes) ||
      !ParseLogCount(Token(kSent), &e->sent_bytes)) {
    reason_ = "non-numeric byte count";
    return false;
  }
  std::string_view created = Dash(Token(kCreationTime));
  if (!created.empty() && !ParseTime(created, &e->request_creation_time_ms)) {
    reason_ = "bad request_creation_time";
    return false;
  }
  return true;
}

bool AlbReader::FillEntry(AlbEntry* e) {
  if (!FillNumbers(e))
    return false;
  const auto text = [this](int i) { return Dash(Token(i)); };
  e->field_count = token_count_;
  e->type = text(kType);
  e->elb = text(kElb);
  SplitHostPort(text(kClient), &e->client_ip, &e->client_port);
  e->target = text(kTarget);
  SplitHostPort(e->target, &e->target_ip, &e->target_port);
  e->elb_status = text(kElbStatus);
  e->request = Token(kRequest);
  SplitRequest(e);
  e->user_agent = text(kUserAgent);
  e->ssl_cipher = text(kSslCipher);
  e->ssl_protocol = text(kSslProtocol);
  e->target_group_arn = text(kTargetGroup);
  e->trace_id = text(kTraceId);
  e->trace_root = NormalizeRequestId(e->trace_id);
  e->domain_name = text(kDomain);
  e->chosen_cert_arn = text(kCert);
  e->matched_rule_priority = text(kRulePriority);
  e->actions_executed = text(kActions);
  e->redirect_url = text(kRedirect);
  e->error_reason = text(kErrorReason);
  e->target_port_list = text(kTargetList);
  e->target_status_code_list = text(kTargetStatusList);
  e->classification = text(kClassification);
  e->classification_reason = text(kClassificationReason);
  e->conn_trace_id = text(kConnTraceId);
  e->transformed_host = text(kTransformedHost);
  e->transformed_uri = text(kTransformedUri);
  e->request_transform_status = text(kTransformStatus);
  return true;
}

AlbReader::LineKind AlbReader::ParseLine(std::string_view line, AlbEntry* entry,
                                         std::string_view* reason) {
  while (!line.empty() &&
         (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  if (line.empty() || line[0] == '#')
    return LineKind::kIgnored;
  // NLB TLS logs open with "tls <version>"; ALB connection logs with their
  // timestamp. Neither has HTTP data, so they are not ALB entries.
  if (line.size() > 4 && line.substr(0, 4) == "tls " && IsDigit(line[4])) {
    return LineKind::kNlb;
  }
  if (line.size() > 10 && IsDigit(line[0]) && line[4] == '-' &&
      line[10] == 'T') {
    return LineKind::kConnectionLog;
  }
  *entry = AlbEntry();
  bool ok = Tokenize(line);
  if (ok && token_count_ < kMinFields) {
    reason_ = "too few fields (" + std::to_string(token_count_) + ", need " +
              std::to_string(kMinFields) + ")";
    ok = false;
  }
  ok = ok && FillEntry(entry);
  if (!ok) {
    *reason = reason_;
    return LineKind::kMalformed;
  }
  return LineKind::kEntry;
}

void AlbReader::OnForeign(const LineReader& lines, LineKind kind,
                          FileState* state) {
  ++foreign_;
  bool nlb = kind == LineKind::kNlb;
  bool* warned = nlb ? &state->warned_nlb : &state->warned_connection;
  if (*warned)
    return;
  *warned = true;
  diag_->Warn(lines.file_name(), lines.line_no(),
              nlb ? "NLB access log (tls): no HTTP data, lines skipped"
                  : "ALB connection log: no HTTP data, lines skipped");
}

void AlbReader::OnMalformed(const LineReader& lines, std::string_view reason) {
  ++malformed_;
  diag_->Report(lines.file_name(), lines.line_no(), reason);
}

}  // namespace waftune
