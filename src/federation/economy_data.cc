#include "federation/economy_data.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <set>
#include <unordered_map>

namespace collegium::federation {

std::string format_decimal(double v) {
  if (v == 0) return "0";  // -0 too: the record has one zero
  return fmt::format("{}", v);
}

std::optional<double> parse_decimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double out = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || p != text.data() + text.size() || !std::isfinite(out)) {
    return std::nullopt;
  }
  return out;
}

}  // namespace collegium::federation

namespace collegium {

using federation::Decimal;
using federation::DecimalList;

Result<Decimal> JsonCodec<Decimal>::read(const Json& j, const std::string& path) {
  if (j.is_number()) {
    double v = j.get<double>();
    if (!std::isfinite(v)) return invalid_argument("must be a finite number", path);
    return Decimal{v};
  }
  if (j.is_string()) {
    if (auto v = federation::parse_decimal(j.get_ref<const std::string&>())) return Decimal{*v};
    return invalid_argument(
        fmt::format("'{}' is not a decimal number", j.get_ref<const std::string&>()), path);
  }
  return invalid_argument(fmt::format("must be a number, not {}", j.type_name()), path);
}

Json JsonCodec<Decimal>::schema() {
  return {{"oneOf", Json::array({{{"type", "number"}}, {{"type", "string"}}})},
          {"description", "a finite decimal (the record writes it as a string: \"0.25\")"}};
}

Result<DecimalList> JsonCodec<DecimalList>::read(const Json& j, const std::string& path) {
  if (!j.is_string()) {
    return invalid_argument(
        fmt::format("must be a string of decimals separated by spaces, not {}", j.type_name()),
        path);
  }
  const std::string& s = j.get_ref<const std::string&>();
  DecimalList out;
  size_t i = 0;
  while (i < s.size()) {
    size_t end = s.find(' ', i);
    if (end == std::string::npos) end = s.size();
    auto v = federation::parse_decimal(std::string_view(s).substr(i, end - i));
    if (!v) {
      return invalid_argument(fmt::format("figure {} ('{}') is not a finite decimal",
                                          out.values.size() + 1, s.substr(i, end - i)),
                              path);
    }
    out.values.push_back(*v);
    i = end + 1;
    if (end + 1 == s.size()) {
      return invalid_argument("the list ends with a space", path);
    }
  }
  return out;
}

Json JsonCodec<DecimalList>::write(const DecimalList& v) {
  std::string s;
  s.reserve(v.values.size() * 12);
  for (size_t i = 0; i < v.values.size(); ++i) {
    if (i > 0) s += ' ';
    s += federation::format_decimal(v.values[i]);
  }
  return s;
}

Json JsonCodec<DecimalList>::schema() {
  return {{"type", "string"},
          {"description", "decimals separated by single spaces, one per product (\"0 0.25 3\")"}};
}

}  // namespace collegium

namespace collegium::federation {

namespace {

std::string region_id(const plan::Economy& e, int32_t r) {
  return r >= 0 ? e.regions[static_cast<size_t>(r)].id : std::string();
}

// Ids to indices, refusing a repeated id at its path.
class Ids {
 public:
  Status add(const std::string& id, int32_t k, const std::string& path, const char* what) {
    if (id.empty()) return invalid_argument(fmt::format("empty {} id", what), path);
    if (!map_.emplace(id, k).second) {
      return invalid_argument(fmt::format("{} '{}' is listed twice", what, id), path);
    }
    return {};
  }
  // -1 for an empty id when `allow_empty`; not_found at `path` for an unknown one.
  Result<int32_t> find(const std::string& id, const std::string& path, const char* what,
                       bool allow_empty) const {
    if (id.empty() && allow_empty) return -1;
    auto it = map_.find(id);
    if (it == map_.end()) return not_found(fmt::format("unknown {} '{}'", what, id), path);
    return it->second;
  }

 private:
  std::unordered_map<std::string, int32_t> map_;
};

Status finite_at_least_zero(double v, const std::string& path, const char* what) {
  if (!std::isfinite(v) || v < 0) {
    return invalid_argument(fmt::format("{} must be a finite number >= 0, not {}", what, v), path);
  }
  return {};
}

Status per_product(const DecimalList& l, size_t n, const std::string& path) {
  if (l.values.size() != n) {
    return invalid_argument(fmt::format("{} figures for {} products", l.values.size(), n), path);
  }
  return {};
}

}  // namespace

EconomyData economy_to_data(const plan::Economy& e) {
  EconomyData d;
  d.name = e.name;
  d.weeks_per_year = {e.weeks_per_year};
  for (const plan::Region& r : e.regions) d.regions.push_back({r.id, r.name, {r.population}});
  for (const plan::Product& p : e.products)
    d.products.push_back({p.id, p.name, p.unit, region_id(e, p.region)});
  d.technology.col_ptr = e.technology.col_ptr;
  d.technology.row_idx.assign(e.technology.row_idx.begin(), e.technology.row_idx.end());
  d.technology.values.values = e.technology.values;
  for (const plan::Satellite& s : e.satellites)
    d.satellites.push_back({s.id, s.unit, s.is_labour, {s.per_unit}});
  for (const plan::FinalDemand& f : e.final_demand)
    d.final_demand.push_back(
        {f.id, plan::demand_kind_name(f.kind), region_id(e, f.region), {f.amounts}});
  d.gross_output.values = e.gross_output;
  const auto labour = e.labour_categories();
  for (const plan::Workplace& w : e.workplaces) {
    WorkplaceProduction p;
    p.workplace = w.id;
    p.name = w.name;
    p.product = e.products[static_cast<size_t>(w.product)].id;
    p.region = region_id(e, w.region);
    p.capacity = {w.capacity};
    p.workers = {w.workers};
    for (size_t k = 0; k < labour.size() && k < w.labour_per_unit.size(); ++k)
      p.hours[e.satellites[static_cast<size_t>(labour[k])].id] = {w.labour_per_unit[k]};
    for (const auto& [i, a] : w.inputs)
      p.inputs.push_back({e.products[static_cast<size_t>(i)].id, {a}});
    d.workplaces.push_back(std::move(p));
  }
  for (const plan::LabourSupply& s : e.labour_supply) {
    d.labour_supply.push_back(
        {region_id(e, s.region),
         e.satellites[static_cast<size_t>(labour[static_cast<size_t>(s.category)])].id,
         {s.hours},
         {s.workers}});
  }
  return d;
}

Result<plan::Economy> economy_from_data(const EconomyData& d) {
  plan::Economy e;
  e.name = d.name;
  e.weeks_per_year = d.weeks_per_year.value;
  if (!(e.weeks_per_year > 0 && e.weeks_per_year <= 53)) {
    return invalid_argument("weeks_per_year must be more than 0 and at most 53", "/weeks_per_year");
  }
  Ids regions, products, categories;
  for (size_t k = 0; k < d.regions.size(); ++k) {
    const EconomyRegion& r = d.regions[k];
    const std::string path = fmt::format("/regions/{}", k);
    TRY(regions.add(r.id, static_cast<int32_t>(k), path + "/id", "region"));
    TRY(finite_at_least_zero(r.population.value, path + "/population", "population"));
    e.regions.push_back({r.id, r.name, r.population.value});
  }
  for (size_t k = 0; k < d.products.size(); ++k) {
    const EconomyProduct& p = d.products[k];
    const std::string path = fmt::format("/products/{}", k);
    TRY(products.add(p.id, static_cast<int32_t>(k), path + "/id", "product"));
    plan::Product out{p.id, p.name, p.unit, -1};
    out.region = TRY(regions.find(p.region, path + "/region", "region", true));
    e.products.push_back(std::move(out));
  }
  const size_t n = e.products.size();
  const int32_t n32 = static_cast<int32_t>(n);

  // The technology's columns.
  {
    const EconomyTechnology& t = d.technology;
    if (t.col_ptr.size() != n + 1) {
      return invalid_argument(
          fmt::format("{} column starts for {} products (one more is needed)", t.col_ptr.size(), n),
          "/technology/col_ptr");
    }
    if (t.row_idx.size() != t.values.values.size()) {
      return invalid_argument(
          fmt::format("{} inputs but {} coefficients", t.row_idx.size(), t.values.values.size()),
          "/technology/values");
    }
    if (t.col_ptr[0] != 0 || t.col_ptr[n] != static_cast<int64_t>(t.row_idx.size())) {
      return invalid_argument("the first column must start at 0 and the last end at the end",
                              "/technology/col_ptr");
    }
    e.technology.rows = e.technology.cols = n32;
    e.technology.col_ptr = t.col_ptr;
    e.technology.row_idx.reserve(t.row_idx.size());
    for (size_t j = 0; j < n; ++j) {
      if (t.col_ptr[j + 1] < t.col_ptr[j]) {
        return invalid_argument(fmt::format("column {} ends before it starts", j),
                                fmt::format("/technology/col_ptr/{}", j + 1));
      }
      for (int64_t p = t.col_ptr[j]; p < t.col_ptr[j + 1]; ++p) {
        const int64_t i = t.row_idx[static_cast<size_t>(p)];
        if (i < 0 || i >= n32 || (p > t.col_ptr[j] && i <= t.row_idx[static_cast<size_t>(p - 1)])) {
          return invalid_argument(
              fmt::format("input {} is not a product index in increasing order in column {}", i, j),
              fmt::format("/technology/row_idx/{}", p));
        }
        e.technology.row_idx.push_back(static_cast<int32_t>(i));
      }
    }
    e.technology.values = t.values.values;
  }

  for (size_t k = 0; k < d.satellites.size(); ++k) {
    const EconomySatellite& s = d.satellites[k];
    const std::string path = fmt::format("/satellites/{}", k);
    if (s.id.empty()) return invalid_argument("empty satellite id", path + "/id");
    for (size_t m = 0; m < k; ++m) {
      if (d.satellites[m].id == s.id) {
        return invalid_argument(fmt::format("satellite '{}' is listed twice", s.id), path + "/id");
      }
    }
    TRY(per_product(s.per_unit, n, path + "/per_unit"));
    if (s.labour) {
      TRY(categories.add(s.id, static_cast<int32_t>(e.labour_categories().size()), path + "/id",
                         "labour category"));
      for (double v : s.per_unit.values)
        TRY(finite_at_least_zero(v, path + "/per_unit", "hours per unit"));
    }
    e.satellites.push_back({s.id, s.unit, s.labour, s.per_unit.values});
  }
  std::set<std::string> demand_ids;
  for (size_t k = 0; k < d.final_demand.size(); ++k) {
    const EconomyDemand& f = d.final_demand[k];
    const std::string path = fmt::format("/final_demand/{}", k);
    if (f.id.empty() || !demand_ids.insert(f.id).second) {
      return invalid_argument(
          fmt::format("final-demand category '{}' is empty or listed twice", f.id), path + "/id");
    }
    plan::FinalDemand out;
    out.id = f.id;
    auto kind = plan::parse_demand_kind(f.kind);
    if (!kind.ok()) return kind.status().within(path + "/kind");
    out.kind = *kind;
    out.region = TRY(regions.find(f.region, path + "/region", "region", true));
    TRY(per_product(f.amounts, n, path + "/amounts"));
    out.amounts = f.amounts.values;
    e.final_demand.push_back(std::move(out));
  }
  if (!d.gross_output.values.empty()) TRY(per_product(d.gross_output, n, "/gross_output"));
  e.gross_output = d.gross_output.values;

  const auto labour = e.labour_categories();
  Ids workplaces;
  for (size_t k = 0; k < d.workplaces.size(); ++k) {
    const WorkplaceProduction& w = d.workplaces[k];
    const std::string path = fmt::format("/workplaces/{}", k);
    TRY(workplaces.add(w.workplace, static_cast<int32_t>(k), path + "/workplace", "workplace"));
    plan::Workplace out;
    out.id = w.workplace;
    out.name = w.name;
    out.product = TRY(products.find(w.product, path + "/product", "product", false));
    out.region = TRY(regions.find(w.region, path + "/region", "region", true));
    TRY(finite_at_least_zero(w.capacity.value, path + "/capacity", "capacity"));
    TRY(finite_at_least_zero(w.workers.value, path + "/workers", "workers"));
    out.capacity = w.capacity.value;
    out.workers = w.workers.value;
    for (const auto& [category, hours] : w.hours) {
      TRY(categories.find(category, path + "/hours/" + category, "labour category", false));
      TRY(finite_at_least_zero(hours.value, path + "/hours/" + category, "hours per unit"));
    }
    for (int32_t s : labour) {
      auto it = w.hours.find(e.satellites[static_cast<size_t>(s)].id);
      out.labour_per_unit.push_back(it == w.hours.end() ? 0.0 : it->second.value);
    }
    for (size_t m = 0; m < w.inputs.size(); ++m) {
      const std::string ip = fmt::format("{}/inputs/{}", path, m);
      int32_t i = TRY(products.find(w.inputs[m].input, ip + "/input", "product", false));
      TRY(finite_at_least_zero(w.inputs[m].coefficient.value, ip + "/coefficient",
                               "a coefficient"));
      out.inputs.emplace_back(i, w.inputs[m].coefficient.value);
    }
    e.workplaces.push_back(std::move(out));
  }
  for (size_t k = 0; k < d.labour_supply.size(); ++k) {
    const EconomyLabourSupply& s = d.labour_supply[k];
    const std::string path = fmt::format("/labour_supply/{}", k);
    plan::LabourSupply out;
    out.region = TRY(regions.find(s.region, path + "/region", "region", true));
    out.category = TRY(categories.find(s.category, path + "/category", "labour category", false));
    TRY(finite_at_least_zero(s.hours.value, path + "/hours", "hours"));
    TRY(finite_at_least_zero(s.workers.value, path + "/workers", "workers"));
    out.hours = s.hours.value;
    out.workers = s.workers.value;
    e.labour_supply.push_back(out);
  }
  Status valid = plan::validate(e);
  if (!valid.ok()) return invalid_argument(valid.message(), "/" + valid.where());
  return e;
}

}  // namespace collegium::federation
