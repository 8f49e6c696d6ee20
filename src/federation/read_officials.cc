#include "federation/read_officials.h"

#include <fmt/format.h>

#include "federation/obligations.h"
#include "federation/read_common.h"

namespace collegium::federation {

using reads::body_name;
using reads::first_column;

Result<OfficialView> read_official(Federation& fed, std::string_view id) {
  const RegistryView& r = fed.registry();
  auto& db = fed.store().db();
  auto m = r.member(id);
  if (!m) return not_found(fmt::format("no member {}", id), "id");
  OfficialView v;
  v.id = m->id;
  v.name = m->name;
  v.category = std::string(to_string(m->category));
  v.workplace = m->workplace;
  {
    auto q = TRY(db.prepare("SELECT id FROM mandates WHERE member = ? ORDER BY seq DESC"));
    q.bind(1, m->id);
    for (const auto& mid : TRY(first_column(q))) {
      if (auto md = r.mandate(mid)) v.mandates.push_back(TRY(mandate_with_report_due(fed, *md)));
    }
  }
  {
    auto q = TRY(db.prepare(
        "SELECT id, mandate, body, text, time FROM reports WHERE member = ? ORDER BY seq DESC "
        "LIMIT 100"));
    q.bind(1, m->id);
    while (TRY(q.step())) {
      std::string body(q.column_text(2));
      v.reports.push_back({std::string(q.column_text(0)), std::string(q.column_text(1)), body,
                           body_name(r, body), std::string(q.column_text(3)),
                           std::string(q.column_text(4))});
    }
  }
  {
    auto q = TRY(db.prepare(
        "SELECT v.motion, v.choice, mo.body, mo.text, mo.state FROM motion_votes v "
        "JOIN motions mo ON mo.id = v.motion WHERE v.member = ? ORDER BY v.seq DESC LIMIT 200"));
    q.bind(1, m->id);
    while (TRY(q.step())) {
      std::string body(q.column_text(2));
      v.votes.push_back({std::string(q.column_text(0)), std::string(q.column_text(1)), body,
                         body_name(r, body), std::string(q.column_text(3)),
                         std::string(q.column_text(4))});
    }
  }
  {
    auto q = TRY(
        db.prepare("SELECT id, shop, start, days, note, confirmed_by FROM labour WHERE member = ? "
                   "ORDER BY start DESC"));
    q.bind(1, m->id);
    while (TRY(q.step())) {
      LabourView l{std::string(q.column_text(0)),
                   std::string(q.column_text(1)),
                   std::string(q.column_text(2)),
                   q.column_int(3),
                   std::string(q.column_text(4)),
                   std::string(q.column_text(5)),
                   {}};
      if (!l.confirmed_by.empty()) {
        v.labour_days_confirmed += l.days;
        l.confirmed_by_name = reads::member_name(fed.registry(), l.confirmed_by);
      }
      v.labour.push_back(std::move(l));
    }
  }
  v.labour_days_a_year = r.constitution().manual_labour_days;
  {
    auto q = TRY(db.prepare(
        "SELECT r.id FROM recalls r JOIN mandates md ON md.id = r.mandate WHERE md.member = ? "
        "ORDER BY r.seq DESC"));
    q.bind(1, m->id);
    for (const auto& rid : TRY(first_column(q))) {
      if (auto rc = r.recall(rid)) v.recalls.push_back(recall_view(r, *rc));
    }
  }
  return v;
}

Result<BodyPay> read_body_pay(Federation& fed, std::string_view id) {
  auto b = fed.registry().body(id);
  if (!b) return not_found(fmt::format("no body {}", id), "id");
  auto& db = fed.store().db();
  BodyPay out{b->id, {}};
  auto q =
      TRY(db.prepare("SELECT monthly, benefits FROM pay WHERE kind = 'office' AND subject = ?"));
  q.bind(1, b->id);
  if (!TRY(q.step())) return out;
  OfficePay pay{q.column_int(0), std::string(q.column_text(1)), {}, {}, {}};
  // Those the office represents: the members of every workplace or shop constituency below
  // it, through the bodies that elect it.
  auto pays = TRY(db.prepare(R"sql(
        WITH RECURSIVE down(b) AS (
          SELECT ?1 UNION SELECT e.elector FROM body_electors e JOIN down ON e.body = down.b)
        SELECT p.monthly FROM pay p JOIN members mb ON mb.id = p.subject
        WHERE p.kind = 'member' AND EXISTS (
          SELECT 1 FROM down JOIN bodies x ON x.id = down.b
          WHERE (x.constituency_kind = 'shop' AND x.constituency_ref = mb.shop)
             OR (x.constituency_kind = 'workplace' AND x.constituency_ref = mb.workplace)))sql"));
  pays.bind(1, b->id);
  std::vector<int64_t> v;
  while (TRY(pays.step())) v.push_back(pays.column_int(0));
  if (auto d = pay_differential(pay.monthly, std::move(v))) {
    pay.electorate_median = d->electorate_median;
    pay.electorate_with_pay = d->electorate_with_pay;
    pay.differential = d->differential;
  }
  out.pay.value = std::move(pay);
  return out;
}

Result<BodyPayList> list_body_pay(Federation& fed) {
  auto q = TRY(fed.store().db().prepare(
      "SELECT p.subject FROM pay p JOIN bodies b ON b.id = p.subject WHERE p.kind = 'office' "
      "ORDER BY p.subject"));
  BodyPayList out;
  for (const auto& id : TRY(first_column(q))) out.bodies.push_back(TRY(read_body_pay(fed, id)));
  return out;
}

}  // namespace collegium::federation
