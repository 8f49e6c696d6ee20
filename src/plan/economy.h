// The economy model the planning engine computes on (C1).
//
// Products have units; the technology is a product-by-product matrix A of input
// coefficients (A(i, j) = units of product i used per unit of product j), either given
// directly or derived from workplaces' own production processes. Satellite accounts give
// per-unit intensities (labour hours by member category, value added, emissions).
// Final demand is kept by category because the alternatives (C2) scale the categories
// differently. Everything is plain data: readers fill it, computations read it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "plan/sparse.h"

namespace collegium::plan {

struct Region {
  std::string id;
  std::string name;
  double population = 0;  // people; 0 when unknown (then no per-head figures)
};

struct Product {
  std::string id;
  std::string name;
  std::string unit;
  int32_t region = -1;  // index into Economy::regions; -1 when the table has no regions
};

// A row of per-unit intensities: entry j is the amount per unit of output of product j.
struct Satellite {
  std::string id;
  std::string unit;
  bool is_labour = false;  // labour hours of one member category
  std::vector<double> per_unit;
};

enum class DemandKind { kHousehold, kPublic, kInvestment, kExport, kOther };
const char* demand_kind_name(DemandKind kind);
// Guesses the kind from a column label ("Final consumption expenditure by households",
// "gross_capital_formation", "exports"...); kOther when nothing fits.
DemandKind guess_demand_kind(const std::string& label);
Result<DemandKind> parse_demand_kind(const std::string& name);

struct FinalDemand {
  std::string id;
  DemandKind kind = DemandKind::kOther;
  int32_t region = -1;          // the region whose members take it; -1 when unknown
  std::vector<double> amounts;  // one per product
};

// A workplace: one production process with a capacity. When `inputs` is empty the
// workplace uses its product's column of A.
struct Workplace {
  std::string id;
  std::string name;
  int32_t product = 0;
  int32_t region = -1;
  double capacity = 0;                  // most units of output a year; <= 0 means no stated limit
  double workers = 0;                   // members working there
  std::vector<double> labour_per_unit;  // hours per unit, one per labour category
  std::vector<std::pair<int32_t, double>> inputs;  // own coefficients: (product, per unit)
};

// Hours a year that members of one category in one region can work.
struct LabourSupply {
  int32_t region = -1;
  int32_t category = 0;  // index among the labour satellites (labour_categories())
  double hours = 0;
  double workers = 0;
};

struct Economy {
  std::string name;
  std::vector<Region> regions;
  std::vector<Product> products;
  CscMatrix technology;  // n x n
  std::vector<Satellite> satellites;
  std::vector<FinalDemand> final_demand;
  std::vector<double> gross_output;  // base-year output when the source gives it; else empty
  std::vector<Workplace> workplaces;
  std::vector<LabourSupply> labour_supply;
  double weeks_per_year = 52;  // for hours per worker per week

  int32_t size() const { return static_cast<int32_t>(products.size()); }
  // Indices into `satellites` of the labour categories, in order.
  std::vector<int32_t> labour_categories() const;
  // Total labour hours per unit over all categories (zeros when there are none).
  std::vector<double> total_labour_per_unit() const;
  // The sum of all final-demand categories (or of those of the given kinds).
  std::vector<double> total_final_demand() const;
  std::vector<double> final_demand_of(const std::vector<DemandKind>& kinds) const;
  int32_t find_product(const std::string& id) const;  // -1 when absent
  int32_t find_region(const std::string& id) const;   // -1 when absent
};

// Checks sizes and indices (every vector sized to the products, indices in range, no
// negative capacity, finite numbers); invalid_argument naming what is wrong.
Status validate(const Economy& e);

// A = Z diag(x)^-1: coefficients from flows and gross output; columns with zero output
// get zero coefficients (pymrio does the same).
CscMatrix coefficients_from_flows(const CscMatrix& flows, const std::vector<double>& output);

// Replaces the technology by the capacity-weighted average of the workplaces' processes
// for each product that has workplaces with their own inputs (products without keep
// their column). Capacities must be positive for the weighting.
Status technology_from_workplaces(Economy& e);

}  // namespace collegium::plan
