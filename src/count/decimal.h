// Fixed-point decimals: a value is an int64 count of units of 10^-decimals.
//
// Counting rules fix their decimals (Scottish STV: 5 places, truncated; the PRF Meek rule:
// 9 places, rounded up where it says so). Keeping votes as scaled integers makes every
// operation exact and every total reproducible, which binary floating point is not.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace collegium::count {

// 10^decimals for decimals in [0, 18].
int64_t scale_of(int decimals);

// "1234.50000" for value 123450000 with 5 decimals; always prints all the decimals
// (none and no point when decimals is 0). Negative values get a leading '-'.
std::string format_fixed(int64_t value, int decimals);

// Reads "12", "12.5", "-0.25" into units of 10^-decimals; more decimals than allowed, an
// empty string or other characters are an error. Used by tests and sheet readers.
Result<int64_t> parse_fixed(std::string_view text, int decimals);

// floor(a * b / d) and ceil(a * b / d) for non-negative a, b and positive d, through
// 128-bit intermediates so that products of two scaled values cannot overflow.
inline int64_t mul_div_floor(int64_t a, int64_t b, int64_t d) {
  return static_cast<int64_t>(static_cast<__int128>(a) * b / d);
}
inline int64_t mul_div_ceil(int64_t a, int64_t b, int64_t d) {
  const __int128 p = static_cast<__int128>(a) * b;
  return static_cast<int64_t>((p + d - 1) / d);
}

}  // namespace collegium::count
