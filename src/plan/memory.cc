#include "plan/memory.h"

#include <cstdint>
#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace collegium::plan {

namespace {
size_t round_up(size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}
}  // namespace

void advise_huge(void* p, size_t bytes) noexcept {
#if defined(MADV_HUGEPAGE)
  const auto begin = reinterpret_cast<uintptr_t>(p);
  const uintptr_t first = (begin + kHugePage - 1) / kHugePage * kHugePage;
  const uintptr_t last = (begin + bytes) / kHugePage * kHugePage;
  // Only a hint: failure (THP compiled out, an old kernel) leaves ordinary pages.
  if (last > first) (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

void* allocate_huge(size_t bytes) {
  if (bytes < kHugePageMin) return ::operator new(bytes);
  void* p = std::aligned_alloc(kHugePage, round_up(bytes));
  if (p == nullptr) throw std::bad_alloc();
  advise_huge(p, round_up(bytes));
  return p;
}

void free_huge(void* p, size_t bytes) noexcept {
  if (bytes < kHugePageMin) {
    ::operator delete(p);
    return;
  }
  std::free(p);
}

std::vector<double> huge_backed_vector(size_t n, double value) {
  std::vector<double> v;
  v.reserve(n);
  advise_huge(v.data(), n * sizeof(double));
  v.assign(n, value);
  return v;
}

}  // namespace collegium::plan
