#include "federation/codec.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/util.h"

namespace collegium::federation {

namespace {

std::string type_name(const Json& j) {
  return j.type_name();
}

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

Json to_json(const Region& r) {
  return {{"id", r.id}, {"name", r.name}};
}
Json to_json(const Branch& b) {
  return {{"id", b.id}, {"name", b.name}};
}
Json to_json(const Workplace& w) {
  return {{"id", w.id}, {"name", w.name}, {"region", w.region}, {"branch", w.branch}};
}
Json to_json(const Shop& s) {
  return {{"id", s.id}, {"workplace", s.workplace}, {"name", s.name}};
}
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
  Json j = {{"id", b.id},
            {"name", b.name},
            {"kind", to_string(b.kind)},
            {"seats", b.seats},
            {"term_months", b.term_months},
            {"constituency", c}};
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
  TRY(check_keys(
      j, path, {"id", "name", "kind", "seats", "term_months", "constituency", "region", "branch"}));
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

namespace {

Result<int64_t> get_duration(const Json& j, const std::string& path, std::string_view key,
                             int64_t fallback) {
  if (!j.contains(key)) return fallback;
  std::string text = TRY(get_string(j, path, key));
  auto seconds = parse_duration(text);
  if (!seconds.ok()) return invalid_argument(seconds.status().message(), json_path_join(path, key));
  return *seconds;
}

Result<Share> get_share(const Json& j, const std::string& path, std::string_view key,
                        Share fallback) {
  if (!j.contains(key)) return fallback;
  std::string text = TRY(get_string(j, path, key));
  Share s;
  auto slash = text.find('/');
  auto number = [](std::string_view d, int& out) {
    if (d.empty() || d.size() > 4) return false;
    out = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  if (slash == std::string::npos || !number(std::string_view(text).substr(0, slash), s.numerator) ||
      !number(std::string_view(text).substr(slash + 1), s.denominator) || s.denominator == 0 ||
      s.numerator > s.denominator) {
    return invalid_argument(fmt::format("'{}' is not a share such as 1/3", text),
                            json_path_join(path, key));
  }
  return s;
}

// The forecaster's thresholds (forecast.h): fractions as decimal strings, the record's
// canonical JSON having no floating point; fields left out keep the defaults.
Json thresholds_json(const forecast::Thresholds& t) {
  return {{"change_probability", format_decimal(t.change_probability)},
          {"trend_probability", format_decimal(t.trend_probability)},
          {"outlier_probability", format_decimal(t.outlier_probability)},
          {"gap_alert", format_decimal(t.gap_alert)},
          {"gap_crisis", format_decimal(t.gap_crisis)},
          {"cumulative_alert", format_decimal(t.cumulative_alert)},
          {"cumulative_crisis", format_decimal(t.cumulative_crisis)},
          {"cumulative_min_periods", t.cumulative_min_periods}};
}

Result<forecast::Thresholds> get_thresholds(const Json& j, const std::string& path,
                                            std::string_view key) {
  forecast::Thresholds t;
  if (!j.contains(key)) return t;
  const std::string where = json_path_join(path, key);
  const Json& o = j[std::string(key)];
  if (!o.is_object()) return invalid_argument("must be an object", where);
  TRY(check_keys(
      o, where,
      {"change_probability", "trend_probability", "outlier_probability", "gap_alert", "gap_crisis",
       "cumulative_alert", "cumulative_crisis", "cumulative_min_periods"}));
  const std::pair<const char*, double*> fractions[] = {
      {"change_probability", &t.change_probability},
      {"trend_probability", &t.trend_probability},
      {"outlier_probability", &t.outlier_probability},
      {"gap_alert", &t.gap_alert},
      {"gap_crisis", &t.gap_crisis},
      {"cumulative_alert", &t.cumulative_alert},
      {"cumulative_crisis", &t.cumulative_crisis}};
  for (auto [name, value] : fractions) {
    if (o.contains(name)) {
      *value = TRY(JsonCodec<Decimal>::read(o[name], json_path_join(where, name))).value;
    }
  }
  t.cumulative_min_periods = TRY(get_int(o, where, "cumulative_min_periods", 4));
  Status valid = forecast::validate(t);
  if (!valid.ok()) return invalid_argument(valid.message(), json_path_join(where, valid.where()));
  return t;
}

std::string share_text(Share s) {
  return fmt::format("{}/{}", s.numerator, s.denominator);
}

Result<std::vector<std::string>> get_strings(const Json& j, const std::string& path,
                                             std::string_view key) {
  auto it = j.find(key);
  std::string where = json_path_join(path, key);
  if (it == j.end()) return invalid_argument("required field is missing", where);
  if (!it->is_array()) return invalid_argument("must be an array of strings", where);
  std::vector<std::string> out;
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string())
      return invalid_argument("must be a string", json_path_join(where, i));
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

}  // namespace

Json to_json(const Constitution& c) {
  Json kinds = Json::array();
  for (auto k : c.production_share_applies_to) kinds.push_back(to_string(k));
  return {{"multi_seat_method", c.multi_seat_method},
          {"single_seat_method", c.single_seat_method},
          {"nomination_period", format_duration(c.nomination_seconds)},
          {"voting_period", format_duration(c.voting_seconds)},
          {"election_lead", format_duration(c.election_lead_seconds)},
          {"recall_petition", share_text(c.recall_petition)},
          {"count_back", c.count_back},
          {"recall_turnout", c.recall_turnout ? share_text(*c.recall_turnout) : "signatures"},
          {"max_offices", c.max_offices},
          {"control_without_executive", share_text(c.control_without_executive)},
          {"production_share", share_text(c.production_share)},
          {"production_share_applies_to", kinds},
          {"manual_labour_days", c.manual_labour_days},
          {"report_back_period", format_duration(c.report_back_seconds)},
          {"appeal_days", c.appeal_days},
          {"motion_period", format_duration(c.motion_seconds)},
          {"amendment_majority", share_text(c.amendment_majority)},
          {"report_period", format_duration(c.report_period_seconds)},
          {"signal_acknowledge_period", format_duration(c.signal_acknowledge_seconds)},
          {"signal_decide_period", format_duration(c.signal_decide_seconds)},
          {"signal_thresholds", thresholds_json(c.signal_thresholds)},
          {"platform_threshold", c.platform_threshold}};
}

Result<Constitution> constitution_from_json(const Json& j, const std::string& path) {
  TRY(check_keys(j, path,
                 {"multi_seat_method",
                  "single_seat_method",
                  "nomination_period",
                  "voting_period",
                  "election_lead",
                  "recall_petition",
                  "count_back",
                  "max_offices",
                  "control_without_executive",
                  "production_share",
                  "production_share_applies_to",
                  "manual_labour_days",
                  "report_back_period",
                  "appeal_days",
                  "motion_period",
                  "amendment_majority",
                  "recall_turnout",
                  "report_period",
                  "signal_acknowledge_period",
                  "signal_decide_period",
                  "signal_thresholds",
                  "platform_threshold"}));
  Constitution d, c;
  if (j.contains("multi_seat_method")) {
    c.multi_seat_method = TRY(get_string(j, path, "multi_seat_method"));
  }
  if (j.contains("single_seat_method")) {
    c.single_seat_method = TRY(get_string(j, path, "single_seat_method"));
  }
  c.nomination_seconds = TRY(get_duration(j, path, "nomination_period", d.nomination_seconds));
  c.voting_seconds = TRY(get_duration(j, path, "voting_period", d.voting_seconds));
  c.election_lead_seconds = TRY(get_duration(j, path, "election_lead", d.election_lead_seconds));
  c.recall_petition = TRY(get_share(j, path, "recall_petition", d.recall_petition));
  if (j.contains("count_back")) {
    if (!j["count_back"].is_boolean()) {
      return invalid_argument("must be true or false", json_path_join(path, "count_back"));
    }
    c.count_back = j["count_back"].get<bool>();
  }
  if (j.contains("recall_turnout") && j["recall_turnout"] != "signatures") {
    c.recall_turnout = TRY(get_share(j, path, "recall_turnout", Share{}));
  }
  c.max_offices = TRY(get_int(j, path, "max_offices", d.max_offices));
  c.control_without_executive =
      TRY(get_share(j, path, "control_without_executive", d.control_without_executive));
  c.production_share = TRY(get_share(j, path, "production_share", d.production_share));
  if (j.contains("production_share_applies_to")) {
    std::string where = json_path_join(path, "production_share_applies_to");
    auto names = TRY(get_strings(j, path, "production_share_applies_to"));
    c.production_share_applies_to.clear();
    for (size_t i = 0; i < names.size(); ++i) {
      auto k = body_kind_from_string(names[i]);
      if (!k) {
        return invalid_argument(fmt::format("unknown body kind '{}' (expected one of: {})",
                                            names[i], body_kinds_list()),
                                json_path_join(where, i));
      }
      c.production_share_applies_to.push_back(*k);
    }
  }
  c.manual_labour_days = TRY(get_int(j, path, "manual_labour_days", d.manual_labour_days));
  c.report_back_seconds = TRY(get_duration(j, path, "report_back_period", d.report_back_seconds));
  c.appeal_days = TRY(get_int(j, path, "appeal_days", d.appeal_days));
  c.motion_seconds = TRY(get_duration(j, path, "motion_period", d.motion_seconds));
  c.amendment_majority = TRY(get_share(j, path, "amendment_majority", d.amendment_majority));
  c.report_period_seconds = TRY(get_duration(j, path, "report_period", d.report_period_seconds));
  c.signal_acknowledge_seconds =
      TRY(get_duration(j, path, "signal_acknowledge_period", d.signal_acknowledge_seconds));
  c.signal_decide_seconds =
      TRY(get_duration(j, path, "signal_decide_period", d.signal_decide_seconds));
  c.signal_thresholds = TRY(get_thresholds(j, path, "signal_thresholds"));
  c.platform_threshold = TRY(get_int(j, path, "platform_threshold", d.platform_threshold));
  Status valid = check_constitution(c);
  if (!valid.ok()) return valid.within(path);
  return c;
}

namespace {

using Given = NamedVariant<GivenCommand>;

// {"type": ..., "description": ...} for the entity schemas below.
Json typed(std::string_view type, std::string_view description = {}) {
  Json t = {{"type", std::string(type)}};
  if (!description.empty()) t["description"] = std::string(description);
  return t;
}

Json object_schema(Json properties, std::vector<std::string> required) {
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

}  // namespace

Json entity_schema(std::string_view entity) {
  Json id = typed("string", "a new id: letters, digits, '.', '-' or '_'");
  Json name = typed("string", "unique among its kind");
  if (entity == "region" || entity == "branch") {
    return object_schema({{"id", id}, {"name", name}}, {"id", "name"});
  }
  if (entity == "workplace") {
    return object_schema({{"id", id},
                          {"name", name},
                          {"region", typed("string")},
                          {"branch", typed("string")},
                          {"shops", {{"type", "array"}, {"items", entity_schema("shop")}}}},
                         {"id", "name", "region", "branch"});
  }
  if (entity == "shop") {
    return object_schema({{"id", id}, {"workplace", typed("string")}, {"name", typed("string")}},
                         {"id", "workplace", "name"});
  }
  if (entity == "member") {
    return object_schema(
        {{"id", id},
         {"name", typed("string")},
         {"category",
          {{"type", "string"}, {"enum", {"production", "technical", "administrative"}}}},
         {"workplace", typed("string")},
         {"shop", typed("string")},
         {"joined", typed("string", "YYYY-MM-DD")}},
        {"id", "name", "category", "workplace", "joined"});
  }
  if (entity == "body") {
    Json ids = {{"type", "array"}, {"items", typed("string")}, {"minItems", 1}};
    Json constituency = {
        {"type", "object"},
        {"description", "exactly one of workplace, shop or bodies"},
        {"properties",
         {{"workplace", typed("string")}, {"shop", typed("string")}, {"bodies", ids}}},
        {"minProperties", 1},
        {"maxProperties", 1},
        {"additionalProperties", false}};
    return object_schema({{"id", id},
                          {"name", name},
                          {"kind", typed("string")},
                          {"seats", typed("integer")},
                          {"term_months", typed("integer")},
                          {"constituency", constituency},
                          {"region", typed("string")},
                          {"branch", typed("string")}},
                         {"id", "name", "kind", "seats", "constituency"});
  }
  // The constitution: every article may be left out, and then keeps its default.
  Json period = typed("string", "a duration such as P14D or PT12H");
  Json share = typed("string", "a share such as 1/3");
  return object_schema(
      {{"multi_seat_method", typed("string")},
       {"single_seat_method", typed("string")},
       {"nomination_period", period},
       {"voting_period", period},
       {"election_lead", period},
       {"recall_petition", share},
       {"count_back", typed("boolean")},
       {"recall_turnout", typed("string", "a share, or \"signatures\"")},
       {"max_offices", typed("integer")},
       {"control_without_executive", share},
       {"production_share", share},
       {"production_share_applies_to", {{"type", "array"}, {"items", typed("string")}}},
       {"manual_labour_days", typed("integer")},
       {"report_back_period", period},
       {"appeal_days", typed("integer")},
       {"motion_period", period},
       {"amendment_majority", share}},
      {});
}

Result<Command> command_from_json(const Json& j, const std::string& path) {
  if (!j.is_object()) {
    return invalid_argument(fmt::format("must be an object, not {}", type_name(j)),
                            path.empty() ? "/" : path);
  }
  for (const auto& [key, value] : j.items()) {
    if (std::find(Given::names.begin(), Given::names.end(), key) == Given::names.end()) {
      static const std::string expected = [] {
        std::string names;
        for (auto n : Given::names) names += (names.empty() ? "" : ", ") + std::string(n);
        return names;
      }();
      return invalid_argument(fmt::format("unknown field (expected one of: {})", expected),
                              json_path_join(path, key));
    }
  }
  if (j.size() != 1) return invalid_argument("give exactly one command", path.empty() ? "/" : path);
  auto only = j.begin();
  auto read = Given::read(only.key(), only.value(), json_path_join(path, only.key()));
  // Every key was checked against the table's names above, so the table has a reader.
  if (!read) return internal_error("a command name without a reader");
  GivenCommand given = TRY(std::move(*read));
  return std::visit([](auto&& c) { return Command(std::move(c)); }, std::move(given));
}

std::optional<Json> command_to_json(const Command& command) {
  return std::visit(
      [](const auto& c) -> std::optional<Json> {
        using C = std::remove_cvref_t<decltype(c)>;
        if constexpr (requires(GivenCommand g) { g = c; }) {
          return Json{{std::string(C::kName), JsonCodec<C>::write(c)}};
        } else {
          return std::nullopt;
        }
      },
      command);
}

std::optional<Result<RegistryEvent>> read_registry_event(std::string_view type, const Json& payload,
                                                         const std::string& path) {
  std::optional<Result<RegistryEvent>> out;
  auto one = [&]<class T>(std::type_identity<T>) {
    if (out || T::kName != type) return;
    Result<T> v = [&] {
      if constexpr (Described<T>) {
        return read_json<T>(payload, path, UnknownKeys::kIgnore);
      } else {
        return JsonCodec<T>::read(payload, path);
      }
    }();
    if (v.ok()) {
      out.emplace(RegistryEvent(std::in_place_type<T>, std::move(*v)));
    } else {
      out.emplace(v.status());
    }
  };
  [&]<class... Ts>(std::type_identity<std::variant<Ts...>>) {
    (one(std::type_identity<Ts>{}), ...);
  }(std::type_identity<RegistryEvent>{});
  return out;
}

Json command_schemas() {
  Json out = Json::object();
  for (auto& [name, schema] : Given::schemas()) out[std::string(name)] = std::move(schema);
  return out;
}

}  // namespace collegium::federation
