#include "server/http.h"

#include <fmt/format.h>
#include <httplib.h>

#include <charconv>
#include <cstdlib>
#include <map>
#include <regex>

namespace collegium::server {

int http_status_for(Code code) {
  switch (code) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
    case Code::kParseError:
      return 400;
    case Code::kNotFound:
      return 404;
    case Code::kAlreadyExists:
    case Code::kFailedPrecondition:
      return 409;
    case Code::kPermissionDenied:
      return 403;
    case Code::kResourceExhausted:
      return 413;
    case Code::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

size_t invalid_utf8_at(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size(), i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string log_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += ch;
    }
  }
  return out;
}

Result<int64_t> query_int(const httplib::Request& req, const char* name, int64_t fallback,
                          int64_t lo, int64_t hi) {
  if (!req.has_param(name)) return fallback;
  std::string v = req.get_param_value(name);
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc() || p != v.data() + v.size() || out < lo || out > hi) {
    return invalid_argument(fmt::format("must be an integer from {} to {}", lo, hi), name);
  }
  return out;
}

Result<federation::Page> query_page(const httplib::Request& req) {
  federation::Page page;
  page.offset = TRY(query_int(req, "offset", 0, 0, INT64_MAX));
  page.limit =
      TRY(query_int(req, "limit", federation::kDefaultPageLimit, 1, federation::kMaxPageLimit));
  return page;
}

std::string query_text(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

Reply problem(int status, std::string_view code, std::string detail, std::string field) {
  Reply r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = {{"type", fmt::format("/problems/{}", code)},
            {"title", std::string(code)},
            {"status", status},
            {"code", std::string(code)},
            {"detail", std::move(detail)}};
  if (!field.empty()) r.body["field"] = std::move(field);
  return r;
}

Reply problem(const Status& s) {
  int status = http_status_for(s.code());
  // Internal details of I/O or corruption stay in the server's log, not in the reply.
  std::string detail = status >= 500 ? "the server could not complete the request" : s.message();
  return problem(status, code_name(s.code()), detail, s.where());
}

std::string route_regex(const std::string& path) {
  std::string out = "^";
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      i = path.find('}', i);
      out += "([^/]+)";
    } else if (path[i] == '.') {
      out += "\\.";
    } else {
      out += path[i];
    }
  }
  return out + "$";
}

void document(std::vector<Route>& routes, std::string_view key, Shape response,
              std::optional<Shape> request) {
  for (auto& r : routes) {
    if (r.method + " " + r.path == key) {
      r.response = std::move(response);
      r.request = std::move(request);
      return;
    }
  }
  fmt::print(stderr, "document(): no route {}\n", key);
  std::abort();
}

Shape command_request(const Json& command_schemas) {
  Json one_of = Json::array();
  for (const auto& [name, schema] : command_schemas.items()) {
    one_of.push_back({{"type", "object"},
                      {"properties", {{name, schema}}},
                      {"required", {name}},
                      {"additionalProperties", false}});
  }
  Json schema = {{"description", "one command: its name, and its fields (docs/governance.md)"}};
  if (one_of.empty()) {
    schema["type"] = "object";
    schema["additionalProperties"] = {{"type", "object"}};
  } else {
    schema["oneOf"] = std::move(one_of);
  }
  return Shape{"Command", std::move(schema)};
}

namespace {

// The schema a shape is written as: a $ref to its component when it is named.
Json schema_in_place(const Shape& shape, Json& components) {
  if (shape.schema.is_null()) return nullptr;
  for (const auto& [name, schema] : shape.components.items()) components[name] = schema;
  if (shape.name.empty()) return shape.schema;
  components[shape.name] = shape.schema;
  return {{"$ref", "#/components/schemas/" + shape.name}};
}

Json content(const Shape& shape, Json& components) {
  Json media = Json::object();
  if (Json schema = schema_in_place(shape, components); !schema.is_null()) media["schema"] = schema;
  return {{shape.content_type, media}};
}

Json problem_schema() {
  return {
      {"type", "object"},
      {"required", {"type", "title", "status", "code", "detail"}},
      {"properties",
       {{"type", {{"type", "string"}}},
        {"title", {{"type", "string"}}},
        {"status", {{"type", "integer"}}},
        {"code", {{"type", "string"}, {"description", "stable: what went wrong"}}},
        {"detail", {{"type", "string"}, {"description", "in words, for a person"}}},
        {"field", {{"type", "string"}, {"description", "the parameter or JSON path at fault"}}}}},
      {"additionalProperties", false}};
}

}  // namespace

Json openapi_document(const std::vector<Route>& routes, std::string_view version) {
  Json paths = Json::object();
  Json components = {{"Problem", problem_schema()}};
  Json problem_ref = {{"$ref", "#/components/schemas/Problem"}};
  for (const auto& r : routes) {
    Json op = {{"summary", r.summary}, {"operationId", r.method + " " + r.path}};
    Json params = Json::array();
    size_t pos = 0;
    while ((pos = r.path.find('{', pos)) != std::string::npos) {
      size_t end = r.path.find('}', pos);
      params.push_back({{"name", r.path.substr(pos + 1, end - pos - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
      pos = end;
    }
    for (const auto& q : r.query) {
      params.push_back(
          {{"name", q}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
    }
    if (r.writes) {
      params.push_back({{"name", "X-CSRF-Token"},
                        {"in", "header"},
                        {"required", false},
                        {"description", "Required with a session cookie"},
                        {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.access != Access::kPublic) {
      op["security"] = Json::array({{{"cookie", Json::array()}}, {{"bearer", Json::array()}}});
      op["x-access"] = r.access == Access::kOperator ? "operator" : "member";
    } else {
      op["security"] = Json::array();
    }
    Json success = {
        {"description", r.response.status == 204 ? "Success, without a body" : "Success"}};
    if (r.response.status != 204) success["content"] = content(r.response, components);
    op["responses"] = {{std::to_string(r.response.status), success},
                       {"default",
                        {{"description", "An error"},
                         {"content", {{"application/problem+json", {{"schema", problem_ref}}}}}}}};
    if (r.request) {
      op["requestBody"] = {{"required", true}, {"content", content(*r.request, components)}};
    }
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    paths[r.path][method] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "collegium API"},
            {"version", std::string(version)},
            {"description",
             "The federation, its bodies and members, and the public record. Errors are "
             "application/problem+json with a stable `code` and, where one field is at "
             "fault, `field`."}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "collegium_session"}}},
              {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas", components}}}};
}

Status check_answer(const Json& document, std::string_view method, std::string_view target,
                    int status, const Json& body) {
  std::string path(target.substr(0, target.find('?')));
  std::string verb(method);
  std::transform(verb.begin(), verb.end(), verb.begin(), ::tolower);
  const Json* op = nullptr;
  std::string route;
  for (const auto& [templ, methods] : document.at("paths").items()) {
    if (!methods.contains(verb) || !std::regex_match(path, std::regex(route_regex(templ))))
      continue;
    op = &methods[verb];
    route = fmt::format("{} {}", method, templ);
    break;
  }
  if (!op) return invalid_argument(fmt::format("{} {} is no route of the document", method, path));
  const Json& responses = op->at("responses");
  std::string code = std::to_string(status);
  const Json* documented = nullptr;
  if (responses.contains(code)) {
    documented = &responses[code];
  } else if (status >= 400 && responses.contains("default")) {
    documented = &responses["default"];
  } else {
    return invalid_argument(
        fmt::format("{} answered {}, which it does not document", route, status));
  }
  auto media = documented->find("content");
  if (media == documented->end()) {
    if (body.is_null()) return {};
    return invalid_argument(
        fmt::format("{} answered {} with a body it does not document", route, status));
  }
  for (const char* type : {"application/json", "application/problem+json"}) {
    auto m = media->find(type);
    if (m == media->end()) continue;
    auto schema = m->find("schema");
    if (schema == m->end())
      return invalid_argument(fmt::format("{}: {} has no schema", route, code));
    Status st = check_json_schema(*schema, body, "", &document);
    if (!st.ok()) {
      return invalid_argument(fmt::format("{} ({}): {}", route, code, st.message()), st.where());
    }
    return {};
  }
  return {};  // text (published ballots, the event stream): nothing to check as JSON
}

}  // namespace collegium::server
