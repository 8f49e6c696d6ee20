// For tests: a small HTTP client of the API on 127.0.0.1, as a member or the operator.
#pragma once

#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <utility>

#include "base/json.h"

namespace collegium::server::test {

// A logged-in caller: a web session (cookie and CSRF token) or a bearer token.
struct Caller {
  std::string cookie, csrf, bearer;
};

inline httplib::Headers headers(const Caller& c) {
  httplib::Headers h;
  if (!c.cookie.empty()) h.emplace("Cookie", "collegium_session=" + c.cookie);
  if (!c.csrf.empty()) h.emplace("X-CSRF-Token", c.csrf);
  if (!c.bearer.empty()) h.emplace("Authorization", "Bearer " + c.bearer);
  return h;
}

// Logs in; an empty Caller when refused.
inline Caller login(int port, const std::string& who, const std::string& password) {
  httplib::Client cli("127.0.0.1", port);
  auto res = cli.Post("/api/session", Json{{"member", who}, {"password", password}}.dump(),
                      "application/json");
  if (!res || res->status != 200) return {};
  Caller c;
  std::string set = res->get_header_value("Set-Cookie");
  c.cookie = set.substr(set.find('=') + 1, 64);
  c.csrf = parse_json(res->body)->at("csrf_token").get<std::string>();
  return c;
}

// Sends a request; returns {status, body as JSON (null if not JSON)}; status -1 when no
// answer came.
inline std::pair<int, Json> call(int port, const std::string& method, const std::string& path,
                                 const Caller& c = {}, const std::string& body = "",
                                 const std::string& content_type = "application/json") {
  httplib::Client cli("127.0.0.1", port);
  auto h = headers(c);
  auto res = method == "GET"      ? cli.Get(path, h)
             : method == "DELETE" ? cli.Delete(path, h)
             : method == "PUT"    ? cli.Put(path, h, body, content_type)
                                  : cli.Post(path, h, body, content_type);
  if (!res) return {-1, nullptr};
  auto j = parse_json(res->body);
  return {res->status, j.ok() ? *j : Json(nullptr)};
}

// A connection to 127.0.0.1:`port` for sending bytes exactly as given, however malformed;
// -1 when it cannot connect.
inline int connect_raw(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// One reply as read from a raw connection. status -1: none came (closed, or not within
// the time given).
struct RawReply {
  int status = -1;
  std::string head;  // status line and headers
  std::string body;
  std::string header(std::string_view name) const {
    std::string lower_head = head, lower_name(name);
    for (auto& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : lower_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t p = lower_head.find("\r\n" + lower_name + ":");
    if (p == std::string::npos) return {};
    p += lower_name.size() + 3;
    size_t end = head.find("\r\n", p);
    std::string v = head.substr(p, end - p);
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    return v;
  }
};

// Reads one reply (skipping 100 Continue) from `fd`, waiting at most `seconds` in all.
inline RawReply read_reply(int fd, double seconds = 10, bool head_only = false) {
  auto until = std::chrono::steady_clock::now() +
               std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  std::string in;
  RawReply r;
  while (true) {
    size_t end = in.find("\r\n\r\n");
    if (end != std::string::npos) {
      r.head = in.substr(0, end + 2);
      int status = std::atoi(r.head.substr(r.head.find(' ') + 1).c_str());
      if (status == 100) {
        in.erase(0, end + 4);
        continue;
      }
      std::string length = r.header("Content-Length");
      size_t n = length.empty() || head_only ? 0 : std::stoul(length);
      if (in.size() >= end + 4 + n) {
        r.status = status;
        r.body = in.substr(end + 4, n);
        return r;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {};
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return {};
    char buf[16384];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return {};
    in.append(buf, static_cast<size_t>(n));
  }
}

// Sends `bytes` on a new connection and reads one reply.
inline RawReply raw(int port, std::string_view bytes, double seconds = 10) {
  int fd = connect_raw(port);
  if (fd < 0) return {};
  send_all(fd, bytes);
  RawReply r = read_reply(fd, seconds);
  ::close(fd);
  return r;
}

}  // namespace collegium::server::test
