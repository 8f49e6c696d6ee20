// Meetings and platforms (deliberation.h): what their events leave in the projection, the
// minutes box, and the registry view's reads of them.
#include "federation/deliberation_projection.h"

#include <fmt/format.h>

#include "federation/codec.h"

namespace collegium::federation {

using store::Statement;

store::Migration deliberation_migration() {
  return {"federation/deliberation-1", R"sql(
    CREATE TABLE meetings(id TEXT PRIMARY KEY, body TEXT NOT NULL, title TEXT NOT NULL,
                          starts TEXT NOT NULL, scheduled_by TEXT NOT NULL,
                          items INTEGER NOT NULL, seq INTEGER NOT NULL,
                          time TEXT NOT NULL) STRICT;
    CREATE INDEX meetings_body ON meetings(body, starts);
    -- An agenda item and where it stands: open, closed (by a motion of the body, until
    -- its expiry) or published. minutes_text is empty while the item is closed: the record
    -- then holds only the digest, and the text waits in minutes_box.
    CREATE TABLE meeting_items(meeting TEXT NOT NULL, item INTEGER NOT NULL, text TEXT NOT NULL,
                               minutes INTEGER NOT NULL, motions TEXT NOT NULL,
                               state TEXT NOT NULL, reason TEXT NOT NULL, until TEXT NOT NULL,
                               close_motion TEXT NOT NULL, closed TEXT NOT NULL,
                               published TEXT NOT NULL, seconds_closed INTEGER NOT NULL,
                               minutes_text TEXT NOT NULL, minutes_by TEXT NOT NULL,
                               minutes_chars INTEGER NOT NULL, minutes_digest TEXT NOT NULL,
                               minutes_written TEXT NOT NULL, confirmed_by TEXT NOT NULL,
                               PRIMARY KEY(meeting, item)) STRICT, WITHOUT ROWID;
    CREATE INDEX meeting_items_due ON meeting_items(state, until);
    -- The speakers' list of each item: every request, and when it was given the floor.
    CREATE TABLE meeting_speakers(meeting TEXT NOT NULL, item INTEGER NOT NULL,
                                  seq INTEGER NOT NULL, member TEXT NOT NULL, side TEXT NOT NULL,
                                  platform TEXT NOT NULL, spoke_seq INTEGER NOT NULL,
                                  given_by TEXT NOT NULL,
                                  PRIMARY KEY(meeting, item, seq)) STRICT, WITHOUT ROWID;
    CREATE INDEX meeting_speakers_member ON meeting_speakers(meeting, member);
    -- Minutes of closed items until their expiry: kept out of the record, so not rebuilt.
    CREATE TABLE minutes_box(meeting TEXT NOT NULL, item INTEGER NOT NULL, text TEXT NOT NULL,
                             PRIMARY KEY(meeting, item)) STRICT, WITHOUT ROWID;
    CREATE TABLE platforms(id TEXT PRIMARY KEY, name TEXT NOT NULL, statement TEXT NOT NULL,
                           formed_by TEXT NOT NULL, supporters INTEGER NOT NULL,
                           recognised TEXT NOT NULL, seq INTEGER NOT NULL,
                           time TEXT NOT NULL) STRICT;
    CREATE UNIQUE INDEX platforms_name ON platforms(name);
    CREATE TABLE platform_supporters(platform TEXT NOT NULL, member TEXT NOT NULL,
                                     seq INTEGER NOT NULL,
                                     PRIMARY KEY(platform, member)) STRICT, WITHOUT ROWID;
    CREATE INDEX platform_supporters_member ON platform_supporters(member);
  )sql"};
}

std::vector<std::string> deliberation_tables() {
  return {"meetings", "meeting_items", "meeting_speakers", "platforms", "platform_supporters"};
}

namespace {

bool next(Statement& q) {
  auto row = q.step();
  return row.ok() && *row;
}

std::string col(const Statement& q, int i) {
  return std::string(q.column_text(i));
}

int64_t seq_of(const record::Event& e) {
  return static_cast<int64_t>(e.seq);
}

}  // namespace

Status apply_meeting_scheduled(StatementCache& q, const record::Event& e,
                               const MeetingScheduled& ev) {
  TRY(q("INSERT INTO meetings(id, body, title, starts, scheduled_by, items, seq, time) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(1, ev.id)
          .bind(2, ev.body)
          .bind(3, ev.title)
          .bind(4, ev.starts)
          .bind(5, ev.by)
          .bind(6, static_cast<int64_t>(ev.agenda.size()))
          .bind(7, seq_of(e))
          .bind(8, e.time)
          .run());
  for (size_t k = 0; k < ev.agenda.size(); ++k) {
    const AgendaItem& item = ev.agenda[k];
    TRY(q("INSERT INTO meeting_items(meeting, item, text, minutes, motions, state, reason, until, "
          "close_motion, closed, published, seconds_closed, minutes_text, minutes_by, "
          "minutes_chars, minutes_digest, minutes_written, confirmed_by) "
          "VALUES(?, ?, ?, ?, ?, 'open', '', '', '', '', '', 0, '', '', 0, '', '', '')")
            .bind(1, ev.id)
            .bind(2, static_cast<int64_t>(k + 1))
            .bind(3, item.text)
            .bind(4, item.minutes)
            .bind(5, Json(item.motions).dump())
            .run());
  }
  return {};
}

Status apply_floor_requested(StatementCache& q, const record::Event& e, const FloorRequested& ev) {
  return q("INSERT INTO meeting_speakers(meeting, item, seq, member, side, platform, spoke_seq, "
           "given_by) VALUES(?, ?, ?, ?, ?, ?, 0, '')")
      .bind(1, ev.meeting)
      .bind(2, ev.item)
      .bind(3, seq_of(e))
      .bind(4, ev.member)
      .bind(5, ev.side)
      .bind(6, ev.platform)
      .run();
}

Status apply_floor_given(StatementCache& q, const record::Event& e, const FloorGiven& ev) {
  return q("UPDATE meeting_speakers SET spoke_seq = ?, given_by = ? WHERE meeting = ? AND "
           "item = ? AND member = ? AND spoke_seq = 0")
      .bind(1, seq_of(e))
      .bind(2, ev.by)
      .bind(3, ev.meeting)
      .bind(4, ev.item)
      .bind(5, ev.member)
      .run();
}

Status apply_minutes_written(StatementCache& q, const record::Event& e, const MinutesWritten& ev) {
  return q("UPDATE meeting_items SET minutes_text = ?, minutes_by = ?, minutes_chars = ?, "
           "minutes_digest = ?, minutes_written = ? WHERE meeting = ? AND item = ?")
      .bind(1, ev.text)
      .bind(2, ev.by)
      .bind(3, ev.chars)
      .bind(4, ev.digest)
      .bind(5, e.time)
      .bind(6, ev.meeting)
      .bind(7, ev.item)
      .run();
}

Status apply_minutes_confirmed(StatementCache& q, const MinutesConfirmed& ev) {
  return q("UPDATE meeting_items SET confirmed_by = ? WHERE meeting = ? AND item = ?")
      .bind(1, ev.motion)
      .bind(2, ev.meeting)
      .bind(3, ev.item)
      .run();
}

Status apply_item_closed(StatementCache& q, const record::Event& e, const ItemClosed& ev) {
  return q("UPDATE meeting_items SET state = 'closed', reason = ?, until = ?, close_motion = ?, "
           "closed = ? WHERE meeting = ? AND item = ?")
      .bind(1, ev.reason)
      .bind(2, ev.until)
      .bind(3, ev.motion)
      .bind(4, e.time)
      .bind(5, ev.meeting)
      .bind(6, ev.item)
      .run();
}

Status apply_item_published(StatementCache& q, const record::Event& e, const ItemPublished& ev) {
  TRY(q("UPDATE meeting_items SET state = 'published', published = ?, seconds_closed = ?, "
        "minutes_text = ? WHERE meeting = ? AND item = ?")
          .bind(1, e.time)
          .bind(2, ev.seconds_closed)
          .bind(3, ev.text)
          .bind(4, ev.meeting)
          .bind(5, ev.item)
          .run());
  return q("DELETE FROM minutes_box WHERE meeting = ? AND item = ?")
      .bind(1, ev.meeting)
      .bind(2, ev.item)
      .run();
}

Status apply_platform_formed(StatementCache& q, const record::Event& e, const PlatformFormed& ev) {
  TRY(q("INSERT INTO platforms(id, name, statement, formed_by, supporters, recognised, seq, time) "
        "VALUES(?, ?, ?, ?, 1, '', ?, ?)")
          .bind(1, ev.id)
          .bind(2, ev.name)
          .bind(3, ev.statement)
          .bind(4, ev.by)
          .bind(5, seq_of(e))
          .bind(6, e.time)
          .run());
  // The founder is the first supporter.
  return q("INSERT INTO platform_supporters(platform, member, seq) VALUES(?, ?, ?)")
      .bind(1, ev.id)
      .bind(2, ev.by)
      .bind(3, seq_of(e))
      .run();
}

Status apply_platform_supported(StatementCache& q, const record::Event& e,
                                const PlatformSupported& ev) {
  TRY(q("INSERT INTO platform_supporters(platform, member, seq) VALUES(?, ?, ?)")
          .bind(1, ev.platform)
          .bind(2, ev.member)
          .bind(3, seq_of(e))
          .run());
  return q("UPDATE platforms SET supporters = supporters + 1 WHERE id = ?")
      .bind(1, ev.platform)
      .run();
}

Status apply_platform_recognised(StatementCache& q, const record::Event& e,
                                 const PlatformRecognised& ev) {
  return q("UPDATE platforms SET recognised = ? WHERE id = ?")
      .bind(1, e.time)
      .bind(2, ev.platform)
      .run();
}

// ---- the registry view ----

Status SqlRegistry::seal_minutes(const SealedMinutes& m) {
  return cache_(
             "INSERT INTO minutes_box(meeting, item, text) VALUES(?, ?, ?) "
             "ON CONFLICT(meeting, item) DO UPDATE SET text = excluded.text")
      .bind(1, m.meeting)
      .bind(2, m.item)
      .bind(3, m.text)
      .run();
}

std::optional<Meeting> SqlRegistry::meeting(std::string_view id) const {
  Statement& q =
      cache_("SELECT id, body, title, starts, scheduled_by, items FROM meetings WHERE id = ?");
  q.bind(1, id);
  std::optional<Meeting> out;
  if (next(q))
    out = Meeting{col(q, 0), col(q, 1), col(q, 2), col(q, 3), col(q, 4), q.column_int(5)};
  q.reset();
  return out;
}

std::optional<MeetingItem> SqlRegistry::meeting_item(std::string_view meeting, int64_t item) const {
  // The open motions about the item are read from the motions' own table, by their payload.
  Statement& q = cache_(R"sql(
      SELECT text, minutes, motions, state, reason, until, closed, published,
             minutes_digest != '', minutes_by, minutes_digest, confirmed_by,
             COALESCE((SELECT id FROM motions WHERE state = 'open' AND kind = 'minutes'
                         AND json_extract(payload, '$.meeting') = i.meeting
                         AND json_extract(payload, '$.item') = i.item), ''),
             COALESCE((SELECT id FROM motions WHERE state = 'open' AND kind = 'close_item'
                         AND json_extract(payload, '$.meeting') = i.meeting
                         AND json_extract(payload, '$.item') = i.item), '')
      FROM meeting_items i WHERE meeting = ? AND item = ?)sql");
  q.bind(1, meeting).bind(2, item);
  std::optional<MeetingItem> out;
  if (next(q)) {
    MeetingItem m;
    m.meeting = std::string(meeting);
    m.item = item;
    m.agenda.text = col(q, 0);
    m.agenda.minutes = q.column_int(1);
    if (auto j = parse_json(q.column_text(2)); j.ok() && j->is_array()) {
      for (const auto& id : *j) m.agenda.motions.push_back(id.get<std::string>());
    }
    m.state = col(q, 3);
    m.reason = col(q, 4);
    m.until = col(q, 5);
    m.closed = col(q, 6);
    m.published = col(q, 7);
    m.has_minutes = q.column_int(8) != 0;
    m.minutes_by = col(q, 9);
    m.minutes_digest = col(q, 10);
    m.confirmed_by = col(q, 11);
    m.confirm_motion = col(q, 12);
    m.close_motion = col(q, 13);
    out = std::move(m);
  }
  q.reset();
  return out;
}

std::vector<FloorRequest> SqlRegistry::floor_waiting(std::string_view meeting, int64_t item) const {
  Statement& q = cache_(
      "SELECT seq, member, side, platform FROM meeting_speakers WHERE meeting = ? AND item = ? "
      "AND spoke_seq = 0 ORDER BY seq");
  q.bind(1, meeting).bind(2, item);
  std::vector<FloorRequest> out;
  while (next(q)) out.push_back({q.column_int(0), col(q, 1), col(q, 2), col(q, 3)});
  q.reset();
  return out;
}

SpeakingState SqlRegistry::speaking_state(std::string_view meeting, int64_t item) const {
  SpeakingState s;
  // Contributions in the whole meeting; points of order are procedure, not a contribution.
  Statement& q = cache_(
      "SELECT member, COUNT(*) FROM meeting_speakers WHERE meeting = ? AND spoke_seq != 0 AND "
      "side != 'order' GROUP BY member");
  q.bind(1, meeting);
  while (next(q)) s.spoken[col(q, 0)] = q.column_int(1);
  q.reset();
  Statement& last = cache_(
      "SELECT side FROM meeting_speakers WHERE meeting = ? AND item = ? AND spoke_seq != 0 AND "
      "side != 'order' ORDER BY spoke_seq DESC LIMIT 1");
  last.bind(1, meeting).bind(2, item);
  if (next(last)) s.last_side = col(last, 0);
  last.reset();
  Statement& platform = cache_(
      "SELECT platform FROM meeting_speakers WHERE meeting = ? AND item = ? AND spoke_seq != 0 "
      "AND platform != '' ORDER BY spoke_seq DESC LIMIT 1");
  platform.bind(1, meeting).bind(2, item);
  if (next(platform)) s.last_platform = col(platform, 0);
  platform.reset();
  return s;
}

std::optional<std::string> SqlRegistry::sealed_minutes(std::string_view meeting,
                                                       int64_t item) const {
  Statement& q = cache_("SELECT text FROM minutes_box WHERE meeting = ? AND item = ?");
  q.bind(1, meeting).bind(2, item);
  std::optional<std::string> out;
  if (next(q)) out = col(q, 0);
  q.reset();
  return out;
}

std::optional<Platform> SqlRegistry::platform(std::string_view id) const {
  Statement& q = cache_(
      "SELECT id, name, statement, formed_by, recognised, supporters FROM platforms WHERE id = ?");
  q.bind(1, id);
  std::optional<Platform> out;
  if (next(q)) {
    out = Platform{col(q, 0), col(q, 1), col(q, 2), col(q, 3), col(q, 4), q.column_int(5)};
  }
  q.reset();
  return out;
}

std::optional<std::string> SqlRegistry::platform_by_name(std::string_view name) const {
  Statement& q = cache_("SELECT id FROM platforms WHERE name = ?");
  q.bind(1, name);
  std::optional<std::string> out;
  if (next(q)) out = col(q, 0);
  q.reset();
  return out;
}

bool SqlRegistry::supports_platform(std::string_view platform, std::string_view member) const {
  Statement& q = cache_("SELECT 1 FROM platform_supporters WHERE platform = ? AND member = ?");
  q.bind(1, platform).bind(2, member);
  bool out = next(q);
  q.reset();
  return out;
}

std::optional<int64_t> SqlRegistry::least_recognised_supporters() const {
  Statement& q = cache_("SELECT MIN(supporters) FROM platforms WHERE recognised != ''");
  std::optional<int64_t> out;
  if (next(q) && !q.column_is_null(0)) out = q.column_int(0);
  q.reset();
  return out;
}

}  // namespace collegium::federation
