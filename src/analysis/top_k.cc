#include "analysis/top_k.h"

#include <algorithm>

#include "util/word_hash.h"

namespace waftune {

namespace {

// Small enough that the many rarely-used accumulators (one per TopK field
// of every rule row) stay cheap.
constexpr size_t kMinSlots = 16;

}  // namespace

TopK::TopK(size_t capacity) : capacity_(capacity), slots_(kMinSlots) {}

// The top bit keeps every stored hash distinct from kEmpty; the slot index
// comes from the low bits, which WordHash's final mix spreads well.
uint64_t TopK::HashOf(std::string_view value) {
  return WordHash(value) | (uint64_t{1} << 63);
}

size_t TopK::Probe(std::string_view value, uint64_t hash) const {
  size_t mask = slots_.size() - 1;
  size_t i = static_cast<size_t>(hash) & mask;
  while (true) {
    const Slot& s = slots_[i];
    if (s.hash == kEmpty) return i;
    if (s.hash == hash && s.length == value.size() &&
        std::equal(value.begin(), value.end(), arena_.data() + s.offset)) {
      return i;
    }
    i = (i + 1) & mask;
  }
}

TopK::Slot& TopK::Insert(std::string_view value, uint64_t hash,
                         uint64_t count, uint64_t error) {
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
  size_t mask = slots_.size() - 1;
  size_t i = static_cast<size_t>(hash) & mask;
  while (slots_[i].hash != kEmpty) i = (i + 1) & mask;
  Slot& s = slots_[i];
  s = {hash, count, error, arena_.size(), value.size()};
  arena_.append(value);
  ++size_;
  return s;
}

// Stored hashes are reused, so growing never rereads key bytes.
void TopK::Grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.hash == kEmpty) continue;
    size_t i = static_cast<size_t>(s.hash) & mask;
    while (slots_[i].hash != kEmpty) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void TopK::Add(std::string_view value, uint64_t count) {
  uint64_t hash = HashOf(value);
  Slot& s = slots_[Probe(value, hash)];
  if (s.hash != kEmpty) {
    s.count += count;
    return;
  }
  if (size_ >= capacity_) Prune();
  Insert(value, hash, count, floor_);
}

void TopK::Merge(const TopK& other) {
  // Counts are summed first and pruned once at the end, so the order in
  // which `other`'s slots are visited does not matter. Self-merge only
  // doubles existing slots and never inserts.
  for (const Slot& theirs : other.slots_) {
    if (theirs.hash == kEmpty) continue;
    std::string_view value = other.Key(theirs);
    Slot& mine = slots_[Probe(value, theirs.hash)];
    if (mine.hash != kEmpty) {
      mine.count += theirs.count;
      mine.error += theirs.error;
    } else {
      Insert(value, theirs.hash, theirs.count, theirs.error + floor_);
    }
  }
  // Values absent from this side may have been pruned here.
  floor_ = std::max(floor_, other.floor_);
  while (size_ > capacity_) Prune();
}

std::vector<const TopK::Slot*> TopK::Occupied() const {
  std::vector<const Slot*> all;
  all.reserve(size_);
  for (const Slot& s : slots_) {
    if (s.hash != kEmpty) all.push_back(&s);
  }
  return all;
}

bool TopK::Before(const Slot* a, const Slot* b) const {
  if (a->count != b->count) return a->count > b->count;
  return Key(*a) < Key(*b);
}

// Drops the less frequent half. Ordering by (count desc, value asc) makes
// the survivors independent of the table's slot order.
void TopK::Prune() {
  std::vector<const Slot*> all = Occupied();
  size_t keep = capacity_ / 2;
  if (keep >= all.size()) return;
  // Only the boundary matters, not the order within each half: nth_element
  // is linear (a full sort here showed up in profiles of high-cardinality
  // URI streams). The order is total, so the kept set is deterministic.
  auto before = [this](const Slot* a, const Slot* b) { return Before(a, b); };
  std::nth_element(all.begin(), all.begin() + static_cast<long>(keep),
                   all.end(), before);
  for (size_t i = keep; i < all.size(); ++i) {
    floor_ = std::max(floor_, all[i]->count);
  }
  all.resize(keep);
  Rebuild(all);
}

// Same slot count: the table refills towards `capacity_` right away.
void TopK::Rebuild(const std::vector<const Slot*>& keep) {
  std::vector<Slot> old_slots(slots_.size());
  std::string old_arena;
  old_slots.swap(slots_);
  old_arena.swap(arena_);
  size_ = 0;
  size_t bytes = 0;
  for (const Slot* s : keep) bytes += s->length;
  arena_.reserve(bytes);
  for (const Slot* s : keep) {
    std::string_view value(old_arena.data() + s->offset, s->length);
    Insert(value, s->hash, s->count, s->error);
  }
}

std::vector<TopEntry> TopK::Top(size_t n) const {
  std::vector<const Slot*> all = Occupied();
  size_t k = std::min(n, all.size());
  auto before = [this](const Slot* a, const Slot* b) { return Before(a, b); };
  std::partial_sort(all.begin(), all.begin() + static_cast<long>(k),
                    all.end(), before);
  std::vector<TopEntry> top;
  top.reserve(k);
  for (size_t i = 0; i < k; ++i) {
    top.push_back({std::string(Key(*all[i])), all[i]->count, all[i]->error});
  }
  return top;
}

TopK::State TopK::Serialize() const {
  std::vector<const Slot*> all = Occupied();
  std::sort(all.begin(), all.end(), [this](const Slot* a, const Slot* b) {
    return Key(*a) < Key(*b);
  });
  State state;
  state.capacity = capacity_;
  state.floor = floor_;
  state.entries.reserve(all.size());
  for (const Slot* s : all) {
    state.entries.push_back({std::string(Key(*s)), s->count, s->error});
  }
  return state;
}

TopK TopK::Deserialize(const State& state) {
  TopK top(std::max<size_t>(state.capacity, 1));
  top.floor_ = state.floor;
  for (const TopEntry& e : state.entries) {
    uint64_t hash = HashOf(e.value);
    Slot& s = top.slots_[top.Probe(e.value, hash)];
    if (s.hash != kEmpty) {
      s.count += e.count;
      s.error += e.error;
    } else {
      top.Insert(e.value, hash, e.count, e.error);
    }
  }
  while (top.size_ > top.capacity_) top.Prune();
  return top;
}

}  // namespace waftune
