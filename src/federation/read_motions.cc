#include "federation/read_motions.h"

#include <fmt/format.h>

#include <algorithm>

#include "federation/read_common.h"

namespace collegium::federation {

MotionView motion_view(const RegistryView& r, const Motion& m) {
  MotionView v;
  v.id = m.id;
  v.kind = std::string(to_string(m.kind));
  v.state = std::string(to_string(m.state));
  v.body = m.body;
  v.body_name = reads::body_name(r, m.body);
  v.proposed_by = m.proposed_by;
  v.proposed_by_name = reads::member_name(r, m.proposed_by);
  v.text = m.text;
  v.closes = m.closes;
  v.payload = m.payload;
  v.yes = m.yes;
  v.no = m.no;
  v.abstain = m.abstain;
  return v;
}

std::optional<std::string> motion_reason(const Motion& m, const Json& closed,
                                         const Constitution& c) {
  if (m.state == Motion::State::kOpen || !closed.is_object()) return std::nullopt;
  auto number = [&](const char* key) -> std::optional<int64_t> {
    auto it = closed.find(key);
    if (it == closed.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int64_t>();
  };
  auto yes = number("yes"), no = number("no"), abstain = number("abstain");
  if (!yes || !no || !abstain) return std::nullopt;
  std::string tally = fmt::format("{} yes, {} no, {} abstaining", *yes, *no, *abstain);
  if (!closed.value("quorum", true)) {
    return fmt::format(
        "no quorum: more than half of the body's seat holders must vote, and {} did ({})",
        *yes + *no + *abstain, tally);
  }
  bool amendment = m.kind == Motion::Kind::kAmendment;
  const Share& share = c.amendment_majority;
  if (m.state == Motion::State::kLost) {
    if (amendment) {
      return fmt::format(
          "an amendment of the constitution needs {} in {} of the yes and no votes, at least {} "
          "of {} here ({})",
          share.numerator, share.denominator, std::max<int64_t>(1, share.of(*yes + *no)),
          *yes + *no, tally);
    }
    if (*yes == *no) {
      return fmt::format("a tie does not carry, as a motion needs more yes than no ({})", tally);
    }
    return fmt::format("more voted no than yes ({})", tally);
  }
  std::string why = amendment
                        ? fmt::format("at least {} in {} of the yes and no votes were yes ({})",
                                      share.numerator, share.denominator, tally)
                        : fmt::format("more voted yes than no ({})", tally);
  if (auto it = closed.find("not_applied"); it != closed.end() && it->is_string()) {
    why += fmt::format("; it was not applied: {}", it->get<std::string>());
  }
  return why;
}

namespace {

// The motion with its reason, from the motions row's stored motion.closed payload.
Result<MotionView> motion_with_reason(Federation& fed, const Motion& m, std::string_view result) {
  MotionView v = motion_view(fed.registry(), m);
  if (result.empty()) return v;
  auto closed = parse_json(result, fmt::format("the result of {}", m.id));
  if (!closed.ok()) return internal_error(closed.status().to_string());
  v.reason = motion_reason(m, *closed, fed.registry().constitution());
  return v;
}

}  // namespace

Result<MotionList> list_motions(Federation& fed, const MotionFilter& f) {
  auto q = TRY(fed.store().db().prepare(
      "SELECT id, result FROM motions WHERE (?1 = '' OR body = ?1) AND (?2 = '' OR state = ?2) "
      "ORDER BY seq DESC LIMIT 200"));
  q.bind(1, f.body).bind(2, f.state);
  std::vector<std::pair<std::string, std::string>> rows;  // id, result
  while (TRY(q.step())) rows.emplace_back(q.column_text(0), q.column_text(1));
  MotionList out;
  for (const auto& [id, result] : rows) {
    if (auto m = fed.registry().motion(id)) {
      out.motions.push_back(TRY(motion_with_reason(fed, *m, result)));
    }
  }
  return out;
}

Result<MotionView> read_motion(Federation& fed, std::string_view id) {
  auto m = fed.registry().motion(id);
  if (!m) return not_found(fmt::format("no motion {}", id), "id");
  auto result = TRY(fed.store().db().prepare("SELECT result FROM motions WHERE id = ?"));
  result.bind(1, m->id);
  std::string stored = TRY(result.step()) ? std::string(result.column_text(0)) : std::string();
  MotionView v = TRY(motion_with_reason(fed, *m, stored));
  auto q = TRY(fed.store().db().prepare(
      "SELECT member, choice FROM motion_votes WHERE motion = ? ORDER BY seq"));
  q.bind(1, m->id);
  v.votes.emplace();
  while (TRY(q.step())) {
    std::string member(q.column_text(0));
    v.votes->push_back(
        {member, reads::member_name(fed.registry(), member), std::string(q.column_text(1))});
  }
  return v;
}

}  // namespace collegium::federation
