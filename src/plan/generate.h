// Synthetic economies for scale (C5): `collegium plan generate`.
//
// The input structure is circular, not triangular: each product's inputs are drawn from
// all products, so the solvers meet the feedback loops a real economy has. The number of
// inputs per product follows a geometric spread around the requested mean (a few products
// use many inputs, most use a handful), unless `exact_inputs`. Each column of A sums to
// the requested spectral radius R, which makes R exactly the spectral radius (the
// all-ones row is a left Perron vector). Every draw depends only on the seed and the
// product's index, so the same options give the same economy on any machine and thread
// count.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "plan/economy.h"

namespace collegium::plan {

struct GenerateOptions {
  int64_t products = 1000;
  double inputs_per_product = 10;  // mean; exact when exact_inputs
  bool exact_inputs = false;
  double spectral_radius = 0.6;    // in (0, 1)
  uint64_t seed = 1;
  int32_t regions = 4;
  int32_t labour_categories = 2;
  // Workplaces (1 to 3 per product), their capacities (the base plan's output plus 5% to
  // 50%), labour supply per region and category (the base plan's hours plus 0% to 20%).
  // Needs a solve of the base plan; off for the largest benchmark economies.
  bool workplaces = true;
  int32_t max_workplaces_per_product = 3;  // each product gets 1 to this many
};

Status validate(const GenerateOptions& o);
Result<Economy> generate_economy(const GenerateOptions& options);

}  // namespace collegium::plan
