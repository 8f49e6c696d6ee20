// `collegium economy import|export` (issue #14; C1, C4): the operator imports an economy
// bundle as the federation's economy; anyone exports the economy held now as a bundle, to
// publish it and recompute plans offline with `collegium plan`.
#include <fmt/format.h>

#include "cli/command.h"
#include "federation/decide.h"
#include "federation/economy_import.h"
#include "federation/federation.h"
#include "federation/read_economy.h"
#include "plan/bundle.h"

namespace collegium::cli {

namespace fed = collegium::federation;

void add_economy_command(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand(
      "economy",
      "The federation's economy (docs/economy-bundle.md): products, technology, final demand, "
      "labour supply and each workplace's production data");
  cmd->require_subcommand(1);

  auto bundle = std::make_shared<std::string>();
  auto* import_cmd = cmd->add_subcommand(
      "import",
      "Import an economy bundle as the federation's economy (the operator's command "
      "import_economy; it replaces the one held, committees' changes included). Its "
      "workplaces, regions and labour categories must be the federation's own.");
  import_cmd->add_option("BUNDLE", *bundle, "The bundle's folder")->required();
  import_cmd->callback([&g, bundle] {
    auto run = [&]() -> Status {
      auto f = TRY(open_federation(g));
      uint64_t before = f->store().head_seq();
      plan::Economy e = TRY(fed::import_economy_bundle(*f, *bundle));
      TRY(f->store().checkpoint());
      fmt::print(
          "Imported the economy {}: {} products, {} workplaces, {} regions; event {} of the "
          "public record.\n",
          e.name.empty() ? *bundle : e.name, e.products.size(), e.workplaces.size(),
          e.regions.size(), before + 1);
      return {};
    };
    if (Status s = run(); !s.ok()) print_error(g, s);
  });

  auto out = std::make_shared<std::string>();
  auto* export_cmd = cmd->add_subcommand(
      "export",
      "Write the economy held now, committees' changes included, as an economy bundle, so "
      "that anyone can recompute plans on it with 'collegium plan ... -i OUT' (C4)");
  export_cmd->add_option("OUT", *out, "The folder to write (created if missing)")->required();
  export_cmd->callback([&g, out] {
    auto run = [&]() -> Status {
      auto f = TRY(open_federation(g));
      plan::Economy e = TRY(fed::current_economy(*f));
      TRY(plan::write_bundle(e, *out));
      fmt::print("Wrote the economy {} ({} products, {} workplaces) to {}\n", e.name,
                 e.products.size(), e.workplaces.size(), *out);
      return {};
    };
    if (Status s = run(); !s.ok()) print_error(g, s);
  });
}

}  // namespace collegium::cli
