#include "plan/lp.h"

#include <fmt/format.h>

#include <ClpSimplex.hpp>
#include <CoinPackedMatrix.hpp>
#include <chrono>
#include <cmath>
#include <exception>

namespace collegium::plan {

const char* lp_status_name(LpStatus s) {
  switch (s) {
    case LpStatus::kOptimal:
      return "optimal";
    case LpStatus::kInfeasible:
      return "infeasible";
    case LpStatus::kUnbounded:
      return "unbounded";
    case LpStatus::kIterationLimit:
      return "iteration_limit";
  }
  return "optimal";
}

Status validate(const LinearProgram& lp) {
  const size_t nc = lp.objective.size();
  const size_t nr = lp.row_lower.size();
  if (lp.col_lower.size() != nc || lp.col_upper.size() != nc)
    return invalid_argument("column bounds do not match the objective's length");
  if (lp.row_upper.size() != nr) return invalid_argument("row bounds differ in length");
  if (lp.matrix.cols != static_cast<int32_t>(nc) || lp.matrix.rows != static_cast<int32_t>(nr))
    return invalid_argument(
        fmt::format("the matrix is {} x {}, the program has {} rows and {} columns", lp.matrix.rows,
                    lp.matrix.cols, nr, nc));
  TRY(validate(lp.matrix));
  for (size_t j = 0; j < nc; ++j) {
    if (!std::isfinite(lp.objective[j]) || std::isnan(lp.col_lower[j]) ||
        std::isnan(lp.col_upper[j]) || lp.col_lower[j] > lp.col_upper[j])
      return invalid_argument(fmt::format("bad objective or bounds for column {}", j));
  }
  for (size_t i = 0; i < nr; ++i) {
    if (std::isnan(lp.row_lower[i]) || std::isnan(lp.row_upper[i]) ||
        lp.row_lower[i] > lp.row_upper[i])
      return invalid_argument(fmt::format("bad bounds for row {}", i));
  }
  for (double v : lp.matrix.values) {
    if (!std::isfinite(v)) return invalid_argument("a matrix entry is not finite");
  }
  return Status();
}

Result<LpSolution> solve_lp(const LinearProgram& lp, double time_limit_seconds) {
  TRY(validate(lp));
  const int nc = static_cast<int>(lp.objective.size());
  const int nr = static_cast<int>(lp.row_lower.size());
  auto start = std::chrono::steady_clock::now();
  try {
    // CLP wants COIN_DBL_MAX for "no bound"; and int-indexed column starts.
    auto bound = [](double v) {
      return std::isinf(v) ? (v > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX) : v;
    };
    std::vector<CoinBigIndex> starts(lp.matrix.col_ptr.begin(), lp.matrix.col_ptr.end());
    std::vector<int> rows(lp.matrix.row_idx.begin(), lp.matrix.row_idx.end());
    std::vector<int> lengths(nc);
    for (int j = 0; j < nc; ++j)
      lengths[j] = static_cast<int>(lp.matrix.col_ptr[j + 1] - lp.matrix.col_ptr[j]);
    CoinPackedMatrix m(true, nr, nc, static_cast<CoinBigIndex>(lp.matrix.values.size()),
                       lp.matrix.values.data(), rows.data(), starts.data(), lengths.data());
    std::vector<double> cl(nc), cu(nc), rl(nr), ru(nr);
    for (int j = 0; j < nc; ++j) {
      cl[j] = bound(lp.col_lower[j]);
      cu[j] = bound(lp.col_upper[j]);
    }
    for (int i = 0; i < nr; ++i) {
      rl[i] = bound(lp.row_lower[i]);
      ru[i] = bound(lp.row_upper[i]);
    }
    ClpSimplex model;
    model.setLogLevel(0);
    model.loadProblem(m, cl.data(), cu.data(), lp.objective.data(), rl.data(), ru.data());
    model.setOptimizationDirection(lp.maximize ? -1 : 1);
    if (time_limit_seconds > 0) model.setMaximumSeconds(time_limit_seconds);
    model.initialSolve();
    LpSolution s;
    s.iterations = model.numberIterations();
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int status = model.status();
    if (status == 1 || model.isProvenPrimalInfeasible())
      s.status = LpStatus::kInfeasible;
    else if (status == 2 || model.isProvenDualInfeasible())
      s.status = LpStatus::kUnbounded;
    else if (status == 3)
      s.status = LpStatus::kIterationLimit;
    else if (status != 0)
      return Status(Code::kInternal, fmt::format("CLP stopped with status {}", status));
    if (s.status != LpStatus::kOptimal) return s;
    s.objective = model.objectiveValue();
    s.x.assign(model.primalColumnSolution(), model.primalColumnSolution() + nc);
    s.row_activity.assign(model.primalRowSolution(), model.primalRowSolution() + nr);
    // CLP's duals are for its internal minimisation; a maximisation flips their sign,
    // so that here they read "objective gained per unit of the bound".
    s.row_duals.resize(nr);
    s.reduced_costs.resize(nc);
    const double* duals = model.dualRowSolution();
    const double* rc = model.dualColumnSolution();
    for (int i = 0; i < nr; ++i) s.row_duals[i] = duals[i];
    for (int j = 0; j < nc; ++j) s.reduced_costs[j] = rc[j];
    return s;
  } catch (const std::bad_alloc&) {
    return Status(Code::kResourceExhausted, "not enough memory for the linear program");
  } catch (const std::exception& ex) {
    return Status(Code::kInternal, std::string("the LP solver failed: ") + ex.what());
  } catch (...) {
    return Status(Code::kInternal, "the LP solver failed");
  }
}

}  // namespace collegium::plan
