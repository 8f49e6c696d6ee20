#include "plan/sparse.h"

#include <fmt/format.h>

#include <algorithm>

namespace collegium::plan {

Result<CscMatrix> csc_from_triplets(int32_t rows, int32_t cols, std::vector<Triplet> triplets) {
  if (rows < 0 || cols < 0) return invalid_argument("negative matrix dimensions");
  for (const Triplet& t : triplets) {
    if (t.row < 0 || t.row >= rows || t.col < 0 || t.col >= cols) {
      return invalid_argument(
          fmt::format("entry ({}, {}) lies outside a {} x {} matrix", t.row, t.col, rows, cols));
    }
  }
  std::sort(triplets.begin(), triplets.end(), [](const Triplet& a, const Triplet& b) {
    return a.col != b.col ? a.col < b.col : a.row < b.row;
  });
  CscMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.col_ptr.assign(static_cast<size_t>(cols) + 1, 0);
  m.row_idx.reserve(triplets.size());
  m.values.reserve(triplets.size());
  size_t k = 0;
  for (int32_t j = 0; j < cols; ++j) {
    while (k < triplets.size() && triplets[k].col == j) {
      int32_t i = triplets[k].row;
      double sum = 0;
      while (k < triplets.size() && triplets[k].col == j && triplets[k].row == i) {
        sum += triplets[k].value;
        ++k;
      }
      if (sum != 0.0) {
        m.row_idx.push_back(i);
        m.values.push_back(sum);
      }
    }
    m.col_ptr[j + 1] = static_cast<int64_t>(m.values.size());
  }
  return m;
}

CscMatrix csc_from_dense(int32_t rows, int32_t cols, const std::vector<double>& row_major) {
  CscMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.col_ptr.assign(static_cast<size_t>(cols) + 1, 0);
  for (int32_t j = 0; j < cols; ++j) {
    for (int32_t i = 0; i < rows; ++i) {
      double v = row_major[static_cast<size_t>(i) * cols + j];
      if (v != 0.0) {
        m.row_idx.push_back(i);
        m.values.push_back(v);
      }
    }
    m.col_ptr[j + 1] = static_cast<int64_t>(m.values.size());
  }
  return m;
}

Status validate(const CscMatrix& m) {
  if (m.rows < 0 || m.cols < 0) return internal_error("negative dimensions");
  if (m.col_ptr.size() != static_cast<size_t>(m.cols) + 1)
    return internal_error("col_ptr has the wrong length");
  if (m.col_ptr[0] != 0) return internal_error("col_ptr[0] is not 0");
  if (m.row_idx.size() != m.values.size())
    return internal_error("row_idx and values differ in length");
  if (m.col_ptr.back() != static_cast<int64_t>(m.values.size()))
    return internal_error("col_ptr[cols] is not the number of entries");
  for (int32_t j = 0; j < m.cols; ++j) {
    if (m.col_ptr[j + 1] < m.col_ptr[j])
      return internal_error(fmt::format("col_ptr decreases at column {}", j));
    for (int64_t p = m.col_ptr[j]; p < m.col_ptr[j + 1]; ++p) {
      if (m.row_idx[p] < 0 || m.row_idx[p] >= m.rows)
        return internal_error(fmt::format("row index out of range in column {}", j));
      if (p > m.col_ptr[j] && m.row_idx[p] <= m.row_idx[p - 1])
        return internal_error(fmt::format("row indices not increasing in column {}", j));
    }
  }
  return Status();
}

CscMatrix transpose(const CscMatrix& m) {
  CscMatrix t;
  t.rows = m.cols;
  t.cols = m.rows;
  t.col_ptr.assign(static_cast<size_t>(m.rows) + 1, 0);
  for (int32_t i : m.row_idx) ++t.col_ptr[i + 1];
  for (int32_t i = 0; i < m.rows; ++i) t.col_ptr[i + 1] += t.col_ptr[i];
  t.row_idx.resize(m.row_idx.size());
  t.values.resize(m.values.size());
  std::vector<int64_t> next(t.col_ptr.begin(), t.col_ptr.end() - 1);
  // Walking m's columns in order makes each of t's columns come out sorted.
  for (int32_t j = 0; j < m.cols; ++j) {
    for (int64_t p = m.col_ptr[j]; p < m.col_ptr[j + 1]; ++p) {
      int64_t q = next[m.row_idx[p]]++;
      t.row_idx[q] = j;
      t.values[q] = m.values[p];
    }
  }
  return t;
}

std::vector<double> multiply(const CscMatrix& m, const std::vector<double>& x) {
  std::vector<double> y(static_cast<size_t>(m.rows), 0.0);
  for (int32_t j = 0; j < m.cols; ++j) {
    double xj = x[j];
    if (xj == 0.0) continue;
    for (int64_t p = m.col_ptr[j]; p < m.col_ptr[j + 1]; ++p) y[m.row_idx[p]] += m.values[p] * xj;
  }
  return y;
}

std::vector<double> multiply_transposed(const CscMatrix& m, const std::vector<double>& x) {
  std::vector<double> y(static_cast<size_t>(m.cols), 0.0);
  for (int32_t j = 0; j < m.cols; ++j) {
    double s = 0;
    for (int64_t p = m.col_ptr[j]; p < m.col_ptr[j + 1]; ++p) s += m.values[p] * x[m.row_idx[p]];
    y[j] = s;
  }
  return y;
}

std::vector<double> column_sums(const CscMatrix& m) {
  std::vector<double> s(static_cast<size_t>(m.cols), 0.0);
  for (int32_t j = 0; j < m.cols; ++j) {
    for (int64_t p = m.col_ptr[j]; p < m.col_ptr[j + 1]; ++p) s[j] += m.values[p];
  }
  return s;
}

double coefficient(const CscMatrix& m, int32_t i, int32_t j) {
  auto begin = m.row_idx.begin() + m.col_ptr[j];
  auto end = m.row_idx.begin() + m.col_ptr[j + 1];
  auto it = std::lower_bound(begin, end, i);
  if (it == end || *it != i) return 0.0;
  return m.values[it - m.row_idx.begin()];
}

std::vector<double> to_dense(const CscMatrix& m) {
  std::vector<double> d(static_cast<size_t>(m.rows) * m.cols, 0.0);
  for (int32_t j = 0; j < m.cols; ++j) {
    for (int64_t p = m.col_ptr[j]; p < m.col_ptr[j + 1]; ++p) {
      d[static_cast<size_t>(m.row_idx[p]) * m.cols + j] = m.values[p];
    }
  }
  return d;
}

}  // namespace collegium::plan
