// Small hand-checked counts for every method, the sheet formats and motions.
#include "count/methods.h"

#include <gtest/gtest.h>

#include "count/decimal.h"
#include "count/divisor.h"
#include "count/irv.h"
#include "count/schulze.h"
#include "count/scottish_stv.h"
#include "count/simple.h"

namespace collegium::count {
namespace {

Election letters(int n) {
  Election e;
  for (int c = 0; c < n; ++c) e.add_candidate(std::string(1, static_cast<char>('A' + c)));
  return e;
}

// "ACBED" -> ranks {{0},{2},{1},{4},{3}}
void add(Election& e, int64_t w, const std::string& order) {
  std::vector<std::vector<int32_t>> ranks;
  for (char ch : order) ranks.push_back({ch - 'A'});
  e.add_ballot(w, ranks);
}

std::string elected(const Sheet& s) {
  std::string out;
  for (int32_t c : s.elected) out += s.candidates[c];
  return out;
}

TEST(Schulze, WikipediaExample) {
  // The 45-voter example from Schulze's papers: E wins, ranking E > A > C > B > D.
  Election e = letters(5);
  add(e, 5, "ACBED");
  add(e, 5, "ADECB");
  add(e, 8, "BEDAC");
  add(e, 3, "CABED");
  add(e, 7, "CAEBD");
  add(e, 2, "CBADE");
  add(e, 7, "DCEBA");
  add(e, 8, "EBADC");
  const SchulzeResult r = schulze(e);
  EXPECT_EQ(r.pairwise[0][1], 20);  // d[A,B]
  EXPECT_EQ(r.pairwise[1][0], 25);
  EXPECT_EQ(r.strongest[4][3], 31);  // p[E,D]
  std::string order;
  for (const auto& g : r.ranking) {
    ASSERT_EQ(g.size(), 1u);
    order += static_cast<char>('A' + g[0]);
  }
  EXPECT_EQ(order, "EACBD");
  auto s = count_schulze(e, 2, 0);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(elected(*s), "EA");
}

TEST(Divisor, DhondtAndSainteLague) {
  Election e = letters(4);
  add(e, 100000, "A");
  add(e, 80000, "B");
  add(e, 30000, "C");
  add(e, 20000, "D");
  auto d = count_divisor(e, 8, Divisor::kDhondt, 0);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->final_value, (std::vector<int64_t>{4, 3, 1, 0}));
  auto sl = count_divisor(e, 8, Divisor::kSainteLague, 0);
  ASSERT_TRUE(sl.ok());
  EXPECT_EQ(sl->final_value, (std::vector<int64_t>{3, 3, 1, 1}));
  EXPECT_EQ(sl->elected.size(), 8u);
}

TEST(Simple, PluralityBlockApproval) {
  Election e = letters(3);
  add(e, 4, "ABC");
  add(e, 3, "BC");
  add(e, 2, "CB");
  e.add_ballot(1, {{0, 1}});  // an equal first rank: invalid for plurality
  auto p = count_plurality(e, 1, 0);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(elected(*p), "A");
  EXPECT_EQ(p->invalid_ballots, 1);
  auto b = count_block(e, 2, 0);
  ASSERT_TRUE(b.ok());
  // Block, 2 marks: A 4+1, B 4+3+2+1, C 3+2.
  EXPECT_EQ(b->final_value, (std::vector<int64_t>{5, 10, 5}));
  auto a = count_approval(e, 1, 0);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->final_value, (std::vector<int64_t>{5, 10, 9}));
  EXPECT_EQ(elected(*a), "B");
}

TEST(Simple, TiesAreDecidedByTheSeededLot) {
  Election e = letters(4);
  for (int c = 0; c < 4; ++c) add(e, 5, std::string(1, static_cast<char>('A' + c)));
  std::set<std::string> winners;
  for (uint64_t seed = 0; seed < 40; ++seed) {
    auto s = count_plurality(e, 1, seed);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->stages[0].decisions[0].reason, Reason::kLot);
    auto again = count_plurality(e, 1, seed);
    EXPECT_EQ(elected(*s), elected(*again));  // the same seed, the same draw
    winners.insert(elected(*s));
  }
  EXPECT_EQ(winners.size(), 4u);  // every tied candidate can win the draw
}

TEST(Motion, QuorumAndMajorities) {
  auto r = decide_motion({10, 5, 20}, {.quorum = 30, .majority = Majority::kSimple});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->quorum_met);
  EXPECT_TRUE(r->carried);
  r = decide_motion({10, 5, 20}, {.quorum = 30, .majority = Majority::kAbsolute});
  EXPECT_FALSE(r->carried);
  r = decide_motion({10, 5, 0}, {.quorum = 0, .majority = Majority::kTwoThirds});
  EXPECT_TRUE(r->carried);  // exactly two thirds
  r = decide_motion({9, 5, 0}, {.quorum = 0, .majority = Majority::kTwoThirds});
  EXPECT_FALSE(r->carried);
  r = decide_motion({10, 0, 0}, {.quorum = 11, .majority = Majority::kSimple});
  EXPECT_FALSE(r->quorum_met);
  EXPECT_FALSE(r->carried);
  EXPECT_FALSE(decide_motion({-1, 0, 0}, {}).ok());
}

// A yes / no vote: carried only by more yes than no; a tie draws no lot and carries nothing.
TEST(Motion, CountsAYesNoBallotFile) {
  Election e;
  e.add_candidate("yes");
  e.add_candidate("no");
  e.add_ballot(3, {{0}});
  e.add_ballot(2, {{1}});
  CountOptions o;
  o.method = Method::kMotion;
  auto s = count_election(e, o);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->method, "motion");
  EXPECT_EQ(s->elected, std::vector<int32_t>{0});
  e.add_ballot(1, {{1}});
  for (uint64_t seed : {1, 2, 3}) {
    o.seed = seed;
    s = count_election(e, o);
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(s->elected.empty()) << "a tie carried with seed " << seed;
  }
  Election other = letters(2);
  EXPECT_EQ(count_election(other, o).status().code(), Code::kInvalidArgument);
}

// The command line written for a count reads back, through the same parsers the command
// uses, as the same options; words a shell would split are quoted.
TEST(CommandLine, HoldsEverythingTheCountUsed) {
  Election e = letters(5);
  CountOptions o;
  o.seats = 3;
  o.seed = 18446744073709551615ull;
  o.constraints.categories.push_back({"production", {0, 1, 3}, 2});
  o.constraints.categories.push_back({"without executive office", {4}, 1});
  EXPECT_EQ(count_command_line(o, {2}, "poll-16.blt"),
            "collegium count --method scottish-stv --seats 3 --seed 18446744073709551615 "
            "--category production:2:1,2,4 --category 'without executive office:1:5' "
            "--withdraw 3 poll-16.blt");
  auto cat = parse_category("production:2:1,2,4", e, 3);
  ASSERT_TRUE(cat.ok());
  EXPECT_EQ(cat->members, (std::vector<int32_t>{0, 1, 3}));
  EXPECT_EQ(cat->minimum, 2);
  EXPECT_EQ(*find_candidate("3", e, "withdraw"), 2);
  EXPECT_EQ(*find_candidate("C", e, "withdraw"), 2);
  EXPECT_FALSE(find_candidate("6", e, "withdraw").ok());
}

TEST(Irv, MajorityAndExclusion) {
  Election e = letters(3);
  add(e, 4, "AB");
  add(e, 3, "BA");
  add(e, 2, "CB");
  auto s = count_irv(e, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(elected(*s), "B");  // C out, then B 5 to 4
  EXPECT_EQ(s->stages.size(), 2u);
  EXPECT_EQ(s->stages[0].decisions[0].reason, Reason::kLowest);
}

TEST(ScottishStv, HandCountedSurplus) {
  // 3 candidates, 2 seats, 10 ballots: quota floor(10/3)+1 = 4. A has 6 (surplus 2);
  // A's 6 papers go 3 to B and 3 to C at 2/6 = 0.33333 each: B 1 + 0.99999, C 3 + 0.99999.
  Election e = letters(3);
  add(e, 3, "AB");
  add(e, 3, "AC");
  add(e, 1, "B");
  add(e, 3, "C");
  auto s = count_scottish_stv(e, 2, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s->quota, 400000);
  ASSERT_GE(s->stages.size(), 2u);
  const Stage& st = s->stages[1];
  EXPECT_EQ(*st.transfer_value, 33333);
  EXPECT_EQ(st.value[1], 100000 + 99999);
  EXPECT_EQ(st.value[2], 300000 + 99999);
  EXPECT_EQ(st.loss, 2);
  EXPECT_EQ(elected(*s), "AC");
}

TEST(ScottishStv, LaterSurplusReexaminesAllPapersAtTheirValues) {
  // B is elected on A's transfer; B's surplus then moves every B paper, first
  // preferences at value 1 and A's papers at their transfer value, each scaled by
  // surplus / total.
  Election e = letters(4);
  add(e, 8, "AB");
  add(e, 3, "BD");
  add(e, 1, "C");
  add(e, 2, "D");
  auto s = count_scottish_stv(e, 3, {});  // 14 ballots, 3 seats: quota 4
  ASSERT_TRUE(s.ok());
  ASSERT_GE(s->stages.size(), 3u);
  // Stage 2: A's surplus 4 over 8 papers: 0.5 each -> B 3 + 4 = 7.
  EXPECT_EQ(s->stages[1].value[1], 700000);
  // Stage 3: B's surplus 3 over total 7: first preferences 3/7 -> 0.42857, A's papers
  // 0.5 * 3/7 -> 0.21428; D gains only from the BD papers.
  const Stage& st = s->stages[2];
  EXPECT_EQ(st.action, "surplus of B");
  EXPECT_EQ(st.value[3], 200000 + 3 * 42857);
  EXPECT_EQ(st.details["transfer_values"].size(), 2u);
}

TEST(ScottishStv, ExclusionTieGoesToTheEarlierStage) {
  // B and C tie at 2 after stage 2, but B had less at stage 1: B is excluded.
  Election e = letters(4);
  add(e, 5, "A");
  add(e, 1, "AC");
  add(e, 1, "B");
  add(e, 1, "BA");
  add(e, 1, "C");
  add(e, 4, "D");
  // 13 ballots, 1 seat: quota 7. A 6, B 2, C 1, D 4: C out -> nobody... use 2 seats.
  auto s = count_scottish_stv(e, 2, {});  // quota 5: A elected, surplus 1 over 6 papers
  ASSERT_TRUE(s.ok());
  bool checked = false;
  for (const Stage& st : s->stages)
    for (const Decision& d : st.decisions)
      if (!d.elected && !checked) {
        checked = true;
        EXPECT_EQ(s->candidates[d.candidate], "C");
      }
  EXPECT_TRUE(checked);
}

TEST(ScottishStv, ConstraintKeepsTheMinimum) {
  // Four strong candidates outside the category, two weak ones inside; two of three
  // seats must go to the category.
  Election e = letters(6);
  add(e, 30, "A");
  add(e, 25, "B");
  add(e, 20, "C");
  add(e, 5, "DE");
  add(e, 4, "EF");
  add(e, 3, "F");
  ScottishStvOptions o;
  o.constraints.categories.push_back({"production", {3, 4, 5}, 2});
  auto s = count_scottish_stv(e, 3, o);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  int in_category = 0;
  for (int32_t c : s->elected) in_category += c >= 3;
  EXPECT_EQ(s->elected.size(), 3u);
  EXPECT_GE(in_category, 2);
  bool constraint_used = false;
  for (const Stage& st : s->stages)
    for (const Decision& d : st.decisions) constraint_used |= d.reason == Reason::kConstraint;
  EXPECT_TRUE(constraint_used);
}

TEST(ScottishStv, InfeasibleConstraintIsAnErrorBeforeTheCount) {
  Election e = letters(3);
  add(e, 1, "ABC");
  ScottishStvOptions o;
  o.constraints.categories.push_back({"production", {0}, 2});
  auto s = count_scottish_stv(e, 2, o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kInvalidArgument);
  o.constraints.categories = {{"x", {0, 1}, 2}, {"y", {2}, 1}};
  EXPECT_FALSE(count_scottish_stv(e, 2, o).ok());  // 3 seats needed, 2 filled
}

TEST(Sheet, JsonHasTheRequiredKeysAndDecimalStrings) {
  Election e = letters(3);
  add(e, 3, "AB");
  add(e, 3, "AC");
  add(e, 1, "B");
  add(e, 3, "C");
  auto s = count_election(e, {.method = Method::kScottishStv, .seats = 2, .seed = 7});
  ASSERT_TRUE(s.ok());
  const Json j = sheet_to_json(*s);
  for (const char* k : {"method", "seats", "quota", "elected", "stages", "final", "seed"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["method"], "scottish-stv");
  EXPECT_EQ(j["quota"], "4.00000");
  EXPECT_EQ(j["seed"], "7");
  EXPECT_EQ(j["elected"], Json::array({"A", "C"}));
  EXPECT_EQ(j["final"]["C"], "3.99999");
  EXPECT_EQ(j["stages"][1]["loss_by_fractions"], "0.00002");
  EXPECT_TRUE(canonical_json(j).ok());  // no floating point anywhere
  const std::string text = sheet_to_text(*s);
  EXPECT_NE(text.find("stage 2: surplus of A (transfer value 0.33333)"), std::string::npos) << text;
  EXPECT_NE(text.find("elected: A, C"), std::string::npos) << text;
}

TEST(Methods, EveryNamedMethodCounts) {
  Election e = letters(4);
  add(e, 5, "ABCD");
  add(e, 4, "BCAD");
  add(e, 3, "CDBA");
  add(e, 2, "DCBA");
  for (const auto& name : method_names()) {
    auto m = parse_method(name);
    ASSERT_TRUE(m.ok());
    EXPECT_STREQ(method_name(*m), name.c_str());
    if (*m == Method::kMotion) continue;  // counts yes and no only: Motion.CountsAYesNoBallotFile
    const int seats = *m == Method::kIrv ? 1 : 2;
    auto s = count_election(e, {.method = *m, .seats = seats});
    ASSERT_TRUE(s.ok()) << name << ": " << s.status().to_string();
    EXPECT_EQ(s->elected.size(), static_cast<size_t>(seats)) << name;
    EXPECT_EQ(s->method, name);
  }
  EXPECT_FALSE(parse_method("borda").ok());
  EXPECT_FALSE(count_election(e, {.method = Method::kIrv, .seats = 2}).ok());
}

TEST(Methods, ParseCategory) {
  Election e = letters(4);
  auto c = parse_category("production:2/3:A,3", e, 4);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->minimum, 3);
  EXPECT_EQ(c->members, (std::vector<int32_t>{0, 2}));
  EXPECT_FALSE(parse_category("production:2:Z", e, 4).ok());
  EXPECT_FALSE(parse_category("production", e, 4).ok());
}

TEST(Decimal, FormatAndParse) {
  EXPECT_EQ(format_fixed(123450000, 5), "1234.50000");
  EXPECT_EQ(format_fixed(-5, 5), "-0.00005");
  EXPECT_EQ(format_fixed(7, 0), "7");
  EXPECT_EQ(*parse_fixed("1234.5", 5), 123450000);
  EXPECT_EQ(*parse_fixed("-0.00005", 5), -5);
  EXPECT_FALSE(parse_fixed("1.000001", 5).ok());
  EXPECT_FALSE(parse_fixed("1x", 5).ok());
  EXPECT_FALSE(parse_fixed("", 5).ok());
}

}  // namespace
}  // namespace collegium::count
