// A small team of threads for the solvers' loops over products.
//
// Why not OpenMP's parallel for: on a shared machine the other core is often busy, and
// an OpenMP region ends in a barrier that waits for every thread to be scheduled, so one
// descheduled thread stalls each of the dozens of regions a solve runs (a 10^5-product
// BiCGSTAB took ten times longer with two threads than with one on a loaded machine).
// Here the calling thread claims fixed chunks of the range from a shared counter and
// helpers join in when they run; the caller waits only for chunks a helper has already
// claimed, never for a helper that has not started.
//
// Results do not depend on the thread count or scheduling: the chunks are fixed by the
// range alone, and reductions are kept per chunk and summed in chunk order by the caller.
#pragma once

#include <cstdint>
#include <functional>

namespace collegium::plan {

// Rows per chunk: large enough that claiming is cheap, small enough that a helper that is
// preempted mid-chunk holds the caller up only briefly.
constexpr int64_t kChunk = 8192;

inline int64_t chunk_count(int64_t n) {
  return (n + kChunk - 1) / kChunk;
}

// Runs body(begin, end, chunk) for every chunk [begin, end) of [0, n), each exactly once,
// on up to `threads` threads (the caller among them; 0 = every core). Returns once all
// chunks are done. Small ranges, threads == 1, or a team already busy with another call
// (a second solve on another thread) run on the calling thread alone. `body` must not
// call parallel_chunks itself.
void parallel_chunks(int64_t n, int threads,
                     const std::function<void(int64_t, int64_t, int64_t)>& body);

// The threads parallel_chunks would use for `threads` (0 = every core).
int team_size(int threads);

}  // namespace collegium::plan
