// The optimal plan: Kantorovich's plan ray as a linear program (C1, C5).
//
// Find workplace activity levels z >= 0 and the largest fraction alpha of the consumption
// target t (household and public demand) such that
//   for each product i:  sum_w (delta_i,p(w) - a_i,w) z_w - t_i alpha >= f_i
//                        (f: the other final demand, investment and exports, met in full)
//   for each workplace:  z_w <= capacity_w
//   for each region and labour category with a stated supply:
//                        sum_w (hours per unit)_w z_w <= supply.
// The dual values are the valuations of each scarce resource: how much alpha one more
// unit of it would buy. Without workplaces, each product is one uncapacitated activity
// in its region, using A's column and the labour satellites.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "plan/economy.h"
#include "plan/lp.h"

namespace collegium::plan {

struct OptimalPlanRequest {
  std::vector<DemandKind> target_kinds{DemandKind::kHousehold, DemandKind::kPublic};
  double time_limit_seconds = 0;  // 0: none
};

struct LabourConstraint {
  int32_t region = -1;   // -1: the whole economy
  int32_t category = 0;  // index among labour_categories()
  double supply = 0;
  double used = 0;
  double valuation = 0;  // alpha gained per extra hour (>= 0)
};

struct OptimalPlan {
  LpStatus status = LpStatus::kOptimal;
  std::string explanation;  // for infeasible or unbounded: why, in words
  double fraction = 0;      // alpha
  // Activities: one per workplace, then one per product without a workplace.
  std::vector<std::string> activity_names;
  std::vector<double> activity;
  std::vector<double> capacity_valuation;  // alpha gained per extra unit of capacity (>= 0)
  std::vector<double> output;              // gross output per product
  std::vector<double> product_valuation;   // alpha lost per extra unit of fixed demand (>= 0)
  std::vector<LabourConstraint> labour;
  int32_t iterations = 0;
  double seconds = 0;
};

// Builds the program (exposed for tests and for the command's --write-lp).
Result<LinearProgram> optimal_plan_program(const Economy& e, const OptimalPlanRequest& request);

// Solves it. Infeasible and unbounded come back as results with an explanation.
Result<OptimalPlan> optimal_plan(const Economy& e, const OptimalPlanRequest& request);

}  // namespace collegium::plan
