#include "count/scottish_stv.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "count/decimal.h"
#include "count/lot.h"
#include "count/tie.h"

namespace collegium::count {

namespace {

constexpr int kDecimals = 5;
constexpr int64_t kUnit = 100000;

// A bundle of identical papers: `count` papers of strict ballot group `group`, currently
// with the candidate at position `pos` of that group's order, each worth `value`.
struct Paper {
  uint32_t group;
  uint32_t pos;
  int64_t value;
  int64_t count;
};

enum class State : uint8_t { kContinuing, kElected, kExcluded, kWithdrawn };

class ScottishCount {
 public:
  ScottishCount(const Election& e, int seats, const ScottishStvOptions& o)
      : e_(e), seats_(seats), opt_(o), lot_(o.seed), n_(e.candidates.size()) {}

  Result<Sheet> run();

 private:
  size_t elected_count() const { return sheet_.elected.size(); }
  int seats_left() const { return seats_ - static_cast<int>(elected_count()); }
  std::vector<int32_t> continuing() const {
    std::vector<int32_t> out;
    for (size_t c = 0; c < n_; ++c)
      if (state_[c] == State::kContinuing) out.push_back(static_cast<int32_t>(c));
    return out;
  }
  // Seats a category still needs, and its candidates still in the running.
  int shortfall(size_t k) const;
  int continuing_in(size_t k) const;
  int total_shortfall() const;

  // Moves a paper on to its next continuing candidate; -1 when it has none.
  int32_t advance(Paper& p) const {
    const uint32_t b = sb_.begin[p.group], end = sb_.begin[p.group + 1];
    for (uint32_t i = b + p.pos + 1; i < end; ++i) {
      const int32_t c = sb_.order[i];
      if (state_[c] == State::kContinuing) {
        p.pos = i - b;
        return c;
      }
    }
    return -1;
  }

  void elect(int32_t c, Reason reason, Stage& st, std::vector<int32_t> tied = {}) {
    state_[c] = State::kElected;
    sheet_.elected.push_back(c);
    st.decisions.push_back({c, true, reason, std::move(tied)});
  }
  void elect_reached(Stage& st);
  void transfer_surplus(int32_t c, Stage& st);
  void exclude(const std::vector<int32_t>& xs, Stage& st);
  // Orders `cands` by value (highest first), breaking ties by history then lot; records
  // how each tie was broken in `reasons`.
  std::vector<int32_t> order_by_value(std::vector<int32_t> cands, std::vector<Reason>* reasons,
                                      std::vector<std::vector<int32_t>>* tied);
  int32_t pick(std::vector<int32_t> tied, bool lowest, Reason* how);
  void push_stage(Stage st) {
    st.number = static_cast<int>(sheet_.stages.size()) + 1;
    st.value = value_;
    st.transfer.assign(n_, 0);
    if (!sheet_.stages.empty())
      for (size_t c = 0; c < n_; ++c) st.transfer[c] = value_[c] - sheet_.stages.back().value[c];
    else
      st.transfer.clear();
    st.non_transferable = non_transferable_;
    st.loss = loss_;
    sheet_.stages.push_back(std::move(st));
  }

  const Election& e_;
  const int seats_;
  const ScottishStvOptions& opt_;
  Lot lot_;
  const size_t n_;
  StrictBallots sb_;
  std::vector<State> state_;
  std::vector<int> category_;  // per candidate, -1 when none
  std::vector<std::vector<Paper>> piles_;
  std::vector<int64_t> value_;
  std::vector<bool> surplus_done_;
  int64_t quota_ = 0, non_transferable_ = 0, loss_ = 0;
  Sheet sheet_;
};

int ScottishCount::shortfall(size_t k) const {
  int got = 0;
  for (int32_t m : opt_.constraints.categories[k].members)
    if (state_[m] == State::kElected) ++got;
  return std::max(0, opt_.constraints.categories[k].minimum - got);
}

int ScottishCount::continuing_in(size_t k) const {
  int n = 0;
  for (int32_t m : opt_.constraints.categories[k].members)
    if (state_[m] == State::kContinuing) ++n;
  return n;
}

int ScottishCount::total_shortfall() const {
  int t = 0;
  for (size_t k = 0; k < opt_.constraints.categories.size(); ++k) t += shortfall(k);
  return t;
}

int32_t ScottishCount::pick(std::vector<int32_t> tied, bool lowest, Reason* how) {
  if (tied.size() == 1) return tied[0];
  tied = narrow_by_history(sheet_.stages, std::move(tied), lowest);
  if (tied.size() == 1) {
    *how = Reason::kEarlierStage;
    return tied[0];
  }
  *how = Reason::kLot;
  std::sort(tied.begin(), tied.end());
  return lot_.pick(tied);
}

std::vector<int32_t> ScottishCount::order_by_value(std::vector<int32_t> cands,
                                                   std::vector<Reason>* reasons,
                                                   std::vector<std::vector<int32_t>>* tied) {
  std::vector<int32_t> out;
  while (!cands.empty()) {
    int64_t best = -1;
    for (int32_t c : cands) best = std::max(best, value_[c]);
    std::vector<int32_t> top;
    for (int32_t c : cands)
      if (value_[c] == best) top.push_back(c);
    Reason how = Reason::kQuota;
    const int32_t c = pick(top, false, &how);
    std::vector<int32_t> others;
    if (top.size() > 1)
      for (int32_t t : top)
        if (t != c) others.push_back(t);
    out.push_back(c);
    reasons->push_back(how);
    tied->push_back(std::move(others));
    cands.erase(std::find(cands.begin(), cands.end(), c));
  }
  return out;
}

void ScottishCount::elect_reached(Stage& st) {
  std::vector<int32_t> reached;
  for (size_t c = 0; c < n_; ++c)
    if (state_[c] == State::kContinuing && value_[c] >= quota_)
      reached.push_back(static_cast<int32_t>(c));
  std::vector<Reason> how;
  std::vector<std::vector<int32_t>> tied;
  const auto ordered = order_by_value(reached, &how, &tied);
  for (size_t i = 0; i < ordered.size(); ++i) {
    const int32_t c = ordered[i];
    if (seats_left() == 0) break;
    // Constrained STV: a candidate outside every category that still needs seats may not
    // take a seat that those categories need (docs/count.md).
    if (!opt_.constraints.empty()) {
      const int k = category_[c];
      const bool helps = k >= 0 && shortfall(static_cast<size_t>(k)) > 0;
      if (!helps && total_shortfall() >= seats_left()) {
        st.notes.push_back(fmt::format(
            "{} reached the quota but is not elected: the {} seats left are needed to meet "
            "the category minimums",
            e_.candidates[c], seats_left()));
        continue;
      }
    }
    elect(c, Reason::kQuota, st, tied[i]);
    if (how[i] != Reason::kQuota)
      st.notes.push_back(fmt::format("order of election of {} among equal values decided by {}",
                                     e_.candidates[c], reason_name(how[i])));
  }
}

void ScottishCount::transfer_surplus(int32_t c, Stage& st) {
  const int64_t total = value_[c];
  const int64_t surplus = total - quota_;
  std::map<int64_t, std::pair<int64_t, int64_t>> by_value;  // V -> (transfer value, papers)
  int64_t moved = 0, lost_nt = 0;
  std::vector<Paper> pile = std::move(piles_[c]);
  piles_[c].clear();
  for (Paper p : pile) {
    auto it = by_value.find(p.value);
    if (it == by_value.end())
      it = by_value.emplace(p.value, std::make_pair(mul_div_floor(surplus, p.value, total), 0))
               .first;
    it->second.second += p.count;
    p.value = it->second.first;
    const int32_t to = advance(p);
    const int64_t v = p.value * p.count;
    if (to < 0) {
      lost_nt += v;
    } else {
      value_[to] += v;
      moved += v;
      if (p.value > 0) piles_[to].push_back(p);
    }
  }
  value_[c] = quota_;
  non_transferable_ += lost_nt;
  loss_ += surplus - moved - lost_nt;
  surplus_done_[c] = true;
  st.action = fmt::format("surplus of {}", e_.candidates[c]);
  if (by_value.size() == 1) st.transfer_value = by_value.begin()->second.first;
  Json tvs = Json::array();
  for (const auto& [v, tv] : by_value)
    tvs.push_back({{"value_received", format_fixed(v, kDecimals)},
                   {"transfer_value", format_fixed(tv.first, kDecimals)},
                   {"papers", tv.second}});
  st.details = {{"surplus", format_fixed(surplus, kDecimals)}, {"transfer_values", tvs}};
}

void ScottishCount::exclude(const std::vector<int32_t>& xs, Stage& st) {
  for (int32_t x : xs) state_[x] = State::kExcluded;
  int64_t papers = 0;
  for (int32_t x : xs) {
    std::vector<Paper> pile = std::move(piles_[x]);
    piles_[x].clear();
    for (Paper p : pile) {
      papers += p.count;
      const int32_t to = advance(p);
      const int64_t v = p.value * p.count;
      if (to < 0) {
        non_transferable_ += v;
      } else {
        value_[to] += v;
        piles_[to].push_back(p);
      }
    }
    value_[x] = 0;
  }
  std::string names;
  for (size_t i = 0; i < xs.size(); ++i) names += (i ? ", " : "") + e_.candidates[xs[i]];
  st.action = fmt::format("exclusion of {}", names);
  st.details = {{"papers", papers}};
}

Result<Sheet> ScottishCount::run() {
  if (seats_ < 1) return invalid_argument("Scottish STV needs at least one seat", "seats");
  TRY(validate_election(e_));
  TRY(check_constraints(opt_.constraints, e_, seats_));
  state_.assign(n_, State::kContinuing);
  category_.assign(n_, -1);
  for (size_t k = 0; k < opt_.constraints.categories.size(); ++k)
    for (int32_t m : opt_.constraints.categories[k].members) category_[m] = static_cast<int>(k);
  size_t eligible = 0;
  for (size_t c = 0; c < n_; ++c) {
    if (e_.withdrawn[c])
      state_[c] = State::kWithdrawn;
    else
      ++eligible;
  }
  if (eligible == 0) return invalid_argument("there is no eligible candidate");
  sheet_ = start_sheet("scottish-stv", e_, seats_, kDecimals, opt_.seed);
  for (const Category& cat : opt_.constraints.categories)
    sheet_.notes.push_back(
        fmt::format("category \"{}\" must have at least {} seats", cat.name, cat.minimum));

  sb_ = strict_ballots(e_, StrictReading{.skipped_rank_ends_ballot = true});
  piles_.assign(n_, {});
  value_.assign(n_, 0);
  surplus_done_.assign(n_, false);
  int64_t valid = 0;
  for (size_t g = 0; g < sb_.size(); ++g) {
    const int32_t c = sb_.order[sb_.begin[g]];
    piles_[c].push_back({static_cast<uint32_t>(g), 0, kUnit, sb_.weight[g]});
    value_[c] += sb_.weight[g] * kUnit;
    valid += sb_.weight[g];
  }
  sheet_.valid_ballots = valid * kUnit;
  sheet_.invalid_ballots = sb_.invalid;
  quota_ = (valid / (seats_ + 1) + 1) * kUnit;
  sheet_.quota = quota_;

  Stage first;
  first.action = "first preferences";
  elect_reached(first);
  push_stage(std::move(first));

  while (seats_left() > 0) {
    Stage st;
    auto cont = continuing();
    if (cont.empty()) {
      sheet_.notes.push_back(
          fmt::format("{} seats left unfilled: no candidate continues", seats_left()));
      break;
    }
    if (static_cast<int>(cont.size()) <= seats_left()) {
      st.action = "last seats";
      std::vector<Reason> how;
      std::vector<std::vector<int32_t>> tied;
      const auto ordered = order_by_value(cont, &how, &tied);
      for (size_t i = 0; i < ordered.size(); ++i) {
        elect(ordered[i], Reason::kLastSeats, st, tied[i]);
        // All of them are elected; the sheet still says how their order was settled.
        if (how[i] != Reason::kQuota)
          st.notes.push_back(fmt::format("order of election of {} among equal values decided by {}",
                                         e_.candidates[ordered[i]], reason_name(how[i])));
      }
      push_stage(std::move(st));
      break;
    }
    // Constrained STV: when the seats left are exactly what the categories still need,
    // nobody outside those categories can be elected any more.
    std::vector<int32_t> forced;
    if (!opt_.constraints.empty() && total_shortfall() == seats_left()) {
      for (int32_t c : cont) {
        const int k = category_[c];
        if (k < 0 || shortfall(static_cast<size_t>(k)) == 0) forced.push_back(c);
      }
    }
    if (!forced.empty()) {
      exclude(forced, st);
      for (int32_t x : forced) st.decisions.push_back({x, false, Reason::kConstraint, {}});
    } else {
      // The largest untransferred surplus, if any.
      int64_t best = 0;
      std::vector<int32_t> top;
      for (size_t c = 0; c < n_; ++c) {
        if (state_[c] != State::kElected || surplus_done_[c]) continue;
        const int64_t s = value_[c] - quota_;
        if (s <= 0) continue;
        if (s > best) {
          best = s;
          top.clear();
        }
        if (s == best) top.push_back(static_cast<int32_t>(c));
      }
      if (!top.empty()) {
        Reason how = Reason::kQuota;
        const int32_t c = pick(top, false, &how);
        transfer_surplus(c, st);
        if (top.size() > 1)
          st.notes.push_back(fmt::format("equal surpluses: {} first, decided by {}",
                                         e_.candidates[c], reason_name(how)));
      } else {
        // Exclude the lowest continuing candidate whose exclusion leaves every category
        // enough candidates to meet its minimum.
        std::vector<int32_t> excludable;
        for (int32_t c : cont) {
          const int k = category_[c];
          if (k >= 0 &&
              continuing_in(static_cast<size_t>(k)) - 1 < shortfall(static_cast<size_t>(k)))
            continue;
          excludable.push_back(c);
        }
        int64_t low = INT64_MAX, overall_low = INT64_MAX;
        for (int32_t c : cont) overall_low = std::min(overall_low, value_[c]);
        for (int32_t c : excludable) low = std::min(low, value_[c]);
        std::vector<int32_t> tied;
        for (int32_t c : excludable)
          if (value_[c] == low) tied.push_back(c);
        Reason how = Reason::kLowest;
        const int32_t x = pick(tied, true, &how);
        exclude({x}, st);
        std::vector<int32_t> others;
        for (int32_t t : tied)
          if (t != x) others.push_back(t);
        st.decisions.push_back({x, false, how, others});
        if (low != overall_low)
          st.notes.push_back("candidates with fewer votes are kept to meet a category minimum");
      }
    }
    elect_reached(st);
    push_stage(std::move(st));
  }
  sheet_.final_value = value_;
  return std::move(sheet_);
}

}  // namespace

Result<Sheet> count_scottish_stv(const Election& e, int seats, const ScottishStvOptions& options) {
  ScottishCount count(e, seats, options);
  return count.run();
}

}  // namespace collegium::count
