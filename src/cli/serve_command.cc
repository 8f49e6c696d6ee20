// `collegium serve` and `collegium account password`.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include "base/util.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "federation/codec.h"
#include "federation/demo.h"
#include "federation/demo_history.h"
#include "federation/rules.h"
#include "server/server.h"

namespace collegium::cli {

namespace {

// The demo's constitution: the defaults, except that nominations, votes and motions take
// minutes instead of a week, so that a whole election or recall can be tried in a sitting,
// and report periods too (set_demo_report_periods), so that a visitor sees the plan's
// reports arrive and its alerts climb.
Result<federation::Constitution> demo_constitution(const std::string& file, int64_t report_period) {
  federation::Constitution c;
  c.nomination_seconds = 2 * 60;
  c.voting_seconds = 10 * 60;
  c.motion_seconds = 10 * 60;
  federation::set_demo_report_periods(c, report_period);
  if (file.empty()) return c;
  std::string text = TRY(read_file(file));
  Json j = TRY(parse_json(text, file));
  auto read = federation::constitution_from_json(j, "");
  if (!read.ok()) return read.status().within(file);
  // Report periods the file leaves out are the demo's, so that its plan can be watched.
  if (j.is_object() && !j.contains("report_period") && !j.contains("signal_acknowledge_period") &&
      !j.contains("signal_decide_period"))
    federation::set_demo_report_periods(*read, report_period);
  return *read;
}

struct DemoSetup {
  std::string password, constitution;
  federation::DemoHistoryOptions history;
};

// Demo accounts, all with one password: the operator, one member of each category, and
// every member of the first one's shop, so that a shop can hold a whole election; on a
// fresh demo, the seat holders of a workplace committee and one of the council, who call
// and amend planning rounds, and one of the congress, who proposes amendments.
Status prepare_demo(server::Server& s, federation::DemoClock& clock, DemoSetup setup, bool print) {
  auto& f = s.federation();
  auto counts = TRY(f.counts());
  auto first_of =
      [&](const char* category) -> Result<std::optional<std::pair<std::string, std::string>>> {
    auto q = TRY(f.store().db().prepare(
        "SELECT id, name FROM members WHERE category = ? ORDER BY id LIMIT 1"));
    q.bind(1, category);
    if (!TRY(q.step())) return std::optional<std::pair<std::string, std::string>>();
    return std::optional{std::pair{std::string(q.column_text(0)),
                                   fmt::format("{}, {}", q.column_text(1), category)}};
  };
  std::optional<federation::DemoOfficials> officials;
  if (counts.members == 0) {
    if (!f.registry().constitution_founded()) {
      federation::FoundConstitution found{
          TRY(demo_constitution(setup.constitution, setup.history.report_period))};
      TRY(f.execute(found, federation::kOperator));
    }
    Progress bar("generating the demo federation", 0);
    TRY(federation::load_demo(f, federation::DemoOptions{},
                              [&](uint64_t d, uint64_t) { bar.update(d); }));
    bar.finish();
    // The first production member's workplace elects its committee while a visitor
    // watches; every other body has been elected, and one plan adopted.
    if (auto first = TRY(first_of("production"))) {
      if (auto m = f.registry().member(first->first))
        setup.history.unelected_workplace = m->workplace;
    }
    Progress past("playing the demo's past: elections and a planning round", 0);
    officials = TRY(federation::play_demo_history(f, setup.history,
                                                  [&](const std::string& t) { clock.set(t); }));
    past.finish();
  }
  std::vector<std::pair<std::string, std::string>> accounts = {{"operator", "the operator"}};
  for (const char* category : {"production", "technical", "administrative"}) {
    if (auto first = TRY(first_of(category))) accounts.push_back(*first);
  }
  std::vector<std::string> shop;
  std::string shop_name;
  if (accounts.size() > 1) {
    auto m = f.registry().member(accounts[1].first);
    if (m && !m->shop.empty()) {
      if (auto sh = f.registry().shop(m->shop)) shop_name = sh->name;
      auto q = TRY(f.store().db().prepare("SELECT id FROM members WHERE shop = ? ORDER BY id"));
      q.bind(1, m->shop);
      while (TRY(q.step())) shop.emplace_back(q.column_text(0));
    }
  }
  for (const auto& [subject, who] : accounts)
    TRY(s.accounts().set_password(subject, setup.password));
  for (const auto& subject : shop) TRY(s.accounts().set_password(subject, setup.password));
  if (officials) {
    for (const auto& subject : officials->holders)
      TRY(s.accounts().set_password(subject, setup.password));
    if (!officials->council_holder.empty())
      TRY(s.accounts().set_password(officials->council_holder, setup.password));
    if (!officials->congress_holder.empty())
      TRY(s.accounts().set_password(officials->congress_holder, setup.password));
  }
  if (print) {
    fmt::print("Demo logins (for the demo only), password \"{}\":\n", setup.password);
    for (const auto& [subject, who] : accounts) fmt::print("  {:<12} {}\n", subject, who);
    if (!shop.empty()) {
      fmt::print("and every member of the {} shop, who elect its committee:\n  {}\n", shop_name,
                 fmt::join(shop, " "));
    }
    if (officials && !officials->holders.empty()) {
      fmt::print("Seat holders of the {}, who amend its workplace's plan:\n  {}\n",
                 officials->committee_name, fmt::join(officials->holders, " "));
    }
    if (officials && !officials->council_holder.empty()) {
      fmt::print(
          "A seat holder of the Central Economic Council, who calls planning rounds:\n  {}\n",
          officials->council_holder);
    }
    if (officials && !officials->congress_holder.empty()) {
      fmt::print(
          "A seat holder of the Congress of Producers, who proposes amendments of the "
          "constitution:\n  {}\n",
          officials->congress_holder);
    }
  }
  return {};
}

}  // namespace

void add_serve_command(CLI::App& root, Globals& g) {
  struct Args {
    server::ServerOptions options;
    bool demo = false;
    std::string demo_password;
    std::string constitution;
    std::vector<int64_t> round_phases = {600, 600, 600};
    int64_t report_period = federation::DemoHistoryOptions{}.report_period;
  };
  auto a = std::make_shared<Args>();
  a->options.web_root = "web/dist";
  auto* cmd = root.add_subcommand(
      "serve", "Serve the HTTP API under /api and the web app at / (SIGTERM stops it cleanly)");
  cmd->add_option("--host", a->options.host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", a->options.port, "Port (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--web-root", a->options.web_root, "The built web app")->capture_default_str();
  cmd->add_option("--rate-limit", a->options.requests_per_second,
                  "Requests per second allowed per client address (0: no limit)")
      ->capture_default_str();
  cmd->add_flag("--demo", a->demo,
                "Load the demo federation if the data directory is empty, and print demo logins");
  cmd->add_option("--demo-password", a->demo_password,
                  "Password of the demo logins (default: a fresh random one each start)");
  cmd->add_option("--constitution", a->constitution,
                  "With --demo, on an empty data directory: found the federation with this "
                  "constitution (JSON, docs/governance.md) instead of the demo's own (the "
                  "defaults, with nominations open 2 minutes and votes 10); unless it sets "
                  "report periods, those of --demo-report-period")
      ->check(CLI::ExistingFile);
  cmd->add_option("--demo-round", a->round_phases,
                  "With --demo, on an empty data directory: the seconds of the open planning "
                  "round's discussion, amendment and vote, from the start")
      ->expected(3)
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{30} * 86400));
  cmd->add_option("--demo-report-period", a->report_period,
                  "With --demo, on an empty data directory: the seconds of the adopted plan's "
                  "report periods (the running demo files each period's reports half way "
                  "through its window; a signal is due for acknowledgement in 3 periods)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{60}, int64_t{7} * 86400));
  cmd->add_option("--tick", a->options.tick_seconds,
                  "Seconds between the clock's steps (closing what is due, calling elections)")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 3600.0));
  cmd->add_flag("--secure-cookies", a->options.secure_cookies,
                "Mark the session cookie Secure (sent over HTTPS only): for a server behind a "
                "proxy that terminates TLS");
  cmd->add_flag("--quiet", a->options.quiet, "No access log");
  cmd->callback([&g, a] {
    auto run = [&]() -> Status {
      a->options.data_dir = g.data_dir;
      auto clock = std::make_shared<federation::DemoClock>();
      if (a->demo) {
        a->options.clock = [clock] { return clock->now(); };
        // The running demo keeps reporting (demo_history.h); a real federation never does.
        // Once a period's reports are filed, the ticks until the next period's are skipped.
        auto done = std::make_shared<std::pair<std::string, int64_t>>();
        a->options.after_tick = [clock, done](federation::Federation& f) -> Status {
          const std::string now = clock->now();
          auto plan = f.registry().plan_in_execution();
          if (!plan) return {};
          const int64_t k = federation::period_at(*plan, now) - 1;
          if (*done == std::pair{plan->round, k}) return {};
          auto filed = federation::file_demo_reports(f, now, federation::DemoHistoryOptions{}.seed);
          if (!filed.ok()) return filed.status();
          const std::string half = federation::rules::plus_seconds(federation::period_end(*plan, k),
                                                                   plan->period_seconds / 2);
          if (now >= half) *done = {plan->round, k};
          return {};
        };
      }
      auto s = TRY(server::Server::open(a->options));
      if (a->demo) {
        std::lock_guard lock(s->db_mutex());
        DemoSetup setup;
        setup.password = a->demo_password.empty() ? server::random_token(6) : a->demo_password;
        setup.constitution = a->constitution;
        setup.history.discussion_seconds = a->round_phases.at(0);
        setup.history.amendment_seconds = a->round_phases.at(1);
        setup.history.vote_seconds = a->round_phases.at(2);
        setup.history.report_period = a->report_period;
        TRY(prepare_demo(*s, *clock, std::move(setup), true));
      }
      return s->run([&](int port) {
        fmt::print("collegium is serving http://{}:{}/  (data: {}; stop with Ctrl-C)\n",
                   a->options.host, port, g.data_dir);
        std::fflush(stdout);
      });
    };
    if (Status s = run(); !s.ok()) print_error(g, s);
  });
}

void add_account_command(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand("account", "Manage login credentials");
  cmd->require_subcommand(1);
  auto subject = std::make_shared<std::string>();
  auto* pw = cmd->add_subcommand(
      "password",
      "Set the password of a member (by id) or of \"operator\", read from the first line of "
      "standard input; ends that subject's sessions. The act is recorded (without the password)");
  pw->add_option("SUBJECT", *subject, "A member id, or operator")->required();
  pw->callback([&g, subject] {
    auto run = [&]() -> Status {
      server::ServerOptions o;
      o.data_dir = g.data_dir;
      auto s = TRY(server::Server::open(o));
      if (*subject != server::kOperatorId && !s->federation().registry().member(*subject)) {
        return not_found(fmt::format("no member {}", *subject), "SUBJECT");
      }
      std::string password;
      std::getline(std::cin, password);
      TRY(s->accounts().set_password(*subject, password));
      // Safe beside a running server: each writer appends after the head it reads under
      // the database's write lock (docs/record.md, "More than one writer").
      TRY(s->federation().note("account.password_set", server::kOperatorId,
                               Json{{"subject", *subject}}));
      TRY(s->federation().store().checkpoint());
      fmt::print("Password set for {}.\n", *subject);
      return {};
    };
    if (Status s = run(); !s.ok()) print_error(g, s);
  });
}

}  // namespace collegium::cli
