#include "plan/memory.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace collegium::plan {
namespace {

TEST(Memory, LargeBuffersAreOnHugePageBoundaries) {
  HugeVector<double> big(3 * kHugePage / sizeof(double) + 5, 1.5);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(big.data()) % kHugePage, 0u);
  for (size_t k = 0; k < big.size(); k += 4099) EXPECT_EQ(big[k], 1.5);
  big.resize(big.size() * 2, 2.5);  // reallocates through the allocator
  EXPECT_EQ(big.back(), 2.5);
  EXPECT_EQ(big.front(), 1.5);
  HugeVector<double> small(10, 3.0);  // below kHugePageMin: plain new
  EXPECT_EQ(small[9], 3.0);
  HugeVector<double> copy = small;
  EXPECT_TRUE(copy == small);
}

TEST(Memory, HugeBackedVectorIsAPlainFilledVector) {
  std::vector<double> v = huge_backed_vector(kHugePage, -1.0);
  EXPECT_EQ(v.size(), kHugePage);
  EXPECT_EQ(v.front(), -1.0);
  EXPECT_EQ(v.back(), -1.0);
  EXPECT_TRUE(huge_backed_vector(0, 1.0).empty());
  advise_huge(nullptr, 0);  // nothing to advise: no effect
}

}  // namespace
}  // namespace collegium::plan
