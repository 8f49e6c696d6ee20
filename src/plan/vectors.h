// Small serial sums over dense vectors, shared by the computations that combine the
// engine's solutions (plan/alternatives.cc, federation/round_compute.cc). The solvers keep
// their own threaded versions (plan/solve.cc).
#pragma once

#include <cmath>
#include <vector>

namespace collegium::plan {

// The sum of a[i] * b[i]; `b` is at least as long as `a`.
inline double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

inline double sum(const std::vector<double>& a) {
  double s = 0;
  for (double v : a) s += v;
  return s;
}

// The Euclidean norm.
inline double norm2(const std::vector<double>& a) {
  double s = 0;
  for (double v : a) s += v * v;
  return std::sqrt(s);
}

}  // namespace collegium::plan
