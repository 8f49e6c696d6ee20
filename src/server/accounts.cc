#include "server/accounts.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "base/crypto.h"
#include "base/util.h"

namespace collegium::server {

namespace {

std::string token_key(std::string_view token) {
  return to_hex(blake2b(token));
}

std::string utc_after(int64_t seconds) {
  using namespace std::chrono;
  auto t = system_clock::to_time_t(system_clock::now() + std::chrono::seconds(seconds));
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace

Accounts::Accounts(store::Sqlite& db, HashCost cost)
    : db_(db),
      cost_(cost),
      hashing_(
          static_cast<std::ptrdiff_t>(std::clamp(std::thread::hardware_concurrency(), 1u, 1024u))) {
}

unsigned long long Accounts::opslimit() const {
  return cost_ == HashCost::kFast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

size_t Accounts::memlimit() const {
  return cost_ == HashCost::kFast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

std::vector<store::Migration> Accounts::migrations() {
  return {{"accounts/1", R"sql(
    CREATE TABLE accounts(subject TEXT PRIMARY KEY, password_hash TEXT NOT NULL,
                          created TEXT NOT NULL) STRICT;
    CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, subject TEXT NOT NULL, kind TEXT NOT NULL,
                          csrf TEXT NOT NULL, expires TEXT NOT NULL) STRICT;
    CREATE INDEX sessions_subject ON sessions(subject);
  )sql"}};
}

std::string random_token(size_t bytes) {
  std::vector<uint8_t> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return to_hex(buf);
}

Status Accounts::set_password(std::string_view subject, std::string_view password) {
  if (password.size() < 8 || password.size() > 1024) {
    return invalid_argument("a password has 8 to 1024 characters", "password");
  }
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), opslimit(), memlimit()) != 0) {
    return Status(Code::kResourceExhausted, "not enough memory to hash the password");
  }
  auto put =
      TRY(db_.prepare("INSERT INTO accounts(subject, password_hash, created) VALUES(?, ?, ?) "
                      "ON CONFLICT(subject) DO UPDATE SET password_hash = excluded.password_hash"));
  TRY(put.bind(1, subject).bind(2, std::string_view(hash)).bind(3, now_utc_iso()).run());
  // A new password ends every session of the old one.
  forget([&](const Session& s) { return s.subject == subject; });
  auto drop = TRY(db_.prepare("DELETE FROM sessions WHERE subject = ?"));
  return drop.bind(1, subject).run();
}

bool Accounts::has_account(std::string_view subject) {
  auto q = db_.prepare("SELECT 1 FROM accounts WHERE subject = ?");
  if (!q.ok()) return false;
  q->bind(1, subject);
  auto row = q->step();
  return row.ok() && *row;
}

bool Accounts::check_password(std::string_view subject, std::string_view password) {
  return verify_password(password_hash(subject), password);
}

std::string Accounts::password_hash(std::string_view subject) {
  auto q = db_.prepare("SELECT password_hash FROM accounts WHERE subject = ?");
  if (!q.ok()) return {};
  q->bind(1, subject);
  auto row = q->step();
  return row.ok() && *row ? std::string(q->column_text(0)) : std::string();
}

bool Accounts::verify_password(const std::string& hash, std::string_view password) {
  hashing_.acquire();
  struct Release {
    std::counting_semaphore<1024>& s;
    ~Release() { s.release(); }
  } release{hashing_};
  if (hash.empty()) {
    // Spend the same effort on unknown subjects as on known ones.
    std::call_once(decoy_once_, [this] {
      char h[crypto_pwhash_STRBYTES];
      if (crypto_pwhash_str(h, "x", 1, opslimit(), memlimit()) == 0) decoy_hash_ = h;
    });
    bool same =
        crypto_pwhash_str_verify(decoy_hash_.c_str(), password.data(), password.size()) == 0;
    (void)same;
    return false;
  }
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<Accounts::Issued> Accounts::create_session(std::string_view subject, std::string_view kind,
                                                  int64_t lifetime_seconds) {
  Issued out;
  out.token = random_token();
  out.session =
      Session{std::string(subject), std::string(kind),
              kind == "web" ? random_token(16) : std::string(), utc_after(lifetime_seconds)};
  auto put = TRY(db_.prepare(
      "INSERT INTO sessions(token_hash, subject, kind, csrf, expires) VALUES(?, ?, ?, ?, ?)"));
  TRY(put.bind(1, token_key(out.token))
          .bind(2, out.session.subject)
          .bind(3, out.session.kind)
          .bind(4, out.session.csrf)
          .bind(5, out.session.expires)
          .run());
  return out;
}

namespace {
constexpr std::string_view kSelectSession =
    "SELECT subject, kind, csrf, expires FROM sessions WHERE token_hash = ?";
}

Result<std::optional<Session>> Accounts::lookup(store::Statement& select, const std::string& key) {
  select.bind(1, key);
  bool found = TRY(select.step());
  std::optional<Session> s;
  if (found) {
    s = Session{std::string(select.column_text(0)), std::string(select.column_text(1)),
                std::string(select.column_text(2)), std::string(select.column_text(3))};
  }
  select.reset();
  // ISO 8601 UTC strings of equal form compare as times.
  if (!s || s->expires <= now_utc_iso()) return std::optional<Session>();
  std::lock_guard lock(cache_mutex_);
  cache_[key] = {*s, std::chrono::steady_clock::now()};
  return s;
}

std::optional<Session> Accounts::find_session(std::string_view token) {
  if (token.size() != 64) return std::nullopt;
  auto q = db_.prepare(kSelectSession);
  if (!q.ok()) return std::nullopt;
  auto s = lookup(*q, token_key(token));
  return s.ok() ? *s : std::nullopt;
}

Status Accounts::open_reader() {
  const char* file = sqlite3_db_filename(db_.handle(), "main");
  if (!file || !*file) return Status(Code::kFailedPrecondition, "the database has no file");
  auto db = TRY(store::Sqlite::open(file, false));
  // A lookup may meet the writer's checkpoint; wait briefly rather than fail the request.
  TRY(db.exec("PRAGMA busy_timeout=2000"));
  auto select = TRY(db.prepare(kSelectSession));
  std::lock_guard lock(reader_mutex_);
  reader_select_.reset();
  reader_ = std::move(db);
  reader_select_ = std::move(select);
  return {};
}

Result<std::optional<Session>> Accounts::read_session(std::string_view token) {
  if (token.size() != 64) return std::optional<Session>();
  std::string key = token_key(token);
  std::lock_guard lock(reader_mutex_);
  if (!reader_select_) return Status(Code::kFailedPrecondition, "no read connection");
  return lookup(*reader_select_, key);
}

std::optional<Session> Accounts::cached_session(std::string_view token) {
  if (token.size() != 64) return std::nullopt;
  std::lock_guard lock(cache_mutex_);
  auto it = cache_.find(token_key(token));
  if (it == cache_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() - it->second.found > std::chrono::seconds(2) ||
      it->second.session.expires <= now_utc_iso()) {
    cache_.erase(it);
    return std::nullopt;
  }
  return it->second.session;
}

void Accounts::drop_cache() {
  std::lock_guard lock(cache_mutex_);
  cache_.clear();
}

void Accounts::forget(std::function<bool(const Session&)> which) {
  std::lock_guard lock(cache_mutex_);
  std::erase_if(cache_, [&](const auto& kv) { return which(kv.second.session); });
}

Status Accounts::delete_session(std::string_view token) {
  if (token.size() == 64) {
    std::lock_guard lock(cache_mutex_);
    cache_.erase(token_key(token));
  }
  auto q = TRY(db_.prepare("DELETE FROM sessions WHERE token_hash = ?"));
  return q.bind(1, token_key(token)).run();
}

}  // namespace collegium::server
