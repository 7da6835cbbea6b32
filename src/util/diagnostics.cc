#include "util/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace waftune {

bool DiagnosticEntry::operator<(const DiagnosticEntry& o) const {
  return std::tie(file, line, reason) < std::tie(o.file, o.line, o.reason);
}

void Diagnostics::Report(std::string_view file, uint64_t line,
                         std::string_view reason) {
  ++skipped_;
  Keep(file, line, reason);
}

void Diagnostics::Warn(std::string_view file, uint64_t line,
                       std::string_view reason) {
  ++warnings_;
  Keep(file, line, reason);
}

// Keeps the smallest (file, line) entries so that the examples do not depend
// on which thread saw which file first.
void Diagnostics::Keep(std::string_view file, uint64_t line,
                       std::string_view reason) {
  // Cap the stored reason: it may quote attacker-controlled bytes.
  constexpr size_t kMaxReason = 300;
  DiagnosticEntry e{std::string(file), line,
                    std::string(reason.substr(0, kMaxReason))};
  if (examples_.size() >= kMaxExamples && !(e < examples_.back())) return;
  examples_.insert(std::upper_bound(examples_.begin(), examples_.end(), e),
                   std::move(e));
  if (examples_.size() > kMaxExamples) examples_.pop_back();
}

void Diagnostics::Merge(const Diagnostics& other) {
  skipped_ += other.skipped_;
  warnings_ += other.warnings_;
  for (const DiagnosticEntry& e : other.examples_) {
    Keep(e.file, e.line, e.reason);
  }
}

}  // namespace waftune
