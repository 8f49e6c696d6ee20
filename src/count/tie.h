// Breaking ties by earlier stages, as STV rules prescribe before drawing lots.
#pragma once

#include <cstdint>
#include <vector>

#include "count/sheet.h"

namespace collegium::count {

// Looks back from the most recent stage in `stages` to the first: at the first stage
// where the tied candidates' values differ, keeps only those with the lowest value (or
// the highest when `lowest` is false), and goes on looking back while more than one is
// left. Returns the candidates still tied (all of `tied` if they never differed).
std::vector<int32_t> narrow_by_history(const std::vector<Stage>& stages, std::vector<int32_t> tied,
                                       bool lowest);

}  // namespace collegium::count
