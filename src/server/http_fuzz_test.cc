// The whole HTTP surface, fuzzed against a real server on 127.0.0.1: requests made from
// the route table and then spoiled (methods, paths, path parameters, queries, headers and
// bodies; invalid UTF-8, huge or odd headers, bad JSON, bad chunked bodies, pipelining),
// plus bytes at random. Whatever arrives, the server answers, never with 5xx, always with
// problem+json for an error, and still serves a health request afterwards.
//
// Bounded: at most kRequests requests or kSeconds seconds. The seed is printed; set
// COLLEGIUM_HTTP_FUZZ_SEED to replay one.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>

#include "server/server.h"
#include "server/test_client.h"
#include "server/test_server.h"

namespace collegium::server {
namespace {

constexpr int kRequests = 20000;
constexpr double kSeconds = 15;
constexpr const char* kPassword = test::kTestPassword;

class Fuzzer {
 public:
  Fuzzer(uint64_t seed, std::vector<Route> routes, std::string auth)
      : rng_(seed), routes_(std::move(routes)), auth_(std::move(auth)) {}

  // One request, as bytes. `head_only`: it asks with HEAD, whose reply has no body.
  std::string request(bool& head_only) {
    if (one_in(40)) return random_bytes(pick(1, 300));  // not HTTP at all
    const Route& r = routes_[pick(0, routes_.size() - 1)];
    std::string method = one_in(5)
                             ? choose({"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD",
                                       "TRACE", "CONNECT", "PRI", "FOO", "get", "G\x01T", ""})
                             : r.method;
    head_only = method == "HEAD";
    std::string target = one_in(10) ? random_path() : fill_path(r.path);
    std::string query = this->query(r);
    if (!query.empty()) target += "?" + query;
    if (one_in(50)) target = std::string(pick(8000, 20000), 'a');  // a request line too long
    std::string version =
        one_in(15) ? choose({"HTTP/1.0", "HTTP/2", "HTTP/1.1 extra", "", "HTTP/9.9", "http/1.1"})
                   : "HTTP/1.1";
    std::string line =
        method + (one_in(30) ? "  " : " ") + target + (version.empty() ? "" : " " + version);
    std::string head = line + (one_in(40) ? "\n" : "\r\n");
    std::string body = this->body(r);
    bool chunked = one_in(6);
    if (!one_in(8)) head += auth_;
    if (!one_in(5))
      head += "Content-Type: " +
              choose({"application/json", "application/json; charset=utf-8", "text/plain",
                      "application/json\xff", "", "text/csv", "text/csv; charset=utf-8"}) +
              "\r\n";
    if (chunked) {
      head += "Transfer-Encoding: " +
              choose({"chunked", "chunked", "chunked", "Chunked", "gzip", "chunked, gzip",
                      "identity"}) +
              "\r\n";
      body = chunk(body);
    } else if (!one_in(8)) {
      std::string length = std::to_string(body.size());
      if (one_in(10)) {
        length = choose({"-1", "abc", "99999999999999999999999", "1e3", "", " 12 ", "0x10",
                         std::to_string(body.size() + pick(1, 50)),
                         std::to_string(pick(0, body.size())), std::to_string(10 * 1024 * 1024)});
      }
      head += "Content-Length: " + length + "\r\n";
    }
    for (int i = 0, n = static_cast<int>(pick(0, 4)); i < n; ++i) head += header();
    if (one_in(40)) {
      for (int i = 0; i < 300; ++i) head += fmt::format("X-Many-{}: {}\r\n", i, i);
    }
    return head + "\r\n" + body;
  }

 private:
  size_t pick(size_t lo, size_t hi) { return std::uniform_int_distribution<size_t>(lo, hi)(rng_); }
  bool one_in(size_t n) { return pick(1, n) == 1; }
  std::string choose(std::initializer_list<std::string> options) {
    auto it = options.begin();
    std::advance(it, static_cast<long>(pick(0, options.size() - 1)));
    return *it;
  }
  std::string random_bytes(size_t n) {
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(pick(0, 255));
    return s;
  }
  // Text a client might put in a path segment or a query value, good or bad.
  std::string token() {
    switch (pick(0, 11)) {
      case 0:
        return "council";
      case 1:
        return "w-1";
      case 2:
        return "m-0000001";
      case 3:
        return "%ff";
      case 4:
        return "%c3%28";
      case 5:
        return "%ed%a0%80";
      case 6:
        return "%00";
      case 7:
        return "%0a%0d%22";
      case 8:
        return "%";
      case 9:
        return "%zz";
      case 10:
        return std::string(pick(100, 3000), 'x');
      default:
        return std::to_string(static_cast<int64_t>(pick(0, 1u << 31)) - (1 << 30));
    }
  }
  std::string fill_path(const std::string& path) {
    std::string out;
    for (size_t i = 0; i < path.size(); ++i) {
      if (path[i] == '{') {
        i = path.find('}', i);
        out += token();
      } else {
        out += path[i];
      }
    }
    if (one_in(20)) out.insert(pick(0, out.size()), one_in(2) ? "\xff" : "%c0%af");
    if (one_in(30)) out += "/../../etc/passwd";
    return out;
  }
  std::string random_path() {
    return choose({"/", "/api", "/api/", "/%ff", "//api//health", "/api/health/", "*",
                   "/api/events/x", "/index.html", "http://127.0.0.1/api/health", "/api/bodies/",
                   "/api/\x01"});
  }
  std::string query(const Route& r) {
    std::vector<std::string> names = r.query;
    for (const char* extra : {"limit", "offset", "after", "x"}) names.emplace_back(extra);
    std::string q;
    for (int i = 0, n = static_cast<int>(pick(0, 3)); i < n; ++i) {
      if (!q.empty()) q += one_in(10) ? "&&" : "&";
      q += names[pick(0, names.size() - 1)];
      if (!one_in(10)) {
        q += "=" + (one_in(2) ? choose({"1", "0", "-1", "1000", "1001", "abc", "5x",
                                        "99999999999999999999", "%2B5", "", "open", "closed",
                                        // a search's words and kinds (GET /api/search)
                                        "member", "motion", "Anna", "%25_%5C", "a%20b"})
                              : token());
      }
    }
    if (one_in(30)) q += "=&==%";
    return q;
  }
  std::string header() {
    switch (pick(0, 13)) {
      case 0:
        return "Cookie: collegium_session=" + random_bytes(pick(0, 70)) + "\r\n";
      case 1:
        return "Authorization: Bearer " + std::string(pick(0, 80), 'a') + "\r\n";
      case 2:
        return "X-CSRF-Token: \xff\xfe\r\n";
      case 3:
        return "X-Huge: " + std::string(pick(9000, 40000), 'h') + "\r\n";
      case 4:
        return "No colon here\r\n";
      case 5:
        return "Bare: line feed\n";
      case 6:
        return "Expect: 100-continue\r\n";
      case 7:
        return "Range: bytes=" + choose({"0-10", "5-1", "-0", "abc", "0-0,1-1,2-2"}) + "\r\n";
      case 8:
        return "Connection: " + choose({"close", "keep-alive", "upgrade"}) + "\r\n";
      case 9:
        return "Accept-Encoding: " + choose({"gzip", "br", "deflate", "*"}) + "\r\n";
      case 10:
        return "Last-Event-ID: " + token() + "\r\n";
      case 11:
        return ": empty name\r\n";
      case 12:
        return "Content-Length: 5\r\n";  // a second one
      default:
        return "X-Binary: " + random_bytes(pick(1, 40)) + "\r\n";
    }
  }
  std::string body(const Route& r) {
    static const std::vector<std::string> valid = {
        R"({"admit_member": {"id": "m-fuzz", "name": "F", "category": "production", "workplace": "w-1", "joined": "2024-01-01"}})",
        R"({"member": "m-0000001", "password": "correct horse battery"})",
        R"({"member": "operator", "password": "wrong"})",
        R"({"nominate": {"poll": "poll-1", "member": "m-0000001"}})",
        R"({"cast_ballot": {"poll": "poll-1", "ranking": ["m-0000001"]}})",
        R"({"write_minutes": {"meeting": "meeting-1", "item": 1, "text": "Minutes"}})",
        R"({"form_platform": {"name": "Fuzz", "statement": "A statement"}})",
        R"({})",
        // The CSV upload of a workplace's production data, in both forms.
        "id,capacity,workers,production,technical\nw-1,120,4,2.5,0.5\n",
        // A workplace's report (POST /api/workplaces/{id}/reports).
        "kind,item,amount\noutput,p-01,3\nhours,production,40\ninput,p-02,1.5\n",
        "workplace,input,coefficient\nw-1,p-metal-1,0.25\nw-1,\"a,\"\"b\",1e3\n",
    };
    if (r.method != "POST" && !one_in(4)) return "";
    std::string b = valid[pick(0, valid.size() - 1)];
    switch (pick(0, 9)) {
      case 0:
        return b;
      case 1:
        return b.substr(0, pick(0, b.size()));  // truncated
      case 2:
        b.insert(pick(0, b.size()), "\xff");
        return b;
      case 3:
        b.insert(pick(0, b.size()), "\"\xc3\x28\"");
        return b;
      case 4:
        return std::string(pick(1, 3000), '[') + std::string(pick(0, 3000), ']');
      case 5:
        return R"({"a": 1e999999, "b": -0.0, "c": 18446744073709551616123})";
      case 6:
        return R"({"admit_member": "\ud800"})";
      case 7:
        return random_bytes(pick(0, 500));
      case 8: {
        for (int i = 0; i < 5; ++i) b[pick(0, b.size() - 1)] = static_cast<char>(pick(0, 255));
        return b;
      }
      default:
        return std::string(pick(60 * 1024, 80 * 1024), ' ');  // about the body limit
    }
  }
  std::string chunk(const std::string& body) {
    std::string out;
    size_t pos = 0;
    while (pos < body.size()) {
      size_t n = std::min(body.size() - pos, pick(1, 4096));
      out += fmt::format("{:x}\r\n", n) + body.substr(pos, n) + "\r\n";
      pos += n;
    }
    out += "0\r\n\r\n";
    switch (pick(0, 9)) {
      case 0:
        return "zz\r\n" + out;  // not hexadecimal
      case 1:
        return out.substr(0, pick(0, out.size()));  // cut short
      case 2:
        return "5\r\nab\r\n0\r\n\r\n";  // shorter than said
      case 3:
        return "FFFFFFFFFFFFFFFFFFFF\r\n";  // overflows
      case 4:
        return "2FAF080\r\n" + std::string(1000, 'x');  // 50 MB announced
      case 5:
        return "-1\r\n\r\n";
      default:
        return out;
    }
  }

  std::mt19937_64 rng_;
  std::vector<Route> routes_;
  std::string auth_;
};

TEST(HttpFuzz, TheServerAnswersEverythingAndNeverWith5xx) {
  ServerOptions o = test::test_options();
  o.max_body_bytes = 64 * 1024;
  o.request_seconds = 2;
  test::TestServer running({.name = "http-fuzz",
                            .demo = {.workplaces = 2, .members = 20, .seed = 5},
                            .options = o,
                            .accounts = {"operator", "m-0000001"}});
  Server* server = &running.server();
  const int port = running.port();

  test::Caller op = test::login(port, "operator", kPassword);
  ASSERT_FALSE(op.cookie.empty());
  std::string auth =
      "Cookie: collegium_session=" + op.cookie + "\r\nX-CSRF-Token: " + op.csrf + "\r\n";
  std::vector<Route> routes;
  for (const auto& r : server->routes()) {
    if (r.path != "/api/events") routes.push_back(r);  // a stream: it would not end
  }

  uint64_t seed = std::random_device{}();
  if (const char* s = std::getenv("COLLEGIUM_HTTP_FUZZ_SEED")) seed = std::strtoull(s, nullptr, 10);
  std::cout << "COLLEGIUM_HTTP_FUZZ_SEED=" << seed << "\n";
  Fuzzer fuzz(seed, routes, auth);

  auto start = std::chrono::steady_clock::now();
  int sent = 0, failures = 0;
  std::map<int, int> statuses;
  while (sent < kRequests && failures < 10 &&
         std::chrono::steady_clock::now() - start < std::chrono::duration<double>(kSeconds)) {
    bool head_only = false;
    std::string req = fuzz.request(head_only);
    // Now and then two requests on one connection at once (pipelined).
    bool pipelined = sent % 17 == 0;
    bool second_head_only = false;
    std::string second = pipelined ? fuzz.request(second_head_only) : "";
    int fd = test::connect_raw(port);
    ASSERT_GE(fd, 0) << "the server stopped accepting after " << sent << " requests";
    test::send_all(fd, req + second);
    // The client says no more: a request cut short is answered at once, not after a wait.
    ::shutdown(fd, SHUT_WR);
    ++sent;
    auto check = [&](const std::string& request, const test::RawReply& reply, bool no_body) {
      statuses[reply.status]++;
      bool bad = reply.status < 100 || reply.status >= 500;
      if (reply.status >= 400 && reply.status < 500) {
        bad = bad || reply.header("Content-Type") != "application/problem+json";
        if (!no_body) {
          auto j = parse_json(reply.body);
          bad = bad || !j.ok() || !j->contains("code") || j->value("status", 0) != reply.status;
        }
      }
      if (bad) {
        ++failures;
        ADD_FAILURE() << "request " << sent << " (seed " << seed
                      << "): " << log_escape(request.substr(0, 400)) << "\n-> " << reply.status
                      << "\n"
                      << reply.head << reply.body.substr(0, 300);
      }
    };
    check(req, test::read_reply(fd, 10, head_only), head_only);
    if (pipelined) {
      // The second is answered too, unless the first ended the connection.
      auto reply = test::read_reply(fd, 10, second_head_only);
      if (reply.status > 0) check(second, reply, second_head_only);
    }
    ::close(fd);
    if (sent % 100 == 0) {
      ASSERT_EQ(test::call(port, "GET", "/api/health").first, 200)
          << "after request " << sent << " (seed " << seed << ")";
    }
  }
  std::string summary;
  for (auto [status, n] : statuses) summary += fmt::format(" {}x{}", n, status);
  std::cout << sent << " requests in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
            << " s:" << summary << "\n";
  EXPECT_GE(sent, 500) << "too few requests to tell";
  EXPECT_EQ(test::call(port, "GET", "/api/health").first, 200);
  {
    std::lock_guard lock(server->db_mutex());
    EXPECT_TRUE(server->federation().store().verify({}).ok());
  }
}

}  // namespace
}  // namespace collegium::server
