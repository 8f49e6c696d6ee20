// The figures the rules and the read models share (obligations.h), and the reads that show
// them: the pay differential (B8), the report-back date, the window to appeal (A12).
#include "federation/read_officials.h"

#include <gtest/gtest.h>

#include "federation/obligations.h"
#include "federation/read_appeals.h"
#include "federation/read_test_fixture.h"

namespace collegium::federation {
namespace {

TEST(Obligations, TheDifferentialIsTheOfficesPayOverTheMedian) {
  auto odd = pay_differential(3000, {3000, 1000, 2000});
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->electorate_median, 2000.0);
  EXPECT_EQ(odd->electorate_with_pay, 3);
  EXPECT_EQ(odd->differential, 1.5);
  auto even = pay_differential(2500, {4000, 1000, 3000, 2000});
  ASSERT_TRUE(even);
  EXPECT_EQ(even->electorate_median, 2500.0);
  EXPECT_EQ(even->differential, 1.0);
  auto unpaid = pay_differential(100, {0, 0, 5});
  ASSERT_TRUE(unpaid);
  EXPECT_FALSE(unpaid->differential);  // no ratio to a median of nothing
  EXPECT_FALSE(pay_differential(100, {}));
}

TEST(Obligations, DatesAreCountedFromTheirStart) {
  Constitution c;
  c.appeal_days = 90;
  c.report_back_seconds = 30 * 86400;
  EXPECT_EQ(appeal_until(c, "2027-06-01T00:00:00.000Z"), "2027-08-30T00:00:00.000Z");
  EXPECT_EQ(report_due(c, "2027-01-31T12:00:00.000Z", ""), "2027-03-02T12:00:00.000Z");
  EXPECT_EQ(report_due(c, "2027-01-31T12:00:00.000Z", "2027-02-10T00:00:00.000Z"),
            "2027-03-12T00:00:00.000Z");
}

TEST(ReadOfficials, AnOfficesPayStandsBesideThePayOfThoseItRepresents) {
  test::ScenarioDir data("governance", "read-pay");
  ASSERT_TRUE(data.status().ok()) << data.status().to_string();
  auto fed = data.open();
  ASSERT_TRUE(fed.ok());
  // The casting committee's offices are paid 2600; of the six it represents, m1's 2400 is
  // recorded.
  auto cast = read_body_pay(**fed, "cast");
  ASSERT_TRUE(cast.ok()) << cast.status().to_string();
  ASSERT_TRUE(cast->pay.value);
  EXPECT_EQ(cast->pay.value->monthly, 2600);
  EXPECT_EQ(cast->pay.value->benefits, "Travel to the congress.");
  EXPECT_EQ(cast->pay.value->electorate_median, 2400.0);
  EXPECT_EQ(cast->pay.value->electorate_with_pay, 1);
  EXPECT_EQ(cast->pay.value->differential, 2600.0 / 2400.0);
  auto congress = read_body_pay(**fed, "congress");
  ASSERT_TRUE(congress.ok());
  EXPECT_EQ(write_json(*congress), (Json{{"body", "congress"}, {"pay", nullptr}}));
  auto all = list_body_pay(**fed);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->bodies.size(), 1u);
  EXPECT_EQ(all->bodies[0], *cast);
  EXPECT_EQ(read_body_pay(**fed, "nobody").status().code(), Code::kNotFound);

  auto m4 = read_official(**fed, "m4");
  ASSERT_TRUE(m4.ok());
  ASSERT_EQ(m4->reports.size(), 1u);
  EXPECT_EQ(m4->reports[0].body_name, "Congress of Producers");
  EXPECT_EQ(m4->labour_days_a_year, 30);
}

// The window a page shows is the one file_appeal applies: open up to and at its last
// moment, closed after.
TEST(ReadOfficials, AnAdverseDecisionCanBeAppealedUntilTheWindowCloses) {
  test::ScenarioDir data("appeals", "read-appeals");
  ASSERT_TRUE(data.status().ok()) << data.status().to_string();
  auto window = [&](const std::string& now) {
    auto fed = data.open(now);
    EXPECT_TRUE(fed.ok());
    auto d = list_adverse_decisions(**fed, {"a1"});
    EXPECT_TRUE(d.ok());
    for (const auto& x : d->decisions) {
      if (x.decision == "motion-110") return std::pair{x.appeal_until, x.open};
    }
    return std::pair{std::string(), false};
  };
  EXPECT_EQ(window("2027-08-30T00:00:00.000Z"),
            std::pair(std::string("2027-08-30T00:00:00.000Z"), true));
  EXPECT_EQ(window("2027-08-30T00:00:00.001Z").second, false);

  auto fed = data.open("2027-08-30T00:00:00.001Z");
  ASSERT_TRUE(fed.ok());
  Status late = (*fed)->execute(FileAppeal{"motion-110", "The window is read the same way."}, "a1");
  EXPECT_EQ(late.code(), Code::kFailedPrecondition) << late.to_string();
  EXPECT_NE(late.message().find("2027-08-30T00:00:00.000Z"), std::string::npos);
}

}  // namespace
}  // namespace collegium::federation
