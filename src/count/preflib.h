// PrefLib order files: .soi (strict orders, incomplete) and .toi (orders with ties,
// incomplete), in the current format and in the older one.
//
// Current format:                      Older format:
//   # DATA TYPE: toi                     3
//   # NUMBER ALTERNATIVES: 3             1,Ada
//   # ALTERNATIVE NAME 1: Ada            2,Bo
//   # ALTERNATIVE NAME 2: Bo             3,Cy
//   # ALTERNATIVE NAME 3: Cy             10,10,2
//   7: 1,{2,3}                           7,1,{2,3}
//   3: 2                                 3,2
// "{2,3}" is an equal ranking; an empty "{}" is a skipped rank. PrefLib gives no number
// of seats: the Election's seats are 0. A .soi file with braces is an error. Errors are
// parse_error with `where` = "SOURCE:LINE:COLUMN".
#pragma once

#include <string_view>

#include "base/status.h"
#include "count/ballot.h"

namespace collegium::count {

enum class PreflibKind { kSoi, kToi };

Result<Election> read_preflib(std::string_view text, PreflibKind kind,
                              std::string_view source = "input");

}  // namespace collegium::count
