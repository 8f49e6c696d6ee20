// The plan-fulfilment forecaster (issue 16, SYSTEM.md C6): each new figure of a workplace's
// indicator, against the plan's target, is run through the Harrison-Stevens model
// (forecast/dlm.h) and classified normal, alert or crisis, with its direction, its cause
// and the probabilities behind it, so that the bodies concerned can see why.
//
// A pure library: plain data in, plain results out, no I/O, deterministic to the bit. The
// caller keeps one SeriesState per workplace and indicator (the federation stores it and
// recomputes it from the record on rebuild; `collegium` recomputes it offline).
//
// The rule (docs/forecast.md has it with the model, for the pages):
//
//   A figure is the fulfilment ratio r = actual / target. The model gives the probability
//   that the level stepped or the slope turned, at this period or (seen again with this
//   figure) at the last one. A change is seen when that probability reaches
//   `change_probability` (cause step or slope, whichever is likelier), or when the model
//   is at least `trend_probability` sure that the slope points further from plan (cause
//   slope: a slow turn, which no single period shows). A change at this very period is
//   not believed while this figure is itself likely an outlier (P(outlier) at or above
//   `outlier_probability`): one odd figure cannot tell a step from an outlier, and the
//   next figure decides. A seen change matters when the estimated level is at least
//   `gap_alert` from the plan (1.0) on the side it moved to: an alert, or a crisis at
//   `gap_crisis`. The signal then stays, with the cause first seen, for as long as the
//   level stays that far from plan on that side, and ends when it comes back.
//   Separately, once `cumulative_min_periods` figures are in, the cumulative ratio (sum
//   of actuals over sum of targets since the plan began) that far from 1 raises an alert at
//   `cumulative_alert` and a crisis at `cumulative_crisis`, cause cumulative. The graver
//   of the two signals is shown (the change if they are equally grave). A likely outlier
//   that raises nothing else is shown as normal with cause outlier. Over-performance is
//   the same rule mirrored (direction over).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/status.h"
#include "forecast/dlm.h"

namespace collegium::forecast {

// The constitution carries these (issue 16). Probabilities in (0, 1], gaps and shortfalls
// as fractions of the plan (0.05 is 5%), each crisis level at least its alert level.
struct Thresholds {
  double change_probability = 0.5;  // P(step or slope change) for a change to be seen
  // P(the slope points away from plan, on the side the level is) for a slow turn to be
  // seen as a slope change: see the rule above.
  double trend_probability = 0.95;
  double outlier_probability = 0.2;  // P(outlier) at which the newest figure is in doubt
  double gap_alert = 0.05;           // |level - 1| for an alert
  double gap_crisis = 0.15;          // |level - 1| for a crisis
  double cumulative_alert = 0.05;    // |cumulative ratio - 1| for an alert
  double cumulative_crisis = 0.15;   // |cumulative ratio - 1| for a crisis
  // Figures before the cumulative ratio counts: over one or two periods it is only the
  // noise of those figures.
  int64_t cumulative_min_periods = 4;
  bool operator==(const Thresholds&) const = default;
};

// OK, or invalid_argument naming the first bad field ("gap_crisis").
Status validate(const Thresholds& thresholds);

enum class Kind : int8_t { kNormal = 0, kAlert = 1, kCrisis = 2 };
enum class Direction : int8_t { kNone = 0, kShortfall = 1, kOver = 2 };
enum class Cause : int8_t { kNone = 0, kStep = 1, kSlope = 2, kOutlier = 3, kCumulative = 4 };
std::string_view kind_name(Kind kind);                 // "normal", "alert", "crisis"
std::string_view direction_name(Direction direction);  // "none", "shortfall", "over"
std::string_view cause_name(Cause cause);  // "none", "step", "slope", "outlier", "cumulative"

// One series' state: fixed-size plain data, stored as SeriesState::kDoubles doubles.
struct SeriesState {
  Mixture model;
  int64_t periods = 0;   // periods seen, with or without a figure
  int64_t observed = 0;  // periods with a figure (a target above 0)
  double sum_target = 0;
  double sum_actual = 0;
  // The change signal in force (Cause::kStep or kSlope and its direction), or kNone.
  Cause latched_cause = Cause::kNone;
  Direction latched_direction = Direction::kNone;

  static constexpr size_t kDoubles = kRegimes * 6 + 6;
  // Regime by regime {level, slope, var level, cov, var slope, prob}, then periods,
  // observed, sum_target, sum_actual, latched cause and direction (as their numbers).
  // Every value is held exactly, so from_doubles(to_doubles()) gives back the same bits.
  std::array<double, kDoubles> to_doubles() const;
  // Reads what to_doubles wrote; corrupt, naming the index, for a wrong length or a value
  // the forecaster could not have written (not finite, a negative variance or count, a
  // probability outside [0, 1] or probabilities not summing to 1, an unknown code).
  static Result<SeriesState> from_doubles(std::span<const double> values);
};

// The state before the first figure: initial_mixture(params) and zero counts.
SeriesState initial_state(const Params& params);

// What one figure produced: the signal and everything behind it.
struct Step {
  int64_t period = 0;     // 1 for the first figure given to the state
  bool observed = false;  // false for a period with target 0 (see observe)
  double ratio = 0;       // actual / target; 0 when not observed
  Kind kind = Kind::kNormal;
  Direction direction = Direction::kNone;
  Cause cause = Cause::kNone;
  // P(regime at this period | figures so far), by Regime; they sum to 1.
  std::array<double, kRegimes> probability{};
  // P(regime at the period before | figures so far): the last period seen again.
  std::array<double, kRegimes> previous_probability{};
  double forecast_mean = 0;  // the forecast of the ratio before this figure
  double forecast_sd = 0;
  double level = 0;  // the estimated level after it (the mixture's mean)
  double level_sd = 0;
  double slope = 0;  // the estimated slope, ratio per period
  double slope_sd = 0;
  // P(the slope has the sign of level - 1): how sure the model is that the series is
  // moving further from plan (0.5 when the level is exactly on plan).
  double trend_probability = 0;
  double cumulative_ratio = 1;  // sum actual / sum target; 1 until a target is above 0
};

// Takes one period's figure into `state` and classifies it. target and actual are the
// plan's figure and the reported one for the period, in the indicator's unit.
//
// A period with target 0 has no ratio: the model then advances one period without a figure
// (the level moves by its slope, the uncertainty grows, and nothing is learnt), its actual
// still counts in the cumulative sum, and the signal is classified from the state as it
// stands. Errors (invalid_argument, `state` unchanged): bad params or thresholds (the field
// named), a target or actual that is not a finite number at or above 0 ("target",
// "actual"), a ratio above kMaxFigure ("actual"), or cumulative sums that would overflow.
Result<Step> observe(const Params& params, const Thresholds& thresholds, SeriesState& state,
                     double target, double actual);

}  // namespace collegium::forecast
