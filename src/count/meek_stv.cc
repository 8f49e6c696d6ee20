#include "count/meek_stv.h"

#include <fmt/format.h>

#include <algorithm>

#include "count/decimal.h"
#include "count/lot.h"

namespace collegium::count {

namespace {

constexpr int kDecimals = 9;
constexpr int64_t kOne = 1000000000;
constexpr int64_t kOmega = 1000;  // 10^-6: the rule's surplus limit

enum Terminal : uint8_t { kToOvervotes, kToAbstentions, kToOtherExhausted };

// Ballots reduced to what Meek reads, identical ones merged; the tag says where a ballot's
// remaining weight goes once it runs out (a Terminal).
BallotGroups reduce(const Election& e, int max_well_ranked) {
  const size_t n = e.candidates.size();
  const std::vector<uint8_t> withdrawn(e.withdrawn.begin(), e.withdrawn.end());
  std::vector<uint32_t> seen(n, UINT32_MAX);
  std::vector<int32_t> seq;
  seq.reserve(n);
  BallotGrouper grouper(e.ballot_count(), e.marks.size());
  for (size_t b = 0; b < e.ballot_count(); ++b) {
    seq.clear();
    int well_ranked = 0;
    bool over = false;
    for (uint32_t r = e.ballot_begin[b]; r < e.ballot_begin[b + 1]; ++r) {
      const uint32_t m0 = e.rank_begin[r], m1 = e.rank_begin[r + 1];
      if (m0 == m1) continue;
      const int32_t c = e.marks[m0];
      if (m1 - m0 > 1 || c == kOvervote) {
        over = true;
        break;
      }
      if (seen[c] == b) continue;
      seen[c] = static_cast<uint32_t>(b);
      ++well_ranked;
      if (!withdrawn[c]) seq.push_back(c);
    }
    const uint8_t term = over                            ? kToOvervotes
                         : well_ranked < max_well_ranked ? kToAbstentions
                                                         : kToOtherExhausted;
    grouper.add(seq, term, e.weight[b]);
  }
  return std::move(grouper).take();
}

// The merged ballots as a tree of shared prefixes, in preorder. A ballot's weight after
// its first k candidates depends only on those k, so every ballot through a node passes
// the node's candidate the same amount: one multiplication per node serves them all, and
// once nothing is left at a node (a hopeful candidate keeps everything) its whole subtree
// is skipped. Early in a count that is almost every ballot past its first preference.
// Where only one distinct ballot lies below a node, the node ends the tree there and
// keeps the rest of that ballot as a tail, so that most ballots cost one node, not one per
// candidate.
struct BallotTree {
  struct Node {
    int64_t weight = 0;      // papers whose sequence starts with this node's path
    int32_t candidate = -1;  // the path's last candidate (none at the root)
    uint32_t depth = 0;      // the path's length
    uint32_t next = 0;       // the first node after this node's subtree
    uint32_t end_first = 0;  // this node's ends are [end_first, next node's end_first)
    uint32_t tail_begin = 0, tail_end = 0;  // the rest of a lone ballot, in `tail`
  };
  // nodes[0] is the root (the empty path); the last node is a sentinel that only closes
  // the end range of the one before.
  std::vector<Node> nodes;
  std::vector<int64_t> end_weight;    // papers that run out at a node (after its tail)
  std::vector<uint8_t> end_terminal;  // a Terminal each
  // The leaves' tails, in the order of the nodes, so that a pass over the tree reads them
  // in sequence too.
  std::vector<int32_t> tail;
  uint32_t max_depth = 0;
};

BallotTree build_tree(const BallotGroups& g, size_t n) {
  BallotTree t;
  // Typically about one node per group and one per branching (a long prefix shared by
  // few ballots takes more, and the vector then grows); reserved so that the nodes are
  // written once, not moved.
  t.nodes.reserve(2 * g.size() + 2);
  t.end_weight.reserve(g.size());
  t.end_terminal.reserve(g.size());
  t.tail.reserve(g.order.size());
  std::vector<uint32_t> ids(g.size()), sorted(g.size());
  for (uint32_t i = 0; i < ids.size(); ++i) ids[i] = i;
  std::vector<uint32_t> key(g.size());  // per position in ids: next candidate + 1, 0: ends
  std::vector<uint32_t> bucket(n + 2);
  // Work items, last in first out: expand the node for the path shared by ids[lo, hi) up to
  // `depth` (ending in `candidate`), or, with close set, record where node lo's subtree
  // ends.
  struct Item {
    uint32_t lo, hi, depth;
    int32_t candidate;
    bool close;
  };
  std::vector<Item> stack{{0, static_cast<uint32_t>(ids.size()), 0, -1, false}};
  while (!stack.empty()) {
    const Item it = stack.back();
    stack.pop_back();
    if (it.close) {
      t.nodes[it.lo].next = static_cast<uint32_t>(t.nodes.size());
      continue;
    }
    t.max_depth = std::max(t.max_depth, it.depth);
    if (it.hi - it.lo == 1 && it.depth > 0) {
      // One distinct ballot below here: a leaf with the rest of it as its tail.
      const uint32_t id = ids[it.lo];
      const auto node = static_cast<uint32_t>(t.nodes.size());
      const auto tail = static_cast<uint32_t>(t.tail.size());
      t.tail.insert(t.tail.end(), g.order.begin() + g.begin[id] + it.depth,
                    g.order.begin() + g.begin[id + 1]);
      t.nodes.push_back({g.weight[id], it.candidate, it.depth, node + 1,
                         static_cast<uint32_t>(t.end_weight.size()), tail,
                         static_cast<uint32_t>(t.tail.size())});
      t.end_weight.push_back(g.weight[id]);
      t.end_terminal.push_back(g.tag[id]);
      continue;
    }
    const auto node = static_cast<uint32_t>(t.nodes.size());
    BallotTree::Node nd;
    nd.candidate = it.candidate;
    nd.depth = it.depth;
    nd.end_first = static_cast<uint32_t>(t.end_weight.size());
    // Counting sort of the range by the next candidate, ballots that end here first.
    std::fill(bucket.begin(), bucket.end(), 0);
    for (uint32_t k = it.lo; k < it.hi; ++k) {
      const uint32_t id = ids[k];
      nd.weight += g.weight[id];
      const uint32_t at = g.begin[id] + it.depth;
      key[k] = at < g.begin[id + 1] ? static_cast<uint32_t>(g.order[at]) + 1 : 0;
      ++bucket[key[k] + 1];
    }
    for (size_t c = 1; c < bucket.size(); ++c) bucket[c] += bucket[c - 1];
    for (uint32_t k = it.lo; k < it.hi; ++k) sorted[it.lo + bucket[key[k]]++] = ids[k];
    std::copy(sorted.begin() + it.lo, sorted.begin() + it.hi, ids.begin() + it.lo);
    // Now bucket[c] is where key c's run ends, relative to lo.
    int64_t ends[3] = {0, 0, 0};
    for (uint32_t k = it.lo; k < it.lo + bucket[0]; ++k) ends[g.tag[ids[k]]] += g.weight[ids[k]];
    for (uint8_t term = 0; term < 3; ++term)
      if (ends[term] > 0) {
        t.end_weight.push_back(ends[term]);
        t.end_terminal.push_back(term);
      }
    t.nodes.push_back(nd);
    stack.push_back({node, 0, 0, -1, true});
    // Children, pushed last first so that they are expanded in candidate order.
    for (size_t c = n; c >= 1; --c) {
      const uint32_t lo = it.lo + bucket[c - 1], hi = it.lo + bucket[c];
      if (lo < hi) stack.push_back({lo, hi, it.depth + 1, static_cast<int32_t>(c - 1), false});
    }
  }
  BallotTree::Node sentinel;
  sentinel.end_first = static_cast<uint32_t>(t.end_weight.size());
  t.nodes.push_back(sentinel);
  return t;
}

class MeekCount {
 public:
  MeekCount(const Election& e, int seats, const MeekOptions& o)
      : e_(e), seats_(seats), opt_(o), n_(e.candidates.size()) {}

  Result<MeekResult> run();

 private:
  bool hopeful(size_t c) const { return r_.status[c].state == MeekState::kHopeful; }
  bool elected(size_t c) const { return r_.status[c].state == MeekState::kElected; }
  bool defeated(size_t c) const { return r_.status[c].state == MeekState::kDefeated; }
  int64_t quota_of(size_t c) const { return protected_[c] ? protected_quota_ : quota_; }
  bool alt_defeats_now() const {
    const size_t k = static_cast<size_t>(round_ - 1);
    return k < opt_.alternative_defeats.size() ? opt_.alternative_defeats[k]
                                               : opt_.alternative_defeats_default;
  }
  void distribute();
  template <bool kFactorsAtMostOne>
  void distribute_tree();
  void set_quota();
  std::vector<int32_t> alternative_defeats() const;
  int32_t single_defeat(std::vector<int32_t>* tied);
  void elect(int32_t c, Reason why, std::vector<Decision>* out) {
    r_.status[c].state = MeekState::kElected;
    r_.elected.push_back(c);
    out->push_back({c, true, why, {}});
  }
  void defeat(int32_t c) {
    r_.status[c].state = MeekState::kDefeated;
    kf_[c] = 0;
  }

  const Election& e_;
  const int seats_;
  const MeekOptions& opt_;
  const size_t n_;
  BallotTree tree_;
  std::vector<int64_t> left_;  // per depth: the weight a ballot has left there
  MeekResult r_;
  std::vector<bool> protected_;
  size_t protected_count_ = 0;
  std::vector<int64_t> kf_, tally_;
  std::vector<size_t> rank_in_order_;
  int64_t over_ = 0, abst_ = 0, other_ = 0, total_cand_ = 0;
  int64_t quota_ = 0, protected_quota_ = 0, quota_votes_ = 0, total_surplus_ = 0;
  int round_ = 0;
  Lot lot_{0};
};

void MeekCount::distribute() {
  std::fill(tally_.begin(), tally_.end(), 0);
  over_ = abst_ = other_ = 0;
  // With every keep factor at most 1 (the usual case), weight * factor stays below 10^18
  // and the rounding up is plain 64-bit arithmetic by a constant; otherwise the general,
  // 128-bit form.
  bool small = true;
  for (size_t c = 0; c < n_; ++c) small &= kf_[c] >= 0 && kf_[c] <= kOne;
  if (small)
    distribute_tree<true>();
  else
    distribute_tree<false>();
  total_cand_ = 0;
  for (size_t c = 0; c < n_; ++c)
    if (!defeated(c)) total_cand_ += tally_[c];
}

// Each ballot gives each candidate it reaches keep = ceil9(weight * kf) and passes the rest
// on. Defeated candidates have kf = 0, so they keep nothing and pass everything. What a
// ballot has left when it runs out goes to its terminal.
template <bool kFactorsAtMostOne>
void MeekCount::distribute_tree() {
  const BallotTree::Node* nodes = tree_.nodes.data();
  const auto count = static_cast<uint32_t>(tree_.nodes.size() - 1);  // less the sentinel
  int64_t exhausted[3] = {0, 0, 0};
  int64_t* left = left_.data();
  int64_t* tally = tally_.data();
  const int64_t* kf = kf_.data();
  const int32_t* tails = tree_.tail.data();
  left[0] = kOne;
  for (uint32_t k = nodes[0].end_first; k < nodes[1].end_first; ++k)
    exhausted[tree_.end_terminal[k]] += kOne * tree_.end_weight[k];
  for (uint32_t i = 1; i < count;) {
    const BallotTree::Node& nd = nodes[i];
    const int64_t w = left[nd.depth - 1];
    const int64_t f = kf[nd.candidate];
    const int64_t keep = kFactorsAtMostOne ? (w * f + (kOne - 1)) / kOne : mul_div_ceil(w, f, kOne);
    tally[nd.candidate] += keep * nd.weight;
    int64_t rest = w - keep;
    if (rest == 0) {
      // Nothing left to pass on below here.
      i = nd.next;
      continue;
    }
    // A leaf's tail: the same step for each candidate, stopping once nothing is left.
    const int32_t* tail = tails + nd.tail_begin;
    for (uint32_t k = 0; k < nd.tail_end - nd.tail_begin && rest != 0; ++k) {
      const int64_t t = kf[tail[k]];
      const int64_t kept =
          kFactorsAtMostOne ? (rest * t + (kOne - 1)) / kOne : mul_div_ceil(rest, t, kOne);
      tally[tail[k]] += kept * nd.weight;
      rest -= kept;
    }
    left[nd.depth] = rest;
    if (rest > 0)
      for (uint32_t k = nd.end_first; k < nodes[i + 1].end_first; ++k)
        exhausted[tree_.end_terminal[k]] += rest * tree_.end_weight[k];
    ++i;
  }
  over_ = exhausted[kToOvervotes];
  abst_ = exhausted[kToAbstentions];
  other_ = exhausted[kToOtherExhausted];
}

void MeekCount::set_quota() {
  quota_ = total_cand_ / (seats_ + 1) + 1;
  if (protected_count_ > 0) {
    protected_quota_ = quota_;
    int64_t protected_votes = 0;
    for (size_t c = 0; c < n_; ++c)
      if (protected_[c]) protected_votes += std::min(tally_[c], protected_quota_);
    quota_votes_ = total_cand_ - protected_votes;
    const int64_t unprotected_seats = seats_ - static_cast<int64_t>(protected_count_);
    quota_ = quota_votes_ / (unprotected_seats + 1) + 1;
  }
}

std::vector<int32_t> MeekCount::alternative_defeats() const {
  // Defeat every candidate below some point when, together with the total surplus, they
  // could not reach the lowest candidate above that point (reference rule, step B.3).
  std::vector<int32_t> defeatable;
  int64_t to_defeat = 0;
  for (size_t c = 0; c < n_; ++c)
    if (hopeful(c) && !protected_[c]) {
      defeatable.push_back(static_cast<int32_t>(c));
      to_defeat += *r_.status[c].votes;
    }
  std::stable_sort(defeatable.begin(), defeatable.end(),
                   [&](int32_t a, int32_t b) { return *r_.status[a].votes > *r_.status[b].votes; });
  const size_t n_elected = r_.elected.size();
  for (size_t i = 0; i < defeatable.size(); ++i) {
    const int64_t v = *r_.status[defeatable[i]].votes;
    to_defeat -= v;
    if (i + 1 + n_elected >= static_cast<size_t>(seats_) && to_defeat + total_surplus_ < v)
      return {defeatable.begin() + static_cast<long>(i) + 1, defeatable.end()};
  }
  return {};
}

int32_t MeekCount::single_defeat(std::vector<int32_t>* tied) {
  int64_t low = INT64_MAX;
  for (size_t c = 0; c < n_; ++c)
    if (hopeful(c) && !protected_[c]) low = std::min(low, *r_.status[c].votes);
  if (low == INT64_MAX) return -1;
  for (size_t c = 0; c < n_; ++c)
    if (hopeful(c) && !protected_[c] && *r_.status[c].votes <= low + total_surplus_)
      tied->push_back(static_cast<int32_t>(c));
  int32_t best = (*tied)[0];
  for (int32_t c : *tied)
    if (rank_in_order_[c] < rank_in_order_[best]) best = c;
  return best;
}

Result<MeekResult> MeekCount::run() {
  if (seats_ < 1) return invalid_argument("Meek STV needs at least one seat", "seats");
  TRY(validate_election(e_));
  protected_.assign(n_, false);
  for (int32_t c : opt_.protected_candidates) {
    if (c < 0 || static_cast<size_t>(c) >= n_)
      return invalid_argument("a protected candidate is not a candidate", "protected");
    if (e_.withdrawn[c])
      return invalid_argument(
          fmt::format("candidate \"{}\" cannot be both protected and withdrawn", e_.candidates[c]),
          "protected");
    if (!protected_[c]) ++protected_count_;
    protected_[c] = true;
  }
  if (protected_count_ > static_cast<size_t>(seats_))
    return invalid_argument("more protected candidates than seats", "protected");
  if (opt_.max_ranking_levels < 0)
    return invalid_argument("max_ranking_levels cannot be negative", "max_ranking_levels");

  // The tie break order: the given one, then any candidates it omits in an order drawn
  // by lot.
  lot_ = Lot(opt_.seed);
  std::vector<bool> listed(n_, false);
  for (int32_t c : opt_.tie_break_order) {
    if (c < 0 || static_cast<size_t>(c) >= n_ || listed[c])
      return invalid_argument("the tie break order must name each candidate at most once",
                              "tie_break_order");
    listed[c] = true;
    r_.tie_break_order.push_back(c);
  }
  std::vector<int32_t> rest;
  for (size_t c = 0; c < n_; ++c)
    if (!listed[c]) rest.push_back(static_cast<int32_t>(c));
  lot_.shuffle(rest);
  r_.tie_break_order.insert(r_.tie_break_order.end(), rest.begin(), rest.end());
  rank_in_order_.assign(n_, 0);
  for (size_t i = 0; i < r_.tie_break_order.size(); ++i) rank_in_order_[r_.tie_break_order[i]] = i;

  const int max_levels = opt_.max_ranking_levels > 0
                             ? std::min<int>(opt_.max_ranking_levels, static_cast<int>(n_))
                             : static_cast<int>(n_);
  tree_ = build_tree(reduce(e_, max_levels), n_);
  left_.assign(tree_.max_depth + 1, 0);
  r_.status.assign(n_, MeekStatus{});
  kf_.assign(n_, kOne);
  tally_.assign(n_, 0);
  for (size_t c = 0; c < n_; ++c) {
    r_.status[c].keep_factor = kOne;
    r_.status[c].is_protected = protected_[c];
    if (e_.withdrawn[c]) {
      r_.status[c].state = MeekState::kDefeated;
      r_.status[c].excluded = true;
    }
  }

  std::vector<int32_t> defeat_now;
  bool new_elected = false;
  for (;;) {
    if (round_ > 0 || !opt_.always_count_votes) {
      // Step B.1: is the count complete?
      size_t n_hopeful = 0, n_elected = r_.elected.size(), n_elected_or_protected = 0;
      for (size_t c = 0; c < n_; ++c) {
        n_hopeful += hopeful(c);
        n_elected_or_protected += elected(c) || protected_[c];
      }
      if (n_elected_or_protected == static_cast<size_t>(seats_) ||
          n_hopeful + n_elected <= static_cast<size_t>(seats_)) {
        if (n_elected_or_protected < static_cast<size_t>(seats_)) {
          for (size_t c = 0; c < n_; ++c)
            if (hopeful(c)) elect(static_cast<int32_t>(c), Reason::kLastSeats, &r_.final_decisions);
        } else {
          for (size_t c = 0; c < n_; ++c)
            if (hopeful(c) && protected_[c])
              elect(static_cast<int32_t>(c), Reason::kLastSeats, &r_.final_decisions);
          for (size_t c = 0; c < n_; ++c)
            if (hopeful(c)) {
              defeat(static_cast<int32_t>(c));
              r_.final_decisions.push_back(
                  {static_cast<int32_t>(c), false, Reason::kRemaining, {}});
            }
        }
        return std::move(r_);
      }
    }
    ++round_;
    if (static_cast<size_t>(round_) > n_ + 2)
      return internal_error("Meek STV: the count needs more rounds than candidates allow");
    MeekRound round;
    std::optional<int64_t> prev_surplus;
    int iteration = 0;
    defeat_now.clear();
    for (;;) {
      ++iteration;
      distribute();
      set_quota();
      for (size_t c = 0; c < n_; ++c) {
        if (hopeful(c)) {
          r_.status[c].round = round_;
          r_.status[c].votes = tally_[c];
        }
        r_.status[c].keep_factor = kf_[c];
      }
      // Step B.2.c: who reached the quota, highest first.
      std::vector<int32_t> reached;
      for (size_t c = 0; c < n_; ++c)
        if (hopeful(c) && tally_[c] >= quota_of(c)) reached.push_back(static_cast<int32_t>(c));
      std::stable_sort(reached.begin(), reached.end(),
                       [&](int32_t a, int32_t b) { return tally_[a] > tally_[b]; });
      for (int32_t c : reached) elect(c, Reason::kQuota, &round.decisions);
      new_elected = !reached.empty();
      total_surplus_ = 0;
      for (size_t c = 0; c < n_; ++c)
        if (elected(c)) total_surplus_ += tally_[c] - quota_of(c);
      if (new_elected) break;
      const bool alt = alt_defeats_now();
      if (alt && opt_.alternative_defeats_timing == AltDefeatTiming::kIfNoNewElecteds) {
        defeat_now = alternative_defeats();
        if (!defeat_now.empty()) break;
      }
      if (total_surplus_ < kOmega) break;
      if (prev_surplus && total_surplus_ >= *prev_surplus) break;
      if (alt && opt_.alternative_defeats_timing == AltDefeatTiming::kPerReferenceRule) {
        defeat_now = alternative_defeats();
        if (!defeat_now.empty()) break;
      }
      // Step B.2.f: new keep factors for the elected.
      for (size_t c = 0; c < n_; ++c)
        if (elected(c))
          kf_[c] = mul_div_ceil(mul_div_ceil(kf_[c], quota_of(c), kOne), kOne, tally_[c]);
      prev_surplus = total_surplus_;
    }
    round.votes.assign(n_, std::nullopt);
    for (size_t c = 0; c < n_; ++c)
      if (!defeated(c)) round.votes[c] = tally_[c];
    round.overvotes = over_;
    round.abstentions = abst_;
    round.other_exhausted = other_;
    round.votes_for_candidates = total_cand_;
    round.total_votes = total_cand_ + over_ + abst_ + other_;
    round.quota = quota_;
    if (protected_count_ > 0) {
      round.protected_quota = protected_quota_;
      round.quota_votes = quota_votes_;
    }
    round.total_surplus = total_surplus_;
    round.iterations = iteration;
    round.keep_factor = kf_;
    if (!new_elected) {
      if (alt_defeats_now() &&
          opt_.alternative_defeats_timing == AltDefeatTiming::kBeforeSingleDefeats)
        defeat_now = alternative_defeats();
      if (!defeat_now.empty()) {
        for (int32_t c : defeat_now) {
          defeat(c);
          round.decisions.push_back({c, false, Reason::kBatch, {}});
        }
      } else {
        std::vector<int32_t> tied;
        const int32_t c = single_defeat(&tied);
        if (c >= 0) {
          defeat(c);
          std::vector<int32_t> others;
          for (int32_t t : tied)
            if (t != c) others.push_back(t);
          round.decisions.push_back(
              {c, false, others.empty() ? Reason::kLowest : Reason::kTieBreakOrder, others});
        }
      }
    }
    r_.rounds.push_back(std::move(round));
  }
}

}  // namespace

Result<MeekResult> run_meek_stv(const Election& e, int seats, const MeekOptions& options) {
  MeekCount count(e, seats, options);
  return count.run();
}

Result<Sheet> count_meek_stv(const Election& e, int seats, const MeekOptions& options) {
  MeekResult r = TRY(run_meek_stv(e, seats, options));
  const size_t n = e.candidates.size();
  Sheet s = start_sheet("meek-stv", e, seats, kDecimals, options.seed);
  s.elected = r.elected;
  int64_t invalid = 0;
  s.valid_ballots = e.total_weight() * kOne;
  s.invalid_ballots = invalid;
  std::vector<int64_t> last(n, 0);
  for (size_t k = 0; k < r.rounds.size(); ++k) {
    const MeekRound& mr = r.rounds[k];
    Stage st;
    st.number = static_cast<int>(k) + 1;
    st.action = k == 0 ? "round 1 (first preferences)" : fmt::format("round {}", k + 1);
    st.value.assign(n, 0);
    for (size_t c = 0; c < n; ++c) st.value[c] = mr.votes[c].value_or(0);
    if (k > 0) {
      st.transfer.assign(n, 0);
      for (size_t c = 0; c < n; ++c) st.transfer[c] = st.value[c] - last[c];
    }
    last = st.value;
    st.non_transferable = mr.overvotes + mr.abstentions + mr.other_exhausted;
    st.quota = mr.quota;
    st.decisions = mr.decisions;
    Json kf = Json::object();
    for (size_t c = 0; c < n; ++c)
      if (mr.votes[c]) kf[e.candidates[c]] = format_fixed(mr.keep_factor[c], kDecimals);
    st.details = {{"iterations", mr.iterations},
                  {"total_surplus", format_fixed(mr.total_surplus, kDecimals)},
                  {"overvotes", format_fixed(mr.overvotes, kDecimals)},
                  {"abstentions", format_fixed(mr.abstentions, kDecimals)},
                  {"other_exhausted", format_fixed(mr.other_exhausted, kDecimals)},
                  {"keep_factors", kf}};
    if (mr.protected_quota) {
      st.details["protected_quota"] = format_fixed(*mr.protected_quota, kDecimals);
      st.details["quota_votes"] = format_fixed(*mr.quota_votes, kDecimals);
    }
    s.stages.push_back(std::move(st));
  }
  if (!r.final_decisions.empty()) {
    if (s.stages.empty()) {
      Stage st;
      st.number = 1;
      st.action = "no count needed";
      st.value.assign(n, 0);
      s.stages.push_back(std::move(st));
    }
    auto& d = s.stages.back().decisions;
    d.insert(d.end(), r.final_decisions.begin(), r.final_decisions.end());
  }
  if (!r.rounds.empty()) s.quota = r.rounds.back().quota;
  s.final_value = last;
  Json order = Json::array();
  for (int32_t c : r.tie_break_order) order.push_back(e.candidates[c]);
  s.details = {{"tie_break_order", order}};
  if (!options.protected_candidates.empty()) {
    Json p = Json::array();
    for (int32_t c : options.protected_candidates) p.push_back(e.candidates[c]);
    s.details["protected"] = p;
  }
  return s;
}

}  // namespace collegium::count
