// `collegium show READ`: every read the API serves, from the data directory, through the
// same read models (federation/read_*.h), so that any figure a page shows can be
// reproduced from the command line (DESIGN.md invariant 7). `--format json` prints exactly
// the JSON the API answers for the same read; the text form prints the same fields for
// reading.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>

#include "cli/command.h"
#include "federation/federation.h"
#include "federation/read_appeals.h"
#include "federation/read_deliberation.h"
#include "federation/read_economy.h"
#include "federation/read_elections.h"
#include "federation/read_execution.h"
#include "federation/read_home.h"
#include "federation/read_motions.h"
#include "federation/read_officials.h"
#include "federation/read_recall.h"
#include "federation/read_record.h"
#include "federation/read_registry.h"
#include "federation/read_rounds.h"
#include "federation/read_search.h"

namespace collegium::cli {

namespace fed = collegium::federation;

namespace {

using Read = std::function<Result<Json>(fed::Federation&)>;

template <Described T>
Result<Json> json_of(const Result<T>& read) {
  if (!read.ok()) return read.status();
  return write_json(*read);
}

bool is_scalar(const Json& j) {
  return !j.is_object() && !j.is_array();
}

std::string scalar_text(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "-";
  return j.dump();
}

// The text form: one field a line, nested objects and lists indented under their key, the
// items of a list marked with "-". Multi-line strings (a count sheet's ballots, a report)
// keep their lines, indented.
void print_text(const Json& j, const std::string& indent) {
  // `label` ("key:" or "-") and then the value, on its line or indented below it.
  auto value_lines = [&](const std::string& label, const Json& v, const std::string& inner) {
    if (is_scalar(v)) {
      std::string s = scalar_text(v);
      if (s.find('\n') == std::string::npos) {
        fmt::print("{} {}\n", label, s);
        return;
      }
      fmt::print("{}\n", label);
      size_t start = 0;
      while (start < s.size()) {
        size_t end = s.find('\n', start);
        if (end == std::string::npos) end = s.size();
        fmt::print("{}  {}\n", inner, s.substr(start, end - start));
        start = end + 1;
      }
    } else if (v.empty()) {
      fmt::print("{} {}\n", label, v.is_array() ? "(none)" : "{}");
    } else if (v.is_array() && std::all_of(v.begin(), v.end(), is_scalar)) {
      std::string list;
      for (const auto& x : v) list += (list.empty() ? "" : ", ") + scalar_text(x);
      fmt::print("{} {}\n", label, list);
    } else {
      fmt::print("{}\n", label);
      print_text(v, inner + "  ");
    }
  };
  if (j.is_object()) {
    for (const auto& [key, v] : j.items())
      value_lines(fmt::format("{}{}:", indent, key), v, indent);
  } else if (j.is_array()) {
    for (const auto& v : j) {
      if (v.is_object()) {
        fmt::print("{}-\n", indent);
        print_text(v, indent + "  ");
      } else {
        value_lines(indent + "-", v, indent);
      }
    }
  } else {
    fmt::print("{}{}\n", indent, scalar_text(j));
  }
}

// Declares `--format` on `cmd` and runs `read` when it is chosen.
void on_read(CLI::App* cmd, Globals& g, Read read) {
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("--format", *format, "text, or json: the JSON the API answers for this read")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&g, format, read = std::move(read)] {
    auto run = [&]() -> Status {
      auto f = TRY(open_federation(g));
      Json j = TRY(read(*f));
      if (*format == "json") {
        fmt::print("{}\n", j.dump(2, ' ', false, Json::error_handler_t::replace));
      } else {
        print_text(j, "");
      }
      return {};
    };
    if (Status s = run(); !s.ok()) print_error(g, s);
  });
}

// --offset and --limit, as the API's paged routes take them.
std::shared_ptr<fed::Page> add_page(CLI::App* cmd) {
  auto page = std::make_shared<fed::Page>();
  page->limit = fed::kDefaultPageLimit;
  cmd->add_option("--offset", page->offset, "Rows to skip")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, std::numeric_limits<int64_t>::max()));
  cmd->add_option("--limit", page->limit, "Rows to show at most")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, fed::kMaxPageLimit));
  return page;
}

std::shared_ptr<std::string> add_id(CLI::App* cmd, const char* what) {
  auto id = std::make_shared<std::string>();
  cmd->add_option("ID", *id, what)->required();
  return id;
}

// `--as MEMBER`: add that member's standing (`you`), as the API does for a member's session.
std::shared_ptr<std::string> add_viewer(CLI::App* cmd) {
  auto who = std::make_shared<std::string>();
  cmd->add_option("--as", *who, "Show where this member stands, as the page shows them");
  return who;
}

}  // namespace

void add_show_command(CLI::App& root, Globals& g) {
  auto* show = root.add_subcommand(
      "show",
      "Print what the web app and the API show, read from the data directory: every figure "
      "can be checked here ('--format json' gives the API's JSON)");
  show->require_subcommand(1);

  // The registry ------------------------------------------------------------------------
  {
    auto* c =
        show->add_subcommand("federation", "Counts and the tree of bodies (GET /api/federation)");
    auto depth = std::make_shared<int>(3);
    auto children = std::make_shared<int64_t>(10);
    c->add_option("--depth", *depth, "Levels of bodies below each top body")
        ->capture_default_str()
        ->check(CLI::Range(0, 50));
    c->add_option("--children", *children, "Electing bodies shown under each body")
        ->capture_default_str()
        ->check(CLI::Range(int64_t{0}, int64_t{100000}));
    on_read(c, g, [depth, children](fed::Federation& f) {
      return json_of(fed::read_federation(f, {*depth, *children}));
    });
  }
  {
    auto* c = show->add_subcommand("bodies", "Bodies in the order declared (GET /api/bodies)");
    auto kind = std::make_shared<std::string>();
    c->add_option("--kind", *kind,
                  fmt::format("Only bodies of this kind: {}", fed::body_kinds_list()));
    auto page = add_page(c);
    on_read(c, g, [kind, page](fed::Federation& f) {
      return json_of(fed::list_bodies(f, {*kind}, *page));
    });
  }
  {
    auto* c = show->add_subcommand(
        "body", "A body: constituency, seats and holders, whom it elects (GET /api/bodies/ID)");
    auto id = add_id(c, "The body");
    on_read(c, g, [id](fed::Federation& f) { return json_of(fed::read_body(f, *id)); });
  }
  {
    auto* c = show->add_subcommand(
        "pay",
        "The pay of a body's offices beside the median pay of those it represents (B8; GET "
        "/api/bodies/ID/pay); without a body, every body whose pay is recorded");
    auto id = std::make_shared<std::string>();
    c->add_option("BODY", *id, "The body");
    on_read(c, g, [id](fed::Federation& f) {
      return id->empty() ? json_of(fed::list_body_pay(f)) : json_of(fed::read_body_pay(f, *id));
    });
  }
  {
    auto* c = show->add_subcommand("workplaces",
                                   "Workplaces with their member counts (GET /api/workplaces)");
    auto page = add_page(c);
    on_read(c, g, [page](fed::Federation& f) { return json_of(fed::list_workplaces(f, *page)); });
  }
  {
    auto* c = show->add_subcommand(
        "workplace", "A workplace: shops, members, its bodies (GET /api/workplaces/ID)");
    auto id = add_id(c, "The workplace");
    on_read(c, g, [id](fed::Federation& f) { return json_of(fed::read_workplace(f, *id)); });
  }
  {
    auto* c = show->add_subcommand(
        "production",
        "A workplace's production data and who changed it (GET /api/workplaces/ID/production)");
    auto id = add_id(c, "The workplace");
    on_read(c, g,
            [id](fed::Federation& f) { return json_of(fed::read_workplace_production(f, *id)); });
  }
  {
    auto* c =
        show->add_subcommand("economy", "The economy the federation holds (GET /api/economy)");
    on_read(c, g, [](fed::Federation& f) { return json_of(fed::read_economy_summary(f)); });
  }
  {
    auto* c =
        show->add_subcommand("products", "The economy's products (GET /api/economy/products)");
    auto filter = std::make_shared<fed::ProductFilter>();
    c->add_option("--q", filter->q, "Only products whose id or name contains this");
    c->add_option("--region", filter->region, "Only products of this region");
    auto page = add_page(c);
    on_read(c, g, [filter, page](fed::Federation& f) {
      return json_of(fed::list_products(f, *filter, *page));
    });
  }
  // Planning rounds ----------------------------------------------------------------------
  {
    auto* c = show->add_subcommand("rounds", "Planning rounds, newest first (GET /api/rounds)");
    on_read(c, g, [](fed::Federation& f) { return json_of(fed::list_rounds(f, f.store().now())); });
  }
  {
    auto* c = show->add_subcommand(
        "round",
        "A planning round: alternatives, computations, amendments, votes (GET /api/rounds/ID)");
    auto id = add_id(c, "The round");
    auto who = add_viewer(c);
    on_read(c, g, [id, who](fed::Federation& f) {
      return json_of(fed::read_round(f, *id, f.store().now(), *who));
    });
  }
  {
    auto* c = show->add_subcommand(
        "round-body",
        "What each alternative of a round means for one body, and its members' vote "
        "(GET /api/rounds/ID/bodies/BODY)");
    auto id = add_id(c, "The round");
    auto body = std::make_shared<std::string>();
    c->add_option("BODY", *body, "The body")->required();
    on_read(c, g, [id, body](fed::Federation& f) {
      return json_of(fed::read_round_body(f, *id, *body));
    });
  }
  {
    auto* c = show->add_subcommand(
        "targets", "A workplace's targets from adopted plans (GET /api/workplaces/ID/targets)");
    auto id = add_id(c, "The workplace");
    on_read(c, g,
            [id](fed::Federation& f) { return json_of(fed::read_workplace_targets(f, *id)); });
  }
  // Carrying out the plan ----------------------------------------------------------------
  {
    auto* c = show->add_subcommand(
        "fulfilment",
        "The plan's fulfilment per report period, over the economy or a branch or region "
        "(GET /api/plan/fulfilment)");
    auto branch = std::make_shared<std::string>(), region = std::make_shared<std::string>();
    c->add_option("--branch", *branch, "Only this branch's workplaces");
    c->add_option("--region", *region, "Only this region's workplaces");
    on_read(c, g, [branch, region](fed::Federation& f) {
      return json_of(fed::read_plan_fulfilment(f, *branch, *region, f.store().now()));
    });
  }
  {
    auto* c = show->add_subcommand(
        "workplace-fulfilment",
        "A workplace's reports and the forecaster's readings, period by period "
        "(GET /api/workplaces/ID/fulfilment)");
    auto id = add_id(c, "The workplace");
    on_read(c, g, [id](fed::Federation& f) {
      return json_of(fed::read_workplace_fulfilment(f, *id, f.store().now()));
    });
  }
  {
    auto* c = show->add_subcommand("signals", "Plan signals, overdue first (GET /api/signals)");
    auto filter = std::make_shared<fed::SignalFilter>();
    c->add_option("--body", filter->body, "Only those before this body");
    c->add_option("--workplace", filter->workplace, "Only this workplace's");
    c->add_option("--state", filter->state, "open or resolved");
    auto page = add_page(c);
    on_read(c, g, [filter, page](fed::Federation& f) {
      return json_of(fed::list_signals(f, *filter, *page, f.store().now()));
    });
  }
  {
    auto* c = show->add_subcommand(
        "signal", "A plan signal: its reading, history and consequences (GET /api/signals/ID)");
    auto id = add_id(c, "The signal");
    on_read(c, g, [id](fed::Federation& f) {
      return json_of(fed::read_signal(f, *id, f.store().now()));
    });
  }
  // Meetings and platforms (B2, B4) ------------------------------------------------------
  {
    auto* c = show->add_subcommand("meetings", "Meetings, latest start first (GET /api/meetings)");
    auto filter = std::make_shared<fed::MeetingFilter>();
    c->add_option("--body", filter->body, "Only this body's");
    auto page = add_page(c);
    on_read(c, g, [filter, page](fed::Federation& f) {
      return json_of(fed::list_meetings(f, *filter, *page));
    });
  }
  {
    auto* c =
        show->add_subcommand("meeting",
                             "A meeting: agenda, speakers' lists in their balanced order, minutes "
                             "(GET /api/meetings/ID)");
    auto id = add_id(c, "The meeting");
    on_read(c, g, [id](fed::Federation& f) { return json_of(fed::read_meeting(f, *id)); });
  }
  {
    auto* c = show->add_subcommand(
        "closed-items",
        "Meeting items closed by a vote, and how long each stayed closed (GET /api/closed-items)");
    auto filter = std::make_shared<fed::MeetingFilter>();
    c->add_option("--body", filter->body, "Only this body's");
    on_read(c, g, [filter](fed::Federation& f) { return json_of(fed::closed_items(f, *filter)); });
  }
  {
    auto* c =
        show->add_subcommand("platforms", "Platforms and their supporters (GET /api/platforms)");
    auto page = add_page(c);
    on_read(c, g, [page](fed::Federation& f) { return json_of(fed::list_platforms(f, *page)); });
  }
  {
    auto* c = show->add_subcommand("platform",
                                   "A platform: statement and supporters (GET /api/platforms/ID)");
    auto id = add_id(c, "The platform");
    on_read(c, g, [id](fed::Federation& f) { return json_of(fed::read_platform(f, *id)); });
  }
  {
    auto* c = show->add_subcommand("members", "Members of a workplace (GET /api/members)");
    auto workplace = std::make_shared<std::string>();
    c->add_option("--workplace", *workplace, "The workplace")->required();
    auto page = add_page(c);
    on_read(c, g, [workplace, page](fed::Federation& f) {
      return json_of(fed::list_members(f, {*workplace}, *page));
    });
  }
  {
    auto* c = show->add_subcommand(
        "search",
        "Members, bodies, polls and motions whose names or words hold a query, grouped by kind "
        "(GET /api/search, as a logged-in member sees it)");
    auto filter = std::make_shared<fed::SearchFilter>();
    filter->all_members = true;
    c->add_option("query", filter->q, "What to look for: part of a name, or words")->required();
    c->add_option("--kind", filter->kind, "member, body, poll or motion");
    auto page = add_page(c);
    on_read(c, g,
            [filter, page](fed::Federation& f) { return json_of(fed::search(f, *filter, *page)); });
  }
  {
    auto* c = show->add_subcommand(
        "member",
        "A member: name, workplace, category, offices, and the shop and joining date that "
        "the operator sees (GET /api/members/ID)");
    auto id = add_id(c, "The member");
    on_read(c, g, [id](fed::Federation& f) { return json_of(fed::read_member(f, *id, true)); });
  }
  {
    auto* c = show->add_subcommand(
        "home",
        "A member's home: what is open for them, what is due from them, their seats and the "
        "bodies they elect (GET /api/members/ID/home)");
    auto id = add_id(c, "The member");
    on_read(c, g,
            [id](fed::Federation& f) { return json_of(fed::read_home(f, *id, f.store().now())); });
  }

  // Elections and mandates ---------------------------------------------------------------
  {
    auto* c =
        show->add_subcommand("polls", "Elections and recall votes, newest first (GET /api/polls)");
    auto filter = std::make_shared<fed::PollFilter>();
    c->add_option("--body", filter->body, "Only this body's");
    c->add_option("--state", filter->state, "open, nominating, voting or closed");
    c->add_option("--member", filter->member, "Only those in which this member is an elector");
    auto page = add_page(c);
    on_read(c, g, [filter, page](fed::Federation& f) {
      return json_of(fed::list_polls(f, *filter, *page));
    });
  }
  {
    auto* c = show->add_subcommand(
        "poll",
        "A poll: candidates and statements; once closed, the result, the count sheet and the "
        "command that repeats the count (GET /api/polls/ID)");
    auto id = add_id(c, "The poll");
    auto who = add_viewer(c);
    on_read(c, g, [id, who](fed::Federation& f) { return json_of(fed::read_poll(f, *id, *who)); });
  }
  {
    auto* c = show->add_subcommand(
        "nominations", "An election's nominations and their state (GET /api/polls/ID/nominations)");
    auto id = add_id(c, "The poll");
    on_read(c, g, [id](fed::Federation& f) { return json_of(fed::read_nominations(f, *id)); });
  }
  {
    auto* c = show->add_subcommand(
        "mandates",
        "Mandates, newest first, with the date each report back is due (GET /api/mandates)");
    auto filter = std::make_shared<fed::MandateFilter>();
    auto ended = std::make_shared<bool>(false);
    c->add_option("--body", filter->body, "Only this body's");
    c->add_option("--member", filter->member, "Only this member's");
    c->add_option("--origin", filter->origin, "election, count_back or appointment");
    c->add_flag("--ended", *ended, "Include mandates that have ended");
    c->add_flag("--overdue", filter->overdue, "Only those whose report back is overdue");
    on_read(c, g, [filter, ended](fed::Federation& f) {
      fed::MandateFilter mf = *filter;
      mf.running = !*ended;
      return json_of(fed::list_mandates(f, mf));
    });
  }
  {
    auto* c = show->add_subcommand(
        "official",
        "An official: mandates, reports back, votes cast in bodies, manual labour, recall "
        "petitions (GET /api/officials/ID)");
    auto id = add_id(c, "The member");
    on_read(c, g, [id](fed::Federation& f) { return json_of(fed::read_official(f, *id)); });
  }

  // The record in words ---------------------------------------------------------------------
  {
    auto* c = show->add_subcommand(
        "record",
        "The public record in words, newest first, with filters (GET /api/record/entries)");
    auto q = std::make_shared<fed::RecordQuery>();
    c->add_option("--order", q->order, "newest or oldest")->capture_default_str();
    c->add_option("--kind", q->kind,
                  "Event types or groups, comma separated (elections, recalls, motions, "
                  "officials, membership, constitution, plans, fulfilment, registry, server)");
    c->add_option("--body", q->body, "Only events that concern this body");
    c->add_option("--member", q->member, "Only events that name this member");
    c->add_option("--search", q->q, "Only sentences with these words (any case)");
    c->add_flag("--routine", q->routine, "Show the clock's routine steps too");
    c->add_option("--before", q->before, "Newest first: events before this seq");
    c->add_option("--after", q->after, "Oldest first: events after this seq");
    c->add_option("--limit", q->limit, "At most this many")->capture_default_str();
    auto format = std::make_shared<std::string>("text");
    c->add_option("--format", *format, "text (a sentence a line), or json: what the API answers")
        ->capture_default_str()
        ->check(CLI::IsMember({"text", "json"}));
    c->callback([&g, q, format] {
      auto run = [&]() -> Status {
        auto f = TRY(open_federation(g));
        auto read = TRY(fed::list_record(*f, *q));
        if (*format == "json") {
          fmt::print("{}\n", write_json(read).dump(2, ' ', false, Json::error_handler_t::replace));
          return {};
        }
        for (const auto& e : read.entries) fmt::print("#{} {} {}\n", e.seq, e.time, e.sentence);
        if (read.entries.empty()) fmt::print("No events match.\n");
        if (read.next.value) {
          fmt::print("More: --{} {}\n", q->order == "oldest" ? "after" : "before",
                     *read.next.value);
        }
        return {};
      };
      if (Status s = run(); !s.ok()) print_error(g, s);
    });
  }
  // Recall, motions, membership ----------------------------------------------------------
  {
    auto* c = show->add_subcommand("recalls", "Recall petitions, newest first (GET /api/recalls)");
    auto filter = std::make_shared<fed::RecallFilter>();
    c->add_option("--state", filter->state, "open, petition, voting, passed or failed");
    c->add_option("--body", filter->body, "Only petitions against this body's mandates");
    on_read(c, g, [filter](fed::Federation& f) { return json_of(fed::list_recalls(f, *filter)); });
  }
  {
    auto* c = show->add_subcommand("recall", "A recall petition (GET /api/recalls/ID)");
    auto id = add_id(c, "The petition");
    auto who = add_viewer(c);
    on_read(c, g,
            [id, who](fed::Federation& f) { return json_of(fed::read_recall(f, *id, *who)); });
  }
  {
    auto* c =
        show->add_subcommand("motions", "Motions before bodies, newest first (GET /api/motions)");
    auto filter = std::make_shared<fed::MotionFilter>();
    c->add_option("--body", filter->body, "Only this body's");
    c->add_option("--state", filter->state, "open, carried or lost");
    on_read(c, g, [filter](fed::Federation& f) { return json_of(fed::list_motions(f, *filter)); });
  }
  {
    auto* c =
        show->add_subcommand("motion", "A motion and the open votes on it (GET /api/motions/ID)");
    auto id = add_id(c, "The motion");
    on_read(c, g, [id](fed::Federation& f) { return json_of(fed::read_motion(f, *id)); });
  }
  {
    auto* c = show->add_subcommand(
        "appeals",
        "Appeals against refused admissions and removals (A12), newest first (GET /api/appeals)");
    auto filter = std::make_shared<fed::AppealFilter>();
    c->add_option("--state", filter->state, "open, filed, heard, upheld or dismissed");
    c->add_option("--body", filter->body, "Only those this body hears");
    on_read(c, g, [filter](fed::Federation& f) { return json_of(fed::list_appeals(f, *filter)); });
  }
  {
    auto* c = show->add_subcommand("appeal",
                                   "An appeal: its grounds, the decision appealed, the hearing and "
                                   "the vote (GET /api/appeals/ID)");
    auto id = add_id(c, "The appeal");
    auto who = add_viewer(c);
    on_read(c, g,
            [id, who](fed::Federation& f) { return json_of(fed::read_appeal(f, *id, *who)); });
  }
  {
    auto* c = show->add_subcommand(
        "decisions",
        "Refused admissions and removals, with the window to appeal each (A12; GET "
        "/api/adverse-decisions)");
    auto member = std::make_shared<std::string>();
    c->add_option("--member", *member, "Only this person's");
    on_read(c, g, [member](fed::Federation& f) {
      return json_of(fed::list_adverse_decisions(f, {*member}));
    });
  }
  {
    auto* c = show->add_subcommand(
        "applications",
        "Applications for membership and how they were decided (GET /api/applications)");
    auto state = std::make_shared<std::string>();
    c->add_option("--state", *state, "pending, admitted or refused");
    on_read(c, g,
            [state](fed::Federation& f) { return json_of(fed::list_applications(f, {*state})); });
  }
}

}  // namespace collegium::cli
