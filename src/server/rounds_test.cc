// A whole planning round over HTTP (issue #14; C1-C4, A8): the demo's past elects every
// body and opens a round; a workplace's committee amends it, the server computes it again,
// members vote through POST /api/commands, the clock counts the vote, and every read the
// web app shows answers in its documented shape.
#include <gtest/gtest.h>

#include "base/util.h"
#include "federation/demo_history.h"
#include "server/http.h"
#include "server/test_client.h"
#include "server/test_server.h"

namespace collegium::server {
namespace {

using test::Caller;
constexpr const char* kPassword = test::kTestPassword;

class RoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    running_.set_time(start_);
    std::lock_guard lock(server_->db_mutex());
    federation::DemoHistoryOptions o;
    o.seed = 11;
    o.discussion_seconds = 100;
    o.amendment_seconds = 100;
    o.vote_seconds = 100;
    auto officials = federation::play_demo_history(
        server_->federation(), o,
        [this](const std::string& t) { running_.set_time(t.empty() ? start_ : t); });
    ASSERT_TRUE(officials.ok()) << officials.status().to_string();
    officials_ = *officials;
  }

  Caller member(const std::string& id) {
    {
      std::lock_guard lock(server_->db_mutex());
      EXPECT_TRUE(server_->accounts().set_password(id, kPassword).ok());
    }
    return test::login(port_, id, kPassword);
  }
  std::pair<int, Json> get(const std::string& path) {
    auto [status, reply] = test::call(port_, "GET", path, {}, "");
    EXPECT_EQ(status, 200) << path << ": " << reply.dump();
    Status fits = check_answer(document_, "GET", path, status, reply);
    EXPECT_TRUE(fits.ok()) << path << ": " << fits.to_string();
    return {status, reply};
  }
  std::pair<int, Json> command(const Caller& c, const Json& cmd) {
    return test::call(port_, "POST", "/api/commands", c, cmd.dump());
  }
  void at(int64_t seconds) {
    auto ms = utc_to_unix_ms(start_);
    running_.set_time(unix_ms_to_utc(*ms + seconds * 1000));
  }

  const std::string start_ = now_utc_iso();
  test::TestServer running_{{.name = "rounds",
                             .demo = {.workplaces = 12, .members = 600, .seed = 7},
                             .manual_clock = true}};
  Server* const server_ = &running_.server();
  const int port_ = running_.port();
  const Json document_ = openapi_document(server_->routes(), "test");
  federation::DemoOfficials officials_;
};

TEST_F(RoundsTest, AWholeRoundAmendedVotedAndAdoptedThroughTheApi) {
  auto [s, list] = get("/api/rounds");
  ASSERT_EQ(list["rounds"].size(), 2u);
  const std::string round = list["rounds"][0]["id"];
  const std::string past = list["rounds"][1]["id"];
  EXPECT_EQ(list["rounds"][0]["phase"], "discussion");
  EXPECT_EQ(list["rounds"][1]["phase"], "adopted");
  auto [s1, view] = get("/api/rounds/" + round);
  ASSERT_EQ(view["alternatives"].size(), 4u);
  EXPECT_EQ(view["alternatives"][0]["figures"]["name"], "status quo");
  EXPECT_EQ(view["computations"].size(), 1u);
  EXPECT_EQ(view["computations"][0]["economy_digest"].get<std::string>().size(), 64u);

  // The committee's seat holders amend their workplace during the amendment phase only.
  auto [s2, body] = get("/api/bodies/" + officials_.committee);
  const std::string workplace = body["constituency"]["workplace"];
  std::vector<Caller> holders;
  for (const auto& h : officials_.holders) holders.push_back(member(h));
  Json amendment = {{"propose_round_amendment",
                     {{"round", round},
                      {"workplace", workplace},
                      {"text", "We undertake less: the furnace is relined in spring"},
                      {"target", 1}}}};
  EXPECT_EQ(command(holders[0], amendment).first, 409) << "not in the discussion";
  at(150);
  auto [s3, proposed] = command(holders[0], amendment);
  ASSERT_EQ(s3, 200) << proposed.dump();
  const std::string motion = proposed["created"][0];
  for (const Caller& h : holders) {
    EXPECT_EQ(command(h, {{"vote_motion", {{"motion", motion}, {"choice", "yes"}}}}).first, 200);
  }
  ASSERT_TRUE(server_->tick().ok());
  ASSERT_TRUE(server_->compute_rounds().ok());
  std::tie(s1, view) = get("/api/rounds/" + round);
  EXPECT_EQ(view["round"]["version"], 2);
  EXPECT_EQ(view["round"]["computed_version"], 2);
  EXPECT_EQ(view["amendments"][0]["state"], "carried");
  EXPECT_EQ(view["computing"]["stage"], "done");
  // The workplace's committee sees what binds in its own figures.
  auto [s4, mine] = get("/api/rounds/" + round + "/bodies/" + officials_.committee);
  EXPECT_EQ(mine["scope"], "workplace");
  ASSERT_EQ(mine["alternatives"].size(), 4u);
  for (size_t a = 1; a < 4; ++a) {
    if (mine["alternatives"][a]["output_target"].get<double>() > 1) {
      EXPECT_FALSE(mine["alternatives"][a]["bottlenecks"].empty()) << mine.dump();
    }
  }

  // The vote: members rank in their own workplace, once; the council cannot settle it.
  at(250);
  const std::string council_holder = officials_.council_holder;
  Caller council = member(council_holder);
  EXPECT_EQ(command(council, {{"close_round", {{"round", round}}}}).first, 400);
  std::vector<std::string> ids;
  {
    std::lock_guard lock(server_->db_mutex());
    auto q = server_->federation().store().db().prepare(
        "SELECT id FROM members WHERE workplace = ? ORDER BY id");
    ASSERT_TRUE(q.ok());
    q->bind(1, workplace);
    while (*q->step()) ids.emplace_back(q->column_text(0));
  }
  ASSERT_GE(ids.size(), 5u);
  int cast = 0;
  for (size_t k = 0; k < ids.size(); ++k) {
    Caller c = member(ids[k]);
    // Most prefer shorter hours; a few the status quo.
    Json ranks = k % 4 == 3 ? Json{1, 3, 2, 4} : Json{2, 1, 3, 4};
    auto [st, reply] = command(c, {{"cast_round_ballot", {{"round", round}, {"ranks", ranks}}}});
    EXPECT_EQ(st, 200) << reply.dump();
    if (st == 200) ++cast;
    if (k == 0) {
      EXPECT_EQ(command(c, {{"cast_round_ballot", {{"round", round}, {"ranks", ranks}}}}).first,
                409)
          << "a second ballot";
      auto [code, seen] = test::call(port_, "GET", "/api/rounds/" + round, c, "");
      EXPECT_TRUE(seen["voted"].get<bool>());
    }
  }
  EXPECT_EQ(command(member(officials_.council_holder),
                    {{"cast_round_ballot", {{"round", round}, {"ranks", {1, 2}}}}})
                .first,
            400)
      << "one rank per alternative";

  // The close: the members' ballots decide, and the targets become the workplaces'.
  at(400);
  ASSERT_TRUE(server_->tick().ok());
  std::tie(s1, view) = get("/api/rounds/" + round);
  ASSERT_EQ(view["results"].size(), 1u);
  EXPECT_EQ(view["results"][0]["ballots"].get<int>(), cast);
  EXPECT_EQ(view["round"]["phase"], "adopted");
  EXPECT_EQ(view["round"]["alternatives"][view["round"]["adopted"].get<int>()], "shorter hours");
  std::tie(s4, mine) = get("/api/rounds/" + round + "/bodies/" + officials_.committee);
  ASSERT_EQ(mine["tallies"].size(), 1u);
  EXPECT_EQ(mine["tallies"][0]["ballots"].get<int>(), cast);
  auto [s6, targets] = get("/api/workplaces/" + workplace + "/targets");
  ASSERT_EQ(targets["targets"].size(), 2u) << "the past round's and this one's";
  EXPECT_EQ(targets["targets"][0]["round"], round);
  EXPECT_EQ(targets["targets"][1]["round"], past);
  auto [s7, bodies] = get("/api/members/" + ids[0] + "/round-bodies");
  ASSERT_FALSE(bodies["bodies"].empty());
  EXPECT_EQ(bodies["bodies"][0]["id"], officials_.committee);
  EXPECT_EQ(bodies["bodies"].back()["kind"], "control");
}

}  // namespace
}  // namespace collegium::server
