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

}  // namespace collegium::federation
