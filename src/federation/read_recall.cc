#include "federation/read_recall.h"

#include <fmt/format.h>

#include "federation/read_common.h"

namespace collegium::federation {

RecallView recall_view(const RegistryView& r, const Recall& rc) {
  RecallView v;
  v.id = rc.id;
  v.mandate = rc.mandate;
  v.opened_by = rc.opened_by;
  v.opened_by_name = reads::member_name(r, rc.opened_by);
  v.reason = rc.reason;
  v.state = std::string(to_string(rc.state));
  v.threshold = rc.threshold;
  v.signatures = rc.signatures;
  v.poll = rc.poll;
  if (auto m = r.mandate(rc.mandate)) v.official = mandate_view(r, *m);
  return v;
}

Result<RecallList> list_recalls(Federation& fed, const RecallFilter& f) {
  auto q = TRY(fed.store().db().prepare(
      "SELECT r.id FROM recalls r JOIN mandates m ON m.id = r.mandate "
      "WHERE (?1 = '' OR (?1 = 'open' AND r.state IN ('petition', 'voting')) OR r.state = ?1) "
      "AND (?2 = '' OR m.body = ?2) ORDER BY r.seq DESC LIMIT 200"));
  q.bind(1, f.state).bind(2, f.body);
  RecallList out;
  for (const auto& id : TRY(reads::first_column(q))) {
    if (auto rc = fed.registry().recall(id))
      out.recalls.push_back(recall_view(fed.registry(), *rc));
  }
  return out;
}

Result<RecallView> read_recall(Federation& fed, std::string_view id, std::string_view viewer) {
  auto rc = fed.registry().recall(id);
  if (!rc) return not_found(fmt::format("no recall petition {}", id), "id");
  RecallView v = recall_view(fed.registry(), *rc);
  if (!viewer.empty()) v.you = RecallYou{fed.registry().has_signed(rc->id, viewer)};
  return v;
}

}  // namespace collegium::federation
