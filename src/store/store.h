// The storage seam: the public record and the projections, in one SQLite database.
//
// A data directory (mode 0700) holds `collegium.db` (the record, checkpoints and
// projections; with its `-wal` and `-shm` files, mode 0600) and `server.key` (the server's
// Ed25519 secret key, created on first open, mode 0600). Open sets these modes on what it
// finds too: the sealed ballot box and the key are for no other local user to read.
//
// Contract:
//  - transact() runs one command: the events it appends and the projection updates they
//    cause commit together or not at all, and transact() returns OK only once the
//    transaction is durable (invariant 1).
//  - Projections are derived: rebuild() recomputes them from the record alone and gives
//    the same tables.
//  - Several Store objects may write to one database, in one process or several (the
//    server, and `collegium account password` beside it): SQLite's locks make each writer
//    wait for the other, and every write transaction first reads the head of the record,
//    its last checkpoint and the current key from the database, so that no writer appends
//    after a head that another has moved. Between transactions, head_seq() and head_hash()
//    are those this object last saw.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/crypto.h"
#include "base/json.h"
#include "base/status.h"
#include "base/util.h"
#include "record/chain.h"
#include "record/event.h"
#include "record/verify.h"
#include "store/sqlite.h"

namespace collegium::store {

// A schema step. `id` is "module/N", applied once, in the order given.
struct Migration {
  std::string id;
  std::string sql;
};

// How events change the projections; provided by the module that owns the tables.
class Projector {
 public:
  virtual ~Projector() = default;
  virtual std::vector<Migration> migrations() const = 0;
  // The tables rebuild() empties before replaying the record.
  virtual std::vector<std::string> tables() const = 0;
  virtual Status apply(Sqlite& db, const record::Event& event) = 0;
  // Removes from a backup's copy of the database what must never leave the live one (the
  // ballots of polls still open), and says what it removed (JSON, kept in the backup's
  // meta table under "backup" and returned by Store::backup).
  virtual Result<Json> seal_backup(Sqlite& copy) {
    (void)copy;
    return Json::array();
  }
};

// What Store::backup wrote.
struct BackupReport {
  std::filesystem::path file;
  uint64_t head_seq = 0;  // the last event the backup holds
  Json omitted;           // what the projector's seal_backup() left out
};

struct StoreOptions {
  bool create = true;              // create the directory and database if missing
  std::string vfs;                 // SQLite VFS name; empty: the default (tests: fault_vfs)
  Projector* projector = nullptr;  // not owned; must outlive the store
  // Tables that are neither record nor projection (the server's accounts and sessions):
  // created by these migrations, never rebuilt, never part of the public record.
  std::vector<Migration> private_migrations;
  uint64_t checkpoint_every = 1000;  // sign the head at least every this many events
  // The time stamped on events; empty: the system clock. Tests and simulations set their
  // own, so that terms, deadlines and windows can be played forward.
  std::function<std::string()> clock;
};

class Store;

// The open transaction of one command.
class Transaction {
 public:
  // Appends an event (seq and time assigned here), links it into the hash chain and
  // applies it to the projections.
  Result<record::Event> append(std::string type, std::string actor, Json payload);
  Sqlite& db();
  uint64_t appended() const { return appended_; }

 private:
  friend class Store;
  explicit Transaction(Store& store) : store_(store) {}
  Store& store_;
  uint64_t appended_ = 0;
};

class Store {
 public:
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& dir,
                                             const StoreOptions& options = {});
  ~Store();

  // Runs `fn` in one transaction; commits if it returns OK, else rolls back everything.
  Status transact(const std::function<Status(Transaction&)>& fn);

  // Signs the current head if it moved since the last checkpoint (durably).
  Status checkpoint();

  // Writes a consistent copy of the database to `file` (mode 0600; its folder is created
  // with mode 0700), with what the projector's seal_backup() removes left out, and a meta
  // row "backup" that says when, up to which event, and what was left out. The copy is
  // written as `file`.partial, without a journal, cleared, compacted and synced, and only
  // then renamed to `file`: no file by that name ever holds what was removed.
  Result<BackupReport> backup(const std::filesystem::path& file);

  // The "backup" meta row if this database is a restored backup that nobody has taken
  // over yet (see Federation::open); take it over with clear_backup_marker() inside the
  // transaction that records the restore.
  std::optional<Json> backup_marker();
  Status clear_backup_marker();

  // Copies the write-ahead log into the database and empties it, so that rows deleted
  // since (with secure_delete, which the store turns on) survive nowhere on disk. Best
  // effort while other connections read: SQLite then copies what it can.
  Status truncate_log();

  uint64_t head_seq() const { return head_seq_; }
  // The time the next event would be stamped with.
  std::string now() const { return options_.clock ? options_.clock() : now_utc_iso(); }
  const Digest& head_hash() const { return head_hash_; }
  const PublicKey& public_key() const { return key_.public_key; }
  // The first key this store ever had: where a chain of trust through rotations starts.
  const PublicKey& genesis_key() const { return genesis_key_; }

  // Replaces the server's signing key. Crash-safe: the new key is written aside first,
  // then one transaction records a `server.key_rotated` event (actor `actor`) and a
  // checkpoint signed by the old key that covers it, then the new key takes the old one's
  // place. A crash at any point leaves one consistent key (open() completes or undoes).
  Status rotate_key(std::string_view actor);

  // Events with seq >= from, in order.
  Status for_each_event(
      uint64_t from,
      const std::function<Status(uint64_t seq, std::string_view bytes, const Digest& hash)>& fn);
  std::vector<record::Checkpoint> checkpoints();

  // Writes the whole record in the export format (record/verify.h) to `out`.
  Status export_record(std::FILE* out);

  // Verifies the stored record; `progress` (if set) is called with the events done.
  Result<record::VerifyReport> verify(const record::VerifyOptions& options,
                                      const std::function<void(uint64_t)>& progress = {});

  // Empties the projections and replays the whole record into them, in one transaction.
  Status rebuild(const std::function<void(uint64_t)>& progress = {});

  Sqlite& db() { return db_; }

 private:
  friend class Transaction;
  Store(Sqlite db, std::filesystem::path dir, KeyPair key, StoreOptions options);
  Status init();
  // Reads the head, the last checkpoint and the current key from the database (another
  // writer may have moved them since this object last looked).
  Status load_head();
  Status write_checkpoint();

  Sqlite db_;
  std::filesystem::path dir_;
  KeyPair key_;
  PublicKey genesis_key_{};
  StoreOptions options_;
  uint64_t head_seq_ = 0;
  Digest head_hash_ = record::kGenesisHash;
  uint64_t checkpoint_seq_ = 0;
  std::optional<Statement> insert_event_;
  std::optional<Statement> select_head_, select_checkpoint_;
  bool key_checked_ = false;
};

}  // namespace collegium::store
