// Counting a planning round's vote (issue #14; C3, A8): hand-worked ballot sets, the
// status quo rule, ties by lot, bad ballots, and the stream against collegium::count.
#include "federation/round_tally.h"

#include <gtest/gtest.h>

#include <array>
#include <random>

#include "count/ballot.h"
#include "count/schulze.h"
#include "federation/round_test_fixture.h"

namespace collegium::federation {
namespace {

// ranks of {status quo, A, B, C}: 1 best, 0 unranked.
using Ranks = std::vector<uint8_t>;

void cast(RoundTally& t, int32_t workplace, const Ranks& ranks, int times) {
  for (int i = 0; i < times; ++i) ASSERT_TRUE(t.add(workplace, ranks).ok());
}

BodyScope scope(std::string body, ScopeKind kind, std::vector<int32_t> workplaces) {
  BodyScope s;
  s.body = std::move(body);
  s.scope = kind;
  s.workplaces = std::move(workplaces);
  return s;
}

// Fourteen ballots in two workplaces (SQ = the status quo):
//   workplace 0:  5 x A > B > C > SQ      2 x SQ > C > B > A
//   workplace 1:  4 x B > C > A > SQ      3 x C > A > B > SQ
// Pairwise (row over column):
//   A over B: 5 + 3 = 8    B over A: 4 + 2 = 6
//   B over C: 5 + 4 = 9    C over B: 3 + 2 = 5
//   C over A: 4 + 3 + 2 = 9  A over C: 5
//   each of A, B, C over SQ: 12, SQ over each: 2
// A cycle: A beats B, B beats C, C beats A. Strongest paths (winning votes):
//   A->B 8 (direct), B->A 9 (B->C->A), so B is above A;
//   B->C 9 (direct), C->B 8 (C->A->B), so B is above C;
//   C->A 9 (direct), A->C 8 (A->B->C), so C is above A.
// Schulze ranking: B, C, A, SQ. B beats the status quo 12 to 2: B is adopted.
// Workplace 0 alone prefers A (its 5 ballots) and still ranks every plan above the status quo
// (5 to 2); workplace 1 has no ballot for the status quo.
TEST(RoundTally, HandWorkedCycleIsResolvedBySchulze) {
  auto t = RoundTally::open({"status quo", "A", "B", "C"}, 2);
  ASSERT_TRUE(t.ok()) << t.status().to_string();
  cast(*t, 0, {4, 1, 2, 3}, 5);
  cast(*t, 0, {1, 4, 3, 2}, 2);
  cast(*t, 1, {4, 3, 1, 2}, 4);
  cast(*t, 1, {4, 2, 3, 1}, 3);
  EXPECT_EQ(t->ballots(), 14);
  auto r = t->close(
      {scope("wc-0", ScopeKind::kWorkplace, {0}), scope("wc-1", ScopeKind::kWorkplace, {1}),
       scope("union", ScopeKind::kBranch, {0, 1})},
      7);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const PairwiseTally& d = r->federation;
  EXPECT_EQ(d.ballots, 14);
  EXPECT_EQ(d.at(1, 2), 8);
  EXPECT_EQ(d.at(2, 1), 6);
  EXPECT_EQ(d.at(2, 3), 9);
  EXPECT_EQ(d.at(3, 2), 5);
  EXPECT_EQ(d.at(3, 1), 9);
  EXPECT_EQ(d.at(1, 3), 5);
  for (int32_t a = 1; a <= 3; ++a) {
    EXPECT_EQ(d.at(a, 0), 12);
    EXPECT_EQ(d.at(0, a), 2);
  }
  EXPECT_EQ(r->strongest[2][1], 9);
  EXPECT_EQ(r->strongest[1][2], 8);
  EXPECT_EQ(r->strongest[1][3], 8);
  EXPECT_EQ(r->strongest[3][2], 8);
  EXPECT_EQ(r->order, (std::vector<int32_t>{2, 3, 1, 0}));
  EXPECT_EQ(r->outcome, RoundOutcome::kAdopted);
  EXPECT_EQ(r->adopted, 2);
  EXPECT_EQ(r->beat_status_quo, (std::vector<int32_t>{1, 2, 3}));
  EXPECT_NE(r->reason.find("\"B\" is adopted"), std::string::npos) << r->reason;
  // The sheet is collegium::count's, ready to publish.
  EXPECT_EQ(r->sheet.method, "schulze");
  EXPECT_EQ(r->sheet.valid_ballots, 14);
  // Each body its own aggregate.
  ASSERT_EQ(r->bodies.size(), 3u);
  const PairwiseTally& w0 = r->bodies[0].tally;
  EXPECT_EQ(w0.ballots, 7);
  EXPECT_EQ(w0.at(1, 2), 5);
  EXPECT_EQ(w0.at(2, 1), 2);
  EXPECT_EQ(w0.at(0, 1), 2);
  EXPECT_EQ(w0.at(1, 0), 5);
  EXPECT_EQ(r->bodies[0].beat_status_quo, (std::vector<int32_t>{1, 2, 3}));
  const PairwiseTally& w1 = r->bodies[1].tally;
  EXPECT_EQ(w1.ballots, 7);
  EXPECT_EQ(w1.at(0, 1), 0);
  EXPECT_EQ(w1.at(3, 1), 7);
  EXPECT_EQ(r->bodies[2].tally.prefer, d.prefer);
}

// Three ballot groups, SQ the status quo:
//   4 x A > B > SQ     3 x B > SQ > A     2 x SQ > A > B
// Pairwise: A over B 4 + 2 = 6 (B over A 3); B over SQ 4 + 3 = 7 (SQ over B 2);
// SQ over A 3 + 2 = 5 (A over SQ 4). Strongest paths: A->SQ = min(6, 7) = 6 against
// SQ->A 5; A->B 6 against B->A = min(7, 5) = 5; B->SQ 7 against SQ->B = min(5, 6) = 5.
// Schulze ranking: A, B, SQ. But A loses to the status quo head to head (4 to 5), so A is
// not adopted; B is above the status quo and beats it 7 to 2: B is adopted.
TEST(RoundTally, WinnerThatDoesNotBeatTheStatusQuoIsNotAdopted) {
  auto t = RoundTally::open({"status quo", "A", "B"}, 1);
  ASSERT_TRUE(t.ok());
  cast(*t, 0, {3, 1, 2}, 4);
  cast(*t, 0, {2, 3, 1}, 3);
  cast(*t, 0, {1, 2, 3}, 2);
  auto r = t->close({}, 1);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->order, (std::vector<int32_t>{1, 2, 0}));
  EXPECT_EQ(r->federation.at(0, 1), 5);
  EXPECT_EQ(r->federation.at(1, 0), 4);
  EXPECT_EQ(r->beat_status_quo, (std::vector<int32_t>{2}));
  EXPECT_EQ(r->outcome, RoundOutcome::kAdopted);
  EXPECT_EQ(r->adopted, 2);
  EXPECT_NE(r->reason.find("does not beat the status quo"), std::string::npos) << r->reason;
}

// 3 x SQ > A > B, 2 x A > B > SQ, 1 x B alone: SQ over A 3 to 2; B over SQ 2 + 1 = 3
// against 3, a tie, so no link either way; A over B 5 to 1. Nothing reaches SQ (B has no
// winning link), so the status quo comes first: back to amendment.
TEST(RoundTally, NothingBeatsTheStatusQuoSoBackToAmendment) {
  auto t = RoundTally::open({"status quo", "A", "B"}, 1);
  ASSERT_TRUE(t.ok());
  cast(*t, 0, {1, 2, 3}, 3);
  cast(*t, 0, {3, 1, 2}, 2);
  cast(*t, 0, {0, 0, 1}, 1);
  auto r = t->close({}, 1);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->federation.at(2, 0), 3);
  EXPECT_EQ(r->federation.at(0, 2), 3);
  EXPECT_EQ(r->federation.at(0, 1), 3);
  EXPECT_EQ(r->federation.at(1, 0), 2);
  EXPECT_TRUE(r->beat_status_quo.empty());
  EXPECT_EQ(r->outcome, RoundOutcome::kBackToAmendment);
  EXPECT_EQ(r->adopted, -1);
  EXPECT_EQ(std::string(round_outcome_name(r->outcome)), "back_to_amendment");
}

// Two plans every member ranks equal tie in Schulze; the lot, seeded by the caller and
// recorded on the sheet, orders them the same way every time, and both ways over seeds.
TEST(RoundTally, TiesAreBrokenByARecordedLot) {
  auto t = RoundTally::open({"status quo", "A", "B"}, 1);
  ASSERT_TRUE(t.ok());
  cast(*t, 0, {2, 1, 1}, 5);
  cast(*t, 0, {1, 2, 2}, 2);
  int a_first = 0, b_first = 0;
  for (uint64_t seed = 0; seed < 32; ++seed) {
    auto r1 = t->close({}, seed);
    auto r2 = t->close({}, seed);
    ASSERT_TRUE(r1.ok() && r2.ok());
    EXPECT_EQ(r1->order, r2->order);
    EXPECT_EQ(r1->sheet.seed, seed);
    ASSERT_EQ(r1->ranking.front().size(), 2u);
    EXPECT_EQ(r1->outcome, RoundOutcome::kAdopted);
    EXPECT_EQ(r1->adopted, r1->order.front());
    (r1->adopted == 1 ? a_first : b_first)++;
    EXPECT_FALSE(r1->sheet.stages.front().notes.empty());
  }
  EXPECT_GT(a_first, 0);
  EXPECT_GT(b_first, 0);
}

TEST(RoundTally, BadBallotsAreRefusedAndNotCounted) {
  EXPECT_EQ(RoundTally::open({"status quo"}, 1).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(RoundTally::open({"status quo", "A", "A"}, 1).status().where(), "alternatives/2");
  EXPECT_EQ(RoundTally::open({"status quo", "A"}, 0).status().where(), "workplaces");
  auto t = RoundTally::open({"status quo", "A", "B"}, 2);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->add(2, Ranks{1, 2, 3}).where(), "workplace");
  EXPECT_EQ(t->add(-1, Ranks{1, 2, 3}).where(), "workplace");
  EXPECT_EQ(t->add(0, Ranks{1, 2}).where(), "ranks");
  EXPECT_EQ(t->add(0, Ranks{1, 4, 2}).where(), "ranks/1");
  EXPECT_EQ(t->ballots(), 0);
  EXPECT_EQ(t->workplace_tally(0).prefer, std::vector<int64_t>(9, 0));
  EXPECT_EQ(t->close({}, 0).status().code(), Code::kFailedPrecondition);
  ASSERT_TRUE(t->add(1, Ranks{0, 0, 0}).ok());  // a blank ballot counts, preferring nothing
  EXPECT_EQ(t->close({scope("x", ScopeKind::kWorkplace, {5})}, 0).status().where(), "scopes/x");
  auto r = t->close({}, 0);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->federation.ballots, 1);
  EXPECT_EQ(r->outcome, RoundOutcome::kBackToAmendment);
}

// Random ballots (partial, with equal ranks) over the small demo's workplaces: the
// streamed tally agrees with collegium::count's Schulze on every ballot read one by one,
// and each body's aggregate is the sum over the workplaces it represents.
TEST(RoundTally, StreamAgreesWithCountAndBodiesWithTheirWorkplaces) {
  const auto& demo = testing::small_demo();
  auto scopes = body_scopes(demo.registry);
  ASSERT_TRUE(scopes.ok()) << scopes.status().to_string();
  const std::vector<std::string> names = {"status quo", "consumption", "hours", "investment",
                                          "even"};
  const int32_t k = 5;
  auto t = RoundTally::open(names, static_cast<int32_t>(demo.registry.workplaces.size()));
  ASSERT_TRUE(t.ok());
  count::Election e;
  for (const std::string& n : names) e.add_candidate(n);
  std::mt19937_64 rng(1921);
  std::vector<std::vector<Ranks>> by_workplace(demo.registry.workplaces.size());
  for (size_t w = 0; w < demo.registry.workplaces.size(); ++w) {
    for (int64_t m = 0; m < demo.members[w]; ++m) {
      Ranks ranks(k, 0);
      for (int32_t a = 0; a < k; ++a)
        ranks[static_cast<size_t>(a)] = static_cast<uint8_t>(rng() % 4);
      ASSERT_TRUE(t->add(static_cast<int32_t>(w), ranks).ok());
      e.start_ballot(1);
      for (uint8_t rank = 1; rank <= 3; ++rank) {
        bool started = false;
        for (int32_t a = 0; a < k; ++a) {
          if (ranks[static_cast<size_t>(a)] != rank) continue;
          if (!started) e.start_rank();
          started = true;
          e.add_mark(a);
        }
      }
      by_workplace[w].push_back(ranks);
    }
  }
  EXPECT_EQ(t->ballots(), 3000);
  auto r = t->close(*scopes, 42);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const count::SchulzeResult s = count::schulze(e);
  for (int32_t a = 0; a < k; ++a)
    for (int32_t b = 0; b < k; ++b)
      if (a != b) {
        EXPECT_EQ(r->federation.at(a, b),
                  s.pairwise[static_cast<size_t>(a)][static_cast<size_t>(b)]);
      }
  EXPECT_EQ(r->ranking, s.ranking);
  auto sheet = count::count_schulze(e, k, 42);
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(r->sheet.elected, sheet->elected);

  ASSERT_EQ(r->bodies.size(), scopes->size());
  for (size_t b = 0; b < scopes->size(); ++b) {
    std::vector<int64_t> expected(static_cast<size_t>(k * k), 0);
    int64_t ballots = 0;
    for (int32_t w : (*scopes)[b].workplaces) {
      for (const Ranks& ranks : by_workplace[static_cast<size_t>(w)]) {
        ++ballots;
        for (int32_t a = 0; a < k; ++a)
          for (int32_t c = 0; c < k; ++c) {
            const uint8_t ra = ranks[static_cast<size_t>(a)], rc = ranks[static_cast<size_t>(c)];
            if (a != c && ra != 0 && (rc == 0 || ra < rc))
              ++expected[static_cast<size_t>(a * k + c)];
          }
      }
    }
    EXPECT_EQ(r->bodies[b].tally.ballots, ballots) << r->bodies[b].body;
    EXPECT_EQ(r->bodies[b].tally.prefer, expected) << r->bodies[b].body;
    if ((*scopes)[b].kind == BodyKind::kWorkplaceCommittee) {
      EXPECT_EQ(ballots, demo.members[static_cast<size_t>((*scopes)[b].workplaces[0])]);
    }
    if ((*scopes)[b].kind == BodyKind::kCouncil) {
      EXPECT_EQ(ballots, 3000);
    }
  }
}

}  // namespace
}  // namespace collegium::federation
