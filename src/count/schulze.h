// The Schulze method: a full ranking and the winner, for choosing among alternatives
// (plans, motions with several options).
//
// d[a][b] is the weight of ballots that rank a above b: a ranked candidate is above every
// candidate ranked later or not at all; equal ranks and unranked candidates are
// indifferent; skipped ranks and overvote marks carry no preference. The strength of a
// direct link a->b is d[a][b] when d[a][b] > d[b][a] ("winning votes"), else 0; p[a][b] is
// the strength of the strongest path (Floyd-Warshall). a is ranked above b when
// p[a][b] > p[b][a]; this relation is transitive (Schulze 2011), so the ranking is a
// sequence of groups of equal candidates. Within a group, order is drawn by lot (seed)
// and the sheet says so. With seats > 1, the first `seats` of the ranking are elected.
#pragma once

#include <cstdint>
#include <vector>

#include "base/status.h"
#include "count/ballot.h"
#include "count/sheet.h"

namespace collegium::count {

struct SchulzeResult {
  std::vector<std::vector<int64_t>> pairwise;   // d
  std::vector<std::vector<int64_t>> strongest;  // p
  std::vector<std::vector<int32_t>> ranking;    // groups of equal candidates, best first
};

// Withdrawn candidates take no part (they appear in no group).
SchulzeResult schulze(const Election& e);

Result<Sheet> count_schulze(const Election& e, int seats, uint64_t seed);

}  // namespace collegium::count
