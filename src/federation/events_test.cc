// The registry's events as structs (events.h): every payload is read through its struct
// when it is applied, so a key that is missing or of the wrong type is an error that names
// the event and the key, where it used to be read as '' or 0.
#include "federation/events.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "federation/codec.h"
#include "federation/federation.h"

namespace collegium::federation {
namespace {

namespace fs = std::filesystem;

// Each event struct, made with a value in every field, written and read back, is itself.
TEST(Events, EveryEventStructReadsBackWhatItWrites) {
  auto one = [&]<class T>(std::type_identity<T>) {
    SCOPED_TRACE(std::string(T::kName));
    T v{};
    if constexpr (Described<T>) {
      // Fill every field so that optional ones are written too.
      std::apply(
          [&](const auto&... f) {
            auto fill = [&](const auto& fl) {
              auto& m = v.*(fl.member);
              using M = std::remove_cvref_t<decltype(m)>;
              if constexpr (std::is_same_v<M, std::string>) m = std::string(fl.name) + "-1";
              if constexpr (std::is_same_v<M, std::optional<std::string>>) m = "x";
              if constexpr (std::is_same_v<M, int64_t>) m = 7;
              if constexpr (std::is_same_v<M, std::optional<int64_t>>) m = 3;
              if constexpr (std::is_same_v<M, bool> || std::is_same_v<M, std::optional<bool>>) {
                m = true;
              }
              if constexpr (std::is_same_v<M, Json>) m = Json{{"k", 1}};
            };
            (fill(f), ...);
          },
          T::fields());
    }
    Json written = JsonCodec<T>::write(v);
    auto read = read_registry_event(T::kName, written, "/payload");
    ASSERT_TRUE(read) << "not in RegistryEvent";
    ASSERT_TRUE(read->ok()) << read->status().to_string() << " " << written.dump();
    ASSERT_TRUE(std::holds_alternative<T>(**read));
    EXPECT_EQ(JsonCodec<T>::write(std::get<T>(**read)), written);
  };
  [&]<class... Ts>(std::type_identity<std::variant<Ts...>>) {
    (one(std::type_identity<Ts>{}), ...);
  }(std::type_identity<RegistryEvent>{});
  EXPECT_FALSE(read_registry_event("federation.restored", Json::object(), "/payload"));
}

// Payloads as decide() writes them, keys and all: an optional key is left out, not ''.
TEST(Events, EnumsKeepTheirNamesInPayloads) {
  MandateStarted m;
  m.origin = Mandate::Origin::kCountBack;
  EXPECT_EQ(JsonCodec<MandateStarted>::write(m)["origin"], "count_back");
  auto filed = read_registry_event("appeal.filed", R"({"id": "appeal-1", "decision": "motion-1",
      "kind": "removal", "subject": "m1", "filed_by": "m1", "grounds": "g", "body": "b"})"_json,
                                   "/payload");
  ASSERT_TRUE(filed && filed->ok());
  EXPECT_EQ(std::get<AppealFiled>(**filed).kind, Appeal::Kind::kRemoval);
  EXPECT_EQ(JsonCodec<MotionVoted>::write(MotionVoted{"motion-1", "m1", MotionChoice::kAbstain}),
            (Json{{"motion", "motion-1"}, {"member", "m1"}, {"choice", "abstain"}}));
}

TEST(Events, PayloadsKeepTheirKeys) {
  EXPECT_EQ(JsonCodec<BallotCast>::write(BallotCast{"poll-9", "m1", {}, {}}),
            (Json{{"poll", "poll-9"}, {"member", "m1"}}));
  EXPECT_EQ(JsonCodec<RegionCreated>::write(RegionCreated{{"north", "North"}}),
            (Json{{"id", "north"}, {"name", "North"}}));
  auto closed = read_registry_event(
      "poll.closed", R"({"poll": "poll-9", "voters": 3, "sheet": {}, "elected": []})"_json,
      "/payload");
  ASSERT_TRUE(closed && closed->ok());
  EXPECT_FALSE(std::get<PollClosed>(**closed).ballots);
}

class EventsApplied : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("collegium-events-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fed_ = std::move(*Federation::open(dir_));
  }
  void TearDown() override {
    fed_.reset();
    fs::remove_all(dir_);
  }
  Status append(std::string type, Json payload) {
    return fed_->store().transact([&](store::Transaction& txn) -> Status {
      TRY(txn.append(std::move(type), std::string(kOperator), std::move(payload)));
      return {};
    });
  }
  fs::path dir_;
  std::unique_ptr<Federation> fed_;
};

TEST_F(EventsApplied, AMisspeltOrMistypedKeyIsAnErrorNamingTheEventAndTheKey) {
  uint64_t next = fed_->store().head_seq() + 1;
  // "membr" for "member": before, the candidate was stored with member ''.
  Status s =
      append("poll.nominated", {{"poll", "poll-1"}, {"membr", "m1"}, {"nominated_by", "m1"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kCorrupt);
  EXPECT_EQ(s.where(), fmt::format("event {}/payload/member", next)) << s.to_string();
  EXPECT_NE(s.message().find("poll.nominated"), std::string::npos) << s.to_string();
  EXPECT_NE(s.message().find("required field is missing"), std::string::npos) << s.to_string();
  // A number where a count is expected: before, read as 0.
  s = append("recall.opened", {{"id", "recall-1"},
                               {"mandate", "mandate-1"},
                               {"opened_by", "m1"},
                               {"reason", "r"},
                               {"threshold", "three"},
                               {"electorate", 9}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.where(), fmt::format("event {}/payload/threshold", next)) << s.to_string();
  EXPECT_NE(s.message().find("must be an integer, not string"), std::string::npos);
  // An enum's value outside its names: before, stored as it was.
  s = append("motion.voted", {{"motion", "motion-1"}, {"member", "m1"}, {"choice", "maybe"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.where(), fmt::format("event {}/payload/choice", next)) << s.to_string();
  EXPECT_NE(s.message().find("expected one of: yes, no, abstain"), std::string::npos);
  // Nothing of these was kept: the record and the tables are as they were.
  EXPECT_EQ(fed_->store().head_seq(), next - 1);
  EXPECT_TRUE(fed_->registry().nominations("poll-1").empty());
  // A well-formed one goes in.
  EXPECT_TRUE(append("region.created", {{"id", "north"}, {"name", "North"}}).ok());
  EXPECT_TRUE(fed_->registry().region("north"));
  EXPECT_TRUE(fed_->store().rebuild().ok());
  EXPECT_TRUE(fed_->registry().region("north"));
}

}  // namespace
}  // namespace collegium::federation
