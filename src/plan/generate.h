// Synthetic economies for scale (C5): `collegium plan generate`.
//
// The input structure is circular, not triangular: each product's inputs are drawn from
// all products (or, with `neighbourhood_share`, mostly from a block of related products),
// so the solvers meet the feedback loops a real economy has. The number of
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
  double spectral_radius = 0.6;  // in (0, 1)
  uint64_t seed = 1;
  int32_t regions = 4;
  int32_t labour_categories = 2;
  // Workplaces (1 to 3 per product), their capacities (the base plan's output plus 5% to
  // 50%), labour supply per region and category (the base plan's hours plus 0% to 20%).
  // Needs a solve of the base plan; off for the largest benchmark economies.
  bool workplaces = true;
  int32_t max_workplaces_per_product = 3;  // each product gets 1 to this many
  // Block structure (off by default, which keeps every economy generated before the same):
  // this share of each product's inputs is drawn from its neighbourhood, the block of
  // `neighbourhood` consecutive products it belongs to (think of the industries of one
  // region, or one sector), the rest from all products as above. Real tables are built
  // this way: in multi-regional tables about four fifths of intermediate inputs come from
  // the buyer's own region. The share and the block size are assumptions, not data.
  double neighbourhood_share = 0;  // in [0, 1]
  int64_t neighbourhood = 10000;   // products per block, at least 1
};

Status validate(const GenerateOptions& o);
Result<Economy> generate_economy(const GenerateOptions& options);

}  // namespace collegium::plan
