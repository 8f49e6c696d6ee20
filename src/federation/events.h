// The events of the public record that the registry projects, one plain struct each
// (base/fields.h): its kName is the event's type, its fields() exactly the payload's keys.
// decide() writes them through draft(), apply() reads them back through the same fields,
// so that a key is spelt once; a key a payload lacks, or of the wrong type, is an error
// when the event is applied, never a silent '' or 0.
//
// A field that only some events of a type carry is a std::optional: written only when
// set, read as absent when left out, so that the payloads of every past version still
// decode. Keys that this version does not project (a count's sheet, say) are left to the
// record and ignored by apply().
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/fields.h"
#include "base/json.h"
#include "federation/deliberation.h"
#include "federation/economy.h"
#include "federation/execution.h"
#include "federation/governance.h"
#include "federation/model.h"
#include "federation/round.h"

namespace collegium::federation {

// ---- the registry (its payloads are the entities' JSON, codec.h) ----

struct RegionCreated {
  static constexpr std::string_view kName = "region.created";
  Region region;
};
struct BranchCreated {
  static constexpr std::string_view kName = "branch.created";
  Branch branch;
};
struct WorkplaceCreated {
  static constexpr std::string_view kName = "workplace.created";
  Workplace workplace;
};
struct ShopCreated {
  static constexpr std::string_view kName = "shop.created";
  Shop shop;
};
struct MemberAdmitted {
  static constexpr std::string_view kName = "member.admitted";
  Member member;
};
struct BodyDeclared {
  static constexpr std::string_view kName = "body.declared";
  Body body;
};

// ---- governance ----

// The first constitution (its JSON as constitution_from_json reads it).
struct ConstitutionFounded {
  static constexpr std::string_view kName = "constitution.founded";
  Json constitution;
  static constexpr auto fields() {
    return std::tuple{field("constitution", &ConstitutionFounded::constitution)};
  }
};

// A carried amendment: the new constitution.
struct ConstitutionAmended {
  static constexpr std::string_view kName = "constitution.amended";
  std::string motion;
  Json constitution;
  static constexpr auto fields() {
    return std::tuple{field("motion", &ConstitutionAmended::motion),
                      field("constitution", &ConstitutionAmended::constitution)};
  }
};

// An election or a recall vote. A recall vote opens for voting as it is called, with its
// electorate (and, for a body elected by delegates, its delegates and their weights).
struct PollCalled {
  static constexpr std::string_view kName = "poll.called";
  std::string id;
  std::string kind;
  std::string body;
  int64_t seats = 0;
  std::string method;
  std::string reason;
  std::string called_by;
  std::string voting_close;
  std::optional<std::string> nominations_close;
  std::optional<std::string> mandate;
  std::optional<std::string> recall;
  std::optional<std::vector<std::string>> replaces;
  std::optional<int64_t> electorate;
  std::optional<std::map<std::string, int64_t>> delegates;
  static constexpr auto fields() {
    return std::tuple{field("id", &PollCalled::id),
                      field("kind", &PollCalled::kind),
                      field("body", &PollCalled::body),
                      field("seats", &PollCalled::seats),
                      field("method", &PollCalled::method),
                      field("reason", &PollCalled::reason),
                      field("called_by", &PollCalled::called_by),
                      field("voting_close", &PollCalled::voting_close),
                      field("nominations_close", &PollCalled::nominations_close),
                      field("mandate", &PollCalled::mandate),
                      field("recall", &PollCalled::recall),
                      field("replaces", &PollCalled::replaces),
                      field("electorate", &PollCalled::electorate),
                      field("delegates", &PollCalled::delegates)};
  }
};

// A nomination; `pending` until the nominee accepts one made by someone else.
struct PollNominated {
  static constexpr std::string_view kName = "poll.nominated";
  std::string poll;
  std::string member;
  std::string nominated_by;
  std::optional<bool> pending;
  std::optional<bool> by_union;
  static constexpr auto fields() {
    return std::tuple{field("poll", &PollNominated::poll), field("member", &PollNominated::member),
                      field("nominated_by", &PollNominated::nominated_by),
                      field("pending", &PollNominated::pending),
                      field("by_union", &PollNominated::by_union)};
  }
};

struct NominationAccepted {
  static constexpr std::string_view kName = "poll.nomination_accepted";
  std::string poll;
  std::string member;
  static constexpr auto fields() {
    return std::tuple{field("poll", &NominationAccepted::poll),
                      field("member", &NominationAccepted::member)};
  }
};

struct NominationDeclined {
  static constexpr std::string_view kName = "poll.nomination_declined";
  std::string poll;
  std::string member;
  static constexpr auto fields() {
    return std::tuple{field("poll", &NominationDeclined::poll),
                      field("member", &NominationDeclined::member)};
  }
};

struct CandidacyWithdrawn {
  static constexpr std::string_view kName = "poll.candidacy_withdrawn";
  std::string poll;
  std::string member;
  static constexpr auto fields() {
    return std::tuple{field("poll", &CandidacyWithdrawn::poll),
                      field("member", &CandidacyWithdrawn::member)};
  }
};

struct PollStatement {
  static constexpr std::string_view kName = "poll.statement";
  std::string poll;
  std::string member;
  std::string text;
  static constexpr auto fields() {
    return std::tuple{field("poll", &PollStatement::poll), field("member", &PollStatement::member),
                      field("text", &PollStatement::text)};
  }
};

// Nominations stay open: too few candidates, or the composition rules cannot be met.
struct PollExtended {
  static constexpr std::string_view kName = "poll.nominations_extended";
  std::string poll;
  std::string reason;
  std::string nominations_close;
  std::string voting_close;
  static constexpr auto fields() {
    return std::tuple{field("poll", &PollExtended::poll), field("reason", &PollExtended::reason),
                      field("nominations_close", &PollExtended::nominations_close),
                      field("voting_close", &PollExtended::voting_close)};
  }
};

// Voting opens, with the electorate fixed for the vote (A1).
struct PollVotingOpened {
  static constexpr std::string_view kName = "poll.voting_opened";
  std::string poll;
  int64_t electorate = 0;
  std::string voting_close;
  std::optional<std::map<std::string, int64_t>> delegates;
  static constexpr auto fields() {
    return std::tuple{field("poll", &PollVotingOpened::poll),
                      field("electorate", &PollVotingOpened::electorate),
                      field("voting_close", &PollVotingOpened::voting_close),
                      field("delegates", &PollVotingOpened::delegates)};
  }
};

// Who voted. A delegate's open ballot also gives its weight and ranking; a member's
// secret ballot is in the sealed box (ballot_box.h), never here.
struct BallotCast {
  static constexpr std::string_view kName = "ballot.cast";
  std::string poll;
  std::string member;
  std::optional<int64_t> weight;
  std::optional<std::vector<std::string>> ranking;
  static constexpr auto fields() {
    return std::tuple{field("poll", &BallotCast::poll), field("member", &BallotCast::member),
                      field("weight", &BallotCast::weight), field("ranking", &BallotCast::ranking)};
  }
};

// The poll's result: the published ballots (BLT) and whatever the count gave (voters,
// seed, elected, sheet, recount_command, open_ballots, failed...), kept as the result.
struct PollClosed {
  static constexpr std::string_view kName = "poll.closed";
  std::string poll;
  std::optional<std::string> ballots;
  static constexpr auto fields() {
    return std::tuple{field("poll", &PollClosed::poll), field("ballots", &PollClosed::ballots)};
  }
};

// A restored backup held none of this poll's ballots (restore.h): voting starts again.
struct PollVotingRestarted {
  static constexpr std::string_view kName = "poll.voting_restarted";
  std::string poll;
  std::string reason;
  std::optional<int64_t> ballots_lost;
  std::string voting_close;
  static constexpr auto fields() {
    return std::tuple{field("poll", &PollVotingRestarted::poll),
                      field("reason", &PollVotingRestarted::reason),
                      field("ballots_lost", &PollVotingRestarted::ballots_lost),
                      field("voting_close", &PollVotingRestarted::voting_close)};
  }
};

// A seat taken: by election, by count-back (with the recalled mandate it replaces and the
// count that gave it) or by appointment (with the consenting body).
struct MandateStarted {
  static constexpr std::string_view kName = "mandate.started";
  std::string id;
  std::string body;
  std::string member;
  Mandate::Origin origin = Mandate::Origin::kElection;
  std::string source;
  std::string started;
  std::string ends;
  std::optional<bool> protected_;
  std::optional<std::string> consenting_body;
  std::optional<std::string> replaces;
  std::optional<Json> sheet;
  std::optional<Json> recount_command;
  static constexpr auto fields() {
    return std::tuple{field("id", &MandateStarted::id),
                      field("body", &MandateStarted::body),
                      field("member", &MandateStarted::member),
                      field("origin", &MandateStarted::origin),
                      field("source", &MandateStarted::source),
                      field("started", &MandateStarted::started),
                      field("ends", &MandateStarted::ends),
                      field("protected", &MandateStarted::protected_),
                      field("consenting_body", &MandateStarted::consenting_body),
                      field("replaces", &MandateStarted::replaces),
                      field("sheet", &MandateStarted::sheet),
                      field("recount_command", &MandateStarted::recount_command)};
  }
};

struct MandateEnded {
  static constexpr std::string_view kName = "mandate.ended";
  std::string mandate;
  std::string reason;
  std::optional<std::string> by;
  static constexpr auto fields() {
    return std::tuple{field("mandate", &MandateEnded::mandate),
                      field("reason", &MandateEnded::reason), field("by", &MandateEnded::by)};
  }
};

struct RecallOpened {
  static constexpr std::string_view kName = "recall.opened";
  std::string id;
  std::string mandate;
  std::string opened_by;
  std::string reason;
  int64_t threshold = 0;
  int64_t electorate = 0;
  static constexpr auto fields() {
    return std::tuple{field("id", &RecallOpened::id),
                      field("mandate", &RecallOpened::mandate),
                      field("opened_by", &RecallOpened::opened_by),
                      field("reason", &RecallOpened::reason),
                      field("threshold", &RecallOpened::threshold),
                      field("electorate", &RecallOpened::electorate)};
  }
};

struct RecallSigned {
  static constexpr std::string_view kName = "recall.signed";
  std::string recall;
  std::string member;
  static constexpr auto fields() {
    return std::tuple{field("recall", &RecallSigned::recall),
                      field("member", &RecallSigned::member)};
  }
};

struct RecallDecided {
  static constexpr std::string_view kName = "recall.decided";
  std::string recall;
  bool passed = false;
  std::optional<std::string> reason;
  static constexpr auto fields() {
    return std::tuple{field("recall", &RecallDecided::recall),
                      field("passed", &RecallDecided::passed),
                      field("reason", &RecallDecided::reason)};
  }
};

struct MotionProposed {
  static constexpr std::string_view kName = "motion.proposed";
  std::string id;
  std::string kind;
  std::string body;
  std::string proposed_by;
  std::string text;
  std::string closes;
  Json payload;
  static constexpr auto fields() {
    return std::tuple{field("id", &MotionProposed::id),
                      field("kind", &MotionProposed::kind),
                      field("body", &MotionProposed::body),
                      field("proposed_by", &MotionProposed::proposed_by),
                      field("text", &MotionProposed::text),
                      field("closes", &MotionProposed::closes),
                      field("payload", &MotionProposed::payload)};
  }
};

struct MotionVoted {
  static constexpr std::string_view kName = "motion.voted";
  std::string motion;
  std::string member;
  MotionChoice choice = MotionChoice::kYes;
  static constexpr auto fields() {
    return std::tuple{field("motion", &MotionVoted::motion), field("member", &MotionVoted::member),
                      field("choice", &MotionVoted::choice)};
  }
};

struct MotionClosed {
  static constexpr std::string_view kName = "motion.closed";
  std::string motion;
  bool carried = false;
  int64_t yes = 0;
  int64_t no = 0;
  int64_t abstain = 0;
  bool quorum = false;
  std::optional<std::string> not_applied;
  static constexpr auto fields() {
    return std::tuple{field("motion", &MotionClosed::motion),
                      field("carried", &MotionClosed::carried),
                      field("yes", &MotionClosed::yes),
                      field("no", &MotionClosed::no),
                      field("abstain", &MotionClosed::abstain),
                      field("quorum", &MotionClosed::quorum),
                      field("not_applied", &MotionClosed::not_applied)};
  }
};

struct LabourLogged {
  static constexpr std::string_view kName = "labour.logged";
  std::string id;
  std::string member;
  std::string shop;
  std::string start;
  int64_t days = 0;
  std::string note;
  static constexpr auto fields() {
    return std::tuple{field("id", &LabourLogged::id),     field("member", &LabourLogged::member),
                      field("shop", &LabourLogged::shop), field("start", &LabourLogged::start),
                      field("days", &LabourLogged::days), field("note", &LabourLogged::note)};
  }
};

struct LabourConfirmed {
  static constexpr std::string_view kName = "labour.confirmed";
  std::string entry;
  std::string member;
  static constexpr auto fields() {
    return std::tuple{field("entry", &LabourConfirmed::entry),
                      field("member", &LabourConfirmed::member)};
  }
};

struct ReportPublished {
  static constexpr std::string_view kName = "report.published";
  std::string id;
  std::string mandate;
  std::string member;
  std::string body;
  std::string text;
  static constexpr auto fields() {
    return std::tuple{field("id", &ReportPublished::id),
                      field("mandate", &ReportPublished::mandate),
                      field("member", &ReportPublished::member),
                      field("body", &ReportPublished::body), field("text", &ReportPublished::text)};
  }
};

// Pay of a member or of an office (a body), one of the two (B8).
struct PayRecorded {
  static constexpr std::string_view kName = "pay.recorded";
  std::optional<std::string> member;
  std::optional<std::string> body;
  int64_t monthly = 0;
  std::string benefits;
  static constexpr auto fields() {
    return std::tuple{field("member", &PayRecorded::member), field("body", &PayRecorded::body),
                      field("monthly", &PayRecorded::monthly),
                      field("benefits", &PayRecorded::benefits)};
  }
};

// An application; `member` is the applicant as they would be admitted.
struct AdmissionApplied {
  static constexpr std::string_view kName = "admission.applied";
  std::string id;
  Json member;
  std::string body;
  std::string motion;
  static constexpr auto fields() {
    return std::tuple{
        field("id", &AdmissionApplied::id), field("member", &AdmissionApplied::member),
        field("body", &AdmissionApplied::body), field("motion", &AdmissionApplied::motion)};
  }
};

struct AdmissionDecided {
  static constexpr std::string_view kName = "admission.decided";
  std::string application;
  bool admitted = false;
  static constexpr auto fields() {
    return std::tuple{field("application", &AdmissionDecided::application),
                      field("admitted", &AdmissionDecided::admitted)};
  }
};

struct MemberRemoved {
  static constexpr std::string_view kName = "member.removed";
  std::string member;
  std::string motion;
  std::string body;
  std::string reason;
  static constexpr auto fields() {
    return std::tuple{field("member", &MemberRemoved::member),
                      field("motion", &MemberRemoved::motion), field("body", &MemberRemoved::body),
                      field("reason", &MemberRemoved::reason)};
  }
};

struct MemberReinstated {
  static constexpr std::string_view kName = "member.reinstated";
  std::string member;
  std::string appeal;
  static constexpr auto fields() {
    return std::tuple{field("member", &MemberReinstated::member),
                      field("appeal", &MemberReinstated::appeal)};
  }
};

struct AppealFiled {
  static constexpr std::string_view kName = "appeal.filed";
  std::string id;
  std::string decision;
  Appeal::Kind kind = Appeal::Kind::kAdmission;
  std::string subject;
  std::string filed_by;
  std::string grounds;
  std::string body;
  static constexpr auto fields() {
    return std::tuple{field("id", &AppealFiled::id),
                      field("decision", &AppealFiled::decision),
                      field("kind", &AppealFiled::kind),
                      field("subject", &AppealFiled::subject),
                      field("filed_by", &AppealFiled::filed_by),
                      field("grounds", &AppealFiled::grounds),
                      field("body", &AppealFiled::body)};
  }
};

struct AppealHeard {
  static constexpr std::string_view kName = "appeal.heard";
  std::string appeal;
  std::string by;
  std::string minutes;
  std::string motion;
  static constexpr auto fields() {
    return std::tuple{field("appeal", &AppealHeard::appeal), field("by", &AppealHeard::by),
                      field("minutes", &AppealHeard::minutes),
                      field("motion", &AppealHeard::motion)};
  }
};

struct AppealDecided {
  static constexpr std::string_view kName = "appeal.decided";
  std::string appeal;
  bool upheld = false;
  std::optional<std::string> not_applied;
  static constexpr auto fields() {
    return std::tuple{field("appeal", &AppealDecided::appeal),
                      field("upheld", &AppealDecided::upheld),
                      field("not_applied", &AppealDecided::not_applied)};
  }
};

// ---- the economy (economy.h; issue #14) ----

// The operator imported an economy: it replaces the one before, committees' changes
// included.
struct EconomyImported {
  static constexpr std::string_view kName = "economy.imported";
  EconomyData economy;
  static constexpr auto fields() { return std::tuple{field("economy", &EconomyImported::economy)}; }
};

// A workplace's committee changed its production data: the data as it now stands, and the
// fields that the change gave (capacity, workers, hours, inputs). The record's actor is
// the committee member who gave it.
struct WorkplaceProductionSet {
  static constexpr std::string_view kName = "workplace.production_set";
  WorkplaceProduction production;
  std::vector<std::string> changed;
  static constexpr auto fields() {
    return std::tuple{field("production", &WorkplaceProductionSet::production),
                      field("changed", &WorkplaceProductionSet::changed)};
  }
};

// ---- deliberation (deliberation.h; B2, B4) ----

struct MeetingScheduled {
  static constexpr std::string_view kName = "meeting.scheduled";
  std::string id, body, title, starts, by;
  std::vector<AgendaItem> agenda;
  static constexpr auto fields() {
    return std::tuple{
        field("id", &MeetingScheduled::id),       field("body", &MeetingScheduled::body),
        field("title", &MeetingScheduled::title), field("starts", &MeetingScheduled::starts),
        field("by", &MeetingScheduled::by),       field("agenda", &MeetingScheduled::agenda)};
  }
};

struct FloorRequested {
  static constexpr std::string_view kName = "floor.requested";
  std::string meeting;
  int64_t item = 0;
  std::string member, side, platform;
  static constexpr auto fields() {
    return std::tuple{
        field("meeting", &FloorRequested::meeting), field("item", &FloorRequested::item),
        field("member", &FloorRequested::member), field("side", &FloorRequested::side),
        field("platform", &FloorRequested::platform, Presence::kOmitEmpty)};
  }
};

struct FloorGiven {
  static constexpr std::string_view kName = "floor.given";
  std::string meeting;
  int64_t item = 0;
  std::string member, side, platform, by;
  static constexpr auto fields() {
    return std::tuple{field("meeting", &FloorGiven::meeting),
                      field("item", &FloorGiven::item),
                      field("member", &FloorGiven::member),
                      field("side", &FloorGiven::side),
                      field("platform", &FloorGiven::platform, Presence::kOmitEmpty),
                      field("by", &FloorGiven::by)};
  }
};

// Minutes of an item. Of a closed item the record holds only their digest and length; the
// text waits in the minutes box until item.published carries it.
struct MinutesWritten {
  static constexpr std::string_view kName = "minutes.written";
  std::string meeting;
  int64_t item = 0;
  std::string by, text, digest;
  int64_t chars = 0;
  bool sealed = false;
  static constexpr auto fields() {
    return std::tuple{field("meeting", &MinutesWritten::meeting),
                      field("item", &MinutesWritten::item),
                      field("by", &MinutesWritten::by),
                      field("text", &MinutesWritten::text, Presence::kOmitEmpty,
                            "the minutes; left out while the item is closed"),
                      field("digest", &MinutesWritten::digest, Presence::kRequired,
                            "BLAKE2b-256 of the text, hex"),
                      field("chars", &MinutesWritten::chars),
                      field("sealed", &MinutesWritten::sealed, Presence::kOmitEmpty)};
  }
};

struct MinutesConfirmed {
  static constexpr std::string_view kName = "minutes.confirmed";
  std::string meeting;
  int64_t item = 0;
  std::string motion;
  static constexpr auto fields() {
    return std::tuple{field("meeting", &MinutesConfirmed::meeting),
                      field("item", &MinutesConfirmed::item),
                      field("motion", &MinutesConfirmed::motion)};
  }
};

struct ItemClosed {
  static constexpr std::string_view kName = "item.closed";
  std::string meeting;
  int64_t item = 0;
  std::string motion, reason, until;
  static constexpr auto fields() {
    return std::tuple{field("meeting", &ItemClosed::meeting), field("item", &ItemClosed::item),
                      field("motion", &ItemClosed::motion), field("reason", &ItemClosed::reason),
                      field("until", &ItemClosed::until)};
  }
};

// The clock published a closed item at its expiry: its minutes in full (empty when none
// were written), and how long it stayed closed.
struct ItemPublished {
  static constexpr std::string_view kName = "item.published";
  std::string meeting;
  int64_t item = 0;
  std::string text, closed;
  int64_t seconds_closed = 0;
  static constexpr auto fields() {
    return std::tuple{field("meeting", &ItemPublished::meeting),
                      field("item", &ItemPublished::item),
                      field("text", &ItemPublished::text, Presence::kOptional),
                      field("closed", &ItemPublished::closed),
                      field("seconds_closed", &ItemPublished::seconds_closed)};
  }
};

struct PlatformFormed {
  static constexpr std::string_view kName = "platform.formed";
  std::string id, name, statement, by;
  static constexpr auto fields() {
    return std::tuple{field("id", &PlatformFormed::id), field("name", &PlatformFormed::name),
                      field("statement", &PlatformFormed::statement),
                      field("by", &PlatformFormed::by)};
  }
};

struct PlatformSupported {
  static constexpr std::string_view kName = "platform.supported";
  std::string platform, member;
  static constexpr auto fields() {
    return std::tuple{field("platform", &PlatformSupported::platform),
                      field("member", &PlatformSupported::member)};
  }
};

struct PlatformRecognised {
  static constexpr std::string_view kName = "platform.recognised";
  std::string platform;
  int64_t supporters = 0, threshold = 0;
  static constexpr auto fields() {
    return std::tuple{field("platform", &PlatformRecognised::platform),
                      field("supporters", &PlatformRecognised::supporters),
                      field("threshold", &PlatformRecognised::threshold)};
  }
};

// Every event the registry's projection applies: the table apply() reads a payload
// through, by the event's type.
using RegistryEvent = std::variant<
    RegionCreated, BranchCreated, WorkplaceCreated, ShopCreated, MemberAdmitted, BodyDeclared,
    ConstitutionFounded, ConstitutionAmended, PollCalled, PollNominated, NominationAccepted,
    NominationDeclined, CandidacyWithdrawn, PollStatement, PollExtended, PollVotingOpened,
    BallotCast, PollClosed, PollVotingRestarted, MandateStarted, MandateEnded, RecallOpened,
    RecallSigned, RecallDecided, MotionProposed, MotionVoted, MotionClosed, LabourLogged,
    LabourConfirmed, ReportPublished, PayRecorded, AdmissionApplied, AdmissionDecided,
    MemberRemoved, MemberReinstated, AppealFiled, AppealHeard, AppealDecided, EconomyImported,
    WorkplaceProductionSet, RoundCalled, RoundComputed, RoundAmended, RoundBallotCast, RoundClosed,
    RoundAdopted, RoundVotingRestarted, ReportersNamed, ReportFiled, ReportConfirmed, SignalRaised,
    SignalWorsened, SignalAcknowledged, SignalResolved, SignalEscalated, TargetRevised,
    MeetingScheduled, FloorRequested, FloorGiven, MinutesWritten, MinutesConfirmed, ItemClosed,
    ItemPublished, PlatformFormed, PlatformSupported, PlatformRecognised>;

}  // namespace collegium::federation
