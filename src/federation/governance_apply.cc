// How the registry's events change its tables: one small function per event type, each
// given the payload read through the event's struct (events.h), so that a key the payload
// lacks, or of the wrong type, is an error naming the event and the key.
#include <fmt/format.h>

#include "federation/codec.h"
#include "federation/deliberation_projection.h"
#include "federation/economy_projection.h"
#include "federation/events.h"
#include "federation/execution_projection.h"
#include "federation/projection.h"
#include "federation/restore.h"
#include "federation/round_projection.h"

namespace collegium::federation {

namespace {

// What an apply function is given besides its event: the statements, the box, and the
// record's own fields of the event (its seq and time).
struct Apply {
  StatementCache& q;
  BallotBox& box;
  const record::Event& e;
  int64_t seq() const { return static_cast<int64_t>(e.seq); }
};

template <class T>
std::string dump(const T& v) {
  return Json(v).dump();
}

// ---- the registry ----

Status apply(Apply& a, const RegionCreated& ev) {
  return a.q("INSERT INTO regions(id, name, seq) VALUES(?, ?, ?)")
      .bind(1, ev.region.id)
      .bind(2, ev.region.name)
      .bind(3, a.seq())
      .run();
}

Status apply(Apply& a, const BranchCreated& ev) {
  return a.q("INSERT INTO branches(id, name, seq) VALUES(?, ?, ?)")
      .bind(1, ev.branch.id)
      .bind(2, ev.branch.name)
      .bind(3, a.seq())
      .run();
}

Status apply(Apply& a, const WorkplaceCreated& ev) {
  const Workplace& w = ev.workplace;
  return a.q("INSERT INTO workplaces(id, name, region, branch, seq) VALUES(?, ?, ?, ?, ?)")
      .bind(1, w.id)
      .bind(2, w.name)
      .bind(3, w.region)
      .bind(4, w.branch)
      .bind(5, a.seq())
      .run();
}

Status apply(Apply& a, const ShopCreated& ev) {
  const Shop& s = ev.shop;
  return a.q("INSERT INTO shops(id, workplace, name, seq) VALUES(?, ?, ?, ?)")
      .bind(1, s.id)
      .bind(2, s.workplace)
      .bind(3, s.name)
      .bind(4, a.seq())
      .run();
}

Status apply(Apply& a, const MemberAdmitted& ev) {
  const Member& m = ev.member;
  return a
      .q("INSERT INTO members(id, name, category, workplace, shop, joined, seq) "
         "VALUES(?, ?, ?, ?, ?, ?, ?)")
      .bind(1, m.id)
      .bind(2, m.name)
      .bind(3, to_string(m.category))
      .bind(4, m.workplace)
      .bind(5, m.shop)
      .bind(6, m.joined)
      .bind(7, a.seq())
      .run();
}

Status apply(Apply& a, const BodyDeclared& ev) {
  const Body& b = ev.body;
  TRY(a.q("INSERT INTO bodies(id, name, kind, constituency_kind, constituency_ref, seats, "
          "term_months, region, branch, seq) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(1, b.id)
          .bind(2, b.name)
          .bind(3, to_string(b.kind))
          .bind(4, to_string(b.constituency.kind))
          .bind(5, b.constituency.ref)
          .bind(6, int64_t{b.seats})
          .bind(7, int64_t{b.term_months})
          .bind(8, b.region)
          .bind(9, b.branch)
          .bind(10, a.seq())
          .run());
  for (const auto& elector : b.constituency.bodies) {
    TRY(a.q("INSERT INTO body_electors(body, elector) VALUES(?, ?)")
            .bind(1, b.id)
            .bind(2, elector)
            .run());
  }
  return {};
}

// ---- governance ----

Status set_constitution(Apply& a, const Json& constitution) {
  return a.q("INSERT OR REPLACE INTO constitution(id, json, seq) VALUES(1, ?, ?)")
      .bind(1, constitution.dump())
      .bind(2, a.seq())
      .run();
}
Status apply(Apply& a, const ConstitutionFounded& ev) {
  return set_constitution(a, ev.constitution);
}
Status apply(Apply& a, const ConstitutionAmended& ev) {
  return set_constitution(a, ev.constitution);
}

// The delegates and their weights when a poll's voting opened, if its body has them.
Status delegates(Apply& a, const std::string& poll,
                 const std::optional<std::map<std::string, int64_t>>& listed) {
  if (!listed) return {};
  for (const auto& [member, weight] : *listed) {
    TRY(a.q("INSERT INTO poll_electors(poll, member, weight) VALUES(?, ?, ?)")
            .bind(1, poll)
            .bind(2, member)
            .bind(3, weight)
            .run());
  }
  return {};
}

Status apply(Apply& a, const PollCalled& ev) {
  bool recall = ev.kind == "recall";
  TRY(a.q("INSERT INTO polls(id, kind, state, body, seats, method, reason, called_by, "
          "nominations_close, voting_close, mandate, recall, replaces, electorate, voters, result, "
          "called, closed, seq, opened_seq) "
          "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, '', ?, ?)")
          .bind(1, ev.id)
          .bind(2, ev.kind)
          .bind(3, recall ? "voting" : "nominating")
          .bind(4, ev.body)
          .bind(5, ev.seats)
          .bind(6, ev.method)
          .bind(7, ev.reason)
          .bind(8, ev.called_by)
          .bind(9, ev.nominations_close.value_or(""))
          .bind(10, ev.voting_close)
          .bind(11, ev.mandate.value_or(""))
          .bind(12, ev.recall.value_or(""))
          .bind(13, dump(ev.replaces.value_or(std::vector<std::string>{})))
          .bind(14, ev.electorate.value_or(0))
          .bind(15, a.e.time)
          .bind(16, a.seq())
          .bind(17, recall ? a.seq() : int64_t{0})  // a recall vote opens as it is called
          .run());
  TRY(delegates(a, ev.id, ev.delegates));
  if (recall) {
    TRY(a.q("UPDATE recalls SET state = 'voting', poll = ? WHERE id = ?")
            .bind(1, ev.id)
            .bind(2, ev.recall.value_or(""))
            .run());
  }
  return {};
}

Status apply(Apply& a, const PollNominated& ev) {
  // A member who declined or withdrew may put themselves forward again: the row is theirs.
  return a
      .q("INSERT INTO candidates(poll, member, nominated_by, by_union, statement, seq, state) "
         "VALUES(?, ?, ?, ?, '', ?, ?) ON CONFLICT(poll, member) DO UPDATE SET "
         "nominated_by = excluded.nominated_by, by_union = excluded.by_union, "
         "seq = excluded.seq, state = excluded.state")
      .bind(1, ev.poll)
      .bind(2, ev.member)
      .bind(3, ev.nominated_by)
      .bind(4, int64_t{ev.by_union.value_or(false)})
      .bind(5, a.seq())
      .bind(6, ev.pending.value_or(false) ? "nominated" : "standing")
      .run();
}

Status candidate_state(Apply& a, const std::string& poll, const std::string& member,
                       const char* state) {
  return a.q("UPDATE candidates SET state = ? WHERE poll = ? AND member = ?")
      .bind(1, state)
      .bind(2, poll)
      .bind(3, member)
      .run();
}
Status apply(Apply& a, const NominationAccepted& ev) {
  return candidate_state(a, ev.poll, ev.member, "standing");
}
Status apply(Apply& a, const NominationDeclined& ev) {
  return candidate_state(a, ev.poll, ev.member, "declined");
}
Status apply(Apply& a, const CandidacyWithdrawn& ev) {
  return candidate_state(a, ev.poll, ev.member, "withdrawn");
}

Status apply(Apply& a, const PollStatement& ev) {
  return a.q("UPDATE candidates SET statement = ? WHERE poll = ? AND member = ?")
      .bind(1, ev.text)
      .bind(2, ev.poll)
      .bind(3, ev.member)
      .run();
}

Status apply(Apply& a, const PollExtended& ev) {
  return a.q("UPDATE polls SET nominations_close = ?, voting_close = ?, note = ? WHERE id = ?")
      .bind(1, ev.nominations_close)
      .bind(2, ev.voting_close)
      .bind(3, "nominations extended: " + ev.reason)
      .bind(4, ev.poll)
      .run();
}

Status apply(Apply& a, const PollVotingOpened& ev) {
  TRY(a.q("UPDATE polls SET state = 'voting', electorate = ?, voting_close = ?, opened_seq = ? "
          "WHERE id = ?")
          .bind(1, ev.electorate)
          .bind(2, ev.voting_close)
          .bind(3, a.seq())
          .bind(4, ev.poll)
          .run());
  return delegates(a, ev.poll, ev.delegates);
}

Status apply(Apply& a, const BallotCast& ev) {
  TRY(a.q("INSERT INTO poll_voters(poll, member) VALUES(?, ?)")
          .bind(1, ev.poll)
          .bind(2, ev.member)
          .run());
  if (ev.ranking) {  // a delegate's open ballot
    TRY(a.q("INSERT INTO open_ballots(poll, member, weight, ranking) VALUES(?, ?, ?, ?)")
            .bind(1, ev.poll)
            .bind(2, ev.member)
            .bind(3, ev.weight.value_or(0))
            .bind(4, dump(*ev.ranking))
            .run());
  }
  return a.q("UPDATE polls SET voters = voters + 1 WHERE id = ?").bind(1, ev.poll).run();
}

Status apply(Apply& a, const PollClosed& ev) {
  // The result is the payload as the count wrote it, less the ballots, kept apart.
  Json result = a.e.payload;
  result.erase("ballots");
  store::Statement& u =
      a.q("UPDATE polls SET state = 'closed', result = ?, ballots = ?, closed = ? WHERE id = ?");
  u.bind(1, result.dump());
  if (ev.ballots) {
    u.bind(2, *ev.ballots);
  } else {
    u.bind_null(2);
  }
  TRY(u.bind(3, a.e.time).bind(4, ev.poll).run());
  // The ballots are in the record now; the box gives them up.
  return a.box.discard(a.q, ev.poll);
}

Status apply(Apply& a, const PollVotingRestarted& ev) {
  // A restored backup held none of this poll's ballots (restore.h): nobody has voted.
  // The box itself is left alone: it was empty in the backup, and what it holds now was
  // cast after the restart (rebuild() replays this event after those ballots went in).
  TRY(a.q("DELETE FROM poll_voters WHERE poll = ?").bind(1, ev.poll).run());
  return a.q("UPDATE polls SET voters = 0, voting_close = ?, note = ? WHERE id = ?")
      .bind(1, ev.voting_close)
      .bind(2, "voting restarted: " + ev.reason)
      .bind(3, ev.poll)
      .run();
}

Status apply(Apply& a, const MandateStarted& ev) {
  return a
      .q("INSERT INTO mandates(id, body, member, origin, source, consenting_body, protected, "
         "started, ends, ended, end_reason, ended_by, seq) "
         "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', ?)")
      .bind(1, ev.id)
      .bind(2, ev.body)
      .bind(3, ev.member)
      .bind(4, enum_name(ev.origin))
      .bind(5, ev.source)
      .bind(6, ev.consenting_body.value_or(""))
      .bind(7, int64_t{ev.protected_.value_or(false)})
      .bind(8, ev.started)
      .bind(9, ev.ends)
      .bind(10, a.seq())
      .run();
}

Status apply(Apply& a, const MandateEnded& ev) {
  return a.q("UPDATE mandates SET ended = ?, end_reason = ?, ended_by = ? WHERE id = ?")
      .bind(1, a.e.time)
      .bind(2, ev.reason)
      .bind(3, ev.by.value_or(""))
      .bind(4, ev.mandate)
      .run();
}

Status apply(Apply& a, const RecallOpened& ev) {
  return a
      .q("INSERT INTO recalls(id, mandate, opened_by, reason, state, threshold, electorate, "
         "signatures, poll, seq) VALUES(?, ?, ?, ?, 'petition', ?, ?, 0, '', ?)")
      .bind(1, ev.id)
      .bind(2, ev.mandate)
      .bind(3, ev.opened_by)
      .bind(4, ev.reason)
      .bind(5, ev.threshold)
      .bind(6, ev.electorate)
      .bind(7, a.seq())
      .run();
}

Status apply(Apply& a, const RecallSigned& ev) {
  TRY(a.q("INSERT INTO recall_signatures(recall, member) VALUES(?, ?)")
          .bind(1, ev.recall)
          .bind(2, ev.member)
          .run());
  return a.q("UPDATE recalls SET signatures = signatures + 1 WHERE id = ?")
      .bind(1, ev.recall)
      .run();
}

Status apply(Apply& a, const RecallDecided& ev) {
  return a.q("UPDATE recalls SET state = ? WHERE id = ?")
      .bind(1, ev.passed ? "passed" : "failed")
      .bind(2, ev.recall)
      .run();
}

Status apply(Apply& a, const MotionProposed& ev) {
  return a
      .q("INSERT INTO motions(id, kind, state, body, proposed_by, text, closes, payload, yes, "
         "no, abstain, result, seq) VALUES(?, ?, 'open', ?, ?, ?, ?, ?, 0, 0, 0, '', ?)")
      .bind(1, ev.id)
      .bind(2, ev.kind)
      .bind(3, ev.body)
      .bind(4, ev.proposed_by)
      .bind(5, ev.text)
      .bind(6, ev.closes)
      .bind(7, ev.payload.dump())
      .bind(8, a.seq())
      .run();
}

Status apply(Apply& a, const MotionVoted& ev) {
  TRY(a.q("INSERT INTO motion_votes(motion, member, choice, seq) VALUES(?, ?, ?, ?)")
          .bind(1, ev.motion)
          .bind(2, ev.member)
          .bind(3, enum_name(ev.choice))
          .bind(4, a.seq())
          .run());
  const char* sql =
      ev.choice == MotionChoice::kYes  ? "UPDATE motions SET yes = yes + 1 WHERE id = ?"
      : ev.choice == MotionChoice::kNo ? "UPDATE motions SET no = no + 1 WHERE id = ?"
                                       : "UPDATE motions SET abstain = abstain + 1 WHERE id = ?";
  return a.q(sql).bind(1, ev.motion).run();
}

Status apply(Apply& a, const MotionClosed& ev) {
  return a.q("UPDATE motions SET state = ?, result = ? WHERE id = ?")
      .bind(1, ev.carried ? "carried" : "lost")
      .bind(2, a.e.payload.dump())
      .bind(3, ev.motion)
      .run();
}

Status apply(Apply& a, const LabourLogged& ev) {
  return a
      .q("INSERT INTO labour(id, member, shop, start, days, note, confirmed_by, seq) "
         "VALUES(?, ?, ?, ?, ?, ?, '', ?)")
      .bind(1, ev.id)
      .bind(2, ev.member)
      .bind(3, ev.shop)
      .bind(4, ev.start)
      .bind(5, ev.days)
      .bind(6, ev.note)
      .bind(7, a.seq())
      .run();
}

Status apply(Apply& a, const LabourConfirmed& ev) {
  return a.q("UPDATE labour SET confirmed_by = ? WHERE id = ?")
      .bind(1, ev.member)
      .bind(2, ev.entry)
      .run();
}

Status apply(Apply& a, const ReportPublished& ev) {
  return a
      .q("INSERT INTO reports(id, mandate, member, body, text, time, seq) "
         "VALUES(?, ?, ?, ?, ?, ?, ?)")
      .bind(1, ev.id)
      .bind(2, ev.mandate)
      .bind(3, ev.member)
      .bind(4, ev.body)
      .bind(5, ev.text)
      .bind(6, a.e.time)
      .bind(7, a.seq())
      .run();
}

Status apply(Apply& a, const PayRecorded& ev) {
  if (ev.member.has_value() == ev.body.has_value()) {
    return corrupt("a pay.recorded event names one of member and body", "/payload/member");
  }
  bool member = ev.member.has_value();
  return a
      .q("INSERT OR REPLACE INTO pay(kind, subject, monthly, benefits, seq) "
         "VALUES(?, ?, ?, ?, ?)")
      .bind(1, member ? "member" : "office")
      .bind(2, member ? *ev.member : *ev.body)
      .bind(3, ev.monthly)
      .bind(4, ev.benefits)
      .bind(5, a.seq())
      .run();
}

Status apply(Apply& a, const AdmissionApplied& ev) {
  auto id = ev.member.is_object() ? ev.member.find("id") : ev.member.end();
  if (id == ev.member.end() || !id->is_string()) {
    return corrupt("the applicant has no id", "/payload/member/id");
  }
  return a
      .q("INSERT INTO applications(id, member, member_id, state, body, motion, applied, "
         "decided, seq) VALUES(?, ?, ?, 'pending', ?, ?, ?, '', ?)")
      .bind(1, ev.id)
      .bind(2, ev.member.dump())
      .bind(3, id->get_ref<const std::string&>())
      .bind(4, ev.body)
      .bind(5, ev.motion)
      .bind(6, a.e.time)
      .bind(7, a.seq())
      .run();
}

Status apply(Apply& a, const AdmissionDecided& ev) {
  return a.q("UPDATE applications SET state = ?, decided = ? WHERE id = ?")
      .bind(1, ev.admitted ? "admitted" : "refused")
      .bind(2, a.e.time)
      .bind(3, ev.application)
      .run();
}

Status apply(Apply& a, const MemberRemoved& ev) {
  TRY(a.q("INSERT OR REPLACE INTO former_members(id, name, category, workplace, shop, joined, "
          "motion, body, removed, reason, seq) SELECT id, name, category, workplace, shop, "
          "joined, ?, ?, ?, ?, ? FROM members WHERE id = ?")
          .bind(1, ev.motion)
          .bind(2, ev.body)
          .bind(3, a.e.time)
          .bind(4, ev.reason)
          .bind(5, a.seq())
          .bind(6, ev.member)
          .run());
  return a.q("DELETE FROM members WHERE id = ?").bind(1, ev.member).run();
}

Status apply(Apply& a, const MemberReinstated& ev) {
  TRY(a.q("INSERT INTO members(id, name, category, workplace, shop, joined, seq) "
          "SELECT id, name, category, workplace, shop, joined, ? FROM former_members WHERE id = ?")
          .bind(1, a.seq())
          .bind(2, ev.member)
          .run());
  return a.q("DELETE FROM former_members WHERE id = ?").bind(1, ev.member).run();
}

Status apply(Apply& a, const AppealFiled& ev) {
  return a
      .q("INSERT INTO appeals(id, decision, kind, subject, filed_by, grounds, body, state, "
         "filed, heard_by, minutes, heard, motion, decided, seq) "
         "VALUES(?, ?, ?, ?, ?, ?, ?, 'filed', ?, '', '', '', '', '', ?)")
      .bind(1, ev.id)
      .bind(2, ev.decision)
      .bind(3, enum_name(ev.kind))
      .bind(4, ev.subject)
      .bind(5, ev.filed_by)
      .bind(6, ev.grounds)
      .bind(7, ev.body)
      .bind(8, a.e.time)
      .bind(9, a.seq())
      .run();
}

Status apply(Apply& a, const AppealHeard& ev) {
  return a
      .q("UPDATE appeals SET state = 'heard', heard_by = ?, minutes = ?, heard = ?, "
         "motion = ? WHERE id = ?")
      .bind(1, ev.by)
      .bind(2, ev.minutes)
      .bind(3, a.e.time)
      .bind(4, ev.motion)
      .bind(5, ev.appeal)
      .run();
}

Status apply(Apply& a, const AppealDecided& ev) {
  return a.q("UPDATE appeals SET state = ?, decided = ? WHERE id = ?")
      .bind(1, ev.upheld ? "upheld" : "dismissed")
      .bind(2, a.e.time)
      .bind(3, ev.appeal)
      .run();
}

// ---- the economy (economy_projection.cc) ----

Status apply(Apply& a, const EconomyImported& ev) {
  return apply_economy_imported(a.q, a.e, ev);
}

Status apply(Apply& a, const WorkplaceProductionSet& ev) {
  return apply_workplace_production_set(a.q, a.e, ev);
}

// ---- planning rounds (round_projection.cc) ----

Status apply(Apply& a, const RoundCalled& ev) {
  return apply_round_called(a.q, a.e, ev);
}
Status apply(Apply& a, const RoundComputed& ev) {
  return apply_round_computed(a.q, a.e, ev);
}
Status apply(Apply& a, const RoundAmended& ev) {
  return apply_round_amended(a.q, a.e, ev);
}
Status apply(Apply& a, const RoundBallotCast& ev) {
  return apply_round_ballot_cast(a.q, ev);
}
Status apply(Apply& a, const RoundClosed& ev) {
  return apply_round_closed(a.q, a.box, a.e, ev);
}
Status apply(Apply& a, const RoundAdopted& ev) {
  TRY(apply_round_adopted(a.q, a.e, ev));
  return apply_plan_adopted(a.q, a.e, ev);
}
Status apply(Apply& a, const RoundVotingRestarted& ev) {
  // As poll.voting_restarted: the box is left alone, what it holds was cast after.
  TRY(a.q("DELETE FROM round_voters WHERE round = ? AND vote = ?")
          .bind(1, ev.round)
          .bind(2, ev.vote)
          .run());
  return a.q("UPDATE rounds SET vote_until = ?, voters = 0 WHERE id = ?")
      .bind(1, ev.vote_until)
      .bind(2, ev.round)
      .run();
}

// ---- carrying out the plan (execution_projection.cc) ----

Status apply(Apply& a, const ReportersNamed& ev) {
  return apply_reporters_named(a.q, ev);
}
Status apply(Apply& a, const ReportFiled& ev) {
  return apply_report_filed(a.q, a.e, ev);
}
Status apply(Apply& a, const ReportConfirmed& ev) {
  return apply_report_confirmed(a.q, a.e, ev);
}
Status apply(Apply& a, const SignalRaised& ev) {
  return apply_signal_raised(a.q, a.e, ev);
}
Status apply(Apply& a, const SignalWorsened& ev) {
  return apply_signal_worsened(a.q, a.e, ev);
}
Status apply(Apply& a, const SignalAcknowledged& ev) {
  return apply_signal_acknowledged(a.q, a.e, ev);
}
Status apply(Apply& a, const SignalResolved& ev) {
  return apply_signal_resolved(a.q, a.e, ev);
}
Status apply(Apply& a, const SignalEscalated& ev) {
  return apply_signal_escalated(a.q, a.e, ev);
}
Status apply(Apply& a, const TargetRevised& ev) {
  return apply_target_revised(a.q, a.e, ev);
}

// ---- deliberation (deliberation_projection.cc) ----

Status apply(Apply& a, const MeetingScheduled& ev) {
  return apply_meeting_scheduled(a.q, a.e, ev);
}
Status apply(Apply& a, const FloorRequested& ev) {
  return apply_floor_requested(a.q, a.e, ev);
}
Status apply(Apply& a, const FloorGiven& ev) {
  return apply_floor_given(a.q, a.e, ev);
}
Status apply(Apply& a, const MinutesWritten& ev) {
  return apply_minutes_written(a.q, a.e, ev);
}
Status apply(Apply& a, const MinutesConfirmed& ev) {
  return apply_minutes_confirmed(a.q, ev);
}
Status apply(Apply& a, const ItemClosed& ev) {
  return apply_item_closed(a.q, a.e, ev);
}
Status apply(Apply& a, const ItemPublished& ev) {
  return apply_item_published(a.q, a.e, ev);
}
Status apply(Apply& a, const PlatformFormed& ev) {
  return apply_platform_formed(a.q, a.e, ev);
}
Status apply(Apply& a, const PlatformSupported& ev) {
  return apply_platform_supported(a.q, a.e, ev);
}
Status apply(Apply& a, const PlatformRecognised& ev) {
  return apply_platform_recognised(a.q, a.e, ev);
}

// Reads the payload through the struct whose kName is `type`; nullopt for a type that is
// not the registry's.
std::optional<Result<RegistryEvent>> read_event(std::string_view type, const Json& payload) {
  return read_registry_event(type, payload, "/payload");
}

}  // namespace

Status apply_registry_event(StatementCache& q, BallotBox& box, const record::Event& e) {
  auto ev = read_event(e.type, e.payload);
  if (!ev) return {};  // another module's event
  const std::string where = fmt::format("event {}", e.seq);
  if (!ev->ok()) {
    // decide() wrote it and the chain verified it, so a payload that does not read is a
    // record this version does not understand: say which event and which key.
    return corrupt(fmt::format("a {} event does not read: {}", e.type, ev->status().message()),
                   ev->status().where())
        .within(where);
  }
  Apply a{q, box, e};
  return std::visit([&](const auto& x) { return apply(a, x); }, **ev).within(where);
}

}  // namespace collegium::federation
