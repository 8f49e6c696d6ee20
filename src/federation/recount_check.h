// For tests: every count in a federation's public record is repeated by the command its
// result publishes (`recount_command`), run by the `collegium` program itself on the
// published ballots, and must give the same sheet (invariant 7, requirement D).
//
// Needs COLLEGIUM_BIN (the path of the built `collegium`) defined for the test binary.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "base/json.h"
#include "base/util.h"
#include "store/store.h"

namespace collegium::federation::recount_check {

// What the recounted counts held, so that a test can say which cases it covered.
struct Recounted {
  int counts = 0;           // polls and count-backs recounted
  bool constraint = false;  // a category minimum (A10) decided a seat
  bool lot = false;         // a tie was decided by lot
  bool weighted = false;    // a ballot stood for more than one member (delegates)
  bool count_back = false;  // a recalled seat was refilled by count-back
  bool motion = false;      // a recall vote
};

inline std::string run_shell(const std::string& command) {
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return {};
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

// Runs `command` (as published: "collegium count ... FILE") in a fresh folder holding the
// ballots as FILE, with the sheet asked for as JSON, and compares it with `sheet`.
inline void expect_recount(const std::string& what, const std::string& command,
                           const std::string& file, const std::string& ballots, const Json& sheet,
                           Recounted* seen) {
  SCOPED_TRACE(what + ": " + command);
  ASSERT_TRUE(command.starts_with("collegium count ")) << "not a count command";
  namespace fs = std::filesystem;
  fs::path dir =
      fs::temp_directory_path() / ("collegium-recount-" + std::to_string(::getpid()) + "-" + what);
  fs::remove_all(dir);
  fs::create_directories(dir);
  ASSERT_TRUE(write_file_durably(dir / file, ballots).ok());
  std::string out =
      run_shell("cd '" + dir.string() + "' && " + COLLEGIUM_BIN +
                command.substr(std::string_view("collegium").size()) + " --format json 2>&1");
  fs::remove_all(dir);
  auto recounted = parse_json(out);
  ASSERT_TRUE(recounted.ok()) << out;
  EXPECT_EQ((*recounted)["elected"], sheet["elected"]);
  EXPECT_EQ(*recounted, sheet);
  ++seen->counts;
  for (const auto& stage : sheet["stages"]) {
    for (const auto& d : stage.value("decisions", Json::array())) {
      seen->constraint |= d.value("reason", "") == "constraint";
      seen->lot |= d.value("reason", "") == "lot";
    }
  }
}

// Recounts every count in `store`'s record: each closed poll whose ballots were published
// and counted, and each count-back. A count with published ballots and no command to
// repeat it is a failure.
inline Recounted expect_every_recount_matches(store::Store& store) {
  Recounted seen;
  std::map<std::string, std::string> ballots;  // poll -> published BLT
  std::vector<Json> events;
  Status s = store.for_each_event(1, [&](uint64_t, std::string_view bytes, const Digest&) {
    events.push_back(*parse_json(bytes));
    return Status();
  });
  EXPECT_TRUE(s.ok()) << s.to_string();
  for (const Json& e : events) {
    const Json& p = e["payload"];
    if (e["type"] == "poll.closed" && p.contains("ballots")) {
      std::string poll = p["poll"];
      ballots[poll] = p["ballots"];
      if (!p.contains("sheet")) continue;  // a count that failed fills no seat
      for (const auto& b : p.value("open_ballots", Json::array()))
        seen.weighted |= b.value("weight", 0) > 1;
      seen.motion |= p["sheet"].value("method", "") == "motion";
      EXPECT_TRUE(p.contains("recount_command")) << poll << " publishes no recount command";
      // Without one, what a member would have typed: the method, the seats and the seed.
      std::string command = p.value(
          "recount_command", fmt::format("collegium count --method {} --seats {} --seed {} {}.blt",
                                         p["sheet"].value("method", ""),
                                         p["sheet"].value("seats", 0), p.value("seed", "0"), poll));
      expect_recount(poll, command, poll + ".blt", ballots[poll], p["sheet"], &seen);
    }
    if (e["type"] == "mandate.started" && p.value("origin", "") == "count_back") {
      std::string source = p["source"];
      seen.count_back = true;
      EXPECT_TRUE(p.contains("recount_command")) << p["id"] << " publishes no recount command";
      if (!p.contains("recount_command") || !ballots.count(source)) continue;
      expect_recount(p["id"], p["recount_command"], source + ".blt", ballots[source], p["sheet"],
                     &seen);
    }
  }
  return seen;
}

}  // namespace collegium::federation::recount_check
