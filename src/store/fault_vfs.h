// A fault-injecting SQLite VFS: the store's test double for a failing disk.
//
// Like LevelDB's fault-injection Env, it sits at the seam between the database and the
// operating system: every file operation passes through to the real VFS until a planned
// fault, after which every write, sync and truncate fails with SQLITE_IOERR, as a disk
// that died would. Tests open the store with vfs = kFaultVfsName and check that a failed
// transaction leaves nothing behind and an acknowledged one survives.
#pragma once

#include <cstdint>

namespace collegium::store {

inline constexpr const char* kFaultVfsName = "collegium-fault";

// Registers the VFS (idempotent).
void register_fault_vfs();

// The next `n` writes/syncs/truncates succeed; all after them fail. n < 0: never fail.
void fault_vfs_fail_after(int64_t n);

// Writes, syncs and truncates performed (or refused) since the last fail_after call.
int64_t fault_vfs_operations();

// Whether a fault has been injected since the last fail_after call.
bool fault_vfs_tripped();

}  // namespace collegium::store
