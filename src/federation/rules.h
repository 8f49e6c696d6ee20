// Internal to the federation module: the decide() of each governance command, and what
// they share. decide.cc dispatches to these; nothing outside the module includes this.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "federation/codec.h"
#include "federation/decide.h"

namespace collegium::federation::rules {

using Events = std::vector<EventDraft>;

inline EventDraft draft(std::string_view type, Json payload) {
  return {std::string(type), std::move(payload)};
}
// An event from its struct (events.h): the type is its kName, the payload its fields.
template <class T>
EventDraft draft(const T& event) {
  return {std::string(T::kName), JsonCodec<T>::write(event)};
}

// The id of the entity that the next event of `events` creates: its kind and the seq that
// event will get, so ids are unique and tell where in the record they were made.
std::string new_id(std::string_view kind, const Actor& actor, const Events& events);

// `now` moved on by seconds, or by calendar months (the day kept where the month has it).
std::string plus_seconds(std::string_view now, int64_t seconds);
std::string plus_months(std::string_view now, int months);

// The member giving the command; permission_denied for the operator or the clock.
Result<Member> acting_member(const RegistryView& s, const Actor& actor, std::string_view doing);
Status only_clock(const Actor& actor);
// A member or a body as a refusal names them, for the member who reads it: "Anna Ivanova
// (m-0000200)", the id kept because two members may share a name (the id alone when the
// registry knows no such member, past or present), and "the Assembly shop committee,
// Foundry No. 1" ("body X" when unknown). A sentence never starts with one of these where
// the web app would capitalise an id: the name comes first.
std::string named(const Member& m);
std::string named_member(const RegistryView& s, std::string_view id);
std::string named(const Body& b);
std::string named_body(const RegistryView& s, std::string_view id);
// "the election of the Casting committee", "the recall vote in the Metalworkers' union".
std::string named_poll(const RegistryView& s, const Poll& p);
// `text` with its first letter capitalised, for a name that begins a sentence ("The
// Casting committee ..."); an id never begins one.
std::string sentence_start(std::string text);
// "the seat of Anna Ivanova (m-0000200) on the Casting committee".
std::string named_mandate(const RegistryView& s, const Mandate& m);
// Non-empty, at most `max_chars` characters (Unicode code points, as a member counts them
// and as the web app's counter does, not bytes: a line in Cyrillic takes two bytes a
// letter), and free of what hidden_character() finds.
Status check_text(std::string_view text, std::string_view field, size_t max_chars);
// The code points in UTF-8 `text` (the bytes that begin one).
size_t char_count(std::string_view text);
// What in `text` would hide or reorder what a reader sees, described for an error message
// with its byte offset: control characters (newlines and tabs allowed where `lines`), C1
// controls, bidirectional embeddings, overrides and isolates (U+202A..U+202E,
// U+2066..U+2069), and zero-width characters (U+200B..U+200D, U+2060, U+FEFF).
std::optional<std::string> hidden_character(std::string_view text, bool lines);

// The longest statement, reason or petition text a member may give, in characters.
inline constexpr size_t kMaxStatementChars = 4000;
// The longest text of a motion (its wording, or an appointment's or a recall's reason).
inline constexpr size_t kMaxMotionChars = 8000;
// The member's weight in the electorate of `body` (A1); an error saying why not, for one
// who is not in it.
Result<int64_t> elector(const RegistryView& s, const Body& body, const Member& m);

Result<Body> find_body(const RegistryView& s, std::string_view id, std::string_view field);
// The running mandate of `member` in `body`, if any.
std::optional<Mandate> seat_of(const RegistryView& s, std::string_view body,
                               std::string_view member);

// A body that decides by vote: specialist bodies decide nothing (A2).
Result<Body> deciding_body(const RegistryView& s, std::string_view id, std::string_view field);
// The acting member, who must hold a seat of `body`; `doing` completes "only its members ...".
Result<Member> holder(const RegistryView& s, const Actor& a, const Body& b, std::string_view doing);
// A motion before `body`, open for the constitution's motion period from now. Its id is
// made for the next event of `events`.
Motion new_motion(const RegistryView& s, const Actor& a, Motion::Kind kind, const Body& body,
                  std::string proposed_by, std::string text, Json payload, const Events& events);
// The motion.proposed event of `m`.
MotionProposed motion_proposed(const Motion& m);

// The seed of a count's lots: unknown to anyone before the vote closes, fixed once it has
// (the head of the record and the vote's id).
uint64_t lot_seed(const Actor& a, std::string_view poll);

// The events that call an election of `seats` seats of `body`.
Events call_election(const RegistryView& s, const Body& body, int seats, std::string reason,
                     std::string called_by, std::vector<std::string> replaces, const Actor& actor,
                     Events events);

Result<Decision> decide_one(const RegistryView& s, const FoundConstitution& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const CallElection& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const Nominate& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const SetStatement& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const AcceptNomination& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const DeclineNomination& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const WithdrawCandidacy& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const CastBallot& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const OpenRecall& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const SignRecall& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ClosePoll& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const EndTerm& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const CallDueElection& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ProposeMotion& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ProposeAppointment& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const RecallAppointee& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const VoteMotion& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const CloseMotion& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const LogLabour& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ConfirmLabour& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ReportBack& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const RecordPay& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ApplyForAdmission& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ProposeRemoval& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const FileAppeal& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const HearAppeal& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ImportEconomy& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const SetWorkplaceProduction& c, const Actor& a);
// The workplace's data after the change `c` gives, checked (economy_rules.cc): the
// committee's own command and a carried round amendment both make it.
Result<WorkplaceProductionSet> production_change(const RegistryView& s,
                                                 const SetWorkplaceProduction& c);
Result<Decision> decide_one(const RegistryView& s, const ProposeRound& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const RecordRound& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ProposeRoundAmendment& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const CastRoundBallot& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const CloseRound& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const NameReporters& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const FileReport& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ConfirmReport& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const AcknowledgeSignal& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ResolveSignal& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const EscalateSignal& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ProposeTargetRevision& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ScheduleMeeting& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const RequestFloor& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const GiveFloor& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const WriteMinutes& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const ConfirmMinutes& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const CloseItem& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const PublishItem& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const FormPlatform& c, const Actor& a);
Result<Decision> decide_one(const RegistryView& s, const SupportPlatform& c, const Actor& a);
// What a carried motion confirming minutes or closing an item causes, after motion.closed
// (deliberation_rules.cc). Returns the reason the effect cannot apply any more, if it cannot.
std::optional<std::string> deliberation_effects(const RegistryView& s, const Motion& m,
                                                Events& events);
// Refuses a constitution whose platform threshold some recognised platform does not meet
// (B4: no amendment takes a platform's standing away).
Status platforms_allow(const RegistryView& s, const Constitution& c);
// What a carried target revision causes after motion.closed (execution_rules.cc): the
// other body's motion to ratify it, or, once both have carried it, the revised target.
// Returns the reason the effect cannot apply any more, if it cannot.
std::optional<std::string> revision_effects(const RegistryView& s, const Motion& m, const Actor& a,
                                            Events& events);
// What a carried motion calling a round, or amending one, causes after motion.closed
// (round_rules.cc). Returns the reason the effect cannot apply any more, if it cannot.
std::optional<std::string> round_effects(const RegistryView& s, const Motion& m, const Actor& a,
                                         Events& events);
// What a carried or lost motion about membership or an appeal causes, after motion.closed
// (appeals.cc). Returns the reason the effect cannot apply any more, if it cannot.
std::optional<std::string> membership_effects(const RegistryView& s, const Motion& m, bool carried,
                                              Events& events);

}  // namespace collegium::federation::rules
