// The registry's projections: SQL tables derived from the public record, and the
// RegistryView that decide() reads them through.
#pragma once

#include <map>
#include <memory>
#include <optional>

#include "federation/ballot_box.h"
#include "federation/decide.h"
#include "store/store.h"

namespace collegium::federation {

// Prepared statements of one connection, kept by the address of their SQL text (a string
// literal or a static string), so that hot paths prepare each statement once.
class StatementCache {
 public:
  explicit StatementCache(store::Sqlite& db) : db_(db) {}
  // The statement for `sql`, reset and ready for binding.
  store::Statement& operator()(const char* sql);

 private:
  store::Sqlite& db_;
  std::map<const char*, store::Statement> map_;
};

// The governance tables: their schema and names for rebuild() (governance_schema.cc).
store::Migration governance_migration();
store::Migration membership_migration();
store::Migration ballot_box_migration();
store::Migration rules_migration();
store::Migration open_ballots_migration();
std::vector<std::string> governance_tables();
// The economy's tables (economy_projection.cc).
store::Migration economy_migration();
std::vector<std::string> economy_tables();
// A round's tables (round_projection.cc).
store::Migration round_migration();
std::vector<std::string> round_tables();
// The tables of carrying out a plan (execution_projection.cc).
store::Migration execution_migration();
store::Migration execution_indicators_migration();
std::vector<std::string> execution_tables();
// Meetings and platforms (deliberation_projection.cc). The minutes box is not among the
// tables: like the ballot box, the record never holds what it keeps (rebuild_check.h).
store::Migration deliberation_migration();
std::vector<std::string> deliberation_tables();
// How an event of the registry changes its tables (governance_apply.cc): the payload is
// read through the event's struct (events.h) and applied by that type's function. Events
// of other modules change nothing; a payload that does not read is an error naming the
// event's seq and the key. poll.closed empties its poll's part of the sealed box (`box`).
Status apply_registry_event(StatementCache& q, BallotBox& box, const record::Event& event);

// Applies registry events to the projection tables. Events of other modules are ignored.
class RegistryProjector : public store::Projector {
 public:
  std::vector<store::Migration> migrations() const override;
  std::vector<std::string> tables() const override;
  Status apply(store::Sqlite& db, const record::Event& event) override;
  Result<Json> seal_backup(store::Sqlite& copy) override { return BallotBox::empty_backup(copy); }
  // The box whose ballots poll.closed deletes; its owner scrubs the log after each commit.
  BallotBox& box() { return box_; }

 private:
  std::unique_ptr<StatementCache> governance_;  // per connection, made on first use
  store::Sqlite* prepared_for_ = nullptr;
  BallotBox box_;
};

// RegistryView over the projection tables of `db` (which must outlive it). Inside a
// transaction it sees that transaction's own writes.
class SqlRegistry : public RegistryView {
 public:
  explicit SqlRegistry(store::Sqlite& db);
  ~SqlRegistry() override;

  std::optional<Region> region(std::string_view id) const override;
  std::optional<Branch> branch(std::string_view id) const override;
  std::optional<Workplace> workplace(std::string_view id) const override;
  std::optional<Shop> shop(std::string_view id) const override;
  std::optional<Member> member(std::string_view id) const override;
  std::optional<Body> body(std::string_view id) const override;
  std::optional<std::string> id_by_name(Named kind, std::string_view name) const override;
  std::optional<std::string> shop_by_name(std::string_view workplace,
                                          std::string_view name) const override;

  Constitution constitution() const override;
  bool constitution_founded() const override;
  bool any_mandate_ever() const override;
  std::optional<Poll> poll(std::string_view id) const override;
  std::optional<Poll> open_election(std::string_view body) const override;
  std::vector<Candidate> candidates(std::string_view poll) const override;
  std::vector<Candidate> nominations(std::string_view poll) const override;
  int64_t open_candidacies(std::string_view member) const override;
  bool has_voted(std::string_view poll, std::string_view member) const override;
  int64_t voters(std::string_view poll) const override;
  std::vector<SealedBallot> sealed_ballots(std::string_view poll) const override;
  std::vector<OpenBallot> open_ballots(std::string_view poll) const override;
  std::optional<Mandate> mandate(std::string_view id) const override;
  std::vector<Mandate> body_mandates(std::string_view body) const override;
  std::vector<Mandate> member_mandates(std::string_view member) const override;
  std::vector<Mandate> mandates_since(std::string_view member,
                                      std::string_view since) const override;
  int64_t labour_days_since(std::string_view member, std::string_view since) const override;
  std::optional<LabourEntry> labour_entry(std::string_view id) const override;
  std::optional<std::string> published_ballots(std::string_view poll) const override;
  std::optional<int64_t> elector_weight(const Body& body, std::string_view member) const override;
  int64_t electorate_size(const Body& body) const override;
  std::map<std::string, int64_t> delegate_weights(const Body& body) const override;
  std::optional<int64_t> poll_weight(std::string_view poll, const Body& body,
                                     std::string_view member) const override;
  int64_t represented(const Body& body) const override;
  bool represents(const Body& body, const Member& member) const override;
  std::optional<Recall> recall(std::string_view id) const override;
  std::optional<Recall> open_recall_of(std::string_view mandate) const override;
  bool has_signed(std::string_view recall, std::string_view member) const override;
  std::optional<Motion> motion(std::string_view id) const override;
  bool has_voted_motion(std::string_view motion, std::string_view member) const override;
  std::optional<Application> application(std::string_view id) const override;
  std::optional<Application> pending_application(std::string_view member) const override;
  std::optional<FormerMember> former_member(std::string_view id) const override;
  std::optional<Appeal> appeal(std::string_view id) const override;
  std::optional<Appeal> appeal_of(std::string_view decision) const override;
  std::optional<Body> workplace_committee(std::string_view workplace) const override;
  std::vector<Body> bodies_elected_by(std::string_view body) const override;
  Due due(std::string_view now, std::string_view lead_until) const override;
  bool economy_imported() const override;
  bool economy_has_product(std::string_view id) const override;
  std::vector<std::string> economy_labour_categories() const override;
  std::optional<WorkplaceProduction> workplace_production(
      std::string_view workplace) const override;
  std::optional<Round> round(std::string_view id) const override;
  std::optional<Round> open_round() const override;
  bool has_voted_round(std::string_view round, int64_t vote,
                       std::string_view member) const override;
  int64_t economy_seq() const override;
  std::vector<SealedBallot> round_ballots(std::string_view round) const override;
  std::vector<RoundWorkplaceTarget> round_targets(std::string_view round,
                                                  int32_t alternative) const override;
  std::optional<PlanExecution> plan_in_execution() const override;
  std::optional<PlanTarget> workplace_target(std::string_view workplace,
                                             int64_t period) const override;
  bool is_reporter(std::string_view workplace, std::string_view member) const override;
  std::optional<Report> report(std::string_view id) const override;
  std::optional<Report> latest_report(std::string_view workplace, int64_t period) const override;
  std::optional<SeriesState> series_state(std::string_view workplace,
                                          std::string_view indicator) const override;
  PlannedUse planned_use(std::string_view workplace) const override;
  std::optional<Signal> signal(std::string_view id) const override;
  std::optional<Signal> open_signal(std::string_view workplace, std::string_view indicator,
                                    std::string_view direction) const override;
  std::optional<Body> signal_body(std::string_view workplace, int32_t level) const override;
  std::optional<Meeting> meeting(std::string_view id) const override;
  std::optional<MeetingItem> meeting_item(std::string_view meeting, int64_t item) const override;
  std::vector<FloorRequest> floor_waiting(std::string_view meeting, int64_t item) const override;
  SpeakingState speaking_state(std::string_view meeting, int64_t item) const override;
  std::optional<std::string> sealed_minutes(std::string_view meeting, int64_t item) const override;
  std::optional<Platform> platform(std::string_view id) const override;
  std::optional<std::string> platform_by_name(std::string_view name) const override;
  bool supports_platform(std::string_view platform, std::string_view member) const override;
  std::optional<int64_t> least_recognised_supporters() const override;

  // Writes a ballot into the sealed box (Federation::execute, in the command's transaction).
  Status seal(const SealedBallot& ballot) { return BallotBox::seal(cache_, ballot); }
  // Keeps a closed item's minutes in the minutes box (deliberation.h), replacing earlier ones.
  Status seal_minutes(const SealedMinutes& minutes);

 private:
  struct Statements;
  store::Sqlite& db_;
  std::unique_ptr<Statements> q_;
  mutable StatementCache cache_;
};

}  // namespace collegium::federation
