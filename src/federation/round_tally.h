// Counting a planning round's vote (issue #14; docs/requirements.md C3, A8).
//
// Every member ranks the round's alternatives in their own workplace; the status quo is
// always on the ballot (alternative 0). At the close:
//   - each body sees its own aggregate: the pairwise tallies of the ballots of the members
//     it represents (round_scope.h says whom: a workplace committee its workplace, a union
//     its branch in its region, a region its workplaces, the congress and council all);
//   - the federation-wide result is the Schulze method (count/schulze.h) over all the
//     members' ballots, counted by collegium::count itself; candidates equal in the
//     Schulze ranking are ordered by lot from a seed the caller gives and the count sheet
//     records, so anyone repeats the same order;
//   - the status quo rule: the adopted plan is the first alternative of that order that is
//     above the status quo in it and beats it pairwise (more ballots rank it above the
//     status quo than below). When the status quo comes first, or nothing above it beats
//     it head to head, nothing is adopted and the round goes back to amendment.
// No body's aggregate weighs in the result: it is the members' ballots alone (A8).
//
// Streaming: add() takes one ballot at a time without allocating; the work is
// O(alternatives^2) per ballot, and memory is one pairwise table per workplace plus one
// entry per distinct ranking.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "count/sheet.h"
#include "federation/round_scope.h"

namespace collegium::federation {

// A ballot's ranks fit four bits each in one 64-bit key.
inline constexpr int32_t kMaxRoundAlternatives = 15;

// How many ballots rank a above b, for every pair.
struct PairwiseTally {
  int32_t alternatives = 0;
  int64_t ballots = 0;
  std::vector<int64_t> prefer;  // prefer[a * alternatives + b]
  int64_t at(int32_t a, int32_t b) const {
    return prefer[static_cast<size_t>(a) * static_cast<size_t>(alternatives) +
                  static_cast<size_t>(b)];
  }
  // a beats b head to head.
  bool beats(int32_t a, int32_t b) const { return at(a, b) > at(b, a); }
};

struct BodyTally {
  std::string body;
  ScopeKind scope = ScopeKind::kEconomy;
  PairwiseTally tally;
  std::vector<int32_t> beat_status_quo;  // the alternatives its members prefer to the status quo
};

enum class RoundOutcome { kAdopted, kBackToAmendment };
const char* round_outcome_name(RoundOutcome outcome);  // "adopted", "back_to_amendment"

struct RoundResult {
  std::vector<std::string> alternatives;        // 0: the status quo
  PairwiseTally federation;                     // over every ballot
  std::vector<std::vector<int64_t>> strongest;  // Schulze's strongest paths
  std::vector<std::vector<int32_t>> ranking;    // Schulze's groups of equals, best first
  std::vector<int32_t> order;                   // the ranking with its ties broken by lot
  std::vector<int32_t> beat_status_quo;         // alternatives that beat the status quo pairwise
  RoundOutcome outcome = RoundOutcome::kBackToAmendment;
  int32_t adopted = -1;           // the adopted alternative; -1 when back to amendment
  std::string reason;             // the outcome in words
  count::Sheet sheet;             // collegium::count's Schulze sheet, to publish with the ballots
  std::vector<BodyTally> bodies;  // one per scope given to close(), in order
};

class RoundTally {
 public:
  // `alternatives`: their names, the status quo first; 2 to kMaxRoundAlternatives, unique
  // and non-empty. `workplaces`: the number of workplace groups (RoundRegistry's).
  static Result<RoundTally> open(std::vector<std::string> alternatives, int32_t workplaces);

  // Counts one ballot of a member of `workplace`. ranks[a] is the rank given to
  // alternative a: 1 the most preferred, then 2, 3...; equal ranks are indifference; 0 is
  // unranked, below every ranked alternative. A ballot with no rank at all is counted
  // and prefers nothing. invalid_argument, and nothing counted, for a workplace out of
  // range, a wrong number of ranks, or a rank above the number of alternatives.
  Status add(int32_t workplace, std::span<const uint8_t> ranks);

  int32_t alternatives() const { return k_; }
  int32_t workplaces() const { return static_cast<int32_t>(ballots_.size()); }
  int64_t ballots() const { return total_; }
  // The pairwise tally of one workplace's ballots (workplace in range).
  PairwiseTally workplace_tally(int32_t workplace) const;

  // Closes the count: each scope's aggregate, the Schulze order (ties by lot from `seed`)
  // and the outcome. invalid_argument when a scope names a workplace out of range or no
  // ballot was cast.
  Result<RoundResult> close(const std::vector<BodyScope>& scopes, uint64_t seed) const;

 private:
  RoundTally() = default;
  std::vector<std::string> names_;
  int32_t k_ = 0;
  int64_t total_ = 0;
  std::vector<int64_t> pairwise_;                   // workplace-major, k x k each
  std::vector<int64_t> ballots_;                    // per workplace
  std::unordered_map<uint64_t, int64_t> distinct_;  // a ranking's key -> its ballots
};

}  // namespace collegium::federation
