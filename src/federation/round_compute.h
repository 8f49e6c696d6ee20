// The computation of a planning round (issue #14; docs/requirements.md C1, C2, C3, C4).
//
// Pure: a plan::Economy, the round's parameters and the registry facts in, every
// alternative and what it means for every body out. No database, no clock in the figures;
// the same inputs give the same figures, bit for bit (the server runs it as a background
// job, `plan reproduce` runs it again from the record).
//
// The alternatives, in this order:
//   1. the status quo, always: the last adopted plan's final demand rolled forward (the
//      base year's when there is none). The period's technology is the same whatever the
//      members choose, so the status quo also gets the productivity gain: it produces the
//      same final demand and the hours the gain frees are simply not worked. (Shown
//      without the gain it would look worse than every alternative for no reason of its
//      own.)
//   2. each choice (plan::Choice: the freed hours split among consumption, shorter hours
//      and investment), computed as plan::compute_alternatives explains: an alternative
//      works H0 - hours_share * F hours, F = H0 g / (1 + g);
//   3. when asked, the optimal plan (plan::optimal_plan, the LP with its valuations), on
//      the economy with the same gain (every labour coefficient divided by 1 + g).
//
// An alternative that cannot be carried out (an output above a capacity, hours above a
// region's labour supply, an LP without a solution) is still returned, with what binds.
//
// A round names the data it used by economy_digest (C4). After one workplace's
// amendment, recompute_round starts every solve from the last round's solutions, so that
// the work is in proportion to what changed (docs/planning-rounds.md gives the figures).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "federation/round_scope.h"
#include "plan/alternatives.h"
#include "plan/economy.h"
#include "plan/optimal_plan.h"
#include "plan/solve.h"

namespace collegium::federation {

// The SHA-256 (hex, 64 characters) of the canonical serialisation of exactly the data a
// round's figures are computed from (docs/planning-rounds.md lists it): region ids and
// populations, product ids, units and regions, the technology's nonzero coefficients by
// column and row, the satellites, the final demand, the workplaces (ids, products,
// regions, capacities, workers, hours per unit, own inputs) and the labour supply, and
// weeks_per_year. Display names and the base year's gross output (which no figure reads)
// are left out, so renaming a product does not change the digest and one coefficient
// does. Numbers are hashed by their IEEE-754 bits (-0 as 0).
std::string economy_digest(const plan::Economy& economy);

struct RoundParameters {
  double productivity_gain = 0.02;  // g > -1
  std::vector<plan::Choice> choices;
  bool optimal_plan = false;
  // The last adopted plan's final demand, by category, rolled forward: amounts per product
  // of this economy, with kinds and regions (which give each region its consumption).
  // Empty: the base year's (the economy's own final demand).
  std::vector<plan::FinalDemand> status_quo;
  plan::SolveOptions solve;          // method and tolerance of the Leontief solves
  double lp_time_limit_seconds = 0;  // 0: none
};

enum class AlternativeKind { kStatusQuo, kChoice, kOptimal };
const char* alternative_kind_name(AlternativeKind kind);

// Something that binds. For the status quo and the choices, a requirement above what is
// available: the alternative cannot be carried out as computed (`over` true). For the
// optimal plan, a constraint at its limit with a positive valuation: what stops it from
// reaching more consumption (`over` false).
struct RoundBottleneck {
  enum class Kind { kCapacity, kLabour };
  Kind kind = Kind::kCapacity;
  std::string workplace;  // kCapacity: the workplace's id
  std::string product;    // kCapacity: the product it makes
  std::string region;     // kLabour: the region's id (empty: no region); kCapacity: the workplace's
  std::string category;   // kLabour: the labour category
  double required = 0;
  double available = 0;
  bool over = true;
  double valuation = 0;  // the optimal plan's dual value (fraction of the target per unit)
};

struct RoundAlternative {
  AlternativeKind kind = AlternativeKind::kChoice;
  std::string name;              // "status quo", the choice's name, "optimal plan"
  plan::Choice choice;           // kChoice: the split of the freed hours
  double consumption_scale = 1;  // household and public demand over the base year's
  double investment_scale = 1;
  std::vector<double> final_demand;                    // per product
  std::vector<double> output;                          // per product
  std::vector<plan::WorkplaceImplication> workplaces;  // per economy workplace
  std::vector<plan::SectorImplication> sectors;
  std::vector<plan::RegionImplication> regions;
  plan::EconomyImplication economy;
  std::vector<RoundBottleneck> bottlenecks;
  bool feasible = true;                      // nothing over; for the LP: an optimal solution
  std::string explanation;                   // when not feasible: why, in words
  std::optional<plan::OptimalPlan> optimal;  // kOptimal: the LP's solution and valuations
  plan::SolveReport report;                  // the Leontief solve (not for kOptimal)
};

// What one alternative means for one body: sums over the body's workplaces that have
// production data, and the region's or the economy's figures where the body answers for
// them. Output and capacity are summed in the products' own units (the demo's are money
// of the base year, so they add up).
struct BodyFigures {
  int32_t workplaces = 0;    // with production data
  double output_target = 0;  // sum of the workplaces' targets
  double capacity_use = 0;   // targets over capacities, of those stating one; NaN if none
  double labour_hours = 0;   // a year
  double workers = 0;
  double hours_per_worker_week = 0;                 // NaN without workers
  std::optional<plan::RegionImplication> region;    // kRegion, and kBranch with a region
  std::optional<plan::EconomyImplication> economy;  // kEconomy
  std::vector<int32_t> bottlenecks;  // indices into the alternative's bottlenecks that involve
                                     // the body's workplaces or region (all for kEconomy)
};

struct BodyImplications {
  BodyScope scope;
  // Registry workplaces in scope that the economy has no production data for (indices
  // into RoundRegistry::workplaces): shown, never silently dropped.
  std::vector<int32_t> without_data;
  std::vector<BodyFigures> alternatives;  // one per alternative, in the round's order
};

struct LeontiefCache;

struct RoundComputation {
  std::string economy_digest;
  RoundParameters parameters;
  std::vector<RoundAlternative> alternatives;  // status quo, choices, optimal plan
  std::vector<BodyImplications> bodies;        // the registry's bodies, in order
  double base_labour_hours = 0;                // H0
  double freed_hours = 0;                      // F
  // The last solutions, from which recompute_round starts its solves: the outputs for the
  // base year's final demand, for its household and public demand alone, and for its
  // investment demand alone (every choice's output is a combination of the three).
  std::vector<double> base_output;
  std::vector<double> consumption_output;
  std::vector<double> investment_output;
  // I - A set up (sliced, checked productive), shared with a recomputation on an economy
  // whose technology is the same.
  std::shared_ptr<const LeontiefCache> solver;
  int64_t solver_iterations = 0;  // over every Leontief solve of this computation
  double seconds = 0;
};

// Computes the round. Errors (nothing computed): a bad gain or choice, a status quo whose
// categories are not sized to the products, an economy that fails plan::validate, has no
// labour or is unproductive (naming its products), and registry facts the economy
// contradicts (an economy workplace the registry does not have: not_found naming it).
// With an empty registry (no workplaces, no bodies) no body's implications are computed.
Result<RoundComputation> compute_round(const plan::Economy& economy,
                                       const RoundParameters& parameters,
                                       const RoundRegistry& registry);

// The same computation for `economy` after an amendment, starting every Leontief solve
// from `last`'s solutions (same parameters; `last` computed on an economy of the same
// products). When the technology is unchanged, the set-up of I - A is reused as well.
// The figures agree with compute_round's on the amended economy to the solver's
// tolerance (not to the bit: the iterations start elsewhere). The LP, when asked, is
// solved again from scratch.
Result<RoundComputation> recompute_round(const plan::Economy& economy, const RoundComputation& last,
                                         const RoundRegistry& registry);

// What a workplace's committee may correct of its own data during the amendment phase.
// Fields left empty are kept.
struct WorkplaceAmendment {
  std::string workplace;  // the workplace's id
  std::optional<double> capacity;
  std::optional<double> workers;
  std::optional<std::vector<double>> labour_per_unit;  // hours per unit, per category
};

// Applies an amendment to `economy`. The labour satellites of the workplace's product are
// derived again as the share-weighted hours per unit of its workplaces (plan::
// workplace_shares), the rule the demo economy follows, so that the economy's hours stay
// its workplaces' hours. not_found for an unknown workplace; invalid_argument for a
// negative or non-finite figure or a wrong number of categories; on error `economy` is
// unchanged.
Status amend_workplace(plan::Economy& economy, const WorkplaceAmendment& amendment);

}  // namespace collegium::federation
