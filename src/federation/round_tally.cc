#include "federation/round_tally.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "count/ballot.h"
#include "count/schulze.h"

namespace collegium::federation {

const char* round_outcome_name(RoundOutcome outcome) {
  return outcome == RoundOutcome::kAdopted ? "adopted" : "back_to_amendment";
}

Result<RoundTally> RoundTally::open(std::vector<std::string> alternatives, int32_t workplaces) {
  const auto k = static_cast<int32_t>(alternatives.size());
  if (k < 2 || k > kMaxRoundAlternatives)
    return invalid_argument(
        fmt::format("a round's ballot has the status quo and 1 to {} alternatives, not {} in all",
                    kMaxRoundAlternatives - 1, k),
        "alternatives");
  std::unordered_set<std::string> seen;
  for (size_t a = 0; a < alternatives.size(); ++a) {
    if (alternatives[a].empty())
      return invalid_argument("an alternative has no name", fmt::format("alternatives/{}", a));
    if (!seen.insert(alternatives[a]).second)
      return invalid_argument(fmt::format("\"{}\" is on the ballot twice", alternatives[a]),
                              fmt::format("alternatives/{}", a));
  }
  if (workplaces < 1) return invalid_argument("a round needs at least one workplace", "workplaces");
  RoundTally t;
  t.names_ = std::move(alternatives);
  t.k_ = k;
  t.pairwise_.assign(static_cast<size_t>(workplaces) * static_cast<size_t>(k * k), 0);
  t.ballots_.assign(static_cast<size_t>(workplaces), 0);
  return t;
}

Status RoundTally::add(int32_t workplace, std::span<const uint8_t> ranks) {
  if (workplace < 0 || static_cast<size_t>(workplace) >= ballots_.size())
    return invalid_argument(fmt::format("no workplace #{} in this round", workplace), "workplace");
  if (ranks.size() != static_cast<size_t>(k_))
    return invalid_argument(
        fmt::format("the ballot ranks {} alternatives; the round has {}", ranks.size(), k_),
        "ranks");
  uint64_t key = 0;
  for (int32_t a = 0; a < k_; ++a) {
    if (ranks[static_cast<size_t>(a)] > k_)
      return invalid_argument(
          fmt::format("rank {} for one of {} alternatives", ranks[static_cast<size_t>(a)], k_),
          fmt::format("ranks/{}", a));
    key |= static_cast<uint64_t>(ranks[static_cast<size_t>(a)]) << (4 * a);
  }
  // a is above b when a is ranked and b is unranked or ranked later; without branches,
  // so that the loop does not depend on how the ballots are shaped.
  int64_t* pw = pairwise_.data() + static_cast<size_t>(workplace) * static_cast<size_t>(k_ * k_);
  for (int32_t a = 0; a < k_; ++a) {
    const uint8_t ra = ranks[static_cast<size_t>(a)];
    int64_t* row = pw + a * k_;
    for (int32_t b = 0; b < k_; ++b) {
      const uint8_t rb = ranks[static_cast<size_t>(b)];
      row[b] += static_cast<int64_t>((ra != 0) & ((rb == 0) | (ra < rb)));
    }
  }
  ++distinct_[key];
  ++ballots_[static_cast<size_t>(workplace)];
  ++total_;
  return Status();
}

PairwiseTally RoundTally::workplace_tally(int32_t workplace) const {
  PairwiseTally t;
  t.alternatives = k_;
  t.ballots = ballots_[static_cast<size_t>(workplace)];
  const auto begin = pairwise_.begin() + static_cast<long>(workplace) * k_ * k_;
  t.prefer.assign(begin, begin + k_ * k_);
  return t;
}

Result<RoundResult> RoundTally::close(const std::vector<BodyScope>& scopes, uint64_t seed) const {
  if (total_ == 0) return failed_precondition("no ballot was cast", "ballots");
  const size_t kk = static_cast<size_t>(k_ * k_);
  for (size_t s = 0; s < scopes.size(); ++s)
    for (int32_t w : scopes[s].workplaces)
      if (w < 0 || static_cast<size_t>(w) >= ballots_.size())
        return invalid_argument(fmt::format("no workplace #{} in this round", w),
                                fmt::format("scopes/{}", scopes[s].body));
  RoundResult r;
  r.alternatives = names_;
  r.federation.alternatives = k_;
  r.federation.ballots = total_;
  r.federation.prefer.assign(kk, 0);
  for (size_t w = 0; w < ballots_.size(); ++w)
    for (size_t i = 0; i < kk; ++i) r.federation.prefer[i] += pairwise_[w * kk + i];

  // The federation's count is collegium::count's Schulze over the members' ballots, each
  // distinct ranking once with its number of ballots, in the order of their keys (so the
  // election, and the sheet, do not depend on the order the ballots arrived in).
  std::vector<std::pair<uint64_t, int64_t>> groups(distinct_.begin(), distinct_.end());
  std::sort(groups.begin(), groups.end());
  count::Election e;
  e.title = "planning round";
  e.seats = 1;
  for (const std::string& name : names_) e.add_candidate(name);
  for (const auto& [key, weight] : groups) {
    e.start_ballot(weight);
    for (int32_t rank = 1; rank <= k_; ++rank) {
      bool started = false;
      for (int32_t a = 0; a < k_; ++a) {
        if (static_cast<int32_t>((key >> (4 * a)) & 0xf) != rank) continue;
        if (!started) e.start_rank();
        started = true;
        e.add_mark(a);
      }
    }
  }
  const count::SchulzeResult s = count::schulze(e);
  // The two tallies are the same ballots read two ways; they must agree.
  for (int32_t a = 0; a < k_; ++a)
    for (int32_t b = 0; b < k_; ++b)
      if (a != b &&
          s.pairwise[static_cast<size_t>(a)][static_cast<size_t>(b)] != r.federation.at(a, b))
        return internal_error(
            fmt::format("the Schulze count and the pairwise tally disagree on {} over {}",
                        names_[a], names_[b]));
  r.strongest = s.strongest;
  r.ranking = s.ranking;
  r.sheet = TRY(count::count_schulze(e, k_, seed));
  for (const count::Decision& d : r.sheet.stages.front().decisions) r.order.push_back(d.candidate);

  for (int32_t a = 1; a < k_; ++a)
    if (r.federation.beats(a, 0)) r.beat_status_quo.push_back(a);
  // The status quo rule: the first of the order, above the status quo, that beats it.
  for (int32_t a : r.order) {
    if (a == 0) break;
    if (r.federation.beats(a, 0)) {
      r.adopted = a;
      break;
    }
  }
  if (r.adopted >= 0) {
    r.outcome = RoundOutcome::kAdopted;
    r.reason = fmt::format(
        "\"{}\" is adopted: {} ballot(s) rank it above the status quo, {} below{}",
        names_[r.adopted], r.federation.at(r.adopted, 0), r.federation.at(0, r.adopted),
        r.adopted == r.order.front() ? ""
                                     : fmt::format(" (the Schulze winner \"{}\" does not beat the "
                                                   "status quo head to head)",
                                                   names_[r.order.front()]));
  } else {
    r.outcome = RoundOutcome::kBackToAmendment;
    r.reason = r.order.front() == 0
                   ? std::string("the status quo comes first: back to amendment")
                   : fmt::format(
                         "no alternative ranked above the status quo beats it head to head: back "
                         "to amendment");
  }

  r.bodies.reserve(scopes.size());
  for (const BodyScope& scope : scopes) {
    BodyTally b;
    b.body = scope.body;
    b.scope = scope.scope;
    b.tally.alternatives = k_;
    if (scope.scope == ScopeKind::kEconomy && scope.workplaces.size() == ballots_.size()) {
      b.tally = r.federation;
    } else {
      b.tally.prefer.assign(kk, 0);
      for (int32_t w : scope.workplaces) {
        b.tally.ballots += ballots_[static_cast<size_t>(w)];
        const int64_t* pw = pairwise_.data() + static_cast<size_t>(w) * kk;
        for (size_t i = 0; i < kk; ++i) b.tally.prefer[i] += pw[i];
      }
    }
    for (int32_t a = 1; a < k_; ++a)
      if (b.tally.beats(a, 0)) b.beat_status_quo.push_back(a);
    r.bodies.push_back(std::move(b));
  }
  return r;
}

}  // namespace collegium::federation
