// The registry's read models over the federation that tests/scenarios/governance.test
// leaves: a shop committee of six members, a congress and a union elected by it, and a
// specialist laboratory whose one appointee was recalled.
#include "federation/read_registry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "federation/read_officials.h"
#include "federation/read_test_fixture.h"

namespace collegium::federation {
namespace {

class ReadRegistry : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new test::ScenarioDir("governance", "read-registry");
    ASSERT_TRUE(data_->status().ok()) << data_->status().to_string();
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
test::ScenarioDir* ReadRegistry::data_ = nullptr;

std::vector<std::string> ids(const BodyList& l) {
  std::vector<std::string> out;
  for (const auto& b : l.bodies) out.push_back(b.id);
  return out;
}

TEST_F(ReadRegistry, PagesOfBodiesFollowTheOrderDeclaredWithoutGapsOrOverlap) {
  auto all = list_bodies(*fed_, {}, {});
  ASSERT_TRUE(all.ok()) << all.status().to_string();
  EXPECT_EQ(ids(*all), (std::vector<std::string>{"cast", "congress", "union", "lab"}));
  std::vector<std::string> paged;
  for (int64_t offset = 0; offset < 5; offset += 2) {
    auto page = list_bodies(*fed_, {}, {offset, 2});
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->offset, offset);
    EXPECT_EQ(page->limit, 2);
    for (const auto& id : ids(*page)) paged.push_back(id);
  }
  EXPECT_EQ(paged, ids(*all));
  auto unions = list_bodies(*fed_, {"union"}, {});
  ASSERT_TRUE(unions.ok());
  EXPECT_EQ(ids(*unions), std::vector<std::string>{"union"});
  EXPECT_EQ(unions->bodies[0].kind, "union");
  EXPECT_EQ(unions->bodies[0].name, "Metalworkers");
}

TEST_F(ReadRegistry, AnUnknownKindOrABadPageIsRefusedNamingIt) {
  auto kind = list_bodies(*fed_, {"guild"}, {});
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(kind.status().where(), "kind");
  EXPECT_NE(kind.status().message().find("shop_committee"), std::string::npos);
  for (Page bad : {Page{0, 0}, Page{0, kMaxPageLimit + 1}, Page{-1, 10}}) {
    auto r = list_bodies(*fed_, {}, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().where(), bad.offset < 0 ? "offset" : "limit");
  }
  auto members = list_members(*fed_, {}, {});
  ASSERT_FALSE(members.ok());
  EXPECT_EQ(members.status().where(), "workplace");
}

TEST_F(ReadRegistry, ABodyShowsItsElectorateSeatsAndWhomItElects) {
  auto cast = read_body(*fed_, "cast");
  ASSERT_TRUE(cast.ok()) << cast.status().to_string();
  EXPECT_EQ(cast->electorate, 6);  // the six members of the casting shop
  EXPECT_EQ(cast->constituency.shop, "w1.cast");
  EXPECT_EQ(cast->constituency_name, "Casting");
  EXPECT_EQ(cast->constituency_workplace, "w1");
  ASSERT_EQ(cast->seat_holders.size(), 3u);
  // In the order the seats were filled, which a tie's lot decides: Anna holds one of them.
  auto anna = std::find_if(cast->seat_holders.begin(), cast->seat_holders.end(),
                           [](const auto& s) { return s.holder.value == "m1"; });
  ASSERT_NE(anna, cast->seat_holders.end());
  EXPECT_EQ(anna->holder_name, "Anna");
  std::vector<std::string> elects;
  for (const auto& b : cast->elects) elects.push_back(b.id);
  EXPECT_EQ(elects, (std::vector<std::string>{"congress", "union"}));

  // The congress is elected by the casting committee's three seats.
  auto congress = read_body(*fed_, "congress");
  ASSERT_TRUE(congress.ok());
  EXPECT_EQ(congress->electorate, 3);
  ASSERT_EQ(congress->electors.size(), 1u);
  EXPECT_EQ(congress->electors[0].id, "cast");

  // The laboratory's appointee was recalled: its seat is vacant, and says so as null.
  auto lab = read_body(*fed_, "lab");
  ASSERT_TRUE(lab.ok());
  ASSERT_EQ(lab->seat_holders.size(), 1u);
  Json seat = write_json(lab->seat_holders[0]);
  EXPECT_EQ(seat, (Json{{"seat", 1}, {"holder", nullptr}, {"term_ends", nullptr}}));

  auto none = read_body(*fed_, "nobody");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), Code::kNotFound);
  EXPECT_EQ(none.status().where(), "id");
}

TEST_F(ReadRegistry, AMemberSeesAnothersOfficesButNotTheirShop) {
  auto full = read_member(*fed_, "m1", true);
  auto seen = read_member(*fed_, "m1", false);
  ASSERT_TRUE(full.ok() && seen.ok());
  EXPECT_EQ(full->shop, "w1.cast");
  EXPECT_EQ(full->joined, "2020-01-01");
  EXPECT_FALSE(seen->shop);
  EXPECT_FALSE(seen->joined);
  EXPECT_FALSE(write_json(*seen).contains("shop"));
  ASSERT_EQ(seen->offices.size(), 2u);  // the casting committee and the congress
  EXPECT_EQ(seen->offices, full->offices);
  auto list = list_members(*fed_, {"w1"}, {1, 2});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->members.size(), 2u);
  EXPECT_EQ(list->members[0].id, "m2");
  EXPECT_FALSE(list->members[0].shop);  // lists give the view members have of each other
}

TEST_F(ReadRegistry, TheOverviewCountsTheRegistry) {
  auto o = read_federation(*fed_, {3, 10});
  ASSERT_TRUE(o.ok()) << o.status().to_string();
  EXPECT_EQ(o->counts.members, 6);
  EXPECT_EQ(o->counts.bodies, 4);
  EXPECT_EQ(o->counts.technical, 1);
  EXPECT_EQ(o->record.seq, static_cast<int64_t>(fed_->store().head_seq()));
  ASSERT_FALSE(o->tree.empty());
}

// A database error met on a row is the read's result, never a shorter list.
TEST_F(ReadRegistry, AnErrorReadingRowsIsReturned) {
  auto before = read_official(*fed_, "m4");
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->reports.size(), 1u);
  // Every row of the reports fails as it is read (SQLite's integer overflow).
  ASSERT_TRUE(fed_->store()
                  .db()
                  .exec("ALTER TABLE reports RENAME TO reports_kept;"
                        "CREATE VIEW reports AS SELECT id, mandate, member, body, text, "
                        "CASE WHEN abs(seq * 0 - 9223372036854775807 - 1) > 0 THEN time END AS "
                        "time, seq FROM reports_kept")
                  .ok());
  auto after = read_official(*fed_, "m4");
  EXPECT_FALSE(after.ok());
  ASSERT_TRUE(fed_->store()
                  .db()
                  .exec("DROP VIEW reports; ALTER TABLE reports_kept RENAME TO reports")
                  .ok());
}

}  // namespace
}  // namespace collegium::federation
