// What the read models share (read_*.h): the page of a list, values that are written as
// JSON null when absent, and the small summaries several reads embed.
//
// A read model is a function of the federation's projections: a filter and a page in, a
// plain struct out, described with fields() so that its JSON (write_json) and its schema
// (json_schema) come from one place. The HTTP API and `collegium show` both serialise what
// these functions return, so a figure on a page can be reproduced from the command line
// (DESIGN.md invariant 7). Errors of the database are returned, never passed over.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/fields.h"
#include "base/status.h"

namespace collegium {

// A value written as JSON null when absent (a vacant seat has a null holder), where an
// std::optional field would be left out.
template <class T>
struct Nullable {
  std::optional<T> value;
  bool operator==(const Nullable&) const = default;
};

template <class T>
struct JsonCodec<Nullable<T>> {
  static Result<Nullable<T>> read(const Json& j, const std::string& path) {
    if (j.is_null()) return Nullable<T>{};
    auto v = JsonCodec<T>::read(j, path);
    if (!v.ok()) return v.status();
    return Nullable<T>{std::move(*v)};
  }
  static Json write(const Nullable<T>& v) {
    return v.value ? JsonCodec<T>::write(*v.value) : Json(nullptr);
  }
  static Json schema() {
    Json s = JsonCodec<T>::schema();
    s["nullable"] = true;
    return s;
  }
};

// A ratio or a median: the only figures of the read models that are not whole numbers.
template <>
struct JsonCodec<double> {
  static Result<double> read(const Json& j, const std::string& path) {
    if (!j.is_number()) {
      return invalid_argument(fmt::format("must be a number, not {}", j.type_name()), path);
    }
    return j.get<double>();
  }
  static Json write(double v) { return v; }
  static Json schema() { return {{"type", "number"}}; }
};

}  // namespace collegium

namespace collegium::federation {

// A window of a list: skip `offset` rows, return at most `limit`. Lists are in a stable
// order (declaration, id or newest first), so that pages do not overlap.
struct Page {
  int64_t offset = 0;
  int64_t limit = 100;
};
// The default and the largest page of the paged lists.
inline constexpr int64_t kDefaultPageLimit = 100;
inline constexpr int64_t kMaxPageLimit = 1000;

// A body as lists name it.
struct BodySummary {
  std::string id, name, kind;
  int64_t seats = 0;
  bool operator==(const BodySummary&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &BodySummary::id), field("name", &BodySummary::name),
                      field("kind", &BodySummary::kind, Presence::kRequired,
                            "shop_committee, workplace_committee, union, congress, council, "
                            "control or specialist"),
                      field("seats", &BodySummary::seats)};
  }
};

}  // namespace collegium::federation
