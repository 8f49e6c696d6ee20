#include "count/ballot.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

namespace collegium::count {

int64_t Election::total_weight() const {
  int64_t total = 0;
  for (int64_t w : weight) total += w;
  return total;
}

void Election::add_ballot(int64_t w, const std::vector<std::vector<int32_t>>& ranks) {
  start_ballot(w);
  for (const auto& r : ranks) {
    start_rank();
    for (int32_t c : r) add_mark(c);
  }
}

int32_t Election::add_candidate(std::string name) {
  candidates.push_back(std::move(name));
  withdrawn.push_back(false);
  return static_cast<int32_t>(candidates.size() - 1);
}

std::vector<std::vector<int32_t>> ballot_ranks(const Election& e, size_t b) {
  std::vector<std::vector<int32_t>> out;
  for (size_t r = 0; r < e.rank_count(b); ++r) {
    auto marks = e.rank(b, r);
    out.emplace_back(marks.begin(), marks.end());
  }
  return out;
}

Status validate_election(const Election& e) {
  if (e.withdrawn.size() != e.candidates.size())
    return invalid_argument("withdrawn flags and candidates differ in number");
  if (e.ballot_begin.size() != e.weight.size() + 1 || e.ballot_begin.front() != 0 ||
      e.ballot_begin.back() + 1 != e.rank_begin.size() || e.rank_begin.front() != 0 ||
      e.rank_begin.back() != e.marks.size())
    return invalid_argument("ballot arrays are inconsistent");
  for (size_t b = 0; b < e.weight.size(); ++b) {
    if (e.weight[b] <= 0)
      return invalid_argument(fmt::format("ballot {} has weight {}", b + 1, e.weight[b]));
    if (e.ballot_begin[b] > e.ballot_begin[b + 1])
      return invalid_argument("ballot arrays are inconsistent");
  }
  for (size_t r = 0; r + 1 < e.rank_begin.size(); ++r)
    if (e.rank_begin[r] > e.rank_begin[r + 1])
      return invalid_argument("ballot arrays are inconsistent");
  const auto n = static_cast<int32_t>(e.candidates.size());
  for (int32_t m : e.marks)
    if (m != kOvervote && (m < 0 || m >= n))
      return invalid_argument(fmt::format("a ballot names candidate {} of {}", m + 1, n));
  std::unordered_set<std::string> names;
  for (const auto& name : e.candidates)
    if (!names.insert(name).second)
      return invalid_argument(fmt::format("candidate name \"{}\" appears twice", name));
  if (e.seats < 0) return invalid_argument("the number of seats is negative");
  return Status();
}

namespace {

uint64_t hash_sequence(const int32_t* p, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<uint32_t>(p[i]);
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  return h;
}

}  // namespace

StrictBallots strict_ballots(const Election& e, StrictReading reading) {
  StrictBallots out;
  const size_t n = e.candidates.size();
  // Open addressing on the sequence hash; sized for the worst case of all distinct.
  size_t cap = 16;
  while (cap < 2 * e.ballot_count() + 16) cap <<= 1;
  std::vector<uint32_t> slots(cap, UINT32_MAX);
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> seen(n, UINT32_MAX);  // ballot index that last used a candidate
  std::vector<int32_t> seq;
  seq.reserve(n);
  for (size_t b = 0; b < e.ballot_count(); ++b) {
    seq.clear();
    const size_t ranks = e.rank_count(b);
    for (size_t r = 0; r < ranks; ++r) {
      auto marks = e.rank(b, r);
      if (marks.empty()) {
        if (reading.skipped_rank_ends_ballot) break;
        continue;
      }
      if (marks.size() > 1 || marks[0] == kOvervote) break;
      const int32_t c = marks[0];
      if (e.withdrawn[c] || seen[c] == b) continue;
      seen[c] = static_cast<uint32_t>(b);
      seq.push_back(c);
    }
    if (seq.empty()) {
      out.invalid += e.weight[b];
      continue;
    }
    const uint64_t h = hash_sequence(seq.data(), seq.size());
    size_t i = h & (cap - 1);
    for (;;) {
      const uint32_t g = slots[i];
      if (g == UINT32_MAX) {
        slots[i] = static_cast<uint32_t>(out.weight.size());
        hashes.push_back(h);
        out.weight.push_back(e.weight[b]);
        out.order.insert(out.order.end(), seq.begin(), seq.end());
        out.begin.push_back(static_cast<uint32_t>(out.order.size()));
        break;
      }
      if (hashes[g] == h && out.begin[g + 1] - out.begin[g] == seq.size() &&
          std::equal(seq.begin(), seq.end(), out.order.begin() + out.begin[g])) {
        out.weight[g] += e.weight[b];
        break;
      }
      i = (i + 1) & (cap - 1);
    }
  }
  return out;
}

}  // namespace collegium::count
