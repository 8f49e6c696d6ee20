#include "federation/read_elections.h"

#include <fmt/format.h>

#include <algorithm>

#include "federation/obligations.h"
#include "federation/read_common.h"

namespace collegium::federation {

using reads::body_name;
using reads::check_page;
using reads::first_column;
using reads::member_name;

MandateView mandate_view(const RegistryView& r, const Mandate& m) {
  MandateView v;
  v.id = m.id;
  v.body = m.body;
  v.body_name = body_name(r, m.body);
  v.member = m.member;
  v.member_name = member_name(r, m.member);
  v.origin = std::string(enum_name(m.origin));
  v.source = m.source;
  v.protected_ = m.protected_;
  v.started = m.started;
  v.ends = m.ends;
  if (!m.consenting_body.empty()) {
    v.consenting_body = m.consenting_body;
    v.consenting_body_name = body_name(r, m.consenting_body);
  }
  if (!m.ended.empty()) {
    v.ended = m.ended;
    v.end_reason = m.end_reason;
  }
  return v;
}

Result<MandateView> mandate_with_report_due(Federation& fed, const Mandate& m) {
  MandateView v = mandate_view(fed.registry(), m);
  if (!m.ended.empty()) return v;
  auto q = TRY(fed.store().db().prepare("SELECT MAX(time) FROM reports WHERE mandate = ?"));
  q.bind(1, m.id);
  std::string last;
  if (TRY(q.step()) && !q.column_is_null(0)) last = q.column_text(0);
  v.report_due = report_due(fed.registry().constitution(), m.started, last);
  v.report_overdue = *v.report_due < fed.store().now();
  return v;
}

Result<MandateList> list_mandates(Federation& fed, const MandateFilter& f) {
  auto q = TRY(fed.store().db().prepare(
      "SELECT id FROM mandates WHERE (?1 = '' OR body = ?1) AND (?2 = '' OR member = ?2) "
      "AND (?3 = 0 OR ended = '') AND (?4 = '' OR origin = ?4) ORDER BY seq DESC LIMIT 1000"));
  q.bind(1, f.body).bind(2, f.member).bind(3, int64_t{f.running}).bind(4, f.origin);
  MandateList out;
  for (const auto& id : TRY(first_column(q))) {
    auto m = fed.registry().mandate(id);
    if (!m) continue;
    MandateView v = TRY(mandate_with_report_due(fed, *m));
    if (f.overdue && !v.report_overdue.value_or(false)) continue;
    out.mandates.push_back(std::move(v));
  }
  return out;
}

Result<PollList> list_polls(Federation& fed, const PollFilter& f, const Page& page) {
  if (!f.state.empty() && f.state != "open" && f.state != "nominating" && f.state != "voting" &&
      f.state != "closed") {
    return invalid_argument("state is open, nominating, voting or closed", "state");
  }
  TRY(check_page(page));
  // member: the polls in which that member is an elector: their shop's and workplace's
  // bodies, and those elected by bodies they sit on.
  auto q = TRY(fed.store().db().prepare(R"sql(
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
        ORDER BY p.seq DESC LIMIT ?4 OFFSET ?5)sql"));
  q.bind(1, f.body).bind(2, f.state).bind(3, f.member).bind(4, page.limit).bind(5, page.offset);
  PollList out{{}, page.offset, page.limit};
  while (TRY(q.step())) {
    PollSummary p;
    p.id = q.column_text(0);
    p.kind = q.column_text(1);
    p.state = q.column_text(2);
    p.body = q.column_text(3);
    p.body_name = body_name(fed.registry(), p.body);
    p.seats = q.column_int(4);
    p.reason = q.column_text(5);
    p.nominations_close = q.column_text(6);
    p.voting_close = q.column_text(7);
    p.voters = q.column_int(8);
    p.electorate = q.column_int(9);
    p.candidates = q.column_int(10);
    p.called = q.column_text(11);
    p.mandate = q.column_text(12);
    out.polls.push_back(std::move(p));
  }
  return out;
}

Result<PollDetail> read_poll(Federation& fed, std::string_view id, std::string_view viewer) {
  const RegistryView& r = fed.registry();
  auto p = r.poll(id);
  if (!p) return not_found(fmt::format("no poll {}", id), "id");
  auto q = TRY(fed.store().db().prepare(
      "SELECT voters, electorate, result, called, closed, ballots IS NOT NULL, note FROM polls "
      "WHERE id = ?"));
  q.bind(1, p->id);
  if (!TRY(q.step())) return internal_error(fmt::format("poll {} vanished", p->id));
  PollDetail d;
  d.id = p->id;
  d.kind = std::string(to_string(p->kind));
  d.state = std::string(to_string(p->state));
  d.body = p->body;
  d.body_name = body_name(r, p->body);
  d.seats = p->seats;
  d.method = p->method;
  d.reason = p->reason;
  d.called_by = p->called_by;
  d.called = q.column_text(3);
  d.nominations_close = p->nominations_close;
  d.voting_close = p->voting_close;
  d.voters = q.column_int(0);
  d.electorate = q.column_int(1);
  d.closed = q.column_text(4);
  d.note = q.column_text(6);
  if (p->state == Poll::State::kClosed) {
    // A poll closed without a count (none is stored) shows a null result; a stored result
    // that does not parse is damage to report, not to hide.
    std::string_view stored = q.column_text(2);
    if (stored.empty()) {
      d.result = Json();
    } else {
      auto result = parse_json(stored, fmt::format("the result of {}", p->id));
      if (!result.ok()) return internal_error(result.status().to_string());
      d.result = std::move(*result);
    }
    if (d.result->is_object() && d.result->contains("recount_command")) {
      d.recount_command = (*d.result)["recount_command"];
    }
    // Whom a recall's count-back seated, by name as well as by id.
    if (d.result->is_object()) {
      auto cb = d.result->find("count_back");
      if (cb != d.result->end() && cb->is_object() && cb->contains("member") &&
          (*cb)["member"].is_string()) {
        (*cb)["member_name"] = reads::member_name(r, (*cb)["member"].get<std::string>());
      }
    }
  }
  if (q.column_int(5) != 0) d.ballots_url = fmt::format("/api/polls/{}/ballots", p->id);
  auto b = r.body(p->body);
  if (b) d.open_vote = open_vote(*b);
  if (!p->mandate.empty()) {
    if (auto m = r.mandate(p->mandate)) d.mandate = mandate_view(r, *m);
    if (auto rc = r.recall(p->recall)) {
      d.recall = RecallRef{rc->id, rc->reason, rc->opened_by, member_name(r, rc->opened_by)};
    }
  }
  for (const auto& c : r.candidates(p->id)) {
    auto m = r.member(c.member);
    CandidateView v{
        c.member,
        m ? m->name : c.member,
        c.nominated_by,
        c.by_union,
        c.statement,
        {},
        c.by_union ? reads::body_name(r, c.nominated_by) : reads::member_name(r, c.nominated_by)};
    if (m) v.category = std::string(to_string(m->category));
    d.candidates.push_back(std::move(v));
  }
  d.replaces = p->replaces;
  if (!viewer.empty()) {
    int64_t weight = 0;
    // Once voting has opened, the electorate is the one fixed then (A1); before, as it is.
    if (b && p->state == Poll::State::kNominating) {
      weight = r.elector_weight(*b, viewer).value_or(0);
    } else if (b) {
      weight = r.poll_weight(p->id, *b, viewer).value_or(0);
    }
    d.you = PollYou{weight > 0, weight, r.has_voted(p->id, viewer),
                    std::any_of(d.candidates.begin(), d.candidates.end(),
                                [&](const CandidateView& c) { return c.member == viewer; })};
  }
  return d;
}

Result<Nominations> read_nominations(Federation& fed, std::string_view poll) {
  const RegistryView& r = fed.registry();
  auto p = r.poll(poll);
  if (!p) return not_found(fmt::format("no poll {}", poll), "id");
  Nominations out{p->id, std::string(to_string(p->state)), {}};
  for (const auto& n : r.nominations(p->id)) {
    auto m = r.member(n.member);
    // Whoever nominated: a member, or for a union's nominee the union body (A7).
    std::string by = n.nominated_by;
    if (auto who = n.by_union ? std::nullopt : r.member(n.nominated_by)) by = who->name;
    if (auto body = n.by_union ? r.body(n.nominated_by) : std::nullopt) by = body->name;
    out.nominations.push_back({n.member, m ? m->name : n.member, n.nominated_by, by, n.by_union,
                               std::string(to_string(n.state))});
  }
  return out;
}

}  // namespace collegium::federation
