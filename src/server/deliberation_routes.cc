// The API's routes for meetings and platforms (issue #17; B2, B4): a body's meetings, one
// meeting with its agenda, speakers' lists and minutes, the items bodies closed and how long
// each stayed closed, and the platforms, all public (B1, B2). What members do in meetings
// and with platforms are commands (POST /api/commands).
#include "federation/read_deliberation.h"
#include "server/api_shapes.h"
#include "server/server.h"

namespace collegium::server {

namespace fed = collegium::federation;

struct DeliberationHandlers {
  Server& s;

  Reply meetings(Context& c) {
    auto page = query_page(c.request);
    if (!page.ok()) return problem(page.status());
    return read_reply(fed::list_meetings(s.federation(), {query_text(c.request, "body")}, *page));
  }

  Reply meeting(Context& c) { return read_reply(fed::read_meeting(s.federation(), c.params[0])); }

  Reply closed(Context& c) {
    return read_reply(fed::closed_items(s.federation(), {query_text(c.request, "body")}));
  }

  Reply platforms(Context& c) {
    auto page = query_page(c.request);
    if (!page.ok()) return problem(page.status());
    return read_reply(fed::list_platforms(s.federation(), *page));
  }

  Reply platform(Context& c) { return read_reply(fed::read_platform(s.federation(), c.params[0])); }
};

void Server::add_deliberation_routes() {
  auto h = std::make_shared<DeliberationHandlers>(DeliberationHandlers{*this});
  auto bind = [h](Reply (DeliberationHandlers::*fn)(Context&)) {
    return [h, fn](Context& c) { return ((*h).*fn)(c); };
  };
  std::vector<Route> more = {
      {"GET",
       "/api/meetings",
       "Meetings, latest start first: of a body, or of every body (B2)",
       Access::kPublic,
       false,
       {"body", "offset", "limit"},
       bind(&DeliberationHandlers::meetings)},
      {"GET",
       "/api/meetings/{id}",
       "A meeting: its agenda, each item's speakers' list in its balanced order, who spoke, and "
       "the minutes (withheld while an item is closed)",
       Access::kPublic,
       false,
       {},
       bind(&DeliberationHandlers::meeting)},
      {"GET",
       "/api/closed-items",
       "Every meeting item a body (or any body) closed, with its reason and expiry, and how "
       "long it stayed closed (B2)",
       Access::kPublic,
       false,
       {"body"},
       bind(&DeliberationHandlers::closed)},
      {"GET",
       "/api/platforms",
       "Platforms in the order formed, with their supporters and the constitution's threshold "
       "(B4)",
       Access::kPublic,
       false,
       {"offset", "limit"},
       bind(&DeliberationHandlers::platforms)},
      {"GET",
       "/api/platforms/{id}",
       "A platform: its statement and supporters",
       Access::kPublic,
       false,
       {},
       bind(&DeliberationHandlers::platform)},
  };
  document(more, "GET /api/meetings", shape_of<fed::MeetingList>("MeetingList"));
  document(more, "GET /api/meetings/{id}", shape_of<fed::MeetingView>("MeetingView"));
  document(more, "GET /api/closed-items", shape_of<fed::ClosedItems>("ClosedItems"));
  document(more, "GET /api/platforms", shape_of<fed::PlatformList>("PlatformList"));
  document(more, "GET /api/platforms/{id}", shape_of<fed::PlatformView>("PlatformView"));
  for (auto& r : more) routes_.push_back(std::move(r));
}

}  // namespace collegium::server
