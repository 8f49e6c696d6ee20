// plan_bench: how fast the engine solves the Leontief system, against a peer (SciPy) and
// against a physical limit (memory bandwidth), measured in the same run.
//
//   plan_bench [--max-products N] [--threads N] [--repeat N] [--structure uniform|blocked|both]
//              [--no-scipy] [--scipy-lu-max N] [--skip-real] [--skip-lp]
//
// For each synthetic economy (10^4 ... 10^7 products, 10 inputs each, spectral radius 0.6)
// it prints the time to a 1e-10 relative residual with BiCGSTAB, GMRES and Jacobi, on one
// thread and on --threads (default: every core), SciPy's bicgstab (and spsolve up to
// --scipy-lu-max, default 10^4) on the same matrix, the ratio to SciPy's best, and the
// fraction of the STREAM-triad bandwidth, measured with the same number of threads, that
// the solver reached:
//   (bytes one product must stream x products done + 8 n x vector streams) / time / bandwidth,
// where the vector streams are the whole-vector reads and writes the solver's fused passes
// do (SolveReport::vector_streams). Times are medians of --repeat runs (default 3).
//
// Two matrix structures: "uniform" draws every input from all products (the benchmark's
// matrix until 2026-11; the gather x[col] is then a random read over all of x), and
// "blocked" draws 80% of each product's inputs from its block of 10,000 neighbours (see
// GenerateOptions::neighbourhood_share), as real tables are block-structured.
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "plan/analysis.h"
#include "plan/generate.h"
#include "plan/memory.h"
#include "plan/optimal_plan.h"
#include "plan/parallel.h"
#include "plan/solve.h"
#include "plan/table_io.h"

namespace pl = collegium::plan;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double peak_rss_gib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / (1024.0 * 1024.0);  // ru_maxrss is in KiB on Linux
}

// STREAM triad a = b + s c over arrays far larger than the caches, on `threads` threads of
// the solvers' own team (so the figure is what the solvers' loops can reach); best of
// three, counting 24 bytes per element (two reads, one write), as STREAM does.
//
// The development machine is shared, and what the other tenants take of the memory
// system changes from second to second: a triad measured once at the start and a solve
// timed a minute later can meet different machines. So the triad is measured again right
// before every timed run, and each run's fraction is taken against its own triad.
class Triad {
  static constexpr int64_t kN = int64_t{1} << 25;  // 3 x 256 MiB

 public:
  Triad() : a_(kN), b_(kN, 1.0), c_(kN, 2.0) {}
  // Resident all through the run, so the solvers' peak memory is the process's less this.
  static constexpr double kGiB = 3.0 * kN * sizeof(double) / (1024.0 * 1024.0 * 1024.0);
  double measure(int threads) {
    double* ap = a_.data();
    const double* bp = b_.data();
    const double* cp = c_.data();
    double best = 0;
    for (int rep = 0; rep < 3; ++rep) {
      auto t = Clock::now();
      pl::parallel_chunks(kN, threads, [=](int64_t begin, int64_t end, int64_t) {
        for (int64_t i = begin; i < end; ++i) ap[i] = bp[i] + 3.0 * cp[i];
      });
      best = std::max(best, 24.0 * kN / since(t));
    }
    if (a_[kN / 2] != 7.0) std::abort();  // keeps the loop from being optimised away
    return best;
  }

 private:
  std::vector<double> a_, b_, c_;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? NAN : v[v.size() / 2];
}

// Debian's python3-scipy lives with the system interpreter; PLAN_BENCH_PYTHON overrides.
std::string python() {
  const char* p = std::getenv("PLAN_BENCH_PYTHON");
  return p ? p : "/usr/bin/python3";
}

bool scipy_available() {
  return std::system((python() + " -c 'import scipy' >/dev/null 2>&1").c_str()) == 0;
}

struct PeerTimes {
  double bicgstab = NAN, spsolve = NAN, bicgstab_res = NAN, spsolve_res = NAN;
};

// Writes I - A in CSR (= the CSC of its transpose) and runs scipy_peer.py on it.
PeerTimes run_scipy(const pl::CscMatrix& a, const std::vector<double>& y, double tol, bool lu,
                    int repeat) {
  PeerTimes p;
  pl::CscMatrix rows = pl::transpose(a);  // column k of `rows` is row k of A
  const int32_t n = a.cols;
  std::vector<int64_t> ptr(n + 1, 0);
  std::vector<int32_t> idx;
  std::vector<double> val;
  idx.reserve(rows.nonzeros() + n);
  val.reserve(rows.nonzeros() + n);
  for (int32_t k = 0; k < n; ++k) {
    bool diag = false;
    for (int64_t q = rows.col_ptr[k]; q < rows.col_ptr[k + 1]; ++q) {
      int32_t j = rows.row_idx[q];
      if (!diag && j >= k) {
        if (j > k) {
          idx.push_back(k);
          val.push_back(1.0);
        }
        diag = true;
      }
      idx.push_back(j);
      val.push_back(j == k ? 1.0 - rows.values[q] : -rows.values[q]);
    }
    if (!diag) {
      idx.push_back(k);
      val.push_back(1.0);
    }
    ptr[k + 1] = static_cast<int64_t>(idx.size());
  }
  const std::string prefix =
      (fs::temp_directory_path() / fmt::format("plan_bench_{}", getpid())).string();
  auto dump = [](const std::string& path, const void* data, size_t bytes) {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(data, 1, bytes, f);
    std::fclose(f);
  };
  dump(prefix + ".indptr", ptr.data(), ptr.size() * 8);
  dump(prefix + ".indices", idx.data(), idx.size() * 4);
  dump(prefix + ".data", val.data(), val.size() * 8);
  dump(prefix + ".rhs", y.data(), y.size() * 8);
  std::string cmd = fmt::format("{} {} {} {} {} {} {}", python(), PLAN_BENCH_SCIPY_SCRIPT, prefix,
                                n, tol, lu ? 1 : 0, repeat);
  FILE* pipe = popen(cmd.c_str(), "r");
  char name[64];
  double secs, res;
  while (pipe && std::fscanf(pipe, "%63s %lf %lf", name, &secs, &res) == 3) {
    if (std::string(name) == "bicgstab") p.bicgstab = secs, p.bicgstab_res = res;
    if (std::string(name) == "spsolve") p.spsolve = secs, p.spsolve_res = res;
  }
  if (pipe) pclose(pipe);
  for (const char* ext : {".indptr", ".indices", ".data", ".rhs"}) fs::remove(prefix + ext);
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t max_products = 10'000'000;
  int64_t scipy_lu_max = 10'000;  // SuperLU's fill on a circular A: minutes at 10^4, hours beyond
  bool scipy = true, real = true, lp = true;
  int threads = 0, repeat = 3;
  std::string structure = "both";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--max-products" && i + 1 < argc)
      max_products = std::atoll(argv[++i]);
    else if (arg == "--scipy-lu-max" && i + 1 < argc)
      scipy_lu_max = std::atoll(argv[++i]);
    else if (arg == "--threads" && i + 1 < argc)
      threads = std::atoi(argv[++i]);
    else if (arg == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--structure" && i + 1 < argc)
      structure = argv[++i];
    else if (arg == "--no-scipy")
      scipy = false;
    else if (arg == "--skip-real")
      real = false;
    else if (arg == "--skip-lp")
      lp = false;
    else {
      fmt::print(stderr,
                 "usage: plan_bench [--max-products N] [--threads N] [--repeat N] [--structure "
                 "uniform|blocked|both]\n"
                 "                  [--no-scipy] [--scipy-lu-max N] [--skip-real] [--skip-lp]\n");
      return 2;
    }
  }
  if (structure != "uniform" && structure != "blocked" && structure != "both") {
    fmt::print(stderr, "--structure: uniform, blocked or both\n");
    return 2;
  }
  const int all = pl::team_size(threads);
  std::vector<int> thread_counts{1};
  if (all > 1) thread_counts.push_back(all);
  const double tol = 1e-10;
  Triad triad;
  // Runs `run` `reps` times, each right after a triad on as many threads; returns the median
  // time and the median of the runs' fractions of their triads for `bytes` per run.
  struct Timing {
    double seconds, fraction, bandwidth;
  };
  auto timed = [&](int team, int reps, auto run, auto bytes) {
    std::vector<double> times, fractions, bandwidths;
    for (int rep = 0; rep < reps; ++rep) {
      const double bw = triad.measure(team);
      const double secs = run();
      times.push_back(secs);
      bandwidths.push_back(bw);
      fractions.push_back(bytes() / secs / bw);
    }
    return Timing{median(times), median(fractions), median(bandwidths)};
  };
  for (int t : thread_counts)
    fmt::print(
        "STREAM triad bandwidth, {} thread(s): {:.2f} GB/s (measured again before every timed "
        "run)\n",
        t, triad.measure(t) / 1e9);
  const bool have_scipy = scipy && scipy_available();
  if (scipy && !have_scipy)
    fmt::print("SciPy not found (python3-scipy): the peer columns stay empty\n");
  fmt::print("Times: median of {} runs (SciPy's too).\n", repeat);
  fmt::print(
      "\n{:>9} {:>8} {:>9} {:>3} {:>6} {:>8} {:>9} {:>8} {:>9} {:>9} {:>9} {:>8} {:>8} {:>7}\n",
      "products", "matrix", "method", "thr", "iters", "setup s", "solve s", "bw frac", "scipy bi",
      "scipy lu", "residual", "vs best", "RSS GiB", "triad");
  std::vector<std::string> structures;
  if (structure != "blocked") structures.push_back("uniform");
  if (structure != "uniform") structures.push_back("blocked");
  for (int64_t n = 10'000; n <= max_products; n *= 10) {
    for (const std::string& kind : structures) {
      pl::GenerateOptions g;
      g.products = n;
      g.inputs_per_product = 10;
      g.exact_inputs = true;
      g.spectral_radius = 0.6;
      g.seed = 42;
      g.workplaces = false;
      g.labour_categories = 1;
      if (kind == "blocked") {
        g.neighbourhood_share = 0.8;
        g.neighbourhood = 10'000;
      }
      auto e = pl::generate_economy(g);
      if (!e.ok()) {
        fmt::print(stderr, "generate: {}\n", e.status().to_string());
        return 1;
      }
      const std::vector<double> y = e->total_final_demand();
      // Drop what the solve does not need, so the peak memory is the solver's.
      e->final_demand.clear();
      e->satellites.clear();
      e->products.clear();
      e->products.shrink_to_fit();
      auto t = Clock::now();
      pl::LeontiefSystem sys(e->technology, false);
      const double setup = since(t);
      PeerTimes peer;
      if (have_scipy) peer = run_scipy(e->technology, y, tol, n <= scipy_lu_max, repeat);
      const double best = std::fmin(peer.bicgstab, peer.spsolve);
      for (pl::Method m : {pl::Method::kBicgstab, pl::Method::kGmres, pl::Method::kJacobi}) {
        for (size_t ti = 0; ti < thread_counts.size(); ++ti) {
          pl::SolveOptions o;
          o.method = m;
          o.tolerance = tol;
          o.threads = thread_counts[ti];
          pl::SolveReport r;
          bool failed = false;
          const Timing tm = timed(
              o.threads, repeat,
              [&] {
                auto s = sys.solve(y, o);
                if (!s.ok()) {
                  fmt::print(stderr, "solve: {}\n", s.status().to_string());
                  failed = true;
                  return std::nan("");
                }
                r = s->report;
                if (!r.converged) {
                  fmt::print(stderr, "{} at {} products did not reach {} (residual {:.2e})\n",
                             pl::method_name(m), n, tol, r.relative_residual);
                  failed = true;
                }
                return r.seconds;
              },
              [&] { return sys.bytes_moved(r); });
          if (failed) return 1;
          fmt::print(
              "{:>9} {:>8} {:>9} {:>3} {:>6} {:>8.3f} {:>9.3f} {:>8.2f} {:>9.3f} {:>9.3f} {:>9.2e} "
              "{:>8.2f} {:>8.2f} {:>7.1f}\n",
              n, kind, pl::method_name(m), thread_counts[ti], r.iterations, setup, tm.seconds,
              tm.fraction, peer.bicgstab, peer.spsolve, r.relative_residual, best / tm.seconds,
              peak_rss_gib() - Triad::kGiB, tm.bandwidth / 1e9);
        }
      }
      // The product alone, the solvers' inner loop, on each of its code paths: its share of
      // the bandwidth bounds theirs. Each row: 15 timed products on `team` threads.
      std::vector<double> x = pl::huge_backed_vector(y.size(), 1.0),
                          ax = pl::huge_backed_vector(y.size(), 0.0);
      auto product_row = [&](int team, const std::string& label, auto product) {
        const Timing tm = timed(
            team, 5 * repeat,
            [&] {
              auto t0 = Clock::now();
              product();
              return since(t0);
            },
            [&] { return sys.bytes_per_product(); });
        fmt::print("{:>9} {:>8} {:>9} {:>3} {:>6} {:>8} {:>9.4f} {:>8.2f} {:>58.1f}  ({})\n", n,
                   kind, "product", team, "", "", tm.seconds, tm.fraction, tm.bandwidth / 1e9,
                   label);
      };
      const pl::SliceKernel chosen = sys.kernel();
      for (pl::SliceKernel k :
           {pl::SliceKernel::kAvx512, pl::SliceKernel::kAvx2, pl::SliceKernel::kPortable}) {
        if (!pl::kernel_available(k)) continue;
        sys.set_kernel(k);
        for (int team : thread_counts) {
          product_row(team,
                      fmt::format("{} path{}", pl::kernel_name(k), k == chosen ? ", chosen" : ""),
                      [&] { sys.apply(x, ax, team); });
        }
      }
      sys.set_kernel(chosen);
      // The same product row at a time (CSR, sparse.h's multiply_transposed), the textbook
      // loop, on one thread: what the sliced form gains.
      if (n <= 1'000'000) {
        const pl::CscMatrix rows = pl::transpose(e->technology);
        product_row(1, "row at a time", [&] { ax = pl::multiply_transposed(rows, x); });
      }
      std::fflush(stdout);
    }
  }

  if (real) {
    const fs::path io = fs::path(COLLEGIUM_DATA_DIR) / "io";
    std::vector<std::pair<std::string, collegium::Result<pl::Economy>>> tables;
    tables.emplace_back("pymrio test (48)", pl::read_pymrio(io / "pymrio-test-mrio"));
    tables.emplace_back("UK 2010 (127)", pl::read_economy(io / "uk-2010/uk2010_io_table.csv"));
    tables.emplace_back("US 56 2014",
                        pl::read_national_table(io / "us-niot-56/usaiot.csv",
                                                io / "us-niot-56/sea.csv", "USA", 2014));
    tables.emplace_back(
        "US BEA 2007 (389)",
        pl::read_bea_use_make(io / "us-bea-2007-389/389_Use_2007_PRO_BeforeRedef.csv",
                              io / "us-bea-2007-389/389_Make_2007_PRO_BeforeRedef.csv"));
    fmt::print("\n{:<20} {:>10} {:>6} {:>10} {:>10} {:>10} {:>8}\n", "real table", "method",
               "iters", "solve ms", "scipy bi ms", "scipy lu ms", "vs best");
    for (auto& [name, e] : tables) {
      if (!e.ok()) {
        fmt::print("{:<20} {}\n", name, e.status().to_string());
        continue;
      }
      const auto y = e->total_final_demand();
      PeerTimes peer;
      if (have_scipy) peer = run_scipy(e->technology, y, tol, true, 1);
      pl::LeontiefSystem sys(e->technology, false);
      for (pl::Method m : {pl::Method::kBicgstab, pl::Method::kGmres, pl::Method::kJacobi,
                           pl::Method::kSparseLu}) {
        pl::SolveOptions o;
        o.method = m;
        o.tolerance = tol;
        // Small solves are too quick for one clock reading: repeat and take the mean.
        int reps = 0;
        pl::SolveReport r;
        auto t = Clock::now();
        do {
          auto s = m == pl::Method::kSparseLu ? pl::solve_leontief(e->technology, y, o)
                                              : sys.solve(y, o);
          if (!s.ok()) break;
          r = s->report;
          ++reps;
        } while (since(t) < 0.2);
        const double ms = 1e3 * since(t) / std::max(reps, 1);
        const double best = std::fmin(peer.bicgstab, peer.spsolve) * 1e3;
        fmt::print("{:<20} {:>10} {:>6} {:>10.3f} {:>10.3f} {:>10.3f} {:>8.2f}\n", name,
                   pl::method_name(m), r.iterations, ms, peer.bicgstab * 1e3, peer.spsolve * 1e3,
                   best / ms);
      }
    }
  }

  if (lp) {
    pl::GenerateOptions g;
    g.products = 1000;
    g.inputs_per_product = 10;
    g.max_workplaces_per_product = 9;  // 1 to 9: about 5,000 workplaces
    g.seed = 7;
    auto e = pl::generate_economy(g);
    if (!e.ok()) return 1;
    auto t = Clock::now();
    auto plan = pl::optimal_plan(*e, {});
    const double s = since(t);
    if (!plan.ok()) {
      fmt::print(stderr, "optimal plan: {}\n", plan.status().to_string());
      return 1;
    }
    fmt::print(
        "\nLP: {} products, {} workplaces, {} labour rows: {} in {:.3f} s ({} iterations), "
        "fraction {:.6f}\n",
        e->size(), e->workplaces.size(), e->labour_supply.size(), pl::lp_status_name(plan->status),
        s, plan->iterations, plan->fraction);
  }
  fmt::print("peak RSS {:.2f} GiB (less the triad's {:.2f} GiB)\n", peak_rss_gib() - Triad::kGiB,
             Triad::kGiB);
  return 0;
}
