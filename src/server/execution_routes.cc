// The API's routes for carrying out the plan (issue #16; C6): a workplace's fulfilment
// period by period, the plan's fulfilment over a branch, a region or the whole economy, the
// signals before a body, and one signal with its history and consequences, all public (B1);
// and a workplace's report as CSV. Reports, confirmations and what bodies do with signals
// are also commands (POST /api/commands).
#include <fmt/format.h>

#include "federation/execution_csv.h"
#include "federation/read_execution.h"
#include "server/api_shapes.h"
#include "server/server.h"

namespace collegium::server {

namespace fed = collegium::federation;

struct ExecutionHandlers {
  Server& s;

  std::string now() { return s.federation().store().now(); }

  Reply plan(Context& c) {
    return read_reply(fed::read_plan_fulfilment(s.federation(), query_text(c.request, "branch"),
                                                query_text(c.request, "region"), now()));
  }

  Reply workplace(Context& c) {
    return read_reply(fed::read_workplace_fulfilment(s.federation(), c.params[0], now()));
  }

  Reply signals(Context& c) {
    auto page = query_page(c.request);
    if (!page.ok()) return problem(page.status());
    fed::SignalFilter f{query_text(c.request, "body"), query_text(c.request, "workplace"),
                        query_text(c.request, "state")};
    return read_reply(fed::list_signals(s.federation(), f, *page, now()));
  }

  Reply signal(Context& c) {
    return read_reply(fed::read_signal(s.federation(), c.params[0], now()));
  }

  // Runs without the database lock (Lock::kOwn), like POST /api/commands: the command joins
  // the group-commit queue; the rules are decide()'s, the cells only name where a refused
  // figure came from.
  Reply upload(Context& c) {
    auto period = query_int(c.request, "period", 0, 1, INT64_MAX);
    if (!period.ok()) return problem(period.status());
    if (*period == 0) return problem(invalid_argument("give the report period", "period"));
    auto upload = fed::report_from_csv(c.params[0], *period, query_text(c.request, "corrects"),
                                       c.request.body, "body");
    if (!upload.ok()) return problem(upload.status());
    auto done = s.submit(upload->command, c.session->subject);
    if (!done.status.ok()) return problem(fed::in_upload(done.status, *upload));
    return Reply{200, done.reply()};
  }
};

void Server::add_execution_routes() {
  auto h = std::make_shared<ExecutionHandlers>(ExecutionHandlers{*this});
  auto bind = [h](Reply (ExecutionHandlers::*fn)(Context&)) {
    return [h, fn](Context& c) { return ((*h).*fn)(c); };
  };
  std::vector<Route> more = {
      {"GET",
       "/api/plan/fulfilment",
       "The plan being carried out: per report period, targets and confirmed output summed "
       "over the workplaces (of a branch, a region), with the alerts and crises",
       Access::kPublic,
       false,
       {"branch", "region"},
       bind(&ExecutionHandlers::plan)},
      {"GET",
       "/api/workplaces/{id}/fulfilment",
       "A workplace's plan fulfilment period by period: reports, the forecaster's readings, "
       "its signals",
       Access::kPublic,
       false,
       {},
       bind(&ExecutionHandlers::workplace)},
      {"POST",
       "/api/workplaces/{id}/reports",
       "File a workplace's report of one period from CSV (a seat holder of its committee or a "
       "member it named; docs/execution.md)",
       Access::kMember,
       true,
       {"period", "corrects"},
       bind(&ExecutionHandlers::upload),
       Lock::kOwn},
      {"GET",
       "/api/signals",
       "Plan signals, overdue first, then newest: before a body, of a workplace, open or "
       "resolved",
       Access::kPublic,
       false,
       {"body", "workplace", "state", "offset", "limit"},
       bind(&ExecutionHandlers::signals)},
      {"GET",
       "/api/signals/{id}",
       "A plan signal: the reading behind it, its history from body to body, and what its "
       "shortfall would cut if it lasted",
       Access::kPublic,
       false,
       {},
       bind(&ExecutionHandlers::signal)},
  };
  document(more, "GET /api/plan/fulfilment", shape_of<fed::PlanFulfilment>("PlanFulfilment"));
  document(more, "GET /api/workplaces/{id}/fulfilment",
           shape_of<fed::WorkplaceFulfilment>("WorkplaceFulfilment"));
  document(more, "POST /api/workplaces/{id}/reports", shape_of<api::CommandReply>("CommandReply"),
           Shape{"",
                 {{"type", "string"},
                  {"description",
                   "CSV: kind,item,amount, one row a figure: output (a product), hours (a "
                   "member category) or input (a product)"}},
                 200,
                 "text/csv"});
  document(more, "GET /api/signals", shape_of<fed::SignalList>("SignalList"));
  document(more, "GET /api/signals/{id}", shape_of<fed::SignalDetail>("SignalDetail"));
  for (auto& r : more) routes_.push_back(std::move(r));
}

}  // namespace collegium::server
