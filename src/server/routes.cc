// The API's routes. Each handler runs with the database mutex held unless it says
// otherwise, reads projections or executes commands through the federation, and returns a
// Reply; the router in server.cc does authentication, CSRF, parsing and errors.
#include <httplib.h>
#include <sqlite3.h>

#include <charconv>
#include <fmt/format.h>

#include "base/util.h"
#include "federation/codec.h"
#include "federation/tree.h"
#include "server/server.h"

namespace collegium::server {

namespace fed = collegium::federation;

namespace {

struct Page {
  int64_t offset, limit;
};

Result<Page> paging(const httplib::Request& req) {
  return Page{TRY(query_int(req, "offset", 0, 0, INT64_MAX)), TRY(query_int(req, "limit", 100, 1, 1000))};
}

Json tree_json(const fed::BodyNode& n) {
  Json j = {{"id", n.body.id},           {"name", n.body.name},
            {"kind", fed::to_string(n.body.kind)}, {"seats", n.body.seats},
            {"term_months", n.body.term_months},  {"electorate", n.electorate},
            {"omitted", n.omitted},               {"shown_above", n.shown_above},
            {"constituency_kind", fed::to_string(n.body.constituency.kind)},
            {"constituency_ref", n.body.constituency.ref}};
  if (!n.constituency_name.empty()) j["constituency_name"] = n.constituency_name;
  j["electors"] = Json::array();
  for (const auto& e : n.electors) j["electors"].push_back(tree_json(e));
  return j;
}

Json body_summary(const fed::Body& b) {
  return {{"id", b.id}, {"name", b.name}, {"kind", fed::to_string(b.kind)}, {"seats", b.seats}};
}

}  // namespace

struct RouteHandlers {
  Server& s;

  store::Sqlite& db() { return s.federation().store().db(); }
  const fed::RegistryView& registry() { return s.federation().registry(); }

  Json head() {
    auto& st = s.federation().store();
    return {{"seq", st.head_seq()}, {"hash", to_hex(st.head_hash())}};
  }

  Reply health(Context&) {
    return Reply{200, {{"status", "ok"}, {"record", head()}}};
  }

  Reply federation(Context& c) {
    auto depth = query_int(c.request, "depth", 3, 0, 50);
    if (!depth.ok()) return problem(depth.status());
    auto children = query_int(c.request, "children", 10, 0, 100000);
    if (!children.ok()) return problem(children.status());
    auto counts = s.federation().counts();
    if (!counts.ok()) return problem(counts.status());
    auto tree = fed::body_tree(db(), {static_cast<int>(*depth), *children});
    if (!tree.ok()) return problem(tree.status());
    Json t = Json::array();
    for (const auto& n : *tree) t.push_back(tree_json(n));
    return Reply{200,
                 {{"counts",
                   {{"regions", counts->regions},
                    {"branches", counts->branches},
                    {"workplaces", counts->workplaces},
                    {"shops", counts->shops},
                    {"members", counts->members},
                    {"bodies", counts->bodies},
                    {"production", counts->production},
                    {"technical", counts->technical},
                    {"administrative", counts->administrative}}},
                  {"tree", t},
                  {"record", head()}}};
  }

  Reply bodies(Context& c) {
    auto page = paging(c.request);
    if (!page.ok()) return problem(page.status());
    std::string kind = c.request.has_param("kind") ? c.request.get_param_value("kind") : "";
    if (!kind.empty() && !fed::body_kind_from_string(kind)) {
      return problem(400, "invalid_argument",
                     fmt::format("unknown kind (expected one of: {})", fed::body_kinds_list()), "kind");
    }
    auto q = db().prepare(
        "SELECT id FROM bodies WHERE (?1 = '' OR kind = ?1) ORDER BY seq LIMIT ?2 OFFSET ?3");
    if (!q.ok()) return problem(q.status());
    q->bind(1, kind).bind(2, page->limit).bind(3, page->offset);
    Json out = Json::array();
    while (true) {
      auto row = q->step();
      if (!row.ok()) return problem(row.status());
      if (!*row) break;
      if (auto b = registry().body(q->column_text(0))) out.push_back(body_summary(*b));
    }
    return Reply{200, {{"bodies", out}, {"offset", page->offset}, {"limit", page->limit}}};
  }

  Reply body(Context& c) {
    auto b = registry().body(c.params[0]);
    if (!b) return problem(404, "not_found", fmt::format("no body {}", c.params[0]), "id");
    Json j = fed::to_json(*b);
    int64_t electorate = 0;
    Json electors = Json::array();
    if (b->constituency.kind == fed::Constituency::Kind::kBodies) {
      for (const auto& e : b->constituency.bodies) {
        if (auto eb = registry().body(e)) {
          electors.push_back(body_summary(*eb));
          electorate += eb->seats;
        }
      }
    } else {
      bool workplace = b->constituency.kind == fed::Constituency::Kind::kWorkplace;
      auto q = db().prepare(workplace ? "SELECT COUNT(*) FROM members WHERE workplace = ?"
                                      : "SELECT COUNT(*) FROM members WHERE shop = ?");
      if (!q.ok()) return problem(q.status());
      q->bind(1, b->constituency.ref);
      if (auto row = q->step(); row.ok() && *row) electorate = q->column_int(0);
      if (workplace) {
        if (auto w = registry().workplace(b->constituency.ref)) j["constituency_name"] = w->name;
      } else if (auto sh = registry().shop(b->constituency.ref)) {
        j["constituency_name"] = sh->name;
        j["constituency_workplace"] = sh->workplace;
      }
    }
    Json elects = Json::array();
    auto q = db().prepare("SELECT body FROM body_electors WHERE elector = ? ORDER BY body");
    if (!q.ok()) return problem(q.status());
    q->bind(1, b->id);
    while (true) {
      auto row = q->step();
      if (!row.ok() || !*row) break;
      if (auto eb = registry().body(q->column_text(0))) elects.push_back(body_summary(*eb));
    }
    // The seats in order of mandate, then the vacant ones.
    Json seats = Json::array();
    auto holders = registry().body_mandates(b->id);
    for (int i = 0; i < b->seats; ++i) {
      if (i < static_cast<int>(holders.size())) {
        const auto& m = holders[i];
        auto who = registry().member(m.member);
        seats.push_back({{"seat", i + 1}, {"holder", m.member},
                         {"holder_name", who ? who->name : m.member}, {"mandate", m.id},
                         {"origin", enum_name(m.origin)}, {"term_ends", m.ends}});
      } else {
        seats.push_back({{"seat", i + 1}, {"holder", nullptr}, {"term_ends", nullptr}});
      }
    }
    if (auto open = registry().open_election(b->id)) j["open_election"] = open->id;
    if (auto r = registry().region(b->region)) j["region_name"] = r->name;
    if (auto br = registry().branch(b->branch)) j["branch_name"] = br->name;
    j["electorate"] = electorate;
    j["electors"] = electors;
    j["elects"] = elects;
    j["seat_holders"] = seats;
    return Reply{200, j};
  }

  Reply workplace(Context& c) {
    auto w = registry().workplace(c.params[0]);
    if (!w) return problem(404, "not_found", fmt::format("no workplace {}", c.params[0]), "id");
    Json j = fed::to_json(*w);
    if (auto r = registry().region(w->region)) j["region_name"] = r->name;
    if (auto b = registry().branch(w->branch)) j["branch_name"] = b->name;
    Json shops = Json::array();
    auto q = db().prepare(
        "SELECT s.id, s.name, (SELECT COUNT(*) FROM members m WHERE m.shop = s.id) "
        "FROM shops s WHERE s.workplace = ? ORDER BY s.id");
    if (!q.ok()) return problem(q.status());
    q->bind(1, w->id);
    while (true) {
      auto row = q->step();
      if (!row.ok() || !*row) break;
      shops.push_back({{"id", q->column_text(0)}, {"name", q->column_text(1)}, {"members", q->column_int(2)}});
    }
    j["shops"] = shops;
    Json bodies = Json::array();
    auto bq = db().prepare(
        "SELECT id FROM bodies WHERE constituency_ref = ?1 OR constituency_ref IN "
        "(SELECT id FROM shops WHERE workplace = ?1) ORDER BY seq");
    if (!bq.ok()) return problem(bq.status());
    bq->bind(1, w->id);
    while (true) {
      auto row = bq->step();
      if (!row.ok() || !*row) break;
      if (auto b = registry().body(bq->column_text(0))) bodies.push_back(body_summary(*b));
    }
    j["bodies"] = bodies;
    auto mq = db().prepare("SELECT COUNT(*) FROM members WHERE workplace = ?");
    if (!mq.ok()) return problem(mq.status());
    mq->bind(1, w->id);
    if (auto row = mq->step(); row.ok() && *row) j["members"] = mq->column_int(0);
    return Reply{200, j};
  }

  Reply workplaces(Context& c) {
    auto page = paging(c.request);
    if (!page.ok()) return problem(page.status());
    auto q = db().prepare(
        "SELECT w.id, w.name, w.region, w.branch, (SELECT COUNT(*) FROM members m WHERE "
        "m.workplace = w.id) FROM workplaces w ORDER BY w.id LIMIT ? OFFSET ?");
    if (!q.ok()) return problem(q.status());
    q->bind(1, page->limit).bind(2, page->offset);
    Json out = Json::array();
    while (true) {
      auto row = q->step();
      if (!row.ok()) return problem(row.status());
      if (!*row) break;
      out.push_back({{"id", q->column_text(0)}, {"name", q->column_text(1)}, {"region", q->column_text(2)},
                     {"branch", q->column_text(3)}, {"members", q->column_int(4)}});
    }
    return Reply{200, {{"workplaces", out}, {"offset", page->offset}, {"limit", page->limit}}};
  }

  // What members may see of each other (the constitution's default): name, workplace,
  // category and offices. A member sees their own shop and joining date; so does the
  // operator, who administers the server.
  Json member_view(const fed::Member& m, bool full) {
    Json offices = Json::array();
    for (const auto& o : registry().member_mandates(m.id)) {
      auto b = registry().body(o.body);
      offices.push_back({{"mandate", o.id}, {"body", o.body}, {"body_name", b ? b->name : o.body},
                         {"origin", enum_name(o.origin)}, {"ends", o.ends}});
    }
    Json j = {{"id", m.id}, {"name", m.name}, {"category", fed::to_string(m.category)},
              {"workplace", m.workplace}, {"offices", offices}};
    if (auto w = registry().workplace(m.workplace)) j["workplace_name"] = w->name;
    if (full) {
      j["shop"] = m.shop;
      j["joined"] = m.joined;
    }
    return j;
  }

  Reply member(Context& c) {
    auto m = registry().member(c.params[0]);
    if (!m) return problem(404, "not_found", fmt::format("no member {}", c.params[0]), "id");
    bool full = c.is_operator() || c.session->subject == m->id;
    return Reply{200, member_view(*m, full)};
  }

  Reply members(Context& c) {
    std::string workplace = c.request.has_param("workplace") ? c.request.get_param_value("workplace") : "";
    if (workplace.empty()) {
      return problem(400, "invalid_argument", "give the workplace whose members to list", "workplace");
    }
    auto page = paging(c.request);
    if (!page.ok()) return problem(page.status());
    auto q = db().prepare("SELECT id FROM members WHERE workplace = ? ORDER BY id LIMIT ? OFFSET ?");
    if (!q.ok()) return problem(q.status());
    q->bind(1, workplace).bind(2, page->limit).bind(3, page->offset);
    Json out = Json::array();
    while (true) {
      auto row = q->step();
      if (!row.ok() || !*row) break;
      if (auto m = registry().member(q->column_text(0))) out.push_back(member_view(*m, false));
    }
    return Reply{200, {{"members", out}, {"offset", page->offset}, {"limit", page->limit}}};
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

  Reply checkpoints(Context&) {
    Json out = Json::array();
    for (const auto& cp : s.federation().store().checkpoints()) {
      out.push_back({{"seq", cp.seq}, {"head", to_hex(cp.head)}, {"key", to_hex(cp.key)},
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
    Json seqs = Json::array();
    for (uint64_t q = done.first_seq; q <= done.last_seq; ++q) seqs.push_back(q);
    return Reply{200, {{"events", seqs},
                       {"created", done.created},
                       {"head", {{"seq", done.head_seq}, {"hash", done.head_hash}}}}};
  }

  Reply rotate_key(Context&) {
    PublicKey old_key = s.federation().store().public_key();
    Status st = s.federation().store().rotate_key(kOperatorId);
    if (!st.ok()) return problem(st);
    s.notify_appended();
    return Reply{200, {{"old_key", to_hex(old_key)},
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
      {"GET", "/api/health", "Liveness and the head of the public record", Access::kPublic, false, {},
       bind(&RouteHandlers::health)},
      {"GET", "/api/federation", "Counts and the tree of bodies, from the top down",
       Access::kPublic, false, {"depth", "children"}, bind(&RouteHandlers::federation)},
      {"GET", "/api/bodies", "Bodies, in the order they were declared", Access::kPublic, false,
       {"kind", "offset", "limit"}, bind(&RouteHandlers::bodies)},
      {"GET", "/api/bodies/{id}", "A body: constituency, seats and holders, whom it elects",
       Access::kPublic, false, {}, bind(&RouteHandlers::body)},
      {"GET", "/api/workplaces", "Workplaces with their member counts", Access::kPublic, false,
       {"offset", "limit"}, bind(&RouteHandlers::workplaces)},
      {"GET", "/api/workplaces/{id}", "A workplace: shops, members, its bodies", Access::kPublic,
       false, {}, bind(&RouteHandlers::workplace)},
      {"GET", "/api/members", "Members of a workplace (what members may see of each other)",
       Access::kMember, false, {"workplace", "offset", "limit"}, bind(&RouteHandlers::members)},
      {"GET", "/api/members/{id}", "A member: name, workplace, category, offices",
       Access::kMember, false, {}, bind(&RouteHandlers::member)},
      {"GET", "/api/record", "Events of the public record after a seq", Access::kPublic, false,
       {"after", "limit"}, bind(&RouteHandlers::record)},
      {"GET", "/api/record/checkpoints", "Signed checkpoints and the server's public key",
       Access::kPublic, false, {}, bind(&RouteHandlers::checkpoints)},
      {"POST", "/api/commands",
       "Give a command: nominate, cast_ballot, open_recall, vote_motion... (docs/governance.md); "
       "registry commands are the operator's",
       Access::kMember, true, {}, bind(&RouteHandlers::command)},
      {"POST", "/api/operator/backup", "Write a consistent backup of the database (operator)",
       Access::kOperator, true, {}, bind(&RouteHandlers::backup)},
      {"POST", "/api/operator/rotate-key",
       "Replace the server's signing key; the old key signs the hand-over (operator)",
       Access::kOperator, true, {}, bind(&RouteHandlers::rotate_key)},
  };
}

}  // namespace collegium::server
