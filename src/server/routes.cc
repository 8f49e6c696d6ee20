// The API's routes. Each handler runs with the database mutex held unless it says
// otherwise, reads projections or executes commands through the federation, and returns a
// Reply; the router in server.cc does authentication, CSRF, parsing and errors.
#include <httplib.h>

#include "base/util.h"
#include "federation/codec.h"
#include "federation/read_record.h"
#include "federation/read_registry.h"
#include "federation/read_search.h"
#include "server/api_shapes.h"
#include "server/server.h"

namespace collegium::server {

namespace fed = collegium::federation;

namespace {

// The overview's shape, with the tree of bodies as the recursive schema it is: a node's
// electors are nodes (the read model's own schema stops at the first level).
Shape federation_shape() {
  Shape s = shape_of<fed::FederationOverview>("FederationOverview");
  Json node_ref = {{"$ref", "#/components/schemas/TreeNode"}};
  Json node = json_schema<fed::TreeNode>();
  node["properties"]["electors"]["items"] = node_ref;
  s.schema["properties"]["tree"]["items"] = node_ref;
  s.components["TreeNode"] = std::move(node);
  return s;
}

}  // namespace

struct RouteHandlers {
  Server& s;

  Json head() { return write_json(fed::record_head(s.federation())); }

  Reply health(Context&) { return Reply{200, {{"status", "ok"}, {"record", head()}}}; }

  // The registry's reads are the federation's read models (read_registry.h): a handler
  // parses the request, reads, and writes what it read.
  Reply federation(Context& c) {
    auto depth = query_int(c.request, "depth", 3, 0, 50);
    if (!depth.ok()) return problem(depth.status());
    auto children = query_int(c.request, "children", 10, 0, 100000);
    if (!children.ok()) return problem(children.status());
    return read_reply(fed::read_federation(s.federation(), {static_cast<int>(*depth), *children}));
  }

  Reply bodies(Context& c) {
    auto page = query_page(c.request);
    if (!page.ok()) return problem(page.status());
    return read_reply(fed::list_bodies(s.federation(), {query_text(c.request, "kind")}, *page));
  }

  Reply body(Context& c) { return read_reply(fed::read_body(s.federation(), c.params[0])); }

  Reply workplace(Context& c) {
    return read_reply(fed::read_workplace(s.federation(), c.params[0]));
  }

  Reply workplaces(Context& c) {
    auto page = query_page(c.request);
    if (!page.ok()) return problem(page.status());
    return read_reply(fed::list_workplaces(s.federation(), *page));
  }

  // A member sees their own shop and joining date; so does the operator, who administers
  // the server.
  Reply member(Context& c) {
    bool full = c.is_operator() || c.session->subject == c.params[0];
    return read_reply(fed::read_member(s.federation(), c.params[0], full));
  }

  Reply members(Context& c) {
    auto page = query_page(c.request);
    if (!page.ok()) return problem(page.status());
    return read_reply(
        fed::list_members(s.federation(), {query_text(c.request, "workplace")}, *page));
  }

  // Search (issue #15): public, and it finds only what the caller may already read: members
  // who never held a seat only for the logged in, who list each other anyway. `page` counts
  // from 1, twenty hits of each kind a page.
  Reply search(Context& c) {
    auto page = query_int(c.request, "page", 1, 1, 100000);
    if (!page.ok()) return problem(page.status());
    constexpr int64_t kPerPage = 20;
    fed::SearchFilter f{query_text(c.request, "q"), query_text(c.request, "kind"),
                        c.session.has_value()};
    return read_reply(fed::search(s.federation(), f, {(*page - 1) * kPerPage, kPerPage}));
  }

  Reply record(Context& c) {
    auto after = query_int(c.request, "after", 0, 0, INT64_MAX);
    auto limit = query_int(c.request, "limit", 100, 1, 1000);
    if (!after.ok()) return problem(after.status());
    if (!limit.ok()) return problem(limit.status());
    Json events = Json::array();
    int64_t n = 0;
    Status st = s.federation().store().for_each_event(
        static_cast<uint64_t>(*after) + 1,
        [&](uint64_t, std::string_view bytes, const Digest& hash) -> Status {
          if (n++ >= *limit) return Status(Code::kUnavailable, "enough");  // stop early
          Json e = TRY(parse_json(bytes, "event"));
          e["hash"] = to_hex(hash);
          events.push_back(std::move(e));
          return {};
        });
    if (!st.ok() && st.code() != Code::kUnavailable) return problem(st);
    return Reply{200, {{"events", events}, {"head", head()}}};
  }

  // The record in words (read_record.h): each query parameter is the RecordQuery field of
  // its name, checked there; integers are checked here first, as everywhere.
  Reply record_entries(Context& c) {
    fed::RecordQuery q;
    std::string order = query_text(c.request, "order");
    if (!order.empty()) q.order = order;
    q.kind = query_text(c.request, "kind");
    q.body = query_text(c.request, "body");
    q.member = query_text(c.request, "member");
    q.q = query_text(c.request, "q");
    auto routine = query_int(c.request, "routine", 0, 0, 1);
    if (!routine.ok()) return problem(routine.status());
    q.routine = *routine == 1;
    auto before = query_int(c.request, "before", 0, 0, INT64_MAX);
    if (!before.ok()) return problem(before.status());
    auto after = query_int(c.request, "after", 0, 0, INT64_MAX);
    if (!after.ok()) return problem(after.status());
    auto limit = query_int(c.request, "limit", 50, 1, fed::kMaxRecordLimit);
    if (!limit.ok()) return problem(limit.status());
    q.before = *before;
    q.after = *after;
    q.limit = *limit;
    return read_reply(fed::list_record(s.federation(), q));
  }

  Reply checkpoints(Context&) {
    Json out = Json::array();
    for (const auto& cp : s.federation().store().checkpoints()) {
      out.push_back({{"seq", cp.seq},
                     {"head", to_hex(cp.head)},
                     {"key", to_hex(cp.key)},
                     {"signature", to_hex(cp.signature)}});
    }
    return Reply{200, {{"checkpoints", out}, {"key", to_hex(s.federation().store().public_key())}}};
  }

  // Runs without the database lock: the command joins the group-commit queue.
  Reply command(Context& c) {
    auto cmd = fed::command_from_json(c.body, "");
    if (!cmd.ok()) return problem(cmd.status());
    // The caller gives the command; decide() says whether they may (DESIGN.md: no rule is
    // checked here).
    auto done = s.submit(std::move(*cmd), c.session->subject);
    if (!done.status.ok()) return problem(done.status);
    return Reply{200, done.reply()};
  }

  Reply rotate_key(Context&) {
    PublicKey old_key = s.federation().store().public_key();
    Status st = s.federation().store().rotate_key(kOperatorId);
    if (!st.ok()) return problem(st);
    s.notify_appended();
    return Reply{200,
                 {{"old_key", to_hex(old_key)},
                  {"new_key", to_hex(s.federation().store().public_key())},
                  {"head", head()}}};
  }

  Reply backup(Context&) {
    std::string stamp = now_utc_iso();
    std::replace(stamp.begin(), stamp.end(), ':', '-');
    auto file = s.options_.data_dir / "backups" / ("collegium-" + stamp + ".db");
    // The store leaves out every ballot of a poll still open (invariant 3) and says which.
    auto made = s.federation().store().backup(file);
    if (!made.ok()) return problem(made.status());
    // Every operator act lands in the public record.
    Status st = s.federation().note("operator.backup", kOperatorId,
                                    Json{{"file", file.filename().string()},
                                         {"head_seq", made->head_seq},
                                         {"omitted_boxes", made->omitted}});
    if (!st.ok()) return problem(st);
    s.notify_appended();
    return Reply{200,
                 {{"file", file.string()}, {"omitted_boxes", made->omitted}, {"head", head()}}};
  }
};

void Server::add_routes() {
  auto h = std::make_shared<RouteHandlers>(RouteHandlers{*this});
  auto bind = [h](Reply (RouteHandlers::*fn)(Context&)) {
    return [h, fn](Context& c) { return ((*h).*fn)(c); };
  };
  routes_ = {
      {"GET",
       "/api/health",
       "Liveness and the head of the public record",
       Access::kPublic,
       false,
       {},
       bind(&RouteHandlers::health)},
      {"GET",
       "/api/federation",
       "Counts and the tree of bodies, from the top down",
       Access::kPublic,
       false,
       {"depth", "children"},
       bind(&RouteHandlers::federation)},
      {"GET",
       "/api/bodies",
       "Bodies, in the order they were declared",
       Access::kPublic,
       false,
       {"kind", "offset", "limit"},
       bind(&RouteHandlers::bodies)},
      {"GET",
       "/api/bodies/{id}",
       "A body: constituency, seats and holders, whom it elects",
       Access::kPublic,
       false,
       {},
       bind(&RouteHandlers::body)},
      {"GET",
       "/api/workplaces",
       "Workplaces with their member counts",
       Access::kPublic,
       false,
       {"offset", "limit"},
       bind(&RouteHandlers::workplaces)},
      {"GET",
       "/api/workplaces/{id}",
       "A workplace: shops, members, its bodies",
       Access::kPublic,
       false,
       {},
       bind(&RouteHandlers::workplace)},
      {"GET",
       "/api/members",
       "Members of a workplace (what members may see of each other)",
       Access::kMember,
       false,
       {"workplace", "offset", "limit"},
       bind(&RouteHandlers::members)},
      {"GET",
       "/api/members/{id}",
       "A member: name, workplace, category, offices",
       Access::kMember,
       false,
       {},
       bind(&RouteHandlers::member)},
      {"GET",
       "/api/search",
       "Search members, bodies, polls and motions by name or words, grouped by kind (members "
       "who hold no seat only for the logged in)",
       Access::kPublic,
       false,
       {"q", "kind", "page"},
       bind(&RouteHandlers::search)},
      {"GET",
       "/api/record",
       "Events of the public record after a seq",
       Access::kPublic,
       false,
       {"after", "limit"},
       bind(&RouteHandlers::record)},
      {"GET",
       "/api/record/entries",
       "The record in words, newest first or oldest first, filtered by kind or group (kind=), "
       "body, member and words (q=); routine=1 shows the clock's routine steps; keyset pages "
       "(before= newest first, after= oldest first)",
       Access::kPublic,
       false,
       {"order", "kind", "body", "member", "q", "routine", "before", "after", "limit"},
       bind(&RouteHandlers::record_entries)},
      {"GET",
       "/api/record/checkpoints",
       "Signed checkpoints and the server's public key",
       Access::kPublic,
       false,
       {},
       bind(&RouteHandlers::checkpoints)},
      {"POST",
       "/api/commands",
       "Give a command: nominate, cast_ballot, open_recall, vote_motion... (docs/governance.md); "
       "registry commands are the operator's",
       Access::kMember,
       true,
       {},
       bind(&RouteHandlers::command),
       Lock::kOwn},
      {"POST",
       "/api/operator/backup",
       "Write a consistent backup of the database (operator)",
       Access::kOperator,
       true,
       {},
       bind(&RouteHandlers::backup)},
      {"POST",
       "/api/operator/rotate-key",
       "Replace the server's signing key; the old key signs the hand-over (operator)",
       Access::kOperator,
       true,
       {},
       bind(&RouteHandlers::rotate_key)},
  };
  // What each route answers (the read models' own schemas) and takes, for the OpenAPI
  // document and the tests that hold every answer against it.
  document(routes_, "GET /api/health", shape_of<api::Health>("Health"));
  document(routes_, "GET /api/federation", federation_shape());
  document(routes_, "GET /api/bodies", shape_of<fed::BodyList>("BodyList"));
  document(routes_, "GET /api/bodies/{id}", shape_of<fed::BodyDetail>("BodyDetail"));
  document(routes_, "GET /api/workplaces", shape_of<fed::WorkplaceList>("WorkplaceList"));
  document(routes_, "GET /api/workplaces/{id}", shape_of<fed::WorkplaceDetail>("WorkplaceDetail"));
  document(routes_, "GET /api/members", shape_of<fed::MemberList>("MemberList"));
  document(routes_, "GET /api/members/{id}", shape_of<fed::MemberView>("MemberView"));
  document(routes_, "GET /api/record", shape_of<api::RecordPage>("RecordPage"));
  document(routes_, "GET /api/record/entries", shape_of<fed::RecordEntries>("RecordEntries"));
  document(routes_, "GET /api/search", shape_of<fed::SearchResult>("SearchResult"));
  document(routes_, "GET /api/record/checkpoints", shape_of<api::Checkpoints>("Checkpoints"));
  // Each command's body, from the federation's one table of commands.
  document(routes_, "POST /api/commands", shape_of<api::CommandReply>("CommandReply"),
           command_request(fed::command_schemas()));
  document(routes_, "POST /api/operator/backup", shape_of<api::Backup>("Backup"));
  document(routes_, "POST /api/operator/rotate-key", shape_of<api::RotatedKey>("RotatedKey"));
}

}  // namespace collegium::server
