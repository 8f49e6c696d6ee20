#include "count/tie.h"

#include <algorithm>

namespace collegium::count {

std::vector<int32_t> narrow_by_history(const std::vector<Stage>& stages, std::vector<int32_t> tied,
                                       bool lowest) {
  for (size_t s = stages.size(); s-- > 0 && tied.size() > 1;) {
    const auto& v = stages[s].value;
    int64_t target = v[tied[0]];
    for (int32_t c : tied) target = lowest ? std::min(target, v[c]) : std::max(target, v[c]);
    std::vector<int32_t> kept;
    for (int32_t c : tied)
      if (v[c] == target) kept.push_back(c);
    tied = std::move(kept);
  }
  return tied;
}

}  // namespace collegium::count
