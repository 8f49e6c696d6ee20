// Seats among lists by highest averages: D'Hondt (divisors 1, 2, 3, ...) and
// Sainte-Laguë (divisors 1, 3, 5, ...), for platforms (B4).
//
// Each ballot's first choice, read as in plurality (see simple.h), is a vote for that
// list (the Election's candidates are the lists). Seats are given one at a time to the
// list with the highest quotient votes / divisor(seats won); quotients are compared
// exactly by cross-multiplication, never in floating point; equal quotients are decided
// by lot (seed). The sheet has one stage per seat; values are seats won so far, and the
// quotients appear in each stage's details.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "count/ballot.h"
#include "count/sheet.h"

namespace collegium::count {

enum class Divisor { kDhondt, kSainteLague };

Result<Sheet> count_divisor(const Election& e, int seats, Divisor divisor, uint64_t seed);

}  // namespace collegium::count
