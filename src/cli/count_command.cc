// collegium count: count a ballot file by a named method and print the count sheet.
#include <fmt/format.h>

#include <memory>

#include "base/util.h"
#include "cli/command.h"
#include "count/blt.h"
#include "count/methods.h"
#include "count/sheet.h"

namespace collegium::cli {

namespace {

struct CountArgs {
  std::string method;
  int seats = 0;
  std::string format = "text";
  uint64_t seed = 0;
  std::string file;
  std::string input_format = "auto";
  std::vector<std::string> categories;
  std::vector<std::string> withdraw;
  std::string write_blt;
};

Status run_count(const CountArgs& a) {
  using namespace collegium::count;
  const Method method = TRY(parse_method(a.method));
  const InputFormat input = TRY(parse_input_format(a.input_format));
  Election e = TRY(read_ballot_file(a.file, input));
  for (const auto& item : a.withdraw) e.withdrawn[TRY(find_candidate(item, e, "withdraw"))] = true;
  if (!a.write_blt.empty()) {
    const std::string blt = TRY(write_blt(e));
    TRY(write_file_durably(a.write_blt, blt));
  }
  CountOptions o;
  o.method = method;
  o.seats = a.seats;
  o.seed = a.seed;
  const int seats = a.seats > 0 ? a.seats : (e.seats > 0 ? e.seats : 1);
  for (const auto& spec : a.categories)
    o.constraints.categories.push_back(TRY(parse_category(spec, e, seats)));
  const Sheet sheet = TRY(count_election(e, o));
  if (a.format == "json") {
    fmt::print("{}\n", dump_json(sheet_to_json(sheet)));
  } else {
    fmt::print("{}", sheet_to_text(sheet));
  }
  return Status();
}

}  // namespace

void add_count_command(CLI::App& root, Globals& g) {
  auto a = std::make_shared<CountArgs>();
  auto* cmd = root.add_subcommand(
      "count",
      "Count a ballot file and print the count sheet: every stage, transfer, non-transferable "
      "vote, loss by fractions and decision with its reason. The same file, method, seats and "
      "seed always give the same sheet.");
  cmd->add_option(
         "--method", a->method,
         "Counting method: plurality, block, approval, irv, scottish-stv (Scottish "
         "Local Government Elections Order 2007), meek-stv (PR Foundation reference "
         "rule), schulze, sainte-lague, dhondt, motion (a yes / no vote: yes is elected when "
         "it has more votes than no)")
      ->required()
      ->check(CLI::IsMember(count::method_names()));
  cmd->add_option("--seats", a->seats,
                  "Seats to fill (default: the number in the ballot file, else 1)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--format", a->format, "Output: text (a table for people) or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--seed", a->seed,
                  "Seed for ties decided by lot; the sheet records it so the count can be "
                  "repeated exactly")
      ->capture_default_str();
  cmd->add_option("--input-format", a->input_format,
                  "Ballot file format: auto (from the extension), blt, soi, toi (PrefLib) or "
                  "csv (ballot_id,rank,choice)")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "blt", "soi", "toi", "csv"}));
  cmd->add_option("--category", a->categories,
                  "A minimum of seats for a category of candidates, as NAME:MIN:CANDIDATES, "
                  "with MIN a number or a share of the seats such as 2/3 and CANDIDATES "
                  "names or 1-based numbers separated by commas (scottish-stv; repeatable). "
                  "An unreachable minimum is an error before the count.")
      ->allow_extra_args(false);
  cmd->add_option("--withdraw", a->withdraw,
                  "Withdraw a candidate, by name or 1-based number, besides those the file "
                  "withdraws: the count goes on as if they had not stood, as when a recalled "
                  "member's seat is refilled by count-back (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--write-blt", a->write_blt,
                  "Also write the ballots read, as a BLT file, to this path");
  cmd->add_option("FILE", a->file, "The ballot file")->required();
  cmd->footer(
      "Examples:\n"
      "  collegium count --method scottish-stv ward.blt\n"
      "  collegium count --method irv --format json ballots.csv\n"
      "  collegium count --method scottish-stv --seats 6 --category production:2/3:1,2,4,5,7 "
      "committee.blt\n"
      "  collegium count --method scottish-stv --seats 3 --seed 42 --withdraw 2 poll-16.blt\n"
      "Exit status: 0 counted, 2 bad input (the message names file, line and column).");
  cmd->callback([&g, a] {
    if (Status s = run_count(*a); !s.ok()) print_error(g, s);
  });
}

}  // namespace collegium::cli
