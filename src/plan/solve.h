// Solving the Leontief system (I - A) x = y and its transpose v (I - A) = l.
//
// Gross output for a final demand and labour values are both solutions of this system
// (C1). Real economies are large and sparse (C5), so the default is an iterative Krylov
// solver (BiCGSTAB with a Jacobi, i.e. diagonal, preconditioner); restarted GMRES is the
// robust alternative; the plain Jacobi iteration is kept as the reference every
// textbook describes; a sparse LU factorisation pays off when many demands share one A.
//
// An economy that cannot produce a surplus (the spectral radius of A at or above 1, or a
// singular I - A) makes every method fail; the error names the products involved: the
// strongly connected groups of products whose own coefficient block has a Perron root
// at or above 1.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "plan/sliced.h"
#include "plan/sparse.h"

namespace collegium::plan {

enum class Method { kBicgstab, kGmres, kJacobi, kSparseLu };
const char* method_name(Method m);
Result<Method> parse_method(const std::string& name);  // "bicgstab", "gmres", "jacobi", "lu"

struct SolveOptions {
  Method method = Method::kBicgstab;
  double tolerance = 1e-10;  // on the relative residual ||y - (I - A) x|| / ||y|| (2-norm)
  int32_t max_iterations = 10000;
  int32_t gmres_restart = 40;
  bool precondition = true;  // diagonal (Jacobi) preconditioning of the Krylov methods
  // Threads for the products and vector passes (0: every core). The result is the same
  // to the bit for any count: work is cut into fixed chunks and sums are taken in order.
  int threads = 0;
  // Called after each iteration with the iteration number and the relative residual
  // (for a progress bar). May be empty.
  std::function<void(int32_t, double)> progress;
};

struct SolveReport {
  Method method = Method::kBicgstab;
  int32_t iterations = 0;       // 0 for LU
  int64_t matrix_products = 0;  // sparse matrix-vector products done (for bandwidth sums)
  // Reads and writes of whole n-vectors outside the products (updates, dot products), as
  // the fused passes of the method do them (for bandwidth sums).
  int64_t vector_streams = 0;
  double relative_residual = 0;  // of the returned x, recomputed from scratch
  bool converged = false;        // relative_residual <= tolerance
  double seconds = 0;
};

struct Solution {
  std::vector<double> x;
  SolveReport report;
};

// The system I - A (or its transpose) set up once for repeated iterative solves: it keeps
// the sliced copy of A (sliced.h) that the product gathers along, so the copy is paid once.
class LeontiefSystem {
 public:
  // `transposed` false: solves (I - A) x = y; true: (I - A)^T x = y, i.e. x (I - A) = y.
  // `a` must outlive the system (the diagnosis of an unproductive economy reads it).
  LeontiefSystem(const CscMatrix& a, bool transposed);

  // Runs the chosen iterative method (kSparseLu is refused here: use LeontiefLu).
  // Not converging within max_iterations is reported in the result (converged false),
  // unless the matrix is unproductive, which is a failed_precondition naming products.
  Result<Solution> solve(const std::vector<double>& y, const SolveOptions& options) const;

  int32_t size() const { return n_; }
  int64_t nonzeros() const;
  // The code path the product takes: fastest_kernel's choice (sliced.h) unless set; every
  // path gives the same bits, so setting one (to compare them) changes only the time.
  SliceKernel kernel() const { return gather_.kernel; }
  void set_kernel(SliceKernel k) { gather_.kernel = k; }  // k must be available
  // y = (I - A) x, or its transpose, on `threads` threads (0: every core).
  void apply(const std::vector<double>& x, std::vector<double>& y, int threads = 0) const;
  // Bytes one matrix-vector product must move at least: the matrix (values, indices,
  // pointers) once, the input vector read once, the output written once.
  double bytes_per_product() const;
  // Bytes a solve must move at least: its products and its vector streams (8 n bytes each).
  double bytes_moved(const SolveReport& r) const;

 private:
  Solution jacobi(const std::vector<double>& y, const SolveOptions& o) const;
  Solution bicgstab(const std::vector<double>& y, const SolveOptions& o) const;
  Solution gmres(const std::vector<double>& y, const SolveOptions& o) const;

  const CscMatrix* a_;        // the original A (for diagnosis)
  SlicedMatrix gather_;       // the terms of each row of A x (or A^T x), sliced for the product
  std::vector<double> diag_;  // a_kk
  std::vector<double> inv_;   // 1 / (1 - a_kk), 1 where a_kk is 1: the diagonal preconditioner
  mutable int unproductive_ = -1;  // -1: not yet checked; 0 or 1 once known
  int32_t n_ = 0;
};

// A sparse LU factorisation of I - A, for many right-hand sides.
class LeontiefLu {
 public:
  // Fails with failed_precondition naming the products when I - A is singular or A is
  // unproductive.
  static Result<std::unique_ptr<LeontiefLu>> factor(const CscMatrix& a);
  ~LeontiefLu();
  Solution solve(const std::vector<double>& y) const;             // (I - A) x = y
  Solution solve_transposed(const std::vector<double>& y) const;  // x (I - A) = y

 private:
  LeontiefLu();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  const CscMatrix* a_ = nullptr;
};

// One call that picks the method from `options` (LU included).
Result<Solution> solve_leontief(const CscMatrix& a, const std::vector<double>& y,
                                const SolveOptions& options, bool transposed = false);

// The dense Leontief inverse L = (I - A)^-1, row-major; for tables up to a few thousand
// products (golden checks against published inverses). Fails as factor() does.
Result<std::vector<double>> leontief_inverse(const CscMatrix& a);

// Groups of products (strongly connected in the graph of A) whose coefficient block has
// a spectral radius at or above 1 (on |A|), with the radius found for each. Empty when
// the economy is productive.
struct UnproductiveGroup {
  std::vector<int32_t> products;
  double spectral_radius = 0;
};
std::vector<UnproductiveGroup> unproductive_groups(const CscMatrix& a);

// An estimate of the spectral radius of |A| (the largest Perron root over the strongly
// connected blocks), to about 1e-9.
double spectral_radius(const CscMatrix& a);

// The failed_precondition the solvers return, naming products by `names` (indices when
// `names` is empty).
Status unproductive_error(const CscMatrix& a, const std::vector<std::string>& names);

}  // namespace collegium::plan
