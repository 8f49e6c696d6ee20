// forecast_bench: the plan-fulfilment forecaster (issue 16, C6) against the floor, measured
// in the same run on the same data.
//
//   forecast_bench [--series N] [--periods T] [--repeat R] [--seed S] [--characteristics]
//
// Data: N series (default 100,000) of T periods (default 52), generated from the seed: each
// series has its own target size, noise (2% to 8%) and starting level (0.9 to 1.1 of plan);
// a third of them step (10% to 30%, up or down) and a third turn (0.5 to 2 points a period)
// at a random period; every figure has a 2% chance of being an outlier, and 1% of periods
// have no target. Three timings, each the median of R runs (default 5), per series-period:
//   floor     a plain loop over the same data that sums actual / target (no model can do less
//             than read every figure once);
//   update    the model alone (forecast::update, 16 Kalman updates and the collapse);
//   observe   the whole forecaster (validation, model, classification), as the federation
//             calls it.
// Series run one after the other, each through its 52 periods, on one thread.
//
// --characteristics also runs the documented operating characteristics (docs/forecast.md):
// on 2,000 series with 5% noise, how often a steady series raises a signal, and how soon
// each kind of change is seen and as what.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "forecast/forecast.h"

namespace fc = collegium::forecast;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Data {
  int64_t series = 0, periods = 0;
  std::vector<double> target, actual;  // series-major: [s * periods + t]
};

Data generate(int64_t series, int64_t periods, uint64_t seed) {
  Data d;
  d.series = series;
  d.periods = periods;
  d.target.resize(series * periods);
  d.actual.resize(series * periods);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> z(0, 1);
  for (int64_t s = 0; s < series; ++s) {
    double size = std::exp(std::log(10.0) + u(rng) * std::log(1000.0));  // 10 to 10,000
    double sd = 0.02 + 0.06 * u(rng);
    double level = 0.9 + 0.2 * u(rng);
    double kind = u(rng);
    int64_t at = 5 + static_cast<int64_t>(u(rng) * static_cast<double>(periods - 5));
    double step = kind < 1.0 / 3 ? (u(rng) < 0.5 ? -1 : 1) * (0.1 + 0.2 * u(rng)) : 0;
    double slope =
        kind >= 1.0 / 3 && kind < 2.0 / 3 ? (u(rng) < 0.5 ? -1 : 1) * (0.005 + 0.015 * u(rng)) : 0;
    for (int64_t t = 0; t < periods; ++t) {
      double r = level + (t >= at ? step + slope * static_cast<double>(t - at) : 0) + sd * z(rng);
      if (u(rng) < 0.02) r *= 0.3 + 0.9 * u(rng);  // an outlier
      double target = u(rng) < 0.01 ? 0 : size * (0.9 + 0.2 * u(rng));
      d.target[s * periods + t] = target;
      d.actual[s * periods + t] = std::max(0.0, r) * (target > 0 ? target : size);
    }
  }
  return d;
}

// The floor: read every figure once and sum its ratio.
double floor_pass(const Data& d) {
  double total = 0;
  for (size_t i = 0; i < d.target.size(); ++i)
    if (d.target[i] > 0) total += d.actual[i] / d.target[i];
  return total;
}

// The model alone, with the ratio taken as the observe() does.
double update_pass(const Data& d, const fc::Params& params) {
  double total = 0;
  for (int64_t s = 0; s < d.series; ++s) {
    fc::Mixture m = fc::initial_mixture(params);
    for (int64_t t = 0; t < d.periods; ++t) {
      size_t i = s * d.periods + t;
      std::optional<double> y;
      if (d.target[i] > 0) y = d.actual[i] / d.target[i];
      fc::Update u = fc::update(params, m, y);
      m = u.posterior;
      total += u.forecast_mean;
    }
  }
  return total;
}

struct Tally {
  int64_t signals[3][5] = {};  // by kind and cause
  double check = 0;
};

Tally observe_pass(const Data& d, const fc::Params& params, const fc::Thresholds& thresholds) {
  Tally tally;
  for (int64_t s = 0; s < d.series; ++s) {
    fc::SeriesState state = fc::initial_state(params);
    for (int64_t t = 0; t < d.periods; ++t) {
      size_t i = s * d.periods + t;
      auto step = fc::observe(params, thresholds, state, d.target[i], d.actual[i]);
      if (!step.ok()) {
        fmt::print(stderr, "forecast_bench: {}\n", step.status().to_string());
        std::exit(1);
      }
      tally.check += step->level;
      tally.signals[static_cast<int>(step->kind)][static_cast<int>(step->cause)]++;
    }
  }
  return tally;
}

// How often a steady series raises a signal, and how soon each change is seen and as what
// (docs/forecast.md, "How well it sees").
void characteristics(uint64_t seed) {
  const int kSeries = 2000, kPeriods = 52, kChangeAt = 20;
  const double kNoise = 0.05;
  fc::Params params;
  fc::Thresholds thresholds;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, kNoise);
  struct Case {
    const char* name;
    double step, slope;
  };
  fmt::print(
      "\noperating characteristics: {} series x {} periods, noise sd {}, change after period "
      "{}\n",
      kSeries, kPeriods, kNoise, kChangeAt);
  fmt::print("{:<14} {:>8} {:>8} {:>10} {:>8} {:>8} {:>8} {:>8}\n", "series", "signal", "delay",
             "cum.delay", "step", "slope", "cumul.", "outlier");
  for (Case c : {Case{"steady", 0, 0}, Case{"step -20%", -0.2, 0}, Case{"step -10%", -0.1, 0},
                 Case{"step +20%", 0.2, 0}, Case{"slope -2%/p", 0, -0.02},
                 Case{"slope -1%/p", 0, -0.01}, Case{"slope -0.5%/p", 0, -0.005}}) {
    int caught = 0;
    double delay = 0;
    std::map<fc::Cause, int> first;
    // When the noise-free cumulative ratio would reach its alert: the delay a rule on the
    // cumulative shortfall alone could not beat.
    int cumulative_delay = -1;
    double sum = 0;
    for (int t = 1; t <= kPeriods; ++t) {
      sum += 1 + (t > kChangeAt ? c.step + c.slope * (t - kChangeAt) : 0);
      if (t > kChangeAt && cumulative_delay < 0 &&
          std::abs(sum / t - 1) >= thresholds.cumulative_alert)
        cumulative_delay = t - kChangeAt;
    }
    for (int s = 0; s < kSeries; ++s) {
      fc::SeriesState state = fc::initial_state(params);
      bool seen = false;
      for (int t = 1; t <= kPeriods; ++t) {
        double r = 1 + (t > kChangeAt ? c.step + c.slope * (t - kChangeAt) : 0) + z(rng);
        auto step = fc::observe(params, thresholds, state, 100, 100 * std::max(0.0, r));
        if (!step.ok()) std::exit(1);
        bool counts = c.step == 0 && c.slope == 0 ? true : t > kChangeAt;
        if (!seen && counts && step->kind != fc::Kind::kNormal) {
          seen = true;
          ++caught;
          delay += t - kChangeAt;
          first[step->cause]++;
        }
      }
    }
    auto share = [&](fc::Cause k) { return fmt::format("{:.2f}", double(first[k]) / kSeries); };
    fmt::print("{:<14} {:>8.3f} {:>8} {:>10} {:>8} {:>8} {:>8} {:>8}\n", c.name,
               double(caught) / kSeries,
               c.step == 0 && c.slope == 0 ? std::string("-")
                                           : fmt::format("{:.1f}", caught ? delay / caught : 0),
               cumulative_delay < 0 ? std::string("-") : fmt::format("{}", cumulative_delay),
               share(fc::Cause::kStep), share(fc::Cause::kSlope), share(fc::Cause::kCumulative),
               share(fc::Cause::kOutlier));
  }
  fmt::print(
      "signal: share of series with a signal (for steady: at any period); delay: mean periods "
      "from the change to the first signal; cum.delay: when the noise-free cumulative ratio "
      "reaches its alert; step..outlier: share of series whose first signal has that cause\n");
}

}  // namespace

int main(int argc, char** argv) {
  int64_t series = 100000, periods = 52;
  int repeat = 5;
  uint64_t seed = 1976;
  bool with_characteristics = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        fmt::print(stderr, "forecast_bench: {} needs a value\n", a);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--series") {
      series = std::atoll(next());
    } else if (a == "--periods") {
      periods = std::atoll(next());
    } else if (a == "--repeat") {
      repeat = std::atoi(next());
    } else if (a == "--seed") {
      seed = std::strtoull(next(), nullptr, 10);
    } else if (a == "--characteristics") {
      with_characteristics = true;
    } else {
      fmt::print(stderr,
                 "usage: forecast_bench [--series N] [--periods T] [--repeat R] [--seed S] "
                 "[--characteristics]\n");
      return 2;
    }
  }
  if (series < 1 || periods < 6 || repeat < 1) {
    fmt::print(stderr, "forecast_bench: needs --series >= 1, --periods >= 6, --repeat >= 1\n");
    return 2;
  }

  Data d = generate(series, periods, seed);
  const double n = static_cast<double>(series * periods);
  fc::Params params;
  fc::Thresholds thresholds;
  fmt::print("{} series x {} periods = {} figures (seed {}), median of {} runs\n", series, periods,
             series * periods, seed, repeat);

  std::vector<double> t_floor, t_update, t_observe;
  double sink = 0;
  Tally tally;
  for (int r = 0; r < repeat; ++r) {
    auto t = Clock::now();
    sink += floor_pass(d);
    t_floor.push_back(since(t));
    t = Clock::now();
    sink += update_pass(d, params);
    t_update.push_back(since(t));
    t = Clock::now();
    tally = observe_pass(d, params, thresholds);
    t_observe.push_back(since(t));
    sink += tally.check;
  }
  double floor_ns = median(t_floor) / n * 1e9;
  double update_ns = median(t_update) / n * 1e9;
  double observe_ns = median(t_observe) / n * 1e9;
  fmt::print("{:<10} {:>12} {:>14} {:>10}\n", "step", "seconds", "ns/figure", "x floor");
  fmt::print("{:<10} {:>12.4f} {:>14.2f} {:>10.1f}\n", "floor", median(t_floor), floor_ns, 1.0);
  fmt::print("{:<10} {:>12.4f} {:>14.2f} {:>10.1f}\n", "update", median(t_update), update_ns,
             update_ns / floor_ns);
  fmt::print("{:<10} {:>12.4f} {:>14.2f} {:>10.1f}\n", "observe", median(t_observe), observe_ns,
             observe_ns / floor_ns);
  fmt::print("observe per series of {} periods: {:.2f} us\n", periods, observe_ns * periods / 1e3);
  fmt::print("signals (share of figures):");
  for (int k = 0; k < 3; ++k)
    for (int c = 0; c < 5; ++c)
      if (tally.signals[k][c])
        fmt::print(" {}/{} {:.4f}", fc::kind_name(static_cast<fc::Kind>(k)),
                   fc::cause_name(static_cast<fc::Cause>(c)),
                   static_cast<double>(tally.signals[k][c]) / n);
  fmt::print("\n(checksum {:.6g})\n", sink);

  if (with_characteristics) characteristics(seed);
  return 0;
}
