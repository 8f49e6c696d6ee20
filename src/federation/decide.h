// Commands on the registry and the rules that accept or refuse them (DESIGN.md: rules
// live in one pure place).
//
// decide(state, command) reads the current state through RegistryView and returns the
// events that the command causes, or the precise reason it is refused. It writes nothing;
// the caller appends the events in one transaction, after which the state reflects them
// (so the next command of a batch sees the earlier ones).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/crypto.h"
#include "base/json.h"
#include "base/status.h"
#include "federation/deliberation.h"
#include "federation/economy.h"
#include "federation/events.h"
#include "federation/execution.h"
#include "federation/governance.h"
#include "federation/model.h"

namespace collegium::federation {

struct CreateRegion {
  static constexpr std::string_view kName = "create_region";
  Region region;
};
struct CreateBranch {
  static constexpr std::string_view kName = "create_branch";
  Branch branch;
};
struct CreateWorkplace {
  static constexpr std::string_view kName = "create_workplace";
  Workplace workplace;
};
struct CreateShop {
  static constexpr std::string_view kName = "create_shop";
  Shop shop;
};
struct AdmitMember {
  static constexpr std::string_view kName = "admit_member";
  Member member;
};
struct DeclareBody {
  static constexpr std::string_view kName = "declare_body";
  Body body;
};

using Command =
    std::variant<CreateRegion, CreateBranch, CreateWorkplace, CreateShop, AdmitMember, DeclareBody,
                 FoundConstitution, CallElection, Nominate, SetStatement, CastBallot, OpenRecall,
                 SignRecall, ProposeMotion, ProposeAppointment, RecallAppointee, VoteMotion,
                 LogLabour, ConfirmLabour, ReportBack, RecordPay, ApplyForAdmission, ProposeRemoval,
                 FileAppeal, HearAppeal, Advance, ClosePoll, CloseMotion, EndTerm, CallDueElection,
                 AcceptNomination, DeclineNomination, WithdrawCandidacy, ImportEconomy,
                 SetWorkplaceProduction, ProposeRound, RecordRound, ProposeRoundAmendment,
                 CastRoundBallot, CloseRound, NameReporters, FileReport, ConfirmReport,
                 AcknowledgeSignal, ResolveSignal, EscalateSignal, ProposeTargetRevision,
                 ScheduleMeeting, RequestFloor, GiveFloor, WriteMinutes, ConfirmMinutes, CloseItem,
                 PublishItem, FormPlatform, SupportPlatform>;

// The commands given in JSON (federation files, the API, scenario tests), in the order
// that errors list them: command_from_json reads them through this table (codec.h). The
// clock's steps (ClosePoll, CloseMotion, EndTerm, CallDueElection, CloseRound,
// EscalateSignal, PublishItem) are not
// among them: Federation::execute makes them from Advance. Nor is RecordRound, which the
// server's computation gives (round_job.h).
using GivenCommand =
    std::variant<CreateRegion, CreateBranch, CreateWorkplace, CreateShop, AdmitMember, DeclareBody,
                 FoundConstitution, CallElection, Nominate, SetStatement, CastBallot, OpenRecall,
                 SignRecall, ProposeMotion, ProposeAppointment, RecallAppointee, VoteMotion,
                 LogLabour, ConfirmLabour, ReportBack, RecordPay, ApplyForAdmission, ProposeRemoval,
                 FileAppeal, HearAppeal, AcceptNomination, DeclineNomination, WithdrawCandidacy,
                 ImportEconomy, SetWorkplaceProduction, ProposeRound, ProposeRoundAmendment,
                 CastRoundBallot, NameReporters, FileReport, ConfirmReport, AcknowledgeSignal,
                 ResolveSignal, ProposeTargetRevision, ScheduleMeeting, RequestFloor, GiveFloor,
                 WriteMinutes, ConfirmMinutes, CloseItem, FormPlatform, SupportPlatform, Advance>;

// Who gives a command, and when.
struct Actor {
  // A member id; or kOperator (the server's operator, and imports), or kClock (the
  // server's own clock, which alone may run Advance).
  std::string id;
  std::string now;        // UTC, the time the events will carry
  uint64_t next_seq = 1;  // the seq the first event will get: new ids are made from it
  Digest head{};          // the record's head before the command: seeds lots at counts
};
inline constexpr std::string_view kOperator = "operator";
inline constexpr std::string_view kClock = "clock";

// An event before the record gives it a seq and a time.
struct EventDraft {
  std::string type;
  Json payload;
};

// What a command causes: events for the public record and, for a ballot, the ballot for
// the sealed box, which is kept apart from the record until the poll closes.
// Minutes of a closed item (deliberation.h) likewise wait in the minutes box.
struct SealedMinutes {
  std::string meeting;
  int64_t item = 0;
  std::string text;
};
struct Decision {
  std::vector<EventDraft> events;
  std::optional<SealedBallot> sealed;
  std::optional<SealedMinutes> minutes;
};

// Read access to the registry's current state.
class RegistryView {
 public:
  virtual ~RegistryView() = default;
  virtual std::optional<Region> region(std::string_view id) const = 0;
  virtual std::optional<Branch> branch(std::string_view id) const = 0;
  virtual std::optional<Workplace> workplace(std::string_view id) const = 0;
  virtual std::optional<Shop> shop(std::string_view id) const = 0;
  virtual std::optional<Member> member(std::string_view id) const = 0;
  virtual std::optional<Body> body(std::string_view id) const = 0;

  enum class Named { kRegion, kBranch, kWorkplace, kBody };
  // The id of the entity of that kind with exactly this name, if any.
  virtual std::optional<std::string> id_by_name(Named kind, std::string_view name) const = 0;
  // The id of the shop of `workplace` with this name, if any.
  virtual std::optional<std::string> shop_by_name(std::string_view workplace,
                                                  std::string_view name) const = 0;

  // ---- governance ----
  virtual Constitution constitution() const = 0;
  virtual bool constitution_founded() const = 0;
  virtual bool any_mandate_ever() const = 0;
  virtual std::optional<Poll> poll(std::string_view id) const = 0;
  // The election of `body` that is nominating or voting, if any.
  virtual std::optional<Poll> open_election(std::string_view body) const = 0;
  // The standing candidates of a poll, in nomination order.
  virtual std::vector<Candidate> candidates(std::string_view poll) const = 0;
  // Every nomination of a poll, whatever its state, in nomination order.
  virtual std::vector<Candidate> nominations(std::string_view poll) const = 0;
  // Elections, not yet closed, in which `member` stands (accepted candidacies only).
  virtual int64_t open_candidacies(std::string_view member) const = 0;
  virtual bool has_voted(std::string_view poll, std::string_view member) const = 0;
  virtual int64_t voters(std::string_view poll) const = 0;
  // The ballots in the box for `poll`, in no meaningful order.
  virtual std::vector<SealedBallot> sealed_ballots(std::string_view poll) const = 0;
  // The ballots cast openly in `poll` by delegates, by member id.
  virtual std::vector<OpenBallot> open_ballots(std::string_view poll) const = 0;
  virtual std::optional<Mandate> mandate(std::string_view id) const = 0;
  // Running mandates of a body, or of a member, oldest first.
  virtual std::vector<Mandate> body_mandates(std::string_view body) const = 0;
  virtual std::vector<Mandate> member_mandates(std::string_view member) const = 0;
  // The member's mandates running at some time after `since` (UTC), ended ones included.
  virtual std::vector<Mandate> mandates_since(std::string_view member,
                                              std::string_view since) const = 0;
  // Confirmed days of manual labour that started on or after `since` (YYYY-MM-DD).
  virtual int64_t labour_days_since(std::string_view member, std::string_view since) const = 0;
  struct LabourEntry {
    std::string id, member, shop, start, note, confirmed_by;
    int days = 0;
  };
  virtual std::optional<LabourEntry> labour_entry(std::string_view id) const = 0;
  // The published ballots (BLT) of a closed election, if it had any.
  virtual std::optional<std::string> published_ballots(std::string_view poll) const = 0;

  // The electorate of a body (A1): for a shop or workplace its members, each weighing 1;
  // for a body elected by delegates, the holders of its electing bodies' seats, each
  // carrying a share of the members their body represents.
  virtual std::optional<int64_t> elector_weight(const Body& body,
                                                std::string_view member) const = 0;
  virtual int64_t electorate_size(const Body& body) const = 0;
  // The delegates of a body elected by delegates, each with the weight they carry now (empty
  // for a shop or workplace body). Recorded when a poll's voting opens.
  virtual std::map<std::string, int64_t> delegate_weights(const Body& body) const = 0;
  // A member's weight in `poll`, whose electorate is fixed when its voting opens: for a shop
  // or workplace body, the members admitted before that event in the record; for a body
  // elected by delegates, the delegates and weights recorded with it. None for anyone else.
  virtual std::optional<int64_t> poll_weight(std::string_view poll, const Body& body,
                                             std::string_view member) const = 0;
  // Members a body represents: its own electorate's members, through every level.
  virtual int64_t represented(const Body& body) const = 0;
  // True when `member` is among the members `body` represents.
  virtual bool represents(const Body& body, const Member& member) const = 0;

  virtual std::optional<Recall> recall(std::string_view id) const = 0;
  virtual std::optional<Recall> open_recall_of(std::string_view mandate) const = 0;
  virtual bool has_signed(std::string_view recall, std::string_view member) const = 0;
  virtual std::optional<Motion> motion(std::string_view id) const = 0;
  virtual bool has_voted_motion(std::string_view motion, std::string_view member) const = 0;

  // ---- membership and appeals (A12) ----
  virtual std::optional<Application> application(std::string_view id) const = 0;
  // The pending application of the applicant with this member id, if any.
  virtual std::optional<Application> pending_application(std::string_view member) const = 0;
  virtual std::optional<FormerMember> former_member(std::string_view id) const = 0;
  virtual std::optional<Appeal> appeal(std::string_view id) const = 0;
  virtual std::optional<Appeal> appeal_of(std::string_view decision) const = 0;
  // The workplace committee elected by the members of `workplace` (the first declared).
  virtual std::optional<Body> workplace_committee(std::string_view workplace) const = 0;
  // The bodies that `body`'s seat holders elect, the level above it, in declaration order.
  virtual std::vector<Body> bodies_elected_by(std::string_view body) const = 0;

  // ---- the economy (economy.h) ----
  virtual bool economy_imported() const = 0;
  virtual bool economy_has_product(std::string_view id) const = 0;
  // The economy's labour categories (member categories), in the order of its satellites.
  virtual std::vector<std::string> economy_labour_categories() const = 0;
  // A workplace's production data as it now stands, if the economy lists the workplace.
  virtual std::optional<WorkplaceProduction> workplace_production(
      std::string_view workplace) const = 0;

  // ---- planning rounds (round.h) ----
  virtual std::optional<Round> round(std::string_view id) const = 0;
  // The round not yet adopted, if any (one at a time).
  virtual std::optional<Round> open_round() const = 0;
  virtual bool has_voted_round(std::string_view round, int64_t vote,
                               std::string_view member) const = 0;
  // The seq of the last event that changed the economy (its import, a committee's change);
  // 0 when none was imported.
  virtual int64_t economy_seq() const = 0;
  // The round's ballots in the sealed box: ranking is the voter's workplace, then the ranks.
  virtual std::vector<SealedBallot> round_ballots(std::string_view round) const = 0;
  // Every workplace's target in `alternative` of the round's latest computation.
  virtual std::vector<RoundWorkplaceTarget> round_targets(std::string_view round,
                                                          int32_t alternative) const = 0;

  // ---- carrying out the plan (execution.h) ----
  // The latest adopted plan, if any.
  virtual std::optional<PlanExecution> plan_in_execution() const = 0;
  // The workplace's yearly target in that plan as it stands in report period `period`: a
  // revision counts from its first period on (kLatestTarget: after every revision).
  virtual std::optional<PlanTarget> workplace_target(std::string_view workplace,
                                                     int64_t period) const = 0;
  // True when the workplace's committee named `member` to file its reports.
  virtual bool is_reporter(std::string_view workplace, std::string_view member) const = 0;
  virtual std::optional<Report> report(std::string_view id) const = 0;
  // The latest report of a workplace's period: a correction replaces the one it corrects.
  virtual std::optional<Report> latest_report(std::string_view workplace, int64_t period) const = 0;
  // A workplace's series of an indicator ("" its output; execution.h's IndicatorReading).
  virtual std::optional<SeriesState> series_state(std::string_view workplace,
                                                  std::string_view indicator) const = 0;
  // The workplace's hours and inputs per unit of its output in the economy as it stands.
  virtual PlannedUse planned_use(std::string_view workplace) const = 0;
  virtual std::optional<Signal> signal(std::string_view id) const = 0;
  // The workplace's signal of an indicator not yet resolved in that direction (shortfall,
  // over), if any.
  virtual std::optional<Signal> open_signal(std::string_view workplace, std::string_view indicator,
                                            std::string_view direction) const = 0;
  // The body a workplace's signal goes to at `level` (execution.h), if there is one.
  virtual std::optional<Body> signal_body(std::string_view workplace, int32_t level) const = 0;

  // ---- deliberation (deliberation.h) ----
  virtual std::optional<Meeting> meeting(std::string_view id) const = 0;
  virtual std::optional<MeetingItem> meeting_item(std::string_view meeting, int64_t item) const = 0;
  // The requests for the floor on an item not yet given it, in the order asked.
  virtual std::vector<FloorRequest> floor_waiting(std::string_view meeting, int64_t item) const = 0;
  virtual SpeakingState speaking_state(std::string_view meeting, int64_t item) const = 0;
  // The text of a closed item's minutes, kept apart from the record until published.
  virtual std::optional<std::string> sealed_minutes(std::string_view meeting,
                                                    int64_t item) const = 0;
  virtual std::optional<Platform> platform(std::string_view id) const = 0;
  virtual std::optional<std::string> platform_by_name(std::string_view name) const = 0;
  virtual bool supports_platform(std::string_view platform, std::string_view member) const = 0;
  // The fewest supporters of any recognised platform, if one is.
  virtual std::optional<int64_t> least_recognised_supporters() const = 0;

  // What the clock must act on at `now`: polls past their nomination or voting close,
  // motions past their close, mandates past their end, bodies with a seat to fill
  // (vacant, or a term ending within the constitution's lead) and no election open, open
  // rounds past their vote's close, and signals not dealt with in time that have a body
  // above to climb to, and closed meeting items past their expiry.
  struct Due {
    std::vector<std::string> polls, motions, mandates, bodies, rounds, signals;
    std::vector<std::pair<std::string, int64_t>> items;  // meeting, item
  };
  virtual Due due(std::string_view now, std::string_view lead_until) const = 0;
};

// Errors name the offending field as a relative JSON pointer ("/workplace"), so that an
// importer can put the entity's own path in front.
Result<Decision> decide(const RegistryView& state, const Command& command, const Actor& actor);

}  // namespace collegium::federation
