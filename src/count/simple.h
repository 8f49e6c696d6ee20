// Single-mark and multi-mark methods, and motions.
//
//   plurality: a ballot counts for its first marked rank when that rank names exactly one
//     candidate (an overvoted or equal first rank makes the ballot invalid). The `seats`
//     candidates with the most votes are elected (with seats > 1 this is the single
//     non-transferable vote).
//   block: a ballot counts once for each candidate in its first ranks, up to `seats`
//     candidates; a rank that would take it past `seats`, or an overvoted rank, stops it.
//   approval: a ballot counts once for every candidate it marks anywhere.
// Ties for the last seat are decided by lot (seed). Values are whole votes.
//
// Motions are decided from a yes / no / abstain tally with a quorum and a majority:
//   simple:     yes > no;
//   absolute:   yes > half of all ballots cast (abstentions included);
//   two thirds: yes >= two thirds of yes + no.
// The quorum is the least number of ballots cast (abstentions included) for the vote to
// count; below it the motion fails for want of a quorum.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "count/ballot.h"
#include "count/sheet.h"

namespace collegium::count {

Result<Sheet> count_plurality(const Election& e, int seats, uint64_t seed);
Result<Sheet> count_block(const Election& e, int seats, uint64_t seed);
Result<Sheet> count_approval(const Election& e, int seats, uint64_t seed);

enum class Majority { kSimple, kAbsolute, kTwoThirds };

struct MotionRule {
  int64_t quorum = 0;
  Majority majority = Majority::kSimple;
};

struct MotionTally {
  int64_t yes = 0, no = 0, abstain = 0;
};

struct MotionResult {
  bool quorum_met = false;
  bool carried = false;
  std::string explanation;  // one sentence with the figures, for the record
};

// Fails (invalid_argument) on a negative count or quorum.
Result<MotionResult> decide_motion(const MotionTally& tally, const MotionRule& rule);

// A yes / no vote (such as a recall) counted from a ballot file whose candidates are named
// "yes" and "no" (and optionally "abstain"): a ballot counts for its first rank when that
// rank names exactly one of them. By a simple majority: "yes" is elected (the motion
// carried) when it has more votes than "no"; otherwise nobody is elected. A tie does not
// carry, so no lot is ever drawn. Fails (invalid_argument) when "yes" or "no" is missing or
// another candidate stands.
Result<Sheet> count_motion(const Election& e, uint64_t seed);

}  // namespace collegium::count
