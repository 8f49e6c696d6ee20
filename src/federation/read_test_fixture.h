// For tests of the read models and of the routes and commands that serve them: a
// federation with something in every governance table, made by playing the scenario files
// (tests/scenarios/*.test) with the scenario Runner, which also holds every expectation of
// the file, so the state is the one the scenario test checks.
#pragma once

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "base/util.h"
#include "federation/federation.h"
#include "federation/scenario_runner.h"

namespace collegium::federation::test {

// A data directory holding the federation that `scenario` leaves, removed with the object.
class ScenarioDir {
 public:
  explicit ScenarioDir(const std::string& scenario, const std::string& tag = "read") {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("collegium-{}-{}-{}", tag, scenario, ::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::path file =
        std::filesystem::path(COLLEGIUM_SOURCE_DIR) / "tests/scenarios" / (scenario + ".test");
    auto text = read_file(file);
    if (!text.ok()) {
      status_ = text.status();
      return;
    }
    scenario::Runner runner(file.filename().string(), dir_);
    runner.keep_data();
    if (auto failed = runner.run(*text)) {
      status_ = Status(Code::kInternal, *failed);
      return;
    }
    now_ = runner.now();
  }
  ~ScenarioDir() { std::filesystem::remove_all(dir_); }
  ScenarioDir(const ScenarioDir&) = delete;
  ScenarioDir& operator=(const ScenarioDir&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  const Status& status() const { return status_; }
  // The time the scenario ended at: open the federation again with this clock.
  const std::string& now() const { return now_; }

  // The federation again, its clock standing at `now` (the scenario's end when empty).
  Result<std::unique_ptr<Federation>> open(std::string now = {}) const {
    Federation::Options o;
    o.create = false;
    o.clock = [now = now.empty() ? now_ : std::move(now)] { return now; };
    return Federation::open(dir_, o);
  }

 private:
  std::filesystem::path dir_;
  std::string now_;
  Status status_;
};

}  // namespace collegium::federation::test
