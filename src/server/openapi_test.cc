// The OpenAPI document: valid in the ways its readers rely on (every route states what it
// answers, every reference resolves, every path parameter is listed), able to refuse an
// answer that does not fit, and the copy the web app's types are generated from
// (web/openapi.json) is the document the server serves.
//
// To refresh web/openapi.json after changing a route or a read model:
//   COLLEGIUM_WRITE_OPENAPI=1 build/ci/src/server/openapi_test
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "base/util.h"
#include "server/server.h"
#include "server/test_server.h"

namespace collegium::server {
namespace {

namespace fs = std::filesystem;

// The version web/openapi.json carries, so that a release does not make the copy stale.
constexpr const char* kWebVersion = "unversioned";

// The routes whose answer is free-form by nature: an object allowing anything is their
// honest schema.
const std::set<std::string> kFreeForm = {"GET /api/openapi.json"};

class OpenApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("collegium-openapi-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    ServerOptions o = test::test_options();
    o.data_dir = dir_;
    auto s = Server::open(o);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    server_ = std::move(*s).release();
    document_ = openapi_document(server_->routes(), kWebVersion);
  }
  static void TearDownTestSuite() {
    delete server_;
    fs::remove_all(dir_);
  }
  static inline fs::path dir_;
  static inline Server* server_ = nullptr;
  static inline Json document_;
};

// The schema `s` stands for, following a reference into components/schemas.
const Json& resolved(const Json& document, const Json& s) {
  static const Json kNone;
  if (!s.contains("$ref")) return s;
  std::string ref = s["$ref"];
  std::string name = ref.substr(ref.rfind('/') + 1);
  const Json& all = document["components"]["schemas"];
  return all.contains(name) ? all[name] : kNone;
}

// Every "$ref" anywhere in `j`, with the JSON path where it stands.
void references(const Json& j, const std::string& path,
                std::vector<std::pair<std::string, std::string>>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == "$ref" && v.is_string()) out.push_back({path, v});
      references(v, json_path_join(path, k), out);
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) references(j[i], json_path_join(path, i), out);
  }
}

TEST_F(OpenApi, EveryRouteStatesWhatItAnswersAndTakes) {
  for (const auto& [path, methods] : document_["paths"].items()) {
    for (const auto& [method, op] : methods.items()) {
      std::string key = method + " " + path;
      std::transform(key.begin(), key.begin() + method.size(), key.begin(), ::toupper);
      SCOPED_TRACE(key);
      const Json& responses = op["responses"];
      ASSERT_TRUE(responses.contains("200") || responses.contains("204"));
      ASSERT_TRUE(responses.contains("default"));
      if (responses.contains("200")) {
        const Json& content = responses["200"]["content"];
        ASSERT_EQ(content.size(), 1u);
        const Json& media = content.begin().value();
        ASSERT_TRUE(media.contains("schema")) << "no schema: document it beside the route";
        const Json& schema = resolved(document_, media["schema"]);
        ASSERT_FALSE(schema.is_null());
        bool free_form = schema.value("additionalProperties", Json(false)) == Json(true) &&
                         !schema.contains("properties");
        EXPECT_EQ(free_form, kFreeForm.count(key) == 1) << schema.dump();
        EXPECT_NE(schema, Json({{"type", "object"}})) << "a bare object documents nothing";
      }
      // Path parameters are listed, each once, required.
      std::set<std::string> in_path, listed;
      for (size_t p = 0; (p = path.find('{', p)) != std::string::npos; ++p) {
        in_path.insert(path.substr(p + 1, path.find('}', p) - p - 1));
      }
      for (const auto& param : op.value("parameters", Json::array())) {
        if (param["in"] == "path") {
          EXPECT_TRUE(param["required"].get<bool>()) << param.dump();
          EXPECT_TRUE(listed.insert(param["name"]).second) << param.dump();
        }
      }
      EXPECT_EQ(in_path, listed);
      // A body is documented where one is read: a login and a command (JSON), a workplace's
      // production data (CSV).
      if (op.contains("requestBody")) {
        const Json& body_content = op["requestBody"]["content"];
        ASSERT_EQ(body_content.size(), 1u);
        const Json& media = body_content.begin().value();
        ASSERT_TRUE(media.contains("schema"));
        EXPECT_NE(resolved(document_, media["schema"]), Json({{"type", "object"}}));
      }
    }
  }
  for (const char* key : {"/api/session", "/api/commands", "/api/workplaces/{id}/production"}) {
    EXPECT_TRUE(document_["paths"][key]["post"].contains("requestBody")) << key;
  }
  EXPECT_TRUE(
      document_["paths"]["/api/workplaces/{id}/production"]["post"]["requestBody"]["content"]
          .contains("text/csv"));
}

TEST_F(OpenApi, EveryReferenceResolves) {
  std::vector<std::pair<std::string, std::string>> refs;
  references(document_, "", refs);
  ASSERT_FALSE(refs.empty());
  std::set<std::string> used;
  for (const auto& [where, ref] : refs) {
    ASSERT_TRUE(ref.starts_with("#/components/schemas/")) << where << ": " << ref;
    std::string name = ref.substr(std::string("#/components/schemas/").size());
    EXPECT_TRUE(document_["components"]["schemas"].contains(name)) << where << ": " << ref;
    used.insert(name);
  }
  // And no component is left unused, or stated twice with different schemas.
  for (const auto& [name, schema] : document_["components"]["schemas"].items()) {
    EXPECT_TRUE(used.count(name)) << name;
  }
  std::map<std::string, Json> seen;
  for (const auto& r : server_->routes()) {
    for (const Shape* s : {&r.response, r.request ? &*r.request : nullptr}) {
      if (!s) continue;
      std::vector<std::pair<std::string, Json>> named;
      for (const auto& [name, schema] : s->components.items()) named.push_back({name, schema});
      if (!s->name.empty()) named.push_back({s->name, s->schema});
      for (const auto& [name, schema] : named) {
        auto [it, fresh] = seen.emplace(name, schema);
        EXPECT_TRUE(fresh || it->second == schema) << name << " is two shapes";
      }
    }
  }
}

// The check the other tests run on real answers refuses what does not fit, and says where.
TEST_F(OpenApi, AnAnswerThatDoesNotFitIsRefusedNamingTheRouteAndThePath) {
  Json list = {
      {"bodies", Json::array({{{"id", "b"}, {"name", "B"}, {"kind", "union"}, {"seats", "5"}}})},
      {"offset", 0},
      {"limit", 100}};
  Status st = check_answer(document_, "GET", "/api/bodies?kind=union", 200, list);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.where(), "/bodies/0/seats") << st.to_string();
  EXPECT_NE(st.message().find("GET /api/bodies"), std::string::npos) << st.to_string();
  list["bodies"][0]["seats"] = 5;
  EXPECT_TRUE(check_answer(document_, "GET", "/api/bodies?kind=union", 200, list).ok())
      << check_answer(document_, "GET", "/api/bodies?kind=union", 200, list).to_string();
  // An error is a Problem.
  Json problem = server::problem(404, "not_found", "no such body", "id").body;
  EXPECT_TRUE(check_answer(document_, "GET", "/api/bodies/x", 404, problem).ok());
  problem.erase("code");
  EXPECT_EQ(check_answer(document_, "GET", "/api/bodies/x", 404, problem).where(), "/code");
  // A status the route does not document, and a path that is no route.
  EXPECT_FALSE(check_answer(document_, "GET", "/api/bodies", 204, nullptr).ok());
  EXPECT_FALSE(check_answer(document_, "GET", "/api/nothing", 200, Json::object()).ok());
  EXPECT_FALSE(check_answer(document_, "DELETE", "/api/bodies", 200, Json::object()).ok());
  EXPECT_TRUE(check_answer(document_, "DELETE", "/api/session", 204, nullptr).ok());
}

fs::path web_copy() {
  return fs::path(COLLEGIUM_SOURCE_DIR) / "web/openapi.json";
}

// The web app's types (web/src/api-schema.d.ts) are generated from web/openapi.json: a copy
// that lags behind the server would let the app compile against answers that no longer are.
TEST_F(OpenApi, TheWebAppsCopyIsTheDocumentTheServerServes) {
  std::string now = document_.dump(2) + "\n";
  if (std::getenv("COLLEGIUM_WRITE_OPENAPI")) {
    std::ofstream(web_copy()) << now;
    GTEST_SKIP() << "wrote " << web_copy();
  }
  auto text = read_file(web_copy());
  ASSERT_TRUE(text.ok()) << text.status().to_string();
  EXPECT_TRUE(*text == now) << web_copy().string()
                            << " is stale; refresh it with\n  COLLEGIUM_WRITE_OPENAPI=1 "
                               "build/ci/src/server/openapi_test\nand rebuild the web app";
}

}  // namespace
}  // namespace collegium::server
