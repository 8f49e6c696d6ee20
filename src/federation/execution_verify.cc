#include "federation/execution_verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <future>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "base/crypto.h"
#include "federation/codec.h"
#include "federation/events.h"
#include "federation/execution_forecast.h"
#include "record/event.h"
#include "record/verify.h"

namespace collegium::federation {

std::string ExecutionMismatch::to_string() const {
  std::string what = type;
  if (!report.empty()) what += " of " + report;
  if (!workplace.empty()) what += ", workplace " + workplace;
  if (period > 0) what += fmt::format(", period {}", period);
  return fmt::format("seq {} ({}), {}: recorded {}, recomputed {}", seq, what, field, recorded,
                     recomputed);
}

namespace {

// Canonical events end with their type ("...,\"type\":\"report.confirmed\"}"), so the
// events a reading does not depend on are passed over without being parsed.
std::string_view event_type(std::string_view bytes) {
  constexpr std::string_view kType = "\"type\":\"";
  const size_t at = bytes.rfind(kType);
  if (at == std::string_view::npos || bytes.size() < at + kType.size() + 2) return {};
  return bytes.substr(at + kType.size(), bytes.size() - 2 - at - kType.size());
}

int kind_rank(std::string_view kind) {
  return kind == "crisis" ? 2 : kind == "alert" ? 1 : 0;
}

struct Filed {
  std::string workplace;
  int64_t period = 0;
  ReportFigures figures;
};

// A workplace's series in the plan carried out: per classified period, the state it
// started from and the state after it.
struct Series {
  std::map<int64_t, std::pair<std::vector<double>, std::vector<double>>> periods;
};

struct OpenSignal {
  std::string id, kind;
};

// What a reading of a report calls for in the events that follow it.
struct Expected {
  enum class What { kRaise, kWorsen } what = What::kRaise;
  std::string report, workplace, indicator, signal;
  int64_t period = 0;
  ReportReading reading;  // as recomputed
};

// The name an indicator goes by in a mismatch: the output's reading is "reading/...".
std::string reading_field(const std::string& indicator) {
  return indicator.empty() ? "reading/" : "indicators/" + indicator + "/reading/";
}

class Checker {
 public:
  Checker(const ExecutionVerifyOptions& o, ExecutionVerification& out) : o_(o), out_(out) {}

  Status event(uint64_t seq, std::string_view bytes) {
    const std::string_view type = event_type(bytes);
    const bool signal_step = type == SignalRaised::kName || type == SignalWorsened::kName;
    if (!expected_.empty() && !signal_step) nothing_followed(seq, type);
    if (type == ConstitutionFounded::kName || type == ConstitutionAmended::kName) {
      const record::Event e = TRY(decode(seq, bytes));
      const Json none = Json::object();
      auto c = constitution_from_json(
          e.payload.contains("constitution") ? e.payload["constitution"] : none,
          "/payload/constitution");
      if (!c.ok()) return corrupt(c.status().to_string(), where(seq));
      constitution_ = std::move(*c);
    } else if (type == EconomyImported::kName) {
      const record::Event e = TRY(decode(seq, bytes));
      const std::string path = "/payload/economy/weeks_per_year";
      const Json* w = nullptr;
      if (e.payload.contains("economy") && e.payload["economy"].contains("weeks_per_year"))
        w = &e.payload["economy"]["weeks_per_year"];
      if (!w) return corrupt("weeks_per_year is missing", where(seq) + path);
      auto weeks = JsonCodec<Decimal>::read(*w, path);
      if (!weeks.ok()) return corrupt(weeks.status().to_string(), where(seq));
      weeks_per_year_ = weeks->value;
      // What each workplace uses per unit, for its hours and inputs' readings.
      auto economy =
          read_json<EconomyData>(e.payload["economy"], "/payload/economy", UnknownKeys::kIgnore);
      if (!economy.ok()) return corrupt(economy.status().to_string(), where(seq));
      economy_ = std::move(*economy);
      product_index_.clear();
      for (size_t k = 0; k < economy_.products.size(); ++k) {
        product_index_[economy_.products[k].id] = static_cast<int64_t>(k);
      }
      production_.clear();
      for (WorkplaceProduction& p : economy_.workplaces) production_[p.workplace] = std::move(p);
      seen_workplace_ = seen_workplace_ || production_.contains(o_.workplace);
      economy_.workplaces.clear();
    } else if (type == WorkplaceProductionSet::kName) {
      auto ev = TRY(read<WorkplaceProductionSet>(seq, bytes));
      production_[ev.production.workplace] = std::move(ev.production);
    } else if (type == RoundAdopted::kName) {
      const auto ev = TRY(read<RoundAdopted>(seq, bytes));
      adopted(ev);
    } else if (type == TargetRevised::kName) {
      const auto ev = TRY(read<TargetRevised>(seq, bytes));
      revised(ev);
    } else if (type == ReportFiled::kName) {
      const auto ev = TRY(read<ReportFiled>(seq, bytes));
      // The product the rules classify is the one of the workplace's target at the
      // confirmation: every output is kept.
      seen_workplace_ = seen_workplace_ || ev.workplace == o_.workplace;
      filed_[ev.id] = Filed{ev.workplace, ev.period, ev.figures};
    } else if (type == ReportConfirmed::kName) {
      const auto ev = TRY(read<ReportConfirmed>(seq, bytes));
      confirmed(seq, ev);
    } else if (type == SignalRaised::kName) {
      const auto ev = TRY(read<SignalRaised>(seq, bytes));
      raised(seq, ev);
    } else if (type == SignalWorsened::kName) {
      const auto ev = TRY(read<SignalWorsened>(seq, bytes));
      worsened(seq, ev);
    } else if (type == SignalResolved::kName) {
      const auto ev = TRY(read<SignalResolved>(seq, bytes));
      for (auto it = open_.begin(); it != open_.end();) {
        it = it->second.id == ev.signal ? open_.erase(it) : std::next(it);
      }
    }
    return {};
  }

  // The end of the record: a reading's signal may not be missing there either.
  Status finish(uint64_t seq) {
    if (!expected_.empty()) nothing_followed(seq + 1, "");
    if (!o_.workplace.empty() && !seen_workplace_) {
      return not_found(
          fmt::format("no workplace {} in the record's economy, plans or reports", o_.workplace),
          "--workplace");
    }
    return {};
  }

 private:
  static std::string where(uint64_t seq) { return fmt::format("event {}", seq); }

  Result<record::Event> decode(uint64_t seq, std::string_view bytes) {
    auto e = record::decode_event(bytes);
    if (!e.ok()) return corrupt(e.status().message(), where(seq));
    return std::move(*e);
  }

  template <class T>
  Result<T> read(uint64_t seq, std::string_view bytes) {
    const record::Event e = TRY(decode(seq, bytes));
    auto ev = read_json<T>(e.payload, "/payload", UnknownKeys::kIgnore);
    if (!ev.ok()) {
      return corrupt(fmt::format("{} does not read: {}", T::kName, ev.status().to_string()),
                     where(seq));
    }
    return std::move(*ev);
  }

  bool checked(std::string_view workplace) const {
    return o_.workplace.empty() || workplace == o_.workplace;
  }

  void differ(uint64_t seq, std::string_view type, const std::string& report,
              const std::string& workplace, int64_t period, std::string field, std::string recorded,
              std::string recomputed) {
    out_.mismatches.push_back({seq, std::string(type), report, workplace, period, std::move(field),
                               std::move(recorded), std::move(recomputed)});
  }

  // The plan carried out from now: execution_projection.cc's apply_plan_adopted.
  void adopted(const RoundAdopted& ev) {
    ++out_.plans;
    round_ = ev.round;
    const int64_t year = static_cast<int64_t>(weeks_per_year_ * 7 * 86400);
    periods_ = std::max<int64_t>(1, year / constitution_.report_period_seconds);
    targets_.clear();
    for (size_t w = 0; w < ev.workplaces.size() && w < ev.targets.values.size(); ++w) {
      targets_.emplace(
          ev.workplaces[w],
          std::pair{w < ev.products.size() ? ev.products[w] : std::string(), ev.targets.values[w]});
    }
    series_.clear();  // each plan's series starts afresh
    revisions_.clear();
    seen_workplace_ = seen_workplace_ || targets_.contains(o_.workplace);
  }

  // SqlRegistry::planned_use, from the economy the record carries.
  PlannedUse planned_use(const std::string& workplace) const {
    PlannedUse use;
    auto w = production_.find(workplace);
    if (w == production_.end()) return use;
    for (const auto& [category, hours] : w->second.hours)
      use[hours_indicator(category)] += hours.value;
    for (const ProductionInput& i : w->second.inputs)
      use[input_indicator(i.input)] += i.coefficient.value;
    auto product = product_index_.find(w->second.product);
    const EconomyTechnology& a = economy_.technology;
    if (!w->second.inputs.empty() || product == product_index_.end() ||
        static_cast<size_t>(product->second) + 1 >= a.col_ptr.size()) {
      return use;
    }
    for (int64_t k = a.col_ptr[product->second]; k < a.col_ptr[product->second + 1]; ++k) {
      const auto row = static_cast<size_t>(a.row_idx[k]);
      if (row < economy_.products.size() && static_cast<size_t>(k) < a.values.values.size()) {
        use[input_indicator(economy_.products[row].id)] += a.values.values[k];
      }
    }
    return use;
  }

  // A revision of the plan carried out (execution_projection.cc's apply_target_revised).
  void revised(const TargetRevised& ev) {
    auto target = targets_.find(ev.workplace);
    if (ev.round != round_ || target == targets_.end()) return;
    revisions_[ev.workplace].push_back({ev.from_period, ev.before.value});
    target->second.second = ev.target.value;
  }

  // The yearly target in force in `period`: before a revision's first period, what that
  // revision started from (SqlRegistry::workplace_target).
  double yearly_target(const std::string& workplace, int64_t period, double latest) const {
    auto r = revisions_.find(workplace);
    if (r == revisions_.end()) return latest;
    for (const auto& [from, before] : r->second) {
      if (from > period) return before;
    }
    return latest;
  }

  // Compares a recorded reading with the recomputed one, field by field.
  void compare(uint64_t seq, std::string_view type, const std::string& report,
               const std::string& workplace, int64_t period, const std::string& prefix,
               const ReportReading& rec, const ReportReading& re) {
    auto text = [&](const char* name, const std::string& a, const std::string& b) {
      if (a != b) differ(seq, type, report, workplace, period, prefix + name, a, b);
    };
    auto number = [&](const char* name, const Decimal& a, const Decimal& b) {
      text(name, format_decimal(a.value), format_decimal(b.value));
    };
    text("kind", rec.kind, re.kind);
    text("direction", rec.direction, re.direction);
    text("cause", rec.cause, re.cause);
    number("target", rec.target, re.target);
    number("actual", rec.actual, re.actual);
    list(seq, type, report, workplace, period, prefix + "probabilities", rec.probabilities.values,
         re.probabilities.values);
    number("forecast", rec.forecast, re.forecast);
    number("forecast_sd", rec.forecast_sd, re.forecast_sd);
    number("level", rec.level, re.level);
    number("slope", rec.slope, re.slope);
    number("cumulative", rec.cumulative, re.cumulative);
  }

  void list(uint64_t seq, std::string_view type, const std::string& report,
            const std::string& workplace, int64_t period, const std::string& name,
            const std::vector<double>& rec, const std::vector<double>& re) {
    if (rec.size() != re.size()) {
      differ(seq, type, report, workplace, period, name + " (length)", std::to_string(rec.size()),
             std::to_string(re.size()));
      return;
    }
    for (size_t k = 0; k < rec.size(); ++k) {
      const std::string a = format_decimal(rec[k]), b = format_decimal(re[k]);
      if (a != b) differ(seq, type, report, workplace, period, fmt::format("{}/{}", name, k), a, b);
    }
  }

  void confirmed(uint64_t seq, const ReportConfirmed& ev) {
    if (!checked(ev.workplace)) return;
    ++out_.readings;
    ++out_.kinds[ev.reading.kind];
    const std::string type(ReportConfirmed::kName);
    auto differ_here = [&](std::string field, std::string recorded, std::string recomputed) {
      differ(seq, type, ev.report, ev.workplace, ev.period, std::move(field), std::move(recorded),
             std::move(recomputed));
    };
    auto filed = filed_.find(ev.report);
    if (filed == filed_.end()) {
      return differ_here("report", ev.report, "no report.filed of that id before it");
    }
    if (filed->second.workplace != ev.workplace) {
      return differ_here("workplace", ev.workplace, filed->second.workplace);
    }
    if (filed->second.period != ev.period) {
      return differ_here("period", std::to_string(ev.period), std::to_string(filed->second.period));
    }
    auto target = targets_.find(ev.workplace);
    if (target == targets_.end()) {
      return differ_here("reading/target", format_decimal(ev.reading.target.value),
                         fmt::format("none: the plan carried out ({}) has no target for {}",
                                     round_.empty() ? "none adopted" : round_, ev.workplace));
    }
    const auto& outputs = filed->second.figures.output;
    auto actual = outputs.find(target->second.first);
    if (actual == outputs.end()) {
      return differ_here(
          "reading/actual", format_decimal(ev.reading.actual.value),
          fmt::format("none: the report gives no output of {}", target->second.first));
    }
    // Each indicator's figure, from the state its period starts from
    // (execution_rules.cc, confirmation()).
    const double period_target = yearly_target(ev.workplace, ev.period, target->second.second) /
                                 static_cast<double>(periods_);
    const double made = actual->second.value;
    std::vector<IndicatorFigure> figures = {{"", period_target, made}};
    for (IndicatorFigure& f :
         indicator_figures(planned_use(ev.workplace), filed->second.figures, made)) {
      figures.push_back(std::move(f));
    }
    std::map<std::string, const IndicatorReading*> recorded;
    for (const IndicatorReading& i : ev.indicators) recorded[i.indicator] = &i;
    for (const IndicatorFigure& f : figures) {
      const ReportReading* reading = &ev.reading;
      const std::vector<double>* state = &ev.state.values;
      if (!f.indicator.empty()) {
        ++out_.indicator_readings;
        auto r = recorded.find(f.indicator);
        if (r == recorded.end()) {
          differ_here("indicators/" + f.indicator, "none", "a reading");
          continue;
        }
        reading = &r->second->reading;
        state = &r->second->state.values;
        recorded.erase(r);
      }
      Series& series = series_[{ev.workplace, f.indicator}];
      std::vector<double> before;
      if (auto p = series.periods.find(ev.period); p != series.periods.end()) {
        before = p->second.first;
        if (f.indicator.empty()) ++out_.corrections;
      } else if (!series.periods.empty()) {
        before = series.periods.rbegin()->second.second;
      }
      const std::string field = reading_field(f.indicator);
      auto classified = classify_report(constitution_, before, f.target, f.actual);
      if (!classified.ok()) {
        differ_here(field.substr(0, field.size() - 1), reading->kind,
                    "no reading: " + classified.status().to_string());
        series.periods[ev.period] = {std::move(before), *state};
        continue;
      }
      compare(seq, type, ev.report, ev.workplace, ev.period, field, *reading, classified->reading);
      list(seq, type, ev.report, ev.workplace, ev.period,
           f.indicator.empty() ? "state" : "indicators/" + f.indicator + "/state", *state,
           classified->state);
      series.periods[ev.period] = {std::move(before), classified->state};
      expect(ev, f.indicator, classified->reading);
    }
    for (const auto& [indicator, reading] : recorded) {
      differ_here("indicators/" + indicator, "a reading",
                  "none: the plan's technology gives it no use, or the report no figure");
    }
  }

  // The signal a reading calls for (execution_rules.cc, confirmation()), if any.
  void expect(const ReportConfirmed& ev, const std::string& indicator, const ReportReading& r) {
    if (r.kind == "normal") return;
    Expected x;
    x.report = ev.report;
    x.workplace = ev.workplace;
    x.indicator = indicator;
    x.period = ev.period;
    x.reading = r;
    if (auto open = open_.find({ev.workplace, indicator, r.direction}); open != open_.end()) {
      if (kind_rank(r.kind) <= kind_rank(open->second.kind)) return;
      x.what = Expected::What::kWorsen;
      x.signal = open->second.id;
    }
    expected_.push_back(std::move(x));
  }

  // The event after a reading that called for a signal is not a signal's step: every
  // signal still expected is missing.
  void nothing_followed(uint64_t seq, std::string_view type) {
    for (const Expected& x : expected_) {
      differ(
          seq, type.empty() ? std::string_view("the end of the record") : type, x.report,
          x.workplace, x.period, "signal", "none",
          x.what == Expected::What::kRaise
              ? fmt::format("signal.raised ({}{} {})", x.indicator.empty() ? "" : x.indicator + " ",
                            x.reading.kind, x.reading.direction)
              : fmt::format("signal.worsened of {} ({})", x.signal, x.reading.kind));
    }
    expected_.clear();
  }

  // A signal's step: the next one the last report's readings called for, carrying its
  // reading.
  template <class Ev>
  void step_expected(uint64_t seq, const Ev& ev, const std::string& workplace,
                     const std::string& indicator, const std::string& signal, Expected::What what) {
    std::optional<Expected> x;
    if (!expected_.empty()) {
      x = std::move(expected_.front());
      expected_.pop_front();
    }
    const std::string type(Ev::kName);
    if (!x || x->report != ev.report || x->what != what || x->indicator != indicator) {
      differ(
          seq, type, ev.report, workplace, ev.period, "signal",
          indicator.empty() ? type : type + " of " + indicator,
          x ? fmt::format("{} for {}{}",
                          x->what == Expected::What::kRaise ? "signal.raised" : "signal.worsened",
                          x->report, x->indicator.empty() ? "" : " of " + x->indicator)
            : std::string("none: no reading before it calls for one"));
      return;
    }
    if (x->signal != signal) {
      differ(seq, type, ev.report, workplace, ev.period, "signal", signal, x->signal);
    }
    compare(seq, type, ev.report, workplace, ev.period, "reading/", ev.reading, x->reading);
  }

  void raised(uint64_t seq, const SignalRaised& ev) {
    if (checked(ev.workplace)) {
      ++out_.signals_raised;
      step_expected(seq, ev, ev.workplace, ev.indicator, "", Expected::What::kRaise);
    }
    open_[{ev.workplace, ev.indicator, ev.reading.direction}] = {ev.id, ev.reading.kind};
  }

  void worsened(uint64_t seq, const SignalWorsened& ev) {
    std::string workplace, indicator;
    for (auto& [key, open] : open_) {
      if (open.id != ev.signal) continue;
      workplace = std::get<0>(key);
      indicator = std::get<1>(key);
      open.kind = ev.reading.kind;
    }
    if (!checked(workplace)) return;
    ++out_.signals_worsened;
    step_expected(seq, ev, workplace, indicator, ev.signal, Expected::What::kWorsen);
  }

  const ExecutionVerifyOptions& o_;
  ExecutionVerification& out_;
  Constitution constitution_;
  double weeks_per_year_ = 52;
  std::string round_;
  int64_t periods_ = 1;
  std::unordered_map<std::string, std::pair<std::string, double>> targets_;  // product, yearly
  // workplace -> (first period, yearly target before) of each revision, in record order
  std::unordered_map<std::string, std::vector<std::pair<int64_t, double>>> revisions_;
  std::unordered_map<std::string, Filed> filed_;
  EconomyData economy_;  // its workplaces moved to production_
  std::unordered_map<std::string, int64_t> product_index_;
  std::unordered_map<std::string, WorkplaceProduction> production_;
  std::map<std::pair<std::string, std::string>, Series> series_;  // workplace, indicator
  // workplace, indicator, direction
  std::map<std::tuple<std::string, std::string, std::string>, OpenSignal> open_;
  std::deque<Expected> expected_;
  bool seen_workplace_ = false;  // the workplace checked is in the record
};

}  // namespace

Result<ExecutionVerification> verify_execution(std::string_view export_text,
                                               const ExecutionVerifyOptions& options) {
  // The chain is verified on a second thread while this one checks the readings: neither
  // needs the other until the end, and the chain's verdict comes first (an export that
  // does not verify is refused, whatever its readings say).
  auto chain =
      std::async(std::launch::async, [export_text] { return record::verify_export(export_text); });
  ExecutionVerification out;
  out.workplace = options.workplace;
  Checker checker(options, out);
  uint64_t last = 0;
  Status checked = record::for_each_export_event(
      export_text, [&](uint64_t seq, std::string_view bytes, const Digest&) -> Status {
        last = seq;
        if (options.progress && seq % 65536 == 0) options.progress(seq, 0);
        return checker.event(seq, bytes);
      });
  if (checked.ok()) checked = checker.finish(last);
  const record::VerifyReport verified = TRY(chain.get());
  TRY(checked);
  out.events = verified.events;
  out.head = to_hex(verified.head);
  if (options.progress) options.progress(verified.events, verified.events);
  return out;
}

Json execution_verification_json(const ExecutionVerification& v) {
  Json mismatches = Json::array();
  for (const ExecutionMismatch& m : v.mismatches) {
    mismatches.push_back({{"seq", m.seq},
                          {"type", m.type},
                          {"report", m.report},
                          {"workplace", m.workplace},
                          {"period", m.period},
                          {"field", m.field},
                          {"recorded", m.recorded},
                          {"recomputed", m.recomputed}});
  }
  Json kinds = Json::object();
  for (const auto& [kind, n] : v.kinds) kinds[kind] = n;
  return {{"events", v.events},
          {"head", v.head},
          {"workplace", v.workplace},
          {"plans", v.plans},
          {"readings", v.readings},
          {"indicator_readings", v.indicator_readings},
          {"corrections", v.corrections},
          {"kinds", kinds},
          {"signals_raised", v.signals_raised},
          {"signals_worsened", v.signals_worsened},
          {"mismatches", mismatches},
          {"agrees", v.agrees()}};
}

}  // namespace collegium::federation
