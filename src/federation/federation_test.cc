#include "federation/federation.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/util.h"
#include "federation/demo.h"
#include "federation/file.h"
#include "federation/rebuild_check.h"
#include "federation/rules.h"
#include "federation/tree.h"

namespace collegium::federation {
namespace {

namespace fs = std::filesystem;

class FederationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("collegium-fed-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto f = Federation::open(dir_);
    ASSERT_TRUE(f.ok()) << f.status().to_string();
    fed_ = std::move(*f);
  }
  void TearDown() override {
    fed_.reset();
    fs::remove_all(dir_);
  }

  Status import(const std::string& text) {
    auto commands = read_federation_file(text, "fed.json");
    if (!commands.ok()) return commands.status();
    return fed_->execute(*commands, "operator", {});
  }

  // Every projection table, sorted, as text: two equal dumps mean equal state.
  std::string dump() {
    std::string out;
    for (const char* table :
         {"regions", "branches", "workplaces", "shops", "members", "bodies", "body_electors"}) {
      auto q =
          *fed_->store().db().prepare(std::string("SELECT * FROM ") + table + " ORDER BY 1, 2");
      out += table;
      out += ":\n";
      while (*q.step()) {
        for (int i = 0; i < q.column_count(); ++i) {
          out += std::string(q.column_text(i)) + "|";
        }
        out += "\n";
      }
    }
    return out;
  }

  fs::path dir_;
  std::unique_ptr<Federation> fed_;
};

const char* kSmallFile = R"({
  "format": "collegium-federation", "version": 1,
  "regions": [{"id": "north", "name": "North"}],
  "branches": [{"id": "metal", "name": "Metalworking"}],
  "workplaces": [
    {"id": "w1", "name": "North Foundry", "region": "north", "branch": "metal",
     "shops": [{"id": "w1.cast", "name": "Casting"}, {"id": "w1.tool", "name": "Tool room"}]},
    {"id": "w2", "name": "North Press Works", "region": "north", "branch": "metal"}
  ],
  "members": [
    {"id": "m1", "name": "Anna Petrova", "category": "production", "workplace": "w1",
     "shop": "w1.cast", "joined": "2019-04-01"},
    {"id": "m2", "name": "Ivan Orlov", "category": "technical", "workplace": "w1",
     "joined": "2020-01-15"},
    {"id": "m3", "name": "Rosa Weber", "category": "administrative", "workplace": "w2",
     "joined": "2021-06-30"}
  ],
  "bodies": [
    {"id": "union", "name": "Metalworkers, North", "kind": "union", "seats": 5,
     "constituency": {"bodies": ["wc2", "wc1"]}},
    {"id": "wc1", "name": "Foundry committee", "kind": "workplace_committee", "seats": 3,
     "constituency": {"workplace": "w1"}},
    {"id": "wc2", "name": "Press committee", "kind": "workplace_committee", "seats": 3,
     "term_months": 6, "constituency": {"workplace": "w2"}}
  ]
})";

TEST_F(FederationTest, ImportsAWholeFederation) {
  ASSERT_TRUE(import(kSmallFile).ok()) << import(kSmallFile).to_string();
  auto c = *fed_->counts();
  EXPECT_EQ(c.regions, 1);
  EXPECT_EQ(c.workplaces, 2);
  EXPECT_EQ(c.shops, 2);
  EXPECT_EQ(c.members, 3);
  EXPECT_EQ(c.bodies, 3);
  EXPECT_EQ(c.technical, 1);
  auto m1 = fed_->registry().member("m1");
  ASSERT_TRUE(m1);
  EXPECT_EQ(m1->shop, "w1.cast");
  auto u = fed_->registry().body("union");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->constituency.bodies, (std::vector<std::string>{"wc1", "wc2"}));
  // 1 region, 1 branch, 2 workplaces, 2 shops, 3 members, 3 bodies: one event each.
  EXPECT_EQ(fed_->store().head_seq(), 12u);
  EXPECT_TRUE(fed_->store().verify({}).ok());
}

struct BadFile {
  std::string name, from, to, where;
  Code code;
};

void PrintTo(const BadFile& b, std::ostream* os) {
  *os << b.name;
}

class BadFileTest : public FederationTest, public ::testing::WithParamInterface<BadFile> {};

TEST_P(BadFileTest, IsRefusedPreciselyAndWritesNothing) {
  const BadFile& p = GetParam();
  std::string text = kSmallFile;
  size_t at = text.find(p.from);
  ASSERT_NE(at, std::string::npos) << p.from;
  text.replace(at, p.from.size(), p.to);
  Status s = import(text);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), p.code) << s.to_string();
  EXPECT_EQ(s.where(), p.where) << s.to_string();
  EXPECT_EQ(fed_->store().head_seq(), 0u) << "a refused import wrote events";
  EXPECT_EQ(fed_->counts()->members, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Federation, BadFileTest,
    ::testing::Values(
        BadFile{"UnknownWorkplace", R"("workplace": "w2",
     "joined")",
                R"("workplace": "w9",
     "joined")",
                "fed.json/members/2/workplace", Code::kNotFound},
        BadFile{"MemberInTwoWorkplaces", R"("id": "m3")", R"("id": "m1")",
                "fed.json/members/2/workplace", Code::kAlreadyExists},
        BadFile{"DuplicateWorkplaceName", "North Press Works", "North Foundry",
                "fed.json/workplaces/1/name", Code::kAlreadyExists},
        BadFile{"DuplicateShopId", R"("id": "w1.tool")", R"("id": "w1.cast")",
                "fed.json/workplaces/0/shops/1/id", Code::kAlreadyExists},
        BadFile{"ShopOfAnotherWorkplace", R"("category": "production", "workplace": "w1")",
                R"("category": "production", "workplace": "w2")", "fed.json/members/0/shop",
                Code::kInvalidArgument},
        BadFile{"BodyCycle", R"({"workplace": "w1"})", R"({"bodies": ["union"]})",
                "fed.json/bodies/0/constituency", Code::kInvalidArgument},
        BadFile{"OneSeatCommittee", R"("seats": 3,
     "term_months")",
                R"("seats": 1,
     "term_months")",
                "fed.json/bodies/2/seats", Code::kInvalidArgument},
        BadFile{"UnknownCategory", R"("category": "technical")", R"("category": "manager")",
                "fed.json/members/1/category", Code::kInvalidArgument},
        BadFile{"BadDate", "2021-06-30", "2021-06-31", "fed.json/members/2/joined",
                Code::kInvalidArgument},
        BadFile{"MisspeltField", R"("term_months": 6)", R"("term_month": 6)",
                "fed.json/bodies/2/term_month", Code::kInvalidArgument},
        BadFile{"BadId", R"("id": "north")", R"("id": "North Region")", "fed.json/regions/0/id",
                Code::kInvalidArgument},
        BadFile{"Truncated", R"(  ]
})",
                "  ]", "fed.json:25:4", Code::kParseError},
        BadFile{"WrongType", R"("seats": 5)", R"("seats": "five")", "fed.json/bodies/0/seats",
                Code::kInvalidArgument},
        // Names that reorder or hide what is shown (#12).
        BadFile{"BidiOverrideInAName", "North Press Works", "North \\u202ePress Works",
                "fed.json/workplaces/1/name", Code::kInvalidArgument},
        BadFile{"ZeroWidthInAName", "Rosa Weber", "Rosa\\u200b Weber", "fed.json/members/2/name",
                Code::kInvalidArgument},
        BadFile{"ControlInAName", "Tool room", "Tool\\u001broom",
                "fed.json/workplaces/0/shops/1/name", Code::kInvalidArgument},
        // Found by the fuzzer: a format of the wrong type once threw instead of erring.
        BadFile{"FormatOfTheWrongType", R"("format": "collegium-federation")", R"("format": [1])",
                "fed.json/format", Code::kInvalidArgument}),
    [](const auto& test) { return test.param.name; });

TEST_F(FederationTest, ShopMustBelongToTheMembersWorkplace) {
  ASSERT_TRUE(import(kSmallFile).ok());
  Member m{"m9", "Lev Usov", Category::kProduction, "w2", "w1.cast", "2022-02-02"};
  Status s = fed_->execute(AdmitMember{m}, "operator");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.where(), "/shop");
}

TEST_F(FederationTest, OversizedFilesAreRefusedBeforeParsing) {
  auto r = read_federation_file(std::string(2000, ' '), "big.json", 1000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kResourceExhausted);
  EXPECT_EQ(r.status().where(), "big.json");
}

TEST_F(FederationTest, TheDemoHasTheShapeOfTheSeed) {
  ASSERT_TRUE(load_demo(*fed_, DemoOptions{.workplaces = 30, .members = 4000, .seed = 7}).ok());
  auto c = *fed_->counts();
  EXPECT_EQ(c.workplaces, 30);
  EXPECT_EQ(c.members, 4000);
  EXPECT_EQ(c.production + c.technical + c.administrative, 4000);
  EXPECT_GT(c.production, c.technical);
  EXPECT_GT(c.technical, 0);
  EXPECT_GT(c.administrative, 0);
  auto tree = *body_tree(fed_->store().db(), {});
  ASSERT_GE(tree.size(), 2u);
  EXPECT_EQ(tree[0].body.id, "council");
  EXPECT_EQ(tree[1].body.id, "control");
  const BodyNode& congress = tree[0].electors.at(0);
  EXPECT_EQ(congress.body.kind, BodyKind::kCongress);
  ASSERT_FALSE(congress.electors.empty());
  EXPECT_EQ(congress.electors[0].body.kind, BodyKind::kUnion);
  EXPECT_EQ(congress.electors[0].electors.at(0).body.kind, BodyKind::kWorkplaceCommittee);
  EXPECT_GT(congress.electors[0].electors.at(0).electorate, 2);
  EXPECT_TRUE(fed_->store().verify({}).ok());
}

TEST_F(FederationTest, TheSameSeedGivesTheSameFederation) {
  ASSERT_TRUE(load_demo(*fed_, DemoOptions{.workplaces = 12, .members = 600, .seed = 3}).ok());
  std::string first = dump();
  fed_.reset();
  fs::remove_all(dir_);
  fed_ = std::move(*Federation::open(dir_));
  ASSERT_TRUE(load_demo(*fed_, DemoOptions{.workplaces = 12, .members = 600, .seed = 3}).ok());
  // Projections carry the creating event's seq but no time, so they compare exactly.
  EXPECT_EQ(dump(), first);
}

// The state is a projection of the record: after a full election (counted), a recall
// (petitioned, voted, decided, the seat refilled by count-back) and an appeal (filed, heard,
// decided), every table of the database, emptied, comes back from the record row for row
// (rebuild_check.h says which tables are by design not rebuilt, and why).
TEST_F(FederationTest, RebuildGivesTheSameState) {
  fed_.reset();
  fs::remove_all(dir_);
  std::string now = "2027-01-01T00:00:00.000Z";
  Federation::Options options;
  options.clock = [&now] { return now; };
  auto opened = Federation::open(dir_, options);
  ASSERT_TRUE(opened.ok()) << opened.status().to_string();
  fed_ = std::move(*opened);
  ASSERT_TRUE(load_demo(*fed_, DemoOptions{.workplaces = 4, .members = 120, .seed = 11}).ok());
  const RegistryView& reg = fed_->registry();
  auto run = [&](const Command& c, std::string_view actor) {
    Status s = fed_->execute(c, actor);
    EXPECT_TRUE(s.ok()) << actor << ": " << s.to_string();
    return s.ok();
  };
  auto week_later = [&] { now = rules::plus_seconds(now, 7 * 86400 + 1); };
  auto holders = [&](const std::string& body) {
    std::vector<std::string> out;
    for (const auto& m : reg.body_mandates(body)) out.push_back(m.member);
    return out;
  };
  // The members of the first workplace, production workers first (A10 wants them on its
  // committees).
  std::vector<std::string> members;
  {
    auto q = *fed_->store().db().prepare(
        "SELECT id FROM members WHERE workplace = 'w-1' ORDER BY category <> 'production', id");
    while (*q.step()) members.emplace_back(q.column_text(0));
  }
  ASSERT_GE(members.size(), 20u);
  const std::string committee = "wc-w-1";

  // The committee's election: called by the clock, five candidates, everyone votes.
  ASSERT_TRUE(run(Advance{}, kClock));
  auto election = reg.open_election(committee);
  ASSERT_TRUE(election);
  for (size_t i = 0; i < 5; ++i)
    ASSERT_TRUE(run(Nominate{election->id, members[i], ""}, members[i]));
  week_later();
  ASSERT_TRUE(run(Advance{}, kClock));
  for (size_t i = 0; i < members.size(); ++i) {
    ASSERT_TRUE(run(CastBallot{election->id, {members[i % 5], members[(i + 2) % 5]}}, members[i]));
  }
  week_later();
  ASSERT_TRUE(run(Advance{}, kClock));
  ASSERT_EQ(reg.poll(election->id)->state, Poll::State::kClosed);
  ASSERT_EQ(reg.body_mandates(committee).size(), 3u);

  // A recall of the first seat: petitioned by those who hold none, voted, passed.
  Mandate recalled = reg.body_mandates(committee)[0];
  std::vector<std::string> electors;
  for (const auto& m : members) {
    if (m != recalled.member) electors.push_back(m);
  }
  ASSERT_TRUE(run(OpenRecall{recalled.id, "Never reports back."}, electors[5]));
  auto recall = reg.open_recall_of(recalled.id);
  ASSERT_TRUE(recall);
  for (size_t i = 6; reg.recall(recall->id)->state == Recall::State::kPetition; ++i) {
    ASSERT_LT(i, electors.size());
    ASSERT_TRUE(run(SignRecall{recall->id}, electors[i]));
  }
  std::string vote = reg.recall(recall->id)->poll;
  for (size_t i = 5; i < electors.size(); ++i)
    ASSERT_TRUE(run(CastBallot{vote, {"yes"}}, electors[i]));
  week_later();
  ASSERT_TRUE(run(Advance{}, kClock));
  ASSERT_EQ(reg.recall(recall->id)->state, Recall::State::kPassed);
  ASSERT_FALSE(reg.mandate(recalled.id)->ended.empty());

  // The union one level up, elected openly by the committee's delegates.
  auto bodies = reg.bodies_elected_by(committee);
  ASSERT_FALSE(bodies.empty());
  const Body& union_body = bodies[0];
  auto union_election = reg.open_election(union_body.id);
  ASSERT_TRUE(union_election);
  std::vector<std::string> delegates = holders(committee);
  std::vector<std::string> nominees;
  for (size_t i = 5; nominees.size() < static_cast<size_t>(union_body.seats); ++i) {
    ASSERT_LT(i, members.size());
    if (members[i] == recalled.member) continue;
    nominees.push_back(members[i]);
    ASSERT_TRUE(run(Nominate{union_election->id, members[i], ""}, delegates[0]));
    ASSERT_TRUE(run(AcceptNomination{union_election->id}, members[i]));
  }
  week_later();
  ASSERT_TRUE(run(Advance{}, kClock));
  for (const auto& d : delegates) ASSERT_TRUE(run(CastBallot{union_election->id, nominees}, d));
  week_later();
  ASSERT_TRUE(run(Advance{}, kClock));
  ASSERT_EQ(reg.poll(union_election->id)->state, Poll::State::kClosed);
  std::vector<std::string> union_holders = holders(union_body.id);
  ASSERT_EQ(union_holders.size(), static_cast<size_t>(union_body.seats));

  // An appeal: the committee removes a member, who appeals to the union; heard, upheld.
  std::string removed = members.back();
  ASSERT_TRUE(run(ProposeRemoval{removed, "Absent for months."}, delegates[0]));
  std::string decision;
  {
    auto q = *fed_->store().db().prepare(
        "SELECT id FROM motions WHERE kind = 'removal' ORDER BY seq DESC LIMIT 1");
    ASSERT_TRUE(*q.step());
    decision = q.column_text(0);
  }
  for (const auto& d : delegates) ASSERT_TRUE(run(VoteMotion{decision, "yes"}, d));
  week_later();
  ASSERT_TRUE(run(Advance{}, kClock));
  ASSERT_FALSE(reg.member(removed));
  ASSERT_TRUE(run(FileAppeal{decision, "I was ill, with a doctor's note."}, removed));
  auto appeal = reg.appeal_of(decision);
  ASSERT_TRUE(appeal);
  ASSERT_TRUE(run(HearAppeal{appeal->id, "The member showed the note."}, union_holders[0]));
  std::string hearing = reg.appeal(appeal->id)->motion;
  for (const auto& h : union_holders) ASSERT_TRUE(run(VoteMotion{hearing, "yes"}, h));
  week_later();
  ASSERT_TRUE(run(Advance{}, kClock));
  ASSERT_EQ(reg.appeal(appeal->id)->state, Appeal::State::kUpheld);
  ASSERT_TRUE(reg.member(removed));

  auto before = rebuild_check::dump(fed_->store().db());
  ASSERT_TRUE(before.ok()) << before.status().to_string();
  for (const char* table : {"members", "bodies", "body_electors", "polls", "candidates",
                            "poll_voters", "mandates", "recalls", "recall_signatures", "motions",
                            "motion_votes", "poll_electors", "open_ballots", "appeals"}) {
    EXPECT_FALSE(before->at(table).empty()) << table << " holds nothing to rebuild";
  }
  auto difference = rebuild_check::rebuild_and_compare(fed_->store());
  ASSERT_TRUE(difference.ok()) << difference.status().to_string();
  EXPECT_EQ(*difference, "");
}

TEST_F(FederationTest, DemoRefusesAFullDataDirectory) {
  ASSERT_TRUE(import(kSmallFile).ok());
  Status s = load_demo(*fed_, DemoOptions{});
  EXPECT_EQ(s.code(), Code::kFailedPrecondition);
  EXPECT_EQ(check_demo_options({.workplaces = 10, .members = 20}).where(), "--members");
}

}  // namespace
}  // namespace collegium::federation
