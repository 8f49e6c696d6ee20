// Elections and recall (A5-A10): calling, nominating, the secret ballot, the count, and
// the refilling of a recalled seat. The arithmetic of every count is the count library's.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/util.h"
#include "count/blt.h"
#include "count/methods.h"
#include "federation/rules.h"

namespace collegium::federation::rules {

namespace {

constexpr int64_t kYearSeconds = 365 * 86400;

// The poll.called event of an election.
PollCalled poll_called(const Poll& p) {
  PollCalled e;
  e.id = p.id;
  e.kind = std::string(to_string(p.kind));
  e.body = p.body;
  e.seats = p.seats;
  e.method = p.method;
  e.reason = p.reason;
  e.called_by = p.called_by;
  e.voting_close = p.voting_close;
  if (!p.nominations_close.empty()) e.nominations_close = p.nominations_close;
  if (!p.replaces.empty()) e.replaces = p.replaces;
  return e;
}

Result<Poll> find_poll(const RegistryView& s, std::string_view id) {
  auto p = s.poll(id);
  if (!p) return not_found(fmt::format("no poll {}", id), "/poll");
  return *p;
}

}  // namespace

Result<int64_t> elector(const RegistryView& s, const Body& body, const Member& m) {
  auto w = s.elector_weight(body, m.id);
  if (!w || *w <= 0) {
    std::string who;
    switch (body.constituency.kind) {
      case Constituency::Kind::kShop: {
        auto shop = s.shop(body.constituency.ref);
        who = shop ? fmt::format("the members of the {} shop", shop->name)
                   : fmt::format("the members of shop {}", body.constituency.ref);
        break;
      }
      case Constituency::Kind::kWorkplace: {
        auto workplace = s.workplace(body.constituency.ref);
        who = fmt::format("the members of {}", workplace ? workplace->name : body.constituency.ref);
        break;
      }
      case Constituency::Kind::kBodies: {
        std::vector<std::string> names;
        for (const auto& b : body.constituency.bodies) names.push_back(named_body(s, b));
        who = fmt::format("the delegates of {}", fmt::join(names, ", "));
        break;
      }
    }
    return permission_denied(fmt::format("{} is not in the electorate of {}: it is elected by {}",
                                         named(m), named(body), who));
  }
  return *w;
}

namespace {

// The member's weight in `poll`, whose electorate was fixed when its voting opened; a member
// who joined the electorate since then is told so (A1: the electorate of a vote does not
// change while it runs).
Result<int64_t> poll_elector(const RegistryView& s, const Poll& poll, const Body& body,
                             const Member& m) {
  if (auto w = s.poll_weight(poll.id, body, m.id); w && *w > 0) return *w;
  TRY(elector(s, body, m));
  return permission_denied(
      fmt::format("{} joined the electorate of {} after voting in {} opened, and the electorate "
                  "of a vote is fixed when it opens",
                  named(m), named(body), named_poll(s, poll)),
      "/poll");
}

// Minimum seats by category for a count of `seats` seats (A9, A10), over `candidates` in
// count order. Holders who stay on (`continuing`) count towards the body's minimums, so a
// by-election asks only for what the body lacks.
count::Constraints constraints_for(const RegistryView& s, const Constitution& c, const Body& body,
                                   int seats, const std::vector<std::string>& candidates,
                                   const std::vector<Mandate>& continuing) {
  auto production = [&](const std::string& id) {
    auto m = s.member(id);
    return m && m->category == Category::kProduction;
  };
  auto without_executive = [&](const std::string& id) {
    for (const auto& mandate : s.member_mandates(id)) {
      auto b = s.body(mandate.body);
      if (b && is_executive(b->kind)) return false;
    }
    return true;
  };
  count::Constraints out;
  auto add = [&](std::string name, Share share, auto in_category) {
    int64_t have = 0;
    for (const auto& m : continuing) have += in_category(m.member) ? 1 : 0;
    int64_t need = std::min<int64_t>(seats, std::max<int64_t>(0, share.of(body.seats) - have));
    if (need == 0) return;
    count::Category cat{std::move(name), {}, static_cast<int>(need)};
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (in_category(candidates[i])) cat.members.push_back(static_cast<int32_t>(i));
    }
    out.categories.push_back(std::move(cat));
  };
  if (std::find(c.production_share_applies_to.begin(), c.production_share_applies_to.end(),
                body.kind) != c.production_share_applies_to.end()) {
    add("production", c.production_share, production);
  }
  if (body.kind == BodyKind::kControl) {
    add("without executive office", c.control_without_executive, without_executive);
  }
  return out;
}

// The holders of `body` who stay on through `poll`.
std::vector<Mandate> continuing(const RegistryView& s, const Poll& poll) {
  std::vector<Mandate> out;
  for (auto& m : s.body_mandates(poll.body)) {
    if (std::find(poll.replaces.begin(), poll.replaces.end(), m.id) == poll.replaces.end()) {
      out.push_back(std::move(m));
    }
  }
  return out;
}

// Whether `m` may stand for `body` in `poll`; the reason is shown to them (A9-A11).
Status eligible(const RegistryView& s, const Constitution& c, const Poll& poll, const Body& body,
                const Member& m, const Actor& a) {
  if (!s.represents(body, m)) {
    return failed_precondition(
        fmt::format("{} cannot stand: {} is elected from among the members it represents, and {} "
                    "is not one of them",
                    named(m), named(body), m.name),
        "/member");
  }
  int held = 0;
  for (const auto& mandate : s.member_mandates(m.id)) {
    bool ends_with_this_poll =
        std::find(poll.replaces.begin(), poll.replaces.end(), mandate.id) != poll.replaces.end();
    if (!ends_with_this_poll) ++held;
  }
  // Standing in several elections at once counts too, or the limit could be passed by
  // winning them together.
  int64_t standing = s.open_candidacies(m.id);
  if (held + standing >= c.max_offices) {
    return failed_precondition(
        fmt::format("{} cannot stand: they hold {} offices and stand in {} other elections, and "
                    "the constitution allows at most {} offices at once (A9)",
                    named(m), held, standing, c.max_offices),
        "/member");
  }
  // A11, as a condition of re-election: the constitution's days a year, in proportion to
  // the time held in office over the last year (rounded down, so a new official is not
  // refused for the days they could not yet have worked).
  std::string year_ago = plus_seconds(a.now, -kYearSeconds);
  auto ms = [](const std::string& t) {
    auto v = utc_to_unix_ms(t);
    return v.ok() ? *v : 0;
  };
  int64_t office_ms = 0;
  for (const auto& mandate : s.mandates_since(m.id, year_ago)) {
    int64_t from = std::max(ms(mandate.started), ms(year_ago));
    int64_t to = mandate.ended.empty() ? ms(a.now) : std::min(ms(mandate.ended), ms(a.now));
    office_ms += std::max<int64_t>(0, to - from);
  }
  int64_t required =
      c.manual_labour_days * std::min(office_ms, kYearSeconds * 1000) / (kYearSeconds * 1000);
  if (required > 0) {
    int64_t days = s.labour_days_since(m.id, year_ago.substr(0, 10));
    if (days < required) {
      return failed_precondition(
          fmt::format("{} cannot stand again: for their time in office over the last year the "
                      "constitution asks {} days of manual labour, and {} are confirmed (A11)",
                      named(m), required, days),
          "/member");
    }
  }
  // When a category must have every seat, only its members can stand (a one-seat
  // committee, or a count method that cannot apply minimums).
  auto cons = constraints_for(s, c, body, poll.seats, {m.id}, continuing(s, poll));
  for (const auto& cat : cons.categories) {
    if (cat.minimum >= poll.seats && cat.members.empty()) {
      return failed_precondition(
          fmt::format("{} cannot stand: every seat of {} must go to a member {} (A9, A10)",
                      named(m), named(body),
                      cat.name == "production" ? "from production" : "without an executive office"),
          "/member");
    }
  }
  return {};
}

std::string count_method(const Constitution& c, int seats) {
  return seats > 1 ? c.multi_seat_method : c.single_seat_method;
}

// The candidate's name as the published ballots give it: readable and unique.
std::string ballot_name(const RegistryView& s, const std::string& id) {
  auto m = s.member(id);
  return fmt::format("{} [{}]", m ? m->name : id, id);
}

Json mandate_json(const Mandate& m) {
  Json j = {{"id", m.id},         {"body", m.body},
            {"member", m.member}, {"origin", enum_name(m.origin)},
            {"source", m.source}, {"started", m.started},
            {"ends", m.ends}};
  if (m.protected_) j["protected"] = true;
  if (!m.consenting_body.empty()) j["consenting_body"] = m.consenting_body;
  return j;
}

Mandate new_mandate(const Body& body, std::string member, Mandate::Origin origin,
                    std::string source, const Actor& a, const Events& events) {
  Mandate m;
  m.id = new_id("mandate", a, events);
  m.body = body.id;
  m.member = std::move(member);
  m.origin = origin;
  m.source = std::move(source);
  m.started = a.now;
  m.ends = plus_months(a.now, body.term_months);
  return m;
}

// The result of a count of a closed election's ballots, and what it was counted with.
struct CountResult {
  count::Election election;
  count::CountOptions options;
  count::Sheet sheet;
  std::vector<std::string> elected;
};

// The command that repeats a count on the poll's published ballots (GET
// /api/polls/{poll}/ballots, saved as POLL.blt), withdrawing `withdraw` besides those the
// file withdraws: everything the count used travels with it, so anyone gets the same sheet
// (invariant 7).
std::string recount_command(const count::CountOptions& options, std::string_view poll,
                            const std::vector<int32_t>& withdraw = {}) {
  return count::count_command_line(options, withdraw, fmt::format("{}.blt", poll));
}

// The ballots of a closed poll, as the count reads them and in the order they are published.
// A delegate's ballot is published alone, beside their name and weight (`open`, in the same
// order); secret ballots are merged when identical and sorted by their content, so nothing
// about when or by whom one was cast survives (invariant 3). `index` maps each choice to
// its number in the count; choices it lacks are passed over.
struct PublishedBallots {
  std::vector<std::pair<std::vector<int32_t>, int64_t>> ballots;
  Json open = Json::array();
};
PublishedBallots published_ballots(const RegistryView& s, const Poll& poll, const Body* body,
                                   const std::map<std::string, int32_t>& index) {
  auto ranks_of = [&](const std::vector<std::string>& ranking) {
    std::vector<int32_t> ranks;
    for (const auto& id : ranking) {
      if (auto it = index.find(id); it != index.end()) ranks.push_back(it->second);
    }
    return ranks;
  };
  PublishedBallots out;
  if (body && open_vote(*body)) {
    for (const auto& b : s.open_ballots(poll.id)) {
      out.ballots.emplace_back(ranks_of(b.ranking), b.weight);
      auto m = s.member(b.member);
      out.open.push_back({{"member", b.member},
                          {"name", m ? m->name : b.member},
                          {"weight", b.weight},
                          {"ranking", b.ranking}});
    }
    return out;
  }
  std::map<std::vector<int32_t>, int64_t> grouped;
  for (const auto& b : s.sealed_ballots(poll.id)) grouped[ranks_of(b.ranking)] += b.weight;
  out.ballots.assign(grouped.begin(), grouped.end());
  return out;
}

Result<CountResult> run_count(const RegistryView& s, const Constitution& c, const Body& body,
                              const Poll& poll, const std::vector<std::string>& candidates,
                              const std::vector<Mandate>& staying, count::Election e,
                              uint64_t seed) {
  count::CountOptions options;
  options.method = TRY(count::parse_method(poll.method));
  options.seats = poll.seats;
  options.seed = seed;
  if (options.method == count::Method::kScottishStv) {
    options.constraints = constraints_for(s, c, body, poll.seats, candidates, staying);
  }
  CountResult r;
  r.sheet = TRY(count::count_election(e, options));
  for (int32_t i : r.sheet.elected) r.elected.push_back(candidates[i]);
  r.election = std::move(e);
  r.options = std::move(options);
  return r;
}

Events close_election(const RegistryView& s, const Poll& poll, const Actor& a, Events events) {
  Constitution c = s.constitution();
  auto body = s.body(poll.body);
  std::vector<std::string> candidates;
  std::map<std::string, bool> protected_by_union;
  for (const auto& cand : s.candidates(poll.id)) {
    candidates.push_back(cand.member);
    protected_by_union[cand.member] = cand.by_union;
  }
  std::sort(candidates.begin(), candidates.end());
  std::map<std::string, int32_t> index;
  count::Election e;
  e.title = fmt::format("{} ({})", body ? body->name : poll.body, poll.id);
  e.seats = poll.seats;
  for (const auto& id : candidates) {
    index[id] = e.add_candidate(ballot_name(s, id));
    // A candidate removed from membership since the nomination stands no more (A12).
    if (!s.member(id)) e.withdrawn[index[id]] = true;
  }
  PublishedBallots cast = published_ballots(s, poll, body ? &*body : nullptr, index);
  for (const auto& [ranks, weight] : cast.ballots) {
    e.start_ballot(weight);
    for (int32_t r : ranks) {
      e.start_rank();
      e.add_mark(r);
    }
  }
  uint64_t seed = lot_seed(a, poll.id);
  Json closed = {{"poll", poll.id}, {"voters", s.voters(poll.id)}, {"seed", std::to_string(seed)}};
  if (!cast.open.empty()) closed["open_ballots"] = std::move(cast.open);
  Result<CountResult> result =
      body && !cast.ballots.empty()
          ? run_count(s, c, *body, poll, candidates, continuing(s, poll), e, seed)
          : Result<CountResult>(failed_precondition("no ballots were cast"));
  if (auto blt = count::write_blt(e); blt.ok()) closed["ballots"] = *blt;
  if (!result.ok()) {
    // A count that cannot be made fills no seat; the clock calls a new election.
    closed["elected"] = Json::array();
    closed["failed"] = result.status().message();
    events.push_back(draft(PollClosed::kName, std::move(closed)));
    return events;
  }
  closed["elected"] = result->elected;
  closed["sheet"] = count::sheet_to_json(result->sheet);
  closed["recount_command"] = recount_command(result->options, poll.id);
  events.push_back(draft(PollClosed::kName, std::move(closed)));
  for (const auto& id : poll.replaces) {
    auto m = s.mandate(id);
    if (m && m->ended.empty()) {
      events.push_back(draft(MandateEnded{id, "replaced", poll.id}));
    }
  }
  for (const auto& member : result->elected) {
    Mandate m = new_mandate(*body, member, Mandate::Origin::kElection, poll.id, a, events);
    m.protected_ = protected_by_union[member];
    events.push_back(draft(MandateStarted::kName, mandate_json(m)));
  }
  return events;
}

// Refills the seat of a recalled mandate (A6): by count-back on the original ballots where
// the constitution allows and the ballots give someone, else by a by-election.
Events refill(const RegistryView& s, const Mandate& recalled, const Actor& a, Events events) {
  Constitution c = s.constitution();
  auto body = s.body(recalled.body);
  if (!body) return events;
  auto source = s.poll(recalled.source);
  auto blt = source ? s.published_ballots(source->id) : std::nullopt;
  bool stv = source && source->seats > 1 &&
             (source->method == "scottish-stv" || source->method == "meek-stv");
  if (c.count_back && stv && blt &&
      (recalled.origin == Mandate::Origin::kElection ||
       recalled.origin == Mandate::Origin::kCountBack)) {
    std::vector<std::string> candidates;
    for (const auto& cand : s.candidates(source->id)) candidates.push_back(cand.member);
    std::sort(candidates.begin(), candidates.end());
    auto e = count::read_ballot_text(*blt, count::InputFormat::kBlt, source->id);
    auto at = std::find(candidates.begin(), candidates.end(), recalled.member);
    if (e.ok() && e->candidate_count() == candidates.size() && at != candidates.end()) {
      // The count repeated as it was, without the recalled member. (Its minimums are those
      // of the original count, which had no holders staying on.)
      e->withdrawn[at - candidates.begin()] = true;
      auto r =
          run_count(s, c, *body, *source, candidates, {}, std::move(*e), lot_seed(a, source->id));
      if (r.ok()) {
        for (const auto& member : r->elected) {
          if (seat_of(s, body->id, member) || member == recalled.member || !s.member(member)) {
            continue;
          }
          if (s.member_mandates(member).size() >= static_cast<size_t>(c.max_offices)) continue;
          Mandate m =
              new_mandate(*body, member, Mandate::Origin::kCountBack, source->id, a, events);
          m.ends = recalled.ends;  // the rest of the term it replaces
          Json j = mandate_json(m);
          j["replaces"] = recalled.id;
          j["sheet"] = count::sheet_to_json(r->sheet);
          j["recount_command"] = recount_command(r->options, source->id,
                                                 {static_cast<int32_t>(at - candidates.begin())});
          events.push_back(draft(MandateStarted::kName, std::move(j)));
          return events;
        }
      }
    }
  }
  if (s.open_election(body->id)) return events;  // the open election fills it
  return call_election(s, *body, 1, "by_election", std::string(kClock), {}, a, std::move(events));
}

// The least turnout whose result may end the mandate (A6), and what it is taken from.
std::pair<int64_t, std::string> recall_turnout(const RegistryView& s, const Poll& poll) {
  auto r = s.recall(poll.recall);
  if (!r) return {0, "no petition"};
  auto share = s.constitution().recall_turnout;
  if (share) {
    return {share->of(r->electorate), fmt::format("{}/{} of the {} electors", share->numerator,
                                                  share->denominator, r->electorate)};
  }
  return {r->signatures, fmt::format("the {} signatures of the petition", r->signatures)};
}

// A recall vote is counted by the count library's motion rule, on ballots published like an
// election's (choices "yes" and "no"), so that anyone repeats it with its recount command.
Events close_recall(const RegistryView& s, const Poll& poll, const Actor& a, Events events) {
  auto body = s.body(poll.body);
  count::Election e;
  e.title = fmt::format("Recall of {} ({})", poll.mandate, poll.id);
  e.seats = 1;
  std::map<std::string, int32_t> index = {{"yes", e.add_candidate("yes")},
                                          {"no", e.add_candidate("no")}};
  PublishedBallots cast = published_ballots(s, poll, body ? &*body : nullptr, index);
  int64_t yes = 0, no = 0;
  for (const auto& [ranks, weight] : cast.ballots) {
    e.start_ballot(weight);
    for (int32_t r : ranks) {
      e.start_rank();
      e.add_mark(r);
    }
    (ranks == std::vector<int32_t>{index["yes"]} ? yes : no) += weight;
  }
  count::CountOptions options;
  options.method = count::Method::kMotion;
  options.seats = 1;
  options.seed = lot_seed(a, poll.id);
  auto sheet = count::count_election(e, options);
  // A6: the recall passes with more yes than no among the votes cast, when enough voted.
  auto [least, basis] = recall_turnout(s, poll);
  int64_t turnout = s.voters(poll.id);
  bool passed = yes > no && turnout >= least;
  Json closed = {{"poll", poll.id},
                 {"voters", turnout},
                 {"yes", yes},
                 {"no", no},
                 {"elected", Json::array()},
                 {"min_turnout", least},
                 {"seed", std::to_string(options.seed)}};
  Json decided = {{"recall", poll.recall}, {"passed", passed}};
  if (yes > no && !passed) {
    closed["failed"] = decided["reason"] =
        fmt::format("{} voted, fewer than the {} the constitution asks of a recall ({})", turnout,
                    least, basis);
  }
  if (!cast.open.empty()) closed["open_ballots"] = std::move(cast.open);
  if (auto blt = count::write_blt(e); blt.ok() && !cast.ballots.empty()) {
    closed["ballots"] = *blt;
    if (sheet.ok()) {
      closed["sheet"] = count::sheet_to_json(*sheet);
      closed["recount_command"] = recount_command(options, poll.id);
    }
  }
  const size_t at = events.size();
  events.push_back(draft(PollClosed::kName, std::move(closed)));
  events.push_back(draft(RecallDecided::kName, std::move(decided)));
  auto m = s.mandate(poll.mandate);
  if (!passed || !m || !m->ended.empty()) return events;
  events.push_back(draft(MandateEnded{m->id, "recalled", poll.id}));
  events = refill(s, *m, a, std::move(events));
  // The vote's result names the count-back that refilled the seat, with the command that
  // repeats it, so that both are read in one place.
  for (size_t i = at + 1; i < events.size(); ++i) {
    const Json& p = events[i].payload;
    if (events[i].type == MandateStarted::kName &&
        p.value("origin", "") == enum_name(Mandate::Origin::kCountBack)) {
      events[at].payload["count_back"] = {{"mandate", p["id"]},
                                          {"member", p["member"]},
                                          {"source", p["source"]},
                                          {"recount_command", p["recount_command"]}};
    }
  }
  return events;
}

}  // namespace

Events call_election(const RegistryView& s, const Body& body, int seats, std::string reason,
                     std::string called_by, std::vector<std::string> replaces, const Actor& a,
                     Events events) {
  Constitution c = s.constitution();
  Poll p;
  p.id = new_id("poll", a, events);
  p.body = body.id;
  p.seats = seats;
  p.method = count_method(c, seats);
  p.reason = std::move(reason);
  p.called_by = std::move(called_by);
  p.nominations_close = plus_seconds(a.now, c.nomination_seconds);
  p.voting_close = plus_seconds(p.nominations_close, c.voting_seconds);
  p.replaces = std::move(replaces);
  events.push_back(draft(poll_called(p)));
  return events;
}

Result<Decision> decide_one(const RegistryView& s, const CallElection& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "call an election"));
  Body body = TRY(find_body(s, c.body, "/body"));
  TRY(elector(s, body, m));
  if (auto open = s.open_election(body.id)) {
    return already_exists(
        fmt::format("{} already has an election open ({})", sentence_start(named(body)), open->id),
        "/body");
  }
  int vacant = body.seats - static_cast<int>(s.body_mandates(body.id).size());
  if (vacant <= 0) {
    return failed_precondition(
        fmt::format("every seat of {} is filled; an election is called when terms end, and a "
                    "holder can be recalled by petition",
                    named(body)),
        "/body");
  }
  return Decision{call_election(s, body, vacant, "electorate", m.id, {}, a, {})};
}

namespace {

// The nomination of `member` in `poll`, whatever its state.
std::optional<Candidate> nomination_of(const RegistryView& s, std::string_view poll,
                                       std::string_view member) {
  for (auto& n : s.nominations(poll)) {
    if (n.member == member) return std::move(n);
  }
  return std::nullopt;
}

// The election `id`, and the acting member's nomination in it, if any.
struct OwnNomination {
  Member member;
  Poll poll;
  std::optional<Candidate> nomination;
};
Result<OwnNomination> own_nomination(const RegistryView& s, const Actor& a, std::string_view id,
                                     std::string_view doing) {
  OwnNomination out{TRY(acting_member(s, a, doing)), TRY(find_poll(s, id)), std::nullopt};
  if (out.poll.kind != Poll::Kind::kElection) {
    return failed_precondition(fmt::format("{} is a recall vote; it has no candidates",
                                           sentence_start(named_poll(s, out.poll))),
                               "/poll");
  }
  out.nomination = nomination_of(s, id, out.member.id);
  return out;
}

}  // namespace

Result<Decision> decide_one(const RegistryView& s, const Nominate& c, const Actor& a) {
  Member actor = TRY(acting_member(s, a, "nominate"));
  Poll poll = TRY(find_poll(s, c.poll));
  if (poll.kind != Poll::Kind::kElection) {
    return failed_precondition(fmt::format("{} is a recall vote; it has no candidates",
                                           sentence_start(named_poll(s, poll))),
                               "/poll");
  }
  // Past the close, a poll with too few candidates is about to be extended by the clock;
  // a nomination arriving before that step is taken, not turned away for a moment's gap.
  bool too_few = s.candidates(poll.id).size() < static_cast<size_t>(poll.seats);
  if (poll.state != Poll::State::kNominating || (a.now >= poll.nominations_close && !too_few)) {
    return failed_precondition(
        fmt::format("nominations for {} closed at {}", named_poll(s, poll), poll.nominations_close),
        "/poll");
  }
  Body body = TRY(find_body(s, poll.body, "/poll"));
  auto candidate = s.member(c.member);
  if (!candidate) return not_found(fmt::format("no member {}", c.member), "/member");
  bool self = actor.id == c.member;
  if (auto earlier = nomination_of(s, poll.id, c.member)) {
    if (earlier->state == Candidate::State::kStanding ||
        earlier->state == Candidate::State::kNominated) {
      return already_exists(
          fmt::format("{} is already {} in {}", named(*candidate),
                      earlier->state == Candidate::State::kStanding ? "a candidate" : "nominated",
                      named_poll(s, poll)),
          "/member");
    }
    // Nobody is put forward again against their word; they may stand again themselves.
    if (!self) {
      return failed_precondition(
          fmt::format("{} {} in {}; only they can put themselves forward again", named(*candidate),
                      earlier->state == Candidate::State::kDeclined ? "declined the nomination"
                                                                    : "withdrew",
                      named_poll(s, poll)),
          "/member");
    }
  }
  Json j = {{"poll", poll.id}, {"member", c.member}, {"nominated_by", actor.id}};
  // A nomination by anyone else stands only once the nominee accepts it.
  if (!self) j["pending"] = true;
  if (!c.by_body.empty()) {
    // A7: a union's nominee, whom only the electorate can remove.
    Body u = TRY(find_body(s, c.by_body, "/by_body"));
    if (u.kind != BodyKind::kUnion) {
      return invalid_argument(fmt::format("{} is not a union body; only unions nominate (A7)",
                                          sentence_start(named(u))),
                              "/by_body");
    }
    if (!seat_of(s, u.id, actor.id)) {
      return permission_denied(
          fmt::format("{} does not sit on {}, so cannot nominate on its behalf", named(actor),
                      named(u)),
          "/by_body");
    }
    j["nominated_by"] = u.id;
    j["by_union"] = true;
  } else if (actor.id != c.member) {
    auto in = elector(s, body, actor);
    if (!in.ok()) return std::move(in).status().within("/member");
  }
  TRY(eligible(s, s.constitution(), poll, body, *candidate, a));
  return Decision{{draft(PollNominated::kName, std::move(j))}};
}

Result<Decision> decide_one(const RegistryView& s, const AcceptNomination& c, const Actor& a) {
  auto [m, poll, n] = TRY(own_nomination(s, a, c.poll, "accept nominations"));
  if (!n || n->state != Candidate::State::kNominated) {
    return failed_precondition(fmt::format("{} has no nomination waiting for an answer in {}",
                                           named(m), named_poll(s, poll)),
                               "/poll");
  }
  bool too_few = s.candidates(poll.id).size() < static_cast<size_t>(poll.seats);
  if (poll.state != Poll::State::kNominating || (a.now >= poll.nominations_close && !too_few)) {
    return failed_precondition(
        fmt::format("nominations for {} closed at {}", named_poll(s, poll), poll.nominations_close),
        "/poll");
  }
  // Eligibility again: standing counts towards the office limit from now on (A9).
  Body body = TRY(find_body(s, poll.body, "/poll"));
  auto ok = eligible(s, s.constitution(), poll, body, m, a);
  if (!ok.ok()) return Status(ok.code(), ok.message(), "/poll");
  return Decision{{draft(NominationAccepted{poll.id, m.id})}};
}

Result<Decision> decide_one(const RegistryView& s, const DeclineNomination& c, const Actor& a) {
  auto [m, poll, n] = TRY(own_nomination(s, a, c.poll, "decline nominations"));
  if (!n || n->state != Candidate::State::kNominated) {
    return failed_precondition(
        fmt::format("{} has no nomination waiting for an answer in {}{}", named(m),
                    named_poll(s, poll),
                    n && n->state == Candidate::State::kStanding
                        ? "; a candidate withdraws instead (withdraw_candidacy)"
                        : ""),
        "/poll");
  }
  return Decision{{draft(NominationDeclined{poll.id, m.id})}};
}

Result<Decision> decide_one(const RegistryView& s, const WithdrawCandidacy& c, const Actor& a) {
  auto [m, poll, n] = TRY(own_nomination(s, a, c.poll, "withdraw a candidacy"));
  if (!n || n->state != Candidate::State::kStanding) {
    return failed_precondition(
        fmt::format("{} is not a candidate in {}{}", named(m), named_poll(s, poll),
                    n && n->state == Candidate::State::kNominated
                        ? "; a nomination not yet accepted is declined instead "
                          "(decline_nomination)"
                        : ""),
        "/poll");
  }
  if (poll.state != Poll::State::kNominating) {
    return failed_precondition(
        fmt::format("voting in {} has opened; candidates withdraw only until then",
                    named_poll(s, poll)),
        "/poll");
  }
  return Decision{{draft(CandidacyWithdrawn{poll.id, m.id})}};
}

Result<Decision> decide_one(const RegistryView& s, const SetStatement& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "publish a statement"));
  Poll poll = TRY(find_poll(s, c.poll));
  auto cands = s.candidates(poll.id);
  if (std::none_of(cands.begin(), cands.end(),
                   [&](const Candidate& x) { return x.member == m.id; })) {
    return permission_denied(
        fmt::format("{} is not a candidate in {}", named(m), named_poll(s, poll)), "/poll");
  }
  // Electors read the statements before they vote; one rewritten while the vote is open
  // would have different voters read different candidates.
  if (poll.state != Poll::State::kNominating) {
    return failed_precondition(
        poll.state == Poll::State::kClosed
            ? fmt::format("{} is closed", sentence_start(named_poll(s, poll)))
            : fmt::format("voting in {} has opened; statements are written only while "
                          "nominations are open, so that every elector reads the same one",
                          named_poll(s, poll)),
        "/poll");
  }
  TRY(check_text(c.text, "/text", kMaxStatementChars));
  return Decision{{draft(PollStatement{poll.id, m.id, c.text})}};
}

Result<Decision> decide_one(const RegistryView& s, const CastBallot& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "vote"));
  Poll poll = TRY(find_poll(s, c.poll));
  if (poll.state != Poll::State::kVoting || a.now >= poll.voting_close) {
    return failed_precondition(
        poll.state == Poll::State::kNominating
            ? fmt::format("voting in {} opens when nominations close at {}", named_poll(s, poll),
                          poll.nominations_close)
            : fmt::format("voting in {} closed at {}", named_poll(s, poll), poll.voting_close),
        "/poll");
  }
  Body body = TRY(find_body(s, poll.body, "/poll"));
  int64_t weight = TRY(poll_elector(s, poll, body, m));
  // Invariant 4: one member, one ballot. The projection's primary key on (poll, member)
  // holds it too, should two requests ever race past this check.
  if (s.has_voted(poll.id, m.id)) {
    return already_exists(fmt::format("{} has already voted in {}", named(m), named_poll(s, poll)),
                          "/poll");
  }
  if (c.ranking.empty()) return invalid_argument("a ballot ranks at least one choice", "/ranking");
  if (poll.kind == Poll::Kind::kRecall) {
    if (c.ranking.size() != 1 || (c.ranking[0] != "yes" && c.ranking[0] != "no")) {
      return invalid_argument("a recall ballot is [\"yes\"] or [\"no\"]", "/ranking");
    }
  } else {
    std::set<std::string> candidates, seen;
    for (const auto& cand : s.candidates(poll.id)) candidates.insert(cand.member);
    for (size_t i = 0; i < c.ranking.size(); ++i) {
      std::string where = fmt::format("/ranking/{}", i);
      if (!candidates.count(c.ranking[i])) {
        return invalid_argument(fmt::format("{} is not a candidate in {}",
                                            named_member(s, c.ranking[i]), named_poll(s, poll)),
                                where);
      }
      if (!seen.insert(c.ranking[i]).second) {
        return invalid_argument(fmt::format("{} is ranked twice", named_member(s, c.ranking[i])),
                                where);
      }
    }
  }
  Decision d;
  if (open_vote(body)) {
    // A delegate votes openly: the ballot, with its weight, is public from the moment it is
    // cast, and the sealed box never holds it.
    d.events.push_back(draft(BallotCast{poll.id, m.id, weight, c.ranking}));
    return d;
  }
  // Who voted goes to the public record; what they voted goes to the sealed box.
  d.events.push_back(draft(BallotCast{poll.id, m.id, {}, {}}));
  d.sealed = SealedBallot{poll.id, weight, c.ranking};
  return d;
}

Result<Decision> decide_one(const RegistryView& s, const ClosePoll& c, const Actor& a) {
  TRY(only_clock(a));
  auto poll = s.poll(c.poll);
  if (!poll || poll->state == Poll::State::kClosed) return Decision{};
  if (poll->state == Poll::State::kVoting) {
    // The electorate counted is the one fixed when voting opened: members admitted since
    // then do not vote in it, so they cannot hold the poll open either.
    bool all_voted = poll->electorate > 0 && s.voters(poll->id) >= poll->electorate;
    if (a.now < poll->voting_close && !all_voted) return Decision{};
    return Decision{poll->kind == Poll::Kind::kRecall ? close_recall(s, *poll, a, {})
                                                      : close_election(s, *poll, a, {})};
  }
  if (a.now < poll->nominations_close) return Decision{};
  // Voting opens once there are candidates for every seat and the composition rules can
  // be met by them; until then nominations stay open, and the record says why.
  Constitution con = s.constitution();
  auto body = s.body(poll->body);
  std::vector<std::string> candidates;
  for (const auto& cand : s.candidates(poll->id)) candidates.push_back(cand.member);
  std::sort(candidates.begin(), candidates.end());
  std::string why;
  if (candidates.size() < static_cast<size_t>(poll->seats)) {
    why = fmt::format("{} candidates for {} seats", candidates.size(), poll->seats);
  } else if (body) {
    count::Election e;
    for (const auto& id : candidates) e.add_candidate(id);
    auto cons = constraints_for(s, con, *body, poll->seats, candidates, continuing(s, *poll));
    if (Status ok = count::check_constraints(cons, e, poll->seats); !ok.ok()) why = ok.message();
  }
  if (!why.empty()) {
    std::string close = plus_seconds(a.now, con.nomination_seconds);
    return Decision{
        {draft(PollExtended{poll->id, why, close, plus_seconds(close, con.voting_seconds)})}};
  }
  // The electorate is fixed for the vote: its size and, for a body elected by delegates,
  // each delegate's weight; members are found from record order instead.
  PollVotingOpened opened{poll->id, 0, plus_seconds(a.now, con.voting_seconds), {}};
  if (body) {
    opened.electorate = s.electorate_size(*body);
    if (body->constituency.kind == Constituency::Kind::kBodies) {
      opened.delegates = s.delegate_weights(*body);
    }
  }
  return Decision{{draft(opened)}};
}

Result<Decision> decide_one(const RegistryView& s, const EndTerm& c, const Actor& a) {
  TRY(only_clock(a));
  auto m = s.mandate(c.mandate);
  if (!m || !m->ended.empty() || a.now < m->ends) return Decision{};
  return Decision{{draft(MandateEnded{m->id, "term", {}})}};
}

Result<Decision> decide_one(const RegistryView& s, const CallDueElection& c, const Actor& a) {
  TRY(only_clock(a));
  auto body = s.body(c.body);
  if (!body || body->kind == BodyKind::kSpecialist || s.open_election(body->id)) return Decision{};
  if (s.electorate_size(*body) == 0) return Decision{};  // its electors are not yet elected
  Constitution con = s.constitution();
  std::string lead_until = plus_seconds(a.now, con.election_lead_seconds);
  auto running = s.body_mandates(body->id);
  std::vector<std::string> replaces;
  for (const auto& m : running) {
    if (m.ends <= lead_until) replaces.push_back(m.id);
  }
  int seats = body->seats - static_cast<int>(running.size() - replaces.size());
  if (seats <= 0) return Decision{};
  std::string reason = replaces.empty() ? "vacancy" : "term_end";
  return Decision{
      call_election(s, *body, seats, reason, std::string(kClock), std::move(replaces), a, {})};
}

uint64_t lot_seed(const Actor& a, std::string_view poll) {
  // Unknown to anyone before the poll closes, fixed once it has: the head of the record.
  Digest d = blake2b(to_hex(a.head) + std::string(poll));
  uint64_t seed = 0;
  for (int i = 0; i < 8; ++i) seed = seed << 8 | d[i];
  return seed;
}

}  // namespace collegium::federation::rules
