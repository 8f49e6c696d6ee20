#include <fmt/format.h>

#include "cli/command.h"

namespace collegium::cli {

void print_error(Globals& globals, const Status& status) {
  fmt::print(stderr, "collegium: error [{}] {}\n", code_name(status.code()), status.to_string());
  switch (status.code()) {
    case Code::kInvalidArgument:
    case Code::kParseError:
    case Code::kNotFound:
    case Code::kAlreadyExists:
    case Code::kFailedPrecondition:
    case Code::kResourceExhausted:
      globals.exit_code = 2;
      break;
    default:
      globals.exit_code = 1;
  }
}

int run(int argc, char** argv) {
  Globals globals;
  CLI::App app{
      "collegium: an economy managed by its producers. Workplaces elect their committees, "
      "committees send delegates to the unions, the unions to the Congress of Producers; "
      "every decision lands in a public record that anyone can verify.",
      "collegium"};
  app.set_version_flag("--version", std::string("collegium ") + COLLEGIUM_VERSION);
  app.add_option("--data-dir", globals.data_dir, "Folder holding the database and the server key")
      ->capture_default_str()
      ->envname("COLLEGIUM_DATA_DIR");
  app.require_subcommand(1);
  app.fallthrough();  // --data-dir may also follow the subcommand
  app.footer("Run 'collegium COMMAND --help' for a command's options.");

  add_demo_command(app, globals);
  add_federation_command(app, globals);
  add_record_command(app, globals);
  add_show_command(app, globals);
  add_rebuild_command(app, globals);
  add_serve_command(app, globals);
  add_account_command(app, globals);
  add_economy_command(app, globals);
  add_report_command(app, globals);
  add_execution_command(app, globals);
#ifdef COLLEGIUM_HAVE_COUNT
  add_count_command(app, globals);
#endif
#ifdef COLLEGIUM_HAVE_PLAN
  add_plan_command(app, globals);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "collegium: {}\nRun 'collegium --help' for usage.\n", e.what());
    return 2;
  }
  return globals.exit_code;
}

}  // namespace collegium::cli
