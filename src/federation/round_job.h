// Computing a planning round (issue #14; docs/requirements.md C1, C2, C4, A2): what goes
// into round_compute from the round's record, what comes out as round.computed, and the
// job that the server runs in the background while members read and vote.
//
// The inputs of a computation are all in the public record, so that `collegium plan
// reproduce` computes the same figures from an export alone:
//   - the economy as it stood at the computation's economy_seq (its import and the
//     committees' changes since), whose digest the figures name;
//   - the round's call (gain, choices, optimal plan);
//   - the targets of the round's carried amendments, each the workplace's capacity for
//     the period (the most it undertakes to make);
//   - the status quo: the last adopted round's plan rolled forward, its household and
//     public demand scaled by the plan's consumption scale and its investment by its
//     investment scale; the base year's final demand when no round was adopted.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "federation/federation.h"
#include "federation/round.h"
#include "federation/round_compute.h"

namespace collegium::federation {

// The scales of an adopted plan, which the next round's status quo rolls forward.
struct AdoptedScales {
  double consumption = 1, investment = 1;
};

// The engine's parameters for a round's call and status quo.
RoundParameters round_parameters(const RoundCall& call, const plan::Economy& economy,
                                 const std::optional<AdoptedScales>& status_quo);
// The amended targets set as the workplaces' capacities; not_found naming a workplace the
// economy does not list.
Status apply_round_targets(plan::Economy& economy, const std::map<std::string, double>& targets);
// The computation in the form round.computed records it.
RoundFigures round_figures(const RoundComputation& rc, const plan::Economy& economy,
                           std::string round, int64_t version, int64_t economy_seq,
                           const std::optional<AdoptedScales>& status_quo);

// What a computation of a round reads from the federation.
struct RoundJobInputs {
  Round round;
  plan::Economy economy;  // targets applied
  int64_t economy_seq = 0;
  RoundParameters parameters;
  std::optional<AdoptedScales> status_quo;
};
// The inputs for the round's current version; failed_precondition when there is no economy.
Result<RoundJobInputs> round_job_inputs(Federation& fed, const Round& round);

// What a running computation has done, for the round's page.
struct RoundProgress {
  std::string round;
  int64_t version = 0;
  std::string stage;  // reading, computing, recording, done, failed
  std::string started;
  double seconds = 0;
  std::string error;  // when failed
  static constexpr auto fields() {
    return std::tuple{field("round", &RoundProgress::round),
                      field("version", &RoundProgress::version),
                      field("stage", &RoundProgress::stage, Presence::kRequired,
                            "reading, computing, recording, done or failed"),
                      field("started", &RoundProgress::started),
                      field("seconds", &RoundProgress::seconds, Presence::kRequired,
                            "the engine's time, once it has computed"),
                      field("error", &RoundProgress::error, Presence::kOmitEmpty)};
  }
  bool operator==(const RoundProgress&) const = default;
};

// Computes the rounds whose figures are behind their version, one after another, and
// records each (record_round, as the clock). Keeps each round's last computation, from
// which the next one (after an amendment) starts its solves. Thread-safe: the server's
// computing thread runs it while request threads read progress().
class RoundComputer {
 public:
  // Computes every round that needs it; returns how many were recorded. `db` guards the
  // federation's database: held while the inputs are read and the figures recorded, not
  // while the engine computes. A round whose economy changed during the computation is
  // computed again.
  Result<int> run(Federation& fed, std::mutex& db);
  std::optional<RoundProgress> progress(std::string_view round) const;

 private:
  void report(RoundProgress p);
  mutable std::mutex mu_;
  std::map<std::string, RoundProgress, std::less<>> progress_;
  std::map<std::string, std::shared_ptr<const RoundComputation>> last_;  // computing thread only
};

}  // namespace collegium::federation
