#include "plan/analysis.h"

#include <fmt/format.h>

namespace collegium::plan {

std::vector<std::string> product_ids(const Economy& e) {
  std::vector<std::string> ids;
  ids.reserve(e.products.size());
  for (const Product& p : e.products) ids.push_back(p.id);
  return ids;
}

namespace {
// The solvers name products by index; here the ids are known.
Status with_names(const Economy& e, Status s) {
  if (s.code() != Code::kFailedPrecondition || unproductive_groups(e.technology).empty()) return s;
  return unproductive_error(e.technology, product_ids(e));
}
}  // namespace

Result<Solution> gross_output(const Economy& e, const std::vector<double>& demand,
                              const SolveOptions& options) {
  auto r = solve_leontief(e.technology, demand, options, false);
  if (!r.ok()) return with_names(e, r.status());
  return r;
}

Result<Solution> labour_values(const Economy& e, const SolveOptions& options, int32_t category) {
  auto cats = e.labour_categories();
  if (cats.empty())
    return failed_precondition("the economy has no labour satellite (hours per unit of output)",
                               "satellites");
  std::vector<double> l;
  if (category < 0) {
    l = e.total_labour_per_unit();
  } else {
    if (static_cast<size_t>(category) >= cats.size())
      return invalid_argument(fmt::format("there are {} labour categories", cats.size()),
                              "category");
    l = e.satellites[cats[category]].per_unit;
  }
  auto r = solve_leontief(e.technology, l, options, true);
  if (!r.ok()) return with_names(e, r.status());
  return r;
}

Result<Multipliers> multipliers(const Economy& e, std::vector<int32_t> satellites,
                                const SolveOptions& options) {
  if (satellites.empty()) {
    for (size_t k = 0; k < e.satellites.size(); ++k) satellites.push_back(static_cast<int32_t>(k));
  }
  Multipliers m;
  m.satellites = satellites;
  for (int32_t k : satellites) {
    if (k < 0 || static_cast<size_t>(k) >= e.satellites.size())
      return invalid_argument(fmt::format("no satellite #{}", k), "satellites");
  }
  if (options.method == Method::kSparseLu) {
    // One factorisation serves every row.
    auto lu = LeontiefLu::factor(e.technology);
    if (!lu.ok()) return with_names(e, lu.status());
    for (int32_t k : satellites) {
      Solution s = (*lu)->solve_transposed(e.satellites[k].per_unit);
      m.rows.push_back(std::move(s.x));
      m.reports.push_back(s.report);
    }
    return m;
  }
  LeontiefSystem sys(e.technology, true);
  for (int32_t k : satellites) {
    auto s = sys.solve(e.satellites[k].per_unit, options);
    if (!s.ok()) return with_names(e, s.status());
    m.rows.push_back(std::move(s->x));
    m.reports.push_back(s->report);
  }
  return m;
}

Result<std::vector<Footprint>> footprints(const Economy& e, const Multipliers& m,
                                          const std::vector<double>& output) {
  if (e.regions.empty())
    return failed_precondition("footprints need products with regions", "regions");
  const size_t nr = e.regions.size();
  const int32_t n = e.size();
  if (output.size() != static_cast<size_t>(n))
    return invalid_argument("the output vector does not match the products");
  std::vector<Footprint> out;
  for (size_t r = 0; r < m.rows.size(); ++r) {
    const Satellite& s = e.satellites[m.satellites[r]];
    Footprint f{s.id, std::vector<double>(nr, 0.0), std::vector<double>(nr, 0.0)};
    for (const FinalDemand& d : e.final_demand) {
      if (d.region < 0) continue;
      double sum = 0;
      for (int32_t j = 0; j < n; ++j) sum += m.rows[r][j] * d.amounts[j];
      f.consumption_based[d.region] += sum;
    }
    for (int32_t j = 0; j < n; ++j) {
      if (e.products[j].region >= 0)
        f.production_based[e.products[j].region] += s.per_unit[j] * output[j];
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace collegium::plan
