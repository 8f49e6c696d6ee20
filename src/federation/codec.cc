#include "federation/codec.h"

#include <fmt/format.h>

#include <algorithm>

namespace collegium::federation {

namespace {

std::string type_name(const Json& j) { return j.type_name(); }

Result<std::string> get_string(const Json& j, const std::string& path, std::string_view key,
                               bool required = true) {
  auto it = j.find(key);
  std::string where = json_path_join(path, key);
  if (it == j.end()) {
    if (required) return invalid_argument("required field is missing", where);
    return std::string();
  }
  if (!it->is_string()) {
    return invalid_argument(fmt::format("must be a string, not {}", type_name(*it)), where);
  }
  return it->get<std::string>();
}

Result<int> get_int(const Json& j, const std::string& path, std::string_view key,
                    std::optional<int> fallback = std::nullopt) {
  auto it = j.find(key);
  std::string where = json_path_join(path, key);
  if (it == j.end()) {
    if (fallback) return *fallback;
    return invalid_argument("required field is missing", where);
  }
  if (!it->is_number_integer()) {
    return invalid_argument(fmt::format("must be an integer, not {}", type_name(*it)), where);
  }
  int64_t v = it->get<int64_t>();
  if (v < INT32_MIN || v > INT32_MAX) return invalid_argument("out of range", where);
  return static_cast<int>(v);
}

Status require_object(const Json& j, const std::string& path) {
  if (!j.is_object()) {
    return invalid_argument(fmt::format("must be an object, not {}", type_name(j)),
                            path.empty() ? "/" : path);
  }
  return {};
}

}  // namespace

Status check_keys(const Json& j, const std::string& path,
                  std::initializer_list<std::string_view> allowed) {
  TRY(require_object(j, path));
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string names;
      for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
      return invalid_argument(fmt::format("unknown field (expected one of: {})", names),
                              json_path_join(path, key));
    }
  }
  return {};
}

Json to_json(const Region& r) { return {{"id", r.id}, {"name", r.name}}; }
Json to_json(const Branch& b) { return {{"id", b.id}, {"name", b.name}}; }
Json to_json(const Workplace& w) {
  return {{"id", w.id}, {"name", w.name}, {"region", w.region}, {"branch", w.branch}};
}
Json to_json(const Shop& s) { return {{"id", s.id}, {"workplace", s.workplace}, {"name", s.name}}; }
Json to_json(const Member& m) {
  Json j = {{"id", m.id},
            {"name", m.name},
            {"category", to_string(m.category)},
            {"workplace", m.workplace},
            {"joined", m.joined}};
  if (!m.shop.empty()) j["shop"] = m.shop;
  return j;
}
Json to_json(const Body& b) {
  Json c = Json::object();
  if (b.constituency.kind == Constituency::Kind::kBodies) {
    c["bodies"] = b.constituency.bodies;
  } else {
    c[std::string(to_string(b.constituency.kind))] = b.constituency.ref;
  }
  Json j = {{"id", b.id},       {"name", b.name},           {"kind", to_string(b.kind)},
            {"seats", b.seats}, {"term_months", b.term_months}, {"constituency", c}};
  if (!b.region.empty()) j["region"] = b.region;
  if (!b.branch.empty()) j["branch"] = b.branch;
  return j;
}

Result<Region> region_from_json(const Json& j, const std::string& path) {
  TRY(check_keys(j, path, {"id", "name"}));
  Region r;
  r.id = TRY(get_string(j, path, "id"));
  r.name = TRY(get_string(j, path, "name"));
  return r;
}

Result<Branch> branch_from_json(const Json& j, const std::string& path) {
  TRY(check_keys(j, path, {"id", "name"}));
  Branch b;
  b.id = TRY(get_string(j, path, "id"));
  b.name = TRY(get_string(j, path, "name"));
  return b;
}

Result<Workplace> workplace_from_json(const Json& j, const std::string& path) {
  // "shops" is allowed here: federation files nest a workplace's shops inside it.
  TRY(check_keys(j, path, {"id", "name", "region", "branch", "shops"}));
  Workplace w;
  w.id = TRY(get_string(j, path, "id"));
  w.name = TRY(get_string(j, path, "name"));
  w.region = TRY(get_string(j, path, "region"));
  w.branch = TRY(get_string(j, path, "branch"));
  return w;
}

Result<Shop> shop_from_json(const Json& j, const std::string& path) {
  TRY(check_keys(j, path, {"id", "workplace", "name"}));
  Shop sh;
  sh.id = TRY(get_string(j, path, "id"));
  sh.workplace = TRY(get_string(j, path, "workplace"));
  sh.name = TRY(get_string(j, path, "name"));
  return sh;
}

Result<Member> member_from_json(const Json& j, const std::string& path) {
  TRY(check_keys(j, path, {"id", "name", "category", "workplace", "shop", "joined"}));
  Member m;
  m.id = TRY(get_string(j, path, "id"));
  m.name = TRY(get_string(j, path, "name"));
  std::string category = TRY(get_string(j, path, "category"));
  auto c = category_from_string(category);
  if (!c) {
    return invalid_argument(
        fmt::format("unknown category '{}' (expected production, technical or administrative)",
                    category),
        json_path_join(path, "category"));
  }
  m.category = *c;
  m.workplace = TRY(get_string(j, path, "workplace"));
  m.shop = TRY(get_string(j, path, "shop", /*required=*/false));
  m.joined = TRY(get_string(j, path, "joined"));
  return m;
}

Result<Body> body_from_json(const Json& j, const std::string& path) {
  TRY(check_keys(j, path,
                 {"id", "name", "kind", "seats", "term_months", "constituency", "region", "branch"}));
  Body b;
  b.id = TRY(get_string(j, path, "id"));
  b.name = TRY(get_string(j, path, "name"));
  std::string kind = TRY(get_string(j, path, "kind"));
  auto k = body_kind_from_string(kind);
  if (!k) {
    return invalid_argument(
        fmt::format("unknown body kind '{}' (expected one of: {})", kind, body_kinds_list()),
        json_path_join(path, "kind"));
  }
  b.kind = *k;
  b.seats = TRY(get_int(j, path, "seats"));
  b.term_months = TRY(get_int(j, path, "term_months", 12));
  b.region = TRY(get_string(j, path, "region", false));
  b.branch = TRY(get_string(j, path, "branch", false));
  std::string cpath = json_path_join(path, "constituency");
  auto it = j.find("constituency");
  if (it == j.end()) return invalid_argument("required field is missing", cpath);
  TRY(check_keys(*it, cpath, {"workplace", "shop", "bodies"}));
  if (it->size() != 1) {
    return invalid_argument("give exactly one of workplace, shop or bodies", cpath);
  }
  if (it->contains("bodies")) {
    const Json& list = (*it)["bodies"];
    std::string lpath = json_path_join(cpath, "bodies");
    if (!list.is_array() || list.empty()) {
      return invalid_argument("must be a non-empty array of body ids", lpath);
    }
    b.constituency.kind = Constituency::Kind::kBodies;
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string()) {
        return invalid_argument("must be a body id", json_path_join(lpath, i));
      }
      b.constituency.bodies.push_back(list[i].get<std::string>());
    }
  } else {
    bool workplace = it->contains("workplace");
    b.constituency.kind = workplace ? Constituency::Kind::kWorkplace : Constituency::Kind::kShop;
    b.constituency.ref = TRY(get_string(*it, cpath, workplace ? "workplace" : "shop"));
  }
  return b;
}

}  // namespace collegium::federation

namespace collegium::federation {

Result<Command> command_from_json(const Json& j, const std::string& path) {
  TRY(check_keys(j, path,
                 {"create_region", "create_branch", "create_workplace", "create_shop",
                  "admit_member", "declare_body"}));
  if (j.size() != 1) return invalid_argument("give exactly one command", path.empty() ? "/" : path);
  auto only = j.begin();
  const std::string& name = only.key();
  const Json& body = only.value();
  std::string p = json_path_join(path, name);
  if (name == "create_region") return Command{CreateRegion{TRY(region_from_json(body, p))}};
  if (name == "create_branch") return Command{CreateBranch{TRY(branch_from_json(body, p))}};
  if (name == "create_workplace") {
    return Command{CreateWorkplace{TRY(workplace_from_json(body, p))}};
  }
  if (name == "create_shop") return Command{CreateShop{TRY(shop_from_json(body, p))}};
  if (name == "admit_member") return Command{AdmitMember{TRY(member_from_json(body, p))}};
  return Command{DeclareBody{TRY(body_from_json(body, p))}};
}

}  // namespace collegium::federation
