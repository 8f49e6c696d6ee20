// The economy's rules (issue #14): the operator imports an economy whose workplaces,
// regions and labour categories are the federation's own; a workplace's committee keeps
// its own workplace's production data.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "federation/economy_data.h"
#include "federation/rules.h"

namespace collegium::federation::rules {

Result<Decision> decide_one(const RegistryView& s, const ImportEconomy& c, const Actor& a) {
  if (a.id != kOperator) {
    return permission_denied("an economy is imported by the operator (collegium economy import)");
  }
  const EconomyData& d = c.economy;
  // The structure first, so that what follows may trust the indices.
  auto economy = economy_from_data(d);
  if (!economy.ok()) return economy.status().within("/economy");
  for (size_t k = 0; k < d.regions.size(); ++k) {
    if (!s.region(d.regions[k].id)) {
      return not_found(fmt::format("the registry has no region {}", d.regions[k].id),
                       fmt::format("/economy/regions/{}/id", k));
    }
  }
  for (size_t k = 0; k < d.satellites.size(); ++k) {
    const EconomySatellite& sat = d.satellites[k];
    if (sat.labour && !category_from_string(sat.id)) {
      return invalid_argument(
          fmt::format("labour category '{}' is not a member category (production, technical, "
                      "administrative)",
                      sat.id),
          fmt::format("/economy/satellites/{}/id", k));
    }
  }
  for (size_t k = 0; k < d.workplaces.size(); ++k) {
    const WorkplaceProduction& w = d.workplaces[k];
    auto known = s.workplace(w.workplace);
    if (!known) {
      return not_found(fmt::format("the registry has no workplace {}", w.workplace),
                       fmt::format("/economy/workplaces/{}/workplace", k));
    }
    if (!w.region.empty() && w.region != known->region) {
      return invalid_argument(
          fmt::format("workplace {} is in region {}, not {}", w.workplace, known->region, w.region),
          fmt::format("/economy/workplaces/{}/region", k));
    }
  }
  // The record keeps the economy as the engine reads it back: the same figures, in one
  // form, so that an export gives the bundle that was imported.
  return Decision{{draft(EconomyImported{economy_to_data(*economy)})}};
}

Result<Decision> decide_one(const RegistryView& s, const SetWorkplaceProduction& c,
                            const Actor& a) {
  auto workplace = s.workplace(c.workplace);
  if (!workplace) return not_found(fmt::format("no workplace {}", c.workplace), "/workplace");
  auto committee = s.workplace_committee(c.workplace);
  if (!committee) {
    return failed_precondition(
        fmt::format("workplace {} has no workplace committee to keep its data", c.workplace),
        "/workplace");
  }
  TRY(holder(s, a, *committee, "change its workplace's production data"));
  WorkplaceProductionSet change = TRY(production_change(s, c));
  return Decision{{draft(change)}};
}

Result<WorkplaceProductionSet> production_change(const RegistryView& s,
                                                 const SetWorkplaceProduction& c) {
  if (!s.economy_imported()) {
    return failed_precondition("no economy has been imported yet (collegium economy import)");
  }
  auto current = s.workplace_production(c.workplace);
  if (!current) {
    return not_found(fmt::format("the economy has no production data for workplace {}; the "
                                 "operator imports it with the economy",
                                 c.workplace),
                     "/workplace");
  }
  if (!c.capacity && !c.workers && !c.hours && !c.inputs) {
    return invalid_argument("give at least one of capacity, workers, hours and inputs");
  }
  auto figure = [](const Decimal& v, const std::string& where, const char* what) -> Status {
    if (!std::isfinite(v.value) || v.value < 0) {
      return invalid_argument(fmt::format("{} must be a finite number >= 0", what), where);
    }
    return {};
  };
  WorkplaceProductionSet ev{*current, {}};
  WorkplaceProduction& p = ev.production;
  if (c.capacity) {
    TRY(figure(*c.capacity, "/capacity", "capacity"));
    p.capacity = *c.capacity;
    ev.changed.push_back("capacity");
  }
  if (c.workers) {
    TRY(figure(*c.workers, "/workers", "workers"));
    p.workers = *c.workers;
    ev.changed.push_back("workers");
  }
  if (c.hours) {
    const auto categories = s.economy_labour_categories();
    for (const auto& [category, hours] : *c.hours) {
      const std::string where = "/hours/" + category;
      if (std::find(categories.begin(), categories.end(), category) == categories.end()) {
        std::string known;
        for (const auto& k : categories) known += (known.empty() ? "" : ", ") + k;
        return invalid_argument(
            fmt::format("'{}' is not a labour category of the economy (expected one of: {})",
                        category, known),
            where);
      }
      TRY(figure(hours, where, "hours per unit"));
      p.hours[category] = hours;
    }
    ev.changed.push_back("hours");
  }
  if (c.inputs) {
    std::set<std::string> seen;
    for (size_t k = 0; k < c.inputs->size(); ++k) {
      const ProductionInput& in = (*c.inputs)[k];
      const std::string where = fmt::format("/inputs/{}", k);
      if (!s.economy_has_product(in.input)) {
        return not_found(fmt::format("the economy has no product {}", in.input), where + "/input");
      }
      if (!seen.insert(in.input).second) {
        return invalid_argument(fmt::format("input {} is listed twice", in.input),
                                where + "/input");
      }
      TRY(figure(in.coefficient, where + "/coefficient", "a coefficient"));
    }
    p.inputs = *c.inputs;
    ev.changed.push_back("inputs");
  }
  return ev;
}

}  // namespace collegium::federation::rules
