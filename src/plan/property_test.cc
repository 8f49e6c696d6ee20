// Planning invariants under random economies (rapidcheck).
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>

#include "plan/alternatives.h"
#include "plan/analysis.h"
#include "plan/generate.h"

namespace collegium::plan {
namespace {

Economy random_economy(int n, int k, double rho, uint64_t seed) {
  GenerateOptions o;
  o.products = n;
  o.inputs_per_product = k;
  o.spectral_radius = rho;
  o.seed = seed;
  o.regions = 3;
  auto e = generate_economy(o);
  RC_ASSERT(e.ok());
  return std::move(*e);
}

TEST(PlanProperties, OutputIsNonNegativeAndBalances) {
  // For a productive A >= 0 and y >= 0: x >= y >= 0 and x - A x = y.
  rc::check([](uint64_t seed) {
    const int n = *rc::gen::inRange(2, 120);
    const int k = *rc::gen::inRange(1, 12);
    const double rho = *rc::gen::inRange(5, 95) / 100.0;
    Economy e = random_economy(n, k, rho, seed);
    auto y = e.total_final_demand();
    SolveOptions o;
    o.tolerance = 1e-12;
    auto x = gross_output(e, y, o);
    RC_ASSERT(x.ok());
    RC_ASSERT(x->report.converged);
    auto ax = multiply(e.technology, x->x);
    for (int j = 0; j < n; ++j) {
      RC_ASSERT(x->x[j] >= y[j] * (1 - 1e-9));
      RC_ASSERT(std::abs(x->x[j] - ax[j] - y[j]) <= 1e-9 * x->x[j] + 1e-12);
    }
  });
}

TEST(PlanProperties, LabourValuesPriceFinalDemandAtItsHours) {
  // v . y = l . x for every y: the hours embodied in final demand are the hours worked.
  rc::check([](uint64_t seed) {
    const int n = *rc::gen::inRange(2, 100);
    Economy e = random_economy(n, *rc::gen::inRange(1, 8), *rc::gen::inRange(10, 90) / 100.0, seed);
    SolveOptions o;
    o.tolerance = 1e-13;
    auto v = labour_values(e, o);
    RC_ASSERT(v.ok());
    auto y = e.final_demand[0].amounts;
    auto x = gross_output(e, y, o);
    RC_ASSERT(x.ok());
    auto l = e.total_labour_per_unit();
    double vy = 0, lx = 0;
    for (int j = 0; j < n; ++j) {
      vy += v->x[j] * y[j];
      lx += l[j] * x->x[j];
      RC_ASSERT(v->x[j] >= l[j] * (1 - 1e-12));
    }
    RC_ASSERT(std::abs(vy - lx) <= 1e-9 * lx);
  });
}

TEST(PlanProperties, MoreDemandNeverNeedsLessOutput) {
  // Monotonicity: L >= 0, so raising one product's demand raises no output less.
  rc::check([](uint64_t seed) {
    const int n = *rc::gen::inRange(2, 80);
    Economy e = random_economy(n, 4, 0.7, seed);
    auto y = e.total_final_demand();
    SolveOptions o;
    o.method = Method::kSparseLu;
    auto x = gross_output(e, y, o);
    const int j = *rc::gen::inRange(0, n);
    y[j] += *rc::gen::inRange(1, 100);
    auto x2 = gross_output(e, y, o);
    RC_ASSERT(x.ok() && x2.ok());
    for (int i = 0; i < n; ++i) RC_ASSERT(x2->x[i] >= x->x[i] - 1e-9 * x->x[i]);
  });
}

TEST(PlanProperties, AlternativesWorkTheHoursTheyPromise) {
  // Whatever the split, hours = H0 - hours_share * H0 g / (1 + g), and no choice lowers
  // consumption or investment.
  rc::check([](uint64_t seed) {
    Economy e = random_economy(*rc::gen::inRange(3, 60), 5, 0.6, seed);
    const double g = *rc::gen::inRange(0, 50) / 100.0;
    const int c = *rc::gen::inRange(0, 101);
    const int h = *rc::gen::inRange(0, 101 - c);
    Choice choice{"x", c / 100.0, h / 100.0, (100 - c - h) / 100.0};
    AlternativesRequest req;
    req.productivity_gain = g;
    req.choices = {choice};
    req.solve.tolerance = 1e-13;
    auto alts = compute_alternatives(e, req);
    RC_ASSERT(alts.ok());
    const auto& a = (*alts)[0];
    const double h0 = a.economy.base_labour_hours;
    RC_ASSERT(std::abs(a.economy.labour_hours - (h0 - choice.hours * h0 * g / (1 + g))) <=
              1e-8 * h0);
    RC_ASSERT(a.consumption_scale >= 1.0);
    RC_ASSERT(a.investment_scale >= 1.0);
  });
}

}  // namespace
}  // namespace collegium::plan
