// Runs the governance scenarios in tests/scenarios/*.test (DESIGN.md: text-driven
// scenario files, in the manner of sqllogictest).
//
// A scenario file is a sequence of commands, each followed by what must happen:
//
//   # a comment
//   > {"create_region": {"id": "north", "name": "North"}}
//   ok region.created
//   > {"create_region": {"id": "north", "name": "Elsewhere"}}
//   error already_exists /id
//
// "ok" lists the event types the command must produce, in order; "error" gives the stable
// error code and, optionally, the field the error must name. Each file starts from an
// empty federation; a refused command must leave the record unchanged.
//
// Commands are given by the operator unless the line names someone else:
//   > as m1 {"nominate": {"poll": "poll-12", "member": "m1"}}
//   > as clock {"advance": {}}
// and time stands still at the last "@ 2027-01-01T00:00:00Z" line (2027-01-01 until one
// comes), so that terms, deadlines and windows are played forward by hand. A line
// "! rebuild" recomputes the state from the record, as `collegium rebuild` does, so that a
// file can show that what follows is decided the same way from the record alone.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "base/util.h"
#include "federation/codec.h"
#include "federation/federation.h"
#include "federation/recount_check.h"

namespace collegium::federation {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(COLLEGIUM_SOURCE_DIR) / "tests/scenarios")) {
    if (e.path().extension() == ".test") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class Scenario : public ::testing::TestWithParam<fs::path> {};

TEST_P(Scenario, Runs) {
  fs::path dir = fs::temp_directory_path() /
                 ("collegium-scenario-" + std::to_string(::getpid()) + "-" +
                  GetParam().stem().string());
  fs::remove_all(dir);
  std::string now = "2027-01-01T00:00:00.000Z";
  Federation::Options options;
  options.clock = [&now] { return now; };
  auto fed = std::move(*Federation::open(dir, options));
  std::string text = *read_file(GetParam());
  std::istringstream in(text);
  std::string line, command_line;
  int number = 0, command_number = 0, checked = 0;
  // The command, or why it could not be read (which the expectation may then name).
  std::optional<Result<Command>> pending;
  std::string actor;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::string at = fmt::format("{}:{}", GetParam().filename().string(), number);
    if (line.starts_with("@ ")) {
      auto ms = utc_to_unix_ms(line.substr(2));
      ASSERT_TRUE(ms.ok()) << at << ": " << ms.status().to_string();
      now = unix_ms_to_utc(*ms);
      continue;
    }
    if (line == "! rebuild") {
      ASSERT_FALSE(pending) << at << ": a command needs an expectation before a rebuild";
      Status rebuilt = fed->store().rebuild();
      ASSERT_TRUE(rebuilt.ok()) << at << ": " << rebuilt.to_string();
      continue;
    }
    if (line.starts_with("> ")) {
      ASSERT_FALSE(pending) << at << ": a command needs an expectation before the next command";
      actor = std::string(kOperator);
      if (line.starts_with("> as ")) {
        size_t end = line.find(' ', 5);
        ASSERT_NE(end, std::string::npos) << at;
        actor = line.substr(5, end - 5);
        line = "> " + line.substr(end + 1);
      }
      auto j = parse_json(line.substr(2), at);
      ASSERT_TRUE(j.ok()) << j.status().to_string();
      pending = command_from_json(*j, "");
      command_number = number;
      continue;
    }
    ASSERT_TRUE(pending) << at << ": an expectation without a command";
    uint64_t head = fed->store().head_seq();
    Status s = pending->ok() ? fed->execute(**pending, actor) : pending->status();
    pending.reset();
    std::istringstream words(line);
    std::string verdict;
    words >> verdict;
    std::string where = fmt::format("{} (command at line {})", at, command_number);
    if (verdict == "ok") {
      ASSERT_TRUE(s.ok()) << where << ": refused: [" << code_name(s.code()) << "] " << s.to_string();
      std::vector<std::string> expected, actual;
      std::string shown;  // the events themselves, to show what happened instead
      for (std::string t; words >> t;) expected.push_back(t);
      ASSERT_TRUE(fed->store().for_each_event(head + 1, [&](uint64_t, std::string_view bytes,
                                                            const Digest&) -> Status {
        actual.push_back(parse_json(bytes)->at("type").get<std::string>());
        shown += fmt::format("\n  {}", bytes.substr(0, 600));
        return {};
      }).ok());
      EXPECT_EQ(actual, expected) << where << shown;
    } else if (verdict == "error") {
      std::string code, field;
      words >> code >> field;
      ASSERT_FALSE(s.ok()) << where << ": accepted, but expected " << code;
      EXPECT_EQ(code_name(s.code()), code) << where << ": " << s.to_string();
      if (!field.empty()) {
        EXPECT_EQ(s.where(), field) << where << ": " << s.to_string();
      }
      EXPECT_EQ(fed->store().head_seq(), head) << where << ": a refused command wrote events";
    } else {
      FAIL() << at << ": expected 'ok' or 'error', found '" << verdict << "'";
    }
    ++checked;
  }
  EXPECT_FALSE(pending) << "the file ends with a command and no expectation";
  EXPECT_GT(checked, 0);
  EXPECT_TRUE(fed->store().verify({}).ok());
  // Every count the scenario made is repeated by the command it published (invariant 7);
  // recount.test holds a count of each kind that a plain recount could get wrong.
  auto recounted = recount_check::expect_every_recount_matches(fed->store());
  if (GetParam().stem() == "recount") {
    EXPECT_TRUE(recounted.constraint) << "no seat decided by a category minimum";
    EXPECT_TRUE(recounted.lot) << "no tie decided by lot";
    EXPECT_TRUE(recounted.weighted) << "no weighted delegate's ballot";
    EXPECT_TRUE(recounted.count_back) << "no count-back";
    EXPECT_TRUE(recounted.motion) << "no recall vote";
  }
  fed.reset();
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Files, Scenario, ::testing::ValuesIn(scenario_files()),
                         [](const auto& file) {
                           std::string n = file.param.stem().string();
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace collegium::federation
