#include "plan/solve.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "plan/memory.h"
#include "plan/parallel.h"
#include "plan/sliced.h"

namespace collegium::plan {

const char* method_name(Method m) {
  switch (m) {
    case Method::kBicgstab:
      return "bicgstab";
    case Method::kGmres:
      return "gmres";
    case Method::kJacobi:
      return "jacobi";
    case Method::kSparseLu:
      return "lu";
  }
  return "bicgstab";
}

Result<Method> parse_method(const std::string& name) {
  for (Method m : {Method::kBicgstab, Method::kGmres, Method::kJacobi, Method::kSparseLu}) {
    if (name == method_name(m)) return m;
  }
  return invalid_argument(fmt::format("unknown method '{}' (bicgstab, gmres, jacobi, lu)", name),
                          "method");
}

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The loops below run on the team of parallel.h: fixed chunks of rows, with the sums of
// each chunk kept apart and added in chunk order, so the bits do not depend on threads.
template <size_t R, class Row>
std::array<double, R> reduce_rows(int64_t n, int threads, Row row) {
  std::vector<std::array<double, R>> part(static_cast<size_t>(chunk_count(n)));
  parallel_chunks(n, threads, [&](int64_t begin, int64_t end, int64_t c) {
    std::array<double, R> acc{};
    for (int64_t k = begin; k < end; ++k) row(k, acc);
    part[c] = acc;
  });
  std::array<double, R> total{};
  for (const auto& p : part)
    for (size_t i = 0; i < R; ++i) total[i] += p[i];
  return total;
}

double dot(const std::vector<double>& a, const std::vector<double>& b, int threads = 0) {
  const double* ap = a.data();
  const double* bp = b.data();
  return reduce_rows<1>(static_cast<int64_t>(a.size()), threads,
                        [=](int64_t k, std::array<double, 1>& s) { s[0] += ap[k] * bp[k]; })[0];
}
double norm2(const std::vector<double>& a, int threads = 0) {
  return std::sqrt(dot(a, a, threads));
}

}  // namespace

// ---- the operator -------------------------------------------------------------------------

LeontiefSystem::LeontiefSystem(const CscMatrix& a, bool transposed) : a_(&a), n_(a.cols) {
  // (A^T x)_j = sum_i a_ij x_i gathers down column j of A; (A x)_i down column i of A^T.
  gather_ = transposed ? slice_rows(a) : slice_rows(transpose(a));
  gather_.kernel = fastest_kernel(gather_);
  diag_.assign(n_, 0.0);
  inv_.assign(n_, 1.0);
  for (int32_t j = 0; j < n_; ++j) {
    diag_[j] = coefficient(a, j, j);
    if (diag_[j] != 1.0) inv_[j] = 1.0 / (1.0 - diag_[j]);
  }
}

int64_t LeontiefSystem::nonzeros() const {
  return gather_.terms;
}

double LeontiefSystem::bytes_per_product() const {
  const double nnz = static_cast<double>(gather_.terms);
  const double n = n_;
  return nnz * (sizeof(double) + sizeof(int32_t)) + (n + 1) * sizeof(int64_t) +
         2 * n * sizeof(double);
}

double LeontiefSystem::bytes_moved(const SolveReport& r) const {
  return bytes_per_product() * static_cast<double>(r.matrix_products) +
         static_cast<double>(r.vector_streams) * sizeof(double) * n_;
}

namespace {

// ((I - A) x)_k for each row k in [begin, end) of the sliced matrix g, handed to
// out(k, value, sums), whose sums come back: the product and whatever pass follows it row
// by row (an update, a dot product) in one sweep, so the result vector need not be read
// back. Each window's sums
// are put back in row order first, so the pass streams its vectors and adds its sums in
// row order, whatever order the slices hold the rows in. begin is a multiple of kChunk
// and end the next one or the last row (the solvers' chunks).
template <size_t R, class Out>
inline std::array<double, R> product_range(const SlicedMatrix& g, const double* x, int64_t begin,
                                           int64_t end, Out out) {
  constexpr int64_t kWindowSlices = kSortWindow / kLanes;
  // One window's sums, in the sliced order and then in row order: both stay in L1.
  double sums[kSortWindow], by_row[kSortWindow];
  // The pass's sums live here, not behind a reference from the caller: the compiler then
  // keeps them in registers instead of storing them after every row (a store the next
  // row's add must wait for, as the pass's own stores might alias them).
  std::array<double, R> acc{};
  const int32_t* row = g.row.data();
  const int64_t last = (end + kLanes - 1) / kLanes;
  for (int64_t s0 = begin / kLanes; s0 < last; s0 += kWindowSlices) {
    const int64_t s1 = std::min(last, s0 + kWindowSlices);
    const int64_t first = s0 * kLanes;
    slice_sums(g, x, s0, s1, sums);
    for (int64_t i = 0; i < (s1 - s0) * kLanes; ++i) {
      if (row[first + i] >= 0) by_row[row[first + i] - first] = sums[i];
    }
    const int64_t stop = std::min(end, first + kSortWindow);
    for (int64_t k = first; k < stop; ++k) out(k, x[k] - by_row[k - first], acc);
  }
  return acc;
}

template <size_t R, class Out>
std::array<double, R> product_rows(const SlicedMatrix& g, const double* x, int threads, Out out) {
  std::vector<std::array<double, R>> part(static_cast<size_t>(chunk_count(g.rows)));
  parallel_chunks(g.rows, threads, [&](int64_t begin, int64_t end, int64_t c) {
    part[c] = product_range<R>(g, x, begin, end, out);
  });
  std::array<double, R> total{};
  for (const auto& q : part)
    for (size_t i = 0; i < R; ++i) total[i] += q[i];
  return total;
}

}  // namespace

void LeontiefSystem::apply(const std::vector<double>& x, std::vector<double>& y,
                           int threads) const {
  double* yp = y.data();
  product_rows<0>(gather_, x.data(), threads,
                  [=](int64_t k, double ax, std::array<double, 0>&) { yp[k] = ax; });
}

Solution LeontiefSystem::jacobi(const std::vector<double>& y, const SolveOptions& o) const {
  // x <- x + D^-1 (y - (I - A) x), D = diag(1 - a_kk): one product per round, fused with
  // the update and the residual's norm (reads y and D^-1, writes the next x).
  Solution s;
  s.report.method = Method::kJacobi;
  const int32_t n = n_;
  std::vector<double> x = huge_backed_vector(n, 0.0), next = huge_backed_vector(n, 0.0);
  const double ny = norm2(y, o.threads);
  if (ny == 0) {
    s.x = x;
    s.report.converged = true;
    return s;
  }
  const double* yp = y.data();
  const double* ip = inv_.data();
  for (int32_t it = 1; it <= o.max_iterations; ++it) {
    double* np = next.data();
    const double* xp = x.data();
    const double rr = product_rows<1>(gather_, x.data(), o.threads,
                                      [=](int64_t k, double ax, std::array<double, 1>& acc) {
                                        const double r = yp[k] - ax;
                                        np[k] = xp[k] + r * ip[k];
                                        acc[0] += r * r;
                                      })[0];
    ++s.report.matrix_products;
    s.report.vector_streams += 2;  // y and D^-1 (the product reads x and writes next)
    x.swap(next);
    double rel = std::sqrt(rr) / ny;  // residual of the previous x; the new one is smaller
    s.report.iterations = it;
    if (o.progress) o.progress(it, rel);
    if (!std::isfinite(rel) || rel > 1e12) break;
    if (rel <= o.tolerance * 0.5) break;
  }
  s.x = std::move(x);
  return s;
}

Solution LeontiefSystem::bicgstab(const std::vector<double>& b, const SolveOptions& o) const {
  // BiCGSTAB, right-preconditioned by the diagonal, with every vector operation fused into
  // the pass that produces its operand: three passes and two products per iteration
  // (21 vector streams besides the products, against 28 for the textbook sequence). The
  // arithmetic is the textbook's; only the order of the sums differs.
  Solution s;
  s.report.method = Method::kBicgstab;
  const int32_t n = n_;
  const int th = o.threads;
  // rhat is b itself until a breakdown restarts from another residual.
  std::vector<double> x = huge_backed_vector(n, 0.0);
  HugeVector<double> r(b.begin(), b.end()), rhat, p(n, 0.0), v(n, 0.0), ph(n), sh(n), t(n);
  const HugeVector<double> ones(o.precondition ? 0 : n, 1.0);
  const double* inv = o.precondition ? inv_.data() : ones.data();
  double* xp = x.data();
  double* rp = r.data();
  double* pp = p.data();
  double* vp = v.data();
  double* php = ph.data();
  double* shp = sh.data();
  double* tp = t.data();
  const double* bp = b.data();
  const double* hp = bp;
  const double nb = norm2(b, th);
  if (nb == 0) {
    s.x = x;
    s.report.converged = true;
    return s;
  }
  double rho = 1, alpha = 1, omega = 1;
  double rho_new = nb * nb;  // (rhat, r) with rhat = r = b
  for (int32_t it = 1; it <= o.max_iterations; ++it) {
    if (rho_new == 0 || !std::isfinite(rho_new)) {
      // Breakdown: restart from the true residual of x (not the recurrence's).
      rho_new =
          product_rows<1>(gather_, xp, th, [=](int64_t k, double ax, std::array<double, 1>& acc) {
            rp[k] = bp[k] - ax;
            acc[0] += rp[k] * rp[k];
          })[0];
      ++s.report.matrix_products;
      s.report.vector_streams += 1;
      rhat = r;
      hp = rhat.data();
      std::fill(p.begin(), p.end(), 0.0);
      std::fill(v.begin(), v.end(), 0.0);
      s.report.vector_streams += 4;
      rho = alpha = omega = 1;
      if (rho_new == 0 || !std::isfinite(rho_new)) break;
    }
    const double beta = (rho_new / rho) * (alpha / omega);
    rho = rho_new;
    const double om = omega;
    // p = r + beta (p - omega v); ph = M^-1 p.  Reads r, p, v, M^-1; writes p, ph.
    reduce_rows<0>(n, th, [=](int64_t k, std::array<double, 0>&) {
      pp[k] = rp[k] + beta * (pp[k] - om * vp[k]);
      php[k] = inv[k] * pp[k];
    });
    // v = (I - A) ph with (rhat, v).  Reads rhat.
    const double hv =
        product_rows<1>(gather_, php, th, [=](int64_t k, double ax, std::array<double, 1>& acc) {
          vp[k] = ax;
          acc[0] += hp[k] * ax;
        })[0];
    ++s.report.matrix_products;
    alpha = rho / hv;
    const double al = alpha;
    // s = r - alpha v (kept in r), sh = M^-1 s, (s, s).  Reads r, v, M^-1; writes r, sh.
    const double ss = reduce_rows<1>(n, th, [=](int64_t k, std::array<double, 1>& acc) {
      const double sk = rp[k] - al * vp[k];
      rp[k] = sk;
      shp[k] = inv[k] * sk;
      acc[0] += sk * sk;
    })[0];
    s.report.vector_streams += 12;
    s.report.iterations = it;
    const double ns = std::sqrt(ss);
    if (ns / nb <= o.tolerance * 0.5) {
      reduce_rows<0>(n, th, [=](int64_t k, std::array<double, 0>&) { xp[k] += al * php[k]; });
      s.report.vector_streams += 3;
      if (o.progress) o.progress(it, ns / nb);
      break;
    }
    // t = (I - A) sh with (t, t) and (t, s).  Reads s.
    const auto tt =
        product_rows<2>(gather_, shp, th, [=](int64_t k, double ax, std::array<double, 2>& acc) {
          tp[k] = ax;
          acc[0] += ax * ax;
          acc[1] += ax * rp[k];
        });
    ++s.report.matrix_products;
    omega = tt[0] > 0 ? tt[1] / tt[0] : 0.0;
    const double w = omega;
    // x += alpha ph + omega sh; r = s - omega t; (r, r) and (rhat, r) for the next round.
    // Reads x, ph, sh, s, t, rhat; writes x, r.
    const auto rr = reduce_rows<2>(n, th, [=](int64_t k, std::array<double, 2>& acc) {
      xp[k] += al * php[k] + w * shp[k];
      const double rk = rp[k] - w * tp[k];
      rp[k] = rk;
      acc[0] += rk * rk;
      acc[1] += hp[k] * rk;
    });
    s.report.vector_streams += 1 + 8;
    rho_new = rr[1];
    const double rel = std::sqrt(rr[0]) / nb;
    if (o.progress) o.progress(it, rel);
    if (!std::isfinite(rel) || rel > 1e12) break;
    if (rel <= o.tolerance * 0.5) break;
    if (omega == 0) break;
  }
  s.x = std::move(x);
  return s;
}

namespace {

// Sums over chunks for a count known only at run time (the dot products against the
// GMRES basis), kept per chunk and added in chunk order like reduce_rows.
template <class Body>
std::vector<double> reduce_chunks(int64_t n, int threads, size_t count, Body body) {
  std::vector<double> part(static_cast<size_t>(chunk_count(n)) * count, 0.0);
  parallel_chunks(n, threads, [&](int64_t begin, int64_t end, int64_t c) {
    body(begin, end, part.data() + static_cast<size_t>(c) * count);
  });
  std::vector<double> total(count, 0.0);
  for (size_t c = 0; c < part.size() / std::max<size_t>(count, 1); ++c)
    for (size_t i = 0; i < count; ++i) total[i] += part[c * count + i];
  return total;
}

// Rows per block inside a chunk for the passes over the GMRES basis: a block of every
// basis vector (8 KB each, 41 of them at the default restart) stays in L2 (1 MB a core on Zen 5)
// while the pass goes over it twice.
constexpr int64_t kBasisBlock = 1024;

}  // namespace

Solution LeontiefSystem::gmres(const std::vector<double>& b, const SolveOptions& o) const {
  // Restarted GMRES(m), right-preconditioned by the diagonal, classical Gram-Schmidt run
  // twice (CGS2) and Givens rotations. CGS2 is as stable as modified Gram-Schmidt (one
  // reorthogonalisation is enough) but takes its dot products in whole passes, so every
  // vector pass streams: per iteration the product fused with the first round's dot
  // products, one pass that subtracts them and takes the second round's, one that subtracts
  // those. Basis vectors are kept unnormalised with their scale beside them, so no pass
  // only to normalise. For the same Krylov space GMRES needs no more products than any
  // method; on the benchmark's economies it needs as many as BiCGSTAB (17 or 18 at 10^6),
  // and its passes over the growing basis cost more than BiCGSTAB's: see benchmarks.md.
  Solution s;
  s.report.method = Method::kGmres;
  const int32_t n = n_;
  const int th = o.threads;
  const int32_t m = std::max<int32_t>(1, o.gmres_restart);
  const HugeVector<double> ones(o.precondition ? 0 : n, 1.0);
  const double* inv = o.precondition ? inv_.data() : ones.data();
  const double* bp = b.data();
  std::vector<double> x = huge_backed_vector(n, 0.0);
  double* xp = x.data();
  const double nb = norm2(b, th);
  if (nb == 0) {
    s.x = std::move(x);
    s.report.converged = true;
    return s;
  }
  // U[i] = V[i] / scale[i]: the basis, allocated as the iterations reach it (m + 1 vectors
  // of n would be 330 MB at 10^6 products for m = 40).
  std::vector<HugeVector<double>> U;
  std::vector<double> scale(m + 1, 1.0);
  HugeVector<double> z(n);  // M^-1 U[j], the input of the next product
  double* zp = z.data();
  std::vector<double> H(static_cast<size_t>(m + 1) * m, 0.0), cs(m), sn(m), g(m + 1);
  auto basis = [&](int32_t count) {
    std::vector<const double*> ptr(count);
    for (int32_t i = 0; i < count; ++i) ptr[i] = U[i].data();
    return ptr;
  };
  int32_t it = 0;
  bool x_zero = true;
  while (it < o.max_iterations) {
    if (U.empty()) U.emplace_back(n);
    double* u0 = U[0].data();
    // r = b - (I - A) x into U[0], with (r, r) and z = M^-1 r.
    double beta;
    if (x_zero) {
      beta = nb;
      reduce_rows<0>(n, th, [=](int64_t k, std::array<double, 0>&) {
        u0[k] = bp[k];
        zp[k] = inv[k] * bp[k];
      });
      s.report.vector_streams += 4;  // reads b and M^-1; writes U[0] and z
    } else {
      const double rr =
          product_rows<1>(gather_, xp, th, [=](int64_t k, double ax, std::array<double, 1>& acc) {
            const double r = bp[k] - ax;
            u0[k] = r;
            zp[k] = inv[k] * r;
            acc[0] += r * r;
          })[0];
      ++s.report.matrix_products;
      s.report.vector_streams += 3;  // reads b and M^-1; writes z (the product writes U[0])
      beta = std::sqrt(rr);
    }
    if (beta / nb <= o.tolerance * 0.5 || !std::isfinite(beta)) break;
    scale[0] = 1.0 / beta;
    std::fill(g.begin(), g.end(), 0.0);
    g[0] = beta;
    int32_t j = 0;
    bool done = false;
    for (; j < m && it < o.max_iterations; ++j) {
      ++it;
      if (static_cast<int32_t>(U.size()) < j + 2) U.emplace_back(n);
      const std::vector<const double*> V = basis(j + 1);
      const double* const* vp = V.data();
      const double* sc = scale.data();
      double* w = U[j + 1].data();
      const size_t cnt = static_cast<size_t>(j) + 1;
      // w = (I - A) M^-1 v_j (z holds M^-1 U[j], so scale by scale[j]), then h = V^T w.
      const double sj = scale[j];
      std::vector<double> h =
          reduce_chunks(n, th, cnt, [&](int64_t begin, int64_t end, double* acc) {
            product_range<0>(gather_, zp, begin, end,
                             [=](int64_t k, double ax, std::array<double, 0>&) { w[k] = sj * ax; });
            for (int64_t b0 = begin; b0 < end; b0 += kBasisBlock) {
              const int64_t b1 = std::min(end, b0 + kBasisBlock);
              for (size_t i = 0; i < cnt; ++i) {
                double d = 0;
                for (int64_t k = b0; k < b1; ++k) d += vp[i][k] * w[k];
                acc[i] += d;
              }
            }
          });
      ++s.report.matrix_products;
      s.report.vector_streams += j + 1;  // reads the basis (the product reads z, writes w)
      for (size_t i = 0; i < cnt; ++i) h[i] *= sc[i];
      // Two rounds of w -= V c with c = V^T w; the second round's dots ride on the first
      // round's pass, and the norm of the result on the second's.
      std::vector<double> c2(cnt + 1, 0.0);
      for (int round = 0; round < 2; ++round) {
        const std::vector<double>& c = round == 0 ? h : c2;
        std::vector<double> coef(cnt);
        for (size_t i = 0; i < cnt; ++i) coef[i] = c[i] * sc[i];
        const double* cf = coef.data();
        const bool last = round == 1;
        std::vector<double> d =
            reduce_chunks(n, th, cnt + 1, [&](int64_t begin, int64_t end, double* acc) {
              for (int64_t b0 = begin; b0 < end; b0 += kBasisBlock) {
                const int64_t b1 = std::min(end, b0 + kBasisBlock);
                for (size_t i = 0; i < cnt; ++i) {
                  const double ci = cf[i];
                  const double* vi = vp[i];
                  for (int64_t k = b0; k < b1; ++k) w[k] -= ci * vi[k];
                }
                if (!last) {
                  for (size_t i = 0; i < cnt; ++i) {
                    double e = 0;
                    for (int64_t k = b0; k < b1; ++k) e += vp[i][k] * w[k];
                    acc[i] += e;
                  }
                } else {
                  for (int64_t k = b0; k < b1; ++k) zp[k] = inv[k] * w[k];
                }
                double e = 0;
                for (int64_t k = b0; k < b1; ++k) e += w[k] * w[k];
                acc[cnt] += e;
              }
            });
        // First round: reads the basis, reads and writes w. Second: the same, and reads
        // M^-1 and writes z.
        s.report.vector_streams += j + 3 + (last ? 2 : 0);
        if (!last) {
          for (size_t i = 0; i < cnt; ++i) c2[i] = d[i] * sc[i];
        } else {
          c2[cnt] = d[cnt];
        }
      }
      const double hn = std::sqrt(c2[cnt]);
      for (size_t i = 0; i < cnt; ++i) H[i * m + j] = h[i] + c2[i];
      H[(j + 1) * m + j] = hn;
      scale[j + 1] = hn > 0 ? 1.0 / hn : 1.0;
      for (int32_t i = 0; i < j; ++i) {
        const double a = H[i * m + j], c = H[(i + 1) * m + j];
        H[i * m + j] = cs[i] * a + sn[i] * c;
        H[(i + 1) * m + j] = -sn[i] * a + cs[i] * c;
      }
      const double a = H[j * m + j], c = H[(j + 1) * m + j];
      const double dd = std::hypot(a, c);
      cs[j] = dd > 0 ? a / dd : 1.0;
      sn[j] = dd > 0 ? c / dd : 0.0;
      H[j * m + j] = dd;
      H[(j + 1) * m + j] = 0;
      g[j + 1] = -sn[j] * g[j];
      g[j] = cs[j] * g[j];
      const double rel = std::abs(g[j + 1]) / nb;
      s.report.iterations = it;
      if (o.progress) o.progress(it, rel);
      if (!std::isfinite(rel)) {
        done = true;
        ++j;
        break;
      }
      if (rel <= o.tolerance * 0.5 || hn == 0) {
        done = true;
        ++j;
        break;
      }
    }
    // Back-substitution for y, then x += M^-1 V y in one pass.
    std::vector<double> yv(j, 0.0);
    for (int32_t i = j - 1; i >= 0; --i) {
      double sum = g[i];
      for (int32_t k = i + 1; k < j; ++k) sum -= H[i * m + k] * yv[k];
      yv[i] = H[i * m + i] != 0 ? sum / H[i * m + i] : 0.0;
    }
    for (int32_t i = 0; i < j; ++i) yv[i] *= scale[i];
    const std::vector<const double*> V = basis(j);
    const double* const* vp = V.data();
    const double* yc = yv.data();
    reduce_rows<0>(n, th, [=](int64_t k, std::array<double, 0>&) {
      double d = 0;
      for (int32_t i = 0; i < j; ++i) d += yc[i] * vp[i][k];
      xp[k] += inv[k] * d;
    });
    s.report.vector_streams += j + 3;  // reads the basis and M^-1, reads and writes x
    x_zero = false;
    if (done || j == 0) break;
  }
  s.x = std::move(x);
  return s;
}

Result<Solution> LeontiefSystem::solve(const std::vector<double>& y, const SolveOptions& o) const {
  if (y.size() != static_cast<size_t>(n_))
    return invalid_argument(fmt::format("the demand has {} entries for {} products", y.size(), n_));
  if (o.method == Method::kSparseLu) return invalid_argument("use LeontiefLu for the LU method");
  if (!(o.tolerance > 0)) return invalid_argument("the tolerance must be positive", "tolerance");
  auto start = Clock::now();
  Solution s;
  switch (o.method) {
    case Method::kJacobi:
      s = jacobi(y, o);
      break;
    case Method::kGmres:
      s = gmres(y, o);
      break;
    default:
      s = bicgstab(y, o);
      break;
  }
  s.report.seconds = seconds_since(start);
  // The reported residual is recomputed from x, never taken from a recurrence.
  const double* yp = y.data();
  const double nr = std::sqrt(product_rows<1>(
      gather_, s.x.data(), o.threads, [=](int64_t k, double ax, std::array<double, 1>& acc) {
        const double d = yp[k] - ax;
        acc[0] += d * d;
      })[0]);
  const double ny = norm2(y, o.threads);
  s.report.relative_residual = ny > 0 ? nr / ny : nr;
  s.report.converged =
      std::isfinite(s.report.relative_residual) && s.report.relative_residual <= o.tolerance;
  // A Krylov method can converge for an unproductive economy too (I - A may be regular),
  // to an x with negative outputs; the diagnosis is one pass over A when every column
  // sums below 1, so it runs once per system.
  if (unproductive_ < 0) unproductive_ = unproductive_groups(*a_).empty() ? 0 : 1;
  if (unproductive_ == 1) return unproductive_error(*a_, {});
  return s;
}

// ---- LU ------------------------------------------------------------------------------

namespace {
using SpMat = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;

SpMat identity_minus(const CscMatrix& a) {
  std::vector<Eigen::Triplet<double, int>> t;
  t.reserve(a.values.size() + a.cols);
  for (int32_t j = 0; j < a.cols; ++j) {
    t.emplace_back(j, j, 1.0);
    for (int64_t p = a.col_ptr[j]; p < a.col_ptr[j + 1]; ++p)
      t.emplace_back(a.row_idx[p], j, -a.values[p]);
  }
  SpMat m(a.rows, a.cols);
  m.setFromTriplets(t.begin(), t.end());
  m.makeCompressed();
  return m;
}
}  // namespace

struct LeontiefLu::Impl {
  SpMat m;
  Eigen::SparseLU<SpMat, Eigen::COLAMDOrdering<int>> lu;
};

LeontiefLu::LeontiefLu() = default;
LeontiefLu::~LeontiefLu() = default;

Result<std::unique_ptr<LeontiefLu>> LeontiefLu::factor(const CscMatrix& a) {
  std::unique_ptr<LeontiefLu> f(new LeontiefLu());
  f->impl_ = std::make_unique<Impl>();
  f->a_ = &a;
  try {
    f->impl_->m = identity_minus(a);
    f->impl_->lu.compute(f->impl_->m);
  } catch (const std::bad_alloc&) {
    return Status(Code::kResourceExhausted,
                  "not enough memory for the LU factorisation; use an iterative method");
  }
  if (f->impl_->lu.info() != Eigen::Success) {
    Status u = unproductive_error(a, {});
    if (u.code() == Code::kFailedPrecondition) return u;
    return failed_precondition("I - A is singular: " + f->impl_->lu.lastErrorMessage());
  }
  // A nonsingular I - A can still belong to an unproductive economy (a Perron root above 1
  // gives negative outputs); the diagnosis is cheap next to the factorisation.
  if (!unproductive_groups(a).empty()) return unproductive_error(a, {});
  return f;
}

Solution LeontiefLu::solve(const std::vector<double>& y) const {
  auto start = Clock::now();
  Eigen::Map<const Eigen::VectorXd> b(y.data(), static_cast<Eigen::Index>(y.size()));
  Eigen::VectorXd x = impl_->lu.solve(b);
  Solution s;
  s.report.method = Method::kSparseLu;
  s.x.assign(x.data(), x.data() + x.size());
  s.report.seconds = seconds_since(start);
  Eigen::VectorXd r = b - impl_->m * x;
  double nb = b.norm();
  s.report.relative_residual = nb > 0 ? r.norm() / nb : r.norm();
  s.report.converged = true;
  return s;
}

Solution LeontiefLu::solve_transposed(const std::vector<double>& y) const {
  auto start = Clock::now();
  Eigen::Map<const Eigen::VectorXd> b(y.data(), static_cast<Eigen::Index>(y.size()));
  Eigen::VectorXd x = impl_->lu.transpose().solve(b);
  Solution s;
  s.report.method = Method::kSparseLu;
  s.x.assign(x.data(), x.data() + x.size());
  s.report.seconds = seconds_since(start);
  Eigen::VectorXd r = b - impl_->m.transpose() * x;
  double nb = b.norm();
  s.report.relative_residual = nb > 0 ? r.norm() / nb : r.norm();
  s.report.converged = true;
  return s;
}

Result<Solution> solve_leontief(const CscMatrix& a, const std::vector<double>& y,
                                const SolveOptions& options, bool transposed) {
  if (a.rows != a.cols) return invalid_argument("the technology matrix must be square");
  if (options.method == Method::kSparseLu) {
    if (y.size() != static_cast<size_t>(a.cols))
      return invalid_argument(
          fmt::format("the demand has {} entries for {} products", y.size(), a.cols));
    auto lu = TRY(LeontiefLu::factor(a));
    return transposed ? lu->solve_transposed(y) : lu->solve(y);
  }
  LeontiefSystem sys(a, transposed);
  return sys.solve(y, options);
}

Result<std::vector<double>> leontief_inverse(const CscMatrix& a) {
  const int32_t n = a.cols;
  if (a.rows != n) return invalid_argument("the technology matrix must be square");
  if (!unproductive_groups(a).empty()) return unproductive_error(a, {});
  Eigen::MatrixXd m = Eigen::MatrixXd::Identity(n, n);
  for (int32_t j = 0; j < n; ++j)
    for (int64_t p = a.col_ptr[j]; p < a.col_ptr[j + 1]; ++p) m(a.row_idx[p], j) -= a.values[p];
  Eigen::FullPivLU<Eigen::MatrixXd> lu(m);
  if (!lu.isInvertible()) return failed_precondition("I - A is singular");
  Eigen::MatrixXd inv = lu.inverse();
  std::vector<double> out(static_cast<size_t>(n) * n);
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = 0; j < n; ++j) out[static_cast<size_t>(i) * n + j] = inv(i, j);
  return out;
}

// ---- diagnosis -----------------------------------------------------------------------

namespace {

// Strongly connected components of the graph i -> j for each a_ij != 0 (iterative
// Tarjan, so that ten million products do not overflow the call stack).
std::vector<std::vector<int32_t>> components(const CscMatrix& a) {
  const int32_t n = a.cols;
  // Edges j -> i for a_ij in column j: same components as i -> j.
  std::vector<int32_t> index(n, -1), low(n, 0), stack;
  std::vector<char> on_stack(n, 0);
  std::vector<std::vector<int32_t>> out;
  std::vector<std::pair<int32_t, int64_t>> call;  // (node, next edge position)
  int32_t counter = 0;
  for (int32_t root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    call.push_back({root, a.col_ptr[root]});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      auto& [v, pos] = call.back();
      if (pos < a.col_ptr[v + 1]) {
        int32_t w = a.row_idx[pos++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, a.col_ptr[w]});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      int32_t done = v;
      call.pop_back();
      if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
      if (low[done] == index[done]) {
        std::vector<int32_t> comp;
        int32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          comp.push_back(w);
        } while (w != done);
        out.push_back(std::move(comp));
      }
    }
  }
  return out;
}

// The Perron root of |A| restricted to `comp` (irreducible there), by power iteration on
// (B + I) / 2, which has the same Perron vector and is primitive, bracketed by the
// Collatz-Wielandt bounds min (Bx)_i / x_i <= rho <= max (Bx)_i / x_i. Stops once the
// bracket decides "below 1" or "at or above 1", or is tight.
double perron_root(const CscMatrix& a, const std::vector<int32_t>& comp,
                   std::vector<int32_t>& local, bool decide_only) {
  const size_t m = comp.size();
  if (m == 1) return std::abs(coefficient(a, comp[0], comp[0]));
  for (size_t k = 0; k < m; ++k) local[comp[k]] = static_cast<int32_t>(k);
  std::vector<double> x(m, 1.0), y(m);
  double lo = 0, hi = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    // y = (|A|^T x + x) / 2 on the component: |A|^T has the same Perron root as |A|, and
    // a gather down A's columns needs no transposed copy.
    double mx = 0;
    for (size_t k = 0; k < m; ++k) {
      int32_t j = comp[k];
      double s = 0;
      for (int64_t p = a.col_ptr[j]; p < a.col_ptr[j + 1]; ++p) {
        int32_t li = local[a.row_idx[p]];
        if (li >= 0) s += std::abs(a.values[p]) * x[li];
      }
      y[k] = 0.5 * (s + x[k]);
      mx = std::max(mx, y[k]);
    }
    lo = INFINITY;
    hi = 0;
    for (size_t k = 0; k < m; ++k) {
      double q = y[k] / x[k];
      lo = std::min(lo, q);
      hi = std::max(hi, q);
    }
    if (decide_only && (hi < 1.0 || lo >= 1.0)) break;
    if (hi - lo < 1e-13) break;
    for (size_t k = 0; k < m; ++k) x[k] = std::max(y[k] / mx, 1e-300);
  }
  for (int32_t j : comp) local[j] = -1;
  if (decide_only) return hi < 1.0 ? 2 * hi - 1 : 2 * lo - 1;
  return (lo + hi) - 1;  // 2 * midpoint - 1
}

}  // namespace

std::vector<UnproductiveGroup> unproductive_groups(const CscMatrix& a) {
  std::vector<UnproductiveGroup> out;
  // Column sums of |A| below 1 prove productivity without further work.
  double max_sum = 0;
  for (int32_t j = 0; j < a.cols; ++j) {
    double s = 0;
    for (int64_t p = a.col_ptr[j]; p < a.col_ptr[j + 1]; ++p) s += std::abs(a.values[p]);
    max_sum = std::max(max_sum, s);
  }
  if (max_sum < 1.0) return out;
  std::vector<int32_t> local(a.cols, -1);
  for (auto& comp : components(a)) {
    double rho = perron_root(a, comp, local, true);
    if (rho >= 1.0 - 1e-12) {
      rho = perron_root(a, comp, local, false);  // the message shows a tight figure
      std::sort(comp.begin(), comp.end());
      out.push_back({std::move(comp), rho});
    }
  }
  return out;
}

double spectral_radius(const CscMatrix& a) {
  std::vector<int32_t> local(a.cols, -1);
  double rho = 0;
  for (auto& comp : components(a)) rho = std::max(rho, perron_root(a, comp, local, false));
  return rho;
}

Status unproductive_error(const CscMatrix& a, const std::vector<std::string>& names) {
  auto groups = unproductive_groups(a);
  if (groups.empty()) return Status(Code::kInternal, "the economy is productive");
  std::string msg = "the economy cannot produce a surplus: ";
  for (size_t g = 0; g < groups.size() && g < 5; ++g) {
    if (g > 0) msg += "; ";
    msg += fmt::format("the {} product(s) ", groups[g].products.size());
    for (size_t k = 0; k < groups[g].products.size() && k < 10; ++k) {
      int32_t j = groups[g].products[k];
      msg += (k ? ", " : "") + (names.empty() ? fmt::format("#{}", j) : names[j]);
    }
    if (groups[g].products.size() > 10) msg += ", ...";
    msg += fmt::format(
        " use up at least as much of themselves as they make (spectral radius {:.6g} >= 1)",
        groups[g].spectral_radius);
  }
  if (groups.size() > 5) msg += fmt::format("; and {} more groups", groups.size() - 5);
  return failed_precondition(msg, "technology");
}

}  // namespace collegium::plan
