// Carrying out the plan (execution.h): what its events leave in the projection, and the
// registry view's reads of them. The forecaster's states are kept as the record writes them
// (format_decimal, separated by spaces), so they read back bit for bit.
#include "federation/execution_projection.h"

#include <fmt/format.h>

#include <sstream>

namespace collegium::federation {

using store::Statement;

store::Migration execution_migration() {
  return {"federation/execution-1", R"sql(
    -- Each adopted plan, fixed at its adoption: the latest is the one carried out.
    CREATE TABLE plan_executions(round TEXT PRIMARY KEY, period_name TEXT NOT NULL,
                                 start TEXT NOT NULL, period_seconds INTEGER NOT NULL,
                                 periods INTEGER NOT NULL, seq INTEGER NOT NULL) STRICT;
    -- The members a workplace's committee named to file its reports.
    CREATE TABLE plan_reporters(workplace TEXT NOT NULL, member TEXT NOT NULL,
                           PRIMARY KEY(workplace, member)) STRICT, WITHOUT ROWID;
    CREATE TABLE plan_reports(id TEXT PRIMARY KEY, round TEXT NOT NULL, workplace TEXT NOT NULL,
                         period INTEGER NOT NULL, product TEXT NOT NULL, figures TEXT NOT NULL,
                         output REAL NOT NULL, filed_by TEXT NOT NULL, filed TEXT NOT NULL,
                         corrects TEXT NOT NULL, superseded INTEGER NOT NULL,
                         confirmed_by TEXT NOT NULL, confirmed TEXT NOT NULL,
                         seq INTEGER NOT NULL) STRICT;
    CREATE INDEX plan_reports_workplace ON plan_reports(workplace, round, period, seq);
    -- Each classified period of a workplace's series in a plan: the confirmed figure's
    -- reading, and the forecaster's state before and after it.
    CREATE TABLE plan_readings(round TEXT NOT NULL, workplace TEXT NOT NULL, period INTEGER NOT NULL,
                          report TEXT NOT NULL, kind TEXT NOT NULL, direction TEXT NOT NULL,
                          cause TEXT NOT NULL, target REAL NOT NULL, actual REAL NOT NULL,
                          reading TEXT NOT NULL, before TEXT NOT NULL, state TEXT NOT NULL,
                          seq INTEGER NOT NULL, time TEXT NOT NULL,
                          PRIMARY KEY(round, workplace, period)) STRICT, WITHOUT ROWID;
    CREATE TABLE plan_signals(id TEXT PRIMARY KEY, round TEXT NOT NULL, workplace TEXT NOT NULL,
                         product TEXT NOT NULL, report TEXT NOT NULL, period INTEGER NOT NULL,
                         kind TEXT NOT NULL, direction TEXT NOT NULL, cause TEXT NOT NULL,
                         reading TEXT NOT NULL, level INTEGER NOT NULL, body TEXT NOT NULL,
                         state TEXT NOT NULL, acknowledge_by TEXT NOT NULL,
                         decide_by TEXT NOT NULL, raised TEXT NOT NULL,
                         seq INTEGER NOT NULL) STRICT;
    CREATE INDEX plan_signals_workplace ON plan_signals(workplace, state);
    CREATE INDEX plan_signals_body ON plan_signals(body, state);
    CREATE INDEX plan_signals_due ON plan_signals(state, decide_by);
    -- Targets revised by a workplace's committee and its union body together.
    CREATE TABLE plan_revisions(seq INTEGER PRIMARY KEY, round TEXT NOT NULL,
                                workplace TEXT NOT NULL, before REAL NOT NULL,
                                target REAL NOT NULL, from_period INTEGER NOT NULL,
                                motions TEXT NOT NULL, time TEXT NOT NULL) STRICT;
    CREATE INDEX plan_revisions_workplace ON plan_revisions(workplace, seq);
    -- A signal's history: raised, worsened, acknowledged, escalated, resolved.
    CREATE TABLE plan_signal_steps(signal TEXT NOT NULL, seq INTEGER NOT NULL, time TEXT NOT NULL,
                              step TEXT NOT NULL, body TEXT NOT NULL, actor TEXT NOT NULL,
                              text TEXT NOT NULL, ref TEXT NOT NULL,
                              PRIMARY KEY(signal, seq)) STRICT, WITHOUT ROWID;
  )sql"};
}

store::Migration execution_indicators_migration() {
  return {"federation/execution-2", R"sql(
    -- Each indicator of a workplace is a series of its own: '' its output, else
    -- 'hours/<category>' or 'inputs/<product>' (execution.h's IndicatorReading).
    CREATE TABLE plan_readings_2(round TEXT NOT NULL, workplace TEXT NOT NULL,
                          indicator TEXT NOT NULL, period INTEGER NOT NULL,
                          report TEXT NOT NULL, kind TEXT NOT NULL, direction TEXT NOT NULL,
                          cause TEXT NOT NULL, target REAL NOT NULL, actual REAL NOT NULL,
                          reading TEXT NOT NULL, before TEXT NOT NULL, state TEXT NOT NULL,
                          seq INTEGER NOT NULL, time TEXT NOT NULL,
                          PRIMARY KEY(round, workplace, indicator, period)) STRICT, WITHOUT ROWID;
    INSERT INTO plan_readings_2 SELECT round, workplace, '', period, report, kind, direction,
        cause, target, actual, reading, before, state, seq, time FROM plan_readings;
    DROP TABLE plan_readings;
    ALTER TABLE plan_readings_2 RENAME TO plan_readings;
    ALTER TABLE plan_signals ADD COLUMN indicator TEXT NOT NULL DEFAULT '';
  )sql"};
}

std::vector<std::string> execution_tables() {
  return {"plan_executions", "plan_reporters",    "plan_reports",  "plan_readings",
          "plan_signals",    "plan_signal_steps", "plan_revisions"};
}

namespace {

bool next(Statement& q) {
  auto row = q.step();
  return row.ok() && *row;
}

std::string decimals_text(const std::vector<double>& v) {
  std::string out;
  for (size_t k = 0; k < v.size(); ++k) {
    if (k) out += ' ';
    out += format_decimal(v[k]);
  }
  return out;
}

std::vector<double> decimals_of(std::string_view text) {
  std::vector<double> out;
  std::istringstream in{std::string(text)};
  std::string figure;
  while (in >> figure) out.push_back(parse_decimal(figure).value_or(0));
  return out;
}

// The round whose plan is carried out now ('' before any adoption).
constexpr const char* kCurrentRound =
    "COALESCE((SELECT round FROM plan_executions ORDER BY seq DESC LIMIT 1), '')";

Status step(StatementCache& q, const record::Event& e, std::string_view signal,
            std::string_view what, std::string_view body, std::string_view actor,
            std::string_view text, std::string_view ref) {
  return q("INSERT INTO plan_signal_steps(signal, seq, time, step, body, actor, text, ref) "
           "VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, signal)
      .bind(2, static_cast<int64_t>(e.seq))
      .bind(3, e.time)
      .bind(4, what)
      .bind(5, body)
      .bind(6, actor)
      .bind(7, text)
      .bind(8, ref)
      .run();
}

}  // namespace

Status apply_plan_adopted(StatementCache& q, const record::Event& e, const RoundAdopted& ev) {
  Statement& c = q("SELECT json FROM constitution WHERE id = 1");
  Constitution constitution;
  if (next(c)) {
    auto j = parse_json(c.column_text(0));
    if (j.ok()) {
      if (auto read = constitution_from_json(*j, ""); read.ok()) constitution = *read;
    }
  }
  c.reset();
  Statement& w = q("SELECT weeks_per_year FROM economy WHERE id = 1");
  const double weeks = next(w) ? w.column_double(0) : 52;
  w.reset();
  const int64_t year = static_cast<int64_t>(weeks * 7 * 86400);
  const int64_t periods = std::max<int64_t>(1, year / constitution.report_period_seconds);
  return q("INSERT INTO plan_executions(round, period_name, start, period_seconds, periods, seq) "
           "VALUES(?, ?, ?, ?, ?, ?)")
      .bind(1, ev.round)
      .bind(2, ev.period)
      .bind(3, e.time)
      .bind(4, constitution.report_period_seconds)
      .bind(5, periods)
      .bind(6, static_cast<int64_t>(e.seq))
      .run();
}

Status apply_reporters_named(StatementCache& q, const ReportersNamed& ev) {
  TRY(q("DELETE FROM plan_reporters WHERE workplace = ?").bind(1, ev.workplace).run());
  for (const auto& m : ev.members) {
    TRY(q("INSERT INTO plan_reporters(workplace, member) VALUES(?, ?)")
            .bind(1, ev.workplace)
            .bind(2, m)
            .run());
  }
  return {};
}

Status apply_report_filed(StatementCache& q, const record::Event& e, const ReportFiled& ev) {
  if (!ev.corrects.empty()) {
    TRY(q("UPDATE plan_reports SET superseded = 1 WHERE id = ?").bind(1, ev.corrects).run());
  }
  auto output = ev.figures.output.find(ev.product);
  static const std::string sql = fmt::format(
      "INSERT INTO plan_reports(id, round, workplace, period, product, figures, output, filed_by, "
      "filed, corrects, superseded, confirmed_by, confirmed, seq) "
      "VALUES(?, {}, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', '', ?)",
      kCurrentRound);
  return q(sql.c_str())
      .bind(1, ev.id)
      .bind(2, ev.workplace)
      .bind(3, ev.period)
      .bind(4, ev.product)
      .bind(5, JsonCodec<ReportFigures>::write(ev.figures).dump())
      .bind_double(6, output == ev.figures.output.end() ? 0 : output->second.value)
      .bind(7, ev.filed_by)
      .bind(8, e.time)
      .bind(9, ev.corrects)
      .bind(10, static_cast<int64_t>(e.seq))
      .run();
}

namespace {

// One indicator's reading of a confirmed report.
Status apply_reading(StatementCache& q, const record::Event& e, const ReportConfirmed& ev,
                     std::string_view indicator, const ReportReading& r,
                     const std::vector<double>& state) {
  // The state before this period: kept when the period is classified again (a correction),
  // else the state after the series' latest period.
  static const std::string before_sql = fmt::format(
      "SELECT COALESCE((SELECT before FROM plan_readings WHERE round = {0} AND workplace = ?1 AND "
      "indicator = ?3 AND period = ?2), (SELECT state FROM plan_readings WHERE round = {0} AND "
      "workplace = ?1 AND indicator = ?3 ORDER BY period DESC LIMIT 1), '')",
      kCurrentRound);
  Statement& b = q(before_sql.c_str());
  b.bind(1, ev.workplace).bind(2, ev.period).bind(3, indicator);
  std::string before = next(b) ? std::string(b.column_text(0)) : std::string();
  b.reset();
  static const std::string sql = fmt::format(
      "INSERT OR REPLACE INTO plan_readings(round, workplace, indicator, period, report, kind, "
      "direction, cause, target, actual, reading, before, state, seq, time) "
      "VALUES({}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      kCurrentRound);
  return q(sql.c_str())
      .bind(1, ev.workplace)
      .bind(2, indicator)
      .bind(3, ev.period)
      .bind(4, ev.report)
      .bind(5, r.kind)
      .bind(6, r.direction)
      .bind(7, r.cause)
      .bind_double(8, r.target.value)
      .bind_double(9, r.actual.value)
      .bind(10, JsonCodec<ReportReading>::write(r).dump())
      .bind(11, before)
      .bind(12, decimals_text(state))
      .bind(13, static_cast<int64_t>(e.seq))
      .bind(14, e.time)
      .run();
}

}  // namespace

Status apply_report_confirmed(StatementCache& q, const record::Event& e,
                              const ReportConfirmed& ev) {
  TRY(q("UPDATE plan_reports SET confirmed_by = ?, confirmed = ? WHERE id = ?")
          .bind(1, ev.by)
          .bind(2, e.time)
          .bind(3, ev.report)
          .run());
  TRY(apply_reading(q, e, ev, "", ev.reading, ev.state.values));
  for (const IndicatorReading& i : ev.indicators) {
    TRY(apply_reading(q, e, ev, i.indicator, i.reading, i.state.values));
  }
  return {};
}

Status apply_signal_raised(StatementCache& q, const record::Event& e, const SignalRaised& ev) {
  static const std::string sql = fmt::format(
      "INSERT INTO plan_signals(id, round, workplace, product, report, period, kind, direction, "
      "cause, reading, level, body, state, acknowledge_by, decide_by, raised, seq, indicator) "
      "VALUES(?, {}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'raised', ?, ?, ?, ?, ?)",
      kCurrentRound);
  TRY(q(sql.c_str())
          .bind(1, ev.id)
          .bind(2, ev.workplace)
          .bind(3, ev.product)
          .bind(4, ev.report)
          .bind(5, ev.period)
          .bind(6, ev.reading.kind)
          .bind(7, ev.reading.direction)
          .bind(8, ev.reading.cause)
          .bind(9, JsonCodec<ReportReading>::write(ev.reading).dump())
          .bind(10, ev.level)
          .bind(11, ev.body)
          .bind(12, ev.acknowledge_by)
          .bind(13, ev.decide_by)
          .bind(14, e.time)
          .bind(15, static_cast<int64_t>(e.seq))
          .bind(16, ev.indicator)
          .run());
  return step(q, e, ev.id, "raised", ev.body, "", ev.reading.kind, ev.report);
}

Status apply_signal_worsened(StatementCache& q, const record::Event& e, const SignalWorsened& ev) {
  TRY(q("UPDATE plan_signals SET kind = ?, cause = ?, reading = ? WHERE id = ?")
          .bind(1, ev.reading.kind)
          .bind(2, ev.reading.cause)
          .bind(3, JsonCodec<ReportReading>::write(ev.reading).dump())
          .bind(4, ev.signal)
          .run());
  Statement& b = q("SELECT body FROM plan_signals WHERE id = ?");
  b.bind(1, ev.signal);
  std::string body = next(b) ? std::string(b.column_text(0)) : std::string();
  b.reset();
  return step(q, e, ev.signal, "worsened", body, "", ev.reading.kind, ev.report);
}

Status apply_signal_acknowledged(StatementCache& q, const record::Event& e,
                                 const SignalAcknowledged& ev) {
  TRY(q("UPDATE plan_signals SET state = 'acknowledged' WHERE id = ?").bind(1, ev.signal).run());
  return step(q, e, ev.signal, "acknowledged", ev.body, ev.by, ev.note, "");
}

Status apply_signal_resolved(StatementCache& q, const record::Event& e, const SignalResolved& ev) {
  TRY(q("UPDATE plan_signals SET state = 'resolved' WHERE id = ?").bind(1, ev.signal).run());
  return step(q, e, ev.signal, "resolved", ev.body, ev.by, ev.note, ev.motion);
}

Status apply_signal_escalated(StatementCache& q, const record::Event& e,
                              const SignalEscalated& ev) {
  TRY(q("UPDATE plan_signals SET state = 'raised', level = ?, body = ?, acknowledge_by = ?, "
        "decide_by = ? WHERE id = ?")
          .bind(1, ev.level)
          .bind(2, ev.body)
          .bind(3, ev.acknowledge_by)
          .bind(4, ev.decide_by)
          .bind(5, ev.signal)
          .run());
  return step(q, e, ev.signal, "escalated", ev.body, "", ev.reason, ev.from);
}

Status apply_target_revised(StatementCache& q, const record::Event& e, const TargetRevised& ev) {
  TRY(q("UPDATE workplace_targets SET target = ? WHERE workplace = ? AND round = ?")
          .bind_double(1, ev.target.value)
          .bind(2, ev.workplace)
          .bind(3, ev.round)
          .run());
  std::string motions;
  for (const auto& m : ev.motions) motions += (motions.empty() ? "" : " ") + m;
  return q("INSERT INTO plan_revisions(seq, round, workplace, before, target, from_period, "
           "motions, time) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, static_cast<int64_t>(e.seq))
      .bind(2, ev.round)
      .bind(3, ev.workplace)
      .bind_double(4, ev.before.value)
      .bind_double(5, ev.target.value)
      .bind(6, ev.from_period)
      .bind(7, motions)
      .bind(8, e.time)
      .run();
}

// ---- the registry view's reads ----

std::optional<PlanExecution> SqlRegistry::plan_in_execution() const {
  Statement& q = cache_(
      "SELECT round, period_name, start, period_seconds, periods FROM plan_executions "
      "ORDER BY seq DESC LIMIT 1");
  std::optional<PlanExecution> out;
  if (next(q)) {
    out = PlanExecution{std::string(q.column_text(0)), std::string(q.column_text(1)),
                        std::string(q.column_text(2)), q.column_int(3), q.column_int(4)};
  }
  q.reset();
  return out;
}

std::optional<PlanTarget> SqlRegistry::workplace_target(std::string_view workplace,
                                                        int64_t period) const {
  // Before a revision's first period the target is what that revision started from.
  static const std::string sql = fmt::format(
      "SELECT t.round, t.product, COALESCE((SELECT r.before FROM plan_revisions r WHERE "
      "r.workplace = t.workplace AND r.round = t.round AND r.from_period > ?2 "
      "ORDER BY r.from_period, r.seq LIMIT 1), t.target) "
      "FROM workplace_targets t WHERE t.workplace = ?1 AND t.round = {}",
      kCurrentRound);
  Statement& q = cache_(sql.c_str());
  q.bind(1, workplace).bind(2, period);
  std::optional<PlanTarget> out;
  if (next(q)) {
    out = PlanTarget{std::string(q.column_text(0)), std::string(q.column_text(1)),
                     q.column_double(2)};
  }
  q.reset();
  return out;
}

bool SqlRegistry::is_reporter(std::string_view workplace, std::string_view member) const {
  Statement& q = cache_("SELECT 1 FROM plan_reporters WHERE workplace = ? AND member = ?");
  q.bind(1, workplace).bind(2, member);
  bool out = next(q);
  q.reset();
  return out;
}

namespace {

constexpr const char* kReportColumns =
    "id, workplace, product, filed_by, confirmed_by, corrects, filed, period, figures, "
    "superseded, round";

Report read_report(const Statement& q) {
  Report r;
  r.id = q.column_text(0);
  r.workplace = q.column_text(1);
  r.product = q.column_text(2);
  r.filed_by = q.column_text(3);
  r.confirmed_by = q.column_text(4);
  r.corrects = q.column_text(5);
  r.filed = q.column_text(6);
  r.period = q.column_int(7);
  if (auto j = parse_json(q.column_text(8)); j.ok()) {
    if (auto f = read_json<ReportFigures>(*j, "/figures"); f.ok()) r.figures = std::move(*f);
  }
  r.superseded = q.column_int(9) != 0;
  r.round = q.column_text(10);
  r.confirmed = !r.confirmed_by.empty();
  return r;
}

constexpr const char* kSignalColumns =
    "id, workplace, product, kind, direction, cause, period, level, body, state, "
    "acknowledge_by, decide_by, indicator";

Signal read_signal(const Statement& q) {
  Signal s;
  s.id = q.column_text(0);
  s.workplace = q.column_text(1);
  s.product = q.column_text(2);
  s.kind = q.column_text(3);
  s.direction = q.column_text(4);
  s.cause = q.column_text(5);
  s.period = q.column_int(6);
  s.level = static_cast<int32_t>(q.column_int(7));
  s.body = q.column_text(8);
  s.state = q.column_text(9);
  s.acknowledge_by = q.column_text(10);
  s.decide_by = q.column_text(11);
  s.indicator = q.column_text(12);
  return s;
}

template <class T, class Read>
std::optional<T> one(Statement& q, Read read) {
  std::optional<T> out;
  if (next(q)) out = read(q);
  q.reset();
  return out;
}

}  // namespace

std::optional<Report> SqlRegistry::report(std::string_view id) const {
  static const std::string sql =
      fmt::format("SELECT {} FROM plan_reports WHERE id = ?", kReportColumns);
  return one<Report>(cache_(sql.c_str()).bind(1, id), read_report);
}

std::optional<Report> SqlRegistry::latest_report(std::string_view workplace, int64_t period) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM plan_reports WHERE workplace = ? AND round = {} AND period = ? "
      "ORDER BY seq DESC LIMIT 1",
      kReportColumns, kCurrentRound);
  return one<Report>(cache_(sql.c_str()).bind(1, workplace).bind(2, period), read_report);
}

std::optional<SeriesState> SqlRegistry::series_state(std::string_view workplace,
                                                     std::string_view indicator) const {
  static const std::string sql = fmt::format(
      "SELECT period, state, before FROM plan_readings WHERE round = {} AND workplace = ? "
      "AND indicator = ? ORDER BY period DESC LIMIT 1",
      kCurrentRound);
  return one<SeriesState>(cache_(sql.c_str()).bind(1, workplace).bind(2, indicator),
                          [](const Statement& r) {
                            return SeriesState{r.column_int(0), decimals_of(r.column_text(1)),
                                               decimals_of(r.column_text(2))};
                          });
}

PlannedUse SqlRegistry::planned_use(std::string_view workplace) const {
  PlannedUse out;
  // Hours by category, and the workplace's own inputs, else its product's column of the
  // technology (as the planning engine reads them).
  Statement& q = cache_(R"sql(
      SELECT 'hours/' || category, hours FROM economy_workplace_hours WHERE workplace = ?1
      UNION ALL
      SELECT 'inputs/' || p.id, i.coefficient FROM economy_workplace_inputs i
        JOIN economy_products p ON p.idx = i.input WHERE i.workplace = ?1
      UNION ALL
      SELECT 'inputs/' || p.id, c.coefficient FROM economy_workplaces w
        JOIN economy_technology c ON c.product = w.product
        JOIN economy_products p ON p.idx = c.input
        WHERE w.id = ?1
          AND NOT EXISTS (SELECT 1 FROM economy_workplace_inputs i WHERE i.workplace = ?1)
  )sql");
  q.bind(1, workplace);
  while (next(q)) out[std::string(q.column_text(0))] += q.column_double(1);
  q.reset();
  return out;
}

std::optional<Signal> SqlRegistry::signal(std::string_view id) const {
  static const std::string sql =
      fmt::format("SELECT {} FROM plan_signals WHERE id = ?", kSignalColumns);
  return one<Signal>(cache_(sql.c_str()).bind(1, id), read_signal);
}

std::optional<Signal> SqlRegistry::open_signal(std::string_view workplace,
                                               std::string_view indicator,
                                               std::string_view direction) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM plan_signals WHERE workplace = ? AND state != 'resolved' AND indicator = ? "
      "AND direction = ? ORDER BY seq DESC LIMIT 1",
      kSignalColumns);
  return one<Signal>(cache_(sql.c_str()).bind(1, workplace).bind(2, indicator).bind(3, direction),
                     read_signal);
}

std::optional<Body> SqlRegistry::signal_body(std::string_view workplace, int32_t level) const {
  if (level == 0) return workplace_committee(workplace);
  if (level < 0 || level > kTopSignalLevel) return std::nullopt;
  // The union body of the workplace's branch: in its region first, else the branch's body
  // for every region.
  Statement& q = level == 1 ? cache_(
                                  "SELECT b.id FROM bodies b JOIN workplaces w ON w.id = ? "
                                  "WHERE b.kind = 'union' AND b.branch != '' AND "
                                  "b.branch = w.branch AND (b.region = '' OR b.region = w.region) "
                                  "ORDER BY b.region = w.region DESC, b.seq LIMIT 1")
                                  .bind(1, workplace)
                            : cache_(
                                  "SELECT id FROM bodies WHERE kind = 'council' "
                                  "ORDER BY seq LIMIT 1");
  auto id = one<std::string>(q, [](const Statement& r) { return std::string(r.column_text(0)); });
  return id ? body(*id) : std::nullopt;
}

}  // namespace collegium::federation
