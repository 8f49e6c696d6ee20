// Internal to the federation module: how a round's events change its tables
// (round_projection.cc). The schema is round_migration() (projection.h).
#pragma once

#include "federation/ballot_box.h"
#include "federation/events.h"
#include "federation/projection.h"
#include "record/event.h"

namespace collegium::federation {

Status apply_round_called(StatementCache& q, const record::Event& e, const RoundCalled& ev);
// The latest figures replace the round's alternatives and workplace rows; every
// computation stays listed in round_computations.
Status apply_round_computed(StatementCache& q, const record::Event& e, const RoundComputed& ev);
Status apply_round_amended(StatementCache& q, const record::Event& e, const RoundAmended& ev);
Status apply_round_ballot_cast(StatementCache& q, const RoundBallotCast& ev);
// Publishes the vote (each workplace's pairwise tally from its published ballots) and
// empties the round's part of the sealed box.
Status apply_round_closed(StatementCache& q, BallotBox& box, const record::Event& e,
                          const RoundClosed& ev);
Status apply_round_adopted(StatementCache& q, const record::Event& e, const RoundAdopted& ev);

// The pairwise table (row-major, k x k) of ballots given as {ranks text -> count}.
std::vector<int64_t> pairwise_of(const std::map<std::string, int64_t>& ballots, size_t k);

}  // namespace collegium::federation
