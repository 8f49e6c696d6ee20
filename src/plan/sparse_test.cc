#include "plan/sparse.h"

#include <gtest/gtest.h>

namespace collegium::plan {
namespace {

TEST(Sparse, TripletsSumDuplicatesAndDropZeros) {
  auto m =
      csc_from_triplets(3, 2, {{2, 0, 1.0}, {0, 0, 2.0}, {2, 0, 0.5}, {1, 1, 3.0}, {1, 1, -3.0}});
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(validate(*m).ok());
  EXPECT_EQ(m->nonzeros(), 2);
  EXPECT_EQ(coefficient(*m, 2, 0), 1.5);
  EXPECT_EQ(coefficient(*m, 0, 0), 2.0);
  EXPECT_EQ(coefficient(*m, 1, 1), 0.0);
}

TEST(Sparse, OutOfRangeTripletIsAnError) {
  auto m = csc_from_triplets(2, 2, {{2, 0, 1.0}});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Code::kInvalidArgument);
}

TEST(Sparse, TransposeAndProductsAgree) {
  std::vector<double> d = {1, 0, 2, 0, 3, 0, 4, 5, 0, 0, 0, 6};  // 4 x 3
  CscMatrix m = csc_from_dense(4, 3, d);
  CscMatrix t = transpose(m);
  EXPECT_TRUE(validate(t).ok());
  EXPECT_EQ(to_dense(transpose(t)), d);
  std::vector<double> x = {1, 2, 3};
  EXPECT_EQ(multiply(m, x), (std::vector<double>{7, 6, 14, 18}));
  EXPECT_EQ(multiply_transposed(t, x), multiply(m, x));
  EXPECT_EQ(column_sums(m), (std::vector<double>{5, 8, 8}));
}

TEST(Sparse, ValidateCatchesUnsortedRows) {
  CscMatrix m;
  m.rows = 3;
  m.cols = 1;
  m.col_ptr = {0, 2};
  m.row_idx = {2, 1};
  m.values = {1, 1};
  EXPECT_FALSE(validate(m).ok());
}

}  // namespace
}  // namespace collegium::plan
