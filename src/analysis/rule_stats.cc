#include "analysis/rule_stats.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <tuple>

namespace waftune {
namespace {

// The series is counted in 5-minute steps (the WAF S3 file period) and
// coarsened when finished.
constexpr int64_t kBaseBucketMs = 5 * 60 * 1000;

int ActionRank(std::string_view action) {
  static constexpr std::array<std::string_view, 5> kOrder = {
      "BLOCK", "CAPTCHA", "CHALLENGE", "COUNT", "ALLOW"};
  for (size_t i = 0; i < kOrder.size(); ++i) {
    if (kOrder[i] == action) return static_cast<int>(i);
  }
  return static_cast<int>(kOrder.size());
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// "QUERY_STRING id: 10 AND 1" for a match detail.
void DescribeMatch(const MatchDetail& d, std::string* out) {
  out->clear();
  out->append(d.location);
  if (!d.field_name.empty()) {
    out->push_back(' ');
    out->append(d.field_name);
  }
  out->append(":");
  for (std::string_view token : d.matched_data) {
    out->push_back(' ');
    out->append(token);
  }
}

}  // namespace

struct RuleStats::Row {
  explicit Row(size_t capacity)
      : uris(capacity), clients_top(capacity), countries(capacity),
        labels(capacity), matched(capacity) {}
  std::string web_acl_rule, rule_group, rule, action;
  uint64_t requests = 0;
  DistinctCounter clients;
  TopK uris, clients_top, countries, labels, matched;
  std::unordered_map<int64_t, uint64_t> series;  // Base bucket -> count.
};

RuleStats::RuleStats(RuleStatsOptions options) : options_(std::move(options)) {}
RuleStats::~RuleStats() = default;
RuleStats::RuleStats(RuleStats&&) noexcept = default;
RuleStats& RuleStats::operator=(RuleStats&&) noexcept = default;

bool RuleStats::Wanted(WafAction a) const {
  if (options_.actions.empty()) return true;
  return std::find(options_.actions.begin(), options_.actions.end(), a) !=
         options_.actions.end();
}

namespace {

// A slot of RuleStats::row_cache_: rule names differ mostly in their
// suffix (_BODY, _QUERYARGUMENTS), so their last bytes and the lengths.
size_t RowCacheSlot(const RuleRowKey& k) {
  uint64_t tail = 0;
  size_t n = std::min<size_t>(sizeof tail, k.rule.size());
  if (n > 0) std::memcpy(&tail, k.rule.data() + k.rule.size() - n, n);
  uint64_t h = tail ^ (uint64_t{k.rule.size()} << 40) ^
               (uint64_t{k.rule_group.size()} << 48) ^
               (uint64_t{k.web_acl_rule.size()} << 56) ^
               (static_cast<uint64_t>(k.action) << 32);
  return static_cast<size_t>((h * 0x9E3779B97F4A7C15ULL) >> 58);
}

}  // namespace

RuleStats::Row* RuleStats::FindOrAddRow(const RuleRowKey& key) {
  Row*& cached = row_cache_.slots[RowCacheSlot(key)];
  if (cached != nullptr && cached->rule == key.rule &&
      cached->rule_group == key.rule_group &&
      cached->web_acl_rule == key.web_acl_rule &&
      cached->action == WafActionName(key.action)) {
    return cached;
  }
  cached = FindOrAddRowSlow(key);
  return cached;
}

RuleStats::Row* RuleStats::FindOrAddRowSlow(const RuleRowKey& key) {
  // Unit separators cannot be confused with name characters.
  key_scratch_.assign(key.web_acl_rule);
  key_scratch_.push_back('\x1f');
  key_scratch_.append(key.rule_group);
  key_scratch_.push_back('\x1f');
  key_scratch_.append(key.rule);
  key_scratch_.push_back('\x1f');
  key_scratch_.append(WafActionName(key.action));
  auto it = rows_.find(std::string_view(key_scratch_));
  if (it != rows_.end()) return it->second.get();
  auto row = std::make_unique<Row>(options_.top_capacity);
  row->web_acl_rule = key.web_acl_rule;
  row->rule_group = key.rule_group;
  row->rule = key.rule;
  row->action = WafActionName(key.action);
  Row* raw = row.get();
  rows_.emplace(key_scratch_, std::move(row));
  return raw;
}

void RuleStats::FlushPending() const {
  for (size_t a = 0; a < pending_actions_.size(); ++a) {
    if (pending_actions_[a] == 0) continue;
    by_action_[std::string(WafActionName(static_cast<WafAction>(a)))] += pending_actions_[a];
    pending_actions_[a] = 0;
  }
  FlushAcl();
}

void RuleStats::FlushAcl() const {
  if (pending_acl_count_ > 0) web_acls_[pending_acl_] += pending_acl_count_;
  pending_acl_count_ = 0;
}

void RuleStats::Add(const WafRecord& rec) {
  ComputeRuleRows(rec, &rows_scratch_);
  Add(rec, rows_scratch_);
}

void RuleStats::Add(const WafRecord& rec, const RuleRows& rows) {
  if (requests_ == 0 || rec.timestamp_ms < min_ms_) min_ms_ = rec.timestamp_ms;
  if (requests_ == 0 || rec.timestamp_ms > max_ms_) max_ms_ = rec.timestamp_ms;
  ++requests_;
  ++pending_actions_[static_cast<size_t>(rec.action)];
  std::string_view acl = rec.WebAclName();
  if (acl != pending_acl_) {
    FlushAcl();
    pending_acl_.assign(acl);
  }
  ++pending_acl_count_;
  const int64_t bucket = FloorDiv(rec.timestamp_ms, kBaseBucketMs);
  std::string matched;
  for (const RuleRowKey& key : rows) {
    if (!Wanted(key.action)) continue;
    Row* row = FindOrAddRow(key);
    ++row->requests;
    row->clients.Add(rec.request.client_ip);
    row->clients_top.Add(rec.request.client_ip);
    row->uris.Add(rec.request.uri);
    row->countries.Add(rec.request.country);
    for (std::string_view label : rec.labels) row->labels.Add(label);
    if (key.details != nullptr) {
      for (const MatchDetail& d : *key.details) {
        DescribeMatch(d, &matched);
        row->matched.Add(matched);
      }
    }
    ++row->series[bucket];
  }
}

void RuleStats::Merge(const RuleStats& other) {
  if (other.requests_ > 0) {
    if (requests_ == 0 || other.min_ms_ < min_ms_) min_ms_ = other.min_ms_;
    if (requests_ == 0 || other.max_ms_ > max_ms_) max_ms_ = other.max_ms_;
  }
  requests_ += other.requests_;
  FlushPending();
  other.FlushPending();
  for (const auto& [k, v] : other.by_action_) by_action_[k] += v;
  for (const auto& [k, v] : other.web_acls_) web_acls_[k] += v;
  for (const auto& [key, theirs] : other.rows_) {
    auto it = rows_.find(key);
    if (it == rows_.end()) {
      it = rows_.emplace(key, std::make_unique<Row>(options_.top_capacity)).first;
      Row& mine = *it->second;
      mine.web_acl_rule = theirs->web_acl_rule;
      mine.rule_group = theirs->rule_group;
      mine.rule = theirs->rule;
      mine.action = theirs->action;
    }
    Row& mine = *it->second;
    mine.requests += theirs->requests;
    mine.clients.Merge(theirs->clients);
    mine.uris.Merge(theirs->uris);
    mine.clients_top.Merge(theirs->clients_top);
    mine.countries.Merge(theirs->countries);
    mine.labels.Merge(theirs->labels);
    mine.matched.Merge(theirs->matched);
    for (const auto& [b, n] : theirs->series) mine.series[b] += n;
  }
}

namespace {

// The smallest bucket width (a multiple of 5 minutes from a fixed ladder)
// that covers the window in at most max_buckets buckets.
int64_t ChooseBucketMs(int64_t span_ms, size_t max_buckets) {
  static constexpr std::array<int64_t, 12> kMinutes = {
      5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 10080, 43200};
  for (int64_t minutes : kMinutes) {
    int64_t width = minutes * 60 * 1000;
    if (span_ms / width + 1 <= static_cast<int64_t>(max_buckets)) return width;
  }
  return kMinutes.back() * 60 * 1000;
}

std::optional<std::string> NullIfEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

void RuleStats::Finish(const FinishOptions& options, Findings* out) const {
  out->waf_requests = requests_;
  out->window_start_ms = requests_ ? min_ms_ : 0;
  out->window_end_ms = requests_ ? max_ms_ : 0;
  FlushPending();
  out->requests_by_action = by_action_;
  out->web_acls.clear();
  for (const auto& [name, n] : web_acls_) out->web_acls.push_back(name);
  const int64_t width =
      ChooseBucketMs(max_ms_ - min_ms_, std::max<size_t>(options.max_buckets, 1));
  out->bucket_ms = requests_ ? width : 0;
  const int64_t first = FloorDiv(min_ms_, width);
  const int64_t last = FloorDiv(max_ms_, width);
  out->rules.clear();
  for (const auto& [key, row] : rows_) {
    RuleFinding f;
    f.web_acl_rule = NullIfEmpty(row->web_acl_rule);
    f.rule_group = NullIfEmpty(row->rule_group);
    f.rule = row->rule;
    f.action = row->action;
    f.requests = row->requests;
    f.clients = row->clients.Count();
    f.clients_estimated = row->clients.estimated();
    f.top_uris = row->uris.Top(options.top);
    f.top_clients = row->clients_top.Top(options.top);
    f.top_countries = row->countries.Top(options.top);
    f.top_labels = row->labels.Top(options.top);
    f.top_matched = row->matched.Top(options.top);
    if (requests_) {
      f.series.resize(static_cast<size_t>(last - first + 1));
      for (size_t i = 0; i < f.series.size(); ++i) {
        f.series[i].start_ms = (first + static_cast<int64_t>(i)) * width;
      }
      for (const auto& [b, n] : row->series) {
        int64_t index = FloorDiv(b * kBaseBucketMs, width) - first;
        if (index >= 0 && index < static_cast<int64_t>(f.series.size())) {
          f.series[static_cast<size_t>(index)].count += n;
        }
      }
    }
    out->rules.push_back(std::move(f));
  }
  std::sort(out->rules.begin(), out->rules.end(),
            [](const RuleFinding& a, const RuleFinding& b) {
              int ra = ActionRank(a.action), rb = ActionRank(b.action);
              if (ra != rb) return ra < rb;
              if (a.requests != b.requests) return a.requests > b.requests;
              return std::tie(a.rule_group, a.rule, a.web_acl_rule) <
                     std::tie(b.rule_group, b.rule, b.web_acl_rule);
            });
}

}  // namespace waftune

// --- Saved state (docs/state.md) ---

namespace waftune {

RuleStats::State RuleStats::Serialize() const {
  State state;
  state.top_capacity = options_.top_capacity;
  for (WafAction a : options_.actions) {
    state.actions.emplace_back(WafActionName(a));
  }
  state.requests = requests_;
  FlushPending();
  state.by_action = by_action_;
  state.web_acls = web_acls_;
  state.min_ms = min_ms_;
  state.max_ms = max_ms_;
  for (const auto& [key, row] : rows_) {
    RowState r;
    r.web_acl_rule = row->web_acl_rule;
    r.rule_group = row->rule_group;
    r.rule = row->rule;
    r.action = row->action;
    r.requests = row->requests;
    r.clients = row->clients.Serialize();
    r.uris = row->uris.Serialize();
    r.clients_top = row->clients_top.Serialize();
    r.countries = row->countries.Serialize();
    r.labels = row->labels.Serialize();
    r.matched = row->matched.Serialize();
    r.series.assign(row->series.begin(), row->series.end());
    std::sort(r.series.begin(), r.series.end());
    state.rows.push_back(std::move(r));
  }
  std::sort(state.rows.begin(), state.rows.end(),
            [](const RowState& a, const RowState& b) {
              return std::tie(a.web_acl_rule, a.rule_group, a.rule, a.action) <
                     std::tie(b.web_acl_rule, b.rule_group, b.rule, b.action);
            });
  return state;
}

Result<RuleStats> RuleStats::Deserialize(const State& state) {
  RuleStatsOptions options;
  options.top_capacity = std::max<size_t>(state.top_capacity, 1);
  for (const std::string& name : state.actions) {
    WafAction a = ParseWafAction(name);
    if (a == WafAction::kUnknown) {
      return Status::InvalidArgument("unknown action filter '" + name + "'");
    }
    options.actions.push_back(a);
  }
  RuleStats stats(std::move(options));
  stats.requests_ = state.requests;
  stats.by_action_ = state.by_action;
  stats.web_acls_ = state.web_acls;
  stats.min_ms_ = state.min_ms;
  stats.max_ms_ = state.max_ms;
  for (const RowState& r : state.rows) {
    WafAction action = ParseWafAction(r.action);
    if (action == WafAction::kUnknown || r.rule.empty()) {
      return Status::InvalidArgument("bad rule row '" + r.rule + "' / '" +
                                     r.action + "'");
    }
    auto clients = DistinctCounter::Deserialize(r.clients);
    if (!clients.ok()) return clients.status();
    // FindOrAddRow keys the row exactly as Add() would.
    Row* row = stats.FindOrAddRow({r.web_acl_rule, r.rule_group, r.rule, action});
    row->requests += r.requests;
    row->clients.Merge(*clients);
    row->uris.Merge(TopK::Deserialize(r.uris));
    row->clients_top.Merge(TopK::Deserialize(r.clients_top));
    row->countries.Merge(TopK::Deserialize(r.countries));
    row->labels.Merge(TopK::Deserialize(r.labels));
    row->matched.Merge(TopK::Deserialize(r.matched));
    for (const auto& [b, n] : r.series) row->series[b] += n;
  }
  return stats;
}

}  // namespace waftune
