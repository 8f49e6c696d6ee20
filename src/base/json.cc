#include "base/json.h"

#include <fmt/format.h>

namespace collegium {

std::string line_column(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("{}:{}", line, column);
}

Result<Json> parse_json(std::string_view text, std::string_view source) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    // nlohmann reports the byte just past the offending one.
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    std::string reason = e.what();
    // Keep the part after "parse error at ...: " which explains the problem.
    if (auto p = reason.find("syntax error while parsing"); p != std::string::npos) {
      reason = reason.substr(p);
    } else if (auto q = reason.rfind(": "); q != std::string::npos) {
      reason = reason.substr(q + 2);
    }
    return parse_error(reason, fmt::format("{}:{}", source, line_column(text, offset)));
  } catch (const Json::exception& e) {
    // A number too large for a double (out_of_range.406) carries no position.
    std::string reason = e.what();
    if (auto p = reason.find("] "); p != std::string::npos) reason = reason.substr(p + 2);
    return parse_error(reason, std::string(source));
  }
}

std::string json_path_join(std::string_view base, std::string_view key) {
  std::string out(base);
  out += '/';
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string json_path_join(std::string_view base, size_t index) {
  return fmt::format("{}/{}", base, index);
}

namespace {

Status check_canonical_numbers(const Json& v, const std::string& path) {
  switch (v.type()) {
    case Json::value_t::number_float:
      return invalid_argument(
          "a number with a fraction or exponent cannot be stored canonically; write it as a "
          "decimal string",
          path.empty() ? "/" : path);
    case Json::value_t::object:
      for (const auto& [k, child] : v.items()) {
        TRY(check_canonical_numbers(child, json_path_join(path, k)));
      }
      return {};
    case Json::value_t::array: {
      size_t i = 0;
      for (const auto& child : v) TRY(check_canonical_numbers(child, json_path_join(path, i++)));
      return {};
    }
    case Json::value_t::binary:
      return invalid_argument("binary values have no canonical JSON form", path);
    default:
      return {};
  }
}

}  // namespace

Result<std::string> canonical_json(const Json& value) {
  TRY(check_canonical_numbers(value, ""));
  try {
    // nlohmann's object type is a std::map<std::string, ...>, ordered by
    // char_traits<char>::compare, which compares as unsigned char: byte order of UTF-8.
    return value.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::strict);
  } catch (const Json::type_error& e) {
    return invalid_argument(fmt::format("not valid UTF-8 ({})", e.what()));
  }
}

}  // namespace collegium
