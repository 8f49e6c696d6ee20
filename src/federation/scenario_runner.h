// Runs the governance scenarios in tests/scenarios/*.test (DESIGN.md: text-driven
// scenario files, in the manner of sqllogictest).
//
// A scenario file is a sequence of commands, each followed by what must happen:
//
//   # a comment
//   > {"create_region": {"id": "north", "name": "North"}}
//   ok region.created
//   > {"create_region": {"id": "north", "name": "Elsewhere"}}
//   error already_exists /id
//
// "ok" lists the event types the command must produce, in order; "error" gives the stable
// error code and, optionally, the field the error must name. Each file starts from an
// empty federation; a refused command must leave the record unchanged.
//
// Commands are given by the operator unless the line names someone else:
//   > as m1 {"nominate": {"poll": "$election", "member": "m1"}}
//   > as clock {"advance": {}}
// and time stands still at the last "@ 2027-01-01T00:00:00Z" line (2027-01-01 until one
// comes), so that terms, deadlines and windows are played forward by hand. Commands take the
// server's own path: a member's or the operator's through Federation::execute_each (the
// group commit of the API), the clock's Advance through Federation::execute (the server's
// tick).
//
// Captures. Ids the record makes ("poll-16") come from sequence numbers and shift when a
// line is added, so a file never writes them: an "ok" line names them instead, after "=>",
// in the order the command's events created them (the `created` list the API returns; "_"
// skips one):
//   > as clock {"advance": {}}
//   ok poll.called => $election
//   > as m3 {"open_recall": {"mandate": "$anna", "reason": "..."}}
//   ok recall.opened recall.signed => $petition
// A payload check (below) may capture the id of the event it picked instead. Any later line
// uses "$election" wherever the id belongs: in a command, an expectation, a payload check or
// a query. A name is captured once; an unknown name is an error.
//
// Payload checks. Lines indented by two spaces under an "ok" line check the payloads of its
// events: "TYPE JSON" requires one of the command's events of that type to contain JSON in
// its payload (every key of an object given, with a value that is contained in turn; an
// array of the same length, element by element; any other value equal). Each line takes
// the first such event that no line above it took, so that three lines for three mandates
// check three different events. "=> $name" at the end captures that event's id, where the
// order of the events is not what the file is about:
//   ok poll.closed mandate.started mandate.started mandate.started
//     poll.closed {"elected": ["m5", "m1", "m2"]}
//     mandate.started {"member": "m1"} => $anna
//
// Queries. "? NAME ARGS... JSON" reads the current state through the registry's view and
// requires JSON (an object, an array or null) to be contained in what it gives, as above:
//   ? poll $election {"state": "closed", "voters": 7}
//   ? mandates body=cast [{"member": "m1"}, {"member": "m2"}, {"member": "m5"}]
// The queries are those of kQueries below: poll, candidates, mandate, mandates (body=ID or
// member=ID: running mandates, by member id), recall, motion, application, appeal, member,
// body, constitution, round, production, signal, series (a workplace's forecaster:
// last_period), item (a meeting's item: MEETING NUMBER), speakers (an item's speakers'
// list in its balanced order, by member id), platform; an id that does not exist gives
// null.
//
// A line "! compute" computes the planning rounds whose figures are behind, as the
// server's computing thread does (round_job.h), and requires one at least; payload checks
// may follow it as they follow an "ok" line.
//
// A line "! rebuild" recomputes the state from the record, as `collegium rebuild` does,
// after emptying every table the record rebuilds, and requires every table to come back row
// for row (rebuild_check.h); what follows is then decided from the record alone.
//
// The Runner is also how other tests get a federation with something in every table: they
// play a scenario file and keep its data directory (read_test_fixture.h).
#pragma once

#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <sstream>

#include "base/util.h"
#include "federation/codec.h"
#include "federation/federation.h"
#include "federation/rebuild_check.h"
#include "federation/round_job.h"

namespace collegium::federation::scenario {

namespace fs = std::filesystem;

namespace fs = std::filesystem;

// ---- what the queries show: the registry's structs, field for field ----

inline Json render(const Poll& p, const RegistryView& state) {
  return {{"id", p.id},
          {"kind", to_string(p.kind)},
          {"state", to_string(p.state)},
          {"body", p.body},
          {"seats", p.seats},
          {"method", p.method},
          {"reason", p.reason},
          {"called_by", p.called_by},
          {"nominations_close", p.nominations_close},
          {"voting_close", p.voting_close},
          {"mandate", p.mandate},
          {"recall", p.recall},
          {"replaces", p.replaces},
          {"electorate", p.electorate},
          {"voters", state.voters(p.id)}};
}
inline Json render(const Candidate& c) {
  return {{"poll", c.poll},         {"member", c.member},       {"nominated_by", c.nominated_by},
          {"by_union", c.by_union}, {"statement", c.statement}, {"state", to_string(c.state)}};
}
inline Json render(const Mandate& m) {
  return {{"id", m.id},
          {"body", m.body},
          {"member", m.member},
          {"origin", enum_name(m.origin)},
          {"source", m.source},
          {"consenting_body", m.consenting_body},
          {"protected", m.protected_},
          {"started", m.started},
          {"ends", m.ends},
          {"ended", m.ended},
          {"end_reason", m.end_reason}};
}
inline Json render(const Recall& r) {
  return {{"id", r.id},
          {"mandate", r.mandate},
          {"opened_by", r.opened_by},
          {"reason", r.reason},
          {"state", to_string(r.state)},
          {"threshold", r.threshold},
          {"signatures", r.signatures},
          {"electorate", r.electorate},
          {"poll", r.poll}};
}
inline Json render(const Motion& m) {
  return {{"id", m.id},         {"kind", to_string(m.kind)},    {"state", to_string(m.state)},
          {"body", m.body},     {"proposed_by", m.proposed_by}, {"text", m.text},
          {"closes", m.closes}, {"payload", m.payload},         {"yes", m.yes},
          {"no", m.no},         {"abstain", m.abstain}};
}
inline Json render(const Application& a) {
  return {{"id", a.id},     {"member", to_json(a.member)}, {"state", to_string(a.state)},
          {"body", a.body}, {"motion", a.motion},          {"decided", a.decided}};
}
inline Json render(const Appeal& a) {
  return {{"id", a.id},
          {"decision", a.decision},
          {"kind", enum_name(a.kind)},
          {"subject", a.subject},
          {"filed_by", a.filed_by},
          {"grounds", a.grounds},
          {"body", a.body},
          {"state", to_string(a.state)},
          {"filed", a.filed},
          {"heard_by", a.heard_by},
          {"minutes", a.minutes},
          {"motion", a.motion}};
}
template <typename T>
inline Json render_all(const std::vector<T>& items) {
  Json out = Json::array();
  for (const auto& i : items) out.push_back(render(i));
  return out;
}

// A query's arguments: positional ids, and key=value pairs.
struct QueryArgs {
  std::vector<std::string> ids;
  std::map<std::string, std::string> named;
};
struct Query {
  std::string_view name;
  std::string_view usage;
  std::function<Json(const RegistryView&, const QueryArgs&)> run;
};
inline Json or_null(const auto& found, const auto& show) {
  return found ? show(*found) : Json(nullptr);
}

// The named queries: small and obvious on purpose, a view of the structs the rules read.
inline const std::vector<Query>& queries() {
  static const std::vector<Query> table = {
      {"poll", "poll ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.poll(a.ids[0]), [&](const Poll& p) { return render(p, s); });
       }},
      {"candidates", "candidates POLL",
       [](const RegistryView& s, const QueryArgs& a) {
         return render_all(s.nominations(a.ids[0]));
       }},
      {"mandate", "mandate ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.mandate(a.ids[0]), [](const Mandate& m) { return render(m); });
       }},
      {"mandates", "mandates body=ID | member=ID",
       [](const RegistryView& s, const QueryArgs& a) {
         auto found = a.named.count("body") ? s.body_mandates(a.named.at("body"))
                                            : s.member_mandates(a.named.at("member"));
         // By member: the order in which a count elects them may be decided by lot.
         std::sort(found.begin(), found.end(), [](const Mandate& x, const Mandate& y) {
           return std::tie(x.member, x.id) < std::tie(y.member, y.id);
         });
         return render_all(found);
       }},
      {"recall", "recall ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.recall(a.ids[0]), [](const Recall& r) { return render(r); });
       }},
      {"motion", "motion ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.motion(a.ids[0]), [](const Motion& m) { return render(m); });
       }},
      {"application", "application ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.application(a.ids[0]), [](const Application& x) { return render(x); });
       }},
      {"appeal", "appeal ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.appeal(a.ids[0]), [](const Appeal& x) { return render(x); });
       }},
      {"member", "member ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.member(a.ids[0]), [](const Member& m) { return to_json(m); });
       }},
      {"body", "body ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.body(a.ids[0]), [](const Body& b) { return to_json(b); });
       }},
      {"constitution", "constitution",
       [](const RegistryView& s, const QueryArgs&) { return to_json(s.constitution()); }},
      {"round", "round ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.round(a.ids[0]), [](const Round& r) {
           return Json{{"id", r.id},
                       {"body", r.body},
                       {"state", r.state},
                       {"version", r.version},
                       {"computed_version", r.computed_version},
                       {"vote", r.vote},
                       {"adopted", r.adopted},
                       {"alternatives", r.alternatives},
                       {"discussion_until", r.call.discussion_until},
                       {"amendment_until", r.call.amendment_until},
                       {"vote_until", r.call.vote_until}};
         });
       }},
      {"production", "production WORKPLACE",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.workplace_production(a.ids[0]),
                        [](const WorkplaceProduction& w) { return write_json(w); });
       }},
      {"signal", "signal ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.signal(a.ids[0]), [](const Signal& g) {
           return Json{{"workplace", g.workplace}, {"indicator", g.indicator},
                       {"kind", g.kind},           {"direction", g.direction},
                       {"cause", g.cause},         {"period", g.period},
                       {"level", g.level},         {"body", g.body},
                       {"state", g.state},         {"acknowledge_by", g.acknowledge_by},
                       {"decide_by", g.decide_by}};
         });
       }},
      {"series", "series WORKPLACE",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.series_state(a.ids[0], ""), [](const SeriesState& g) {
           return Json{{"last_period", g.last_period}};
         });
       }},
      {"item", "item MEETING NUMBER",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.meeting_item(a.ids[0], std::atoll(a.ids[1].c_str())),
                        [](const MeetingItem& i) {
                          return Json{{"state", i.state},
                                      {"reason", i.reason},
                                      {"until", i.until},
                                      {"closed", i.closed},
                                      {"published", i.published},
                                      {"has_minutes", i.has_minutes},
                                      {"minutes_by", i.minutes_by},
                                      {"confirmed_by", i.confirmed_by},
                                      {"confirm_motion", i.confirm_motion},
                                      {"close_motion", i.close_motion}};
                        });
       }},
      {"speakers", "speakers MEETING NUMBER",
       [](const RegistryView& s, const QueryArgs& a) {
         int64_t item = std::atoll(a.ids[1].c_str());
         Json out = Json::array();
         for (const auto& r :
              speaking_order(s.floor_waiting(a.ids[0], item), s.speaking_state(a.ids[0], item)))
           out.push_back(r.member);
         return out;
       }},
      {"platform", "platform ID",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.platform(a.ids[0]), [](const Platform& p) {
           return Json{{"name", p.name},
                       {"supporters", p.supporters},
                       {"recognised", !p.recognised.empty()}};
         });
       }},
      {"indicator", "indicator WORKPLACE INDICATOR",
       [](const RegistryView& s, const QueryArgs& a) {
         return or_null(s.series_state(a.ids[0], a.ids[1]), [](const SeriesState& g) {
           return Json{{"last_period", g.last_period}};
         });
       }},
  };
  return table;
}

// Where `expected` is not contained in `actual` (see the file's comment): the JSON pointer
// of the first difference, or nothing.
inline std::optional<std::string> mismatch(const Json& expected, const Json& actual,
                                           const std::string& path = "") {
  if (expected.is_object()) {
    if (!actual.is_object()) return path.empty() ? "/" : path;
    for (const auto& [key, value] : expected.items()) {
      std::string at = json_path_join(path, key);
      if (!actual.contains(key)) return at;
      if (auto m = mismatch(value, actual.at(key), at)) return m;
    }
    return std::nullopt;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) return path.empty() ? "/" : path;
    for (size_t i = 0; i < expected.size(); ++i) {
      if (auto m = mismatch(expected[i], actual[i], json_path_join(path, i))) return m;
    }
    return std::nullopt;
  }
  if (expected != actual) return path.empty() ? "/" : path;
  return std::nullopt;
}

// Runs one scenario file in a fresh federation under `dir`. Returns the first failure,
// naming the file and line, or nothing when every line holds.
class Runner {
 public:
  Runner(std::string file, fs::path dir) : file_(std::move(file)), dir_(std::move(dir)) {}
  ~Runner() {
    fed_.reset();
    if (!keep_) fs::remove_all(dir_);
  }

  std::optional<std::string> run(const std::string& text) {
    fs::remove_all(dir_);
    Federation::Options options;
    options.clock = [this] { return now_; };
    auto opened = Federation::open(dir_, options);
    if (!opened.ok()) return opened.status().to_string();
    fed_ = std::move(*opened);
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      ++number_;
      if (auto failed = step(line)) {
        return fmt::format("{}:{}: {}\n  {}", file_, number_, *failed, line);
      }
    }
    if (pending_) return fmt::format("{}: the file ends with a command and no expectation", file_);
    if (checked_ == 0) return fmt::format("{}: no command is checked", file_);
    return std::nullopt;
  }

  Federation& federation() { return *fed_; }
  // The time the scenario's clock shows: its last "@" line.
  const std::string& now() const { return now_; }
  // Leaves the data directory in place when the runner goes, for a server to open.
  void keep_data() { keep_ = true; }

 private:
  using Failure = std::optional<std::string>;

  Failure step(std::string line) {
    if (line.starts_with("  ")) {
      if (line.find_first_not_of(' ') == line.find('#')) return {};  // an indented comment
      return check_payload(line);
    }
    events_.clear();  // payload checks follow their "ok" line directly
    if (line.empty() || line[0] == '#') return {};
    if (line.starts_with("@ ")) {
      auto ms = utc_to_unix_ms(line.substr(2));
      if (!ms.ok()) return ms.status().to_string();
      now_ = unix_ms_to_utc(*ms);
      return {};
    }
    if (line == "! compute") {
      if (pending_) return "a command needs an expectation before a computation";
      uint64_t head = fed_->store().head_seq();
      std::mutex db;
      auto recorded = RoundComputer().run(*fed_, db);
      if (!recorded.ok()) return recorded.status().to_string();
      if (*recorded == 0) return "no round needed computing";
      Status read = fed_->store().for_each_event(
          head + 1, [&](uint64_t, std::string_view bytes, const Digest&) -> Status {
            events_.push_back(TRY(parse_json(bytes)));
            return {};
          });
      if (!read.ok()) return read.to_string();
      matched_.assign(events_.size(), false);
      return {};
    }
    if (line == "! rebuild") {
      if (pending_) return "a command needs an expectation before a rebuild";
      auto diff = rebuild_check::rebuild_and_compare(fed_->store());
      if (!diff.ok()) return diff.status().to_string();
      if (!diff->empty()) return "the rebuild changed the state:\n" + *diff;
      return {};
    }
    // The part after "=>" names captures; everything else may use them.
    std::string captures;
    if (line.starts_with("ok ")) {
      if (size_t arrow = line.find(" =>"); arrow != std::string::npos) {
        captures = line.substr(arrow + 3);
        line.resize(arrow);
      }
    }
    auto substituted = substitute(line);
    if (!substituted.ok()) return substituted.status().to_string();
    line = std::move(*substituted);
    if (line.starts_with("? ")) {
      if (pending_) return "a command needs an expectation before a query";
      return query(line.substr(2));
    }
    if (line.starts_with("> ")) return command(line);
    if (!pending_) return "an expectation without a command";
    ++checked_;
    return expectation(line, captures);
  }

  // Replaces each $name by the id captured under it.
  Result<std::string> substitute(const std::string& line) const {
    static const std::regex name(R"(\$([A-Za-z_][A-Za-z0-9_]*))");
    std::string out;
    auto last = line.cbegin();
    for (std::sregex_iterator it(line.begin(), line.end(), name), end; it != end; ++it) {
      out.append(last, line.cbegin() + it->position(0));
      auto found = vars_.find((*it)[1].str());
      if (found == vars_.end()) {
        return Status(Code::kInvalidArgument, fmt::format("nothing captured as {}", it->str()));
      }
      out += found->second;
      last = line.cbegin() + it->position(0) + it->length(0);
    }
    out.append(last, line.cend());
    return out;
  }

  Failure command(std::string line) {
    if (pending_) return "a command needs an expectation before the next command";
    actor_ = std::string(kOperator);
    if (line.starts_with("> as ")) {
      size_t end = line.find(' ', 5);
      if (end == std::string::npos) return "'as' names no one";
      actor_ = line.substr(5, end - 5);
      line = "> " + line.substr(end + 1);
    }
    auto j = parse_json(line.substr(2), fmt::format("{}:{}", file_, number_));
    if (!j.ok()) return j.status().to_string();
    pending_ = command_from_json(*j, "");
    command_line_ = number_;
    return {};
  }

  // Runs the pending command as the server would, and returns its status; the ids its events
  // created go to `created`.
  Status execute(std::vector<std::string>* created) {
    uint64_t head = fed_->store().head_seq();
    if (!pending_->ok()) return pending_->status();
    const Command& c = **pending_;
    if (actor_ == kClock && std::holds_alternative<Advance>(c)) {
      // Server::tick. Its events are the clock's own, not an API answer: the ids they
      // created are read the way execute_each gives them, an event's "id".
      TRY(fed_->execute(c, actor_));
      return fed_->store().for_each_event(
          head + 1, [&](uint64_t, std::string_view bytes, const Digest&) -> Status {
            Json e = TRY(parse_json(bytes));
            if (auto id = e["payload"].find("id"); id != e["payload"].end() && id->is_string()) {
              created->push_back(id->get<std::string>());
            }
            return {};
          });
    }
    // Server::submit: one command in the committer's batch.
    Federation::Submitted one{c, actor_, {}, 0, 0, {}};
    TRY(fed_->execute_each(std::span<Federation::Submitted>(&one, 1)));
    *created = std::move(one.created);
    return one.status;
  }

  Failure expectation(const std::string& line, const std::string& captures) {
    uint64_t head = fed_->store().head_seq();
    std::vector<std::string> created;
    Status s = execute(&created);
    pending_.reset();
    std::istringstream words(line);
    std::string verdict;
    words >> verdict;
    std::string where = fmt::format("(command at line {})", command_line_);
    if (verdict == "ok") {
      if (!s.ok()) {
        return fmt::format("{} refused: [{}] {}", where, code_name(s.code()), s.to_string());
      }
      std::vector<std::string> expected, actual;
      std::string shown;  // the events themselves, to show what happened instead
      Status read = fed_->store().for_each_event(
          head + 1, [&](uint64_t, std::string_view bytes, const Digest&) -> Status {
            Json e = TRY(parse_json(bytes));
            actual.push_back(e.at("type").get<std::string>());
            shown += fmt::format("\n  {}", bytes.substr(0, 600));
            events_.push_back(std::move(e));
            return {};
          });
      if (!read.ok()) return read.to_string();
      for (std::string t; words >> t;) expected.push_back(t);
      if (actual != expected) {
        return fmt::format("{} gave the events [{}], expected [{}]:{}", where,
                           fmt::join(actual, " "), fmt::join(expected, " "), shown);
      }
      std::istringstream names(captures);
      size_t i = 0;
      for (std::string n; names >> n; ++i) {
        if (n == "_") continue;
        if (!n.starts_with("$") || n.size() < 2) return fmt::format("'{}' is not a capture", n);
        if (i >= created.size()) {
          return fmt::format("{} created {} ids [{}], none left for {}", where, created.size(),
                             fmt::join(created, " "), n);
        }
        if (auto failed = capture(n, created[i])) return failed;
      }
      matched_.assign(events_.size(), false);
      return {};
    }
    if (verdict == "error") {
      std::string code, field;
      words >> code >> field;
      if (s.ok()) return fmt::format("{} accepted, but expected {}", where, code);
      if (code_name(s.code()) != code || (!field.empty() && s.where() != field)) {
        return fmt::format("{} refused with [{}] {}, expected {} {}", where, code_name(s.code()),
                           s.to_string(), code, field);
      }
      if (fed_->store().head_seq() != head) return where + " was refused, but wrote events";
      return {};
    }
    return fmt::format("expected 'ok' or 'error', found '{}'", verdict);
  }

  // "  TYPE JSON [=> $name]" under an "ok" line: the first event of TYPE not matched yet
  // whose payload contains JSON; its id is captured as $name.
  Failure check_payload(const std::string& raw) {
    std::string text = raw.substr(2), name;
    if (size_t arrow = text.find(" =>"); arrow != std::string::npos) {
      std::istringstream names(text.substr(arrow + 3));
      names >> name;
      if (!name.starts_with("$") || name.size() < 2 || (names >> std::ws, !names.eof())) {
        return "a payload check captures one $name";
      }
      text.resize(arrow);
    }
    auto line = substitute(text);
    if (!line.ok()) return line.status().to_string();
    if (events_.empty()) return "a payload check belongs under the 'ok' line of its command";
    size_t space = line->find(' ');
    if (space == std::string::npos) return "a payload check is 'TYPE JSON'";
    std::string type = line->substr(0, space);
    auto expected = parse_json(line->substr(space + 1), fmt::format("{}:{}", file_, number_));
    if (!expected.ok()) return expected.status().to_string();
    std::string candidates;
    for (size_t i = 0; i < events_.size(); ++i) {
      const Json& e = events_[i];
      if (e.at("type") != type || matched_[i]) continue;
      if (auto at = mismatch(*expected, e.at("payload"))) {
        candidates += fmt::format("\n  actual {} (differs at {})", e.at("payload").dump(), *at);
        continue;
      }
      matched_[i] = true;
      if (name.empty()) return {};
      const Json& id = e.at("payload").value("id", Json());
      if (!id.is_string()) return fmt::format("this {} has no id to capture", type);
      return capture(name, id.get<std::string>());
    }
    if (candidates.empty()) return fmt::format("no {} event left to check", type);
    return fmt::format("no {} event contains the payload:\n  expected (at least) {}{}", type,
                       expected->dump(), candidates);
  }

  Failure capture(const std::string& name, const std::string& id) {
    if (!vars_.emplace(name.substr(1), id).second) return name + " is captured twice";
    return {};
  }

  // "? NAME ARGS... JSON": the query's answer contains JSON.
  Failure query(const std::string& text) {
    size_t json_at = text.find_first_of("{[");
    if (size_t n = text.find(" null"); n != std::string::npos && n < json_at) json_at = n + 1;
    if (json_at == std::string::npos) return "a query ends with the JSON it expects";
    std::istringstream words(text.substr(0, json_at));
    std::string name;
    words >> name;
    QueryArgs args;
    for (std::string w; words >> w;) {
      if (size_t eq = w.find('='); eq != std::string::npos) {
        args.named[w.substr(0, eq)] = w.substr(eq + 1);
      } else {
        args.ids.push_back(w);
      }
    }
    auto expected = parse_json(text.substr(json_at), fmt::format("{}:{}", file_, number_));
    if (!expected.ok()) return expected.status().to_string();
    for (const auto& q : queries()) {
      if (q.name != name) continue;
      size_t wanted = static_cast<size_t>(std::count(q.usage.begin(), q.usage.end(), ' '));
      bool named = q.usage.find('=') != std::string_view::npos;
      if (named ? args.named.size() != 1 || !args.ids.empty()
                : args.ids.size() != wanted || !args.named.empty()) {
        return fmt::format("usage: ? {} JSON", q.usage);
      }
      if (named && !args.named.count("body") && !args.named.count("member")) {
        return fmt::format("usage: ? {} JSON", q.usage);
      }
      Json actual = q.run(fed_->registry(), args);
      if (auto at = mismatch(*expected, actual)) {
        return fmt::format("the query differs at {}:\n  expected (at least) {}\n  actual {}", *at,
                           expected->dump(), actual.dump());
      }
      return {};
    }
    return fmt::format("no query named '{}'", name);
  }

  std::string file_;
  fs::path dir_;
  std::string now_ = "2027-01-01T00:00:00.000Z";
  std::unique_ptr<Federation> fed_;
  int number_ = 0, command_line_ = 0, checked_ = 0;
  // The command, or why it could not be read (which the expectation may then name).
  std::optional<Result<Command>> pending_;
  std::string actor_;
  bool keep_ = false;
  std::map<std::string, std::string> vars_;  // captures, without the '$'
  std::vector<Json> events_;                 // of the last "ok", for its payload checks
  std::vector<bool> matched_;                // which of them a payload check has matched
};

}  // namespace collegium::federation::scenario
