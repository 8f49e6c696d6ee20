#include "federation/obligations.h"

#include <algorithm>

#include "federation/rules.h"

namespace collegium::federation {

std::string appeal_body(const RegistryView& r, std::string_view deciding_body) {
  for (const auto& b : r.bodies_elected_by(deciding_body)) {
    if (b.kind != BodyKind::kSpecialist) return b.id;
  }
  return {};
}

std::string appeal_until(const Constitution& c, std::string_view decided) {
  return rules::plus_seconds(decided, int64_t{c.appeal_days} * 86400);
}

std::string report_due(const Constitution& c, std::string_view started,
                       std::string_view last_report) {
  return rules::plus_seconds(last_report.empty() ? started : last_report, c.report_back_seconds);
}

std::optional<PayDifferential> pay_differential(int64_t office_monthly, std::vector<int64_t> pays) {
  if (pays.empty()) return std::nullopt;
  std::sort(pays.begin(), pays.end());
  size_t n = pays.size();
  PayDifferential d;
  d.electorate_median =
      n % 2 ? static_cast<double>(pays[n / 2])
            : (static_cast<double>(pays[n / 2 - 1]) + static_cast<double>(pays[n / 2])) / 2.0;
  d.electorate_with_pay = static_cast<int64_t>(n);
  if (d.electorate_median > 0)
    d.differential = static_cast<double>(office_monthly) / d.electorate_median;
  return d;
}

}  // namespace collegium::federation
