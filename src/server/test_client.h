// For tests: a small HTTP client of the API on 127.0.0.1, as a member or the operator.
#pragma once

#include <httplib.h>

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
                                 const Caller& c = {}, const std::string& body = "") {
  httplib::Client cli("127.0.0.1", port);
  auto h = headers(c);
  auto res = method == "GET"      ? cli.Get(path, h)
             : method == "DELETE" ? cli.Delete(path, h)
             : method == "PUT"    ? cli.Put(path, h, body, "application/json")
                                  : cli.Post(path, h, body, "application/json");
  if (!res) return {-1, nullptr};
  auto j = parse_json(res->body);
  return {res->status, j.ok() ? *j : Json(nullptr)};
}

}  // namespace collegium::server::test
