#include "logs/cloudfront_reader.h"

#include <cmath>

#include "logs/alb_reader.h"

namespace waftune {
namespace {

// Names as the #Fields line writes them, in the documented order (which is
// only the fallback for files without a #Fields line).
constexpr std::string_view kColumnNames[CloudFrontReader::kColumnCount] = {
    "date",
    "time",
    "x-edge-location",
    "sc-bytes",
    "c-ip",
    "cs-method",
    "cs(Host)",
    "cs-uri-stem",
    "sc-status",
    "cs(Referer)",
    "cs(User-Agent)",
    "cs-uri-query",
    "cs(Cookie)",
    "x-edge-result-type",
    "x-edge-request-id",
    "x-host-header",
    "cs-protocol",
    "cs-bytes",
    "time-taken",
    "x-forwarded-for",
    "ssl-protocol",
    "ssl-cipher",
    "x-edge-response-result-type",
    "cs-protocol-version",
    "fle-status",
    "fle-encrypted-fields",
    "c-port",
    "time-to-first-byte",
    "x-edge-detailed-result-type",
    "sc-content-type",
    "sc-content-len",
    "sc-range-start",
    "sc-range-end"};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = static_cast<char>(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string_view Dash(std::string_view v) {
  return v.size() == 1 && v[0] == '-' ? std::string_view() : v;
}

// Splits on every tab (fields may be empty) into *out.
void SplitTabs(std::string_view line, std::vector<std::string_view>* out) {
  out->clear();
  size_t pos = 0;
  for (;;) {
    size_t tab = line.find('\t', pos);
    out->push_back(line.substr(pos, tab - pos));
    if (tab == std::string_view::npos)
      break;
    pos = tab + 1;
  }
  while (out->size() > 1 && out->back().empty())
    out->pop_back();
}

// "HH:MM:SS" to milliseconds of the day.
bool ParseClock(std::string_view v, int64_t* ms) {
  if (v.size() != 8 || v[2] != ':' || v[5] != ':')
    return false;
  int parts[3];
  for (int i = 0; i < 3; ++i) {
    char a = v[i * 3], b = v[i * 3 + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9')
      return false;
    parts[i] = (a - '0') * 10 + (b - '0');
  }
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 60)
    return false;
  *ms = ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000;
  return true;
}

}  // namespace

std::string_view PercentDecodeOnce(std::string_view v, std::string* buf) {
  size_t pct = v.find('%');
  if (pct == std::string_view::npos)
    return v;
  buf->assign(v.data(), pct);
  for (size_t i = pct; i < v.size(); ++i) {
    int hi, lo;
    if (v[i] == '%' && i + 2 < v.size() && (hi = HexValue(v[i + 1])) >= 0 &&
        (lo = HexValue(v[i + 2])) >= 0) {
      buf->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      buf->push_back(v[i]);
    }
  }
  return *buf;
}

CloudFrontReader::CloudFrontReader(Diagnostics* diag) : diag_(diag) {
  StartFile();
}

void CloudFrontReader::StartFile() {
  has_fields_ = false;
  SetDefaultFields();
}

void CloudFrontReader::SetDefaultFields() {
  for (int c = 0; c < kColumnCount; ++c)
    column_of_[c] = c;
  expected_fields_ = kColumnCount;
}

void CloudFrontReader::SetFields(std::string_view names) {
  for (int& c : column_of_)
    c = -1;
  size_t index = 0;
  size_t pos = 0;
  while (pos < names.size()) {
    size_t end = names.find_first_of(" \t", pos);
    if (end == std::string_view::npos)
      end = names.size();
    std::string_view name = names.substr(pos, end - pos);
    pos = end + 1;
    if (name.empty())
      continue;
    for (int c = 0; c < kColumnCount; ++c) {
      if (EqualsIgnoreCase(name, kColumnNames[c]) && column_of_[c] < 0) {
        column_of_[c] = static_cast<int>(index);
        break;
      }
    }
    ++index;
  }
  expected_fields_ = index;
  has_fields_ = true;
}

std::string_view CloudFrontReader::Col(Column c) const {
  int i = column_of_[c];
  if (i < 0 || static_cast<size_t>(i) >= fields_.size())
    return {};
  return Dash(fields_[i]);
}

CloudFrontReader::LineKind CloudFrontReader::ParseLine(
    std::string_view line, CfEntry* entry, std::string_view* reason) {
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  if (line.empty())
    return LineKind::kIgnored;
  if (line[0] == '#') {
    constexpr std::string_view kFields = "#Fields:";
    if (line.substr(0, kFields.size()) == kFields) {
      SetFields(line.substr(kFields.size()));
      return LineKind::kHeader;
    }
    return LineKind::kIgnored;  // #Version and other comments.
  }
  SplitTabs(line, &fields_);
  *entry = CfEntry();
  entry->field_count = static_cast<int>(fields_.size());
  if (fields_.size() != expected_fields_) {
    reason_ = "wrong field count (" + std::to_string(fields_.size()) +
              ", #Fields has " + std::to_string(expected_fields_) + ")";
    *reason = reason_;
    return LineKind::kMalformed;
  }
  if (!FillEntry(entry)) {
    *reason = reason_;
    return LineKind::kMalformed;
  }
  return LineKind::kEntry;
}

bool CloudFrontReader::FillTimeAndStatus(CfEntry* e) {
  std::string_view date = Col(kDate);
  if (!date.empty()) {
    int64_t day_ms = 0, clock_ms = 0;
    if (!ParseIsoTimeMs(date, &day_ms) ||
        (!Col(kTime).empty() && !ParseClock(Col(kTime), &clock_ms))) {
      reason_ = "bad date or time";
      return false;
    }
    e->time_ms = day_ms + clock_ms;
  }
  e->status = Col(kStatus);
  if (!e->status.empty()) {
    int64_t code = 0;
    if (e->status.size() != 3 || !ParseLogCount(e->status, &code)) {
      reason_ = "non-numeric sc-status";
      return false;
    }
    e->status_code = static_cast<int>(code);
  }
  return true;
}

bool CloudFrontReader::FillNumbers(CfEntry* e) {
  if (!FillTimeAndStatus(e))
    return false;
  const struct {
    Column column;
    int64_t* out;
  } counts[] = {{kScBytes, &e->sc_bytes},
                {kCsBytes, &e->cs_bytes},
                {kClientPort, &e->client_port}};
  for (const auto& c : counts) {
    std::string_view v = Col(c.column);
    if (!v.empty() && !ParseLogCount(v, c.out)) {
      reason_ = "non-numeric " + std::string(kColumnNames[c.column]);
      return false;
    }
  }
  const struct {
    Column column;
    double* out;
  } times[] = {{kTimeTaken, &e->time_taken},
               {kTimeToFirstByte, &e->time_to_first_byte}};
  for (const auto& t : times) {
    std::string_view v = Col(t.column);
    if (!v.empty() && !ParseLogSeconds(v, t.out)) {
      reason_ = "non-numeric " + std::string(kColumnNames[t.column]);
      return false;
    }
  }
  return true;
}

bool CloudFrontReader::FillEntry(CfEntry* e) {
  if (!FillNumbers(e))
    return false;
  e->edge_location = Col(kEdgeLocation);
  e->client_ip = Col(kClientIp);
  e->method = Col(kMethod);
  e->distribution_host = Col(kHost);
  e->uri_stem = PercentDecodeOnce(Col(kUriStem), &decoded_[0]);
  e->uri_query = PercentDecodeOnce(Col(kUriQuery), &decoded_[1]);
  e->user_agent = PercentDecodeOnce(Col(kUserAgent), &decoded_[2]);
  e->referer = PercentDecodeOnce(Col(kReferer), &decoded_[3]);
  e->cookie = PercentDecodeOnce(Col(kCookie), &decoded_[4]);
  e->result_type = Col(kResultType);
  e->request_id = Col(kRequestId);
  e->host_header = Col(kHostHeader);
  e->protocol = Col(kProtocol);
  e->forwarded_for = Col(kForwardedFor);
  e->ssl_protocol = Col(kSslProtocol);
  e->ssl_cipher = Col(kSslCipher);
  e->response_result_type = Col(kResponseResultType);
  e->protocol_version = Col(kProtocolVersion);
  e->detailed_result_type = Col(kDetailedResultType);
  e->content_type = Col(kContentType);
  return true;
}

}  // namespace waftune
