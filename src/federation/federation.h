// The federation service: the registry's rules, the public record and the projections put
// together. Every change goes command -> decide -> events -> one store transaction.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "federation/decide.h"
#include "federation/projection.h"
#include "store/store.h"

namespace collegium::federation {

// A command with the place it came from ("fed.json/members/12"), put in front of the
// `where` of any error so that the user can find the offending entry.
struct LabelledCommand {
  Command command;
  std::string label;
};

struct Counts {
  int64_t regions = 0, branches = 0, workplaces = 0, shops = 0, members = 0, bodies = 0;
  int64_t production = 0, technical = 0, administrative = 0;
};

class Federation {
 public:
  struct Options {
    bool create = true;
    std::string vfs;                                   // for fault-injection tests
    std::vector<store::Migration> private_migrations;  // see StoreOptions
    std::function<std::string()> clock;                // see StoreOptions
  };
  static Result<std::unique_ptr<Federation>> open(const std::filesystem::path& data_dir,
                                                  const Options& options);
  static Result<std::unique_ptr<Federation>> open(const std::filesystem::path& data_dir) {
    return open(data_dir, Options{});
  }

  struct ExecuteOptions {
    std::function<void(size_t done)> progress;
    // An event appended after the commands' events, in the same transaction (an import
    // records what file it loaded, and its digest).
    std::optional<EventDraft> summary;
  };
  // Decides and applies `commands` in one transaction: all of them or, on the first
  // refusal, none. `actor` (a member id, kOperator or kClock) is who gives them: decide()
  // checks their right to, and the record names them as the author of every event.
  //
  // Advance is expanded here: the clock's due steps (close motions, close nominations and
  // polls, end terms, call elections) run one after another, each decided against the
  // state the previous ones left.
  Status execute(std::span<const LabelledCommand> commands, std::string_view actor,
                 const ExecuteOptions& options);
  Status execute(const Command& command, std::string_view actor);

  // Group commit: commands from different actors decided one after another in ONE
  // transaction, so that one sync to disk acknowledges them all. Unlike execute(), a
  // refused command does not stop the others: each gets its own status, and a refusal
  // writes nothing (decide() refuses before any event is appended). Only a failure of the
  // transaction itself (the disk) fails them all, and then nothing is written.
  struct Submitted {
    Command command;
    std::string actor;
    Status status;                         // out: the command's outcome
    uint64_t first_seq = 0, last_seq = 0;  // out: its events, when accepted
    std::vector<std::string> created;      // out: ids its events gave (polls, recalls...)
  };
  Status execute_each(std::span<Submitted> commands);

  // Appends one event that is not a registry change (e.g. a note that an import happened),
  // in its own transaction.
  Status note(std::string type, std::string_view actor, Json payload);

  Result<Counts> counts();
  store::Store& store() { return *store_; }
  const RegistryView& registry() const { return *registry_; }

 private:
  Federation() = default;
  Status advance(std::string_view actor, const std::function<Status(const Command&)>& run);
  RegistryProjector projector_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<SqlRegistry> registry_;
};

}  // namespace collegium::federation
