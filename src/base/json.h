// JSON for collegium: parsing with precise positions, and the canonical form.
//
// The canonical form is what the public record hashes and signs, so two programs must
// produce the same bytes for the same value:
//   - object keys sorted by their UTF-8 bytes, each once;
//   - no whitespace outside strings;
//   - strings valid UTF-8, escaped minimally (only '"', '\\' and control characters);
//   - integers only: a quantity that needs decimals (a transfer value, a coefficient) is
//     written as a decimal string, so that no reader rounds it through binary floating
//     point.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"

namespace collegium {

using Json = nlohmann::json;

// Parses `text`. On a syntax error, `where` is "SOURCE:LINE:COLUMN" (1-based).
Result<Json> parse_json(std::string_view text, std::string_view source = "input");

// The canonical bytes of `value`. Fails (invalid_argument, with the JSON path) on a
// floating-point number or a string that is not valid UTF-8.
Result<std::string> canonical_json(const Json& value);

// "LINE:COLUMN" (1-based) of byte `offset` in `text`.
std::string line_column(std::string_view text, size_t offset);

// A JSON pointer segment ("/members/3/name") for error messages.
std::string json_path_join(std::string_view base, std::string_view key);
std::string json_path_join(std::string_view base, size_t index);

}  // namespace collegium
