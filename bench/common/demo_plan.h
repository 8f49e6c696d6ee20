// The demo federation with a planning round, as the benchmarks of rounds (issue #14,
// bench/round) and of carrying out the plan (issue #16, bench/execution) set it up: a
// constitution with short polls, the demo and its economy, its bodies elected, and a round
// the council calls, computed, voted and closed. Header-only: each benchmark times the
// steps it measures between these calls. Every step goes through the federation's own
// commands, so the record is what a real federation's would be.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "base/util.h"
#include "federation/demo.h"
#include "federation/demo_history.h"
#include "federation/federation.h"

namespace collegium::bench {

namespace fed = collegium::federation;
using Clock = std::chrono::steady_clock;

inline double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

inline std::string plus(const std::string& t, int64_t seconds) {
  return unix_ms_to_utc(*utc_to_unix_ms(t) + seconds * 1000);
}

// The size: 20,000 workplaces, 7,000,000 members, 100,000 products.
inline void large_demo(fed::DemoOptions& demo) {
  demo.workplaces = 20000;
  demo.members = 7000000;
  demo.economy_products = 100000;
}

// The first column of every row of `sql`.
inline Result<std::vector<std::string>> column(fed::Federation& f, const std::string& sql) {
  auto q = TRY(f.store().db().prepare(sql));
  std::vector<std::string> out;
  while (TRY(q.step())) out.emplace_back(q.column_text(0));
  return out;
}

// Founds the constitution (polls of minutes, so that elections and rounds close quickly on
// the benchmark's clock; the rest as the defaults), loads the demo with its economy, and
// elects its bodies (`elected_unions` as DemoHistoryOptions has it: 0 elects every body).
// Returns the time the elections end at; the clock stands there.
inline Result<std::string> found_and_elect_demo(fed::Federation& f, fed::DemoClock& clock,
                                                const fed::DemoOptions& demo,
                                                int64_t elected_unions) {
  fed::FoundConstitution found;
  found.constitution.nomination_seconds = 120;
  found.constitution.voting_seconds = 600;
  found.constitution.motion_seconds = 600;
  TRY(f.execute(found, fed::kOperator));
  auto t0 = Clock::now();
  TRY(fed::load_demo(f, demo));
  fmt::print("  the demo and its economy loaded in {:.1f} s\n", since(t0));
  t0 = Clock::now();
  fed::DemoHistoryOptions history;
  history.elected_unions = elected_unions;
  const std::string now =
      TRY(fed::elect_demo_bodies(f, history, [&](const std::string& t) { clock.set(t); }));
  clock.set(now);
  fmt::print("  {} elected in {:.1f} s\n",
             elected_unions == 0
                 ? std::string("every body")
                 : fmt::format("{} unions, the bodies below them, the congress and the council",
                               elected_unions),
             since(t0));
  return now;
}

// Elects every workplace committee that found_and_elect_demo left unelected (with
// `elected_unions` above 0), at the least cost the rules allow: seats + 1 of the
// workplace's members stand (production members first, as the composition rules ask), and
// one of them votes. For benchmarks that need every workplace's committee but not a
// realistic election of it: electing every shop and committee of the 7,000,000-member demo
// by its members would take most of an hour on two cores. Returns the time the elections
// end at; the clock stands there.
inline Result<std::string> elect_remaining_committees(fed::Federation& f, fed::DemoClock& clock,
                                                      std::string now) {
  const fed::Constitution c = f.registry().constitution();
  auto t0 = Clock::now();
  std::vector<std::pair<std::string, std::string>> polls;  // poll, workplace
  std::vector<int64_t> seats;
  {
    auto q = TRY(f.store().db().prepare(
        "SELECT p.id, b.constituency_ref, b.seats FROM polls p JOIN bodies b ON b.id = p.body "
        "WHERE p.state = 'nominating' AND b.kind = 'workplace_committee' AND "
        "b.constituency_kind = 'workplace' ORDER BY p.id"));
    while (TRY(q.step())) {
      polls.emplace_back(q.column_text(0), q.column_text(1));
      seats.push_back(q.column_int(2));
    }
  }
  auto run = [&](std::vector<fed::Federation::Submitted>& batch, bool last) -> Status {
    if (batch.size() < 50000 && !(last && !batch.empty())) return {};
    TRY(f.execute_each(batch));
    batch.clear();
    return {};
  };
  std::vector<fed::Federation::Submitted> batch;
  auto members = TRY(f.store().db().prepare(
      "SELECT id FROM members WHERE workplace = ? ORDER BY category != 'production', id LIMIT ?"));
  for (size_t k = 0; k < polls.size(); ++k) {
    members.bind(1, polls[k].second).bind(2, seats[k] + 1);
    while (TRY(members.step())) {
      std::string id(members.column_text(0));
      batch.push_back({fed::Nominate{polls[k].first, id, ""}, id, {}, 0, 0, {}});
    }
    members.reset();
    TRY(run(batch, false));
  }
  TRY(run(batch, true));
  now = plus(now, c.nomination_seconds + 1);
  clock.set(now);
  TRY(f.execute(fed::Advance{}, fed::kClock));
  for (const auto& [poll, workplace] : polls) {
    auto p = f.registry().poll(poll);
    if (!p || p->state != fed::Poll::State::kVoting) continue;
    std::vector<std::string> ranking;
    for (const auto& candidate : f.registry().candidates(poll)) ranking.push_back(candidate.member);
    if (ranking.empty()) continue;
    const std::string voter = ranking.front();
    batch.push_back({fed::CastBallot{poll, std::move(ranking)}, voter, {}, 0, 0, {}});
    TRY(run(batch, false));
  }
  TRY(run(batch, true));
  now = plus(now, c.voting_seconds + 1);
  clock.set(now);
  TRY(f.execute(fed::Advance{}, fed::kClock));
  fmt::print(
      "  the {} other workplace committees elected (seats + 1 standing, one ballot) in "
      "{:.1f} s\n",
      polls.size(), since(t0));
  return now;
}

// The round the benchmarks call at `now`: four choices besides the status quo (the
// alternatives are [status quo, more goods, shorter hours, build for later, a balance]),
// discussion for an hour, amendments for another, the vote closing an hour after. The
// council's first seat holder proposes it, every holder votes for it, and the clock opens
// it. Returns the open round.
inline Result<fed::Round> call_bench_round(fed::Federation& f, const std::string& now) {
  const auto council = f.registry().body_mandates("council");
  if (council.empty()) return failed_precondition("the council was not elected");
  fed::RoundCall call;
  call.period = "bench";
  call.productivity_gain = {0.02};
  call.choices = {{"more goods", {1}, {0}, {0}},
                  {"shorter hours", {0}, {1}, {0}},
                  {"build for later", {0}, {0}, {1}},
                  {"a balance", {1.0 / 3}, {1.0 / 3}, {1.0 / 3}}};
  call.discussion_until = plus(now, 3600);
  call.amendment_until = plus(now, 7200);
  call.vote_until = plus(now, 10800);
  TRY(f.execute(fed::ProposeRound{"council", "A round to measure", call}, council[0].member));
  const std::string motion =
      TRY(column(f,
                 "SELECT id FROM motions WHERE kind = 'planning_round' ORDER BY seq DESC LIMIT 1"))
          .at(0);
  for (const auto& m : council) TRY(f.execute(fed::VoteMotion{motion, "yes"}, m.member));
  TRY(f.execute(fed::Advance{}, fed::kClock));
  auto round = f.registry().open_round();
  if (!round) return internal_error("the council's motion did not open a round");
  return *round;
}

// Members' ranked ballots on `round` (the vote must be open), `ranks(k)` giving member k's
// ranks of the alternatives, 1,000 to a transaction.
inline Status cast_round_ballots(fed::Federation& f, const std::string& round,
                                 const std::vector<std::string>& members,
                                 const std::function<std::vector<int64_t>(size_t)>& ranks) {
  std::vector<fed::Federation::Submitted> batch;
  for (size_t k = 0; k < members.size(); ++k) {
    batch.push_back({fed::CastRoundBallot{round, ranks(k)}, members[k], {}, 0, 0, {}});
    if (batch.size() == 1000 || k + 1 == members.size()) {
      TRY(f.execute_each(batch));
      for (const auto& b : batch) TRY(b.status);
      batch.clear();
    }
  }
  return {};
}

}  // namespace collegium::bench
