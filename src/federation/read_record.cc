#include "federation/read_record.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "base/util.h"
#include "federation/read_common.h"
#include "record/event.h"
#include "record/verify.h"

namespace collegium::federation {

namespace {

// ---- reading a payload leniently: a sentence never fails ----

std::string text(const Json& p, const char* key) {
  if (!p.is_object()) return {};
  auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t whole(const Json& p, const char* key) {
  if (!p.is_object()) return 0;
  auto it = p.find(key);
  return it != p.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

bool flag(const Json& p, const char* key) {
  if (!p.is_object()) return false;
  auto it = p.find(key);
  return it != p.end() && it->is_boolean() && it->get<bool>();
}

// A decimal as the record writes it (a string, or a number in older payloads).
std::optional<double> decimal(const Json& p, const char* key) {
  if (!p.is_object()) return std::nullopt;
  auto it = p.find(key);
  if (it == p.end()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) return parse_decimal(it->get<std::string>());
  return std::nullopt;
}

// A figure for reading: whole when it is whole, else with at most two decimals.
std::string figure(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9)
    return fmt::format("{}", static_cast<int64_t>(std::round(v)));
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string percent(double actual, double target) {
  return fmt::format("{}%", static_cast<int64_t>(std::round(100.0 * actual / target)));
}

// A long text cut at a word to `max` characters (UTF-8 aware), quoted.
std::string in_quotes(std::string_view s, size_t max = 80) {
  std::string t(s);
  std::replace(t.begin(), t.end(), '\n', ' ');
  if (t.size() > max) {
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;  // a whole char
    size_t space = t.rfind(' ', cut);
    if (space != std::string::npos && space > max / 2) cut = space;
    t = t.substr(0, cut) + "…";
  }
  return "“" + t + "”";
}

std::string plural(int64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// A sentence's first letter up (ASCII: names and "the" begin with one).
std::string capitalise(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// "A", "A and B", "A, B and C".
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

// The day of a UTC time ("2027-07-23T00:54:12.753Z" -> "2027-07-23").
std::string date_of(std::string_view time) {
  return std::string(time.substr(0, std::min<size_t>(time.size(), 10)));
}

// Builds one sentence, noting the members and bodies it names on the way.
class Describer {
 public:
  Describer(const RegistryView& r, EventSentence& out, const std::set<std::string>* shared)
      : r_(r), out_(out), shared_(shared) {}

  // A member's name, with the id where two members share it; the id alone for one nobody
  // knows, "someone" for none.
  std::string member(std::string_view id) {
    if (id.empty()) return "someone";
    note(out_.members, id);
    std::string name = reads::member_name(r_, id);
    if (shared_ && name != id && shared_->count(name)) return fmt::format("{} ({})", name, id);
    return name;
  }
  // "the Committee of …": a body's name with its article.
  std::string body(std::string_view id) {
    if (id.empty()) return "a body";
    note(out_.bodies, id);
    auto b = r_.body(id);
    return b ? "the " + b->name : std::string(id);
  }
  std::string workplace(std::string_view id) {
    if (id.empty()) return "a workplace";
    auto w = r_.workplace(id);
    return w ? w->name : std::string(id);
  }
  // Who did it: a member, the clock, the operator, or a union body nominating.
  std::string actor(std::string_view id) {
    if (id == "clock") return "the clock";
    if (id == "operator") return "the operator";
    if (id == "system") return "the server";
    if (r_.body(id)) return body(id);
    return member(id);
  }
  // "the election to the Committee of …" / "the recall vote on Anna's seat on …"
  std::string poll(std::string_view id) {
    auto p = r_.poll(id);
    if (!p) return fmt::format("poll {}", id);
    if (p->kind == Poll::Kind::kRecall) {
      auto m = r_.mandate(p->mandate);
      if (m) return fmt::format("the vote on recalling {}", holder(*m));
      return fmt::format("the recall vote in {}", body(p->body));
    }
    return fmt::format("the election to {}", body(p->body));
  }
  // "Anna Ivanova from the Committee of …"
  std::string holder(const Mandate& m) {
    return fmt::format("{} from {}", member(m.member), body(m.body));
  }
  std::string holder(std::string_view mandate_id) {
    auto m = r_.mandate(mandate_id);
    return m ? holder(*m) : fmt::format("the holder of mandate {}", mandate_id);
  }
  // "Anna Ivanova’s seat on the Committee of …"
  std::string seat(std::string_view mandate_id) {
    auto m = r_.mandate(mandate_id);
    if (!m) return fmt::format("mandate {}", mandate_id);
    return fmt::format("{}’s seat on {}", member(m->member), body(m->body));
  }
  // "Anna Ivanova from the Committee of …", whom a petition would recall.
  std::string recalled(std::string_view recall_id) {
    auto rc = r_.recall(recall_id);
    return rc ? holder(rc->mandate) : fmt::format("the official of petition {}", recall_id);
  }
  // "the motion “…” before the Committee of …"
  std::string motion(std::string_view id) {
    auto m = r_.motion(id);
    if (!m) return fmt::format("motion {}", id);
    return fmt::format("the motion {} before {}", in_quotes(m->text), body(m->body));
  }
  std::string round(std::string_view id) {
    auto rd = r_.round(id);
    if (!rd) return fmt::format("planning round {}", id);
    return fmt::format("the planning round for {}", rd->call.period);
  }
  std::string appeal(std::string_view id) {
    auto a = r_.appeal(id);
    if (!a) return fmt::format("appeal {}", id);
    std::string whose =
        a->kind == Appeal::Kind::kRemoval ? member(a->subject) : applicant(a->subject);
    return fmt::format("the appeal of {} against {} {}", whose,
                       a->kind == Appeal::Kind::kRemoval ? "their removal" : "a refused admission",
                       a->body.empty() ? std::string() : "heard by " + body(a->body));
  }
  std::string applicant(std::string_view application) {
    auto a = r_.application(application);
    if (!a) return fmt::format("applicant {}", application);
    note(out_.members, a->member.id);
    return a->member.name;
  }
  // "the signal on East Foundry No. 1’s output (period 4)"
  std::string signal(std::string_view id) {
    auto sg = r_.signal(id);
    if (!sg) return fmt::format("signal {}", id);
    return fmt::format("the signal on {}’s {} (period {})", workplace(sg->workplace),
                       sg->indicator.empty() ? std::string("output") : sg->indicator, sg->period);
  }
  // "item 2 (“Wages”) of the meeting “Spring” of the Committee of …"
  std::string item(std::string_view meeting_id, int64_t n) {
    auto m = r_.meeting(meeting_id);
    if (!m) return fmt::format("item {} of meeting {}", n, meeting_id);
    return fmt::format("item {} of the meeting {} of {}", n, in_quotes(m->title), body(m->body));
  }
  std::string platform(std::string_view id) {
    auto pl = r_.platform(id);
    return pl ? "the platform " + in_quotes(pl->name) : fmt::format("platform {}", id);
  }
  void concerns_body(std::string_view id) {
    if (!id.empty()) note(out_.bodies, id);
  }
  void concerns_member(std::string_view id) {
    if (!id.empty()) note(out_.members, id);
  }
  const RegistryView& registry() const { return r_; }

 private:
  static void note(std::vector<std::string>& ids, std::string_view id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.emplace_back(id);
  }
  const RegistryView& r_;
  EventSentence& out_;
  const std::set<std::string>* shared_;
};

using Sentence = std::function<std::string(Describer&, const Json&, std::string_view actor)>;

struct Kind {
  const char* group;
  Sentence sentence;
  bool routine = false;
};

std::string election_reason(std::string_view reason) {
  if (reason == "founding") return " (its first election)";
  if (reason == "term_end") return " (the term ends)";
  if (reason == "vacancy") return " (seats are vacant)";
  if (reason == "by_election") return " (a by-election)";
  if (reason == "electorate") return " (its electorate changed)";
  return reason.empty() ? "" : fmt::format(" ({})", reason);
}

std::string end_reason(std::string_view reason) {
  if (reason == "term") return "at the end of its term";
  if (reason == "recalled") return "by recall";
  if (reason == "replaced") return "as the members elected in its place took office";
  if (reason == "removed") return "as the member was removed from membership";
  return reason.empty() ? "" : fmt::format("({})", reason);
}

// Every event type with its sentence. A RegistryEvent without one fails
// read_record_test (EveryEventKindHasASentence).
const std::map<std::string, Kind, std::less<>>& kinds() {
  static const auto* table = new std::map<std::string, Kind, std::less<>>{
      // ---- the registry ----
      {"region.created",
       {"registry",
        [](Describer&, const Json& p, auto) {
          return fmt::format("The region {} was added.", text(p, "name"));
        }}},
      {"branch.created",
       {"registry",
        [](Describer&, const Json& p, auto) {
          return fmt::format("The industrial branch {} was added.", text(p, "name"));
        }}},
      {"workplace.created",
       {"registry",
        [](Describer&, const Json& p, auto) {
          return fmt::format("The workplace {} joined the federation.", text(p, "name"));
        }}},
      {"shop.created",
       {"registry",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("The shop {} of {} was added.", text(p, "name"),
                             d.workplace(text(p, "workplace")));
        }}},
      {"body.declared",
       {"registry",
        [](Describer& d, const Json& p, auto) {
          int64_t seats = whole(p, "seats");
          return fmt::format("{} was declared, with {}.", capitalise(d.body(text(p, "id"))),
                             plural(seats, "seat", "seats"));
        }}},
      {"member.admitted",
       {"membership",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} was admitted as a member at {}.", d.member(text(p, "id")),
                             d.workplace(text(p, "workplace")));
        }}},
      // ---- the constitution ----
      {"constitution.founded",
       {"constitution",
        [](Describer&, const Json&, auto) {
          return std::string("The federation’s constitution was founded.");
        }}},
      {"constitution.amended",
       {"constitution",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("The constitution was amended by {}.", d.motion(text(p, "motion")));
        }}},
      // ---- elections ----
      {"poll.called",
       {"elections",
        [](Describer& d, const Json& p, std::string_view actor) {
          if (text(p, "kind") == "recall") {
            d.concerns_body(text(p, "body"));
            return fmt::format(
                "The petition to recall {} reached its signatures: the electorate votes on it.",
                d.holder(text(p, "mandate")));
          }
          int64_t seats = whole(p, "seats");
          return fmt::format("{} called an election of {} to {}{}.", capitalise(d.actor(actor)),
                             plural(seats, "seat", "seats"), d.body(text(p, "body")),
                             election_reason(text(p, "reason")));
        }}},
      {"poll.nominated",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          std::string who = d.member(text(p, "member"));
          std::string by = text(p, "nominated_by");
          std::string poll = d.poll(text(p, "poll"));
          if (by == text(p, "member")) return fmt::format("{} stood for {}.", who, poll);
          std::string s = fmt::format("{} nominated {} for {}", capitalise(d.actor(by)), who, poll);
          if (flag(p, "by_union")) s += " (a union’s nominee: only the electorate may remove them)";
          if (flag(p, "pending")) s += "; the nominee has yet to accept";
          return s + ".";
        }}},
      {"poll.nomination_accepted",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} accepted the nomination for {}.", d.member(text(p, "member")),
                             d.poll(text(p, "poll")));
        }}},
      {"poll.nomination_declined",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} declined the nomination for {}.", d.member(text(p, "member")),
                             d.poll(text(p, "poll")));
        }}},
      {"poll.candidacy_withdrawn",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} withdrew from {}.", d.member(text(p, "member")),
                             d.poll(text(p, "poll")));
        }}},
      {"poll.statement",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} published a statement as a candidate in {}.",
                             d.member(text(p, "member")), d.poll(text(p, "poll")));
        }}},
      {"poll.nominations_extended",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("Nominations for {} stay open until {}: {}.",
                             d.poll(text(p, "poll")), text(p, "nominations_close"),
                             text(p, "reason"));
        },
        true}},
      {"poll.voting_opened",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("Voting opened in {} for {}, until {}.", d.poll(text(p, "poll")),
                             plural(whole(p, "electorate"), "elector", "electors"),
                             text(p, "voting_close"));
        }}},
      // Who voted is public; how a member voted never is. A delegate's ballot is open by
      // the constitution, and its weight is said; its ranking stays in the details.
      {"ballot.cast",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          std::string who = d.member(text(p, "member"));
          std::string poll = d.poll(text(p, "poll"));
          if (p.is_object() && p.contains("weight")) {
            return fmt::format("{} cast an open ballot as a delegate, carrying {}, in {}.", who,
                               plural(whole(p, "weight"), "member", "members"), poll);
          }
          return fmt::format("{} voted in {}.", who, poll);
        }}},
      {"poll.closed",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          std::string poll = d.poll(text(p, "poll"));
          if (p.is_object() && p.contains("elected") && p["elected"].is_array()) {
            std::vector<std::string> names;
            for (const auto& m : p["elected"]) {
              if (m.is_string()) names.push_back(d.member(m.get<std::string>()));
            }
            if (names.empty()) return fmt::format("{} closed; nobody was elected.", capitalise(poll));
            return fmt::format("{} closed: {} elected.", capitalise(poll),
                               join_names(names) + (names.size() == 1 ? " was" : " were"));
          }
          return fmt::format("{} closed and was counted.", capitalise(poll));
        }}},
      {"poll.voting_restarted",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("Voting in {} started again, until {}: {}.", d.poll(text(p, "poll")),
                             text(p, "voting_close"), text(p, "reason"));
        }}},
      {"mandate.started",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          std::string who = d.member(text(p, "member"));
          std::string body = d.body(text(p, "body"));
          std::string origin = text(p, "origin");
          if (origin == "appointment") {
            std::string consent = text(p, "consenting_body");
            return fmt::format("{} was appointed to {}{}, until {}.", who, body,
                               consent.empty() ? std::string()
                                               : " with the consent of " + d.body(consent),
                               date_of(text(p, "ends")));
          }
          if (origin == "count_back") {
            auto old = d.registry().mandate(text(p, "replaces"));
            return fmt::format("{} took a seat on {} by count-back, in place of {}.", who, body,
                               old ? d.member(old->member) : std::string("the recalled member"));
          }
          return fmt::format("{} was elected to {}, until {}.", who, body,
                             date_of(text(p, "ends")));
        }}},
      {"mandate.ended",
       {"elections",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} ended {}.", capitalise(d.seat(text(p, "mandate"))),
                             end_reason(text(p, "reason")));
        }}},
      // ---- recall ----
      {"recall.opened",
       {"recalls",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} opened a petition to recall {}; {} force a vote.",
                             d.member(text(p, "opened_by")), d.holder(text(p, "mandate")),
                             plural(whole(p, "threshold"), "signature", "signatures"));
        }}},
      {"recall.signed",
       {"recalls",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} signed the petition to recall {}.", d.member(text(p, "member")),
                             d.recalled(text(p, "recall")));
        }}},
      {"recall.decided",
       {"recalls",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("The recall of {} {}.", d.recalled(text(p, "recall")),
                             flag(p, "passed") ? "passed: the seat is vacated" : "failed");
        }}},
      // ---- motions ----
      {"motion.proposed",
       {"motions",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} proposed to {}: {}.", d.member(text(p, "proposed_by")),
                             d.body(text(p, "body")), in_quotes(text(p, "text")));
        }}},
      {"motion.voted",
       {"motions",
        [](Describer& d, const Json& p, auto) {
          std::string choice = text(p, "choice");
          std::string how = choice == "abstain" ? "abstained on" : "voted " + choice + " on";
          return fmt::format("{} {} {}.", d.member(text(p, "member")), how,
                             d.motion(text(p, "motion")));
        }}},
      {"motion.closed",
       {"motions",
        [](Describer& d, const Json& p, auto) {
          std::string votes = fmt::format("{} for, {} against, {} abstaining", whole(p, "yes"),
                                          whole(p, "no"), whole(p, "abstain"));
          std::string s;
          auto m = d.registry().motion(text(p, "motion"));
          if (m && m->kind == Motion::Kind::kAppointment) {
            // A5: the union body's consent is the decision this motion records.
            s = fmt::format("{} {} the appointment of {} to {} ({})", capitalise(d.body(m->body)),
                            flag(p, "carried") ? "consented to" : "refused its consent to",
                            d.member(m->payload.value("member", "")),
                            d.body(m->payload.value("post", "")), votes);
          } else {
            s = fmt::format("{} was {}, {}", capitalise(d.motion(text(p, "motion"))),
                            flag(p, "carried") ? "carried" : "lost", votes);
          }
          if (!flag(p, "quorum")) s += " (without a quorum)";
          std::string refused = text(p, "not_applied");
          if (!refused.empty()) s += "; it could not take effect: " + refused;
          return s + ".";
        }}},
      // ---- officials ----
      {"labour.logged",
       {"officials",
        [](Describer& d, const Json& p, auto) {
          std::string shop = text(p, "shop");
          auto s = d.registry().shop(shop);
          return fmt::format("{} logged {} of manual labour in {} from {}.",
                             d.member(text(p, "member")),
                             plural(whole(p, "days"), "day", "days"), s ? s->name : shop,
                             text(p, "start"));
        }}},
      {"labour.confirmed",
       {"officials",
        [](Describer& d, const Json& p, std::string_view actor) {
          auto e = d.registry().labour_entry(text(p, "entry"));
          std::string whose = e ? d.member(e->member) + "’s" : "an entry of";
          return fmt::format("{} confirmed {} days of manual labour.", capitalise(d.actor(actor)),
                             e ? fmt::format("{} {}", whose, e->days) : whose);
        }}},
      {"report.published",
       {"officials",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} reported back to {}.", d.member(text(p, "member")),
                             d.body(text(p, "body")));
        }}},
      {"pay.recorded",
       {"officials",
        [](Describer& d, const Json& p, auto) {
          std::string whose = !text(p, "member").empty() ? d.member(text(p, "member"))
                                                         : "a seat on " + d.body(text(p, "body"));
          std::string s = fmt::format("Pay was recorded for {}: {} a month", whose,
                                      whole(p, "monthly"));
          std::string benefits = text(p, "benefits");
          if (!benefits.empty()) s += ", with " + benefits;
          return s + ".";
        }}},
      // ---- membership ----
      {"admission.applied",
       {"membership",
        [](Describer& d, const Json& p, auto) {
          const Json& m = p.is_object() && p.contains("member") ? p["member"] : Json();
          d.concerns_member(text(m, "id"));
          return fmt::format("{} applied for membership; {} decides.", text(m, "name"),
                             d.body(text(p, "body")));
        }}},
      {"admission.decided",
       {"membership",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} was {}.", d.applicant(text(p, "application")),
                             flag(p, "admitted") ? "admitted" : "refused admission");
        }}},
      {"member.removed",
       {"membership",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} removed {} from membership: {}.", capitalise(d.body(text(p, "body"))),
                             d.member(text(p, "member")), text(p, "reason"));
        }}},
      {"member.reinstated",
       {"membership",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} was reinstated on appeal.", d.member(text(p, "member")));
        }}},
      {"appeal.filed",
       {"membership",
        [](Describer& d, const Json& p, auto) {
          bool removal = text(p, "kind") == "removal";
          std::string whose =
              removal ? d.member(text(p, "subject")) : d.applicant(text(p, "subject"));
          return fmt::format("{} appealed against {} to {}.", whose,
                             removal ? "their removal" : "a refused admission",
                             d.body(text(p, "body")));
        }}},
      {"appeal.heard",
       {"membership",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} heard {}; a vote on it is open.",
                             capitalise(d.actor(text(p, "by"))), d.appeal(text(p, "appeal")));
        }}},
      {"appeal.decided",
       {"membership",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} was {}.", capitalise(d.appeal(text(p, "appeal"))),
                             flag(p, "upheld") ? "upheld" : "dismissed");
        }}},
      // ---- plans ----
      {"economy.imported",
       {"plans",
        [](Describer&, const Json&, auto) {
          return std::string("The operator imported the economy’s data: products, technology, "
                             "demand and each workplace’s production.");
        }}},
      {"workplace.production_set",
       {"plans",
        [](Describer& d, const Json& p, std::string_view actor) {
          const Json& prod = p.is_object() && p.contains("production") ? p["production"] : Json();
          std::string changed;
          if (p.is_object() && p.contains("changed") && p["changed"].is_array()) {
            std::vector<std::string> c;
            for (const auto& x : p["changed"]) {
              if (x.is_string()) c.push_back(x.get<std::string>());
            }
            changed = join_names(c);
          }
          return fmt::format("{} changed the production data of {}{}.",
                             capitalise(d.actor(actor)), d.workplace(text(prod, "workplace")),
                             changed.empty() ? std::string() : ": " + changed);
        }}},
      {"round.called",
       {"plans",
        [](Describer& d, const Json& p, auto) {
          const Json& call = p.is_object() && p.contains("call") ? p["call"] : Json();
          size_t n = p.is_object() && p.contains("alternatives") && p["alternatives"].is_array()
                         ? p["alternatives"].size()
                         : 0;
          return fmt::format("{} called a planning round for {} with {}.",
                             capitalise(d.body(text(p, "body"))), text(call, "period"),
                             plural(static_cast<int64_t>(n), "alternative", "alternatives"));
        }}},
      {"round.computed",
       {"plans",
        [](Describer& d, const Json& p, auto) {
          const Json& f = p.is_object() && p.contains("figures") ? p["figures"] : Json();
          return fmt::format("The planning engine computed the alternatives of {}.",
                             d.round(text(f, "round")));
        }}},
      {"round.amended",
       {"plans",
        [](Describer& d, const Json& p, auto) {
          std::string s = fmt::format("{} amended {} for {}", capitalise(d.body(text(p, "body"))),
                                      d.round(text(p, "round")),
                                      d.workplace(text(p, "workplace")));
          if (auto t = decimal(p, "target")) s += fmt::format(": a target of {}", figure(*t));
          return s + ".";
        }}},
      // Who voted is public; the ranking is in the sealed box, never here.
      {"round.ballot_cast",
       {"plans",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} voted on {}.", d.member(text(p, "member")),
                             d.round(text(p, "round")));
        }}},
      {"round.closed",
       {"plans",
        [](Describer& d, const Json& p, auto) {
          std::string round = d.round(text(p, "round"));
          int64_t ballots = whole(p, "ballots");
          if (text(p, "outcome") == "adopted") {
            return fmt::format("The vote on {} closed with {}: an alternative was adopted.", round,
                               plural(ballots, "ballot", "ballots"));
          }
          return fmt::format("The vote on {} closed with {}: back to amendment ({}).", round,
                             plural(ballots, "ballot", "ballots"), text(p, "reason"));
        }}},
      {"round.adopted",
       {"plans",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("The plan “{}” of {} was adopted: its targets are the workplaces’ "
                             "targets for {}.",
                             text(p, "alternative"), d.round(text(p, "round")), text(p, "period"));
        }}},
      {"round.voting_restarted",
       {"plans",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("The vote on {} started again, until {}: {}.",
                             d.round(text(p, "round")), text(p, "vote_until"), text(p, "reason"));
        }}},
      // ---- carrying out the plan ----
      {"workplace.reporters_named",
       {"fulfilment",
        [](Describer& d, const Json& p, auto) {
          std::vector<std::string> names;
          if (p.is_object() && p.contains("members") && p["members"].is_array()) {
            for (const auto& m : p["members"]) {
              if (m.is_string()) names.push_back(d.member(m.get<std::string>()));
            }
          }
          return fmt::format("{} named who reports for {}: {}.",
                             capitalise(d.actor(text(p, "by"))),
                             d.workplace(text(p, "workplace")),
                             names.empty() ? std::string("nobody") : join_names(names));
        }}},
      {"report.filed",
       {"fulfilment",
        [](Describer& d, const Json& p, auto) {
          std::string s = fmt::format("{} filed the report of {} for period {}",
                                      d.member(text(p, "filed_by")),
                                      d.workplace(text(p, "workplace")), whole(p, "period"));
          const Json& fig = p.is_object() && p.contains("figures") ? p["figures"] : Json();
          const Json& out = fig.is_object() && fig.contains("output") ? fig["output"] : Json();
          if (auto made = decimal(out, text(p, "product").c_str())) {
            s += fmt::format(": {} units of {}", figure(*made), text(p, "product"));
          }
          if (!text(p, "corrects").empty()) s += " (a correction)";
          return s + ".";
        }}},
      {"report.confirmed",
       {"fulfilment",
        [](Describer& d, const Json& p, auto) {
          const Json& reading = p.is_object() && p.contains("reading") ? p["reading"] : Json();
          std::string s = fmt::format("{} reported period {}", d.workplace(text(p, "workplace")),
                                      whole(p, "period"));
          auto target = decimal(reading, "target");
          auto actual = decimal(reading, "actual");
          if (target && actual && *target > 0) {
            s += fmt::format(": {} of its target", percent(*actual, *target));
          }
          std::string kind = text(reading, "kind");
          if (kind == "alert" || kind == "crisis") s += fmt::format(" ({})", kind);
          return s + ".";
        }}},
      {"signal.raised",
       {"fulfilment",
        [](Describer& d, const Json& p, auto) {
          const Json& reading = p.is_object() && p.contains("reading") ? p["reading"] : Json();
          std::string what = text(p, "indicator").empty() ? "output" : text(p, "indicator");
          std::string s = fmt::format("A {} was raised for {}’s {} in period {}",
                                      text(reading, "kind").empty() ? "signal"
                                                                     : text(reading, "kind"),
                                      d.workplace(text(p, "workplace")), what, whole(p, "period"));
          auto target = decimal(reading, "target");
          auto actual = decimal(reading, "actual");
          if (target && actual && *target > 0) {
            s += fmt::format(" ({} of target)", percent(*actual, *target));
          }
          return s + fmt::format("; it is before {}.", d.body(text(p, "body")));
        }}},
      {"signal.worsened",
       {"fulfilment",
        [](Describer& d, const Json& p, auto) {
          const Json& reading = p.is_object() && p.contains("reading") ? p["reading"] : Json();
          return fmt::format("{} worsened to a {} in period {}.", capitalise(d.signal(text(p, "signal"))),
                             text(reading, "kind"), whole(p, "period"));
        }}},
      {"signal.acknowledged",
       {"fulfilment",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} acknowledged {} for {}.", d.member(text(p, "by")),
                             d.signal(text(p, "signal")), d.body(text(p, "body")));
        }}},
      {"signal.resolved",
       {"fulfilment",
        [](Describer& d, const Json& p, auto) {
          std::string s = fmt::format("{} resolved {} for {}", d.member(text(p, "by")),
                                      d.signal(text(p, "signal")), d.body(text(p, "body")));
          std::string note = text(p, "note");
          if (!note.empty()) s += ": " + in_quotes(note);
          return s + ".";
        }}},
      {"signal.escalated",
       {"fulfilment",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} went up from {} to {}: {}.", capitalise(d.signal(text(p, "signal"))),
                             d.body(text(p, "from")), d.body(text(p, "body")), text(p, "reason"));
        }}},
      {"plan.target_revised",
       {"fulfilment",
        [](Describer& d, const Json& p, auto) {
          auto before = decimal(p, "before");
          auto target = decimal(p, "target");
          return fmt::format("The target of {} was revised from {} to {} from period {}.",
                             d.workplace(text(p, "workplace")), before ? figure(*before) : "?",
                             target ? figure(*target) : "?", whole(p, "from_period"));
        }}},
      // ---- meetings and platforms (B2, B4) ----
      {"meeting.scheduled",
       {"meetings",
        [](Describer& d, const Json& p, auto) {
          size_t n = p.is_object() && p.contains("agenda") && p["agenda"].is_array()
                         ? p["agenda"].size()
                         : 0;
          return fmt::format("{} scheduled a meeting of {}, {}, for {} with {} on its agenda.",
                             d.member(text(p, "by")), d.body(text(p, "body")),
                             in_quotes(text(p, "title")), text(p, "starts"),
                             plural(static_cast<int64_t>(n), "item", "items"));
        }}},
      {"floor.requested",
       {"meetings",
        [](Describer& d, const Json& p, auto) {
          std::string side = text(p, "side");
          return fmt::format("{} asked to speak {} on {}.", d.member(text(p, "member")),
                             side == "order" ? std::string("to a point of order") : side,
                             d.item(text(p, "meeting"), whole(p, "item")));
        },
        true}},
      {"floor.given",
       {"meetings",
        [](Describer& d, const Json& p, auto) {
          std::string s = fmt::format("{} gave the floor to {} on {}", d.member(text(p, "by")),
                                      d.member(text(p, "member")),
                                      d.item(text(p, "meeting"), whole(p, "item")));
          std::string platform = text(p, "platform");
          if (!platform.empty()) s += ", for " + d.platform(platform);
          return s + ".";
        }}},
      // Of a closed item the record holds the minutes' length, never their words.
      {"minutes.written",
       {"meetings",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} wrote the minutes of {}{} ({}).", d.member(text(p, "by")),
                             d.item(text(p, "meeting"), whole(p, "item")),
                             flag(p, "sealed") ? ", kept until the item is published" : "",
                             plural(whole(p, "chars"), "character", "characters"));
        }}},
      {"minutes.confirmed",
       {"meetings",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("The minutes of {} were confirmed by {}.",
                             d.item(text(p, "meeting"), whole(p, "item")),
                             d.motion(text(p, "motion")));
        }}},
      {"item.closed",
       {"meetings",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} was closed until {}: {}.",
                             capitalise(d.item(text(p, "meeting"), whole(p, "item"))),
                             date_of(text(p, "until")), in_quotes(text(p, "reason")));
        }}},
      {"item.published",
       {"meetings",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("The clock published {} in full, after {} closed.",
                             d.item(text(p, "meeting"), whole(p, "item")),
                             plural(whole(p, "seconds_closed") / 86400, "day", "days"));
        }}},
      {"platform.formed",
       {"meetings",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} formed the platform {}.", d.member(text(p, "by")),
                             in_quotes(text(p, "name")));
        }}},
      {"platform.supported",
       {"meetings",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} supports {}.", d.member(text(p, "member")),
                             d.platform(text(p, "platform")));
        }}},
      {"platform.recognised",
       {"meetings",
        [](Describer& d, const Json& p, auto) {
          return fmt::format("{} was recognised with {} (the constitution asks {}).",
                             capitalise(d.platform(text(p, "platform"))),
                             plural(whole(p, "supporters"), "supporter", "supporters"),
                             whole(p, "threshold"));
        }}},
      // ---- notes of the server and the command line ----
      {"server.key_rotated",
       {"server",
        [](Describer&, const Json&, auto) {
          return std::string("The server’s signing key was replaced; the old key signed the "
                             "change.");
        }}},
      {"operator.backup",
       {"server",
        [](Describer&, const Json&, auto) {
          return std::string("The operator took a backup of the database.");
        },
        true}},
      {"account.password_set",
       {"server",
        [](Describer& d, const Json& p, auto) {
          std::string who = text(p, "subject");
          return fmt::format("A login password was set for {}.",
                             who.empty() ? std::string("an account") : d.member(who));
        }}},
      {"demo.generated",
       {"server",
        [](Describer&, const Json& p, auto) {
          return fmt::format("A demo federation was generated: {} workplaces and {} members.",
                             whole(p, "workplaces"), whole(p, "members"));
        }}},
      {"federation.restored",
       {"server",
        [](Describer&, const Json& p, auto) {
          return fmt::format("The server was restored from a backup taken {}.",
                             text(p, "backup_taken"));
        }}},
      {"federation.imported",
       {"server",
        [](Describer&, const Json&, auto) {
          return std::string("The operator imported the federation’s registry from a file.");
        }}},
  };
  return *table;
}

}  // namespace

namespace {

struct GroupLabel {
  const char* name;
  const char* label;
};
// The order a filter lists them in.
constexpr GroupLabel kGroupLabels[] = {
    {"elections", "Elections and seats"},
    {"recalls", "Recalls"},
    {"motions", "Motions"},
    {"officials", "Officials’ duties: labour, reports back, pay"},
    {"membership", "Membership and appeals"},
    {"meetings", "Meetings and platforms"},
    {"constitution", "The constitution"},
    {"plans", "Planning rounds and the economy"},
    {"fulfilment", "Carrying out the plan"},
    {"registry", "Workplaces, shops and bodies"},
    {"server", "The server"},
};

// Lower case for a search without regard to case (ASCII letters; other letters match as
// typed).
std::string folded(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t characters(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

EventSentence describe_event(const RegistryView& r, std::string_view type, const Json& payload,
                             std::string_view actor, const std::set<std::string>* shared_names) {
  EventSentence out;
  Describer d(r, out, shared_names);
  auto it = kinds().find(type);
  if (it == kinds().end()) {
    out.group = "other";
    out.sentence =
        fmt::format("An event of the kind “{}” was recorded by {}.", type, d.actor(actor));
    return out;
  }
  out.group = it->second.group;
  out.routine = it->second.routine;
  out.sentence = it->second.sentence(d, payload, actor);
  // The actor is named by the event too: a member's own act lists them.
  if (actor != "clock" && actor != "operator" && actor != "system" && r.member(actor)) {
    d.concerns_member(actor);
  }
  return out;
}

bool has_sentence(std::string_view type) {
  return kinds().count(type) > 0;
}

const std::vector<RecordGroup>& record_groups() {
  static const auto* groups = [] {
    auto* g = new std::vector<RecordGroup>();
    for (const auto& gl : kGroupLabels) {
      RecordGroup group{gl.name, gl.label, {}};
      for (const auto& [type, kind] : kinds()) {
        if (group.name == kind.group) group.types.push_back(type);
      }
      g->push_back(std::move(group));
    }
    return g;
  }();
  return *groups;
}

Result<RecordEntries> list_record(Federation& fed, const RecordQuery& q) {
  const RegistryView& r = fed.registry();
  bool newest = q.order == "newest";
  if (!newest && q.order != "oldest") {
    return invalid_argument(fmt::format("must be newest or oldest, not '{}'", q.order), "order");
  }
  if (q.limit < 1 || q.limit > kMaxRecordLimit) {
    return invalid_argument(fmt::format("must be an integer from 1 to {}", kMaxRecordLimit),
                            "limit");
  }
  if (q.before < 0) return invalid_argument("must be an integer from 0 up", "before");
  if (q.after < 0) return invalid_argument("must be an integer from 0 up", "after");
  if (newest && q.after > 0) {
    return invalid_argument("pages newest first with before=; after= is for order=oldest", "after");
  }
  if (!newest && q.before > 0) {
    return invalid_argument("pages oldest first with after=; before= is for order=newest",
                            "before");
  }
  if (characters(q.q) > kMaxRecordSearch) {
    return invalid_argument(fmt::format("must be at most {} characters", kMaxRecordSearch), "q");
  }
  if (!q.body.empty() && !r.body(q.body)) {
    return invalid_argument(fmt::format("no body {}", q.body), "body");
  }
  if (!q.member.empty() && !r.member(q.member) && !r.former_member(q.member)) {
    return invalid_argument(fmt::format("no member {}", q.member), "member");
  }
  // The kinds asked for, each a type or a group; routine types are left out unless asked
  // for by routine=1 or by their own name.
  std::set<std::string> types, named;
  std::string_view rest = q.kind;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = trimmed(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (item.empty()) continue;
    if (has_sentence(item)) {
      types.emplace(item);
      named.emplace(item);
      continue;
    }
    const auto& groups = record_groups();
    auto g = std::find_if(groups.begin(), groups.end(),
                          [&](const RecordGroup& x) { return x.name == item; });
    if (g == groups.end()) {
      return invalid_argument(
          fmt::format("'{}' is neither a kind of event nor a group (elections, recalls, motions, "
                      "officials, membership, constitution, plans, fulfilment, registry, "
                      "server)",
                      item),
          "kind");
    }
    types.insert(g->types.begin(), g->types.end());
  }
  Json wanted = Json::array(), hidden = Json::array();
  for (const auto& t : types) wanted.push_back(t);
  if (!q.routine) {
    for (const auto& [type, kind] : kinds()) {
      if (kind.routine && !named.count(type)) hidden.push_back(type);
    }
  }

  RecordEntries out;
  out.head = static_cast<int64_t>(fed.store().head_seq());
  if (!q.body.empty()) out.body_name = reads::body_name(r, q.body);
  if (!q.member.empty()) out.member_name = reads::member_name(r, q.member);
  auto rows = TRY(fed.store().db().prepare(fmt::format(
      "SELECT seq, body, hash FROM events WHERE seq {} ?1 "
      "AND (?2 = '[]' OR json_extract(body, '$.type') IN (SELECT value FROM json_each(?2))) "
      "AND (?3 = '[]' OR json_extract(body, '$.type') NOT IN (SELECT value FROM json_each(?3))) "
      "ORDER BY seq {}",
      newest ? "<" : ">", newest ? "DESC" : "ASC")));
  rows.bind(1, newest ? (q.before == 0 ? INT64_MAX : q.before) : q.after)
      .bind(2, wanted.dump())
      .bind(3, hidden.dump());
  const std::string needle = folded(q.q);
  std::vector<Json> payloads;  // the entries' whole payloads, for the second pass below
  int64_t scanned = 0, last = 0;
  bool more = false;
  while (TRY(rows.step())) {
    last = rows.column_int(0);
    if (static_cast<int64_t>(out.entries.size()) == q.limit || scanned == kRecordScanBudget) {
      more = true;  // a row beyond the page: the next page starts after the last one read
      break;
    }
    ++scanned;
    auto event = TRY(record::decode_event(rows.column_text(1)));
    EventSentence s = describe_event(r, event.type, event.payload, event.actor);
    if (!q.body.empty() && std::find(s.bodies.begin(), s.bodies.end(), q.body) == s.bodies.end()) {
      continue;
    }
    if (!q.member.empty() &&
        std::find(s.members.begin(), s.members.end(), q.member) == s.members.end()) {
      continue;
    }
    if (!needle.empty() && folded(s.sentence).find(needle) == std::string::npos) continue;
    RecordEntry e;
    e.seq = static_cast<int64_t>(event.seq);
    e.time = event.time;
    e.type = event.type;
    e.group = s.group;
    e.actor = event.actor;
    e.actor_name = r.member(event.actor) ? reads::member_name(r, event.actor) : event.actor;
    e.sentence = std::move(s.sentence);
    e.bodies = reads::body_summaries(r, s.bodies);
    for (const auto& id : s.members) e.members.push_back({id, reads::member_name(r, id)});
    e.routine = s.routine;
    std::string raw = event.payload.dump();
    e.payload_bytes = static_cast<int64_t>(raw.size());
    e.payload = e.payload_bytes > kMaxShownPayload ? Json(nullptr) : event.payload;
    e.hash = to_hex(rows.column_blob(2));
    out.entries.push_back(std::move(e));
    payloads.push_back(std::move(event.payload));
  }
  // Where two members named on this page share a name, their sentences give the id beside
  // it.
  // (Names alone are shared widely in a large federation; the ids are where they tell two
  // people on one page apart, and each member's link carries the id anyway.)
  std::map<std::string, std::set<std::string>> ids_of;
  for (const auto& e : out.entries) {
    for (const auto& m : e.members) ids_of[m.name].insert(m.id);
  }
  std::set<std::string> shared;
  for (const auto& [name, ids] : ids_of) {
    if (ids.size() > 1) shared.insert(name);
  }
  if (!shared.empty()) {
    for (size_t i = 0; i < out.entries.size(); ++i) {
      auto& e = out.entries[i];
      e.sentence = describe_event(r, e.type, payloads[i], e.actor, &shared).sentence;
    }
  }
  // The cursor is the last event read into this page (the row that did not fit is read
  // again by the next page).
  if (more) {
    out.next.value = newest ? last + 1 : last - 1;
  }
  return out;
}

}  // namespace collegium::federation
