// Internal to the federation module: the forecaster (src/forecast) as a report's
// confirmation uses it, with the constitution's thresholds (execution_rules.cc), and as
// `collegium execution verify` checks the record's readings.
#pragma once

#include <vector>

#include "base/status.h"
#include "federation/constitution.h"
#include "federation/execution.h"

namespace collegium::federation {

struct ClassifiedReport {
  ReportReading reading;
  std::vector<double> state;  // the series' state after the figure
};

// Classifies one period's figure. `from` is the series' state before it (empty: a series'
// first figure); `target` is the period's target.
Result<ClassifiedReport> classify_report(const Constitution& c, const std::vector<double>& from,
                                         double target, double actual);

// One hours category or input of a report, and what the plan's technology asks of it for
// the output made (execution.h's IndicatorReading).
struct IndicatorFigure {
  std::string indicator;
  double target = 0, actual = 0;
};

// The report's figures the workplace's planned use names with a use above zero, in the
// order of their names; none when nothing was made (there is nothing to measure use by).
std::vector<IndicatorFigure> indicator_figures(const PlannedUse& use, const ReportFigures& f,
                                               double output);

}  // namespace collegium::federation
