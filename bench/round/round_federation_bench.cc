// round_federation_bench: a planning round through the federation itself (issue #14), as
// the server runs it: commands decided, events appended and projected, ballots sealed in
// the box, the vote closed by the clock, and the pages read from the projections. Each
// step beside a peer or a limit measured in the same run.
//
//   round_federation_bench [--workplaces N] [--members N] [--products N] [--reads N]
//                          [--large] [--dir D]
//
// Steps, on a demo federation with its economy (two union bodies elected with the
// committees and shops below them, then the congress and the council; demo_history.h):
//   1. the council calls a round of 4 alternatives; computing it, reading the inputs from
//      the projections and recording round.computed (RoundComputer), beside compute_round
//      alone on the same inputs;
//   2. every member casts a ranked ballot (cast_round_ballot, 1,000 to a transaction),
//      beside the store's bare append of as many events in the same batches;
//   3. the clock closes the vote (close_round: the sealed box read, the count, the ballots
//      published by workplace, the tallies projected, the targets adopted), beside
//      RoundTally alone over the same ballots;
//   4. the pages: what each alternative means for the council (the whole economy), for a
//      union and for a workplace's committee (read_round_body), and the round itself
//      (read_round), --reads times each: median and 99th percentile; the goal is a p99
//      under 50 ms for the council.
// Defaults are short (200 workplaces, 20,000 members, 2,000 products); --large is the
// issue's size: 20,000 workplaces, 7,000,000 members, 100,000 products.
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "base/util.h"
#include "common/demo_plan.h"
#include "federation/read_rounds.h"
#include "federation/round_job.h"
#include "federation/round_tally.h"

namespace fed = collegium::federation;
using collegium::bench::Clock;
using collegium::bench::plus;
using collegium::bench::since;

namespace {

double peak_rss_gib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / (1024.0 * 1024.0);
}
[[noreturn]] void fail(const collegium::Status& s) {
  fmt::print(stderr, "round_federation_bench: {}\n", s.to_string());
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

struct Percentiles {
  double median = 0, p99 = 0;
};
template <typename F>
Percentiles time_reads(int reads, F read) {
  std::vector<double> t;
  for (int i = 0; i < reads; ++i) {
    auto t0 = Clock::now();
    read();
    t.push_back(since(t0));
  }
  std::sort(t.begin(), t.end());
  return {t[t.size() / 2], t[std::min(t.size() - 1, t.size() * 99 / 100)]};
}

std::vector<std::string> column(fed::Federation& f, const std::string& sql) {
  return take(collegium::bench::column(f, sql));
}

}  // namespace

int main(int argc, char** argv) {
  fed::DemoOptions demo{.workplaces = 200, .members = 20000, .seed = 1921};
  demo.economy_products = 2000;
  int reads = 200;
  std::filesystem::path dir;
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
    } else if (a == "--reads") {
      reads = std::stoi(next());
    } else if (a == "--dir") {
      dir = next();
    } else if (a == "--large") {
      collegium::bench::large_demo(demo);
    } else {
      fmt::print(stderr,
                 "usage: round_federation_bench [--workplaces N] [--members N] [--products N] "
                 "[--reads N] [--large] [--dir D]\n");
      return a == "--help" ? 0 : 2;
    }
  }
  if (dir.empty())
    dir =
        std::filesystem::temp_directory_path() / fmt::format("collegium-round-bench-{}", getpid());
  std::filesystem::remove_all(dir);

  fed::DemoClock clock;
  fed::Federation::Options fo;
  fo.clock = [&clock] { return clock.now(); };
  auto f = take(fed::Federation::open(dir, fo));
  fmt::print("round_federation_bench: {} workplaces, {} members, {} products (data in {})\n",
             demo.workplaces, demo.members, demo.economy_products, dir.string());
  const std::string now = take(collegium::bench::found_and_elect_demo(*f, clock, demo, 2));

  // 1. The council calls a round; the computation through the federation.
  const fed::Round round = take(collegium::bench::call_bench_round(*f, now));
  std::mutex db;
  fed::RoundComputer computer;
  auto t0 = Clock::now();
  if (take(computer.run(*f, db)) != 1) fail(collegium::internal_error("nothing was recorded"));
  const double computed = since(t0);
  const auto progress = *computer.progress(round.id);
  auto inputs = take(fed::round_job_inputs(*f, *f->registry().round(round.id)));
  t0 = Clock::now();
  take(fed::compute_round(inputs.economy, inputs.parameters, {}));
  const double alone = since(t0);

  // 2. Every member votes.
  clock.set(plus(now, 7300));
  const auto members = column(*f, "SELECT id FROM members ORDER BY id");
  const std::vector<std::vector<int64_t>> profiles = {
      {3, 1, 2, 4, 5}, {2, 3, 1, 5, 4}, {1, 4, 2, 3, 5}, {5, 2, 1, 3, 4}, {4, 5, 3, 1, 2}};
  t0 = Clock::now();
  check(collegium::bench::cast_round_ballots(
      *f, round.id, members, [&](size_t k) { return profiles[(k * 7919) % profiles.size()]; }));
  const double cast = since(t0);
  // The peer: the store's append of as many events in the same batches, without decide,
  // the projection or the box.
  auto peer_dir = dir.string() + "-append";
  double append = 0;
  {
    std::filesystem::remove_all(peer_dir);
    collegium::store::StoreOptions so;
    auto s = take(collegium::store::Store::open(peer_dir, so));
    t0 = Clock::now();
    for (size_t k = 0; k < members.size(); k += 1000) {
      check(s->transact([&](collegium::store::Transaction& txn) -> collegium::Status {
        for (size_t j = k; j < std::min(members.size(), k + 1000); ++j)
          TRY(txn.append("bench.appended", members[j], collegium::Json{{"round", round.id}}));
        return {};
      }));
    }
    append = since(t0);
  }
  std::filesystem::remove_all(peer_dir);

  // 3. The close.
  clock.set(plus(now, 10801));
  t0 = Clock::now();
  check(f->execute(fed::Advance{}, fed::kClock));
  const double closed = since(t0);
  if (f->registry().round(round.id)->state != "adopted")
    fmt::print("  (the vote sent the round back to amendment)\n");
  // The peer: RoundTally alone over the same ballots, grouped as the close groups them.
  std::vector<std::string> workplace_of;
  {
    auto q = take(f->store().db().prepare("SELECT workplace FROM members ORDER BY id"));
    while (take(q.step())) workplace_of.emplace_back(q.column_text(0));
  }
  auto groups = workplace_of;
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  t0 = Clock::now();
  auto tally = take(fed::RoundTally::open(round.alternatives, static_cast<int32_t>(groups.size())));
  std::vector<uint8_t> ranks;
  for (size_t k = 0; k < members.size(); ++k) {
    const auto& p = profiles[(k * 7919) % profiles.size()];
    ranks.assign(p.begin(), p.end());
    auto g = std::lower_bound(groups.begin(), groups.end(), workplace_of[k]) - groups.begin();
    check(tally.add(static_cast<int32_t>(g), ranks));
  }
  take(tally.close({}, 1));
  const double tallied = since(t0);

  // 4. The pages.
  const std::string union_body =
      column(*f, "SELECT id FROM bodies WHERE kind = 'union' ORDER BY seq LIMIT 1").at(0);
  const std::string committee =
      column(*f, "SELECT id FROM bodies WHERE kind = 'workplace_committee' ORDER BY seq LIMIT 1")
          .at(0);
  auto body_page = [&](const std::string& b) {
    return time_reads(reads, [&] { take(fed::read_round_body(*f, round.id, b)); });
  };
  const Percentiles council_page = body_page("council");
  const Percentiles union_page = body_page(union_body);
  const Percentiles committee_page = body_page(committee);
  const Percentiles round_page =
      time_reads(reads, [&] { take(fed::read_round(*f, round.id, clock.now(), "")); });

  fmt::print("\n| step | time | beside | ratio |\n|---|---:|---|---:|\n");
  fmt::print(
      "| compute a round through the federation (read, compute, record) | {:.2f} s | "
      "compute_round alone: {:.2f} s | {:.2f} |\n",
      computed, alone, computed / alone);
  fmt::print("| of which the engine (the job's own clock) | {:.2f} s | | |\n", progress.seconds);
  fmt::print(
      "| {} members cast a ranked ballot | {:.1f} s ({:.0f}/s) | bare appends: {:.1f} s | "
      "{:.1f} |\n",
      members.size(), cast, members.size() / cast, append, cast / append);
  fmt::print("| close the vote ({} ballots) | {:.2f} s | RoundTally alone: {:.2f} s | {:.1f} |\n",
             members.size(), closed, tallied, closed / tallied);
  auto row = [&](const char* what, const Percentiles& p) {
    fmt::print("| {} ({} reads) | median {:.1f} ms, p99 {:.1f} ms | | |\n", what, reads,
               p.median * 1e3, p.p99 * 1e3);
  };
  row("the council's page: what each plan means for the whole economy", council_page);
  row(fmt::format("a union's page ({})", union_body).c_str(), union_page);
  row(fmt::format("a workplace committee's page ({})", committee).c_str(), committee_page);
  row("the round's page", round_page);
  fmt::print("\npeak resident memory: {:.2f} GiB\n", peak_rss_gib());
  f.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
