#include "federation/restore.h"

#include <fmt/format.h>

#include <algorithm>

#include "federation/rules.h"

namespace collegium::federation {

Result<Decision> decide_restore(const RegistryView& s, const Json& marker, const Actor& a) {
  TRY(rules::only_clock(a));
  Json omitted = marker.value("omitted", Json::array());
  if (!omitted.is_array()) return corrupt("the backup's list of left-out boxes is not a list");
  Decision d;
  d.events.push_back(
      rules::draft(kRestoredFromBackup, {{"backup_taken", marker.value("taken", std::string())},
                                         {"head_seq", marker.value("head_seq", int64_t{0})},
                                         {"omitted", omitted}}));
  Constitution con = s.constitution();
  for (const Json& box : omitted) {
    std::string id = box.is_object() ? box.value("poll", std::string()) : std::string();
    // A planning round's vote keeps its ballots in the same box, under the round's id.
    if (auto r = s.round(id); r && r->state == "open" && a.now < r->call.vote_until) {
      int64_t lost = box.value("ballots", int64_t{0});
      d.events.push_back(rules::draft(RoundVotingRestarted{
          r->id, r->vote,
          fmt::format("the server was restored from a backup taken while the vote was open; a "
                      "backup holds no sealed ballots, so the {} cast before it cannot be "
                      "counted and every member may vote again",
                      lost),
          lost, std::max(r->call.vote_until, rules::plus_seconds(a.now, vote_seconds(r->call)))}));
      continue;
    }
    auto poll = s.poll(id);
    if (!poll || poll->state != Poll::State::kVoting) continue;
    int64_t lost = box.value("ballots", int64_t{0});
    // Those who voted must hear of it and vote again: a whole voting period from now.
    std::string close =
        std::max(poll->voting_close, rules::plus_seconds(a.now, con.voting_seconds));
    d.events.push_back(rules::draft(
        PollVotingRestarted::kName,
        {{"poll", poll->id},
         {"reason", fmt::format("the server was restored from a backup taken while voting was "
                                "open; a backup holds no sealed ballots, so the {} cast before "
                                "it cannot be counted and everyone may vote again",
                                lost)},
         {"ballots_lost", lost},
         {"voting_close", close}}));
  }
  return d;
}

}  // namespace collegium::federation
