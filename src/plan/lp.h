// A small linear-programming interface, solved with CLP (COIN-OR).
//
// The rest of the engine states its programs as plain data and never sees CLP's types,
// so the solver can be swapped. "Infeasible" and "unbounded" are outcomes of a solve,
// reported in LpSolution::status, not errors; errors are for malformed programs and for
// the solver failing (exceptions from CLP are caught here).
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "base/status.h"
#include "plan/sparse.h"

namespace collegium::plan {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// optimise c x subject to row_lower <= M x <= row_upper, col_lower <= x <= col_upper.
struct LinearProgram {
  bool maximize = false;
  std::vector<double> objective;  // c, one per column
  std::vector<double> col_lower, col_upper;
  CscMatrix matrix;  // rows x columns
  std::vector<double> row_lower, row_upper;
  std::vector<std::string> row_names, col_names;  // optional, for explanations
};

enum class LpStatus { kOptimal, kInfeasible, kUnbounded, kIterationLimit };
const char* lp_status_name(LpStatus s);

struct LpSolution {
  LpStatus status = LpStatus::kOptimal;
  double objective = 0;
  std::vector<double> x;             // primal values, one per column
  std::vector<double> row_activity;  // M x
  // Dual values: d objective / d row bound, in the direction of the program (for a
  // maximisation, the gain of one more unit of a binding upper bound is positive).
  std::vector<double> row_duals;
  std::vector<double> reduced_costs;  // same sign convention, per column
  int32_t iterations = 0;
  double seconds = 0;
};

// Checks sizes, bounds (lower <= upper, no NaN) and the matrix.
Status validate(const LinearProgram& lp);

Result<LpSolution> solve_lp(const LinearProgram& lp, double time_limit_seconds = 0);

}  // namespace collegium::plan
