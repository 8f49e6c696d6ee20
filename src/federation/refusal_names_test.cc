// The rules' refusals name people and bodies by name (issue #15): "Anna (m1) is not in the
// electorate of the Casting committee…", never "m1 is not in the electorate of cast", and
// never a sentence that starts with an id. Over the federation tests/scenarios/governance.test
// leaves, with a member of a second workplace admitted beside it, who shares a name with a
// member of the first.
#include <gtest/gtest.h>

#include "federation/read_test_fixture.h"

namespace collegium::federation {
namespace {

class RefusalNames : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new test::ScenarioDir("governance", "refusal-names");
    ASSERT_TRUE(data_->status().ok()) << data_->status().to_string();
    auto f = data_->open();
    ASSERT_TRUE(f.ok());
    auto& fed = **f;
    ASSERT_TRUE(
        fed.execute(CreateWorkplace{{"w2", "Rolling Mill", "north", "metal"}}, kOperator).ok());
    Status admitted = fed.execute(
        AdmitMember{{"m9", "Anna", Category::kProduction, "w2", "", "2020-01-01"}}, kOperator);
    ASSERT_TRUE(admitted.ok()) << admitted.to_string();
  }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }
  void SetUp() override {
    auto f = data_->open();
    ASSERT_TRUE(f.ok()) << f.status().to_string();
    fed_ = std::move(*f);
  }
  static test::ScenarioDir* data_;
  std::unique_ptr<Federation> fed_;
};
test::ScenarioDir* RefusalNames::data_ = nullptr;

TEST_F(RefusalNames, OneOutsideTheElectorateIsToldWhoElectsTheBodyByName) {
  Status s = fed_->execute(CallElection{"cast"}, "m9");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "Anna (m9) is not in the electorate of the Casting committee: it is elected by the "
            "members of the Casting shop");
}

TEST_F(RefusalNames, OneWhoHoldsNoSeatIsToldWhichBodyByName) {
  Status s = fed_->execute(ProposeMotion{"union", "Shorter shifts.", std::nullopt}, "m9");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "Anna (m9) does not sit on the Metalworkers; only its members propose motions");
}

TEST_F(RefusalNames, AppointmentRefusalsNameTheBodiesAndTheWorkplace) {
  // Whoever holds a seat when the scenario ends may propose one; the congress is no union.
  std::string official;
  for (const char* m : {"m1", "m2", "m3", "m4", "m5", "m6"}) {
    if (official.empty() && !fed_->registry().member_mandates(m).empty()) official = m;
  }
  ASSERT_FALSE(official.empty());
  Status s = fed_->execute(ProposeAppointment{"lab", "m4", "Trained.", "congress"}, official);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "The Congress of Producers is not a union body; appointments need the union's "
            "consent (A5)");
  Status elected = fed_->execute(ProposeAppointment{"cast", "m4", "Trained.", "union"}, official);
  ASSERT_FALSE(elected.ok());
  EXPECT_EQ(elected.message().rfind("The Casting committee is a shop committee whose seats", 0), 0u)
      << elected.message();
}

}  // namespace
}  // namespace collegium::federation
