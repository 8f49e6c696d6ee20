#include "federation/read_appeals.h"

#include <fmt/format.h>

#include "federation/codec.h"
#include "federation/obligations.h"
#include "federation/read_common.h"

namespace collegium::federation {

using reads::body_name;
using reads::first_column;
using reads::member_name;

namespace {

AppealView appeal_view(const RegistryView& r, const Appeal& a) {
  AppealView v;
  v.id = a.id;
  v.decision = a.decision;
  v.kind = std::string(enum_name(a.kind));
  v.subject = a.subject;
  v.subject_name = a.subject;
  if (a.kind == Appeal::Kind::kAdmission) {
    if (auto app = r.application(a.subject)) v.subject_name = app->member.name;
  } else {
    v.subject_name = member_name(r, a.subject);
  }
  v.filed_by = a.filed_by;
  v.grounds = a.grounds;
  v.body = a.body;
  v.body_name = body_name(r, a.body);
  v.state = std::string(to_string(a.state));
  v.filed = a.filed;
  if (!a.heard_by.empty()) {
    v.heard_by = a.heard_by;
    v.heard_by_name = member_name(r, a.heard_by);
    v.minutes = a.minutes;
    v.motion = a.motion;
  }
  return v;
}

}  // namespace

Result<AppealList> list_appeals(Federation& fed, const AppealFilter& f) {
  auto q = TRY(fed.store().db().prepare(
      "SELECT id FROM appeals WHERE (?1 = '' OR (?1 = 'open' AND state IN ('filed', 'heard')) "
      "OR state = ?1) AND (?2 = '' OR body = ?2) ORDER BY seq DESC LIMIT 200"));
  q.bind(1, f.state).bind(2, f.body);
  AppealList out;
  for (const auto& id : TRY(first_column(q))) {
    if (auto a = fed.registry().appeal(id)) out.appeals.push_back(appeal_view(fed.registry(), *a));
  }
  return out;
}

Result<AppealView> read_appeal(Federation& fed, std::string_view id, std::string_view viewer) {
  const RegistryView& r = fed.registry();
  auto a = r.appeal(id);
  if (!a) return not_found(fmt::format("no appeal {}", id), "id");
  AppealView v = appeal_view(r, *a);
  if (auto m = r.motion(a->decision)) v.decision_motion = motion_view(r, *m);
  if (auto m = r.motion(a->motion)) v.hearing_motion = motion_view(r, *m);
  if (!viewer.empty()) {
    // Seat holders of the hearing body record the hearing (hear_appeal).
    bool sits = false;
    for (const auto& m : r.member_mandates(viewer)) sits |= m.body == a->body;
    v.you = AppealYou{sits && a->state == Appeal::State::kFiled};
  }
  return v;
}

Result<AdverseDecisionList> list_adverse_decisions(Federation& fed,
                                                   const AdverseDecisionFilter& f) {
  const RegistryView& r = fed.registry();
  auto q = TRY(fed.store().db().prepare(R"sql(
        SELECT motion, 'admission', id, member_id, body, decided, seq FROM applications
          WHERE state = 'refused' AND (?1 = '' OR member_id = ?1)
        UNION ALL
        SELECT motion, 'removal', id, id, body, removed, seq FROM former_members
          WHERE ?1 = '' OR id = ?1
        ORDER BY 7 DESC LIMIT 200)sql"));
  q.bind(1, f.member);
  AdverseDecisionList out;
  std::string now = fed.store().now();
  while (TRY(q.step())) {
    AdverseDecision d;
    d.decision = q.column_text(0);
    d.kind = q.column_text(1);
    d.subject = q.column_text(2);
    d.person = q.column_text(3);
    d.body = q.column_text(4);
    d.decided = q.column_text(5);
    d.name = d.person;
    if (d.kind == "admission") {
      if (auto app = r.application(d.subject)) d.name = app->member.name;
    } else {
      d.name = member_name(r, d.person);
    }
    d.body_name = body_name(r, d.body);
    d.appeal_until = appeal_until(r.constitution(), d.decided);
    d.open = now <= d.appeal_until;
    if (auto m = r.motion(d.decision)) d.text = m->text;
    if (auto a = r.appeal_of(d.decision)) d.appeal = appeal_view(r, *a);
    // An appeal already filed names the body hearing it; one still to file goes where
    // file_appeal would send it now.
    d.hearing_body = d.appeal ? d.appeal->body : appeal_body(r, d.body);
    if (!d.hearing_body.empty()) {
      d.hearing_body_name = body_name(r, d.hearing_body);
      d.hearing_holders = static_cast<int64_t>(r.body_mandates(d.hearing_body).size());
    }
    out.decisions.push_back(std::move(d));
  }
  return out;
}

Result<ApplicationList> list_applications(Federation& fed, const ApplicationFilter& f) {
  const RegistryView& r = fed.registry();
  auto q = TRY(fed.store().db().prepare(
      "SELECT id FROM applications WHERE ?1 = '' OR state = ?1 ORDER BY seq DESC LIMIT 200"));
  q.bind(1, f.state);
  ApplicationList out;
  for (const auto& id : TRY(first_column(q))) {
    auto a = r.application(id);
    if (!a) continue;
    out.applications.push_back({a->id, to_json(a->member), std::string(to_string(a->state)),
                                a->body, body_name(r, a->body), a->motion, a->decided});
  }
  return out;
}

}  // namespace collegium::federation
