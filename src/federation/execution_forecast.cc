// The forecaster as a report's confirmation uses it (execution_forecast.h).
#include "federation/execution_forecast.h"

#include "forecast/forecast.h"

namespace collegium::federation {

Result<ClassifiedReport> classify_report(const Constitution& c, const std::vector<double>& from,
                                         double target, double actual) {
  const forecast::Params params;
  forecast::SeriesState state = forecast::initial_state(params);
  if (!from.empty()) state = TRY(forecast::SeriesState::from_doubles(from));
  const forecast::Step step =
      TRY(forecast::observe(params, c.signal_thresholds, state, target, actual));
  ClassifiedReport out;
  ReportReading& r = out.reading;
  r.kind = forecast::kind_name(step.kind);
  r.direction = forecast::direction_name(step.direction);
  r.cause = forecast::cause_name(step.cause);
  r.target.value = target;
  r.actual.value = actual;
  r.probabilities.values.assign(step.probability.begin(), step.probability.end());
  r.forecast.value = step.forecast_mean;
  r.forecast_sd.value = step.forecast_sd;
  r.level.value = step.level;
  r.slope.value = step.slope;
  r.cumulative.value = step.cumulative_ratio;
  const auto doubles = state.to_doubles();
  out.state.assign(doubles.begin(), doubles.end());
  return out;
}

std::vector<IndicatorFigure> indicator_figures(const PlannedUse& use, const ReportFigures& f,
                                               double output) {
  std::vector<IndicatorFigure> out;
  if (!(output > 0)) return out;
  for (const auto& [indicator, per_unit] : use) {
    if (!(per_unit > 0)) continue;
    const auto [group, key] = split_indicator(indicator);
    const auto& figures = group == "hours" ? f.hours : f.inputs;
    auto figure = figures.find(std::string(key));
    if (figure == figures.end()) continue;
    out.push_back({indicator, per_unit * output, figure->second.value});
  }
  return out;
}

}  // namespace collegium::federation
