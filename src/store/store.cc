#include "store/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/util.h"

namespace collegium::store {

namespace fs = std::filesystem;

namespace {

const std::vector<Migration> kStoreMigrations = {
    {"store/1", R"sql(
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      -- The public record: canonical event bytes and h_seq, never updated or deleted.
      CREATE TABLE events(seq INTEGER PRIMARY KEY, body TEXT NOT NULL, hash BLOB NOT NULL) STRICT;
      CREATE TABLE checkpoints(seq INTEGER PRIMARY KEY, head BLOB NOT NULL, key BLOB NOT NULL,
                               signature BLOB NOT NULL) STRICT;
    )sql"},
};

Result<KeyPair> read_key(const fs::path& path) {
  std::string hex = TRY(read_file(path));
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == ' ')) hex.pop_back();
  KeyPair kp;
  if (!from_hex(hex, kp.secret_key).ok()) {
    return corrupt("the server key file is not 128 hex digits", path.string());
  }
  // libsodium's secret key ends with the public key.
  std::copy(kp.secret_key.begin() + 32, kp.secret_key.end(), kp.public_key.begin());
  return kp;
}

Result<KeyPair> load_or_create_key(const fs::path& dir, bool database_existed) {
  fs::path path = dir / "server.key";
  std::error_code ec;
  if (fs::exists(path, ec)) return read_key(path);
  if (database_existed) {
    return failed_precondition(
        "the database exists but its server key is missing; restore server.key from a backup",
        path.string());
  }
  KeyPair kp = generate_keypair();
  TRY(write_file_durably(path, to_hex(kp.secret_key) + "\n", 0600));
  return kp;
}

// Owner only: the folder 0700, each file that exists 0600. Files SQLite creates later
// (the log and shared memory) take the database file's mode.
Status restrict_access(const fs::path& dir) {
  if (::chmod(dir.c_str(), 0700) != 0) return io_error(std::strerror(errno), dir.string());
  for (const char* name :
       {"collegium.db", "collegium.db-wal", "collegium.db-shm", "server.key", "server.key.next"}) {
    fs::path p = dir / name;
    if (::chmod(p.c_str(), 0600) != 0 && errno != ENOENT) {
      return io_error(std::strerror(errno), p.string());
    }
  }
  return {};
}

Status sync_path(const fs::path& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return io_error(std::strerror(errno), path.string());
  int rc = ::fsync(fd);
  int e = errno;
  ::close(fd);
  if (rc != 0) return io_error(std::strerror(e), path.string());
  return {};
}

}  // namespace

Store::Store(Sqlite db, fs::path dir, KeyPair key, StoreOptions options)
    : db_(std::move(db)), dir_(std::move(dir)), key_(key), options_(std::move(options)) {}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const fs::path& dir, const StoreOptions& options) {
  init_crypto();
  std::error_code ec;
  fs::path db_path = dir / "collegium.db";
  bool existed = fs::exists(db_path, ec);
  if (!existed) {
    if (!options.create) return not_found("no collegium database here", dir.string());
    fs::create_directories(dir, ec);
    if (ec) return io_error(ec.message(), dir.string());
    // Created here with the owner's access alone, so that SQLite gives its log and
    // shared-memory files the same mode.
    int fd = ::open(db_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return io_error(std::strerror(errno), db_path.string());
    ::close(fd);
  }
  TRY(restrict_access(dir));
  KeyPair key = TRY(load_or_create_key(dir, existed));
  Sqlite db = TRY(Sqlite::open(db_path.string(), options.create, options.vfs));
  std::unique_ptr<Store> store(new Store(std::move(db), dir, key, options));
  TRY(store->init());
  return store;
}

Status Store::init() {
  // WAL lets readers (verification, the server's reads) run beside the writer.
  // synchronous=FULL: in WAL mode this syncs the log at every commit, so a transaction
  // that reported success survives a power loss, not just a process crash. NORMAL would
  // sync only at WAL checkpoints and could lose the last acknowledged commits when the
  // machine loses power, which invariant 1 forbids. The cost is one fsync per commit;
  // commands that append many events do so in one transaction to share it.
  // secure_delete: deleted rows are overwritten, not left in free space. The sealed ballot
  // box relies on it (invariant 3): once a poll closes, its ballots exist only as published.
  TRY(
      db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;"
               "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA secure_delete=ON;"));
  TRY(db_.exec(
      "CREATE TABLE IF NOT EXISTS migrations(id TEXT PRIMARY KEY, applied TEXT NOT NULL)"));
  std::vector<Migration> all = kStoreMigrations;
  if (options_.projector) {
    auto more = options_.projector->migrations();
    all.insert(all.end(), more.begin(), more.end());
  }
  all.insert(all.end(), options_.private_migrations.begin(), options_.private_migrations.end());
  auto applied = TRY(db_.prepare("SELECT 1 FROM migrations WHERE id = ?"));
  auto record_applied = TRY(db_.prepare("INSERT INTO migrations(id, applied) VALUES(?, ?)"));
  for (const auto& m : all) {
    applied.bind(1, m.id);
    bool done = TRY(applied.step());
    applied.reset();
    if (done) continue;
    TRY(db_.exec("BEGIN IMMEDIATE"));
    Status s = db_.exec(m.sql);
    if (s.ok()) s = record_applied.bind(1, m.id).bind(2, now_utc_iso()).run();
    if (s.ok()) s = db_.exec("COMMIT");
    if (!s.ok()) {
      db_.exec("ROLLBACK").ignore_error();
      return Status(s.code(), fmt::format("migration {} failed: {}", m.id, s.message()));
    }
  }
  {
    fs::path next = dir_ / "server.key.next";
    auto pk = TRY(db_.prepare("SELECT value FROM meta WHERE key = 'public_key'"));
    if (TRY(pk.step())) {
      std::string current(pk.column_text(0));
      std::error_code ec;
      if (current != to_hex(key_.public_key) && fs::exists(next, ec)) {
        // A rotation committed but its key file was not yet moved into place.
        KeyPair rotated = TRY(read_key(next));
        if (current != to_hex(rotated.public_key)) {
          return corrupt("neither server.key nor server.key.next belongs to this database");
        }
        fs::rename(next, dir_ / "server.key", ec);
        if (ec) return io_error(ec.message(), next.string());
        key_ = rotated;
      } else if (current != to_hex(key_.public_key)) {
        return corrupt("server.key does not belong to this database (public keys differ)");
      } else if (fs::exists(next, ec)) {
        fs::remove(next, ec);  // a rotation that never committed
      }
    } else {
      auto put = TRY(db_.prepare(
          "INSERT INTO meta(key, value) VALUES('public_key', ?1), ('genesis_key', ?1)"));
      TRY(put.bind(1, to_hex(key_.public_key)).run());
    }
    auto genesis = TRY(db_.prepare("SELECT value FROM meta WHERE key = 'genesis_key'"));
    if (!TRY(genesis.step()) || !from_hex(genesis.column_text(0), genesis_key_).ok()) {
      return corrupt("the database does not record its first key");
    }
  }
  select_head_ = TRY(db_.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"));
  select_checkpoint_ = TRY(db_.prepare("SELECT COALESCE(MAX(seq), 0) FROM checkpoints"));
  TRY(load_head());
  insert_event_ = TRY(db_.prepare("INSERT INTO events(seq, body, hash) VALUES(?, ?, ?)"));
  return {};
}

Status Store::load_head() {
  Statement& head = *select_head_;
  bool any = TRY(head.step());
  uint64_t seq = 0;
  Digest hash = record::kGenesisHash;
  if (any) {
    seq = static_cast<uint64_t>(head.column_int(0));
    auto blob = head.column_blob(1);
    if (blob.size() != hash.size()) {
      head.reset();
      return corrupt("a stored hash has the wrong length", fmt::format("event {}", seq));
    }
    std::copy(blob.begin(), blob.end(), hash.begin());
  }
  head.reset();
  Statement& cp = *select_checkpoint_;
  TRY(cp.step());
  checkpoint_seq_ = static_cast<uint64_t>(cp.column_int(0));
  cp.reset();
  bool moved = seq != head_seq_ || hash != head_hash_;
  head_seq_ = seq;
  head_hash_ = hash;
  if (!moved && key_checked_) return {};
  key_checked_ = true;
  // Another writer may have rotated the key; its file is then in place (or, if that
  // writer stopped between commit and rename, still beside it as server.key.next).
  auto pk = TRY(db_.prepare("SELECT value FROM meta WHERE key = 'public_key'"));
  if (TRY(pk.step()) && pk.column_text(0) != to_hex(key_.public_key)) {
    std::string current(pk.column_text(0));
    for (const char* name : {"server.key", "server.key.next"}) {
      std::error_code ec;
      if (!fs::exists(dir_ / name, ec)) continue;
      KeyPair k = TRY(read_key(dir_ / name));
      if (to_hex(k.public_key) == current) {
        key_ = k;
        return {};
      }
    }
    return corrupt("the database names a server key that is in neither key file",
                   (dir_ / "server.key").string());
  }
  return {};
}

Sqlite& Transaction::db() {
  return store_.db_;
}

Result<record::Event> Transaction::append(std::string type, std::string actor, Json payload) {
  record::Event e{store_.head_seq_ + 1, store_.now(), std::move(type), std::move(actor),
                  std::move(payload)};
  std::string bytes = TRY(record::encode_event(e));
  Digest hash = record::chain_next(store_.head_hash_, bytes);
  TRY(store_.insert_event_->bind(1, static_cast<int64_t>(e.seq))
          .bind(2, bytes)
          .bind_blob(3, hash)
          .run());
  if (store_.options_.projector) TRY(store_.options_.projector->apply(store_.db_, e));
  store_.head_seq_ = e.seq;
  store_.head_hash_ = hash;
  ++appended_;
  return e;
}

Status Store::write_checkpoint() {
  auto c = record::make_checkpoint(head_seq_, head_hash_, key_);
  auto put =
      TRY(db_.prepare("INSERT INTO checkpoints(seq, head, key, signature) VALUES(?, ?, ?, ?)"));
  TRY(put.bind(1, static_cast<int64_t>(c.seq))
          .bind_blob(2, c.head)
          .bind_blob(3, c.key)
          .bind_blob(4, c.signature)
          .run());
  checkpoint_seq_ = head_seq_;
  return {};
}

Status Store::transact(const std::function<Status(Transaction&)>& fn) {
  TRY(db_.exec("BEGIN IMMEDIATE"));
  // The write lock is held from here on: the head read now is the one this transaction
  // appends after, whoever moved it last.
  Status s = load_head();
  uint64_t seq_before = head_seq_, checkpoint_before = checkpoint_seq_;
  Digest hash_before = head_hash_;
  Transaction txn(*this);
  if (s.ok()) s = fn(txn);
  if (s.ok() && head_seq_ > checkpoint_seq_ &&
      head_seq_ - checkpoint_seq_ >= options_.checkpoint_every) {
    s = write_checkpoint();
  }
  if (s.ok()) s = db_.exec("COMMIT");
  if (!s.ok()) {
    // A failed COMMIT leaves the transaction open; roll back so nothing of it remains.
    if (!sqlite3_get_autocommit(db_.handle())) db_.exec("ROLLBACK").ignore_error();
    head_seq_ = seq_before;
    head_hash_ = hash_before;
    checkpoint_seq_ = checkpoint_before;
    insert_event_->reset();
  }
  return s;
}

Status Store::rotate_key(std::string_view actor) {
  KeyPair fresh = generate_keypair();
  fs::path next = dir_ / "server.key.next";
  TRY(write_file_durably(next, to_hex(fresh.secret_key) + "\n", 0600));
  Status s = transact([&](Transaction& txn) -> Status {
    TRY(txn.append(
        std::string(record::kKeyRotatedEvent), std::string(actor),
        Json{{"old_key", to_hex(key_.public_key)}, {"new_key", to_hex(fresh.public_key)}}));
    TRY(write_checkpoint());  // by the old key: it vouches for its successor
    auto put = TRY(db_.prepare("UPDATE meta SET value = ? WHERE key = 'public_key'"));
    return put.bind(1, to_hex(fresh.public_key)).run();
  });
  if (!s.ok()) {
    std::error_code ec;
    fs::remove(next, ec);
    return s;
  }
  key_ = fresh;
  std::error_code ec;
  fs::rename(next, dir_ / "server.key", ec);
  if (ec) return io_error(ec.message(), next.string());
  int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

Result<BackupReport> Store::backup(const fs::path& file) {
  fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return io_error(ec.message(), folder.string());
  if (::chmod(folder.c_str(), 0700) != 0) return io_error(std::strerror(errno), folder.string());
  fs::path part = file;
  part += ".partial";
  fs::remove(part, ec);  // left by a backup that failed
  int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return io_error(std::strerror(errno), part.string());
  ::close(fd);
  BackupReport report{file, 0, Json::array()};
  Status s = [&]() -> Status {
    Sqlite copy = TRY(Sqlite::open(part.string(), false));
    // No journal: a rollback journal would keep the pages of what is removed below, and
    // the log of a WAL database would keep them until its next checkpoint. The copy is
    // not anyone's database until it is complete, so it needs neither. secure_delete
    // zeroes the removed rows in their pages; VACUUM then writes the database anew.
    TRY(copy.exec("PRAGMA journal_mode=OFF; PRAGMA secure_delete=ON; PRAGMA temp_store=MEMORY;"));
    sqlite3_backup* b = sqlite3_backup_init(copy.handle(), "main", db_.handle(), "main");
    if (!b) return copy.error("backup");
    // One step copies the whole database under one read transaction: a consistent copy.
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) return copy.error("backup");
    // The copied header asks for WAL; this copy keeps to no journal at all.
    TRY(copy.exec("PRAGMA journal_mode=OFF"));
    auto head = TRY(copy.prepare("SELECT COALESCE(MAX(seq), 0) FROM events"));
    TRY(head.step());
    report.head_seq = static_cast<uint64_t>(head.column_int(0));
    head.reset();
    TRY(copy.exec("BEGIN"));
    if (options_.projector) report.omitted = TRY(options_.projector->seal_backup(copy));
    Json marker = {{"taken", now()}, {"head_seq", report.head_seq}, {"omitted", report.omitted}};
    auto put = TRY(copy.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('backup', ?)"));
    TRY(put.bind(1, marker.dump()).run());
    TRY(copy.exec("COMMIT"));
    TRY(copy.exec("VACUUM"));
    return {};
  }();
  if (s.ok()) s = sync_path(part, O_RDONLY);
  if (s.ok() && ::rename(part.c_str(), file.c_str()) != 0) {
    s = io_error(std::strerror(errno), file.string());
  }
  if (s.ok()) s = sync_path(folder, O_RDONLY | O_DIRECTORY);
  if (!s.ok()) {
    fs::remove(part, ec);
    return s;
  }
  return report;
}

std::optional<Json> Store::backup_marker() {
  auto q = db_.prepare("SELECT value FROM meta WHERE key = 'backup'");
  if (!q.ok()) return std::nullopt;
  auto row = q->step();
  if (!row.ok() || !*row) return std::nullopt;
  auto j = parse_json(q->column_text(0));
  return j.ok() ? std::optional<Json>(*j) : std::optional<Json>(Json::object());
}

Status Store::clear_backup_marker() {
  return db_.exec("DELETE FROM meta WHERE key = 'backup'");
}

Status Store::truncate_log() {
  return db_.exec("PRAGMA wal_checkpoint(TRUNCATE);");
}

Status Store::checkpoint() {
  if (head_seq_ == checkpoint_seq_) return {};
  return transact([this](Transaction&) -> Status {
    // Another writer may have signed this head already.
    return head_seq_ == checkpoint_seq_ ? Status() : write_checkpoint();
  });
}

Status Store::for_each_event(
    uint64_t from, const std::function<Status(uint64_t, std::string_view, const Digest&)>& fn) {
  auto q = TRY(db_.prepare("SELECT seq, body, hash FROM events WHERE seq >= ? ORDER BY seq"));
  q.bind(1, static_cast<int64_t>(from));
  while (TRY(q.step())) {
    auto blob = q.column_blob(2);
    Digest h{};
    if (blob.size() != h.size()) {
      return corrupt("stored hash has the wrong length", fmt::format("event {}", q.column_int(0)));
    }
    std::copy(blob.begin(), blob.end(), h.begin());
    TRY(fn(static_cast<uint64_t>(q.column_int(0)), q.column_text(1), h));
  }
  return {};
}

std::vector<record::Checkpoint> Store::checkpoints() {
  std::vector<record::Checkpoint> out;
  auto q = db_.prepare("SELECT seq, head, key, signature FROM checkpoints ORDER BY seq");
  if (!q.ok()) return out;
  while (true) {
    auto row = q->step();
    if (!row.ok() || !*row) break;
    record::Checkpoint c;
    c.seq = static_cast<uint64_t>(q->column_int(0));
    auto copy = [&](int col, std::span<uint8_t> dst) {
      auto b = q->column_blob(col);
      if (b.size() == dst.size()) std::copy(b.begin(), b.end(), dst.begin());
    };
    copy(1, c.head);
    copy(2, c.key);
    copy(3, c.signature);
    out.push_back(c);
  }
  return out;
}

Status Store::export_record(std::FILE* out) {
  auto cps = checkpoints();
  size_t next_cp = 0;
  auto put = [&](const std::string& line) -> Status {
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) {
      return io_error("cannot write the export");
    }
    return {};
  };
  TRY(put(record::export_header_line()));
  TRY(for_each_event(1, [&](uint64_t seq, std::string_view bytes, const Digest& hash) -> Status {
    TRY(put(record::export_event_line(bytes, hash)));
    while (next_cp < cps.size() && cps[next_cp].seq == seq) {
      TRY(put(record::export_checkpoint_line(cps[next_cp++])));
    }
    return {};
  }));
  if (std::fflush(out) != 0) return io_error("cannot write the export");
  return {};
}

Result<record::VerifyReport> Store::verify(const record::VerifyOptions& options,
                                           const std::function<void(uint64_t)>& progress) {
  auto cps = checkpoints();
  size_t next_cp = 0;
  record::Verifier verifier(options);
  TRY(for_each_event(1, [&](uint64_t seq, std::string_view bytes, const Digest& hash) -> Status {
    if (seq != verifier.next_seq()) {
      return corrupt(seq > verifier.next_seq() ? "events are missing before this one"
                                               : "events are out of order",
                     fmt::format("event {}", verifier.next_seq()));
    }
    TRY(verifier.add_event(bytes, hash));
    while (next_cp < cps.size() && cps[next_cp].seq == seq) {
      TRY(verifier.add_checkpoint(cps[next_cp++]));
    }
    if (progress && (seq & 0xfff) == 0) progress(seq);
    return {};
  }));
  if (next_cp < cps.size()) {
    return corrupt("a checkpoint signs events that are not in the record",
                   fmt::format("checkpoint {}", cps[next_cp].seq));
  }
  return verifier.finish();
}

Status Store::rebuild(const std::function<void(uint64_t)>& progress) {
  if (!options_.projector) return failed_precondition("this store has no projections");
  TRY(db_.exec("BEGIN IMMEDIATE"));
  Status s;
  for (const auto& table : options_.projector->tables()) {
    s = db_.exec("DELETE FROM " + table);
    if (!s.ok()) break;
  }
  if (s.ok()) {
    s = for_each_event(1, [&](uint64_t seq, std::string_view bytes, const Digest&) -> Status {
      auto e = record::decode_event(bytes);
      if (!e.ok()) return std::move(e).status().within(fmt::format("event {}", seq));
      TRY(options_.projector->apply(db_, *e));
      if (progress && (seq & 0xfff) == 0) progress(seq);
      return {};
    });
  }
  if (s.ok()) s = db_.exec("COMMIT");
  if (!s.ok() && !sqlite3_get_autocommit(db_.handle())) db_.exec("ROLLBACK").ignore_error();
  return s;
}

}  // namespace collegium::store
