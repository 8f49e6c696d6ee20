// `collegium serve`: the HTTP JSON API under /api, server-sent events, and the web app.
//
// Contract:
//  - A write is answered only after its transaction is durable (invariant 1); a refused
//    request changes nothing and gets a problem+json reply (invariant 6).
//  - SIGTERM or SIGINT stops accepting connections, lets requests in flight finish, and
//    then returns from run().
//  - All access to the database goes through one connection guarded by a mutex: SQLite
//    writes are serial anyway, and reads of the projections take microseconds. Whole-record
//    verification opens its own read connection so that it never blocks writers, and
//    sessions are looked up through another (Accounts::read_session), so that a request
//    is authenticated while a group commit holds the lock through its sync to disk.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "federation/federation.h"
#include "federation/round_job.h"
#include "server/accounts.h"
#include "server/http.h"
#include "server/intake.h"
#include "server/login_throttle.h"

namespace httplib {
class Server;
}

namespace collegium::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: pick a free port (tests)
  std::filesystem::path data_dir = "./collegium-data";
  std::filesystem::path web_root;  // the built web app (web/dist); empty: API only
  size_t max_body_bytes = 1 << 20;
  double requests_per_second = 50;  // per client address; 0: no limit (benchmarks)
  double burst = 200;
  int64_t session_seconds = 12 * 3600;
  int max_event_streams = 32;
  // Threads answering requests. A connection reaches one only once its request has
  // arrived whole (intake.h), so slow clients hold none; an event stream holds one for as
  // long as it stays open.
  int http_threads = 128;
  // A request must arrive whole, headers and body, within this many seconds of its first
  // byte (else 408); a kept-alive connection may idle this long between requests.
  double request_seconds = 10;
  double idle_seconds = 5;
  size_t max_connections = 4096;  // open at once; more are closed as they arrive
  HashCost hash_cost = HashCost::kInteractive;
  // Failed logins allowed per account and per client address in a window; beyond them,
  // 429 with Retry-After until the window ends (login_throttle.h).
  LoginLimits login_limits;
  // Mark the session cookie Secure, so that browsers send it only over HTTPS: for a server
  // behind a proxy that terminates TLS.
  bool secure_cookies = false;
  bool quiet = false;  // no access log
  // How often the clock closes what is due and calls due elections; 0: never (tests that
  // drive the clock themselves through tick()).
  double tick_seconds = 1;
  std::function<std::string()> clock;  // the time events carry; empty: the system clock
  // Run by tick() after the clock's step, under the database lock: the running demo's
  // reports (federation/demo_history.h). Empty for a real federation.
  std::function<Status(federation::Federation&)> after_tick;
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> open(const ServerOptions& options);
  ~Server();

  // Binds, then serves until stop() or SIGTERM/SIGINT. `on_ready` gets the bound port.
  Status run(const std::function<void(int port)>& on_ready = {});
  void stop();

  federation::Federation& federation() { return *federation_; }
  Accounts& accounts() { return *accounts_; }
  std::mutex& db_mutex() { return db_mutex_; }
  const std::vector<Route>& routes() const { return routes_; }

  // Wakes event streams after a write (called by write routes).
  void notify_appended();

  // One step of the clock: Advance, as kClock, then after_tick, under the database lock.
  Status tick();
  // Computes the planning rounds whose figures are behind (round_job.h), taking the
  // database lock only to read their inputs and record the figures; the computing thread
  // runs it after each tick, tests that drive the clock call it themselves.
  Status compute_rounds();
  // The server's computation of a round, while it runs or when it last ran.
  std::optional<federation::RoundProgress> round_progress(std::string_view round) const {
    return rounds_.progress(round);
  }

  // Gives a command as `actor` and waits until it is durable or refused. Commands arriving
  // together are committed together (Federation::execute_each): one sync to disk
  // acknowledges them all. Called without the database lock held.
  struct Committed {
    Status status;
    uint64_t first_seq = 0, last_seq = 0;
    uint64_t head_seq = 0;
    std::string head_hash;
    std::vector<std::string> created;  // ids the command's events gave
    // The answer of a route that gave the command (CommandReply in the OpenAPI document):
    // the new events' seqs, the ids made, and the record's head.
    Json reply() const;
  };
  Committed submit(federation::Command command, std::string actor);

 private:
  explicit Server(ServerOptions options);
  void add_routes();
  void add_governance_routes();
  void add_economy_routes();       // economy_routes.cc
  void add_round_routes();         // round_routes.cc
  void add_execution_routes();     // execution_routes.cc
  void add_home_routes();          // home_routes.cc
  void add_deliberation_routes();  // deliberation_routes.cc
  void run_computer();
  void run_clock();
  void run_committer();
  void install_handlers();
  bool allow_request(const std::string& address);

  ServerOptions options_;
  std::unique_ptr<federation::Federation> federation_;
  std::unique_ptr<Accounts> accounts_;
  std::mutex db_mutex_;
  std::vector<Route> routes_;
  federation::RoundComputer rounds_;
  class HttpServer;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<Intake> intake_;  // from run() to its end
  int listen_fd_ = -1;              // the listening socket, once bound

  std::mutex events_mutex_;
  std::condition_variable events_cv_;
  std::atomic<uint64_t> head_seq_{0};
  std::atomic<int> streams_{0};
  std::atomic<bool> stopping_{false};

  struct Bucket {
    double tokens;
    double last;
  };
  // The group-commit queue (submit / run_committer).
  struct Pending;
  std::mutex commit_mutex_;
  std::condition_variable commit_cv_;
  std::vector<Pending*> commits_;
  bool committer_stopping_ = false;

  std::unique_ptr<LoginThrottle> logins_;

  std::mutex limiter_mutex_;
  std::map<std::string, Bucket> buckets_;

  friend struct RouteHandlers;
  friend struct EconomyHandlers;
  friend struct RoundHandlers;
};

}  // namespace collegium::server
