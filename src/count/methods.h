// One entry point for every counting method, and for reading any supported ballot file.
// This is what the `collegium count` command and other programs call.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "count/ballot.h"
#include "count/constraints.h"
#include "count/meek_stv.h"
#include "count/sheet.h"

namespace collegium::count {

enum class Method {
  kPlurality,
  kBlock,
  kApproval,
  kIrv,
  kScottishStv,
  kMeekStv,
  kSchulze,
  kSainteLague,
  kDhondt,
  kMotion,
};

// "plurality", "block", "approval", "irv", "scottish-stv", "meek-stv", "schulze",
// "sainte-lague", "dhondt", "motion".
Result<Method> parse_method(std::string_view name);
const char* method_name(Method m);
std::vector<std::string> method_names();

struct CountOptions {
  Method method = Method::kScottishStv;
  int seats = 0;            // 0: the number the ballot file gives (1 if it gives none)
  uint64_t seed = 0;        // for ties decided by lot; the sheet records it
  Constraints constraints;  // Scottish STV only (A10); an error with other methods
  MeekOptions meek;         // Meek STV only; its seed is replaced by `seed`
};

// Counts `e` by `options.method`. Needs a valid Election (see validate_election).
Result<Sheet> count_election(const Election& e, const CountOptions& options);

enum class InputFormat { kAuto, kBlt, kSoi, kToi, kCsv };
Result<InputFormat> parse_input_format(std::string_view name);  // auto, blt, soi, toi, csv

// Reads a ballot file; kAuto picks the format from the extension (.blt, .soi, .toi,
// .csv). Errors name the file, line and column.
Result<Election> read_ballot_file(const std::filesystem::path& path, InputFormat format);
Result<Election> read_ballot_text(std::string_view text, InputFormat format,
                                  std::string_view source);

// Constraints from "NAME:MIN:CANDIDATE,CANDIDATE,..." where candidates are given by
// name or by 1-based number; MIN may be a share "2/3" of the seats (rounded up).
Result<Category> parse_category(std::string_view spec, const Election& e, int seats);

// The 0-based index of the candidate named `item` exactly, or else numbered `item`
// (1-based); invalid_argument naming `where` when it is neither.
Result<int32_t> find_candidate(std::string_view item, const Election& e, std::string_view where);

// The `collegium count` command line that repeats the count of the ballot file `file` by
// `options`, with the candidates `withdraw` (0-based) withdrawn besides those the file
// withdraws. Everything that decides the result is written out (method, seats, seed, each
// category with its minimum and members, the withdrawals), candidates by their 1-based
// number, so that running it on the file gives the same sheet. Words are quoted for a
// POSIX shell where they need it. `options.meek` must be the defaults: the command line
// has no words for the others.
std::string count_command_line(const CountOptions& options, const std::vector<int32_t>& withdraw,
                               std::string_view file);

}  // namespace collegium::count
