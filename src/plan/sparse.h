// Sparse matrices as plain data.
//
// The technology of a real economy has millions of products and a few dozen inputs per
// product (C5), so it is stored column-compressed: column j lists the inputs that one
// unit of product j uses. The struct is plain on purpose (as HiGHS keeps its matrices):
// readers, the generator and the solvers fill and read it directly; the helpers below
// keep or check its invariants.
#pragma once

#include <cstdint>
#include <vector>

#include "base/status.h"

namespace collegium::plan {

// Column-compressed (CSC) matrix. Invariants (checked by validate()):
//   col_ptr.size() == cols + 1, col_ptr[0] == 0, col_ptr non-decreasing,
//   col_ptr[cols] == row_idx.size() == values.size(),
//   row indices inside a column strictly increasing and in [0, rows).
struct CscMatrix {
  int32_t rows = 0;
  int32_t cols = 0;
  std::vector<int64_t> col_ptr{0};
  std::vector<int32_t> row_idx;
  std::vector<double> values;

  int64_t nonzeros() const { return static_cast<int64_t>(values.size()); }
};

// One entry for building a matrix; duplicates are summed.
struct Triplet {
  int32_t row;
  int32_t col;
  double value;
};

// Builds a CSC matrix from triplets (any order; duplicates summed; explicit zeros kept
// out). Fails if an index is out of range.
Result<CscMatrix> csc_from_triplets(int32_t rows, int32_t cols, std::vector<Triplet> triplets);

// Builds from a dense row-major array (rows x cols), keeping nonzero entries only.
CscMatrix csc_from_dense(int32_t rows, int32_t cols, const std::vector<double>& row_major);

// Checks the invariants above; internal_error naming the first broken one.
Status validate(const CscMatrix& m);

// The transpose, also column-compressed; equivalently, the row-compressed form of `m`
// (row i of m is column i of the result), which is what a gather-style y = m x needs.
CscMatrix transpose(const CscMatrix& m);

// y = m x (scatter over columns). x.size() == cols, returns rows entries.
std::vector<double> multiply(const CscMatrix& m, const std::vector<double>& x);
// y = m^T x (gather over columns). x.size() == rows, returns cols entries.
std::vector<double> multiply_transposed(const CscMatrix& m, const std::vector<double>& x);

// Sum of each column (the total input per unit of output when m is a technology).
std::vector<double> column_sums(const CscMatrix& m);

// m(i, j), 0 when absent (binary search in the column).
double coefficient(const CscMatrix& m, int32_t i, int32_t j);

// Dense row-major copy (rows x cols); meant for small tables and tests.
std::vector<double> to_dense(const CscMatrix& m);

}  // namespace collegium::plan
