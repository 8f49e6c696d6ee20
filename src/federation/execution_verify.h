// Checking the forecaster's readings offline from an exported record (issue #16; SYSTEM.md
// C6, DESIGN.md invariant 7): what `collegium execution verify` runs.
//
// From the export alone, verify_execution():
//   1. verifies the hash chain (record::verify_export, on a second thread beside the
//      steps below), so that what is checked is what the server published;
//   2. reads the events in order, keeping only what a reading depends on: the
//      constitution in force (constitution.founded, constitution.amended: its
//      signal_thresholds, and its report_period at an adoption), the economy's
//      weeks_per_year (economy.imported), the plan carried out (round.adopted: its targets,
//      and its number of report periods as execution_projection.cc fixes them at the
//      adoption), and every report filed (report.filed);
//   3. for every report.confirmed, classifies the figure again (classify_report, the very
//      function the rules call) from the report's output of the workplace's product, the
//      period's target (the yearly target over the number of periods) and the series'
//      state before the period: the state after the latest classified period, or, for a
//      period classified again (a correction), the state that period started from. Every
//      field of the reading and every number of the state after it must be the record's,
//      bit for bit (compared as format_decimal writes them);
//   4. checks the signals each reading calls for: an alert or a crisis raises a signal
//      (signal.raised, the next event), or worsens the open one of its workplace and
//      direction (signal.worsened) when it is graver, and a signal carries the reading of
//      the report it names.
//
// The series' state carried forward is the recomputed one, so that one altered event is
// named alone rather than every reading after it.
//
// A mid-period revision of a target (not in the record's vocabulary yet) would change the
// period target: such an event has to be read here too when it comes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace collegium::federation {

// One field of a recorded event that the recomputation does not give.
struct ExecutionMismatch {
  uint64_t seq = 0;  // the event
  std::string type;  // report.confirmed, signal.raised...
  std::string report, workplace;
  int64_t period = 0;
  std::string field;  // "reading/level", "state/3", "signal"
  std::string recorded, recomputed;
  // "seq 412 (report.confirmed of report-87, workplace w1, period 3), reading/level:
  // recorded 0.93, recomputed 0.91"
  std::string to_string() const;
};

struct ExecutionVerification {
  uint64_t events = 0;                   // in the verified export
  std::string head;                      // its head hash
  std::string workplace;                 // the one workplace checked; empty: all
  int64_t plans = 0;                     // round.adopted events read
  int64_t readings = 0;                  // report.confirmed events checked
  int64_t corrections = 0;               // of which readings of a period classified before
  std::map<std::string, int64_t> kinds;  // normal, alert, crisis -> readings of output
  int64_t indicator_readings = 0;        // readings of those reports' hours and inputs
  int64_t signals_raised = 0, signals_worsened = 0;  // checked against their readings
  std::vector<ExecutionMismatch> mismatches;         // in the order of the record
  bool agrees() const { return mismatches.empty(); }
};

struct ExecutionVerifyOptions {
  std::string workplace;  // only this workplace's readings and signals; empty: all
  // Called now and then with the events read and how many there are (0 until the chain's
  // verification, on another thread, has counted them).
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// Checks every reading of `export_text` (the format of record/verify.h). Errors, checking
// nothing: corrupt (naming the event, line or checkpoint) when the export does not verify
// or an event the check reads does not decode; not_found when options.workplace is in
// none of the record's economies, plans or reports. What was recorded but does not recompute
// is not an error: it is listed in the result's mismatches.
Result<ExecutionVerification> verify_execution(std::string_view export_text,
                                               const ExecutionVerifyOptions& options = {});

// The result as JSON, for `--format json`: every field above, with "agrees".
Json execution_verification_json(const ExecutionVerification& v);

}  // namespace collegium::federation
