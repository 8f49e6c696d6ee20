// Plain structs described once, for reading JSON, writing JSON and the JSON Schema of both.
//
// A command, an event payload or a read model is a plain struct that lists its fields in a
// static `fields()` function:
//
//   struct Nominate {
//     static constexpr std::string_view kName = "nominate";
//     std::string poll, member, by_body;
//     static constexpr auto fields() {
//       return std::tuple{field("poll", &Nominate::poll), field("member", &Nominate::member),
//                         field("by_body", &Nominate::by_body, Presence::kOptional)};
//     }
//   };
//
// and then `read_json<Nominate>(j, path)`, `write_json(n)` and `json_schema<Nominate>()`
// agree by construction: a key spelt once cannot be misspelt by a reader. Reading is
// strict: an unknown key, a missing required key or a value of the wrong type is an
// invalid_argument error naming the JSON path of the offending value ("/nominate/poll"),
// with the same wording everywhere.
//
// Types other than described structs get a JsonCodec specialisation (read, write, schema):
// strings, integers, booleans, vectors, optionals, string-keyed maps and raw Json are here;
// an enum needs EnumNames; a type with a hand-written codec (the constitution, a member)
// specialises JsonCodec next to its codec.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace collegium {

// How a field appears in JSON.
enum class Presence {
  kRequired,   // must be given; always written
  kOptional,   // may be left out (reads as the member's default); always written
  kOmitEmpty,  // may be left out; written only when it differs from a default-made value
};

template <class T, class M>
struct Field {
  std::string_view name;
  M T::*member;
  Presence presence = Presence::kRequired;
  std::string_view doc;  // one line for the schema's description; may be empty
};

template <class T, class M>
constexpr Field<T, M> field(std::string_view name, M T::*member,
                            Presence presence = Presence::kRequired, std::string_view doc = {}) {
  return {name, member, presence, doc};
}

// Names of an enum's values, for an enum to be a field:
//   template <> struct EnumNames<Poll::State> {
//     static constexpr std::array values{std::pair{Poll::State::kOpen, std::string_view("open")},
//     ...};
//   };
template <class E>
struct EnumNames;

template <class T>
concept Described = requires {
  T::fields();
};

template <class T>
concept Named = requires {
  {EnumNames<T>::values};
};

template <class T, class = void>
struct JsonCodec;

// ---- reading, writing and describing a described struct ----

namespace fields_detail {

inline std::string type_of(const Json& j) {
  return j.type_name();
}

template <class T>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;

// Emptiness for kOmitEmpty: equal to a default-made value.
template <class M>
bool is_default(const M& v) {
  if constexpr (requires { v == M{}; }) {
    return v == M{};
  } else {
    return false;
  }
}

}  // namespace fields_detail

// The names of `T`'s fields, comma separated, as errors list them.
template <Described T>
std::string field_names() {
  std::string names;
  std::apply(
      [&](const auto&... f) {
        ((names += (names.empty() ? "" : ", ") + std::string(f.name)), ...);
      },
      T::fields());
  return names;
}

// What reading does with a key that is not a field: refuse it (commands, requests), or
// leave it (payloads of the record, which past versions wrote and which may say more than
// this version reads).
enum class UnknownKeys { kRefuse, kIgnore };

template <Described T>
Result<T> read_json(const Json& j, const std::string& path,
                    UnknownKeys unknown = UnknownKeys::kRefuse) {
  if (!j.is_object()) {
    return invalid_argument(fmt::format("must be an object, not {}", fields_detail::type_of(j)),
                            path.empty() ? "/" : path);
  }
  constexpr auto fs = T::fields();
  for (const auto& item : j.items()) {
    if (unknown == UnknownKeys::kIgnore) break;
    // A named copy: clang 14 does not let a lambda capture a structured binding.
    const std::string& key = item.key();
    bool known = std::apply([&](const auto&... f) { return ((f.name == key) || ...); }, fs);
    if (!known) {
      return invalid_argument(fmt::format("unknown field (expected one of: {})", field_names<T>()),
                              json_path_join(path, key));
    }
  }
  T out{};
  Status status;
  auto one = [&](const auto& f) {
    if (!status.ok()) return;
    using M = std::remove_cvref_t<decltype(out.*(f.member))>;
    auto it = j.find(f.name);
    std::string where = json_path_join(path, f.name);
    if (it == j.end()) {
      if (f.presence == Presence::kRequired && !fields_detail::is_optional<M>) {
        status = invalid_argument("required field is missing", where);
      }
      return;
    }
    auto v = JsonCodec<M>::read(*it, where);
    if (!v.ok()) {
      status = v.status();
      return;
    }
    out.*(f.member) = std::move(*v);
  };
  std::apply([&](const auto&... f) { (one(f), ...); }, fs);
  if (!status.ok()) return status;
  return out;
}

template <Described T>
Json write_json(const T& v) {
  Json j = Json::object();
  std::apply(
      [&](const auto&... f) {
        [[maybe_unused]] auto one = [&](const auto& fl) {
          const auto& m = v.*(fl.member);
          using M = std::remove_cvref_t<decltype(m)>;
          if constexpr (fields_detail::is_optional<M>) {
            if (!m) return;  // an absent optional is never written
          }
          if (fl.presence == Presence::kOmitEmpty && fields_detail::is_default(m)) return;
          j[std::string(fl.name)] = JsonCodec<M>::write(m);
        };
        (one(f), ...);
      },
      T::fields());
  return j;
}

template <Described T>
Json json_schema() {
  Json props = Json::object();
  Json required = Json::array();
  std::apply(
      [&](const auto&... f) {
        [[maybe_unused]] auto one = [&](const auto& fl) {
          using M = std::remove_cvref_t<decltype(std::declval<T>().*(fl.member))>;
          Json s = JsonCodec<M>::schema();
          if (!fl.doc.empty()) s["description"] = std::string(fl.doc);
          props[std::string(fl.name)] = std::move(s);
          if (fl.presence == Presence::kRequired && !fields_detail::is_optional<M>) {
            required.push_back(std::string(fl.name));
          }
        };
        (one(f), ...);
      },
      T::fields());
  Json s = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) s["required"] = required;
  return s;
}

// ---- codecs of the value types ----

template <Described T>
struct JsonCodec<T> {
  static Result<T> read(const Json& j, const std::string& path) { return read_json<T>(j, path); }
  static Json write(const T& v) { return write_json(v); }
  static Json schema() { return json_schema<T>(); }
};

template <>
struct JsonCodec<std::string> {
  static Result<std::string> read(const Json& j, const std::string& path) {
    if (!j.is_string()) {
      return invalid_argument(fmt::format("must be a string, not {}", fields_detail::type_of(j)),
                              path);
    }
    return j.get<std::string>();
  }
  static Json write(const std::string& v) { return v; }
  static Json schema() { return {{"type", "string"}}; }
};

template <class I>
requires(std::is_integral_v<I> && !std::is_same_v<I, bool>) struct JsonCodec<I> {
  static Result<I> read(const Json& j, const std::string& path) {
    if (!j.is_number_integer()) {
      return invalid_argument(fmt::format("must be an integer, not {}", fields_detail::type_of(j)),
                              path);
    }
    if (j.is_number_unsigned()) {
      auto u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<I>::max())) {
        return invalid_argument("out of range", path);
      }
      return static_cast<I>(u);
    }
    auto v = j.get<int64_t>();
    if (v < static_cast<int64_t>(std::numeric_limits<I>::min()) ||
        (v > 0 &&
         static_cast<uint64_t>(v) > static_cast<uint64_t>(std::numeric_limits<I>::max()))) {
      return invalid_argument("out of range", path);
    }
    return static_cast<I>(v);
  }
  static Json write(I v) { return v; }
  static Json schema() { return {{"type", "integer"}}; }
};

template <>
struct JsonCodec<bool> {
  static Result<bool> read(const Json& j, const std::string& path) {
    if (!j.is_boolean()) {
      return invalid_argument(
          fmt::format("must be true or false, not {}", fields_detail::type_of(j)), path);
    }
    return j.get<bool>();
  }
  static Json write(bool v) { return v; }
  static Json schema() { return {{"type", "boolean"}}; }
};

// Any JSON value, kept as it is (a payload whose shape belongs to someone else).
template <>
struct JsonCodec<Json> {
  static Result<Json> read(const Json& j, const std::string&) { return j; }
  static Json write(const Json& v) { return v; }
  static Json schema() { return Json::object(); }
};

template <class T>
struct JsonCodec<std::vector<T>> {
  static Result<std::vector<T>> read(const Json& j, const std::string& path) {
    if (!j.is_array()) {
      return invalid_argument(fmt::format("must be an array, not {}", fields_detail::type_of(j)),
                              path);
    }
    std::vector<T> out;
    out.reserve(j.size());
    for (size_t i = 0; i < j.size(); ++i) {
      auto v = JsonCodec<T>::read(j[i], json_path_join(path, i));
      if (!v.ok()) return v.status();
      out.push_back(std::move(*v));
    }
    return out;
  }
  static Json write(const std::vector<T>& v) {
    Json a = Json::array();
    for (const auto& x : v) a.push_back(JsonCodec<T>::write(x));
    return a;
  }
  static Json schema() { return {{"type", "array"}, {"items", JsonCodec<T>::schema()}}; }
};

// A list of strings (a ranking, a list of ids): the hot path of a ballot, so an element's
// path is made only for an error, not for every element.
template <>
struct JsonCodec<std::vector<std::string>> {
  static Result<std::vector<std::string>> read(const Json& j, const std::string& path) {
    if (!j.is_array()) {
      return invalid_argument(
          fmt::format("must be an array of strings, not {}", fields_detail::type_of(j)), path);
    }
    std::vector<std::string> out;
    out.reserve(j.size());
    for (size_t i = 0; i < j.size(); ++i) {
      if (!j[i].is_string()) {
        return invalid_argument(
            fmt::format("must be a string, not {}", fields_detail::type_of(j[i])),
            json_path_join(path, i));
      }
      out.push_back(j[i].get_ref<const std::string&>());
    }
    return out;
  }
  static Json write(const std::vector<std::string>& v) { return v; }
  static Json schema() { return {{"type", "array"}, {"items", {{"type", "string"}}}}; }
};

template <class T>
struct JsonCodec<std::map<std::string, T>> {
  static Result<std::map<std::string, T>> read(const Json& j, const std::string& path) {
    if (!j.is_object()) {
      return invalid_argument(fmt::format("must be an object, not {}", fields_detail::type_of(j)),
                              path);
    }
    std::map<std::string, T> out;
    for (const auto& [key, value] : j.items()) {
      auto v = JsonCodec<T>::read(value, json_path_join(path, key));
      if (!v.ok()) return v.status();
      out.emplace(key, std::move(*v));
    }
    return out;
  }
  static Json write(const std::map<std::string, T>& v) {
    Json o = Json::object();
    for (const auto& [k, x] : v) o[k] = JsonCodec<T>::write(x);
    return o;
  }
  static Json schema() {
    return {{"type", "object"}, {"additionalProperties", JsonCodec<T>::schema()}};
  }
};

// An optional value: absent when empty (the field's presence does not apply to it).
template <class T>
struct JsonCodec<std::optional<T>> {
  static Result<std::optional<T>> read(const Json& j, const std::string& path) {
    auto v = JsonCodec<T>::read(j, path);
    if (!v.ok()) return v.status();
    return std::optional<T>(std::move(*v));
  }
  static Json write(const std::optional<T>& v) { return JsonCodec<T>::write(*v); }
  static Json schema() { return JsonCodec<T>::schema(); }
};

template <Named E>
struct JsonCodec<E> {
  static std::string expected() {
    std::string names;
    for (const auto& [value, name] : EnumNames<E>::values) {
      names += (names.empty() ? "" : ", ") + std::string(name);
    }
    return names;
  }
  static Result<E> read(const Json& j, const std::string& path) {
    if (!j.is_string()) {
      return invalid_argument(fmt::format("must be a string, not {}", fields_detail::type_of(j)),
                              path);
    }
    const auto& s = j.get_ref<const std::string&>();
    for (const auto& [value, name] : EnumNames<E>::values) {
      if (name == s) return value;
    }
    return invalid_argument(fmt::format("unknown value (expected one of: {})", expected()), path);
  }
  static Json write(E v) { return std::string(enum_name(v)); }
  static Json schema() {
    Json names = Json::array();
    for (const auto& [value, name] : EnumNames<E>::values) names.push_back(std::string(name));
    return {{"type", "string"}, {"enum", names}};
  }
  static std::string_view enum_name(E v) {
    for (const auto& [value, name] : EnumNames<E>::values) {
      if (value == v) return name;
    }
    return "?";  // unreachable for a value of the enum
  }
};

// The name of an enum value with EnumNames, and the value of a name.
template <Named E>
std::string_view enum_name(E v) {
  return JsonCodec<E>::enum_name(v);
}
template <Named E>
std::optional<E> enum_from_name(std::string_view s) {
  for (const auto& [value, name] : EnumNames<E>::values) {
    if (name == s) return value;
  }
  return std::nullopt;
}

// ---- a variant of named alternatives: commands ({"nominate": {...}}) and events ----
//
// Each alternative T has `static constexpr std::string_view kName` and a JsonCodec (a
// described struct has one). The variant is the table: a name finds its reader, a value
// its name, and the schema lists them all.

template <class V>
struct NamedVariant;

template <class... Ts>
struct NamedVariant<std::variant<Ts...>> {
  using V = std::variant<Ts...>;
  static constexpr std::array<std::string_view, sizeof...(Ts)> names{Ts::kName...};

  // Reads the alternative called `name` from `j`; nullopt when no alternative has that name.
  static std::optional<Result<V>> read(std::string_view name, const Json& j,
                                       const std::string& path) {
    std::optional<Result<V>> out;
    auto one = [&]<class T>(std::type_identity<T>) {
      if (out || T::kName != name) return;
      auto v = JsonCodec<T>::read(j, path);
      if (v.ok()) {
        out.emplace(V(std::in_place_type<T>, std::move(*v)));
      } else {
        out.emplace(v.status());
      }
    };
    (one(std::type_identity<Ts>{}), ...);
    return out;
  }
  static std::string_view name_of(const V& v) {
    return std::visit([](const auto& x) { return std::remove_cvref_t<decltype(x)>::kName; }, v);
  }
  static Json write(const V& v) {
    return std::visit(
        [](const auto& x) { return JsonCodec<std::remove_cvref_t<decltype(x)>>::write(x); }, v);
  }
  // name -> the schema of that alternative's JSON.
  static std::vector<std::pair<std::string_view, Json>> schemas() {
    return {{Ts::kName, JsonCodec<Ts>::schema()}...};
  }
};

// Checks `value` against a schema of the subset that json_schema() writes (type, properties,
// required, additionalProperties, items, enum, nullable, oneOf; an empty schema allows
// anything), and names the JSON path of the first value that does not fit. Used by the
// tests that hold real responses against the OpenAPI document.
//
// A `$ref` of the form "#/components/schemas/Name" (the OpenAPI document's) is resolved
// against `document`; a reference that does not resolve, or any `$ref` when no document is
// given, is an invalid_argument naming the reference, so that a broken document cannot pass
// as one that allows anything.
Status check_json_schema(const Json& schema, const Json& value, const std::string& path = "",
                         const Json* document = nullptr);

}  // namespace collegium
