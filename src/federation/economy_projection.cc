// The economy's tables (issue #14): what economy.imported and workplace.production_set
// leave in the projection, and reading them back. Products, regions, satellites and
// final-demand categories keep their index in the economy (`idx`), so that the engine's
// plan::Economy is assembled in the order it was imported. Figures are REAL: SQLite keeps
// an IEEE double bit for bit. Per-product lists keep their nonzero entries only.
#include "federation/economy_projection.h"

#include <fmt/format.h>

#include <unordered_map>

#include "federation/economy_data.h"

namespace collegium::federation {

using store::Statement;

store::Migration economy_migration() {
  return {"federation/economy-1", R"sql(
    -- The economy now held (one row once imported): the import's event, and its settings.
    CREATE TABLE economy(id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL,
                         weeks_per_year REAL NOT NULL, has_gross_output INTEGER NOT NULL,
                         seq INTEGER NOT NULL, time TEXT NOT NULL, actor TEXT NOT NULL) STRICT;
    CREATE TABLE economy_regions(idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                                 name TEXT NOT NULL, population REAL NOT NULL) STRICT;
    CREATE TABLE economy_products(idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                                  name TEXT NOT NULL, unit TEXT NOT NULL, region TEXT NOT NULL,
                                  gross_output REAL NOT NULL) STRICT;
    -- A(input, product): units of the input used per unit of the product.
    CREATE TABLE economy_technology(product INTEGER NOT NULL, input INTEGER NOT NULL,
                                    coefficient REAL NOT NULL, PRIMARY KEY(product, input))
                                    STRICT, WITHOUT ROWID;
    CREATE TABLE economy_satellites(idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                                    unit TEXT NOT NULL, labour INTEGER NOT NULL) STRICT;
    CREATE TABLE economy_satellite_values(satellite INTEGER NOT NULL, product INTEGER NOT NULL,
                                          per_unit REAL NOT NULL,
                                          PRIMARY KEY(satellite, product)) STRICT, WITHOUT ROWID;
    CREATE TABLE economy_demand(idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                                kind TEXT NOT NULL, region TEXT NOT NULL) STRICT;
    CREATE TABLE economy_demand_amounts(category INTEGER NOT NULL, product INTEGER NOT NULL,
                                        amount REAL NOT NULL, PRIMARY KEY(category, product))
                                        STRICT, WITHOUT ROWID;
    CREATE TABLE economy_labour_supply(idx INTEGER PRIMARY KEY, region TEXT NOT NULL,
                                       category TEXT NOT NULL, hours REAL NOT NULL,
                                       workers REAL NOT NULL) STRICT;
    -- Each workplace's production data; seq is the event that last set it.
    CREATE TABLE economy_workplaces(idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                                    name TEXT NOT NULL, product INTEGER NOT NULL,
                                    region TEXT NOT NULL, capacity REAL NOT NULL,
                                    workers REAL NOT NULL, seq INTEGER NOT NULL) STRICT;
    CREATE TABLE economy_workplace_hours(workplace TEXT NOT NULL, category TEXT NOT NULL,
                                         hours REAL NOT NULL, PRIMARY KEY(workplace, category))
                                         STRICT, WITHOUT ROWID;
    CREATE TABLE economy_workplace_inputs(workplace TEXT NOT NULL, pos INTEGER NOT NULL,
                                          input INTEGER NOT NULL, coefficient REAL NOT NULL,
                                          PRIMARY KEY(workplace, pos)) STRICT, WITHOUT ROWID;
    -- The committees' changes since the import: who, when, which fields, and the data after.
    CREATE TABLE economy_changes(seq INTEGER PRIMARY KEY, workplace TEXT NOT NULL,
                                 actor TEXT NOT NULL, time TEXT NOT NULL, changed TEXT NOT NULL,
                                 production TEXT NOT NULL) STRICT;
    CREATE INDEX economy_changes_workplace ON economy_changes(workplace, seq);
  )sql"};
}

std::vector<std::string> economy_tables() {
  return {"economy",
          "economy_regions",
          "economy_products",
          "economy_technology",
          "economy_satellites",
          "economy_satellite_values",
          "economy_demand",
          "economy_demand_amounts",
          "economy_labour_supply",
          "economy_workplaces",
          "economy_workplace_hours",
          "economy_workplace_inputs",
          "economy_changes"};
}

namespace {

Status replace_hours_and_inputs(StatementCache& q, const WorkplaceProduction& w,
                                const std::unordered_map<std::string, int64_t>& product_index) {
  TRY(q("DELETE FROM economy_workplace_hours WHERE workplace = ?").bind(1, w.workplace).run());
  TRY(q("DELETE FROM economy_workplace_inputs WHERE workplace = ?").bind(1, w.workplace).run());
  for (const auto& [category, hours] : w.hours) {
    TRY(q("INSERT INTO economy_workplace_hours(workplace, category, hours) VALUES(?, ?, ?)")
            .bind(1, w.workplace)
            .bind(2, category)
            .bind_double(3, hours.value)
            .run());
  }
  for (size_t k = 0; k < w.inputs.size(); ++k) {
    auto it = product_index.find(w.inputs[k].input);
    if (it == product_index.end()) {
      return corrupt(fmt::format("input {} is not a product of the economy", w.inputs[k].input),
                     fmt::format("/payload/production/inputs/{}/input", k));
    }
    TRY(q("INSERT INTO economy_workplace_inputs(workplace, pos, input, coefficient) "
          "VALUES(?, ?, ?, ?)")
            .bind(1, w.workplace)
            .bind(2, static_cast<int64_t>(k))
            .bind(3, it->second)
            .bind_double(4, w.inputs[k].coefficient.value)
            .run());
  }
  return {};
}

// Product ids to indices, read from the table (a change names only a few products).
Result<std::unordered_map<std::string, int64_t>> product_indices(
    StatementCache& q, const std::vector<ProductionInput>& inputs) {
  std::unordered_map<std::string, int64_t> out;
  for (const auto& in : inputs) {
    Statement& s = q("SELECT idx FROM economy_products WHERE id = ?");
    s.bind(1, in.input);
    if (TRY(s.step())) out[in.input] = s.column_int(0);
    s.reset();
  }
  return out;
}

}  // namespace

Status apply_economy_imported(StatementCache& q, const record::Event& e,
                              const EconomyImported& ev) {
  // The statement cache keys on the SQL text's address: these strings live as long as the
  // program.
  static const std::vector<std::string> deletes = [] {
    std::vector<std::string> out;
    for (const auto& table : economy_tables()) out.push_back("DELETE FROM " + table);
    return out;
  }();
  for (const auto& sql : deletes) TRY(q(sql.c_str()).run());
  const EconomyData& d = ev.economy;
  const bool gross = !d.gross_output.values.empty();
  TRY(q("INSERT INTO economy(id, name, weeks_per_year, has_gross_output, seq, time, actor) "
        "VALUES(1, ?, ?, ?, ?, ?, ?)")
          .bind(1, d.name)
          .bind_double(2, d.weeks_per_year.value)
          .bind(3, int64_t{gross})
          .bind(4, static_cast<int64_t>(e.seq))
          .bind(5, e.time)
          .bind(6, e.actor)
          .run());
  for (size_t k = 0; k < d.regions.size(); ++k) {
    TRY(q("INSERT INTO economy_regions(idx, id, name, population) VALUES(?, ?, ?, ?)")
            .bind(1, static_cast<int64_t>(k))
            .bind(2, d.regions[k].id)
            .bind(3, d.regions[k].name)
            .bind_double(4, d.regions[k].population.value)
            .run());
  }
  std::unordered_map<std::string, int64_t> product_index;
  product_index.reserve(d.products.size());
  for (size_t k = 0; k < d.products.size(); ++k) {
    const EconomyProduct& p = d.products[k];
    product_index[p.id] = static_cast<int64_t>(k);
    TRY(q("INSERT INTO economy_products(idx, id, name, unit, region, gross_output) "
          "VALUES(?, ?, ?, ?, ?, ?)")
            .bind(1, static_cast<int64_t>(k))
            .bind(2, p.id)
            .bind(3, p.name)
            .bind(4, p.unit)
            .bind(5, p.region)
            .bind_double(6,
                         gross && k < d.gross_output.values.size() ? d.gross_output.values[k] : 0.0)
            .run());
  }
  const EconomyTechnology& t = d.technology;
  if (t.col_ptr.size() != d.products.size() + 1 || t.row_idx.size() != t.values.values.size()) {
    return corrupt("the technology's columns do not fit its products",
                   "/payload/economy/technology");
  }
  for (size_t j = 0; j + 1 < t.col_ptr.size(); ++j) {
    for (int64_t p = t.col_ptr[j]; p < t.col_ptr[j + 1]; ++p) {
      TRY(q("INSERT INTO economy_technology(product, input, coefficient) VALUES(?, ?, ?)")
              .bind(1, static_cast<int64_t>(j))
              .bind(2, t.row_idx[static_cast<size_t>(p)])
              .bind_double(3, t.values.values[static_cast<size_t>(p)])
              .run());
    }
  }
  for (size_t k = 0; k < d.satellites.size(); ++k) {
    const EconomySatellite& s = d.satellites[k];
    TRY(q("INSERT INTO economy_satellites(idx, id, unit, labour) VALUES(?, ?, ?, ?)")
            .bind(1, static_cast<int64_t>(k))
            .bind(2, s.id)
            .bind(3, s.unit)
            .bind(4, int64_t{s.labour})
            .run());
    for (size_t j = 0; j < s.per_unit.values.size(); ++j) {
      if (s.per_unit.values[j] == 0) continue;
      TRY(q("INSERT INTO economy_satellite_values(satellite, product, per_unit) VALUES(?, ?, ?)")
              .bind(1, static_cast<int64_t>(k))
              .bind(2, static_cast<int64_t>(j))
              .bind_double(3, s.per_unit.values[j])
              .run());
    }
  }
  for (size_t k = 0; k < d.final_demand.size(); ++k) {
    const EconomyDemand& f = d.final_demand[k];
    TRY(q("INSERT INTO economy_demand(idx, id, kind, region) VALUES(?, ?, ?, ?)")
            .bind(1, static_cast<int64_t>(k))
            .bind(2, f.id)
            .bind(3, f.kind)
            .bind(4, f.region)
            .run());
    for (size_t j = 0; j < f.amounts.values.size(); ++j) {
      if (f.amounts.values[j] == 0) continue;
      TRY(q("INSERT INTO economy_demand_amounts(category, product, amount) VALUES(?, ?, ?)")
              .bind(1, static_cast<int64_t>(k))
              .bind(2, static_cast<int64_t>(j))
              .bind_double(3, f.amounts.values[j])
              .run());
    }
  }
  for (size_t k = 0; k < d.labour_supply.size(); ++k) {
    const EconomyLabourSupply& s = d.labour_supply[k];
    TRY(q("INSERT INTO economy_labour_supply(idx, region, category, hours, workers) "
          "VALUES(?, ?, ?, ?, ?)")
            .bind(1, static_cast<int64_t>(k))
            .bind(2, s.region)
            .bind(3, s.category)
            .bind_double(4, s.hours.value)
            .bind_double(5, s.workers.value)
            .run());
  }
  for (size_t k = 0; k < d.workplaces.size(); ++k) {
    const WorkplaceProduction& w = d.workplaces[k];
    auto product = product_index.find(w.product);
    if (product == product_index.end()) {
      return corrupt(fmt::format("product {} is not a product of the economy", w.product),
                     fmt::format("/payload/economy/workplaces/{}/product", k));
    }
    TRY(q("INSERT INTO economy_workplaces(idx, id, name, product, region, capacity, workers, "
          "seq) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, static_cast<int64_t>(k))
            .bind(2, w.workplace)
            .bind(3, w.name)
            .bind(4, product->second)
            .bind(5, w.region)
            .bind_double(6, w.capacity.value)
            .bind_double(7, w.workers.value)
            .bind(8, static_cast<int64_t>(e.seq))
            .run());
    TRY(replace_hours_and_inputs(q, w, product_index));
  }
  return {};
}

Status apply_workplace_production_set(StatementCache& q, const record::Event& e,
                                      const WorkplaceProductionSet& ev) {
  const WorkplaceProduction& w = ev.production;
  TRY(q("UPDATE economy_workplaces SET capacity = ?, workers = ?, seq = ? WHERE id = ?")
          .bind_double(1, w.capacity.value)
          .bind_double(2, w.workers.value)
          .bind(3, static_cast<int64_t>(e.seq))
          .bind(4, w.workplace)
          .run());
  auto products = TRY(product_indices(q, w.inputs));
  TRY(replace_hours_and_inputs(q, w, products));
  return q("INSERT INTO economy_changes(seq, workplace, actor, time, changed, production) "
           "VALUES(?, ?, ?, ?, ?, ?)")
      .bind(1, static_cast<int64_t>(e.seq))
      .bind(2, w.workplace)
      .bind(3, e.actor)
      .bind(4, e.time)
      .bind(5, Json(ev.changed).dump())
      .bind(6, write_json(w).dump())
      .run();
}

Result<std::optional<WorkplaceProduction>> load_workplace_production(StatementCache& q,
                                                                     std::string_view workplace) {
  Statement& s =
      q("SELECT w.id, w.name, p.id, w.region, w.capacity, w.workers FROM economy_workplaces w "
        "JOIN economy_products p ON p.idx = w.product WHERE w.id = ?");
  s.bind(1, workplace);
  if (!TRY(s.step())) {
    s.reset();
    return std::optional<WorkplaceProduction>();
  }
  WorkplaceProduction w;
  w.workplace = s.column_text(0);
  w.name = s.column_text(1);
  w.product = s.column_text(2);
  w.region = s.column_text(3);
  w.capacity = {s.column_double(4)};
  w.workers = {s.column_double(5)};
  s.reset();
  Statement& h = q(
      "SELECT category, hours FROM economy_workplace_hours WHERE workplace = ? ORDER BY category");
  h.bind(1, workplace);
  while (TRY(h.step())) w.hours[std::string(h.column_text(0))] = {h.column_double(1)};
  h.reset();
  Statement& in =
      q("SELECT p.id, i.coefficient FROM economy_workplace_inputs i JOIN economy_products p "
        "ON p.idx = i.input WHERE i.workplace = ? ORDER BY i.pos");
  in.bind(1, workplace);
  while (TRY(in.step()))
    w.inputs.push_back({std::string(in.column_text(0)), {in.column_double(1)}});
  in.reset();
  return std::optional<WorkplaceProduction>(std::move(w));
}

Result<std::optional<plan::Economy>> load_economy(store::Sqlite& db) {
  plan::Economy e;
  bool gross = false;
  {
    auto s = TRY(db.prepare("SELECT name, weeks_per_year, has_gross_output FROM economy"));
    if (!TRY(s.step())) return std::optional<plan::Economy>();
    e.name = s.column_text(0);
    e.weeks_per_year = s.column_double(1);
    gross = s.column_int(2) != 0;
  }
  std::unordered_map<std::string, int32_t> region_index;
  {
    auto s = TRY(db.prepare("SELECT id, name, population FROM economy_regions ORDER BY idx"));
    while (TRY(s.step())) {
      region_index[std::string(s.column_text(0))] = static_cast<int32_t>(e.regions.size());
      e.regions.push_back(
          {std::string(s.column_text(0)), std::string(s.column_text(1)), s.column_double(2)});
    }
  }
  auto region = [&](std::string_view id) -> int32_t {
    if (id.empty()) return -1;
    auto it = region_index.find(std::string(id));
    return it == region_index.end() ? -1 : it->second;
  };
  {
    auto s = TRY(db.prepare(
        "SELECT id, name, unit, region, gross_output FROM economy_products ORDER BY idx"));
    while (TRY(s.step())) {
      e.products.push_back({std::string(s.column_text(0)), std::string(s.column_text(1)),
                            std::string(s.column_text(2)), region(s.column_text(3))});
      if (gross) e.gross_output.push_back(s.column_double(4));
    }
  }
  const int32_t n = e.size();
  {
    e.technology.rows = e.technology.cols = n;
    e.technology.col_ptr.assign(static_cast<size_t>(n) + 1, 0);
    auto s = TRY(db.prepare(
        "SELECT product, input, coefficient FROM economy_technology ORDER BY product, input"));
    while (TRY(s.step())) {
      auto j = s.column_int(0);
      if (j < 0 || j >= n) return corrupt("a coefficient of no product", "economy_technology");
      e.technology.col_ptr[static_cast<size_t>(j) + 1]++;
      e.technology.row_idx.push_back(static_cast<int32_t>(s.column_int(1)));
      e.technology.values.push_back(s.column_double(2));
    }
    for (size_t j = 0; j < static_cast<size_t>(n); ++j)
      e.technology.col_ptr[j + 1] += e.technology.col_ptr[j];
  }
  {
    auto s = TRY(db.prepare("SELECT id, unit, labour FROM economy_satellites ORDER BY idx"));
    while (TRY(s.step())) {
      e.satellites.push_back({std::string(s.column_text(0)), std::string(s.column_text(1)),
                              s.column_int(2) != 0, std::vector<double>(static_cast<size_t>(n))});
    }
    auto v = TRY(db.prepare("SELECT satellite, product, per_unit FROM economy_satellite_values"));
    while (TRY(v.step())) {
      auto k = v.column_int(0), j = v.column_int(1);
      if (k < 0 || k >= static_cast<int64_t>(e.satellites.size()) || j < 0 || j >= n)
        return corrupt("a satellite value out of range", "economy_satellite_values");
      e.satellites[static_cast<size_t>(k)].per_unit[static_cast<size_t>(j)] = v.column_double(2);
    }
  }
  {
    auto s = TRY(db.prepare("SELECT id, kind, region FROM economy_demand ORDER BY idx"));
    while (TRY(s.step())) {
      plan::FinalDemand f;
      f.id = s.column_text(0);
      auto kind = plan::parse_demand_kind(std::string(s.column_text(1)));
      if (!kind.ok()) return corrupt(kind.status().message(), "economy_demand");
      f.kind = *kind;
      f.region = region(s.column_text(2));
      f.amounts.assign(static_cast<size_t>(n), 0.0);
      e.final_demand.push_back(std::move(f));
    }
    auto v = TRY(db.prepare("SELECT category, product, amount FROM economy_demand_amounts"));
    while (TRY(v.step())) {
      auto k = v.column_int(0), j = v.column_int(1);
      if (k < 0 || k >= static_cast<int64_t>(e.final_demand.size()) || j < 0 || j >= n)
        return corrupt("a final-demand amount out of range", "economy_demand_amounts");
      e.final_demand[static_cast<size_t>(k)].amounts[static_cast<size_t>(j)] = v.column_double(2);
    }
  }
  const auto labour = e.labour_categories();
  std::unordered_map<std::string, int32_t> category_index;
  for (size_t k = 0; k < labour.size(); ++k)
    category_index[e.satellites[static_cast<size_t>(labour[k])].id] = static_cast<int32_t>(k);
  {
    auto s = TRY(db.prepare(
        "SELECT region, category, hours, workers FROM economy_labour_supply ORDER BY idx"));
    while (TRY(s.step())) {
      auto c = category_index.find(std::string(s.column_text(1)));
      if (c == category_index.end())
        return corrupt("labour supply of an unknown category", "economy_labour_supply");
      e.labour_supply.push_back(
          {region(s.column_text(0)), c->second, s.column_double(2), s.column_double(3)});
    }
  }
  {
    std::unordered_map<std::string, size_t> workplace_index;
    auto s = TRY(db.prepare(
        "SELECT id, name, product, region, capacity, workers FROM economy_workplaces ORDER BY "
        "idx"));
    while (TRY(s.step())) {
      plan::Workplace w;
      w.id = s.column_text(0);
      w.name = s.column_text(1);
      w.product = static_cast<int32_t>(s.column_int(2));
      w.region = region(s.column_text(3));
      w.capacity = s.column_double(4);
      w.workers = s.column_double(5);
      w.labour_per_unit.assign(labour.size(), 0.0);
      workplace_index[w.id] = e.workplaces.size();
      e.workplaces.push_back(std::move(w));
    }
    auto h = TRY(db.prepare("SELECT workplace, category, hours FROM economy_workplace_hours"));
    while (TRY(h.step())) {
      auto w = workplace_index.find(std::string(h.column_text(0)));
      auto c = category_index.find(std::string(h.column_text(1)));
      if (w == workplace_index.end() || c == category_index.end())
        return corrupt("hours of an unknown workplace or category", "economy_workplace_hours");
      e.workplaces[w->second].labour_per_unit[static_cast<size_t>(c->second)] = h.column_double(2);
    }
    auto in = TRY(db.prepare(
        "SELECT workplace, input, coefficient FROM economy_workplace_inputs ORDER BY workplace, "
        "pos"));
    while (TRY(in.step())) {
      auto w = workplace_index.find(std::string(in.column_text(0)));
      if (w == workplace_index.end())
        return corrupt("inputs of an unknown workplace", "economy_workplace_inputs");
      e.workplaces[w->second].inputs.emplace_back(static_cast<int32_t>(in.column_int(1)),
                                                  in.column_double(2));
    }
  }
  TRY(plan::validate(e));
  return std::optional<plan::Economy>(std::move(e));
}

// ---- the view decide() reads ----

bool SqlRegistry::economy_imported() const {
  Statement& q = cache_("SELECT 1 FROM economy");
  auto row = q.step();
  bool out = row.ok() && *row;
  q.reset();
  return out;
}

bool SqlRegistry::economy_has_product(std::string_view id) const {
  Statement& q = cache_("SELECT 1 FROM economy_products WHERE id = ?");
  q.bind(1, id);
  auto row = q.step();
  bool out = row.ok() && *row;
  q.reset();
  return out;
}

std::vector<std::string> SqlRegistry::economy_labour_categories() const {
  Statement& q = cache_("SELECT id FROM economy_satellites WHERE labour = 1 ORDER BY idx");
  std::vector<std::string> out;
  while (true) {
    auto row = q.step();
    if (!row.ok() || !*row) break;
    out.emplace_back(q.column_text(0));
  }
  q.reset();
  return out;
}

std::optional<WorkplaceProduction> SqlRegistry::workplace_production(
    std::string_view workplace) const {
  auto w = load_workplace_production(cache_, workplace);
  return w.ok() ? *w : std::nullopt;
}

}  // namespace collegium::federation
