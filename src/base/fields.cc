#include "base/fields.h"

namespace collegium {

namespace {

bool has_type(const Json& value, std::string_view type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  return false;
}

}  // namespace

Status check_json_schema(const Json& schema, const Json& value, const std::string& path,
                         const Json* document) {
  std::string where = path.empty() ? "/" : path;
  if (auto ref = schema.find("$ref"); ref != schema.end()) {
    constexpr std::string_view kPrefix = "#/components/schemas/";
    std::string target = ref->is_string() ? ref->get<std::string>() : ref->dump();
    const Json* found = nullptr;
    if (document && target.starts_with(kPrefix)) {
      auto components = document->find("components");
      if (components != document->end() && components->contains("schemas")) {
        const Json& all = (*components)["schemas"];
        if (auto it = all.find(target.substr(kPrefix.size())); it != all.end()) found = &*it;
      }
    }
    if (!found) {
      return invalid_argument(fmt::format("the reference {} does not resolve", target), where);
    }
    return check_json_schema(*found, value, path, document);
  }
  if (value.is_null() && schema.value("nullable", false)) return {};
  if (auto one = schema.find("oneOf"); one != schema.end()) {
    int fits = 0;
    for (const auto& s : *one) fits += check_json_schema(s, value, path, document).ok() ? 1 : 0;
    if (fits != 1) {
      return invalid_argument(fmt::format("fits {} of the alternatives, not exactly one", fits),
                              where);
    }
  }
  if (auto type = schema.find("type"); type != schema.end()) {
    if (!has_type(value, type->get<std::string>())) {
      return invalid_argument(
          fmt::format("must be {}, not {}", type->get<std::string>(), value.type_name()), where);
    }
  }
  if (auto names = schema.find("enum"); names != schema.end()) {
    if (std::find(names->begin(), names->end(), value) == names->end()) {
      return invalid_argument(fmt::format("{} is not one of {}", value.dump(), names->dump()),
                              where);
    }
  }
  if (value.is_object()) {
    const Json empty = Json::object();
    auto props = schema.find("properties");
    const Json& properties = props == schema.end() ? empty : *props;
    if (auto required = schema.find("required"); required != schema.end()) {
      for (const auto& key : *required) {
        if (!value.contains(key.get<std::string>())) {
          return invalid_argument("required field is missing",
                                  json_path_join(path, key.get<std::string>()));
        }
      }
    }
    auto extra = schema.find("additionalProperties");
    for (const auto& [key, v] : value.items()) {
      std::string at = json_path_join(path, key);
      if (auto p = properties.find(key); p != properties.end()) {
        TRY(check_json_schema(*p, v, at, document));
      } else if (extra != schema.end()) {
        if (extra->is_boolean()) {
          if (!extra->get<bool>()) return invalid_argument("not in the schema", at);
        } else {
          TRY(check_json_schema(*extra, v, at, document));
        }
      }
    }
  }
  if (value.is_array()) {
    if (auto items = schema.find("items"); items != schema.end()) {
      for (size_t i = 0; i < value.size(); ++i) {
        TRY(check_json_schema(*items, value[i], json_path_join(path, i), document));
      }
    }
  }
  return {};
}

}  // namespace collegium
