#include "plan/lp.h"

#include <gtest/gtest.h>

#include "plan/analysis.h"
#include "plan/generate.h"
#include "plan/optimal_plan.h"

namespace collegium::plan {
namespace {

LinearProgram two_by_two() {
  // max 3x + 2y  s.t.  x + y <= 4,  x + 3y <= 9,  x <= 3.
  LinearProgram lp;
  lp.maximize = true;
  lp.objective = {3, 2};
  lp.col_lower = {0, 0};
  lp.col_upper = {3, kInfinity};
  lp.matrix = csc_from_dense(2, 2, {1, 1, 1, 3});
  lp.row_lower = {-kInfinity, -kInfinity};
  lp.row_upper = {4, 9};
  return lp;
}

TEST(Lp, OptimalWithDualsAsMarginalValues) {
  auto s = solve_lp(two_by_two());
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  ASSERT_EQ(s->status, LpStatus::kOptimal);
  // x = 3, y = 1, objective 11; row 1 binds with value 2 (one more unit: y + 1).
  EXPECT_NEAR(s->objective, 11, 1e-9);
  EXPECT_NEAR(s->x[0], 3, 1e-9);
  EXPECT_NEAR(s->x[1], 1, 1e-9);
  EXPECT_NEAR(s->row_duals[0], 2, 1e-9);
  EXPECT_NEAR(s->row_duals[1], 0, 1e-9);
  // x's upper bound binds: worth 3 - 2 = 1 per unit.
  EXPECT_NEAR(s->reduced_costs[0], 1, 1e-9);
}

TEST(Lp, InfeasibleAndUnboundedAreResults) {
  LinearProgram lp = two_by_two();
  lp.row_lower[1] = 20;  // x + 3y >= 20, but x + y <= 4 and x >= 0 allow at most 12
  lp.row_upper[1] = kInfinity;
  auto s = solve_lp(lp);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->status, LpStatus::kInfeasible);
  lp = two_by_two();
  lp.row_upper = {kInfinity, kInfinity};
  lp.col_upper = {kInfinity, kInfinity};
  s = solve_lp(lp);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->status, LpStatus::kUnbounded);
}

TEST(Lp, MalformedProgramIsAnError) {
  LinearProgram lp = two_by_two();
  lp.col_lower[1] = 5;
  lp.col_upper[1] = 1;
  EXPECT_EQ(solve_lp(lp).status().code(), Code::kInvalidArgument);
  lp = two_by_two();
  lp.row_upper.pop_back();
  EXPECT_EQ(solve_lp(lp).status().code(), Code::kInvalidArgument);
}

TEST(OptimalPlan, LabourAloneScarceValuesProductsAtLabourValues) {
  // With labour the only limit, alpha = (H - v.f) / (v.t), and the valuation of each
  // product is its labour value times the valuation of an hour.
  Economy e;
  e.products = {{"food", "", "", -1}, {"tools", "", "", -1}};
  e.technology = csc_from_dense(2, 2, {0.2, 0.1, 0.4, 0.2});
  e.satellites = {{"hours", "h", true, {1.0, 2.0}}};
  e.final_demand = {{"households", DemandKind::kHousehold, -1, {10, 0}},
                    {"investment", DemandKind::kInvestment, -1, {0, 5}}};
  e.labour_supply = {{-1, 0, 100.0, 0}};
  SolveOptions so;
  so.method = Method::kSparseLu;
  auto v = labour_values(e, so);
  ASSERT_TRUE(v.ok());
  const double vt = v->x[0] * 10, vf = v->x[1] * 5;
  auto plan = optimal_plan(e, {});
  ASSERT_TRUE(plan.ok()) << plan.status().to_string();
  ASSERT_EQ(plan->status, LpStatus::kOptimal);
  EXPECT_NEAR(plan->fraction, (100 - vf) / vt, 1e-9);
  ASSERT_EQ(plan->labour.size(), 1u);
  EXPECT_NEAR(plan->labour[0].used, 100, 1e-7);
  const double hour = plan->labour[0].valuation;
  EXPECT_NEAR(hour, 1 / vt, 1e-9);
  EXPECT_NEAR(plan->product_valuation[0], v->x[0] * hour, 1e-9);
  EXPECT_NEAR(plan->product_valuation[1], v->x[1] * hour, 1e-9);
}

TEST(OptimalPlan, InfeasibleAndUnboundedExplain) {
  Economy e;
  e.products = {{"food", "", "", -1}};
  e.technology = csc_from_dense(1, 1, {0.5});
  e.satellites = {{"hours", "h", true, {1.0}}};
  e.final_demand = {{"households", DemandKind::kHousehold, -1, {1}},
                    {"exports", DemandKind::kExport, -1, {10}}};
  auto plan = optimal_plan(e, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->status, LpStatus::kUnbounded);
  EXPECT_NE(plan->explanation.find("capacit"), std::string::npos);
  e.labour_supply = {{-1, 0, 5.0, 0}};  // exports alone need 20 hours
  plan = optimal_plan(e, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->status, LpStatus::kInfeasible);
  EXPECT_FALSE(plan->explanation.empty());
}

TEST(OptimalPlan, GeneratedEconomyReachesItsTarget) {
  // Capacities and labour carry 5% or more slack over the base plan, so the optimum
  // reaches more than the whole base consumption, and every valuation is >= 0.
  GenerateOptions g;
  g.products = 150;
  g.inputs_per_product = 5;
  g.seed = 11;
  auto e = generate_economy(g);
  ASSERT_TRUE(e.ok());
  auto plan = optimal_plan(*e, {});
  ASSERT_TRUE(plan.ok()) << plan.status().to_string();
  ASSERT_EQ(plan->status, LpStatus::kOptimal);
  EXPECT_GT(plan->fraction, 1.0);
  for (size_t a = 0; a < plan->activity.size(); ++a) {
    EXPECT_LE(plan->activity[a], e->workplaces[a].capacity * (1 + 1e-9));
    EXPECT_GE(plan->capacity_valuation[a], 0);
  }
  // Some resource binds, or alpha would grow.
  double total = 0;
  for (double v : plan->capacity_valuation) total += v;
  for (const auto& l : plan->labour) total += l.valuation;
  EXPECT_GT(total, 0);
}

}  // namespace
}  // namespace collegium::plan
