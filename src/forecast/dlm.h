// The Harrison-Stevens multi-state linear growth model (issue 16, SYSTEM.md C6).
//
// Harrison, P. J. and Stevens, C. F. (1976), "Bayesian forecasting", JRSS B 38(3):205-247;
// the model Beer's team ran on Chile's daily production figures in Cybersyn (Cyberstride).
// docs/forecast.md explains it for members; this header is the contract.
//
// One series (a workplace's indicator) observes y_t, its fulfilment ratio, once a period:
//
//   y_t     = level_t + e_t                            e_t ~ N(0, V)
//   level_t = level_{t-1} + slope_t + d_level          d_level ~ N(0, W_level)
//   slope_t = slope_{t-1} + d_slope                    d_slope ~ N(0, W_slope)
//
// Each period nature picks one of four regimes, independently, with its prior probability;
// the regimes differ only in their variances: steady, a step change (large W_level), a
// slope change (large W_slope) and an outlier (large V). The exact posterior is a mixture
// that grows fourfold each period, so the Class II approximation keeps one Gaussian per
// regime of the last period: from 4 such posteriors at t-1 and 4 regimes at t it runs 16
// Kalman updates, weighs each by (probability at t-1) x (prior of the regime at t) x
// (predictive density of y_t), and collapses them back to one Gaussian per regime at t by
// matching the mean and covariance.
//
// Everything is plain doubles and fixed-size arrays: no allocation, and the same inputs
// give the same bits (the federation recomputes the state from its record).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/status.h"

namespace collegium::forecast {

// The regimes, in the order of every array indexed by regime.
enum class Regime : int8_t { kSteady = 0, kStep = 1, kSlope = 2, kOutlier = 3 };
inline constexpr int kRegimes = 4;
// "steady", "step", "slope", "outlier".
std::string_view regime_name(Regime regime);

// The largest figure the model takes: a million times the plan is a typing slip, and a
// bound keeps every squared error far from overflow.
inline constexpr double kMaxFigure = 1e6;

// One regime's variances (in squared fulfilment ratio: 0.05 * 0.05 is a 5% standard
// deviation) and its prior probability per period.
struct RegimeParams {
  double v = 0;        // observation noise; 1e-12 to 1e6
  double w_level = 0;  // the level's own jump, beyond the slope; 0 to 1e6
  double w_slope = 0;  // the slope's jump; 0 to 1e6
  double prior = 0;    // > 0; the four sum to 1
};

// The model's parameters. The defaults are for weekly fulfilment ratios (docs/forecast.md
// says why each figure); one set fits every workplace because the ratio has no unit.
struct Params {
  std::array<RegimeParams, kRegimes> regime = {{
      // Steady: figures scatter 5% about a level that wanders by 0.5% a period, on a slope
      // that wanders by 0.1 point a period (small, so that the slope is known well enough
      // to tell a slow turn from noise).
      {0.05 * 0.05, 0.005 * 0.005, 0.001 * 0.001, 0.91},
      // Step: the level jumps; 20% is a typical jump, so 10% or 40% is plausible.
      {0.05 * 0.05, 0.20 * 0.20, 0.001 * 0.001, 0.03},
      // Slope: the trend turns by about a point of the plan a period.
      {0.05 * 0.05, 0.005 * 0.005, 0.01 * 0.01, 0.03},
      // Outlier: one figure ten times as noisy (a strike, a late delivery, a typing slip).
      {0.50 * 0.50, 0.005 * 0.005, 0.001 * 0.001, 0.03},
  }};
  // The prior before the first figure: on plan (1.0), flat, and wide enough that the first
  // few figures, not the plan, set the level.
  double initial_level = 1.0;
  double initial_level_var = 0.25 * 0.25;
  double initial_slope_var = 0.02 * 0.02;
};

// OK, or invalid_argument naming the first bad parameter ("regime/step/v"). The initial
// variances are bounded as the regimes' are (the level's at least 1e-12), and the initial
// level lies within +-kMaxFigure.
Status validate(const Params& params);

// One regime's collapsed posterior: (level, slope) ~ N(mean, cov) given the regime, and the
// regime's probability. cov holds {var(level), cov(level, slope), var(slope)}.
struct RegimePosterior {
  std::array<double, 2> mean{};
  std::array<double, 3> cov{};
  double prob = 0;
};

struct Mixture {
  std::array<RegimePosterior, kRegimes> regime{};
};

// The prior before any figure: every regime at (initial_level, 0) with the initial
// variances, weighted by the regimes' priors.
Mixture initial_mixture(const Params& params);

// What one period does to the mixture.
struct Update {
  Mixture posterior;  // given the figures up to t, by the regime at t
  // P(regime at t | figures to t): the posterior's probabilities, repeated for reading.
  std::array<double, kRegimes> probability{};
  // P(regime at t-1 | figures to t): the last period seen again with this figure. A
  // single odd figure cannot tell a step from an outlier; the next one can, and this is
  // where it says so.
  std::array<double, kRegimes> previous_probability{};
  // The one-step forecast of y_t before seeing it: the mean and standard deviation of the
  // whole predictive mixture (all 16 components).
  double forecast_mean = 0;
  double forecast_sd = 0;
};

// Runs one period. `y` is the figure, or nullopt for a period without one (the state
// evolves and the probabilities mix with the priors, as the model says of a missing
// figure). Needs validate(params) OK and |y| <= kMaxFigure; then the result has no NaN or
// infinity for any mixture this function or initial_mixture produced.
Update update(const Params& params, const Mixture& prior, std::optional<double> y);

}  // namespace collegium::forecast
