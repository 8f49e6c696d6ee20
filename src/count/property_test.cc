// Properties every count must have, checked on random elections (rapidcheck).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <numeric>

#include "count/irv.h"
#include "count/meek_stv.h"
#include "count/methods.h"
#include "count/scottish_stv.h"

namespace collegium::count {
namespace {

struct Generated {
  Election e;
  int seats = 1;
};

// A random election: 2-8 candidates, 1-60 ballots ranking a random prefix of a random
// order, sometimes with an equal or skipped rank, weights 1-4; a few withdrawn.
Generated gen_election(bool with_odd_ranks) {
  Generated g;
  const int n = *rc::gen::inRange(2, 9);
  for (int c = 0; c < n; ++c) g.e.add_candidate("c" + std::to_string(c));
  const int ballots = *rc::gen::inRange(1, 61);
  for (int b = 0; b < ballots; ++b) {
    std::vector<int32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    for (int i = n - 1; i > 0; --i) std::swap(order[i], order[*rc::gen::inRange(0, i + 1)]);
    const int len = *rc::gen::inRange(1, n + 1);
    std::vector<std::vector<int32_t>> ranks;
    for (int i = 0; i < len; ++i) {
      if (with_odd_ranks && i + 1 < len && *rc::gen::inRange(0, 12) == 0) {
        ranks.push_back({order[i], order[i + 1]});
        ++i;
      } else if (with_odd_ranks && *rc::gen::inRange(0, 15) == 0) {
        ranks.push_back({});
      } else {
        ranks.push_back({order[i]});
      }
    }
    g.e.add_ballot(*rc::gen::inRange(1, 5), ranks);
  }
  g.seats = *rc::gen::inRange(1, n);
  return g;
}

bool used_lot(const Sheet& s) {
  for (const Stage& st : s.stages)
    for (const Decision& d : st.decisions)
      if (d.reason == Reason::kLot || d.reason == Reason::kTieBreakOrder) return true;
  for (const Stage& st : s.stages)
    for (const auto& n : st.notes)
      if (n.find("lot") != std::string::npos) return true;
  return false;
}

void check_conserved(const Sheet& s) {
  for (const Stage& st : s.stages) {
    int64_t total = st.non_transferable + st.loss;
    for (int64_t v : st.value) total += v;
    RC_ASSERT(total == s.valid_ballots);
    RC_ASSERT(st.loss >= 0);
  }
}

// The same election with candidates renumbered by `perm` (old index -> new index).
Election permuted(const Election& e, const std::vector<int32_t>& perm) {
  Election out;
  out.seats = e.seats;
  out.candidates.resize(e.candidates.size());
  out.withdrawn.resize(e.candidates.size());
  for (size_t c = 0; c < e.candidates.size(); ++c) {
    out.candidates[perm[c]] = e.candidates[c];
    out.withdrawn[perm[c]] = e.withdrawn[c];
  }
  for (size_t b = 0; b < e.ballot_count(); ++b) {
    auto ranks = ballot_ranks(e, b);
    for (auto& r : ranks)
      for (auto& m : r)
        if (m >= 0) m = perm[m];
    out.add_ballot(e.weight[b], ranks);
  }
  return out;
}

// The same ballots one paper per line, in a random order.
Election split_and_shuffled(const Election& e) {
  std::vector<size_t> papers;
  for (size_t b = 0; b < e.ballot_count(); ++b)
    for (int64_t k = 0; k < e.weight[b]; ++k) papers.push_back(b);
  for (size_t i = papers.size(); i > 1; --i)
    std::swap(papers[i - 1], papers[*rc::gen::inRange<size_t>(0, i)]);
  Election out;
  out.seats = e.seats;
  out.candidates = e.candidates;
  out.withdrawn = e.withdrawn;
  for (size_t b : papers) out.add_ballot(1, ballot_ranks(e, b));
  return out;
}

std::vector<std::string> elected_names(const Sheet& s) {
  std::vector<std::string> out;
  for (int32_t c : s.elected) out.push_back(s.candidates[c]);
  return out;
}

RC_GTEST_PROP(ScottishStvProperty, ConservesValueAndFillsTheSeats, ()) {
  auto g = gen_election(true);
  auto s = count_scottish_stv(g.e, g.seats, {.seed = *rc::gen::arbitrary<uint64_t>()});
  RC_ASSERT(s.ok());
  check_conserved(*s);
  RC_ASSERT(s->elected.size() == static_cast<size_t>(g.seats));
  std::set<int32_t> distinct(s->elected.begin(), s->elected.end());
  RC_ASSERT(distinct.size() == s->elected.size());
}

RC_GTEST_PROP(ScottishStvProperty, RenamingCandidatesRenamesTheResult, ()) {
  auto g = gen_election(false);
  const size_t n = g.e.candidates.size();
  std::vector<int32_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  for (size_t i = n - 1; i > 0; --i) std::swap(perm[i], perm[*rc::gen::inRange<size_t>(0, i + 1)]);
  auto a = count_scottish_stv(g.e, g.seats, {});
  RC_ASSERT(a.ok());
  RC_PRE(!used_lot(*a));  // a draw by lot may fall differently on other numbers
  auto b = count_scottish_stv(permuted(g.e, perm), g.seats, {});
  RC_ASSERT(b.ok());
  RC_ASSERT(elected_names(*a) == elected_names(*b));
  // And plain renaming (same numbers, new names) changes nothing but the names.
  Election renamed = g.e;
  for (auto& name : renamed.candidates) name = "new " + name;
  auto c = count_scottish_stv(renamed, g.seats, {});
  RC_ASSERT(c.ok());
  RC_ASSERT(c->elected == a->elected);
}

RC_GTEST_PROP(ScottishStvProperty, OrderAndGroupingOfBallotsChangeNothing, ()) {
  auto g = gen_election(true);
  const uint64_t seed = *rc::gen::arbitrary<uint64_t>();
  auto a = count_scottish_stv(g.e, g.seats, {.seed = seed});
  auto b = count_scottish_stv(split_and_shuffled(g.e), g.seats, {.seed = seed});
  RC_ASSERT(a.ok() && b.ok());
  RC_ASSERT(dump_json(sheet_to_json(*a)) == dump_json(sheet_to_json(*b)));
}

RC_GTEST_PROP(ScottishStvProperty, CategoryMinimumHoldsWhenFeasible, ()) {
  auto g = gen_election(true);
  const int n = static_cast<int>(g.e.candidates.size());
  // Up to two disjoint categories with random members and feasible minimums.
  std::vector<int> owner(n);
  for (int c = 0; c < n; ++c) owner[c] = *rc::gen::inRange(-1, 2);
  ScottishStvOptions o;
  o.seed = *rc::gen::arbitrary<uint64_t>();
  int budget = g.seats;
  for (int k = 0; k < 2; ++k) {
    Category cat{"k" + std::to_string(k), {}, 0};
    for (int c = 0; c < n; ++c)
      if (owner[c] == k) cat.members.push_back(c);
    const int most = std::min<int>(budget, static_cast<int>(cat.members.size()));
    cat.minimum = *rc::gen::inRange(0, most + 1);
    budget -= cat.minimum;
    o.constraints.categories.push_back(cat);
  }
  auto s = count_scottish_stv(g.e, g.seats, o);
  RC_ASSERT(s.ok());
  check_conserved(*s);
  RC_ASSERT(s->elected.size() == static_cast<size_t>(g.seats));
  for (const Category& cat : o.constraints.categories) {
    int got = 0;
    for (int32_t c : s->elected) got += std::count(cat.members.begin(), cat.members.end(), c) > 0;
    RC_ASSERT(got >= cat.minimum);
  }
}

RC_GTEST_PROP(MeekProperty, ConservesValueAndFillsTheSeats, ()) {
  auto g = gen_election(true);
  auto s = count_meek_stv(g.e, g.seats, {.seed = *rc::gen::arbitrary<uint64_t>()});
  RC_ASSERT(s.ok());
  check_conserved(*s);
  RC_ASSERT(s->elected.size() == static_cast<size_t>(g.seats));
}

RC_GTEST_PROP(MeekProperty, OrderAndGroupingOfBallotsChangeNothing, ()) {
  auto g = gen_election(true);
  const uint64_t seed = *rc::gen::arbitrary<uint64_t>();
  auto a = count_meek_stv(g.e, g.seats, {.seed = seed});
  auto b = count_meek_stv(split_and_shuffled(g.e), g.seats, {.seed = seed});
  RC_ASSERT(a.ok() && b.ok());
  RC_ASSERT(dump_json(sheet_to_json(*a)) == dump_json(sheet_to_json(*b)));
}

RC_GTEST_PROP(IrvProperty, ConservesBallotsAndElectsOne, ()) {
  auto g = gen_election(true);
  auto s = count_irv(g.e, {.seed = *rc::gen::arbitrary<uint64_t>()});
  RC_ASSERT(s.ok());
  check_conserved(*s);
  RC_ASSERT(s->elected.size() == 1u);
  RC_ASSERT(s->valid_ballots + s->invalid_ballots == g.e.total_weight());
  auto b = count_irv(split_and_shuffled(g.e), {.seed = s->seed});
  RC_ASSERT(b.ok());
  RC_ASSERT(b->elected == s->elected);
}

RC_GTEST_PROP(MethodsProperty, EveryMethodFillsTheSeatsItCan, ()) {
  auto g = gen_election(true);
  for (const auto& name : method_names()) {
    const Method m = *parse_method(name);
    if (m == Method::kMotion) continue;  // counts yes and no only, not candidates
    const int seats = m == Method::kIrv ? 1 : g.seats;
    auto s = count_election(g.e, {.method = m, .seats = seats});
    RC_ASSERT(s.ok());
    RC_ASSERT(s->elected.size() == static_cast<size_t>(seats));
    RC_ASSERT(canonical_json(sheet_to_json(*s)).ok());
  }
}

}  // namespace
}  // namespace collegium::count
