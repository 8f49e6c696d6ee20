// STV by the Scottish rules (Scottish Local Government Elections Order 2007, rules 45-52).
//
// The rule as implemented:
//   - a ballot is read in order of preference; an equal or overvoted rank, or a skipped
//     rank, ends it (the next preference is not clear); withdrawn and repeated candidates
//     are passed over; a ballot with no clear first preference is invalid;
//   - quota (Droop) = floor(valid ballots / (seats + 1)) + 1;
//   - values are fixed point with 5 decimals; a candidate at or above the quota is elected;
//   - one surplus is transferred per stage, the largest first. All the elected
//     candidate's papers are re-examined; a paper that reached the candidate at value V
//     moves at the transfer value floor5(surplus * V / total), where total is the
//     candidate's value; papers with no further preference are non-transferable at that
//     value; what the truncation leaves is "loss by fractions";
//   - when no surplus remains, the candidate with the fewest votes is excluded (one per
//     stage) and all their papers move at the value they carry;
//   - ties (equal surpluses, equal lowest, equal values for order of election) go to the
//     most recent stage at which the tied candidates differed, then to lot (seeded);
//   - when the continuing candidates are no more than the seats left, they are elected.
// With constraints (A10), the constrained-STV rule of docs/count.md applies on top.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "count/ballot.h"
#include "count/constraints.h"
#include "count/sheet.h"

namespace collegium::count {

struct ScottishStvOptions {
  uint64_t seed = 0;
  Constraints constraints;
};

// Needs seats >= 1 and at least one eligible candidate; an infeasible constraint is an
// error before the count starts. The sheet's decimals are 5.
Result<Sheet> count_scottish_stv(const Election& e, int seats, const ScottishStvOptions& options);

}  // namespace collegium::count
