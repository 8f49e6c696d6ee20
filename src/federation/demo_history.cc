#include "federation/demo_history.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include "base/util.h"
#include "federation/round_job.h"
#include "federation/rules.h"

namespace collegium::federation {

namespace {

using rules::plus_seconds;

// Plays commands on the federation as its members would give them.
class Player {
 public:
  Player(Federation& f, uint64_t seed, std::function<void(const std::string&)> set_time)
      : f_(f), rng_(seed), set_time_(std::move(set_time)) {}

  const std::string& now() const { return now_; }
  void at(std::string t) {
    now_ = std::move(t);
    set_time_(now_);
  }
  void later(int64_t seconds) { at(plus_seconds(now_, seconds)); }

  const RegistryView& registry() const { return f_.registry(); }
  Status advance() { return f_.execute(Advance{}, kClock); }
  Status as(const std::string& actor, Command c) { return f_.execute(c, actor); }
  // Commands of many actors in one transaction; each refusal is its command's alone.
  Status each(std::vector<Federation::Submitted>& work) {
    for (size_t from = 0; from < work.size(); from += 500) {
      auto part = std::span(work).subspan(from, std::min<size_t>(500, work.size() - from));
      TRY(f_.execute_each(part));
    }
    return {};
  }
  double uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  std::mt19937_64& rng() { return rng_; }

  Result<std::vector<std::string>> column(const std::string& sql, const std::string& arg = "") {
    auto q = TRY(f_.store().db().prepare(sql));
    if (sql.find('?') != std::string::npos) q.bind(1, arg);
    std::vector<std::string> out;
    while (TRY(q.step())) out.emplace_back(q.column_text(0));
    return out;
  }

 private:
  Federation& f_;
  std::mt19937_64 rng_;
  std::function<void(const std::string&)> set_time_;
  std::string now_;
};

// Those who vote in a body's elections: its members, or its electing bodies' seat holders.
Result<std::vector<std::string>> electors_of(Player& p, const Body& b) {
  switch (b.constituency.kind) {
    case Constituency::Kind::kWorkplace:
      return p.column("SELECT id FROM members WHERE workplace = ? ORDER BY id", b.constituency.ref);
    case Constituency::Kind::kShop:
      return p.column("SELECT id FROM members WHERE shop = ? ORDER BY id", b.constituency.ref);
    case Constituency::Kind::kBodies: {
      std::vector<std::string> out;
      for (const auto& [member, weight] : p.registry().delegate_weights(b)) out.push_back(member);
      return out;
    }
  }
  return std::vector<std::string>{};
}

bool in_workplace(const RegistryView& r, const Body& b, const std::string& workplace) {
  if (workplace.empty()) return false;
  if (b.constituency.kind == Constituency::Kind::kWorkplace) return b.constituency.ref == workplace;
  if (b.constituency.kind == Constituency::Kind::kShop) {
    auto s = r.shop(b.constituency.ref);
    return s && s->workplace == workplace;
  }
  return false;
}

// Candidates for a poll: electors who stand themselves; where the office limit (A9) stops
// the delegates, members without an office nominated by a union body a delegate sits on,
// who accept.
Status nominate(Player& p, const Poll& poll, std::vector<std::string> electors) {
  const size_t want = static_cast<size_t>(poll.seats) + 1;
  auto standing = [&] { return p.registry().candidates(poll.id).size(); };
  std::shuffle(electors.begin(), electors.end(), p.rng());
  for (size_t k = 0; k < electors.size() && standing() < want && k < want * 4; ++k)
    (void)p.as(electors[k], Nominate{poll.id, electors[k], ""});
  if (standing() >= static_cast<size_t>(poll.seats)) return {};
  auto free = TRY(p.column(
      "SELECT id FROM members WHERE id NOT IN (SELECT member FROM mandates WHERE ended = '') "
      "ORDER BY id"));
  std::shuffle(free.begin(), free.end(), p.rng());
  size_t next = 0;
  for (const std::string& e : electors) {
    for (const Mandate& m : p.registry().member_mandates(e)) {
      auto u = p.registry().body(m.body);
      if (!u || u->kind != BodyKind::kUnion) continue;
      while (standing() < want && next < free.size() && next < want * 8) {
        const std::string& candidate = free[next++];
        if (p.as(e, Nominate{poll.id, candidate, u->id}).ok())
          (void)p.as(candidate, AcceptNomination{poll.id});
      }
    }
    if (standing() >= want) break;
  }
  return {};
}

Status vote(Player& p, const Poll& poll, const std::vector<std::string>& electors, double turnout) {
  std::vector<std::string> candidates;
  for (const Candidate& c : p.registry().candidates(poll.id)) candidates.push_back(c.member);
  if (candidates.empty()) return {};
  std::vector<Federation::Submitted> work;
  for (const std::string& e : electors) {
    if (p.uniform() > turnout) continue;
    std::vector<std::string> ranking = candidates;
    std::shuffle(ranking.begin(), ranking.end(), p.rng());
    work.push_back({CastBallot{poll.id, std::move(ranking)}, e, {}, 0, 0, {}});
  }
  return p.each(work);
}

// Elections level by level, until none is left to hold (but the unelected workplace's, and
// when `unions` is not 0, those of workplaces whose committees elect none of the first
// `unions` union bodies).
Status elect_everyone(Player& p, const std::string& unelected, int64_t unions) {
  std::set<std::string> chosen;
  if (unions > 0) {
    auto ids = TRY(p.column(fmt::format(
        "SELECT b.constituency_ref FROM bodies b JOIN body_electors e ON e.elector = b.id "
        "WHERE b.constituency_kind = 'workplace' AND e.body IN (SELECT id FROM bodies WHERE "
        "kind = 'union' ORDER BY seq LIMIT {})",
        unions)));
    chosen.insert(ids.begin(), ids.end());
  }
  auto left_out = [&](const Body& b) {
    if (in_workplace(p.registry(), b, unelected)) return true;
    if (unions == 0) return false;
    if (b.constituency.kind == Constituency::Kind::kBodies) {
      // A union none of whose electors was elected: nothing to hold.
      return b.kind == BodyKind::kUnion && p.registry().delegate_weights(b).empty();
    }
    std::string w = b.constituency.ref;
    if (b.constituency.kind == Constituency::Kind::kShop) {
      auto s = p.registry().shop(w);
      w = s ? s->workplace : "";
    }
    return !chosen.count(w);
  };
  const Constitution c = p.registry().constitution();
  for (int level = 0; level < 10; ++level) {
    TRY(p.advance());
    auto open = TRY(p.column("SELECT id FROM polls WHERE state = 'nominating' ORDER BY seq"));
    std::vector<Poll> polls;
    for (const auto& id : open) {
      auto poll = p.registry().poll(id);
      auto body = poll ? p.registry().body(poll->body) : std::nullopt;
      if (!poll || !body || left_out(*body)) continue;
      TRY(nominate(p, *poll, TRY(electors_of(p, *body))));
      polls.push_back(*poll);
    }
    if (polls.empty()) return {};
    p.later(c.nomination_seconds + 1);
    TRY(p.advance());
    for (const Poll& poll : polls) {
      auto now = p.registry().poll(poll.id);
      if (!now || now->state != Poll::State::kVoting) continue;
      auto body = p.registry().body(poll.body);
      TRY(vote(p, *now, TRY(electors_of(p, *body)), open_vote(*body) ? 1.0 : 0.7));
    }
    p.later(c.voting_seconds + 1);
  }
  return p.advance();
}

std::string first_holder(const RegistryView& r, const std::string& body) {
  auto m = r.body_mandates(body);
  return m.empty() ? std::string() : m.front().member;
}

// The council calls a round; every seat holder votes for it, so the clock carries it at
// once. Returns the round's id.
Result<std::string> call_round(Player& p, const std::string& text, RoundCall call) {
  const std::string holder = first_holder(p.registry(), "council");
  if (holder.empty()) return failed_precondition("the demo's council has no seat holders");
  TRY(p.as(holder, ProposeRound{"council", text, std::move(call)}));
  auto motion = TRY(
      p.column("SELECT id FROM motions WHERE kind = 'planning_round' ORDER BY seq DESC LIMIT 1"));
  for (const Mandate& m : p.registry().body_mandates("council"))
    TRY(p.as(m.member, VoteMotion{motion.at(0), "yes"}));
  TRY(p.advance());
  auto round = p.registry().open_round();
  if (!round) return internal_error("the council's motion did not open a round");
  return round->id;
}

Status compute(Federation& f) {
  std::mutex db;
  auto recorded = RoundComputer().run(f, db);
  if (!recorded.ok()) return recorded.status();
  return {};
}

RoundChoice choice(std::string name, double consumption, double hours, double investment) {
  return {std::move(name), {consumption}, {hours}, {investment}};
}

// How members rank [status quo, more goods, shorter hours, a balance] (1 the first), and
// how many of them do.
struct Profile {
  double share;
  std::vector<int64_t> ranks;
};

// ---- carrying out the plan (C6) ----

int64_t seconds_between(std::string_view from, std::string_view to) {
  auto a = utc_to_unix_ms(from);
  auto b = utc_to_unix_ms(to);
  return a.ok() && b.ok() ? (*b - *a) / 1000 : 0;
}

// The demo's deviations, by a workplace's place from the end of the plan's list (the
// first ones hold the visitor's workplaces): a step down that nobody answers, so that it
// climbs; a slow slope down; a step up (over-performance); and a short step down that its
// committee acknowledges and resolves; and a workplace on plan in output that uses a
// quarter more of its largest input than the technology asks. Every other workplace
// reports on target, with noise.
enum class Deviation { kNone, kStepDown, kSlope, kOver, kDealtWith, kWasteful };

Deviation deviation_at(size_t from_end) {
  switch (from_end) {
    case 0:
      return Deviation::kStepDown;
    case 1:
      return Deviation::kSlope;
    case 2:
      return Deviation::kOver;
    case 3:
      return Deviation::kDealtWith;
    case 4:
      return Deviation::kWasteful;
    default:
      return Deviation::kNone;
  }
}

// The ratio to plan a workplace makes in period k: its deviation's, times noise of 2% that
// depends only on the seed, the workplace and the period (the same in the past played and
// in the running demo).
double noise(uint64_t seed, const std::string& workplace, std::string_view indicator, int64_t k) {
  std::mt19937_64 rng(seed ^ std::hash<std::string>{}(workplace) ^
                      std::hash<std::string_view>{}(indicator) ^
                      (static_cast<uint64_t>(k) * 0x9e3779b97f4a7c15ULL));
  return std::normal_distribution<double>(0, 0.02)(rng);
}

double demo_ratio(Deviation d, uint64_t seed, const std::string& workplace, int64_t k) {
  double ratio = 1;
  switch (d) {
    case Deviation::kNone:
    case Deviation::kWasteful:
      break;
    case Deviation::kStepDown:
      ratio = k >= 6 ? 0.8 : 1;
      break;
    case Deviation::kSlope:
      ratio = k >= 3 ? std::max(0.4, 1 - 0.015 * double(k - 2)) : 1;
      break;
    case Deviation::kOver:
      ratio = k >= 8 ? 1.15 : 1;
      break;
    case Deviation::kDealtWith:
      ratio = k >= 3 && k <= 5 ? 0.8 : 1;
      break;
  }
  return std::max(0.0, ratio + noise(seed, workplace, "", k));
}

// Six significant digits: a report as a person would write it.
double significant(double x) {
  if (x <= 0) return 0;
  const double scale = std::pow(10.0, 5 - std::floor(std::log10(x)));
  return std::round(x * scale) / scale;
}

// The plan's workplaces with a target above 0, in the order of their ids.
Result<std::vector<std::string>> planned_workplaces(Federation& f, const std::string& round) {
  auto q = TRY(f.store().db().prepare(
      "SELECT workplace FROM workplace_targets WHERE round = ? AND target > 0 ORDER BY workplace"));
  q.bind(1, round);
  std::vector<std::string> out;
  while (TRY(q.step())) out.emplace_back(q.column_text(0));
  return out;
}

// The demo reports every hours category and its three largest inputs (a workplace reports
// its main inputs, not every coefficient of a table), each what the plan's technology asks
// for the output made, with noise; a wasteful workplace uses a quarter more of its largest
// input from period 5.
void demo_use(Federation& f, const std::string& workplace, Deviation d, uint64_t seed, int64_t k,
              ReportFigures& figures) {
  constexpr size_t kInputsReported = 3;
  const double made = figures.output.empty() ? 0 : figures.output.begin()->second.value;
  std::vector<std::pair<double, std::string>> inputs;
  for (const auto& [indicator, per_unit] : f.registry().planned_use(workplace)) {
    if (!(per_unit > 0)) continue;
    const auto [group, key] = split_indicator(indicator);
    if (group == "inputs") {
      inputs.emplace_back(per_unit, indicator);
    } else {
      figures.hours[std::string(key)] =
          Decimal{significant(per_unit * made * (1 + noise(seed, workplace, indicator, k)))};
    }
  }
  std::sort(inputs.begin(), inputs.end(), std::greater<>());
  if (inputs.size() > kInputsReported) inputs.resize(kInputsReported);
  for (size_t n = 0; n < inputs.size(); ++n) {
    const auto& [per_unit, indicator] = inputs[n];
    const double waste = d == Deviation::kWasteful && n == 0 && k >= 5 ? 1.25 : 1;
    figures.inputs[indicator.substr(indicator.find('/') + 1)] =
        Decimal{significant(per_unit * made * waste * (1 + noise(seed, workplace, indicator, k)))};
  }
}

// The committee answers its dealt-with workplace's signal: acknowledged the period after
// it arrived, resolved two periods later, when output is back on plan.
Status deal_with_signals(Federation& f, int64_t k) {
  auto plan = f.registry().plan_in_execution();
  if (!plan) return {};
  auto planned = TRY(planned_workplaces(f, plan->round));
  if (planned.size() < 4) return {};
  const std::string& w = planned[planned.size() - 4];
  auto signal = f.registry().open_signal(w, "", "shortfall");
  auto committee = f.registry().workplace_committee(w);
  if (!signal || !committee || signal->level != 0) return {};
  const std::string holder = first_holder(f.registry(), committee->id);
  if (holder.empty()) return {};
  if (signal->state == "raised" && signal->period < k) {
    return f.execute(AcknowledgeSignal{signal->id,
                                       "The press that broke is being repaired; we will "
                                       "report what we decide within two weeks"},
                     holder);
  }
  if (signal->state == "acknowledged" && signal->period + 2 <= k) {
    return f.execute(ResolveSignal{signal->id,
                                   "The press is repaired and output is back on plan; the "
                                   "shortfall is made up by the next deliveries",
                                   ""},
                     holder);
  }
  return {};
}

}  // namespace

void set_demo_report_periods(Constitution& c, int64_t report_period) {
  c.report_period_seconds = report_period;
  c.signal_acknowledge_seconds = 3 * report_period;
  c.signal_decide_seconds = 8 * report_period;
}

Result<int64_t> file_demo_reports(Federation& f, std::string_view now, uint64_t seed) {
  auto plan = f.registry().plan_in_execution();
  if (!plan || plan->period_seconds <= 0) return 0;
  const int64_t k = period_at(*plan, now) - 1;
  if (k < 1 || k > plan->periods) return 0;
  // The first half of the window is left to the workplaces' own members.
  if (std::string(now) < plus_seconds(period_end(*plan, k), plan->period_seconds / 2)) return 0;
  auto planned = TRY(planned_workplaces(f, plan->round));
  std::vector<Federation::Submitted> work;
  for (size_t i = 0; i < planned.size(); ++i) {
    const std::string& w = planned[i];
    if (f.registry().latest_report(w, k)) continue;
    auto committee = f.registry().workplace_committee(w);
    auto target = f.registry().workplace_target(w, k);
    if (!committee || !target) continue;
    const std::string holder = first_holder(f.registry(), committee->id);
    if (holder.empty()) continue;  // nothing elected: its periods show "missing"
    const Deviation d = deviation_at(planned.size() - 1 - i);
    FileReport r;
    r.workplace = w;
    r.period = k;
    r.figures.output[target->product] =
        Decimal{significant(demo_ratio(d, seed, w, k) * target->target / double(plan->periods))};
    demo_use(f, w, d, seed, k, r.figures);
    work.push_back({std::move(r), holder, {}, 0, 0, {}});
  }
  if (work.empty()) return 0;
  TRY(f.execute_each(work));
  int64_t filed = 0;
  for (const auto& w : work) filed += w.status.ok() ? 1 : 0;
  return filed;
}

Result<std::string> elect_demo_bodies(Federation& f, const DemoHistoryOptions& o,
                                      const std::function<void(const std::string&)>& set_time) {
  Player p(f, o.seed ^ 0x5eed, set_time);
  // Far enough back for every level's nominations and vote, and a round's nine days after.
  const Constitution c = f.registry().constitution();
  const int64_t back = 10 * (c.nomination_seconds + c.voting_seconds + 2) + 12 * 86400;
  p.at(plus_seconds(now_utc_iso(), -back));
  TRY(elect_everyone(p, o.unelected_workplace, o.elected_unions));
  return p.now();
}

Result<DemoOfficials> play_demo_history(Federation& f, const DemoHistoryOptions& o,
                                        const std::function<void(const std::string&)>& set_time) {
  if (!f.registry().economy_imported())
    return failed_precondition("the demo's history needs its economy");
  if (f.registry().open_round() || f.registry().any_mandate_ever())
    return failed_precondition("the demo's history is played once, on a fresh demo");
  Player p(f, o.seed, set_time);
  // 1. The elections, from the shops up to the council.
  p.at(TRY(elect_demo_bodies(f, o, set_time)));
  // A demo too small to elect its council (a union with more seats than delegates, say)
  // has its elections and no round.
  if (f.registry().body_mandates("council").empty()) {
    set_time("");
    return DemoOfficials{};
  }

  // 2. The first round: called, computed, amended, computed again, voted, adopted. It is
  // called so that its plan is adopted `past` report periods (and a tenth of one) before
  // now: those periods are then reported below, and the last one's reports are due as the
  // demo starts. A constitution whose periods are too long for the demo's past has none.
  const std::string real_now = now_utc_iso();
  const int64_t period = f.registry().constitution().report_period_seconds;
  const int64_t round_length = 9 * 86400 + 60;
  const int64_t room = seconds_between(p.now(), real_now) - round_length - period / 10;
  const int64_t past = period > 0 ? std::clamp<int64_t>(room / period, 0, o.past_periods) : 0;
  if (past > 0) p.at(plus_seconds(real_now, -(round_length + past * period + period / 10)));
  RoundCall call;
  call.period = "the past year";
  call.productivity_gain = {0.03};
  call.choices = {choice("more goods", 1, 0, 0), choice("shorter hours", 0, 1, 0),
                  choice("a balance", 0.4, 0.4, 0.2)};
  call.discussion_until = plus_seconds(p.now(), 2 * 86400);
  call.amendment_until = plus_seconds(p.now(), 5 * 86400);
  call.vote_until = plus_seconds(p.now(), 9 * 86400);
  const RoundCall first_call = call;
  const std::string first = TRY(
      call_round(p,
                 "The plan for the past year: a productivity gain of 3% assumed, and three ways to "
                 "use the hours it frees",
                 call));
  TRY(compute(f));

  // An amendment: a workplace's committee undertakes a little more than the status quo's
  // target, and no more.
  DemoOfficials officials;
  p.at(plus_seconds(first_call.discussion_until, 3600));
  for (const RoundWorkplaceTarget& t : f.registry().round_targets(first, 0)) {
    auto committee = f.registry().workplace_committee(t.workplace);
    if (!committee || t.workplace == o.unelected_workplace) continue;
    auto mandates = f.registry().body_mandates(committee->id);
    if (mandates.empty() || t.target <= 0) continue;
    officials.committee = committee->id;
    officials.committee_name = committee->name;
    for (const Mandate& m : mandates) officials.holders.push_back(m.member);
    ProposeRoundAmendment a;
    a.round = first;
    a.workplace = t.workplace;
    a.text = "Our kilns are old: we can make one part in a hundred more than last year, not more";
    a.target = Decimal{std::round(t.target * 1.01)};
    TRY(p.as(officials.holders.front(), a));
    auto motion = TRY(p.column(
        "SELECT id FROM motions WHERE kind = 'round_amendment' ORDER BY seq DESC LIMIT 1"));
    for (const std::string& h : officials.holders) TRY(p.as(h, VoteMotion{motion.at(0), "yes"}));
    TRY(p.advance());
    TRY(compute(f));
    break;
  }

  // The vote: most members, each ranking the alternatives in their own workplace.
  p.at(plus_seconds(first_call.amendment_until, 3600));
  // Shorter hours beats each of the others head to head (54 to 46 at least, when all vote).
  const std::vector<Profile> profiles = {
      {0.38, {2, 4, 1, 3}}, {0.24, {4, 2, 3, 1}}, {0.22, {3, 1, 4, 2}}, {0.16, {1, 3, 2, 4}}};
  std::vector<Federation::Submitted> ballots;
  for (const std::string& m : TRY(p.column("SELECT id FROM members ORDER BY id"))) {
    if (p.uniform() > 0.64) continue;
    double pick = p.uniform();
    const Profile* chosen = &profiles.back();
    for (const Profile& pr : profiles) {
      if (pick < pr.share) {
        chosen = &pr;
        break;
      }
      pick -= pr.share;
    }
    ballots.push_back({CastRoundBallot{first, chosen->ranks}, m, {}, 0, 0, {}});
  }
  TRY(p.each(ballots));
  p.at(plus_seconds(first_call.vote_until, 60));
  TRY(p.advance());

  // The plan carried out: each past period's reports half way through its window, the
  // committee of one deviating workplace answering its signal, and the clock moving the
  // others' signals up when they are overdue.
  if (auto plan = f.registry().plan_in_execution(); plan && past > 0) {
    for (int64_t k = 1; k <= plan->periods; ++k) {
      const std::string t = plus_seconds(period_end(*plan, k), plan->period_seconds / 2);
      if (t >= real_now) break;
      p.at(t);
      TRY(file_demo_reports(f, t, o.seed));
      TRY(deal_with_signals(f, k));
      TRY(p.advance());
    }
  }

  // 3. The second round opens now, on the real clock.
  set_time("");
  const std::string now = now_utc_iso();
  call.period = "the coming year";
  call.productivity_gain = {0.025};
  call.choices = {choice("shorter hours", 0, 1, 0), choice("more goods", 1, 0, 0),
                  choice("build for later", 0.2, 0.3, 0.5)};
  call.discussion_until = plus_seconds(now, o.discussion_seconds);
  call.amendment_until = plus_seconds(now, o.discussion_seconds + o.amendment_seconds);
  call.vote_until = plus_seconds(now, o.discussion_seconds + o.amendment_seconds + o.vote_seconds);
  TRY(call_round(p,
                 "The plan for the coming year: a gain of 2.5% assumed, to shorten hours, make "
                 "more, or build for later",
                 call));
  TRY(compute(f));
  officials.council_holder = first_holder(f.registry(), "council");
  // One login fewer to hand out when the council's holder also sits in the congress.
  officials.congress_holder = first_holder(f.registry(), "congress");
  for (const Mandate& m : f.registry().body_mandates("congress")) {
    if (m.member == officials.council_holder) officials.congress_holder = m.member;
  }
  return officials;
}

}  // namespace collegium::federation
