#include "plan/optimal_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace collegium::plan {

namespace {

struct Layout {
  // Activities: workplaces first, then products without a workplace.
  std::vector<int32_t> product_of;  // per activity
  std::vector<int32_t> region_of;
  std::vector<int32_t> workplace_of;        // -1 for a product activity
  std::vector<int32_t> labour_rows_supply;  // index into e.labour_supply per labour row
};

Layout layout_of(const Economy& e) {
  Layout l;
  std::vector<bool> covered(e.size(), false);
  for (size_t k = 0; k < e.workplaces.size(); ++k) {
    const Workplace& w = e.workplaces[k];
    l.product_of.push_back(w.product);
    l.region_of.push_back(w.region);
    l.workplace_of.push_back(static_cast<int32_t>(k));
    covered[w.product] = true;
  }
  for (int32_t j = 0; j < e.size(); ++j) {
    if (covered[j]) continue;
    l.product_of.push_back(j);
    l.region_of.push_back(e.products[j].region);
    l.workplace_of.push_back(-1);
  }
  return l;
}

}  // namespace

Result<LinearProgram> optimal_plan_program(const Economy& e, const OptimalPlanRequest& req) {
  TRY(validate(e));
  const int32_t n = e.size();
  const Layout lay = layout_of(e);
  const int32_t na = static_cast<int32_t>(lay.product_of.size());
  const auto cats = e.labour_categories();
  const std::vector<double> target = e.final_demand_of(req.target_kinds);
  std::vector<DemandKind> other;
  for (DemandKind k : {DemandKind::kHousehold, DemandKind::kPublic, DemandKind::kInvestment,
                       DemandKind::kExport, DemandKind::kOther}) {
    if (std::find(req.target_kinds.begin(), req.target_kinds.end(), k) == req.target_kinds.end())
      other.push_back(k);
  }
  const std::vector<double> fixed = e.final_demand_of(other);
  const int32_t nl = static_cast<int32_t>(e.labour_supply.size());
  LinearProgram lp;
  lp.maximize = true;
  lp.objective.assign(na + 1, 0.0);
  lp.objective[na] = 1.0;  // alpha
  lp.col_lower.assign(na + 1, 0.0);
  lp.col_upper.assign(na + 1, kInfinity);
  for (int32_t a = 0; a < na; ++a) {
    int32_t w = lay.workplace_of[a];
    if (w >= 0 && e.workplaces[w].capacity > 0) lp.col_upper[a] = e.workplaces[w].capacity;
    lp.col_names.push_back(w >= 0 ? e.workplaces[w].id : e.products[lay.product_of[a]].id);
  }
  lp.col_names.push_back("alpha");
  lp.row_lower.assign(n + nl, -kInfinity);
  lp.row_upper.assign(n + nl, kInfinity);
  for (int32_t i = 0; i < n; ++i) {
    lp.row_lower[i] = fixed[i];
    lp.row_names.push_back(e.products[i].id);
  }
  for (int32_t k = 0; k < nl; ++k) {
    const LabourSupply& s = e.labour_supply[k];
    lp.row_upper[n + k] = s.hours;
    lp.row_names.push_back((s.region >= 0 ? e.regions[s.region].id : std::string("all")) + "/" +
                           e.satellites[cats[s.category]].id);
  }
  std::vector<Triplet> t;
  for (int32_t a = 0; a < na; ++a) {
    const int32_t p = lay.product_of[a];
    const int32_t w = lay.workplace_of[a];
    t.push_back({p, a, 1.0});
    if (w >= 0 && !e.workplaces[w].inputs.empty()) {
      for (const auto& [i, coef] : e.workplaces[w].inputs) t.push_back({i, a, -coef});
    } else {
      for (int64_t q = e.technology.col_ptr[p]; q < e.technology.col_ptr[p + 1]; ++q)
        t.push_back({e.technology.row_idx[q], a, -e.technology.values[q]});
    }
    for (int32_t k = 0; k < nl; ++k) {
      const LabourSupply& s = e.labour_supply[k];
      if (s.region >= 0 && s.region != lay.region_of[a]) continue;
      double h = w >= 0 ? e.workplaces[w].labour_per_unit[s.category]
                        : e.satellites[cats[s.category]].per_unit[p];
      if (h != 0) t.push_back({n + k, a, h});
    }
  }
  for (int32_t i = 0; i < n; ++i) {
    if (target[i] != 0) t.push_back({i, na, -target[i]});
  }
  lp.matrix = TRY(csc_from_triplets(n + nl, na + 1, std::move(t)));
  return lp;
}

Result<OptimalPlan> optimal_plan(const Economy& e, const OptimalPlanRequest& req) {
  LinearProgram lp = TRY(optimal_plan_program(e, req));
  LpSolution s = TRY(solve_lp(lp, req.time_limit_seconds));
  const int32_t n = e.size();
  const Layout lay = layout_of(e);
  const int32_t na = static_cast<int32_t>(lay.product_of.size());
  OptimalPlan plan;
  plan.status = s.status;
  plan.iterations = s.iterations;
  plan.seconds = s.seconds;
  plan.activity_names.assign(lp.col_names.begin(), lp.col_names.end() - 1);
  switch (s.status) {
    case LpStatus::kInfeasible:
      plan.explanation =
          "no plan meets the demand that must be met in full (investment, exports and other final "
          "demand) "
          "within the capacities and the labour supply, even with no consumption at all; raise "
          "capacities or "
          "labour supply, or lower that demand";
      return plan;
    case LpStatus::kUnbounded:
      plan.explanation =
          "nothing limits the consumption target: no capacity or labour supply binds the "
          "activities that it "
          "needs; state capacities for the workplaces or labour supply for the regions";
      return plan;
    case LpStatus::kIterationLimit:
      plan.explanation =
          "the solver stopped at its time or iteration limit before proving a plan optimal";
      return plan;
    case LpStatus::kOptimal:
      break;
  }
  plan.fraction = s.x[na];
  plan.activity.assign(s.x.begin(), s.x.begin() + na);
  plan.output.assign(n, 0.0);
  for (int32_t a = 0; a < na; ++a) plan.output[lay.product_of[a]] += s.x[a];
  plan.product_valuation.resize(n);
  for (int32_t i = 0; i < n; ++i) plan.product_valuation[i] = std::max(0.0, -s.row_duals[i]);
  plan.capacity_valuation.resize(na);
  for (int32_t a = 0; a < na; ++a) plan.capacity_valuation[a] = std::max(0.0, s.reduced_costs[a]);
  for (size_t k = 0; k < e.labour_supply.size(); ++k) {
    const LabourSupply& ls = e.labour_supply[k];
    plan.labour.push_back({ls.region, ls.category, ls.hours, s.row_activity[n + k],
                           std::max(0.0, s.row_duals[n + k])});
  }
  return plan;
}

}  // namespace collegium::plan
