// Count sheets: the full, checkable account of a count.
//
// Every method returns a Sheet. It records, stage by stage, each candidate's value, what
// was transferred, what became non-transferable, what was lost by fractions, and every
// decision (elected or excluded) with its reason. With the ballots and the seed it
// recorded, anyone can repeat the count and compare sheets (requirement D: counts
// reproducible from published anonymous ballots).
//
// Values are fixed-point integers in units of 10^-decimals (see decimal.h); the JSON
// writes them as decimal strings with exactly `decimals` places, never as floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"

namespace collegium::count {

// Why a decision was taken. The JSON names are stable: readers may rely on them.
enum class Reason {
  kQuota,           // reached the quota
  kMajority,        // more than half of the continuing votes (IRV)
  kLastSeats,       // as many continuing candidates as seats left
  kMostVotes,       // highest totals (plurality, block, approval)
  kHighestAverage,  // divisor methods
  kLowest,          // fewest votes, excluded
  kLot,             // a tie decided by lot (the seed is on the sheet)
  kEarlierStage,    // a tie decided by the values at an earlier stage
  kTieBreakOrder,   // a tie decided by a given order of candidates (Meek tieBreaker)
  kConstraint,      // required by a minimum number of seats for a category (A10)
  kBatch,           // several candidates excluded together (Meek alternative defeats)
  kRemaining,       // the seats are filled, the others are not elected
  kCondorcet,       // wins every strongest-path comparison (Schulze)
};
const char* reason_name(Reason r);

struct Decision {
  int32_t candidate = -1;
  bool elected = false;  // false: excluded (or defeated)
  Reason reason = Reason::kQuota;
  // When a tie had to be broken: the candidates it was among (besides `candidate`).
  std::vector<int32_t> tied_with;
};

struct Stage {
  int number = 0;
  std::string action;             // "first preferences", "surplus of NAME", "exclusion of NAME"
  std::vector<int64_t> value;     // per candidate, at the end of the stage
  std::vector<int64_t> transfer;  // per candidate, change during the stage (empty for stage 1)
  int64_t non_transferable = 0;   // cumulative, at the end of the stage
  int64_t loss = 0;               // cumulative loss by fractions, at the end of the stage
  std::optional<int64_t> quota;   // when the quota can change from stage to stage
  std::optional<int64_t> transfer_value;  // a surplus transfer with a single value
  std::vector<Decision> decisions;
  std::vector<std::string> notes;
  Json details;  // method-specific (Meek: iterations, keep factors, ...)
};

struct Sheet {
  std::string method;
  std::string title;
  int seats = 0;
  int decimals = 0;
  std::optional<int64_t> quota;
  uint64_t seed = 0;
  std::vector<std::string> candidates;
  std::vector<bool> withdrawn;
  int64_t valid_ballots = 0;    // in units of 10^-decimals
  int64_t invalid_ballots = 0;  // whole ballots
  std::vector<Stage> stages;
  std::vector<int32_t> elected;      // in order of election
  std::vector<int64_t> final_value;  // per candidate
  std::vector<std::string> notes;
  Json details;  // method-specific (Schulze: matrices, ranking)
};

struct Election;

// A sheet's header filled from the election: method, title, seats, decimals, seed,
// candidates and withdrawals. Every counting method starts its sheet here.
Sheet start_sheet(std::string method, const Election& e, int seats, int decimals, uint64_t seed);

// The JSON form: keys method, title, seats, decimals, quota, seed, candidates, withdrawn,
// valid_ballots, invalid_ballots, elected (names in order of election), stages, final
// (name -> decimal string), notes, details. Names that are not valid UTF-8 are written
// with U+FFFD in place of the bad bytes (JSON cannot carry them); the BLT writer keeps
// them exact.
Json sheet_to_json(const Sheet& sheet);

// The text table, for people: one block per stage with each candidate's transfer and
// value, then the elected.
std::string sheet_to_text(const Sheet& sheet);

// Serialises JSON for output, tolerating names that are not valid UTF-8.
std::string dump_json(const Json& j, int indent = 2);

}  // namespace collegium::count
