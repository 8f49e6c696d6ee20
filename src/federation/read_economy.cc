#include "federation/read_economy.h"

#include <fmt/format.h>

#include "federation/economy_projection.h"
#include "federation/read_common.h"

namespace collegium::federation {

using reads::check_page;
using reads::single_int;

namespace {

Result<int64_t> count(store::Sqlite& db, const char* sql) {
  auto q = TRY(db.prepare(sql));
  return single_int(q);
}

}  // namespace

Result<EconomySummary> read_economy_summary(Federation& fed) {
  auto& db = fed.store().db();
  EconomySummary s;
  {
    auto q = TRY(db.prepare("SELECT name, seq, time, actor, weeks_per_year FROM economy"));
    if (!TRY(q.step())) return s;
    s.imported = true;
    s.name = q.column_text(0);
    s.seq = q.column_int(1);
    s.imported_at = q.column_text(2);
    s.imported_by = q.column_text(3);
    s.weeks_per_year = q.column_double(4);
  }
  s.regions = TRY(count(db, "SELECT COUNT(*) FROM economy_regions"));
  s.products = TRY(count(db, "SELECT COUNT(*) FROM economy_products"));
  s.coefficients = TRY(count(db, "SELECT COUNT(*) FROM economy_technology"));
  s.satellites = TRY(count(db, "SELECT COUNT(*) FROM economy_satellites"));
  s.final_demand = TRY(count(db, "SELECT COUNT(*) FROM economy_demand"));
  s.workplaces = TRY(count(db, "SELECT COUNT(*) FROM economy_workplaces"));
  s.labour_supply = TRY(count(db, "SELECT COUNT(*) FROM economy_labour_supply"));
  s.changes = TRY(count(db, "SELECT COUNT(*) FROM economy_changes"));
  s.labour_categories = fed.registry().economy_labour_categories();
  return s;
}

Result<ProductList> list_products(Federation& fed, const ProductFilter& filter, const Page& page) {
  TRY(check_page(page));
  auto& db = fed.store().db();
  // instr() rather than LIKE, so that '%' and '_' in what a member types are plain text.
  static constexpr const char* kWhere =
      "WHERE (?1 = '' OR instr(p.id, ?1) > 0 OR instr(p.name, ?1) > 0) AND (?2 = '' OR "
      "p.region = ?2)";
  ProductList out;
  out.offset = page.offset;
  out.limit = page.limit;
  {
    auto q = TRY(db.prepare(fmt::format("SELECT COUNT(*) FROM economy_products p {}", kWhere)));
    q.bind(1, filter.q).bind(2, filter.region);
    out.total = TRY(single_int(q));
  }
  auto q = TRY(db.prepare(fmt::format(
      "SELECT p.id, p.name, p.unit, p.region, p.gross_output, "
      "(SELECT COALESCE(SUM(amount), 0) FROM economy_demand_amounts a WHERE a.product = p.idx), "
      "(SELECT COUNT(*) FROM economy_workplaces w WHERE w.product = p.idx) "
      "FROM economy_products p {} ORDER BY p.idx LIMIT ?3 OFFSET ?4",
      kWhere)));
  q.bind(1, filter.q).bind(2, filter.region).bind(3, page.limit).bind(4, page.offset);
  while (TRY(q.step())) {
    out.products.push_back({std::string(q.column_text(0)), std::string(q.column_text(1)),
                            std::string(q.column_text(2)), std::string(q.column_text(3)),
                            q.column_double(4), q.column_double(5), q.column_int(6)});
  }
  return out;
}

Result<WorkplaceProductionView> read_workplace_production(Federation& fed, std::string_view id) {
  const RegistryView& r = fed.registry();
  auto workplace = r.workplace(id);
  if (!workplace) return not_found(fmt::format("no workplace {}", id), "id");
  auto data = r.workplace_production(id);
  if (!data) {
    return not_found(r.economy_imported()
                         ? fmt::format("the economy has no production data for {}", id)
                         : std::string("no economy has been imported yet"),
                     "id");
  }
  auto& db = fed.store().db();
  WorkplaceProductionView v;
  v.workplace = data->workplace;
  v.workplace_name = workplace->name;
  v.product = data->product;
  v.region = data->region;
  v.capacity = data->capacity.value;
  v.workers = data->workers.value;
  for (const auto& [category, hours] : data->hours) v.hours[category] = hours.value;
  auto name_of =
      TRY(db.prepare("SELECT name, unit, gross_output FROM economy_products WHERE id = ?"));
  name_of.bind(1, v.product);
  if (TRY(name_of.step())) {
    v.product_name = name_of.column_text(0);
    v.unit = name_of.column_text(1);
    v.gross_output = name_of.column_double(2);
  }
  for (const auto& in : data->inputs) {
    name_of.reset();
    name_of.bind(1, in.input);
    std::string name = TRY(name_of.step()) ? std::string(name_of.column_text(0)) : in.input;
    v.inputs.push_back({in.input, std::move(name), in.coefficient.value});
  }
  if (auto c = r.workplace_committee(id)) v.committee = c->id;
  {
    auto q = TRY(db.prepare("SELECT seq FROM economy_workplaces WHERE id = ?"));
    q.bind(1, id);
    v.seq = TRY(single_int(q));
  }
  {
    auto q =
        TRY(db.prepare("SELECT seq, actor, time, changed FROM economy_changes WHERE workplace = ? "
                       "ORDER BY seq DESC"));
    q.bind(1, id);
    while (TRY(q.step())) {
      ProductionChange c;
      c.seq = q.column_int(0);
      c.kind = "changed";
      c.actor = q.column_text(1);
      c.actor_name = reads::member_name(r, c.actor);
      c.time = q.column_text(2);
      auto changed = parse_json(q.column_text(3), "economy_changes");
      if (changed.ok() && changed->is_array()) {
        for (const auto& f : *changed)
          if (f.is_string()) c.changed.push_back(f.get<std::string>());
      }
      v.history.push_back(std::move(c));
    }
  }
  {
    auto q = TRY(db.prepare("SELECT seq, actor, time FROM economy"));
    if (TRY(q.step())) {
      ProductionChange c;
      c.seq = q.column_int(0);
      c.kind = "imported";
      c.actor = q.column_text(1);
      c.actor_name = c.actor;
      c.time = q.column_text(2);
      v.history.push_back(std::move(c));
    }
  }
  return v;
}

Result<plan::Economy> current_economy(Federation& fed) {
  auto e = TRY(load_economy(fed.store().db()));
  if (!e) return failed_precondition("no economy has been imported yet (collegium economy import)");
  return std::move(*e);
}

}  // namespace collegium::federation
