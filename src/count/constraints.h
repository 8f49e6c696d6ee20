// Minimum seats for categories of candidates (requirement A10).
//
// A committee may have to include at least a given number of members of a category (for
// example two thirds from production). The rule that enforces this inside an STV count
// is documented in docs/count.md ("constrained STV") and implemented in
// scottish_stv.cc; this header holds the data and the check made before a count starts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "count/ballot.h"

namespace collegium::count {

struct Category {
  std::string name;
  std::vector<int32_t> members;  // candidate indices; a candidate is in at most one category
  int minimum = 0;               // seats that must go to members
};

struct Constraints {
  std::vector<Category> categories;
  bool empty() const { return categories.empty(); }
};

// The minimum for a share of seats, rounded up: two thirds of 7 seats is 5.
int minimum_for_share(int seats, int numerator, int denominator);

// An error (invalid_argument naming the category) unless the constraints can be met
// whatever the ballots say: members exist, are not withdrawn, belong to one category
// only, each category has at least `minimum` eligible members, and the minimums add up
// to no more than the seats.
Status check_constraints(const Constraints& c, const Election& e, int seats);

}  // namespace collegium::count
