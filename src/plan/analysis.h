// What an economy needs to be planned: gross output for a demand, labour values,
// multipliers of satellite accounts and consumption-based footprints (C1, C4).
//
// All of these solve the Leontief system; the functions here only pick the right-hand
// side, the direction, and turn "unproductive" failures into errors that name products.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "plan/economy.h"
#include "plan/solve.h"

namespace collegium::plan {

// x = (I - A)^-1 y.
Result<Solution> gross_output(const Economy& e, const std::vector<double>& demand,
                              const SolveOptions& options);

// v = l (I - A)^-1 with l the total labour hours per unit over all labour categories
// (or of one category when `category` >= 0, an index into labour_categories()):
// the hours, direct and indirect, that one unit of each product takes.
Result<Solution> labour_values(const Economy& e, const SolveOptions& options,
                               int32_t category = -1);

// M = S L for the given satellites (all when empty): row k holds, per product, the
// satellite's amount embodied in one unit of final demand for it.
struct Multipliers {
  std::vector<int32_t> satellites;        // indices into Economy::satellites
  std::vector<std::vector<double>> rows;  // one per satellite, one entry per product
  std::vector<SolveReport> reports;
};
Result<Multipliers> multipliers(const Economy& e, std::vector<int32_t> satellites,
                                const SolveOptions& options);

// pymrio's accounts per region: consumption-based (what the region's final demand
// embodies: sum over its final-demand categories of M y) and production-based (what the
// region's products use directly: S x). Needs products with regions and x (gross_output
// of the economy or, when empty, x = L y).
struct Footprint {
  std::string satellite;
  std::vector<double> consumption_based;  // one per region
  std::vector<double> production_based;   // one per region
};
Result<std::vector<Footprint>> footprints(const Economy& e, const Multipliers& m,
                                          const std::vector<double>& output);

std::vector<std::string> product_ids(const Economy& e);

}  // namespace collegium::plan
