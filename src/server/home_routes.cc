// The API's route for a member's home (issue #15): what is open for them, what is due, and
// their bodies and seats, in one answer (read_home.h).
#include <fmt/format.h>

#include "federation/read_home.h"
#include "server/api_shapes.h"
#include "server/server.h"

namespace collegium::server {

namespace fed = collegium::federation;

struct HomeHandlers {
  Server& s;

  // Only the member themselves, or the operator who administers the server: what a member
  // has not yet voted on or signed is theirs (which petitions they have signed is public
  // on the petition, but a list of what they left undone is not a page for others).
  Reply home(Context& c) {
    if (!c.is_operator() && c.session->subject != c.params[0]) {
      return problem(permission_denied(
          fmt::format("a member's home is for that member alone; you are {}", c.session->subject),
          "id"));
    }
    return read_reply(fed::read_home(s.federation(), c.params[0], s.federation().store().now()));
  }
};

void Server::add_home_routes() {
  auto h = std::make_shared<HomeHandlers>(HomeHandlers{*this});
  std::vector<Route> more = {
      {"GET",
       "/api/members/{id}/home",
       "A member's home: elections, petitions, motions, rounds and signals open for them, "
       "reports back, manual labour and workplace reports due, their seats and the bodies "
       "they elect (the member or the operator)",
       Access::kMember,
       false,
       {},
       [h](Context& c) { return h->home(c); }},
  };
  document(more, "GET /api/members/{id}/home", shape_of<fed::HomeView>("HomeView"));
  for (auto& r : more) routes_.push_back(std::move(r));
}

}  // namespace collegium::server
