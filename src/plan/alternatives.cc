#include "plan/alternatives.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "plan/analysis.h"
#include "plan/vectors.h"

namespace collegium::plan {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

Status validate(const Choice& c) {
  for (double v : {c.consumption, c.hours, c.investment}) {
    if (!std::isfinite(v) || v < 0)
      return invalid_argument("shares must be finite and >= 0", "choice/" + c.name);
  }
  if (std::abs(c.consumption + c.hours + c.investment - 1) > 1e-9) {
    return invalid_argument(
        fmt::format("the shares sum to {} instead of 1", c.consumption + c.hours + c.investment),
        "choice/" + c.name);
  }
  return Status();
}

std::vector<double> workplace_shares(const Economy& e) {
  const int32_t n = e.size();
  std::vector<double> cap(n, 0.0);
  std::vector<int32_t> count(n, 0), without(n, 0);
  for (const Workplace& w : e.workplaces) {
    ++count[w.product];
    if (w.capacity > 0)
      cap[w.product] += w.capacity;
    else
      ++without[w.product];
  }
  std::vector<double> share;
  for (const Workplace& w : e.workplaces) {
    if (without[w.product] == 0 && cap[w.product] > 0)
      share.push_back(w.capacity / cap[w.product]);
    else
      share.push_back(1.0 / count[w.product]);
  }
  return share;
}

Result<std::vector<PlanAlternative>> compute_alternatives(const Economy& e,
                                                          const AlternativesRequest& req) {
  TRY(validate(e));
  const double g = req.productivity_gain;
  if (!std::isfinite(g) || g <= -1)
    return invalid_argument("the productivity gain must be a number above -1", "productivity_gain");
  if (req.choices.empty()) return invalid_argument("no choice to compute", "choices");
  for (const Choice& c : req.choices) TRY(validate(c));
  const auto cats = e.labour_categories();
  if (cats.empty())
    return failed_precondition("the economy has no labour satellite (hours per unit of output)",
                               "satellites");
  const int32_t n = e.size();
  const size_t ncat = cats.size();

  const std::vector<double> y0 = e.total_final_demand();
  const std::vector<double> yc = e.final_demand_of({DemandKind::kHousehold, DemandKind::kPublic});
  const std::vector<double> yi = e.final_demand_of({DemandKind::kInvestment});
  const std::vector<double> l0 = e.total_labour_per_unit();
  SolveOptions opts = req.solve;
  Solution base = TRY(gross_output(e, y0, opts));
  Solution values = TRY(labour_values(e, opts));
  const double h0 = dot(l0, base.x);
  const double freed = h0 * g / (1 + g);
  // Labour values after the gain: v' = v / (1 + g), because v = l (I - A)^-1 is linear in l.
  const double vc = dot(values.x, yc) / (1 + g);
  const double vi = dot(values.x, yi) / (1 + g);

  const std::vector<double> shares = workplace_shares(e);
  double total_workers = 0;
  for (const Workplace& w : e.workplaces) total_workers += w.workers;
  if (total_workers == 0) {
    for (const LabourSupply& s : e.labour_supply) total_workers += s.workers;
  }
  double population = 0;
  for (const Region& r : e.regions) population += r.population;
  const size_t nr = e.regions.size();
  // Which products have workplaces (their labour is counted per workplace).
  std::vector<bool> has_workplace(n, false);
  for (const Workplace& w : e.workplaces) has_workplace[w.product] = true;

  std::vector<PlanAlternative> out;
  for (const Choice& c : req.choices) {
    PlanAlternative alt;
    alt.choice = c;
    if (c.consumption > 0 && freed != 0 && !(vc > 0))
      return failed_precondition(
          "the choice gives hours to consumption, but there is no household or public demand",
          "choice/" + c.name);
    if (c.investment > 0 && freed != 0 && !(vi > 0))
      return failed_precondition(
          "the choice gives hours to investment, but there is no investment demand",
          "choice/" + c.name);
    alt.consumption_scale = vc > 0 ? 1 + c.consumption * freed / vc : 1;
    alt.investment_scale = vi > 0 ? 1 + c.investment * freed / vi : 1;
    alt.final_demand.resize(n);
    for (int32_t j = 0; j < n; ++j)
      alt.final_demand[j] =
          y0[j] + (alt.consumption_scale - 1) * yc[j] + (alt.investment_scale - 1) * yi[j];
    Solution x = TRY(gross_output(e, alt.final_demand, opts));
    alt.output = std::move(x.x);
    alt.report = x.report;

    // Labour required per region and category.
    std::vector<std::vector<double>> need(nr + 1,
                                          std::vector<double>(ncat, 0.0));  // last row: no region
    auto region_slot = [&](int32_t r) { return r >= 0 ? static_cast<size_t>(r) : nr; };
    for (size_t k = 0; k < e.workplaces.size(); ++k) {
      const Workplace& w = e.workplaces[k];
      WorkplaceImplication wi;
      wi.workplace = static_cast<int32_t>(k);
      wi.output_target = alt.output[w.product] * shares[k];
      wi.capacity_use = w.capacity > 0 ? wi.output_target / w.capacity : kNaN;
      for (size_t cat = 0; cat < ncat; ++cat) {
        double h = wi.output_target * w.labour_per_unit[cat] / (1 + g);
        wi.labour_hours += h;
        need[region_slot(w.region)][cat] += h;
      }
      wi.hours_per_worker_week =
          w.workers > 0 ? wi.labour_hours / w.workers / e.weeks_per_year : kNaN;
      if (w.capacity > 0 && wi.output_target > w.capacity * (1 + 1e-9)) {
        alt.bottlenecks.push_back(
            {Bottleneck::Kind::kCapacity, w.id, wi.output_target, w.capacity});
      }
      alt.workplaces.push_back(wi);
    }
    for (int32_t j = 0; j < n; ++j) {
      SectorImplication s;
      s.product = j;
      s.output = alt.output[j];
      s.base_output = base.x[j];
      s.labour_hours = alt.output[j] * l0[j] / (1 + g);
      alt.sectors.push_back(s);
      if (!has_workplace[j]) {
        for (size_t cat = 0; cat < ncat; ++cat)
          need[region_slot(e.products[j].region)][cat] +=
              alt.output[j] * e.satellites[cats[cat]].per_unit[j] / (1 + g);
      }
    }
    // Supply per region and category.
    std::vector<std::vector<double>> supply(nr + 1, std::vector<double>(ncat, -1.0));
    std::vector<double> region_workers(nr + 1, 0.0);
    for (const LabourSupply& s : e.labour_supply) {
      double& slot = supply[region_slot(s.region)][s.category];
      slot = (slot < 0 ? 0 : slot) + s.hours;
    }
    for (const Workplace& w : e.workplaces) region_workers[region_slot(w.region)] += w.workers;
    if (e.workplaces.empty())
      for (const LabourSupply& s : e.labour_supply)
        region_workers[region_slot(s.region)] += s.workers;
    for (size_t r = 0; r <= nr; ++r) {
      for (size_t cat = 0; cat < ncat; ++cat) {
        if (supply[r][cat] >= 0 && need[r][cat] > supply[r][cat] * (1 + 1e-9)) {
          std::string where = (r < nr ? e.regions[r].id : std::string("(no region)")) + "/" +
                              e.satellites[cats[cat]].id;
          alt.bottlenecks.push_back(
              {Bottleneck::Kind::kLabour, where, need[r][cat], supply[r][cat]});
        }
      }
    }
    for (size_t r = 0; r < nr; ++r) {
      RegionImplication ri;
      ri.region = static_cast<int32_t>(r);
      for (size_t cat = 0; cat < ncat; ++cat) {
        ri.labour_hours += need[r][cat];
        if (supply[r][cat] > 0) ri.labour_supply += supply[r][cat];
      }
      ri.workers = region_workers[r];
      ri.hours_per_worker_week =
          ri.workers > 0 ? ri.labour_hours / ri.workers / e.weeks_per_year : kNaN;
      alt.regions.push_back(ri);
    }
    for (const FinalDemand& d : e.final_demand) {
      if (d.region < 0 || (d.kind != DemandKind::kHousehold && d.kind != DemandKind::kPublic))
        continue;
      alt.regions[d.region].consumption += sum(d.amounts) * alt.consumption_scale;
    }
    for (RegionImplication& ri : alt.regions) {
      double pop = e.regions[ri.region].population;
      ri.consumption_per_head = pop > 0 ? ri.consumption / pop : kNaN;
    }
    EconomyImplication& ei = alt.economy;
    ei.consumption = sum(yc) * alt.consumption_scale;
    ei.consumption_per_head = population > 0 ? ei.consumption / population : kNaN;
    ei.investment = sum(yi) * alt.investment_scale;
    ei.labour_hours = dot(l0, alt.output) / (1 + g);
    ei.base_labour_hours = h0;
    ei.workers = total_workers;
    ei.hours_per_worker_week =
        total_workers > 0 ? ei.labour_hours / total_workers / e.weeks_per_year : kNaN;
    ei.base_hours_per_worker_week =
        total_workers > 0 ? h0 / total_workers / e.weeks_per_year : kNaN;
    out.push_back(std::move(alt));
  }
  return out;
}

}  // namespace collegium::plan
