// The API's economy routes (issue #14; C1, C4): the economy the federation holds, its
// products, and a workplace's production data with its history, all public (C4: full data
// to the workers); and the CSV upload by which a workplace's committee changes its data,
// which becomes the command set_workplace_production given by the caller.
#include <fmt/format.h>
#include <httplib.h>

#include "federation/economy_csv.h"
#include "federation/read_economy.h"
#include "server/api_shapes.h"
#include "server/server.h"

namespace collegium::server {

namespace fed = collegium::federation;

struct EconomyHandlers {
  Server& s;

  Reply economy(Context&) { return read_reply(fed::read_economy_summary(s.federation())); }

  Reply products(Context& c) {
    auto page = query_page(c.request);
    if (!page.ok()) return problem(page.status());
    fed::ProductFilter f{query_text(c.request, "q"), query_text(c.request, "region")};
    return read_reply(fed::list_products(s.federation(), f, *page));
  }

  Reply production(Context& c) {
    return read_reply(fed::read_workplace_production(s.federation(), c.params[0]));
  }

  // Runs without the database lock (Lock::kOwn), like POST /api/commands: the command joins
  // the group-commit queue. The rules (who may, which figures) are decide()'s; the upload's
  // cells only name where a refused figure came from.
  Reply upload(Context& c) {
    std::vector<std::string> categories;
    {
      std::lock_guard lock(s.db_mutex());
      categories = s.federation().registry().economy_labour_categories();
    }
    auto upload = fed::production_from_csv(c.params[0], c.request.body, "body", categories);
    if (!upload.ok()) return problem(upload.status());
    auto done = s.submit(upload->command, c.session->subject);
    if (!done.status.ok()) return problem(fed::in_upload(done.status, *upload));
    return Reply{200, done.reply()};
  }
};

void Server::add_economy_routes() {
  auto h = std::make_shared<EconomyHandlers>(EconomyHandlers{*this});
  auto bind = [h](Reply (EconomyHandlers::*fn)(Context&)) {
    return [h, fn](Context& c) { return ((*h).*fn)(c); };
  };
  std::vector<Route> more = {
      {"GET",
       "/api/economy",
       "The economy the federation holds: its import, counts, labour categories",
       Access::kPublic,
       false,
       {},
       bind(&EconomyHandlers::economy)},
      {"GET",
       "/api/economy/products",
       "The economy's products, with base-year output and final demand",
       Access::kPublic,
       false,
       {"q", "region", "offset", "limit"},
       bind(&EconomyHandlers::products)},
      {"GET",
       "/api/workplaces/{id}/production",
       "A workplace's production data and who changed it, when",
       Access::kPublic,
       false,
       {},
       bind(&EconomyHandlers::production)},
      {"POST",
       "/api/workplaces/{id}/production",
       "Change a workplace's production data from CSV (a member of its committee; "
       "docs/economy-bundle.md)",
       Access::kMember,
       true,
       {},
       bind(&EconomyHandlers::upload),
       Lock::kOwn},
  };
  document(more, "GET /api/economy", shape_of<fed::EconomySummary>("EconomySummary"));
  document(more, "GET /api/economy/products", shape_of<fed::ProductList>("ProductList"));
  document(more, "GET /api/workplaces/{id}/production",
           shape_of<fed::WorkplaceProductionView>("WorkplaceProductionView"));
  document(more, "POST /api/workplaces/{id}/production",
           shape_of<api::CommandReply>("CommandReply"),
           Shape{"",
                 {{"type", "string"},
                  {"description",
                   "CSV: id, capacity, workers and one column per labour category (one row); "
                   "or workplace, input, coefficient (one row per input)"}},
                 200,
                 "text/csv"});
  for (auto& r : more) routes_.push_back(std::move(r));
}

}  // namespace collegium::server
