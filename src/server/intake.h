// The intake: where connections wait until a whole request has arrived.
//
// cpp-httplib gives each connection a thread of its own from the moment it is accepted, so
// clients that send a request a few bytes at a time (or open connections and say nothing)
// hold every worker thread and everyone else waits. Here one thread watches all open
// connections with epoll and reads what arrives; a connection reaches a worker only once
// its request is complete, headers and body, and the worker reads that request from
// memory. Workers therefore spend their time answering, never waiting for a client to
// speak.
//
// Contract:
//  - A request must arrive whole within `request_seconds` of its first byte, and the next
//    request on a kept-alive connection must begin within `idle_seconds`. A request that
//    is late gets 408; an idle connection is closed without a word.
//  - The head (request line and headers) may take `max_head_bytes`, the body
//    `max_body_bytes` however it is framed (Content-Length or chunked). Beyond them the
//    answer is 431 or 413, given here without a worker; so is 400 for framing that cannot
//    be read (a bad Content-Length, a bad chunk size) or that stops half way (the client
//    shut its side down in the middle of a request).
//  - At most `max_connections` connections are open at once; beyond them a new
//    connection is closed at once.
//  - The replies given here are problem+json like every other error (invariant 6).
//  - stop() closes the connections waiting here and waits for the requests that workers
//    are answering to finish.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace collegium::server {

struct IntakeOptions {
  size_t max_head_bytes = 32 * 1024;
  size_t max_body_bytes = 1 << 20;
  double request_seconds = 10;
  double idle_seconds = 5;
  double write_seconds = 5;  // a reply that cannot be written for this long ends the connection
  size_t max_connections = 4096;
  size_t workers = 128;
  int requests_per_connection = 1000;  // then the connection is closed
};

// How much of `buf` is one whole request. Exposed for its test.
struct Framing {
  enum class State { kMore, kDone, kRefuse } state = State::kMore;
  size_t length = 0;              // kDone: the request's bytes are buf[0, length)
  size_t head_length = 0;         // the head's bytes, once known
  bool expects_continue = false;  // the head asks for 100 Continue before the body
  int status = 0;                 // kRefuse: the reply
  std::string code, detail, field;
};
Framing frame_request(std::string_view buf, size_t max_head_bytes, size_t max_body_bytes);

class Intake {
 public:
  // Answers one whole request read from `stream`; `last`: the connection closes after it.
  // Returns whether the connection may stay open for another request.
  using Serve = std::function<bool(httplib::Stream& stream, bool last)>;
  // Reports a request refused here (method and path as far as they could be read).
  using Log = std::function<void(std::string_view method, std::string_view path, int status)>;

  Intake(IntakeOptions options, Serve serve, Log log);
  ~Intake();
  Intake(const Intake&) = delete;
  Intake& operator=(const Intake&) = delete;

  // Takes ownership of an accepted socket. Safe from any thread.
  void add(int fd);
  // Closes what waits here, finishes what workers answer, and joins every thread.
  void stop();

  // Connections open now, waiting here or being answered (for tests and the log).
  size_t open_connections() const { return open_.load(); }

 private:
  struct Conn;
  using Clock = std::chrono::steady_clock;

  void run();
  void work();
  void watch(std::unique_ptr<Conn> conn);
  void on_readable(Conn& conn);
  // Sends a problem reply, then drains what the client still sends for a moment, so that
  // the client reads the reply instead of a reset connection.
  void refuse(Conn& conn, int status, std::string_view code, std::string_view detail,
              std::string_view field = {});
  void close_conn(int fd);
  void give_back(std::unique_ptr<Conn> conn);  // from a worker, after a kept-alive reply

  IntakeOptions options_;
  Serve serve_;
  Log log_;
  int epoll_ = -1;
  int wake_ = -1;  // an eventfd: new or returned connections, or stop
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> open_{0};

  std::mutex incoming_mutex_;
  std::vector<std::unique_ptr<Conn>> incoming_;  // added or given back, for the intake thread
  std::unordered_map<int, std::unique_ptr<Conn>> waiting_;  // intake thread only

  std::mutex jobs_mutex_;
  std::condition_variable jobs_cv_;
  std::deque<std::unique_ptr<Conn>> jobs_;  // complete requests for the workers
  bool workers_stopping_ = false;

  std::thread intake_thread_;
  std::vector<std::thread> workers_;
};

}  // namespace collegium::server
