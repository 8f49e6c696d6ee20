#include "server/intake.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "server/http.h"

namespace collegium::server {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Framing refused(int status, std::string code, std::string detail, std::string field = {}) {
  Framing f;
  f.state = Framing::State::kRefuse;
  f.status = status;
  f.code = std::move(code);
  f.detail = std::move(detail);
  f.field = std::move(field);
  return f;
}

Framing too_large_head(size_t max) {
  return refused(431, "headers_too_large",
                 fmt::format("the request line and headers take more than {} bytes", max));
}

Framing too_large_body(size_t max) {
  return refused(413, "payload_too_large",
                 fmt::format("the request body is larger than {} bytes", max));
}

std::string_view reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Error";
  }
}

// A request that is already whole in memory, for cpp-httplib to parse and answer. Reading
// past its end is end of file: a worker never waits for the client. Writes go straight to
// the socket, waiting at most `write_seconds` for room.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(int fd, std::string_view request, double write_seconds)
      : fd_(fd), request_(request), write_ms_(static_cast<int>(write_seconds * 1000)) {}

  bool is_readable() const override { return pos_ < request_.size(); }
  bool is_writable() const override { return wait_writable(); }

  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, request_.size() - pos_);
    std::copy_n(request_.data() + pos_, n, ptr);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    size_t done = 0;
    while (done < size) {
      ssize_t n = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        done += static_cast<size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!wait_writable()) return -1;
      } else {
        return -1;
      }
    }
    return static_cast<ssize_t>(done);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) describe(addr, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) describe(addr, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  bool wait_writable() const {
    pollfd p{fd_, POLLOUT, 0};
    int r;
    do {
      r = ::poll(&p, 1, write_ms_);
    } while (r < 0 && errno == EINTR);
    return r > 0 && (p.revents & POLLOUT) && !(p.revents & (POLLERR | POLLHUP));
  }

  static void describe(const sockaddr_storage& addr, std::string& ip, int& port) {
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
      ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
      port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
      ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
      port = ntohs(a->sin6_port);
    }
    ip = text;
  }

  int fd_;
  std::string_view request_;
  size_t pos_ = 0;
  int write_ms_;
};

// Removes the header lines named `name` from the head, buf[0, head_length); returns how
// many bytes went.
size_t drop_header(std::string& buf, size_t head_length, std::string_view name) {
  size_t removed = 0;
  size_t pos = buf.find('\n') + 1;  // after the request line
  while (pos < head_length - removed) {
    size_t end = buf.find('\n', pos);
    if (end == std::string::npos || end >= head_length - removed) break;
    std::string_view line(buf.data() + pos, end - pos);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && iequals(line.substr(0, colon), name)) {
      buf.erase(pos, end + 1 - pos);
      removed += end + 1 - pos;
    } else {
      pos = end + 1;
    }
  }
  return removed;
}

}  // namespace

// The head is read the way cpp-httplib reads it (a request line, then lines ending in CRLF
// up to an empty one; other lines are skipped), so that both agree where a request ends.
Framing frame_request(std::string_view buf, size_t max_head_bytes, size_t max_body_bytes) {
  constexpr auto npos = std::string_view::npos;
  Framing more;
  size_t eol = buf.find('\n');
  if (eol == npos) return buf.size() > max_head_bytes ? too_large_head(max_head_bytes) : more;
  size_t pos = eol + 1;
  std::string_view te, cl;
  bool has_te = false, has_cl = false, expect = false;
  while (true) {
    size_t end = buf.find('\n', pos);
    if (end == npos) return buf.size() > max_head_bytes ? too_large_head(max_head_bytes) : more;
    std::string_view line = buf.substr(pos, end + 1 - pos);
    pos = end + 1;
    if (pos > max_head_bytes) return too_large_head(max_head_bytes);
    if (line == "\r\n") break;
    if (line.size() < 2 || line[line.size() - 2] != '\r') continue;
    line.remove_suffix(2);
    size_t colon = line.find(':');
    if (colon == npos) continue;
    std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
    if (iequals(name, "Transfer-Encoding") && !has_te) {
      te = value;
      has_te = true;
    } else if (iequals(name, "Content-Length") && !has_cl) {
      cl = value;
      has_cl = true;
    } else if (iequals(name, "Expect")) {
      expect = iequals(value, "100-continue");
    }
  }
  more.head_length = pos;
  Framing done;
  done.state = Framing::State::kDone;
  done.head_length = pos;

  if (has_te) {
    // Only chunked, alone: anything else could be read differently by a proxy in front.
    if (!iequals(te, "chunked")) {
      return refused(400, "invalid_argument", "the only transfer coding accepted is chunked",
                     "Transfer-Encoding");
    }
    size_t p = pos;
    uint64_t total = 0;
    while (true) {
      size_t end = buf.find('\n', p);
      if (end == npos) {
        if (buf.size() - p > 1024)
          return refused(400, "bad_request", "a chunk size line is too long", "body");
        more.expects_continue = expect && p == pos;
        return more;
      }
      std::string_view line = buf.substr(p, end - p);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      size_t digits = 0;
      uint64_t size = 0;
      while (digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits]))) {
        if (digits == 15) return too_large_body(max_body_bytes);
        char c = line[digits];
        size = size * 16 + static_cast<uint64_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        ++digits;
      }
      if (digits == 0 || (digits < line.size() && line[digits] != ';' && line[digits] != ' ')) {
        return refused(400, "bad_request", "a chunk size is not a hexadecimal number", "body");
      }
      p = end + 1;
      if (size == 0) break;
      total += size;
      if (total > max_body_bytes) return too_large_body(max_body_bytes);
      if (buf.size() < p + size + 2) return more;
      if (buf.substr(p + size, 2) != "\r\n") {
        return refused(400, "bad_request", "a chunk does not end with CRLF", "body");
      }
      p += size + 2;
    }
    // Trailers, up to an empty line.
    size_t trailers = p;
    while (true) {
      size_t end = buf.find('\n', p);
      if (end == npos)
        return buf.size() - trailers > max_head_bytes ? too_large_head(max_head_bytes) : more;
      std::string_view line = buf.substr(p, end + 1 - p);
      p = end + 1;
      if (p - trailers > max_head_bytes) return too_large_head(max_head_bytes);
      if (line == "\r\n") break;
    }
    done.length = p;
    return done;
  }
  if (has_cl) {
    uint64_t n = 0;
    bool ok = !cl.empty() && cl.size() <= 18;
    for (char c : cl) {
      ok = ok && c >= '0' && c <= '9';
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    if (!ok)
      return refused(400, "invalid_argument", "Content-Length is not a number", "Content-Length");
    if (n > max_body_bytes) return too_large_body(max_body_bytes);
    if (buf.size() - pos < n) {
      more.expects_continue = expect && buf.size() == pos;
      return more;
    }
    done.length = pos + n;
    return done;
  }
  done.length = pos;
  return done;
}

struct Intake::Conn {
  int fd = -1;
  std::string buf;  // received and not yet answered
  Clock::time_point deadline;
  bool started = false;    // part of a request has arrived; otherwise the connection idles
  bool draining = false;   // refused: what still comes is read and dropped until it stops
  bool continued = false;  // 100 Continue was sent for the current request
  int served = 0;
  size_t length = 0;  // the whole request's bytes, for the worker
};

Intake::Intake(IntakeOptions options, Serve serve, Log log)
    : options_(options), serve_(std::move(serve)), log_(std::move(log)) {
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
  intake_thread_ = std::thread([this] { run(); });
  for (size_t i = 0; i < std::max<size_t>(1, options_.workers); ++i) {
    workers_.emplace_back([this] { work(); });
  }
}

Intake::~Intake() {
  stop();
  ::close(epoll_);
  ::close(wake_);
}

void Intake::add(int fd) {
  if (stopping_ || open_.load() >= options_.max_connections) {
    ::close(fd);
    return;
  }
  open_++;
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  auto conn = std::make_unique<Conn>();
  conn->fd = fd;
  conn->deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(options_.idle_seconds));
  give_back(std::move(conn));
}

void Intake::give_back(std::unique_ptr<Conn> conn) {
  {
    std::lock_guard lock(incoming_mutex_);
    if (!stopping_) {
      incoming_.push_back(std::move(conn));
      conn = nullptr;
    }
  }
  if (conn) {
    close_conn(conn->fd);
    return;
  }
  uint64_t one = 1;
  (void)!::write(wake_, &one, sizeof one);
}

void Intake::close_conn(int fd) {
  ::close(fd);
  open_--;
}

void Intake::stop() {
  if (!stopping_.exchange(true)) {
    uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof one);
  }
  if (intake_thread_.joinable()) intake_thread_.join();
  {
    std::lock_guard lock(jobs_mutex_);
    workers_stopping_ = true;
  }
  jobs_cv_.notify_all();
  for (auto& w : workers_) {
    if (w.joinable()) w.join();
  }
}

void Intake::watch(std::unique_ptr<Conn> conn) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.fd = conn->fd;
  if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, conn->fd, &ev) != 0) {
    close_conn(conn->fd);
    return;
  }
  int fd = conn->fd;
  bool pending = !conn->buf.empty();
  waiting_[fd] = std::move(conn);
  // Bytes that came after the last request (pipelining) may already be a whole request.
  if (pending) on_readable(*waiting_[fd]);
}

void Intake::run() {
  std::vector<epoll_event> events(256);
  while (!stopping_) {
    int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
    for (int i = 0; i < n; ++i) {
      int fd = events[static_cast<size_t>(i)].data.fd;
      if (fd == wake_) {
        uint64_t v;
        (void)!::read(wake_, &v, sizeof v);
        continue;
      }
      auto it = waiting_.find(fd);
      if (it != waiting_.end()) on_readable(*it->second);
    }
    std::vector<std::unique_ptr<Conn>> arrived;
    {
      std::lock_guard lock(incoming_mutex_);
      arrived.swap(incoming_);
    }
    for (auto& c : arrived) watch(std::move(c));
    // Deadlines: a late request gets 408, an idle or draining connection is closed.
    auto now = Clock::now();
    std::vector<int> late;
    for (auto& [fd, c] : waiting_) {
      if (c->deadline <= now) late.push_back(fd);
    }
    for (int fd : late) {
      Conn& c = *waiting_[fd];
      if (c.started && !c.draining) {
        refuse(c, 408, "request_timeout",
               fmt::format("the request did not arrive whole within {} seconds",
                           options_.request_seconds));
      } else {
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
        waiting_.erase(fd);
        close_conn(fd);
      }
    }
  }
  for (auto& [fd, c] : waiting_) close_conn(fd);
  waiting_.clear();
  std::lock_guard lock(incoming_mutex_);
  for (auto& c : incoming_) close_conn(c->fd);
  incoming_.clear();
}

void Intake::on_readable(Conn& conn) {
  int fd = conn.fd;
  auto drop = [&] {
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    waiting_.erase(fd);  // destroys conn
    close_conn(fd);
  };
  // Enough for the largest request allowed, however it is chunked; more is refused.
  size_t cap = options_.max_head_bytes + 2 * options_.max_body_bytes + 64 * 1024;
  bool closed = false;
  char chunk[16 * 1024];
  while (true) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n > 0) {
      if (!conn.draining) conn.buf.append(chunk, static_cast<size_t>(n));
      if (conn.buf.size() > cap) break;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    closed = true;  // end of file or an error
    break;
  }
  if (conn.draining) {
    if (closed) drop();
    return;
  }
  if (!conn.buf.empty() && !conn.started) {
    conn.started = true;
    conn.continued = false;
    conn.deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(options_.request_seconds));
  }
  if (conn.buf.empty()) {
    if (closed) drop();
    return;
  }
  Framing f = frame_request(conn.buf, options_.max_head_bytes, options_.max_body_bytes);
  if (f.state == Framing::State::kMore && conn.buf.size() > cap) {
    f = refused(413, "payload_too_large", "the request is too large");
  }
  if (f.state == Framing::State::kRefuse) {
    refuse(conn, f.status, f.code, f.detail, f.field);
    if (closed) drop();
    return;
  }
  if (f.state == Framing::State::kMore) {
    if (closed) {
      // The client stopped sending in the middle of a request; it may still read.
      refuse(conn, 400, "bad_request", "the request ended before it was complete");
      drop();
    } else if (f.expects_continue && !conn.continued) {
      conn.continued = true;
      constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      (void)!::send(fd, kContinue.data(), kContinue.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    return;
  }
  // Whole: to a worker. The API serves whole replies only, so Range is dropped rather than
  // left to cpp-httplib, which would cut error replies to pieces or empty them (RFC 9110
  // lets a server ignore Range).
  size_t removed = drop_header(conn.buf, f.head_length, "Range");
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
  auto node = waiting_.extract(fd);
  node.mapped()->length = f.length - removed;
  {
    std::lock_guard lock(jobs_mutex_);
    jobs_.push_back(std::move(node.mapped()));
  }
  jobs_cv_.notify_one();
}

void Intake::refuse(Conn& conn, int status, std::string_view code, std::string_view detail,
                    std::string_view field) {
  if (log_) {
    std::string_view line(conn.buf);
    line = line.substr(0, line.find('\n'));
    size_t sp = line.find(' ');
    std::string_view method = line.substr(0, sp);
    std::string_view path;
    if (sp != std::string_view::npos) {
      path = line.substr(sp + 1);
      path = path.substr(0, path.find(' '));
      path = path.substr(0, path.find('?'));  // the query may hold what must not be logged
    }
    log_(method, path, status);
  }
  Reply r = problem(status, code, std::string(detail), std::string(field));
  std::string body = dump_json(r.body);
  std::string out = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/problem+json\r\nContent-Length: {}\r\n"
      "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n{}",
      status, reason(status), body.size(), body);
  (void)!::send(conn.fd, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(conn.fd, SHUT_WR);
  // Read and drop what the client still sends, briefly: closing with unread input would
  // reset the connection, and the client might lose the reply.
  conn.draining = true;
  conn.buf.clear();
  conn.buf.shrink_to_fit();
  conn.deadline = Clock::now() + std::chrono::seconds(2);
}

void Intake::work() {
  while (true) {
    std::unique_ptr<Conn> conn;
    {
      std::unique_lock lock(jobs_mutex_);
      jobs_cv_.wait(lock, [this] { return !jobs_.empty() || workers_stopping_; });
      if (jobs_.empty()) return;
      conn = std::move(jobs_.front());
      jobs_.pop_front();
    }
    bool last = ++conn->served >= options_.requests_per_connection || stopping_;
    bool keep = false;
    {
      RequestStream stream(conn->fd, std::string_view(conn->buf).substr(0, conn->length),
                           options_.write_seconds);
      // Nothing a request does may end the process: a failure here ends the connection.
      try {
        keep = serve_(stream, last) && !last;
      } catch (...) {
        keep = false;
      }
    }
    if (!keep) {
      close_conn(conn->fd);
      continue;
    }
    conn->buf.erase(0, conn->length);
    conn->length = 0;
    conn->started = false;
    conn->deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(options_.idle_seconds));
    give_back(std::move(conn));
  }
}

}  // namespace collegium::server
