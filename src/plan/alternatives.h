// Alternative plans from the producers' choice (C1, C2).
//
// From a base year and a productivity gain g (output per hour rises by the factor 1 + g,
// so every labour coefficient is divided by 1 + g), the hours the base-year demand would
// free are F = H0 g / (1 + g), with H0 the base year's total hours. A choice splits F
// among more consumption (household and public demand scaled up until their labour
// content grows by its share of F), shorter hours (its share of F is simply not worked)
// and more investment (investment demand scaled likewise). So every alternative works
// exactly H0 - hours_share * F hours, and the figures of each can be checked by hand.
//
// Each alternative then shows what it means: per workplace (output target, capacity use,
// hours, hours per worker per week), per product, per region and for the whole economy;
// and it lists every bottleneck (output above capacity, hours above the labour supply of
// a region and category), never hiding one.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "plan/economy.h"
#include "plan/solve.h"

namespace collegium::plan {

struct Choice {
  std::string name;
  double consumption = 1;  // shares of the freed hours; each >= 0, summing to 1
  double hours = 0;
  double investment = 0;
};

struct AlternativesRequest {
  double productivity_gain = 0.02;  // g > -1
  std::vector<Choice> choices;
  SolveOptions solve;
};

struct WorkplaceImplication {
  int32_t workplace = 0;
  double output_target = 0;
  double capacity_use = 0;  // target / capacity; NaN when no capacity is stated
  double labour_hours = 0;
  double hours_per_worker_week = 0;  // NaN when the workplace has no workers
};

struct SectorImplication {
  int32_t product = 0;
  double output = 0;
  double base_output = 0;
  double labour_hours = 0;
};

struct RegionImplication {
  int32_t region = 0;
  double labour_hours = 0;
  double labour_supply = 0;  // hours, over all categories; 0 when not stated
  double workers = 0;
  double hours_per_worker_week = 0;  // NaN without workers
  double consumption = 0;            // household + public final demand of the region
  double consumption_per_head = 0;   // NaN without population
};

struct EconomyImplication {
  double consumption = 0;           // household + public final demand
  double consumption_per_head = 0;  // NaN without population
  double investment = 0;
  double labour_hours = 0;
  double base_labour_hours = 0;
  double workers = 0;
  double hours_per_worker_week = 0;       // NaN without workers
  double base_hours_per_worker_week = 0;  // NaN without workers
};

struct Bottleneck {
  enum class Kind { kCapacity, kLabour };
  Kind kind = Kind::kCapacity;
  std::string what;  // workplace id, or "region/category"
  double required = 0;
  double available = 0;
};

struct PlanAlternative {
  Choice choice;
  double consumption_scale = 1;
  double investment_scale = 1;
  std::vector<double> final_demand;  // per product
  std::vector<double> output;        // per product
  std::vector<WorkplaceImplication> workplaces;
  std::vector<SectorImplication> sectors;
  std::vector<RegionImplication> regions;
  EconomyImplication economy;
  std::vector<Bottleneck> bottlenecks;
  SolveReport report;
};

// Checks a choice: shares finite, >= 0 and summing to 1 (to 1e-9).
Status validate(const Choice& c);

// Computes every alternative of the request. Fails on a bad request, on an economy
// without labour coefficients, or when the economy is unproductive.
Result<std::vector<PlanAlternative>> compute_alternatives(const Economy& e,
                                                          const AlternativesRequest& request);

// Each workplace's share of its product's output: by capacity when every workplace of the
// product states one, evenly otherwise.
std::vector<double> workplace_shares(const Economy& e);

}  // namespace collegium::plan
