#include "federation/execution_verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <optional>
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
  std::map<std::string, double> outputs;  // product -> units made
};

// A workplace's series in the plan carried out: per classified period, the state it
// started from and the state after it.
struct Series {
  std::map<int64_t, std::pair<std::vector<double>, std::vector<double>>> periods;
};

struct OpenSignal {
  std::string id, kind;
};

// What a reading of a report calls for in the event that follows it.
struct Expected {
  enum class What { kNothing, kRaise, kWorsen } what = What::kNothing;
  std::string report, workplace, signal;
  int64_t period = 0;
  ReportReading reading;  // as recomputed
};

class Checker {
 public:
  Checker(const ExecutionVerifyOptions& o, ExecutionVerification& out) : o_(o), out_(out) {}

  Status event(uint64_t seq, std::string_view bytes) {
    const std::string_view type = event_type(bytes);
    const bool signal_step = type == SignalRaised::kName || type == SignalWorsened::kName;
    if (expected_ && !signal_step) {
      TRY(nothing_followed(seq, type));
    }
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
      Filed f{ev.workplace, ev.period, {}};
      for (const auto& [product, amount] : ev.figures.output) f.outputs[product] = amount.value;
      filed_[ev.id] = std::move(f);
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
    if (expected_) TRY(nothing_followed(seq + 1, ""));
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
    const auto& outputs = filed->second.outputs;
    auto actual = outputs.find(target->second.first);
    if (actual == outputs.end()) {
      return differ_here(
          "reading/actual", format_decimal(ev.reading.actual.value),
          fmt::format("none: the report gives no output of {}", target->second.first));
    }
    // The state the period starts from (execution_projection.cc, apply_report_confirmed).
    Series& series = series_[ev.workplace];
    std::vector<double> before;
    if (auto p = series.periods.find(ev.period); p != series.periods.end()) {
      before = p->second.first;
      ++out_.corrections;
    } else if (!series.periods.empty()) {
      before = series.periods.rbegin()->second.second;
    }
    const double period_target = yearly_target(ev.workplace, ev.period, target->second.second) /
                                 static_cast<double>(periods_);
    auto classified = classify_report(constitution_, before, period_target, actual->second);
    if (!classified.ok()) {
      differ_here("reading", ev.reading.kind, "no reading: " + classified.status().to_string());
      series.periods[ev.period] = {std::move(before), ev.state.values};
      return;
    }
    compare(seq, type, ev.report, ev.workplace, ev.period, "reading/", ev.reading,
            classified->reading);
    list(seq, type, ev.report, ev.workplace, ev.period, "state", ev.state.values,
         classified->state);
    series.periods[ev.period] = {std::move(before), classified->state};

    // The signal this reading calls for (execution_rules.cc, confirmation()).
    const ReportReading& r = classified->reading;
    if (r.kind == "normal") return;
    Expected x;
    x.report = ev.report;
    x.workplace = ev.workplace;
    x.period = ev.period;
    x.reading = r;
    if (auto open = open_.find({ev.workplace, r.direction}); open != open_.end()) {
      if (kind_rank(r.kind) <= kind_rank(open->second.kind)) return;
      x.what = Expected::What::kWorsen;
      x.signal = open->second.id;
    } else {
      x.what = Expected::What::kRaise;
    }
    expected_ = std::move(x);
  }

  // The event after a reading that called for a signal is not a signal's step.
  Status nothing_followed(uint64_t seq, std::string_view type) {
    const Expected x = std::move(*expected_);
    expected_.reset();
    differ(seq, type.empty() ? std::string_view("the end of the record") : type, x.report,
           x.workplace, x.period, "signal", "none",
           x.what == Expected::What::kRaise
               ? fmt::format("signal.raised ({} {})", x.reading.kind, x.reading.direction)
               : fmt::format("signal.worsened of {} ({})", x.signal, x.reading.kind));
    return {};
  }

  // A signal's step: the one the last reading called for, carrying that reading.
  template <class Ev>
  bool step_expected(uint64_t seq, const Ev& ev, const std::string& workplace,
                     Expected::What what) {
    std::optional<Expected> x = std::move(expected_);
    expected_.reset();
    const std::string type(Ev::kName);
    if (!x || x->report != ev.report || x->what != what) {
      differ(
          seq, type, ev.report, workplace, ev.period, "signal", type,
          x ? fmt::format("{} for {}",
                          x->what == Expected::What::kRaise ? "signal.raised" : "signal.worsened",
                          x->report)
            : std::string("none: no reading before it calls for one"));
      return false;
    }
    compare(seq, type, ev.report, workplace, ev.period, "reading/", ev.reading, x->reading);
    return true;
  }

  void raised(uint64_t seq, const SignalRaised& ev) {
    if (checked(ev.workplace)) {
      ++out_.signals_raised;
      step_expected(seq, ev, ev.workplace, Expected::What::kRaise);
    }
    open_[{ev.workplace, ev.reading.direction}] = {ev.id, ev.reading.kind};
  }

  void worsened(uint64_t seq, const SignalWorsened& ev) {
    std::string workplace;
    for (auto& [key, open] : open_) {
      if (open.id != ev.signal) continue;
      workplace = key.first;
      open.kind = ev.reading.kind;
    }
    if (!checked(workplace)) return;
    ++out_.signals_worsened;
    if (expected_ && expected_->signal != ev.signal && expected_->report == ev.report) {
      differ(seq, SignalWorsened::kName, ev.report, workplace, ev.period, "signal", ev.signal,
             expected_->signal);
    }
    step_expected(seq, ev, workplace, Expected::What::kWorsen);
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
  std::unordered_map<std::string, Series> series_;
  std::map<std::pair<std::string, std::string>, OpenSignal> open_;  // workplace, direction
  std::optional<Expected> expected_;
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
          {"corrections", v.corrections},
          {"kinds", kinds},
          {"signals_raised", v.signals_raised},
          {"signals_worsened", v.signals_worsened},
          {"mismatches", mismatches},
          {"agrees", v.agrees()}};
}

}  // namespace collegium::federation
