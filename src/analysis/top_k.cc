#include "analysis/top_k.h"

#include <algorithm>

namespace waftune {

void TopK::Add(std::string_view value, uint64_t count) {
  auto it = counts_.find(value);
  if (it != counts_.end()) {
    it->second.count += count;
    return;
  }
  if (counts_.size() >= capacity_) Prune();
  counts_.emplace(std::string(value), Slot{count, floor_});
}

void TopK::Merge(const TopK& other) {
  for (const auto& [value, slot] : other.counts_) {
    auto it = counts_.find(value);
    if (it != counts_.end()) {
      it->second.count += slot.count;
      it->second.error += slot.error;
    } else {
      counts_.emplace(value, Slot{slot.count, slot.error + floor_});
    }
  }
  // Values absent from this side may have been pruned here.
  floor_ = std::max(floor_, other.floor_);
  while (counts_.size() > capacity_) Prune();
}

namespace {

bool Before(const TopEntry& a, const TopEntry& b) {
  if (a.count != b.count) return a.count > b.count;
  return a.value < b.value;
}

}  // namespace

// Drops the less frequent half. Ordering by (count desc, value asc) makes
// the survivors independent of hash-map iteration order.
void TopK::Prune() {
  std::vector<TopEntry> all;
  all.reserve(counts_.size());
  for (const auto& [value, slot] : counts_) {
    all.push_back({value, slot.count, slot.error});
  }
  size_t keep = capacity_ / 2;
  if (keep >= all.size()) return;
  // Only the boundary matters, not the order within each half: nth_element
  // is linear (a full sort here showed up in profiles of high-cardinality
  // URI streams). The order is total, so the kept set is deterministic.
  std::nth_element(all.begin(), all.begin() + static_cast<long>(keep), all.end(), Before);
  for (size_t i = keep; i < all.size(); ++i) {
    floor_ = std::max(floor_, all[i].count);
    counts_.erase(all[i].value);
  }
}

std::vector<TopEntry> TopK::Top(size_t n) const {
  std::vector<TopEntry> all;
  all.reserve(counts_.size());
  for (const auto& [value, slot] : counts_) {
    all.push_back({value, slot.count, slot.error});
  }
  size_t k = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<long>(k), all.end(),
                    Before);
  all.resize(k);
  return all;
}

}  // namespace waftune

namespace waftune {

TopK::State TopK::Serialize() const {
  State state;
  state.capacity = capacity_;
  state.floor = floor_;
  state.entries.reserve(counts_.size());
  for (const auto& [value, slot] : counts_) {
    state.entries.push_back({value, slot.count, slot.error});
  }
  std::sort(state.entries.begin(), state.entries.end(),
            [](const TopEntry& a, const TopEntry& b) { return a.value < b.value; });
  return state;
}

TopK TopK::Deserialize(const State& state) {
  TopK top(std::max<size_t>(state.capacity, 1));
  top.floor_ = state.floor;
  for (const TopEntry& e : state.entries) {
    Slot& slot = top.counts_[e.value];
    slot.count += e.count;
    slot.error += e.error;
  }
  while (top.counts_.size() > top.capacity_) top.Prune();
  return top;
}

}  // namespace waftune
