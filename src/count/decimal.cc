#include "count/decimal.h"

#include <fmt/format.h>

namespace collegium::count {

int64_t scale_of(int decimals) {
  int64_t s = 1;
  for (int i = 0; i < decimals; ++i) s *= 10;
  return s;
}

std::string format_fixed(int64_t value, int decimals) {
  const int64_t scale = scale_of(decimals);
  const bool negative = value < 0;
  // Work in unsigned so that INT64_MIN has a magnitude.
  const uint64_t mag = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  const uint64_t whole = mag / static_cast<uint64_t>(scale);
  const uint64_t frac = mag % static_cast<uint64_t>(scale);
  if (decimals == 0) return fmt::format("{}{}", negative ? "-" : "", whole);
  return fmt::format("{}{}.{:0{}}", negative ? "-" : "", whole, frac, decimals);
}

Result<int64_t> parse_fixed(std::string_view text, int decimals) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return parse_error(fmt::format("\"{}\" is not a decimal number", text));
  __int128 whole = 0, frac = 0;
  int frac_digits = 0;
  bool seen_point = false, seen_digit = false;
  for (char ch : s) {
    if (ch == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (ch < '0' || ch > '9')
      return parse_error(fmt::format("\"{}\" is not a decimal number", text));
    seen_digit = true;
    if (seen_point) {
      if (++frac_digits > decimals)
        return parse_error(fmt::format("\"{}\" has more than {} decimals", text, decimals));
      frac = frac * 10 + (ch - '0');
    } else {
      whole = whole * 10 + (ch - '0');
      if (whole > INT64_MAX) return parse_error(fmt::format("\"{}\" is too large", text));
    }
  }
  if (!seen_digit) return parse_error(fmt::format("\"{}\" is not a decimal number", text));
  for (int i = frac_digits; i < decimals; ++i) frac *= 10;
  const __int128 v = whole * scale_of(decimals) + frac;
  if (v > INT64_MAX) return parse_error(fmt::format("\"{}\" is too large", text));
  return static_cast<int64_t>(negative ? -v : v);
}

}  // namespace collegium::count
