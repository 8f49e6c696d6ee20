#include "count/sheet.h"

#include <fmt/format.h>

#include <algorithm>

#include "count/ballot.h"
#include "count/decimal.h"

namespace collegium::count {

const char* reason_name(Reason r) {
  switch (r) {
    case Reason::kQuota:
      return "quota";
    case Reason::kMajority:
      return "majority";
    case Reason::kLastSeats:
      return "last_seats";
    case Reason::kMostVotes:
      return "most_votes";
    case Reason::kHighestAverage:
      return "highest_average";
    case Reason::kLowest:
      return "lowest";
    case Reason::kLot:
      return "lot";
    case Reason::kEarlierStage:
      return "earlier_stage";
    case Reason::kTieBreakOrder:
      return "tie_break_order";
    case Reason::kConstraint:
      return "constraint";
    case Reason::kBatch:
      return "batch";
    case Reason::kRemaining:
      return "remaining";
    case Reason::kCondorcet:
      return "condorcet";
  }
  return "unknown";
}

namespace {

std::string name_of(const Sheet& s, int32_t c) {
  return c >= 0 && static_cast<size_t>(c) < s.candidates.size() ? s.candidates[c] : "?";
}

Json values_object(const Sheet& s, const std::vector<int64_t>& v) {
  Json o = Json::object();
  for (size_t c = 0; c < v.size() && c < s.candidates.size(); ++c)
    o[s.candidates[c]] = format_fixed(v[c], s.decimals);
  return o;
}

}  // namespace

Sheet start_sheet(std::string method, const Election& e, int seats, int decimals, uint64_t seed) {
  Sheet s;
  s.method = std::move(method);
  s.title = e.title;
  s.seats = seats;
  s.decimals = decimals;
  s.seed = seed;
  s.candidates = e.candidates;
  s.withdrawn = e.withdrawn;
  return s;
}

Json sheet_to_json(const Sheet& s) {
  Json j = Json::object();
  j["method"] = s.method;
  j["title"] = s.title;
  j["seats"] = s.seats;
  j["decimals"] = s.decimals;
  j["quota"] = s.quota ? Json(format_fixed(*s.quota, s.decimals)) : Json(nullptr);
  j["seed"] = std::to_string(s.seed);
  j["candidates"] = s.candidates;
  Json withdrawn = Json::array();
  for (size_t c = 0; c < s.withdrawn.size(); ++c)
    if (s.withdrawn[c]) withdrawn.push_back(s.candidates[c]);
  j["withdrawn"] = withdrawn;
  j["valid_ballots"] = format_fixed(s.valid_ballots, s.decimals);
  j["invalid_ballots"] = s.invalid_ballots;
  Json elected = Json::array();
  for (int32_t c : s.elected) elected.push_back(name_of(s, c));
  j["elected"] = elected;
  Json stages = Json::array();
  for (const Stage& st : s.stages) {
    Json o = Json::object();
    o["number"] = st.number;
    o["action"] = st.action;
    o["values"] = values_object(s, st.value);
    o["transfers"] = values_object(s, st.transfer);
    o["non_transferable"] = format_fixed(st.non_transferable, s.decimals);
    o["loss_by_fractions"] = format_fixed(st.loss, s.decimals);
    if (st.quota) o["quota"] = format_fixed(*st.quota, s.decimals);
    if (st.transfer_value) o["transfer_value"] = format_fixed(*st.transfer_value, s.decimals);
    Json decisions = Json::array();
    for (const Decision& d : st.decisions) {
      Json dj = {{"candidate", name_of(s, d.candidate)},
                 {"outcome", d.elected ? "elected" : "excluded"},
                 {"reason", reason_name(d.reason)}};
      if (!d.tied_with.empty()) {
        Json tied = Json::array();
        for (int32_t t : d.tied_with) tied.push_back(name_of(s, t));
        dj["tied_with"] = tied;
      }
      decisions.push_back(dj);
    }
    o["decisions"] = decisions;
    if (!st.notes.empty()) o["notes"] = st.notes;
    if (!st.details.is_null()) o["details"] = st.details;
    stages.push_back(o);
  }
  j["stages"] = stages;
  j["final"] = values_object(s, s.final_value);
  j["notes"] = s.notes;
  if (!s.details.is_null()) j["details"] = s.details;
  return j;
}

std::string dump_json(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string sheet_to_text(const Sheet& s) {
  std::string out;
  size_t name_width = 24;
  for (const auto& n : s.candidates) name_width = std::max(name_width, n.size());
  const auto fixed = [&](int64_t v) { return format_fixed(v, s.decimals); };
  size_t num_width = 12;
  for (const Stage& st : s.stages)
    for (int64_t v : st.value) num_width = std::max(num_width, fixed(v).size() + 1);
  num_width = std::max(num_width, fixed(s.valid_ballots).size() + 2);

  out += fmt::format("{}{}\n", s.method, s.title.empty() ? "" : ": " + s.title);
  out += fmt::format("seats {}, valid ballots {}, invalid ballots {}", s.seats,
                     fixed(s.valid_ballots), s.invalid_ballots);
  if (s.quota) out += fmt::format(", quota {}", fixed(*s.quota));
  out += fmt::format(", seed {}\n", s.seed);
  for (const auto& n : s.notes) out += fmt::format("note: {}\n", n);

  std::vector<int> state(s.candidates.size(), 0);  // 0 continuing, 1 elected, 2 excluded
  for (size_t c = 0; c < s.withdrawn.size(); ++c)
    if (s.withdrawn[c]) state[c] = 3;
  for (const Stage& st : s.stages) {
    out += fmt::format("\nstage {}: {}", st.number, st.action);
    if (st.transfer_value) out += fmt::format(" (transfer value {})", fixed(*st.transfer_value));
    if (st.quota) out += fmt::format(" (quota {})", fixed(*st.quota));
    out += "\n";
    out += fmt::format("  {:<{}} {:>{}} {:>{}}\n", "candidate", name_width, "transfer", num_width,
                       "value", num_width);
    for (const Decision& d : st.decisions)
      if (d.candidate >= 0 && static_cast<size_t>(d.candidate) < state.size())
        state[d.candidate] = d.elected ? 1 : 2;
    int64_t total = 0;
    for (size_t c = 0; c < s.candidates.size() && c < st.value.size(); ++c) {
      if (state[c] == 3) continue;
      std::string tr = st.transfer.empty() ? "" : fixed(st.transfer[c]);
      if (!st.transfer.empty() && st.transfer[c] > 0) tr = "+" + tr;
      if (!st.transfer.empty() && st.transfer[c] == 0) tr = "";
      const char* mark = state[c] == 1 ? "  elected" : state[c] == 2 ? "  excluded" : "";
      out += fmt::format("  {:<{}} {:>{}} {:>{}}{}\n", s.candidates[c], name_width, tr, num_width,
                         fixed(st.value[c]), num_width, mark);
      total += st.value[c];
    }
    out += fmt::format("  {:<{}} {:>{}} {:>{}}\n", "non-transferable", name_width, "", num_width,
                       fixed(st.non_transferable), num_width);
    out += fmt::format("  {:<{}} {:>{}} {:>{}}\n", "loss by fractions", name_width, "", num_width,
                       fixed(st.loss), num_width);
    out += fmt::format("  {:<{}} {:>{}} {:>{}}\n", "total", name_width, "", num_width,
                       fixed(total + st.non_transferable + st.loss), num_width);
    for (const Decision& d : st.decisions) {
      out += fmt::format("  -> {} {} ({})", name_of(s, d.candidate),
                         d.elected ? "elected" : "excluded", reason_name(d.reason));
      if (!d.tied_with.empty()) {
        out += ", tied with";
        for (size_t i = 0; i < d.tied_with.size(); ++i)
          out += fmt::format("{} {}", i ? "," : "", name_of(s, d.tied_with[i]));
      }
      out += "\n";
    }
    for (const auto& n : st.notes) out += fmt::format("  note: {}\n", n);
  }
  out += "\nelected:";
  for (size_t i = 0; i < s.elected.size(); ++i)
    out += fmt::format("{} {}", i ? "," : "", name_of(s, s.elected[i]));
  out += "\n";
  return out;
}

}  // namespace collegium::count
