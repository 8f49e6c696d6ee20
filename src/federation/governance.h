// Elections, mandates, recall, motions and appointments as plain data, and the commands
// members give about them (A5-A13). The rules are in elections.cc and motions.cc; the
// tables in governance_schema.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/fields.h"
#include "federation/constitution.h"
#include "federation/model.h"

namespace collegium::federation {

// A poll is one vote of an electorate: the election of a body's seats, or a recall vote on
// one mandate. Members vote in secret, through the sealed ballot box (DESIGN.md invariant
// 3); delegates vote openly (see open_vote).
struct Poll {
  enum class Kind { kElection, kRecall };
  enum class State { kNominating, kVoting, kClosed };
  std::string id;
  Kind kind = Kind::kElection;
  State state = State::kNominating;
  std::string body;
  int seats = 0;
  std::string method;             // count method name; "motion" for a recall vote
  std::string reason;             // founding, term_end, vacancy, electorate, by_election, recall
  std::string called_by;          // a member id, or "clock"
  std::string nominations_close;  // UTC; empty for a recall vote
  std::string voting_close;       // UTC
  std::string mandate;            // the mandate a recall vote is about
  std::string recall;             // the petition that forced it
  std::vector<std::string> replaces;  // mandates that end when the winners take office
  int64_t electorate = 0;  // its size when voting opened (0 before): fixed for the vote (A1)
};
// True when the polls of `body` are open votes: its electorate is the seat holders of other
// bodies, who vote as holders of a mandate, answerable to those who elected them (A6, B1),
// so each ballot is public with the delegate's name and weight. Members voting in their own
// shop or workplace vote in secret.
inline bool open_vote(const Body& body) {
  return body.constituency.kind == Constituency::Kind::kBodies;
}

std::string_view to_string(Poll::Kind k);
std::string_view to_string(Poll::State s);

// A nomination, and the candidacy it becomes once the nominee accepts it. Members who
// nominate themselves stand at once; a nomination by anyone else waits for the nominee.
// Only standing candidates are counted, ranked and held against the office limit (A9).
struct Candidate {
  enum class State { kNominated, kStanding, kDeclined, kWithdrawn };
  std::string poll;
  std::string member;
  std::string nominated_by;  // a member id, or the id of the union body that nominated
  bool by_union = false;     // A7: protected; only the electorate can remove them
  std::string statement;
  State state = State::kStanding;
};
std::string_view to_string(Candidate::State s);

// A ballot waiting in the box: no voter, no time, no order (invariant 3).
struct SealedBallot {
  std::string poll;
  int64_t weight = 1;                // the members a delegate carries; 1 otherwise
  std::vector<std::string> ranking;  // candidates' member ids, or {"yes"} / {"no"}
};

// A delegate's ballot, cast openly as the holder of a mandate (docs/governance.md, "The
// secret ballot"): public with the delegate's name and weight from the moment it is cast.
struct OpenBallot {
  std::string member;
  int64_t weight = 1;
  std::vector<std::string> ranking;
};

struct Mandate {
  // How the seat was taken: elected, filled by count-back after a recall, or appointed
  // with a union body's consent (A5).
  enum class Origin { kElection, kCountBack, kAppointment };
  std::string id;
  std::string body;
  std::string member;
  Origin origin = Origin::kElection;
  std::string source;           // the poll or motion that gave it
  std::string consenting_body;  // appointments: the union body that consented (A5)
  bool protected_ = false;      // nominated by a union (A7)
  std::string started;          // UTC
  std::string ends;             // UTC; the term's end
  std::string ended;            // UTC; empty while it runs
  std::string end_reason;       // term, recalled, replaced
};

struct Recall {
  enum class State { kPetition, kVoting, kPassed, kFailed };
  std::string id;
  std::string mandate;
  std::string opened_by;
  std::string reason;
  State state = State::kPetition;
  int64_t threshold = 0;  // signatures that force the vote
  int64_t signatures = 0;
  int64_t electorate = 0;  // when the petition opened
  std::string poll;        // the recall vote, once forced
};
std::string_view to_string(Recall::State s);

// A motion before a body, voted openly by its seat holders.
struct Motion {
  enum class Kind {
    kAmendment,
    kAppointment,
    kRecallAppointee,
    kGeneral,
    kAdmission,       // the workplace's committee decides an application (A12)
    kRemoval,         // the workplace's committee removes a member (A12)
    kAppeal,          // the body one level up decides an appeal it has heard (A12)
    kPlanningRound,   // the central council calls a planning round (C1, round.h)
    kRoundAmendment,  // a workplace's committee or its union amends a round (C3)
    kTargetRevision,  // both revise a workplace's target in the plan carried out (C6)
    kMinutes,         // the body confirms the minutes of a meeting's item (B2)
    kCloseItem,       // the body closes a meeting's item, with a reason and an expiry (B2)
  };
  enum class State { kOpen, kCarried, kLost };
  std::string id;
  Kind kind = Kind::kGeneral;
  State state = State::kOpen;
  std::string body;
  std::string proposed_by;
  std::string text;
  std::string closes;  // UTC
  Json payload;        // amendment: the new constitution; appointment: post, member,
                       // reason; recall_appointee: mandate; admission: application, member;
                       // removal: member, reason; appeal: appeal
  int64_t yes = 0, no = 0, abstain = 0;
};
std::string_view to_string(Motion::Kind k);
Motion::Kind motion_kind_from_string(std::string_view s);  // kGeneral for anything unknown
std::string_view to_string(Motion::State s);

// An application for membership (A12). The applicant is not a member yet and has no
// login, so the operator takes the application down; the workplace's committee decides it.
struct Application {
  enum class State { kPending, kAdmitted, kRefused };
  std::string id;
  Member member;  // as the applicant would be admitted
  State state = State::kPending;
  std::string body;     // the committee deciding it
  std::string motion;   // its vote
  std::string decided;  // UTC; empty while pending
};
std::string_view to_string(Application::State s);

// A member removed from membership by a decision of their workplace's committee (A12).
struct FormerMember {
  Member member;
  std::string motion;   // the decision
  std::string body;     // the body that took it
  std::string removed;  // UTC
  std::string reason;
};

// An appeal against an adverse decision about a member: a refused admission or a removal
// (A12). It goes to the elected body one level up from the one that decided, which hears
// it, records the hearing, and then votes: a carried vote upholds the appeal and reverses
// the decision.
struct Appeal {
  enum class State { kFiled, kHeard, kUpheld, kDismissed };
  std::string id;
  enum class Kind { kAdmission, kRemoval };
  std::string decision;  // the motion that decided against the member
  Kind kind = Kind::kAdmission;
  std::string subject;   // the application (admission) or the member (removal)
  std::string filed_by;  // the removed member, or the operator for an applicant
  std::string grounds;
  std::string body;  // the body hearing it
  State state = State::kFiled;
  std::string filed;  // UTC
  std::string heard_by, minutes;
  std::string motion;  // the hearing body's vote, once heard
};
std::string_view to_string(Appeal::State s);

// ---- commands (the actor is given with the command, see decide.h) ----

// Sets the first constitution; only before any seat has been filled.
struct FoundConstitution {
  static constexpr std::string_view kName = "found_constitution";
  Constitution constitution;
};
// A member of a body's electorate calls an election of its vacant seats (also done by the
// clock when a term ends or a seat falls vacant).
struct CallElection {
  static constexpr std::string_view kName = "call_election";
  std::string body;
  static constexpr auto fields() { return std::tuple{field("body", &CallElection::body)}; }
};
// Nominates a candidate: oneself, a member of one's electorate, or, on behalf of a union
// body one sits on, anyone eligible (`by_body`).
struct Nominate {
  static constexpr std::string_view kName = "nominate";
  std::string poll;
  std::string member;
  std::string by_body;
  static constexpr auto fields() {
    return std::tuple{field("poll", &Nominate::poll), field("member", &Nominate::member),
                      field("by_body", &Nominate::by_body, Presence::kOptional)};
  }
};
// The nominee answers a nomination made by someone else: accepting makes them a candidate,
// declining ends it (and nobody else may nominate them again in that poll).
struct AcceptNomination {
  static constexpr std::string_view kName = "accept_nomination";
  std::string poll;
  static constexpr auto fields() { return std::tuple{field("poll", &AcceptNomination::poll)}; }
};
struct DeclineNomination {
  static constexpr std::string_view kName = "decline_nomination";
  std::string poll;
  static constexpr auto fields() { return std::tuple{field("poll", &DeclineNomination::poll)}; }
};
// A candidate stands down, while nominations are open.
struct WithdrawCandidacy {
  static constexpr std::string_view kName = "withdraw_candidacy";
  std::string poll;
  static constexpr auto fields() { return std::tuple{field("poll", &WithdrawCandidacy::poll)}; }
};
struct SetStatement {
  static constexpr std::string_view kName = "set_statement";
  std::string poll;
  std::string text;
  static constexpr auto fields() {
    return std::tuple{field("poll", &SetStatement::poll), field("text", &SetStatement::text)};
  }
};
// A ranked ballot (candidates' member ids, most preferred first), or {"yes"}/{"no"} in a
// recall vote.
struct CastBallot {
  static constexpr std::string_view kName = "cast_ballot";
  std::string poll;
  std::vector<std::string> ranking;
  static constexpr auto fields() {
    return std::tuple{field("poll", &CastBallot::poll), field("ranking", &CastBallot::ranking)};
  }
};
struct OpenRecall {
  static constexpr std::string_view kName = "open_recall";
  std::string mandate;
  std::string reason;
  static constexpr auto fields() {
    return std::tuple{field("mandate", &OpenRecall::mandate), field("reason", &OpenRecall::reason)};
  }
};
struct SignRecall {
  static constexpr std::string_view kName = "sign_recall";
  std::string recall;
  static constexpr auto fields() { return std::tuple{field("recall", &SignRecall::recall)}; }
};
struct ProposeMotion {
  static constexpr std::string_view kName = "propose_motion";
  std::string body;
  std::string text;
  std::optional<Constitution> amendment;  // a new constitution for the congress to adopt
  static constexpr auto fields() {
    return std::tuple{field("body", &ProposeMotion::body), field("text", &ProposeMotion::text),
                      field("amendment", &ProposeMotion::amendment)};
  }
};
// An appointment to an executive or specialist post, for the union body concerned to
// consent to (A5).
struct ProposeAppointment {
  static constexpr std::string_view kName = "propose_appointment";
  std::string post;  // the body whose seat is filled
  std::string member;
  std::string reason;
  std::string consenting_body;
  static constexpr auto fields() {
    return std::tuple{field("post", &ProposeAppointment::post),
                      field("member", &ProposeAppointment::member),
                      field("reason", &ProposeAppointment::reason),
                      field("consenting_body", &ProposeAppointment::consenting_body)};
  }
};
// The consenting body recalls an appointee it consented to.
struct RecallAppointee {
  static constexpr std::string_view kName = "recall_appointee";
  std::string mandate;
  std::string reason;
  static constexpr auto fields() {
    return std::tuple{field("mandate", &RecallAppointee::mandate),
                      field("reason", &RecallAppointee::reason)};
  }
};
// A seat holder's open vote on a motion.
enum class MotionChoice { kYes, kNo, kAbstain };
struct VoteMotion {
  static constexpr std::string_view kName = "vote_motion";
  std::string motion;
  // yes, no or abstain: read as text, so that decide() refuses anything else with its own
  // words ("a vote is yes, no or abstain"), then held as a MotionChoice.
  std::string choice;
  static constexpr auto fields() {
    return std::tuple{field("motion", &VoteMotion::motion), field("choice", &VoteMotion::choice)};
  }
};
// An official reports back to their electors on a mandate (the constitution says how
// often; overdue reports are shown).
struct ReportBack {
  static constexpr std::string_view kName = "report_back";
  std::string mandate;
  std::string text;
  static constexpr auto fields() {
    return std::tuple{field("mandate", &ReportBack::mandate), field("text", &ReportBack::text)};
  }
};
// The pay and material benefits of a member, or of an office (a body's seats), as the
// accounts give them (B8). Kept by the operator and public, with the differential each
// office makes to the median pay of its electorate.
struct RecordPay {
  static constexpr std::string_view kName = "record_pay";
  std::string member;  // one of member and body
  std::string body;
  int64_t monthly = 0;  // whole units of the federation's currency, per month
  std::string benefits;
  static constexpr auto fields() {
    return std::tuple{field("member", &RecordPay::member, Presence::kOptional),
                      field("body", &RecordPay::body, Presence::kOptional),
                      field("monthly", &RecordPay::monthly),
                      field("benefits", &RecordPay::benefits, Presence::kOptional)};
  }
};

// An official logs days of manual labour in a shop (A11); a member of that shop confirms.
struct LogLabour {
  static constexpr std::string_view kName = "log_labour";
  std::string shop;
  std::string start;  // YYYY-MM-DD
  int days = 0;
  std::string note;
  static constexpr auto fields() {
    return std::tuple{field("shop", &LogLabour::shop), field("start", &LogLabour::start),
                      field("days", &LogLabour::days), field("note", &LogLabour::note)};
  }
};
struct ConfirmLabour {
  static constexpr std::string_view kName = "confirm_labour";
  std::string entry;
  static constexpr auto fields() { return std::tuple{field("entry", &ConfirmLabour::entry)}; }
};

// Membership and appeals (A12); the rules are in appeals.cc.

// The operator records an application for membership; the committee of the applicant's
// workplace votes on it.
struct ApplyForAdmission {
  static constexpr std::string_view kName = "apply_for_admission";
  Member member;
};
// A seat holder of a workplace's committee proposes that a member of that workplace be
// removed. The reason is public: removal is never a sanction for an opinion (A12).
struct ProposeRemoval {
  static constexpr std::string_view kName = "propose_removal";
  std::string member;
  std::string reason;
  static constexpr auto fields() {
    return std::tuple{field("member", &ProposeRemoval::member),
                      field("reason", &ProposeRemoval::reason)};
  }
};
// Appeals a refused admission or a removal within the constitution's window: the removed
// member appeals their removal, the operator files an applicant's appeal.
struct FileAppeal {
  static constexpr std::string_view kName = "file_appeal";
  std::string decision;  // the motion
  std::string grounds;
  static constexpr auto fields() {
    return std::tuple{field("decision", &FileAppeal::decision),
                      field("grounds", &FileAppeal::grounds)};
  }
};
// A seat holder of the hearing body records the hearing; the body's vote then opens.
struct HearAppeal {
  static constexpr std::string_view kName = "hear_appeal";
  std::string appeal;
  std::string minutes;
  static constexpr auto fields() {
    return std::tuple{field("appeal", &HearAppeal::appeal), field("minutes", &HearAppeal::minutes)};
  }
};

// Moves the clock's consequences forward: closes nominations and polls whose time has
// come, counts them, ends terms and calls the elections that are due. Federation::execute
// turns it into the steps below, each decided against the state the previous ones left;
// only the clock gives them.
struct Advance {
  static constexpr std::string_view kName = "advance";
  static constexpr auto fields() { return std::tuple{}; }
};
struct ClosePoll {
  static constexpr std::string_view kName = "close_poll";
  std::string poll;
  static constexpr auto fields() { return std::tuple{field("poll", &ClosePoll::poll)}; }
};
struct CloseMotion {
  static constexpr std::string_view kName = "close_motion";
  std::string motion;
  static constexpr auto fields() { return std::tuple{field("motion", &CloseMotion::motion)}; }
};
struct EndTerm {
  static constexpr std::string_view kName = "end_term";
  std::string mandate;
  static constexpr auto fields() { return std::tuple{field("mandate", &EndTerm::mandate)}; }
};
struct CallDueElection {
  static constexpr std::string_view kName = "call_due_election";
  std::string body;
  static constexpr auto fields() { return std::tuple{field("body", &CallDueElection::body)}; }
};

}  // namespace collegium::federation

namespace collegium {

// The names the JSON and the database keep for these enums.
template <>
struct EnumNames<federation::Mandate::Origin> {
  static constexpr std::array values{
      std::pair{federation::Mandate::Origin::kElection, std::string_view("election")},
      std::pair{federation::Mandate::Origin::kCountBack, std::string_view("count_back")},
      std::pair{federation::Mandate::Origin::kAppointment, std::string_view("appointment")}};
};
template <>
struct EnumNames<federation::Appeal::Kind> {
  static constexpr std::array values{
      std::pair{federation::Appeal::Kind::kAdmission, std::string_view("admission")},
      std::pair{federation::Appeal::Kind::kRemoval, std::string_view("removal")}};
};
template <>
struct EnumNames<federation::MotionChoice> {
  static constexpr std::array values{
      std::pair{federation::MotionChoice::kYes, std::string_view("yes")},
      std::pair{federation::MotionChoice::kNo, std::string_view("no")},
      std::pair{federation::MotionChoice::kAbstain, std::string_view("abstain")}};
};

}  // namespace collegium
