// The BLT ballot format (Hill, Wichmann and Woodall's ERS format, as used by OpenSTV,
// Droop and the Scottish data sets), read and written.
//
//   # a comment, anywhere outside a name, to the end of the line
//   4 2                    candidates and seats
//   -3                     optional: withdrawn candidates as negative numbers
//   12 1 2 3 0             weight, preferences, 0 -- one ballot per line
//   3 2=4 - 1 0            "2=4": equal ranks; "-": a skipped rank
//   (b7) 1 3 0             optional ballot id in parentheses, ignored
//   0                      end of ballots
//   "Ada" "Bo"             candidate names, quoted, kept byte for byte
//   "Cy"
//   "Di"
//   "Title"                optional
//
// Errors are parse_error with `where` = "SOURCE:LINE:COLUMN" (1-based) and the reason.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "count/ballot.h"

namespace collegium::count {

Result<Election> read_blt(std::string_view text, std::string_view source = "input");

// Writes `e` as BLT that read_blt reads back to the same Election. Fails
// (invalid_argument) for what BLT cannot carry: a kOvervote mark, a name or title with a
// double quote or a line break.
Result<std::string> write_blt(const Election& e);

}  // namespace collegium::count
