#include "plan/generate.h"

#include <gtest/gtest.h>

#include <set>

#include "plan/sparse.h"

namespace collegium::plan {
namespace {

TEST(Generate, SameSeedSameEconomy) {
  GenerateOptions o;
  o.products = 300;
  o.seed = 5;
  auto a = generate_economy(o), b = generate_economy(o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->technology.values, b->technology.values);
  EXPECT_EQ(a->technology.row_idx, b->technology.row_idx);
  o.seed = 6;
  auto c = generate_economy(o);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->technology.values, c->technology.values);
}

TEST(Generate, CircularWithASpreadOfInputs) {
  GenerateOptions o;
  o.products = 5000;
  o.inputs_per_product = 10;
  o.workplaces = false;
  auto e = generate_economy(o);
  ASSERT_TRUE(e.ok());
  const CscMatrix& a = e->technology;
  ASSERT_TRUE(validate(a).ok());
  // Mean near 10, with products of 1 input and products of 30 or more.
  double mean = static_cast<double>(a.nonzeros()) / 5000;
  EXPECT_NEAR(mean, 10, 0.5);
  int64_t lo = 1 << 30, hi = 0;
  for (int j = 0; j < 5000; ++j) {
    lo = std::min(lo, a.col_ptr[j + 1] - a.col_ptr[j]);
    hi = std::max(hi, a.col_ptr[j + 1] - a.col_ptr[j]);
  }
  EXPECT_EQ(lo, 1);
  EXPECT_GE(hi, 30);
  // Not triangular: entries both above and below the diagonal.
  int64_t above = 0, below = 0;
  for (int j = 0; j < 5000; ++j)
    for (int64_t p = a.col_ptr[j]; p < a.col_ptr[j + 1]; ++p) (a.row_idx[p] < j ? above : below)++;
  EXPECT_GT(above, a.nonzeros() / 3);
  EXPECT_GT(below, a.nonzeros() / 3);
  for (double s : column_sums(a)) EXPECT_NEAR(s, 0.6, 1e-12);
}

TEST(Generate, ExactInputs) {
  GenerateOptions o;
  o.products = 1000;
  o.exact_inputs = true;
  o.workplaces = false;
  auto e = generate_economy(o);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->technology.nonzeros(), 10000);
}

TEST(Generate, NeighbourhoodDrawsMostInputsNearby) {
  GenerateOptions o;
  o.products = 20000;
  o.exact_inputs = true;
  o.workplaces = false;
  o.neighbourhood = 1000;
  // Without a share the block size changes nothing: the uniform economy stays the same.
  auto plain = generate_economy(o);
  ASSERT_TRUE(plain.ok());
  o.neighbourhood = 7;
  auto same = generate_economy(o);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(plain->technology.row_idx, same->technology.row_idx);
  EXPECT_EQ(plain->technology.values, same->technology.values);
  o.neighbourhood = 1000;
  o.neighbourhood_share = 0.8;
  auto e = generate_economy(o);
  ASSERT_TRUE(e.ok());
  const CscMatrix& a = e->technology;
  ASSERT_TRUE(validate(a).ok());
  int64_t near = 0;
  for (int32_t j = 0; j < a.cols; ++j)
    for (int64_t p = a.col_ptr[j]; p < a.col_ptr[j + 1]; ++p)
      near += a.row_idx[p] / 1000 == j / 1000;
  // 0.8 drawn nearby, plus the 1 in 20 of the uniform draws that land there.
  EXPECT_NEAR(static_cast<double>(near) / a.nonzeros(), 0.8 + 0.2 / 20, 0.01);
  for (double s : column_sums(a)) EXPECT_NEAR(s, 0.6, 1e-12);
}

TEST(Generate, RejectsBadOptions) {
  GenerateOptions o;
  o.spectral_radius = 1.0;
  EXPECT_FALSE(generate_economy(o).ok());
  o = {};
  o.products = 0;
  EXPECT_FALSE(generate_economy(o).ok());
  o = {};
  o.inputs_per_product = 0.5;
  EXPECT_FALSE(generate_economy(o).ok());
  o = {};
  o.neighbourhood_share = 1.5;
  EXPECT_FALSE(generate_economy(o).ok());
  o = {};
  o.neighbourhood = 0;
  EXPECT_FALSE(generate_economy(o).ok());
}

}  // namespace
}  // namespace collegium::plan
