#include "count/constraints.h"

#include <fmt/format.h>

namespace collegium::count {

int minimum_for_share(int seats, int numerator, int denominator) {
  return static_cast<int>((static_cast<int64_t>(seats) * numerator + denominator - 1) /
                          denominator);
}

Status check_constraints(const Constraints& c, const Election& e, int seats) {
  std::vector<int> owner(e.candidates.size(), -1);
  int64_t total = 0;
  for (size_t k = 0; k < c.categories.size(); ++k) {
    const Category& cat = c.categories[k];
    const std::string where = fmt::format("constraints/{}", cat.name);
    if (cat.minimum < 0) return invalid_argument("a minimum cannot be negative", where);
    int eligible = 0;
    for (int32_t m : cat.members) {
      if (m < 0 || static_cast<size_t>(m) >= e.candidates.size())
        return invalid_argument(fmt::format("member {} is not a candidate", m + 1), where);
      if (owner[m] >= 0)
        return invalid_argument(
            fmt::format("candidate \"{}\" is in two categories", e.candidates[m]), where);
      owner[m] = static_cast<int>(k);
      if (!e.withdrawn[m]) ++eligible;
    }
    if (eligible < cat.minimum)
      return invalid_argument(
          fmt::format("category \"{}\" needs {} seats but has only {} eligible candidates",
                      cat.name, cat.minimum, eligible),
          where);
    total += cat.minimum;
  }
  if (total > seats)
    return invalid_argument(
        fmt::format("the minimums add up to {} seats but only {} are filled", total, seats),
        "constraints");
  return Status();
}

}  // namespace collegium::count
