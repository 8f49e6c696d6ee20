// The pieces of the HTTP API that do not depend on any one route: the route table from
// which both the router and the OpenAPI document are made, replies, and problem+json
// errors (invariant 6: a stable code, the offending field and the reason).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/fields.h"
#include "base/json.h"
#include "base/status.h"
#include "federation/reads.h"
#include "server/accounts.h"

namespace httplib {
struct Request;
}

namespace collegium::server {

// Who may call a route. Rights follow from membership: a member is anyone with a member
// account; officials (members holding a mandate) come with the elections module.
enum class Access { kPublic, kMember, kOperator };

struct Reply {
  int status = 200;
  Json body;         // sent as JSON unless `text` is set
  std::string text;  // a non-JSON body (the OpenAPI document is JSON too)
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

// The offset of the first byte of `text` that is not part of well-formed UTF-8 (no
// overlong forms, no surrogates, nothing above U+10FFFF), or npos when all of it is.
size_t invalid_utf8_at(std::string_view text);

// `value` as JSON text. Strings that are not valid UTF-8 (only possible where a reply
// echoes what a client sent) have the bad bytes replaced by U+FFFD instead of throwing:
// serialising a reply must never fail.
std::string dump_json(const Json& value);

// `text` for one field of the access log: control characters, quotes, backslashes and
// bytes outside ASCII written as \xHH, so that a request cannot forge or split a line.
std::string log_escape(std::string_view text);

// The integer query parameter `name`, or `fallback` when absent. Anything but a plain
// decimal integer from `lo` to `hi` (junk, a sign, an overflow) is an invalid_argument
// naming the parameter.
Result<int64_t> query_int(const httplib::Request& req, const char* name, int64_t fallback,
                          int64_t lo, int64_t hi);

// The page of a list route, the one form every paged route takes: `offset` (0 up, default
// 0) and `limit` (1 to federation::kMaxPageLimit, default federation::kDefaultPageLimit),
// each strictly checked by query_int: `limit=abc` is an invalid_argument naming `limit`.
Result<federation::Page> query_page(const httplib::Request& req);

// A query parameter's text, empty when absent.
std::string query_text(const httplib::Request& req, const char* name);

// An error reply in RFC 9457 problem+json form.
Reply problem(int status, std::string_view code, std::string detail, std::string field = {});
// The problem for a Status, with the HTTP status its code implies.
Reply problem(const Status& status);
int http_status_for(Code code);

// The reply for what a read model returned: its JSON (fields.h), or the problem of its error.
template <Described T>
Reply read_reply(const Result<T>& read) {
  if (!read.ok()) return problem(read.status());
  return Reply{200, write_json(*read)};
}

struct Context {
  const httplib::Request& request;
  std::vector<std::string> params;  // path parameters, in order
  std::optional<Session> session;   // the caller, if authenticated
  std::string token;                // the caller's session token, if any
  Json body;                        // the parsed request body for POST/PUT
  bool is_operator() const { return session && session->subject == kOperatorId; }
};

// Who holds the database lock while a route's handler runs.
enum class Lock {
  // The dispatcher holds it from authentication to the reply: the handler reads and writes
  // one consistent state.
  kDispatcher,
  // The handler takes it itself, only around what needs it: commands queue for group commit
  // and verification has its own connection, so that neither keeps writers waiting, and
  // logging in hashes the password outside it.
  kOwn,
};

// What a route takes or answers, for the OpenAPI document and for the tests that hold every
// real answer against it (openapi_test.cc, read_routes_test.cc, server_test.cc).
struct Shape {
  // The name under components/schemas, referred to with $ref; empty: written in place.
  std::string name;
  // A JSON Schema of the subset fields.h writes and check_json_schema() checks. Null: not
  // documented, which the document's test refuses for every route.
  Json schema;
  int status = 200;  // of a success; 204 has no body
  std::string content_type = "application/json";
  // Further named schemas that `schema` refers to with $ref (a recursive one, the tree of
  // bodies): name -> schema, written under components/schemas too.
  Json components = Json::object();
};

// The shape of a described struct's JSON (fields.h), named `name` in the document.
template <Described T>
Shape shape_of(std::string name) {
  return Shape{std::move(name), json_schema<T>()};
}

// One route of the API. The dispatcher acts on these fields alone, never on the path: a
// route's properties are stated here, where the route is declared.
struct Route {
  std::string method;   // GET, POST, DELETE
  std::string path;     // OpenAPI template: /api/bodies/{id}
  std::string summary;  // one line, shown in the OpenAPI document
  Access access = Access::kPublic;
  bool writes = false;             // changes state: web sessions must send the CSRF token
  std::vector<std::string> query;  // query parameters it reads (documented)
  // Null for a route served by a streaming handler of its own (server-sent events): it is
  // listed for the OpenAPI document, and the dispatcher leaves its method and path alone.
  std::function<Reply(Context&)> handler;
  Lock lock = Lock::kDispatcher;
  // The documented answer of a success and, for a route that takes a body, the body. Set
  // after a table is declared with document(), beside it.
  Shape response;
  std::optional<Shape> request;
};

// Sets the documented shapes of the route `key` ("POST /api/commands") of `routes`. A key
// that names no route is a programmer error: it aborts, so that a misspelt key cannot leave
// a route undocumented unnoticed.
void document(std::vector<Route>& routes, std::string_view key, Shape response,
              std::optional<Shape> request = std::nullopt);

// The body of POST /api/commands: one command, {"name": {...its fields}}, of those that
// `command_schemas` lists (name -> the JSON Schema of its fields). An empty map documents the
// form alone: any single name with an object.
Shape command_request(const Json& command_schemas);

// The OpenAPI 3 document for `routes`. Named shapes are written once under
// components/schemas and referred to with $ref; errors are the Problem schema.
Json openapi_document(const std::vector<Route>& routes, std::string_view version);

// Checks an answer to `method` `target` (a concrete path, with or without its query) with
// HTTP status `status` against the document: a success against the route's documented
// shape, an error against the Problem schema. The error names the route and the JSON path
// of the first value that does not fit; a path no route of the document matches is one too.
Status check_answer(const Json& document, std::string_view method, std::string_view target,
                    int status, const Json& body);

// "^/api/bodies/([^/]+)$" for "/api/bodies/{id}".
std::string route_regex(const std::string& path);

}  // namespace collegium::server
