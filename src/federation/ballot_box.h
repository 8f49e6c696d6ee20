// The sealed ballot box (DESIGN.md invariant 3), its whole life in one unit: a member's
// ballot is sealed in the transaction of the command that cast it, read once for the count
// when its poll closes, deleted by the poll.closed event that publishes the shuffled set,
// never copied into a backup, and scrubbed from the write-ahead log after the close
// commits, so that afterwards the ballots exist only in their published form.
//
// The box is keyed by a random id and holds the poll, the weight and the ranking: no voter,
// no time, no sequence number. It is not part of the record until the poll closes, so
// rebuild() neither empties nor refills it.
#pragma once

#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "federation/governance.h"
#include "store/store.h"

namespace collegium::federation {

class StatementCache;

class BallotBox {
 public:
  // Seals `ballot` under a fresh random id. Runs inside the command's transaction.
  static Status seal(StatementCache& q, const SealedBallot& ballot);
  // The ballots of `poll`, in the box's (random) order, for the count at its close.
  static std::vector<SealedBallot> ballots(StatementCache& q, std::string_view poll);
  // Deletes the ballots of `poll`: apply() of poll.closed, whose payload now holds them.
  // Remembers that the log must be scrubbed once the transaction is committed.
  Status discard(StatementCache& q, std::string_view poll);
  // Empties the box in a backup's copy of the database (never the live one) and returns
  // [{"poll", "ballots"}...]: the polls whose ballots it held, which a restore must restart
  // (restore.h).
  static Result<Json> empty_backup(store::Sqlite& copy);
  // After a transaction has committed (or failed): if it deleted ballots, truncates the
  // write-ahead log, which still holds their rows. Every execution path that may close a
  // poll calls it: one command, a batch, the server's group commit and the clock.
  Status scrub(store::Store& store);

 private:
  bool discarded_ = false;  // ballots were deleted since the last scrub
};

}  // namespace collegium::federation
