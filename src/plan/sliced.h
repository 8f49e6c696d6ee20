// The solvers' matrix in sliced form: eight rows side by side (SELL-8-sigma).
//
// Why: an iterative solve at 10^6 products and more spends most of its time in the
// product (I - A) x, and that product's cost is the reads x[col] at random places of x,
// not the bytes of the matrix: the core can keep only so many of them in flight. Row at a
// time (CSR), each row's terms form one chain of dependent adds, which holds back the
// reads of the rows after it. Here slice s holds rows 8s .. 8s+7 side by side, term j of
// all eight in one group, so eight independent sums advance together: one vector gather
// (AVX-512, or two AVX2 ones) or eight scalar loads (the portable path) per group. On the
// development machine (Zen 5) the product at 10^6 products takes 0.45 to 0.75 of the time
// of the row-at-a-time loop (plan_bench's product rows, docs/benchmarks.md).
//
// Rows of one slice are padded to its longest; to keep padding small, rows are sorted by
// their number of terms (longest first) within windows of kSortWindow rows, so a slice
// holds rows of nearly equal length. The window keeps the sort local: a row's lane never
// leaves the block of rows it came from, so the vectors a fused pass reads beside the
// product stay in cache, and the solvers' fixed chunks of rows (kChunk) are whole windows.
//
// Results are the same to the bit on every path (AVX-512, AVX2, portable): each row's
// terms are added in the order of their columns, as row-at-a-time would, with separate
// multiplies and adds (this file's code is compiled without FMA contraction).
#pragma once

#include <cstdint>

#include "plan/memory.h"
#include "plan/parallel.h"
#include "plan/sparse.h"

namespace collegium::plan {

constexpr int kLanes = 8;             // rows per slice
constexpr int64_t kSortWindow = 512;  // rows sorted by length together
static_assert(kChunk % kSortWindow == 0 && kSortWindow % kLanes == 0,
              "a chunk of rows must be whole windows, a window whole slices");

// The code paths of slice_sums. kAuto is the widest vector path the CPU runs.
enum class SliceKernel { kAuto, kAvx512, kAvx2, kPortable };
const char* kernel_name(SliceKernel k);  // "auto", "avx512", "avx2", "portable"
// Whether this CPU (and build) runs `k`.
bool kernel_available(SliceKernel k);

// Invariants: slice_ptr.size() == slices + 1, slice_ptr[0] == 0, each slice_ptr[s + 1] -
// slice_ptr[s] a multiple of kLanes (the slice's width times kLanes); term j of lane r of
// slice s at slice_ptr[s] + j * kLanes + r; row.size() == slices * kLanes, the row that
// lane r of slice s computes (-1 for lanes past the last row), every row exactly once and
// inside the window of its lane; padding terms have value 0 and, as column, the lane's own
// row (or 0 for a lane without one), so they read nothing the row does not.
struct SlicedMatrix {
  int32_t rows = 0;
  int64_t terms = 0;  // nonzero terms, padding excluded
  HugeVector<int64_t> slice_ptr{0};
  HugeVector<int32_t> col;
  HugeVector<double> val;
  HugeVector<int32_t> row;
  // The path slice_sums takes when asked for kAuto (kAuto: the widest); LeontiefSystem
  // sets it to fastest_kernel's choice.
  SliceKernel kernel = SliceKernel::kAuto;

  int64_t slices() const { return static_cast<int64_t>(slice_ptr.size()) - 1; }
  int64_t stored() const { return static_cast<int64_t>(val.size()); }  // padding included
};

// From a gather matrix: column k of `g` lists the terms of row k (the CSC of the matrix's
// transpose, as LeontiefSystem keeps it). The column indices of a row must be increasing
// (validate()'s invariant), which fixes the order the terms are added in.
SlicedMatrix slice_rows(const CscMatrix& g);

// The faster of the widest vector path and the portable one on this matrix, timed on it
// (best of three alternating passes each). Which wins depends on the matrix: the vector
// gathers win where the columns are spread over all of x (on Zen 5 at 10^6 products, 0.8
// to 0.95 of the portable path's time), and lose where most of a row's columns lie near
// each other (1.1 to 1.4), as a gather waits for its slowest lane while scalar loads that
// hit in cache go through. The choice cannot change a result: every path gives the same
// bits. Small matrices, where one pass is too quick to time, get kAuto.
SliceKernel fastest_kernel(const SlicedMatrix& m);

// sums[i] = the sum of lane i's terms times x[col] over slices [begin, end) (slice-major,
// kLanes per slice: (end - begin) * kLanes entries). x must hold every column index;
// `kernel` must be available; kAuto takes m.kernel.
void slice_sums(const SlicedMatrix& m, const double* x, int64_t begin, int64_t end, double* sums,
                SliceKernel kernel = SliceKernel::kAuto);

}  // namespace collegium::plan
