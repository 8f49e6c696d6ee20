#include "count/preflib.h"

#include <fmt/format.h>

#include <charconv>
#include <string>
#include <vector>

namespace collegium::count {

namespace {

struct Line {
  std::string_view text;
  int number;
};

std::vector<Line> split_lines(std::string_view t) {
  std::vector<Line> out;
  int n = 1;
  size_t i = 0;
  while (i <= t.size()) {
    size_t j = t.find('\n', i);
    if (j == std::string_view::npos) j = t.size();
    std::string_view l = t.substr(i, j - i);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    out.push_back({l, n++});
    if (j == t.size()) break;
    i = j + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_int(std::string_view s, int64_t* v) {
  s = trim(s);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

class OrderParser {
 public:
  OrderParser(std::string_view source, PreflibKind kind, Election* e)
      : source_(source), kind_(kind), e_(e) {}

  Status error(const Line& l, size_t col, std::string reason) const {
    return parse_error(std::move(reason), fmt::format("{}:{}:{}", source_, l.number, col + 1));
  }

  // Parses "1,{2,3},4" starting at byte `from` of the line, adding one ballot.
  Status order(const Line& l, size_t from, int64_t weight) {
    const std::string_view t = l.text;
    const int64_t n = static_cast<int64_t>(e_->candidates.size());
    e_->start_ballot(weight);
    seen_.assign(n, false);
    size_t i = from;
    auto skip_ws = [&] {
      while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
    };
    auto number = [&](int64_t* v) -> Status {
      skip_ws();
      const size_t start = i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      if (start == i || !parse_int(t.substr(start, i - start), v))
        return error(l, start, "expected an alternative number");
      if (*v < 1 || *v > n)
        return error(l, start, fmt::format("alternative {} is not 1 to {}", *v, n));
      if (seen_[*v - 1])
        return error(l, start, fmt::format("alternative {} appears twice in one order", *v));
      seen_[*v - 1] = true;
      skip_ws();
      return Status();
    };
    skip_ws();
    if (i >= t.size()) return Status();  // an empty order: a ballot that ranks nobody
    for (;;) {
      skip_ws();
      e_->start_rank();
      if (i < t.size() && t[i] == '{') {
        if (kind_ == PreflibKind::kSoi)
          return error(l, i, "ties (\"{\") are not allowed in a .soi file");
        ++i;
        skip_ws();
        if (i < t.size() && t[i] == '}') {
          ++i;
        } else {
          for (;;) {
            int64_t v = 0;
            TRY(number(&v));
            e_->add_mark(static_cast<int32_t>(v - 1));
            if (i < t.size() && t[i] == ',') {
              ++i;
              continue;
            }
            if (i < t.size() && t[i] == '}') {
              ++i;
              break;
            }
            return error(l, i, "expected \",\" or \"}\" in a tie");
          }
        }
      } else {
        int64_t v = 0;
        TRY(number(&v));
        e_->add_mark(static_cast<int32_t>(v - 1));
      }
      skip_ws();
      if (i >= t.size()) return Status();
      if (t[i] != ',') return error(l, i, "expected \",\" between ranks");
      ++i;
    }
  }

 private:
  std::string_view source_;
  PreflibKind kind_;
  Election* e_;
  std::vector<bool> seen_;
};

}  // namespace

Result<Election> read_preflib(std::string_view text, PreflibKind kind, std::string_view source) {
  const auto lines = split_lines(text);
  Election e;
  OrderParser parser(source, kind, &e);
  size_t k = 0;
  while (k < lines.size() && trim(lines[k].text).empty()) ++k;
  if (k >= lines.size()) return parse_error("empty file", fmt::format("{}:1:1", source));

  if (lines[k].text.substr(0, 1) == "#") {
    int64_t count = -1;
    std::vector<std::string> names;
    std::vector<bool> named;
    for (; k < lines.size(); ++k) {
      const Line& l = lines[k];
      const std::string_view t = trim(l.text);
      if (t.empty()) continue;
      if (t[0] == '#') {
        const std::string_view body = trim(t.substr(1));
        constexpr std::string_view kCount = "NUMBER ALTERNATIVES:";
        constexpr std::string_view kName = "ALTERNATIVE NAME ";
        constexpr std::string_view kTitle = "TITLE:";
        if (body.substr(0, kCount.size()) == kCount) {
          if (!parse_int(body.substr(kCount.size()), &count) || count < 1 || count > 100000)
            return parser.error(l, 0, "NUMBER ALTERNATIVES must be an integer from 1 to 100000");
          names.assign(count, "");
          named.assign(count, false);
        } else if (body.substr(0, kName.size()) == kName) {
          const std::string_view rest = body.substr(kName.size());
          const size_t colon = rest.find(':');
          int64_t idx = 0;
          if (colon == std::string_view::npos || !parse_int(rest.substr(0, colon), &idx))
            return parser.error(l, 0, "expected \"# ALTERNATIVE NAME N: name\"");
          if (count < 0) return parser.error(l, 0, "ALTERNATIVE NAME before NUMBER ALTERNATIVES");
          if (idx < 1 || idx > count)
            return parser.error(l, 0, fmt::format("alternative {} is not 1 to {}", idx, count));
          names[idx - 1] = std::string(trim(rest.substr(colon + 1)));
          named[idx - 1] = true;
        } else if (body.substr(0, kTitle.size()) == kTitle) {
          e.title = std::string(trim(body.substr(kTitle.size())));
        }
        continue;
      }
      if (count < 0) return parser.error(l, 0, "an order before \"# NUMBER ALTERNATIVES\"");
      if (e.candidates.empty()) {
        for (int64_t c = 0; c < count; ++c) {
          if (!named[c])
            return parser.error(l, 0, fmt::format("alternative {} has no name", c + 1));
          for (const auto& other : e.candidates)
            if (other == names[c])
              return parser.error(l, 0, fmt::format("two alternatives are named \"{}\"", names[c]));
          e.add_candidate(names[c]);
        }
      }
      const size_t colon = l.text.find(':');
      int64_t w = 0;
      if (colon == std::string_view::npos || !parse_int(l.text.substr(0, colon), &w) || w < 1 ||
          w > (int64_t{1} << 40))
        return parser.error(l, 0, "expected \"COUNT: order\" with a positive count");
      TRY(parser.order(l, colon + 1, w));
    }
    if (count < 0)
      return parse_error("no \"# NUMBER ALTERNATIVES\" line", fmt::format("{}:1:1", source));
    if (e.candidates.empty())
      for (int64_t c = 0; c < count; ++c)
        e.add_candidate(named[c] ? names[c] : std::to_string(c + 1));
    return e;
  }

  // The older format.
  int64_t count = 0;
  if (!parse_int(lines[k].text, &count) || count < 1 || count > 100000)
    return parser.error(lines[k], 0, "expected the number of alternatives");
  ++k;
  for (int64_t c = 0; c < count; ++c, ++k) {
    if (k >= lines.size())
      return parse_error("the file ends in the list of alternatives",
                         fmt::format("{}:{}:1", source, lines.back().number));
    const Line& l = lines[k];
    const size_t comma = l.text.find(',');
    int64_t idx = 0;
    if (comma == std::string_view::npos || !parse_int(l.text.substr(0, comma), &idx) ||
        idx != c + 1)
      return parser.error(l, 0, fmt::format("expected \"{},name\"", c + 1));
    std::string name(trim(l.text.substr(comma + 1)));
    for (const auto& other : e.candidates)
      if (other == name)
        return parser.error(l, comma + 1, fmt::format("two alternatives are named \"{}\"", name));
    e.add_candidate(std::move(name));
  }
  if (k >= lines.size())
    return parse_error("missing the line \"voters,sum,unique orders\"",
                       fmt::format("{}:{}:1", source, lines.back().number));
  ++k;  // voters, sum of counts, unique orders: informative only
  for (; k < lines.size(); ++k) {
    const Line& l = lines[k];
    if (trim(l.text).empty()) continue;
    const size_t comma = l.text.find(',');
    int64_t w = 0;
    if (comma == std::string_view::npos || !parse_int(l.text.substr(0, comma), &w) || w < 1 ||
        w > (int64_t{1} << 40))
      return parser.error(l, 0, "expected \"count,order\" with a positive count");
    TRY(parser.order(l, comma + 1, w));
  }
  return e;
}

}  // namespace collegium::count
