#include "count/irv.h"

#include <fmt/format.h>

#include <algorithm>

#include "count/lot.h"
#include "count/tie.h"

namespace collegium::count {

Result<Sheet> count_irv(const Election& e, const IrvOptions& options) {
  TRY(validate_election(e));
  const size_t n = e.candidates.size();
  Sheet sheet = start_sheet("irv", e, 1, 0, options.seed);
  Lot lot(options.seed);

  const StrictBallots sb = strict_ballots(e, StrictReading{.skipped_rank_ends_ballot = false});
  std::vector<bool> continuing(n);
  size_t left = 0;
  for (size_t c = 0; c < n; ++c) {
    continuing[c] = !e.withdrawn[c];
    left += continuing[c];
  }
  if (left == 0) return invalid_argument("there is no eligible candidate");
  // Where each ballot group stands: its position in its order; and who holds which group.
  std::vector<uint32_t> pos(sb.size(), 0);
  std::vector<std::vector<uint32_t>> pile(n);
  std::vector<int64_t> votes(n, 0);
  int64_t valid = 0, exhausted = 0;
  for (uint32_t g = 0; g < sb.size(); ++g) {
    const int32_t c = sb.order[sb.begin[g]];
    pile[c].push_back(g);
    votes[c] += sb.weight[g];
    valid += sb.weight[g];
  }
  // strict_ballots stops a ballot at an overvoted rank, which is exactly "exhausted here".
  sheet.valid_ballots = valid;
  sheet.invalid_ballots = sb.invalid;

  auto push = [&](Stage st) {
    st.number = static_cast<int>(sheet.stages.size()) + 1;
    st.value = votes;
    if (!sheet.stages.empty()) {
      st.transfer.assign(n, 0);
      for (size_t c = 0; c < n; ++c) st.transfer[c] = votes[c] - sheet.stages.back().value[c];
    }
    st.non_transferable = exhausted;
    sheet.stages.push_back(std::move(st));
  };

  Stage st;
  st.action = "first choices";
  for (;;) {
    const int64_t counting = valid - exhausted;
    int32_t top = -1;
    for (size_t c = 0; c < n; ++c)
      if (continuing[c] && (top < 0 || votes[c] > votes[top])) top = static_cast<int32_t>(c);
    if (2 * votes[top] > counting || left == 1) {
      st.decisions.push_back({top, true, left == 1 ? Reason::kLastSeats : Reason::kMajority, {}});
      sheet.elected.push_back(top);
      push(std::move(st));
      break;
    }
    // Exclude the lowest.
    int64_t low = INT64_MAX;
    for (size_t c = 0; c < n; ++c)
      if (continuing[c]) low = std::min(low, votes[c]);
    std::vector<int32_t> tied;
    for (size_t c = 0; c < n; ++c)
      if (continuing[c] && votes[c] == low) tied.push_back(static_cast<int32_t>(c));
    Reason how = Reason::kLowest;
    int32_t x = tied[0];
    if (tied.size() > 1) {
      auto narrowed = narrow_by_history(sheet.stages, tied, true);
      if (narrowed.size() == 1) {
        x = narrowed[0];
        how = Reason::kEarlierStage;
      } else {
        x = lot.pick(narrowed);
        how = Reason::kLot;
      }
    }
    std::vector<int32_t> others;
    for (int32_t t : tied)
      if (t != x) others.push_back(t);
    st.decisions.push_back({x, false, how, others});
    push(std::move(st));

    st = Stage();
    st.action = fmt::format("exclusion of {}", e.candidates[x]);
    continuing[x] = false;
    --left;
    for (uint32_t g : pile[x]) {
      uint32_t p = pos[g] + 1;
      const uint32_t b = sb.begin[g], end = sb.begin[g + 1];
      while (b + p < end && !continuing[sb.order[b + p]]) ++p;
      if (b + p < end) {
        pos[g] = p;
        const int32_t to = sb.order[b + p];
        pile[to].push_back(g);
        votes[to] += sb.weight[g];
      } else {
        exhausted += sb.weight[g];
      }
    }
    pile[x].clear();
    votes[x] = 0;
  }
  sheet.final_value = votes;
  return sheet;
}

}  // namespace collegium::count
