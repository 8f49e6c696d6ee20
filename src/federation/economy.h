// The federation's economy (issue #14; docs/requirements.md C1, C4): the products,
// technology, final demand and labour supply the planning engine computes on, and each workplace's
// own production data, kept by its committee. Plain data, in the form the public record and the API
// carry it; economy_data.h turns it into the engine's plan::Economy and back.
//
// Figures are decimals: the record's canonical JSON has no floating point (base/json.h),
// so a figure is written as the shortest decimal string that reads back to the same
// double ("0.25", "1.5e-05"), and a list of figures, one per product, as one string of
// such decimals separated by spaces. A 100,000-product economy thus stays one event of a
// few strings per account rather than millions of JSON values. Commands also take a
// figure as a JSON number, as a person or a form would write it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/fields.h"

namespace collegium::federation {

// A finite figure (a capacity, hours per unit, a coefficient).
struct Decimal {
  double value = 0;
  bool operator==(const Decimal&) const = default;
};

// Figures one per product, in the order of the economy's products.
struct DecimalList {
  std::vector<double> values;
  bool operator==(const DecimalList&) const = default;
};

// The shortest decimal text that reads back to `v` (17 significant digits at most).
std::string format_decimal(double v);
// Reads a whole decimal ("12", "-0.25", "1e-3"); nullopt for anything else, an infinity
// or NaN.
std::optional<double> parse_decimal(std::string_view text);

}  // namespace collegium::federation

namespace collegium {

template <>
struct JsonCodec<federation::Decimal> {
  static Result<federation::Decimal> read(const Json& j, const std::string& path);
  static Json write(const federation::Decimal& v) { return federation::format_decimal(v.value); }
  static Json schema();
};

template <>
struct JsonCodec<federation::DecimalList> {
  static Result<federation::DecimalList> read(const Json& j, const std::string& path);
  static Json write(const federation::DecimalList& v);
  static Json schema();
};

}  // namespace collegium

namespace collegium::federation {

struct EconomyRegion {
  std::string id;  // a region of the registry
  std::string name;
  Decimal population;  // people; 0 when unknown
  bool operator==(const EconomyRegion&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &EconomyRegion::id), field("name", &EconomyRegion::name),
                      field("population", &EconomyRegion::population)};
  }
};

struct EconomyProduct {
  std::string id, name, unit;
  std::string region;  // a region id of the economy, or empty
  bool operator==(const EconomyProduct&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &EconomyProduct::id), field("name", &EconomyProduct::name),
                      field("unit", &EconomyProduct::unit, Presence::kOmitEmpty),
                      field("region", &EconomyProduct::region, Presence::kOmitEmpty)};
  }
};

// The technology A (product by product) in compressed columns: the coefficients of
// product j's column are values[col_ptr[j] .. col_ptr[j + 1]), of the inputs row_idx[...]
// (indices into the products).
struct EconomyTechnology {
  std::vector<int64_t> col_ptr, row_idx;
  DecimalList values;
  bool operator==(const EconomyTechnology&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("col_ptr", &EconomyTechnology::col_ptr, Presence::kRequired,
                            "one more than the products: where each product's column starts"),
                      field("row_idx", &EconomyTechnology::row_idx, Presence::kRequired,
                            "the input (a product index) of each coefficient"),
                      field("values", &EconomyTechnology::values, Presence::kRequired,
                            "units of the input per unit of the column's product")};
  }
};

struct EconomySatellite {
  std::string id, unit;
  bool labour = false;  // hours of a member category: its id is the category
  DecimalList per_unit;
  bool operator==(const EconomySatellite&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &EconomySatellite::id),
                      field("unit", &EconomySatellite::unit, Presence::kOmitEmpty),
                      field("labour", &EconomySatellite::labour),
                      field("per_unit", &EconomySatellite::per_unit)};
  }
};

struct EconomyDemand {
  std::string id;
  std::string kind;    // household, public, investment, export, other
  std::string region;  // a region id of the economy, or empty
  DecimalList amounts;
  bool operator==(const EconomyDemand&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &EconomyDemand::id), field("kind", &EconomyDemand::kind),
                      field("region", &EconomyDemand::region, Presence::kOmitEmpty),
                      field("amounts", &EconomyDemand::amounts)};
  }
};

struct EconomyLabourSupply {
  std::string region;    // a region id of the economy, or empty for the whole economy
  std::string category;  // a labour satellite's id: a member category
  Decimal hours, workers;
  bool operator==(const EconomyLabourSupply&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("region", &EconomyLabourSupply::region, Presence::kOmitEmpty),
                      field("category", &EconomyLabourSupply::category),
                      field("hours", &EconomyLabourSupply::hours),
                      field("workers", &EconomyLabourSupply::workers)};
  }
};

// One input of a workplace's own process: units of product `input` per unit it makes.
struct ProductionInput {
  std::string input;  // a product id
  Decimal coefficient;
  bool operator==(const ProductionInput&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("input", &ProductionInput::input),
                      field("coefficient", &ProductionInput::coefficient)};
  }
};

// A workplace's production data: what it makes, how much it can, with whom, with what.
struct WorkplaceProduction {
  std::string workplace;  // a workplace of the registry
  std::string name;
  std::string product;  // a product id
  std::string region;   // the workplace's region in the economy, or empty
  Decimal capacity;     // most units a year; 0 = not stated
  Decimal workers;
  std::map<std::string, Decimal> hours;  // hours per unit by member category
  // Its own inputs per unit; empty: it works with its product's column of the technology.
  std::vector<ProductionInput> inputs;
  bool operator==(const WorkplaceProduction&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("workplace", &WorkplaceProduction::workplace),
        field("name", &WorkplaceProduction::name),
        field("product", &WorkplaceProduction::product),
        field("region", &WorkplaceProduction::region, Presence::kOmitEmpty),
        field("capacity", &WorkplaceProduction::capacity),
        field("workers", &WorkplaceProduction::workers),
        field("hours", &WorkplaceProduction::hours, Presence::kRequired,
              "hours per unit of output, by member category"),
        field("inputs", &WorkplaceProduction::inputs, Presence::kOptional,
              "its own inputs per unit; empty: its product's column of the technology")};
  }
};

// The whole economy, as economy.imported carries it.
struct EconomyData {
  std::string name;
  Decimal weeks_per_year{52};
  std::vector<EconomyRegion> regions;
  std::vector<EconomyProduct> products;
  EconomyTechnology technology;
  std::vector<EconomySatellite> satellites;
  std::vector<EconomyDemand> final_demand;
  DecimalList gross_output;  // empty when the source gives none
  std::vector<WorkplaceProduction> workplaces;
  std::vector<EconomyLabourSupply> labour_supply;
  bool operator==(const EconomyData&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("name", &EconomyData::name, Presence::kOptional),
                      field("weeks_per_year", &EconomyData::weeks_per_year),
                      field("regions", &EconomyData::regions),
                      field("products", &EconomyData::products),
                      field("technology", &EconomyData::technology),
                      field("satellites", &EconomyData::satellites),
                      field("final_demand", &EconomyData::final_demand),
                      field("gross_output", &EconomyData::gross_output, Presence::kOptional),
                      field("workplaces", &EconomyData::workplaces),
                      field("labour_supply", &EconomyData::labour_supply)};
  }
};

// ---- commands ----

// The operator imports an economy (from a bundle: `collegium economy import`), replacing
// the one before, committees' changes included.
struct ImportEconomy {
  static constexpr std::string_view kName = "import_economy";
  EconomyData economy;
  static constexpr auto fields() { return std::tuple{field("economy", &ImportEconomy::economy)}; }
};

// A workplace's committee changes its workplace's production data. Each figure given
// replaces the one held; `hours` replaces the categories it names; `inputs` replaces the
// whole list (an empty list: the product's column of the technology).
struct SetWorkplaceProduction {
  static constexpr std::string_view kName = "set_workplace_production";
  std::string workplace;
  std::optional<Decimal> capacity, workers;
  std::optional<std::map<std::string, Decimal>> hours;
  std::optional<std::vector<ProductionInput>> inputs;
  static constexpr auto fields() {
    return std::tuple{field("workplace", &SetWorkplaceProduction::workplace),
                      field("capacity", &SetWorkplaceProduction::capacity),
                      field("workers", &SetWorkplaceProduction::workers),
                      field("hours", &SetWorkplaceProduction::hours),
                      field("inputs", &SetWorkplaceProduction::inputs)};
  }
};

}  // namespace collegium::federation
