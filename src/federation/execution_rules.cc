// The rules of carrying out an adopted plan (execution.h; docs/requirements.md C6, A3).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "base/util.h"
#include "federation/execution_forecast.h"
#include "federation/rules.h"

namespace collegium::federation {

namespace {

int64_t ms_of(std::string_view utc) {
  auto ms = utc_to_unix_ms(utc);
  return ms.ok() ? *ms : 0;
}

}  // namespace

std::string period_start(const PlanExecution& plan, int64_t k) {
  return unix_ms_to_utc(ms_of(plan.start) + (k - 1) * plan.period_seconds * 1000);
}

std::string period_end(const PlanExecution& plan, int64_t k) {
  return period_start(plan, k + 1);
}

int64_t period_at(const PlanExecution& plan, std::string_view now) {
  const int64_t elapsed = ms_of(now) - ms_of(plan.start);
  if (elapsed < 0 || plan.period_seconds <= 0) return 0;
  return std::min(plan.periods + 1, elapsed / (plan.period_seconds * 1000) + 1);
}

namespace rules {

namespace {

constexpr size_t kMaxReporters = 100;
constexpr size_t kMaxReportLines = 1000;
constexpr size_t kMaxNoteChars = 4000;

Result<Workplace> find_workplace(const RegistryView& s, std::string_view id) {
  auto w = s.workplace(id);
  if (!w) return not_found(fmt::format("no workplace {}", id), "/workplace");
  return *w;
}

Result<Body> committee_of(const RegistryView& s, const Workplace& w) {
  auto c = s.workplace_committee(w.id);
  if (!c) {
    return failed_precondition(
        fmt::format("workplace {} has no committee to confirm its reports", w.id), "/workplace");
  }
  return *c;
}

Result<PlanExecution> plan_of(const RegistryView& s) {
  auto plan = s.plan_in_execution();
  if (!plan) {
    return failed_precondition(
        "no plan has been adopted: reports follow the plan being carried out (C6)");
  }
  return *plan;
}

Result<PlanTarget> target_of(const RegistryView& s, const PlanExecution& plan, const Workplace& w) {
  auto t = s.workplace_target(w.id, kLatestTarget);
  if (!t) {
    return failed_precondition(
        fmt::format("workplace {} has no target in the plan being carried out ({})", w.id,
                    plan.round),
        "/workplace");
  }
  return *t;
}

// Figures given by category or product, each checked: a known key, a finite figure >= 0.
template <class Known>
Status check_figures(const std::map<std::string, Decimal>& figures, std::string_view where,
                     Known known) {
  if (figures.size() > kMaxReportLines) {
    return invalid_argument(fmt::format("at most {} lines", kMaxReportLines), std::string(where));
  }
  for (const auto& [key, figure] : figures) {
    const std::string at = json_path_join(where, key);
    TRY(known(key, at));
    if (!std::isfinite(figure.value) || figure.value < 0) {
      return invalid_argument("a figure is a finite number >= 0", at);
    }
  }
  return {};
}

Status check_report_figures(const RegistryView& s, const PlanTarget& t, const Workplace& w,
                            const ReportFigures& f) {
  auto product = [&](const std::string& key, const std::string& at) -> Status {
    if (!s.economy_has_product(key)) {
      return not_found(fmt::format("the economy has no product {}", key), at);
    }
    return {};
  };
  TRY(check_figures(
      f.output, "/figures/output", [&](const std::string& key, const std::string& at) -> Status {
        TRY(product(key, at));
        if (key != t.product) {
          return invalid_argument(
              fmt::format("workplace {} makes {} in the plan, not {}", w.id, t.product, key), at);
        }
        return {};
      }));
  if (!f.output.contains(t.product)) {
    return invalid_argument(fmt::format("give the output of {}", t.product), "/figures/output");
  }
  const auto categories = s.economy_labour_categories();
  TRY(check_figures(
      f.hours, "/figures/hours", [&](const std::string& key, const std::string& at) -> Status {
        if (std::find(categories.begin(), categories.end(), key) == categories.end()) {
          return invalid_argument(fmt::format("no member category {} (the economy's are {})", key,
                                              fmt::join(categories, ", ")),
                                  at);
        }
        return {};
      }));
  return check_figures(f.inputs, "/figures/inputs", product);
}

int kind_rank(std::string_view kind) {
  return kind == "crisis" ? 2 : kind == "alert" ? 1 : 0;
}

// The events of a report's confirmation: its reading, and a signal raised or worsened.
Result<Events> confirmation(const RegistryView& s, const Actor& a, const PlanExecution& plan,
                            const PlanTarget& t, const Body& committee, const Report& r,
                            std::string by, Events events) {
  // A report filed under an earlier plan, or for another product, is not this plan's.
  auto output = r.figures.output.find(t.product);
  if (r.round != plan.round || output == r.figures.output.end()) {
    return failed_precondition(
        fmt::format("report {} was filed under the plan of {}; workplace {} now reports {} "
                    "under {}: file the period again",
                    r.id, r.round, r.workplace, t.product, plan.round),
        "/report");
  }
  auto series = s.series_state(r.workplace, "");
  if (series && series->last_period > r.period) {
    return failed_precondition(fmt::format("period {} of workplace {} is already classified; a "
                                           "report of period {} can no longer be confirmed",
                                           series->last_period, r.workplace, r.period),
                               "/report");
  }
  const Constitution c = s.constitution();
  // Each indicator's figure from its series' state before the period (a correction: the
  // state the period started from). An indicator's series is never ahead of the output's.
  auto classify = [&](std::string_view indicator, double target, double actual) {
    auto state = s.series_state(r.workplace, indicator);
    std::vector<double> from;
    if (state) from = state->last_period == r.period ? state->before : state->state;
    return classify_report(c, from, target, actual);
  };
  // A correction of a period before a revision is read against the target of its period.
  auto in_force = s.workplace_target(r.workplace, r.period);
  const double target =
      (in_force ? in_force->target : t.target) / static_cast<double>(plan.periods);
  auto classified = TRY(classify("", target, output->second.value));

  ReportConfirmed confirmed;
  confirmed.report = r.id;
  confirmed.workplace = r.workplace;
  confirmed.period = r.period;
  confirmed.by = std::move(by);
  confirmed.reading = classified.reading;
  confirmed.state.values = std::move(classified.state);
  // Most reports give their output alone: the technology is read only when there is more.
  const bool more = !r.figures.hours.empty() || !r.figures.inputs.empty();
  for (const IndicatorFigure& f :
       more ? indicator_figures(s.planned_use(r.workplace), r.figures, output->second.value)
            : std::vector<IndicatorFigure>{}) {
    auto i = TRY(classify(f.indicator, f.target, f.actual));
    confirmed.indicators.push_back({f.indicator, std::move(i.reading), {std::move(i.state)}});
  }
  events.push_back(draft(confirmed));

  // A reading out of the normal raises its indicator's signal, or worsens the open one.
  auto signal = [&](const std::string& indicator, const ReportReading& reading) {
    if (reading.kind == "normal") return;
    if (auto open = s.open_signal(r.workplace, indicator, reading.direction)) {
      if (kind_rank(reading.kind) > kind_rank(open->kind)) {
        events.push_back(draft(SignalWorsened{open->id, r.id, r.period, reading}));
      }
      return;
    }
    SignalRaised raised;
    raised.id = new_id("signal", a, events);
    raised.workplace = r.workplace;
    raised.product = t.product;
    raised.indicator = indicator;
    raised.report = r.id;
    raised.period = r.period;
    raised.reading = reading;
    raised.level = 0;
    raised.body = committee.id;
    raised.acknowledge_by = plus_seconds(a.now, c.signal_acknowledge_seconds);
    raised.decide_by = plus_seconds(a.now, c.signal_decide_seconds);
    events.push_back(draft(raised));
  };
  signal("", confirmed.reading);
  for (const IndicatorReading& i : confirmed.indicators) signal(i.indicator, i.reading);
  return events;
}

Result<Signal> find_signal(const RegistryView& s, std::string_view id) {
  auto signal = s.signal(id);
  if (!signal) return not_found(fmt::format("no signal {}", id), "/signal");
  if (signal->state == "resolved") {
    return failed_precondition(
        fmt::format("signal {} is resolved; a new deviation raises a new signal", id), "/signal");
  }
  return *signal;
}

}  // namespace

Result<Decision> decide_one(const RegistryView& s, const NameReporters& c, const Actor& a) {
  Workplace w = TRY(find_workplace(s, c.workplace));
  Body committee = TRY(committee_of(s, w));
  Member m = TRY(holder(s, a, committee, "name the members who file its workplace's reports"));
  if (c.members.size() > kMaxReporters) {
    return invalid_argument(fmt::format("at most {} reporters", kMaxReporters), "/members");
  }
  std::set<std::string> seen;
  for (size_t k = 0; k < c.members.size(); ++k) {
    const std::string at = fmt::format("/members/{}", k);
    auto reporter = s.member(c.members[k]);
    if (!reporter) return not_found(fmt::format("no member {}", c.members[k]), at);
    if (reporter->workplace != w.id) {
      return invalid_argument(fmt::format(
                                  "{} works at {}, not at {}", named(*reporter),
                                  [&] {
                                    auto other = s.workplace(reporter->workplace);
                                    return other ? other->name : reporter->workplace;
                                  }(),
                                  w.name),
                              at);
    }
    if (!seen.insert(reporter->id).second) {
      return invalid_argument(fmt::format("{} is listed twice", named(*reporter)), at);
    }
  }
  return Decision{{draft(ReportersNamed{w.id, m.id, c.members})}};
}

Result<Decision> decide_one(const RegistryView& s, const FileReport& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "file a workplace's report"));
  Workplace w = TRY(find_workplace(s, c.workplace));
  Body committee = TRY(committee_of(s, w));
  const bool seat = seat_of(s, committee.id, m.id).has_value();
  if (!seat && !s.is_reporter(w.id, m.id)) {
    return permission_denied(fmt::format("only the seat holders of {} and the members it names "
                                         "file the reports of workplace {}",
                                         committee.id, w.id),
                             "/workplace");
  }
  PlanExecution plan = TRY(plan_of(s));
  PlanTarget t = TRY(target_of(s, plan, w));
  if (c.period < 1 || c.period > plan.periods) {
    return invalid_argument(
        fmt::format("the plan of {} has report periods 1 to {}", plan.period_name, plan.periods),
        "/period");
  }
  const std::string ends = period_end(plan, c.period);
  if (a.now < ends) {
    return failed_precondition(
        fmt::format("period {} is not open for reports: it ends at {}", c.period, ends), "/period");
  }
  const std::string closes = period_end(plan, c.period + 1);
  if (a.now >= closes) {
    return failed_precondition(fmt::format("period {} closed for reports at {}", c.period, closes),
                               "/period");
  }
  TRY(check_report_figures(s, t, w, c.figures));
  auto latest = s.latest_report(w.id, c.period);
  if (c.corrects.empty() && latest) {
    return failed_precondition(fmt::format("period {} already has report {}; a correction names "
                                           "it in corrects",
                                           c.period, latest->id),
                               "/corrects");
  }
  if (!c.corrects.empty() && (!latest || latest->id != c.corrects)) {
    return invalid_argument(
        latest ? fmt::format("the latest report of period {} is {}", c.period, latest->id)
               : fmt::format("period {} has no report to correct", c.period),
        "/corrects");
  }
  Events events;
  Report r;
  r.id = new_id("report", a, events);
  r.round = plan.round;
  r.workplace = w.id;
  r.product = t.product;
  r.period = c.period;
  r.figures = c.figures;
  r.filed_by = m.id;
  r.corrects = c.corrects;
  events.push_back(
      draft(ReportFiled{r.id, w.id, t.product, m.id, c.corrects, c.period, c.figures}));
  if (seat) events = TRY(confirmation(s, a, plan, t, committee, r, m.id, std::move(events)));
  return Decision{std::move(events)};
}

Result<Decision> decide_one(const RegistryView& s, const ConfirmReport& c, const Actor& a) {
  auto r = s.report(c.report);
  if (!r) return not_found(fmt::format("no report {}", c.report), "/report");
  Workplace w = TRY(find_workplace(s, r->workplace));
  Body committee = TRY(committee_of(s, w));
  Member m = TRY(holder(s, a, committee, "confirm its workplace's reports"));
  if (r->confirmed) {
    return failed_precondition(fmt::format("report {} was confirmed by {}", r->id, r->confirmed_by),
                               "/report");
  }
  if (r->superseded) {
    return failed_precondition(fmt::format("report {} is corrected by a later report", r->id),
                               "/report");
  }
  PlanExecution plan = TRY(plan_of(s));
  PlanTarget t = TRY(target_of(s, plan, w));
  Events events = TRY(confirmation(s, a, plan, t, committee, *r, m.id, {}));
  return Decision{std::move(events)};
}

Result<Decision> decide_one(const RegistryView& s, const AcknowledgeSignal& c, const Actor& a) {
  Signal signal = TRY(find_signal(s, c.signal));
  Body body = TRY(find_body(s, signal.body, "/signal"));
  Member m = TRY(holder(s, a, body, "acknowledge the signals before it"));
  if (signal.state == "acknowledged") {
    return failed_precondition(
        fmt::format("signal {} is already acknowledged by {}", signal.id, body.id), "/signal");
  }
  if (!c.note.empty()) TRY(check_text(c.note, "/note", kMaxNoteChars));
  return Decision{{draft(SignalAcknowledged{signal.id, body.id, m.id, c.note})}};
}

Result<Decision> decide_one(const RegistryView& s, const ResolveSignal& c, const Actor& a) {
  Signal signal = TRY(find_signal(s, c.signal));
  Body body = TRY(find_body(s, signal.body, "/signal"));
  Member m = TRY(holder(s, a, body, "record what it decided on the signals before it"));
  TRY(check_text(c.note, "/note", kMaxNoteChars));
  if (!c.motion.empty()) {
    auto motion = s.motion(c.motion);
    if (!motion) return not_found(fmt::format("no motion {}", c.motion), "/motion");
    if (motion->body != body.id) {
      return invalid_argument(fmt::format("motion {} is before {}, not {}", motion->id,
                                          named_body(s, motion->body), named(body)),
                              "/motion");
    }
  }
  return Decision{{draft(SignalResolved{signal.id, body.id, m.id, c.note, c.motion})}};
}

Result<Decision> decide_one(const RegistryView& s, const EscalateSignal& c, const Actor& a) {
  TRY(only_clock(a));
  Signal signal = TRY(find_signal(s, c.signal));
  std::string reason;
  if (signal.state == "raised" && a.now >= signal.acknowledge_by) {
    reason = fmt::format("{} did not acknowledge it by {}", signal.body, signal.acknowledge_by);
  } else if (a.now >= signal.decide_by) {
    reason = fmt::format("{} recorded no decision by {}", signal.body, signal.decide_by);
  } else {
    return failed_precondition(fmt::format("signal {} is not overdue", signal.id), "/signal");
  }
  for (int32_t level = signal.level + 1; level <= kTopSignalLevel; ++level) {
    if (auto above = s.signal_body(signal.workplace, level)) {
      const Constitution con = s.constitution();
      SignalEscalated ev;
      ev.signal = signal.id;
      ev.from = signal.body;
      ev.level = level;
      ev.body = above->id;
      ev.reason = std::move(reason);
      ev.acknowledge_by = plus_seconds(a.now, con.signal_acknowledge_seconds);
      ev.decide_by = plus_seconds(a.now, con.signal_decide_seconds);
      return Decision{{draft(ev)}};
    }
  }
  return failed_precondition(
      fmt::format("no body above {} to take signal {}", signal.body, signal.id), "/signal");
}

namespace {

// The level (0 the committee, 1 the union body) at which `body` answers for the workplace in
// a revision; nullopt for any other body.
std::optional<int32_t> revision_level(const RegistryView& s, const Workplace& w, const Body& b) {
  for (int32_t level : {0, 1}) {
    auto at = s.signal_body(w.id, level);
    if (at && at->id == b.id) return level;
  }
  return std::nullopt;
}

}  // namespace

Result<Decision> decide_one(const RegistryView& s, const ProposeTargetRevision& c, const Actor& a) {
  Workplace w = TRY(find_workplace(s, c.workplace));
  Body body;
  if (c.body.empty()) {
    body = TRY(committee_of(s, w));
  } else {
    body = TRY(deciding_body(s, c.body, "/body"));
  }
  if (!revision_level(s, w, body)) {
    return permission_denied(
        fmt::format("{} does not answer for {}: its committee and the union body of its "
                    "branch revise its target, and no body above them (C6)",
                    sentence_start(named(body)), w.name),
        "/body");
  }
  Member m = TRY(holder(s, a, body, "propose revisions of its workplaces' targets"));
  PlanExecution plan = TRY(plan_of(s));
  PlanTarget t = TRY(target_of(s, plan, w));
  TRY(check_text(c.text, "/text", kMaxMotionChars));
  if (!std::isfinite(c.target.value) || c.target.value < 0) {
    return invalid_argument("a target is a finite number >= 0", "/target");
  }
  if (c.target.value == t.target) {
    return invalid_argument(fmt::format("the target is {} already", format_decimal(t.target)),
                            "/target");
  }
  if (period_at(plan, a.now) > plan.periods) {
    return failed_precondition(fmt::format("the plan of {} has run its course", plan.period_name));
  }
  Json payload = JsonCodec<ProposeTargetRevision>::write(c);
  payload["body"] = body.id;
  payload["round"] = plan.round;
  payload["ratifies"] = "";
  return Decision{{draft(motion_proposed(
      new_motion(s, a, Motion::Kind::kTargetRevision, body, m.id, c.text, payload, {})))}};
}

std::optional<std::string> revision_effects(const RegistryView& s, const Motion& m, const Actor& a,
                                            Events& events) {
  auto w = s.workplace(m.payload.value("workplace", ""));
  auto body = s.body(m.body);
  if (!w || !body) return "the workplace or the body is gone";
  auto plan = s.plan_in_execution();
  if (!plan || plan->round != m.payload.value("round", "")) {
    return "the plan it revises is no longer the one carried out";
  }
  auto t = s.workplace_target(w->id, kLatestTarget);
  auto target = JsonCodec<Decimal>::read(m.payload.value("target", Json()), "/target");
  auto level = revision_level(s, *w, *body);
  if (!t || !target.ok() || !level) return "the revision no longer applies to this workplace";
  const std::string ratifies = m.payload.value("ratifies", "");
  // The other of the workplace's committee and its union body ratifies what one proposed.
  if (ratifies.empty()) {
    if (auto other = s.signal_body(w->id, *level == 0 ? 1 : 0)) {
      Json payload = m.payload;
      payload["body"] = other->id;
      payload["ratifies"] = m.id;
      events.push_back(
          draft(motion_proposed(new_motion(s, a, Motion::Kind::kTargetRevision, *other,
                                           m.proposed_by, m.text, std::move(payload), events))));
      return std::nullopt;
    }
  }
  TargetRevised ev;
  ev.workplace = w->id;
  ev.round = plan->round;
  ev.product = t->product;
  ev.before.value = t->target;
  ev.target = *target;
  ev.from_period = std::max<int64_t>(1, period_at(*plan, a.now));
  if (!ratifies.empty()) ev.motions.push_back(ratifies);
  ev.motions.push_back(m.id);
  events.push_back(draft(ev));
  return std::nullopt;
}

}  // namespace rules

}  // namespace collegium::federation
