// `collegium execution verify EXPORT`: anyone checks every reading of the forecaster, and
// the signals they raised, offline from an exported record alone (issue #16, C6; DESIGN.md
// invariant 7). The work is federation::verify_execution (execution_verify.h); this file
// reads the file, shows progress and prints the result.
#include <fmt/format.h>

#include <memory>

#include "cli/command.h"
#include "cli/mapped_file.h"
#include "cli/progress.h"
#include "federation/execution_verify.h"

namespace collegium::cli {

namespace fd = collegium::federation;

namespace {

struct VerifyArgs {
  std::string file, workplace, format = "table";
};

void print_table(const fd::ExecutionVerification& v) {
  fmt::print("The record: {} events, hash chain intact, head {}\n", v.events, v.head);
  fmt::print("Plans adopted: {}\n", v.plans);
  fmt::print("Readings checked{}: {} ({} of a period classified again)\n",
             v.workplace.empty() ? "" : " of workplace " + v.workplace, v.readings, v.corrections);
  for (const char* kind : {"normal", "alert", "crisis"}) {
    auto n = v.kinds.find(kind);
    fmt::print("  {:<7} {}\n", kind, n == v.kinds.end() ? 0 : n->second);
  }
  fmt::print("Readings of hours and inputs: {}\n", v.indicator_readings);
  fmt::print("Signals: {} raised, {} worsened\n", v.signals_raised, v.signals_worsened);
  for (const fd::ExecutionMismatch& m : v.mismatches) fmt::print("  DIFFERS {}\n", m.to_string());
  if (v.agrees()) {
    fmt::print(
        "Every reading, every state and every signal recomputes bit for bit from the "
        "figures.\n");
  }
}

Status run_verify(const VerifyArgs& a, Globals& g) {
  // Exports can be gigabytes: mapped, not copied.
  auto file = MappedFile::open(a.file);
  if (!file.ok()) return file.status();
  fd::ExecutionVerifyOptions o;
  o.workplace = a.workplace;
  std::unique_ptr<Progress> bar;
  o.progress = [&](uint64_t done, uint64_t total) {
    if (!bar) bar = std::make_unique<Progress>("checking", total);
    bar->update(done);
  };
  auto v = fd::verify_execution(file->text(), o);
  if (bar) bar->finish();
  if (!v.ok()) {
    return v.status().code() == Code::kCorrupt ? std::move(v).status().within(a.file) : v.status();
  }
  if (a.format == "json") {
    fmt::print("{}\n", fd::execution_verification_json(*v).dump(2));
  } else {
    print_table(*v);
  }
  if (!v->agrees()) {
    fmt::print(stderr, "The readings do NOT recompute: {} difference{}.\n", v->mismatches.size(),
               v->mismatches.size() == 1 ? "" : "s");
    print_error(g, Status(Code::kCorrupt, v->mismatches.front().to_string()));
  }
  return {};
}

}  // namespace

void add_execution_command(CLI::App& root, Globals& globals) {
  auto* cmd = root.add_subcommand("execution", "Check how the adopted plan is carried out (C6)");
  cmd->require_subcommand(1);
  auto a = std::make_shared<VerifyArgs>();
  CLI::App* verify = cmd->add_subcommand(
      "verify",
      "check every reading of the forecaster offline from an exported record alone: verify "
      "the hash chain, classify every confirmed report again from its figures, the plan's "
      "target and the constitution's thresholds, and check the signals they raised. Exits 1 "
      "naming each event and field that differs from what was recorded");
  verify->add_option("EXPORT", a->file, "the record, as 'collegium record export' writes it")
      ->required();
  verify->add_option("--workplace", a->workplace, "only this workplace's readings and signals");
  verify->add_option("--format", a->format, "output: table (for people) or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  verify->callback([a, &globals] {
    Status s = run_verify(*a, globals);
    if (!s.ok()) print_error(globals, s);
  });
}

}  // namespace collegium::cli
