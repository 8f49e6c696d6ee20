#include "count/simple.h"

#include <fmt/format.h>

#include <algorithm>

#include "count/lot.h"

namespace collegium::count {

namespace {

// Elects the `seats` highest of `votes` (eligible candidates only), ties at the edge by
// lot, and builds the one-stage sheet.
Result<Sheet> top_n(const Election& e, int seats, uint64_t seed, const char* method,
                    std::vector<int64_t> votes, int64_t valid, int64_t invalid) {
  if (seats < 1)
    return invalid_argument(fmt::format("{} needs at least one seat", method), "seats");
  const size_t n = e.candidates.size();
  Sheet s = start_sheet(method, e, seats, 0, seed);
  s.valid_ballots = valid;
  s.invalid_ballots = invalid;
  Stage st;
  st.number = 1;
  st.action = "votes";
  st.value = votes;
  std::vector<int32_t> left;
  for (size_t c = 0; c < n; ++c)
    if (!e.withdrawn[c]) left.push_back(static_cast<int32_t>(c));
  if (left.empty()) return invalid_argument("there is no eligible candidate");
  Lot lot(seed);
  while (!left.empty() && s.elected.size() < static_cast<size_t>(seats)) {
    int64_t best = -1;
    for (int32_t c : left) best = std::max(best, votes[c]);
    std::vector<int32_t> top;
    for (int32_t c : left)
      if (votes[c] == best) top.push_back(c);
    const size_t room = static_cast<size_t>(seats) - s.elected.size();
    if (top.size() <= room) {
      for (int32_t c : top) {
        s.elected.push_back(c);
        st.decisions.push_back({c, true, Reason::kMostVotes, {}});
      }
    } else {
      std::vector<int32_t> drawn = top;
      lot.shuffle(drawn);
      for (size_t i = 0; i < room; ++i) {
        std::vector<int32_t> others;
        for (int32_t t : top)
          if (t != drawn[i]) others.push_back(t);
        s.elected.push_back(drawn[i]);
        st.decisions.push_back({drawn[i], true, Reason::kLot, others});
      }
    }
    for (int32_t c : top) left.erase(std::find(left.begin(), left.end(), c));
  }
  s.final_value = votes;
  s.stages.push_back(std::move(st));
  return s;
}

}  // namespace

Result<Sheet> count_plurality(const Election& e, int seats, uint64_t seed) {
  TRY(validate_election(e));
  std::vector<int64_t> votes(e.candidates.size(), 0);
  int64_t valid = 0, invalid = 0;
  for (size_t b = 0; b < e.ballot_count(); ++b) {
    int32_t choice = -1;
    for (size_t k = 0; k < e.rank_count(b); ++k) {
      auto marks = e.rank(b, k);
      if (marks.empty()) continue;
      if (marks.size() == 1 && marks[0] != kOvervote && !e.withdrawn[marks[0]]) choice = marks[0];
      break;
    }
    if (choice < 0) {
      invalid += e.weight[b];
    } else {
      votes[choice] += e.weight[b];
      valid += e.weight[b];
    }
  }
  return top_n(e, seats, seed, "plurality", std::move(votes), valid, invalid);
}

Result<Sheet> count_block(const Election& e, int seats, uint64_t seed) {
  TRY(validate_election(e));
  const size_t n = e.candidates.size();
  std::vector<int64_t> votes(n, 0);
  std::vector<uint32_t> seen(n, UINT32_MAX);
  int64_t valid = 0, invalid = 0;
  for (size_t b = 0; b < e.ballot_count(); ++b) {
    int used = 0;
    const auto stamp = static_cast<uint32_t>(b);
    for (size_t k = 0; k < e.rank_count(b); ++k) {
      auto marks = e.rank(b, k);
      if (marks.empty()) continue;
      int fresh = 0;
      bool over = false;
      for (int32_t c : marks) {
        if (c == kOvervote)
          over = true;
        else if (!e.withdrawn[c] && seen[c] != stamp)
          ++fresh;
      }
      if (over || used + fresh > seats) break;
      for (int32_t c : marks)
        if (!e.withdrawn[c] && seen[c] != stamp) {
          seen[c] = stamp;
          votes[c] += e.weight[b];
        }
      used += fresh;
    }
    (used > 0 ? valid : invalid) += e.weight[b];
  }
  return top_n(e, seats, seed, "block", std::move(votes), valid, invalid);
}

Result<Sheet> count_approval(const Election& e, int seats, uint64_t seed) {
  TRY(validate_election(e));
  const size_t n = e.candidates.size();
  std::vector<int64_t> votes(n, 0);
  std::vector<uint32_t> seen(n, UINT32_MAX);
  int64_t valid = 0, invalid = 0;
  for (size_t b = 0; b < e.ballot_count(); ++b) {
    bool any = false;
    const auto stamp = static_cast<uint32_t>(b);
    for (size_t k = 0; k < e.rank_count(b); ++k)
      for (int32_t c : e.rank(b, k))
        if (c >= 0 && !e.withdrawn[c] && seen[c] != stamp) {
          seen[c] = stamp;
          votes[c] += e.weight[b];
          any = true;
        }
    (any ? valid : invalid) += e.weight[b];
  }
  return top_n(e, seats, seed, "approval", std::move(votes), valid, invalid);
}

Result<Sheet> count_motion(const Election& e, uint64_t seed) {
  TRY(validate_election(e));
  int32_t yes = -1, no = -1;
  for (size_t c = 0; c < e.candidates.size(); ++c) {
    const std::string& name = e.candidates[c];
    if (name == "yes")
      yes = static_cast<int32_t>(c);
    else if (name == "no")
      no = static_cast<int32_t>(c);
    else if (name != "abstain")
      return invalid_argument(
          fmt::format("a motion's choices are yes, no and abstain, not \"{}\"", name),
          "candidates");
  }
  if (yes < 0 || no < 0)
    return invalid_argument("a motion's ballot file names the choices yes and no", "candidates");
  Sheet s = TRY(count_plurality(e, 1, seed));
  s.method = "motion";
  s.seats = 1;
  Stage& st = s.stages.front();
  st.decisions.clear();
  s.elected.clear();
  const int64_t y = st.value[yes], n = st.value[no];
  if (y > n) {
    s.elected.push_back(yes);
    st.decisions.push_back({yes, true, Reason::kMajority, {}});
  }
  s.notes.push_back(fmt::format("{}: yes {}, no {}; more yes than no is needed",
                                y > n ? "carried" : "not carried", y, n));
  return s;
}

Result<MotionResult> decide_motion(const MotionTally& t, const MotionRule& rule) {
  if (t.yes < 0 || t.no < 0 || t.abstain < 0) return invalid_argument("a vote count is negative");
  if (rule.quorum < 0) return invalid_argument("the quorum is negative", "quorum");
  MotionResult r;
  const int64_t cast = t.yes + t.no + t.abstain;
  r.quorum_met = cast >= rule.quorum;
  const char* rule_name = "";
  switch (rule.majority) {
    case Majority::kSimple:
      r.carried = t.yes > t.no;
      rule_name = "a simple majority (more yes than no)";
      break;
    case Majority::kAbsolute:
      r.carried = 2 * t.yes > cast;
      rule_name = "an absolute majority (yes above half of the ballots cast)";
      break;
    case Majority::kTwoThirds:
      r.carried = t.yes + t.no > 0 && 3 * t.yes >= 2 * (t.yes + t.no);
      rule_name = "a two-thirds majority (yes at least two thirds of yes and no)";
      break;
  }
  if (!r.quorum_met) {
    r.carried = false;
    r.explanation =
        fmt::format("not carried: {} ballots cast, below the quorum of {}", cast, rule.quorum);
  } else {
    r.explanation =
        fmt::format("{}: yes {}, no {}, abstain {}; {} needed",
                    r.carried ? "carried" : "not carried", t.yes, t.no, t.abstain, rule_name);
  }
  return r;
}

}  // namespace collegium::count
