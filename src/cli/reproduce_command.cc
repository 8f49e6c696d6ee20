// `collegium plan reproduce EXPORT --round ID`: a member checks a planning round offline
// from an exported record alone (issue #14, C4). The work is federation::reproduce_round
// (round_reproduce.h); this file reads the file, shows progress and prints the result.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cmath>
#include <memory>

#include "base/util.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "federation/round_reproduce.h"

namespace collegium::cli {

namespace fd = collegium::federation;

namespace {

struct ReproduceArgs {
  std::string file, round, format = "table";
  double tolerance = fd::kReproduceTolerance;
};

std::string shown(double v) {
  return std::isfinite(v) ? fmt::format("{:.6g}", v) : std::string("-");
}

std::string names(const std::vector<std::string>& list) {
  std::vector<std::string> q;
  for (const auto& n : list) q.push_back("'" + n + "'");
  return fmt::format("{}", fmt::join(q, ", "));
}

std::string verdict(const std::optional<std::string>& difference) {
  return difference ? "DIFFERS" : "agrees";
}

void print_table(const fd::RoundReproduction& r) {
  fmt::print("Round {} (period {}): {}\n", r.round, r.period, names(r.alternatives));
  fmt::print("The record: {} events, hash chain intact, head {}\n", r.events, r.head);
  fmt::print("Figures compared to {:g} relative (above 1; absolute below), all else exactly.\n",
             r.tolerance);
  for (const fd::ReproducedComputation& c : r.computations) {
    fmt::print("\nComputation {} (seq {}): version {}, economy event {}, digest {} {}\n", c.number,
               c.seq, c.version, c.economy_seq, c.economy_digest.substr(0, 16),
               c.digest_agrees ? "matches the record's economy" : "does NOT match the record's");
    fmt::print("  {:<24} {:>9} {:>11} {:>14} {:>15}\n", "alternative", "feasible", "hours/week",
               "consumption", "max difference");
    for (const fd::ReproducedAlternative& a : c.alternatives) {
      fmt::print("  {:<24} {:>9} {:>11} {:>14} {:>15.3g}\n", a.name, a.feasible ? "yes" : "no",
                 a.hours_per_worker_week ? shown(*a.hours_per_worker_week) : std::string("-"),
                 shown(a.consumption), a.max_difference);
    }
    fmt::print("  {}{}\n", verdict(c.difference), c.difference ? ": " + *c.difference : "");
  }
  for (const fd::ReproducedVote& v : r.votes) {
    fmt::print("\nVote {} (seq {}): {} ballots, {}", v.vote, v.seq, v.ballots, v.outcome);
    if (v.adopted >= 0 && static_cast<size_t>(v.adopted) < r.alternatives.size()) {
      fmt::print(" '{}'", r.alternatives[static_cast<size_t>(v.adopted)]);
    }
    fmt::print("\n  order {}\n", v.order.empty() ? std::string("(none)") : names(v.order));
    fmt::print("  {}{}\n", verdict(v.difference), v.difference ? ": " + *v.difference : "");
  }
  if (r.adoption) {
    fmt::print("\nAdopted (seq {}): '{}', {} workplace targets\n  {}{}\n", r.adoption->seq,
               r.adoption->alternative, r.adoption->targets, verdict(r.adoption->difference),
               r.adoption->difference ? ": " + *r.adoption->difference : "");
  } else {
    fmt::print("\nNot adopted in this record.\n");
  }
  if (r.agrees()) {
    fmt::print("\nEverything agrees: {} computations, {} votes{} reproduce from the record.\n",
               r.computations.size(), r.votes.size(), r.adoption ? " and the adopted targets" : "");
  }
}

Status run_reproduce(const ReproduceArgs& a, Globals& g) {
  auto text = read_file(a.file);
  if (!text.ok()) return text.status();
  fd::ReproduceOptions o;
  o.tolerance = a.tolerance;
  std::unique_ptr<Progress> bar;
  o.progress = [&](uint64_t done, uint64_t total) {
    if (!bar) bar = std::make_unique<Progress>("replaying", total);
    bar->update(done);
  };
  auto r = fd::reproduce_round(*text, a.round, o);
  if (bar) bar->finish();
  if (!r.ok()) {
    // The export's own faults are named in it: "FILE: event 12: ...".
    return r.status().code() == Code::kCorrupt ? std::move(r).status().within(a.file) : r.status();
  }
  if (a.format == "json") {
    fmt::print("{}\n", fd::reproduction_json(*r).dump(2));
  } else {
    print_table(*r);
  }
  if (!r->agrees()) {
    fmt::print(stderr, "The round does NOT reproduce: {} difference{}{}.\n", r->differences.size(),
               r->differences.size() == 1 ? "" : "s",
               r->differences.size() > 1 ? " (the first below; --format json lists all)" : "");
    print_error(g, Status(Code::kCorrupt, r->differences.front()));
  }
  return {};
}

}  // namespace

void add_plan_reproduce_command(CLI::App* plan, Globals& globals) {
  auto a = std::make_shared<ReproduceArgs>();
  CLI::App* cmd = plan->add_subcommand(
      "reproduce",
      "check a planning round offline from an exported record alone (C4): verify the hash "
      "chain, compute every alternative of every computation again, count every vote again "
      "from the published ballots, and check the adopted targets. Exits 1 naming the first "
      "figure that differs from what was published");
  cmd->add_option("EXPORT", a->file, "the record, as 'collegium record export' writes it")
      ->required();
  cmd->add_option("--round", a->round, "the round's id (round-57)")->required();
  cmd->add_option("--format", a->format, "output: table (for people) or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->add_option("--tolerance", a->tolerance,
                  "how far a recomputed figure may stand from the published one, relative "
                  "(absolute below 1): a recomputation after an amendment starts from the "
                  "last solution, so figures agree to the solver's tolerance, not to the bit")
      ->capture_default_str();
  cmd->callback([a, &globals] {
    Status s = run_reproduce(*a, globals);
    if (!s.ok()) print_error(globals, s);
  });
}

}  // namespace collegium::cli
