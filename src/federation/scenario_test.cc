// Runs the governance scenarios in tests/scenarios/*.test through the Runner
// (scenario_runner.h, which describes the format), and tests the format itself.
#include <gtest/gtest.h>

#include "federation/recount_check.h"
#include "federation/scenario_runner.h"

namespace collegium::federation {
namespace {

using scenario::Runner;
namespace fs = std::filesystem;

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(COLLEGIUM_SOURCE_DIR) / "tests/scenarios")) {
    if (e.path().extension() == ".test") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

fs::path scratch(const std::string& what) {
  return fs::temp_directory_path() /
         ("collegium-scenario-" + std::to_string(::getpid()) + "-" + what);
}

class Scenario : public ::testing::TestWithParam<fs::path> {};

TEST_P(Scenario, Runs) {
  Runner runner(GetParam().filename().string(), scratch(GetParam().stem().string()));
  auto failed = runner.run(*read_file(GetParam()));
  ASSERT_FALSE(failed) << *failed;
  store::Store& store = runner.federation().store();
  EXPECT_TRUE(store.verify({}).ok());
  // Every count the scenario made is repeated by the command it published (invariant 7);
  // recount.test holds a count of each kind that a plain recount could get wrong.
  auto recounted = recount_check::expect_every_recount_matches(store);
  if (GetParam().stem() == "recount") {
    EXPECT_TRUE(recounted.constraint) << "no seat decided by a category minimum";
    EXPECT_TRUE(recounted.lot) << "no tie decided by lot";
    EXPECT_TRUE(recounted.weighted) << "no weighted delegate's ballot";
    EXPECT_TRUE(recounted.count_back) << "no count-back";
    EXPECT_TRUE(recounted.motion) << "no recall vote";
  }
}

// A scenario does not depend on the seqs that its ids are made from: the same file with one
// more command in front of it, which moves every seq after it, still holds line for line.
TEST_P(Scenario, HoldsWithAnotherCommandInFront) {
  std::string text = *read_file(GetParam());
  size_t first = text.starts_with("> ") ? 0 : text.find("\n> ");
  ASSERT_NE(first, std::string::npos);
  if (first != 0) ++first;
  text.insert(first,
              "> {\"create_region\": {\"id\": \"inserted\", \"name\": \"Inserted\"}}\n"
              "ok region.created\n");
  Runner runner(GetParam().filename().string(), scratch(GetParam().stem().string() + "-moved"));
  auto failed = runner.run(text);
  EXPECT_FALSE(failed) << *failed;
}

// The syntax itself, on a small federation: captures, payload checks and queries each hold
// where they should and fail, saying why, where they should not.
TEST(ScenarioSyntax, CapturesChecksAndQueries) {
  const std::string base =
      R"(> {"found_constitution": {"nomination_period": "P2D", "voting_period": "P3D"}}
ok constitution.founded
> {"create_region": {"id": "north", "name": "North"}}
ok region.created
> {"create_branch": {"id": "metal", "name": "Metalworking"}}
ok branch.created
> {"create_workplace": {"id": "w1", "name": "Foundry", "region": "north", "branch": "metal"}}
ok workplace.created
> {"create_shop": {"id": "w1.cast", "workplace": "w1", "name": "Casting"}}
ok shop.created
> {"admit_member": {"id": "m1", "name": "Anna", "category": "production", "workplace": "w1", "shop": "w1.cast", "joined": "2020-01-01"}}
ok member.admitted
> {"declare_body": {"id": "cast", "name": "Casting committee", "kind": "shop_committee", "seats": 3, "constituency": {"shop": "w1.cast"}}}
ok body.declared
> as clock {"advance": {}}
ok poll.called => $election
  poll.called {"id": "$election", "body": "cast", "seats": 3}
> as m1 {"nominate": {"poll": "$election", "member": "m1"}}
ok poll.nominated
? poll $election {"state": "nominating", "body": "cast"}
? candidates $election [{"member": "m1", "state": "standing"}]
? mandates body=cast []
)";
  auto run = [&](const std::string& more) {
    Runner runner("syntax.test", scratch("syntax"));
    return runner.run(base + more);
  };
  auto expect_failure = [&](const std::string& more, const std::string& says) {
    auto failed = run(more);
    ASSERT_TRUE(failed) << more;
    EXPECT_NE(failed->find(says), std::string::npos) << *failed;
  };
  auto good = run("");
  EXPECT_FALSE(good) << *good;
  expect_failure("? poll $election {\"state\": \"closed\"}\n", "\"nominating\"");
  expect_failure("? poll $nothing {}\n", "nothing captured as $nothing");
  expect_failure("? mandates body=cast [{}]\n", "differs at /");
  expect_failure("? poll poll-1 null\n? poll $election null\n", "expected (at least) null");
  expect_failure(
      "> as m1 {\"set_statement\": {\"poll\": \"$election\", \"text\": \"Yes.\"}}\n"
      "ok poll.statement\n  poll.statement {\"text\": \"No.\"}\n",
      "expected (at least) {\"text\":\"No.\"}");
  expect_failure(
      "> as m1 {\"set_statement\": {\"poll\": \"$election\", \"text\": \"Yes.\"}}\n"
      "ok poll.statement => $x\n",
      "none left for $x");
  expect_failure(
      "> as m1 {\"set_statement\": {\"poll\": \"$election\", \"text\": \"Yes.\"}}\n"
      "ok poll.statement\n  poll.statement {}\n  poll.statement {}\n",
      "no poll.statement event left to check");
  expect_failure(
      "> {\"create_region\": {\"id\": \"south\", \"name\": \"South\"}}\n"
      "ok region.created => $election\n",
      "$election is captured twice");
}

INSTANTIATE_TEST_SUITE_P(Files, Scenario, ::testing::ValuesIn(scenario_files()),
                         [](const auto& file) {
                           std::string n = file.param.stem().string();
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace collegium::federation
