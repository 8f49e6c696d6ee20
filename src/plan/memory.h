// Solver vectors on transparent huge pages.
//
// Why: a solve at 10^6 products allocates several 8 MB vectors afresh. On 4 KiB pages the
// first write to each takes about 2,000 page faults, which cost 6 to 30 ms per vector on
// the development machine (a virtual machine, where faults are dear): a tenth to a third
// of a whole BiCGSTAB solve. On 2 MiB pages it takes four. Linux gives anonymous memory
// huge pages only where madvise asks when THP is in "madvise" mode (Debian's default);
// where THP is off the hint is ignored and only the alignment differs.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace collegium::plan {

// Below this many bytes the pages are not worth asking for: plain operator new.
constexpr size_t kHugePageMin = size_t{1} << 20;
constexpr size_t kHugePage = size_t{2} << 20;

// Memory of at least `bytes` bytes; at or above kHugePageMin it is 2 MiB-aligned, rounded
// up to whole huge pages and marked for huge pages. Throws std::bad_alloc as new does.
void* allocate_huge(size_t bytes);
// Frees memory from allocate_huge(bytes) (the same `bytes`).
void free_huge(void* p, size_t bytes) noexcept;

// Asks for huge pages over the whole 2 MiB pages inside [p, p + bytes): for memory that
// another allocator owns (the std::vector a solver hands back). Call before the first write.
void advise_huge(void* p, size_t bytes) noexcept;

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(allocate_huge(n * sizeof(T))); }
  void deallocate(T* p, size_t n) noexcept { free_huge(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

// The solvers' work vectors.
template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

// A plain vector of n copies of `value` whose large middle lies on huge pages (the pages
// are asked for before the fill touches them). For results returned as std::vector.
std::vector<double> huge_backed_vector(size_t n, double value);

}  // namespace collegium::plan
