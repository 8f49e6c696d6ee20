// The `collegium` command as a user meets it: help, the demo, verification of the public
// record and of an export, tampering caught with the bad event named, and bad input refused
// with a precise message, the right exit code and nothing written.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "base/json.h"
#include "base/util.h"

namespace collegium {
namespace {

namespace fs = std::filesystem;

struct Run {
  int exit_code;
  std::string output;  // stdout and stderr together
};

Run run(const std::string& args) {
  std::string cmd = std::string(COLLEGIUM_BIN) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  Run r{-1, {}};
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("collegium-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    data_ = (dir_ / "data").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  int64_t events() {
    auto r = run("--data-dir " + data_ + " federation show --format json");
    auto j = parse_json(r.output);
    return j.ok() ? (*j)["record"]["events"].get<int64_t>() : -1;
  }

  fs::path dir_;
  std::string data_;
};

TEST_F(CliTest, EveryCommandHasHelp) {
  for (const char* cmd : {"", "demo", "federation", "federation import", "federation show",
                          "record", "record verify", "record export", "rebuild", "report"}) {
    auto r = run(std::string(cmd) + " --help");
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.output.find("Usage:"), std::string::npos) << cmd;
  }
  auto r = run("frobnicate");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(CliTest, DemoThenVerifyExportAndCatchTampering) {
  auto demo = run("--data-dir " + data_ + " demo --workplaces 6 --members 400 --seed 5");
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  EXPECT_NE(demo.output.find("Central Economic Council"), std::string::npos);
  EXPECT_NE(demo.output.find("400 members in 6 workplaces"), std::string::npos) << demo.output;

  auto verify = run("record verify --data-dir " + data_);
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("The record is valid"), std::string::npos);

  std::string file = (dir_ / "record.jsonl").string();
  ASSERT_EQ(run("--data-dir " + data_ + " record export -o " + file).exit_code, 0);
  auto offline = run("record verify " + file);
  EXPECT_EQ(offline.exit_code, 0) << offline.output;

  // Change one member's name in event 10 of the export.
  std::string text = *read_file(file);
  size_t line = 0;
  for (int i = 0; i < 10; ++i) line = text.find('\n', line) + 1;
  size_t name = text.find("\"name\":\"", line) + 8;
  text[name] = text[name] == 'X' ? 'Y' : 'X';
  ASSERT_TRUE(write_file_durably(file, text).ok());
  auto bad = run("record verify " + file);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("event 10"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("NOT valid"), std::string::npos) << bad.output;

  // A second demo into the same directory is refused; rebuild works.
  EXPECT_EQ(run("--data-dir " + data_ + " demo").exit_code, 2);
  auto rebuild = run("--data-dir " + data_ + " rebuild");
  EXPECT_EQ(rebuild.exit_code, 0) << rebuild.output;
}

TEST_F(CliTest, ABadImportNamesThePlaceAndWritesNothing) {
  ASSERT_EQ(run("--data-dir " + data_ + " demo --workplaces 3 --members 30").exit_code, 0);
  int64_t before = events();
  ASSERT_GT(before, 0);
  std::string file = (dir_ / "fed.json").string();
  ASSERT_TRUE(write_file_durably(file, R"({"format": "collegium-federation", "version": 1,
  "regions": [{"id": "isle", "name": "Isle"}],
  "members": [{"id": "m-9999999", "name": "Vera", "category": "production",
               "workplace": "w-404", "joined": "2024-01-01"}]})")
                  .ok());
  auto r = run("--data-dir " + data_ + " federation import " + file);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(file + "/members/0/workplace: no workplace w-404"), std::string::npos)
      << r.output;
  EXPECT_EQ(events(), before);

  ASSERT_TRUE(
      write_file_durably(file, "{\"format\": \"collegium-federation\",\n \"version\": 1,").ok());
  auto truncated = run("--data-dir " + data_ + " federation import " + file);
  EXPECT_EQ(truncated.exit_code, 2);
  EXPECT_NE(truncated.output.find(file + ":2:"), std::string::npos) << truncated.output;

  auto missing = run("--data-dir " + data_ + " federation import " + (dir_ / "nope.json").string());
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("No such file"), std::string::npos) << missing.output;
  EXPECT_EQ(events(), before);
}

TEST_F(CliTest, AnEmptyDirectoryIsExplained) {
  auto r = run("--data-dir " + data_ + " federation show");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("no federation here yet"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(data_));
  auto v = run("record verify --data-dir " + data_);
  EXPECT_EQ(v.exit_code, 2);
}

// The demo's economy (docs/demo-economy.md) as a bundle that `collegium plan` computes on.
TEST_F(CliTest, DemoWritesItsEconomyForPlanning) {
  std::string economy = (dir_ / "economy").string();
  auto bad =
      run("--data-dir " + data_ + " demo --economy-out " + economy + " --economy-products 3");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("products: at least"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(data_));
  EXPECT_FALSE(fs::exists(economy));

  auto demo = run("--data-dir " + data_ + " demo --economy-out " + economy);
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  EXPECT_NE(demo.output.find("Economy: 30 products, 40 workplaces"), std::string::npos)
      << demo.output;
  auto alt = run("plan alternatives -i " + economy +
                 " --gain 0.02 --choice more=1,0,0 --choice shorter=0,1,0 --detail bottlenecks");
  ASSERT_EQ(alt.exit_code, 0) << alt.output;
  EXPECT_NE(alt.output.find("more         capacity  w-"), std::string::npos) << alt.output;
  EXPECT_EQ(alt.output.find("shorter "), std::string::npos) << alt.output;
}

// `collegium report` sends a report to a server: without a token it says how to get one;
// with no server there it says so, and neither is taken for success.
TEST_F(CliTest, AReportNeedsATokenAndAServer) {
  const std::string csv = (dir_ / "week1.csv").string();
  {
    FILE* f = std::fopen(csv.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("kind,item,amount\noutput,p-01,3\n", f);
    std::fclose(f);
  }
  ::unsetenv("COLLEGIUM_TOKEN");
  auto no_token = run("report --workplace w-01 --period 1 " + csv);
  EXPECT_EQ(no_token.exit_code, 2) << no_token.output;
  EXPECT_NE(no_token.output.find("POST /api/tokens"), std::string::npos) << no_token.output;
  auto no_server =
      run("report --workplace w-01 --period 1 " + csv + " --token t --server http://127.0.0.1:1");
  EXPECT_EQ(no_server.exit_code, 1) << no_server.output;
  EXPECT_NE(no_server.output.find("no answer from http://127.0.0.1:1"), std::string::npos)
      << no_server.output;
  auto no_file =
      run("report --workplace w-01 --period 1 " + (dir_ / "none.csv").string() + " --token t");
  EXPECT_EQ(no_file.exit_code, 2) << no_file.output;
}

}  // namespace
}  // namespace collegium
