#include "plan/sliced.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <vector>

namespace collegium::plan {

SlicedMatrix slice_rows(const CscMatrix& g) {
  SlicedMatrix m;
  const int64_t n = g.cols;
  const int64_t slices = (n + kLanes - 1) / kLanes;
  m.rows = g.cols;
  m.terms = g.nonzeros();
  auto length = [&](int32_t k) { return k < 0 ? int64_t{0} : g.col_ptr[k + 1] - g.col_ptr[k]; };
  m.row.assign(static_cast<size_t>(slices * kLanes), -1);
  for (int64_t w0 = 0; w0 < n; w0 += kSortWindow) {
    const int64_t w1 = std::min(n, w0 + kSortWindow);
    std::iota(m.row.begin() + w0, m.row.begin() + w1, static_cast<int32_t>(w0));
    std::stable_sort(m.row.begin() + w0, m.row.begin() + w1,
                     [&](int32_t a, int32_t b) { return length(a) > length(b); });
  }
  m.slice_ptr.assign(static_cast<size_t>(slices) + 1, 0);
  for (int64_t s = 0; s < slices; ++s) {
    int64_t width = 0;
    for (int r = 0; r < kLanes; ++r) width = std::max(width, length(m.row[s * kLanes + r]));
    m.slice_ptr[s + 1] = m.slice_ptr[s] + width * kLanes;
  }
  m.col.resize(static_cast<size_t>(m.slice_ptr.back()));
  m.val.resize(static_cast<size_t>(m.slice_ptr.back()));
  int32_t* col = m.col.data();
  double* val = m.val.data();
  const int32_t* row = m.row.data();
  const int64_t* sp = m.slice_ptr.data();
  // Chunks of rows are whole slices (kChunk is a multiple of kLanes), so each chunk fills
  // its own entries.
  parallel_chunks(n, 0, [&](int64_t begin, int64_t end, int64_t) {
    for (int64_t s = begin / kLanes; s < (end + kLanes - 1) / kLanes; ++s) {
      const int64_t width = (sp[s + 1] - sp[s]) / kLanes;
      for (int r = 0; r < kLanes; ++r) {
        const int32_t k = row[s * kLanes + r];
        const int64_t first = k < 0 ? 0 : g.col_ptr[k];
        const int64_t len = length(k);
        for (int64_t j = 0; j < width; ++j) {
          const int64_t q = sp[s] + j * kLanes + r;
          col[q] = j < len ? g.row_idx[first + j] : std::max(k, 0);
          val[q] = j < len ? g.values[first + j] : 0.0;
        }
      }
    }
  });
  return m;
}

namespace {

// The matrix is streamed once per product and not read again until the next, while the
// vector it gathers from is read at random all through the product (and was written by
// the pass before). Fetching the matrix ahead with the non-temporal hint keeps the stream
// from pushing that vector out of the caches: BiCGSTAB at 10^6 products took 0.87 to 0.95
// of its time without the hint (alternating runs, one and two threads), though a product
// alone, repeated on one vector that stays cached anyway, gains nothing.
constexpr int64_t kStreamAhead = 1024;  // entries: 4 KB of column indices, 8 KB of values

inline void prefetch_ahead(const SlicedMatrix& m, int64_t s) {
  const int64_t from = m.slice_ptr[s] + kStreamAhead;
  const int64_t to = std::min(m.slice_ptr[s + 1] + kStreamAhead, m.stored());
  for (int64_t p = from; p < to; p += 16) __builtin_prefetch(m.col.data() + p, 0, 0);
  for (int64_t p = from; p < to; p += 8) __builtin_prefetch(m.val.data() + p, 0, 0);
}

void sums_portable(const SlicedMatrix& m, const double* x, int64_t begin, int64_t end,
                   double* sums) {
  const int64_t* sp = m.slice_ptr.data();
  const int32_t* col = m.col.data();
  const double* val = m.val.data();
  for (int64_t s = begin; s < end; ++s) {
    double acc[kLanes] = {};
    prefetch_ahead(m, s);
    for (int64_t p = sp[s]; p < sp[s + 1]; p += kLanes)
      for (int r = 0; r < kLanes; ++r) acc[r] += val[p + r] * x[col[p + r]];
    std::copy(acc, acc + kLanes, sums + (s - begin) * kLanes);
  }
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void sums_avx2(const SlicedMatrix& m, const double* x,
                                               int64_t begin, int64_t end, double* sums) {
  const int64_t* sp = m.slice_ptr.data();
  const int32_t* col = m.col.data();
  const double* val = m.val.data();
  // The masked gathers with every lane on: the unmasked ones start from an undefined
  // register, which GCC 12 warns about.
  const __m256d zero = _mm256_setzero_pd();
  const __m256d all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
  for (int64_t s = begin; s < end; ++s) {
    __m256d lo = _mm256_setzero_pd(), hi = _mm256_setzero_pd();
    prefetch_ahead(m, s);
    for (int64_t p = sp[s]; p < sp[s + 1]; p += kLanes) {
      const __m256i idx = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(col + p));
      const __m256d xl = _mm256_mask_i32gather_pd(zero, x, _mm256_castsi256_si128(idx), all, 8);
      const __m256d xh =
          _mm256_mask_i32gather_pd(zero, x, _mm256_extracti128_si256(idx, 1), all, 8);
      lo = _mm256_add_pd(lo, _mm256_mul_pd(_mm256_loadu_pd(val + p), xl));
      hi = _mm256_add_pd(hi, _mm256_mul_pd(_mm256_loadu_pd(val + p + 4), xh));
    }
    _mm256_storeu_pd(sums + (s - begin) * kLanes, lo);
    _mm256_storeu_pd(sums + (s - begin) * kLanes + 4, hi);
  }
}

__attribute__((target("avx512f"))) void sums_avx512(const SlicedMatrix& m, const double* x,
                                                    int64_t begin, int64_t end, double* sums) {
  const int64_t* sp = m.slice_ptr.data();
  const int32_t* col = m.col.data();
  const double* val = m.val.data();
  for (int64_t s = begin; s < end; ++s) {
    __m512d acc = _mm512_setzero_pd();
    prefetch_ahead(m, s);
    for (int64_t p = sp[s]; p < sp[s + 1]; p += kLanes) {
      const __m256i idx = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(col + p));
      const __m512d xv = _mm512_mask_i32gather_pd(_mm512_setzero_pd(), 0xff, idx, x, 8);
      acc = _mm512_add_pd(acc, _mm512_mul_pd(_mm512_loadu_pd(val + p), xv));
    }
    _mm512_storeu_pd(sums + (s - begin) * kLanes, acc);
  }
}
#endif

SliceKernel widest() {
  static const SliceKernel k = kernel_available(SliceKernel::kAvx512) ? SliceKernel::kAvx512
                               : kernel_available(SliceKernel::kAvx2) ? SliceKernel::kAvx2
                                                                      : SliceKernel::kPortable;
  return k;
}

}  // namespace

const char* kernel_name(SliceKernel k) {
  switch (k) {
    case SliceKernel::kAvx512:
      return "avx512";
    case SliceKernel::kAvx2:
      return "avx2";
    case SliceKernel::kPortable:
      return "portable";
    case SliceKernel::kAuto:
      break;
  }
  return "auto";
}

bool kernel_available(SliceKernel k) {
  switch (k) {
#if defined(__x86_64__)
    case SliceKernel::kAvx512:
      return __builtin_cpu_supports("avx512f");
    case SliceKernel::kAvx2:
      return __builtin_cpu_supports("avx2");
#else
    case SliceKernel::kAvx512:
    case SliceKernel::kAvx2:
      return false;
#endif
    case SliceKernel::kAuto:
    case SliceKernel::kPortable:
      return true;
  }
  return false;
}

void slice_sums(const SlicedMatrix& m, const double* x, int64_t begin, int64_t end, double* sums,
                SliceKernel kernel) {
  if (kernel == SliceKernel::kAuto) kernel = m.kernel == SliceKernel::kAuto ? widest() : m.kernel;
  switch (kernel) {
#if defined(__x86_64__)
    case SliceKernel::kAvx512:
      return sums_avx512(m, x, begin, end, sums);
    case SliceKernel::kAvx2:
      return sums_avx2(m, x, begin, end, sums);
#endif
    default:
      return sums_portable(m, x, begin, end, sums);
  }
}

SliceKernel fastest_kernel(const SlicedMatrix& m) {
  // Below a few million terms a pass takes a millisecond or less: too short to time
  // reliably on a shared machine, and too short to matter.
  constexpr int64_t kWorthTiming = int64_t{4} << 20;
  const SliceKernel vector = widest();
  if (vector == SliceKernel::kPortable || m.stored() < kWorthTiming) return SliceKernel::kAuto;
  const std::vector<double> x(static_cast<size_t>(m.rows), 1.0);
  std::vector<double> sums(static_cast<size_t>(m.slices() * kLanes));
  double best[2] = {INFINITY, INFINITY};
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 2; ++i) {
      const auto start = std::chrono::steady_clock::now();
      slice_sums(m, x.data(), 0, m.slices(), sums.data(), i == 0 ? vector : SliceKernel::kPortable);
      best[i] = std::min(
          best[i], std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  }
  return best[0] <= best[1] ? vector : SliceKernel::kPortable;
}

}  // namespace collegium::plan
