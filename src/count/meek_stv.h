// STV by the Proportional Representation Foundation's reference Meek rule
// (prfound.org, "Reference Meek Rule"), with the extensions of its conformance suite.
//
// Arithmetic is fixed point with 9 decimals. In each iteration every ballot gives each
// elected or hopeful candidate it reaches keep = ceil9(weight * keep factor) and passes the
// rest on; the quota is trunc9(votes for candidates / (seats + 1)) + 10^-9; a hopeful
// candidate at or above the quota is elected; keep factors are updated to
// ceil9(ceil9(kf * quota) / votes); a round ends when someone is elected, when the total
// surplus is below 10^-6, or when it stops falling. Then, if nobody was elected, the
// hopeful candidate with the fewest votes is defeated: all candidates within the total
// surplus of the lowest are tied, and the tie goes to the candidate earliest in the tie
// break order (by default an order drawn by lot from the seed).
//
// Ballot reading: skipped ranks and repeated candidates are passed over; an overvoted or
// equal rank sends the rest of the ballot to "overvotes"; a ballot that runs out counts
// as an "abstention" if it ranked fewer than min(candidates, max_ranking_levels)
// candidates, otherwise as "other exhausted". Withdrawn candidates are the rule's
// "excluded" candidates: defeated before the count, passed over on every ballot.
//
// Extensions (off by default; the reference rule defeats one candidate per round):
// protected candidates (always elected, with a separate quota), alternative ("batch")
// defeats by round, and not counting a first round when every hopeful wins anyway.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/status.h"
#include "count/ballot.h"
#include "count/sheet.h"

namespace collegium::count {

enum class AltDefeatTiming { kIfNoNewElecteds, kBeforeSingleDefeats, kPerReferenceRule };

struct MeekOptions {
  uint64_t seed = 0;
  // Candidates in the order in which ties are resolved (earliest is defeated). Empty: the
  // order is drawn by lot from `seed`. Tied candidates missing from it are ordered by lot.
  std::vector<int32_t> tie_break_order;
  std::vector<int32_t> protected_candidates;
  // Alternative defeats per round (index 0 = round 1); rounds past the end use
  // `alternative_defeats_default`.
  std::vector<bool> alternative_defeats;
  bool alternative_defeats_default = false;
  AltDefeatTiming alternative_defeats_timing = AltDefeatTiming::kIfNoNewElecteds;
  bool always_count_votes = true;
  int max_ranking_levels = 0;  // 0: no limit
};

enum class MeekState { kHopeful, kElected, kDefeated };

struct MeekStatus {
  MeekState state = MeekState::kHopeful;
  int round = 0;                 // the last round counted while hopeful, or of election
  std::optional<int64_t> votes;  // votes then; none for a withdrawn candidate
  int64_t keep_factor = 0;       // as of the last iteration counted
  bool excluded = false;         // withdrawn before the count
  bool is_protected = false;
};

struct MeekRound {
  std::vector<std::optional<int64_t>> votes;  // per candidate; none when defeated before
  int64_t overvotes = 0, abstentions = 0, other_exhausted = 0;
  int64_t votes_for_candidates = 0, total_votes = 0;
  int64_t quota = 0;
  std::optional<int64_t> protected_quota, quota_votes;  // only with protected candidates
  int64_t total_surplus = 0;
  int iterations = 0;
  std::vector<int64_t> keep_factor;  // at the end of the round's last iteration
  std::vector<Decision> decisions;
};

struct MeekResult {
  std::vector<MeekRound> rounds;
  std::vector<MeekStatus> status;         // per candidate
  std::vector<int32_t> elected;           // in order of election
  std::vector<Decision> final_decisions;  // elected or defeated after the last round
  std::vector<int32_t> tie_break_order;   // the order actually used
};

// The count itself, with everything the conformance suite checks. Needs seats >= 1 and
// no more protected candidates than seats, none of them withdrawn.
Result<MeekResult> run_meek_stv(const Election& e, int seats, const MeekOptions& options);

// The count as a sheet (decimals 9; one stage per round; non_transferable is everything
// exhausted; details carry quota, surplus, iterations and keep factors per round).
Result<Sheet> count_meek_stv(const Election& e, int seats, const MeekOptions& options);

}  // namespace collegium::count
