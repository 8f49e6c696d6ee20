// The demo federation's past and present (issue #14): what a visitor finds when the demo
// starts. Its bodies elected level by level (shop and workplace committees by their
// members, unions by the committees' delegates, the congress by the unions', the council
// and the control commission by the congress's), one planning round that was called,
// computed, amended, voted and adopted, with its ballots published; and a second round
// that opens now, for the visitor to follow through discussion, amendment and vote. The
// adopted plan is being carried out (issue #16, C6): its past report periods were
// reported, with a few real deviations, and file_demo_reports keeps the running demo
// reporting, so that a visitor sees alerts arrive and climb.
//
// Everything goes through the federation's own commands, as members would give them, so
// that the record is what a real federation's would be. The past is played on a clock the
// caller moves (`set_time`): the federation must have been opened with a clock that reads
// what set_time last gave, or the system clock when it was given an empty string.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "base/status.h"
#include "base/util.h"
#include "federation/federation.h"

namespace collegium::federation {

// A clock for the federation while its past is played: the time set() last gave, or the
// system clock's once set("") hands it back. Open the federation with
// `[&clock] { return clock.now(); }` and pass `clock.set` to play_demo_history.
class DemoClock {
 public:
  std::string now() const {
    std::lock_guard lock(mu_);
    return time_.empty() ? now_utc_iso() : time_;
  }
  void set(const std::string& t) {
    std::lock_guard lock(mu_);
    time_ = t;
  }

 private:
  mutable std::mutex mu_;
  std::string time_;
};

struct DemoHistoryOptions {
  uint64_t seed = 1921;
  // A workplace left with nothing elected, so that a visitor can hold its first election
  // (the demo's first production member's).
  std::string unelected_workplace;
  // Only the first N union bodies, the committees that elect them and the shops below
  // those, then the congress and council, are elected; 0: every body. For benchmarks of a
  // round at a size where electing every shop would take longer than the round itself.
  int64_t elected_unions = 0;
  // The second round's phases, from now, in seconds.
  int64_t discussion_seconds = 3600, amendment_seconds = 3600, vote_seconds = 3600;
  // The report period that set_demo_report_periods puts in the demo's founding
  // constitution: a plan's periods are fixed at its adoption, so the constitution in force
  // then must already carry it.
  int64_t report_period = 300;
  // Report periods of the adopted plan that lie in the past, reported, when the demo
  // starts (fewer when the constitution's period is too long for the demo's past).
  int64_t past_periods = 12;
};

// Makes `c` a constitution under which a visitor can watch a plan carried out: report
// periods of `report_period` seconds, 3 of them to acknowledge a signal and 8 to record a
// decision before it climbs.
void set_demo_report_periods(Constitution& c, int64_t report_period);

// The running demo's reports: at `now`, once half of the open report window of the last
// ended period has gone (the first half is left to a visitor who holds a seat), files that
// period's report for every workplace with a target and an elected committee that has not
// reported it, by the committee's first seat holder (so it is confirmed at once). The
// figures follow the demo's deviations (demo_history.cc), the same for the same `seed`,
// workplace and period. Returns how many were filed; a workplace's refusal is skipped.
Result<int64_t> file_demo_reports(Federation& federation, std::string_view now, uint64_t seed);

// The demo's members whose logins show a round's life: a seat holder of an elected
// workplace committee (with the other seat holders of that committee), and a seat holder
// of the council; and one of the congress, who proposes amendments of the constitution
// (A13), the council's when they sit there too.
struct DemoOfficials {
  std::string committee;             // the workplace committee's id
  std::vector<std::string> holders;  // its seat holders, the first the one to show
  std::string committee_name;
  std::string council_holder;
  std::string congress_holder;
};

// Plays the elections alone, from a time far enough back that every level's nominations
// and vote end before now; returns that time's end (the clock stays there).
Result<std::string> elect_demo_bodies(Federation& federation, const DemoHistoryOptions& options,
                                      const std::function<void(const std::string&)>& set_time);

// Plays the past and opens the second round. `set_time` moves the federation's clock (""
// hands it back to the real time). A demo too small to elect its council gets its
// elections alone (the officials returned are then empty). failed_precondition when the
// federation is not a fresh demo with an economy.
Result<DemoOfficials> play_demo_history(Federation& federation, const DemoHistoryOptions& options,
                                        const std::function<void(const std::string&)>& set_time);

}  // namespace collegium::federation
