// The API's governance routes: the constitution, polls (elections and recall votes) with
// their published ballots and count sheets, mandates, officials, recall petitions,
// motions, and membership decisions with their appeals (A12). Everything here is public to members by default (B1); ballots are not, until
// the poll closes (invariant 3). Commands go through POST /api/commands (routes.cc).
#include <fmt/format.h>
#include <httplib.h>

#include "base/util.h"
#include "federation/codec.h"
#include "server/server.h"

namespace collegium::server {

namespace fed = collegium::federation;

namespace {

std::string param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

// The first column of every row of `q`: the ids a list route then looks up one by one.
Result<std::vector<std::string>> first_column(store::Statement& q) {
  std::vector<std::string> out;
  while (TRY(q.step())) out.emplace_back(q.column_text(0));
  return out;
}

Json parse_or_null(std::string_view text) {
  auto j = parse_json(text);
  return j.ok() ? *j : Json();
}

}  // namespace

struct GovernanceHandlers {
  Server& s;

  store::Sqlite& db() { return s.federation().store().db(); }
  const fed::RegistryView& registry() { return s.federation().registry(); }

  std::string member_name(std::string_view id) {
    if (auto m = registry().member(id)) return m->name;
    if (auto f = registry().former_member(id)) return f->member.name;
    return std::string(id);
  }
  std::string body_name(std::string_view id) {
    auto b = registry().body(id);
    return b ? b->name : std::string(id);
  }

  Json mandate_json(const fed::Mandate& m) {
    Json j = {{"id", m.id},
              {"body", m.body},
              {"body_name", body_name(m.body)},
              {"member", m.member},
              {"member_name", member_name(m.member)},
              {"origin", enum_name(m.origin)},
              {"source", m.source},
              {"protected", m.protected_},
              {"started", m.started},
              {"ends", m.ends}};
    if (!m.consenting_body.empty()) {
      j["consenting_body"] = m.consenting_body;
      j["consenting_body_name"] = body_name(m.consenting_body);
    }
    if (!m.ended.empty()) {
      j["ended"] = m.ended;
      j["end_reason"] = m.end_reason;
    }
    return j;
  }

  // When `m`'s next report back to its electors is due: the constitution's period after
  // the last report, or after the mandate began.
  std::string report_due(const fed::Mandate& m) {
    auto q = db().prepare("SELECT MAX(time) FROM reports WHERE mandate = ?");
    std::string last = m.started;
    if (q.ok()) {
      q->bind(1, m.id);
      if (auto row = q->step(); row.ok() && *row && !q->column_is_null(0)) last = q->column_text(0);
    }
    auto ms = utc_to_unix_ms(last);
    int64_t period = registry().constitution().report_back_seconds;
    return unix_ms_to_utc((ms.ok() ? *ms : 0) + period * 1000);
  }

  Json with_report_due(const fed::Mandate& m) {
    Json j = mandate_json(m);
    if (m.ended.empty()) {
      std::string due = report_due(m);
      j["report_due"] = due;
      j["report_overdue"] = due < s.federation().store().now();
    }
    return j;
  }

  // The pay of an office beside the median pay of its electorate (B8), when recorded.
  Json office_pay(const fed::Body& b) {
    auto q = db().prepare("SELECT monthly, benefits FROM pay WHERE kind = 'office' AND subject = ?");
    if (!q.ok()) return nullptr;
    q->bind(1, b.id);
    auto row = q->step();
    if (!row.ok() || !*row) return nullptr;
    Json j = {{"monthly", q->column_int(0)}, {"benefits", q->column_text(1)}};
    auto pays = db().prepare(R"sql(
        WITH RECURSIVE down(b) AS (
          SELECT ?1 UNION SELECT e.elector FROM body_electors e JOIN down ON e.body = down.b)
        SELECT p.monthly FROM pay p JOIN members mb ON mb.id = p.subject
        WHERE p.kind = 'member' AND EXISTS (
          SELECT 1 FROM down JOIN bodies x ON x.id = down.b
          WHERE (x.constituency_kind = 'shop' AND x.constituency_ref = mb.shop)
             OR (x.constituency_kind = 'workplace' AND x.constituency_ref = mb.workplace))
        ORDER BY p.monthly)sql");
    if (!pays.ok()) return j;
    pays->bind(1, b.id);
    std::vector<int64_t> v;
    while (true) {
      auto r = pays->step();
      if (!r.ok() || !*r) break;
      v.push_back(pays->column_int(0));
    }
    if (!v.empty()) {
      double median = v.size() % 2 ? static_cast<double>(v[v.size() / 2])
                                   : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2.0;
      j["electorate_median"] = median;
      j["electorate_with_pay"] = v.size();
      if (median > 0) j["differential"] = static_cast<double>(q->column_int(0)) / median;
    }
    return j;
  }

  Reply body_pay(Context& c) {
    auto b = registry().body(c.params[0]);
    if (!b) return problem(404, "not_found", fmt::format("no body {}", c.params[0]), "id");
    return Reply{200, {{"body", b->id}, {"pay", office_pay(*b)}}};
  }

  Reply constitution(Context&) {
    return Reply{200,
                 {{"constitution", fed::to_json(registry().constitution())},
                  {"founded", registry().constitution_founded()}}};
  }

  // Polls ---------------------------------------------------------------------------------

  Json poll_summary(const store::Statement& q) {
    Json j = {{"id", q.column_text(0)},
              {"kind", q.column_text(1)},
              {"state", q.column_text(2)},
              {"body", q.column_text(3)},
              {"body_name", body_name(q.column_text(3))},
              {"seats", q.column_int(4)},
              {"reason", q.column_text(5)},
              {"nominations_close", q.column_text(6)},
              {"voting_close", q.column_text(7)},
              {"voters", q.column_int(8)},
              {"electorate", q.column_int(9)},
              {"candidates", q.column_int(10)},
              {"called", q.column_text(11)}};
    if (!q.column_text(12).empty()) j["mandate"] = q.column_text(12);
    return j;
  }

  Reply polls(Context& c) {
    std::string body = param(c.request, "body"), state = param(c.request, "state");
    std::string member = param(c.request, "member");
    if (!state.empty() && state != "open" && state != "nominating" && state != "voting" &&
        state != "closed") {
      return problem(400, "invalid_argument", "state is open, nominating, voting or closed",
                     "state");
    }
    // member=: the polls in which that member is an elector: their shop's and workplace's
    // bodies, and those elected by bodies they sit on.
    auto q = db().prepare(R"sql(
        SELECT p.id, p.kind, p.state, p.body, p.seats, p.reason, p.nominations_close,
               p.voting_close, p.voters, p.electorate,
               (SELECT COUNT(*) FROM candidates c WHERE c.poll = p.id AND c.state = 'standing'),
               p.called, p.mandate
        FROM polls p JOIN bodies b ON b.id = p.body
        WHERE (?1 = '' OR p.body = ?1)
          AND (?2 = '' OR (?2 = 'open' AND p.state != 'closed') OR p.state = ?2)
          AND (?3 = '' OR
               (b.constituency_kind = 'shop' AND b.constituency_ref =
                  (SELECT shop FROM members WHERE id = ?3)) OR
               (b.constituency_kind = 'workplace' AND b.constituency_ref =
                  (SELECT workplace FROM members WHERE id = ?3)) OR
               EXISTS (SELECT 1 FROM body_electors e JOIN mandates m ON m.body = e.elector
                       WHERE e.body = b.id AND m.member = ?3 AND m.ended = ''))
        ORDER BY p.seq DESC LIMIT ?4 OFFSET ?5)sql");
    if (!q.ok()) return problem(q.status());
    auto limit = query_int(c.request, "limit", 100, 1, 1000);
    if (!limit.ok()) return problem(limit.status());
    auto offset = query_int(c.request, "offset", 0, 0, INT64_MAX);
    if (!offset.ok()) return problem(offset.status());
    q->bind(1, body).bind(2, state).bind(3, member).bind(4, *limit).bind(5, *offset);
    Json out = Json::array();
    while (true) {
      auto row = q->step();
      if (!row.ok()) return problem(row.status());
      if (!*row) break;
      out.push_back(poll_summary(*q));
    }
    return Reply{200, {{"polls", out}, {"offset", *offset}, {"limit", *limit}}};
  }

  Reply poll(Context& c) {
    auto p = registry().poll(c.params[0]);
    if (!p) return problem(404, "not_found", fmt::format("no poll {}", c.params[0]), "id");
    auto q = db().prepare(
        "SELECT voters, electorate, result, called, closed, ballots IS NOT NULL, note FROM polls "
        "WHERE id = ?");
    if (!q.ok()) return problem(q.status());
    q->bind(1, p->id);
    if (auto row = q->step(); !row.ok() || !*row) return problem(internal_error("poll vanished"));
    Json j = {{"id", p->id},
              {"kind", fed::to_string(p->kind)},
              {"state", fed::to_string(p->state)},
              {"body", p->body},
              {"body_name", body_name(p->body)},
              {"seats", p->seats},
              {"method", p->method},
              {"reason", p->reason},
              {"called_by", p->called_by},
              {"called", q->column_text(3)},
              {"nominations_close", p->nominations_close},
              {"voting_close", p->voting_close},
              {"voters", q->column_int(0)},
              {"electorate", q->column_int(1)}};
    if (!q->column_text(4).empty()) j["closed"] = q->column_text(4);
    if (!q->column_text(6).empty()) j["note"] = q->column_text(6);
    if (p->state == fed::Poll::State::kClosed) {
      j["result"] = parse_or_null(q->column_text(2));
      // The command that repeats the count on the ballots saved as POLL.blt (invariant 7).
      if (j["result"].is_object() && j["result"].contains("recount_command"))
        j["recount_command"] = j["result"]["recount_command"];
    }
    if (q->column_int(5) != 0) j["ballots_url"] = fmt::format("/api/polls/{}/ballots", p->id);
    if (auto b = registry().body(p->body)) j["open_vote"] = fed::open_vote(*b);
    if (!p->mandate.empty()) {
      if (auto m = registry().mandate(p->mandate)) j["mandate"] = mandate_json(*m);
      if (auto r = registry().recall(p->recall)) {
        j["recall"] = {{"id", r->id}, {"reason", r->reason}, {"opened_by", r->opened_by}};
      }
    }
    Json cands = Json::array();
    for (const auto& cand : registry().candidates(p->id)) {
      auto m = registry().member(cand.member);
      Json cj = {{"member", cand.member},
                 {"name", m ? m->name : cand.member},
                 {"nominated_by", cand.nominated_by},
                 {"by_union", cand.by_union},
                 {"statement", cand.statement}};
      if (m) cj["category"] = fed::to_string(m->category);
      cands.push_back(std::move(cj));
    }
    j["candidates"] = cands;
    if (!p->replaces.empty()) j["replaces"] = p->replaces;
    if (c.session && !c.is_operator()) {
      auto b = registry().body(p->body);
      int64_t weight = 0;
      // Once voting has opened, the electorate is the one fixed then (A1); before, as it is.
      if (b && p->state == fed::Poll::State::kNominating) {
        weight = registry().elector_weight(*b, c.session->subject).value_or(0);
      } else if (b) {
        weight = registry().poll_weight(p->id, *b, c.session->subject).value_or(0);
      }
      j["you"] = {{"elector", weight > 0},
                  {"weight", weight},
                  {"voted", registry().has_voted(p->id, c.session->subject)},
                  {"candidate", std::any_of(cands.begin(), cands.end(), [&](const Json& x) {
                     return x["member"] == c.session->subject;
                   })}};
    }
    return Reply{200, j};
  }

  // Every nomination of an election, with its state: those waiting for the nominee's
  // answer, standing, declined or withdrawn. The poll itself lists the standing ones.
  Reply poll_nominations(Context& c) {
    auto p = registry().poll(c.params[0]);
    if (!p) return problem(404, "not_found", fmt::format("no poll {}", c.params[0]), "id");
    Json out = Json::array();
    for (const auto& n : registry().nominations(p->id)) {
      auto m = registry().member(n.member);
      // Whoever nominated: a member, or for a union's nominee the union body (A7).
      std::string by = n.nominated_by;
      if (auto who = n.by_union ? std::nullopt : registry().member(n.nominated_by)) by = who->name;
      if (auto body = n.by_union ? registry().body(n.nominated_by) : std::nullopt) by = body->name;
      out.push_back({{"member", n.member},
                     {"name", m ? m->name : n.member},
                     {"nominated_by", n.nominated_by},
                     {"nominated_by_name", by},
                     {"by_union", n.by_union},
                     {"state", fed::to_string(n.state)}});
    }
    return Reply{200, {{"poll", p->id}, {"state", fed::to_string(p->state)}, {"nominations", out}}};
  }

  Reply poll_ballots(Context& c) {
    auto blt = registry().published_ballots(c.params[0]);
    if (!blt) {
      return problem(404, "not_found",
                     fmt::format("poll {} has no published ballots: they are published when an "
                                 "election closes",
                                 c.params[0]),
                     "id");
    }
    Reply r;
    r.text = *blt;
    r.content_type = "text/plain; charset=utf-8";
    r.headers.push_back(
        {"Content-Disposition", fmt::format("attachment; filename=\"{}.blt\"", c.params[0])});
    return r;
  }

  // Mandates and officials -------------------------------------------------------------------

  Reply mandates(Context& c) {
    std::string body = param(c.request, "body"), member = param(c.request, "member");
    std::string origin = param(c.request, "origin");
    bool running = param(c.request, "running") != "0";
    bool overdue = param(c.request, "overdue") == "1";
    auto q = db().prepare(
        "SELECT id FROM mandates WHERE (?1 = '' OR body = ?1) AND (?2 = '' OR member = ?2) "
        "AND (?3 = 0 OR ended = '') AND (?4 = '' OR origin = ?4) ORDER BY seq DESC LIMIT 1000");
    if (!q.ok()) return problem(q.status());
    q->bind(1, body).bind(2, member).bind(3, int64_t{running}).bind(4, origin);
    Json out = Json::array();
    auto ids = first_column(*q);
    if (!ids.ok()) return problem(ids.status());
    for (const auto& id : *ids) {
      auto m = registry().mandate(id);
      if (!m) continue;
      Json j = with_report_due(*m);
      if (overdue && !j.value("report_overdue", false)) continue;
      out.push_back(std::move(j));
    }
    return Reply{200, {{"mandates", out}}};
  }

  // An official's page (A6, A11, B1, B8): mandates and their origin, votes cast in bodies,
  // manual labour, recall petitions against them.
  Reply official(Context& c) {
    auto m = registry().member(c.params[0]);
    if (!m) return problem(404, "not_found", fmt::format("no member {}", c.params[0]), "id");
    Json j = {{"id", m->id},
              {"name", m->name},
              {"category", fed::to_string(m->category)},
              {"workplace", m->workplace}};
    Json mandates = Json::array();
    {
      auto q = db().prepare("SELECT id FROM mandates WHERE member = ? ORDER BY seq DESC");
      if (!q.ok()) return problem(q.status());
      q->bind(1, m->id);
      auto ids = first_column(*q);
      if (!ids.ok()) return problem(ids.status());
      for (const auto& id : *ids) {
        if (auto md = registry().mandate(id)) mandates.push_back(with_report_due(*md));
      }
    }
    j["mandates"] = mandates;
    Json reports = Json::array();
    {
      auto q = db().prepare(
          "SELECT id, mandate, body, text, time FROM reports WHERE member = ? ORDER BY seq DESC "
          "LIMIT 100");
      if (!q.ok()) return problem(q.status());
      q->bind(1, m->id);
      while (true) {
        auto row = q->step();
        if (!row.ok() || !*row) break;
        reports.push_back({{"id", q->column_text(0)}, {"mandate", q->column_text(1)},
                           {"body", q->column_text(2)}, {"body_name", body_name(q->column_text(2))},
                           {"text", q->column_text(3)}, {"time", q->column_text(4)}});
      }
    }
    j["reports"] = reports;
    Json votes = Json::array();
    {
      auto q = db().prepare(
          "SELECT v.motion, v.choice, mo.body, mo.text, mo.state FROM motion_votes v "
          "JOIN motions mo ON mo.id = v.motion WHERE v.member = ? ORDER BY v.seq DESC LIMIT 200");
      if (!q.ok()) return problem(q.status());
      q->bind(1, m->id);
      while (true) {
        auto row = q->step();
        if (!row.ok() || !*row) break;
        votes.push_back({{"motion", q->column_text(0)},
                         {"choice", q->column_text(1)},
                         {"body", q->column_text(2)},
                         {"body_name", body_name(q->column_text(2))},
                         {"text", q->column_text(3)},
                         {"state", q->column_text(4)}});
      }
    }
    j["votes"] = votes;
    Json labour = Json::array();
    int64_t confirmed = 0;
    {
      auto q = db().prepare(
          "SELECT id, shop, start, days, note, confirmed_by FROM labour WHERE member = ? "
          "ORDER BY start DESC");
      if (!q.ok()) return problem(q.status());
      q->bind(1, m->id);
      while (true) {
        auto row = q->step();
        if (!row.ok() || !*row) break;
        std::string by(q->column_text(5));
        if (!by.empty()) confirmed += q->column_int(3);
        labour.push_back({{"id", q->column_text(0)},
                          {"shop", q->column_text(1)},
                          {"start", q->column_text(2)},
                          {"days", q->column_int(3)},
                          {"note", q->column_text(4)},
                          {"confirmed_by", by}});
      }
    }
    j["labour"] = labour;
    j["labour_days_confirmed"] = confirmed;
    j["labour_days_a_year"] = registry().constitution().manual_labour_days;
    Json recalls = Json::array();
    {
      auto q = db().prepare(
          "SELECT r.id FROM recalls r JOIN mandates md ON md.id = r.mandate WHERE md.member = ? "
          "ORDER BY r.seq DESC");
      if (!q.ok()) return problem(q.status());
      q->bind(1, m->id);
      auto ids = first_column(*q);
      if (!ids.ok()) return problem(ids.status());
      for (const auto& id : *ids) {
        if (auto r = registry().recall(id)) recalls.push_back(recall_json(*r));
      }
    }
    j["recalls"] = recalls;
    return Reply{200, j};
  }

  // Recall petitions -------------------------------------------------------------------------

  Json recall_json(const fed::Recall& r) {
    Json j = {{"id", r.id},
              {"mandate", r.mandate},
              {"opened_by", r.opened_by},
              {"opened_by_name", member_name(r.opened_by)},
              {"reason", r.reason},
              {"state", fed::to_string(r.state)},
              {"threshold", r.threshold},
              {"signatures", r.signatures}};
    if (!r.poll.empty()) j["poll"] = r.poll;
    if (auto m = registry().mandate(r.mandate)) j["official"] = mandate_json(*m);
    return j;
  }

  Reply recalls(Context& c) {
    std::string state = param(c.request, "state"), body = param(c.request, "body");
    auto q = db().prepare(
        "SELECT r.id FROM recalls r JOIN mandates m ON m.id = r.mandate "
        "WHERE (?1 = '' OR (?1 = 'open' AND r.state IN ('petition', 'voting')) OR r.state = ?1) "
        "AND (?2 = '' OR m.body = ?2) ORDER BY r.seq DESC LIMIT 200");
    if (!q.ok()) return problem(q.status());
    q->bind(1, state).bind(2, body);
    auto ids = first_column(*q);
    if (!ids.ok()) return problem(ids.status());
    Json out = Json::array();
    for (const auto& id : *ids) {
      if (auto r = registry().recall(id)) out.push_back(recall_json(*r));
    }
    return Reply{200, {{"recalls", out}}};
  }

  Reply recall(Context& c) {
    auto r = registry().recall(c.params[0]);
    if (!r)
      return problem(404, "not_found", fmt::format("no recall petition {}", c.params[0]), "id");
    Json j = recall_json(*r);
    if (c.session && !c.is_operator())
      j["you"] = {{"signed", registry().has_signed(r->id, c.session->subject)}};
    return Reply{200, j};
  }

  // Motions ------------------------------------------------------------------------------------

  Json motion_json(const fed::Motion& m) {
    return {{"id", m.id},
            {"kind", fed::to_string(m.kind)},
            {"state", fed::to_string(m.state)},
            {"body", m.body},
            {"body_name", body_name(m.body)},
            {"proposed_by", m.proposed_by},
            {"proposed_by_name", member_name(m.proposed_by)},
            {"text", m.text},
            {"closes", m.closes},
            {"payload", m.payload},
            {"yes", m.yes},
            {"no", m.no},
            {"abstain", m.abstain}};
  }

  Reply motions(Context& c) {
    std::string body = param(c.request, "body"), state = param(c.request, "state");
    auto q = db().prepare(
        "SELECT id FROM motions WHERE (?1 = '' OR body = ?1) AND (?2 = '' OR state = ?2) "
        "ORDER BY seq DESC LIMIT 200");
    if (!q.ok()) return problem(q.status());
    q->bind(1, body).bind(2, state);
    auto ids = first_column(*q);
    if (!ids.ok()) return problem(ids.status());
    Json out = Json::array();
    for (const auto& id : *ids) {
      if (auto m = registry().motion(id)) out.push_back(motion_json(*m));
    }
    return Reply{200, {{"motions", out}}};
  }

  Reply motion(Context& c) {
    auto m = registry().motion(c.params[0]);
    if (!m) return problem(404, "not_found", fmt::format("no motion {}", c.params[0]), "id");
    Json j = motion_json(*m);
    Json votes = Json::array();
    auto q = db().prepare("SELECT member, choice FROM motion_votes WHERE motion = ? ORDER BY seq");
    if (!q.ok()) return problem(q.status());
    q->bind(1, m->id);
    while (true) {
      auto row = q->step();
      if (!row.ok() || !*row) break;
      votes.push_back({{"member", q->column_text(0)},
                       {"name", member_name(q->column_text(0))},
                       {"choice", q->column_text(1)}});
    }
    j["votes"] = votes;
    return Reply{200, j};
  }

  // Membership decisions and appeals (A12) -------------------------------------------------

  std::string appeal_until(std::string_view decided) {
    auto ms = utc_to_unix_ms(decided);
    return unix_ms_to_utc((ms.ok() ? *ms : 0) +
                          int64_t{registry().constitution().appeal_days} * 86'400'000);
  }

  Json appeal_json(const fed::Appeal& a) {
    std::string subject_name = a.subject;
    if (a.kind == fed::Appeal::Kind::kAdmission) {
      if (auto app = registry().application(a.subject)) subject_name = app->member.name;
    } else {
      subject_name = member_name(a.subject);
    }
    Json j = {{"id", a.id},
              {"decision", a.decision},
              {"kind", enum_name(a.kind)},
              {"subject", a.subject},
              {"subject_name", subject_name},
              {"filed_by", a.filed_by},
              {"grounds", a.grounds},
              {"body", a.body},
              {"body_name", body_name(a.body)},
              {"state", fed::to_string(a.state)},
              {"filed", a.filed}};
    if (!a.heard_by.empty()) {
      j["heard_by"] = a.heard_by;
      j["heard_by_name"] = member_name(a.heard_by);
      j["minutes"] = a.minutes;
      j["motion"] = a.motion;
    }
    return j;
  }

  Reply appeals(Context& c) {
    std::string state = param(c.request, "state"), body = param(c.request, "body");
    auto q = db().prepare(
        "SELECT id FROM appeals WHERE (?1 = '' OR (?1 = 'open' AND state IN ('filed', 'heard')) "
        "OR state = ?1) AND (?2 = '' OR body = ?2) ORDER BY seq DESC LIMIT 200");
    if (!q.ok()) return problem(q.status());
    q->bind(1, state).bind(2, body);
    auto ids = first_column(*q);
    if (!ids.ok()) return problem(ids.status());
    Json out = Json::array();
    for (const auto& id : *ids) {
      if (auto a = registry().appeal(id)) out.push_back(appeal_json(*a));
    }
    return Reply{200, {{"appeals", out}}};
  }

  Reply appeal(Context& c) {
    auto a = registry().appeal(c.params[0]);
    if (!a) return problem(404, "not_found", fmt::format("no appeal {}", c.params[0]), "id");
    Json j = appeal_json(*a);
    if (auto m = registry().motion(a->decision)) j["decision_motion"] = motion_json(*m);
    if (auto m = registry().motion(a->motion)) j["hearing_motion"] = motion_json(*m);
    if (c.session && !c.is_operator()) {
      // Seat holders of the hearing body record the hearing (hear_appeal).
      bool sits = false;
      for (const auto& m : registry().member_mandates(c.session->subject)) sits |= m.body == a->body;
      j["you"] = {{"hear", sits && a->state == fed::Appeal::State::kFiled}};
    }
    return Reply{200, j};
  }

  // Refused applications and removals, newest first: what can be appealed, until when, and
  // the appeal if one was filed. `member` narrows to one person (a removed member's own).
  Reply adverse_decisions(Context& c) {
    std::string member = param(c.request, "member");
    auto q = db().prepare(R"sql(
        SELECT motion, 'admission', id, member_id, body, decided, seq FROM applications
          WHERE state = 'refused' AND (?1 = '' OR member_id = ?1)
        UNION ALL
        SELECT motion, 'removal', id, id, body, removed, seq FROM former_members
          WHERE ?1 = '' OR id = ?1
        ORDER BY 7 DESC LIMIT 200)sql");
    if (!q.ok()) return problem(q.status());
    q->bind(1, member);
    Json out = Json::array();
    std::string now = s.federation().store().now();
    while (true) {
      auto row = q->step();
      if (!row.ok()) return problem(row.status());
      if (!*row) break;
      std::string motion(q->column_text(0)), kind(q->column_text(1)), subject(q->column_text(2)),
          person(q->column_text(3)), body(q->column_text(4)), decided(q->column_text(5));
      std::string name = person;
      if (kind == "admission") {
        if (auto app = registry().application(subject)) name = app->member.name;
      } else {
        name = member_name(person);
      }
      std::string until = appeal_until(decided);
      Json j = {{"decision", motion},  {"kind", kind},         {"subject", subject},
                {"person", person},    {"name", name},         {"body", body},
                {"body_name", body_name(body)}, {"decided", decided}, {"appeal_until", until},
                {"open", now <= until}};
      if (auto m = registry().motion(motion)) j["text"] = m->text;
      if (auto a = registry().appeal_of(motion)) j["appeal"] = appeal_json(*a);
      out.push_back(std::move(j));
    }
    return Reply{200, {{"decisions", out}}};
  }

  Reply applications(Context& c) {
    std::string state = param(c.request, "state");
    auto q = db().prepare(
        "SELECT id FROM applications WHERE ?1 = '' OR state = ?1 ORDER BY seq DESC LIMIT 200");
    if (!q.ok()) return problem(q.status());
    q->bind(1, state);
    auto ids = first_column(*q);
    if (!ids.ok()) return problem(ids.status());
    Json out = Json::array();
    for (const auto& id : *ids) {
      auto a = registry().application(id);
      if (!a) continue;
      out.push_back({{"id", a->id},
                     {"member", fed::to_json(a->member)},
                     {"state", fed::to_string(a->state)},
                     {"body", a->body},
                     {"body_name", body_name(a->body)},
                     {"motion", a->motion},
                     {"decided", a->decided}});
    }
    return Reply{200, {{"applications", out}}};
  }
};

void Server::add_governance_routes() {
  auto h = std::make_shared<GovernanceHandlers>(GovernanceHandlers{*this});
  auto bind = [h](Reply (GovernanceHandlers::*fn)(Context&)) {
    return [h, fn](Context& c) { return ((*h).*fn)(c); };
  };
  std::vector<Route> more = {
      {"GET",
       "/api/constitution",
       "The federation's rules as data (A13)",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::constitution)},
      {"GET",
       "/api/polls",
       "Elections and recall votes, newest first",
       Access::kPublic,
       false,
       {"body", "state", "member", "offset", "limit"},
       bind(&GovernanceHandlers::polls)},
      {"GET",
       "/api/polls/{id}",
       "A poll: candidates and statements; once closed, the result and the count sheet",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::poll)},
      {"GET",
       "/api/polls/{id}/nominations",
       "An election's nominations: waiting for the nominee's answer, standing, declined or "
       "withdrawn (accept_nomination, decline_nomination, withdraw_candidacy)",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::poll_nominations)},
      {"GET",
       "/api/polls/{id}/ballots",
       "The published ballots of a closed poll, as BLT, to recount with the poll's "
       "`recount_command`",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::poll_ballots)},
      {"GET",
       "/api/mandates",
       "Mandates: who holds which seat, from what origin, and when its report back is due",
       Access::kPublic,
       false,
       {"body", "member", "origin", "running", "overdue"},
       bind(&GovernanceHandlers::mandates)},
      {"GET",
       "/api/bodies/{id}/pay",
       "The pay and benefits of a body's offices beside its electorate's median pay (B8)",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::body_pay)},
      {"GET",
       "/api/officials/{id}",
       "An official: mandates, reports back, votes cast in bodies, manual labour, recall "
       "petitions",
       Access::kMember,
       false,
       {},
       bind(&GovernanceHandlers::official)},
      {"GET",
       "/api/recalls",
       "Recall petitions",
       Access::kMember,
       false,
       {"state", "body"},
       bind(&GovernanceHandlers::recalls)},
      {"GET",
       "/api/recalls/{id}",
       "A recall petition",
       Access::kMember,
       false,
       {},
       bind(&GovernanceHandlers::recall)},
      {"GET",
       "/api/motions",
       "Motions before bodies, newest first",
       Access::kMember,
       false,
       {"body", "state"},
       bind(&GovernanceHandlers::motions)},
      {"GET",
       "/api/motions/{id}",
       "A motion and the open votes on it",
       Access::kMember,
       false,
       {},
       bind(&GovernanceHandlers::motion)},
      {"GET",
       "/api/appeals",
       "Appeals against refused admissions and removals (A12), newest first",
       Access::kMember,
       false,
       {"state", "body"},
       bind(&GovernanceHandlers::appeals)},
      {"GET",
       "/api/appeals/{id}",
       "An appeal: its grounds, the decision appealed, the hearing and the vote",
       Access::kMember,
       false,
       {},
       bind(&GovernanceHandlers::appeal)},
      {"GET",
       "/api/adverse-decisions",
       "Refused admissions and removals, with the window to appeal each (A12)",
       Access::kMember,
       false,
       {"member"},
       bind(&GovernanceHandlers::adverse_decisions)},
      {"GET",
       "/api/applications",
       "Applications for membership and how the workplace's committee decided them",
       Access::kMember,
       false,
       {"state"},
       bind(&GovernanceHandlers::applications)},
  };
  for (auto& r : more) routes_.push_back(std::move(r));
}

}  // namespace collegium::server
