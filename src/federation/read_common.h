// Internal to the read models (read_*.cc): looking rows up and naming what they refer to.
// Nothing outside the federation module includes this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "federation/federation.h"
#include "federation/reads.h"

namespace collegium::federation::reads {

// The first column of every row of `q`, or the error that stopped the rows.
inline Result<std::vector<std::string>> first_column(store::Statement& q) {
  std::vector<std::string> out;
  while (TRY(q.step())) out.emplace_back(q.column_text(0));
  return out;
}

// A single integer: the first column of the first row (0 when there is none).
inline Result<int64_t> single_int(store::Statement& q) {
  if (!TRY(q.step())) return int64_t{0};
  return q.column_int(0);
}

// Checks a page (what the API and the command line take) before it reaches SQL.
inline Status check_page(const Page& page) {
  if (page.offset < 0) return invalid_argument("must be an integer from 0 up", "offset");
  if (page.limit < 1 || page.limit > kMaxPageLimit) {
    return invalid_argument(fmt::format("must be an integer from 1 to {}", kMaxPageLimit), "limit");
  }
  return {};
}

// Names for ids: a member's (also a former member's), a body's; the id itself when
// neither is known, as a page would rather show an id than nothing.
inline std::string member_name(const RegistryView& r, std::string_view id) {
  if (auto m = r.member(id)) return m->name;
  if (auto f = r.former_member(id)) return f->member.name;
  return std::string(id);
}
inline std::string body_name(const RegistryView& r, std::string_view id) {
  auto b = r.body(id);
  return b ? b->name : std::string(id);
}

inline BodySummary body_summary(const Body& b) {
  return {b.id, b.name, std::string(to_string(b.kind)), b.seats};
}

// The bodies of `ids`, as lists show them; an id no longer known is left out.
inline std::vector<BodySummary> body_summaries(const RegistryView& r,
                                               const std::vector<std::string>& ids) {
  std::vector<BodySummary> out;
  for (const auto& id : ids) {
    if (auto b = r.body(id)) out.push_back(body_summary(*b));
  }
  return out;
}

}  // namespace collegium::federation::reads
