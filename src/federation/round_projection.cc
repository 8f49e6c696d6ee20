// A round's tables (round.h): what its events leave in the projection, and the registry
// view's reads of them. Figures are REAL (bit for bit); lists of figures per alternative
// are kept as the record writes them (format_decimal, separated by spaces).
#include "federation/round_projection.h"

#include <fmt/format.h>

#include <sstream>

#include "federation/round_tally.h"

namespace collegium::federation {

using store::Statement;

store::Migration round_migration() {
  return {"federation/rounds-1", R"sql(
    -- call: the council's RoundCall as carried (its times are the first schedule; the
    -- columns hold the schedule now in force). alternatives: their names, the status quo first.
    CREATE TABLE rounds(id TEXT PRIMARY KEY, motion TEXT NOT NULL, body TEXT NOT NULL,
                        text TEXT NOT NULL, period TEXT NOT NULL, call TEXT NOT NULL,
                        alternatives TEXT NOT NULL, called TEXT NOT NULL,
                        discussion_until TEXT NOT NULL, amendment_until TEXT NOT NULL,
                        vote_until TEXT NOT NULL, version INTEGER NOT NULL,
                        computed_version INTEGER NOT NULL, vote INTEGER NOT NULL,
                        voters INTEGER NOT NULL, state TEXT NOT NULL,
                        adopted INTEGER NOT NULL, seq INTEGER NOT NULL) STRICT;
    CREATE INDEX rounds_state ON rounds(state, vote_until);
    -- Every computation recorded, the latest last.
    CREATE TABLE round_computations(round TEXT NOT NULL, version INTEGER NOT NULL,
                                    seq INTEGER NOT NULL, time TEXT NOT NULL,
                                    economy_digest TEXT NOT NULL, economy_seq INTEGER NOT NULL,
                                    weeks_per_year REAL NOT NULL, base_labour_hours REAL NOT NULL,
                                    freed_hours REAL NOT NULL,
                                    PRIMARY KEY(round, seq)) STRICT, WITHOUT ROWID;
    -- The latest computation's alternatives: the figures without the per-workplace lists
    -- and the bottlenecks, and sums over every workplace (what the whole economy's page
    -- shows, kept here so that it reads one row rather than every workplace's).
    CREATE TABLE round_alternatives(round TEXT NOT NULL, idx INTEGER NOT NULL,
                                    name TEXT NOT NULL, kind TEXT NOT NULL,
                                    feasible INTEGER NOT NULL, figures TEXT NOT NULL,
                                    workplaces INTEGER NOT NULL, output_target REAL NOT NULL,
                                    labour_hours REAL NOT NULL, workers REAL NOT NULL,
                                    capacity REAL NOT NULL, on_capacity REAL NOT NULL,
                                    bottlenecks INTEGER NOT NULL,
                                    PRIMARY KEY(round, idx)) STRICT, WITHOUT ROWID;
    -- The latest computation's bottlenecks, found by workplace or region.
    CREATE TABLE round_bottlenecks(round TEXT NOT NULL, alternative INTEGER NOT NULL,
                                   idx INTEGER NOT NULL, workplace TEXT NOT NULL,
                                   region TEXT NOT NULL, figure TEXT NOT NULL,
                                   PRIMARY KEY(round, alternative, idx)) STRICT, WITHOUT ROWID;
    CREATE INDEX round_bottlenecks_workplace ON round_bottlenecks(round, workplace);
    CREATE INDEX round_bottlenecks_region ON round_bottlenecks(round, region);
    -- The latest computation's workplaces: targets and hours, one figure per alternative.
    CREATE TABLE round_workplaces(round TEXT NOT NULL, workplace TEXT NOT NULL,
                                  idx INTEGER NOT NULL, product TEXT NOT NULL,
                                  capacity REAL NOT NULL, workers REAL NOT NULL,
                                  targets TEXT NOT NULL, hours TEXT NOT NULL,
                                  PRIMARY KEY(round, workplace)) STRICT, WITHOUT ROWID;
    CREATE TABLE round_amendments(motion TEXT PRIMARY KEY, round TEXT NOT NULL,
                                  body TEXT NOT NULL, workplace TEXT NOT NULL, target REAL,
                                  changed TEXT NOT NULL, version INTEGER NOT NULL,
                                  seq INTEGER NOT NULL, time TEXT NOT NULL) STRICT;
    CREATE INDEX round_amendments_round ON round_amendments(round, seq);
    -- The targets that carried amendments set, which the computation applies.
    CREATE TABLE round_targets(round TEXT NOT NULL, workplace TEXT NOT NULL,
                               target REAL NOT NULL, PRIMARY KEY(round, workplace))
                               STRICT, WITHOUT ROWID;
    -- Who voted: public. How: in ballot_box until the close, then published.
    CREATE TABLE round_voters(round TEXT NOT NULL, vote INTEGER NOT NULL, member TEXT NOT NULL,
                              PRIMARY KEY(round, vote, member)) STRICT, WITHOUT ROWID;
    CREATE TABLE round_results(round TEXT NOT NULL, vote INTEGER NOT NULL, seq INTEGER NOT NULL,
                               time TEXT NOT NULL, outcome TEXT NOT NULL,
                               adopted INTEGER NOT NULL, reason TEXT NOT NULL,
                               ballots INTEGER NOT NULL, prefer TEXT NOT NULL,
                               ranking TEXT NOT NULL, sheet TEXT NOT NULL,
                               PRIMARY KEY(round, vote)) STRICT, WITHOUT ROWID;
    -- Each workplace's pairwise tally, from its published ballots: a body's aggregate is
    -- the sum over the workplaces whose members it represents.
    CREATE TABLE round_tallies(round TEXT NOT NULL, vote INTEGER NOT NULL,
                               workplace TEXT NOT NULL, ballots INTEGER NOT NULL,
                               prefer TEXT NOT NULL, published TEXT NOT NULL,
                               PRIMARY KEY(round, vote, workplace)) STRICT, WITHOUT ROWID;
    -- An adopted plan's targets: each workplace's for the period.
    CREATE TABLE workplace_targets(workplace TEXT NOT NULL, round TEXT NOT NULL,
                                   period TEXT NOT NULL, product TEXT NOT NULL,
                                   target REAL NOT NULL, seq INTEGER NOT NULL,
                                   PRIMARY KEY(workplace, round)) STRICT, WITHOUT ROWID;
  )sql"};
}

std::vector<std::string> round_tables() {
  return {"rounds",           "round_computations", "round_alternatives", "round_workplaces",
          "round_amendments", "round_targets",      "round_voters",       "round_results",
          "round_tallies",    "workplace_targets"};
}

namespace {

std::string figures_text(const std::vector<double>& v, size_t from, size_t step, size_t n) {
  std::string out;
  for (size_t k = 0; k < n; ++k) {
    if (k) out += ' ';
    out += format_decimal(v[from + k * step]);
  }
  return out;
}

std::string ints_text(const std::vector<int64_t>& v) {
  std::string out;
  for (size_t k = 0; k < v.size(); ++k) out += (k ? " " : "") + std::to_string(v[k]);
  return out;
}

}  // namespace

std::vector<int64_t> pairwise_of(const std::map<std::string, int64_t>& ballots, size_t k) {
  std::vector<int64_t> prefer(k * k, 0);
  std::vector<int64_t> ranks(k);
  for (const auto& [text, count] : ballots) {
    std::istringstream in(text);
    for (size_t i = 0; i < k; ++i) {
      ranks[i] = 0;
      in >> ranks[i];
    }
    // Ranked above: a smaller positive rank, or ranked against unranked (0).
    for (size_t a = 0; a < k; ++a)
      for (size_t b = 0; b < k; ++b)
        if (ranks[a] > 0 && (ranks[b] == 0 || ranks[a] < ranks[b])) prefer[a * k + b] += count;
  }
  return prefer;
}

Status apply_round_called(StatementCache& q, const record::Event& e, const RoundCalled& ev) {
  return q("INSERT INTO rounds(id, motion, body, text, period, call, alternatives, called, "
           "discussion_until, amendment_until, vote_until, version, computed_version, vote, "
           "voters, "
           "state, adopted, seq) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, 1, 0, 'open', -1, "
           "?)")
      .bind(1, ev.id)
      .bind(2, ev.motion)
      .bind(3, ev.body)
      .bind(4, ev.text)
      .bind(5, ev.call.period)
      .bind(6, JsonCodec<RoundCall>::write(ev.call).dump())
      .bind(7, Json(ev.alternatives).dump())
      .bind(8, e.time)
      .bind(9, ev.call.discussion_until)
      .bind(10, ev.call.amendment_until)
      .bind(11, ev.call.vote_until)
      .bind(12, static_cast<int64_t>(e.seq))
      .run();
}

Status apply_round_computed(StatementCache& q, const record::Event& e, const RoundComputed& ev) {
  const RoundFigures& f = ev.figures;
  TRY(q("UPDATE rounds SET computed_version = ? WHERE id = ?")
          .bind(1, f.version)
          .bind(2, f.round)
          .run());
  TRY(q("INSERT INTO round_computations(round, version, seq, time, economy_digest, economy_seq, "
        "weeks_per_year, base_labour_hours, freed_hours) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(1, f.round)
          .bind(2, f.version)
          .bind(3, static_cast<int64_t>(e.seq))
          .bind(4, e.time)
          .bind(5, f.economy_digest)
          .bind(6, f.economy_seq)
          .bind_double(7, f.weeks_per_year.value)
          .bind_double(8, f.base_labour_hours.value)
          .bind_double(9, f.freed_hours.value)
          .run());
  TRY(q("DELETE FROM round_alternatives WHERE round = ?").bind(1, f.round).run());
  TRY(q("DELETE FROM round_bottlenecks WHERE round = ?").bind(1, f.round).run());
  TRY(q("DELETE FROM round_workplaces WHERE round = ?").bind(1, f.round).run());
  const size_t k = f.alternatives.size();
  const size_t n = f.workplaces.size();
  std::vector<double> targets(n * k), hours(n * k);  // workplace-major
  for (size_t a = 0; a < k; ++a) {
    FigureAlternative alt = f.alternatives[a];
    double output = 0, labour = 0, workers = 0, capacity = 0, on_capacity = 0;
    for (size_t w = 0; w < n; ++w) {
      targets[w * k + a] = alt.targets.values[w];
      hours[w * k + a] = alt.hours.values[w];
      output += alt.targets.values[w];
      labour += alt.hours.values[w];
      workers += f.workers.values[w];
      if (f.capacity.values[w] > 0) {
        capacity += f.capacity.values[w];
        on_capacity += alt.targets.values[w];
      }
    }
    for (size_t b = 0; b < alt.bottlenecks.size(); ++b) {
      const FigureBottleneck& bn = alt.bottlenecks[b];
      TRY(q("INSERT INTO round_bottlenecks(round, alternative, idx, workplace, region, figure) "
            "VALUES(?, ?, ?, ?, ?, ?)")
              .bind(1, f.round)
              .bind(2, static_cast<int64_t>(a))
              .bind(3, static_cast<int64_t>(b))
              .bind(4, bn.workplace)
              .bind(5, bn.region)
              .bind(6, JsonCodec<FigureBottleneck>::write(bn).dump())
              .run());
    }
    const int64_t bottlenecks = static_cast<int64_t>(alt.bottlenecks.size());
    alt.targets.values.clear();
    alt.hours.values.clear();
    alt.bottlenecks.clear();
    TRY(q("INSERT INTO round_alternatives(round, idx, name, kind, feasible, figures, workplaces, "
          "output_target, labour_hours, workers, capacity, on_capacity, bottlenecks) "
          "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, f.round)
            .bind(2, static_cast<int64_t>(a))
            .bind(3, alt.name)
            .bind(4, alt.kind)
            .bind(5, alt.feasible ? 1 : 0)
            .bind(6, JsonCodec<FigureAlternative>::write(alt).dump())
            .bind(7, static_cast<int64_t>(n))
            .bind_double(8, output)
            .bind_double(9, labour)
            .bind_double(10, workers)
            .bind_double(11, capacity)
            .bind_double(12, on_capacity)
            .bind(13, bottlenecks)
            .run());
  }
  for (size_t w = 0; w < n; ++w) {
    TRY(q("INSERT INTO round_workplaces(round, workplace, idx, product, capacity, workers, "
          "targets, hours) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, f.round)
            .bind(2, f.workplaces[w])
            .bind(3, static_cast<int64_t>(w))
            .bind(4, f.products[w])
            .bind_double(5, f.capacity.values[w])
            .bind_double(6, f.workers.values[w])
            .bind(7, figures_text(targets, w * k, 1, k))
            .bind(8, figures_text(hours, w * k, 1, k))
            .run());
  }
  return {};
}

Status apply_round_amended(StatementCache& q, const record::Event& e, const RoundAmended& ev) {
  Statement& ins =
      q("INSERT INTO round_amendments(motion, round, body, workplace, target, changed, version, "
        "seq, time) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, ev.motion).bind(2, ev.round).bind(3, ev.body).bind(4, ev.workplace);
  if (ev.target) {
    ins.bind_double(5, ev.target->value);
  } else {
    ins.bind_null(5);
  }
  TRY(ins.bind(6, Json(ev.changed).dump())
          .bind(7, ev.version)
          .bind(8, static_cast<int64_t>(e.seq))
          .bind(9, e.time)
          .run());
  if (ev.target) {
    TRY(q("INSERT OR REPLACE INTO round_targets(round, workplace, target) VALUES(?, ?, ?)")
            .bind(1, ev.round)
            .bind(2, ev.workplace)
            .bind_double(3, ev.target->value)
            .run());
  }
  return q("UPDATE rounds SET version = ? WHERE id = ?")
      .bind(1, ev.version)
      .bind(2, ev.round)
      .run();
}

Status apply_round_ballot_cast(StatementCache& q, const RoundBallotCast& ev) {
  TRY(q("INSERT INTO round_voters(round, vote, member) VALUES(?, ?, ?)")
          .bind(1, ev.round)
          .bind(2, ev.vote)
          .bind(3, ev.member)
          .run());
  // Counted here: a page would otherwise count millions of rows at each read.
  return q("UPDATE rounds SET voters = voters + 1 WHERE id = ?").bind(1, ev.round).run();
}

Status apply_round_closed(StatementCache& q, BallotBox& box, const record::Event& e,
                          const RoundClosed& ev) {
  Statement& alts = q("SELECT alternatives FROM rounds WHERE id = ?");
  alts.bind(1, ev.round);
  if (!TRY(alts.step())) {
    alts.reset();
    return corrupt(fmt::format("round.closed of an unknown round {}", ev.round), "/payload/round");
  }
  auto names = parse_json(alts.column_text(0));
  alts.reset();
  const size_t k = names.ok() && names->is_array() ? names->size() : 0;
  std::string ranking;
  for (size_t i = 0; i < ev.order.size(); ++i)
    ranking += (i ? " " : "") + std::to_string(ev.order[i]);
  TRY(q("INSERT INTO round_results(round, vote, seq, time, outcome, adopted, reason, ballots, "
        "prefer, ranking, sheet) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(1, ev.round)
          .bind(2, ev.vote)
          .bind(3, static_cast<int64_t>(e.seq))
          .bind(4, e.time)
          .bind(5, ev.outcome)
          .bind(6, static_cast<int64_t>(ev.adopted))
          .bind(7, ev.reason)
          .bind(8, ev.ballots)
          .bind(9, ints_text(ev.prefer))
          .bind(10, ranking)
          .bind(11, ev.sheet.dump())
          .run());
  for (const auto& [workplace, ballots] : ev.published) {
    int64_t total = 0;
    for (const auto& [text, count] : ballots) total += count;
    TRY(q("INSERT INTO round_tallies(round, vote, workplace, ballots, prefer, published) "
          "VALUES(?, ?, ?, ?, ?, ?)")
            .bind(1, ev.round)
            .bind(2, ev.vote)
            .bind(3, workplace)
            .bind(4, total)
            .bind(5, ints_text(pairwise_of(ballots, k)))
            .bind(6, Json(ballots).dump())
            .run());
  }
  TRY(box.discard(q, ev.round));
  if (ev.amendment_until && ev.vote_until) {
    // Back to amendment from the close: the discussion is over at the close, so that the
    // schedule's lengths (amendment_seconds) stay the call's, cycle after cycle.
    return q("UPDATE rounds SET discussion_until = ?, amendment_until = ?, vote_until = ?, "
             "vote = vote + 1, voters = 0 WHERE id = ?")
        .bind(1, e.time)
        .bind(2, *ev.amendment_until)
        .bind(3, *ev.vote_until)
        .bind(4, ev.round)
        .run();
  }
  return {};
}

Status apply_round_adopted(StatementCache& q, const record::Event& e, const RoundAdopted& ev) {
  TRY(q("UPDATE rounds SET state = 'adopted', adopted = (SELECT adopted FROM round_results r "
        "WHERE r.round = rounds.id ORDER BY vote DESC LIMIT 1) WHERE id = ?")
          .bind(1, ev.round)
          .run());
  if (ev.products.size() != ev.workplaces.size() ||
      ev.targets.values.size() != ev.workplaces.size()) {
    return corrupt("one product and one target per workplace", "/payload/targets");
  }
  for (size_t w = 0; w < ev.workplaces.size(); ++w) {
    TRY(q("INSERT INTO workplace_targets(workplace, round, period, product, target, seq) "
          "VALUES(?, ?, ?, ?, ?, ?)")
            .bind(1, ev.workplaces[w])
            .bind(2, ev.round)
            .bind(3, ev.period)
            .bind(4, ev.products[w])
            .bind_double(5, ev.targets.values[w])
            .bind(6, static_cast<int64_t>(e.seq))
            .run());
  }
  return {};
}

// ---- the registry view's reads ----

namespace {

bool next(Statement& q) {
  auto row = q.step();
  return row.ok() && *row;
}

constexpr const char* kRoundColumns =
    "id, motion, body, text, call, alternatives, called, discussion_until, amendment_until, "
    "vote_until, version, computed_version, vote, state, adopted";

Round read_round(const Statement& q) {
  Round r;
  r.id = q.column_text(0);
  r.motion = q.column_text(1);
  r.body = q.column_text(2);
  r.text = q.column_text(3);
  if (auto j = parse_json(q.column_text(4)); j.ok()) {
    if (auto c = read_json<RoundCall>(*j, "/call"); c.ok()) r.call = std::move(*c);
  }
  if (auto j = parse_json(q.column_text(5)); j.ok() && j->is_array()) {
    r.alternatives = j->get<std::vector<std::string>>();
  }
  r.called = q.column_text(6);
  r.call.discussion_until = q.column_text(7);
  r.call.amendment_until = q.column_text(8);
  r.call.vote_until = q.column_text(9);
  r.version = q.column_int(10);
  r.computed_version = q.column_int(11);
  r.vote = q.column_int(12);
  r.state = q.column_text(13);
  r.adopted = static_cast<int32_t>(q.column_int(14));
  return r;
}

}  // namespace

std::optional<Round> SqlRegistry::round(std::string_view id) const {
  static const std::string sql = fmt::format("SELECT {} FROM rounds WHERE id = ?", kRoundColumns);
  Statement& q = cache_(sql.c_str());
  q.bind(1, id);
  std::optional<Round> out;
  if (next(q)) out = read_round(q);
  q.reset();
  return out;
}

std::optional<Round> SqlRegistry::open_round() const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM rounds WHERE state = 'open' ORDER BY seq DESC LIMIT 1", kRoundColumns);
  Statement& q = cache_(sql.c_str());
  std::optional<Round> out;
  if (next(q)) out = read_round(q);
  q.reset();
  return out;
}

bool SqlRegistry::has_voted_round(std::string_view round, int64_t vote,
                                  std::string_view member) const {
  Statement& q = cache_("SELECT 1 FROM round_voters WHERE round = ? AND vote = ? AND member = ?");
  q.bind(1, round).bind(2, vote).bind(3, member);
  bool out = next(q);
  q.reset();
  return out;
}

int64_t SqlRegistry::economy_seq() const {
  Statement& q = cache_(
      "SELECT MAX(COALESCE((SELECT seq FROM economy), 0), "
      "COALESCE((SELECT MAX(seq) FROM economy_changes), 0))");
  int64_t out = next(q) ? q.column_int(0) : 0;
  q.reset();
  return out;
}

std::vector<SealedBallot> SqlRegistry::round_ballots(std::string_view round) const {
  return BallotBox::ballots(cache_, round);
}

std::vector<RoundWorkplaceTarget> SqlRegistry::round_targets(std::string_view round,
                                                             int32_t alternative) const {
  Statement& q = cache_(
      "SELECT workplace, product, targets FROM round_workplaces WHERE round = ? ORDER BY idx");
  q.bind(1, round);
  std::vector<RoundWorkplaceTarget> out;
  while (next(q)) {
    RoundWorkplaceTarget t{std::string(q.column_text(0)), std::string(q.column_text(1)), 0};
    std::istringstream in{std::string(q.column_text(2))};
    std::string figure;
    for (int32_t a = 0; a <= alternative && (in >> figure); ++a) {
      if (a == alternative) t.target = parse_decimal(figure).value_or(0);
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace collegium::federation
