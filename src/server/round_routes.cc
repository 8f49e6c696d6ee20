// The API's planning-round routes (issue #14; C1-C4): the rounds, one round with its
// alternatives, computations, amendments and votes, what each alternative means for one
// body, the bodies that concern a member, and a workplace's adopted targets. All
// public (C4: the workers see everything a round used and produced); the commands that
// call, amend and vote go through POST /api/commands (routes.cc).
#include <fmt/format.h>

#include "federation/read_rounds.h"
#include "server/api_shapes.h"
#include "server/server.h"

namespace collegium::server {

namespace fed = collegium::federation;

struct RoundHandlers {
  Server& s;

  Reply rounds(Context&) {
    return read_reply(fed::list_rounds(s.federation(), s.federation().store().now()));
  }

  Reply round(Context& c) {
    const std::string viewer = c.session && !c.is_operator() ? c.session->subject : "";
    auto view = fed::read_round(s.federation(), c.params[0], s.federation().store().now(), viewer);
    if (view.ok()) view->computing = s.round_progress(c.params[0]);
    return read_reply(view);
  }

  Reply body(Context& c) {
    return read_reply(fed::read_round_body(s.federation(), c.params[0], c.params[1]));
  }

  Reply member_bodies(Context& c) {
    return read_reply(fed::member_round_bodies(s.federation(), c.params[0]));
  }

  Reply targets(Context& c) {
    return read_reply(fed::read_workplace_targets(s.federation(), c.params[0]));
  }
};

void Server::add_round_routes() {
  auto h = std::make_shared<RoundHandlers>(RoundHandlers{*this});
  auto bind = [h](Reply (RoundHandlers::*fn)(Context&)) {
    return [h, fn](Context& c) { return ((*h).*fn)(c); };
  };
  std::vector<Route> more = {
      {"GET",
       "/api/rounds",
       "Planning rounds, newest first, with their phase and schedule",
       Access::kPublic,
       false,
       {},
       bind(&RoundHandlers::rounds)},
      {"GET",
       "/api/rounds/{id}",
       "A planning round: its call, alternatives, computations (with the digest of the data "
       "used), amendments and votes, and the server's computation while it runs",
       Access::kPublic,
       false,
       {},
       bind(&RoundHandlers::round)},
      {"GET",
       "/api/rounds/{id}/bodies/{body}",
       "What each alternative of a round means for one body, and its members' aggregate "
       "vote",
       Access::kPublic,
       false,
       {},
       bind(&RoundHandlers::body)},
      {"GET",
       "/api/members/{id}/round-bodies",
       "The bodies whose figures in a planning round concern a member, nearest first",
       Access::kPublic,
       false,
       {},
       bind(&RoundHandlers::member_bodies)},
      {"GET",
       "/api/workplaces/{id}/targets",
       "A workplace's targets from adopted plans, newest first",
       Access::kPublic,
       false,
       {},
       bind(&RoundHandlers::targets)},
  };
  document(more, "GET /api/rounds", shape_of<fed::RoundList>("RoundList"));
  document(more, "GET /api/rounds/{id}", shape_of<fed::RoundView>("RoundView"));
  document(more, "GET /api/rounds/{id}/bodies/{body}",
           shape_of<fed::RoundBodyView>("RoundBodyView"));
  document(more, "GET /api/members/{id}/round-bodies", shape_of<fed::RoundBodies>("RoundBodies"));
  document(more, "GET /api/workplaces/{id}/targets",
           shape_of<fed::WorkplaceTargets>("WorkplaceTargets"));
  for (auto& r : more) routes_.push_back(std::move(r));
}

}  // namespace collegium::server
