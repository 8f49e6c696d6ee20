// Carrying out an adopted plan (issue #16; docs/requirements.md C6): workplaces report what
// they made, the forecaster (src/forecast) classifies each figure against the plan's target
// and the workplace's own history, and a deviation becomes a signal that goes first to the
// workplace's committee and climbs a level only when it is not dealt with in time. The rules
// are in execution_rules.cc, the tables in execution_projection.cc; docs/execution.md tells
// the whole story.
//
// Periods: an adopted plan runs from its adoption for a planning year (the economy's weeks
// per year), cut into report periods of the constitution's length as it stood at the
// adoption. Period k (from 1) covers [start + (k-1) L, start + k L); its report is filed
// once it has ended, until the next one ends. The target of a period is the workplace's
// yearly target divided by the number of periods.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/fields.h"
#include "federation/economy.h"

namespace collegium::federation {

// The plan being carried out: the latest adopted round, fixed at its adoption.
struct PlanExecution {
  std::string round, period_name;  // the round, and the plan's period as it names it ("2027")
  std::string start;               // UTC: the adoption
  int64_t period_seconds = 0;      // one report period
  int64_t periods = 0;             // report periods in the planning year
};

// The UTC start and end of report period k (from 1) of `plan`.
std::string period_start(const PlanExecution& plan, int64_t k);
std::string period_end(const PlanExecution& plan, int64_t k);
// The report period in progress at `now` (0 before the first, plan.periods + 1 after the
// last).
int64_t period_at(const PlanExecution& plan, std::string_view now);

// A workplace's yearly target in the plan being carried out.
struct PlanTarget {
  std::string round, product;
  double target = 0;
};
// The period to ask a target for when the latest one is wanted.
inline constexpr int64_t kLatestTarget = std::numeric_limits<int64_t>::max();

// What a workplace made, worked and used in one report period. Figures are >= 0.
struct ReportFigures {
  std::map<std::string, Decimal> output;  // product -> units made (the workplace's product)
  std::map<std::string, Decimal> hours;   // member category -> hours worked
  std::map<std::string, Decimal> inputs;  // product -> units used
  bool operator==(const ReportFigures&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("output", &ReportFigures::output, Presence::kRequired,
                            "units made in the period, by product (the workplace's own)"),
                      field("hours", &ReportFigures::hours, Presence::kOptional,
                            "hours worked in the period, by member category"),
                      field("inputs", &ReportFigures::inputs, Presence::kOptional,
                            "units used in the period, by product")};
  }
};

// The forecaster's reading of one figure, as the record carries it (forecast.h).
struct ReportReading {
  std::string kind;       // normal, alert, crisis
  std::string direction;  // shortfall, over; none for a normal figure
  std::string cause;      // none, step, slope, outlier, cumulative
  Decimal target, actual;
  // The posterior probabilities of steady, step change, slope change and outlier.
  DecimalList probabilities;
  Decimal forecast, forecast_sd;  // the one-step forecast of the ratio before the figure
  Decimal level, slope;           // the estimated ratio to plan, and its change a period
  Decimal cumulative;             // actual over target since the plan began
  bool operator==(const ReportReading&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("kind", &ReportReading::kind, Presence::kRequired, "normal, alert or crisis"),
        field("direction", &ReportReading::direction, Presence::kRequired,
              "shortfall, over or none"),
        field("cause", &ReportReading::cause, Presence::kRequired,
              "none, step, slope, outlier or cumulative"),
        field("target", &ReportReading::target),
        field("actual", &ReportReading::actual),
        field("probabilities", &ReportReading::probabilities, Presence::kRequired,
              "posterior probabilities of steady, step change, slope change and outlier"),
        field("forecast", &ReportReading::forecast, Presence::kRequired,
              "the ratio to plan forecast before the figure"),
        field("forecast_sd", &ReportReading::forecast_sd),
        field("level", &ReportReading::level, Presence::kRequired,
              "the estimated ratio to plan after the figure"),
        field("slope", &ReportReading::slope),
        field("cumulative", &ReportReading::cumulative, Presence::kRequired,
              "actual over target since the plan began")};
  }
};

// Beside the output, each hours category and input a report gives is an indicator of its
// own (C6): read against what the plan's technology asks for the output actually made (the
// workplace's hours or inputs per unit, times the units made), so that a shortfall of
// output is one signal, not one per input, and what stands out is a change in how the
// work is done. Its name is its place in the figures: "hours/<category>",
// "inputs/<product>". The output's own indicator is named "" in the projection and events.
struct IndicatorReading {
  std::string indicator;
  ReportReading reading;
  DecimalList state;  // the forecaster's state of the indicator's series after the figure
  bool operator==(const IndicatorReading&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("indicator", &IndicatorReading::indicator, Presence::kRequired,
                            "hours/<category> or inputs/<product>"),
                      field("reading", &IndicatorReading::reading),
                      field("state", &IndicatorReading::state)};
  }
};

// An indicator's name built and taken apart in one place. split_indicator("inputs/steel")
// is {"inputs", "steel"}; the output's "" is {"", ""}.
struct IndicatorName {
  std::string_view group;  // "hours", "inputs", or "" for the output
  std::string_view key;    // the category or the product
};
inline IndicatorName split_indicator(std::string_view indicator) {
  const size_t slash = indicator.find('/');
  if (slash == std::string_view::npos) return {{}, {}};
  return {indicator.substr(0, slash), indicator.substr(slash + 1)};
}
inline std::string hours_indicator(std::string_view category) {
  return "hours/" + std::string(category);
}
inline std::string input_indicator(std::string_view product) {
  return "inputs/" + std::string(product);
}

// A workplace's planned use of each indicator per unit of its output: hours by category
// and inputs by product (its own inputs, else its product's column of the technology).
using PlannedUse = std::map<std::string, double>;

// A report as its table holds it.
struct Report {
  std::string id, round, workplace, product, filed_by, confirmed_by, corrects, filed;
  int64_t period = 0;
  ReportFigures figures;
  bool confirmed = false;
  bool superseded = false;  // a later correction replaces it
};

// The forecaster's state of a workplace's series, as stored after its last classified
// period, and the state before that period (what a correction of it starts from).
struct SeriesState {
  int64_t last_period = 0;
  std::vector<double> state, before;
};

// The levels a signal climbs: the workplace's committee, the union body of its branch,
// the central council (a level without a body is passed over).
inline constexpr int32_t kTopSignalLevel = 2;

// Where a signal stands, and who must deal with it.
struct Signal {
  std::string id, workplace, product, indicator, kind, direction, cause;
  int64_t period = 0;       // the period whose figure raised it
  int32_t level = 0;        // 0 the workplace's committee, 1 the union body, 2 the central council
  std::string body, state;  // state: raised, acknowledged, resolved
  std::string acknowledge_by, decide_by;
};

// ---- commands ----

// A seat holder of the workplace's committee names the members who may file its reports
// (replacing the list); seat holders of the committee always may.
struct NameReporters {
  static constexpr std::string_view kName = "name_reporters";
  std::string workplace;
  std::vector<std::string> members;
  static constexpr auto fields() {
    return std::tuple{field("workplace", &NameReporters::workplace),
                      field("members", &NameReporters::members, Presence::kRequired,
                            "members of the workplace who may file its reports")};
  }
};

// A report of one period, or a correction of one (naming it). Filed by a seat holder of the
// workplace's committee it is confirmed at once; filed by a named reporter it waits for the
// committee's confirmation.
struct FileReport {
  static constexpr std::string_view kName = "file_report";
  std::string workplace;
  int64_t period = 0;
  ReportFigures figures;
  std::string corrects;
  static constexpr auto fields() {
    return std::tuple{field("workplace", &FileReport::workplace),
                      field("period", &FileReport::period, Presence::kRequired,
                            "the report period, from 1 at the plan's adoption"),
                      field("figures", &FileReport::figures),
                      field("corrects", &FileReport::corrects, Presence::kOmitEmpty,
                            "the report this one corrects (the latest of its period)")};
  }
};

struct ConfirmReport {
  static constexpr std::string_view kName = "confirm_report";
  std::string report;
  static constexpr auto fields() { return std::tuple{field("report", &ConfirmReport::report)}; }
};

// A seat holder of the body a signal is before says it is being dealt with.
struct AcknowledgeSignal {
  static constexpr std::string_view kName = "acknowledge_signal";
  std::string signal;
  std::string note;
  static constexpr auto fields() {
    return std::tuple{field("signal", &AcknowledgeSignal::signal),
                      field("note", &AcknowledgeSignal::note, Presence::kOptional)};
  }
};

// A seat holder of the body a signal is before records what the body decided: a motion of
// the body, or a note that the matter is resolved.
struct ResolveSignal {
  static constexpr std::string_view kName = "resolve_signal";
  std::string signal;
  std::string note;
  std::string motion;
  static constexpr auto fields() {
    return std::tuple{
        field("signal", &ResolveSignal::signal),
        field("note", &ResolveSignal::note, Presence::kRequired, "what the body decided"),
        field("motion", &ResolveSignal::motion, Presence::kOmitEmpty,
              "the body's motion that decided it, if any")};
  }
};

// The clock moves a signal not dealt with in time to the body above (from Advance).
struct EscalateSignal {
  static constexpr std::string_view kName = "escalate_signal";
  std::string signal;
  static constexpr auto fields() { return std::tuple{field("signal", &EscalateSignal::signal)}; }
};

// A seat holder of the workplace's committee, or of the union body of its branch, proposes
// a different yearly target for the workplace in the plan carried out: a motion of that
// body. Carried, it goes to the other of the two for ratification (when it exists), and
// only when both have carried it is the target revised, from the period in progress. No
// body above them can revise a target (C6: never a decree from above).
struct ProposeTargetRevision {
  static constexpr std::string_view kName = "propose_target_revision";
  std::string workplace;
  std::string body;  // empty: the workplace's committee
  std::string text;
  Decimal target;
  static constexpr auto fields() {
    return std::tuple{
        field("workplace", &ProposeTargetRevision::workplace),
        field("body", &ProposeTargetRevision::body, Presence::kOptional,
              "the proposing body: the workplace's committee (the default) or the union body "
              "of its branch"),
        field("text", &ProposeTargetRevision::text),
        field("target", &ProposeTargetRevision::target, Presence::kRequired,
              "the workplace's new yearly target, in its product's units")};
  }
};

// ---- events ----

struct ReportersNamed {
  static constexpr std::string_view kName = "workplace.reporters_named";
  std::string workplace, by;
  std::vector<std::string> members;
  static constexpr auto fields() {
    return std::tuple{field("workplace", &ReportersNamed::workplace),
                      field("by", &ReportersNamed::by), field("members", &ReportersNamed::members)};
  }
};

struct ReportFiled {
  static constexpr std::string_view kName = "report.filed";
  std::string id, workplace, product, filed_by, corrects;
  int64_t period = 0;
  ReportFigures figures;
  static constexpr auto fields() {
    return std::tuple{field("id", &ReportFiled::id),
                      field("workplace", &ReportFiled::workplace),
                      field("product", &ReportFiled::product),
                      field("period", &ReportFiled::period),
                      field("figures", &ReportFiled::figures),
                      field("filed_by", &ReportFiled::filed_by),
                      field("corrects", &ReportFiled::corrects, Presence::kOmitEmpty)};
  }
};

// The committee confirmed a report: its figure is classified, and the series' state after
// it recorded, so that the projection need not run the forecaster and anyone can check the
// reading offline (`collegium execution verify`).
struct ReportConfirmed {
  static constexpr std::string_view kName = "report.confirmed";
  std::string report, workplace, by;
  int64_t period = 0;
  ReportReading reading;
  DecimalList state;                         // the forecaster's state after the figure (forecast.h)
  std::vector<IndicatorReading> indicators;  // hours and inputs, by indicator name
  static constexpr auto fields() {
    return std::tuple{field("report", &ReportConfirmed::report),
                      field("workplace", &ReportConfirmed::workplace),
                      field("period", &ReportConfirmed::period),
                      field("by", &ReportConfirmed::by),
                      field("reading", &ReportConfirmed::reading),
                      field("state", &ReportConfirmed::state),
                      field("indicators", &ReportConfirmed::indicators, Presence::kOmitEmpty,
                            "the readings of the hours and inputs the plan's technology names")};
  }
};

// A deviation goes to the workplace's committee (or the first body above it that exists).
struct SignalRaised {
  static constexpr std::string_view kName = "signal.raised";
  std::string id, workplace, product, indicator, report;
  int64_t period = 0;
  ReportReading reading;
  int32_t level = 0;
  std::string body, acknowledge_by, decide_by;
  static constexpr auto fields() {
    return std::tuple{field("id", &SignalRaised::id),
                      field("workplace", &SignalRaised::workplace),
                      field("product", &SignalRaised::product),
                      field("indicator", &SignalRaised::indicator, Presence::kOmitEmpty,
                            "hours/<category> or inputs/<product>; none for the output"),
                      field("report", &SignalRaised::report),
                      field("period", &SignalRaised::period),
                      field("reading", &SignalRaised::reading),
                      field("level", &SignalRaised::level),
                      field("body", &SignalRaised::body),
                      field("acknowledge_by", &SignalRaised::acknowledge_by),
                      field("decide_by", &SignalRaised::decide_by)};
  }
};

// An open signal's series gave a graver reading (alert to crisis).
struct SignalWorsened {
  static constexpr std::string_view kName = "signal.worsened";
  std::string signal, report;
  int64_t period = 0;
  ReportReading reading;
  static constexpr auto fields() {
    return std::tuple{
        field("signal", &SignalWorsened::signal), field("report", &SignalWorsened::report),
        field("period", &SignalWorsened::period), field("reading", &SignalWorsened::reading)};
  }
};

struct SignalAcknowledged {
  static constexpr std::string_view kName = "signal.acknowledged";
  std::string signal, body, by, note;
  static constexpr auto fields() {
    return std::tuple{
        field("signal", &SignalAcknowledged::signal), field("body", &SignalAcknowledged::body),
        field("by", &SignalAcknowledged::by), field("note", &SignalAcknowledged::note)};
  }
};

struct SignalResolved {
  static constexpr std::string_view kName = "signal.resolved";
  std::string signal, body, by, note, motion;
  static constexpr auto fields() {
    return std::tuple{field("signal", &SignalResolved::signal),
                      field("body", &SignalResolved::body), field("by", &SignalResolved::by),
                      field("note", &SignalResolved::note),
                      field("motion", &SignalResolved::motion, Presence::kOmitEmpty)};
  }
};

struct SignalEscalated {
  static constexpr std::string_view kName = "signal.escalated";
  std::string signal, from, body, reason, acknowledge_by, decide_by;
  int32_t level = 0;
  static constexpr auto fields() {
    return std::tuple{field("signal", &SignalEscalated::signal),
                      field("from", &SignalEscalated::from),
                      field("level", &SignalEscalated::level),
                      field("body", &SignalEscalated::body),
                      field("reason", &SignalEscalated::reason),
                      field("acknowledge_by", &SignalEscalated::acknowledge_by),
                      field("decide_by", &SignalEscalated::decide_by)};
  }
};

// Both bodies carried a revision: the workplace's yearly target from `from_period` on.
struct TargetRevised {
  static constexpr std::string_view kName = "plan.target_revised";
  std::string workplace, round, product;
  Decimal before, target;
  int64_t from_period = 0;
  std::vector<std::string> motions;  // the proposing body's, then the ratifying body's
  static constexpr auto fields() {
    return std::tuple{field("workplace", &TargetRevised::workplace),
                      field("round", &TargetRevised::round),
                      field("product", &TargetRevised::product),
                      field("before", &TargetRevised::before),
                      field("target", &TargetRevised::target),
                      field("from_period", &TargetRevised::from_period),
                      field("motions", &TargetRevised::motions)};
  }
};

}  // namespace collegium::federation
