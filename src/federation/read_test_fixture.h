// For tests of the read models and of the routes and commands that serve them: a
// federation with something in every governance table, made by playing the scenario files
// (tests/scenarios/*.test) through the real commands. What each command is expected to do
// is the scenario test's business; here only the state it leaves matters, so refusals are
// played too (they change nothing).
#pragma once

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "base/util.h"
#include "federation/codec.h"
#include "federation/federation.h"

namespace collegium::federation::test {

// The time the scenarios' clock shows after a file has been played: its last "@" line.
struct Played {
  std::string now = "2027-01-01T00:00:00.000Z";
};

// Plays tests/scenarios/`name`.test into `fed`, whose clock reads `played.now`. Returns
// an error only when the file cannot be read or a line cannot be parsed.
inline Status play_scenario(Federation& fed, const std::string& name, Played& played) {
  std::filesystem::path file =
      std::filesystem::path(COLLEGIUM_SOURCE_DIR) / "tests/scenarios" / (name + ".test");
  std::ifstream in(file);
  if (!in) return not_found("no such scenario", file.string());
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("@ ")) {
      played.now = unix_ms_to_utc(TRY(utc_to_unix_ms(line.substr(2))));
    } else if (line == "! rebuild") {
      TRY(fed.store().rebuild());
    } else if (line.starts_with("> ")) {
      std::string actor(kOperator);
      if (line.starts_with("> as ")) {
        size_t end = line.find(' ', 5);
        actor = line.substr(5, end - 5);
        line = "> " + line.substr(end + 1);
      }
      Json j = TRY(parse_json(line.substr(2), file.string()));
      auto command = command_from_json(j, "");
      if (command.ok()) (void)fed.execute(*command, actor);
    }
  }
  return {};
}

// A data directory holding the federation that `scenario` leaves, removed with the object.
class ScenarioDir {
 public:
  explicit ScenarioDir(const std::string& scenario, const std::string& tag = "read") {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("collegium-{}-{}-{}", tag, scenario, ::getpid());
    std::filesystem::remove_all(dir_);
    Federation::Options o;
    o.clock = [this] { return played_.now; };
    auto fed = Federation::open(dir_, o);
    if (!fed.ok()) {
      status_ = fed.status();
      return;
    }
    status_ = play_scenario(**fed, scenario, played_);
  }
  ~ScenarioDir() { std::filesystem::remove_all(dir_); }
  ScenarioDir(const ScenarioDir&) = delete;
  ScenarioDir& operator=(const ScenarioDir&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  const Status& status() const { return status_; }
  // The time the scenario ended at: open the federation again with this clock.
  const std::string& now() const { return played_.now; }

  // The federation again, its clock standing at `now` (the scenario's end when empty).
  Result<std::unique_ptr<Federation>> open(std::string now = {}) const {
    Federation::Options o;
    o.create = false;
    o.clock = [now = now.empty() ? played_.now : std::move(now)] { return now; };
    return Federation::open(dir_, o);
  }

 private:
  std::filesystem::path dir_;
  Played played_;
  Status status_;
};

}  // namespace collegium::federation::test
