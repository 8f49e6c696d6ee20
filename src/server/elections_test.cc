// Elections through the HTTP API: one member, one ballot under 100 simultaneous requests
// (invariant 4), and results that no route, as no role, can alter (invariant 5, A8).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

#include "base/util.h"
#include "federation/recount_check.h"
#include "server/server.h"
#include "server/test_client.h"
#include "server/test_server.h"

namespace collegium::server {
namespace {

using test::Caller;

constexpr const char* kPassword = test::kTestPassword;

class ElectionsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    // Every count a test made is repeated by the command its poll publishes (invariant 7).
    std::lock_guard lock(server_->db_mutex());
    federation::recount_check::expect_every_recount_matches(server_->federation().store());
  }

  void set_time(std::string t) { running_.set_time(std::move(t)); }
  void tick() { ASSERT_TRUE(server_->tick().ok()); }

  Caller member(const std::string& id) {
    EXPECT_TRUE(server_->accounts().set_password(id, kPassword).ok());
    return test::login(port_, id, kPassword);
  }
  std::pair<int, Json> call(const std::string& method, const std::string& path,
                            const Caller& c = {}, const std::string& body = "") {
    return test::call(port_, method, path, c, body);
  }
  std::pair<int, Json> command(const Caller& c, const Json& cmd) {
    return call("POST", "/api/commands", c, cmd.dump());
  }

  std::vector<std::string> electorate(std::string* body) {
    return running_.first_committee_electorate(body);
  }

  // Every elector logs in and casts `ranking(elector)`; the callers of those whose ballot
  // was accepted, in order (a refusal is reported and ends the list).
  std::vector<Caller> vote_all(
      const std::string& poll, const std::vector<std::string>& electors,
      const std::function<std::vector<std::string>(const std::string&)>& ranking) {
    std::vector<Caller> voters;
    for (const auto& e : electors) {
      Caller c = member(e);
      auto [s, b] = command(c, {{"cast_ballot", {{"poll", poll}, {"ranking", ranking(e)}}}});
      EXPECT_EQ(s, 200) << b.dump();
      if (s != 200) break;
      voters.push_back(c);
    }
    return voters;
  }

  // Runs the committee's election up to its voting phase; returns the poll id.
  std::string open_voting(const std::string& body, const std::vector<std::string>& electors) {
    tick();  // calls the founding elections
    auto [s, polls] = call("GET", "/api/polls?state=open&body=" + body);
    EXPECT_EQ(s, 200);
    EXPECT_EQ(polls["polls"].size(), 1u) << polls.dump();
    std::string poll = polls["polls"][0]["id"];
    Caller first = member(electors[0]);
    for (int i = 0; i < 4; ++i) {
      auto [ns, nb] = command(first, {{"nominate", {{"poll", poll}, {"member", electors[i]}}}});
      EXPECT_EQ(ns, 200) << nb.dump();
      // Nominated by someone else, they stand once they accept.
      if (i == 0) continue;
      auto [as, ab] = command(member(electors[i]), {{"accept_nomination", {{"poll", poll}}}});
      EXPECT_EQ(as, 200) << ab.dump();
    }
    set_time("2027-01-09T00:00:00.000Z");
    tick();
    EXPECT_EQ(call("GET", "/api/polls/" + poll).second["state"], "voting");
    return poll;
  }

  test::TestServer running_{{.name = "elections",
                             .demo = {.workplaces = 3, .members = 60, .seed = 7},
                             .manual_clock = true}};
  Server* const server_ = &running_.server();
  const int port_ = running_.port();
};

TEST_F(ElectionsTest, OneMemberOneBallotUnderAHundredSimultaneousRequests) {
  std::string body;
  auto electors = electorate(&body);
  ASSERT_GE(electors.size(), 6u);
  std::string poll = open_voting(body, electors);
  Caller voter = member(electors[1]);
  Json ballot = {{"cast_ballot", {{"poll", poll}, {"ranking", {electors[0], electors[1]}}}}};
  std::atomic<int> accepted{0}, refused{0};
  std::mutex other_mutex;
  std::vector<std::string> other;
  std::promise<void> go;
  std::shared_future<void> start = go.get_future().share();
  std::vector<std::thread> clients;
  for (int i = 0; i < 100; ++i) {
    clients.emplace_back([&] {
      start.wait();
      // Debian's cpp-httplib listens with a backlog of 5: a connection refused under the
      // burst is tried again, as any client would, so that all 100 reach the server.
      auto [s, b] = command(voter, ballot);
      for (int tries = 0; s == -1 && tries < 200; ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::tie(s, b) = command(voter, ballot);
      }
      if (s == 200) ++accepted;
      if (s == 409 && b["code"] == "already_exists") {
        ++refused;
      } else if (s != 200) {
        std::lock_guard lock(other_mutex);
        other.push_back(fmt::format("{} {}", s, b.dump()));
      }
    });
  }
  go.set_value();
  for (auto& c : clients) c.join();
  EXPECT_EQ(accepted.load(), 1);
  EXPECT_EQ(refused.load(), 99) << fmt::format("{}", fmt::join(other, "\n"));
  auto [s, p] = call("GET", "/api/polls/" + poll, voter);
  EXPECT_EQ(p["voters"], 1);
  EXPECT_EQ(p["you"]["voted"], true);
  std::lock_guard lock(server_->db_mutex());
  EXPECT_EQ(server_->federation().registry().sealed_ballots(poll).size(), 1u);
}

// Invariant 5 (A8): after an election closes, every write route is tried as every role,
// with every command aimed at the result and its mandates; the result and the mandates
// stay as the count made them.
TEST_F(ElectionsTest, NoRouteAsNoRoleAltersAResultOrAMandate) {
  std::string body;
  auto electors = electorate(&body);
  std::string poll = open_voting(body, electors);
  auto voters = vote_all(poll, electors, [&](const std::string& e) {
    return std::vector<std::string>{e == electors[2] ? electors[2] : electors[0], electors[1]};
  });
  ASSERT_EQ(voters.size(), electors.size());
  tick();
  auto [s0, closed] = call("GET", "/api/polls/" + poll);
  ASSERT_EQ(closed["state"], "closed") << closed.dump();
  auto [s1, mandates] = call("GET", "/api/mandates?body=" + body);
  ASSERT_EQ(mandates["mandates"].size(), 3u) << mandates.dump();

  Caller op = test::login(port_, std::string(kOperatorId), kPassword);
  std::vector<std::pair<std::string, Caller>> roles = {
      {"anonymous", {}}, {"elector", voters[3]}, {"elected", voters[0]}, {"operator", op}};
  std::string m0 = mandates["mandates"][0]["id"];
  std::vector<Json> commands = {
      {{"cast_ballot", {{"poll", poll}, {"ranking", {electors[3]}}}}},
      {{"nominate", {{"poll", poll}, {"member", electors[3]}}}},
      {{"set_statement", {{"poll", poll}, {"text", "changed"}}}},
      {{"withdraw_candidacy", {{"poll", poll}}}},
      {{"decline_nomination", {{"poll", poll}}}},
      {{"accept_nomination", {{"poll", poll}}}},
      {{"call_election", {{"body", body}}}},
      {{"recall_appointee", {{"mandate", m0}, {"reason", "overrule the count"}}}},
      {{"propose_appointment",
        {{"post", body},
         {"member", electors[3]},
         {"reason", "replace"},
         {"consenting_body", body}}}},
      {{"propose_motion", {{"body", body}, {"text", "Annul the election."}}}},
      {{"advance", Json::object()}},
      {{"declare_body",
        {{"id", body},
         {"name", "Again"},
         {"kind", "shop_committee"},
         {"seats", 3},
         {"constituency", {{"shop", "x"}}}}}},
  };
  for (const auto& [role, caller] : roles) {
    for (const auto& cmd : commands) command(caller, cmd);
    for (const auto& r : server_->routes()) {
      if (!r.writes || r.path.find('{') != std::string::npos) continue;
      if (r.path == "/api/operator/rotate-key" || r.path == "/api/session") continue;
      call(r.method, r.path, caller, Json{{"poll", poll}, {"mandate", m0}}.dump());
    }
    for (int i = 0; i < 3; ++i) tick();
    auto [s2, after] = call("GET", "/api/polls/" + poll);
    EXPECT_EQ(after["result"], closed["result"]) << "as " << role;
    auto [s3, now] = call("GET", "/api/mandates?body=" + body);
    EXPECT_EQ(now["mandates"], mandates["mandates"]) << "as " << role;
  }
}

// Officials report back at the constitution's interval, and late reports show (A6, B1);
// the pay of offices is public beside the median pay of their electorate (B8).
TEST_F(ElectionsTest, ReportsBackAndPayArePublic) {
  std::string body;
  auto electors = electorate(&body);
  std::string poll = open_voting(body, electors);
  auto voters = vote_all(poll, electors, [&](const std::string&) {
    return std::vector<std::string>{electors[0], electors[1], electors[2]};
  });
  ASSERT_EQ(voters.size(), electors.size());
  tick();
  auto [s1, mandates] = call("GET", "/api/mandates?body=" + body);
  ASSERT_EQ(mandates["mandates"].size(), 3u) << mandates.dump();
  // Nothing is overdue at first; 91 days on, every mandate without a report is.
  EXPECT_TRUE(call("GET", "/api/mandates?overdue=1&body=" + body).second["mandates"].empty());
  Json first = mandates["mandates"][0];
  std::string holder = first["member"];
  Caller official = member(holder);
  auto [rs, rb] = command(
      official, {{"report_back",
                  {{"mandate", first["id"]}, {"text", "What the committee did this quarter."}}}});
  ASSERT_EQ(rs, 200) << rb.dump();
  EXPECT_EQ(rb["created"].size(), 1u) << rb.dump();
  set_time("2027-04-20T00:00:00.000Z");
  auto overdue = call("GET", "/api/mandates?overdue=1&body=" + body).second["mandates"];
  EXPECT_EQ(overdue.size(), 3u) << overdue.dump();  // the report was more than 90 days ago too
  auto page = call("GET", "/api/officials/" + holder, official).second;
  ASSERT_EQ(page["reports"].size(), 1u) << page.dump();
  EXPECT_EQ(page["reports"][0]["text"], "What the committee did this quarter.");

  Caller op = test::login(port_, std::string(kOperatorId), kPassword);
  EXPECT_EQ(call("GET", "/api/bodies/" + body + "/pay").second["pay"], nullptr);
  int64_t monthly = 2000;
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_EQ(
        command(op,
                {{"record_pay",
                  {{"member", electors[i]}, {"monthly", monthly + 100 * static_cast<int64_t>(i)}}}})
            .first,
        200);
  }
  ASSERT_EQ(command(op, {{"record_pay", {{"body", body}, {"monthly", 2310}, {"benefits", "none"}}}})
                .first,
            200);
  EXPECT_EQ(command(official, {{"record_pay", {{"body", body}, {"monthly", 9000}}}}).first, 403);
  auto pay = call("GET", "/api/bodies/" + body + "/pay").second["pay"];
  EXPECT_EQ(pay["monthly"], 2310);
  EXPECT_EQ(pay["electorate_median"], 2100.0);
  EXPECT_DOUBLE_EQ(pay["differential"].get<double>(), 1.1);
}

// A12 through the API: the operator takes down an application, the workplace committee
// refuses it, the refusal is listed with its window, and the appeal goes to the body one
// level up.
TEST_F(ElectionsTest, ARefusedAdmissionIsAppealedToTheBodyAbove) {
  std::string body;
  auto electors = electorate(&body);
  std::string poll = open_voting(body, electors);
  auto voters = vote_all(poll, electors, [&](const std::string&) {
    return std::vector<std::string>{electors[0], electors[1], electors[2]};
  });
  ASSERT_EQ(voters.size(), electors.size());
  tick();
  auto mandates = call("GET", "/api/mandates?body=" + body).second["mandates"];
  ASSERT_EQ(mandates.size(), 3u) << mandates.dump();
  auto workplace = call("GET", "/api/members/" + electors[0], voters[0]).second["workplace"];

  Caller op = test::login(port_, std::string(kOperatorId), kPassword);
  Json applicant = {{"id", "applicant-1"},
                    {"name", "Galina"},
                    {"category", "production"},
                    {"workplace", workplace},
                    {"joined", "2027-01-01"}};
  auto [as, ab] = command(voters[0], {{"apply_for_admission", applicant}});
  EXPECT_EQ(as, 403) << ab.dump();
  auto [os, ob] = command(op, {{"apply_for_admission", applicant}});
  ASSERT_EQ(os, 200) << ob.dump();
  auto open = call("GET", "/api/motions?state=open&body=" + body, voters[0]).second["motions"];
  ASSERT_EQ(open.size(), 1u) << open.dump();
  EXPECT_EQ(open[0]["kind"], "admission");
  std::string motion = open[0]["id"];
  for (const auto& m : mandates) {
    Caller holder = member(m["member"]);
    auto [vs, vb] = command(holder, {{"vote_motion", {{"motion", motion}, {"choice", "no"}}}});
    EXPECT_EQ(vs, 200) << vb.dump();
  }
  tick();
  // Setting the holders' passwords ended the sessions of earlier logins.
  Caller reader = member(electors.back());
  auto [ds, db] = call("GET", "/api/adverse-decisions", reader);
  auto decisions = db["decisions"];
  ASSERT_EQ(decisions.size(), 1u) << ds << " " << db.dump();
  EXPECT_EQ(decisions[0]["decision"], motion);
  EXPECT_EQ(decisions[0]["name"], "Galina");
  EXPECT_EQ(decisions[0]["open"], true);
  EXPECT_GT(decisions[0]["appeal_until"].get<std::string>(), "2027-03-31");

  auto [fs, fb] =
      command(op, {{"file_appeal", {{"decision", motion}, {"grounds", "A year in the shop"}}}});
  ASSERT_EQ(fs, 200) << fb.dump();
  auto appeals = call("GET", "/api/appeals", reader).second["appeals"];
  ASSERT_EQ(appeals.size(), 1u) << appeals.dump();
  EXPECT_EQ(appeals[0]["state"], "filed");
  EXPECT_EQ(appeals[0]["subject_name"], "Galina");
  // The body one level up is one the committee's delegates elect.
  auto above = call("GET", "/api/bodies/" + appeals[0]["body"].get<std::string>()).second;
  bool elected_by_committee = false;
  for (const auto& b : above["constituency"]["bodies"]) elected_by_committee |= b == body;
  EXPECT_TRUE(elected_by_committee) << above.dump();
  auto one = call("GET", "/api/appeals/" + appeals[0]["id"].get<std::string>(), reader).second;
  EXPECT_EQ(one["decision_motion"]["id"], motion);
  EXPECT_EQ(one["you"]["hear"], false);
}

}  // namespace
}  // namespace collegium::server
