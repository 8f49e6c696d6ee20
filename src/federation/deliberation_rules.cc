// The rules of meetings and platforms (deliberation.h; SYSTEM.md B2, B4).
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "base/crypto.h"
#include "base/util.h"
#include "federation/rules.h"

namespace collegium::federation {

std::vector<FloorRequest> speaking_order(std::vector<FloorRequest> waiting, SpeakingState state) {
  std::vector<FloorRequest> out;
  // Points of order come before any contribution, in the order they were asked.
  std::stable_sort(waiting.begin(), waiting.end(),
                   [](const FloorRequest& a, const FloorRequest& b) { return a.seq < b.seq; });
  for (const auto& r : waiting) {
    if (r.side == "order") out.push_back(r);
  }
  std::vector<FloorRequest> rest;
  for (auto& r : waiting) {
    if (r.side != "order") rest.push_back(std::move(r));
  }
  // Greedy, one turn at a time, as the chair would give the floor: each turn changes who
  // has spoken least and which platform and side were heard last.
  while (!rest.empty()) {
    auto key = [&](const FloorRequest& r) {
      bool same_platform = !r.platform.empty() && r.platform == state.last_platform;
      bool same_side = !state.last_side.empty() && r.side == state.last_side;
      return std::tuple{state.spoken[r.member], same_platform, same_side, r.seq};
    };
    auto next = std::min_element(rest.begin(), rest.end(),
                                 [&](const auto& a, const auto& b) { return key(a) < key(b); });
    FloorRequest r = std::move(*next);
    rest.erase(next);
    ++state.spoken[r.member];
    state.last_side = r.side;
    if (!r.platform.empty()) state.last_platform = r.platform;
    out.push_back(std::move(r));
  }
  return out;
}

namespace rules {

namespace {

Result<Meeting> find_meeting(const RegistryView& s, std::string_view id) {
  auto m = s.meeting(id);
  if (!m) return not_found(fmt::format("no meeting {}", id), "/meeting");
  return *m;
}

Result<MeetingItem> find_item(const RegistryView& s, const Meeting& m, int64_t item) {
  auto i = s.meeting_item(m.id, item);
  if (!i) {
    return not_found(fmt::format("meeting {} has items 1 to {}, not {}", m.id, m.items, item),
                     "/item");
  }
  return *i;
}

std::string digest_hex(std::string_view text) {
  Digest d = blake2b(text);
  return to_hex(d);
}

// A UTC time as milliseconds, or the error naming its field.
Result<int64_t> utc_ms(std::string_view value, std::string_view field) {
  auto ms = is_utc_timestamp(value) ? utc_to_unix_ms(value) : Result<int64_t>(invalid_argument(""));
  if (!ms.ok()) {
    return invalid_argument("must be a UTC time such as 2027-01-01T09:00:00Z", std::string(field));
  }
  return *ms;
}

// Times are compared as instants, and kept in the clock's own form ("...:00.000Z"), so that
// the clock's queries can compare them as text: "09:00:00Z" and "09:00:00.000Z" are one
// instant, but not one string.
int64_t ms_of(std::string_view utc) {
  auto ms = utc_to_unix_ms(utc);
  return ms.ok() ? *ms : 0;
}

// The item is still being dealt with: minutes confirmed end it.
Status item_open_for_business(const MeetingItem& i) {
  if (!i.confirmed_by.empty()) {
    return failed_precondition(
        fmt::format("the minutes of item {} are confirmed ({}): the item is over", i.item,
                    i.confirmed_by),
        "/item");
  }
  return {};
}

}  // namespace

Result<Decision> decide_one(const RegistryView& s, const ScheduleMeeting& c, const Actor& a) {
  Body body = TRY(find_body(s, c.body, "/body"));
  Member m = TRY(holder(s, a, body, "schedule its meetings"));
  TRY(check_text(c.title, "/title", kMaxMeetingTitleChars));
  if (auto why = hidden_character(c.title, false)) {
    return invalid_argument(fmt::format("cannot contain {}", *why), "/title");
  }
  const int64_t starts = TRY(utc_ms(c.starts, "/starts"));
  if (starts < ms_of(a.now)) {
    return invalid_argument(fmt::format("is in the past (now is {})", a.now), "/starts");
  }
  if (c.agenda.empty() || c.agenda.size() > kMaxAgendaItems) {
    return invalid_argument(fmt::format("a meeting has 1 to {} agenda items; this has {}",
                                        kMaxAgendaItems, c.agenda.size()),
                            "/agenda");
  }
  for (size_t k = 0; k < c.agenda.size(); ++k) {
    const AgendaItem& item = c.agenda[k];
    std::string at = fmt::format("/agenda/{}", k);
    TRY(check_text(item.text, at + "/text", kMaxItemChars));
    if (item.minutes < 1 || item.minutes > kMaxItemMinutes) {
      return invalid_argument(
          fmt::format("an item is expected to last 1 to {} minutes", kMaxItemMinutes),
          at + "/minutes");
    }
    std::set<std::string> seen;
    for (size_t j = 0; j < item.motions.size(); ++j) {
      std::string where = fmt::format("{}/motions/{}", at, j);
      auto motion = s.motion(item.motions[j]);
      if (!motion) return not_found(fmt::format("no motion {}", item.motions[j]), where);
      if (motion->body != body.id) {
        return invalid_argument(
            fmt::format("{} is a motion of {}, not of {}", motion->id, motion->body, body.id),
            where);
      }
      if (!seen.insert(motion->id).second) {
        return invalid_argument(fmt::format("{} is listed twice", motion->id), where);
      }
    }
  }
  MeetingScheduled ev{new_id("meeting", a, {}), body.id, c.title,
                      unix_ms_to_utc(starts),   m.id,    c.agenda};
  return Decision{{draft(ev)}};
}

Result<Decision> decide_one(const RegistryView& s, const RequestFloor& c, const Actor& a) {
  Meeting meeting = TRY(find_meeting(s, c.meeting));
  MeetingItem item = TRY(find_item(s, meeting, c.item));
  Body body = TRY(find_body(s, meeting.body, "/meeting"));
  Member m = TRY(acting_member(s, a, "ask for the floor"));
  if (!seat_of(s, body.id, m.id) && !s.represents(body, m)) {
    return permission_denied(
        fmt::format("{} is neither a seat holder of {} nor among the members it represents", m.id,
                    body.id),
        "/meeting");
  }
  if (c.side != "for" && c.side != "against" && c.side != "order") {
    return invalid_argument("the side is for, against or order (a point of order)", "/side");
  }
  TRY(item_open_for_business(item));
  if (!c.platform.empty()) {
    auto p = s.platform(c.platform);
    if (!p) return not_found(fmt::format("no platform {}", c.platform), "/platform");
    if (p->recognised.empty()) {
      return failed_precondition(
          fmt::format("{} is not recognised yet: it has {} supporters of the {} the constitution "
                      "asks (B4)",
                      p->id, p->supporters, s.constitution().platform_threshold),
          "/platform");
    }
    if (!s.supports_platform(p->id, m.id)) {
      return permission_denied(fmt::format("{} does not support {}", m.id, p->id), "/platform");
    }
    if (c.side == "order") {
      return invalid_argument("a point of order is made for no platform", "/platform");
    }
  }
  for (const auto& r : s.floor_waiting(meeting.id, c.item)) {
    if (r.member == m.id) {
      return already_exists(
          fmt::format("{} is already on the speakers' list of item {}", m.id, c.item), "/item");
    }
  }
  return Decision{{draft(FloorRequested{meeting.id, c.item, m.id, c.side, c.platform})}};
}

Result<Decision> decide_one(const RegistryView& s, const GiveFloor& c, const Actor& a) {
  Meeting meeting = TRY(find_meeting(s, c.meeting));
  MeetingItem item = TRY(find_item(s, meeting, c.item));
  Body body = TRY(find_body(s, meeting.body, "/meeting"));
  Member chair = TRY(holder(s, a, body, "give the floor at its meetings"));
  TRY(item_open_for_business(item));
  if (ms_of(a.now) < ms_of(meeting.starts)) {
    return failed_precondition(fmt::format("{} starts at {}", meeting.id, meeting.starts),
                               "/meeting");
  }
  auto order =
      speaking_order(s.floor_waiting(meeting.id, c.item), s.speaking_state(meeting.id, c.item));
  if (order.empty()) {
    return failed_precondition(fmt::format("nobody is waiting to speak on item {}", c.item),
                               "/item");
  }
  const FloorRequest& next = order.front();
  if (next.member != c.member) {
    bool waiting = std::any_of(order.begin(), order.end(),
                               [&](const FloorRequest& r) { return r.member == c.member; });
    if (!waiting) {
      return failed_precondition(
          fmt::format("{} is not on the speakers' list of item {}", c.member, c.item), "/member");
    }
    std::string why = next.side == "order"
                          ? "a point of order comes first"
                          : "the order is balanced: whoever has spoken least comes first, then "
                            "platforms alternate, then for and against";
    return failed_precondition(
        fmt::format("not balanced: {} has the floor next ({}; B2, B4)", next.member, why),
        "/member");
  }
  return Decision{
      {draft(FloorGiven{meeting.id, c.item, next.member, next.side, next.platform, chair.id})}};
}

Result<Decision> decide_one(const RegistryView& s, const WriteMinutes& c, const Actor& a) {
  Meeting meeting = TRY(find_meeting(s, c.meeting));
  MeetingItem item = TRY(find_item(s, meeting, c.item));
  Body body = TRY(find_body(s, meeting.body, "/meeting"));
  Member m = TRY(holder(s, a, body, "write the minutes of its meetings"));
  TRY(check_text(c.text, "/text", kMaxMinutesChars));
  TRY(item_open_for_business(item));
  if (!item.confirm_motion.empty()) {
    return failed_precondition(
        fmt::format("the body is voting on these minutes ({}): they change only if it rejects them",
                    item.confirm_motion),
        "/item");
  }
  if (!item.close_motion.empty()) {
    return failed_precondition(
        fmt::format("the body is voting on closing item {} ({}): minutes wait for its decision",
                    c.item, item.close_motion),
        "/item");
  }
  MinutesWritten ev{
      meeting.id, c.item, m.id, "", digest_hex(c.text), static_cast<int64_t>(char_count(c.text)),
      false};
  Decision d;
  if (item.state == "closed") {
    // The record is public: the text waits in the minutes box until the expiry.
    ev.sealed = true;
    d.minutes = SealedMinutes{meeting.id, c.item, c.text};
  } else {
    ev.text = c.text;
  }
  d.events.push_back(draft(ev));
  return d;
}

Result<Decision> decide_one(const RegistryView& s, const ConfirmMinutes& c, const Actor& a) {
  Meeting meeting = TRY(find_meeting(s, c.meeting));
  MeetingItem item = TRY(find_item(s, meeting, c.item));
  Body body = TRY(deciding_body(s, meeting.body, "/meeting"));
  Member m = TRY(holder(s, a, body, "move to confirm minutes"));
  if (!item.confirmed_by.empty()) {
    return already_exists(
        fmt::format("the minutes of item {} are confirmed already ({})", c.item, item.confirmed_by),
        "/item");
  }
  if (!item.confirm_motion.empty()) {
    return already_exists(fmt::format("the body is already voting on the minutes of item {} ({})",
                                      c.item, item.confirm_motion),
                          "/item");
  }
  if (!item.has_minutes) {
    return failed_precondition(fmt::format("item {} has no minutes yet", c.item), "/item");
  }
  Json payload = {{"meeting", meeting.id}, {"item", c.item}, {"digest", item.minutes_digest}};
  Motion motion = new_motion(
      s, a, Motion::Kind::kMinutes, body, m.id,
      fmt::format("Confirm the minutes of item {} of {} ({})", c.item, meeting.title, meeting.id),
      std::move(payload), {});
  return Decision{{draft(motion_proposed(motion))}};
}

Result<Decision> decide_one(const RegistryView& s, const CloseItem& c, const Actor& a) {
  Meeting meeting = TRY(find_meeting(s, c.meeting));
  MeetingItem item = TRY(find_item(s, meeting, c.item));
  Body body = TRY(deciding_body(s, meeting.body, "/meeting"));
  Member m = TRY(holder(s, a, body, "move to close an item"));
  if (c.reason.empty()) {
    return invalid_argument("a closed item needs a stated reason (B2)", "/reason");
  }
  TRY(check_text(c.reason, "/reason", kMaxStatementChars));
  if (c.until.empty()) {
    return invalid_argument(
        "a closed item needs an expiry date, when its minutes are published (B2)", "/until");
  }
  const int64_t until = TRY(utc_ms(c.until, "/until"));
  if (until <= ms_of(a.now)) {
    return invalid_argument(fmt::format("the expiry must be after now ({})", a.now), "/until");
  }
  if (until > ms_of(a.now) + kMaxClosedSeconds * 1000) {
    return invalid_argument("an item stays closed five years at most (B2)", "/until");
  }
  if (item.state != "open") {
    return failed_precondition(fmt::format("item {} was closed already ({})", c.item, item.closed),
                               "/item");
  }
  if (!item.close_motion.empty()) {
    return already_exists(fmt::format("the body is already voting on closing item {} ({})", c.item,
                                      item.close_motion),
                          "/item");
  }
  if (item.has_minutes) {
    return failed_precondition(
        fmt::format("the minutes of item {} are already public: an item is closed before its "
                    "minutes are written",
                    c.item),
        "/item");
  }
  const std::string expiry = unix_ms_to_utc(until);
  Json payload = {
      {"meeting", meeting.id}, {"item", c.item}, {"reason", c.reason}, {"until", expiry}};
  Motion motion = new_motion(s, a, Motion::Kind::kCloseItem, body, m.id,
                             fmt::format("Close item {} of {} ({}) until {}: {}", c.item,
                                         meeting.title, meeting.id, expiry, c.reason),
                             std::move(payload), {});
  return Decision{{draft(motion_proposed(motion))}};
}

Result<Decision> decide_one(const RegistryView& s, const PublishItem& c, const Actor& a) {
  TRY(only_clock(a));
  auto item = s.meeting_item(c.meeting, c.item);
  if (!item || item->state != "closed" || ms_of(a.now) < ms_of(item->until)) return Decision{};
  std::string text = s.sealed_minutes(c.meeting, c.item).value_or("");
  int64_t seconds = (ms_of(a.now) - ms_of(item->closed)) / 1000;
  return Decision{
      {draft(ItemPublished{c.meeting, c.item, std::move(text), item->closed, seconds})}};
}

std::optional<std::string> deliberation_effects(const RegistryView& s, const Motion& m,
                                                Events& events) {
  std::string meeting = m.payload.value("meeting", "");
  int64_t number = m.payload.value("item", int64_t{0});
  auto item = s.meeting_item(meeting, number);
  if (!item) return "the item no longer exists";
  if (m.kind == Motion::Kind::kMinutes) {
    if (!item->confirmed_by.empty()) return "the minutes were confirmed meanwhile";
    if (item->minutes_digest != m.payload.value("digest", "")) {
      return "the minutes changed after the motion was proposed";
    }
    events.push_back(draft(MinutesConfirmed{meeting, number, m.id}));
    return std::nullopt;
  }
  if (item->state != "open") return "the item was closed meanwhile";
  if (item->has_minutes) return "its minutes were made public meanwhile";
  events.push_back(draft(ItemClosed{meeting, number, m.id, m.payload.value("reason", ""),
                                    m.payload.value("until", "")}));
  return std::nullopt;
}

Result<Decision> decide_one(const RegistryView& s, const FormPlatform& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "form platforms"));
  TRY(check_text(c.name, "/name", kMaxPlatformNameChars));
  if (auto why = hidden_character(c.name, false)) {
    return invalid_argument(fmt::format("cannot contain {}", *why), "/name");
  }
  TRY(check_text(c.statement, "/statement", kMaxStatementChars));
  if (auto other = s.platform_by_name(c.name)) {
    return already_exists(fmt::format("platform {} has this name", *other), "/name");
  }
  Events events;
  std::string id = new_id("platform", a, events);
  events.push_back(draft(PlatformFormed{id, c.name, c.statement, m.id}));
  int threshold = s.constitution().platform_threshold;
  if (threshold <= 1) events.push_back(draft(PlatformRecognised{id, 1, threshold}));
  return Decision{std::move(events)};
}

Result<Decision> decide_one(const RegistryView& s, const SupportPlatform& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "support platforms"));
  auto p = s.platform(c.platform);
  if (!p) return not_found(fmt::format("no platform {}", c.platform), "/platform");
  if (s.supports_platform(p->id, m.id)) {
    return already_exists(fmt::format("{} already supports {}", m.id, p->id), "/platform");
  }
  Events events{draft(PlatformSupported{p->id, m.id})};
  int threshold = s.constitution().platform_threshold;
  if (p->recognised.empty() && p->supporters + 1 >= threshold) {
    events.push_back(draft(PlatformRecognised{p->id, p->supporters + 1, threshold}));
  }
  return Decision{std::move(events)};
}

Status platforms_allow(const RegistryView& s, const Constitution& c) {
  auto least = s.least_recognised_supporters();
  if (least && c.platform_threshold > *least) {
    return failed_precondition(
        fmt::format("a threshold of {} would leave a recognised platform with {} supporters below "
                    "it: no amendment may take a platform's standing away (B4)",
                    c.platform_threshold, *least),
        "/amendment/platform_threshold");
  }
  return {};
}

}  // namespace rules

}  // namespace collegium::federation
