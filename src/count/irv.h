// Instant-runoff voting (single seat).
//
// Each round, every ballot counts for its highest-ranked continuing candidate. A skipped
// rank or a withdrawn or repeated candidate is passed over; an overvoted or equal rank
// exhausts the ballot at that point (the voter's next choice is not known). A ballot
// with no readable first choice is invalid. A candidate with more than half of the votes
// still counting wins; otherwise the candidate with the fewest votes is excluded (ties:
// the most recent round where the tied differed, then lot). Values are whole votes; the
// sheet's non_transferable is the number of exhausted ballots.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "count/ballot.h"
#include "count/sheet.h"

namespace collegium::count {

struct IrvOptions {
  uint64_t seed = 0;
};

Result<Sheet> count_irv(const Election& e, const IrvOptions& options);

}  // namespace collegium::count
