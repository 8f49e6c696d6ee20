// The demo's past (demo_history.h): every body elected through the federation's own
// commands, one round adopted by the members' vote with its ballots published, a second
// one open; and both reproduce from the exported record alone (C4). The adopted plan is
// carried out (C6): its past periods reported with real deviations, signals raised,
// answered and climbing, and the running demo filing each new period's reports.
#include "federation/demo_history.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "base/util.h"
#include "federation/demo.h"
#include "federation/read_execution.h"
#include "federation/read_rounds.h"
#include "federation/rebuild_check.h"
#include "federation/round_reproduce.h"
#include "federation/rules.h"

namespace collegium::federation {
namespace {

namespace fs = std::filesystem;

// A fresh demo of 12 workplaces and 600 members with its economy, on a clock the test moves,
// founded with periods of minutes, report periods included (as `serve --demo` founds it).
struct Demo {
  fs::path dir;
  DemoClock clock;
  std::unique_ptr<Federation> fed;
  explicit Demo(const std::string& name)
      : dir(fs::temp_directory_path() / fmt::format("collegium-{}-{}", name, ::getpid())) {
    fs::remove_all(dir);
    auto f = Federation::open(dir, options());
    EXPECT_TRUE(f.ok()) << f.status().to_string();
    if (!f.ok()) return;
    fed = std::move(*f);
    FoundConstitution found;
    found.constitution.nomination_seconds = 120;
    found.constitution.voting_seconds = 600;
    found.constitution.motion_seconds = 600;
    set_demo_report_periods(found.constitution, DemoHistoryOptions{}.report_period);
    EXPECT_TRUE(fed->execute(found, kOperator).ok());
    EXPECT_TRUE(load_demo(*fed, DemoOptions{.workplaces = 12, .members = 600, .seed = 7}).ok());
  }
  ~Demo() {
    fed.reset();
    fs::remove_all(dir);
  }
  Federation::Options options() {
    Federation::Options fo;
    fo.clock = [this] { return clock.now(); };
    return fo;
  }
};

TEST(DemoHistory, ElectsEveryBodyAdoptsOneRoundAndOpensAnotherThatReproduce) {
  Demo d("demo-history");
  ASSERT_TRUE(d.fed);
  Federation& fed = *d.fed;
  DemoClock& clock = d.clock;
  const fs::path& dir = d.dir;
  DemoHistoryOptions o;
  o.seed = 7;
  {
    auto first = fed.store().db().prepare("SELECT workplace FROM members ORDER BY id LIMIT 1");
    ASSERT_TRUE(first.ok() && *first->step());
    o.unelected_workplace = std::string(first->column_text(0));
  }
  auto officials = play_demo_history(fed, o, [&](const std::string& t) { clock.set(t); });
  ASSERT_TRUE(officials.ok()) << officials.status().to_string();
  EXPECT_FALSE(officials->council_holder.empty());
  // The congress holder whose login the demo prints proposes amendments (#15, A13): they
  // must sit in the congress.
  bool in_congress = false;
  for (const Mandate& m : fed.registry().body_mandates("congress"))
    in_congress |= m.member == officials->congress_holder;
  EXPECT_TRUE(in_congress) << officials->congress_holder;
  EXPECT_GE(officials->holders.size(), 3u);
  EXPECT_EQ(fed.registry().body_mandates("council").size(), 15u);
  // The workplace left for a visitor has nothing elected, and its election is open.
  auto committee = fed.registry().workplace_committee(o.unelected_workplace);
  ASSERT_TRUE(committee);
  EXPECT_TRUE(fed.registry().body_mandates(committee->id).empty());
  EXPECT_TRUE(fed.registry().open_election(committee->id));

  auto rounds = list_rounds(fed, now_utc_iso());
  ASSERT_TRUE(rounds.ok());
  ASSERT_EQ(rounds->rounds.size(), 2u);
  const RoundSummary& open = rounds->rounds[0];
  const RoundSummary& adopted = rounds->rounds[1];
  EXPECT_EQ(open.phase, "discussion");
  EXPECT_EQ(open.computed_version, 1);
  EXPECT_EQ(adopted.phase, "adopted");
  EXPECT_EQ(adopted.version, 2) << "the committee's amendment was carried";
  EXPECT_EQ(adopted.alternatives.at(static_cast<size_t>(adopted.adopted)), "shorter hours");
  auto view = read_round(fed, adopted.id, now_utc_iso(), "");
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->results.size(), 1u);
  EXPECT_GT(view->results[0].ballots, 600 / 2);
  // Each workplace with data now has its target for the period.
  {
    auto targets = fed.store().db().prepare("SELECT COUNT(*) FROM workplace_targets");
    ASSERT_TRUE(targets.ok() && *targets->step());
    EXPECT_EQ(targets->column_int(0), view->workplaces);
  }

  // The open round's vote closes with no ballot: back to amendment, and it votes again.
  clock.set(rules::plus_seconds(open.vote_until, 1));
  ASSERT_TRUE(fed.execute(Advance{}, kClock).ok());
  auto reopened = fed.registry().round(open.id);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->state, "open");
  EXPECT_EQ(reopened->vote, 2);
  EXPECT_GT(reopened->call.vote_until, open.vote_until);
  clock.set("");

  // Both rounds reproduce from the exported record alone.
  const fs::path file = dir.string() + ".jsonl";
  std::FILE* out = std::fopen(file.c_str(), "w");
  ASSERT_NE(out, nullptr);
  ASSERT_TRUE(fed.store().export_record(out).ok());
  std::fclose(out);
  auto text = read_file(file);
  ASSERT_TRUE(text.ok());
  for (const RoundSummary& r : rounds->rounds) {
    auto again = reproduce_round(*text, r.id);
    ASSERT_TRUE(again.ok()) << again.status().to_string();
    EXPECT_TRUE(again->agrees()) << r.id << ": " << again->differences.front();
  }
  fs::remove(file);
}

// The adopted plan's past periods are reported through the federation's own commands, with
// the demo's deviations: a signal its committee acknowledges and resolves, one nobody answers
// that climbs to the union body; the workplace with nothing elected reports nothing; the
// running demo files the next period's reports once half its window has gone; and every
// table survives a rebuild.
TEST(DemoHistory, CarriesOutTheAdoptedPlanWithDeviationsThatClimb) {
  Demo d("demo-execution");
  ASSERT_TRUE(d.fed);
  Federation& fed = *d.fed;
  DemoHistoryOptions o;
  o.seed = 7;
  {
    auto first = fed.store().db().prepare("SELECT workplace FROM members ORDER BY id LIMIT 1");
    ASSERT_TRUE(first.ok() && *first->step());
    o.unelected_workplace = std::string(first->column_text(0));
  }
  auto officials = play_demo_history(fed, o, [&](const std::string& t) { d.clock.set(t); });
  ASSERT_TRUE(officials.ok()) << officials.status().to_string();
  const std::string now = now_utc_iso();
  auto plan = fed.registry().plan_in_execution();
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->period_seconds, o.report_period);
  // The last past period has just ended: its reports are due, the ones before are in.
  EXPECT_EQ(period_at(*plan, now), o.past_periods + 1);

  auto count = [&](const std::string& sql) {
    auto q = fed.store().db().prepare(sql);
    EXPECT_TRUE(q.ok());
    EXPECT_TRUE(q.ok() && *q->step());
    return q.ok() ? q->column_int(0) : -1;
  };
  const int64_t reporting =
      count("SELECT COUNT(DISTINCT workplace) FROM plan_reports WHERE confirmed_by != ''");
  EXPECT_GE(reporting, 8);
  EXPECT_EQ(count("SELECT COUNT(*) FROM plan_reports"), reporting * (o.past_periods - 1));
  EXPECT_EQ(count("SELECT COUNT(*) FROM plan_reports WHERE confirmed_by = ''"), 0)
      << "filed by seat holders, confirmed at once";

  // Nothing elected, nothing reported: its closed periods are missing.
  auto unelected = read_workplace_fulfilment(fed, o.unelected_workplace, now);
  ASSERT_TRUE(unelected.ok()) << unelected.status().to_string();
  ASSERT_EQ(unelected->periods.size(), static_cast<size_t>(o.past_periods + 1));
  EXPECT_EQ(unelected->periods[0].state, "missing");
  EXPECT_EQ(unelected->periods[static_cast<size_t>(o.past_periods - 1)].state, "due");

  auto all = list_signals(fed, SignalFilter{}, Page{0, 100}, now);
  ASSERT_TRUE(all.ok()) << all.status().to_string();
  bool resolved = false, climbed = false, over = false, wasted = false;
  for (const SignalSummary& s : all->signals) {
    resolved = resolved || (s.state == "resolved" && s.level == 0);
    climbed = climbed || s.level >= 1;
    over = over || (s.direction == "over" && s.indicator.empty());
    wasted = wasted || (s.direction == "over" && s.indicator.starts_with("inputs/"));
    EXPECT_FALSE(s.indicator.starts_with("hours/"))
        << s.id << ": the demo's hours follow the technology, noise aside";
  }
  EXPECT_TRUE(wasted) << "an input used over plan is a signal of its own";
  EXPECT_GT(count("SELECT COUNT(*) FROM plan_readings WHERE indicator LIKE 'hours/%'"), 0);
  EXPECT_GT(count("SELECT COUNT(*) FROM plan_readings WHERE indicator LIKE 'inputs/%'"), 0);
  EXPECT_TRUE(resolved) << "one signal answered by its committee";
  EXPECT_TRUE(climbed) << "one signal nobody answered climbed to the union body";
  EXPECT_TRUE(over) << "over-performance is a signal too";
  // The climbing signal's page tells its history step by step.
  for (const SignalSummary& s : all->signals) {
    if (s.level < 1) continue;
    auto detail = read_signal(fed, s.id, now);
    ASSERT_TRUE(detail.ok()) << detail.status().to_string();
    ASSERT_GE(detail->steps.size(), 2u);
    EXPECT_EQ(detail->steps[0].step, "raised");
    EXPECT_EQ(detail->steps[1].step, "escalated");
    break;
  }

  // The running demo: nothing before half the window, then every reporting workplace.
  const std::string early = rules::plus_seconds(period_end(*plan, o.past_periods), 10);
  d.clock.set(early);
  auto none = file_demo_reports(fed, early, o.seed);
  ASSERT_TRUE(none.ok()) << none.status().to_string();
  EXPECT_EQ(*none, 0);
  const std::string half =
      rules::plus_seconds(period_end(*plan, o.past_periods), o.report_period / 2 + 1);
  d.clock.set(half);
  auto filed = file_demo_reports(fed, half, o.seed);
  ASSERT_TRUE(filed.ok()) << filed.status().to_string();
  EXPECT_EQ(*filed, reporting);
  auto again = file_demo_reports(fed, half, o.seed);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0) << "a period is reported once";
  ASSERT_TRUE(fed.execute(Advance{}, kClock).ok());
  d.clock.set("");

  auto differs = rebuild_check::rebuild_and_compare(fed.store());
  ASSERT_TRUE(differs.ok()) << differs.status().to_string();
  EXPECT_EQ(*differs, "");
}

// A backup taken while a round's vote is open holds none of its ballots (the sealed box is
// emptied in the copy, invariant 3); restored, the clock restarts the vote for everyone.
TEST(DemoHistory, ARestoredBackupTakenDuringARoundsVoteVotesAgain) {
  Demo d("round-backup");
  ASSERT_TRUE(d.fed);
  Federation& fed = *d.fed;
  DemoClock& clock = d.clock;
  const fs::path& dir = d.dir;
  DemoHistoryOptions o;
  o.seed = 7;
  o.discussion_seconds = o.amendment_seconds = o.vote_seconds = 600;
  ASSERT_TRUE(play_demo_history(fed, o, [&](const std::string& t) { clock.set(t); }).ok());
  auto round = fed.registry().open_round();
  ASSERT_TRUE(round);
  clock.set(rules::plus_seconds(round->call.amendment_until, 1));
  std::vector<std::string> voters = {"m-0000003", "m-0000004", "m-0000005"};
  for (const auto& m : voters) {
    ASSERT_TRUE(fed.execute(CastRoundBallot{round->id, {1, 2, 3, 4}}, m).ok());
  }
  const fs::path file = dir.string() + "-backup.db";
  fs::remove(file);
  auto made = fed.store().backup(file);
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  EXPECT_EQ(made->omitted, Json::parse(R"([{"ballots":3,"poll":")" + round->id + R"("}])"));

  const fs::path restored = dir.string() + "-restored";
  fs::remove_all(restored);
  fs::create_directories(restored);
  fs::copy_file(file, restored / "collegium.db");
  fs::copy_file(dir / "server.key", restored / "server.key");
  auto back = Federation::open(restored, d.options());
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  auto again = (*back)->registry().round(round->id);
  ASSERT_TRUE(again);
  EXPECT_FALSE((*back)->registry().has_voted_round(round->id, again->vote, voters[0]));
  EXPECT_GT(again->call.vote_until, clock.now());
  EXPECT_TRUE((*back)->registry().round_ballots(round->id).empty());
  EXPECT_TRUE((*back)->execute(CastRoundBallot{round->id, {2, 1, 3, 4}}, voters[0]).ok())
      << "everyone may vote again";
  back->reset();
  fs::remove_all(restored);
  fs::remove(file);
}

}  // namespace
}  // namespace collegium::federation
