#include "federation/read_home.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "federation/read_common.h"
#include "federation/read_execution.h"
#include "federation/read_motions.h"
#include "federation/read_recall.h"
#include "federation/read_rounds.h"
#include "federation/rules.h"

namespace collegium::federation {

namespace {

constexpr int64_t kYearSeconds = 365 * 86400;

// The bodies whose electorate `member` is in, as list_polls' member filter finds them.
Result<std::vector<std::string>> electing_bodies(Federation& fed, std::string_view member) {
  auto q = TRY(fed.store().db().prepare(R"sql(
        SELECT b.id FROM bodies b
        WHERE (b.constituency_kind = 'shop' AND b.constituency_ref =
                 (SELECT shop FROM members WHERE id = ?1)) OR
              (b.constituency_kind = 'workplace' AND b.constituency_ref =
                 (SELECT workplace FROM members WHERE id = ?1)) OR
              EXISTS (SELECT 1 FROM body_electors e JOIN mandates m ON m.body = e.elector
                      WHERE e.body = b.id AND m.member = ?1 AND m.ended = '')
        ORDER BY b.seq)sql"));
  q.bind(1, member);
  return reads::first_column(q);
}

// The first `n` characters of `text` (code points, as the rules count them), with an
// ellipsis when there were more.
std::string first_chars(const std::string& text, size_t n) {
  if (rules::char_count(text) <= n) return text;
  size_t chars = 0, i = 0;
  for (; i < text.size(); ++i) {
    bool starts = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts && chars++ == n - 1) break;
  }
  return text.substr(0, i) + "…";
}

// Soonest first; what nothing closes goes last, in the order it was found.
void by_date(std::vector<HomeItem>& items) {
  std::stable_sort(items.begin(), items.end(), [](const HomeItem& a, const HomeItem& b) {
    if (a.until.empty() != b.until.empty()) return b.until.empty();
    return a.until < b.until;
  });
}

}  // namespace

Result<HomeView> read_home(Federation& fed, std::string_view member, std::string_view now) {
  const RegistryView& r = fed.registry();
  auto me = r.member(member);
  if (!me) return not_found(fmt::format("no member {}", member), "id");
  HomeView v;
  v.member = me->id;
  v.name = me->name;
  v.workplace = me->workplace;
  if (auto w = r.workplace(me->workplace)) v.workplace_name = w->name;

  // Seats: the bodies they decide in, and the reports back those seats owe.
  std::set<std::string> seat_bodies;
  bool committee_seat = false;  // a workplace committee's or a union body's: may amend a round
  for (const auto& m : r.member_mandates(member)) {
    v.seats.push_back(TRY(mandate_with_report_due(fed, m)));
    seat_bodies.insert(m.body);
    if (auto b = r.body(m.body)) {
      committee_seat |= b->kind == BodyKind::kWorkplaceCommittee || b->kind == BodyKind::kUnion;
    }
  }
  v.electing = reads::body_summaries(r, TRY(electing_bodies(fed, member)));

  // Elections and recall votes in which they are electors.
  PollFilter pf;
  pf.state = "open";
  pf.member = std::string(member);
  for (const auto& p : TRY(list_polls(fed, pf, {0, kMaxPageLimit})).polls) {
    HomeItem item{"", p.id, p.body_name, p.body, p.body_name};
    if (p.state == "nominating") {
      item.kind = "nominate";
      item.until = p.nominations_close;
    } else {
      // Once voting opens its electorate is fixed: a member admitted since does not vote.
      auto poll = r.poll(p.id);
      auto body = r.body(p.body);
      if (!poll || !body || !r.poll_weight(p.id, *body, member) || r.has_voted(p.id, member)) {
        continue;
      }
      item.kind = p.kind == "recall" ? "vote_recall" : "vote_election";
      item.until = p.voting_close;
    }
    v.open.push_back(std::move(item));
  }

  // Recall petitions they may sign: against a mandate of a body they elect.
  for (const auto& rc : TRY(list_recalls(fed, {"petition", ""})).recalls) {
    if (!rc.official || rc.official->member == member) continue;
    auto body = r.body(rc.official->body);
    if (!body || !r.elector_weight(*body, member) || r.has_signed(rc.id, member)) continue;
    HomeItem item{"sign_petition", rc.id, rc.official->member_name, body->id, body->name};
    item.have = rc.signatures;
    item.need = rc.threshold;
    v.open.push_back(std::move(item));
  }

  // Motions before the bodies they sit on that they have not voted on.
  for (const auto& body : seat_bodies) {
    for (const auto& m : TRY(list_motions(fed, {body, "open"})).motions) {
      if (r.has_voted_motion(m.id, member)) continue;
      HomeItem item{"vote_motion", m.id, m.text, m.body, m.body_name, m.closes};
      // The title is the start of the motion's text; the motion's page has the rest.
      item.title = first_chars(item.title, 120);
      v.open.push_back(std::move(item));
    }
  }

  // A planning round in its amendment phase (for the committees that may amend it) or in
  // its vote (for every member, once).
  for (const auto& round : TRY(list_rounds(fed, now)).rounds) {
    if (round.phase == "amendment" && committee_seat) {
      v.open.push_back({"amend_round", round.id, round.period, round.body, round.body_name,
                        round.amendment_until});
    } else if (round.phase == "voting" && !r.has_voted_round(round.id, round.vote, member)) {
      v.open.push_back(
          {"vote_round", round.id, round.period, round.body, round.body_name, round.vote_until});
    }
  }

  // Signals before the bodies they sit on, still waiting for them.
  for (const auto& body : seat_bodies) {
    SignalFilter sf;
    sf.body = body;
    sf.state = "open";
    for (const auto& s : TRY(list_signals(fed, sf, {0, kMaxPageLimit}, now)).signals) {
      HomeItem item{"signal", s.id, s.workplace_name, s.body, s.body_name};
      item.until = s.state == "raised" ? s.acknowledge_by : s.decide_by;
      item.overdue = s.overdue;
      item.have = s.period;
      v.open.push_back(std::move(item));
    }
  }

  // Due: reports back, by the date each running mandate's is due.
  for (const auto& seat : v.seats) {
    if (!seat.report_due) continue;
    HomeItem item{"report_back", seat.id,        seat.body_name,
                  seat.body,     seat.body_name, *seat.report_due};
    item.overdue = seat.report_overdue.value_or(false);
    v.due.push_back(std::move(item));
  }

  // Manual labour (A11), while they hold office: the constitution's days a year against
  // the days confirmed over the last year, by the end of their first term to end (when
  // standing again asks for them).
  const Constitution c = r.constitution();
  if (!v.seats.empty() && c.manual_labour_days > 0) {
    std::string year_ago = rules::plus_seconds(now, -kYearSeconds);
    int64_t days = r.labour_days_since(member, year_ago.substr(0, 10));
    if (days < c.manual_labour_days) {
      std::string until;
      for (const auto& seat : v.seats) {
        if (until.empty() || seat.ends < until) until = seat.ends;
      }
      HomeItem item{"labour", std::string(member), v.name, "", "", until};
      item.have = days;
      item.need = c.manual_labour_days;
      v.due.push_back(std::move(item));
    }
  }

  // The workplace's report for the period whose window is open, for those who file it: a
  // seat holder of its committee, or a member the committee named.
  if (r.plan_in_execution()) {
    auto committee = r.workplace_committee(me->workplace);
    bool files =
        (committee && seat_bodies.count(committee->id)) || r.is_reporter(me->workplace, member);
    if (files) {
      auto f = read_workplace_fulfilment(fed, me->workplace, now);
      if (!f.ok() && f.status().code() != Code::kNotFound) return f.status();
      if (f.ok() && f->plan) {
        for (const auto& p : f->periods) {
          if (p.state != "due") continue;
          // The window closes when the next period ends.
          HomeItem item{"workplace_report",
                        me->workplace,
                        v.workplace_name,
                        "",
                        "",
                        rules::plus_seconds(p.end, f->plan->period_seconds)};
          item.have = p.period;
          v.due.push_back(std::move(item));
        }
      }
    }
  }

  by_date(v.open);
  by_date(v.due);
  return v;
}

}  // namespace collegium::federation
