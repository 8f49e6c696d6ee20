// The read routes over federations that the scenario files leave (something in every
// governance table): every list and detail route, as the operator and as a member, must
// answer exactly what testdata/read_routes.json holds, which was taken from the routes
// before their reads moved into the federation's read models. The web app and the
// end-to-end tests read these shapes.
//
// Every answer must also fit the route's schema in the OpenAPI document (check_answer).
//
// To see what the routes answer now: COLLEGIUM_READ_CAPTURE=FILE read_routes_test.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <future>
#include <thread>

#include "base/util.h"
#include "federation/read_test_fixture.h"
#include "server/server.h"
#include "server/test_client.h"
#include "server/test_server.h"

namespace collegium::server {
namespace {

using federation::test::ScenarioDir;

// A real server over a scenario's data directory, its clock stopped where the scenario
// ended, with the operator and member m1 logged in.
class ScenarioServer {
 public:
  explicit ScenarioServer(const ScenarioDir& data) : now_(data.now()) {
    ServerOptions o = test::test_options();
    o.data_dir = data.dir();
    o.tick_seconds = 0;
    o.clock = [this] { return now_; };
    auto opened = Server::open(o);
    if (!opened.ok()) {
      ADD_FAILURE() << opened.status().to_string();
      return;
    }
    server_ = std::move(*opened);
    for (std::string who : {std::string(kOperatorId), std::string("m1")}) {
      EXPECT_TRUE(server_->accounts().set_password(who, test::kTestPassword).ok());
    }
    std::promise<int> ready;
    thread_ = std::thread([this, &ready] {
      Status st = server_->run([&ready](int p) { ready.set_value(p); });
      EXPECT_TRUE(st.ok()) << st.to_string();
    });
    port_ = ready.get_future().get();
    op_ = test::login(port_, std::string(kOperatorId), test::kTestPassword);
    m1_ = test::login(port_, "m1", test::kTestPassword);
  }
  ~ScenarioServer() {
    if (!server_) return;
    server_->stop();
    thread_.join();
  }
  bool ok() const { return server_ != nullptr; }
  Server& server() { return *server_; }
  int port() const { return port_; }
  const test::Caller& op() const { return op_; }
  const test::Caller& m1() const { return m1_; }

 private:
  std::string now_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
  test::Caller op_, m1_;
};

// Every read route of the federation, with the ids the lists give, as the operator and as
// m1: path (and " as m1") -> {status, body}.
Json crawl(ScenarioServer& s) {
  Json out = Json::object();
  // Every answer, success or problem, is also held against the route's documented schema.
  const Json document = openapi_document(s.server().routes(), "test");
  auto get = [&](const std::string& path, bool as_member = false) {
    auto [status, body] = test::call(s.port(), "GET", path, as_member ? s.m1() : s.op());
    Status fits = check_answer(document, "GET", path, status, body);
    EXPECT_TRUE(fits.ok()) << path << (as_member ? " as m1: " : ": ") << fits.to_string();
    if (path.starts_with("/api/federation")) body.erase("record");  // the head moves on
    out[path + (as_member ? " as m1" : "")] = {{"status", status}, {"body", body}};
    return body;
  };
  auto ids = [](const Json& list, const char* key, const char* id = "id") {
    std::vector<std::string> v;
    for (const auto& x : list.value(key, Json::array())) v.push_back(x.value(id, ""));
    return v;
  };
  get("/api/constitution");
  get("/api/federation");
  get("/api/federation?depth=1&children=1");
  get("/api/bodies?kind=union");
  get("/api/bodies?offset=1&limit=2");
  for (const auto& b : ids(get("/api/bodies"), "bodies")) {
    get("/api/bodies/" + b);
    get("/api/bodies/" + b + "/pay");
    get("/api/polls?body=" + b);
    get("/api/mandates?body=" + b);
  }
  get("/api/workplaces?limit=1&offset=1");
  std::vector<std::string> members;
  for (const auto& w : ids(get("/api/workplaces"), "workplaces")) {
    get("/api/workplaces/" + w);
    for (const auto& m : ids(get("/api/members?workplace=" + w), "members")) members.push_back(m);
    get("/api/members?workplace=" + w + "&limit=2&offset=1");
  }
  for (const auto& m : members) {
    get("/api/members/" + m);
    get("/api/members/" + m, true);
    get("/api/officials/" + m);
    get("/api/polls?member=" + m);
    get("/api/adverse-decisions?member=" + m);
  }
  get("/api/polls?state=closed");
  get("/api/polls?state=open&limit=1");
  for (const auto& p : ids(get("/api/polls"), "polls")) {
    get("/api/polls/" + p);
    get("/api/polls/" + p, true);
    get("/api/polls/" + p + "/nominations");
  }
  get("/api/mandates");
  get("/api/mandates?running=0");
  get("/api/mandates?overdue=1");
  get("/api/mandates?origin=appointment&running=0");
  get("/api/recalls?state=open");
  for (const auto& r : ids(get("/api/recalls"), "recalls")) {
    get("/api/recalls/" + r);
    get("/api/recalls/" + r, true);
  }
  get("/api/motions?state=carried");
  for (const auto& m : ids(get("/api/motions"), "motions")) get("/api/motions/" + m);
  get("/api/appeals?state=open");
  for (const auto& a : ids(get("/api/appeals"), "appeals")) {
    get("/api/appeals/" + a);
    get("/api/appeals/" + a, true);
  }
  get("/api/adverse-decisions");
  get("/api/applications");
  get("/api/applications?state=refused");
  // Errors keep their code and field too.
  for (const char* bad :
       {"/api/bodies/nobody", "/api/bodies/nobody/pay", "/api/workplaces/none",
        "/api/members/nobody", "/api/officials/nobody", "/api/polls/none",
        "/api/polls/none/nominations", "/api/recalls/none", "/api/motions/none",
        "/api/appeals/none", "/api/bodies?kind=guild", "/api/members", "/api/polls?state=later",
        "/api/federation?depth=x", "/api/bodies?offset=-1", "/api/workplaces?limit=0"}) {
    get(bad);
  }
  return out;
}

const char* const kScenarios[] = {"appeals", "governance", "elections", "appointments",
                                  "recall-turnout"};

std::filesystem::path golden_file() {
  return std::filesystem::path(COLLEGIUM_SOURCE_DIR) / "src/server/testdata/read_routes.json";
}

TEST(ReadRoutes, AnswerWhatTheyAnsweredBefore) {
  Json now = Json::object();
  for (const char* name : kScenarios) {
    ScenarioDir data(name, "read-routes");
    ASSERT_TRUE(data.status().ok()) << data.status().to_string();
    ScenarioServer s(data);
    ASSERT_TRUE(s.ok());
    now[name] = crawl(s);
  }
  if (const char* capture = std::getenv("COLLEGIUM_READ_CAPTURE")) {
    std::ofstream(capture) << now.dump(1) << "\n";
    GTEST_SKIP() << "captured into " << capture;
  }
  auto text = read_file(golden_file());
  ASSERT_TRUE(text.ok()) << text.status().to_string();
  Json before = *parse_json(*text);
  for (const auto& [scenario, reads] : before.items()) {
    ASSERT_TRUE(now.contains(scenario)) << scenario;
    for (const auto& [path, reply] : reads.items()) {
      ASSERT_TRUE(now[scenario].contains(path)) << scenario << ": " << path << " not read";
      EXPECT_EQ(now[scenario][path], reply) << scenario << ": " << path;
    }
    EXPECT_EQ(now[scenario].size(), reads.size()) << scenario;
  }
}

// One paging form on every paged route: junk in `limit` or `offset` is refused with the
// parameter named, never read as the default.
TEST(ReadRoutes, EveryPagedRouteRefusesAPageThatIsNotANumber) {
  ScenarioDir data("governance", "read-paging");
  ASSERT_TRUE(data.status().ok()) << data.status().to_string();
  ScenarioServer s(data);
  ASSERT_TRUE(s.ok());
  for (std::string route :
       {"/api/bodies?", "/api/workplaces?", "/api/members?workplace=w1&", "/api/polls?"}) {
    for (std::string bad : {"limit=abc", "limit=", "limit=5x", "limit=0", "limit=1001", "limit=-1",
                            "offset=abc", "offset=-1", "offset=1.5"}) {
      auto [status, body] = test::call(s.port(), "GET", route + bad, s.op());
      EXPECT_EQ(status, 400) << route << bad;
      EXPECT_EQ(body.value("code", ""), "invalid_argument") << route << bad;
      EXPECT_EQ(body.value("field", ""), bad.substr(0, bad.find('='))) << route << bad;
    }
    auto [status, body] = test::call(s.port(), "GET", route + "offset=0&limit=1000", s.op());
    EXPECT_EQ(status, 200) << route;
    EXPECT_EQ(body.value("limit", 0), 1000) << route;
  }
  // The record pages by seq (`after`), with the same limits.
  auto [status, body] = test::call(s.port(), "GET", "/api/record?limit=abc", s.op());
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body.value("field", ""), "limit");
}

// A database error met while reading rows is the reply, not a shorter list: an official's
// page whose reports cannot be read is an error, and so is the list of mandates whose
// report-back dates depend on them.
TEST(ReadRoutes, AnErrorReadingRowsIsReturnedNotPassedOver) {
  ScenarioDir data("governance", "read-row-error");
  ASSERT_TRUE(data.status().ok()) << data.status().to_string();
  ScenarioServer s(data);
  ASSERT_TRUE(s.ok());
  auto [before, page] = test::call(s.port(), "GET", "/api/officials/m4", s.op());
  ASSERT_EQ(before, 200);
  ASSERT_EQ(test::call(s.port(), "GET", "/api/mandates", s.op()).first, 200);
  ASSERT_FALSE(page["reports"].empty()) << "the scenario has m4 report back";
  {
    // Every row of the reports now fails as it is read (an integer overflow in SQLite),
    // the way a damaged page of the file would.
    std::lock_guard lock(s.server().db_mutex());
    ASSERT_TRUE(
        s.server()
            .federation()
            .store()
            .db()
            .exec("ALTER TABLE reports RENAME TO reports_kept;"
                  "CREATE VIEW reports AS SELECT id, mandate, member, body, text, "
                  "CASE WHEN abs(seq * 0 - 9223372036854775807 - 1) > 0 THEN time END AS time, "
                  "seq FROM reports_kept")
            .ok());
  }
  for (const char* path : {"/api/officials/m4", "/api/mandates"}) {
    auto [status, body] = test::call(s.port(), "GET", path, s.op());
    EXPECT_EQ(status, 500) << path << " " << body.dump();
    EXPECT_EQ(body.value("detail", ""), "the server could not complete the request") << path;
  }
}

// What `collegium show ... --format json` prints, parsed; null when it fails.
Json show(const std::filesystem::path& data_dir, const std::string& args) {
  std::string command = fmt::format("'{}' --data-dir '{}' show {} --format json", COLLEGIUM_BIN,
                                    data_dir.string(), args);
  FILE* out = ::popen(command.c_str(), "r");
  if (!out) return nullptr;
  std::string text;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, out)) > 0;) text.append(buffer, n);
  if (::pclose(out) != 0) return nullptr;
  auto j = parse_json(text);
  return j.ok() ? *j : Json(nullptr);
}

// Invariant 7: what a page shows can be reproduced from the command line. The same reads
// of the same data directory give the same JSON through the API and through `collegium show`.
TEST(ReadRoutes, TheCommandLineShowsWhatTheApiAnswers) {
  ScenarioDir data("governance", "read-cli");
  ASSERT_TRUE(data.status().ok()) << data.status().to_string();
  const std::vector<std::pair<std::string, std::string>> reads = {
      {"/api/federation?depth=2&children=3", "federation --depth 2 --children 3"},
      {"/api/bodies?kind=union&limit=20", "bodies --kind union --limit 20"},
      {"/api/bodies?offset=1&limit=2", "bodies --offset 1 --limit 2"},
      {"/api/bodies/cast", "body cast"},
      {"/api/bodies/cast/pay", "pay cast"},
      {"/api/workplaces/w1", "workplace w1"},
      {"/api/members?workplace=w1", "members --workplace w1"},
      {"/api/members/m1", "member m1"},
      {"/api/members/m1/home", "home m1"},
      {"/api/polls", "polls"},
      {"/api/polls?state=closed&body=cast", "polls --state closed --body cast"},
      {"/api/polls/poll-16", "poll poll-16"},
      {"/api/polls/poll-31/nominations", "nominations poll-31"},
      {"/api/motions", "motions"},
      {"/api/motions/motion-57", "motion motion-57"},
      {"/api/recalls", "recalls"},
      {"/api/appeals", "appeals"},
      {"/api/applications", "applications"},
      // The record in words (issue #15): the same sentences on the page and the command line.
      {"/api/record/entries?kind=elections&member=m1&limit=20",
       "record --kind elections --member m1 --limit 20"},
      {"/api/record/entries?order=oldest&after=3&routine=1&q=anna&limit=5",
       "record --order oldest --after 3 --routine --search anna --limit 5"},
  };
  std::vector<Json> api;
  {
    ScenarioServer s(data);
    ASSERT_TRUE(s.ok());
    for (const auto& [path, args] : reads) {
      auto [status, body] = test::call(s.port(), "GET", path, s.op());
      ASSERT_EQ(status, 200) << path << " " << body.dump();
      api.push_back(body);
    }
  }  // the server has closed the data directory
  ASSERT_EQ(api[4]["pay"]["differential"], 2600.0 / 2400.0) << "the scenario records pay (B8)";
  ASSERT_TRUE(api[11].contains("recount_command")) << "poll-16 is closed and counted";
  for (size_t i = 0; i < reads.size(); ++i) {
    EXPECT_EQ(show(data.dir(), reads[i].second), api[i]) << "collegium show " << reads[i].second;
  }
}

// The economy's routes (issue #14) over the economy scenario, where m1 sits on the
// foundry's committee: the reads, the committee's CSV upload with its refusals named at
// their cells, and the same reads from the command line.
TEST(EconomyRoutes, ACommitteeUploadsItsDataAsCsvAndEveryoneReadsIt) {
  ScenarioDir data("economy", "economy-routes");
  ASSERT_TRUE(data.status().ok()) << data.status().to_string();
  const std::vector<std::pair<std::string, std::string>> reads = {
      {"/api/economy", "economy"},
      {"/api/economy/products?q=Ste", "products --q Ste"},
      {"/api/workplaces/w1/production", "production w1"},
  };
  std::vector<Json> api;
  {
    ScenarioServer s(data);
    ASSERT_TRUE(s.ok());
    const Json document = openapi_document(s.server().routes(), "test");
    auto call = [&](const std::string& method, const std::string& path, const test::Caller& who,
                    const std::string& body = "", const std::string& type = "text/csv") {
      auto answer = test::call(s.port(), method, path, who, body, type);
      Status fits = check_answer(document, method, path, answer.first, answer.second);
      EXPECT_TRUE(fits.ok()) << path << ": " << fits.to_string();
      return answer;
    };
    auto [status, economy] = call("GET", "/api/economy", {});
    ASSERT_EQ(status, 200) << economy.dump();
    EXPECT_EQ(economy["imported"], true);
    EXPECT_EQ(economy["name"], "north-2028");
    EXPECT_EQ(economy["products"], 1);

    const std::string upload = "/api/workplaces/w1/production";
    auto [up, reply] = call("POST", upload, s.m1(), "id,capacity,production\nw1,77,8.5\n");
    ASSERT_EQ(up, 200) << reply.dump();
    EXPECT_EQ(reply["events"].size(), 1u);
    auto [got, production] = call("GET", upload, {});
    ASSERT_EQ(got, 200);
    EXPECT_EQ(production["capacity"], 77.0);
    EXPECT_EQ(production["hours"]["production"], 8.5);
    ASSERT_EQ(production["history"].size(), 2u);
    EXPECT_EQ(production["history"][0]["actor"], "m1");
    EXPECT_EQ(production["history"][0]["changed"], (Json{"capacity", "hours"}));

    // Refusals name the cell, and change nothing.
    auto [bad, problem] = call("POST", upload, s.m1(), "capacity\n-1\n");
    EXPECT_EQ(bad, 400) << problem.dump();
    EXPECT_EQ(problem["field"], "body:2:1");
    std::tie(bad, problem) = call("POST", upload, s.m1(), "input,coefficient\ncopper,0.5\n");
    EXPECT_EQ(bad, 404) << problem.dump();
    EXPECT_EQ(problem["field"], "body:2:1");
    std::tie(bad, problem) = call("POST", upload, s.m1(), "capacity\n5\n", "application/json");
    EXPECT_EQ(bad, 415) << problem.dump();
    std::tie(bad, problem) = call("POST", upload, s.op(), "capacity\n5\n");
    EXPECT_EQ(bad, 403) << problem.dump();
    std::tie(got, production) = call("GET", upload, {});
    EXPECT_EQ(production["capacity"], 77.0);
    EXPECT_EQ(production["history"].size(), 2u);

    for (const auto& [path, args] : reads) {
      auto [st, body] = call("GET", path, s.op());
      ASSERT_EQ(st, 200) << path << " " << body.dump();
      api.push_back(body);
    }
  }
  EXPECT_EQ(api[1]["total"], 1);
  for (size_t i = 0; i < reads.size(); ++i) {
    EXPECT_EQ(show(data.dir(), reads[i].second), api[i]) << "collegium show " << reads[i].second;
  }
}

}  // namespace
}  // namespace collegium::server
