// How subcommands plug into the `collegium` command.
//
// Each command lives in its own file (cli/<name>_command.cc) and provides one function
// `add_<name>_command(CLI::App& root, Globals& globals)` that declares the subcommand, its
// options and `--help`, and a callback. A callback reports failure by setting
// `globals.exit_code` (1 for a failed check such as a count or verification that finds a
// problem, 2 for bad usage or bad input) after printing a precise error to stderr with
// print_error().
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "base/status.h"

namespace collegium::federation {
class Federation;
}

namespace collegium::cli {

struct Globals {
  std::string data_dir = "./collegium-data";
  int exit_code = 0;
};

// Prints "collegium: error [code] where: message" to stderr and sets the exit code (2 for
// bad input or usage, 1 otherwise).
void print_error(Globals& globals, const Status& status);

// Opens the federation in --data-dir (creating it when `create`); without one there,
// not_found says how to make one (cli/federation_command.cc).
Result<std::unique_ptr<federation::Federation>> open_federation(const Globals& globals,
                                                                bool create = false);

void add_demo_command(CLI::App& root, Globals& globals);
void add_federation_command(CLI::App& root, Globals& globals);
void add_record_command(CLI::App& root, Globals& globals);
void add_show_command(CLI::App& root, Globals& globals);  // cli/show_command.cc
void add_rebuild_command(CLI::App& root, Globals& globals);
void add_serve_command(CLI::App& root, Globals& globals);    // cli/serve_command.cc
void add_account_command(CLI::App& root, Globals& globals);  // cli/serve_command.cc
void add_count_command(CLI::App& root, Globals& globals);    // cli/count_command.cc
void add_plan_command(CLI::App& root, Globals& globals);     // cli/plan_command.cc
// `plan reproduce`, added by add_plan_command (cli/reproduce_command.cc).
void add_plan_reproduce_command(CLI::App* plan, Globals& globals);
void add_economy_command(CLI::App& root, Globals& globals);    // cli/economy_command.cc
void add_report_command(CLI::App& root, Globals& globals);     // cli/report_command.cc
void add_execution_command(CLI::App& root, Globals& globals);  // cli/execution_command.cc

// Runs the `collegium` command line; returns the process exit code.
int run(int argc, char** argv);

}  // namespace collegium::cli
