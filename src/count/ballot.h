// Ballots as every counting method in collegium::count reads them.
//
// An Election is plain data: the candidates, the number of seats, and the ballots. A
// ballot is a weight (how many identical papers it stands for) and a list of ranks, most
// preferred first. A rank holds the marks made at that position:
//   - no mark: a skipped rank (BLT "-", a CSV "$UNDERVOTE");
//   - one candidate: an ordinary preference;
//   - several candidates: an equal ranking (BLT "a=b");
//   - kOvervote: a rank known to be overvoted without knowing for whom (CSV "$OVERVOTE").
// What a skipped, equal or overvoted rank means is decided by each method's rule and
// documented in its header: the ballot keeps what the voter marked, nothing is
// normalised away when reading.
//
// Ballots are stored flat (three arrays) rather than as vectors of vectors, because a
// million ballots with ten ranks would otherwise cost ten million heap allocations.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"

namespace collegium::count {

// A mark for "this rank was overvoted" when the candidates concerned are not known.
inline constexpr int32_t kOvervote = -1;

struct Election {
  std::string title;
  int seats = 0;                        // 0 when the source does not say
  std::vector<std::string> candidates;  // names exactly as read, byte for byte
  std::vector<bool> withdrawn;          // same size as candidates

  // Ballot b stands for weight[b] identical papers; its ranks are the indices
  // [ballot_begin[b], ballot_begin[b + 1]) into rank_begin; rank r's marks are
  // marks[rank_begin[r] .. rank_begin[r + 1]).
  std::vector<int64_t> weight;
  std::vector<uint32_t> ballot_begin{0};
  std::vector<uint32_t> rank_begin{0};
  std::vector<int32_t> marks;

  size_t ballot_count() const { return weight.size(); }
  size_t candidate_count() const { return candidates.size(); }
  size_t rank_count(size_t b) const { return ballot_begin[b + 1] - ballot_begin[b]; }
  // The marks of rank `r` (0-based) of ballot `b`.
  std::span<const int32_t> rank(size_t b, size_t r) const {
    const uint32_t k = ballot_begin[b] + static_cast<uint32_t>(r);
    return {marks.data() + rank_begin[k], marks.data() + rank_begin[k + 1]};
  }
  // The sum of all ballot weights.
  int64_t total_weight() const;

  // Building ballots: start_ballot, then for each rank start_rank followed by its marks.
  void start_ballot(int64_t w) {
    weight.push_back(w);
    ballot_begin.push_back(ballot_begin.back());
  }
  void start_rank() {
    rank_begin.push_back(rank_begin.back());
    ++ballot_begin.back();
  }
  void add_mark(int32_t candidate) {
    marks.push_back(candidate);
    ++rank_begin.back();
  }
  // Convenience for tests and small programs: one ballot from nested lists.
  void add_ballot(int64_t w, const std::vector<std::vector<int32_t>>& ranks);
  // Adds a candidate (not withdrawn) and returns its index.
  int32_t add_candidate(std::string name);
};

// The ranks of ballot b as nested lists (slow; for tests and writers).
std::vector<std::vector<int32_t>> ballot_ranks(const Election& e, size_t b);

// Checks the structural invariants: arrays consistent, marks name candidates or are
// kOvervote, weights positive, names unique. Parsers guarantee this; programs that build
// an Election by hand should call it before counting.
Status validate_election(const Election& e);

// Ballots reduced to a plain sequence of candidates (and a small tag a rule may attach,
// such as why the ballot ends), with identical (sequence, tag) pairs merged into one group
// whose weight is the sum of theirs. Group g reads order[begin[g] .. begin[g + 1]).
struct BallotGroups {
  std::vector<int64_t> weight;
  std::vector<uint32_t> begin{0};
  std::vector<int32_t> order;
  std::vector<uint8_t> tag;
  size_t size() const { return weight.size(); }
};

// Builds BallotGroups one ballot at a time. Every method that reads ballots as sequences
// merges identical ones through this, so that work per distinct ballot, not per paper, is
// what the counts pay for. Groups are numbered in order of first appearance, so a count's
// result cannot depend on how the papers were grouped.
class BallotGrouper {
 public:
  // Room for `papers` papers holding `marks` candidates in all, reserved (never touched
  // unless used) so that the groups are never copied as they grow.
  explicit BallotGrouper(size_t papers = 0, size_t marks = 0) {
    arena_.reserve(4 * papers + marks);
  }
  // Adds `weight` papers that read `seq` with `tag`.
  void add(std::span<const int32_t> seq, uint8_t tag, int64_t weight);
  // The groups, numbered in order of first appearance. The grouper is spent.
  BallotGroups take() &&;

 private:
  struct Pending {
    uint64_t key;
    uint32_t at, size;  // in pending_marks_
    uint8_t tag;
    int64_t weight;
  };
  // Papers are taken in batches: the table slots and then the records a batch will read
  // are requested from memory together, rather than one cache miss at a time.
  static constexpr size_t kBatch = 16;
  void flush();
  void insert(const Pending& p);
  void grow();
  std::vector<Pending> pending_;
  std::vector<int32_t> pending_marks_;
  // Each group is a record in one arena, [weight low, weight high, length, tag, candidates],
  // so that checking a paper against a group and adding to it touches one place in memory.
  std::vector<uint32_t> arena_;
  size_t groups_ = 0;
  // Open addressing: a slot holds the upper half of the sequence's hash and the record's
  // offset + 1 (0: empty). The table grows with the number of groups, not of papers, so
  // that many papers with few distinct ballots probe a table that stays in cache.
  std::vector<uint64_t> slots_ = std::vector<uint64_t>(1024, 0);
};

// A strict preference list per ballot, as STV and IRV read ballots, with identical lists
// merged. `order` holds each group's candidates back to back; group g spans
// order[begin[g] .. begin[g + 1]).
struct StrictBallots {
  std::vector<int64_t> weight;
  std::vector<uint32_t> begin{0};
  std::vector<int32_t> order;
  // Ballots whose first rank cannot be read (empty, or ambiguous where the rule stops
  // at an ambiguous rank): counted as invalid, not as votes.
  int64_t invalid = 0;
  size_t size() const { return weight.size(); }
};

// How a rule reads a rank that is not one plain candidate.
struct StrictReading {
  bool skipped_rank_ends_ballot = false;  // true: a skipped rank ends the ballot
  // Withdrawn candidates are always passed over; repeated candidates are passed over.
};

// Reduces each ballot to the candidates it ranks in clear order: an equal or overvoted
// rank ends the ballot (the next preference is not known); a skipped rank is passed over
// or ends the ballot as `reading` says; withdrawn and repeated candidates are passed
// over. Identical lists are merged (their weights added), in order of first appearance,
// so a count's result cannot depend on how the ballots were grouped.
StrictBallots strict_ballots(const Election& e, StrictReading reading);

}  // namespace collegium::count
