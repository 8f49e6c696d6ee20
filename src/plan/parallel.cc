#include "plan/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace collegium::plan {

namespace {

// The whole state of a call in one word, so that one compare-and-swap both claims a chunk
// and proves the call is still the one the helper saw: generation (24 bits), next chunk
// (20 bits), chunk count (20 bits). 2^20 chunks of 8192 rows cover the 2e9 products the
// generator allows; a generation wraps only after 16 million calls.
constexpr int kChunkBits = 20;
constexpr uint64_t kChunkMask = (uint64_t{1} << kChunkBits) - 1;
uint64_t next_of(uint64_t s) {
  return (s >> kChunkBits) & kChunkMask;
}
uint64_t count_of(uint64_t s) {
  return s & kChunkMask;
}
uint64_t gen_of(uint64_t s) {
  return s >> (2 * kChunkBits);
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

class Team {
 public:
  Team() {
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    helpers_ = static_cast<int>(std::min(hw, 64u)) - 1;
    for (int i = 0; i < helpers_; ++i) std::thread([this, i] { helper(i); }).detach();
  }

  int helpers() const { return helpers_; }

  // False when another call holds the team (the caller then runs alone).
  bool run(int64_t n, int threads, const std::function<void(int64_t, int64_t, int64_t)>& body) {
    if (busy_.exchange(true, std::memory_order_acquire)) return false;
    const int64_t chunks = chunk_count(n);
    body_ = &body;
    n_ = n;
    active_.store(threads - 1, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    const uint64_t gen = (gen_of(state_.load(std::memory_order_relaxed)) + 1) & 0xFFFFFF;
    state_.store((gen << (2 * kChunkBits)) | static_cast<uint64_t>(chunks),
                 std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) state_.notify_all();
    int64_t c;
    while ((c = claim(-1)) >= 0) work(c);
    // Only chunks a helper has claimed are outstanding, and that helper is running them.
    while (done_.load(std::memory_order_acquire) < chunks) cpu_relax();
    busy_.store(false, std::memory_order_release);
    return true;
  }

 private:
  // Claims the next chunk of the current call, or -1 when none is left (or, for a helper,
  // when the call does not want it).
  int64_t claim(int index) {
    uint64_t s = state_.load(std::memory_order_acquire);
    for (;;) {
      if (next_of(s) >= count_of(s)) return -1;
      if (index >= 0 && index >= active_.load(std::memory_order_relaxed)) return -1;
      if (state_.compare_exchange_weak(s, s + (uint64_t{1} << kChunkBits),
                                       std::memory_order_acq_rel))
        return static_cast<int64_t>(next_of(s));
    }
  }

  // Safe after a successful claim: the caller neither returns nor rewrites body_ and n_
  // before every claimed chunk is done.
  void work(int64_t c) {
    const int64_t begin = c * kChunk, end = std::min(n_, begin + kChunk);
    (*body_)(begin, end, c);
    done_.fetch_add(1, std::memory_order_release);
  }

  [[noreturn]] void helper(int index) {
    for (;;) {
      int64_t c;
      while ((c = claim(index)) >= 0) work(c);
      // Nothing left for this helper in state `s`: wait for the next call. Spin a little
      // between the many short calls of one solve; sleep between solves.
      const uint64_t s = state_.load(std::memory_order_acquire);
      if (next_of(s) < count_of(s) && index < active_.load(std::memory_order_relaxed)) continue;
      int spins = 0;
      while (state_.load(std::memory_order_acquire) == s && ++spins < 20000) cpu_relax();
      if (state_.load(std::memory_order_acquire) == s) {
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        state_.wait(s, std::memory_order_seq_cst);
        sleepers_.fetch_sub(1, std::memory_order_seq_cst);
      }
    }
  }

  int helpers_ = 0;
  std::atomic<bool> busy_{false};
  std::atomic<uint64_t> state_{0};
  std::atomic<int64_t> done_{0};
  std::atomic<int> active_{0};
  std::atomic<int> sleepers_{0};
  const std::function<void(int64_t, int64_t, int64_t)>* body_ = nullptr;
  int64_t n_ = 0;
};

// Never destroyed: the helpers are detached and may sleep in the team at exit.
Team& team() {
  static Team* t = new Team;
  return *t;
}

}  // namespace

int team_size(int threads) {
  const int all = team().helpers() + 1;
  return threads <= 0 ? all : std::min(threads, all);
}

void parallel_chunks(int64_t n, int threads,
                     const std::function<void(int64_t, int64_t, int64_t)>& body) {
  if (n <= 0) return;
  const int size = team_size(threads);
  // Below a few chunks a helper costs more to wake than it saves.
  if (size > 1 && n >= 4 * kChunk && team().run(n, size, body)) return;
  const int64_t chunks = chunk_count(n);
  for (int64_t c = 0; c < chunks; ++c) body(c * kChunk, std::min(n, (c + 1) * kChunk), c);
}

}  // namespace collegium::plan
