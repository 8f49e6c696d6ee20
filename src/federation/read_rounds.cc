#include "federation/read_rounds.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "federation/read_common.h"
#include "federation/round_projection.h"
#include "federation/round_scope.h"

namespace collegium::federation {

namespace {

// The figures of a list the tables keep as text separated by spaces.
template <class T>
std::vector<T> numbers_of(std::string_view text) {
  std::vector<T> out;
  while (!text.empty()) {
    size_t end = text.find(' ');
    std::string_view word = text.substr(0, end);
    T v{};
    std::from_chars(word.data(), word.data() + word.size(), v);
    out.push_back(v);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}
std::vector<double> doubles_of(std::string_view text) {
  return numbers_of<double>(text);
}
std::vector<int64_t> ints_of(std::string_view text) {
  return numbers_of<int64_t>(text);
}

// The scope rule of round_scope.h (ScopeRule::covers) as a condition on the workplaces
// table `w`, so that a page reads only the body's rows.
struct ScopeFilter {
  std::string where;
  std::vector<std::string> binds;
};
ScopeFilter scope_filter(const ScopeRule& r) {
  switch (r.scope) {
    case ScopeKind::kWorkplace:
      return {"w.id = ?", {r.workplace}};
    case ScopeKind::kBranch:
      return {"w.branch = ? AND (? = '' OR w.region = ?)", {r.branch, r.region, r.region}};
    case ScopeKind::kRegion:
      return {"w.region = ?", {r.region}};
    case ScopeKind::kEconomy:
      return {"1", {}};
  }
  return {"1", {}};
}
// Binds the filter's values after `first` parameters already bound.
void bind_filter(store::Statement& q, const ScopeFilter& f, int first) {
  for (size_t k = 0; k < f.binds.size(); ++k) q.bind(first + 1 + static_cast<int>(k), f.binds[k]);
}

// An alternative of the latest computation, with its sums over every workplace.
struct StoredAlternative {
  FigureAlternative figures;  // without targets, hours and bottlenecks
  int64_t workplaces = 0, bottlenecks = 0;
  double output_target = 0, labour_hours = 0, workers = 0, capacity = 0, on_capacity = 0;
};

Result<std::vector<FigureBottleneck>> read_bottlenecks(store::Statement& q) {
  std::vector<FigureBottleneck> out;
  while (TRY(q.step())) {
    auto j = TRY(parse_json(q.column_text(0)));
    out.push_back(TRY(read_json<FigureBottleneck>(j, "/figure")));
  }
  return out;
}

// The first kMaxListedBottlenecks bottlenecks of one alternative.
Result<std::vector<FigureBottleneck>> first_bottlenecks(store::Sqlite& db, std::string_view round,
                                                        size_t alternative) {
  auto q = TRY(db.prepare(fmt::format(
      "SELECT figure FROM round_bottlenecks WHERE round = ? AND alternative = ? ORDER BY idx "
      "LIMIT {}",
      kMaxListedBottlenecks)));
  q.bind(1, round).bind(2, static_cast<int64_t>(alternative));
  return read_bottlenecks(q);
}

RoundSummary summary_of(const RegistryView& r, const Round& round, std::string_view now) {
  RoundSummary s;
  s.id = round.id;
  s.body = round.body;
  s.body_name = reads::body_name(r, round.body);
  s.text = round.text;
  s.period = round.call.period;
  s.phase = round_phase(round, now);
  s.called = round.called;
  s.discussion_until = round.call.discussion_until;
  s.amendment_until = round.call.amendment_until;
  s.vote_until = round.call.vote_until;
  s.version = round.version;
  s.computed_version = round.computed_version;
  s.vote = round.vote;
  s.alternatives = round.alternatives;
  s.adopted = round.adopted;
  return s;
}

Result<int64_t> voters_of(store::Sqlite& db, const Round& r) {
  auto q = TRY(db.prepare("SELECT voters FROM rounds WHERE id = ?"));
  q.bind(1, r.id);
  return reads::single_int(q);
}

// The latest computation's alternatives, in order.
Result<std::vector<StoredAlternative>> alternatives_of(store::Sqlite& db, std::string_view round) {
  auto q = TRY(db.prepare(
      "SELECT figures, workplaces, bottlenecks, output_target, labour_hours, workers, capacity, "
      "on_capacity FROM round_alternatives WHERE round = ? ORDER BY idx"));
  q.bind(1, round);
  std::vector<StoredAlternative> out;
  while (TRY(q.step())) {
    auto j = TRY(parse_json(q.column_text(0)));
    StoredAlternative a;
    a.figures = TRY(read_json<FigureAlternative>(j, "/figures", UnknownKeys::kIgnore));
    a.workplaces = q.column_int(1);
    a.bottlenecks = q.column_int(2);
    a.output_target = q.column_double(3);
    a.labour_hours = q.column_double(4);
    a.workers = q.column_double(5);
    a.capacity = q.column_double(6);
    a.on_capacity = q.column_double(7);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Result<RoundList> list_rounds(Federation& fed, std::string_view now) {
  auto& db = fed.store().db();
  auto ids = TRY(db.prepare("SELECT id FROM rounds ORDER BY seq DESC"));
  RoundList out;
  for (const auto& id : TRY(reads::first_column(ids))) {
    auto r = fed.registry().round(id);
    if (!r) continue;
    out.rounds.push_back(summary_of(fed.registry(), *r, now));
    out.rounds.back().voters = TRY(voters_of(db, *r));
  }
  return out;
}

Result<RoundView> read_round(Federation& fed, std::string_view id, std::string_view now,
                             std::string_view viewer) {
  const RegistryView& reg = fed.registry();
  auto r = reg.round(id);
  if (!r) return not_found(fmt::format("no round {}", id), "id");
  auto& db = fed.store().db();
  RoundView v;
  v.round = summary_of(reg, *r, now);
  v.round.voters = TRY(voters_of(db, *r));
  v.voted = !viewer.empty() && reg.has_voted_round(r->id, r->vote, viewer);
  {
    auto q = TRY(db.prepare("SELECT call FROM rounds WHERE id = ?"));
    q.bind(1, id);
    if (TRY(q.step())) {
      auto j = TRY(parse_json(q.column_text(0)));
      v.call = TRY(read_json<RoundCall>(j, "/call"));
    }
  }
  auto alts = TRY(alternatives_of(db, id));
  for (size_t a = 0; a < alts.size(); ++a) {
    RoundAlternativeView av{static_cast<int32_t>(a), std::move(alts[a].figures),
                            alts[a].output_target, alts[a].bottlenecks};
    av.figures.bottlenecks = TRY(first_bottlenecks(db, id, a));
    v.workplaces = alts[a].workplaces;
    v.alternatives.push_back(std::move(av));
  }
  {
    auto q =
        TRY(db.prepare("SELECT version, seq, time, economy_digest, economy_seq, base_labour_hours, "
                       "freed_hours, weeks_per_year FROM round_computations WHERE round = ? "
                       "ORDER BY seq"));
    q.bind(1, id);
    while (TRY(q.step())) {
      v.computations.push_back({q.column_int(0), q.column_int(1), std::string(q.column_text(2)),
                                std::string(q.column_text(3)), q.column_int(4), q.column_double(5),
                                q.column_double(6), q.column_double(7)});
    }
  }
  {
    // Amendments are motions of their bodies: open ones included, with their votes.
    auto q = TRY(db.prepare(
        "SELECT id, state, body, proposed_by, text, closes, payload, yes, no, abstain FROM "
        "motions WHERE kind = 'round_amendment' AND json_extract(payload, '$.round') = ? "
        "ORDER BY seq DESC"));
    q.bind(1, id);
    while (TRY(q.step())) {
      RoundAmendmentRow a;
      a.motion = q.column_text(0);
      a.state = q.column_text(1);
      a.body = q.column_text(2);
      a.body_name = reads::body_name(reg, a.body);
      a.proposed_by = q.column_text(3);
      a.proposed_by_name = reads::member_name(reg, a.proposed_by);
      a.text = q.column_text(4);
      a.closes = q.column_text(5);
      auto payload = TRY(parse_json(q.column_text(6)));
      auto p = TRY(read_json<ProposeRoundAmendment>(payload, "/payload", UnknownKeys::kIgnore));
      a.workplace = p.workplace;
      if (auto w = reg.workplace(p.workplace)) a.workplace_name = w->name;
      if (p.target) a.target = {p.target->value};
      if (p.capacity) a.capacity = {p.capacity->value};
      if (p.workers) a.workers = {p.workers->value};
      if (p.hours)
        for (const auto& [category, hours] : *p.hours) a.hours[category] = hours.value;
      a.yes = q.column_int(7);
      a.no = q.column_int(8);
      a.abstain = q.column_int(9);
      v.amendments.push_back(std::move(a));
    }
  }
  {
    auto q = TRY(db.prepare(
        "SELECT vote, seq, ballots, time, outcome, reason, adopted, ranking, prefer FROM "
        "round_results WHERE round = ? ORDER BY vote"));
    q.bind(1, id);
    while (TRY(q.step())) {
      RoundVoteResult res;
      res.vote = q.column_int(0);
      res.seq = q.column_int(1);
      res.ballots = q.column_int(2);
      res.time = q.column_text(3);
      res.outcome = q.column_text(4);
      res.reason = q.column_text(5);
      res.adopted = static_cast<int32_t>(q.column_int(6));
      for (int64_t o : ints_of(q.column_text(7))) res.order.push_back(static_cast<int32_t>(o));
      res.prefer = ints_of(q.column_text(8));
      v.results.push_back(std::move(res));
    }
  }
  return v;
}

Result<RoundBodyView> read_round_body(Federation& fed, std::string_view round,
                                      std::string_view body) {
  const RegistryView& reg = fed.registry();
  auto r = reg.round(round);
  if (!r) return not_found(fmt::format("no round {}", round), "id");
  auto b = reg.body(body);
  if (!b) return not_found(fmt::format("no body {}", body), "body");
  auto rule = TRY(scope_rule(*b, [&](const std::string& shop) -> std::optional<std::string> {
    auto s = reg.shop(shop);
    if (!s) return std::nullopt;
    return s->workplace;
  }));
  auto& db = fed.store().db();
  RoundBodyView v;
  v.round = r->id;
  v.body = b->id;
  v.body_name = b->name;
  v.body_kind = std::string(to_string(b->kind));
  v.scope = scope_kind_name(rule.scope);
  v.workplace = rule.workplace;
  v.branch = rule.branch;
  v.region = rule.region;
  v.computed_version = r->computed_version;
  const size_t k = r->alternatives.size();
  const bool economy = rule.scope == ScopeKind::kEconomy;
  const ScopeFilter filter = scope_filter(rule);
  auto alts = TRY(alternatives_of(db, r->id));
  double weeks = 52;
  {
    auto q = TRY(db.prepare(
        "SELECT weeks_per_year FROM round_computations WHERE round = ? ORDER BY seq DESC LIMIT 1"));
    q.bind(1, r->id);
    if (TRY(q.step())) weeks = q.column_double(0);
  }
  v.alternatives.resize(alts.size());
  auto finish = [&](BodyAlternative& ba, double capacity, double on_capacity) {
    if (capacity > 0) ba.capacity_use = {on_capacity / capacity};
    if (ba.workers > 0) ba.hours_per_worker_week = {ba.labour_hours / ba.workers / weeks};
  };

  if (economy) {
    // The whole economy's sums were kept with the computation: one row per alternative.
    for (size_t a = 0; a < alts.size(); ++a) {
      BodyAlternative& ba = v.alternatives[a];
      ba.workplaces = alts[a].workplaces;
      ba.output_target = alts[a].output_target;
      ba.labour_hours = alts[a].labour_hours;
      ba.workers = alts[a].workers;
      finish(ba, alts[a].capacity, alts[a].on_capacity);
      ba.economy = alts[a].figures.economy;
      ba.bottlenecks = TRY(first_bottlenecks(db, r->id, a));
      ba.bottleneck_count = alts[a].bottlenecks;
    }
    // A small economy's workplaces are listed too, one by one.
    if (!alts.empty() && alts[0].workplaces <= static_cast<int64_t>(kMaxListedWorkplaces)) {
      auto q = TRY(db.prepare(
          "SELECT rw.workplace, w.name, rw.product, rw.capacity, rw.workers, rw.targets, "
          "rw.hours FROM round_workplaces rw JOIN workplaces w ON w.id = rw.workplace WHERE "
          "rw.round = ? ORDER BY rw.workplace"));
      q.bind(1, r->id);
      while (TRY(q.step())) {
        v.workplaces.push_back({std::string(q.column_text(0)), std::string(q.column_text(1)),
                                std::string(q.column_text(2)), q.column_double(3),
                                q.column_double(4), doubles_of(q.column_text(5)),
                                doubles_of(q.column_text(6))});
      }
    }
  } else {
    // The body's workplaces, with figures or without data.
    std::vector<WorkplaceFigure> figures;
    std::set<std::string> regions;
    if (!rule.region.empty()) regions.insert(rule.region);
    auto q = TRY(db.prepare(fmt::format(
        "SELECT w.id, w.name, w.region, rw.product, rw.capacity, rw.workers, rw.targets, "
        "rw.hours FROM workplaces w LEFT JOIN round_workplaces rw ON rw.round = ?1 AND "
        "rw.workplace = w.id WHERE {} ORDER BY w.id",
        filter.where)));
    q.bind(1, r->id);
    bind_filter(q, filter, 1);
    while (TRY(q.step())) {
      if (rule.region.empty()) regions.insert(std::string(q.column_text(2)));
      if (q.column_is_null(3)) {
        if (r->computed_version > 0) v.without_data.emplace_back(q.column_text(0));
        continue;
      }
      figures.push_back({std::string(q.column_text(0)), std::string(q.column_text(1)),
                         std::string(q.column_text(3)), q.column_double(4), q.column_double(5),
                         doubles_of(q.column_text(6)), doubles_of(q.column_text(7))});
    }
    std::vector<double> capacity(alts.size(), 0), on_capacity(alts.size(), 0);
    for (const WorkplaceFigure& w : figures) {
      for (size_t a = 0; a < alts.size(); ++a) {
        BodyAlternative& ba = v.alternatives[a];
        const double target = a < w.targets.size() ? w.targets[a] : 0;
        ++ba.workplaces;
        ba.output_target += target;
        ba.labour_hours += a < w.hours.size() ? w.hours[a] : 0;
        ba.workers += w.workers;
        if (w.capacity > 0) {
          capacity[a] += w.capacity;
          on_capacity[a] += target;
        }
      }
    }
    for (size_t a = 0; a < alts.size(); ++a) {
      BodyAlternative& ba = v.alternatives[a];
      finish(ba, capacity[a], on_capacity[a]);
      if (!rule.region.empty()) {
        for (const FigureRegion& fr : alts[a].figures.regions)
          if (fr.region == rule.region) ba.region = fr;
      }
    }
    // The bottlenecks at the body's workplaces, and those of its regions' labour.
    auto bq = TRY(db.prepare(fmt::format(
        "SELECT alternative, figure FROM round_bottlenecks b WHERE round = ?1 AND "
        "(b.workplace IN (SELECT w.id FROM workplaces w WHERE {}) OR (b.workplace = '' AND "
        "b.region IN (SELECT value FROM json_each(?{})))) ORDER BY alternative, idx",
        filter.where, filter.binds.size() + 2)));
    bq.bind(1, r->id);
    bind_filter(bq, filter, 1);
    bq.bind(static_cast<int>(filter.binds.size()) + 2,
            Json(std::vector<std::string>(regions.begin(), regions.end())).dump());
    while (TRY(bq.step())) {
      const auto a = static_cast<size_t>(bq.column_int(0));
      if (a >= v.alternatives.size()) continue;
      BodyAlternative& ba = v.alternatives[a];
      if (++ba.bottleneck_count > kMaxListedBottlenecks) continue;
      auto j = TRY(parse_json(bq.column_text(1)));
      ba.bottlenecks.push_back(TRY(read_json<FigureBottleneck>(j, "/figure")));
    }
    if (figures.size() <= kMaxListedWorkplaces) v.workplaces = std::move(figures);
  }
  for (size_t a = 0; a < alts.size(); ++a) {
    v.alternatives[a].name = alts[a].figures.name;
    v.alternatives[a].feasible = alts[a].figures.feasible;
  }

  // Each vote's aggregate: the federation's for the whole economy, else the sum over the
  // body's workplaces.
  if (economy) {
    auto q = TRY(db.prepare(
        "SELECT vote, ballots, prefer FROM round_results WHERE round = ? AND ballots > 0 "
        "ORDER BY vote"));
    q.bind(1, r->id);
    while (TRY(q.step()))
      v.tallies.push_back({q.column_int(0), q.column_int(1), ints_of(q.column_text(2)), {}});
  } else {
    auto q = TRY(db.prepare(fmt::format(
        "SELECT t.vote, t.ballots, t.prefer FROM round_tallies t JOIN workplaces w ON w.id = "
        "t.workplace WHERE t.round = ?1 AND {} ORDER BY t.vote",
        filter.where)));
    q.bind(1, r->id);
    bind_filter(q, filter, 1);
    while (TRY(q.step())) {
      const int64_t vote = q.column_int(0);
      if (v.tallies.empty() || v.tallies.back().vote != vote)
        v.tallies.push_back({vote, 0, std::vector<int64_t>(k * k, 0), {}});
      BodyTallyView& t = v.tallies.back();
      t.ballots += q.column_int(1);
      auto prefer = ints_of(q.column_text(2));
      for (size_t i = 0; i < prefer.size() && i < t.prefer.size(); ++i) t.prefer[i] += prefer[i];
    }
  }
  for (BodyTallyView& t : v.tallies) {
    if (t.prefer.size() != k * k) continue;
    for (size_t a = 1; a < k; ++a)
      if (t.prefer[a * k] > t.prefer[a]) t.beat_status_quo.push_back(static_cast<int32_t>(a));
  }
  return v;
}

Result<RoundBodies> member_round_bodies(Federation& fed, std::string_view member) {
  const RegistryView& reg = fed.registry();
  auto m = reg.member(member);
  if (!m) return not_found(fmt::format("no member {}", member), "member");
  auto w = reg.workplace(m->workplace);
  if (!w) return RoundBodies{};
  auto& db = fed.store().db();
  auto q = TRY(db.prepare("SELECT id FROM bodies WHERE kind != 'specialist' ORDER BY seq"));
  std::vector<std::pair<ScopeKind, BodySummary>> found;
  for (const auto& id : TRY(reads::first_column(q))) {
    auto b = reg.body(id);
    if (!b) continue;
    auto rule = scope_rule(*b, [&](const std::string& shop) -> std::optional<std::string> {
      auto s = reg.shop(shop);
      if (!s) return std::nullopt;
      return s->workplace;
    });
    if (!rule.ok() || !rule->covers(*w)) continue;
    // A shop committee concerns the members of its shop only.
    if (b->constituency.kind == Constituency::Kind::kShop && b->constituency.ref != m->shop)
      continue;
    found.push_back({rule->scope, reads::body_summary(*b)});
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  RoundBodies out;
  for (auto& [scope, s] : found) out.bodies.push_back(std::move(s));
  return out;
}

Result<WorkplaceTargets> read_workplace_targets(Federation& fed, std::string_view workplace) {
  if (!fed.registry().workplace(workplace))
    return not_found(fmt::format("no workplace {}", workplace), "id");
  auto q = TRY(fed.store().db().prepare(
      "SELECT round, period, product, target, seq FROM workplace_targets WHERE workplace = ? "
      "ORDER BY seq DESC"));
  q.bind(1, workplace);
  WorkplaceTargets out;
  while (TRY(q.step())) {
    out.targets.push_back({std::string(q.column_text(0)), std::string(q.column_text(1)),
                           std::string(q.column_text(2)), q.column_double(3), q.column_int(4)});
  }
  return out;
}

}  // namespace collegium::federation
