#include "federation/read_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "federation/read_common.h"
#include "federation/rules.h"

namespace collegium::federation {

using reads::check_page;
using reads::single_int;

std::string like_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

namespace {

constexpr std::array<std::string_view, 4> kKinds = {"member", "body", "poll", "motion"};

// The longest opening of a motion's text a hit shows, in characters (code points).
constexpr size_t kMotionWords = 120;

std::string trimmed(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// The first `n` code points of UTF-8 `text`, with an ellipsis when it was longer.
std::string opening(std::string_view text, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count++ == n) {
      return std::string(text.substr(0, i)) + "…";
    }
  }
  return std::string(text);
}

std::string words(std::string_view id) {
  std::string s(id);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// The patterns every query binds: ?1 the substring, ?2 the prefix, ?3 a word's prefix, ?4
// the query itself (an exact id).
struct Patterns {
  std::string contains, prefix, word, exact;
};
void bind_patterns(store::Statement& q, const Patterns& p) {
  q.bind(1, p.contains).bind(2, p.prefix).bind(3, p.word).bind(4, p.exact);
}

// A kind's matches: `where` selects them (using ?1..?4), `key` is the column ranked by
// prefix, `select` the columns read into a hit by `read`, `then` the order among equals.
struct KindQuery {
  std::string from, where, key, select, then;
};

template <class Read>
Result<SearchGroup> run(Federation& fed, std::string_view kind, const KindQuery& k,
                        const Patterns& p, const Page& page, Read read) {
  SearchGroup g;
  g.kind = std::string(kind);
  auto count = TRY(
      fed.store().db().prepare(fmt::format("SELECT COUNT(*) FROM {} WHERE {}", k.from, k.where)));
  bind_patterns(count, p);
  g.total = TRY(single_int(count));
  if (g.total == 0) return g;
  // An exact id first, then names that begin with the query, then those with a word that
  // begins with it, then any other match.
  auto q = TRY(fed.store().db().prepare(fmt::format(
      "SELECT {} FROM {} WHERE {} ORDER BY CASE WHEN {}_id = ?4 THEN 0 "
      "WHEN {} LIKE ?2 ESCAPE '\\' THEN 1 WHEN {} LIKE ?3 ESCAPE '\\' THEN 2 ELSE 3 END, {} "
      "LIMIT ?5 OFFSET ?6",
      k.select, k.from, k.where, kind, k.key, k.key, k.then)));
  bind_patterns(q, p);
  q.bind(5, page.limit).bind(6, page.offset);
  while (TRY(q.step())) g.hits.push_back(read(q));
  return g;
}

}  // namespace

Result<SearchResult> search(Federation& fed, const SearchFilter& filter, const Page& page) {
  std::string q = trimmed(filter.q);
  if (q.empty()) return invalid_argument("type a name or words to search for", "q");
  if (rules::char_count(q) > kMaxSearchChars) {
    return invalid_argument(fmt::format("a search is at most {} characters, not {}",
                                        kMaxSearchChars, rules::char_count(q)),
                            "q");
  }
  if (auto hidden = rules::hidden_character(q, false)) {
    return invalid_argument(fmt::format("a search cannot hold {}", *hidden), "q");
  }
  if (!filter.kind.empty() &&
      std::find(kKinds.begin(), kKinds.end(), filter.kind) == kKinds.end()) {
    return invalid_argument(
        fmt::format("kind is member, body, poll or motion, not '{}'", filter.kind), "kind");
  }
  TRY(check_page(page));
  Patterns p{"%" + like_escape(q) + "%", like_escape(q) + "%", "% " + like_escape(q) + "%", q};
  const auto& r = fed.registry();
  SearchResult out{q, {}, page.offset, page.limit};
  auto wanted = [&](std::string_view kind) { return filter.kind.empty() || filter.kind == kind; };

  if (wanted("member")) {
    KindQuery k{
        "members m",
        "(m.name LIKE ?1 ESCAPE '\\' OR m.id = ?4)" +
            std::string(filter.all_members
                            ? ""
                            : " AND EXISTS (SELECT 1 FROM mandates x WHERE x.member = m.id)"),
        "m.name", "m.id AS member_id, m.name, m.workplace", "m.name, m.id"};
    out.groups.push_back(TRY(run(fed, "member", k, p, page, [&](store::Statement& s) {
      auto w = r.workplace(s.column_text(2));
      return SearchHit{std::string(s.column_text(0)), std::string(s.column_text(1)),
                       w ? w->name : std::string(s.column_text(2))};
    })));
  }
  if (wanted("body")) {
    KindQuery k{"bodies b", "(b.name LIKE ?1 ESCAPE '\\' OR b.id = ?4)", "b.name",
                "b.id AS body_id, b.name, b.kind", "b.name, b.id"};
    out.groups.push_back(TRY(run(fed, "body", k, p, page, [&](store::Statement& s) {
      return SearchHit{std::string(s.column_text(0)), std::string(s.column_text(1)),
                       words(s.column_text(2))};
    })));
  }
  if (wanted("poll")) {
    // A poll is found by its body's name: "Election of the Casting committee".
    KindQuery k{"polls p JOIN bodies b ON b.id = p.body",
                "(b.name LIKE ?1 ESCAPE '\\' OR p.id = ?4)", "b.name",
                "p.id AS poll_id, b.name, p.kind, p.state, p.called", "p.seq DESC"};
    out.groups.push_back(TRY(run(fed, "poll", k, p, page, [&](store::Statement& s) {
      bool recall = s.column_text(2) == "recall";
      std::string_view state = s.column_text(3);
      return SearchHit{
          std::string(s.column_text(0)),
          fmt::format("{} {}", recall ? "Recall vote in" : "Election of", s.column_text(1)),
          fmt::format("{}, called {}",
                      state == "nominating" ? "nominations open"
                      : state == "voting"   ? "voting open"
                                            : "closed",
                      s.column_text(4).substr(0, 10))};
    })));
  }
  if (wanted("motion")) {
    KindQuery k{"motions t", "(t.text LIKE ?1 ESCAPE '\\' OR t.id = ?4)", "t.text",
                "t.id AS motion_id, t.text, t.state, t.body", "t.seq DESC"};
    out.groups.push_back(TRY(run(fed, "motion", k, p, page, [&](store::Statement& s) {
      return SearchHit{
          std::string(s.column_text(0)), opening(s.column_text(1), kMotionWords),
          fmt::format("{}, before {}", s.column_text(2), reads::body_name(r, s.column_text(3)))};
    })));
  }
  return out;
}

}  // namespace collegium::federation
