// Drawing lots, repeatably.
//
// Where a rule says "decided by lot", collegium draws from a pseudo-random stream seeded
// by a number that the count sheet records, so that anyone can repeat the count and get
// the same draw. The generator is SplitMix64 (Steele, Lea and Flood 2014): tiny, fully
// specified by its published constants, and identical on every platform, which is what a
// published count needs; it makes no claim to cryptographic strength (the seed is public).
#pragma once

#include <cstdint>
#include <vector>

namespace collegium::count {

class Lot {
 public:
  explicit Lot(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  // A uniform integer in [0, n), n >= 1, by rejection (no modulo bias).
  uint64_t below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do x = next();
    while (x >= limit);
    return x % n;
  }

  // Picks one of `tied` (non-empty).
  template <typename T>
  T pick(const std::vector<T>& tied) {
    return tied[below(tied.size())];
  }

  // Puts `v` in a uniformly random order (Fisher-Yates).
  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  uint64_t state_;
};

}  // namespace collegium::count
