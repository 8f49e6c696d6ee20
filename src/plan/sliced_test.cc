#include "plan/sliced.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "plan/generate.h"

namespace collegium::plan {
namespace {

// A gather matrix with rows of 0 to `max_len` terms, spread over several sort windows and
// ending in a partial slice.
CscMatrix random_rows(int32_t n, int max_len, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Triplet> t;
  for (int32_t k = 0; k < n; ++k) {
    const int len = static_cast<int>(rng() % (max_len + 1));
    for (int j = 0; j < len; ++j)
      t.push_back({static_cast<int32_t>(rng() % n), k,
                   std::ldexp(static_cast<double>(rng() % 1000 + 1), -12)});
  }
  return csc_from_triplets(n, n, std::move(t)).value();
}

std::vector<double> row_sums(const SlicedMatrix& m, const std::vector<double>& x,
                             SliceKernel kernel) {
  std::vector<double> sums(static_cast<size_t>(m.slices() * kLanes));
  slice_sums(m, x.data(), 0, m.slices(), sums.data(), kernel);
  std::vector<double> by_row(static_cast<size_t>(m.rows), NAN);
  for (size_t i = 0; i < sums.size(); ++i)
    if (m.row[i] >= 0) by_row[static_cast<size_t>(m.row[i])] = sums[i];
  return by_row;
}

TEST(Sliced, EveryRowOnceInsideItsWindowWithZeroPadding) {
  const int32_t n = 1301;  // three windows, the last partial; a partial last slice
  const CscMatrix g = random_rows(n, 30, 1);
  const SlicedMatrix m = slice_rows(g);
  ASSERT_EQ(m.rows, n);
  EXPECT_EQ(m.terms, g.nonzeros());
  ASSERT_EQ(m.slices(), (n + kLanes - 1) / kLanes);
  std::vector<int> seen(n, 0);
  for (int64_t i = 0; i < static_cast<int64_t>(m.row.size()); ++i) {
    const int32_t k = m.row[i];
    if (i >= n) {
      EXPECT_EQ(k, -1) << "lane " << i << " lies past the last row";
      continue;
    }
    ASSERT_GE(k, 0);
    EXPECT_EQ(k / kSortWindow, i / kSortWindow) << "row " << k << " left its window";
    ++seen[k];
  }
  for (int32_t k = 0; k < n; ++k) EXPECT_EQ(seen[k], 1) << "row " << k;
  int64_t real = 0;
  for (int64_t s = 0; s < m.slices(); ++s) {
    ASSERT_EQ((m.slice_ptr[s + 1] - m.slice_ptr[s]) % kLanes, 0);
    for (int r = 0; r < kLanes; ++r) {
      const int32_t k = m.row[s * kLanes + r];
      const int64_t len = k < 0 ? 0 : g.col_ptr[k + 1] - g.col_ptr[k];
      for (int64_t p = m.slice_ptr[s] + r, j = 0; p < m.slice_ptr[s + 1]; p += kLanes, ++j) {
        if (j < len) {
          EXPECT_EQ(m.col[p], g.row_idx[g.col_ptr[k] + j]);
          EXPECT_EQ(m.val[p], g.values[g.col_ptr[k] + j]);
          ++real;
        } else {
          EXPECT_EQ(m.val[p], 0.0);
        }
      }
    }
  }
  EXPECT_EQ(real, g.nonzeros());
}

TEST(Sliced, EveryKernelGivesTheRowAtATimeSumsToTheBit) {
  const int32_t n = 5000;
  const CscMatrix g = random_rows(n, 40, 2);
  const SlicedMatrix m = slice_rows(g);
  std::mt19937_64 rng(3);
  std::vector<double> x(n);
  for (double& v : x) v = std::uniform_real_distribution<double>(-1e3, 1e3)(rng);
  // multiply_transposed adds each column's terms in order with separate multiplies and
  // adds: the order sliced.h promises.
  const std::vector<double> want = multiply_transposed(g, x);
  int tried = 0;
  for (SliceKernel k :
       {SliceKernel::kPortable, SliceKernel::kAvx2, SliceKernel::kAvx512, SliceKernel::kAuto}) {
    if (!kernel_available(k)) continue;
    ++tried;
    const std::vector<double> got = row_sums(m, x, k);
    ASSERT_EQ(std::memcmp(got.data(), want.data(), want.size() * sizeof(double)), 0)
        << "kernel " << static_cast<int>(k) << " differs from row-at-a-time";
  }
  EXPECT_GE(tried, 2);  // the portable path and kAuto at least
}

TEST(Sliced, SortingByLengthKeepsPaddingSmallOnAGeneratedEconomy) {
  GenerateOptions o;
  o.products = 20000;
  o.inputs_per_product = 10;
  o.seed = 4;
  o.workplaces = false;
  auto e = generate_economy(o);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  // Rows of A (gathered for gross output) have as many terms as the product has users,
  // columns (gathered for labour values) as many as it has inputs; both vary.
  for (const SlicedMatrix& m : {slice_rows(transpose(e->technology)), slice_rows(e->technology)}) {
    EXPECT_LT(static_cast<double>(m.stored()) / static_cast<double>(m.terms), 1.10);
  }
}

TEST(Sliced, AnEmptyMatrixHasNoSlices) {
  const SlicedMatrix m = slice_rows(CscMatrix{});
  EXPECT_EQ(m.slices(), 0);
  EXPECT_EQ(m.stored(), 0);
  slice_sums(m, nullptr, 0, 0, nullptr);
}

}  // namespace
}  // namespace collegium::plan
