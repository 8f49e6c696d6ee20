// Why a motion carried or was lost, in words (read_motions.h), and the limits on a member's
// text counted in characters (rules.h): both are what the web app shows a member (#15).
#include "federation/read_motions.h"

#include <gtest/gtest.h>

#include <string>

#include "federation/rules.h"

namespace collegium::federation {
namespace {

Motion closed_motion(Motion::Kind kind, Motion::State state) {
  Motion m;
  m.id = "motion-1";
  m.kind = kind;
  m.state = state;
  return m;
}

Json tally(int64_t yes, int64_t no, int64_t abstain, bool quorum = true) {
  return {{"motion", "motion-1"}, {"carried", false}, {"yes", yes}, {"no", no},
          {"abstain", abstain},   {"quorum", quorum}};
}

TEST(MotionReason, ATieIsLostBecauseATieDoesNotCarry) {
  auto why = motion_reason(closed_motion(Motion::Kind::kGeneral, Motion::State::kLost),
                           tally(2, 2, 1), Constitution{});
  ASSERT_TRUE(why);
  EXPECT_EQ(*why,
            "a tie does not carry, as a motion needs more yes than no (2 yes, 2 no, 1 "
            "abstaining)");
}

TEST(MotionReason, NamesTheQuorumBeforeTheVotes) {
  auto why = motion_reason(closed_motion(Motion::Kind::kGeneral, Motion::State::kLost),
                           tally(1, 0, 0, false), Constitution{});
  ASSERT_TRUE(why);
  EXPECT_EQ(*why,
            "no quorum: more than half of the body's seat holders must vote, and 1 did "
            "(1 yes, 0 no, 0 abstaining)");
}

TEST(MotionReason, MoreNoThanYesAndCarriedMotions) {
  Constitution c;
  EXPECT_EQ(
      motion_reason(closed_motion(Motion::Kind::kGeneral, Motion::State::kLost), tally(1, 3, 0), c),
      "more voted no than yes (1 yes, 3 no, 0 abstaining)");
  Json carried = tally(3, 1, 0);
  carried["carried"] = true;
  EXPECT_EQ(
      motion_reason(closed_motion(Motion::Kind::kGeneral, Motion::State::kCarried), carried, c),
      "more voted yes than no (3 yes, 1 no, 0 abstaining)");
  // Carried, but its effect was refused when it closed (motions.cc, refuse_effect).
  carried["not_applied"] = "the post was filled meanwhile";
  EXPECT_EQ(
      motion_reason(closed_motion(Motion::Kind::kAppointment, Motion::State::kCarried), carried, c),
      "more voted yes than no (3 yes, 1 no, 0 abstaining); it was not applied: the post "
      "was filled meanwhile");
}

TEST(MotionReason, AnAmendmentNamesTheConstitutionsMajority) {
  Constitution c;
  c.amendment_majority = {3, 4};
  auto why = motion_reason(closed_motion(Motion::Kind::kAmendment, Motion::State::kLost),
                           tally(5, 2, 0), c);
  ASSERT_TRUE(why);
  // Three quarters of 7 is 6 (rounded up); 5 fell short.
  EXPECT_EQ(*why,
            "an amendment of the constitution needs 3 in 4 of the yes and no votes, at "
            "least 6 of 7 here (5 yes, 2 no, 0 abstaining)");
}

TEST(MotionReason, NoneWhileOpenOrWithoutFigures) {
  EXPECT_FALSE(motion_reason(closed_motion(Motion::Kind::kGeneral, Motion::State::kOpen),
                             tally(1, 0, 0), Constitution{}));
  EXPECT_FALSE(motion_reason(closed_motion(Motion::Kind::kGeneral, Motion::State::kLost),
                             Json{{"motion", "motion-1"}}, Constitution{}));
}

// "ж" is two bytes in UTF-8: a text of 4000 of them is 8000 bytes and still within a
// statement's 4000 characters.
TEST(TextLimits, CountCharactersNotBytes) {
  std::string text;
  for (int i = 0; i < 4000; ++i) text += "ж";
  EXPECT_EQ(rules::char_count(text), 4000u);
  EXPECT_TRUE(rules::check_text(text, "/text", rules::kMaxStatementChars).ok());
  text += "ж";
  Status too_long = rules::check_text(text, "/text", rules::kMaxStatementChars);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.message(), "at most 4000 characters; this has 4001");
  EXPECT_EQ(too_long.where(), "/text");
  EXPECT_EQ(rules::char_count("a\xF0\x9F\x8C\xBB"), 2u);  // a four-byte flower is one
}

}  // namespace
}  // namespace collegium::federation
