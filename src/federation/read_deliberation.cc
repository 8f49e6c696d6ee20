#include "federation/read_deliberation.h"

#include <fmt/format.h>

#include "federation/read_common.h"

namespace collegium::federation {

namespace {

SpeakerView speaker(const RegistryView& r, std::string member, std::string side,
                    std::string platform) {
  SpeakerView v{std::move(member), "", std::move(side), std::move(platform), ""};
  v.name = reads::member_name(r, v.member);
  if (!v.platform.empty()) {
    auto p = r.platform(v.platform);
    v.platform_name = p ? p->name : v.platform;
  }
  return v;
}

MeetingView summary(const RegistryView& r, const Meeting& m, int64_t closed_items) {
  MeetingView v;
  v.id = m.id;
  v.body = m.body;
  v.body_name = reads::body_name(r, m.body);
  v.title = m.title;
  v.starts = m.starts;
  v.scheduled_by = m.scheduled_by;
  v.scheduled_by_name = reads::member_name(r, m.scheduled_by);
  v.items = m.items;
  v.closed_items = closed_items;
  return v;
}

constexpr const char* kClosedCount =
    "SELECT COUNT(*) FROM meeting_items WHERE meeting = ? AND closed != ''";

}  // namespace

Result<MeetingList> list_meetings(Federation& fed, const MeetingFilter& f, const Page& page) {
  TRY(reads::check_page(page));
  auto& db = fed.store().db();
  auto total = TRY(db.prepare("SELECT COUNT(*) FROM meetings WHERE (?1 = '' OR body = ?1)"));
  total.bind(1, f.body);
  MeetingList out;
  out.total = TRY(reads::single_int(total));
  auto q = TRY(db.prepare(
      "SELECT id FROM meetings WHERE (?1 = '' OR body = ?1) ORDER BY starts DESC, seq DESC "
      "LIMIT ?2 OFFSET ?3"));
  q.bind(1, f.body).bind(2, page.limit).bind(3, page.offset);
  auto ids = TRY(reads::first_column(q));
  auto closed = TRY(db.prepare(kClosedCount));
  for (const auto& id : ids) {
    auto m = fed.registry().meeting(id);
    if (!m) continue;
    closed.reset();
    closed.bind(1, id);
    out.meetings.push_back(summary(fed.registry(), *m, TRY(reads::single_int(closed))));
  }
  return out;
}

Result<MeetingView> read_meeting(Federation& fed, std::string_view id) {
  const RegistryView& r = fed.registry();
  auto m = r.meeting(id);
  if (!m) return not_found(fmt::format("no meeting {}", id), "id");
  auto& db = fed.store().db();
  auto closed = TRY(db.prepare(kClosedCount));
  closed.bind(1, m->id);
  MeetingView v = summary(r, *m, TRY(reads::single_int(closed)));
  auto rows =
      TRY(db.prepare("SELECT item, minutes_text, minutes_chars, seconds_closed FROM meeting_items "
                     "WHERE meeting = ? ORDER BY item"));
  rows.bind(1, m->id);
  auto spoken = TRY(db.prepare(
      "SELECT member, side, platform FROM meeting_speakers WHERE meeting = ? AND item = ? AND "
      "spoke_seq != 0 ORDER BY spoke_seq"));
  v.agenda.emplace();
  while (TRY(rows.step())) {
    int64_t number = rows.column_int(0);
    auto item = r.meeting_item(m->id, number);
    if (!item) continue;
    ItemView i;
    i.item = number;
    i.text = item->agenda.text;
    i.minutes = item->agenda.minutes;
    i.motions = item->agenda.motions;
    i.state = item->state;
    i.reason = item->reason;
    i.until = item->until;
    i.closed = item->closed;
    i.published = item->published;
    i.seconds_closed = rows.column_int(3);
    // The projection holds no text for a closed item's minutes; the box is never read here.
    i.minutes_text = std::string(rows.column_text(1));
    i.minutes_sealed = item->state == "closed" && item->has_minutes;
    i.minutes_chars = rows.column_int(2);
    i.minutes_by = item->minutes_by;
    if (!i.minutes_by.empty()) i.minutes_by_name = reads::member_name(r, i.minutes_by);
    i.confirmed_by = item->confirmed_by;
    i.confirm_motion = item->confirm_motion;
    i.close_motion = item->close_motion;
    for (const auto& w :
         speaking_order(r.floor_waiting(m->id, number), r.speaking_state(m->id, number))) {
      i.waiting.push_back(speaker(r, w.member, w.side, w.platform));
    }
    spoken.reset();
    spoken.bind(1, m->id).bind(2, number);
    while (TRY(spoken.step())) {
      i.spoken.push_back(speaker(r, std::string(spoken.column_text(0)),
                                 std::string(spoken.column_text(1)),
                                 std::string(spoken.column_text(2))));
    }
    v.agenda->push_back(std::move(i));
  }
  return v;
}

Result<ClosedItems> closed_items(Federation& fed, const MeetingFilter& f) {
  auto q = TRY(fed.store().db().prepare(R"sql(
      SELECT i.meeting, m.title, m.body, i.item, i.reason, i.closed, i.until, i.published,
             i.seconds_closed
      FROM meeting_items i JOIN meetings m ON m.id = i.meeting
      WHERE i.closed != '' AND (?1 = '' OR m.body = ?1)
      ORDER BY i.closed, i.meeting, i.item)sql"));
  q.bind(1, f.body);
  ClosedItems out;
  while (TRY(q.step())) {
    ClosedItemView c;
    c.meeting = std::string(q.column_text(0));
    c.title = std::string(q.column_text(1));
    c.body = std::string(q.column_text(2));
    c.item = q.column_int(3);
    c.reason = std::string(q.column_text(4));
    c.closed = std::string(q.column_text(5));
    c.until = std::string(q.column_text(6));
    c.published = std::string(q.column_text(7));
    c.seconds_closed = q.column_int(8);
    if (c.published.empty()) ++out.still_closed;
    out.items.push_back(std::move(c));
  }
  out.count = static_cast<int64_t>(out.items.size());
  return out;
}

namespace {

PlatformView platform_view(const RegistryView& r, const Platform& p) {
  PlatformView v;
  v.id = p.id;
  v.name = p.name;
  v.statement = p.statement;
  v.formed_by = p.formed_by;
  v.formed_by_name = reads::member_name(r, p.formed_by);
  v.supporters = p.supporters;
  v.recognised = p.recognised;
  return v;
}

}  // namespace

Result<PlatformList> list_platforms(Federation& fed, const Page& page) {
  TRY(reads::check_page(page));
  auto& db = fed.store().db();
  auto total = TRY(db.prepare("SELECT COUNT(*) FROM platforms"));
  PlatformList out;
  out.total = TRY(reads::single_int(total));
  out.threshold = fed.registry().constitution().platform_threshold;
  auto q = TRY(db.prepare("SELECT id FROM platforms ORDER BY seq LIMIT ? OFFSET ?"));
  q.bind(1, page.limit).bind(2, page.offset);
  for (const auto& id : TRY(reads::first_column(q))) {
    if (auto p = fed.registry().platform(id)) {
      out.platforms.push_back(platform_view(fed.registry(), *p));
    }
  }
  return out;
}

Result<PlatformView> read_platform(Federation& fed, std::string_view id) {
  auto p = fed.registry().platform(id);
  if (!p) return not_found(fmt::format("no platform {}", id), "id");
  PlatformView v = platform_view(fed.registry(), *p);
  auto q = TRY(fed.store().db().prepare(
      "SELECT member FROM platform_supporters WHERE platform = ? ORDER BY seq"));
  q.bind(1, p->id);
  v.supporter_ids = TRY(reads::first_column(q));
  return v;
}

}  // namespace collegium::federation
