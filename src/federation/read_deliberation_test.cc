// Meetings and platforms (issue #17; B2, B4) as members read them, after the scenarios
// tests/scenarios/meetings.test and platforms.test: the balanced speakers' list, minutes
// withheld while an item is closed and published in full at its expiry, the public count of
// closed items, and every table rebuilt from the record around the minutes box.
#include "federation/read_deliberation.h"

#include <gtest/gtest.h>

#include "federation/read_test_fixture.h"
#include "federation/rebuild_check.h"

namespace collegium::federation {
namespace {

TEST(MeetingsRead, MinutesAreWithheldWhileClosedAndPublishedAtTheExpiry) {
  test::ScenarioDir scenario("meetings");
  ASSERT_TRUE(scenario.status().ok()) << scenario.status().to_string();
  auto f = scenario.open();
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  Federation& fed = **f;

  auto list = list_meetings(fed, {"cast"}, {});
  ASSERT_TRUE(list.ok()) << list.status().to_string();
  ASSERT_EQ(list->total, 2);
  ASSERT_EQ(list->meetings.size(), 2u);
  EXPECT_EQ(list->meetings[0].title, "July") << "newest first";
  EXPECT_EQ(list->meetings[1].title, "January");
  EXPECT_EQ(list->meetings[1].closed_items, 1);
  EXPECT_EQ(list_meetings(fed, {"press"}, {})->total, 0);
  EXPECT_EQ(list_meetings(fed, {}, {0, 0}).status().where(), "limit");

  auto january = read_meeting(fed, list->meetings[1].id);
  ASSERT_TRUE(january.ok()) << january.status().to_string();
  ASSERT_TRUE(january->agenda);
  ASSERT_EQ(january->agenda->size(), 3u);
  const ItemView& first = (*january->agenda)[0];
  EXPECT_EQ(first.state, "open");
  EXPECT_EQ(first.minutes_by_name, "Anna");
  EXPECT_EQ(first.minutes_chars, 96);
  EXPECT_FALSE(first.confirmed_by.empty());
  ASSERT_EQ(first.spoken.size(), 4u);
  EXPECT_EQ(first.spoken[0].side, "order");
  EXPECT_EQ(first.spoken[0].name, "Boris");
  ASSERT_EQ(first.waiting.size(), 1u) << "Dmitri's second request was never given the floor";
  EXPECT_EQ(first.waiting[0].member, "m4");

  // Item 2 was closed on 2027-01-05T17:00:00Z and published at 2027-07-01T00:00:00Z.
  const ItemView& second = (*january->agenda)[1];
  EXPECT_EQ(second.state, "published");
  EXPECT_EQ(second.minutes_text, "Clara is ill until March; the rota changes.");
  EXPECT_FALSE(second.minutes_sealed);
  EXPECT_EQ(second.seconds_closed, 176 * 86400 + 7 * 3600);
  const ItemView& third = (*january->agenda)[2];
  ASSERT_EQ(third.waiting.size(), 2u);
  EXPECT_EQ(third.waiting[0].member, "m3") << "who has spoken least in the meeting comes first";

  auto july = read_meeting(fed, list->meetings[0].id);
  ASSERT_TRUE(july.ok());
  const ItemView& secret = (*july->agenda)[0];
  EXPECT_EQ(secret.state, "closed");
  EXPECT_TRUE(secret.minutes_sealed);
  EXPECT_EQ(secret.minutes_text, "") << "a closed item's minutes are not read before the expiry";
  EXPECT_EQ(secret.reason, "Negotiations are under way");
  EXPECT_EQ(fed.registry().sealed_minutes(july->id, 1), "The supplier offers forty tonnes.");

  auto closed = closed_items(fed, {"cast"});
  ASSERT_TRUE(closed.ok()) << closed.status().to_string();
  EXPECT_EQ(closed->count, 2);
  EXPECT_EQ(closed->still_closed, 1);
  EXPECT_EQ(closed->items[0].seconds_closed, 176 * 86400 + 7 * 3600);
  EXPECT_EQ(closed->items[1].published, "");

  EXPECT_EQ(read_meeting(fed, "meeting-0").status().code(), Code::kNotFound);

  // Every table comes back from the record alone; the box keeps what the record lacks.
  auto differs = rebuild_check::rebuild_and_compare(fed.store());
  ASSERT_TRUE(differs.ok()) << differs.status().to_string();
  EXPECT_EQ(*differs, "");
  EXPECT_EQ(fed.registry().sealed_minutes(july->id, 1), "The supplier offers forty tonnes.");
}

TEST(PlatformsRead, ListsThePlatformsWithTheirSupportersAndTheThreshold) {
  test::ScenarioDir scenario("platforms");
  ASSERT_TRUE(scenario.status().ok()) << scenario.status().to_string();
  auto f = scenario.open();
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  Federation& fed = **f;

  auto list = list_platforms(fed, {});
  ASSERT_TRUE(list.ok()) << list.status().to_string();
  EXPECT_EQ(list->threshold, 2);
  ASSERT_EQ(list->total, 3);
  EXPECT_EQ(list->platforms[0].name, "Workers' Opposition");
  EXPECT_EQ(list->platforms[0].formed_by_name, "Dmitri");
  EXPECT_EQ(list->platforms[0].supporters, 3);
  EXPECT_FALSE(list->platforms[0].recognised.empty());
  auto one = read_platform(fed, list->platforms[0].id);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->supporter_ids, (std::vector<std::string>{"m4", "m5", "m6"}));
  EXPECT_EQ(read_platform(fed, "platform-0").status().code(), Code::kNotFound);

  auto meetings = list_meetings(fed, {}, {});
  ASSERT_TRUE(meetings.ok());
  auto meeting = read_meeting(fed, meetings->meetings.at(0).id);
  ASSERT_TRUE(meeting.ok());
  const auto& spoken = meeting->agenda->at(0).spoken;
  ASSERT_EQ(spoken.size(), 4u);
  EXPECT_EQ(spoken[0].platform_name, "Workers' Opposition");
  EXPECT_EQ(spoken[2].platform_name, "Democratic Centralists");

  auto differs = rebuild_check::rebuild_and_compare(fed.store());
  ASSERT_TRUE(differs.ok()) << differs.status().to_string();
  EXPECT_EQ(*differs, "");
}

}  // namespace
}  // namespace collegium::federation
