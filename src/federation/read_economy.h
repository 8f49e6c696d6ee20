// Read models of the economy (issue #14; C1, C4): what the federation holds, its products,
// a workplace's production data with who changed it and when, and the whole economy as the
// planning engine computes on it. Like the other read models, each reads the projections
// of `fed` (its store not written meanwhile) and returns plain data or the database's error.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "federation/federation.h"
#include "federation/reads.h"
#include "plan/economy.h"

namespace collegium::federation {

struct EconomySummary {
  bool imported = false;
  std::string name;
  int64_t seq = 0;          // the economy.imported event; 0 when none
  std::string imported_at;  // its time
  std::string imported_by;  // its actor
  double weeks_per_year = 0;
  int64_t regions = 0, products = 0, coefficients = 0, satellites = 0, final_demand = 0,
          workplaces = 0, labour_supply = 0;
  std::vector<std::string> labour_categories;  // in the engine's order
  int64_t changes = 0;                         // committees' changes since the import
  bool operator==(const EconomySummary&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("imported", &EconomySummary::imported),
                      field("name", &EconomySummary::name),
                      field("seq", &EconomySummary::seq, Presence::kRequired,
                            "the economy.imported event of the record; 0 when none"),
                      field("imported_at", &EconomySummary::imported_at),
                      field("imported_by", &EconomySummary::imported_by),
                      field("weeks_per_year", &EconomySummary::weeks_per_year),
                      field("regions", &EconomySummary::regions),
                      field("products", &EconomySummary::products),
                      field("coefficients", &EconomySummary::coefficients, Presence::kRequired,
                            "nonzero coefficients of the technology"),
                      field("satellites", &EconomySummary::satellites),
                      field("final_demand", &EconomySummary::final_demand, Presence::kRequired,
                            "final-demand categories"),
                      field("workplaces", &EconomySummary::workplaces, Presence::kRequired,
                            "workplaces with production data"),
                      field("labour_supply", &EconomySummary::labour_supply),
                      field("labour_categories", &EconomySummary::labour_categories),
                      field("changes", &EconomySummary::changes, Presence::kRequired,
                            "changes by workplace committees since the import")};
  }
};
// imported is false (and the counts 0) when no economy was imported.
Result<EconomySummary> read_economy_summary(Federation& fed);

struct ProductRow {
  std::string id, name, unit, region;
  double gross_output = 0;  // the base year's output; 0 when unknown
  double final_demand = 0;  // over all categories
  int64_t workplaces = 0;   // workplaces that make it
  bool operator==(const ProductRow&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &ProductRow::id),
                      field("name", &ProductRow::name),
                      field("unit", &ProductRow::unit),
                      field("region", &ProductRow::region),
                      field("gross_output", &ProductRow::gross_output),
                      field("final_demand", &ProductRow::final_demand),
                      field("workplaces", &ProductRow::workplaces)};
  }
};
struct ProductFilter {
  std::string q;       // a part of the id or the name; empty for all
  std::string region;  // a region id; empty for all
};
struct ProductList {
  std::vector<ProductRow> products;  // in the economy's order
  int64_t total = 0;                 // matching the filter, over all pages
  int64_t offset = 0, limit = 0;
  bool operator==(const ProductList&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("products", &ProductList::products),
                      field("total", &ProductList::total), field("offset", &ProductList::offset),
                      field("limit", &ProductList::limit)};
  }
};
// An empty list when no economy was imported.
Result<ProductList> list_products(Federation& fed, const ProductFilter& filter, const Page& page);

struct ProductionInputRow {
  std::string input, input_name;
  double coefficient = 0;
  bool operator==(const ProductionInputRow&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("input", &ProductionInputRow::input),
                      field("input_name", &ProductionInputRow::input_name),
                      field("coefficient", &ProductionInputRow::coefficient)};
  }
};
// One entry of a workplace's history: the import, or a committee's change.
struct ProductionChange {
  int64_t seq = 0;
  std::string kind;  // imported or changed
  std::string actor, actor_name, time;
  std::vector<std::string> changed;  // the fields a change gave
  bool operator==(const ProductionChange&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("seq", &ProductionChange::seq),
        field("kind", &ProductionChange::kind, Presence::kRequired, "imported or changed"),
        field("actor", &ProductionChange::actor),
        field("actor_name", &ProductionChange::actor_name),
        field("time", &ProductionChange::time),
        field("changed", &ProductionChange::changed)};
  }
};
struct WorkplaceProductionView {
  std::string workplace, workplace_name;
  std::string product, product_name, unit;
  std::string region;
  double capacity = 0, workers = 0;
  std::map<std::string, double> hours;  // per unit, by member category
  std::vector<ProductionInputRow> inputs;
  double gross_output = 0;  // the product's base-year output, all its workplaces together
  std::string committee;    // the workplace committee that keeps the data; empty if none
  int64_t seq = 0;          // the event that last set the data
  std::vector<ProductionChange> history;  // newest first; the import last
  bool operator==(const WorkplaceProductionView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("workplace", &WorkplaceProductionView::workplace),
                      field("workplace_name", &WorkplaceProductionView::workplace_name),
                      field("product", &WorkplaceProductionView::product),
                      field("product_name", &WorkplaceProductionView::product_name),
                      field("unit", &WorkplaceProductionView::unit),
                      field("region", &WorkplaceProductionView::region),
                      field("capacity", &WorkplaceProductionView::capacity),
                      field("workers", &WorkplaceProductionView::workers),
                      field("hours", &WorkplaceProductionView::hours),
                      field("inputs", &WorkplaceProductionView::inputs),
                      field("gross_output", &WorkplaceProductionView::gross_output),
                      field("committee", &WorkplaceProductionView::committee),
                      field("seq", &WorkplaceProductionView::seq),
                      field("history", &WorkplaceProductionView::history)};
  }
};
// not_found naming "id" for a workplace the registry does not have, or one the economy
// does not list (none imported, or not in it).
Result<WorkplaceProductionView> read_workplace_production(Federation& fed, std::string_view id);

// The economy as the engine computes on it, assembled from the tables: equal to the
// imported one until a committee changes its data, and then with the changes.
// failed_precondition when no economy was imported.
Result<plan::Economy> current_economy(Federation& fed);

}  // namespace collegium::federation
