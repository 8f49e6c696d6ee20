// count_bench: 1,000,000 ballots, 20 candidates, 10 seats, counted by Scottish STV, Meek
// STV, Schulze and IRV.
//
// The ballots come from a spatial model with a fixed seed: candidates of five parties sit
// in a two-dimensional opinion space, voters are drawn around five centres of unequal
// size, each voter ranks candidates by distance plus personal noise and stops after a
// geometrically distributed number of preferences (mean about 5), the way real STV
// electorates rank a few candidates, mostly along party lines. The ballots are written
// as BLT and read back, so the parse is measured too.
//
// Ratios are printed against a limit measured in the same run on the same data: one
// streaming pass that reads every mark of every ballot once and adds up first
// preferences. No count can do less than read each ballot, so "x times the floor" says
// how far each method is from that bound.
//
// Usage: count_bench [--ballots N] [--seed S] [--blt PATH] [--repeat R]
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "base/util.h"
#include "count/blt.h"
#include "count/irv.h"
#include "count/lot.h"
#include "count/meek_stv.h"
#include "count/schulze.h"
#include "count/scottish_stv.h"

using namespace collegium::count;
using Clock = std::chrono::steady_clock;

namespace {

double uniform(Lot& lot) {
  return static_cast<double>(lot.next() >> 11) * 0x1.0p-53;
}
double normal(Lot& lot) {
  // Box-Muller; the generator only shapes the data set, it plays no part in any count.
  const double u = std::max(uniform(lot), 1e-300), v = uniform(lot);
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
}

Election generate(int64_t ballots, uint64_t seed) {
  Lot lot(seed);
  constexpr int kCandidates = 20, kParties = 5;
  Election e;
  e.title = fmt::format("count_bench synthetic election, seed {}", seed);
  e.seats = 10;
  const double party_x[kParties] = {-0.8, -0.3, 0.1, 0.5, 0.9};
  const double party_y[kParties] = {0.2, -0.4, 0.5, -0.1, 0.3};
  const double party_share[kParties] = {0.30, 0.25, 0.20, 0.15, 0.10};
  double cx[kCandidates], cy[kCandidates];
  for (int c = 0; c < kCandidates; ++c) {
    const int p = c % kParties;
    cx[c] = party_x[p] + 0.12 * normal(lot);
    cy[c] = party_y[p] + 0.12 * normal(lot);
    e.add_candidate(fmt::format("Candidate {:02} (party {})", c + 1, static_cast<char>('A' + p)));
  }
  std::vector<std::pair<double, int32_t>> dist(kCandidates);
  for (int64_t b = 0; b < ballots; ++b) {
    double r = uniform(lot);
    int p = 0;
    while (p + 1 < kParties && r > party_share[p]) r -= party_share[p++];
    const double vx = party_x[p] + 0.35 * normal(lot), vy = party_y[p] + 0.35 * normal(lot);
    for (int c = 0; c < kCandidates; ++c) {
      const double dx = vx - cx[c], dy = vy - cy[c];
      dist[c] = {std::sqrt(dx * dx + dy * dy) + 0.15 * normal(lot), c};
    }
    std::sort(dist.begin(), dist.end());
    int len = 1;
    while (len < kCandidates && uniform(lot) < 0.8) ++len;
    e.start_ballot(1);
    for (int k = 0; k < len; ++k) {
      e.start_rank();
      e.add_mark(dist[k].second);
    }
  }
  return e;
}

template <typename F>
double best_of(int repeat, F&& f) {
  double best = 1e30;
  for (int i = 0; i < repeat; ++i) {
    const auto t0 = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t ballots = 1000000;
  uint64_t seed = 2022;
  int repeat = 3;
  std::string blt_path = (std::filesystem::temp_directory_path() / "count_bench.blt").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--ballots"))
      ballots = std::atoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seed"))
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--blt"))
      blt_path = argv[i + 1];
    else if (!std::strcmp(argv[i], "--repeat"))
      repeat = std::atoi(argv[i + 1]);
    else {
      fmt::print(stderr, "usage: count_bench [--ballots N] [--seed S] [--blt PATH] [--repeat R]\n");
      return 2;
    }
  }

  auto t0 = Clock::now();
  const Election generated = generate(ballots, seed);
  const double gen_s = std::chrono::duration<double>(Clock::now() - t0).count();
  auto text = write_blt(generated);
  if (!text.ok()) return fmt::print(stderr, "{}\n", text.status().to_string()), 1;
  {
    std::ofstream out(blt_path, std::ios::binary);
    out << *text;
  }
  Election e;
  const double parse_s = best_of(repeat, [&] {
    auto r = read_blt(*text, blt_path);
    if (!r.ok()) std::abort();
    e = std::move(*r);
  });
  fmt::print(
      "ballots {}, candidates {}, seats {}, seed {}; BLT {} ({:.1f} MB), generated in {:.2f} s\n",
      e.ballot_count(), e.candidate_count(), e.seats, seed, blt_path, text->size() / 1e6, gen_s);

  // The floor: one pass over every mark of every ballot.
  std::vector<int64_t> first(e.candidate_count());
  volatile int64_t sink = 0;
  const double floor_s = best_of(repeat, [&] {
    std::fill(first.begin(), first.end(), 0);
    int64_t marks = 0;
    for (size_t b = 0; b < e.ballot_count(); ++b) {
      const uint32_t r0 = e.ballot_begin[b], r1 = e.ballot_begin[b + 1];
      if (r0 == r1) continue;
      first[e.marks[e.rank_begin[r0]]] += e.weight[b];
      for (uint32_t k = e.rank_begin[r0]; k < e.rank_begin[r1]; ++k) marks += e.marks[k];
    }
    sink = sink + marks + first[0];
  });

  std::vector<std::string> elected;
  auto names = [&](const Sheet& s) {
    std::string out;
    for (int32_t c : s.elected) out += (out.empty() ? "" : ", ") + s.candidates[c].substr(10, 2);
    return out;
  };
  struct Row {
    const char* method;
    double seconds;
    std::string result;
  };
  std::vector<Row> rows;
  std::string result;
  rows.push_back({"parse BLT", parse_s, ""});
  rows.push_back({"scottish-stv",
                  best_of(repeat,
                          [&] {
                            auto s = count_scottish_stv(e, e.seats, {});
                            result = names(*s);
                          }),
                  result});
  rows.back().result = result;
  rows.push_back({"meek-stv",
                  best_of(repeat,
                          [&] {
                            auto s = count_meek_stv(e, e.seats, {});
                            result = names(*s);
                          }),
                  ""});
  rows.back().result = result;
  rows.push_back({"schulze",
                  best_of(repeat,
                          [&] {
                            auto s = count_schulze(e, 1, 0);
                            result = names(*s);
                          }),
                  ""});
  rows.back().result = result;
  rows.push_back({"irv",
                  best_of(repeat,
                          [&] {
                            auto s = count_irv(e, {});
                            result = names(*s);
                          }),
                  ""});
  rows.back().result = result;

  fmt::print("floor (one pass over all marks): {:.4f} s\n\n", floor_s);
  fmt::print("{:<14} {:>10} {:>14}  {}\n", "step", "seconds", "x floor",
             "elected (candidate numbers)");
  for (const auto& r : rows)
    fmt::print("{:<14} {:>10.4f} {:>14.1f}  {}\n", r.method, r.seconds, r.seconds / floor_s,
               r.result);
  const double stv = rows[1].seconds;
  fmt::print("\nscottish-stv on {} ballots: {:.3f} s (goal: under 1 s) -> {}\n", e.ballot_count(),
             stv, stv < 1.0 ? "met" : "NOT met");
  return 0;
}
