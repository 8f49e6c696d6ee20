// A lean HTTP/1.1 load client for the benchmarks that drive the server over loopback
// (bench/elections ballot_bench, bench/execution execution_bench): few threads, many
// keep-alive connections, whole requests made beforehand, so that the client takes as
// little as it can of the cores it shares with the server.
#pragma once

#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace collegium::bench {

// A client thread that drives several keep-alive connections at once, each with one
// request in flight: it sleeps in poll() until any answer arrives, so that it wakes once
// for a burst of acknowledgements rather than once per connection. Connection `c` (of
// `total`) sends the requests c, c + total, ...; every request is a whole HTTP request made
// beforehand. A request counts only once its answer has come back: 200, or 409 for a
// command sent again after the connection broke (the first try was recorded).
template <typename Refuse>
void lean_client(int port, const std::vector<int>& conns, int total,
                 const std::vector<std::string>& requests,
                 std::vector<std::vector<double>>& latency, std::atomic<int64_t>& accepted,
                 Refuse&& refuse) {
  struct Conn {
    int index;  // which connection of the run (its slice of the requests)
    int fd = -1;
    int64_t next;  // the request in flight
    bool resent = false;
    std::chrono::steady_clock::time_point sent;
    std::string in;
  };
  auto connect_to = [port]() {
    for (int tries = 0;; ++tries) {
      int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<uint16_t>(port));
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
        int one = 1;  // or Nagle and delayed ACKs add 40 ms to each request
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return fd;
      }
      ::close(fd);
      if (tries == 50) {
        fmt::print(stderr, "cannot connect\n");
        std::exit(1);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  const auto n = static_cast<int64_t>(requests.size());
  auto send_all = [](int fd, const std::string& r) {
    size_t off = 0;
    while (off < r.size()) {
      ssize_t w = ::send(fd, r.data() + off, r.size() - off, MSG_NOSIGNAL);
      if (w <= 0) return false;
      off += static_cast<size_t>(w);
    }
    return true;
  };
  std::vector<Conn> cs;
  for (int c : conns) {
    if (c >= n) continue;
    cs.push_back({c, connect_to(), c});
  }
  auto start = [&](Conn& c) {
    c.sent = std::chrono::steady_clock::now();
    while (!send_all(c.fd, requests[c.next])) {
      ::close(c.fd);
      c.fd = connect_to();
      c.resent = true;
    }
  };
  for (auto& c : cs) start(c);
  std::vector<pollfd> fds;
  std::vector<Conn*> live;
  char buf[16384];
  while (true) {
    fds.clear();
    live.clear();
    for (auto& c : cs) {
      if (c.next >= n) continue;
      fds.push_back({c.fd, POLLIN, 0});
      live.push_back(&c);
    }
    if (fds.empty()) break;
    if (::poll(fds.data(), fds.size(), -1) < 0) continue;
    for (size_t k = 0; k < fds.size(); ++k) {
      if (!fds[k].revents) continue;
      Conn& c = *live[k];
      ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
      if (r <= 0) {  // the server closed the connection: send the ballot again
        ::close(c.fd);
        c.fd = connect_to();
        c.in.clear();
        c.resent = true;
        start(c);
        continue;
      }
      c.in.append(buf, static_cast<size_t>(r));
      size_t head = c.in.find("\r\n\r\n");
      if (head == std::string::npos) continue;
      size_t len = 0;
      std::string_view h(c.in.data(), head);
      if (size_t p = h.find("Content-Length: "); p != std::string_view::npos) {
        len = std::strtoul(c.in.c_str() + p + 16, nullptr, 10);
      }
      if (c.in.size() < head + 4 + len) continue;
      latency[c.index].push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - c.sent).count());
      int status = std::atoi(c.in.c_str() + 9);  // "HTTP/1.1 200 OK"
      if (status == 200 || (status == 409 && c.resent)) {
        ++accepted;
      } else {
        refuse(status, std::string_view(c.in).substr(head + 4, len));
      }
      bool closing = h.find("Connection: close") != std::string_view::npos;
      c.in.erase(0, head + 4 + len);
      c.resent = false;
      c.next += total;
      if (closing) {
        ::close(c.fd);
        c.fd = connect_to();
      }
      if (c.next < n) start(c);
    }
  }
  for (auto& c : cs) ::close(c.fd);
}

}  // namespace collegium::bench
