// The HTTP API against a real server on 127.0.0.1: every route x every role, the OpenAPI
// document against the routes that exist, problem+json for every kind of bad input with
// nothing written, event streams, concurrent writes, and what the access log must never
// contain.
#include "server/server.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "base/util.h"
#include "federation/codec.h"
#include "federation/demo.h"
#include "server/test_client.h"

namespace collegium::server {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPassword = "correct horse battery";

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("collegium-server-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    ServerOptions o;
    o.port = 0;
    o.data_dir = dir_;
    o.hash_cost = HashCost::kFast;
    o.requests_per_second = 0;
    o.max_body_bytes = 64 * 1024;
    o.request_seconds = 2;  // short, for the slow-client test
    // The access log goes to a file, to check that no secret ever reaches it.
    log_ = dir_.string() + ".log";
    saved_stderr_ = ::dup(2);
    FILE* f = std::fopen(log_.c_str(), "w");
    ::dup2(::fileno(f), 2);
    std::fclose(f);
    auto s = Server::open(o);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    server_ = std::move(*s).release();
    ASSERT_TRUE(
        federation::load_demo(server_->federation(), {.workplaces = 4, .members = 60, .seed = 2})
            .ok());
    ASSERT_TRUE(server_->accounts().set_password(kOperatorId, kPassword).ok());
    ASSERT_TRUE(server_->accounts().set_password("m-0000001", kPassword).ok());
    ASSERT_TRUE(server_->accounts().set_password("m-0000002", kPassword).ok());
    std::promise<int> ready;
    thread_ = new std::thread([&ready] {
      Status st = server_->run([&ready](int p) { ready.set_value(p); });
      EXPECT_TRUE(st.ok()) << st.to_string();
    });
    port_ = ready.get_future().get();
  }

  static void TearDownTestSuite() {
    server_->stop();
    thread_->join();
    delete thread_;
    delete server_;
    ::dup2(saved_stderr_, 2);
    fs::remove_all(dir_);
    fs::remove(log_);
  }

  using Caller = test::Caller;

  static Caller login(const std::string& who) {
    Caller c = test::login(port_, who, kPassword);
    EXPECT_FALSE(c.cookie.empty()) << who;
    return c;
  }

  static std::pair<int, Json> call(const std::string& method, const std::string& path,
                                   const Caller& c = {}, const std::string& body = "",
                                   const std::string& content_type = "application/json") {
    return test::call(port_, method, path, c, body, content_type);
  }

  static uint64_t head() {
    std::lock_guard lock(server_->db_mutex());
    return server_->federation().store().head_seq();
  }

  static inline fs::path dir_;
  static inline std::string log_;
  static inline int saved_stderr_ = -1;
  static inline Server* server_ = nullptr;
  static inline std::thread* thread_ = nullptr;
  static inline int port_ = 0;
};

const std::string kAdmit =
    R"({"admit_member": {"id": "m-new-ID", "name": "Vera Nowak", "category": "production",
        "workplace": "w-1", "joined": "2024-02-01"}})";

std::string admit(const std::string& id) {
  std::string s = kAdmit;
  return s.replace(s.find("ID"), 2, id);
}

// Every route of the table (server_->routes(), governance routes included) x every role:
// anonymous, a member, an official (a seat holder, where the demo has one) and the operator.
// The status a caller gets follows from the route's Access; the routes whose answer
// depends on more (a body, a query, a command) have samples below, and a route that
// writes, or names a kind of thing the test cannot find an id for, fails until it has one.
TEST_F(ServerTest, EveryRouteAsEveryRole) {
  enum Role { kAnonymous, kMember, kOfficial, kOperator, kRoles };
  const char* role_names[kRoles] = {"anonymous", "member", "official", "operator"};
  using Statuses = std::array<int, kRoles>;
  struct Sample {
    std::string query;                 // appended to the path
    std::string body;                  // an "X" in it becomes a number of its own at each call
    std::optional<Statuses> statuses;  // when the route's Access does not say it all
    int ok = 200;                      // a caller with access, when `statuses` is not set
    bool ends_session = false;         // the caller logs in afresh for it
  };
  Caller op = login("operator");
  auto first_id = [&](const std::string& path, const std::string& list,
                      const std::string& field = "id") -> std::string {
    auto [status, reply] = call("GET", path, op);
    EXPECT_EQ(status, 200) << path << ": " << reply.dump();
    const Json& items = reply[list];
    return items.empty() ? "" : items[0].value(field, "");
  };
  const std::string workplace = first_id("/api/workplaces", "workplaces");
  const std::string seat_holder = first_id("/api/mandates", "mandates", "member");
  // The id each kind of path parameter takes: the first such thing in the demo, or none
  // (a path whose thing the demo lacks answers 404 to whoever may ask).
  const std::map<std::string, std::string> ids = {
      {"bodies", first_id("/api/bodies", "bodies")},
      {"workplaces", workplace},
      {"members", "m-0000002"},
      {"officials", seat_holder.empty() ? "m-0000002" : seat_holder},
      {"polls", first_id("/api/polls", "polls")},
      {"recalls", first_id("/api/recalls", "recalls")},
      {"motions", first_id("/api/motions", "motions")},
      {"appeals", first_id("/api/appeals", "appeals")},
      {"rounds", first_id("/api/rounds", "rounds")},
      {"signals", first_id("/api/signals", "signals")},
      {"meetings", first_id("/api/meetings", "meetings")},
      {"platforms", first_id("/api/platforms", "platforms")},
  };
  const std::map<std::string, std::vector<Sample>> samples = {
      {"POST /api/session",
       {{.body = Json{{"member", "m-0000002"}, {"password", kPassword}}.dump()},
        {.body = R"({"member": "m-0000002"})", .statuses = Statuses{400, 400, 400, 400}}}},
      {"DELETE /api/session", {{.ok = 204, .ends_session = true}}},
      {"POST /api/tokens", {{}}},
      {"GET /api/members", {{.query = "?workplace=" + workplace}}},
      // The record in words is public, filters and all (issue #15); a bad filter is a 400
      // for everyone.
      {"GET /api/record/entries",
       {{.query = "?kind=elections&member=m-0000002&q=elected&limit=5"},
        {.query = "?order=sideways", .statuses = Statuses{400, 400, 400, 400}}}},
      // A search needs its words; it is public either way (issue #15).
      {"GET /api/search",
       {{.query = "?q=a"},
        {.query = "?q=m-0000002&kind=member&page=2"},
        {.query = "", .statuses = Statuses{400, 400, 400, 400}},
        {.query = "?q=a&kind=people", .statuses = Statuses{400, 400, 400, 400}}}},
      // Ballots are published when a poll closes; the demo's polls are all still open.
      {"GET /api/polls/{id}/ballots", {{.ok = 404}}},
      // Registry commands are the operator's; only the member concerned answers a
      // nomination, and the operator is no candidate.
      {"POST /api/commands",
       {{.body = admit("m-matrix-X"), .statuses = Statuses{401, 403, 403, 200}},
        {.body = R"({"accept_nomination": {"poll": "poll-X"}})",
         .statuses = Statuses{401, 404, 404, 403}},
        {.body = R"({"decline_nomination": {"poll": "poll-X"}})",
         .statuses = Statuses{401, 404, 404, 403}},
        {.body = R"({"withdraw_candidacy": {"poll": "poll-X"}})",
         .statuses = Statuses{401, 404, 404, 403}},
        // A round is called by the council, amended by committees and unions, voted by
        // members; the operator is none of these.
        {.body = R"({"propose_round": {"body": "body-X", "text": "t", "round": {"period": "2027",
                   "productivity_gain": 0.02, "choices": [], "discussion_until": "",
                   "amendment_until": "", "vote_until": ""}}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"propose_round_amendment": {"round": "round-X", "workplace": "w",
                   "text": "t", "target": 1}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"cast_round_ballot": {"round": "round-X", "ranks": [1, 2]}})",
         .statuses = Statuses{401, 404, 404, 403}},
        // Reports are filed by a workplace's committee and those it names, signals dealt
        // with by the body they are before; the operator is none of these.
        {.body = R"({"name_reporters": {"workplace": "w-X", "members": []}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"file_report": {"workplace": "w-X", "period": 1,
                   "figures": {"output": {"p": 1}}}})",
         .statuses = Statuses{401, 404, 404, 403}},
        {.body = R"({"confirm_report": {"report": "report-X"}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"propose_target_revision": {"workplace": "w-X", "text": "t", "target": 1}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"acknowledge_signal": {"signal": "signal-X"}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"resolve_signal": {"signal": "signal-X", "note": "n"}})",
         .statuses = Statuses{401, 404, 404, 404}},
        // Meetings are a body's (the demo schedules none); platforms are members' own, and
        // the operator is no member (B2, B4).
        {.body = R"({"schedule_meeting": {"body": "body-X", "title": "t",
                   "starts": "2030-01-01T00:00:00Z", "agenda": [{"text": "t", "minutes": 5}]}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"request_floor": {"meeting": "meeting-X", "item": 1, "side": "for"}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"give_floor": {"meeting": "meeting-X", "item": 1, "member": "m"}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"write_minutes": {"meeting": "meeting-X", "item": 1, "text": "t"}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"confirm_minutes": {"meeting": "meeting-X", "item": 1}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"close_item": {"meeting": "meeting-X", "item": 1, "reason": "r",
                   "until": "2030-01-01T00:00:00Z"}})",
         .statuses = Statuses{401, 404, 404, 404}},
        {.body = R"({"form_platform": {"name": "Platform X", "statement": "s"}})",
         .statuses = Statuses{401, 200, 200, 403}},
        {.body = R"({"support_platform": {"platform": "platform-X"}})",
         .statuses = Statuses{401, 404, 404, 403}}}},
      // A workplace's data is changed by its committee's seat holders alone; the demo
      // elects none, and the operator is on no committee.
      {"POST /api/workplaces/{id}/production",
       {{.body = "capacity\n100\n", .statuses = Statuses{401, 403, 403, 403}}}},
      // A report is filed by the same; the demo's workplace has no committee seat holder.
      {"POST /api/workplaces/{id}/reports",
       {{.query = "?period=1",
         .body = "kind,item,amount\noutput,p,1\n",
         .statuses = Statuses{401, 403, 403, 403}}}},
      {"POST /api/operator/backup", {{}}},
      {"POST /api/operator/rotate-key", {{}}},
      // A member's home is theirs and the operator's (#15): m-0000002's, to the others, is
      // refused.
      {"GET /api/members/{id}/home", {{.statuses = Statuses{401, 403, 403, 200}}}},
  };

  std::array<std::string, kRoles> who = {"", "m-0000001", seat_holder, "operator"};
  if (!seat_holder.empty()) {
    std::lock_guard lock(server_->db_mutex());
    ASSERT_TRUE(server_->accounts().set_password(seat_holder, kPassword).ok());
  }
  std::array<Caller, kRoles> callers;
  for (int r = kMember; r < kRoles; ++r) {
    if (!who[r].empty()) callers[r] = login(who[r]);
  }
  int n = 0;
  std::set<std::string> tried;
  // Every answer is also held against the route's schema in the OpenAPI document.
  const Json document = openapi_document(server_->routes(), "test");
  for (const auto& route : server_->routes()) {
    std::string key = route.method + " " + route.path;
    if (!route.handler) continue;  // a stream, served apart: checked in its own tests
    // The concrete path: each {id} takes an id of the kind the segment before it names.
    std::string path = route.path;
    bool missing = false;
    for (size_t at; (at = path.find("{id}")) != std::string::npos;) {
      std::string kind = path.substr(0, at - 1);
      kind = kind.substr(kind.rfind('/') + 1);
      auto id = ids.find(kind);
      if (id == ids.end()) {
        ADD_FAILURE() << key << ": no sample id for {id} after /" << kind << "/";
        missing = true;
        break;
      }
      path.replace(at, 4, id->second.empty() ? "nothing-" + kind : id->second);
      if (id->second.empty()) missing = true;
    }
    // A round's body: the first body.
    if (size_t at = path.find("{body}"); at != std::string::npos) {
      const std::string& body = ids.at("bodies");
      path.replace(at, 6, body.empty() ? "nothing-bodies" : body);
      if (body.empty()) missing = true;
    }
    if (path.find('{') != std::string::npos) continue;
    auto found = samples.find(key);
    if (found == samples.end() && (route.writes || route.method != "GET")) {
      ADD_FAILURE() << key << ": a route that writes needs a sample (body and expected statuses)";
      continue;
    }
    const std::vector<Sample> plain = {Sample{}};
    for (const auto& sample : found == samples.end() ? plain : found->second) {
      int ok = missing ? 404 : sample.ok;
      Statuses expected =
          sample.statuses.value_or(route.access == Access::kPublic   ? Statuses{ok, ok, ok, ok}
                                   : route.access == Access::kMember ? Statuses{401, ok, ok, ok}
                                                                     : Statuses{401, 403, 403, ok});
      for (int r = 0; r < kRoles; ++r) {
        if (r != kAnonymous && who[r].empty()) continue;  // no such role in the demo
        Caller caller = r == kAnonymous       ? Caller{}
                        : sample.ends_session ? login(who[r])
                                              : callers[r];
        std::string body = sample.body;
        if (auto x = body.find('X'); x != std::string::npos)
          body.replace(x, 1, std::to_string(n++));
        // The body in the type the route takes (a CSV upload's is text/csv).
        const std::string type =
            route.request ? route.request->content_type : std::string("application/json");
        auto [status, reply] = call(route.method, path + sample.query, caller, body, type);
        EXPECT_EQ(status, expected[r]) << key << " (" << path << sample.query << ") as "
                                       << role_names[r] << ": " << reply.dump();
        Status fits = check_answer(document, route.method, path + sample.query, status, reply);
        EXPECT_TRUE(fits.ok()) << key << " as " << role_names[r] << ": " << fits.to_string();
        if (status >= 400) {
          EXPECT_TRUE(reply.contains("code"))
              << key << " as " << role_names[r] << ": " << reply.dump();
        }
        if (sample.ends_session && status < 400) {
          EXPECT_EQ(call("GET", "/api/session", caller).first, 401)
              << key << " as " << role_names[r];
        }
      }
      // A web session that writes must send its CSRF token; the operator may call every
      // route, so the refusal can only be for the token.
      if (route.writes) {
        Caller fresh = login("operator");
        std::string body = sample.body;
        if (auto x = body.find('X'); x != std::string::npos)
          body.replace(x, 1, std::to_string(n++));
        auto [status, reply] =
            call(route.method, path + sample.query, Caller{fresh.cookie, "", ""}, body);
        EXPECT_EQ(status, 403) << key << " without the CSRF token: " << reply.dump();
        EXPECT_EQ(reply.value("code", ""), "csrf_token_missing") << key;
        std::tie(status, reply) =
            call(route.method, path + sample.query, Caller{fresh.cookie, "0123", ""}, body);
        EXPECT_EQ(reply.value("code", ""), "csrf_token_mismatch") << key;
      }
    }
    tried.insert(key);
  }
  // Every route was tried, the governance routes among them.
  for (const auto& route : server_->routes()) {
    if (route.handler) {
      EXPECT_TRUE(tried.count(route.method + " " + route.path)) << route.path;
    }
  }
  EXPECT_TRUE(tried.count("GET /api/polls/{id}/nominations"));
  for (const auto& [key, unused] : samples) {
    EXPECT_TRUE(tried.count(key)) << "a sample for no route: " << key;
  }
}

TEST_F(ServerTest, TheOpenApiDocumentListsExactlyTheRoutesThatExist) {
  auto [status, doc] = call("GET", "/api/openapi.json");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::set<std::string> documented;
  for (const auto& [path, methods] : doc["paths"].items()) {
    for (const auto& [method, op] : methods.items()) {
      std::string m = method;
      std::transform(m.begin(), m.end(), m.begin(), ::toupper);
      documented.insert(m + " " + path);
      std::string concrete = path;
      if (auto p = concrete.find("{id}"); p != std::string::npos) concrete.replace(p, 4, "council");
      if (concrete == "/api/events") continue;  // a stream: checked in its own test
      // A documented route answers with something other than "no route" or "wrong method".
      auto [s, reply] = call(m, concrete, {}, "");
      EXPECT_NE(s, 405) << m << " " << path;
      if (s == 404) {
        EXPECT_NE(reply.value("detail", ""), "no route " + concrete) << m << " " << path;
      }
    }
  }
  std::set<std::string> routed;
  for (const auto& r : server_->routes()) routed.insert(r.method + " " + r.path);
  EXPECT_EQ(documented, routed);
  EXPECT_EQ(call("GET", "/api/undocumented").first, 404);
  // Each command's body is described, from the commands' own table, as the Command schema.
  const Json& body =
      doc["paths"]["/api/commands"]["post"]["requestBody"]["content"]["application/json"];
  EXPECT_EQ(body["schema"], Json({{"$ref", "#/components/schemas/Command"}})) << body.dump();
  const Json& commands = doc["components"]["schemas"]["Command"]["oneOf"];
  EXPECT_EQ(commands.size(), federation::command_schemas().size());
  bool nominate = false;
  for (const auto& c : commands) nominate = nominate || c["required"] == Json{"nominate"};
  EXPECT_TRUE(nominate) << commands.dump();
}

TEST_F(ServerTest, BadInputGetsAPreciseProblemAndWritesNothing) {
  Caller op = login("operator");
  uint64_t before = head();
  auto expect = [&](std::pair<int, Json> r, int status, const std::string& code,
                    const std::string& field = "") {
    EXPECT_EQ(r.first, status) << r.second.dump();
    EXPECT_EQ(r.second.value("code", ""), code) << r.second.dump();
    if (!field.empty()) {
      EXPECT_EQ(r.second.value("field", ""), field) << r.second.dump();
    }
    EXPECT_EQ(head(), before) << "a refused request wrote to the record";
  };
  expect(
      call("POST", "/api/session", {}, R"({"member": "operator", "password": "wrong password"})"),
      401, "wrong_credentials");
  expect(
      call("POST", "/api/session", {}, R"({"member": "m-nobody", "password": "wrong password"})"),
      401, "wrong_credentials");
  expect(call("POST", "/api/session", {}, R"({"password": "x"})"), 400, "invalid_argument",
         "member");
  expect(call("POST", "/api/commands", op, R"({"admit_member": {"id": )"), 400, "malformed_json");
  expect(call("POST", "/api/commands", op, R"([1, 2])"), 400, "malformed_json");
  expect(call("POST", "/api/commands", op, R"({"admit_member": {"id": "m-x", "name": "X",
      "category": "boss", "workplace": "w-1", "joined": "2020-01-01"}})"),
         400, "invalid_argument", "/admit_member/category");
  expect(call("POST", "/api/commands", op, admit("0").replace(admit("0").find("w-1"), 3, "w-404")),
         404, "not_found", "/workplace");
  // A name that would show as another: a right-to-left override inside it (#12).
  expect(call("POST", "/api/commands", op,
              admit("0").replace(admit("0").find("Vera"), 4, "Ve\\u202era")),
         400, "invalid_argument", "/name");
  expect(call("POST", "/api/commands", Caller{op.cookie, "", ""}, admit("1")), 403,
         "csrf_token_missing", "X-CSRF-Token");
  expect(call("POST", "/api/commands", Caller{op.cookie, "0123", ""}, admit("1")), 403,
         "csrf_token_mismatch");
  expect(call("POST", "/api/commands", op, std::string(100 * 1024, ' ')), 413, "payload_too_large");
  expect(call("GET", "/api/bodies?limit=5000"), 400, "invalid_argument", "limit");
  expect(call("GET", "/api/bodies?kind=boss"), 400, "invalid_argument", "kind");
  expect(call("GET", "/api/bodies/nope"), 404, "not_found");
  expect(call("PUT", "/api/health"), 405, "method_not_allowed");
  expect(call("GET", "/api/nothing/here"), 404, "not_found");
  expect(call("GET", "/api/session", Caller{std::string(64, 'a'), "", ""}), 401, "unauthenticated");
  // A bearer token is not a cookie and a cookie is not a bearer token.
  auto [ts, token] = call("POST", "/api/tokens", op);
  ASSERT_EQ(ts, 200);
  std::string t = token["token"];
  EXPECT_EQ(call("GET", "/api/session", Caller{"", "", t}).first, 200);
  expect(call("GET", "/api/session", Caller{t, "", ""}), 401, "unauthenticated");
  // An expired session is refused.
  {
    std::lock_guard lock(server_->db_mutex());
    ASSERT_TRUE(server_->federation()
                    .store()
                    .db()
                    .exec("UPDATE sessions SET expires = '2000-01-01T00:00:00.000Z'")
                    .ok());
    server_->accounts().drop_cache();
  }
  expect(call("GET", "/api/session", op), 401, "unauthenticated");
}

// Requests are authenticated while a group commit holds the database through its sync to
// disk: sessions are read through a connection of their own, which sees what is committed
// and nothing else.
TEST_F(ServerTest, SessionsAreReadBesideAWriteInProgress) {
  std::string token;
  {
    std::lock_guard lock(server_->db_mutex());
    auto issued = server_->accounts().create_session("m-0000002", "bearer", 3600);
    ASSERT_TRUE(issued.ok()) << issued.status().to_string();
    token = issued->token;
  }
  std::lock_guard lock(server_->db_mutex());
  auto& db = server_->federation().store().db();
  ASSERT_TRUE(db.exec("BEGIN IMMEDIATE").ok());
  auto found = server_->accounts().read_session(token);
  ASSERT_TRUE(found.ok()) << found.status().to_string();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->subject, "m-0000002");
  ASSERT_TRUE(db.exec("DELETE FROM sessions WHERE subject = 'm-0000002' AND kind = 'bearer'").ok());
  found = server_->accounts().read_session(token);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->has_value()) << "an uncommitted change is not seen";
  ASSERT_TRUE(db.exec("COMMIT").ok());
  found = server_->accounts().read_session(token);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value()) << "a committed change is seen at once";
  server_->accounts().drop_cache();
}

TEST_F(ServerTest, MembersSeeWhatTheConstitutionAllowsOfEachOther) {
  Caller m1 = login("m-0000001");
  auto [s1, own] = call("GET", "/api/members/m-0000001", m1);
  ASSERT_EQ(s1, 200);
  EXPECT_TRUE(own.contains("joined"));
  EXPECT_TRUE(own.contains("shop"));
  auto [s2, other] = call("GET", "/api/members/m-0000002", m1);
  ASSERT_EQ(s2, 200);
  EXPECT_FALSE(other.contains("joined")) << "another member's private data leaked";
  EXPECT_FALSE(other.contains("shop"));
  for (const char* field : {"name", "workplace", "category", "offices"})
    EXPECT_TRUE(other.contains(field));
}

// The search is public, yet finds no more than the caller may read elsewhere: a member who
// holds no seat is listed to members (GET /api/members), not to anyone (issue #15, B1).
TEST_F(ServerTest, SearchFindsMembersWhoHoldNoSeatOnlyForMembers) {
  auto [s0, seat] = call("GET", "/api/mandates?member=m-0000002&running=1");
  ASSERT_EQ(s0, 200);
  ASSERT_TRUE(seat["mandates"].empty()) << "the test needs a member who holds no seat";
  auto [s1, anonymous] = call("GET", "/api/search?q=m-0000002&kind=member");
  ASSERT_EQ(s1, 200) << anonymous.dump();
  EXPECT_EQ(anonymous["groups"][0]["total"], 0);
  auto [s2, member] = call("GET", "/api/search?q=m-0000002&kind=member", login("m-0000001"));
  ASSERT_EQ(s2, 200) << member.dump();
  ASSERT_EQ(member["groups"][0]["hits"].size(), 1u);
  EXPECT_EQ(member["groups"][0]["hits"][0]["id"], "m-0000002");
  auto [s3, empty] = call("GET", "/api/search?q=%20%20");
  EXPECT_EQ(s3, 400);
  EXPECT_EQ(empty.value("field", ""), "q") << empty.dump();
  EXPECT_EQ(empty.value("detail", ""), "type a name or words to search for") << empty.dump();
}

TEST_F(ServerTest, WritesAreDurableAndStreamedAndOneBallotPerRequestUnderLoad) {
  Caller op = login("operator");
  uint64_t before = head();
  // Listen for events from the current head.
  std::vector<std::string> streamed;
  std::thread listener([&] {
    httplib::Client cli("127.0.0.1", port_);
    cli.set_read_timeout(20, 0);
    cli.Get("/api/events?after=" + std::to_string(before), [&](const char* data, size_t n) {
      streamed.emplace_back(data, n);
      std::string all;
      for (auto& s : streamed) all += s;
      size_t events = 0;
      for (size_t p = 0; (p = all.find("event: record", p)) != std::string::npos; ++p) ++events;
      return events < 40;  // stop once every write has arrived
    });
  });
  // 40 writes from 8 threads at once: each acknowledged one is in the record, once.
  std::atomic<int> ok{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        if (call("POST", "/api/commands", op, admit(fmt::format("{}-{}", t, i))).first == 200) ok++;
      }
    });
  }
  for (auto& w : writers) w.join();
  listener.join();
  EXPECT_EQ(ok.load(), 40);
  EXPECT_EQ(head(), before + 40);
  std::string all;
  for (auto& s : streamed) all += s;
  for (int t = 0; t < 8; ++t) {
    for (int i = 0; i < 5; ++i) {
      EXPECT_NE(all.find(fmt::format("m-new-{}-{}", t, i)), std::string::npos) << "not streamed";
    }
  }
  auto [vs, verification] = call("GET", "/api/record/verification");
  EXPECT_EQ(verification["valid"], true) << verification.dump();
}

TEST_F(ServerTest, KeyRotationKeepsTheRecordVerifiable) {
  Caller op = login("operator");
  auto [s1, first] = call("POST", "/api/operator/rotate-key", op);
  ASSERT_EQ(s1, 200) << first.dump();
  call("POST", "/api/commands", op, admit("after-rotation"));
  auto [s2, second] = call("POST", "/api/operator/rotate-key", op);
  ASSERT_EQ(s2, 200);
  EXPECT_EQ(second["old_key"], first["new_key"]);
  // Something for the third key to sign.
  ASSERT_EQ(call("POST", "/api/commands", op, admit("after-second-rotation")).first, 200);
  {
    std::lock_guard lock(server_->db_mutex());
    ASSERT_TRUE(server_->federation().store().checkpoint().ok());
  }
  auto [vs, v] = call("GET", "/api/record/verification");
  EXPECT_EQ(v["valid"], true) << v.dump();
  // The chain of trust ends with the three keys of this test, in order (other tests of the
  // suite may have rotated before).
  ASSERT_GE(v["keys"].size(), 3u) << v.dump();
  size_t n = v["keys"].size();
  EXPECT_EQ(v["keys"][n - 3], first["old_key"]) << v.dump();
  EXPECT_EQ(v["keys"][n - 2], first["new_key"]) << v.dump();
  EXPECT_EQ(v["keys"][n - 1], second["new_key"]) << v.dump();
}

// The headers a raw request needs to act as `c`.
std::string auth_headers(const test::Caller& c) {
  std::string h;
  if (!c.cookie.empty()) h += "Cookie: collegium_session=" + c.cookie + "\r\n";
  if (!c.csrf.empty()) h += "X-CSRF-Token: " + c.csrf + "\r\n";
  return h;
}

// Bytes that are not UTF-8, wherever a client can put them (the path, raw or
// percent-encoded, on routes that exist and on none; a path parameter; a query; a body):
// a 400 that says where, and the server goes on serving.
TEST_F(ServerTest, InvalidUtf8IsRefusedPreciselyAndTheServerGoesOn) {
  Caller op = login("operator");
  uint64_t before = head();
  std::string body =
      R"({"admit_member": {"id": "m-)" + std::string("\xff") +
      R"(", "name": "X", "category": "production", "workplace": "w-1", "joined": "2024-01-01"}})";
  std::string login_body =
      R"({"member": ")" + std::string("\xc3\x28") + R"(", "password": "whatever it is"})";
  struct Case {
    std::string request, field;
  };
  const std::vector<Case> cases = {
      {"OPTIONS /%ff HTTP/1.1\r\n\r\n", "path"},
      {"POST /%ff HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "path"},
      {"DELETE /%c3%28 HTTP/1.1\r\n\r\n", "path"},
      {"GET /\xff HTTP/1.1\r\n\r\n", "path"},
      {"PUT /api/%ff HTTP/1.1\r\n\r\n", "path"},
      {"GET /api/bodies/%ff HTTP/1.1\r\n\r\n", "path"},
      {"GET /api/workplaces/%ed%a0%80 HTTP/1.1\r\n\r\n", "path"},  // a surrogate
      {"GET /api/bodies/%c0%af HTTP/1.1\r\n\r\n", "path"},         // an overlong '/'
      {"GET /api/bodies?kind=%f5%80%80%80 HTTP/1.1\r\n\r\n", "kind"},
      {"POST /api/commands HTTP/1.1\r\nContent-Type: application/json\r\n" + auth_headers(op) +
           fmt::format("Content-Length: {}\r\n\r\n", body.size()) + body,
       "body"},
      {fmt::format("POST /api/session HTTP/1.1\r\nContent-Type: "
                   "application/json\r\nContent-Length: {}\r\n\r\n",
                   login_body.size()) +
           login_body,
       "body"},
  };
  for (const auto& c : cases) {
    auto r = test::raw(port_, c.request);
    std::string line = c.request.substr(0, c.request.find('\r'));
    EXPECT_EQ(r.status, 400) << line << "\n" << r.head << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << line;
    auto j = parse_json(r.body);
    ASSERT_TRUE(j.ok()) << line << ": " << r.body;
    EXPECT_EQ(j->value("code", ""), "invalid_utf8") << line;
    EXPECT_EQ(j->value("field", ""), c.field) << line;
    EXPECT_EQ(call("GET", "/api/health").first, 200) << "after " << line;
  }
  EXPECT_EQ(head(), before);
}

// limit and offset must be integers in range on every route that pages; anything else is
// named in a 400 rather than read as something else.
TEST_F(ServerTest, PagingParametersAreCheckedOnEveryRouteThatPages) {
  Caller m = login("m-0000001");
  for (std::string path : {"/api/bodies", "/api/workplaces", "/api/members?workplace=w-1",
                           "/api/record", "/api/polls"}) {
    std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    EXPECT_EQ(call("GET", path + sep + "limit=7", m).first, 200) << path;
    for (std::string bad :
         {"abc", "-1", "0", "1001", "99999999999999999999", "5x", "", "%2B5", "%205", "5.0"}) {
      auto [status, reply] = call("GET", path + sep + "limit=" + bad, m);
      EXPECT_EQ(status, 400) << path << " limit=" << bad << ": " << reply.dump();
      EXPECT_EQ(reply.value("code", ""), "invalid_argument") << path << " limit=" << bad;
      EXPECT_EQ(reply.value("field", ""), "limit") << path << " limit=" << bad;
    }
    if (path == "/api/record") continue;  // pages with after=, checked below
    for (std::string bad : {"abc", "-1", "1e3"}) {
      auto [status, reply] = call("GET", path + sep + "offset=" + bad, m);
      EXPECT_EQ(status, 400) << path << " offset=" << bad;
      EXPECT_EQ(reply.value("field", ""), "offset") << path << " offset=" << bad;
    }
  }
  EXPECT_EQ(call("GET", "/api/record?after=x").second.value("field", ""), "after");
}

// The record in words (issue #15): public, newest first, each event a sentence; every bad
// parameter is a 400 that names it.
TEST_F(ServerTest, TheRecordInWordsIsPublicAndRefusesBadParametersByName) {
  auto [status, page] = call("GET", "/api/record/entries?limit=5");
  ASSERT_EQ(status, 200) << page.dump();
  ASSERT_EQ(page["entries"].size(), 5u);
  int64_t prev = INT64_MAX;
  for (const auto& e : page["entries"]) {
    EXPECT_LT(e["seq"].get<int64_t>(), prev);
    prev = e["seq"].get<int64_t>();
    EXPECT_FALSE(e["sentence"].get<std::string>().empty());
  }
  ASSERT_TRUE(page["next"].is_number());
  auto [s2, older] = call(
      "GET", "/api/record/entries?limit=5&before=" + std::to_string(page["next"].get<int64_t>()));
  ASSERT_EQ(s2, 200);
  ASSERT_FALSE(older["entries"].empty());
  EXPECT_LT(older["entries"][0]["seq"].get<int64_t>(), prev);
  for (auto [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"before=abc", "before"},
                                                        {"after=-1", "after"},
                                                        {"limit=201", "limit"},
                                                        {"limit=0", "limit"},
                                                        {"routine=2", "routine"},
                                                        {"order=up", "order"},
                                                        {"kind=nope", "kind"},
                                                        {"member=m-nobody", "member"},
                                                        {"body=b-nobody", "body"},
                                                        {"q=" + std::string(201, 'x'), "q"},
                                                        {"order=oldest&before=3", "before"}}) {
    auto [bad, reply] = call("GET", "/api/record/entries?" + query);
    EXPECT_EQ(bad, 400) << query << ": " << reply.dump();
    EXPECT_EQ(reply.value("code", ""), "invalid_argument") << query;
    EXPECT_EQ(reply.value("field", ""), field) << query;
  }
}

// A path cannot write lines of its own into the access log: control characters, quotes
// and backslashes are escaped in every field.
TEST_F(ServerTest, TheAccessLogCannotBeForged) {
  auto r =
      test::raw(port_,
                "GET /api/nothing%0a2000-01-01T00:00:00.000Z%20GET%20/api/forged%20200%0d%22%5c "
                "HTTP/1.1\r\n\r\n");
  EXPECT_EQ(r.status, 404);
  test::raw(port_, "GET\x01 /api/health HTTP/1.1\r\n\r\n");
  // The line is written just after the reply is sent.
  std::string expected =
      "/api/nothing\\x0a2000-01-01T00:00:00.000Z GET /api/forged 200\\x0d\\x22\\x5c 404";
  std::string log;
  for (int i = 0; i < 100 && (log.find("GET\\x01 ") == std::string::npos ||
                              log.find(expected) == std::string::npos);
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::fflush(stderr);
    log = *read_file(log_);
  }
  EXPECT_NE(log.find(expected), std::string::npos) << log;
  EXPECT_NE(log.find("GET\\x01 "), std::string::npos) << log;
  EXPECT_EQ(log.find("\n2000-01-01"), std::string::npos) << "a forged line reached the log";
  EXPECT_EQ(log.find('\r'), std::string::npos);
  EXPECT_EQ(log.find('\x01'), std::string::npos);
}

// The body limit holds for chunked bodies too: 413, whether the chunks add up to too much
// or one chunk announces too much; a chunked body within the limit is read as usual.
TEST_F(ServerTest, ChunkedBodiesOverTheLimitGet413) {
  Caller op = login("operator");
  uint64_t before = head();
  std::string headers =
      "POST /api/commands HTTP/1.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n" +
      auth_headers(op) + "\r\n";
  std::string many;
  for (int i = 0; i < 100; ++i) many += "400\r\n" + std::string(1024, ' ') + "\r\n";  // 100 KiB
  many += "0\r\n\r\n";
  for (const std::string& chunks : {many, std::string("2FAF080\r\n") + std::string(4096, ' ')}) {
    auto r = test::raw(port_, headers + chunks);
    EXPECT_EQ(r.status, 413) << r.head << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
    auto j = parse_json(r.body);
    ASSERT_TRUE(j.ok()) << r.body;
    EXPECT_EQ(j->value("code", ""), "payload_too_large");
  }
  std::string ok = admit("chunked");
  std::string within = fmt::format("{:x}\r\n{}\r\n{:x}\r\n{}\r\n0\r\n\r\n", 10, ok.substr(0, 10),
                                   ok.size() - 10, ok.substr(10));
  auto r = test::raw(port_, headers + within);
  EXPECT_EQ(r.status, 200) << r.head << r.body;
  EXPECT_EQ(head(), before + 1);
}

// 200 connections that send a header line now and then, more than there are worker
// threads: ordinary requests are still answered at once, and each slow one gets 408 when
// its time for a whole request (2 seconds here) is up.
TEST_F(ServerTest, SlowClientsDoNotHoldTheServer) {
  constexpr int kSlow = 200;
  std::vector<int> slow;
  for (int i = 0; i < kSlow; ++i) {
    int fd = test::connect_raw(port_);
    ASSERT_GE(fd, 0);
    test::send_all(fd, "GET /api/health HTTP/1.1\r\n");
    slow.push_back(fd);
  }
  std::atomic<bool> done{false};
  std::thread drip([&] {
    while (!done) {
      for (int fd : slow) test::send_all(fd, "X-Slow: 1\r\n");
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  });
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  double worst = 0;
  int answered = 0;
  while (Clock::now() - start < std::chrono::milliseconds(2500)) {
    auto t0 = Clock::now();
    auto [status, reply] = call("GET", "/api/health");
    worst = std::max(worst, std::chrono::duration<double>(Clock::now() - t0).count());
    EXPECT_EQ(status, 200);
    answered += status == 200;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  done = true;
  drip.join();
  EXPECT_GE(answered, 10);
  EXPECT_LT(worst, 1.0) << "an ordinary request waited behind the slow ones";
  int timed_out = 0;
  for (int fd : slow) {
    auto r = test::read_reply(fd, 5);
    timed_out += r.status == 408 && r.header("Content-Type") == "application/problem+json";
    ::close(fd);
  }
  EXPECT_EQ(timed_out, kSlow);
}

TEST_F(ServerTest, TheAccessLogNeverHoldsSecrets) {
  Caller op = login("operator");
  auto [ts, token] = call("POST", "/api/tokens", op);
  ASSERT_EQ(ts, 200);
  call("GET", "/api/session?password=" + std::string(kPassword), Caller{"", "", token["token"]});
  // Refused before it is parsed (a bad Content-Length): logged all the same, query left out.
  auto refused = test::raw(
      port_, "GET /api/session?password=correct%20horse HTTP/1.1\r\nContent-Length: x\r\n\r\n");
  EXPECT_EQ(refused.status, 400);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::fflush(stderr);
  std::string log = *read_file(log_);
  EXPECT_NE(log.find("/api/session"), std::string::npos) << "the log is not being written";
  EXPECT_NE(log.find("GET /api/session 400"), std::string::npos)
      << "a refused request was not logged";
  EXPECT_EQ(log.find("horse"), std::string::npos) << "a password reached the log";
  EXPECT_EQ(log.find(token["token"].get<std::string>()), std::string::npos)
      << "a token reached the log";
  EXPECT_EQ(log.find(op.cookie), std::string::npos) << "a session cookie reached the log";
  EXPECT_EQ(log.find(op.csrf), std::string::npos) << "a CSRF token reached the log";
}

}  // namespace
}  // namespace collegium::server
