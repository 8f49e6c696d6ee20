// Read models of elections: polls (elections and recall votes) with their candidates and
// results, nominations, and mandates with the date each official's report back is due.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "federation/federation.h"
#include "federation/reads.h"

namespace collegium::federation {

// A mandate: who holds which seat, from what origin; while it runs, when its holder's next
// report back is due (obligations.h) and whether that date has passed.
struct MandateView {
  std::string id, body, body_name, member, member_name;
  std::string origin;  // election, count_back, appointment
  std::string source;  // the poll or motion that gave it
  bool protected_ = false;
  std::string started, ends;
  std::optional<std::string> consenting_body, consenting_body_name;  // appointments (A5)
  std::optional<std::string> ended, end_reason;
  std::optional<std::string> report_due;
  std::optional<bool> report_overdue;
  bool operator==(const MandateView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &MandateView::id),
                      field("body", &MandateView::body),
                      field("body_name", &MandateView::body_name),
                      field("member", &MandateView::member),
                      field("member_name", &MandateView::member_name),
                      field("origin", &MandateView::origin),
                      field("source", &MandateView::source),
                      field("protected", &MandateView::protected_, Presence::kRequired,
                            "nominated by a union (A7): only the electorate can remove them"),
                      field("started", &MandateView::started),
                      field("ends", &MandateView::ends),
                      field("consenting_body", &MandateView::consenting_body),
                      field("consenting_body_name", &MandateView::consenting_body_name),
                      field("ended", &MandateView::ended),
                      field("end_reason", &MandateView::end_reason),
                      field("report_due", &MandateView::report_due),
                      field("report_overdue", &MandateView::report_overdue)};
  }
};
// For the other read models: a mandate as lists show it, and with its report back due.
MandateView mandate_view(const RegistryView& r, const Mandate& m);
Result<MandateView> mandate_with_report_due(Federation& fed, const Mandate& m);

struct MandateFilter {
  std::string body, member, origin;  // empty: any
  bool running = true;               // only those that have not ended
  bool overdue = false;              // only those whose report back is overdue
};
struct MandateList {
  std::vector<MandateView> mandates;  // newest first, at most 1000 before `overdue` applies
  bool operator==(const MandateList&) const = default;
  static constexpr auto fields() { return std::tuple{field("mandates", &MandateList::mandates)}; }
};
Result<MandateList> list_mandates(Federation& fed, const MandateFilter& filter);

struct PollSummary {
  std::string id, kind, state, body, body_name;
  int64_t seats = 0;
  std::string reason, nominations_close, voting_close;
  int64_t voters = 0, electorate = 0;
  int64_t candidates = 0;  // standing
  std::string called;
  std::string mandate;  // a recall vote's
  bool operator==(const PollSummary&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("id", &PollSummary::id),
        field("kind", &PollSummary::kind, Presence::kRequired, "election or recall"),
        field("state", &PollSummary::state, Presence::kRequired, "nominating, voting or closed"),
        field("body", &PollSummary::body),
        field("body_name", &PollSummary::body_name),
        field("seats", &PollSummary::seats),
        field("reason", &PollSummary::reason),
        field("nominations_close", &PollSummary::nominations_close),
        field("voting_close", &PollSummary::voting_close),
        field("voters", &PollSummary::voters),
        field("electorate", &PollSummary::electorate),
        field("candidates", &PollSummary::candidates),
        field("called", &PollSummary::called),
        field("mandate", &PollSummary::mandate, Presence::kOmitEmpty)};
  }
};
struct PollFilter {
  std::string body;
  std::string state;   // open (nominating or voting), nominating, voting, closed; empty: any
  std::string member;  // the polls in which this member is an elector
};
struct PollList {
  std::vector<PollSummary> polls;  // newest first
  int64_t offset = 0, limit = 0;
  bool operator==(const PollList&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("polls", &PollList::polls), field("offset", &PollList::offset),
                      field("limit", &PollList::limit)};
  }
};
// invalid_argument naming "state" for a state that does not exist.
Result<PollList> list_polls(Federation& fed, const PollFilter& filter, const Page& page);

struct CandidateView {
  std::string member, name, nominated_by;
  bool by_union = false;
  std::string statement;
  std::optional<std::string> category;
  // Who nominated them, by name (issue #15): a member's, or the union body's for a union's
  // nominee; the id where the registry knows neither.
  std::string nominated_by_name;
  bool operator==(const CandidateView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("member", &CandidateView::member),
                      field("name", &CandidateView::name),
                      field("nominated_by", &CandidateView::nominated_by),
                      field("by_union", &CandidateView::by_union),
                      field("statement", &CandidateView::statement),
                      field("category", &CandidateView::category),
                      field("nominated_by_name", &CandidateView::nominated_by_name)};
  }
};
struct RecallRef {
  std::string id, reason, opened_by, opened_by_name;
  bool operator==(const RecallRef&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &RecallRef::id), field("reason", &RecallRef::reason),
                      field("opened_by", &RecallRef::opened_by),
                      field("opened_by_name", &RecallRef::opened_by_name)};
  }
};
// Where the viewer stands in a poll.
struct PollYou {
  bool elector = false;
  int64_t weight = 0;  // the members a delegate carries; 1 for a member; 0 for none
  bool voted = false;
  bool candidate = false;
  bool operator==(const PollYou&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("elector", &PollYou::elector), field("weight", &PollYou::weight),
                      field("voted", &PollYou::voted), field("candidate", &PollYou::candidate)};
  }
};
struct PollDetail {
  std::string id, kind, state, body, body_name;
  int64_t seats = 0;
  std::string method, reason, called_by, called, nominations_close, voting_close;
  int64_t voters = 0, electorate = 0;
  std::string closed, note;
  std::optional<Json> result;           // once closed: the count and its sheet
  std::optional<Json> recount_command;  // the command that repeats the count (invariant 7)
  std::optional<std::string> ballots_url;
  std::optional<bool> open_vote;       // delegates' ballots are public
  std::optional<MandateView> mandate;  // a recall vote's
  std::optional<RecallRef> recall;
  std::vector<CandidateView> candidates;  // standing
  std::vector<std::string> replaces;      // mandates that end when the winners take office
  std::optional<PollYou> you;
  bool operator==(const PollDetail&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &PollDetail::id),
                      field("kind", &PollDetail::kind),
                      field("state", &PollDetail::state),
                      field("body", &PollDetail::body),
                      field("body_name", &PollDetail::body_name),
                      field("seats", &PollDetail::seats),
                      field("method", &PollDetail::method),
                      field("reason", &PollDetail::reason),
                      field("called_by", &PollDetail::called_by),
                      field("called", &PollDetail::called),
                      field("nominations_close", &PollDetail::nominations_close),
                      field("voting_close", &PollDetail::voting_close),
                      field("voters", &PollDetail::voters),
                      field("electorate", &PollDetail::electorate),
                      field("closed", &PollDetail::closed, Presence::kOmitEmpty),
                      field("note", &PollDetail::note, Presence::kOmitEmpty),
                      field("result", &PollDetail::result),
                      field("recount_command", &PollDetail::recount_command),
                      field("ballots_url", &PollDetail::ballots_url),
                      field("open_vote", &PollDetail::open_vote),
                      field("mandate", &PollDetail::mandate),
                      field("recall", &PollDetail::recall),
                      field("candidates", &PollDetail::candidates),
                      field("replaces", &PollDetail::replaces, Presence::kOmitEmpty),
                      field("you", &PollDetail::you)};
  }
};
// `viewer`: the member whose standing to add as `you`; empty for none (the public, the
// operator). not_found naming "id" when there is no such poll.
Result<PollDetail> read_poll(Federation& fed, std::string_view id, std::string_view viewer);

struct NominationView {
  std::string member, name, nominated_by;
  std::string nominated_by_name;  // a member's name, or the union body's (A7)
  bool by_union = false;
  std::string state;  // nominated, standing, declined, withdrawn
  bool operator==(const NominationView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("member", &NominationView::member),
                      field("name", &NominationView::name),
                      field("nominated_by", &NominationView::nominated_by),
                      field("nominated_by_name", &NominationView::nominated_by_name),
                      field("by_union", &NominationView::by_union),
                      field("state", &NominationView::state)};
  }
};
struct Nominations {
  std::string poll, state;
  std::vector<NominationView> nominations;
  bool operator==(const Nominations&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("poll", &Nominations::poll), field("state", &Nominations::state),
                      field("nominations", &Nominations::nominations)};
  }
};
// Every nomination of an election: waiting for the nominee, standing, declined or
// withdrawn. not_found naming "id" when there is no such poll.
Result<Nominations> read_nominations(Federation& fed, std::string_view poll);

}  // namespace collegium::federation
