#include "analysis/distinct_counter.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

namespace waftune {

uint64_t HashBytes(std::string_view s) {
  // FNV-1a, then a murmur-style finaliser so HyperLogLog sees well-mixed
  // bits: short, similar strings (IPs) differ only in a few bytes.
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

void DistinctCounter::AddHash(uint64_t hash) {
  if (!registers_.empty()) {
    AddToSketch(hash);
    return;
  }
  if (exact_.Insert(hash) && exact_.size() > kExactLimit) SwitchToSketch();
}

void DistinctCounter::AddToSketch(uint64_t hash) {
  size_t index = hash >> (64 - kPrecision);
  uint64_t rest = (hash << kPrecision) | (1ULL << (kPrecision - 1));
  uint8_t rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
  if (rank > registers_[index]) registers_[index] = rank;
}

void DistinctCounter::SwitchToSketch() {
  registers_.assign(size_t{1} << kPrecision, 0);
  exact_.ForEach([&](uint64_t h) { AddToSketch(h); });
  exact_.Clear();
}

void DistinctCounter::Merge(const DistinctCounter& other) {
  if (other.registers_.empty()) {
    other.exact_.ForEach([&](uint64_t h) { AddHash(h); });
    return;
  }
  if (registers_.empty()) SwitchToSketch();
  for (size_t i = 0; i < registers_.size(); ++i) {
    if (other.registers_[i] > registers_[i]) registers_[i] = other.registers_[i];
  }
}

uint64_t DistinctCounter::Count() const {
  if (registers_.empty()) return exact_.size();
  const double m = static_cast<double>(registers_.size());
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t r : registers_) {
    sum += std::ldexp(1.0, -r);
    if (r == 0) ++zeros;
  }
  double alpha = 0.7213 / (1 + 1.079 / m);
  double estimate = alpha * m * m / sum;
  // Small-range correction (linear counting).
  if (estimate <= 2.5 * m && zeros > 0) {
    estimate = m * std::log(m / static_cast<double>(zeros));
  }
  return static_cast<uint64_t>(std::llround(estimate));
}

}  // namespace waftune

namespace waftune {

DistinctCounter::State DistinctCounter::Serialize() const {
  State state;
  state.registers = registers_;
  state.exact.reserve(exact_.size());
  exact_.ForEach([&](uint64_t h) { state.exact.push_back(h); });
  std::sort(state.exact.begin(), state.exact.end());
  return state;
}

Result<DistinctCounter> DistinctCounter::Deserialize(const State& state) {
  DistinctCounter counter;
  if (!state.registers.empty()) {
    if (state.registers.size() != (size_t{1} << kPrecision)) {
      return Status::InvalidArgument("distinct counter: " +
                                     std::to_string(state.registers.size()) +
                                     " registers, expected " +
                                     std::to_string(size_t{1} << kPrecision));
    }
    // The largest rank AddToSketch can produce (see the sentinel bit there).
    constexpr uint8_t kMaxRank = 64 - kPrecision + 1;
    for (uint8_t r : state.registers) {
      if (r > kMaxRank) {
        return Status::InvalidArgument("distinct counter: register rank " +
                                       std::to_string(r) + " is impossible");
      }
    }
    counter.registers_ = state.registers;
    // Hashes saved next to registers (hand-made files) still count.
    for (uint64_t h : state.exact) counter.AddToSketch(h);
    return counter;
  }
  for (uint64_t h : state.exact) counter.AddHash(h);
  return counter;
}

}  // namespace waftune
