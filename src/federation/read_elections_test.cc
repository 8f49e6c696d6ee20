// The read models of elections over the federation tests/scenarios/governance.test leaves:
// three closed polls (the casting committee's, then the congress and the union elected by
// its seat holders), nine mandates, one report back.
#include "federation/read_elections.h"

#include <gtest/gtest.h>

#include "federation/read_test_fixture.h"

namespace collegium::federation {
namespace {

class ReadElections : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new test::ScenarioDir("governance", "read-elections");
    ASSERT_TRUE(data_->status().ok()) << data_->status().to_string();
  }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }
  std::unique_ptr<Federation> open(std::string now = {}) {
    auto f = data_->open(std::move(now));
    EXPECT_TRUE(f.ok()) << f.status().to_string();
    return f.ok() ? std::move(*f) : nullptr;
  }
  static test::ScenarioDir* data_;
};
test::ScenarioDir* ReadElections::data_ = nullptr;

TEST_F(ReadElections, PollsFilterByStateBodyAndElector) {
  auto fed = open();
  auto closed = list_polls(*fed, {"", "closed", ""}, {});
  ASSERT_TRUE(closed.ok()) << closed.status().to_string();
  ASSERT_EQ(closed->polls.size(), 3u);
  EXPECT_EQ(closed->polls[0].id, "poll-32");  // newest first
  EXPECT_EQ(closed->polls[2].candidates, 3);
  auto open_polls = list_polls(*fed, {"", "open", ""}, {});
  ASSERT_TRUE(open_polls.ok());
  EXPECT_TRUE(open_polls->polls.empty());
  auto cast = list_polls(*fed, {"cast", "", ""}, {});
  ASSERT_TRUE(cast.ok());
  ASSERT_EQ(cast->polls.size(), 1u);
  EXPECT_EQ(cast->polls[0].body_name, "Casting committee");
  // m4 holds no seat of the casting committee, so elects only in its own shop's poll.
  auto m4 = list_polls(*fed, {"", "", "m4"}, {});
  ASSERT_TRUE(m4.ok());
  ASSERT_EQ(m4->polls.size(), 1u);
  EXPECT_EQ(m4->polls[0].id, "poll-16");
  auto bad = list_polls(*fed, {"", "later", ""}, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where(), "state");
}

TEST_F(ReadElections, AClosedPollGivesItsResultTheRecountAndTheViewersPart) {
  auto fed = open();
  auto p = read_poll(*fed, "poll-16", "m1");
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->state, "closed");
  EXPECT_EQ(p->voters, 6);
  ASSERT_TRUE(p->result && p->recount_command);
  EXPECT_EQ(*p->recount_command, (*p->result)["recount_command"]);
  EXPECT_EQ(p->ballots_url, "/api/polls/poll-16/ballots");
  EXPECT_EQ(p->open_vote, false);  // members vote in secret in their shop
  ASSERT_TRUE(p->you);
  EXPECT_EQ(*p->you, (PollYou{true, 1, true, true}));
  auto anonymous = read_poll(*fed, "poll-16", "");
  ASSERT_TRUE(anonymous.ok());
  EXPECT_FALSE(write_json(*anonymous).contains("you"));
  // Delegates vote openly, each carrying the members who elected them.
  auto congress = read_poll(*fed, "poll-31", "m1");
  ASSERT_TRUE(congress.ok());
  EXPECT_EQ(congress->open_vote, true);
  EXPECT_EQ(congress->you->weight, 2);
  auto none = read_poll(*fed, "poll-0", "");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), Code::kNotFound);
}

TEST_F(ReadElections, NominationsNameWhoNominated) {
  auto fed = open();
  auto n = read_nominations(*fed, "poll-31");
  ASSERT_TRUE(n.ok()) << n.status().to_string();
  auto dmitri = std::find_if(n->nominations.begin(), n->nominations.end(),
                             [](const NominationView& v) { return v.member == "m4"; });
  ASSERT_NE(dmitri, n->nominations.end());
  EXPECT_EQ(dmitri->nominated_by, "m3");
  EXPECT_EQ(dmitri->nominated_by_name, "Clara");
  EXPECT_EQ(dmitri->state, "standing");
}

// The report back is due the constitution's period (90 days here) after the last report,
// or after the mandate began; overdue once the clock is past it, not at it.
TEST_F(ReadElections, AReportBackIsDueAPeriodAfterTheLastOne) {
  auto fed = open("2027-04-03T00:00:00.000Z");
  auto all = list_mandates(*fed, {});
  ASSERT_TRUE(all.ok()) << all.status().to_string();
  std::map<std::string, std::string> due, congress;
  for (const auto& m : all->mandates) {
    due[m.id] = m.report_due.value_or("");
    if (m.body == "congress") congress[m.member] = m.report_due.value_or("");
  }
  EXPECT_EQ(due["mandate-28"], "2027-04-02T00:00:00.000Z");  // began 2027-01-02
  // The congress's seats began 2027-01-03; m4 reported back on 2027-01-05. (Which seat
  // was filled first is drawn by lot, so the seats are told apart by their holders.)
  ASSERT_EQ(congress.count("m4"), 1u);
  for (const auto& [member, when] : congress) {
    EXPECT_EQ(when, member == "m4" ? "2027-04-05T00:00:00.000Z" : "2027-04-03T00:00:00.000Z")
        << member;
  }
  MandateFilter overdue;
  overdue.overdue = true;
  auto late = list_mandates(*fed, overdue);
  ASSERT_TRUE(late.ok());
  std::vector<std::string> ids;
  for (const auto& m : late->mandates) ids.push_back(m.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"mandate-30", "mandate-29", "mandate-28"}));
  // An ended mandate is due nothing.
  MandateFilter ended;
  ended.running = false;
  ended.body = "lab";
  auto lab = list_mandates(*fed, ended);
  ASSERT_TRUE(lab.ok());
  ASSERT_EQ(lab->mandates.size(), 1u);
  EXPECT_EQ(lab->mandates[0].end_reason, "recalled");
  EXPECT_FALSE(lab->mandates[0].report_due);
}

// A stored count that cannot be read is reported, not shown as a poll without a result.
TEST_F(ReadElections, ADamagedResultIsAnErrorNotANullResult) {
  auto fed = open();
  auto kept = read_poll(*fed, "poll-16", "");
  ASSERT_TRUE(kept.ok());
  ASSERT_TRUE(fed->store()
                  .db()
                  .exec("UPDATE polls SET result = '{\"elected\": [' WHERE id = 'poll-16'")
                  .ok());
  auto damaged = read_poll(*fed, "poll-16", "");
  EXPECT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), Code::kInternal);
  auto restore = fed->store().db().prepare("UPDATE polls SET result = ? WHERE id = 'poll-16'");
  ASSERT_TRUE(restore.ok());
  ASSERT_TRUE(restore->bind(1, kept->result->dump()).run().ok());
  EXPECT_TRUE(read_poll(*fed, "poll-16", "").ok());
}

}  // namespace
}  // namespace collegium::federation
