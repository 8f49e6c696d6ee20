#include "count/divisor.h"

#include <fmt/format.h>

#include "count/decimal.h"
#include "count/lot.h"
#include "count/simple.h"

namespace collegium::count {

Result<Sheet> count_divisor(const Election& e, int seats, Divisor divisor, uint64_t seed) {
  if (seats < 1) return invalid_argument("a divisor method needs at least one seat", "seats");
  // First choices, exactly as plurality reads them; its sheet gives the votes.
  Sheet votes_sheet = TRY(count_plurality(e, 1, seed));
  const std::vector<int64_t> votes = votes_sheet.stages[0].value;
  const size_t n = e.candidates.size();
  Sheet s = start_sheet(divisor == Divisor::kDhondt ? "dhondt" : "sainte-lague", e, seats, 0, seed);
  s.valid_ballots = votes_sheet.valid_ballots;
  s.invalid_ballots = votes_sheet.invalid_ballots;
  Lot lot(seed);
  std::vector<int64_t> won(n, 0);
  auto div = [&](int64_t k) { return divisor == Divisor::kDhondt ? k + 1 : 2 * k + 1; };
  for (int seat = 1; seat <= seats; ++seat) {
    // Highest votes[c] / div(won[c]); compared as a/b > c/d  <=>  a*d > c*b.
    std::vector<int32_t> top;
    for (size_t c = 0; c < n; ++c) {
      if (e.withdrawn[c]) continue;
      if (top.empty()) {
        top.push_back(static_cast<int32_t>(c));
        continue;
      }
      const int32_t t = top[0];
      const __int128 lhs = static_cast<__int128>(votes[c]) * div(won[t]);
      const __int128 rhs = static_cast<__int128>(votes[t]) * div(won[c]);
      if (lhs > rhs)
        top = {static_cast<int32_t>(c)};
      else if (lhs == rhs)
        top.push_back(static_cast<int32_t>(c));
    }
    if (top.empty()) return invalid_argument("there is no eligible list");
    const int32_t w = top.size() == 1 ? top[0] : lot.pick(top);
    Stage st;
    st.number = seat;
    st.action = fmt::format("seat {}", seat);
    Json q = Json::object();
    for (size_t c = 0; c < n; ++c)
      if (!e.withdrawn[c])
        q[e.candidates[c]] = format_fixed(mul_div_floor(votes[c], 100000, div(won[c])), 5);
    st.details = {{"quotients", q}};
    std::vector<int32_t> others;
    for (int32_t t : top)
      if (t != w) others.push_back(t);
    st.decisions.push_back(
        {w, true, others.empty() ? Reason::kHighestAverage : Reason::kLot, others});
    ++won[w];
    s.elected.push_back(w);
    st.value = won;
    if (!s.stages.empty()) {
      st.transfer.assign(n, 0);
      st.transfer[w] = 1;
    }
    s.stages.push_back(std::move(st));
  }
  s.final_value = won;
  Json v = Json::object();
  for (size_t c = 0; c < n; ++c) v[e.candidates[c]] = votes[c];
  s.details = {{"votes", v}};
  return s;
}

}  // namespace collegium::count
