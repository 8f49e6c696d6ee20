// `collegium report` (issue #16; C6): a workplace's report of one period, sent from the
// command line to a running server with a bearer token (POST /api/tokens), as a committee's
// clerk or a script at the end of a shift would send it.
#include <fmt/format.h>
#include <httplib.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/json.h"
#include "cli/command.h"

namespace collegium::cli {

namespace {

struct ReportOptions {
  std::string server = "http://127.0.0.1:8080";
  std::string token, workplace, corrects, file;
  int64_t period = 0;
};

Result<std::string> read_input(const std::string& file) {
  std::ostringstream text;
  if (file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return not_found(fmt::format("cannot read {}", file), file);
    text << in.rdbuf();
  }
  return text.str();
}

// An id as a URL's path segment or query value: everything but letters, digits and -._~
// percent-encoded.
std::string url_encoded(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Status send_report(const ReportOptions& o) {
  std::string token = o.token;
  if (token.empty()) {
    if (const char* env = std::getenv("COLLEGIUM_TOKEN")) token = env;
  }
  if (token.empty()) {
    return invalid_argument(
        "give a bearer token with --token or COLLEGIUM_TOKEN (a logged-in member gets one from "
        "POST /api/tokens)",
        "--token");
  }
  const std::string csv = TRY(read_input(o.file));
  httplib::Client client(o.server);
  client.set_connection_timeout(10);
  client.set_read_timeout(60);
  std::string path =
      fmt::format("/api/workplaces/{}/reports?period={}", url_encoded(o.workplace), o.period);
  if (!o.corrects.empty()) path += "&corrects=" + url_encoded(o.corrects);
  httplib::Headers headers = {{"Authorization", "Bearer " + token}};
  auto res = client.Post(path, headers, csv, "text/csv");
  if (!res) {
    return Status(Code::kUnavailable,
                  fmt::format("no answer from {}: {}", o.server, httplib::to_string(res.error())),
                  "--server");
  }
  auto body = parse_json(res->body);
  if (res->status != 200) {
    // The server's problem+json: its code, the cell or field, the message.
    std::string code = body.ok() ? body->value("code", "") : "";
    std::string detail = body.ok() ? body->value("detail", res->body) : res->body;
    std::string where = body.ok() ? body->value("field", "") : "";
    if (where.rfind("body:", 0) == 0) where = o.file + where.substr(4);
    Code c = res->status == 404   ? Code::kNotFound
             : res->status == 403 ? Code::kPermissionDenied
             : res->status == 401 ? Code::kPermissionDenied
             : res->status == 409 ? Code::kFailedPrecondition
                                  : Code::kInvalidArgument;
    return Status(c, fmt::format("{} ({} {})", detail, res->status, code), where);
  }
  const Json created = body.ok() ? body->value("created", Json::array()) : Json::array();
  const std::string report = created.empty() ? "" : created[0].get<std::string>();
  fmt::print("Filed report {} of workplace {}, period {}", report, o.workplace, o.period);
  bool signal = false;
  for (const auto& id : created) signal = signal || id.get<std::string>().rfind("signal-", 0) == 0;
  const size_t events = body.ok() ? body->value("events", Json::array()).size() : 0;
  fmt::print("{}.\n", events > 1 ? signal ? ": confirmed, and it raised a signal (see "
                                            "'collegium show signals --workplace ...')"
                                          : ": confirmed"
                                 : ": it waits for the committee's confirmation");
  return {};
}

}  // namespace

void add_report_command(CLI::App& root, Globals& g) {
  auto o = std::make_shared<ReportOptions>();
  auto* cmd = root.add_subcommand(
      "report",
      "Send a workplace's report of one period to a running server (docs/execution.md). The "
      "CSV has the header kind,item,amount and a row a figure: output,PRODUCT,UNITS; "
      "hours,CATEGORY,HOURS; input,PRODUCT,UNITS. Filed by a seat holder of the workplace's "
      "committee it is confirmed at once; by a member the committee named, it waits for the "
      "committee.");
  cmd->add_option("FILE", o->file, "The report as CSV ('-': standard input)")->required();
  cmd->add_option("--workplace", o->workplace, "The workplace")->required();
  cmd->add_option("--period", o->period, "The report period, from 1 at the plan's adoption")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--corrects", o->corrects, "The report this one corrects");
  cmd->add_option("--server", o->server, "The server's address")->capture_default_str();
  cmd->add_option("--token", o->token, "A bearer token (default: $COLLEGIUM_TOKEN)");
  cmd->callback([&g, o] {
    if (Status s = send_report(*o); !s.ok()) print_error(g, s);
  });
}

}  // namespace collegium::cli
