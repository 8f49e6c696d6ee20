// Figures the constitution derives from the record, which the rules and the read models
// must agree on: when an adverse decision can no longer be appealed (A12), when an
// official's next report back is due, and the differential an office's pay makes to the
// pay of those it represents (B8). One routine each, so that the date a page shows is the
// date decide() applies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "federation/constitution.h"

namespace collegium::federation {

class RegistryView;

// The body that hears an appeal against a decision of `deciding_body` (A12): the first body
// it elects that decides by vote (not a specialist one). Empty when there is none, and
// then file_appeal is refused.
std::string appeal_body(const RegistryView& r, std::string_view deciding_body);

// The last moment (UTC) at which a refused admission or a removal decided at `decided` can
// be appealed: the constitution's appeal window after it. file_appeal is refused after it.
std::string appeal_until(const Constitution& c, std::string_view decided);

// When an official's next report back is due (UTC): the constitution's report-back period
// after `last_report`, or after `started` (the mandate's start) when they have not yet
// reported. A report is overdue once the clock passes it.
std::string report_due(const Constitution& c, std::string_view started,
                       std::string_view last_report);

// The pay of an office set beside the pay recorded for the members it represents (B8).
struct PayDifferential {
  double electorate_median = 0;        // median monthly pay of those with pay recorded
  int64_t electorate_with_pay = 0;     // how many of them have pay recorded
  std::optional<double> differential;  // office pay / median; none when the median is 0
};
// `electorate_pays` in any order; nullopt when none is recorded.
std::optional<PayDifferential> pay_differential(int64_t office_monthly,
                                                std::vector<int64_t> electorate_pays);

}  // namespace collegium::federation
