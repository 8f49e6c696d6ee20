// The HTTP API against a real server on 127.0.0.1: every route x every role, the OpenAPI
// document against the routes that exist, problem+json for every kind of bad input with
// nothing written, event streams, concurrent writes, and what the access log must never
// contain.
#include "server/server.h"
#include "server/test_client.h"

#include <httplib.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fmt/format.h>
#include <future>
#include <set>
#include <thread>

#include "base/util.h"
#include "federation/demo.h"

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
    // The access log goes to a file, to check that no secret ever reaches it.
    log_ = dir_.string() + ".log";
    saved_stderr_ = ::dup(2);
    FILE* f = std::fopen(log_.c_str(), "w");
    ::dup2(::fileno(f), 2);
    std::fclose(f);
    auto s = Server::open(o);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    server_ = std::move(*s).release();
    ASSERT_TRUE(federation::load_demo(server_->federation(), {.workplaces = 4, .members = 60, .seed = 2}).ok());
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
                                   const Caller& c = {}, const std::string& body = "") {
    return test::call(port_, method, path, c, body);
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

// Every route x every role. Officials are members holding a mandate; until elections
// exist they have exactly a member's rights, so the member column stands for both.
TEST_F(ServerTest, EveryRouteAsEveryRole) {
  struct Case {
    std::string method, path, body;
    int anonymous, member, operator_;
  };
  const std::vector<Case> cases = {
      {"GET", "/api/health", "", 200, 200, 200},
      {"GET", "/api/federation", "", 200, 200, 200},
      {"GET", "/api/bodies", "", 200, 200, 200},
      {"GET", "/api/bodies/congress", "", 200, 200, 200},
      {"GET", "/api/workplaces", "", 200, 200, 200},
      {"GET", "/api/workplaces/w-1", "", 200, 200, 200},
      {"GET", "/api/members?workplace=w-1", "", 401, 200, 200},
      {"GET", "/api/members/m-0000002", "", 401, 200, 200},
      {"GET", "/api/record", "", 200, 200, 200},
      {"GET", "/api/record/checkpoints", "", 200, 200, 200},
      {"GET", "/api/record/verification", "", 200, 200, 200},
      {"GET", "/api/openapi.json", "", 200, 200, 200},
      {"GET", "/api/session", "", 401, 200, 200},
      {"POST", "/api/tokens", "", 401, 200, 200},
      {"POST", "/api/commands", admit("m-matrix-X"), 401, 403, 200},
      // Only the member concerned answers a nomination; the operator is no candidate.
      {"POST", "/api/commands", R"({"accept_nomination": {"poll": "poll-X"}})", 401, 404, 403},
      {"POST", "/api/commands", R"({"decline_nomination": {"poll": "poll-X"}})", 401, 404, 403},
      {"POST", "/api/commands", R"({"withdraw_candidacy": {"poll": "poll-X"}})", 401, 404, 403},
      {"GET", "/api/polls/poll-0/nominations", "", 404, 404, 404},
      {"POST", "/api/operator/backup", "", 401, 403, 200},
      {"POST", "/api/operator/rotate-key", "", 401, 403, 200},
  };
  int n = 0;
  for (const auto& c : cases) {
    for (int role = 0; role < 3; ++role) {
      Caller who = role == 0 ? Caller{} : login(role == 1 ? "m-0000001" : "operator");
      std::string body = c.body;
      if (!body.empty()) body.replace(body.find("X"), 1, std::to_string(n++));
      int expected = role == 0 ? c.anonymous : role == 1 ? c.member : c.operator_;
      auto [status, reply] = call(c.method, c.path, who, body);
      EXPECT_EQ(status, expected) << c.method << " " << c.path << " as role " << role << ": " << reply.dump();
      if (status >= 400) {
        EXPECT_TRUE(reply.contains("code")) << c.path;
      }
    }
  }
  // Logging out is a write too: it needs the CSRF token, then ends the session.
  Caller m = login("m-0000001");
  EXPECT_EQ(call("DELETE", "/api/session", {}).first, 401);
  EXPECT_EQ(call("DELETE", "/api/session", Caller{m.cookie, "", ""}).first, 403);
  EXPECT_EQ(call("DELETE", "/api/session", m).first, 204);
  EXPECT_EQ(call("GET", "/api/session", m).first, 401);
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
  expect(call("POST", "/api/session", {}, R"({"member": "operator", "password": "wrong password"})"),
         401, "wrong_credentials");
  expect(call("POST", "/api/session", {}, R"({"member": "m-nobody", "password": "wrong password"})"),
         401, "wrong_credentials");
  expect(call("POST", "/api/session", {}, R"({"password": "x"})"), 400, "invalid_argument", "member");
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
    ASSERT_TRUE(server_->federation().store().db().exec("UPDATE sessions SET expires = '2000-01-01T00:00:00.000Z'").ok());
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
  for (const char* field : {"name", "workplace", "category", "offices"}) EXPECT_TRUE(other.contains(field));
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

TEST_F(ServerTest, TheAccessLogNeverHoldsSecrets) {
  Caller op = login("operator");
  auto [ts, token] = call("POST", "/api/tokens", op);
  ASSERT_EQ(ts, 200);
  call("GET", "/api/session?password=" + std::string(kPassword), Caller{"", "", token["token"]});
  std::fflush(stderr);
  std::string log = *read_file(log_);
  EXPECT_NE(log.find("/api/session"), std::string::npos) << "the log is not being written";
  EXPECT_EQ(log.find("horse"), std::string::npos) << "a password reached the log";
  EXPECT_EQ(log.find(token["token"].get<std::string>()), std::string::npos) << "a token reached the log";
  EXPECT_EQ(log.find(op.cookie), std::string::npos) << "a session cookie reached the log";
  EXPECT_EQ(log.find(op.csrf), std::string::npos) << "a CSRF token reached the log";
}

}  // namespace
}  // namespace collegium::server
