#include "federation/read_execution.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "federation/read_common.h"

namespace collegium::federation {

using reads::body_name;
using reads::check_page;
using reads::member_name;
using store::Statement;

namespace {

// The most periods a workplace's page lists: the latest ones.
constexpr int64_t kListedPeriods = 104;
// The most uses a signal's consequences list: the largest cuts.
constexpr size_t kListedUses = 20;

std::optional<PlanExecutionView> plan_view(Federation& fed, std::string_view now) {
  auto plan = fed.registry().plan_in_execution();
  if (!plan) return std::nullopt;
  return PlanExecutionView{plan->round,          plan->period_name, plan->start,
                           plan->period_seconds, plan->periods,     period_at(*plan, now)};
}

std::string workplace_name(const RegistryView& r, std::string_view id) {
  auto w = r.workplace(id);
  return w ? w->name : std::string(id);
}

bool overdue(const SignalSummary& s, std::string_view now) {
  if (s.state == "resolved") return false;
  return (s.state == "raised" && s.acknowledge_by <= now) || s.decide_by <= now;
}

// The economy's name of an `indicator` column's input ('' for output and hours).
constexpr std::string_view kInputName =
    "COALESCE((SELECT name FROM economy_products p WHERE indicator LIKE 'inputs/%' AND "
    "p.id = substr(indicator, 8)), '')";

const std::string kSummaryColumns = fmt::format(
    "id, workplace, product, kind, direction, cause, period, level, body, state, raised, "
    "acknowledge_by, decide_by, reading, round, indicator, {}",
    kInputName);

// An indicator in words: "Crushed stone used" (the input's name in the economy, else its
// id), "production hours"; empty for the output.
std::string indicator_words(std::string_view indicator, std::string_view input_name) {
  const auto [group, key] = split_indicator(indicator);
  if (group == "hours") return std::string(key) + " hours";
  if (indicator.empty()) return {};
  return std::string(input_name.empty() ? key : input_name) + " used";
}

SignalSummary read_summary(const RegistryView& r, const Statement& q, std::string_view now) {
  SignalSummary s;
  s.id = q.column_text(0);
  s.workplace = q.column_text(1);
  s.workplace_name = workplace_name(r, s.workplace);
  s.product = q.column_text(2);
  s.kind = q.column_text(3);
  s.direction = q.column_text(4);
  s.cause = q.column_text(5);
  s.period = q.column_int(6);
  s.level = static_cast<int32_t>(q.column_int(7));
  s.body = q.column_text(8);
  s.body_name = body_name(r, s.body);
  s.state = q.column_text(9);
  s.raised = q.column_text(10);
  s.acknowledge_by = q.column_text(11);
  s.decide_by = q.column_text(12);
  s.indicator = q.column_text(15);
  s.indicator_name = indicator_words(s.indicator, q.column_text(16));
  s.overdue = overdue(s, now);
  return s;
}

Result<ReportReading> reading_of(std::string_view text) {
  return read_json<ReportReading>(TRY(parse_json(text)), "/reading");
}

}  // namespace

Result<WorkplaceFulfilment> read_workplace_fulfilment(Federation& fed, std::string_view workplace,
                                                      std::string_view now) {
  const RegistryView& reg = fed.registry();
  auto w = reg.workplace(workplace);
  if (!w) return not_found(fmt::format("no workplace {}", workplace), "id");
  WorkplaceFulfilment out;
  out.workplace = w->id;
  out.workplace_name = w->name;
  if (auto c = reg.workplace_committee(w->id)) out.committee = c->id;
  {
    auto q = TRY(fed.store().db().prepare(
        "SELECT member FROM plan_reporters WHERE workplace = ? ORDER BY member"));
    q.bind(1, w->id);
    out.reporters = TRY(reads::first_column(q));
  }
  auto plan = reg.plan_in_execution();
  out.plan = plan_view(fed, now);
  auto target = reg.workplace_target(w->id, kLatestTarget);
  if (!plan || !target) return out;
  out.product = target->product;
  out.yearly_target = target->target;
  {
    auto name = TRY(fed.store().db().prepare("SELECT name FROM economy_products WHERE id = ?"));
    for (const auto& [indicator, per_unit] : reg.planned_use(w->id)) {
      if (!(per_unit > 0)) continue;
      std::string input_name;
      if (const auto [group, key] = split_indicator(indicator); group == "inputs") {
        name.bind(1, key);
        if (TRY(name.step())) input_name = name.column_text(0);
        name.reset();
      }
      out.planned_use.push_back({indicator, indicator_words(indicator, input_name), per_unit});
    }
  }
  {
    auto rq = TRY(fed.store().db().prepare(
        "SELECT from_period, before, target, motions, time FROM plan_revisions "
        "WHERE workplace = ? AND round = ? ORDER BY seq"));
    rq.bind(1, w->id).bind(2, plan->round);
    while (TRY(rq.step())) {
      TargetRevisionView v{rq.column_int(0),
                           rq.column_double(1),
                           rq.column_double(2),
                           {},
                           std::string(rq.column_text(4))};
      std::istringstream motions{std::string(rq.column_text(3))};
      for (std::string m; motions >> m;) v.motions.push_back(m);
      out.revisions.push_back(std::move(v));
    }
  }
  // A period's yearly target: the one in force from that period on.
  auto yearly = [&](int64_t k) {
    double t = out.revisions.empty() ? target->target : out.revisions[0].before;
    for (const auto& r : out.revisions) {
      if (r.from_period <= k) t = r.target;
    }
    return t;
  };

  const int64_t last = std::min(out.plan->current_period, plan->periods);
  const int64_t first = std::max<int64_t>(1, last - kListedPeriods + 1);
  std::map<int64_t, FulfilmentPeriod> periods;
  for (int64_t k = first; k <= last; ++k) {
    FulfilmentPeriod p;
    p.period = k;
    p.start = period_start(*plan, k);
    p.end = period_end(*plan, k);
    p.target = yearly(k) / static_cast<double>(plan->periods);
    p.state = now < p.end ? "upcoming" : now < period_end(*plan, k + 1) ? "due" : "missing";
    periods.emplace(k, std::move(p));
  }
  auto q = TRY(fed.store().db().prepare(
      "SELECT period, id, output, confirmed_by FROM plan_reports WHERE workplace = ? AND round = ? "
      "AND superseded = 0 AND period >= ? ORDER BY period"));
  q.bind(1, w->id).bind(2, plan->round).bind(3, first);
  while (TRY(q.step())) {
    auto it = periods.find(q.column_int(0));
    if (it == periods.end()) continue;
    it->second.report = q.column_text(1);
    it->second.actual = q.column_double(2);
    it->second.state = q.column_text(3).empty() ? "filed" : "confirmed";
  }
  auto r = TRY(
      fed.store().db().prepare(fmt::format("SELECT period, indicator, reading, {} FROM "
                                           "plan_readings WHERE round = ? AND workplace = ? AND "
                                           "period >= ? ORDER BY indicator",
                                           kInputName)));
  r.bind(1, plan->round).bind(2, w->id).bind(3, first);
  while (TRY(r.step())) {
    auto it = periods.find(r.column_int(0));
    if (it == periods.end()) continue;
    ReportReading reading = TRY(reading_of(r.column_text(2)));
    if (r.column_text(1).empty()) {
      it->second.reading = std::move(reading);
    } else {
      it->second.indicators.push_back({std::string(r.column_text(1)),
                                       indicator_words(r.column_text(1), r.column_text(3)),
                                       std::move(reading)});
    }
  }
  for (auto& [k, p] : periods) out.periods.push_back(std::move(p));
  SignalFilter filter;
  filter.workplace = w->id;
  out.signals = TRY(list_signals(fed, filter, Page{0, kMaxPageLimit}, now)).signals;
  return out;
}

Result<PlanFulfilment> read_plan_fulfilment(Federation& fed, std::string_view branch,
                                            std::string_view region, std::string_view now) {
  const RegistryView& reg = fed.registry();
  if (!branch.empty() && !reg.branch(branch)) {
    return not_found(fmt::format("no branch {}", branch), "branch");
  }
  if (!region.empty() && !reg.region(region)) {
    return not_found(fmt::format("no region {}", region), "region");
  }
  PlanFulfilment out;
  out.branch = branch;
  out.region = region;
  out.plan = plan_view(fed, now);
  if (!out.plan) return out;
  constexpr const char* kWhere = "(?2 = '' OR w.branch = ?2) AND (?3 = '' OR w.region = ?3)";
  auto bind = [&](Statement& q) { q.bind(1, out.plan->round).bind(2, branch).bind(3, region); };
  {
    auto q = TRY(fed.store().db().prepare(fmt::format(
        "SELECT COUNT(*) FROM workplace_targets t JOIN workplaces w ON w.id = t.workplace "
        "WHERE t.round = ?1 AND {}",
        kWhere)));
    bind(q);
    out.workplaces = TRY(reads::single_int(q));
  }
  {
    auto q = TRY(fed.store().db().prepare(
        fmt::format("SELECT COUNT(*) FROM plan_signals s JOIN workplaces w ON w.id = s.workplace "
                    "WHERE s.round = ?1 AND s.state != 'resolved' AND {}",
                    kWhere)));
    bind(q);
    out.open_signals = TRY(reads::single_int(q));
  }
  auto q = TRY(fed.store().db().prepare(fmt::format(
      "SELECT r.period, COUNT(*), SUM(r.target), SUM(r.actual), SUM(r.kind = 'alert'), "
      "SUM(r.kind = 'crisis') FROM plan_readings r JOIN workplaces w ON w.id = r.workplace "
      "WHERE r.round = ?1 AND r.indicator = '' AND {} GROUP BY r.period ORDER BY r.period",
      kWhere)));
  bind(q);
  while (TRY(q.step())) {
    out.periods.push_back({q.column_int(0), q.column_int(1), q.column_double(2), q.column_double(3),
                           q.column_int(4), q.column_int(5)});
  }
  return out;
}

Result<SignalList> list_signals(Federation& fed, const SignalFilter& filter, const Page& page,
                                std::string_view now) {
  TRY(check_page(page));
  if (!filter.state.empty() && filter.state != "open" && filter.state != "resolved") {
    return invalid_argument("open, resolved, or leave it out for every signal", "state");
  }
  constexpr const char* kWhere =
      "(?1 = '' OR body = ?1) AND (?2 = '' OR workplace = ?2) AND (?3 = '' OR "
      "(?3 = 'open') = (state != 'resolved'))";
  auto bind = [&](Statement& q) {
    q.bind(1, filter.body).bind(2, filter.workplace).bind(3, filter.state);
  };
  SignalList out;
  {
    auto q = TRY(fed.store().db().prepare(
        fmt::format("SELECT COUNT(*) FROM plan_signals WHERE {}", kWhere)));
    bind(q);
    out.total = TRY(reads::single_int(q));
  }
  auto q = TRY(fed.store().db().prepare(
      fmt::format("SELECT {} FROM plan_signals WHERE {} ORDER BY (state != 'resolved' AND ((state "
                  "= 'raised' AND "
                  "acknowledge_by <= ?4) OR decide_by <= ?4)) DESC, seq DESC LIMIT ?5 OFFSET ?6",
                  kSummaryColumns, kWhere)));
  bind(q);
  q.bind(4, now).bind(5, page.limit).bind(6, page.offset);
  while (TRY(q.step())) out.signals.push_back(read_summary(fed.registry(), q, now));
  return out;
}

namespace {

// The uses of `product` under the plan of `round`: every workplace's input of it (its own
// inputs, else its product's column of the technology, times its yearly target) and each
// region's final demand, in the economy's base-year amounts.
Result<Consequences> consequences_of(Federation& fed, const std::string& round,
                                     const std::string& product, double shortfall,
                                     int64_t periods_left) {
  Consequences out;
  out.product = product;
  out.shortfall = shortfall;
  out.periods_left = periods_left;
  auto idx = TRY(fed.store().db().prepare("SELECT idx, name FROM economy_products WHERE id = ?"));
  idx.bind(1, product);
  if (!TRY(idx.step())) return out;
  const int64_t p = idx.column_int(0);
  out.product_name = idx.column_text(1);
  std::vector<ConsequenceUse> uses;
  auto q = TRY(fed.store().db().prepare(R"sql(
      SELECT ew.id, ew.name, t.target * COALESCE(
          (SELECT i.coefficient FROM economy_workplace_inputs i
           WHERE i.workplace = ew.id AND i.input = ?1),
          CASE WHEN EXISTS (SELECT 1 FROM economy_workplace_inputs i WHERE i.workplace = ew.id)
               THEN 0
               ELSE (SELECT c.coefficient FROM economy_technology c
                     WHERE c.product = ew.product AND c.input = ?1) END, 0)
      FROM economy_workplaces ew JOIN workplace_targets t ON t.workplace = ew.id AND t.round = ?2
  )sql"));
  q.bind(1, p).bind(2, round);
  while (TRY(q.step())) {
    const double use = q.column_double(2);
    if (use > 0) {
      uses.push_back(
          {"workplace", std::string(q.column_text(0)), std::string(q.column_text(1)), use, 0});
    }
  }
  out.workplaces = static_cast<int64_t>(uses.size());
  auto d = TRY(fed.store().db().prepare(R"sql(
      SELECT d.region, COALESCE(r.name, d.region), d.kind, a.amount
      FROM economy_demand d JOIN economy_demand_amounts a ON a.category = d.idx AND a.product = ?1
      LEFT JOIN economy_regions r ON r.id = d.region
  )sql"));
  d.bind(1, p);
  std::map<std::string, ConsequenceUse> regions;
  double other = 0;  // final demand of no region, or not consumption: counted, not listed
  while (TRY(d.step())) {
    const double amount = d.column_double(3);
    if (amount <= 0) continue;
    const std::string kind(d.column_text(2));
    if (d.column_text(0).empty() || (kind != "household" && kind != "public")) {
      other += amount;
      continue;
    }
    auto& u = regions[std::string(d.column_text(0))];
    u.kind = "region";
    u.id = d.column_text(0);
    u.name = d.column_text(1);
    u.use += amount;
  }
  for (auto& [id, u] : regions) uses.push_back(std::move(u));
  for (const auto& u : uses) out.total_use += u.use;
  out.total_use += other;
  if (out.total_use > 0) {
    for (auto& u : uses) u.cut = shortfall * u.use / out.total_use;
  }
  std::stable_sort(uses.begin(), uses.end(),
                   [](const auto& a, const auto& b) { return a.cut > b.cut; });
  // Every region is listed; workplaces up to kListedUses.
  size_t listed = 0;
  for (auto& u : uses) {
    if (u.kind == "workplace" && listed++ >= kListedUses) continue;
    out.uses.push_back(std::move(u));
  }
  return out;
}

}  // namespace

Result<SignalDetail> read_signal(Federation& fed, std::string_view id, std::string_view now) {
  const RegistryView& reg = fed.registry();
  auto q = TRY(fed.store().db().prepare(
      fmt::format("SELECT {} FROM plan_signals WHERE id = ?", kSummaryColumns)));
  q.bind(1, id);
  if (!TRY(q.step())) return not_found(fmt::format("no signal {}", id), "id");
  SignalDetail out;
  out.signal = read_summary(reg, q, now);
  out.reading = TRY(reading_of(q.column_text(13)));
  const std::string round(q.column_text(14));

  auto steps =
      TRY(fed.store().db().prepare("SELECT step, time, body, actor, text, ref FROM "
                                   "plan_signal_steps WHERE signal = ? ORDER BY seq"));
  steps.bind(1, id);
  while (TRY(steps.step())) {
    SignalStep s;
    s.step = steps.column_text(0);
    s.time = steps.column_text(1);
    s.body = steps.column_text(2);
    s.body_name = body_name(reg, s.body);
    s.actor = steps.column_text(3);
    if (!s.actor.empty()) s.actor_name = member_name(reg, s.actor);
    s.text = steps.column_text(4);
    s.ref = steps.column_text(5);
    out.steps.push_back(std::move(s));
  }

  // An output short cuts its product's uses; an input over plan cuts the input's other
  // uses. Hours over plan, or an input under it, take nothing from anyone.
  const std::string& indicator = out.signal.indicator;
  const bool output_short = indicator.empty() && out.signal.direction == "shortfall";
  const auto [group, input] = split_indicator(indicator);
  const bool input_over = group == "inputs" && out.signal.direction == "over";
  auto plan = reg.plan_in_execution();
  if (!(output_short || input_over) || !plan || plan->round != round) return out;
  // The series' latest reading says how far from plan it now runs.
  auto latest = TRY(fed.store().db().prepare(
      "SELECT period, reading FROM plan_readings WHERE round = ? AND workplace = ? AND "
      "indicator = ? ORDER BY period DESC LIMIT 1"));
  latest.bind(1, round).bind(2, out.signal.workplace).bind(3, indicator);
  if (!TRY(latest.step())) return out;
  const int64_t period = latest.column_int(0);
  const ReportReading now_reading = TRY(reading_of(latest.column_text(1)));
  const int64_t left = std::max<int64_t>(0, plan->periods - period);
  const double gap =
      std::max(0.0, output_short ? 1 - now_reading.level.value : now_reading.level.value - 1);
  const std::string product = output_short ? out.signal.product : std::string(input);
  out.consequences =
      TRY(consequences_of(fed, round, product, gap * now_reading.target.value * left, left));
  return out;
}

}  // namespace collegium::federation
