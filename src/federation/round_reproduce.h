// Checking a planning round offline from an exported record (issue #14; docs/requirements.md
// C4, DESIGN.md invariant 7): what `collegium plan reproduce` runs.
//
// From the export alone, reproduce_round():
//   1. verifies the hash chain (record::verify_export) and replays the events, in order,
//      into a temporary federation, so that at each round.computed of the round the
//      economy, the round's amended targets and the last adopted round's scales stand as
//      the server read them (round_job.h: the state just before that event);
//   2. checks that the rebuilt economy's digest is the one the figures name, computes
//      every alternative again from scratch (compute_round) and compares the figures with
//      the published ones, figure by figure (compare_round_figures);
//   3. counts every vote of the round again from the ballots its round.closed published
//      (RoundTally, grouped by workplace in the order of their ids, the lot seeded from the
//      record's head before the close, as the close does) and compares the ballots, the
//      pairwise table, the order, the outcome, the adopted alternative and the sheet;
//   4. checks that round.adopted's targets are the adopted alternative's targets of the
//      round's last computation.
//
// Figures are compared with a relative tolerance, not bit for bit: the server starts a
// recomputation after an amendment from its last solution, so its figures agree with a
// computation from scratch to the solver's tolerance only (docs/planning-rounds.md).
// Everything else (counts, ids, names, digests, orders, outcomes) must be equal.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "federation/round.h"

namespace collegium::federation {

// Two figures agree when |published - recomputed| <= tolerance * max(|published|,
// |recomputed|, 1): relative for figures above 1, absolute below (a figure that is 0 in
// one computation may be 1e-13 in the other).
inline constexpr double kReproduceTolerance = 1e-6;

// |a - b| / max(|a|, |b|, 1): the difference compare_round_figures() holds against the
// tolerance. Infinite when exactly one of them is not finite.
double figure_difference(double published, double recomputed);

// The first figure of a computation that differs.
struct FigureDifference {
  std::string what;  // "alternative 'more goods', workplace w2 target"
  std::string published, recomputed;
  std::string to_string() const;  // "WHAT: published P, recomputed R"
};

struct FiguresComparison {
  double max_difference = 0;  // the largest figure_difference over every number compared
  // Per published alternative, the largest figure_difference of its own figures.
  std::vector<double> alternatives;
  // The first figure that differs, in the order of RoundFigures' fields; none: they agree.
  std::optional<FigureDifference> first;
};

// Compares every field of two computations of a round: ids, names, kinds, counts,
// feasibility, explanations and bottlenecks' places exactly; every number within
// `tolerance` (figure_difference). The economy digest is compared as well, so that a
// caller that checks it against rebuilt data first names that instead.
FiguresComparison compare_round_figures(const RoundFigures& published,
                                        const RoundFigures& recomputed,
                                        double tolerance = kReproduceTolerance);

// ---- what reproduce_round() found ----

struct ReproducedAlternative {
  std::string name, kind;
  bool feasible = true;                         // as published
  std::optional<double> hours_per_worker_week;  // as published
  double consumption = 0;                       // as published
  double max_difference = 0;                    // against the recomputed figures
};

struct ReproducedComputation {
  int64_t number = 0;  // 1, 2... in the order of the record
  uint64_t seq = 0;    // its round.computed event
  int64_t version = 0, economy_seq = 0;
  std::string economy_digest;  // as published
  bool digest_agrees = false;  // the replayed economy hashes to it
  double max_difference = 0;
  std::vector<ReproducedAlternative> alternatives;
  std::optional<std::string> difference;  // the first, in words
};

struct ReproducedVote {
  int64_t vote = 0;
  uint64_t seq = 0;  // its round.closed event
  int64_t ballots = 0;
  std::string outcome;             // as recounted
  int32_t adopted = -1;            // as recounted
  std::vector<std::string> order;  // as recounted, alternatives by name
  uint64_t seed = 0;               // the lot's seed, from the record's head before the close
  std::optional<std::string> difference;
};

struct ReproducedAdoption {
  uint64_t seq = 0;  // the round.adopted event
  std::string alternative;
  int64_t targets = 0;
  std::optional<std::string> difference;
};

struct RoundReproduction {
  std::string round, period;
  std::vector<std::string> alternatives;
  uint64_t events = 0;  // in the verified export
  std::string head;     // its head hash
  double tolerance = kReproduceTolerance;
  std::vector<ReproducedComputation> computations;
  std::vector<ReproducedVote> votes;
  std::optional<ReproducedAdoption> adoption;
  // Every difference, in the order of the record, each naming the computation, vote or
  // adoption and the first figure of it that differs ("round-57 computation 2 (seq 120),
  // alternative 'more goods', workplace w2 target: published 42, recomputed 41.7").
  std::vector<std::string> differences;
  bool agrees() const { return differences.empty(); }
};

struct ReproduceOptions {
  double tolerance = kReproduceTolerance;
  // Where the temporary federation is made (and removed after); empty: the system's
  // temporary folder.
  std::filesystem::path scratch;
  // Called now and then with the events replayed and how many will be.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// Reproduces round `round` from `export_text` (the format of record/verify.h). Errors,
// reproducing nothing: corrupt (naming the event, line or checkpoint) when the export does
// not verify; invalid_argument for a tolerance that is not a finite number >= 0; not_found
// when the record has no round by that id; corrupt naming the event when an event of the
// record does not read or replay. What was published but does not reproduce is not an
// error: it is listed in the result's differences.
Result<RoundReproduction> reproduce_round(std::string_view export_text, std::string_view round,
                                          const ReproduceOptions& options = {});

// The result as JSON, for `--format json`: every field above, with "agrees".
Json reproduction_json(const RoundReproduction& r);

}  // namespace collegium::federation
