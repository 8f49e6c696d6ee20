// The demo federation's economy (issue #14; docs/requirements.md C1-C4): what the workplaces of a
// generated demo (demo.h) produce, with what technology, for whom, and how much they can.
//
// The technology is derived from a real table: the UK's 2010 input-output analytical
// tables (data/io/uk-2010), whose products are mapped to the demo's ten branches by
// data/demo-economy/uk2010-branches.csv; docs/demo-economy.md gives the derivation and
// its assumptions. Labour comes from the federation itself: every workplace works with
// its own members, and its hours per unit by category are its members' hours in that
// category. The same options give the same economy, bit for bit.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"
#include "federation/demo.h"
#include "plan/economy.h"

namespace collegium::federation {

// ---- the derivation from the source table ----

// The final-demand kinds the demo economy keeps, in this order.
inline constexpr std::array<plan::DemandKind, 3> kDemoDemandKinds = {
    plan::DemandKind::kHousehold, plan::DemandKind::kPublic, plan::DemandKind::kInvestment};

// A table aggregated to branches. Money figures are in the source's unit (GBP million of
// 2010 for the UK table).
struct BranchTable {
  std::vector<std::string> branches;  // branch ids without the "b-" prefix ("metal")
  std::vector<double> output;         // gross output per branch
  // coefficients[i * n + j]: what one unit of output of branch j uses of branch i's
  // output: the output-weighted average, over the source products mapped to j, of
  // their inputs from the source products mapped to i.
  std::vector<double> coefficients;
  // final_demand[i * 3 + k]: branch i's final demand of kind kDemoDemandKinds[k]: the sum
  // over its source products and over the source's columns of that kind (exports leave the
  // economy; a negative sum, as changes in inventories can give, counts as 0). Public
  // demand adds what the mapping's public services buy of the branch: the demo's public
  // services are not workplaces of its branches, so what they use is consumed publicly.
  std::vector<double> final_demand;

  size_t size() const { return branches.size(); }
  double a(size_t i, size_t j) const { return coefficients[i * branches.size() + j]; }
};

// Which branch each source product belongs to: a CSV file with columns `uk_code` (the
// source's product id), `branch` (empty: outside the demo's branches) and, optionally,
// `demand`: "public" marks a public service (the table's non-market producers: health,
// education, care, administration) whose purchases from the branches are the demo's
// public final demand. Errors name the file, line and column.
struct BranchMapping {
  std::vector<std::string> branches;                                // in order of first appearance
  std::vector<std::pair<std::string, std::string>> product_branch;  // (source id, branch)
  std::vector<std::string> public_services;                         // source ids
};
Result<BranchMapping> read_branch_mapping(const std::filesystem::path& csv);

// Aggregates `source` (an economy read from a table: technology, gross output, final
// demand by category) to the branches of `mapping`. Products mapped to no branch are
// outside the demo economy: what the branches buy from them is not modelled (like
// imports). Fails with not_found when the mapping names a product the source lacks, and
// with failed_precondition when the source has no gross output or a branch has none.
Result<BranchTable> aggregate_to_branches(const plan::Economy& source,
                                          const BranchMapping& mapping);

// The UK 2010 table aggregated to the demo's ten branches (in demo.cc's order), as
// aggregate_to_branches derives it from data/io/uk-2010/uk2010_io_table.csv and
// data/demo-economy/uk2010-branches.csv. Kept in the program so that the demo needs no
// data files; demo_economy_test derives it again and compares.
const BranchTable& uk2010_branch_table();

// ---- the demo federation, as the economy needs it ----

struct DemoWorkplaceFacts {
  std::string id, name, region, branch;  // the federation's ids
  std::array<int64_t, 3> members{};      // by Category: production, technical, administrative
  int64_t size() const { return members[0] + members[1] + members[2]; }
};

struct DemoFacts {
  std::vector<std::pair<std::string, std::string>> regions;   // (id, name), in order
  std::vector<std::pair<std::string, std::string>> branches;  // (id, name), in order
  std::vector<DemoWorkplaceFacts> workplaces;                 // in order
};

// Re-runs generate_demo with `options` and keeps the regions, branches and workplaces with
// their members counted by category: what load_demo put into the federation. Memory stays
// in proportion to the workplaces, not the members.
Result<DemoFacts> demo_facts(const DemoOptions& options);

// ---- the economy ----

struct DemoEconomyOptions {
  // Products in all. 0 chooses: for demos under kLargeDemoWorkplaces workplaces, a few
  // named products per branch (never more than the branch has workplaces, so every
  // product has one); from that size up, kProductsPerWorkplace per workplace, generated
  // with the same structure (the 20,000-workplace demo gets 100,000 products). A number
  // > 0 asks for that many generated products (at least one per branch present).
  int64_t products = 0;
};
inline constexpr int64_t kLargeDemoWorkplaces = 1000;
inline constexpr int64_t kProductsPerWorkplace = 5;
// Hours a member works in the base year (36 a week for 46 weeks), and the weeks.
inline constexpr double kBaseHoursPerMember = 36.0 * 46.0;
inline constexpr double kDemoWeeksPerYear = 46;

// The economy of the demo federation `facts` describes. Region, workplace and labour
// category ids are the federation's own (regions "r-...", workplaces "w-...", the
// satellites "production", "technical", "administrative"). Promises:
// - every product is made by a workplace of its branch, or, where a branch has more
//   products than workplaces, is carried by one (its hours count in that workplace's
//   region; the plan model gives each workplace one product);
// - every workplace makes one product of its branch; its workers are its members, and its
//   hours per unit by category are its members' base-year hours (kBaseHoursPerMember) in
//   that category over what it makes: the base year works exactly the members' hours;
// - the technology is uk2010_branch_table()'s, split over each branch's products;
// - each branch's output in proportion to its members (what the other branches do not use
//   of it, and at least a tenth, is its final demand), split into household, public and
//   investment demand by the table's shares and over the regions by their members; the
//   base year's gross output is gross_output;
// - capacities above the base year's output: most with 5% to 35% spare, a few products
//   with under 1% (bottlenecks once output must grow); labour supply 3% to 12% above the
//   base year's hours in every region and category.
// invalid_argument when the options ask for fewer products than branches present.
Result<plan::Economy> demo_economy(const DemoFacts& facts, uint64_t seed,
                                   const DemoEconomyOptions& options = {});
// The same, for the demo `options` generates (demo_facts, then the demo's seed).
Result<plan::Economy> demo_economy(const DemoOptions& options,
                                   const DemoEconomyOptions& economy_options = {});

}  // namespace collegium::federation
