// The forecaster on series built to show each kind of change (issue 16, SYSTEM.md C6),
// one Kalman step checked by hand, and the properties every step must keep.
#include "forecast/forecast.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <numbers>
#include <optional>
#include <vector>

namespace collegium::forecast {
namespace {

constexpr int kSteady = static_cast<int>(Regime::kSteady);
constexpr int kStep = static_cast<int>(Regime::kStep);
constexpr int kOutlier = static_cast<int>(Regime::kOutlier);

// Noise for the built series: uniform in [-amplitude, amplitude], from a fixed splitmix64
// sequence so that every run (and every standard library) sees the same figures.
double noise(uint64_t i, double amplitude) {
  uint64_t z = (i + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  double u = static_cast<double>(z >> 11) / 9007199254740992.0;  // [0, 1)
  return amplitude * (2 * u - 1);
}

// Runs a series of fulfilment ratios (target 100 every period) and returns every step.
std::vector<Step> run(const std::function<double(int)>& ratio_at, int periods,
                      const Thresholds& thresholds = {}) {
  Params params;
  SeriesState state = initial_state(params);
  std::vector<Step> steps;
  for (int t = 1; t <= periods; ++t) {
    auto step = observe(params, thresholds, state, 100, 100 * ratio_at(t));
    EXPECT_TRUE(step.ok()) << step.status().to_string();
    steps.push_back(*step);
  }
  return steps;
}

// The first period (1-based) at or after `from` whose kind is not normal, or 0.
int first_signal(const std::vector<Step>& steps, int from = 1) {
  for (int t = from; t <= static_cast<int>(steps.size()); ++t)
    if (steps[t - 1].kind != Kind::kNormal) return t;
  return 0;
}

double sum(const std::array<double, kRegimes>& p) {
  return p[0] + p[1] + p[2] + p[3];
}

TEST(Forecast, OneKalmanStepByHand) {
  // All four regimes alike: the mixture is one Kalman filter and the probabilities stay
  // at the priors. Prior (level, slope) = (1, 0), covariance I; V = W_level = W_slope = 1.
  //   a = G m = (1, 0); G C G' = [[2, 1], [1, 1]]; W = [[2, 1], [1, 1]]; R = [[4, 2], [2, 2]]
  //   forecast 1, Q = R00 + V = 5; y = 3, e = 2; K = (4, 2) / 5 = (0.8, 0.4)
  //   m = (1 + 1.6, 0 + 0.8) = (2.6, 0.8)
  //   C = R - K K' Q = [[4 - 3.2, 2 - 1.6], [., 2 - 0.8]] = [[0.8, 0.4], [0.4, 1.2]]
  Params params;
  for (RegimeParams& r : params.regime) r = {1, 1, 1, 0.25};
  params.initial_level = 1;
  params.initial_level_var = 1;
  params.initial_slope_var = 1;
  ASSERT_TRUE(validate(params).ok());
  Update u = update(params, initial_mixture(params), 3.0);
  EXPECT_DOUBLE_EQ(u.forecast_mean, 1);
  EXPECT_DOUBLE_EQ(u.forecast_sd, std::sqrt(5.0));
  for (const RegimePosterior& r : u.posterior.regime) {
    EXPECT_NEAR(r.mean[0], 2.6, 1e-12);
    EXPECT_NEAR(r.mean[1], 0.8, 1e-12);
    EXPECT_NEAR(r.cov[0], 0.8, 1e-12);
    EXPECT_NEAR(r.cov[1], 0.4, 1e-12);
    EXPECT_NEAR(r.cov[2], 1.2, 1e-12);
    EXPECT_NEAR(r.prob, 0.25, 1e-12);
  }
}

TEST(Forecast, FirstMixtureWeightsByHand) {
  // From the prior every regime starts alike, so regime j's weight is its prior times the
  // normal density of y under Q_j = C_ll + C_ss + W_level + W_slope + V (slope var 0 here).
  Params params;
  params.initial_slope_var = 0;
  const double y = 0.7;
  std::array<double, kRegimes> expected;
  double total = 0;
  for (int j = 0; j < kRegimes; ++j) {
    const RegimeParams& r = params.regime[j];
    double q = params.initial_level_var + r.w_level + r.w_slope + r.v;
    double e = y - params.initial_level;
    expected[j] = r.prior * std::exp(-0.5 * e * e / q) / std::sqrt(2 * std::numbers::pi * q);
    total += expected[j];
  }
  Update u = update(params, initial_mixture(params), y);
  for (int j = 0; j < kRegimes; ++j) {
    EXPECT_NEAR(u.probability[j], expected[j] / total, 1e-12) << regime_name(Regime(j));
    // Nothing told the regimes apart before y, so y says nothing about the last period.
    EXPECT_NEAR(u.previous_probability[j], params.regime[j].prior, 1e-12);
    // Each regime's level moves toward y by R00 / Q.
    const RegimeParams& r = params.regime[j];
    double r00 = params.initial_level_var + r.w_level + r.w_slope;
    EXPECT_NEAR(u.posterior.regime[j].mean[0],
                params.initial_level + r00 / (r00 + r.v) * (y - params.initial_level), 1e-12);
  }
}

TEST(Forecast, WeightsTooSmallForTheQuickPathGoThroughLogarithms) {
  // Three regimes barely possible (1e-320 each) but right on the figure, and one almost
  // certain but so far from it that its density underflows: the quick weights fall among
  // the subnormal numbers, where digits are lost, and the logarithms must still find that
  // the figure came through the three (alike, so a third each).
  Params params;
  Mixture m;
  for (RegimePosterior& r : m.regime) r = {{1.0, 0.0}, {1e-4, 0, 1e-6}, 1e-320};
  m.regime[kOutlier] = {{100.0, 0.0}, {1e-4, 0, 1e-6}, 1.0};
  Update u = update(params, m, 1.0);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(u.previous_probability[i], 1.0 / 3, 1e-12);
  EXPECT_EQ(u.previous_probability[kOutlier], 0);
  EXPECT_NEAR(sum(u.probability), 1, 1e-12);
  for (const RegimePosterior& r : u.posterior.regime) {
    EXPECT_TRUE(std::isfinite(r.mean[0]) && std::isfinite(r.cov[0]));
    EXPECT_NEAR(r.mean[0], 1, 0.01);
  }
}

TEST(Forecast, SteadySeriesNearPlanStaysNormal) {
  auto steps = run([](int t) { return 1 + noise(t, 0.04); }, 52);
  for (const Step& s : steps) {
    EXPECT_EQ(s.kind, Kind::kNormal) << "period " << s.period;
    EXPECT_EQ(s.cause, Cause::kNone) << "period " << s.period;
    EXPECT_GT(s.probability[kSteady], 0.85) << "period " << s.period;
    EXPECT_NEAR(sum(s.probability), 1, 1e-12);
  }
  EXPECT_NEAR(steps.back().level, 1, 0.05);
  EXPECT_NEAR(steps.back().cumulative_ratio, 1, 0.02);
  EXPECT_GT(steps.back().forecast_sd, 0.05);  // at least the observation noise
}

TEST(Forecast, StepDownIsSeenWithinAFewPeriodsAndTheLevelFollows) {
  auto steps = run([](int t) { return (t <= 20 ? 1.0 : 0.8) + noise(t, 0.03); }, 40);
  int at = first_signal(steps);
  ASSERT_GE(at, 21);
  EXPECT_LE(at, 23);
  const Step& s = steps[at - 1];
  EXPECT_NE(s.kind, Kind::kNormal);
  EXPECT_EQ(s.cause, Cause::kStep);
  EXPECT_EQ(s.direction, Direction::kShortfall);
  // The model says why: a step at this period or the last, more likely than not.
  EXPECT_GE(std::max(s.probability[kStep], s.previous_probability[kStep]), 0.5);
  // The signal stays while the level stays low, and the level settles at 0.8.
  for (int t = at; t <= 40; ++t) {
    EXPECT_EQ(steps[t - 1].kind, Kind::kCrisis) << "period " << t;  // 20% is past gap_crisis
    EXPECT_EQ(steps[t - 1].cause, Cause::kStep) << "period " << t;
  }
  EXPECT_NEAR(steps[25 - 1].level, 0.8, 0.03);
  EXPECT_NEAR(steps.back().level, 0.8, 0.03);
}

TEST(Forecast, SlowSlopeIsSeenAsASlopeBeforeTheCumulativeThreshold) {
  auto ratio = [](int t) { return 1 - 0.01 * std::max(0, t - 10) + noise(t, 0.02); };
  auto steps = run(ratio, 52);
  int at = first_signal(steps);
  ASSERT_GT(at, 10);
  EXPECT_EQ(steps[at - 1].cause, Cause::kSlope);
  EXPECT_EQ(steps[at - 1].direction, Direction::kShortfall);
  EXPECT_LT(steps[at - 1].slope, 0);
  EXPECT_GE(steps[at - 1].trend_probability, Thresholds{}.trend_probability);
  // The cumulative shortfall had not yet reached its alert, so the model saw it first.
  EXPECT_LT(1 - steps[at - 1].cumulative_ratio, Thresholds{}.cumulative_alert);
  int cumulative_at = 0;
  for (const Step& s : steps)
    if (!cumulative_at && 1 - s.cumulative_ratio >= Thresholds{}.cumulative_alert)
      cumulative_at = static_cast<int>(s.period);
  ASSERT_GT(cumulative_at, 0);
  EXPECT_LT(at, cumulative_at);
  // Once seen it grows into a crisis as the level keeps falling, still a slope.
  EXPECT_EQ(steps.back().kind, Kind::kCrisis);
  EXPECT_EQ(steps.back().cause, Cause::kSlope);
}

TEST(Forecast, LoneOutlierIsNotedAndDoesNotClimb) {
  auto steps = run([](int t) { return (t == 20 ? 0.5 : 1.0) + noise(t, 0.03); }, 30);
  const Step& odd = steps[20 - 1];
  EXPECT_GT(odd.probability[kOutlier], 0.5);
  EXPECT_EQ(odd.kind, Kind::kNormal);
  EXPECT_EQ(odd.cause, Cause::kOutlier);
  EXPECT_EQ(odd.direction, Direction::kShortfall);
  const Step& next = steps[21 - 1];
  EXPECT_EQ(next.kind, Kind::kNormal);
  EXPECT_EQ(next.cause, Cause::kNone);
  EXPECT_GT(next.previous_probability[kOutlier], 0.9);  // seen again: it was an outlier
  EXPECT_NEAR(next.level, 1, 0.05);
  for (const Step& s : steps) EXPECT_EQ(s.kind, Kind::kNormal) << "period " << s.period;
}

TEST(Forecast, OverPerformanceIsTheSameRuleMirrored) {
  auto up = run([](int t) { return (t <= 20 ? 1.0 : 1.2) + noise(t, 0.03); }, 30);
  int at = first_signal(up);
  ASSERT_GE(at, 21);
  EXPECT_LE(at, 23);
  EXPECT_EQ(up[at - 1].cause, Cause::kStep);
  EXPECT_EQ(up[at - 1].direction, Direction::kOver);
  EXPECT_NEAR(up.back().level, 1.2, 0.03);

  auto rising = run([](int t) { return 1 + 0.01 * std::max(0, t - 10) + noise(t, 0.02); }, 52);
  at = first_signal(rising);
  ASSERT_GT(at, 10);
  EXPECT_EQ(rising[at - 1].cause, Cause::kSlope);
  EXPECT_EQ(rising[at - 1].direction, Direction::kOver);

  auto above = run([](int t) { return 1.08 + noise(t, 0.03); }, 10);
  EXPECT_EQ(above.back().kind, Kind::kAlert);
  EXPECT_EQ(above.back().cause, Cause::kCumulative);
  EXPECT_EQ(above.back().direction, Direction::kOver);
}

TEST(Forecast, CumulativeShortfall) {
  // A workplace below plan from the start: no change happens, so it is the cumulative
  // shortfall that speaks, and only once cumulative_min_periods figures are in.
  auto below = run([](int t) { return 0.92 + noise(t, 0.02); }, 12);
  for (int t = 1; t < Thresholds{}.cumulative_min_periods; ++t)
    EXPECT_EQ(below[t - 1].kind, Kind::kNormal) << "period " << t;
  for (int t = Thresholds{}.cumulative_min_periods; t <= 12; ++t) {
    EXPECT_EQ(below[t - 1].kind, Kind::kAlert) << "period " << t;
    EXPECT_EQ(below[t - 1].cause, Cause::kCumulative) << "period " << t;
    EXPECT_EQ(below[t - 1].direction, Direction::kShortfall) << "period " << t;
  }
  auto far_below = run([](int t) { return 0.75 + noise(t, 0.02); }, 12);
  EXPECT_EQ(far_below.back().kind, Kind::kCrisis);
  EXPECT_EQ(far_below.back().cause, Cause::kCumulative);
  EXPECT_NEAR(far_below.back().cumulative_ratio, 0.75, 0.01);

  // The ratio is of the sums, so a large period weighs more than a small one.
  Params params;
  Thresholds thresholds;
  SeriesState state = initial_state(params);
  for (double target : {100.0, 100.0, 100.0, 1000.0})
    ASSERT_TRUE(observe(params, thresholds, state, target, target * 0.9).ok());
  auto last = observe(params, thresholds, state, 100, 100);
  ASSERT_TRUE(last.ok());
  EXPECT_DOUBLE_EQ(last->cumulative_ratio, (270.0 + 900 + 100) / 1400);
}

TEST(Forecast, TargetZeroAdvancesWithoutAFigure) {
  Params params;
  Thresholds thresholds;
  SeriesState state = initial_state(params);
  for (int t = 1; t <= 10; ++t) ASSERT_TRUE(observe(params, thresholds, state, 100, 100).ok());
  SeriesState before = state;
  auto step = observe(params, thresholds, state, 0, 30);
  ASSERT_TRUE(step.ok());
  EXPECT_FALSE(step->observed);
  EXPECT_EQ(step->period, 11);
  EXPECT_EQ(state.periods, 11);
  EXPECT_EQ(state.observed, 10);
  EXPECT_DOUBLE_EQ(state.sum_actual, before.sum_actual + 30);
  EXPECT_DOUBLE_EQ(state.sum_target, before.sum_target);
  EXPECT_DOUBLE_EQ(step->cumulative_ratio, 1030.0 / 1000);
  // Nothing learnt: the probabilities are the priors mixed in, the level only moved by
  // its slope, and it is less sure of it.
  for (int j = 0; j < kRegimes; ++j)
    EXPECT_NEAR(step->probability[j], params.regime[j].prior, 1e-12);
  EXPECT_GT(step->level_sd, 0);
  EXPECT_EQ(step->kind, Kind::kNormal);
  auto again = observe(params, thresholds, state, 100, 100);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->observed);
  EXPECT_EQ(again->period, 12);
}

// The bits of a state, for comparing exactly.
std::array<double, SeriesState::kDoubles> bits(const SeriesState& s) {
  return s.to_doubles();
}
bool same_bits(const std::array<double, SeriesState::kDoubles>& a,
               const std::array<double, SeriesState::kDoubles>& b) {
  return std::memcmp(a.data(), b.data(), sizeof(a)) == 0;
}

TEST(Forecast, StateRoundTripsBitExactlyAndCarriesOn) {
  Params params;
  Thresholds thresholds;
  SeriesState state = initial_state(params);
  for (int t = 1; t <= 30; ++t) {
    double ratio = (t <= 15 ? 1.0 : 0.8) + noise(t, 0.03);
    ASSERT_TRUE(observe(params, thresholds, state, t % 7 == 0 ? 0 : 50, 50 * ratio).ok());
  }
  ASSERT_NE(state.latched_cause, Cause::kNone);  // the latch is part of what is stored
  auto stored = state.to_doubles();
  auto restored = SeriesState::from_doubles(stored);
  ASSERT_TRUE(restored.ok()) << restored.status().to_string();
  EXPECT_TRUE(same_bits(bits(*restored), stored));
  for (int t = 31; t <= 40; ++t) {
    auto a = observe(params, thresholds, state, 50, 40 + t % 3);
    auto b = observe(params, thresholds, *restored, 50, 40 + t % 3);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(std::memcmp(&a->level, &b->level, sizeof(double)), 0);
    EXPECT_EQ(a->kind, b->kind);
    EXPECT_TRUE(same_bits(bits(state), bits(*restored)));
  }
}

TEST(Forecast, FromDoublesRefusesWhatTheForecasterCouldNotHaveWritten) {
  SeriesState state = initial_state(Params{});
  auto good = state.to_doubles();
  std::vector<double> short_one(good.begin(), good.end() - 1);
  auto r = SeriesState::from_doubles(short_one);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kCorrupt);
  EXPECT_EQ(r.status().message(), "a series state has 29 numbers, not 30");

  auto broken = [&](size_t at, double value) {
    auto v = good;
    v[at] = value;
    return SeriesState::from_doubles(v).status();
  };
  EXPECT_EQ(broken(0, std::nan("")).where(), "state/0");
  EXPECT_EQ(broken(8, -1).message(), "a variance is negative");  // regime 1's var(level)
  EXPECT_EQ(broken(5, 0.5).message().rfind("the regime probabilities sum to 0.59", 0), 0u);
  EXPECT_EQ(broken(24, 1.5).where(), "state/24");                       // periods
  EXPECT_EQ(broken(25, 1).where(), "state/25");                         // observed > periods
  EXPECT_EQ(broken(26, -3).message(), "a cumulative sum is negative");  // sum_target
  EXPECT_EQ(broken(28, 3).where(), "state/28");  // outlier is no cause a signal stays for
  EXPECT_EQ(broken(29, 1).where(), "state/28");  // a direction without a cause
}

TEST(Forecast, BadInputIsRefusedAndChangesNothing) {
  Params params;
  Thresholds thresholds;
  SeriesState state = initial_state(params);
  for (int t = 1; t <= 5; ++t) ASSERT_TRUE(observe(params, thresholds, state, 10, 9).ok());
  const auto before = state.to_doubles();
  auto refused = [&](const Params& p, const Thresholds& th, double target, double actual) {
    auto r = observe(p, th, state, target, actual);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(same_bits(state.to_doubles(), before));
    return r.ok() ? Status() : r.status();
  };
  Status s = refused(params, thresholds, -1, 5);
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.where(), "target");
  EXPECT_EQ(s.message(), "the target must be a finite number at or above 0, not -1");
  EXPECT_EQ(refused(params, thresholds, std::nan(""), 5).where(), "target");
  EXPECT_EQ(refused(params, thresholds, 10, -0.5).where(), "actual");
  EXPECT_EQ(refused(params, thresholds, 10, INFINITY).where(), "actual");
  EXPECT_EQ(refused(params, thresholds, 1, 2e6).message(),
            "the actual figure is 2000000 times the target; the forecaster takes at most 1000000");
  EXPECT_EQ(refused(params, thresholds, 1e-300, 1).where(), "actual");

  Params bad = params;
  bad.regime[2].prior = 0.5;
  EXPECT_EQ(refused(bad, thresholds, 10, 9).message(),
            "the prior probabilities sum to 1.47 instead of 1");
  bad = params;
  bad.regime[3].v = 0;
  EXPECT_EQ(refused(bad, thresholds, 10, 9).where(), "regime/outlier/v");
  bad = params;
  bad.initial_level_var = -1;
  EXPECT_EQ(refused(bad, thresholds, 10, 9).where(), "initial_level_var");

  Thresholds th = thresholds;
  th.gap_crisis = 0.01;
  EXPECT_EQ(refused(params, th, 10, 9).where(), "gap_crisis");
  th = thresholds;
  th.change_probability = 0;
  EXPECT_EQ(refused(params, th, 10, 9).where(), "change_probability");
  th = thresholds;
  th.cumulative_min_periods = 0;
  EXPECT_EQ(refused(params, th, 10, 9).where(), "cumulative_min_periods");

  // A period without a target still adds its actual figure to the sums, which must stay
  // finite.
  ASSERT_TRUE(observe(params, thresholds, state, 0, 1e308).ok());  // no ratio, but summed
  const auto summed = state.to_doubles();
  auto overflow = observe(params, thresholds, state, 0, 1e308);
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.status().message(),
            "the cumulative sums would pass the largest number a double holds");
  EXPECT_TRUE(same_bits(state.to_doubles(), summed));
}

TEST(Forecast, DefaultsAreValid) {
  EXPECT_TRUE(validate(Params{}).ok());
  EXPECT_TRUE(validate(Thresholds{}).ok());
}

// Any series of figures, however wild (zeros, a million times the plan, periods without
// a target), keeps the state finite and the probabilities a distribution, and gives the
// same bits when run again.
RC_GTEST_PROP(ForecastProperty, ProbabilitiesStayADistributionAndNothingIsNaN, ()) {
  auto ratios = *rc::gen::container<std::vector<int>>(rc::gen::weightedOneOf<int>(
      {{6, rc::gen::inRange(0, 3000)}, {1, rc::gen::element(0, 1000000000, -1)}}));
  Params params;
  Thresholds thresholds;
  SeriesState a = initial_state(params), b = initial_state(params);
  for (int x : ratios) {
    double target = x < 0 ? 0 : 1000, actual = x < 0 ? 7 : static_cast<double>(x);
    auto s = observe(params, thresholds, a, target, actual);
    auto again = observe(params, thresholds, b, target, actual);
    RC_ASSERT(s.ok());
    RC_ASSERT(again.ok());
    RC_ASSERT(std::abs(sum(s->probability) - 1) < 1e-12);
    RC_ASSERT(std::abs(sum(s->previous_probability) - 1) < 1e-12);
    for (double p : s->probability) RC_ASSERT(p >= 0 && p <= 1);
    for (double v : {s->forecast_mean, s->forecast_sd, s->level, s->level_sd, s->slope, s->slope_sd,
                     s->trend_probability, s->cumulative_ratio})
      RC_ASSERT(std::isfinite(v));
    RC_ASSERT(s->forecast_sd > 0);
    for (double v : a.to_doubles()) RC_ASSERT(std::isfinite(v));
    RC_ASSERT(same_bits(a.to_doubles(), b.to_doubles()));
    RC_ASSERT(SeriesState::from_doubles(a.to_doubles()).ok());
  }
}

}  // namespace
}  // namespace collegium::forecast
