// Read models of meetings and platforms (deliberation.h; B2, B4): a body's meetings, one
// meeting with its agenda, speakers' lists and minutes, the closed items of a body (their
// count and how long each stayed closed are public), and the platforms.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "federation/federation.h"
#include "federation/reads.h"

namespace collegium::federation {

struct SpeakerView {
  std::string member, name, side, platform, platform_name;
  bool operator==(const SpeakerView&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("member", &SpeakerView::member), field("name", &SpeakerView::name),
        field("side", &SpeakerView::side, Presence::kRequired, "for, against or order"),
        field("platform", &SpeakerView::platform, Presence::kOmitEmpty),
        field("platform_name", &SpeakerView::platform_name, Presence::kOmitEmpty)};
  }
};

struct ItemView {
  int64_t item = 0;
  std::string text;
  int64_t minutes = 0;
  std::vector<std::string> motions;
  std::string state;  // open, closed, published
  std::string reason, until, closed, published;
  int64_t seconds_closed = 0;  // once published: how long it stayed closed
  // The minutes as members may read them: empty while the item is closed (minutes_sealed
  // then says whether some are written, and minutes_chars their length).
  std::string minutes_text, minutes_by, minutes_by_name;
  bool minutes_sealed = false;
  int64_t minutes_chars = 0;
  std::string confirmed_by, confirm_motion, close_motion;
  std::vector<SpeakerView> waiting;  // the speakers' list, in its balanced order
  std::vector<SpeakerView> spoken;   // those given the floor, in order
  bool operator==(const ItemView&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("item", &ItemView::item),
        field("text", &ItemView::text),
        field("minutes", &ItemView::minutes, Presence::kRequired, "expected duration, minutes"),
        field("motions", &ItemView::motions),
        field("state", &ItemView::state, Presence::kRequired, "open, closed or published"),
        field("reason", &ItemView::reason, Presence::kOmitEmpty, "why the body closed it"),
        field("until", &ItemView::until, Presence::kOmitEmpty, "when its minutes are published"),
        field("closed", &ItemView::closed, Presence::kOmitEmpty),
        field("published", &ItemView::published, Presence::kOmitEmpty),
        field("seconds_closed", &ItemView::seconds_closed, Presence::kOmitEmpty),
        field("minutes_text", &ItemView::minutes_text, Presence::kOmitEmpty),
        field("minutes_by", &ItemView::minutes_by, Presence::kOmitEmpty),
        field("minutes_by_name", &ItemView::minutes_by_name, Presence::kOmitEmpty),
        field("minutes_sealed", &ItemView::minutes_sealed, Presence::kOmitEmpty,
              "minutes are written and wait for the item's expiry"),
        field("minutes_chars", &ItemView::minutes_chars, Presence::kOmitEmpty),
        field("confirmed_by", &ItemView::confirmed_by, Presence::kOmitEmpty,
              "the motion that confirmed the minutes"),
        field("confirm_motion", &ItemView::confirm_motion, Presence::kOmitEmpty),
        field("close_motion", &ItemView::close_motion, Presence::kOmitEmpty),
        field("waiting", &ItemView::waiting),
        field("spoken", &ItemView::spoken)};
  }
};

struct MeetingView {
  std::string id, body, body_name, title, starts, scheduled_by, scheduled_by_name;
  int64_t items = 0, closed_items = 0;
  std::optional<std::vector<ItemView>> agenda;  // one meeting alone
  bool operator==(const MeetingView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &MeetingView::id),
                      field("body", &MeetingView::body),
                      field("body_name", &MeetingView::body_name),
                      field("title", &MeetingView::title),
                      field("starts", &MeetingView::starts),
                      field("scheduled_by", &MeetingView::scheduled_by),
                      field("scheduled_by_name", &MeetingView::scheduled_by_name),
                      field("items", &MeetingView::items),
                      field("closed_items", &MeetingView::closed_items, Presence::kRequired,
                            "items the body ever closed, published since or not"),
                      field("agenda", &MeetingView::agenda)};
  }
};

struct MeetingFilter {
  std::string body;  // empty: every body
};
struct MeetingList {
  std::vector<MeetingView> meetings;  // newest start first
  int64_t total = 0;
  bool operator==(const MeetingList&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("meetings", &MeetingList::meetings),
                      field("total", &MeetingList::total)};
  }
};
Result<MeetingList> list_meetings(Federation& fed, const MeetingFilter& filter, const Page& page);
// With its agenda. not_found naming "id" when there is no such meeting.
Result<MeetingView> read_meeting(Federation& fed, std::string_view id);

// Every item a body (or any body) ever closed: B2 makes their count, and how long each
// stayed closed, public.
struct ClosedItemView {
  std::string meeting, title, body;
  int64_t item = 0;
  std::string reason, closed, until, published;
  int64_t seconds_closed = 0;  // once published
  bool operator==(const ClosedItemView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("meeting", &ClosedItemView::meeting),
                      field("title", &ClosedItemView::title),
                      field("body", &ClosedItemView::body),
                      field("item", &ClosedItemView::item),
                      field("reason", &ClosedItemView::reason),
                      field("closed", &ClosedItemView::closed),
                      field("until", &ClosedItemView::until),
                      field("published", &ClosedItemView::published, Presence::kOmitEmpty),
                      field("seconds_closed", &ClosedItemView::seconds_closed, Presence::kOmitEmpty,
                            "how long it stayed closed, once published")};
  }
};
struct ClosedItems {
  int64_t count = 0, still_closed = 0;
  std::vector<ClosedItemView> items;  // in the order closed
  bool operator==(const ClosedItems&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("count", &ClosedItems::count),
                      field("still_closed", &ClosedItems::still_closed),
                      field("items", &ClosedItems::items)};
  }
};
Result<ClosedItems> closed_items(Federation& fed, const MeetingFilter& filter);

struct PlatformView {
  std::string id, name, statement, formed_by, formed_by_name;
  int64_t supporters = 0;
  std::string recognised;                                 // UTC, empty until recognised
  std::optional<std::vector<std::string>> supporter_ids;  // one platform alone
  bool operator==(const PlatformView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &PlatformView::id),
                      field("name", &PlatformView::name),
                      field("statement", &PlatformView::statement),
                      field("formed_by", &PlatformView::formed_by),
                      field("formed_by_name", &PlatformView::formed_by_name),
                      field("supporters", &PlatformView::supporters),
                      field("recognised", &PlatformView::recognised, Presence::kOmitEmpty,
                            "when its supporters reached the constitution's threshold"),
                      field("supporter_ids", &PlatformView::supporter_ids)};
  }
};
struct PlatformList {
  std::vector<PlatformView> platforms;  // in the order formed
  int64_t total = 0, threshold = 0;
  bool operator==(const PlatformList&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("platforms", &PlatformList::platforms),
                      field("total", &PlatformList::total),
                      field("threshold", &PlatformList::threshold, Presence::kRequired,
                            "supporters the constitution asks for recognition (B4)")};
  }
};
Result<PlatformList> list_platforms(Federation& fed, const Page& page);
Result<PlatformView> read_platform(Federation& fed, std::string_view id);

}  // namespace collegium::federation
