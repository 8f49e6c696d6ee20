// Deliberation between votes (issue #17): a body's meetings, with their agenda, speakers'
// lists and minutes (SYSTEM.md B2), and members' platforms (B4). The rules are in
// deliberation_rules.cc, the tables in deliberation_projection.cc; docs/meetings.md tells
// the whole story.
//
// Meetings are open (B2): every member reads the agenda, the speakers and the minutes. An
// item is closed only by a recorded vote of the body (a motion), with a stated reason and
// an expiry; minutes written while it is closed go to the record as a digest only, their
// text kept apart (the minutes box, like the ballot box kept out of the record), and at the
// expiry the clock publishes them in full with no further act.
//
// Platforms (B4) are formed by members and recognised once their supporters reach the
// constitution's threshold. Nothing bans one: no command removes a platform or its
// recognition, the constitution has no key that could, and an amendment that would raise
// the threshold above the supporters of a recognised platform is refused.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/fields.h"

namespace collegium::federation {

// The longest minutes of one item, in characters (as a member counts them).
inline constexpr size_t kMaxMinutesChars = 20000;
// The longest text of an agenda item, and a meeting's title, in characters.
inline constexpr size_t kMaxItemChars = 2000;
inline constexpr size_t kMaxMeetingTitleChars = 200;
inline constexpr size_t kMaxAgendaItems = 50;
// An item's expected duration, in minutes: a working day at most.
inline constexpr int64_t kMaxItemMinutes = 8 * 60;
// A closed item stays closed five years at most: secrecy is the exception (B2).
inline constexpr int64_t kMaxClosedSeconds = 5 * 366 * 86400;
inline constexpr size_t kMaxPlatformNameChars = 100;

// ---- the state, as the registry view gives it ----

struct AgendaItem {
  std::string text;
  int64_t minutes = 0;               // expected duration
  std::vector<std::string> motions;  // the body's motions taken under the item
  bool operator==(const AgendaItem&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("text", &AgendaItem::text),
                      field("minutes", &AgendaItem::minutes, Presence::kRequired,
                            "expected duration in minutes, 1 to 480"),
                      field("motions", &AgendaItem::motions, Presence::kOptional,
                            "motions of the body taken under the item")};
  }
};

struct Meeting {
  std::string id, body, title, starts, scheduled_by;
  int64_t items = 0;
};

// Where an item stands: open (its minutes public), closed (by the body's vote, until its
// expiry) or published (closed once, its minutes now public in full).
struct MeetingItem {
  std::string meeting;
  int64_t item = 0;
  AgendaItem agenda;
  std::string state;  // open, closed, published
  std::string reason, until, closed, published;
  bool has_minutes = false;
  std::string minutes_by, minutes_digest;  // the digest of the minutes' text (hex)
  std::string confirmed_by;                // the motion that confirmed them
  // Open motions of the body about the item: to confirm its minutes, to close it.
  std::string confirm_motion, close_motion;
};

// A request for the floor on one item: for or against the matter, or a point of order,
// and the platform the member speaks for, if any.
struct FloorRequest {
  int64_t seq = 0;  // the record's order of the requests
  std::string member, side, platform;
  bool operator==(const FloorRequest&) const = default;
};

// What the balanced order reads besides the waiting requests.
struct SpeakingState {
  std::map<std::string, int64_t> spoken;  // contributions in the whole meeting, by member
  std::string last_side;                  // of the item's last contribution
  std::string last_platform;              // of the item's last contribution for a platform
};

// The speakers' list in the order the floor goes (B2, B4): points of order first, in the
// order asked; then each time the contribution of whoever has spoken least in the meeting,
// and among those alike one whose platform is not the one heard last (platforms alternate),
// then one on the other side from the last contribution (for and against alternate), then
// the earliest request. Pure: the rules and the read models both call it.
std::vector<FloorRequest> speaking_order(std::vector<FloorRequest> waiting, SpeakingState state);

struct Platform {
  std::string id, name, statement, formed_by, recognised;  // recognised: UTC, or empty
  int64_t supporters = 0;
};

// ---- commands ----

// A seat holder of a body schedules a meeting of it.
struct ScheduleMeeting {
  static constexpr std::string_view kName = "schedule_meeting";
  std::string body, title, starts;
  std::vector<AgendaItem> agenda;
  static constexpr auto fields() {
    return std::tuple{
        field("body", &ScheduleMeeting::body), field("title", &ScheduleMeeting::title),
        field("starts", &ScheduleMeeting::starts, Presence::kRequired, "UTC, not in the past"),
        field("agenda", &ScheduleMeeting::agenda, Presence::kRequired, "1 to 50 items")};
  }
};

// A member the body represents, or one of its seat holders, asks for the floor on an item.
struct RequestFloor {
  static constexpr std::string_view kName = "request_floor";
  std::string meeting;
  int64_t item = 0;
  std::string side, platform;
  static constexpr auto fields() {
    return std::tuple{
        field("meeting", &RequestFloor::meeting),
        field("item", &RequestFloor::item, Presence::kRequired, "the item's number, from 1"),
        field("side", &RequestFloor::side, Presence::kRequired, "for, against or order"),
        field("platform", &RequestFloor::platform, Presence::kOmitEmpty,
              "a recognised platform the member supports and speaks for")};
  }
};

// A seat holder gives the floor to the next speaker: the one the balanced order names.
struct GiveFloor {
  static constexpr std::string_view kName = "give_floor";
  std::string meeting;
  int64_t item = 0;
  std::string member;
  static constexpr auto fields() {
    return std::tuple{field("meeting", &GiveFloor::meeting), field("item", &GiveFloor::item),
                      field("member", &GiveFloor::member)};
  }
};

// A seat holder writes (or rewrites, until confirmed) the minutes of an item.
struct WriteMinutes {
  static constexpr std::string_view kName = "write_minutes";
  std::string meeting;
  int64_t item = 0;
  std::string text;
  static constexpr auto fields() {
    return std::tuple{
        field("meeting", &WriteMinutes::meeting), field("item", &WriteMinutes::item),
        field("text", &WriteMinutes::text, Presence::kRequired, "at most 20,000 characters")};
  }
};

// A seat holder moves that the body confirm an item's minutes: a motion of the body.
struct ConfirmMinutes {
  static constexpr std::string_view kName = "confirm_minutes";
  std::string meeting;
  int64_t item = 0;
  static constexpr auto fields() {
    return std::tuple{field("meeting", &ConfirmMinutes::meeting),
                      field("item", &ConfirmMinutes::item)};
  }
};

// A seat holder moves that the body close an item (B2): a motion of the body, with the
// reason and the expiry after which its minutes are published.
struct CloseItem {
  static constexpr std::string_view kName = "close_item";
  std::string meeting;
  int64_t item = 0;
  std::string reason, until;
  static constexpr auto fields() {
    return std::tuple{
        field("meeting", &CloseItem::meeting), field("item", &CloseItem::item),
        field("reason", &CloseItem::reason, Presence::kOptional, "why the item is closed"),
        field("until", &CloseItem::until, Presence::kOptional,
              "UTC: when its minutes are published, at most five years on")};
  }
};

// The clock publishes a closed item's minutes at its expiry (from Advance).
struct PublishItem {
  static constexpr std::string_view kName = "publish_item";
  std::string meeting;
  int64_t item = 0;
  static constexpr auto fields() {
    return std::tuple{field("meeting", &PublishItem::meeting), field("item", &PublishItem::item)};
  }
};

// A member forms a platform and is its first supporter.
struct FormPlatform {
  static constexpr std::string_view kName = "form_platform";
  std::string name, statement;
  static constexpr auto fields() {
    return std::tuple{field("name", &FormPlatform::name),
                      field("statement", &FormPlatform::statement)};
  }
};

struct SupportPlatform {
  static constexpr std::string_view kName = "support_platform";
  std::string platform;
  static constexpr auto fields() {
    return std::tuple{field("platform", &SupportPlatform::platform)};
  }
};

}  // namespace collegium::federation
