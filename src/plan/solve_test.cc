#include "plan/solve.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "plan/analysis.h"
#include "plan/generate.h"
#include "plan/parallel.h"

namespace collegium::plan {
namespace {

TEST(Solve, TwoProductsByHand) {
  // A = [[0.2, 0.1], [0.4, 0.2]]: L = [[4/3, 1/6], [2/3, 4/3]].
  CscMatrix a = csc_from_dense(2, 2, {0.2, 0.1, 0.4, 0.2});
  for (Method m : {Method::kBicgstab, Method::kGmres, Method::kJacobi, Method::kSparseLu}) {
    SolveOptions o;
    o.method = m;
    o.tolerance = 1e-14;
    auto s = solve_leontief(a, {1, 0}, o);
    ASSERT_TRUE(s.ok()) << method_name(m);
    EXPECT_NEAR(s->x[0], 4.0 / 3, 1e-13) << method_name(m);
    EXPECT_NEAR(s->x[1], 2.0 / 3, 1e-13) << method_name(m);
    auto t = solve_leontief(a, {1, 0}, o, true);  // row 0 of L
    ASSERT_TRUE(t.ok());
    EXPECT_NEAR(t->x[0], 4.0 / 3, 1e-13);
    EXPECT_NEAR(t->x[1], 1.0 / 6, 1e-13);
  }
  auto inv = leontief_inverse(a);
  ASSERT_TRUE(inv.ok());
  EXPECT_NEAR((*inv)[1], 1.0 / 6, 1e-15);
}

TEST(Solve, UnproductiveEconomyNamesProducts) {
  // Products 1 and 2 feed each other more than they make (radius 1.2); product 0 is fine.
  Economy e;
  e.products = {{"bread", "", "", -1}, {"coal", "", "", -1}, {"steel", "", "", -1}};
  e.technology = csc_from_dense(3, 3, {0.1, 0.2, 0.0, 0.0, 0.0, 0.9, 0.0, 1.6, 0.0});
  for (Method m : {Method::kBicgstab, Method::kJacobi, Method::kSparseLu, Method::kGmres}) {
    SolveOptions o;
    o.method = m;
    o.max_iterations = 200;
    auto s = gross_output(e, {1, 1, 1}, o);
    ASSERT_FALSE(s.ok()) << method_name(m);
    EXPECT_EQ(s.status().code(), Code::kFailedPrecondition);
    EXPECT_NE(s.status().message().find("coal, steel"), std::string::npos) << s.status().message();
    EXPECT_EQ(s.status().message().find("bread"), std::string::npos);
  }
  auto groups = unproductive_groups(e.technology);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_NEAR(groups[0].spectral_radius, 1.2, 1e-9);
}

TEST(Solve, SingularClosedEconomyIsAnError) {
  // Column sums exactly 1: everything made is used up; I - A is singular.
  CscMatrix a = csc_from_dense(2, 2, {0.5, 0.5, 0.5, 0.5});
  SolveOptions o;
  o.method = Method::kSparseLu;
  auto s = solve_leontief(a, {1, 1}, o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("#0, #1"), std::string::npos) << s.status().message();
}

TEST(Solve, ReportsIterationsAndResidual) {
  GenerateOptions g;
  g.products = 2000;
  g.workplaces = false;
  g.seed = 3;
  auto e = generate_economy(g);
  ASSERT_TRUE(e.ok());
  int calls = 0;
  SolveOptions o;
  o.progress = [&](int32_t, double) { ++calls; };
  auto s = gross_output(*e, e->total_final_demand(), o);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->report.converged);
  EXPECT_LE(s->report.relative_residual, 1e-10);
  EXPECT_GT(s->report.iterations, 0);
  EXPECT_EQ(calls, s->report.iterations);
  // Jacobi takes about log(1e-10) / log(0.6) = 45 rounds here.
  o.method = Method::kJacobi;
  auto j = gross_output(*e, e->total_final_demand(), o);
  ASSERT_TRUE(j.ok());
  EXPECT_GE(j->report.iterations, 30);
  EXPECT_LE(j->report.iterations, 60);
  for (int k = 0; k < 2000; k += 97) EXPECT_NEAR(j->x[k], s->x[k], 1e-8 * std::abs(s->x[k]));
  // A too-small iteration budget is reported, not hidden.
  o.max_iterations = 3;
  auto short_run = gross_output(*e, e->total_final_demand(), o);
  ASSERT_TRUE(short_run.ok());
  EXPECT_FALSE(short_run->report.converged);
  EXPECT_GT(short_run->report.relative_residual, 1e-10);
}

TEST(Solve, SameBitsOnAnyNumberOfThreadsAndAnyCodePath) {
  // Large enough for the work to be split (several chunks of parallel.h).
  GenerateOptions g;
  g.products = 50000;
  g.workplaces = false;
  g.labour_categories = 1;
  g.seed = 5;
  auto e = generate_economy(g);
  ASSERT_TRUE(e.ok());
  const std::vector<double> y = e->total_final_demand();
  for (bool transposed : {false, true}) {
    LeontiefSystem sys(e->technology, transposed);
#ifdef COLLEGIUM_PLAN_SMALL_TESTS
    // Unoptimised sanitizer builds: one method is enough to cover the team.
    for (Method m : {Method::kBicgstab}) {
#else
    for (Method m : {Method::kBicgstab, Method::kJacobi, Method::kGmres}) {
#endif
      SolveOptions o;
      o.method = m;
      o.threads = 1;
      auto one = sys.solve(y, o);
      ASSERT_TRUE(one.ok());
      EXPECT_TRUE(one->report.converged) << method_name(m);
      for (int threads : {2, 0}) {
        o.threads = threads;
        auto many = sys.solve(y, o);
        ASSERT_TRUE(many.ok());
        EXPECT_EQ(many->report.iterations, one->report.iterations) << method_name(m);
        EXPECT_TRUE(many->x == one->x) << method_name(m) << " with " << threads << " threads";
      }
      // The product's code paths (sliced.h) add the same terms in the same order.
      const SliceKernel chosen = sys.kernel();
      for (SliceKernel k : {SliceKernel::kAvx512, SliceKernel::kAvx2, SliceKernel::kPortable}) {
        if (!kernel_available(k)) continue;
        sys.set_kernel(k);
        auto path = sys.solve(y, o);
        ASSERT_TRUE(path.ok());
        EXPECT_TRUE(path->x == one->x) << method_name(m) << " on the " << kernel_name(k) << " path";
      }
      sys.set_kernel(chosen);
    }
  }
}

TEST(Solve, GmresRestartsAndRunsWithoutPreconditioner) {
  // Restarts every 3 iterations, with and without the diagonal: the same x as the Jacobi
  // reference run to a tight residual (LU's fill on a random table this size takes
  // minutes), and the same bits on any number of threads.
  GenerateOptions g;
  g.products = 40000;  // several chunks, so the team splits the passes
  g.workplaces = false;
  g.labour_categories = 1;
  g.seed = 11;
  auto e = generate_economy(g);
  ASSERT_TRUE(e.ok());
  const std::vector<double> y = e->total_final_demand();
  LeontiefSystem sys(e->technology, false);
  SolveOptions reference;
  reference.method = Method::kJacobi;
  reference.tolerance = 1e-14;
  auto exact = sys.solve(y, reference);
  ASSERT_TRUE(exact.ok());
  ASSERT_TRUE(exact->report.converged);
  for (bool precondition : {true, false}) {
    SolveOptions o;
    o.method = Method::kGmres;
    o.gmres_restart = 3;
    o.precondition = precondition;
    o.threads = 1;
    auto one = sys.solve(y, o);
    ASSERT_TRUE(one.ok());
    EXPECT_TRUE(one->report.converged);
    EXPECT_LE(one->report.relative_residual, 1e-10);
    EXPECT_GT(one->report.iterations, 3);  // it did restart
    // One product per iteration and one per restart for the true residual.
    EXPECT_LE(one->report.matrix_products, one->report.iterations + one->report.iterations / 3 + 1);
    for (int k = 0; k < g.products; k += 131)
      EXPECT_NEAR(one->x[k], exact->x[k], 1e-9 * std::abs(exact->x[k])) << k;
    o.threads = 0;
    auto many = sys.solve(y, o);
    ASSERT_TRUE(many.ok());
    EXPECT_TRUE(many->x == one->x);
  }
}

TEST(Solve, GmresStopsAtTheIterationBudget) {
  GenerateOptions g;
  g.products = 2000;
  g.workplaces = false;
  g.seed = 3;
  auto e = generate_economy(g);
  ASSERT_TRUE(e.ok());
  SolveOptions o;
  o.method = Method::kGmres;
  o.max_iterations = 2;
  auto s = gross_output(*e, e->total_final_demand(), o);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->report.iterations, 2);
  EXPECT_FALSE(s->report.converged);
  EXPECT_GT(s->report.relative_residual, 1e-10);
}

TEST(Solve, ParallelChunksCoverTheRangeOnceEvenFromTwoCallers) {
  // Two solves on two threads share one team: the second runs alone, both complete.
  const int64_t n = 20 * kChunk + 5;
  auto run = [&](std::vector<int>& hits) {
    for (int round = 0; round < 50; ++round)
      parallel_chunks(n, 0, [&](int64_t begin, int64_t end, int64_t c) {
        EXPECT_EQ(begin, c * kChunk);
        for (int64_t k = begin; k < end; ++k) ++hits[k];
      });
  };
  std::vector<int> a(n, 0), b(n, 0);
  std::thread other([&] { run(b); });
  run(a);
  other.join();
  EXPECT_EQ(std::count(a.begin(), a.end(), 50), n);
  EXPECT_EQ(std::count(b.begin(), b.end(), 50), n);
}

TEST(Solve, SpectralRadiusOfGeneratedEconomyIsTheRequestedOne) {
  GenerateOptions g;
  g.products = 500;
  g.spectral_radius = 0.75;
  g.workplaces = false;
  auto e = generate_economy(g);
  ASSERT_TRUE(e.ok());
  EXPECT_NEAR(spectral_radius(e->technology), 0.75, 1e-8);
}

TEST(Solve, BadInputs) {
  CscMatrix a = csc_from_dense(2, 2, {0.2, 0.1, 0.4, 0.2});
  SolveOptions o;
  EXPECT_EQ(solve_leontief(a, {1}, o).status().code(), Code::kInvalidArgument);
  o.tolerance = 0;
  EXPECT_EQ(solve_leontief(a, {1, 1}, o).status().code(), Code::kInvalidArgument);
  EXPECT_FALSE(parse_method("newton").ok());
  EXPECT_EQ(*parse_method("gmres"), Method::kGmres);
}

}  // namespace
}  // namespace collegium::plan
