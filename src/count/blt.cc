#include "count/blt.h"

#include <fmt/format.h>

#include <charconv>

namespace collegium::count {

namespace {

// A cursor over the text that knows its line and column for error messages.
class Scanner {
 public:
  Scanner(std::string_view text, std::string_view source) : t_(text), source_(source) {}

  bool at_end() const { return i_ >= t_.size(); }
  char peek() const { return t_[i_]; }
  size_t pos() const { return i_; }
  int line() const { return line_; }

  Status error(std::string reason, size_t at) const {
    // Column counts bytes from the start of the line containing `at`.
    size_t ls = at;
    while (ls > 0 && t_[ls - 1] != '\n') --ls;
    int line = line_;
    // `at` can lie on an earlier line than the cursor only by a few bytes; recount then.
    if (at < line_start_) {
      line = 1;
      for (size_t k = 0; k < at; ++k)
        if (t_[k] == '\n') ++line;
    }
    return parse_error(std::move(reason), fmt::format("{}:{}:{}", source_, line, at - ls + 1));
  }
  Status error(std::string reason) const { return error(std::move(reason), i_); }

  // Skips spaces, tabs, carriage returns and comments, but not line ends.
  void skip_blank() {
    while (i_ < t_.size()) {
      const char c = t_[i_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++i_;
      } else if (c == '#') {
        while (i_ < t_.size() && t_[i_] != '\n') ++i_;
      } else {
        break;
      }
    }
  }
  // Skips blanks, comments and line ends.
  void skip_space() {
    for (;;) {
      skip_blank();
      if (i_ < t_.size() && t_[i_] == '\n') {
        next_line();
      } else {
        return;
      }
    }
  }
  bool at_line_end() {
    skip_blank();
    return i_ >= t_.size() || t_[i_] == '\n';
  }
  void next_line() {
    ++i_;
    ++line_;
    line_start_ = i_;
  }
  // An unsigned integer; `what` names it in the error.
  Result<int64_t> number(const char* what) {
    const size_t start = i_;
    int64_t v = 0;
    auto [p, ec] = std::from_chars(t_.data() + i_, t_.data() + t_.size(), v);
    if (ec == std::errc::result_out_of_range) return error(fmt::format("{} is too large", what));
    if (ec != std::errc() || t_[start] == '-' || t_[start] == '+')
      return error(fmt::format("expected {}", what));
    i_ = static_cast<size_t>(p - t_.data());
    return v;
  }
  void advance(size_t k = 1) { i_ += k; }
  std::string_view text() const { return t_; }

 private:
  std::string_view t_;
  std::string_view source_;
  size_t i_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
};

bool is_token_end(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' || c == '\f' || c == '\v';
}

}  // namespace

Result<Election> read_blt(std::string_view text, std::string_view source) {
  Scanner s(text, source);
  Election e;
  s.skip_space();
  if (s.at_end()) return s.error("empty file: expected the number of candidates and seats");
  const int64_t ncand = TRY(s.number("the number of candidates"));
  if (ncand < 1 || ncand > 100000)
    return s.error(fmt::format("the number of candidates must be 1 to 100000, not {}", ncand));
  s.skip_blank();
  const int64_t seats = TRY(s.number("the number of seats"));
  if (seats > ncand) return s.error(fmt::format("{} seats but only {} candidates", seats, ncand));
  e.seats = static_cast<int>(seats);
  if (!s.at_line_end()) return s.error("expected the end of the line after the number of seats");
  e.candidates.resize(ncand);
  e.withdrawn.assign(ncand, false);

  // Withdrawn candidates: a line of negative numbers right after the header.
  s.skip_space();
  if (!s.at_end() && s.peek() == '-' && s.pos() + 1 < text.size() && text[s.pos() + 1] >= '0' &&
      text[s.pos() + 1] <= '9') {
    while (!s.at_line_end()) {
      if (s.peek() != '-') return s.error("expected a withdrawn candidate as -NUMBER");
      const size_t at = s.pos();
      s.advance();
      const int64_t c = TRY(s.number("a withdrawn candidate number"));
      if (c < 1 || c > ncand)
        return s.error(fmt::format("withdrawn candidate {} is not 1 to {}", c, ncand), at);
      e.withdrawn[c - 1] = true;
    }
  }

  // Ballots, one per line, until a line "0".
  // A candidate may appear twice on a ballot (each rule passes over the repeat), but not
  // twice in one rank: seen[c] holds the number of the last rank that named c.
  std::vector<uint64_t> seen(ncand, 0);
  uint64_t rank_no = 0;
  for (;;) {
    s.skip_space();
    if (s.at_end()) return s.error("the file ends before the \"0\" that ends the ballots");
    if (s.peek() == '(') {  // ballot id: ignored
      while (!s.at_end() && s.peek() != ')' && s.peek() != '\n') s.advance();
      if (s.at_end() || s.peek() != ')') return s.error("unclosed ballot id");
      s.advance();
      s.skip_blank();
    }
    const size_t weight_at = s.pos();
    const int64_t w = TRY(s.number("a ballot weight (or 0 to end the ballots)"));
    if (w == 0) {
      if (!s.at_line_end()) return s.error("expected the end of the line after the final 0");
      break;
    }
    if (w > (int64_t{1} << 40)) return s.error("ballot weight is too large", weight_at);
    if (e.weight.size() >= UINT32_MAX / 2) return s.error("too many ballots");
    e.start_ballot(w);
    bool ended = false;
    while (!s.at_line_end()) {
      size_t at = s.pos();
      if (s.peek() == '-' && (s.pos() + 1 >= text.size() || is_token_end(text[s.pos() + 1]))) {
        s.advance();
        e.start_rank();
        continue;
      }
      const int64_t c = TRY(s.number("a candidate number, \"-\" or the final 0"));
      if (c == 0) {
        if (!is_token_end(s.at_end() ? ' ' : s.peek()))
          return s.error("unexpected character after the ballot's final 0");
        ended = true;
        break;
      }
      e.start_rank();
      ++rank_no;
      int64_t cand = c;
      for (;;) {
        if (cand < 1 || cand > ncand)
          return s.error(fmt::format("candidate {} is not 1 to {}", cand, ncand), at);
        if (seen[cand - 1] == rank_no)
          return s.error(fmt::format("candidate {} appears twice in one rank", cand), at);
        seen[cand - 1] = rank_no;
        e.add_mark(static_cast<int32_t>(cand - 1));
        if (s.at_end() || s.peek() != '=') break;
        s.advance();
        at = s.pos();
        cand = TRY(s.number("a candidate number after \"=\""));
      }
      if (!s.at_end() && !is_token_end(s.peek()))
        return s.error(fmt::format("unexpected character '{}' in a ballot", s.peek()));
    }
    if (!ended) return s.error("a ballot must end with 0");
    if (!s.at_line_end()) return s.error("expected the end of the line after the ballot's 0");
  }

  // Names, then the optional title.
  auto read_quoted = [&](std::string* out, const char* what) -> Status {
    s.skip_space();
    if (s.at_end()) return s.error(fmt::format("the file ends before {}", what));
    if (s.peek() != '"') return s.error(fmt::format("expected {} in double quotes", what));
    const size_t open = s.pos();
    s.advance();
    const size_t start = s.pos();
    while (!s.at_end() && s.peek() != '"' && s.peek() != '\n') s.advance();
    if (s.at_end() || s.peek() != '"') return s.error("unclosed double quote", open);
    *out = std::string(text.substr(start, s.pos() - start));
    s.advance();
    return Status();
  };
  for (int64_t c = 0; c < ncand; ++c) {
    const size_t at = (s.skip_space(), s.pos());
    TRY(read_quoted(&e.candidates[c], fmt::format("the name of candidate {}", c + 1).c_str()));
    for (int64_t d = 0; d < c; ++d)
      if (e.candidates[d] == e.candidates[c])
        return s.error(fmt::format("candidates {} and {} have the same name", d + 1, c + 1), at);
  }
  s.skip_space();
  if (!s.at_end()) TRY(read_quoted(&e.title, "the title"));
  s.skip_space();
  if (!s.at_end()) return s.error("unexpected text after the title");
  return e;
}

Result<std::string> write_blt(const Election& e) {
  TRY(validate_election(e));
  auto check = [](const std::string& t, const char* what) -> Status {
    if (t.find_first_of("\"\n\r") != std::string::npos)
      return invalid_argument(
          fmt::format("{} \"{}\" has a double quote or a line break, which "
                      "BLT cannot carry",
                      what, t));
    return Status();
  };
  std::string out;
  out.reserve(64 + e.marks.size() * 3 + e.weight.size() * 6);
  out += fmt::format("{} {}\n", e.candidates.size(), e.seats);
  bool any = false;
  for (size_t c = 0; c < e.withdrawn.size(); ++c)
    if (e.withdrawn[c]) {
      out += fmt::format("{}-{}", any ? " " : "", c + 1);
      any = true;
    }
  if (any) out += "\n";
  char buf[32];
  for (size_t b = 0; b < e.ballot_count(); ++b) {
    auto r = std::to_chars(buf, buf + sizeof buf, e.weight[b]);
    out.append(buf, r.ptr);
    for (size_t k = 0; k < e.rank_count(b); ++k) {
      out += ' ';
      auto marks = e.rank(b, k);
      if (marks.empty()) out += '-';
      for (size_t i = 0; i < marks.size(); ++i) {
        if (marks[i] == kOvervote)
          return invalid_argument(fmt::format(
              "ballot {} has an overvote without candidates, which BLT cannot carry", b + 1));
        if (i) out += '=';
        r = std::to_chars(buf, buf + sizeof buf, marks[i] + 1);
        out.append(buf, r.ptr);
      }
    }
    out += " 0\n";
  }
  out += "0\n";
  for (const auto& name : e.candidates) {
    TRY(check(name, "candidate name"));
    out += '"' + name + "\"\n";
  }
  TRY(check(e.title, "title"));
  out += '"' + e.title + "\"\n";
  return out;
}

}  // namespace collegium::count
