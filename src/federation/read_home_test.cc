// A member's home (read_home.h, issue #15): the execution scenario's federation carried on
// for a few weeks of a new plan, so that a seat holder of the foundry's committee has
// something open or due in every category, while a member without a seat has nothing.
#include "federation/read_home.h"

#include <gtest/gtest.h>

#include <mutex>

#include "base/util.h"
#include "federation/codec.h"
#include "federation/read_execution.h"
#include "federation/read_motions.h"
#include "federation/read_test_fixture.h"
#include "federation/round_job.h"

namespace collegium::federation {
namespace {

Status run(Federation& f, std::string_view actor, std::string_view json) {
  auto parsed = parse_json(json, "command");
  if (!parsed.ok()) return parsed.status();
  auto cmd = command_from_json(*parsed, "");
  if (!cmd.ok()) return cmd.status();
  return f.execute(*cmd, actor);
}

const HomeItem* find(const std::vector<HomeItem>& items, std::string_view kind) {
  for (const auto& i : items) {
    if (i.kind == kind) return &i;
  }
  return nullptr;
}

std::vector<std::string> kinds(const std::vector<HomeItem>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.kind);
  return out;
}

class ReadHome : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { data_ = new test::ScenarioDir("execution", "read-home"); }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }
  static test::ScenarioDir* data_;
};
test::ScenarioDir* ReadHome::data_ = nullptr;

TEST_F(ReadHome, EachCategoryForASeatHolderAndNothingForAMemberWithout) {
  ASSERT_TRUE(data_->status().ok()) << data_->status().to_string();
  // The scenario's second plan was adopted on 2027-05-04 with weekly report periods. The
  // foundry's committee reports seven weeks on target, then an eighth with nothing made: a
  // step down, which raises a signal before the committee.
  for (int week = 1; week <= 8; ++week) {
    auto ms = utc_to_unix_ms("2027-05-04T01:00:00.000Z");
    ASSERT_TRUE(ms.ok());
    std::string now = unix_ms_to_utc(*ms + int64_t{week} * 7 * 86400 * 1000);
    auto fed = data_->open(now);
    ASSERT_TRUE(fed.ok()) << fed.status().to_string();
    auto w1 = read_workplace_fulfilment(**fed, "w1", now);
    ASSERT_TRUE(w1.ok()) << w1.status().to_string();
    const FulfilmentPeriod* due = nullptr;
    for (const auto& p : w1->periods) {
      if (p.state == "due") due = &p;
    }
    ASSERT_TRUE(due) << now;
    double made = week < 8 ? due->target : 0;
    Status filed = run(**fed, "m2",
                       fmt::format(R"({{"file_report": {{"workplace": "w1", "period": {},
                                       "figures": {{"output": {{"steel": {}}}}}}}}})",
                                   due->period, made));
    ASSERT_TRUE(filed.ok()) << filed.to_string();
  }
  {
    auto fed = data_->open("2027-06-29T02:00:00.000Z");
    ASSERT_TRUE(fed.ok()) << fed.status().to_string();
    Federation& f = **fed;
    // Enough members in the foundry that a petition needs two signatures (a fifth of 8),
    // and a member of the bolt works who holds no seat.
    for (int i = 8; i <= 12; ++i) {
      ASSERT_TRUE(run(f, kOperator,
                      fmt::format(R"({{"admit_member": {{"id": "m{}", "name": "Member {}",
                          "category": "production", "workplace": "w1",
                          "joined": "2027-05-01"}}}})",
                                  i, i))
                      .ok());
    }
    ASSERT_TRUE(run(f, kOperator,
                    R"({"admit_member": {"id": "m13", "name": "Nadia", "category": "production",
                        "workplace": "w2", "joined": "2027-05-01"}})")
                    .ok());
    // The council calls a third round; its amendment phase runs to 5 July, its vote to the
    // 9th.
    ASSERT_TRUE(run(f, "m1", R"({"propose_round": {"body": "council", "text": "A plan for 2028",
                  "round": {"period": "2028", "productivity_gain": 0.05, "choices": [{"name":
                  "shorter hours", "consumption": 0, "hours": 1, "investment": 0}],
                  "discussion_until": "2027-07-01T00:00:00Z", "amendment_until":
                  "2027-07-05T00:00:00Z", "vote_until": "2027-07-09T00:00:00Z"}}})")
                    .ok());
    auto call = list_motions(f, {"council", "open"});
    ASSERT_TRUE(call.ok() && call->motions.size() == 1);
    for (const char* m : {"m1", "m2", "m6"}) {
      std::string vote = fmt::format(R"({{"vote_motion": {{"motion": "{}", "choice": "yes"}}}})",
                                     call->motions[0].id);
      ASSERT_TRUE(run(f, m, vote).ok()) << m;
    }
  }
  {
    auto fed = data_->open("2027-06-30T03:00:00.000Z");
    ASSERT_TRUE(fed.ok());
    Federation& f = **fed;
    ASSERT_TRUE(run(f, kClock, R"({"advance": {}})").ok());
    std::mutex db;
    auto computed = RoundComputer().run(f, db);
    ASSERT_TRUE(computed.ok()) << computed.status().to_string();
  }
  {
    const std::string now = "2027-07-02T00:00:00.000Z";
    auto fed = data_->open(now);
    ASSERT_TRUE(fed.ok());
    Federation& f = **fed;
    auto home = read_home(f, "m1", now);
    ASSERT_TRUE(home.ok()) << home.status().to_string();
    const HomeItem* amend = find(home->open, "amend_round");
    ASSERT_TRUE(amend) << testing::PrintToString(kinds(home->open));
    EXPECT_EQ(amend->until.substr(0, 10), "2027-07-05");
    EXPECT_EQ(amend->title, "2028");
    EXPECT_FALSE(find(home->open, "vote_round"));  // not before the vote opens
    const HomeItem* signal = find(home->open, "signal");
    ASSERT_TRUE(signal) << testing::PrintToString(kinds(home->open));
    EXPECT_EQ(signal->body, "wc1");
    EXPECT_EQ(signal->have, 8);  // the period
    EXPECT_FALSE(signal->overdue);
    // The committee acknowledges it, so that it stays before the committee.
    ASSERT_TRUE(
        run(f, "m1", fmt::format(R"({{"acknowledge_signal": {{"signal": "{}"}}}})", signal->ref))
            .ok());

    // A member of the bolt works without a seat: nothing open (amending is for
    // committees), nothing due, no seats; they elect their workplace's committee.
    auto none = read_home(f, "m13", now);
    ASSERT_TRUE(none.ok()) << none.status().to_string();
    EXPECT_TRUE(none->open.empty()) << testing::PrintToString(kinds(none->open));
    EXPECT_TRUE(none->due.empty()) << testing::PrintToString(kinds(none->due));
    EXPECT_TRUE(none->seats.empty());
    ASSERT_FALSE(none->electing.empty());
    EXPECT_EQ(none->electing[0].id, "wc2");
  }
  {
    const std::string now = "2027-07-07T00:00:00.000Z";
    auto fed = data_->open(now);
    ASSERT_TRUE(fed.ok());
    Federation& f = **fed;
    // A control commission for the foundry: the clock calls its election.
    ASSERT_TRUE(
        run(f, kOperator, R"({"declare_body": {"id": "wctl", "name": "Foundry control commission",
                  "kind": "control", "seats": 3, "constituency": {"workplace": "w1"}}})")
            .ok());
    ASSERT_TRUE(run(f, kClock, R"({"advance": {}})").ok());
    // Boris petitions to recall Clara, and proposes a motion in the committee.
    std::string clara;
    for (const auto& m : f.registry().member_mandates("m3")) {
      if (m.body == "wc1") clara = m.id;
    }
    ASSERT_FALSE(clara.empty());
    ASSERT_TRUE(run(f, "m2",
                    fmt::format(R"({{"open_recall": {{"mandate": "{}",
                                    "reason": "She missed every meeting"}}}})",
                                clara))
                    .ok());
    ASSERT_TRUE(run(f, "m2", R"({"propose_motion": {"body": "wc1",
                  "text": "The committee meets on Mondays"}})")
                    .ok());

    auto home = read_home(f, "m1", now);
    ASSERT_TRUE(home.ok()) << home.status().to_string();
    EXPECT_EQ(home->name, "Anna");
    EXPECT_EQ(home->workplace_name, "Foundry");
    const HomeItem* nominate = find(home->open, "nominate");
    ASSERT_TRUE(nominate) << testing::PrintToString(kinds(home->open));
    EXPECT_EQ(nominate->body, "wctl");
    EXPECT_EQ(nominate->until.substr(0, 10), "2027-07-08");  // a day of nominations
    const HomeItem* petition = find(home->open, "sign_petition");
    ASSERT_TRUE(petition) << testing::PrintToString(kinds(home->open));
    EXPECT_EQ(petition->title, "Clara");
    EXPECT_EQ(petition->have, 1);
    EXPECT_EQ(petition->need, 2);
    const HomeItem* motion = find(home->open, "vote_motion");
    ASSERT_TRUE(motion);
    EXPECT_EQ(motion->title, "The committee meets on Mondays");
    EXPECT_EQ(motion->until.substr(0, 10), "2027-07-08");
    const HomeItem* round = find(home->open, "vote_round");
    ASSERT_TRUE(round) << testing::PrintToString(kinds(home->open));
    EXPECT_EQ(round->until.substr(0, 10), "2027-07-09");
    const HomeItem* signal = find(home->open, "signal");
    ASSERT_TRUE(signal);
    EXPECT_FALSE(signal->overdue);  // acknowledged: the committee has until it decides
    // Open items are soonest to close first; a petition, which nothing closes, last.
    for (size_t i = 1; i < home->open.size(); ++i) {
      if (home->open[i].until.empty()) continue;
      EXPECT_LE(home->open[i - 1].until, home->open[i].until);
    }
    EXPECT_EQ(home->open.back().kind, "sign_petition");

    // Due: reports back (the first, from January, long overdue), manual labour, and the
    // foundry's report for the ninth week, whose window closes when the tenth ends.
    const HomeItem* report_back = find(home->due, "report_back");
    ASSERT_TRUE(report_back) << testing::PrintToString(kinds(home->due));
    EXPECT_TRUE(report_back->overdue);
    const HomeItem* labour = find(home->due, "labour");
    ASSERT_TRUE(labour);
    EXPECT_EQ(labour->have, 0);
    EXPECT_EQ(labour->need, 30);
    const HomeItem* report = find(home->due, "workplace_report");
    ASSERT_TRUE(report) << testing::PrintToString(kinds(home->due));
    EXPECT_EQ(report->ref, "w1");
    EXPECT_EQ(report->have, 9);
    EXPECT_EQ(report->until.substr(0, 10), "2027-07-13");

    EXPECT_FALSE(home->seats.empty());
    bool in_committee = false;
    for (const auto& s : home->seats) in_committee |= s.body == "wc1";
    EXPECT_TRUE(in_committee);

    // Once Anna signs, votes and nominates herself, those leave her home.
    ASSERT_TRUE(
        run(f, "m1", fmt::format(R"({{"sign_recall": {{"recall": "{}"}}}})", petition->ref)).ok());
    ASSERT_TRUE(
        run(f, "m1",
            fmt::format(R"({{"vote_motion": {{"motion": "{}", "choice": "no"}}}})", motion->ref))
            .ok());
    auto after = read_home(f, "m1", now);
    ASSERT_TRUE(after.ok());
    EXPECT_FALSE(find(after->open, "sign_petition"));
    // Her signature was the second: the petition forced the recall vote, hers to cast.
    EXPECT_TRUE(find(after->open, "vote_recall")) << testing::PrintToString(kinds(after->open));
    EXPECT_FALSE(find(after->open, "vote_motion"));
  }
}

TEST_F(ReadHome, AnUnknownMemberHasNoHome) {
  ASSERT_TRUE(data_->status().ok()) << data_->status().to_string();
  auto fed = data_->open();
  ASSERT_TRUE(fed.ok());
  auto home = read_home(**fed, "m-nobody", (*fed)->store().now());
  ASSERT_FALSE(home.ok());
  EXPECT_EQ(home.status().code(), Code::kNotFound);
  EXPECT_EQ(home.status().where(), "id");
}

}  // namespace
}  // namespace collegium::federation
