// execution_bench: one period of reports from every workplace of the demo, ingested and
// classified through the HTTP API (issue #16, C6), as the workplaces' clerks would send them
// at the end of a week; each step beside a floor measured in the same run.
//
//   execution_bench [--workplaces N] [--members N] [--products N] [--connections C]
//                   [--client-threads T] [--history H] [--elect-all] [--large] [--dir D]
//
// Setup (not timed): the demo federation with its economy; two union bodies elected with
// the committees and shops below them, then the congress and the council (demo_history.h),
// and every other workplace committee elected at the least cost the rules allow (seats + 1
// standing, one ballot; --elect-all instead holds every body's election with its members
// voting, most of an hour at --large); a planning round called by the council, computed, voted (a
// ballot from one member of each workplace) and adopted (bench/common/demo_plan.h, shared with the
// round benchmark). Each workplace's first committee seat holder files its reports of the
// first H periods (default 4) through the federation, so that the timed period meets series
// with a history; the clock then stands just after period H + 1, and each holder gets a
// bearer token. Most workplaces report near plan (3% noise); 2% are lastingly 30% short of it
// and 1% 30% over, so that the timed period raises real signals.
//
// Timed:
//   1. every workplace's report of period H + 1 (its output and its hours, each an
//      indicator the forecaster reads), one POST
//      /api/workplaces/{id}/reports (CSV) each, over C keep-alive connections from T client
//      threads (bench/common/lean_client.h): each is decided, classified by the forecaster,
//      appended durably to the record and projected before its answer. Wall time,
//      reports/s, p50 and p99 latency; the goal is under 20 s at the size;
//   2. the forecaster's own time per series (classify_report, as the confirmation calls
//      it, on the same figures from the same states) beside a plain loop over the same
//      data that reads every figure once (the floor), and its share of step 1;
//   3. the record exported and checked offline: `collegium execution verify` (every
//      reading classified again) beside `collegium record verify` (the hash chain alone).
// Defaults are short (200 workplaces, 20,000 members, 2,000 products); --large is the
// issue's size: 20,000 workplaces, 7,000,000 members, 100,000 products.
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/demo_plan.h"
#include "common/lean_client.h"
#include "federation/execution_forecast.h"
#include "federation/round_job.h"
#include "server/server.h"

namespace fed = collegium::federation;
namespace fs = std::filesystem;
using collegium::bench::Clock;
using collegium::bench::plus;
using collegium::bench::since;

namespace {

[[noreturn]] void fail(const collegium::Status& s) {
  fmt::print(stderr, "execution_bench: {}\n", s.to_string());
  std::exit(1);
}
void check(const collegium::Status& s) {
  if (!s.ok()) fail(s);
}
template <typename T>
T take(collegium::Result<T>&& r) {
  if (!r.ok()) fail(r.status());
  return std::move(*r);
}
double peak_rss_gib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / (1024.0 * 1024.0);
}

// A workplace that reports: its seat holder, product, period target and figure.
struct Reporter {
  std::string workplace, member, product, token;
  double target = 0, actual = 0;
  double ratio = 1;            // its level against plan: 1, or a lasting shortfall or excess
  std::string category;        // its first hours category in the technology, if any
  double hours_per_unit = 0;   // of that category
  std::vector<double> before;  // the forecaster's state before the timed period
};

// Runs the `collegium` program on `args`, its output thrown away; the seconds it took.
double time_command(const std::string& args) {
  const std::string command = fmt::format("{} {} > /dev/null 2>&1", COLLEGIUM_BIN, args);
  auto t0 = Clock::now();
  const int status = std::system(command.c_str());
  const double seconds = since(t0);
  if (status != 0) {
    fail(collegium::internal_error(fmt::format("'{}' exited with {}", command, status)));
  }
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  fed::DemoOptions demo{.workplaces = 200, .members = 20000, .seed = 1921};
  demo.economy_products = 2000;
  int connections = 32, client_threads = 2;
  int64_t history = 4;
  bool elect_all = false;
  fs::path dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) fail(collegium::invalid_argument("a value is missing after " + a));
      return argv[++i];
    };
    if (a == "--workplaces") {
      demo.workplaces = std::stoll(next());
    } else if (a == "--members") {
      demo.members = std::stoll(next());
    } else if (a == "--products") {
      demo.economy_products = std::stoll(next());
    } else if (a == "--connections") {
      connections = std::max(1, std::stoi(next()));
    } else if (a == "--client-threads") {
      client_threads = std::max(1, std::stoi(next()));
    } else if (a == "--elect-all") {
      elect_all = true;
    } else if (a == "--history") {
      history = std::max<int64_t>(0, std::stoll(next()));
    } else if (a == "--dir") {
      dir = next();
    } else if (a == "--large") {
      collegium::bench::large_demo(demo);
    } else {
      fmt::print(stderr,
                 "usage: execution_bench [--workplaces N] [--members N] [--products N] "
                 "[--connections C] [--client-threads T] [--history H] [--elect-all] [--large] "
                 "[--dir D]\n");
      return a == "--help" ? 0 : 2;
    }
  }
  if (dir.empty())
    dir = fs::temp_directory_path() / fmt::format("collegium-execution-bench-{}", getpid());
  fs::remove_all(dir);

  fed::DemoClock clock;
  collegium::server::ServerOptions so;
  so.port = 0;
  so.data_dir = dir;
  so.quiet = true;
  so.requests_per_second = 0;
  so.http_threads = std::max(so.http_threads, connections + so.max_event_streams);
  so.tick_seconds = 0;  // the benchmark moves the clock; no escalation runs meanwhile
  so.hash_cost = collegium::server::HashCost::kFast;
  so.clock = [&clock] { return clock.now(); };
  auto server = take(collegium::server::Server::open(so));
  fed::Federation& f = server->federation();
  fmt::print("execution_bench: {} workplaces, {} members, {} products (data in {})\n",
             demo.workplaces, demo.members, demo.economy_products, dir.string());

  // Setup: the demo, every body elected, a plan adopted.
  std::string now = take(collegium::bench::found_and_elect_demo(f, clock, demo, elect_all ? 0 : 2));
  if (!elect_all) now = take(collegium::bench::elect_remaining_committees(f, clock, now));
  auto t0 = Clock::now();
  const fed::Round round = take(collegium::bench::call_bench_round(f, now));
  std::mutex db;
  if (take(fed::RoundComputer().run(f, db)) != 1)
    fail(collegium::internal_error("the round was not computed"));
  clock.set(plus(now, 7300));
  // One ballot a workplace, the status quo last: enough to adopt "more goods".
  const auto voters = take(collegium::bench::column(
      f, "SELECT MIN(id) FROM members GROUP BY workplace ORDER BY workplace"));
  check(collegium::bench::cast_round_ballots(f, round.id, voters, [](size_t) {
    return std::vector<int64_t>{5, 1, 2, 3, 4};
  }));
  clock.set(plus(now, 10801));
  check(f.execute(fed::Advance{}, fed::kClock));
  const auto plan = f.registry().plan_in_execution();
  if (!plan || plan->round != round.id)
    fail(collegium::failed_precondition("the round was not adopted"));
  fmt::print("  the round called, computed, voted and adopted in {:.1f} s: {} report periods\n",
             since(t0), plan->periods);

  // A seat holder of each workplace's committee.
  std::vector<Reporter> reporters;
  {
    auto q = take(f.store().db().prepare(
        "SELECT t.workplace, t.product, t.target, (SELECT m.member FROM mandates m JOIN bodies b "
        "ON b.id = m.body WHERE b.kind = 'workplace_committee' AND b.constituency_kind = "
        "'workplace' AND b.constituency_ref = t.workplace AND m.ended = '' ORDER BY m.member "
        "LIMIT 1) FROM workplace_targets t WHERE t.round = ? ORDER BY t.workplace"));
    q.bind(1, round.id);
    while (take(q.step())) {
      if (q.column_text(3).empty()) continue;
      reporters.push_back({std::string(q.column_text(0)), std::string(q.column_text(3)),
                           std::string(q.column_text(1)), "",
                           q.column_double(2) / static_cast<double>(plan->periods), 0});
    }
  }
  const std::string targets =
      take(collegium::bench::column(
               f,
               fmt::format("SELECT COUNT(*) FROM workplace_targets WHERE round = '{}'", round.id)))
          .at(0);
  fmt::print("  {} of {} workplaces with a target have an elected committee to report\n",
             reporters.size(), targets);
  if (reporters.empty()) fail(collegium::failed_precondition("no workplace can report"));
  // Each report gives its hours too, as the technology asks for the output made: a second
  // indicator read for every workplace, as a real period's reports would carry.
  for (Reporter& r : reporters) {
    for (const auto& [indicator, per_unit] : f.registry().planned_use(r.workplace)) {
      if (indicator.starts_with("hours/") && per_unit > 0) {
        r.category = indicator.substr(6);
        r.hours_per_unit = per_unit;
        break;
      }
    }
  }
  // The figures: most near plan with 3% noise, 2% of workplaces lastingly 30% short of it
  // and 1% 30% over. The periods before the timed one are filed through the federation
  // (untimed), so that the timed period's figures meet series with a history, as a
  // period's reports do once a plan runs.
  std::mt19937_64 rng(16);
  std::normal_distribution<double> noise(1.0, 0.03);
  std::uniform_real_distribution<double> u(0, 1);
  for (Reporter& r : reporters) {
    const double draw = u(rng);
    r.ratio = draw < 0.02 ? 0.7 : draw < 0.03 ? 1.3 : 1.0;
  }
  auto figure = [&](const Reporter& r) { return r.target * std::max(0.0, r.ratio * noise(rng)); };
  const int64_t timed = history + 1;
  if (timed > plan->periods) fail(collegium::invalid_argument("--history is past the plan"));
  t0 = Clock::now();
  for (int64_t k = 1; k < timed; ++k) {
    clock.set(plus(fed::period_end(*plan, k), 60));
    std::vector<fed::Federation::Submitted> batch;
    for (const Reporter& r : reporters) {
      fed::FileReport c;
      c.workplace = r.workplace;
      c.period = k;
      const double made = figure(r);
      c.figures.output[r.product] = fed::Decimal{made};
      if (!r.category.empty()) {
        c.figures.hours[r.category] = fed::Decimal{r.hours_per_unit * made * noise(rng)};
      }
      batch.push_back({c, r.member, {}, 0, 0, {}});
    }
    check(f.execute_each(batch));
    for (const auto& b : batch) check(b.status);
  }
  if (history > 0) {
    fmt::print("  {} earlier periods of reports filed through the federation in {:.1f} s\n",
               history, since(t0));
    auto q =
        take(f.store().db().prepare("SELECT state FROM plan_readings WHERE round = ? AND workplace "
                                    "= ? AND period = ? AND indicator = ''"));
    for (Reporter& r : reporters) {
      q.bind(1, round.id).bind(2, r.workplace).bind(3, history);
      if (take(q.step())) {
        std::istringstream in{std::string(q.column_text(0))};
        std::string value;
        while (in >> value) r.before.push_back(fed::parse_decimal(value).value_or(0));
      }
      q.reset();
    }
  }

  // The clock just after the timed period; a token for each reporter. Every request is
  // made before the clock starts: the clients share the cores with the server.
  clock.set(plus(fed::period_end(*plan, timed), 60));
  check(f.store().db().exec("BEGIN"));
  for (Reporter& r : reporters)
    r.token = take(server->accounts().create_session(r.member, "bearer", 86400)).token;
  check(f.store().db().exec("COMMIT"));
  std::vector<std::string> requests;
  requests.reserve(reporters.size());
  for (Reporter& r : reporters) {
    r.actual = figure(r);
    std::string csv =
        fmt::format("kind,item,amount\noutput,{},{}\n", r.product, fed::format_decimal(r.actual));
    if (!r.category.empty()) {
      csv += fmt::format("hours,{},{}\n", r.category,
                         fed::format_decimal(r.hours_per_unit * r.actual * noise(rng)));
    }
    requests.push_back(fmt::format(
        "POST /api/workplaces/{}/reports?period={} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Authorization: Bearer {}\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n{}",
        r.workplace, timed, r.token, csv.size(), csv));
  }

  std::promise<int> ready;
  std::thread serving([&] { check(server->run([&](int p) { ready.set_value(p); })); });
  const int port = ready.get_future().get();

  // 1. One period of reports through the HTTP API.
  std::vector<std::vector<double>> latency(static_cast<size_t>(connections));
  std::atomic<int64_t> accepted{0}, refused{0};
  auto refuse = [&](int status, std::string_view why) {
    if (refused++ < 3) fmt::print(stderr, "refused: {} {}\n", status, why);
  };
  t0 = Clock::now();
  std::vector<std::thread> clients;
  for (int t = 0; t < client_threads; ++t) {
    clients.emplace_back([&, t] {
      std::vector<int> mine;
      for (int c = t; c < connections; c += client_threads) mine.push_back(c);
      collegium::bench::lean_client(port, mine, connections, requests, latency, accepted, refuse);
    });
  }
  for (auto& c : clients) c.join();
  const double wall = since(t0);
  server->stop();
  serving.join();
  std::vector<double> all;
  for (auto& l : latency) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[static_cast<size_t>(p * static_cast<double>(all.size() - 1))];
  };
  std::string kinds;
  {
    auto q =
        take(f.store().db().prepare("SELECT kind, COUNT(*) FROM plan_readings WHERE period = ? AND "
                                    "indicator = '' GROUP BY kind ORDER BY kind"));
    q.bind(1, timed);
    while (take(q.step()))
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", q.column_int(1), q.column_text(0));
  }
  const std::string signals =
      take(collegium::bench::column(f, "SELECT COUNT(*) FROM plan_signals")).at(0);

  // 2. The forecaster alone on the same figures from the same states, and the floor.
  const fed::Constitution constitution = f.registry().constitution();
  const size_t n = reporters.size();
  const int repeat = static_cast<int>(std::max<size_t>(1, 200000 / n));
  int64_t alerts = 0;
  t0 = Clock::now();
  for (int k = 0; k < repeat; ++k) {
    for (const Reporter& r : reporters) {
      auto c = fed::classify_report(constitution, r.before, r.target, r.actual);
      if (!c.ok()) fail(c.status());
      alerts += c->reading.kind != "normal";
    }
  }
  const double classify = since(t0) / repeat;
  std::vector<double> target(n), actual(n);
  for (size_t k = 0; k < n; ++k) {
    target[k] = reporters[k].target;
    actual[k] = reporters[k].actual;
  }
  volatile double sink = 0;
  t0 = Clock::now();
  for (int k = 0; k < repeat; ++k) {
    double sum = 0;
    for (size_t j = 0; j < n; ++j) sum += target[j] > 0 ? actual[j] / target[j] : 0;
    sink = sink + sum;
  }
  const double floor = since(t0) / repeat;

  // 3. The record exported, and checked offline.
  const fs::path exported = dir.string() + ".jsonl";
  {
    std::FILE* out = std::fopen(exported.c_str(), "w");
    if (!out) fail(collegium::internal_error("cannot write " + exported.string()));
    check(f.store().export_record(out));
    std::fclose(out);
  }
  const uint64_t events = f.store().head_seq();
  const double bytes = static_cast<double>(fs::file_size(exported));
  const double chain = time_command(fmt::format("record verify {}", exported.string()));
  const double readings = time_command(fmt::format("execution verify {}", exported.string()));

  fmt::print("\n| step | time | beside | ratio |\n|---|---:|---|---:|\n");
  fmt::print(
      "| {} reports of period {} through POST /api/workplaces/{{id}}/reports, {} connections | "
      "{:.2f} s ({:.0f}/s), p50 {:.1f} ms, p99 {:.1f} ms | goal: 20 s | {:.3f} |\n",
      accepted.load(), timed, connections, wall, static_cast<double>(accepted) / wall,
      pct(0.5) * 1e3, pct(0.99) * 1e3, wall / 20);
  fmt::print(
      "| the forecaster per series (classify_report, {} series x {}) | {:.2f} us | a plain loop "
      "over the same figures: {:.1f} ns | {:.0f} |\n",
      n, repeat, classify / static_cast<double>(n) * 1e6, floor / static_cast<double>(n) * 1e9,
      classify / floor);
  fmt::print(
      "| of which the forecaster, for every report | {:.3f} s | the whole step 1 | {:.4f} |\n",
      classify, classify / wall);
  fmt::print(
      "| `collegium execution verify` ({} events, {:.0f} MiB) | {:.2f} s | `collegium record "
      "verify`: {:.2f} s | {:.2f} |\n",
      events, bytes / (1 << 20), readings, chain, readings / chain);
  fmt::print("\nreadings of period {}: {}; signals raised in all: {}; refused: {}\n", timed, kinds,
             signals, refused.load());
  fmt::print("the forecaster alone: {} of {} readings not normal\n", alerts / repeat, n);
  fmt::print("peak resident memory: {:.2f} GiB\n", peak_rss_gib());
  const bool all_in = accepted == static_cast<int64_t>(n);
  server.reset();
  fs::remove(exported);
  fs::remove_all(dir);
  return all_in ? 0 : 1;
}
