// Taking over a restored backup (docs/record.md, "Backups and restoring").
//
// A backup never holds the sealed box of a poll still open (invariant 3: the place of a
// ballot in its page follows the order of casting, which the record names voter by voter),
// and it says which polls' ballots it left out. Those ballots cannot be counted from the
// backup, so when a federation opens a restored backup the clock records the restore and
// restarts voting on each of those polls: who voted is cleared, everyone may vote again,
// and voting stays open for at least a whole voting period from the restart.
#pragma once

#include <string_view>

#include "federation/decide.h"

namespace collegium::federation {

// {"backup_taken", "head_seq", "omitted": [{"poll", "ballots"}...]}: the database was
// restored from a backup of the record up to head_seq; events after it are not in it.
inline constexpr std::string_view kRestoredFromBackup = "federation.restored";

// The events that take over a restored backup, given its marker (Store::backup_marker()):
// the restore itself, then a restart for each poll whose box the backup left out and that
// is still voting. Pure: reads `s`, changes nothing. Only the clock gives them.
Result<Decision> decide_restore(const RegistryView& s, const Json& marker, const Actor& a);

}  // namespace collegium::federation
