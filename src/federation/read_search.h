// Search across members, bodies, polls and motions by name or words (issue #15): what a
// member types into the header's search box, answered from the projections.
//
// Matching is a substring match of SQLite's LIKE, with the query's own % and _ taken as
// letters. It folds the case of ASCII letters only (SQLite's LIKE without ICU): "anna"
// finds "Anna", but "анна" does not find "Анна". Within a kind, names that begin with the
// query come first, then names with a word that begins with it, then the rest; a query that
// is exactly an id finds that entity first.
#pragma once

#include <string>
#include <vector>

#include "federation/federation.h"
#include "federation/reads.h"

namespace collegium::federation {

// The longest query, in characters.
inline constexpr size_t kMaxSearchChars = 100;

struct SearchFilter {
  std::string q;     // required: 1 to kMaxSearchChars characters once trimmed
  std::string kind;  // member, body, poll or motion; empty for every kind
  // Whether the caller may see every member (a logged-in member or the operator). For anyone
  // else only officials are found, members who hold or held a seat, whose records are public
  // (B1); members list each other only among themselves.
  bool all_members = false;
};

struct SearchHit {
  std::string id;
  std::string name;    // a member's or body's name, "Election of …", a motion's opening words
  std::string detail;  // a member's workplace, a body's kind, a poll's or motion's state and body
  bool operator==(const SearchHit&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &SearchHit::id), field("name", &SearchHit::name),
                      field("detail", &SearchHit::detail)};
  }
};

struct SearchGroup {
  std::string kind;   // member, body, poll, motion
  int64_t total = 0;  // every match of this kind, beyond the page too
  std::vector<SearchHit> hits;
  bool operator==(const SearchGroup&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("kind", &SearchGroup::kind), field("total", &SearchGroup::total),
                      field("hits", &SearchGroup::hits)};
  }
};

struct SearchResult {
  std::string q;                    // the query as searched (trimmed)
  std::vector<SearchGroup> groups;  // member, body, poll, motion, those asked for
  int64_t offset = 0, limit = 0;    // the page, applied within each kind
  bool operator==(const SearchResult&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("q", &SearchResult::q), field("groups", &SearchResult::groups),
                      field("offset", &SearchResult::offset), field("limit", &SearchResult::limit)};
  }
};

// invalid_argument naming "q" for an empty or too long query (or one with control
// characters), "kind" for an unknown kind, "offset"/"limit" for a bad page.
Result<SearchResult> search(Federation& fed, const SearchFilter& filter, const Page& page);

// `text` with \, % and _ escaped by \, for a LIKE pattern with ESCAPE '\'.
std::string like_escape(std::string_view text);

}  // namespace collegium::federation
