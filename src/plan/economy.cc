#include "plan/economy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace collegium::plan {

const char* demand_kind_name(DemandKind kind) {
  switch (kind) {
    case DemandKind::kHousehold:
      return "household";
    case DemandKind::kPublic:
      return "public";
    case DemandKind::kInvestment:
      return "investment";
    case DemandKind::kExport:
      return "export";
    case DemandKind::kOther:
      return "other";
  }
  return "other";
}

Result<DemandKind> parse_demand_kind(const std::string& name) {
  for (DemandKind k : {DemandKind::kHousehold, DemandKind::kPublic, DemandKind::kInvestment,
                       DemandKind::kExport, DemandKind::kOther}) {
    if (name == demand_kind_name(k)) return k;
  }
  return invalid_argument(fmt::format(
      "unknown final-demand kind '{}' (household, public, investment, export, other)", name));
}

DemandKind guess_demand_kind(const std::string& label) {
  std::string s;
  for (char c : label) s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto has = [&](const char* w) { return s.find(w) != std::string::npos; };
  if (has("export")) return DemandKind::kExport;
  if (has("capital") || has("investment") || has("inventor") || has("valuables") || has("gfcf"))
    return DemandKind::kInvestment;
  if (has("government") || has("npish") || has("non-profit") || has("public"))
    return DemandKind::kPublic;
  if (has("household") || has("private") || has("consumption")) return DemandKind::kHousehold;
  return DemandKind::kOther;
}

std::vector<int32_t> Economy::labour_categories() const {
  std::vector<int32_t> out;
  for (size_t k = 0; k < satellites.size(); ++k) {
    if (satellites[k].is_labour) out.push_back(static_cast<int32_t>(k));
  }
  return out;
}

std::vector<double> Economy::total_labour_per_unit() const {
  std::vector<double> l(products.size(), 0.0);
  for (const Satellite& s : satellites) {
    if (!s.is_labour) continue;
    for (size_t j = 0; j < l.size(); ++j) l[j] += s.per_unit[j];
  }
  return l;
}

std::vector<double> Economy::total_final_demand() const {
  std::vector<double> y(products.size(), 0.0);
  for (const FinalDemand& d : final_demand) {
    for (size_t j = 0; j < y.size(); ++j) y[j] += d.amounts[j];
  }
  return y;
}

std::vector<double> Economy::final_demand_of(const std::vector<DemandKind>& kinds) const {
  std::vector<double> y(products.size(), 0.0);
  for (const FinalDemand& d : final_demand) {
    if (std::find(kinds.begin(), kinds.end(), d.kind) == kinds.end()) continue;
    for (size_t j = 0; j < y.size(); ++j) y[j] += d.amounts[j];
  }
  return y;
}

int32_t Economy::find_product(const std::string& id) const {
  for (size_t j = 0; j < products.size(); ++j) {
    if (products[j].id == id) return static_cast<int32_t>(j);
  }
  return -1;
}

int32_t Economy::find_region(const std::string& id) const {
  for (size_t r = 0; r < regions.size(); ++r) {
    if (regions[r].id == id) return static_cast<int32_t>(r);
  }
  return -1;
}

namespace {
bool all_finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double d) { return std::isfinite(d); });
}
}  // namespace

Status validate(const Economy& e) {
  const size_t n = e.products.size();
  const int32_t nr = static_cast<int32_t>(e.regions.size());
  if (e.technology.rows != static_cast<int32_t>(n) ||
      e.technology.cols != static_cast<int32_t>(n)) {
    return invalid_argument(fmt::format("the technology is {} x {} but there are {} products",
                                        e.technology.rows, e.technology.cols, n),
                            "technology");
  }
  TRY(validate(e.technology));
  if (!all_finite(e.technology.values))
    return invalid_argument("a coefficient is not a finite number", "technology");
  for (size_t j = 0; j < n; ++j) {
    if (e.products[j].region < -1 || e.products[j].region >= nr)
      return invalid_argument("region index out of range",
                              fmt::format("products/{}", e.products[j].id));
  }
  for (const Satellite& s : e.satellites) {
    if (s.per_unit.size() != n)
      return invalid_argument(fmt::format("{} entries for {} products", s.per_unit.size(), n),
                              "satellites/" + s.id);
    if (!all_finite(s.per_unit))
      return invalid_argument("an intensity is not a finite number", "satellites/" + s.id);
  }
  for (const FinalDemand& d : e.final_demand) {
    if (d.amounts.size() != n)
      return invalid_argument(fmt::format("{} entries for {} products", d.amounts.size(), n),
                              "final_demand/" + d.id);
    if (!all_finite(d.amounts))
      return invalid_argument("an amount is not a finite number", "final_demand/" + d.id);
    if (d.region < -1 || d.region >= nr)
      return invalid_argument("region index out of range", "final_demand/" + d.id);
  }
  if (!e.gross_output.empty() && e.gross_output.size() != n)
    return invalid_argument(fmt::format("{} entries for {} products", e.gross_output.size(), n),
                            "gross_output");
  const size_t ncat = e.labour_categories().size();
  for (const Workplace& w : e.workplaces) {
    std::string where = "workplaces/" + w.id;
    if (w.product < 0 || static_cast<size_t>(w.product) >= n)
      return invalid_argument("product index out of range", where);
    if (w.region < -1 || w.region >= nr)
      return invalid_argument("region index out of range", where);
    if (!std::isfinite(w.capacity) || w.capacity < 0)
      return invalid_argument("capacity must be a finite number >= 0", where);
    if (!std::isfinite(w.workers) || w.workers < 0)
      return invalid_argument("workers must be a finite number >= 0", where);
    if (w.labour_per_unit.size() != ncat)
      return invalid_argument(fmt::format("{} labour coefficients for {} labour categories",
                                          w.labour_per_unit.size(), ncat),
                              where);
    for (const auto& [i, a] : w.inputs) {
      if (i < 0 || static_cast<size_t>(i) >= n || !std::isfinite(a))
        return invalid_argument("bad input coefficient", where);
    }
  }
  for (const LabourSupply& s : e.labour_supply) {
    if (s.region < -1 || s.region >= nr || s.category < 0 ||
        static_cast<size_t>(s.category) >= ncat)
      return invalid_argument("labour supply names an unknown region or category", "labour_supply");
    if (!std::isfinite(s.hours) || s.hours < 0)
      return invalid_argument("hours must be a finite number >= 0", "labour_supply");
  }
  if (!(e.weeks_per_year > 0))
    return invalid_argument("weeks_per_year must be positive", "weeks_per_year");
  return Status();
}

CscMatrix coefficients_from_flows(const CscMatrix& flows, const std::vector<double>& output) {
  CscMatrix a = flows;
  for (int32_t j = 0; j < a.cols; ++j) {
    double xj = output[j];
    for (int64_t p = a.col_ptr[j]; p < a.col_ptr[j + 1]; ++p)
      a.values[p] = xj != 0.0 ? a.values[p] / xj : 0.0;
  }
  return a;
}

Status technology_from_workplaces(Economy& e) {
  const int32_t n = e.size();
  std::vector<double> weight(n, 0.0);
  std::vector<bool> own(n, false);
  for (const Workplace& w : e.workplaces) {
    if (w.inputs.empty()) continue;
    if (!(w.capacity > 0)) {
      return invalid_argument(
          "a workplace with its own inputs needs a positive capacity to weigh them",
          "workplaces/" + w.id);
    }
    own[w.product] = true;
    weight[w.product] += w.capacity;
  }
  std::vector<Triplet> t;
  for (int32_t j = 0; j < n; ++j) {
    if (own[j]) continue;
    for (int64_t p = e.technology.col_ptr[j]; p < e.technology.col_ptr[j + 1]; ++p)
      t.push_back({e.technology.row_idx[p], j, e.technology.values[p]});
  }
  for (const Workplace& w : e.workplaces) {
    if (w.inputs.empty()) continue;
    double share = w.capacity / weight[w.product];
    for (const auto& [i, a] : w.inputs) t.push_back({i, w.product, a * share});
  }
  e.technology = TRY(csc_from_triplets(n, n, std::move(t)));
  return Status();
}

}  // namespace collegium::plan
