#include "plan/alternatives.h"

#include <gtest/gtest.h>

#include <cmath>

#include "plan/analysis.h"

namespace collegium::plan {
namespace {

// Two products, one labour category, one region of 100 people and two workplaces.
Economy small_economy() {
  Economy e;
  e.regions = {{"north", "North", 100}};
  e.products = {{"food", "Food", "t", 0}, {"tools", "Tools", "units", 0}};
  e.technology = csc_from_dense(2, 2, {0.2, 0.1, 0.4, 0.2});
  e.satellites = {{"hours", "hours", true, {1.0, 2.0}}};
  e.final_demand = {{"households", DemandKind::kHousehold, 0, {10, 0}},
                    {"investment", DemandKind::kInvestment, 0, {0, 5}}};
  // Base output: L y = [4/3*10 + 1/6*5, 2/3*10 + 4/3*5] = [14.1667, 13.3333].
  e.workplaces = {{"farm", "Farm", 0, 0, 15.0, 10, {1.0}, {}},
                  {"works", "Works", 1, 0, 14.0, 20, {2.0}, {}}};
  e.labour_supply = {{0, 0, 45.0, 30}};
  e.weeks_per_year = 50;
  return e;
}

TEST(Alternatives, HoursFollowTheChoice) {
  Economy e = small_economy();
  AlternativesRequest req;
  req.productivity_gain = 0.25;
  req.choices = {
      {"consume", 1, 0, 0}, {"rest", 0, 1, 0}, {"build", 0, 0, 1}, {"mix", 0.5, 0.25, 0.25}};
  req.solve.tolerance = 1e-13;
  auto alts = compute_alternatives(e, req);
  ASSERT_TRUE(alts.ok()) << alts.status().to_string();
  ASSERT_EQ(alts->size(), 4u);
  const double x0 = 4.0 / 3 * 10 + 1.0 / 6 * 5, x1 = 2.0 / 3 * 10 + 4.0 / 3 * 5;
  const double h0 = x0 + 2 * x1;
  const double freed = h0 * 0.25 / 1.25;
  for (const auto& a : *alts) {
    EXPECT_NEAR(a.economy.base_labour_hours, h0, 1e-9);
    EXPECT_NEAR(a.economy.labour_hours, h0 - a.choice.hours * freed, 1e-9) << a.choice.name;
    EXPECT_NEAR(a.economy.hours_per_worker_week, a.economy.labour_hours / 30 / 50, 1e-12);
  }
  // Shorter hours: same demand, same output, fewer hours.
  EXPECT_NEAR((*alts)[1].output[0], x0, 1e-9);
  EXPECT_NEAR((*alts)[1].economy.consumption, 10, 1e-12);
  // More consumption: food demand grows until its labour content absorbs the freed hours.
  EXPECT_GT((*alts)[0].economy.consumption, 10);
  EXPECT_NEAR((*alts)[0].economy.investment, 5, 1e-12);
  EXPECT_NEAR((*alts)[0].economy.consumption_per_head, (*alts)[0].economy.consumption / 100, 1e-12);
  EXPECT_GT((*alts)[2].economy.investment, 5);
  // Workplace figures add up to the sector's.
  for (const auto& a : *alts) {
    EXPECT_NEAR(a.workplaces[0].output_target, a.output[0], 1e-12);
    EXPECT_NEAR(a.workplaces[1].labour_hours, a.output[1] * 2 / 1.25, 1e-9);
    EXPECT_NEAR(a.workplaces[0].capacity_use, a.output[0] / 15, 1e-12);
  }
}

TEST(Alternatives, BottlenecksAreListed) {
  Economy e = small_economy();
  AlternativesRequest req;
  req.productivity_gain = 0.0;  // no gain: only the base year
  req.choices = {{"base", 1, 0, 0}};
  e.workplaces[1].capacity = 13.0;  // below the 13.33 that tools need
  e.labour_supply[0].hours = 40;    // below the 40.83 hours the base plan needs
  auto alts = compute_alternatives(e, req);
  ASSERT_TRUE(alts.ok()) << alts.status().to_string();
  const auto& b = (*alts)[0].bottlenecks;
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].kind, Bottleneck::Kind::kCapacity);
  EXPECT_EQ(b[0].what, "works");
  EXPECT_NEAR(b[0].required, 2.0 / 3 * 10 + 4.0 / 3 * 5, 1e-9);
  EXPECT_EQ(b[1].kind, Bottleneck::Kind::kLabour);
  EXPECT_EQ(b[1].what, "north/hours");
  EXPECT_DOUBLE_EQ(b[1].available, 40);
}

TEST(Alternatives, BadRequests) {
  Economy e = small_economy();
  AlternativesRequest req;
  req.choices = {{"odd", 0.5, 0.6, 0}};
  EXPECT_EQ(compute_alternatives(e, req).status().code(), Code::kInvalidArgument);
  req.choices = {{"ok", 1, 0, 0}};
  req.productivity_gain = -1;
  EXPECT_EQ(compute_alternatives(e, req).status().code(), Code::kInvalidArgument);
  req.productivity_gain = 0.1;
  e.satellites[0].is_labour = false;
  e.workplaces.clear();
  e.labour_supply.clear();
  EXPECT_EQ(compute_alternatives(e, req).status().code(), Code::kFailedPrecondition);
  e = small_economy();
  e.final_demand.pop_back();  // no investment demand to scale
  req.choices = {{"build", 0, 0, 1}};
  EXPECT_EQ(compute_alternatives(e, req).status().code(), Code::kFailedPrecondition);
}

}  // namespace
}  // namespace collegium::plan
