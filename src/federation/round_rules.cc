// The rules of a planning round (round.h; docs/requirements.md C1-C4, A2, A3, A8).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "base/util.h"
#include "federation/round_tally.h"
#include "federation/rules.h"

namespace collegium::federation {

std::string round_phase(const Round& r, std::string_view now) {
  if (r.state == "adopted") return "adopted";
  if (r.computed_version == 0) return "computing";
  if (now < r.call.discussion_until) return "discussion";
  if (now < r.call.amendment_until) return "amendment";
  if (now < r.call.vote_until) return "voting";
  return "counting";
}

namespace {

// Seconds between two UTC times of a validated call.
int64_t seconds_between(std::string_view from, std::string_view to) {
  auto a = utc_to_unix_ms(from), b = utc_to_unix_ms(to);
  return a.ok() && b.ok() ? (*b - *a) / 1000 : 0;
}

}  // namespace

int64_t amendment_seconds(const RoundCall& c) {
  return seconds_between(c.discussion_until, c.amendment_until);
}
int64_t vote_seconds(const RoundCall& c) {
  return seconds_between(c.amendment_until, c.vote_until);
}

namespace rules {

namespace {

constexpr size_t kMaxPeriodChars = 100;

Result<Round> find_round(const RegistryView& s, std::string_view id) {
  auto r = s.round(id);
  if (!r) return not_found(fmt::format("no round {}", id), "/round");
  return *r;
}

// The call checked, its times in the record's own form (milliseconds, as `now` is), so
// that they compare as text.
Result<RoundCall> check_call(RoundCall c, std::string_view now) {
  TRY(check_text(c.period, "/round/period", kMaxPeriodChars));
  const double g = c.productivity_gain.value;
  if (!(g > -1) || g > 1) {
    return invalid_argument("the productivity gain is a fraction above -1 and at most 1 (0.02: 2%)",
                            "/round/productivity_gain");
  }
  const size_t most = static_cast<size_t>(kMaxRoundAlternatives) - 1 - (c.optimal_plan ? 1 : 0);
  if (c.choices.empty() || c.choices.size() > most) {
    return invalid_argument(
        fmt::format("give 1 to {} choices (the status quo{} is always on the ballot)", most,
                    c.optimal_plan ? " and the optimal plan" : ""),
        "/round/choices");
  }
  std::set<std::string> names{std::string(kStatusQuoName), std::string(kOptimalPlanName)};
  for (size_t k = 0; k < c.choices.size(); ++k) {
    const RoundChoice& ch = c.choices[k];
    const std::string where = fmt::format("/round/choices/{}", k);
    TRY(check_text(ch.name, where + "/name", 100));
    if (!names.insert(ch.name).second) {
      return invalid_argument(fmt::format("the name '{}' is already used on the ballot", ch.name),
                              where + "/name");
    }
    const double shares[] = {ch.consumption.value, ch.hours.value, ch.investment.value};
    for (double v : shares) {
      if (v < 0 || v > 1) {
        return invalid_argument("the shares are fractions between 0 and 1", where);
      }
    }
    if (std::abs(shares[0] + shares[1] + shares[2] - 1) > 1e-9) {
      return invalid_argument(
          "consumption, hours and investment share the freed hours: they sum to 1", where);
    }
  }
  const std::pair<const char*, std::string*> times[] = {{"discussion_until", &c.discussion_until},
                                                        {"amendment_until", &c.amendment_until},
                                                        {"vote_until", &c.vote_until}};
  // The motion may be carried before its close, once every seat holder has voted: the
  // discussion need only end after now (a motion carried later than that does not apply).
  std::string after(now);
  const char* after_what = "now";
  for (auto [name, value] : times) {
    const std::string where = fmt::format("/round/{}", name);
    auto ms =
        is_utc_timestamp(*value) ? utc_to_unix_ms(*value) : Result<int64_t>(invalid_argument(""));
    if (!ms.ok()) return invalid_argument("a time in UTC, as 2027-01-01T00:00:00Z", where);
    *value = unix_ms_to_utc(*ms);
    if (*value <= after) {
      return invalid_argument(fmt::format("must come after {} ({})", after_what, after), where);
    }
    after = *value;
    after_what = name;
  }
  return c;
}

// The body answers for the workplace in a round: its own committee, or the union body of
// its branch (in its region, when the union has one).
Status answers_for(const Body& b, const Workplace& w) {
  if (b.kind == BodyKind::kWorkplaceCommittee &&
      b.constituency.kind == Constituency::Kind::kWorkplace && b.constituency.ref == w.id) {
    return {};
  }
  if (b.kind == BodyKind::kUnion && !b.branch.empty() && b.branch == w.branch &&
      (b.region.empty() || b.region == w.region)) {
    return {};
  }
  return permission_denied(
      fmt::format("{} does not answer for {}: a workplace's committee amends its own "
                  "workplace, the union body of its branch the branch's workplaces (C3)",
                  sentence_start(named(b)), w.name),
      "/body");
}

SetWorkplaceProduction data_change(const ProposeRoundAmendment& c) {
  return {c.workplace, c.capacity, c.workers, c.hours, std::nullopt};
}

bool changes_data(const ProposeRoundAmendment& c) {
  return c.capacity || c.workers || c.hours;
}

// Back to amendment: a new amendment phase and vote of the call's lengths, from now.
void back_to_amendment(const Round& r, const Actor& a, RoundClosed& ev) {
  ev.amendment_until = plus_seconds(a.now, amendment_seconds(r.call));
  ev.vote_until = plus_seconds(*ev.amendment_until, vote_seconds(r.call));
}

}  // namespace

Result<Decision> decide_one(const RegistryView& s, const ProposeRound& c, const Actor& a) {
  Body body = TRY(deciding_body(s, c.body, "/body"));
  if (body.kind != BodyKind::kCouncil) {
    return failed_precondition(
        fmt::format("{} is a {}; a planning round is called by the central council (C1, A3)",
                    body.id, to_string(body.kind)),
        "/body");
  }
  Member m = TRY(holder(s, a, body, "call planning rounds"));
  TRY(check_text(c.text, "/text", kMaxMotionChars));
  if (!s.economy_imported()) {
    return failed_precondition(
        "no economy has been imported yet: a round computes on the federation's economy "
        "(collegium economy import)");
  }
  if (auto open = s.open_round()) {
    return failed_precondition(
        fmt::format("round {} is still open; one round at a time", open->id));
  }
  Motion motion = new_motion(s, a, Motion::Kind::kPlanningRound, body, m.id, c.text, {}, {});
  // Checked before the payload is built: an early return from inside a braced list would
  // leave its first elements undestroyed.
  const RoundCall call = TRY(check_call(c.round, a.now));
  motion.payload = {{"round", JsonCodec<RoundCall>::write(call)}};
  return Decision{{draft(motion_proposed(motion))}};
}

Result<Decision> decide_one(const RegistryView& s, const ProposeRoundAmendment& c, const Actor& a) {
  Round r = TRY(find_round(s, c.round));
  const std::string phase = round_phase(r, a.now);
  if (phase != "amendment") {
    return failed_precondition(
        fmt::format("round {} is in its {} phase; amendments are proposed from {} to {}", r.id,
                    phase, r.call.discussion_until, r.call.amendment_until),
        "/round");
  }
  auto w = s.workplace(c.workplace);
  if (!w) return not_found(fmt::format("no workplace {}", c.workplace), "/workplace");
  if (!s.workplace_production(w->id)) {
    return not_found(fmt::format("the economy has no production data for workplace {}", w->id),
                     "/workplace");
  }
  Body body;
  if (c.body.empty()) {
    auto committee = s.workplace_committee(w->id);
    if (!committee) {
      return failed_precondition(
          fmt::format("workplace {} has no committee; name the union body that proposes", w->id),
          "/body");
    }
    body = *committee;
  } else {
    body = TRY(deciding_body(s, c.body, "/body"));
  }
  TRY(answers_for(body, *w));
  Member m = TRY(holder(s, a, body, "propose amendments of a round on its behalf"));
  TRY(check_text(c.text, "/text", kMaxMotionChars));
  if (!c.target && !changes_data(c)) {
    return invalid_argument("give a target, or at least one of capacity, workers and hours");
  }
  if (c.target && (!std::isfinite(c.target->value) || c.target->value < 0)) {
    return invalid_argument("a target is a finite number >= 0", "/target");
  }
  if (changes_data(c)) TRY(production_change(s, data_change(c)));
  ProposeRoundAmendment payload = c;
  payload.body = body.id;
  return Decision{
      {draft(motion_proposed(new_motion(s, a, Motion::Kind::kRoundAmendment, body, m.id, c.text,
                                        JsonCodec<ProposeRoundAmendment>::write(payload), {})))}};
}

std::optional<std::string> round_effects(const RegistryView& s, const Motion& m, const Actor& a,
                                         Events& events) {
  if (m.kind == Motion::Kind::kPlanningRound) {
    auto call = read_json<RoundCall>(m.payload.value("round", Json::object()), "/round");
    if (!call.ok()) return call.status().message();
    if (auto open = s.open_round()) {
      return fmt::format("round {} was opened meanwhile; one round at a time", open->id);
    }
    if (!s.economy_imported()) return "no economy is imported";
    if (a.now >= call->discussion_until) {
      return fmt::format("the motion was carried after the discussion was to end ({})",
                         call->discussion_until);
    }
    RoundCalled ev;
    ev.id = new_id("round", a, events);
    ev.motion = m.id;
    ev.body = m.body;
    ev.text = m.text;
    ev.alternatives.emplace_back(kStatusQuoName);
    for (const RoundChoice& ch : call->choices) ev.alternatives.push_back(ch.name);
    if (call->optimal_plan) ev.alternatives.emplace_back(kOptimalPlanName);
    ev.call = std::move(*call);
    events.push_back(draft(ev));
    return std::nullopt;
  }
  // An amendment.
  auto c = read_json<ProposeRoundAmendment>(m.payload, "/payload");
  if (!c.ok()) return c.status().message();
  auto r = s.round(c->round);
  if (!r || r->state != "open") return fmt::format("round {} is no longer open", c->round);
  if (a.now > r->call.amendment_until) {
    return fmt::format("the amendment phase of {} ended at {}", r->id, r->call.amendment_until);
  }
  RoundAmended ev{r->id, m.id, m.body, c->workplace, c->target, {}, r->version + 1};
  std::optional<WorkplaceProductionSet> data;
  if (changes_data(*c)) {
    auto change = production_change(s, data_change(*c));
    if (!change.ok()) return change.status().message();
    ev.changed = change->changed;
    data = std::move(*change);
  }
  events.push_back(draft(ev));
  if (data) events.push_back(draft(*data));
  return std::nullopt;
}

Result<Decision> decide_one(const RegistryView& s, const RecordRound& c, const Actor& a) {
  TRY(only_clock(a));
  const RoundFigures& f = c.figures;
  Round r = TRY(find_round(s, f.round));
  if (r.state != "open") return failed_precondition(fmt::format("round {} is closed", r.id));
  if (f.version != r.version) {
    return failed_precondition(
        fmt::format("round {} is at version {}; the figures are of version {}", r.id, r.version,
                    f.version),
        "/figures/version");
  }
  if (f.economy_seq != s.economy_seq()) {
    return failed_precondition(
        fmt::format("the economy changed since the figures were computed (event {}, now {})",
                    f.economy_seq, s.economy_seq()),
        "/figures/economy_seq");
  }
  if (f.alternatives.size() != r.alternatives.size()) {
    return invalid_argument(fmt::format("round {} has {} alternatives, the figures {}", r.id,
                                        r.alternatives.size(), f.alternatives.size()),
                            "/figures/alternatives");
  }
  for (size_t k = 0; k < f.alternatives.size(); ++k) {
    const FigureAlternative& alt = f.alternatives[k];
    if (alt.name != r.alternatives[k]) {
      return invalid_argument(
          fmt::format("alternative {} is '{}', not '{}'", k, r.alternatives[k], alt.name),
          fmt::format("/figures/alternatives/{}/name", k));
    }
    if (alt.targets.values.size() != f.workplaces.size() ||
        alt.hours.values.size() != f.workplaces.size()) {
      return invalid_argument("one target and one figure of hours per workplace",
                              fmt::format("/figures/alternatives/{}", k));
    }
  }
  if (f.products.size() != f.workplaces.size() || f.capacity.values.size() != f.workplaces.size() ||
      f.workers.values.size() != f.workplaces.size()) {
    return invalid_argument("one product, capacity and number of workers per workplace",
                            "/figures/workplaces");
  }
  return Decision{{draft(RoundComputed{f})}};
}

Result<Decision> decide_one(const RegistryView& s, const CastRoundBallot& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "vote"));
  Round r = TRY(find_round(s, c.round));
  const std::string phase = round_phase(r, a.now);
  if (phase != "voting") {
    return failed_precondition(fmt::format("round {} is in its {} phase; the vote is open from {} "
                                           "to {}",
                                           r.id, phase, r.call.amendment_until, r.call.vote_until),
                               "/round");
  }
  const size_t k = r.alternatives.size();
  if (c.ranks.size() != k) {
    return invalid_argument(
        fmt::format("give one rank per alternative: {} ranks, not {}", k, c.ranks.size()),
        "/ranks");
  }
  for (size_t i = 0; i < k; ++i) {
    if (c.ranks[i] < 0 || c.ranks[i] > static_cast<int64_t>(k)) {
      return invalid_argument(
          fmt::format("a rank is 1 (most preferred) to {}, or 0 for unranked", k),
          fmt::format("/ranks/{}", i));
    }
  }
  if (s.has_voted_round(r.id, r.vote, m.id)) {
    return already_exists(fmt::format("{} has already voted in round {}", named(m), r.id),
                          "/round");
  }
  // Sealed with the voter's workplace alone: each body is shown its members' aggregate.
  SealedBallot b{r.id, 1, {m.workplace}};
  for (int64_t v : c.ranks) b.ranking.push_back(std::to_string(v));
  return Decision{{draft(RoundBallotCast{r.id, m.id, r.vote})}, std::move(b)};
}

Result<Decision> decide_one(const RegistryView& s, const CloseRound& c, const Actor& a) {
  TRY(only_clock(a));
  auto r = s.round(c.round);
  if (!r || r->state != "open" || a.now < r->call.vote_until) return Decision{};
  // An amendment carried late is computed before the vote is counted, so that the
  // adopted targets are the figures the round last published.
  if (r->computed_version < r->version) return Decision{};

  RoundClosed ev;
  ev.round = r->id;
  ev.vote = r->vote;
  // Ballots grouped by workplace, in the order of the workplaces' ids.
  std::vector<SealedBallot> ballots = s.round_ballots(r->id);
  std::vector<std::string> groups;
  for (const SealedBallot& b : ballots)
    if (!b.ranking.empty()) groups.push_back(b.ranking.front());
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  if (groups.empty()) {
    // Nobody voted: nothing to count, and nothing adopted.
    ev.outcome = round_outcome_name(RoundOutcome::kBackToAmendment);
    ev.reason = "no ballot was cast";
    back_to_amendment(*r, a, ev);
    return Decision{{draft(ev)}};
  }
  auto tally = RoundTally::open(r->alternatives, static_cast<int32_t>(groups.size()));
  if (!tally.ok()) return tally.status();
  std::vector<uint8_t> ranks;
  for (const SealedBallot& b : ballots) {
    if (b.ranking.empty()) continue;
    const std::string& w = b.ranking.front();
    const auto g = std::lower_bound(groups.begin(), groups.end(), w) - groups.begin();
    ranks.clear();
    std::string text;
    for (size_t i = 1; i < b.ranking.size(); ++i) {
      ranks.push_back(static_cast<uint8_t>(std::stoi(b.ranking[i])));
      text += (i > 1 ? " " : "") + b.ranking[i];
    }
    TRY(tally->add(static_cast<int32_t>(g), ranks));
    ++ev.published[w][text];
  }
  ev.ballots = tally->ballots();
  RoundResult result = TRY(tally->close({}, lot_seed(a, fmt::format("{}/{}", r->id, r->vote))));
  ev.outcome = round_outcome_name(result.outcome);
  ev.adopted = result.adopted;
  ev.reason = result.reason;
  ev.prefer = result.federation.prefer;
  ev.order = result.order;
  ev.sheet = count::sheet_to_json(result.sheet);
  Decision d;
  if (result.outcome != RoundOutcome::kAdopted) {
    back_to_amendment(*r, a, ev);
    d.events.push_back(draft(ev));
    return d;
  }
  d.events.push_back(draft(ev));
  RoundAdopted adoption{
      r->id, r->call.period, r->alternatives[static_cast<size_t>(ev.adopted)], {}, {}, {}};
  for (auto& t : s.round_targets(r->id, ev.adopted)) {
    adoption.workplaces.push_back(std::move(t.workplace));
    adoption.products.push_back(std::move(t.product));
    adoption.targets.values.push_back(t.target);
  }
  d.events.push_back(draft(adoption));
  return d;
}

}  // namespace rules

}  // namespace collegium::federation
