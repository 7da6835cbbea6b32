#include "match/signatures.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <strings.h>

#include <re2/re2.h>
#include <re2/set.h>
#include <simdjson.h>

#include "match/url_decode.h"

namespace waftune {
namespace {

// Memo entries stay small: a long value, or a long host where the host is
// part of the key (both attacker-controlled), is scanned without the memo,
// so the memo's size is bounded whatever the input.
constexpr size_t kMaxCachedValue = 512;

bool Memoizable(const ScanKey& key) {
  return key.value.size() <= kMaxCachedValue && key.host.size() <= kMaxCachedValue;
}

constexpr std::string_view kTargetNames[kSignatureTargetCount] = {
    "uri", "args", "headers", "user-agent", "matched-data"};

// Signatures are ASCII patterns over arbitrary bytes (decoded log values are
// not valid UTF-8 in general), hence Latin-1.
RE2::Options SignatureOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_max_mem(64 << 20);
  return o;
}

std::string_view StripPort(std::string_view host) {
  if (!host.empty() && host.front() == '[') {  // [v6]:port
    size_t end = host.find(']');
    return end == std::string_view::npos ? host : host.substr(1, end - 1);
  }
  size_t colon = host.find(':');
  // More than one colon: a bare IPv6 address, no port.
  if (colon != std::string_view::npos &&
      host.find(':', colon + 1) == std::string_view::npos) {
    return host.substr(0, colon);
  }
  return host;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         EqualsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace

std::optional<SignatureTarget> ParseSignatureTarget(std::string_view name) {
  for (size_t i = 0; i < kSignatureTargetCount; ++i) {
    if (kTargetNames[i] == name)
      return static_cast<SignatureTarget>(i);
  }
  return std::nullopt;
}

std::string_view SignatureTargetName(SignatureTarget t) {
  return kTargetNames[static_cast<size_t>(t)];
}

bool SignatureHits::Has(int index) const {
  return std::find(indexes_.begin(), indexes_.end(), index) != indexes_.end();
}

bool SameSite(std::string_view host, std::string_view request_host) {
  host = StripPort(host);
  request_host = StripPort(request_host);
  if (host.empty() || request_host.empty())
    return false;
  if (EqualsIgnoreCase(host, request_host))
    return true;
  // Parent domain of the request host, only when it keeps two labels:
  // shop.example.com -> example.com, but example.com -/-> com.
  size_t dot = request_host.find('.');
  if (dot == std::string_view::npos)
    return false;
  std::string_view parent = request_host.substr(dot + 1);
  if (parent.find('.') == std::string_view::npos) {
    parent = request_host;  // Already a registrable domain.
  }
  return EqualsIgnoreCase(host, parent) ||
         EndsWithIgnoreCase(host, std::string(".") + std::string(parent));
}

struct SignatureSet::TargetSet {
  TargetSet() : set(SignatureOptions(), RE2::UNANCHORED) {}
  RE2::Set set;
  std::vector<int> signature_of;  // Set id -> signature index.
  // Whether a host-aware signature looks at this target: only then does
  // the request host change a value's result (and belong in the memo key).
  bool host_aware = false;
};

SignatureSet::SignatureSet() = default;
SignatureSet::SignatureSet(SignatureSet&&) noexcept = default;
SignatureSet& SignatureSet::operator=(SignatureSet&&) noexcept = default;
SignatureSet::~SignatureSet() = default;

Result<SignatureSet> SignatureSet::Build(std::vector<Signature> signatures) {
  SignatureSet s;
  for (size_t t = 0; t < kSignatureTargetCount; ++t) {
    s.targets_[t] = std::make_unique<TargetSet>();
  }
  for (size_t i = 0; i < signatures.size(); ++i) {
    const Signature& sig = signatures[i];
    for (size_t j = 0; j < i; ++j) {
      if (signatures[j].id == sig.id) {
        return Status::InvalidArgument("signature \"" + sig.id +
                                       "\": duplicate id");
      }
    }
    auto re = std::make_unique<RE2>(sig.pattern, SignatureOptions());
    if (!re->ok()) {
      return Status::InvalidArgument("signature \"" + sig.id +
                                     "\": RE2: " + re->error());
    }
    if (sig.foreign_host_only && re->NumberOfCapturingGroups() != 1) {
      return Status::InvalidArgument(
          "signature \"" + sig.id +
          "\": host_check needs exactly one capturing group "
          "(the host)");
    }
    s.host_regexes_.push_back(sig.foreign_host_only ? std::move(re) : nullptr);
    for (SignatureTarget t : sig.targets) {
      TargetSet& ts = *s.targets_[static_cast<size_t>(t)];
      std::string error;
      if (ts.set.Add(sig.pattern, &error) < 0) {
        return Status::InvalidArgument("signature \"" + sig.id +
                                       "\": RE2: " + error);
      }
      ts.signature_of.push_back(static_cast<int>(i));
      ts.host_aware = ts.host_aware || sig.foreign_host_only;
    }
  }
  for (size_t t = 0; t < kSignatureTargetCount; ++t) {
    // An empty RE2::Set cannot compile; such a target simply never hits.
    if (!s.targets_[t]->signature_of.empty() && !s.targets_[t]->set.Compile()) {
      return Status::InvalidArgument("signatures for target " +
                                     std::string(kTargetNames[t]) +
                                     " exceed the RE2 memory budget");
    }
  }
  s.signatures_ = std::move(signatures);
  static std::atomic<uint64_t> next_instance_id{1};
  s.instance_id_ = next_instance_id.fetch_add(1);
  return s;
}

void SignatureSet::ScanNormalized(SignatureTarget target, std::string_view text,
                                  std::string_view request_host,
                                  SignatureHits* hits) const {
  const TargetSet& ts = *targets_[static_cast<size_t>(target)];
  if (ts.signature_of.empty())
    return;
  hits->set_ids_.clear();
  if (!ts.set.Match(text, &hits->set_ids_))
    return;
  for (int id : hits->set_ids_) {
    int index = ts.signature_of[id];
    if (hits->Has(index))
      continue;
    const RE2* host_re = host_regexes_[index].get();
    if (host_re != nullptr) {
      // Count the hit when any captured host is foreign.
      re2::StringPiece input(text.data(), text.size());
      re2::StringPiece host;
      bool foreign = false;
      while (!foreign && RE2::FindAndConsume(&input, *host_re, &host)) {
        foreign =
            request_host.empty() ||
            !SameSite(std::string_view(host.data(), host.size()), request_host);
      }
      if (!foreign)
        continue;
    }
    hits->indexes_.push_back(index);
  }
  std::sort(hits->indexes_.begin(), hits->indexes_.end());
}

void SignatureSet::ScanValue(SignatureTarget target, std::string_view value,
                             SignatureHits* hits,
                             std::string_view request_host) const {
  if (value.empty() || value == kRedacted)
    return;
  const ScanKey key = MemoKey(target, value, request_host);
  if (!Memoizable(key)) {
    NormalizeForSignatures(value, target == SignatureTarget::kUri, &hits->norm_,
                           &hits->tmp_);
    ScanNormalized(target, hits->norm_, request_host, hits);
    return;
  }
  if (hits->memo_set_ != instance_id_) {
    hits->memo_.Clear();
    hits->memo_set_ = instance_id_;
  }
  const uint64_t hash = ScanMemo::Hash(key);
  const std::vector<int>* value_hits = hits->memo_.Find(key, hash);
  if (value_hits == nullptr) {
    // Scan this value alone (ScanNormalized skips indexes already hit).
    hits->saved_.swap(hits->indexes_);
    hits->indexes_.clear();
    NormalizeForSignatures(value, target == SignatureTarget::kUri, &hits->norm_,
                           &hits->tmp_);
    ScanNormalized(target, hits->norm_, request_host, hits);
    value_hits = &hits->memo_.Store(key, hash, hits->indexes_);
    hits->indexes_.swap(hits->saved_);
  }
  if (value_hits->empty()) return;  // The common case: nothing to add.
  for (int index : *value_hits) {
    if (!hits->Has(index)) hits->indexes_.push_back(index);
  }
  std::sort(hits->indexes_.begin(), hits->indexes_.end());
}

ScanKey SignatureSet::MemoKey(SignatureTarget target, std::string_view value,
                              std::string_view request_host) const {
  const bool host_aware = targets_[static_cast<size_t>(target)]->host_aware;
  return ScanKey{static_cast<uint8_t>(target), host_aware ? request_host : std::string_view(),
                 value};
}

void SignatureSet::PrefetchMemo(const HttpRequest& req, std::string_view host,
                                SignatureHits* hits) const {
  if (hits->memo_set_ != instance_id_) return;  // ScanValue clears it first.
  auto prefetch = [&](SignatureTarget t, std::string_view v) {
    ScanKey key = MemoKey(t, v, host);
    if (!Memoizable(key)) return;  // ScanValue will not look it up.
    hits->memo_.Prefetch(ScanMemo::Hash(key));
  };
  prefetch(SignatureTarget::kUri, req.uri);
  prefetch(SignatureTarget::kArgs, req.args);
  for (const HttpHeader& h : req.headers) {
    bool ua = EqualsIgnoreCase(h.name, "user-agent");
    prefetch(ua ? SignatureTarget::kUserAgent : SignatureTarget::kHeaders, h.value);
  }
}

void SignatureSet::Scan(const WafRecord& record, SignatureHits* hits) const {
  const HttpRequest& req = record.request;
  std::string_view host = req.host.empty() ? req.Header("host") : req.host;
  // The memo slots are mostly cache misses: start them all before the
  // lookups so that their latencies overlap.
  PrefetchMemo(req, host, hits);
  ScanValue(SignatureTarget::kUri, req.uri, hits, host);
  ScanValue(SignatureTarget::kArgs, req.args, hits, host);
  for (const HttpHeader& h : req.headers) {
    bool ua = EqualsIgnoreCase(h.name, "user-agent");
    ScanValue(ua ? SignatureTarget::kUserAgent : SignatureTarget::kHeaders,
              h.value, hits, host);
  }
  // Matched data is logged as tokens; scan them joined by spaces.
  auto scan_details = [&](const std::vector<MatchDetail>& details) {
    for (const MatchDetail& d : details) {
      hits->joined_.clear();
      for (std::string_view token : d.matched_data) {
        if (!hits->joined_.empty())
          hits->joined_.push_back(' ');
        hits->joined_.append(token);
      }
      ScanValue(SignatureTarget::kMatchedData, hits->joined_, hits, host);
    }
  };
  scan_details(record.terminating_match_details);
  for (const RuleGroupEntry& g : record.rule_groups) {
    if (g.has_terminating)
      scan_details(g.terminating.details);
    for (const RuleMatch& m : g.non_terminating)
      scan_details(m.details);
  }
  for (const RuleMatch& m : record.non_terminating)
    scan_details(m.details);
}

void SignatureSet::ScanUrl(std::string_view url, SignatureHits* hits) const {
  std::string_view host;
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos && scheme < 10) {
    std::string_view rest = url.substr(scheme + 3);
    size_t slash = rest.find_first_of("/?");
    host = rest.substr(0, slash);
    url = slash == std::string_view::npos ? std::string_view()
                                          : rest.substr(slash);
  }
  size_t q = url.find('?');
  ScanValue(SignatureTarget::kUri, url.substr(0, q), hits, host);
  if (q != std::string_view::npos) {
    ScanValue(SignatureTarget::kArgs, url.substr(q + 1), hits, host);
  }
}

namespace {

using simdjson::dom::element;

// Reads a list of strings; false (with *error set) on a wrong type.
bool ReadStrings(element value, std::vector<std::string>* out,
                 std::string* error) {
  simdjson::dom::array items;
  if (value.get_array().get(items) != simdjson::SUCCESS) {
    *error = "must be a list of strings";
    return false;
  }
  for (element item : items) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      *error = "must be a list of strings";
      return false;
    }
    out->emplace_back(s);
  }
  return true;
}

bool ReadTests(element value, Signature* sig, std::string* error) {
  element list;
  if (value["positive"].get(list) != simdjson::SUCCESS ||
      !ReadStrings(list, &sig->positive, error) || sig->positive.empty()) {
    *error = "tests.positive must be a non-empty list of strings";
    return false;
  }
  if (value["negative"].get(list) != simdjson::SUCCESS ||
      !ReadStrings(list, &sig->negative, error) || sig->negative.empty()) {
    *error = "tests.negative must be a non-empty list of strings";
    return false;
  }
  return true;
}

// Fills one member of a signature; false with *error on a bad member.
bool ReadMember(std::string_view key, element value, Signature* sig,
                std::string* error) {
  std::string_view s;
  bool is_string = value.get_string().get(s) == simdjson::SUCCESS;
  std::string* text = key == "id"            ? &sig->id
                      : key == "class"       ? &sig->cls
                      : key == "severity"    ? &sig->severity
                      : key == "pattern"     ? &sig->pattern
                      : key == "description" ? &sig->description
                                             : nullptr;
  if (text != nullptr) {
    if (!is_string || s.empty())
      *error = "must be a non-empty string";
    *text = std::string(s);
    return is_string && !s.empty();
  }
  if (key == "host_check") {
    sig->foreign_host_only = is_string && s == "foreign";
    if (!sig->foreign_host_only)
      *error = "only \"foreign\" is supported";
    return sig->foreign_host_only;
  }
  if (key == "tests")
    return ReadTests(value, sig, error);
  if (key == "targets") {
    std::vector<std::string> names;
    if (!ReadStrings(value, &names, error) || names.empty()) {
      *error = "must be a non-empty list of targets";
      return false;
    }
    for (const std::string& n : names) {
      std::optional<SignatureTarget> t = ParseSignatureTarget(n);
      if (!t) {
        *error = "unknown target \"" + n +
                 "\" (uri, args, headers, user-agent, matched-data)";
        return false;
      }
      sig->targets.push_back(*t);
    }
    return true;
  }
  *error = "unknown key";
  return false;
}

}  // namespace

Result<std::vector<Signature>> SignatureSet::ParseFile(
    std::string_view json, std::string_view file_name) {
  std::string errors;
  auto fail = [&](std::string_view who, std::string_view key,
                  std::string_view msg) {
    errors += "\n  " + std::string(file_name) + ": " + std::string(who) +
              (key.empty() ? "" : ": key \"" + std::string(key) + "\"") + ": " +
              std::string(msg);
  };
  simdjson::dom::parser parser;
  element root;
  simdjson::dom::array list;
  std::vector<Signature> out;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) {
    fail("document", "", "invalid JSON");
  } else if (root["signatures"].get_array().get(list) != simdjson::SUCCESS) {
    fail("document", "signatures", "missing, or not a list");
  } else {
    size_t index = 0;
    for (element item : list) {
      ++index;
      Signature sig;
      std::string_view id;
      std::string who = item["id"].get_string().get(id) == simdjson::SUCCESS
                            ? "signature \"" + std::string(id) + "\""
                            : "signature #" + std::to_string(index);
      simdjson::dom::object obj;
      if (item.get_object().get(obj) != simdjson::SUCCESS) {
        fail(who, "", "must be an object");
        continue;
      }
      for (simdjson::dom::key_value_pair kv : obj) {
        std::string error;
        if (!ReadMember(kv.key, kv.value, &sig, &error))
          fail(who, kv.key, error);
      }
      for (std::string_view required :
           {"id", "class", "pattern", "targets", "tests"}) {
        if (obj[required].error() != simdjson::SUCCESS)
          fail(who, required, "missing");
      }
      if (sig.severity.empty())
        sig.severity = "high";
      out.push_back(std::move(sig));
    }
  }
  if (!errors.empty()) {
    return Status::InvalidArgument(std::string(file_name) +
                                   ": invalid signatures" + errors);
  }
  return out;
}

Result<SignatureSet> SignatureSet::LoadDirectory(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  if (ec)
    return Status::IOError(dir, ec.message());
  if (files.empty())
    return Status::NotFound(dir + ": no signature files (*.json)");
  std::sort(files.begin(), files.end());
  std::vector<Signature> all;
  std::string errors;
  for (const std::filesystem::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof())
      return Status::IOError(path.string(), "read error");
    Result<std::vector<Signature>> parsed = ParseFile(text, path.string());
    if (!parsed.ok()) {
      errors += (errors.empty() ? "" : "\n") + parsed.status().message();
      continue;
    }
    for (Signature& s : *parsed)
      all.push_back(std::move(s));
  }
  if (!errors.empty())
    return Status::InvalidArgument(errors);
  return Build(std::move(all));
}

}  // namespace waftune
