// Planning rounds in the federation (issue #14; docs/requirements.md C1, C2, C3, C4, A2,
// A3, A8): the plain data, commands and events of a round's life. The rules are in
// round_rules.cc, the tables in round_projection.cc, the computation in round_compute.h,
// the count in round_tally.h; docs/planning-rounds.md tells the whole story.
//
// A round's life:
//   1. called: a seat holder of the central council proposes it (propose_round); when the
//      council carries the motion (A3), round.called opens it with the motion's period,
//      schedule, productivity gain and choices;
//   2. computed: the server computes every alternative in the background and records them
//      (record_round, the clock's alone: the engine decides nothing, A2), with the digest
//      of the exact data it used (C4);
//   3. discussed until discussion_until, then amended until amendment_until: a workplace's
//      committee, or the union body of its branch, proposes a correction of the workplace's
//      data or a different target for it (propose_round_amendment), a motion of that body;
//      each carried amendment makes the server compute every alternative again;
//   4. voted until vote_until: every member ranks the alternatives in their own workplace,
//      by secret ballot (cast_round_ballot, the sealed box); the clock closes the vote
//      (close_round) and counts it: the members' ballots alone decide (A8);
//   5. adopted: the winner's targets become the workplaces' targets for the period; or,
//      when no alternative beats the status quo, back to amendment with a new schedule of
//      the same lengths.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/fields.h"
#include "federation/economy.h"

namespace collegium::federation {

// A split of the freed hours among more consumption, shorter hours and more investment
// (C2): shares >= 0 that sum to 1.
struct RoundChoice {
  std::string name;
  Decimal consumption, hours, investment;
  bool operator==(const RoundChoice&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("name", &RoundChoice::name),
                      field("consumption", &RoundChoice::consumption, Presence::kRequired,
                            "share of the freed hours that goes to more consumption"),
                      field("hours", &RoundChoice::hours, Presence::kRequired,
                            "share that goes to shorter hours"),
                      field("investment", &RoundChoice::investment, Presence::kRequired,
                            "share that goes to more investment")};
  }
};

// What the council's motion fixes: the period, the schedule and what to compute.
struct RoundCall {
  std::string period;  // the plan's period, as the council names it ("2027")
  Decimal productivity_gain{0.02};
  std::vector<RoundChoice> choices;
  bool optimal_plan = false;  // also compute the LP's optimal plan, with its valuations
  std::string discussion_until, amendment_until, vote_until;  // UTC, in this order
  bool operator==(const RoundCall&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("period", &RoundCall::period),
        field("productivity_gain", &RoundCall::productivity_gain, Presence::kRequired,
              "the productivity gain assumed for the period, as a fraction (0.02: 2%)"),
        field("choices", &RoundCall::choices, Presence::kRequired,
              "the alternatives to compute besides the status quo"),
        field("optimal_plan", &RoundCall::optimal_plan, Presence::kOptional),
        field("discussion_until", &RoundCall::discussion_until, Presence::kRequired,
              "UTC: the end of the discussion"),
        field("amendment_until", &RoundCall::amendment_until, Presence::kRequired,
              "UTC: the end of the amendment phase, when the vote opens"),
        field("vote_until", &RoundCall::vote_until, Presence::kRequired,
              "UTC: the close of the vote")};
  }
};

inline constexpr std::string_view kStatusQuoName = "status quo";
inline constexpr std::string_view kOptimalPlanName = "optimal plan";

// A round as its table holds it.
struct Round {
  std::string id, motion, body, text;
  RoundCall call;
  std::vector<std::string> alternatives;  // names, the status quo first
  std::string called;                     // UTC
  // Each carried amendment adds one to `version`; the server computes until
  // `computed_version` reaches it. 0: never computed.
  int64_t version = 1, computed_version = 0;
  int64_t vote = 1;            // which vote of the round is open or was last held
  std::string state = "open";  // open, adopted
  int32_t adopted = -1;
};

// One workplace's target in an alternative of the latest computation.
struct RoundWorkplaceTarget {
  std::string workplace, product;
  double target = 0;
};

// Where a round stands at `now`: computing (first computation not yet recorded),
// discussion, amendment, voting, counting (the vote is past its close, the clock has not
// counted it yet), adopted.
std::string round_phase(const Round& round, std::string_view now);
// The lengths of a call's amendment phase and vote, in seconds (a round back to amendment,
// or a vote restarted, takes them again).
int64_t amendment_seconds(const RoundCall& call);
int64_t vote_seconds(const RoundCall& call);

// ---- commands ----

// A seat holder of the central council proposes a round: a motion before the council.
struct ProposeRound {
  static constexpr std::string_view kName = "propose_round";
  std::string body;
  std::string text;
  RoundCall round;
  static constexpr auto fields() {
    return std::tuple{field("body", &ProposeRound::body), field("text", &ProposeRound::text),
                      field("round", &ProposeRound::round)};
  }
};

// A seat holder of a workplace's committee, or of the union body of its branch (in its
// region), proposes an amendment during the amendment phase: a correction of the
// workplace's data, or a different target (the most the workplace undertakes to make in
// the period), or both. A motion of that body; carried, the round is computed again.
struct ProposeRoundAmendment {
  static constexpr std::string_view kName = "propose_round_amendment";
  std::string round;
  std::string body;  // the proposing body; empty: the workplace's committee
  std::string workplace;
  std::string text;
  std::optional<Decimal> target, capacity, workers;
  std::optional<std::map<std::string, Decimal>> hours;
  static constexpr auto fields() {
    return std::tuple{
        field("round", &ProposeRoundAmendment::round),
        field("body", &ProposeRoundAmendment::body, Presence::kOptional,
              "the proposing body: the workplace's committee (the default) or the union body "
              "of its branch"),
        field("workplace", &ProposeRoundAmendment::workplace),
        field("text", &ProposeRoundAmendment::text),
        field("target", &ProposeRoundAmendment::target, Presence::kRequired,
              "the most the workplace undertakes to make in the period, in its product's units"),
        field("capacity", &ProposeRoundAmendment::capacity),
        field("workers", &ProposeRoundAmendment::workers),
        field("hours", &ProposeRoundAmendment::hours, Presence::kRequired,
              "hours per unit of output, by member category")};
  }
};

// A member's ranked ballot: ranks[a] for alternative a in the round's order, 1 the most
// preferred; equal ranks for indifference; 0 unranked (below every ranked one).
struct CastRoundBallot {
  static constexpr std::string_view kName = "cast_round_ballot";
  std::string round;
  std::vector<int64_t> ranks;
  static constexpr auto fields() {
    return std::tuple{field("round", &CastRoundBallot::round),
                      field("ranks", &CastRoundBallot::ranks, Presence::kRequired,
                            "one rank per alternative, in the round's order: 1 the most "
                            "preferred, equal ranks for indifference, 0 unranked")};
  }
};

// The clock closes and counts a round's vote (from Advance).
struct CloseRound {
  static constexpr std::string_view kName = "close_round";
  std::string round;
  static constexpr auto fields() { return std::tuple{field("round", &CloseRound::round)}; }
};

// ---- the figures of a computation, as round.computed records them ----

struct FigureRegion {
  std::string region;
  Decimal labour_hours, labour_supply, workers, consumption;
  std::optional<Decimal> hours_per_worker_week,
      consumption_per_head;  // absent: no workers, no population
  bool operator==(const FigureRegion&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("region", &FigureRegion::region),
                      field("labour_hours", &FigureRegion::labour_hours),
                      field("labour_supply", &FigureRegion::labour_supply),
                      field("workers", &FigureRegion::workers),
                      field("consumption", &FigureRegion::consumption),
                      field("hours_per_worker_week", &FigureRegion::hours_per_worker_week),
                      field("consumption_per_head", &FigureRegion::consumption_per_head)};
  }
};

struct FigureEconomy {
  Decimal consumption, investment, labour_hours, base_labour_hours, workers;
  std::optional<Decimal> hours_per_worker_week, base_hours_per_worker_week, consumption_per_head;
  bool operator==(const FigureEconomy&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("consumption", &FigureEconomy::consumption),
        field("investment", &FigureEconomy::investment),
        field("labour_hours", &FigureEconomy::labour_hours),
        field("base_labour_hours", &FigureEconomy::base_labour_hours),
        field("workers", &FigureEconomy::workers),
        field("hours_per_worker_week", &FigureEconomy::hours_per_worker_week),
        field("base_hours_per_worker_week", &FigureEconomy::base_hours_per_worker_week),
        field("consumption_per_head", &FigureEconomy::consumption_per_head)};
  }
};

struct FigureBottleneck {
  std::string kind;  // capacity, labour
  std::string workplace, product, region, category;
  Decimal required, available;
  bool over = true;  // a requirement above what is available; false: the LP's binding limit
  Decimal valuation;
  bool operator==(const FigureBottleneck&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("kind", &FigureBottleneck::kind, Presence::kRequired, "capacity or labour"),
        field("workplace", &FigureBottleneck::workplace, Presence::kOmitEmpty),
        field("product", &FigureBottleneck::product, Presence::kOmitEmpty),
        field("region", &FigureBottleneck::region, Presence::kOmitEmpty),
        field("category", &FigureBottleneck::category, Presence::kOmitEmpty),
        field("required", &FigureBottleneck::required),
        field("available", &FigureBottleneck::available),
        field("over", &FigureBottleneck::over),
        field("valuation", &FigureBottleneck::valuation)};
  }
};

struct FigureAlternative {
  std::string name;
  std::string kind;  // status_quo, choice, optimal
  std::optional<RoundChoice> choice;
  Decimal consumption_scale, investment_scale;
  bool feasible = true;
  std::string explanation;
  FigureEconomy economy;
  std::vector<FigureRegion> regions;
  DecimalList targets, hours;  // per workplace of the computation
  std::vector<FigureBottleneck> bottlenecks;
  bool operator==(const FigureAlternative&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("name", &FigureAlternative::name),
        field("kind", &FigureAlternative::kind, Presence::kRequired,
              "status_quo, choice or optimal"),
        field("choice", &FigureAlternative::choice),
        field("consumption_scale", &FigureAlternative::consumption_scale),
        field("investment_scale", &FigureAlternative::investment_scale),
        field("feasible", &FigureAlternative::feasible),
        field("explanation", &FigureAlternative::explanation, Presence::kOmitEmpty),
        field("economy", &FigureAlternative::economy),
        field("regions", &FigureAlternative::regions),
        field("targets", &FigureAlternative::targets, Presence::kRequired,
              "each workplace's output target, in the order of the computation's workplaces"),
        field("hours", &FigureAlternative::hours, Presence::kRequired,
              "each workplace's hours of labour in the period"),
        field("bottlenecks", &FigureAlternative::bottlenecks)};
  }
};

// Every alternative of one computation of a round.
struct RoundFigures {
  std::string round;
  int64_t version = 0;         // the round's version computed
  std::string economy_digest;  // SHA-256 of exactly the data used (round_compute.h)
  int64_t economy_seq = 0;     // the last economy event the data includes
  Decimal weeks_per_year{52};
  Decimal base_labour_hours, freed_hours;
  std::vector<std::string> workplaces, products;  // the economy's workplaces, each's product
  DecimalList capacity, workers;                  // as computed (amended targets applied)
  std::vector<FigureAlternative> alternatives;
  bool operator==(const RoundFigures&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("round", &RoundFigures::round),
                      field("version", &RoundFigures::version),
                      field("economy_digest", &RoundFigures::economy_digest, Presence::kRequired,
                            "SHA-256 of exactly the data the figures were computed from"),
                      field("economy_seq", &RoundFigures::economy_seq, Presence::kRequired,
                            "the last economy event of the record that the data includes"),
                      field("weeks_per_year", &RoundFigures::weeks_per_year),
                      field("base_labour_hours", &RoundFigures::base_labour_hours),
                      field("freed_hours", &RoundFigures::freed_hours),
                      field("workplaces", &RoundFigures::workplaces),
                      field("products", &RoundFigures::products),
                      field("capacity", &RoundFigures::capacity),
                      field("workers", &RoundFigures::workers),
                      field("alternatives", &RoundFigures::alternatives)};
  }
};

// ---- events ----

struct RoundCalled {
  static constexpr std::string_view kName = "round.called";
  std::string id, motion, body, text;
  RoundCall call;
  std::vector<std::string> alternatives;
  static constexpr auto fields() {
    return std::tuple{
        field("id", &RoundCalled::id),     field("motion", &RoundCalled::motion),
        field("body", &RoundCalled::body), field("text", &RoundCalled::text),
        field("call", &RoundCalled::call), field("alternatives", &RoundCalled::alternatives)};
  }
};

// The server records a computation of every alternative (the clock's alone: the engine's
// specialists compute, they decide nothing, A2).
struct RecordRound {
  static constexpr std::string_view kName = "record_round";
  RoundFigures figures;
  static constexpr auto fields() { return std::tuple{field("figures", &RecordRound::figures)}; }
};

struct RoundComputed {
  static constexpr std::string_view kName = "round.computed";
  RoundFigures figures;
  static constexpr auto fields() { return std::tuple{field("figures", &RoundComputed::figures)}; }
};

struct RoundAmended {
  static constexpr std::string_view kName = "round.amended";
  std::string round, motion, body, workplace;
  std::optional<Decimal> target;
  std::vector<std::string> changed;  // the data it corrected (a workplace.production_set follows)
  int64_t version = 0;               // the round's version it makes
  static constexpr auto fields() {
    return std::tuple{
        field("round", &RoundAmended::round),    field("motion", &RoundAmended::motion),
        field("body", &RoundAmended::body),      field("workplace", &RoundAmended::workplace),
        field("target", &RoundAmended::target),  field("changed", &RoundAmended::changed),
        field("version", &RoundAmended::version)};
  }
};

// Who voted is public; how, never (the sealed box).
struct RoundBallotCast {
  static constexpr std::string_view kName = "round.ballot_cast";
  std::string round, member;
  int64_t vote = 1;
  static constexpr auto fields() {
    return std::tuple{field("round", &RoundBallotCast::round),
                      field("member", &RoundBallotCast::member),
                      field("vote", &RoundBallotCast::vote)};
  }
};

// The ballots of one workplace as published at the close: each distinct ranks text
// ("1 2 3 0") with how many ballots gave it. Nothing else: no voter, no time, no order.
using PublishedRoundBallots = std::map<std::string, std::map<std::string, int64_t>>;

struct RoundClosed {
  static constexpr std::string_view kName = "round.closed";
  std::string round;
  int64_t vote = 1;
  std::string outcome;  // adopted, back_to_amendment
  int32_t adopted = -1;
  std::string reason;
  int64_t ballots = 0;
  std::vector<int64_t> prefer;      // the federation's pairwise table, row-major
  std::vector<int32_t> order;       // Schulze's order, ties broken by lot
  Json sheet;                       // collegium::count's sheet
  PublishedRoundBallots published;  // by workplace
  // back_to_amendment: the new schedule, the same lengths from the close.
  std::optional<std::string> amendment_until, vote_until;
  static constexpr auto fields() {
    return std::tuple{field("round", &RoundClosed::round),
                      field("vote", &RoundClosed::vote),
                      field("outcome", &RoundClosed::outcome),
                      field("adopted", &RoundClosed::adopted),
                      field("reason", &RoundClosed::reason),
                      field("ballots", &RoundClosed::ballots),
                      field("prefer", &RoundClosed::prefer),
                      field("order", &RoundClosed::order),
                      field("sheet", &RoundClosed::sheet),
                      field("published", &RoundClosed::published),
                      field("amendment_until", &RoundClosed::amendment_until),
                      field("vote_until", &RoundClosed::vote_until)};
  }
};

// A restored backup held none of the open vote's ballots (restore.h): who voted is
// cleared, everyone may vote again, and the vote stays open a whole vote's length from the
// restart.
struct RoundVotingRestarted {
  static constexpr std::string_view kName = "round.voting_restarted";
  std::string round;
  int64_t vote = 1;
  std::string reason;
  int64_t ballots_lost = 0;
  std::string vote_until;
  static constexpr auto fields() {
    return std::tuple{field("round", &RoundVotingRestarted::round),
                      field("vote", &RoundVotingRestarted::vote),
                      field("reason", &RoundVotingRestarted::reason),
                      field("ballots_lost", &RoundVotingRestarted::ballots_lost),
                      field("vote_until", &RoundVotingRestarted::vote_until)};
  }
};

// The adopted plan's targets become the workplaces' targets for the period.
struct RoundAdopted {
  static constexpr std::string_view kName = "round.adopted";
  std::string round, period, alternative;
  std::vector<std::string> workplaces, products;
  DecimalList targets;
  static constexpr auto fields() {
    return std::tuple{field("round", &RoundAdopted::round),
                      field("period", &RoundAdopted::period),
                      field("alternative", &RoundAdopted::alternative),
                      field("workplaces", &RoundAdopted::workplaces),
                      field("products", &RoundAdopted::products),
                      field("targets", &RoundAdopted::targets)};
  }
};

}  // namespace collegium::federation
