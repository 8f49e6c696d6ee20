// Read models of carrying out the plan (issue #16; docs/requirements.md C6): a workplace's
// fulfilment period by period with the forecaster's readings, the plan's fulfilment over a
// branch, a region or the whole economy, the signals before a body, and one signal with its
// history and what its shortfall would cut if it lasted. Like the other read models, each
// reads the projections of `fed` and returns plain data or the database's error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "federation/execution.h"
#include "federation/federation.h"
#include "federation/reads.h"

namespace collegium::federation {

struct PlanExecutionView {
  std::string round, period_name, start;
  int64_t period_seconds = 0, periods = 0;
  int64_t current_period = 0;  // the period in progress (0 before the first)
  bool operator==(const PlanExecutionView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("round", &PlanExecutionView::round),
                      field("period_name", &PlanExecutionView::period_name),
                      field("start", &PlanExecutionView::start),
                      field("period_seconds", &PlanExecutionView::period_seconds),
                      field("periods", &PlanExecutionView::periods),
                      field("current_period", &PlanExecutionView::current_period,
                            Presence::kRequired, "the report period in progress now")};
  }
};

// A confirmed report's reading of one of its hours or inputs (execution.h's
// IndicatorReading).
struct PeriodIndicator {
  std::string indicator;  // hours/<category> or inputs/<product>
  std::string name;       // in words: "Steel used", "production hours"
  ReportReading reading;  // target: what the plan's technology asks for the output made
  bool operator==(const PeriodIndicator&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("indicator", &PeriodIndicator::indicator),
                      field("name", &PeriodIndicator::name),
                      field("reading", &PeriodIndicator::reading)};
  }
};

// One period of a workplace's series.
struct FulfilmentPeriod {
  int64_t period = 0;
  std::string start, end;
  // due (ended, no report yet, still open), missing (closed without a report), filed
  // (waiting for the committee), confirmed, upcoming (not ended)
  std::string state;
  std::string report;  // the latest report of the period, if any
  double target = 0;
  std::optional<double> actual;             // the latest report's output
  std::optional<ReportReading> reading;     // once confirmed
  std::vector<PeriodIndicator> indicators;  // once confirmed, in the order of their names
  bool operator==(const FulfilmentPeriod&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("period", &FulfilmentPeriod::period),
                      field("start", &FulfilmentPeriod::start),
                      field("end", &FulfilmentPeriod::end),
                      field("state", &FulfilmentPeriod::state, Presence::kRequired,
                            "upcoming, due, filed, confirmed or missing"),
                      field("report", &FulfilmentPeriod::report, Presence::kOmitEmpty),
                      field("target", &FulfilmentPeriod::target),
                      field("actual", &FulfilmentPeriod::actual),
                      field("reading", &FulfilmentPeriod::reading),
                      field("indicators", &FulfilmentPeriod::indicators, Presence::kOmitEmpty,
                            "the readings of its hours and inputs")};
  }
};

struct SignalSummary {
  std::string id, workplace, workplace_name, product, indicator, indicator_name, kind, direction,
      cause;
  int64_t period = 0;
  int32_t level = 0;
  std::string body, body_name, state, raised, acknowledge_by, decide_by;
  bool overdue = false;  // past a deadline now
  bool operator==(const SignalSummary&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("id", &SignalSummary::id),
        field("workplace", &SignalSummary::workplace),
        field("workplace_name", &SignalSummary::workplace_name),
        field("product", &SignalSummary::product),
        field("indicator", &SignalSummary::indicator, Presence::kOmitEmpty,
              "hours/<category> or inputs/<product>; none for the output"),
        field("indicator_name", &SignalSummary::indicator_name, Presence::kOmitEmpty,
              "the indicator in words: \"Steel used\", \"production hours\""),
        field("kind", &SignalSummary::kind, Presence::kRequired, "alert or crisis"),
        field("direction", &SignalSummary::direction, Presence::kRequired, "shortfall or over"),
        field("cause", &SignalSummary::cause),
        field("period", &SignalSummary::period),
        field("level", &SignalSummary::level, Presence::kRequired,
              "0 the workplace's committee, 1 the union body, 2 the council"),
        field("body", &SignalSummary::body),
        field("body_name", &SignalSummary::body_name),
        field("state", &SignalSummary::state, Presence::kRequired,
              "raised, acknowledged or resolved"),
        field("raised", &SignalSummary::raised),
        field("acknowledge_by", &SignalSummary::acknowledge_by),
        field("decide_by", &SignalSummary::decide_by),
        field("overdue", &SignalSummary::overdue)};
  }
};

// A revision of the workplace's yearly target, carried by its committee and its union body.
struct TargetRevisionView {
  int64_t from_period = 0;
  double before = 0, target = 0;
  std::vector<std::string> motions;
  std::string time;
  bool operator==(const TargetRevisionView&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("from_period", &TargetRevisionView::from_period),
        field("before", &TargetRevisionView::before), field("target", &TargetRevisionView::target),
        field("motions", &TargetRevisionView::motions), field("time", &TargetRevisionView::time)};
  }
};

// What the plan's technology asks of a workplace per unit of its output.
struct PlannedUseView {
  std::string indicator;  // hours/<category> or inputs/<product>
  std::string name;       // in words: "Steel used", "production hours"
  double per_unit = 0;
  bool operator==(const PlannedUseView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("indicator", &PlannedUseView::indicator),
                      field("name", &PlannedUseView::name),
                      field("per_unit", &PlannedUseView::per_unit)};
  }
};

struct WorkplaceFulfilment {
  std::string workplace, workplace_name, committee, product;
  std::optional<PlanExecutionView> plan;  // none before any adoption
  double yearly_target = 0;
  std::vector<std::string> reporters;
  std::vector<FulfilmentPeriod> periods;      // from 1 to the period in progress
  std::vector<SignalSummary> signals;         // newest first
  std::vector<TargetRevisionView> revisions;  // oldest first
  std::vector<PlannedUseView> planned_use;    // the indicators beside output, by name
  bool operator==(const WorkplaceFulfilment&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("workplace", &WorkplaceFulfilment::workplace),
                      field("workplace_name", &WorkplaceFulfilment::workplace_name),
                      field("committee", &WorkplaceFulfilment::committee),
                      field("product", &WorkplaceFulfilment::product),
                      field("plan", &WorkplaceFulfilment::plan),
                      field("yearly_target", &WorkplaceFulfilment::yearly_target),
                      field("reporters", &WorkplaceFulfilment::reporters),
                      field("periods", &WorkplaceFulfilment::periods),
                      field("signals", &WorkplaceFulfilment::signals),
                      field("revisions", &WorkplaceFulfilment::revisions),
                      field("planned_use", &WorkplaceFulfilment::planned_use, Presence::kRequired,
                            "the hours and inputs a report's readings measure, per unit made")};
  }
};
Result<WorkplaceFulfilment> read_workplace_fulfilment(Federation& fed, std::string_view workplace,
                                                      std::string_view now);

// The plan's fulfilment over many workplaces: per period, the targets and confirmed actuals
// summed over the workplaces that reported.
struct FulfilmentTotal {
  int64_t period = 0;
  int64_t workplaces = 0;  // confirmed reports
  double target = 0, actual = 0;
  int64_t alerts = 0, crises = 0;
  bool operator==(const FulfilmentTotal&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("period", &FulfilmentTotal::period),
                      field("workplaces", &FulfilmentTotal::workplaces),
                      field("target", &FulfilmentTotal::target),
                      field("actual", &FulfilmentTotal::actual),
                      field("alerts", &FulfilmentTotal::alerts),
                      field("crises", &FulfilmentTotal::crises)};
  }
};
struct PlanFulfilment {
  std::optional<PlanExecutionView> plan;
  std::string branch, region;  // the filter; empty: all
  int64_t workplaces = 0;      // with a target in the plan
  std::vector<FulfilmentTotal> periods;
  int64_t open_signals = 0;
  bool operator==(const PlanFulfilment&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("plan", &PlanFulfilment::plan),
                      field("branch", &PlanFulfilment::branch, Presence::kOmitEmpty),
                      field("region", &PlanFulfilment::region, Presence::kOmitEmpty),
                      field("workplaces", &PlanFulfilment::workplaces),
                      field("periods", &PlanFulfilment::periods),
                      field("open_signals", &PlanFulfilment::open_signals)};
  }
};
Result<PlanFulfilment> read_plan_fulfilment(Federation& fed, std::string_view branch,
                                            std::string_view region, std::string_view now);

struct SignalFilter {
  std::string body, workplace;
  std::string state;  // open (raised or acknowledged), resolved, or empty for all
};
struct SignalList {
  std::vector<SignalSummary> signals;  // overdue first, then newest first
  int64_t total = 0;
  bool operator==(const SignalList&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("signals", &SignalList::signals), field("total", &SignalList::total)};
  }
};
Result<SignalList> list_signals(Federation& fed, const SignalFilter& filter, const Page& page,
                                std::string_view now);

struct SignalStep {
  std::string step, time, body, body_name, actor, actor_name, text, ref;
  bool operator==(const SignalStep&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("step", &SignalStep::step, Presence::kRequired,
                            "raised, worsened, acknowledged, escalated or resolved"),
                      field("time", &SignalStep::time),
                      field("body", &SignalStep::body),
                      field("body_name", &SignalStep::body_name),
                      field("actor", &SignalStep::actor, Presence::kOmitEmpty),
                      field("actor_name", &SignalStep::actor_name, Presence::kOmitEmpty),
                      field("text", &SignalStep::text, Presence::kOmitEmpty),
                      field("ref", &SignalStep::ref, Presence::kOmitEmpty,
                            "the report (raised, worsened), the motion (resolved) or the body "
                            "it came from (escalated)")};
  }
};

// What a shortfall would cut if it lasted to the plan's end: the uses of the product
// through the technology, each cut in proportion to its share of all uses. An input used
// over plan cuts the same way: what it draws beyond its share is missing elsewhere.
struct ConsequenceUse {
  std::string kind;  // workplace (an input of its product), region (final demand there)
  std::string id, name;
  double use = 0;  // its yearly use of the product under the plan
  double cut = 0;  // its share of the shortfall
  bool operator==(const ConsequenceUse&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("kind", &ConsequenceUse::kind, Presence::kRequired, "workplace or region"),
        field("id", &ConsequenceUse::id), field("name", &ConsequenceUse::name),
        field("use", &ConsequenceUse::use), field("cut", &ConsequenceUse::cut)};
  }
};
struct Consequences {
  std::string product, product_name;  // the output short, or the input used over plan
  double shortfall = 0;               // units of the product short if the estimated level lasted
  int64_t periods_left = 0;
  double total_use = 0;
  int64_t workplaces = 0;  // every workplace cut; `uses` lists the largest
  std::vector<ConsequenceUse> uses;
  bool operator==(const Consequences&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("product", &Consequences::product),
                      field("product_name", &Consequences::product_name),
                      field("shortfall", &Consequences::shortfall),
                      field("periods_left", &Consequences::periods_left),
                      field("total_use", &Consequences::total_use),
                      field("workplaces", &Consequences::workplaces),
                      field("uses", &Consequences::uses)};
  }
};

struct SignalDetail {
  SignalSummary signal;
  ReportReading reading;  // the graver reading that raised or worsened it
  std::vector<SignalStep> steps;
  std::optional<Consequences> consequences;  // an output short, an input over
  bool operator==(const SignalDetail&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("signal", &SignalDetail::signal), field("reading", &SignalDetail::reading),
        field("steps", &SignalDetail::steps), field("consequences", &SignalDetail::consequences)};
  }
};
Result<SignalDetail> read_signal(Federation& fed, std::string_view id, std::string_view now);

}  // namespace collegium::federation
