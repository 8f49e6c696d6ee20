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

uint64_t hash_sequence(std::span<const int32_t> seq, uint8_t tag) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (seq.size() * 256 + tag);
  for (int32_t c : seq) {
    h ^= static_cast<uint32_t>(c);
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  return h;
}

}  // namespace

void BallotGrouper::add(std::span<const int32_t> seq, uint8_t tag, int64_t weight) {
  // The upper half of the hash both places and checks a slot, so growing needs no rehash
  // of the sequences themselves.
  const auto at = static_cast<uint32_t>(pending_marks_.size());
  pending_marks_.insert(pending_marks_.end(), seq.begin(), seq.end());
  pending_.push_back(
      {hash_sequence(seq, tag) >> 32, at, static_cast<uint32_t>(seq.size()), tag, weight});
  if (pending_.size() == kBatch) flush();
}

void BallotGrouper::flush() {
  size_t mask = slots_.size() - 1;
  for (const Pending& p : pending_) __builtin_prefetch(&slots_[p.key & mask]);
  for (const Pending& p : pending_) {
    const uint64_t slot = slots_[p.key & mask];
    if (slot >> 32 == p.key) __builtin_prefetch(arena_.data() + (static_cast<uint32_t>(slot) - 1));
  }
  for (const Pending& p : pending_) insert(p);
  pending_.clear();
  pending_marks_.clear();
}

void BallotGrouper::insert(const Pending& p) {
  const int32_t* seq = pending_marks_.data() + p.at;
  const size_t mask = slots_.size() - 1;
  size_t i = p.key & mask;
  for (;; i = (i + 1) & mask) {
    const uint64_t slot = slots_[i];
    if (slot == 0) break;
    if (slot >> 32 != p.key) continue;
    uint32_t* r = arena_.data() + (static_cast<uint32_t>(slot) - 1);
    if (r[2] != p.size || r[3] != p.tag) continue;
    // A plain loop: these sequences are a few candidates long, too short for memcmp's call.
    size_t k = 0;
    while (k < p.size && static_cast<int32_t>(r[4 + k]) == seq[k]) ++k;
    if (k == p.size) {
      const int64_t w = static_cast<int64_t>(static_cast<uint64_t>(r[1]) << 32 | r[0]) + p.weight;
      r[0] = static_cast<uint32_t>(w);
      r[1] = static_cast<uint32_t>(static_cast<uint64_t>(w) >> 32);
      return;
    }
  }
  const size_t at = arena_.size();
  arena_.push_back(static_cast<uint32_t>(p.weight));
  arena_.push_back(static_cast<uint32_t>(static_cast<uint64_t>(p.weight) >> 32));
  arena_.push_back(p.size);
  arena_.push_back(p.tag);
  for (size_t k = 0; k < p.size; ++k) arena_.push_back(static_cast<uint32_t>(seq[k]));
  slots_[i] = p.key << 32 | (at + 1);
  // Kept at most half full, where linear probing stays short.
  if (2 * ++groups_ >= slots_.size()) grow();
}

BallotGroups BallotGrouper::take() && {
  flush();
  BallotGroups out;
  out.weight.reserve(groups_);
  out.begin.reserve(groups_ + 1);
  out.tag.reserve(groups_);
  out.order.reserve(arena_.size() - 4 * groups_);
  for (size_t at = 0; at < arena_.size();) {
    const uint32_t* r = arena_.data() + at;
    out.weight.push_back(static_cast<int64_t>(static_cast<uint64_t>(r[1]) << 32 | r[0]));
    out.tag.push_back(static_cast<uint8_t>(r[3]));
    for (uint32_t k = 0; k < r[2]; ++k) out.order.push_back(static_cast<int32_t>(r[4 + k]));
    out.begin.push_back(static_cast<uint32_t>(out.order.size()));
    at += 4 + r[2];
  }
  return out;
}

void BallotGrouper::grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.size() * 2, 0);
  const size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    size_t i = (slot >> 32) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

StrictBallots strict_ballots(const Election& e, StrictReading reading) {
  StrictBallots out;
  const size_t n = e.candidates.size();
  const std::vector<uint8_t> withdrawn(e.withdrawn.begin(), e.withdrawn.end());
  std::vector<uint32_t> seen(n, UINT32_MAX);  // ballot index that last used a candidate
  std::vector<int32_t> seq;
  seq.reserve(n);
  BallotGrouper grouper(e.ballot_count(), e.marks.size());
  for (size_t b = 0; b < e.ballot_count(); ++b) {
    seq.clear();
    for (uint32_t r = e.ballot_begin[b]; r < e.ballot_begin[b + 1]; ++r) {
      const uint32_t m0 = e.rank_begin[r], m1 = e.rank_begin[r + 1];
      if (m0 == m1) {
        if (reading.skipped_rank_ends_ballot) break;
        continue;
      }
      const int32_t c = e.marks[m0];
      if (m1 - m0 > 1 || c == kOvervote) break;
      if (withdrawn[c] || seen[c] == b) continue;
      seen[c] = static_cast<uint32_t>(b);
      seq.push_back(c);
    }
    if (seq.empty()) {
      out.invalid += e.weight[b];
      continue;
    }
    grouper.add(seq, 0, e.weight[b]);
  }
  BallotGroups groups = std::move(grouper).take();
  out.weight = std::move(groups.weight);
  out.begin = std::move(groups.begin);
  out.order = std::move(groups.order);
  return out;
}

}  // namespace collegium::count
