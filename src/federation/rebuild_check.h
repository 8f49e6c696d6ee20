// For tests: the state is a projection of the record and a rebuild gives the same state
// (DESIGN.md, "The public record is the source of truth"). Every table of the database is
// compared row for row before and after a rebuild, found in sqlite_master rather than in the
// projector's own list, so that a table the projector forgets to clear or to refill shows up.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace collegium::federation::rebuild_check {

// The tables that are by design not rebuilt from the record, and so are neither wiped before
// the rebuild nor compared after it:
// - events, checkpoints: the record itself and the signatures of its head, which a rebuild
//   reads and never writes;
// - meta, migrations: the store's own bookkeeping (schema version, backup marker, key);
// - ballot_box: the sealed box holds the ballots of polls still open, which the record must
//   never hold (invariant 3), so nothing could rebuild it; rebuild() leaves it as it is;
// - minutes_box: likewise the minutes of closed meeting items until their expiry (B2,
//   deliberation.h), when item.published carries them into the record.
inline const std::set<std::string>& not_rebuilt() {
  static const std::set<std::string> tables = {"events",     "checkpoints", "meta",
                                               "migrations", "ballot_box",  "minutes_box"};
  return tables;
}

// Every table of `db` except those above and SQLite's own, as sorted rows of text.
using Tables = std::map<std::string, std::vector<std::string>>;
inline Result<Tables> dump(store::Sqlite& db) {
  std::vector<std::string> names;
  {
    auto q = TRY(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'"));
    while (TRY(q.step())) names.emplace_back(q.column_text(0));
  }
  Tables out;
  for (const auto& name : names) {
    if (name.starts_with("sqlite_") || not_rebuilt().count(name)) continue;
    auto q = TRY(db.prepare(fmt::format("SELECT * FROM \"{}\"", name)));
    auto& rows = out[name];
    while (TRY(q.step())) {
      std::string row;
      for (int i = 0; i < q.column_count(); ++i) {
        row += q.column_is_null(i) ? std::string("NULL") : std::string(q.column_text(i));
        row += '|';
      }
      rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end());
  }
  return out;
}

// Empties every table that dump() compares, so that the rebuild must refill each of them
// from the record alone.
inline Status wipe(store::Sqlite& db, const Tables& tables) {
  for (const auto& [name, rows] : tables) TRY(db.exec(fmt::format("DELETE FROM \"{}\"", name)));
  return {};
}

// What differs between two dumps, table by table, with the rows only one side has; empty
// when they are equal.
inline std::string difference(const Tables& before, const Tables& after) {
  std::string out;
  std::set<std::string> names;
  for (const auto& [name, rows] : before) names.insert(name);
  for (const auto& [name, rows] : after) names.insert(name);
  for (const auto& name : names) {
    auto b = before.count(name) ? before.at(name) : std::vector<std::string>{};
    auto a = after.count(name) ? after.at(name) : std::vector<std::string>{};
    if (a == b) continue;
    std::vector<std::string> lost, gained;
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(lost));
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(gained));
    out += fmt::format("table {}: {} rows before, {} after\n", name, b.size(), a.size());
    for (size_t i = 0; i < lost.size() && i < 5; ++i) out += "  - " + lost[i] + "\n";
    for (size_t i = 0; i < gained.size() && i < 5; ++i) out += "  + " + gained[i] + "\n";
  }
  return out;
}

// Rebuilds twice, comparing every table with how it was before each time: first as
// `collegium rebuild` does, which catches a table the rebuild leaves as it is while it
// replays the events into it again; then after emptying every table itself, which catches a
// table that the events do not fill. Returns what differed, empty when nothing did.
inline Result<std::string> rebuild_and_compare(store::Store& store) {
  Tables before = TRY(dump(store.db()));
  TRY(store.rebuild());
  Tables after = TRY(dump(store.db()));
  if (std::string d = difference(before, after); !d.empty()) return "after a rebuild:\n" + d;
  TRY(wipe(store.db(), before));
  TRY(store.rebuild());
  after = TRY(dump(store.db()));
  if (std::string d = difference(before, after); !d.empty()) {
    return "after emptying every table and a rebuild:\n" + d;
  }
  return std::string();
}

}  // namespace collegium::federation::rebuild_check
