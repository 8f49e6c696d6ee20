// The governance tables: the constitution, polls and their candidates, who voted, the
// sealed ballot box, mandates, recall petitions, motions and manual labour; and the
// RegistryView queries over them.
#include <fmt/format.h>

#include "federation/codec.h"
#include "federation/projection.h"
#include "federation/restore.h"

namespace collegium::federation {

using store::Sqlite;
using store::Statement;

Statement& StatementCache::operator()(const char* sql) {
  auto it = map_.find(sql);
  if (it != map_.end()) {
    it->second.reset();
    return it->second;
  }
  auto s = db_.prepare(sql);
  if (!s.ok()) {
    // Our own SQL against our own schema: failing here is a bug, not bad input.
    fmt::print(stderr, "internal error: {}\n", s.status().to_string());
    std::abort();
  }
  return map_.emplace(sql, std::move(*s)).first->second;
}

store::Migration governance_migration() {
  return {"federation/2", R"sql(
    CREATE INDEX members_shop ON members(shop);
    CREATE INDEX bodies_constituency ON bodies(constituency_kind, constituency_ref);
    CREATE TABLE constitution(id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL,
                              seq INTEGER NOT NULL) STRICT;
    CREATE TABLE polls(id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,
                       body TEXT NOT NULL, seats INTEGER NOT NULL, method TEXT NOT NULL,
                       reason TEXT NOT NULL, called_by TEXT NOT NULL,
                       nominations_close TEXT NOT NULL, voting_close TEXT NOT NULL,
                       mandate TEXT NOT NULL, recall TEXT NOT NULL, replaces TEXT NOT NULL,
                       electorate INTEGER NOT NULL, voters INTEGER NOT NULL,
                       result TEXT NOT NULL, ballots TEXT, called TEXT NOT NULL,
                       note TEXT NOT NULL DEFAULT '',
                       closed TEXT NOT NULL, seq INTEGER NOT NULL) STRICT;
    CREATE INDEX polls_body ON polls(body, state);
    CREATE INDEX polls_state ON polls(state);
    CREATE TABLE candidates(poll TEXT NOT NULL, member TEXT NOT NULL,
                            nominated_by TEXT NOT NULL, by_union INTEGER NOT NULL,
                            statement TEXT NOT NULL, seq INTEGER NOT NULL,
                            PRIMARY KEY(poll, member)) STRICT, WITHOUT ROWID;
    CREATE INDEX candidates_member ON candidates(member);
    -- Who voted: public. What was voted: in ballot_box, with nothing that links the two.
    CREATE TABLE poll_voters(poll TEXT NOT NULL, member TEXT NOT NULL,
                             PRIMARY KEY(poll, member)) STRICT, WITHOUT ROWID;
    CREATE INDEX poll_voters_member ON poll_voters(member);
    -- The sealed box (invariant 3): keyed by a random id, so its order is random; no voter,
    -- no time, no sequence number. Not part of the record until the poll closes, so not
    -- rebuilt from it either: rebuild() leaves it as it is.
    CREATE TABLE ballot_box(id BLOB PRIMARY KEY, poll TEXT NOT NULL, weight INTEGER NOT NULL,
                            ranking TEXT NOT NULL) STRICT, WITHOUT ROWID;
    CREATE INDEX ballot_box_poll ON ballot_box(poll);
    CREATE TABLE mandates(id TEXT PRIMARY KEY, body TEXT NOT NULL, member TEXT NOT NULL,
                          origin TEXT NOT NULL, source TEXT NOT NULL,
                          consenting_body TEXT NOT NULL, protected INTEGER NOT NULL,
                          started TEXT NOT NULL, ends TEXT NOT NULL, ended TEXT NOT NULL,
                          end_reason TEXT NOT NULL, ended_by TEXT NOT NULL,
                          seq INTEGER NOT NULL) STRICT;
    CREATE INDEX mandates_body ON mandates(body, ended);
    CREATE INDEX mandates_member ON mandates(member, ended);
    CREATE INDEX mandates_running_ends ON mandates(ends) WHERE ended = '';
    CREATE TABLE recalls(id TEXT PRIMARY KEY, mandate TEXT NOT NULL, opened_by TEXT NOT NULL,
                         reason TEXT NOT NULL, state TEXT NOT NULL, threshold INTEGER NOT NULL,
                         electorate INTEGER NOT NULL, signatures INTEGER NOT NULL,
                         poll TEXT NOT NULL, seq INTEGER NOT NULL) STRICT;
    CREATE INDEX recalls_mandate ON recalls(mandate, state);
    CREATE TABLE recall_signatures(recall TEXT NOT NULL, member TEXT NOT NULL,
                                   PRIMARY KEY(recall, member)) STRICT, WITHOUT ROWID;
    CREATE TABLE motions(id TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,
                         body TEXT NOT NULL, proposed_by TEXT NOT NULL, text TEXT NOT NULL,
                         closes TEXT NOT NULL, payload TEXT NOT NULL, yes INTEGER NOT NULL,
                         no INTEGER NOT NULL, abstain INTEGER NOT NULL, result TEXT NOT NULL,
                         seq INTEGER NOT NULL) STRICT;
    CREATE INDEX motions_state ON motions(state, closes);
    CREATE INDEX motions_body ON motions(body);
    CREATE TABLE motion_votes(motion TEXT NOT NULL, member TEXT NOT NULL, choice TEXT NOT NULL,
                              seq INTEGER NOT NULL, PRIMARY KEY(motion, member)) STRICT,
                              WITHOUT ROWID;
    CREATE INDEX motion_votes_member ON motion_votes(member);
    CREATE TABLE labour(id TEXT PRIMARY KEY, member TEXT NOT NULL, shop TEXT NOT NULL,
                        start TEXT NOT NULL, days INTEGER NOT NULL, note TEXT NOT NULL,
                        confirmed_by TEXT NOT NULL, seq INTEGER NOT NULL) STRICT;
    CREATE INDEX labour_member ON labour(member, start);
    CREATE TABLE reports(id TEXT PRIMARY KEY, mandate TEXT NOT NULL, member TEXT NOT NULL,
                         body TEXT NOT NULL, text TEXT NOT NULL, time TEXT NOT NULL,
                         seq INTEGER NOT NULL) STRICT;
    CREATE INDEX reports_mandate ON reports(mandate, seq);
    -- Pay of members (subject: a member id) and of offices (subject: a body id) (B8).
    CREATE TABLE pay(kind TEXT NOT NULL, subject TEXT NOT NULL, monthly INTEGER NOT NULL,
                     benefits TEXT NOT NULL, seq INTEGER NOT NULL,
                     PRIMARY KEY(kind, subject)) STRICT, WITHOUT ROWID;
  )sql"};
}

// Membership decisions and appeals (A12). A removed member's row moves from members to
// former_members, so that every electorate, count and right reads members alone.
store::Migration membership_migration() {
  return {"federation/3", R"sql(
    CREATE TABLE applications(id TEXT PRIMARY KEY, member TEXT NOT NULL, member_id TEXT NOT NULL,
                              state TEXT NOT NULL, body TEXT NOT NULL, motion TEXT NOT NULL,
                              applied TEXT NOT NULL, decided TEXT NOT NULL,
                              seq INTEGER NOT NULL) STRICT;
    CREATE INDEX applications_member ON applications(member_id, state);
    CREATE TABLE former_members(id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL,
                                workplace TEXT NOT NULL, shop TEXT NOT NULL, joined TEXT NOT NULL,
                                motion TEXT NOT NULL, body TEXT NOT NULL, removed TEXT NOT NULL,
                                reason TEXT NOT NULL, seq INTEGER NOT NULL) STRICT, WITHOUT ROWID;
    CREATE TABLE appeals(id TEXT PRIMARY KEY, decision TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                         subject TEXT NOT NULL, filed_by TEXT NOT NULL, grounds TEXT NOT NULL,
                         body TEXT NOT NULL, state TEXT NOT NULL, filed TEXT NOT NULL,
                         heard_by TEXT NOT NULL, minutes TEXT NOT NULL, heard TEXT NOT NULL,
                         motion TEXT NOT NULL, decided TEXT NOT NULL, seq INTEGER NOT NULL) STRICT;
    CREATE INDEX appeals_body ON appeals(body, state);
  )sql"};
}

// The sealed box clustered by poll, then by the random id: a poll's ballots are one range
// to read at its close and one range to delete, where the separate poll index cost a seek
// into the table for every ballot. Within a poll the order is still the random ids'.
store::Migration ballot_box_migration() {
  return {"federation/4", R"sql(
    CREATE TABLE ballot_box_by_poll(id BLOB NOT NULL, poll TEXT NOT NULL, weight INTEGER NOT NULL,
                                    ranking TEXT NOT NULL, PRIMARY KEY(poll, id))
                                    STRICT, WITHOUT ROWID;
    INSERT INTO ballot_box_by_poll(id, poll, weight, ranking)
      SELECT id, poll, weight, ranking FROM ballot_box;
    DROP TABLE ballot_box;
    ALTER TABLE ballot_box_by_poll RENAME TO ballot_box;
  )sql"};
}

// Hardening of the rules (#12): nominations wait for the nominee's answer, and a poll's
// electorate is fixed when its voting opens (the seq of that event; 0 for polls opened
// before this migration, which read the electorate as it is).
store::Migration rules_migration() {
  return {"federation/rules-1", R"sql(
    ALTER TABLE candidates ADD COLUMN state TEXT NOT NULL DEFAULT 'standing';
    ALTER TABLE polls ADD COLUMN opened_seq INTEGER NOT NULL DEFAULT 0;
    -- A body elected by delegates: its delegates and their weights when voting opened.
    CREATE TABLE poll_electors(poll TEXT NOT NULL, member TEXT NOT NULL, weight INTEGER NOT NULL,
                               PRIMARY KEY(poll, member)) STRICT, WITHOUT ROWID;
  )sql"};
}

// Delegates' ballots, cast openly (docs/governance.md, "The secret ballot"): a projection of
// ballot.cast like any other, rebuilt from the record. The sealed box never sees them.
store::Migration open_ballots_migration() {
  return {"federation/open-ballots", R"sql(
    CREATE TABLE open_ballots(poll TEXT NOT NULL, member TEXT NOT NULL, weight INTEGER NOT NULL,
                              ranking TEXT NOT NULL, PRIMARY KEY(poll, member))
                              STRICT, WITHOUT ROWID;
  )sql"};
}

std::vector<std::string> governance_tables() {
  return {"constitution", "polls",        "candidates", "poll_voters",  "mandates",
          "recalls",      "recall_signatures", "motions", "motion_votes", "labour",
          "reports",      "pay",          "applications", "former_members", "appeals",
          "poll_electors", "open_ballots"};
}

Status apply_governance(StatementCache& q, BallotBox& box, const record::Event& e) {
  const Json& p = e.payload;
  auto seq = static_cast<int64_t>(e.seq);
  auto str = [&](const char* key) { return p.value(key, std::string()); };
  auto num = [&](const char* key) { return p.value(key, int64_t{0}); };
  if (e.type == kConstitutionFounded || e.type == kConstitutionAmended) {
    return q("INSERT OR REPLACE INTO constitution(id, json, seq) VALUES(1, ?, ?)")
        .bind(1, p.at("constitution").dump())
        .bind(2, seq)
        .run();
  }
  // The delegates and their weights when a poll's voting opened, if its body has them.
  auto delegates = [&](const std::string& poll) -> Status {
    Json listed = p.value("delegates", Json::object());
    for (const auto& [member, weight] : listed.items()) {
      TRY(q("INSERT INTO poll_electors(poll, member, weight) VALUES(?, ?, ?)")
              .bind(1, poll)
              .bind(2, member)
              .bind(3, weight.get<int64_t>())
              .run());
    }
    return {};
  };
  if (e.type == kPollCalled) {
    bool recall = str("kind") == "recall";
    TRY(q("INSERT INTO polls(id, kind, state, body, seats, method, reason, called_by, "
          "nominations_close, voting_close, mandate, recall, replaces, electorate, voters, result, "
          "called, closed, seq, opened_seq) "
          "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, '', ?, ?)")
            .bind(1, str("id"))
            .bind(2, str("kind"))
            .bind(3, recall ? "voting" : "nominating")
            .bind(4, str("body"))
            .bind(5, num("seats"))
            .bind(6, str("method"))
            .bind(7, str("reason"))
            .bind(8, str("called_by"))
            .bind(9, str("nominations_close"))
            .bind(10, str("voting_close"))
            .bind(11, str("mandate"))
            .bind(12, str("recall"))
            .bind(13, p.value("replaces", Json::array()).dump())
            .bind(14, num("electorate"))
            .bind(15, e.time)
            .bind(16, seq)
            .bind(17, recall ? seq : int64_t{0})  // a recall vote opens as it is called
            .run());
    TRY(delegates(str("id")));
    if (recall) {
      TRY(q("UPDATE recalls SET state = 'voting', poll = ? WHERE id = ?")
              .bind(1, str("id"))
              .bind(2, str("recall"))
              .run());
    }
    return {};
  }
  if (e.type == kPollNominated) {
    // A member who declined or withdrew may put themselves forward again: the row is theirs.
    return q("INSERT INTO candidates(poll, member, nominated_by, by_union, statement, seq, state) "
             "VALUES(?, ?, ?, ?, '', ?, ?) ON CONFLICT(poll, member) DO UPDATE SET "
             "nominated_by = excluded.nominated_by, by_union = excluded.by_union, "
             "seq = excluded.seq, state = excluded.state")
        .bind(1, str("poll"))
        .bind(2, str("member"))
        .bind(3, str("nominated_by"))
        .bind(4, int64_t{p.value("by_union", false)})
        .bind(5, seq)
        .bind(6, p.value("pending", false) ? "nominated" : "standing")
        .run();
  }
  if (e.type == kNominationAccepted || e.type == kNominationDeclined ||
      e.type == kCandidacyWithdrawn) {
    const char* state = e.type == kNominationAccepted   ? "standing"
                        : e.type == kNominationDeclined ? "declined"
                                                        : "withdrawn";
    return q("UPDATE candidates SET state = ? WHERE poll = ? AND member = ?")
        .bind(1, state)
        .bind(2, str("poll"))
        .bind(3, str("member"))
        .run();
  }
  if (e.type == kPollStatement) {
    return q("UPDATE candidates SET statement = ? WHERE poll = ? AND member = ?")
        .bind(1, str("text"))
        .bind(2, str("poll"))
        .bind(3, str("member"))
        .run();
  }
  if (e.type == kPollExtended) {
    return q("UPDATE polls SET nominations_close = ?, voting_close = ?, note = ? WHERE id = ?")
        .bind(1, str("nominations_close"))
        .bind(2, str("voting_close"))
        .bind(3, "nominations extended: " + str("reason"))
        .bind(4, str("poll"))
        .run();
  }
  if (e.type == kPollVotingOpened) {
    TRY(q("UPDATE polls SET state = 'voting', electorate = ?, voting_close = ?, opened_seq = ? "
          "WHERE id = ?")
            .bind(1, num("electorate"))
            .bind(2, str("voting_close"))
            .bind(3, seq)
            .bind(4, str("poll"))
            .run());
    return delegates(str("poll"));
  }
  if (e.type == kBallotCast) {
    TRY(q("INSERT INTO poll_voters(poll, member) VALUES(?, ?)")
            .bind(1, str("poll"))
            .bind(2, str("member"))
            .run());
    if (p.contains("ranking")) {  // a delegate's open ballot
      TRY(q("INSERT INTO open_ballots(poll, member, weight, ranking) VALUES(?, ?, ?, ?)")
              .bind(1, str("poll"))
              .bind(2, str("member"))
              .bind(3, num("weight"))
              .bind(4, p.at("ranking").dump())
              .run());
    }
    return q("UPDATE polls SET voters = voters + 1 WHERE id = ?").bind(1, str("poll")).run();
  }
  if (e.type == kPollClosed) {
    Json result = p;
    result.erase("ballots");
    Statement& u =
        q("UPDATE polls SET state = 'closed', result = ?, ballots = ?, closed = ? "
          "WHERE id = ?");
    u.bind(1, result.dump());
    if (p.contains("ballots"))
      u.bind(2, str("ballots"));
    else
      u.bind_null(2);
    TRY(u.bind(3, e.time).bind(4, str("poll")).run());
    // The ballots are in the record now; the box gives them up.
    return box.discard(q, str("poll"));
  }
  if (e.type == kPollVotingRestarted) {
    // A restored backup held none of this poll's ballots (restore.h): nobody has voted.
    // The box itself is left alone: it was empty in the backup, and what it holds now was
    // cast after the restart (rebuild() replays this event after those ballots went in).
    TRY(q("DELETE FROM poll_voters WHERE poll = ?").bind(1, str("poll")).run());
    return q("UPDATE polls SET voters = 0, voting_close = ?, note = ? WHERE id = ?")
        .bind(1, str("voting_close"))
        .bind(2, "voting restarted: " + str("reason"))
        .bind(3, str("poll"))
        .run();
  }
  if (e.type == kMandateStarted) {
    return q("INSERT INTO mandates(id, body, member, origin, source, consenting_body, protected, "
             "started, ends, ended, end_reason, ended_by, seq) "
             "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', ?)")
        .bind(1, str("id"))
        .bind(2, str("body"))
        .bind(3, str("member"))
        .bind(4, str("origin"))
        .bind(5, str("source"))
        .bind(6, str("consenting_body"))
        .bind(7, int64_t{p.value("protected", false)})
        .bind(8, str("started"))
        .bind(9, str("ends"))
        .bind(10, seq)
        .run();
  }
  if (e.type == kMandateEnded) {
    return q("UPDATE mandates SET ended = ?, end_reason = ?, ended_by = ? WHERE id = ?")
        .bind(1, e.time)
        .bind(2, str("reason"))
        .bind(3, str("by"))
        .bind(4, str("mandate"))
        .run();
  }
  if (e.type == kRecallOpened) {
    return q("INSERT INTO recalls(id, mandate, opened_by, reason, state, threshold, electorate, "
             "signatures, poll, seq) VALUES(?, ?, ?, ?, 'petition', ?, ?, 0, '', ?)")
        .bind(1, str("id"))
        .bind(2, str("mandate"))
        .bind(3, str("opened_by"))
        .bind(4, str("reason"))
        .bind(5, num("threshold"))
        .bind(6, num("electorate"))
        .bind(7, seq)
        .run();
  }
  if (e.type == kRecallSigned) {
    TRY(q("INSERT INTO recall_signatures(recall, member) VALUES(?, ?)")
            .bind(1, str("recall"))
            .bind(2, str("member"))
            .run());
    return q("UPDATE recalls SET signatures = signatures + 1 WHERE id = ?")
        .bind(1, str("recall"))
        .run();
  }
  if (e.type == kRecallDecided) {
    return q("UPDATE recalls SET state = ? WHERE id = ?")
        .bind(1, p.value("passed", false) ? "passed" : "failed")
        .bind(2, str("recall"))
        .run();
  }
  if (e.type == kMotionProposed) {
    return q("INSERT INTO motions(id, kind, state, body, proposed_by, text, closes, payload, yes, "
             "no, abstain, result, seq) VALUES(?, ?, 'open', ?, ?, ?, ?, ?, 0, 0, 0, '', ?)")
        .bind(1, str("id"))
        .bind(2, str("kind"))
        .bind(3, str("body"))
        .bind(4, str("proposed_by"))
        .bind(5, str("text"))
        .bind(6, str("closes"))
        .bind(7, p.value("payload", Json::object()).dump())
        .bind(8, seq)
        .run();
  }
  if (e.type == kMotionVoted) {
    std::string choice = str("choice");
    TRY(q("INSERT INTO motion_votes(motion, member, choice, seq) VALUES(?, ?, ?, ?)")
            .bind(1, str("motion"))
            .bind(2, str("member"))
            .bind(3, choice)
            .bind(4, seq)
            .run());
    const char* sql = choice == "yes"  ? "UPDATE motions SET yes = yes + 1 WHERE id = ?"
                      : choice == "no" ? "UPDATE motions SET no = no + 1 WHERE id = ?"
                                       : "UPDATE motions SET abstain = abstain + 1 WHERE id = ?";
    return q(sql).bind(1, str("motion")).run();
  }
  if (e.type == kMotionClosed) {
    return q("UPDATE motions SET state = ?, result = ? WHERE id = ?")
        .bind(1, p.value("carried", false) ? "carried" : "lost")
        .bind(2, p.dump())
        .bind(3, str("motion"))
        .run();
  }
  if (e.type == kLabourLogged) {
    return q("INSERT INTO labour(id, member, shop, start, days, note, confirmed_by, seq) "
             "VALUES(?, ?, ?, ?, ?, ?, '', ?)")
        .bind(1, str("id"))
        .bind(2, str("member"))
        .bind(3, str("shop"))
        .bind(4, str("start"))
        .bind(5, num("days"))
        .bind(6, str("note"))
        .bind(7, seq)
        .run();
  }
  if (e.type == kReportPublished) {
    return q("INSERT INTO reports(id, mandate, member, body, text, time, seq) "
             "VALUES(?, ?, ?, ?, ?, ?, ?)")
        .bind(1, str("id")).bind(2, str("mandate")).bind(3, str("member")).bind(4, str("body"))
        .bind(5, str("text")).bind(6, e.time).bind(7, seq).run();
  }
  if (e.type == kPayRecorded) {
    bool member = p.contains("member");
    return q("INSERT OR REPLACE INTO pay(kind, subject, monthly, benefits, seq) "
             "VALUES(?, ?, ?, ?, ?)")
        .bind(1, member ? "member" : "office").bind(2, member ? str("member") : str("body"))
        .bind(3, num("monthly")).bind(4, str("benefits")).bind(5, seq).run();
  }
  if (e.type == kLabourConfirmed) {
    return q("UPDATE labour SET confirmed_by = ? WHERE id = ?")
        .bind(1, str("member"))
        .bind(2, str("entry"))
        .run();
  }
  if (e.type == kAdmissionApplied) {
    return q("INSERT INTO applications(id, member, member_id, state, body, motion, applied, "
             "decided, seq) VALUES(?, ?, ?, 'pending', ?, ?, ?, '', ?)")
        .bind(1, str("id")).bind(2, p.at("member").dump()).bind(3, p.at("member").value("id", ""))
        .bind(4, str("body")).bind(5, str("motion")).bind(6, e.time).bind(7, seq).run();
  }
  if (e.type == kAdmissionDecided) {
    return q("UPDATE applications SET state = ?, decided = ? WHERE id = ?")
        .bind(1, p.value("admitted", false) ? "admitted" : "refused")
        .bind(2, e.time).bind(3, str("application")).run();
  }
  if (e.type == kMemberRemoved) {
    TRY(q("INSERT OR REPLACE INTO former_members(id, name, category, workplace, shop, joined, "
          "motion, body, removed, reason, seq) SELECT id, name, category, workplace, shop, "
          "joined, ?, ?, ?, ?, ? FROM members WHERE id = ?")
            .bind(1, str("motion")).bind(2, str("body")).bind(3, e.time).bind(4, str("reason"))
            .bind(5, seq).bind(6, str("member")).run());
    return q("DELETE FROM members WHERE id = ?").bind(1, str("member")).run();
  }
  if (e.type == kMemberReinstated) {
    TRY(q("INSERT INTO members(id, name, category, workplace, shop, joined, seq) "
          "SELECT id, name, category, workplace, shop, joined, ? FROM former_members WHERE id = ?")
            .bind(1, seq).bind(2, str("member")).run());
    return q("DELETE FROM former_members WHERE id = ?").bind(1, str("member")).run();
  }
  if (e.type == kAppealFiled) {
    return q("INSERT INTO appeals(id, decision, kind, subject, filed_by, grounds, body, state, "
             "filed, heard_by, minutes, heard, motion, decided, seq) "
             "VALUES(?, ?, ?, ?, ?, ?, ?, 'filed', ?, '', '', '', '', '', ?)")
        .bind(1, str("id")).bind(2, str("decision")).bind(3, str("kind"))
        .bind(4, str("subject")).bind(5, str("filed_by")).bind(6, str("grounds"))
        .bind(7, str("body")).bind(8, e.time).bind(9, seq).run();
  }
  if (e.type == kAppealHeard) {
    return q("UPDATE appeals SET state = 'heard', heard_by = ?, minutes = ?, heard = ?, "
             "motion = ? WHERE id = ?")
        .bind(1, str("by")).bind(2, str("minutes")).bind(3, e.time).bind(4, str("motion"))
        .bind(5, str("appeal")).run();
  }
  if (e.type == kAppealDecided) {
    return q("UPDATE appeals SET state = ?, decided = ? WHERE id = ?")
        .bind(1, p.value("upheld", false) ? "upheld" : "dismissed")
        .bind(2, e.time).bind(3, str("appeal")).run();
  }
  return {};
}

// ---- the view ----

namespace {

std::string col(const Statement& q, int i) {
  return std::string(q.column_text(i));
}

// Steps to the next row; loops run it until it says false, which also ends the statement.
bool next(Statement& q) {
  auto row = q.step();
  return row.ok() && *row;
}

// The first row read by `read`, then the statement is reset so that no read stays open.
template <typename F>
auto first(Statement& q, F read) -> std::optional<decltype(read(q))> {
  std::optional<decltype(read(q))> out;
  if (next(q)) out = read(q);
  q.reset();
  return out;
}

bool exists(Statement& q) {
  return first(q, [](const Statement&) { return true; }).has_value();
}

int64_t scalar(Statement& q) {
  return first(q, [](const Statement& s) { return s.column_int(0); }).value_or(0);
}

constexpr const char* kPollColumns =
    "id, kind, state, body, seats, method, reason, called_by, nominations_close, voting_close, "
    "mandate, recall, replaces, electorate";

Poll read_poll(const Statement& q) {
  Poll p;
  p.id = col(q, 0);
  p.kind = q.column_text(1) == "recall" ? Poll::Kind::kRecall : Poll::Kind::kElection;
  std::string_view st = q.column_text(2);
  p.state = st == "nominating" ? Poll::State::kNominating
            : st == "voting"   ? Poll::State::kVoting
                               : Poll::State::kClosed;
  p.body = col(q, 3);
  p.seats = static_cast<int>(q.column_int(4));
  p.method = col(q, 5);
  p.reason = col(q, 6);
  p.called_by = col(q, 7);
  p.nominations_close = col(q, 8);
  p.voting_close = col(q, 9);
  p.mandate = col(q, 10);
  p.recall = col(q, 11);
  auto replaces = parse_json(q.column_text(12));
  if (replaces.ok() && replaces->is_array()) p.replaces = replaces->get<std::vector<std::string>>();
  p.electorate = q.column_int(13);
  return p;
}

constexpr const char* kMandateColumns =
    "id, body, member, origin, source, consenting_body, protected, started, ends, ended, "
    "end_reason";

Mandate read_mandate(const Statement& q) {
  Mandate m;
  m.id = col(q, 0);
  m.body = col(q, 1);
  m.member = col(q, 2);
  m.origin = col(q, 3);
  m.source = col(q, 4);
  m.consenting_body = col(q, 5);
  m.protected_ = q.column_int(6) != 0;
  m.started = col(q, 7);
  m.ends = col(q, 8);
  m.ended = col(q, 9);
  m.end_reason = col(q, 10);
  return m;
}

std::vector<Mandate> read_mandates(Statement& q) {
  std::vector<Mandate> out;
  while (next(q)) out.push_back(read_mandate(q));
  return out;
}

}  // namespace

Constitution SqlRegistry::constitution() const {
  auto text = first(cache_("SELECT json FROM constitution WHERE id = 1"),
                    [](const Statement& q) { return col(q, 0); });
  if (!text) return Constitution{};
  auto j = parse_json(*text);
  auto c = j.ok() ? constitution_from_json(*j, "") : Result<Constitution>(j.status());
  return c.ok() ? *c : Constitution{};
}

bool SqlRegistry::constitution_founded() const {
  return exists(cache_("SELECT 1 FROM constitution WHERE id = 1"));
}

bool SqlRegistry::any_mandate_ever() const {
  return exists(cache_("SELECT 1 FROM mandates LIMIT 1"));
}

std::optional<Poll> SqlRegistry::poll(std::string_view id) const {
  static const std::string sql = fmt::format("SELECT {} FROM polls WHERE id = ?", kPollColumns);
  return first(cache_(sql.c_str()).bind(1, id), read_poll);
}

std::optional<Poll> SqlRegistry::open_election(std::string_view body) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM polls WHERE body = ? AND state != 'closed' AND kind = 'election' LIMIT 1",
      kPollColumns);
  return first(cache_(sql.c_str()).bind(1, body), read_poll);
}

namespace {

std::vector<Candidate> read_candidates(Statement& q) {
  std::vector<Candidate> out;
  while (next(q)) {
    std::string_view st = q.column_text(5);
    Candidate::State state = st == "nominated"   ? Candidate::State::kNominated
                             : st == "declined"  ? Candidate::State::kDeclined
                             : st == "withdrawn" ? Candidate::State::kWithdrawn
                                                 : Candidate::State::kStanding;
    out.push_back({col(q, 0), col(q, 1), col(q, 2), q.column_int(3) != 0, col(q, 4), state});
  }
  return out;
}

}  // namespace

std::vector<Candidate> SqlRegistry::candidates(std::string_view poll) const {
  return read_candidates(
      cache_("SELECT poll, member, nominated_by, by_union, statement, state FROM candidates "
             "WHERE poll = ? AND state = 'standing' ORDER BY seq")
          .bind(1, poll));
}

std::vector<Candidate> SqlRegistry::nominations(std::string_view poll) const {
  return read_candidates(
      cache_("SELECT poll, member, nominated_by, by_union, statement, state FROM candidates "
             "WHERE poll = ? ORDER BY seq")
          .bind(1, poll));
}

int64_t SqlRegistry::open_candidacies(std::string_view member) const {
  return scalar(cache_("SELECT COUNT(*) FROM candidates c JOIN polls p ON p.id = c.poll "
                       "WHERE c.member = ? AND c.state = 'standing' AND p.state != 'closed'")
                    .bind(1, member));
}

bool SqlRegistry::has_voted(std::string_view poll, std::string_view member) const {
  return exists(cache_("SELECT 1 FROM poll_voters WHERE poll = ? AND member = ?")
                    .bind(1, poll)
                    .bind(2, member));
}

int64_t SqlRegistry::voters(std::string_view poll) const {
  return scalar(cache_("SELECT voters FROM polls WHERE id = ?").bind(1, poll));
}

std::vector<SealedBallot> SqlRegistry::sealed_ballots(std::string_view poll) const {
  return BallotBox::ballots(cache_, poll);
}

std::vector<OpenBallot> SqlRegistry::open_ballots(std::string_view poll) const {
  Statement& q =
      cache_("SELECT member, weight, ranking FROM open_ballots WHERE poll = ? ORDER BY member");
  q.bind(1, poll);
  std::vector<OpenBallot> out;
  while (next(q)) {
    OpenBallot b{col(q, 0), q.column_int(1), {}};
    auto r = parse_json(q.column_text(2));
    if (r.ok() && r->is_array()) b.ranking = r->get<std::vector<std::string>>();
    out.push_back(std::move(b));
  }
  return out;
}

std::optional<Mandate> SqlRegistry::mandate(std::string_view id) const {
  static const std::string sql =
      fmt::format("SELECT {} FROM mandates WHERE id = ?", kMandateColumns);
  return first(cache_(sql.c_str()).bind(1, id), read_mandate);
}

std::vector<Mandate> SqlRegistry::body_mandates(std::string_view body) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM mandates WHERE body = ? AND ended = '' ORDER BY seq", kMandateColumns);
  return read_mandates(cache_(sql.c_str()).bind(1, body));
}

std::vector<Mandate> SqlRegistry::member_mandates(std::string_view member) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM mandates WHERE member = ? AND ended = '' ORDER BY seq", kMandateColumns);
  return read_mandates(cache_(sql.c_str()).bind(1, member));
}

std::vector<Mandate> SqlRegistry::mandates_since(std::string_view member,
                                                 std::string_view since) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM mandates WHERE member = ? AND (ended = '' OR ended > ?) ORDER BY seq",
      kMandateColumns);
  return read_mandates(cache_(sql.c_str()).bind(1, member).bind(2, since));
}

int64_t SqlRegistry::labour_days_since(std::string_view member, std::string_view since) const {
  return scalar(cache_("SELECT COALESCE(SUM(days), 0) FROM labour WHERE member = ? AND start >= ? "
                       "AND confirmed_by != ''")
                    .bind(1, member)
                    .bind(2, since));
}

std::optional<RegistryView::LabourEntry> SqlRegistry::labour_entry(std::string_view id) const {
  Statement& q =
      cache_("SELECT id, member, shop, start, note, confirmed_by, days FROM labour WHERE id = ?");
  return first(q.bind(1, id), [](const Statement& r) {
    return LabourEntry{col(r, 0),
                       col(r, 1),
                       col(r, 2),
                       col(r, 3),
                       col(r, 4),
                       col(r, 5),
                       static_cast<int>(r.column_int(6))};
  });
}

std::optional<std::string> SqlRegistry::published_ballots(std::string_view poll) const {
  Statement& q = cache_("SELECT ballots FROM polls WHERE id = ? AND ballots IS NOT NULL");
  return first(q.bind(1, poll), [](const Statement& r) { return col(r, 0); });
}

int64_t SqlRegistry::represented(const Body& body) const {
  // Every body below this one, each counted once, and the members of the shops and
  // workplaces at the bottom.
  return scalar(cache_(R"sql(
      WITH RECURSIVE down(b) AS (
        SELECT ?1 UNION SELECT e.elector FROM body_electors e JOIN down ON e.body = down.b)
      SELECT COALESCE(SUM(CASE x.constituency_kind
          WHEN 'shop' THEN (SELECT COUNT(*) FROM members WHERE shop = x.constituency_ref)
          WHEN 'workplace' THEN (SELECT COUNT(*) FROM members WHERE workplace = x.constituency_ref)
          ELSE 0 END), 0)
      FROM down JOIN bodies x ON x.id = down.b)sql")
                    .bind(1, body.id));
}

bool SqlRegistry::represents(const Body& body, const Member& m) const {
  // Upwards from the member's shop and workplace to every body elected from them.
  return exists(cache_(R"sql(
      WITH RECURSIVE up(b) AS (
        SELECT id FROM bodies WHERE (constituency_kind = 'shop' AND constituency_ref = ?1)
                                 OR (constituency_kind = 'workplace' AND constituency_ref = ?2)
        UNION SELECT e.body FROM body_electors e JOIN up ON e.elector = up.b)
      SELECT 1 FROM up WHERE b = ?3 LIMIT 1)sql")
                    .bind(1, m.shop)
                    .bind(2, m.workplace)
                    .bind(3, body.id));
}

std::optional<int64_t> SqlRegistry::elector_weight(const Body& body,
                                                   std::string_view member) const {
  switch (body.constituency.kind) {
    case Constituency::Kind::kShop:
    case Constituency::Kind::kWorkplace: {
      auto m = this->member(member);
      if (!m) return std::nullopt;
      bool in = body.constituency.kind == Constituency::Kind::kShop
                    ? m->shop == body.constituency.ref
                    : m->workplace == body.constituency.ref;
      if (!in) return std::nullopt;
      return 1;
    }
    case Constituency::Kind::kBodies:
      break;
  }
  // A delegate carries the members their body represents, shared evenly among its seat
  // holders; the first holders (by mandate) carry one more where it does not divide.
  int64_t total = 0;
  bool delegate = false;
  for (const auto& elector : body.constituency.bodies) {
    auto holders = body_mandates(elector);
    for (size_t i = 0; i < holders.size(); ++i) {
      if (holders[i].member != member) continue;
      auto e = this->body(elector);
      if (!e) continue;
      int64_t n = represented(*e), h = static_cast<int64_t>(holders.size());
      total += n / h + (static_cast<int64_t>(i) < n % h ? 1 : 0);
      delegate = true;
    }
  }
  if (!delegate) return std::nullopt;
  return total;
}

std::map<std::string, int64_t> SqlRegistry::delegate_weights(const Body& body) const {
  std::map<std::string, int64_t> out;
  if (body.constituency.kind != Constituency::Kind::kBodies) return out;
  for (const auto& elector : body.constituency.bodies) {
    auto e = this->body(elector);
    auto holders = body_mandates(elector);
    if (!e || holders.empty()) continue;
    // As elector_weight: shared evenly, the first holders carrying one more.
    int64_t n = represented(*e), h = static_cast<int64_t>(holders.size());
    for (size_t i = 0; i < holders.size(); ++i) {
      out[holders[i].member] += n / h + (static_cast<int64_t>(i) < n % h ? 1 : 0);
    }
  }
  return out;
}

std::optional<int64_t> SqlRegistry::poll_weight(std::string_view poll, const Body& body,
                                                std::string_view member) const {
  int64_t opened = scalar(cache_("SELECT opened_seq FROM polls WHERE id = ?").bind(1, poll));
  if (opened == 0) return elector_weight(body, member);  // opened before the electorate was kept
  if (body.constituency.kind == Constituency::Kind::kBodies) {
    // A poll opened by an older server, whose opening event listed no delegates.
    if (!exists(cache_("SELECT 1 FROM poll_electors WHERE poll = ? LIMIT 1").bind(1, poll))) {
      return elector_weight(body, member);
    }
    return first(cache_("SELECT weight FROM poll_electors WHERE poll = ? AND member = ?")
                     .bind(1, poll)
                     .bind(2, member),
                 [](const Statement& q) { return q.column_int(0); });
  }
  // Record order decides: the members whose admission came before voting opened.
  auto w = elector_weight(body, member);
  if (!w) return std::nullopt;
  int64_t admitted = scalar(cache_("SELECT seq FROM members WHERE id = ?").bind(1, member));
  if (admitted >= opened) return std::nullopt;
  return w;
}

int64_t SqlRegistry::electorate_size(const Body& body) const {
  switch (body.constituency.kind) {
    case Constituency::Kind::kShop:
      return scalar(
          cache_("SELECT COUNT(*) FROM members WHERE shop = ?").bind(1, body.constituency.ref));
    case Constituency::Kind::kWorkplace:
      return scalar(cache_("SELECT COUNT(*) FROM members WHERE workplace = ?")
                        .bind(1, body.constituency.ref));
    case Constituency::Kind::kBodies:
      break;
  }
  return scalar(cache_("SELECT COUNT(DISTINCT m.member) FROM mandates m JOIN body_electors e "
                       "ON e.elector = m.body WHERE e.body = ? AND m.ended = ''")
                    .bind(1, body.id));
}

std::optional<Recall> SqlRegistry::recall(std::string_view id) const {
  Statement& stmt = cache_(
      "SELECT id, mandate, opened_by, reason, state, threshold, signatures, poll, electorate "
      "FROM recalls WHERE id = ?");
  return first(stmt.bind(1, id), [](const Statement& q) {
    Recall r;
    r.id = col(q, 0);
    r.mandate = col(q, 1);
    r.opened_by = col(q, 2);
    r.reason = col(q, 3);
    std::string_view st = q.column_text(4);
    r.state = st == "petition" ? Recall::State::kPetition
              : st == "voting" ? Recall::State::kVoting
              : st == "passed" ? Recall::State::kPassed
                               : Recall::State::kFailed;
    r.threshold = q.column_int(5);
    r.signatures = q.column_int(6);
    r.poll = col(q, 7);
    r.electorate = q.column_int(8);
    return r;
  });
}

std::optional<Recall> SqlRegistry::open_recall_of(std::string_view mandate) const {
  Statement& q = cache_(
      "SELECT id FROM recalls WHERE mandate = ? AND state IN ('petition', 'voting') LIMIT 1");
  auto id = first(q.bind(1, mandate), [](const Statement& r) { return col(r, 0); });
  if (!id) return std::nullopt;
  return recall(*id);
}

bool SqlRegistry::has_signed(std::string_view recall, std::string_view member) const {
  return exists(cache_("SELECT 1 FROM recall_signatures WHERE recall = ? AND member = ?")
                    .bind(1, recall)
                    .bind(2, member));
}

std::optional<Motion> SqlRegistry::motion(std::string_view id) const {
  Statement& stmt = cache_(
      "SELECT id, kind, state, body, proposed_by, text, closes, payload, yes, no, abstain "
      "FROM motions WHERE id = ?");
  return first(stmt.bind(1, id), [](const Statement& q) {
    Motion m;
    m.id = col(q, 0);
    std::string_view kind = q.column_text(1), state = q.column_text(2);
    m.kind = motion_kind_from_string(kind);
    m.state = state == "open"      ? Motion::State::kOpen
              : state == "carried" ? Motion::State::kCarried
                                   : Motion::State::kLost;
    m.body = col(q, 3);
    m.proposed_by = col(q, 4);
    m.text = col(q, 5);
    m.closes = col(q, 6);
    auto payload = parse_json(q.column_text(7));
    m.payload = payload.ok() ? *payload : Json::object();
    m.yes = q.column_int(8);
    m.no = q.column_int(9);
    m.abstain = q.column_int(10);
    return m;
  });
}

bool SqlRegistry::has_voted_motion(std::string_view motion, std::string_view member) const {
  return exists(cache_("SELECT 1 FROM motion_votes WHERE motion = ? AND member = ?")
                    .bind(1, motion)
                    .bind(2, member));
}

namespace {

constexpr const char* kApplicationColumns = "id, member, state, body, motion, decided";

Application read_application(const Statement& q) {
  Application a;
  a.id = col(q, 0);
  auto member = parse_json(q.column_text(1));
  if (member.ok()) {
    auto m = member_from_json(*member, "");
    if (m.ok()) a.member = std::move(*m);
  }
  std::string_view st = q.column_text(2);
  a.state = st == "pending"    ? Application::State::kPending
            : st == "admitted" ? Application::State::kAdmitted
                               : Application::State::kRefused;
  a.body = col(q, 3);
  a.motion = col(q, 4);
  a.decided = col(q, 5);
  return a;
}

constexpr const char* kAppealColumns =
    "id, decision, kind, subject, filed_by, grounds, body, state, filed, heard_by, minutes, "
    "motion";

Appeal read_appeal(const Statement& q) {
  Appeal a;
  a.id = col(q, 0);
  a.decision = col(q, 1);
  a.kind = col(q, 2);
  a.subject = col(q, 3);
  a.filed_by = col(q, 4);
  a.grounds = col(q, 5);
  a.body = col(q, 6);
  std::string_view st = q.column_text(7);
  a.state = st == "filed"    ? Appeal::State::kFiled
            : st == "heard"  ? Appeal::State::kHeard
            : st == "upheld" ? Appeal::State::kUpheld
                             : Appeal::State::kDismissed;
  a.filed = col(q, 8);
  a.heard_by = col(q, 9);
  a.minutes = col(q, 10);
  a.motion = col(q, 11);
  return a;
}

}  // namespace

std::optional<Application> SqlRegistry::application(std::string_view id) const {
  static const std::string sql =
      fmt::format("SELECT {} FROM applications WHERE id = ?", kApplicationColumns);
  return first(cache_(sql.c_str()).bind(1, id), read_application);
}

std::optional<Application> SqlRegistry::pending_application(std::string_view member) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM applications WHERE member_id = ? AND state = 'pending'", kApplicationColumns);
  return first(cache_(sql.c_str()).bind(1, member), read_application);
}

std::optional<FormerMember> SqlRegistry::former_member(std::string_view id) const {
  Statement& q = cache_(
      "SELECT id, name, category, workplace, shop, joined, motion, body, removed, reason "
      "FROM former_members WHERE id = ?");
  return first(q.bind(1, id), [](const Statement& r) {
    FormerMember f;
    f.member = Member{col(r, 0), col(r, 1),
                      category_from_string(r.column_text(2)).value_or(Category::kProduction),
                      col(r, 3), col(r, 4), col(r, 5)};
    f.motion = col(r, 6);
    f.body = col(r, 7);
    f.removed = col(r, 8);
    f.reason = col(r, 9);
    return f;
  });
}

std::optional<Appeal> SqlRegistry::appeal(std::string_view id) const {
  static const std::string sql = fmt::format("SELECT {} FROM appeals WHERE id = ?", kAppealColumns);
  return first(cache_(sql.c_str()).bind(1, id), read_appeal);
}

std::optional<Appeal> SqlRegistry::appeal_of(std::string_view decision) const {
  static const std::string sql =
      fmt::format("SELECT {} FROM appeals WHERE decision = ?", kAppealColumns);
  return first(cache_(sql.c_str()).bind(1, decision), read_appeal);
}

std::optional<Body> SqlRegistry::workplace_committee(std::string_view workplace) const {
  Statement& q = cache_(
      "SELECT id FROM bodies WHERE constituency_kind = 'workplace' AND constituency_ref = ? "
      "AND kind = 'workplace_committee' ORDER BY seq LIMIT 1");
  auto id = first(q.bind(1, workplace), [](const Statement& r) { return col(r, 0); });
  return id ? body(*id) : std::nullopt;
}

std::vector<Body> SqlRegistry::bodies_elected_by(std::string_view elector) const {
  Statement& q = cache_(
      "SELECT b.id FROM body_electors e JOIN bodies b ON b.id = e.body WHERE e.elector = ? "
      "ORDER BY b.seq");
  std::vector<std::string> ids;
  q.bind(1, elector);
  while (next(q)) ids.push_back(col(q, 0));
  std::vector<Body> out;
  for (const auto& id : ids) {
    if (auto b = body(id)) out.push_back(std::move(*b));
  }
  return out;
}

RegistryView::Due SqlRegistry::due(std::string_view now, std::string_view lead_until) const {
  Due d;
  auto ids = [&](Statement& q, std::vector<std::string>& out) {
    while (next(q)) out.push_back(col(q, 0));
  };
  ids(cache_("SELECT id FROM motions m WHERE state = 'open' AND (closes <= ?1 OR "
             "yes + no + abstain >= (SELECT COUNT(*) FROM mandates WHERE body = m.body AND "
             "ended = '')) ORDER BY seq")
          .bind(1, now),
      d.motions);
  ids(cache_("SELECT id FROM polls WHERE (state = 'nominating' AND nominations_close <= ?1) OR "
             "(state = 'voting' AND (voting_close <= ?1 OR (electorate > 0 AND voters >= "
             "electorate))) "
             "ORDER BY seq")
          .bind(1, now),
      d.polls);
  ids(cache_("SELECT id FROM mandates WHERE ended = '' AND ends <= ? ORDER BY seq").bind(1, now),
      d.mandates);
  ids(cache_(R"sql(
      SELECT b.id FROM bodies b
      WHERE b.kind != 'specialist'
        AND NOT EXISTS (SELECT 1 FROM polls p WHERE p.body = b.id AND p.kind = 'election'
                                                 AND p.state != 'closed')
        AND ((SELECT COUNT(*) FROM mandates m WHERE m.body = b.id AND m.ended = '') < b.seats
             OR EXISTS (SELECT 1 FROM mandates m WHERE m.body = b.id AND m.ended = ''
                                                   AND m.ends <= ?1))
      ORDER BY b.seq)sql")
          .bind(1, lead_until),
      d.bodies);
  return d;
}

}  // namespace collegium::federation
