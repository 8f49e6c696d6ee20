#include "forecast/forecast.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>

namespace collegium::forecast {

namespace {

bool is_probability(double p) {
  return std::isfinite(p) && p > 0 && p <= 1;
}

Kind grade(double distance, double alert, double crisis) {
  if (distance >= crisis) return Kind::kCrisis;
  if (distance >= alert) return Kind::kAlert;
  return Kind::kNormal;
}

Direction side(double signed_gap) {
  return signed_gap < 0 ? Direction::kShortfall : Direction::kOver;
}

// The cause a set of regime probabilities points to: the likelier of step and slope.
Cause change_cause(const std::array<double, kRegimes>& p) {
  return p[static_cast<int>(Regime::kSlope)] > p[static_cast<int>(Regime::kStep)] ? Cause::kSlope
                                                                                  : Cause::kStep;
}

double change_probability(const std::array<double, kRegimes>& p) {
  return p[static_cast<int>(Regime::kStep)] + p[static_cast<int>(Regime::kSlope)];
}

// P(slope has the sign of `gap`) under the mixture: each regime's slope is Gaussian.
double away_from_plan(const Mixture& m, double gap) {
  if (gap == 0) return 0.5;
  double sign = gap < 0 ? -1 : 1;
  double p = 0;
  for (const RegimePosterior& r : m.regime) {
    double mean = sign * r.mean[1], var = r.cov[2];
    // P(N(mean, var) > 0) = erfc(-mean / sqrt(2 var)) / 2; a point mass when var is 0.
    double above = var > 0 ? 0.5 * std::erfc(-mean / std::sqrt(2 * var))
                           : (mean > 0   ? 1.0
                              : mean < 0 ? 0.0
                                         : 0.5);
    p += r.prob * above;
  }
  return p;
}

}  // namespace

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::kNormal:
      return "normal";
    case Kind::kAlert:
      return "alert";
    case Kind::kCrisis:
      return "crisis";
  }
  return "unknown";
}

std::string_view direction_name(Direction direction) {
  switch (direction) {
    case Direction::kNone:
      return "none";
    case Direction::kShortfall:
      return "shortfall";
    case Direction::kOver:
      return "over";
  }
  return "unknown";
}

std::string_view cause_name(Cause cause) {
  switch (cause) {
    case Cause::kNone:
      return "none";
    case Cause::kStep:
      return "step";
    case Cause::kSlope:
      return "slope";
    case Cause::kOutlier:
      return "outlier";
    case Cause::kCumulative:
      return "cumulative";
  }
  return "unknown";
}

Status validate(const Thresholds& t) {
  if (!is_probability(t.change_probability))
    return invalid_argument("a probability must be above 0 and at most 1", "change_probability");
  if (!is_probability(t.trend_probability))
    return invalid_argument("a probability must be above 0 and at most 1", "trend_probability");
  if (!is_probability(t.outlier_probability))
    return invalid_argument("a probability must be above 0 and at most 1", "outlier_probability");
  if (!std::isfinite(t.gap_alert) || t.gap_alert <= 0)
    return invalid_argument("the gap for an alert must be a finite number above 0", "gap_alert");
  if (!std::isfinite(t.gap_crisis) || t.gap_crisis < t.gap_alert)
    return invalid_argument("the gap for a crisis must be finite and at least the gap for an alert",
                            "gap_crisis");
  if (!std::isfinite(t.cumulative_alert) || t.cumulative_alert <= 0)
    return invalid_argument("the cumulative gap for an alert must be a finite number above 0",
                            "cumulative_alert");
  if (!std::isfinite(t.cumulative_crisis) || t.cumulative_crisis < t.cumulative_alert)
    return invalid_argument(
        "the cumulative gap for a crisis must be finite and at least the one for an alert",
        "cumulative_crisis");
  if (t.cumulative_min_periods < 1)
    return invalid_argument("at least one figure must be in before the cumulative ratio counts",
                            "cumulative_min_periods");
  return Status();
}

std::array<double, SeriesState::kDoubles> SeriesState::to_doubles() const {
  std::array<double, kDoubles> out{};
  size_t n = 0;
  for (const RegimePosterior& r : model.regime) {
    out[n++] = r.mean[0];
    out[n++] = r.mean[1];
    out[n++] = r.cov[0];
    out[n++] = r.cov[1];
    out[n++] = r.cov[2];
    out[n++] = r.prob;
  }
  // Counts below 2^53 are exact as doubles; no series has that many periods.
  out[n++] = static_cast<double>(periods);
  out[n++] = static_cast<double>(observed);
  out[n++] = sum_target;
  out[n++] = sum_actual;
  out[n++] = static_cast<double>(latched_cause);
  out[n++] = static_cast<double>(latched_direction);
  return out;
}

Result<SeriesState> SeriesState::from_doubles(std::span<const double> values) {
  if (values.size() != kDoubles)
    return corrupt(fmt::format("a series state has {} numbers, not {}", values.size(), kDoubles),
                   "state");
  for (size_t n = 0; n < kDoubles; ++n) {
    if (!std::isfinite(values[n]))
      return corrupt("a series state holds only finite numbers", fmt::format("state/{}", n));
  }
  auto count = [&](size_t n) -> std::optional<int64_t> {
    double v = values[n];
    if (v < 0 || v > 9007199254740992.0 || v != std::floor(v)) return std::nullopt;
    return static_cast<int64_t>(v);
  };
  SeriesState s;
  size_t n = 0;
  double total = 0;
  for (RegimePosterior& r : s.model.regime) {
    size_t at = n;
    r.mean = {values[n], values[n + 1]};
    r.cov = {values[n + 2], values[n + 3], values[n + 4]};
    r.prob = values[n + 5];
    n += 6;
    if (r.cov[0] < 0 || r.cov[2] < 0)
      return corrupt("a variance is negative", fmt::format("state/{}", at + 2));
    if (r.prob < 0 || r.prob > 1)
      return corrupt("a probability is outside [0, 1]", fmt::format("state/{}", at + 5));
    total += r.prob;
  }
  if (std::abs(total - 1) > 1e-9)
    return corrupt(fmt::format("the regime probabilities sum to {} instead of 1", total), "state");
  auto periods = count(n), observed = count(n + 1);
  if (!periods)
    return corrupt("the period count is not a whole number >= 0", fmt::format("state/{}", n));
  if (!observed || *observed > *periods)
    return corrupt("the count of figures is not a whole number between 0 and the periods",
                   fmt::format("state/{}", n + 1));
  s.periods = *periods;
  s.observed = *observed;
  n += 2;
  if (values[n] < 0 || values[n + 1] < 0)
    return corrupt("a cumulative sum is negative", fmt::format("state/{}", n));
  s.sum_target = values[n];
  s.sum_actual = values[n + 1];
  n += 2;
  double cause = values[n], direction = values[n + 1];
  bool none = cause == 0 && direction == 0;
  bool change =
      (cause == static_cast<double>(Cause::kStep) || cause == static_cast<double>(Cause::kSlope)) &&
      (direction == static_cast<double>(Direction::kShortfall) ||
       direction == static_cast<double>(Direction::kOver));
  if (!none && !change)
    return corrupt("the signal in force is not a known cause and direction",
                   fmt::format("state/{}", n));
  s.latched_cause = static_cast<Cause>(static_cast<int>(cause));
  s.latched_direction = static_cast<Direction>(static_cast<int>(direction));
  return s;
}

SeriesState initial_state(const Params& params) {
  SeriesState s;
  s.model = initial_mixture(params);
  return s;
}

Result<Step> observe(const Params& params, const Thresholds& thresholds, SeriesState& state,
                     double target, double actual) {
  TRY(validate(params));
  TRY(validate(thresholds));
  if (!std::isfinite(target) || target < 0)
    return invalid_argument(
        fmt::format("the target must be a finite number at or above 0, not {}", target), "target");
  if (!std::isfinite(actual) || actual < 0)
    return invalid_argument(fmt::format("the actual figure must be a finite number at or above 0, "
                                        "not {}",
                                        actual),
                            "actual");
  std::optional<double> ratio;
  if (target > 0) {
    double r = actual / target;
    if (!(r <= kMaxFigure))
      return invalid_argument(
          fmt::format("the actual figure is {} times the target; the forecaster takes at most {}",
                      r, kMaxFigure),
          "actual");
    ratio = r;
  }
  const double sum_target = state.sum_target + target, sum_actual = state.sum_actual + actual;
  if (!std::isfinite(sum_target) || !std::isfinite(sum_actual))
    return invalid_argument("the cumulative sums would pass the largest number a double holds",
                            std::isfinite(sum_target) ? "actual" : "target");
  // Nothing below fails: the state is written only when the whole step is known.
  Update u = update(params, state.model, ratio);

  Step step;
  step.period = state.periods + 1;
  step.observed = ratio.has_value();
  step.ratio = ratio.value_or(0);
  step.probability = u.probability;
  step.previous_probability = u.previous_probability;
  step.forecast_mean = u.forecast_mean;
  step.forecast_sd = u.forecast_sd;
  for (const RegimePosterior& r : u.posterior.regime) {
    step.level += r.prob * r.mean[0];
    step.slope += r.prob * r.mean[1];
  }
  double level_var = 0, slope_var = 0;
  for (const RegimePosterior& r : u.posterior.regime) {
    double d = r.mean[0] - step.level, e = r.mean[1] - step.slope;
    level_var += r.prob * (r.cov[0] + d * d);
    slope_var += r.prob * (r.cov[2] + e * e);
  }
  step.level_sd = std::sqrt(level_var);
  step.slope_sd = std::sqrt(slope_var);
  double gap = step.level - 1;
  step.trend_probability = away_from_plan(u.posterior, gap);

  SeriesState next = state;
  next.model = u.posterior;
  next.periods += 1;
  next.sum_target = sum_target;
  next.sum_actual = sum_actual;
  if (ratio) next.observed += 1;
  if (next.sum_target > 0) step.cumulative_ratio = next.sum_actual / next.sum_target;

  // The change signal. A change at this period counts only while this figure is not
  // itself likely an outlier; the last period seen again with this figure always counts.
  const double p_outlier = u.probability[static_cast<int>(Regime::kOutlier)];
  double now =
      ratio && p_outlier < thresholds.outlier_probability ? change_probability(u.probability) : 0;
  double back = change_probability(u.previous_probability);
  Kind gap_kind = grade(std::abs(gap), thresholds.gap_alert, thresholds.gap_crisis);
  // A change seen sets the signal's cause unless one is already in force on that side
  // (after a step the slope estimate dips for a while, and the cause is still the step).
  bool jump = std::max(now, back) >= thresholds.change_probability;
  bool turn = step.trend_probability >= thresholds.trend_probability;
  if ((jump || turn) && gap_kind != Kind::kNormal &&
      !(next.latched_cause != Cause::kNone && next.latched_direction == side(gap))) {
    if (jump)
      next.latched_cause =
          now >= back ? change_cause(u.probability) : change_cause(u.previous_probability);
    else
      next.latched_cause = Cause::kSlope;
    next.latched_direction = side(gap);
  }
  if (next.latched_cause != Cause::kNone &&
      (gap_kind == Kind::kNormal || side(gap) != next.latched_direction)) {
    next.latched_cause = Cause::kNone;
    next.latched_direction = Direction::kNone;
  }
  if (next.latched_cause != Cause::kNone) {
    step.kind = gap_kind;
    step.cause = next.latched_cause;
    step.direction = next.latched_direction;
  }

  // The cumulative signal, shown when graver than the change's.
  if (next.observed >= thresholds.cumulative_min_periods && next.sum_target > 0) {
    double cumulative_gap = step.cumulative_ratio - 1;
    Kind k =
        grade(std::abs(cumulative_gap), thresholds.cumulative_alert, thresholds.cumulative_crisis);
    if (static_cast<int>(k) > static_cast<int>(step.kind)) {
      step.kind = k;
      step.cause = Cause::kCumulative;
      step.direction = side(cumulative_gap);
    }
  }

  if (step.kind == Kind::kNormal && ratio && p_outlier >= thresholds.outlier_probability) {
    step.cause = Cause::kOutlier;
    step.direction = side(*ratio - u.forecast_mean);
  }

  state = next;
  return step;
}

}  // namespace collegium::forecast
