#include "federation/file.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

#include "federation/codec.h"

namespace collegium::federation {

namespace {

// Calls `each(element, path)` for every element of the optional array `key`.
template <typename F>
Status for_each_in(const Json& doc, std::string_view key, F each) {
  auto it = doc.find(key);
  if (it == doc.end()) return {};
  std::string path = json_path_join("", key);
  if (!it->is_array()) return invalid_argument("must be an array", path);
  for (size_t i = 0; i < it->size(); ++i) TRY(each((*it)[i], json_path_join(path, i)));
  return {};
}

// Orders bodies so that every body comes after the bodies in its constituency; reports
// a cycle as "a -> b -> a". Electors not declared in this file are left to decide().
Result<std::vector<size_t>> order_bodies(const std::vector<Body>& bodies,
                                         const std::vector<std::string>& paths) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < bodies.size(); ++i) index.emplace(bodies[i].id, i);
  enum Mark { kNew, kActive, kDone };
  std::vector<Mark> mark(bodies.size(), kNew);
  std::vector<size_t> order, stack;
  Status failure;
  std::function<bool(size_t)> visit = [&](size_t i) -> bool {
    if (mark[i] == kDone) return true;
    if (mark[i] == kActive) {
      std::string cycle;
      auto from = std::find(stack.begin(), stack.end(), i);
      for (auto it = from; it != stack.end(); ++it) cycle += bodies[*it].id + " -> ";
      cycle += bodies[i].id;
      failure = invalid_argument(
          fmt::format("the bodies {} elect each other in a cycle; every body must be elected "
                      "from below",
                      cycle),
          json_path_join(paths[i], "constituency"));
      return false;
    }
    mark[i] = kActive;
    stack.push_back(i);
    for (const auto& e : bodies[i].constituency.bodies) {
      auto it = index.find(e);
      if (it != index.end() && !visit(it->second)) return false;
    }
    stack.pop_back();
    mark[i] = kDone;
    order.push_back(i);
    return true;
  };
  for (size_t i = 0; i < bodies.size(); ++i) {
    if (!visit(i)) return failure;
  }
  return order;
}

}  // namespace

Result<std::vector<LabelledCommand>> read_federation_file(std::string_view text,
                                                          std::string_view source,
                                                          size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Status(
        Code::kResourceExhausted,
        fmt::format("the file is {} bytes; the limit is {} bytes", text.size(), max_bytes),
        std::string(source));
  }
  Json doc = TRY(parse_json(text, source));
  std::string src(source);
  auto in_file = [&](Status s) { return s.within(src); };
  {
    Status s = check_keys(
        doc, "",
        {"format", "version", "name", "regions", "branches", "workplaces", "members", "bodies"});
    if (!s.ok()) return in_file(s);
  }
  auto format = doc.find("format");
  if (format == doc.end() || *format != "collegium-federation") {
    return in_file(invalid_argument("must be \"collegium-federation\"", "/format"));
  }
  if (!doc.contains("version") || doc["version"] != 1) {
    return in_file(invalid_argument("this collegium reads version 1", "/version"));
  }

  std::vector<LabelledCommand> out;
  auto label = [&](const std::string& path) { return src + path; };
  Status s = for_each_in(doc, "regions", [&](const Json& j, const std::string& path) -> Status {
    out.push_back({CreateRegion{TRY(region_from_json(j, path))}, label(path)});
    return {};
  });
  if (s.ok()) {
    s = for_each_in(doc, "branches", [&](const Json& j, const std::string& path) -> Status {
      out.push_back({CreateBranch{TRY(branch_from_json(j, path))}, label(path)});
      return {};
    });
  }
  if (s.ok()) {
    s = for_each_in(doc, "workplaces", [&](const Json& j, const std::string& path) -> Status {
      Workplace w = TRY(workplace_from_json(j, path));
      out.push_back({CreateWorkplace{w}, label(path)});
      return for_each_in(j, "shops", [&](const Json& sj, const std::string& spath) -> Status {
        std::string full = path + spath;
        // A shop nested in its workplace takes the workplace from there.
        Json with_workplace = sj;
        if (sj.is_object() && !sj.contains("workplace")) with_workplace["workplace"] = w.id;
        Shop shop = TRY(shop_from_json(with_workplace, full));
        if (shop.workplace != w.id) {
          return invalid_argument("a shop listed in a workplace belongs to that workplace",
                                  json_path_join(full, "workplace"));
        }
        out.push_back({CreateShop{shop}, label(full)});
        return {};
      });
    });
  }
  if (s.ok()) {
    s = for_each_in(doc, "members", [&](const Json& j, const std::string& path) -> Status {
      out.push_back({AdmitMember{TRY(member_from_json(j, path))}, label(path)});
      return {};
    });
  }
  std::vector<Body> bodies;
  std::vector<std::string> body_paths;
  if (s.ok()) {
    s = for_each_in(doc, "bodies", [&](const Json& j, const std::string& path) -> Status {
      bodies.push_back(TRY(body_from_json(j, path)));
      body_paths.push_back(path);
      return {};
    });
  }
  if (!s.ok()) return in_file(s);
  auto order = order_bodies(bodies, body_paths);
  if (!order.ok()) return in_file(order.status());
  for (size_t i : *order) out.push_back({DeclareBody{bodies[i]}, label(body_paths[i])});
  return out;
}

}  // namespace collegium::federation
