// Read models of planning rounds (issue #14; docs/requirements.md C1-C4): the rounds, one
// round with its alternatives, computations, amendments and votes, what each alternative
// means for one body (round_scope.h says whom a body answers for), the bodies that concern
// a member, and a workplace's adopted targets. Like the other read models, each reads the
// projections of `fed` and returns plain data or the database's error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "federation/federation.h"
#include "federation/reads.h"
#include "federation/round.h"
#include "federation/round_job.h"

namespace collegium::federation {

struct RoundSummary {
  std::string id, body, body_name, text, period;
  std::string phase;  // computing, discussion, amendment, voting, counting, adopted
  std::string called, discussion_until, amendment_until, vote_until;
  int64_t version = 0, computed_version = 0, vote = 0;
  std::vector<std::string> alternatives;  // the status quo first
  int32_t adopted = -1;                   // the adopted alternative; -1 while none
  int64_t voters = 0;                     // who have voted in the current vote
  bool operator==(const RoundSummary&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("id", &RoundSummary::id),
        field("body", &RoundSummary::body),
        field("body_name", &RoundSummary::body_name),
        field("text", &RoundSummary::text),
        field("period", &RoundSummary::period),
        field("phase", &RoundSummary::phase, Presence::kRequired,
              "computing, discussion, amendment, voting, counting or adopted"),
        field("called", &RoundSummary::called),
        field("discussion_until", &RoundSummary::discussion_until),
        field("amendment_until", &RoundSummary::amendment_until),
        field("vote_until", &RoundSummary::vote_until),
        field("version", &RoundSummary::version, Presence::kRequired,
              "one more for each carried amendment"),
        field("computed_version", &RoundSummary::computed_version, Presence::kRequired,
              "the version the published figures are of; behind version while the server "
              "computes"),
        field("vote", &RoundSummary::vote, Presence::kRequired,
              "the vote open or last held (a round back to amendment votes again)"),
        field("alternatives", &RoundSummary::alternatives),
        field("adopted", &RoundSummary::adopted, Presence::kRequired,
              "the adopted alternative's index; -1 while none"),
        field("voters", &RoundSummary::voters)};
  }
};
struct RoundList {
  std::vector<RoundSummary> rounds;  // newest first
  bool operator==(const RoundList&) const = default;
  static constexpr auto fields() { return std::tuple{field("rounds", &RoundList::rounds)}; }
};
// `now` decides the phases.
Result<RoundList> list_rounds(Federation& fed, std::string_view now);

// The most bottlenecks a page lists for one alternative; the count gives the rest.
inline constexpr int64_t kMaxListedBottlenecks = 100;

// An alternative as the latest computation gives it, for the whole economy.
struct RoundAlternativeView {
  int32_t index = 0;
  // Targets and hours per workplace left out; the first kMaxListedBottlenecks bottlenecks.
  FigureAlternative figures;
  double output_target = 0;  // over every workplace
  int64_t bottlenecks = 0;   // all of them
  bool operator==(const RoundAlternativeView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("index", &RoundAlternativeView::index),
                      field("figures", &RoundAlternativeView::figures),
                      field("output_target", &RoundAlternativeView::output_target),
                      field("bottlenecks", &RoundAlternativeView::bottlenecks, Presence::kRequired,
                            "how many bottlenecks; figures lists the first 100")};
  }
};

struct RoundComputationRow {
  int64_t version = 0, seq = 0;
  std::string time, economy_digest;
  int64_t economy_seq = 0;
  double base_labour_hours = 0, freed_hours = 0, weeks_per_year = 0;
  bool operator==(const RoundComputationRow&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("version", &RoundComputationRow::version),
                      field("seq", &RoundComputationRow::seq),
                      field("time", &RoundComputationRow::time),
                      field("economy_digest", &RoundComputationRow::economy_digest),
                      field("economy_seq", &RoundComputationRow::economy_seq),
                      field("base_labour_hours", &RoundComputationRow::base_labour_hours),
                      field("freed_hours", &RoundComputationRow::freed_hours),
                      field("weeks_per_year", &RoundComputationRow::weeks_per_year)};
  }
};

// An amendment: proposed (its motion open), carried or lost.
struct RoundAmendmentRow {
  std::string motion, state;  // open, carried, lost
  std::string body, body_name, workplace, workplace_name, proposed_by, text, closes;
  std::string proposed_by_name;  // the proposer's name (issue #15)
  Nullable<double> target, capacity, workers;
  std::map<std::string, double> hours;
  int64_t yes = 0, no = 0, abstain = 0;
  bool operator==(const RoundAmendmentRow&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("motion", &RoundAmendmentRow::motion),
        field("state", &RoundAmendmentRow::state, Presence::kRequired, "open, carried or lost"),
        field("body", &RoundAmendmentRow::body),
        field("body_name", &RoundAmendmentRow::body_name),
        field("workplace", &RoundAmendmentRow::workplace),
        field("workplace_name", &RoundAmendmentRow::workplace_name),
        field("proposed_by", &RoundAmendmentRow::proposed_by),
        field("proposed_by_name", &RoundAmendmentRow::proposed_by_name),
        field("text", &RoundAmendmentRow::text),
        field("closes", &RoundAmendmentRow::closes),
        field("target", &RoundAmendmentRow::target),
        field("capacity", &RoundAmendmentRow::capacity),
        field("workers", &RoundAmendmentRow::workers),
        field("hours", &RoundAmendmentRow::hours),
        field("yes", &RoundAmendmentRow::yes),
        field("no", &RoundAmendmentRow::no),
        field("abstain", &RoundAmendmentRow::abstain)};
  }
};

// One vote's result, federation-wide.
struct RoundVoteResult {
  int64_t vote = 0, seq = 0, ballots = 0;
  std::string time, outcome, reason;  // outcome: adopted, back_to_amendment
  int32_t adopted = -1;
  std::vector<int32_t> order;   // Schulze's order, ties by lot
  std::vector<int64_t> prefer;  // prefer[a * k + b]: ballots ranking a above b
  bool operator==(const RoundVoteResult&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("vote", &RoundVoteResult::vote),
                      field("seq", &RoundVoteResult::seq),
                      field("ballots", &RoundVoteResult::ballots),
                      field("time", &RoundVoteResult::time),
                      field("outcome", &RoundVoteResult::outcome, Presence::kRequired,
                            "adopted or back_to_amendment"),
                      field("reason", &RoundVoteResult::reason),
                      field("adopted", &RoundVoteResult::adopted),
                      field("order", &RoundVoteResult::order),
                      field("prefer", &RoundVoteResult::prefer, Presence::kRequired,
                            "row-major: prefer[a * alternatives + b] ballots rank a above b")};
  }
};

struct RoundView {
  RoundSummary round;
  RoundCall call;                                  // as the council carried it
  std::vector<RoundAlternativeView> alternatives;  // empty until the first computation
  std::vector<RoundComputationRow> computations;   // oldest first
  std::vector<RoundAmendmentRow> amendments;       // newest first
  std::vector<RoundVoteResult> results;            // one per vote held, oldest first
  int64_t workplaces = 0;                          // with production data in the figures
  bool voted = false;                              // the viewer has voted in the current vote
  // The server's computation, while it runs or when it last ran (not part of the record).
  std::optional<RoundProgress> computing;
  bool operator==(const RoundView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("round", &RoundView::round),
                      field("call", &RoundView::call),
                      field("voted", &RoundView::voted, Presence::kRequired,
                            "the member asking has voted in the current vote"),
                      field("computing", &RoundView::computing),
                      field("alternatives", &RoundView::alternatives),
                      field("computations", &RoundView::computations),
                      field("amendments", &RoundView::amendments),
                      field("results", &RoundView::results),
                      field("workplaces", &RoundView::workplaces)};
  }
};
// not_found naming "id" for an unknown round. `viewer`: a member id, or empty.
Result<RoundView> read_round(Federation& fed, std::string_view id, std::string_view now,
                             std::string_view viewer);

// What one alternative means for one body.
struct BodyAlternative {
  std::string name;
  bool feasible = true;
  int64_t workplaces = 0;  // with production data
  double output_target = 0, labour_hours = 0, workers = 0;
  Nullable<double> capacity_use;              // targets over capacities; null without capacities
  Nullable<double> hours_per_worker_week;     // null without workers
  std::optional<FigureRegion> region;         // the body's region, when it has one
  std::optional<FigureEconomy> economy;       // the whole economy's, for the economy scope
  std::vector<FigureBottleneck> bottlenecks;  // those that involve the body, the first 100
  int64_t bottleneck_count = 0;               // all of them
  bool operator==(const BodyAlternative&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("name", &BodyAlternative::name),
                      field("feasible", &BodyAlternative::feasible),
                      field("workplaces", &BodyAlternative::workplaces),
                      field("output_target", &BodyAlternative::output_target),
                      field("labour_hours", &BodyAlternative::labour_hours),
                      field("workers", &BodyAlternative::workers),
                      field("capacity_use", &BodyAlternative::capacity_use),
                      field("hours_per_worker_week", &BodyAlternative::hours_per_worker_week),
                      field("region", &BodyAlternative::region),
                      field("economy", &BodyAlternative::economy),
                      field("bottlenecks", &BodyAlternative::bottlenecks),
                      field("bottleneck_count", &BodyAlternative::bottleneck_count)};
  }
};

// The aggregate of the ballots of the members a body represents, in one vote.
struct BodyTallyView {
  int64_t vote = 0, ballots = 0;
  std::vector<int64_t> prefer;           // row-major, as RoundVoteResult's
  std::vector<int32_t> beat_status_quo;  // alternatives its members prefer to the status quo
  bool operator==(const BodyTallyView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("vote", &BodyTallyView::vote),
                      field("ballots", &BodyTallyView::ballots),
                      field("prefer", &BodyTallyView::prefer),
                      field("beat_status_quo", &BodyTallyView::beat_status_quo)};
  }
};

struct WorkplaceFigure {
  std::string workplace, name, product;
  double capacity = 0, workers = 0;
  std::vector<double> targets, hours;  // per alternative
  bool operator==(const WorkplaceFigure&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("workplace", &WorkplaceFigure::workplace),
                      field("name", &WorkplaceFigure::name),
                      field("product", &WorkplaceFigure::product),
                      field("capacity", &WorkplaceFigure::capacity),
                      field("workers", &WorkplaceFigure::workers),
                      field("targets", &WorkplaceFigure::targets),
                      field("hours", &WorkplaceFigure::hours)};
  }
};

struct RoundBodyView {
  std::string round, body, body_name, body_kind;
  std::string scope;  // workplace, branch, region, economy
  std::string workplace, branch, region;
  int64_t computed_version = 0;
  std::vector<BodyAlternative> alternatives;  // in the round's order; empty until computed
  // The body's workplaces, one by one, for a body of at most kMaxListedWorkplaces.
  std::vector<WorkplaceFigure> workplaces;
  std::vector<std::string> without_data;  // its workplaces the economy has no data for
  std::vector<BodyTallyView> tallies;     // one per vote held
  bool operator==(const RoundBodyView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("round", &RoundBodyView::round),
                      field("body", &RoundBodyView::body),
                      field("body_name", &RoundBodyView::body_name),
                      field("body_kind", &RoundBodyView::body_kind),
                      field("scope", &RoundBodyView::scope, Presence::kRequired,
                            "workplace, branch, region or economy: whom the body answers for"),
                      field("workplace", &RoundBodyView::workplace),
                      field("branch", &RoundBodyView::branch),
                      field("region", &RoundBodyView::region),
                      field("computed_version", &RoundBodyView::computed_version),
                      field("alternatives", &RoundBodyView::alternatives),
                      field("workplaces", &RoundBodyView::workplaces),
                      field("without_data", &RoundBodyView::without_data),
                      field("tallies", &RoundBodyView::tallies)};
  }
};
inline constexpr size_t kMaxListedWorkplaces = 200;
// not_found naming "id" for an unknown round, "body" for an unknown body.
Result<RoundBodyView> read_round_body(Federation& fed, std::string_view round,
                                      std::string_view body);

// The bodies whose figures concern a member, nearest first: their workplace's committee
// (and their shop's), the union bodies of its branch, their region's bodies, then the
// congress, the council and every body answering for the whole economy.
struct RoundBodies {
  std::vector<BodySummary> bodies;
  bool operator==(const RoundBodies&) const = default;
  static constexpr auto fields() { return std::tuple{field("bodies", &RoundBodies::bodies)}; }
};
Result<RoundBodies> member_round_bodies(Federation& fed, std::string_view member);

struct WorkplaceTarget {
  std::string round, period, product;
  double target = 0;
  int64_t seq = 0;
  bool operator==(const WorkplaceTarget&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("round", &WorkplaceTarget::round), field("period", &WorkplaceTarget::period),
        field("product", &WorkplaceTarget::product), field("target", &WorkplaceTarget::target),
        field("seq", &WorkplaceTarget::seq, Presence::kRequired, "the round.adopted event")};
  }
};
// The adopted targets of a workplace, newest first; not_found naming "id" for an unknown
// workplace.
struct WorkplaceTargets {
  std::vector<WorkplaceTarget> targets;
  bool operator==(const WorkplaceTargets&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("targets", &WorkplaceTargets::targets)};
  }
};
Result<WorkplaceTargets> read_workplace_targets(Federation& fed, std::string_view workplace);

}  // namespace collegium::federation
