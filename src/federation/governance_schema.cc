// The governance tables' schema: the constitution, polls and their candidates, who voted,
// the sealed ballot box, mandates, recall petitions, motions, manual labour, membership
// decisions and appeals. How events change them is in governance_apply.cc; the
// RegistryView queries over them in governance_view.cc.
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
  return {"constitution", "polls",          "candidates",        "poll_voters",
          "mandates",     "recalls",        "recall_signatures", "motions",
          "motion_votes", "labour",         "reports",           "pay",
          "applications", "former_members", "appeals",           "poll_electors",
          "open_ballots"};
}

}  // namespace collegium::federation
