// `collegium federation import|show` and `collegium demo`.
#include <fmt/format.h>

#include <optional>

#include "base/util.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "federation/demo.h"
#include "federation/demo_economy.h"
#include "federation/demo_history.h"
#include "federation/federation.h"
#include "federation/file.h"
#include "federation/tree.h"
#include "plan/bundle.h"

namespace collegium::cli {

namespace fed = collegium::federation;

Result<std::unique_ptr<fed::Federation>> open_federation(const Globals& g, bool create) {
  fed::Federation::Options o;
  o.create = create;
  auto f = fed::Federation::open(g.data_dir, o);
  if (!f.ok() && f.status().code() == Code::kNotFound) {
    return not_found(
        "no federation here yet: run 'collegium demo' or 'collegium federation "
        "import FILE' first, or give --data-dir",
        g.data_dir);
  }
  return f;
}

namespace {

std::string thousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string describe(const fed::BodyNode& n) {
  if (n.shown_above) return n.body.name + " (shown above)";
  std::string who;
  switch (n.body.constituency.kind) {
    case fed::Constituency::Kind::kWorkplace:
    case fed::Constituency::Kind::kShop:
      who = fmt::format("{} members of {}", thousands(n.electorate), n.constituency_name);
      break;
    case fed::Constituency::Kind::kBodies:
      who = fmt::format("{} delegates of {} {}", thousands(n.electorate),
                        n.body.constituency.bodies.size(),
                        n.body.constituency.bodies.size() == 1 ? "body" : "bodies");
      break;
  }
  return fmt::format("{} [{}, {} seats, {}-month term] elected by {}", n.body.name,
                     fed::to_string(n.body.kind), n.body.seats, n.body.term_months, who);
}

void print_tree(const fed::BodyNode& n, const std::string& indent, bool last, bool root) {
  fmt::print("{}{}{}\n", indent, root ? "" : (last ? "└─ " : "├─ "), describe(n));
  std::string child_indent = root ? indent : indent + (last ? "   " : "│  ");
  for (size_t i = 0; i < n.electors.size(); ++i) {
    print_tree(n.electors[i], child_indent, i + 1 == n.electors.size() && n.omitted == 0, false);
  }
  if (n.omitted > 0) fmt::print("{}└─ … and {} more\n", child_indent, n.omitted);
}

Json tree_json(const fed::BodyNode& n) {
  Json j = {{"id", n.body.id},
            {"name", n.body.name},
            {"kind", fed::to_string(n.body.kind)},
            {"seats", n.body.seats},
            {"term_months", n.body.term_months},
            {"electorate", n.electorate},
            {"omitted", n.omitted},
            {"shown_above", n.shown_above}};
  j["electors"] = Json::array();
  for (const auto& e : n.electors) j["electors"].push_back(tree_json(e));
  if (!n.constituency_name.empty()) j["constituency"] = n.constituency_name;
  return j;
}

Status show(fed::Federation& f, const fed::TreeOptions& options, bool json) {
  auto c = TRY(f.counts());
  auto tree = TRY(fed::body_tree(f.store().db(), options));
  if (json) {
    Json j = {
        {"regions", c.regions},
        {"branches", c.branches},
        {"workplaces", c.workplaces},
        {"shops", c.shops},
        {"members", c.members},
        {"bodies", c.bodies},
        {"categories",
         {{"production", c.production},
          {"technical", c.technical},
          {"administrative", c.administrative}}},
        {"record", {{"events", f.store().head_seq()}, {"head", to_hex(f.store().head_hash())}}}};
    j["tree"] = Json::array();
    for (const auto& n : tree) j["tree"].push_back(tree_json(n));
    fmt::print("{}\n", j.dump(2));
    return {};
  }
  fmt::print("Federation: {} members in {} workplaces ({} shops), {} regions, {} branches\n",
             thousands(c.members), thousands(c.workplaces), thousands(c.shops), c.regions,
             c.branches);
  fmt::print("  production {} · technical {} · administrative {}\n", thousands(c.production),
             thousands(c.technical), thousands(c.administrative));
  fmt::print("Bodies: {}, elected from below:\n\n", thousands(c.bodies));
  for (const auto& n : tree) {
    print_tree(n, "  ", true, true);
    fmt::print("\n");
  }
  fmt::print("Public record: {} events, head {}\n",
             thousands(static_cast<int64_t>(f.store().head_seq())), to_hex(f.store().head_hash()));
  return {};
}

}  // namespace

void add_federation_command(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand("federation", "Import or show the federation's registry");
  cmd->require_subcommand(1);

  auto* import = cmd->add_subcommand(
      "import",
      "Load a federation file (JSON; see docs/federation-file.md) in one transaction: all of "
      "it or, if any part is wrong, nothing");
  auto file = std::make_shared<std::string>();
  import->add_option("FILE", *file, "The federation file")->required();
  import->callback([&g, file] {
    auto run = [&]() -> Status {
      std::error_code ec;
  auto size = std::filesystem::file_size(*file, ec);
  if (ec) return io_error(ec.message(), *file);
  if (size > fed::kMaxFederationFileBytes) {
    return Status(Code::kResourceExhausted,
                  fmt::format("the file is {} bytes; the limit is {} bytes", size,
                              fed::kMaxFederationFileBytes),
                  *file);
  }
  std::string text = TRY(read_file(*file));
  auto commands = TRY(fed::read_federation_file(text, *file));
  auto f = TRY(open_federation(g, true));
  uint64_t before = f->store().head_seq();
  Progress bar("importing", commands.size());
  fed::Federation::ExecuteOptions options;
  options.progress = [&](size_t done) { bar.update(done); };
  options.summary = fed::EventDraft{"federation.imported",
                                    Json{{"file", std::filesystem::path(*file).filename().string()},
                                         {"blake2b", to_hex(blake2b(text))},
                                         {"commands", commands.size()}}};
  TRY(f->execute(commands, "operator", options));
  TRY(f->store().checkpoint());
  bar.finish();
  fmt::print("Imported {}: {} commands, events {} to {} of the public record.\n", *file,
             commands.size(), before + 1, f->store().head_seq());
  return {};
};
if (Status s = run(); !s.ok()) print_error(g, s);
}  // namespace collegium::cli
);

auto* show_cmd = cmd->add_subcommand("show", "Print the federation: counts and the tree of bodies");
auto depth = std::make_shared<int>(4);
auto children = std::make_shared<int64_t>(5);
auto format = std::make_shared<std::string>("text");
show_cmd->add_option("--depth", *depth, "Levels of bodies shown below each top body")
    ->capture_default_str()
    ->check(CLI::Range(0, 100));
show_cmd->add_option("--children", *children, "Electing bodies shown under each body")
    ->capture_default_str()
    ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
show_cmd->add_option("--format", *format, "text or json")
    ->capture_default_str()
    ->check(CLI::IsMember({"text", "json"}));
show_cmd->callback([&g, depth, children, format] {
  auto run = [&]() -> Status {
    auto f = TRY(open_federation(g, false));
    return show(*f, fed::TreeOptions{*depth, *children}, *format == "json");
  };
  if (Status s = run(); !s.ok()) print_error(g, s);
});
}

// The largest demo whose past (elections, a planning round) is played.
constexpr int64_t kMaxDemoHistoryMembers = 100000;

void add_demo_command(CLI::App& root, Globals& g) {
  auto options = std::make_shared<fed::DemoOptions>();
  auto* cmd = root.add_subcommand(
      "demo",
      "Generate a realistic demo federation (shops, workplace committees, unions per branch "
      "and region, the Congress of Producers, the central economic council) with its economy, "
      "load it into an empty data directory and print it. Up to 100,000 members, its past is "
      "played too: every body elected and a planning round adopted, a second one open");
  cmd->add_option("--workplaces", options->workplaces, "Number of workplaces")
      ->capture_default_str();
  cmd->add_option("--members", options->members, "Number of members")->capture_default_str();
  cmd->add_option("--seed", options->seed, "Random seed: the same seed gives the same federation")
      ->capture_default_str();
  auto economy_out = std::make_shared<std::string>();
  auto economy = std::make_shared<fed::DemoEconomyOptions>();
  cmd->add_option("--economy-out", *economy_out,
                  "Also write the demo's economy (docs/demo-economy.md) as an economy bundle "
                  "into this folder, for 'collegium plan ... -i FOLDER'");
  cmd->add_option("--economy-products", economy->products,
                  "Products of that economy (0: a few named ones per branch, or 5 per "
                  "workplace from 1,000 workplaces up)")
      ->capture_default_str();
  cmd->callback([&g, options, economy_out, economy] {
    auto run = [&]() -> Status {
      TRY(fed::check_demo_options(*options));
      options->economy_products = economy->products;  // the imported economy is the same
      // The economy first: an error in its options leaves the data directory untouched.
      std::optional<plan::Economy> e;
      if (!economy_out->empty()) e = TRY(fed::demo_economy(*options, *economy));
      // The demo's past is played on a clock of its own (demo_history.h).
      fed::DemoClock clock;
      fed::Federation::Options fo;
      fo.clock = [&clock] { return clock.now(); };
      auto f = TRY(fed::Federation::open(g.data_dir, fo));
      Progress bar("generating", 0);
      TRY(fed::load_demo(*f, *options, [&](uint64_t done, uint64_t) { bar.update(done); }));
      bar.finish();
      // Elections at every level and a planning round, as members would hold them: for a
      // demo a person reads, not the largest ones, which are for measuring.
      if (options->members <= kMaxDemoHistoryMembers) {
        Progress past("playing the demo's past: elections and a planning round", 0);
        fed::DemoHistoryOptions history;
        history.seed = options->seed;
        TRY(fed::play_demo_history(*f, history, [&](const std::string& t) { clock.set(t); }));
        past.finish();
      }
      TRY(show(*f, fed::TreeOptions{3, 3}, false));
      fmt::print("\nData directory: {}\nVerify the record: collegium record verify --data-dir {}\n",
                 g.data_dir, g.data_dir);
      if (e) {
        TRY(plan::write_bundle(*e, *economy_out));
        fmt::print("Economy: {} products, {} workplaces in {}\n", e->products.size(),
                   e->workplaces.size(), *economy_out);
        fmt::print("Plan on it: collegium plan alternatives -i {}\n", *economy_out);
      }
      return {};
    };
    if (Status s = run(); !s.ok()) print_error(g, s);
  });
}

}  // namespace collegium::cli
