#include "federation/read_motions.h"

#include <fmt/format.h>

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

Result<MotionList> list_motions(Federation& fed, const MotionFilter& f) {
  auto q = TRY(fed.store().db().prepare(
      "SELECT id FROM motions WHERE (?1 = '' OR body = ?1) AND (?2 = '' OR state = ?2) "
      "ORDER BY seq DESC LIMIT 200"));
  q.bind(1, f.body).bind(2, f.state);
  MotionList out;
  for (const auto& id : TRY(reads::first_column(q))) {
    if (auto m = fed.registry().motion(id)) out.motions.push_back(motion_view(fed.registry(), *m));
  }
  return out;
}

Result<MotionView> read_motion(Federation& fed, std::string_view id) {
  auto m = fed.registry().motion(id);
  if (!m) return not_found(fmt::format("no motion {}", id), "id");
  MotionView v = motion_view(fed.registry(), *m);
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
