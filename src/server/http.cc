#include "server/http.h"

#include <fmt/format.h>

#include <map>

namespace collegium::server {

int http_status_for(Code code) {
  switch (code) {
    case Code::kOk: return 200;
    case Code::kInvalidArgument:
    case Code::kParseError: return 400;
    case Code::kNotFound: return 404;
    case Code::kAlreadyExists:
    case Code::kFailedPrecondition: return 409;
    case Code::kPermissionDenied: return 403;
    case Code::kResourceExhausted: return 413;
    case Code::kUnavailable: return 503;
    default: return 500;
  }
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

Json openapi_document(const std::vector<Route>& routes, std::string_view version) {
  Json paths = Json::object();
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
      params.push_back({{"name", q}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
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
    Json responses = {
        {"200", {{"description", "Success"}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}}},
        {"default", {{"description", "An error"},
                     {"content", {{"application/problem+json", {{"schema", problem_ref}}}}}}}};
    op["responses"] = responses;
    if (r.method == "POST") {
      op["requestBody"] = {{"required", false},
                           {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
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
            {"schemas",
             {{"Problem",
               {{"type", "object"},
                {"required", {"type", "title", "status", "code", "detail"}},
                {"properties",
                 {{"type", {{"type", "string"}}},
                  {"title", {{"type", "string"}}},
                  {"status", {{"type", "integer"}}},
                  {"code", {{"type", "string"}}},
                  {"detail", {{"type", "string"}}},
                  {"field", {{"type", "string"}}}}}}}}}}}};
}

}  // namespace collegium::server
