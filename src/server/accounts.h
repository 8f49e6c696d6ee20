// Credentials and sessions: the server's private state, kept beside the record but never in
// it (a password hash is nobody's business, and the record is public).
//
// A subject is a member id or "operator". Passwords are hashed with Argon2id (libsodium's
// crypto_pwhash_str). A session token is 32 random bytes given to the client once; only
// its BLAKE2b hash is stored, so a copy of the database does not let anyone log in.
// Web sessions carry a CSRF token that every state-changing request must echo in the
// X-CSRF-Token header; bearer tokens (for the CLI and scripts) need none, since browsers
// never send them on their own.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace collegium::server {

inline constexpr std::string_view kOperatorId = "operator";

struct Session {
  std::string subject;  // member id or "operator"
  std::string kind;     // "web" or "bearer"
  std::string csrf;     // web sessions only
  std::string expires;  // UTC ISO 8601
};

// Argon2id cost. kInteractive is for people; kFast only for tests, where hundreds of
// logins must not take minutes.
enum class HashCost { kInteractive, kFast };

class Accounts {
 public:
  static std::vector<store::Migration> migrations();

  Accounts(store::Sqlite& db, HashCost cost);

  Status set_password(std::string_view subject, std::string_view password);
  bool has_account(std::string_view subject);
  // True if `password` is the subject's; false for a wrong password or no account. Takes
  // the same time either way, so that timing does not reveal which accounts exist.
  bool check_password(std::string_view subject, std::string_view password);
  // The two halves of check_password, so that the slow one runs without the database
  // lock: password_hash() reads the stored hash (empty: no account; needs the lock),
  // verify_password() checks a password against it (safe from any thread, without the
  // lock). Argon2id takes tens of megabytes and most of a core for a while, so at most
  // one verification per core runs at a time; the others wait their turn.
  std::string password_hash(std::string_view subject);
  bool verify_password(const std::string& hash, std::string_view password);

  struct Issued {
    std::string token;  // give to the client; never stored
    Session session;
  };
  Result<Issued> create_session(std::string_view subject, std::string_view kind,
                                int64_t lifetime_seconds);
  // The live session for a token, if any (expired sessions are treated as absent). Needs
  // the database lock; what it finds is kept in memory for cached_session().
  std::optional<Session> find_session(std::string_view token);
  // The same without the database lock, through a read connection of its own (see
  // open_reader). An error when it could not tell: no reader, or the read failed; then
  // ask find_session() under the lock.
  Result<std::optional<Session>> read_session(std::string_view token);
  // Opens the read connection that read_session() uses, on the database file the main
  // connection has open. In WAL mode it reads the last committed state without waiting
  // for the writer, so a request is authenticated while a group commit holds the main
  // connection, and its lock, through its sync to disk. Without it (an in-memory
  // database), every lookup takes the lock.
  Status open_reader();
  // The same from memory only, without the database: a session found in the last two
  // seconds and not ended through this object since. Safe from any thread; lets writes
  // queue for group commit without waiting for the database lock that a commit holds.
  // Sessions ended by another process (`collegium account password` while the server
  // runs) stop being served from memory within those two seconds.
  std::optional<Session> cached_session(std::string_view token);
  // Forgets what cached_session() remembers (after sessions changed behind its back).
  void drop_cache();
  Status delete_session(std::string_view token);

 private:
  void forget(std::function<bool(const Session&)> which);
  // The session stored under `key` (token_key of the token) in `db`, read with `select`
  // (prepared on `db`); nullopt if none or expired. Remembers what it finds.
  Result<std::optional<Session>> lookup(store::Statement& select, const std::string& key);
  unsigned long long opslimit() const;
  size_t memlimit() const;
  store::Sqlite& db_;
  HashCost cost_;
  std::once_flag decoy_once_;
  std::string decoy_hash_;                 // compared against when the subject has no account
  std::counting_semaphore<1024> hashing_;  // verifications running at once
  std::mutex cache_mutex_;
  struct Cached {
    Session session;
    std::chrono::steady_clock::time_point found;
  };
  std::unordered_map<std::string, Cached> cache_;  // by token_key(token)
  // One lookup at a time on the read connection.
  std::mutex reader_mutex_;
  std::optional<store::Sqlite> reader_;
  std::optional<store::Statement> reader_select_;
};

// A random secret of `bytes` bytes as lowercase hex.
std::string random_token(size_t bytes = 32);

}  // namespace collegium::server
