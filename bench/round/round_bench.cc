// round_bench: a planning round on the demo economy (issue #14), each step beside a peer
// or a limit measured in the same run.
//
//   round_bench [--workplaces N] [--members N] [--products N] [--ballots N] [--repeat R]
//               [--large] [--skip-lp] [--lp-round]
//
// Steps:
//   1. compute a round of 4 alternatives plus the status quo, with every body's
//      implications (compute_round), beside the engine's own compute_alternatives for the
//      same 4 choices on the same economy (the peer: what the round adds is the status
//      quo and the bodies);
//   2. recompute after one workplace's amendment of its capacity and hours per unit
//      (recompute_round, starting from the last solutions), and after one product's
//      inputs change, each beside computing the amended round from scratch;
//   3. tally N ballots grouped by workplace and close the count (RoundTally), beside the
//      limit of one pass that reads every ballot's bytes once, and beside
//      collegium::count's Schulze on the same ballots held one by one;
//   4. the LP (the optimal plan) on the small demo's own economy (40 workplaces, 3,000
//      members), with its size; --lp-round adds it to the round at the chosen size.
// Defaults are short (2,000 workplaces, 100,000 members, 10,000 products, 100,000 ballots);
// --large is the size: 20,000 workplaces, 7,000,000 members, 100,000 products and
// 7,000,000 ballots. Times are medians of --repeat runs (default 3).
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "count/ballot.h"
#include "count/lot.h"
#include "count/schulze.h"
#include "federation/demo.h"
#include "federation/demo_economy.h"
#include "federation/federation.h"
#include "federation/round_compute.h"
#include "federation/round_tally.h"
#include "plan/alternatives.h"
#include "plan/optimal_plan.h"

namespace fed = collegium::federation;
namespace pl = collegium::plan;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
double peak_rss_gib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / (1024.0 * 1024.0);
}
[[noreturn]] void fail(const collegium::Status& s) {
  fmt::print(stderr, "round_bench: {}\n", s.to_string());
  std::exit(1);
}
template <typename T>
T take(collegium::Result<T>&& r) {
  if (!r.ok()) fail(r.status());
  return std::move(*r);
}

struct Demo {
  fed::RoundRegistry registry;
  std::vector<int64_t> members;  // per registry workplace
  fed::DemoFacts facts;
};

// One pass over the demo's commands gives both the registry facts and the economy's.
Demo load(const fed::DemoOptions& o) {
  Demo d;
  std::unordered_map<std::string, size_t> index;
  collegium::Status s = fed::generate_demo(o, [&](fed::LabelledCommand&& c) -> collegium::Status {
    if (const auto* m = std::get_if<fed::AdmitMember>(&c.command)) {
      const size_t w = index.at(m->member.workplace);
      ++d.members[w];
      ++d.facts.workplaces[w].members[static_cast<size_t>(m->member.category)];
      return {};
    }
    d.registry.take(c.command);
    if (const auto* w = std::get_if<fed::CreateWorkplace>(&c.command)) {
      index.emplace(w->workplace.id, d.members.size());
      d.members.push_back(0);
      d.facts.workplaces.push_back(
          {w->workplace.id, w->workplace.name, w->workplace.region, w->workplace.branch, {}});
    } else if (const auto* r = std::get_if<fed::CreateRegion>(&c.command)) {
      d.facts.regions.emplace_back(r->region.id, r->region.name);
    } else if (const auto* b = std::get_if<fed::CreateBranch>(&c.command)) {
      d.facts.branches.emplace_back(b->branch.id, b->branch.name);
    }
    return {};
  });
  if (!s.ok()) fail(s);
  return d;
}

const std::vector<pl::Choice> kChoices = {{"consumption", 1, 0, 0},
                                          {"hours", 0, 1, 0},
                                          {"investment", 0, 0, 1},
                                          {"even", 1.0 / 3, 1.0 / 3, 1.0 / 3}};

void lp_on(const pl::Economy& e, const std::string& what) {
  auto program = take(pl::optimal_plan_program(e, {}));
  auto t = Clock::now();
  auto plan = take(pl::optimal_plan(e, {}));
  const double s = since(t);
  fmt::print(
      "LP on {}: {} rows x {} columns, {} nonzeros; {} ({}) in {:.3f} s, {} simplex iterations, "
      "fraction of the consumption target {:.4f}\n",
      what, program.matrix.rows, program.matrix.cols, program.matrix.nonzeros(),
      pl::lp_status_name(plan.status), plan.explanation.empty() ? "ok" : plan.explanation, s,
      plan.iterations, plan.fraction);
}

}  // namespace

int main(int argc, char** argv) {
  fed::DemoOptions demo{.workplaces = 2000, .members = 100000, .seed = 1921};
  int64_t products = 10000, ballots = 100000;
  int repeat = 3;
  bool skip_lp = false, lp_round = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> int64_t {
      if (i + 1 >= argc) fail(collegium::invalid_argument("missing value", a));
      return std::atoll(argv[++i]);
    };
    if (a == "--workplaces")
      demo.workplaces = next();
    else if (a == "--members")
      demo.members = next();
    else if (a == "--products")
      products = next();
    else if (a == "--ballots")
      ballots = next();
    else if (a == "--repeat")
      repeat = static_cast<int>(next());
    else if (a == "--skip-lp")
      skip_lp = true;
    else if (a == "--lp-round")
      lp_round = true;
    else if (a == "--large") {
      demo.workplaces = 20000;
      demo.members = 7000000;
      products = 100000;
      ballots = 7000000;
    } else {
      fmt::print(stderr,
                 "usage: round_bench [--workplaces N] [--members N] [--products N] "
                 "[--ballots N] [--repeat R] [--large] [--skip-lp] [--lp-round]\n");
      return 2;
    }
  }
  repeat = std::max(1, repeat);

  auto t = Clock::now();
  Demo d = load(demo);
  pl::Economy economy = take(fed::demo_economy(d.facts, demo.seed, {.products = products}));
  fmt::print(
      "demo: {} workplaces, {} members, {} bodies; economy of {} products, {} nonzeros "
      "(set up in {:.1f} s)\n",
      d.registry.workplaces.size(), demo.members, d.registry.bodies.size(), economy.products.size(),
      economy.technology.nonzeros(), since(t));

  // 1. Computing the round.
  fed::RoundParameters params;
  params.productivity_gain = 0.02;
  params.choices = kChoices;
  params.optimal_plan = lp_round;
  std::vector<double> ours, engine;
  fed::RoundComputation last;
  for (int r = 0; r < repeat; ++r) {
    t = Clock::now();
    pl::AlternativesRequest req;
    req.productivity_gain = 0.02;
    req.choices = kChoices;
    auto alts = take(pl::compute_alternatives(economy, req));
    engine.push_back(since(t));
    t = Clock::now();
    last = take(fed::compute_round(economy, params, d.registry));
    ours.push_back(since(t));
  }
  size_t bottlenecks = 0;
  for (const auto& a : last.alternatives) bottlenecks += a.bottlenecks.size();
  fmt::print(
      "compute a round (status quo + 4 choices{}, {} bodies' implications): {:.3f} s (goal < 10 "
      "s); "
      "the engine's 4 alternatives alone: {:.3f} s; ratio {:.2f}; {} solver iterations, {} "
      "bottlenecks\n",
      lp_round ? " + optimal plan" : "", last.bodies.size(), median(ours), median(engine),
      median(ours) / median(engine), last.solver_iterations, bottlenecks);

  // 2. Recomputing after one workplace's amendment.
  std::vector<double> warm, cold;
  int64_t warm_iterations = 0, cold_iterations = 0;
  for (int r = 0; r < repeat; ++r) {
    pl::Economy amended = economy;
    const pl::Workplace& w =
        amended.workplaces[static_cast<size_t>(r * 7919) % amended.workplaces.size()];
    std::vector<double> labour = w.labour_per_unit;
    for (double& h : labour) h *= 0.95;
    auto s = fed::amend_workplace(amended, {w.id, w.capacity * 1.1, {}, labour});
    if (!s.ok()) fail(s);
    t = Clock::now();
    auto x = take(fed::recompute_round(amended, last, d.registry));
    warm.push_back(since(t));
    warm_iterations = x.solver_iterations;
    t = Clock::now();
    auto y = take(fed::compute_round(amended, params, d.registry));
    cold.push_back(since(t));
    cold_iterations = y.solver_iterations;
  }
  fmt::print(
      "recompute after one workplace's amendment: {:.3f} s (goal < 1 s), {} solver iterations; "
      "from scratch: {:.3f} s, {} iterations; speed-up {:.2f}x\n",
      median(warm), warm_iterations, median(cold), cold_iterations, median(cold) / median(warm));

  // 2b. Recomputing after one product's inputs change (as when a workplace corrects its
  // own inputs and the technology follows): I - A is set up again, the solves still start
  // from the last outputs.
  std::vector<double> warm_a, cold_a;
  int64_t warm_a_iterations = 0, cold_a_iterations = 0;
  for (int r = 0; r < repeat; ++r) {
    pl::Economy amended = economy;
    const size_t j = static_cast<size_t>(r * 7919) % static_cast<size_t>(amended.technology.cols);
    for (int64_t q = amended.technology.col_ptr[j]; q < amended.technology.col_ptr[j + 1]; ++q)
      amended.technology.values[static_cast<size_t>(q)] *= 0.97;
    t = Clock::now();
    auto x = take(fed::recompute_round(amended, last, d.registry));
    warm_a.push_back(since(t));
    warm_a_iterations = x.solver_iterations;
    t = Clock::now();
    auto y = take(fed::compute_round(amended, params, d.registry));
    cold_a.push_back(since(t));
    cold_a_iterations = y.solver_iterations;
  }
  fmt::print(
      "recompute after one product's inputs change: {:.3f} s, {} solver iterations; from "
      "scratch: {:.3f} s, {} iterations; speed-up {:.2f}x\n",
      median(warm_a), warm_a_iterations, median(cold_a), cold_a_iterations,
      median(cold_a) / median(warm_a));

  // 3. Tallying the ballots. Ballots come from a fixed stream, members of each workplace
  // in turn (the first N members of the demo), held flat before the clock starts.
  const int32_t k = 5;
  std::vector<std::string> names = {"status quo"};
  for (const pl::Choice& c : kChoices) names.push_back(c.name);
  std::vector<uint8_t> ranks(static_cast<size_t>(ballots) * k);
  std::vector<int32_t> workplace_of(static_cast<size_t>(ballots));
  {
    collegium::count::Lot lot(1921);
    size_t w = 0;
    int64_t left = d.members.empty() ? 0 : d.members[0];
    for (int64_t b = 0; b < ballots; ++b) {
      while (left == 0) {
        w = (w + 1) % d.members.size();
        left = d.members[w];
      }
      --left;
      workplace_of[static_cast<size_t>(b)] = static_cast<int32_t>(w);
      // A random order of the five, then a cut: most rank all, some fewer.
      uint8_t order[k] = {0, 1, 2, 3, 4};
      for (int32_t i = k - 1; i > 0; --i)
        std::swap(order[i], order[lot.below(static_cast<uint64_t>(i + 1))]);
      const int32_t ranked = 2 + static_cast<int32_t>(lot.below(4));
      for (int32_t i = 0; i < k; ++i)
        ranks[static_cast<size_t>(b) * k + order[i]] = i < ranked ? static_cast<uint8_t>(i + 1) : 0;
    }
  }
  const auto scopes = take(fed::body_scopes(d.registry));
  std::vector<double> tally, floor_pass;
  fed::RoundResult result;
  for (int r = 0; r < repeat; ++r) {
    t = Clock::now();
    uint64_t sum = 0;
    for (size_t i = 0; i < ranks.size(); ++i)
      sum += ranks[i] + static_cast<uint64_t>(workplace_of[i / k]);
    floor_pass.push_back(since(t));
    if (sum == 1) fmt::print(stderr, "(a sum that keeps the pass)\n");
    t = Clock::now();
    auto tl =
        take(fed::RoundTally::open(names, static_cast<int32_t>(d.registry.workplaces.size())));
    for (int64_t b = 0; b < ballots; ++b) {
      auto s = tl.add(workplace_of[static_cast<size_t>(b)],
                      std::span<const uint8_t>(ranks.data() + b * k, k));
      if (!s.ok()) fail(s);
    }
    result = take(tl.close(scopes, 1921));
    tally.push_back(since(t));
  }
  // collegium::count's Schulze on the same ballots held one by one (once: it is the peer).
  double count_s = 0;
  {
    collegium::count::Election e;
    for (const std::string& n : names) e.add_candidate(n);
    for (int64_t b = 0; b < ballots; ++b) {
      e.start_ballot(1);
      for (uint8_t rank = 1; rank <= k; ++rank) {
        for (int32_t a = 0; a < k; ++a) {
          if (ranks[static_cast<size_t>(b) * k + a] != rank) continue;
          e.start_rank();
          e.add_mark(a);
        }
      }
    }
    t = Clock::now();
    auto s = collegium::count::schulze(e);
    count_s = since(t);
    if (s.ranking.front().front() != result.ranking.front().front())
      fmt::print("warning: count's Schulze ranks another alternative first\n");
  }
  fmt::print(
      "tally {} ballots in {} workplaces and close ({} bodies' aggregates): {:.3f} s (goal < 30 "
      "s), "
      "{:.0f} ballots/s; one pass over the ballots' bytes: {:.3f} s (x{:.1f}); count's Schulze "
      "on the ballots held one by one, counting alone: {:.3f} s (x{:.2f}); outcome {} ({})\n",
      ballots, d.registry.workplaces.size(), result.bodies.size(), median(tally),
      static_cast<double>(ballots) / median(tally), median(floor_pass),
      median(tally) / median(floor_pass), count_s, median(tally) / count_s,
      fed::round_outcome_name(result.outcome),
      result.adopted >= 0 ? names[static_cast<size_t>(result.adopted)] : std::string("-"));

  // 4. The LP on the small demo's own economy.
  if (!skip_lp) {
    pl::Economy small = take(fed::demo_economy(fed::DemoOptions{}));
    lp_on(small, "the demo's own economy (40 workplaces, 3,000 members)");
  }
  fmt::print("peak RSS {:.2f} GiB\n", peak_rss_gib());
  return 0;
}
