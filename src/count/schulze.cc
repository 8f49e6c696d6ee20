#include "count/schulze.h"

#include <fmt/format.h>

#include <algorithm>

#include "count/lot.h"

namespace collegium::count {

SchulzeResult schulze(const Election& e) {
  const size_t n = e.candidates.size();
  SchulzeResult r;
  r.pairwise.assign(n, std::vector<int64_t>(n, 0));
  // Flat accumulation: per ballot, each ranked candidate beats everyone not yet ranked.
  std::vector<int64_t> d(n * n, 0);
  std::vector<uint32_t> ranked_in(n, UINT32_MAX);  // ballot number that ranked c
  std::vector<int32_t> group;
  for (size_t b = 0; b < e.ballot_count(); ++b) {
    const int64_t w = e.weight[b];
    const auto stamp = static_cast<uint32_t>(b);
    for (size_t k = 0; k < e.rank_count(b); ++k) {
      group.clear();
      for (int32_t c : e.rank(b, k))
        if (c >= 0 && !e.withdrawn[c] && ranked_in[c] != stamp) group.push_back(c);
      if (group.empty()) continue;
      for (int32_t c : group) ranked_in[c] = stamp;
      for (int32_t c : group) {
        int64_t* row = d.data() + static_cast<size_t>(c) * n;
        for (size_t j = 0; j < n; ++j)
          if (ranked_in[j] != stamp) row[j] += w;
      }
    }
  }
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) r.pairwise[i][j] = e.withdrawn[i] || e.withdrawn[j] ? 0 : d[i * n + j];

  auto& p = r.strongest;
  p.assign(n, std::vector<int64_t>(n, 0));
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j)
      if (i != j && r.pairwise[i][j] > r.pairwise[j][i]) p[i][j] = r.pairwise[i][j];
  for (size_t i = 0; i < n; ++i) {
    if (e.withdrawn[i]) continue;
    for (size_t j = 0; j < n; ++j) {
      if (i == j || e.withdrawn[j]) continue;
      for (size_t k = 0; k < n; ++k) {
        if (k == i || k == j || e.withdrawn[k]) continue;
        p[j][k] = std::max(p[j][k], std::min(p[j][i], p[i][k]));
      }
    }
  }
  std::vector<int32_t> left;
  for (size_t c = 0; c < n; ++c)
    if (!e.withdrawn[c]) left.push_back(static_cast<int32_t>(c));
  while (!left.empty()) {
    std::vector<int32_t> top, rest;
    for (int32_t a : left) {
      bool beaten = false;
      for (int32_t b : left)
        if (b != a && p[b][a] > p[a][b]) beaten = true;
      (beaten ? rest : top).push_back(a);
    }
    r.ranking.push_back(top);
    left = std::move(rest);
  }
  return r;
}

Result<Sheet> count_schulze(const Election& e, int seats, uint64_t seed) {
  TRY(validate_election(e));
  if (seats < 1) return invalid_argument("Schulze needs at least one seat", "seats");
  const size_t n = e.candidates.size();
  size_t eligible = 0;
  for (size_t c = 0; c < n; ++c) eligible += !e.withdrawn[c];
  if (eligible == 0) return invalid_argument("there is no eligible candidate");
  const SchulzeResult r = schulze(e);
  Lot lot(seed);
  Sheet s = start_sheet("schulze", e, seats, 0, seed);
  s.valid_ballots = e.total_weight();
  Stage st;
  st.number = 1;
  st.action = "pairwise comparison";
  // A candidate's value: how many others it beats on strongest paths.
  st.value.assign(n, 0);
  for (size_t a = 0; a < n; ++a)
    for (size_t b = 0; b < n; ++b)
      if (a != b && r.strongest[a][b] > r.strongest[b][a]) ++st.value[a];
  std::vector<int32_t> order;
  for (const auto& g : r.ranking) {
    std::vector<int32_t> group = g;
    if (group.size() > 1) {
      lot.shuffle(group);
      std::string names;
      for (size_t i = 0; i < group.size(); ++i) names += (i ? ", " : "") + e.candidates[group[i]];
      st.notes.push_back(fmt::format("equal in the ranking, ordered by lot: {}", names));
    }
    order.insert(order.end(), group.begin(), group.end());
  }
  for (size_t i = 0; i < order.size(); ++i) {
    const bool in = i < static_cast<size_t>(seats);
    const bool tie = std::any_of(r.ranking.begin(), r.ranking.end(), [&](const auto& g) {
      return g.size() > 1 && std::find(g.begin(), g.end(), order[i]) != g.end();
    });
    st.decisions.push_back({order[i], in, tie ? Reason::kLot : Reason::kCondorcet, {}});
    if (in) s.elected.push_back(order[i]);
  }
  s.final_value = st.value;
  s.stages.push_back(std::move(st));
  Json pairwise = Json::object(), strongest = Json::object(), ranking = Json::array();
  for (size_t a = 0; a < n; ++a) {
    if (e.withdrawn[a]) continue;
    Json row = Json::object(), prow = Json::object();
    for (size_t b = 0; b < n; ++b) {
      if (a == b || e.withdrawn[b]) continue;
      row[e.candidates[b]] = r.pairwise[a][b];
      prow[e.candidates[b]] = r.strongest[a][b];
    }
    pairwise[e.candidates[a]] = row;
    strongest[e.candidates[a]] = prow;
  }
  for (const auto& g : r.ranking) {
    Json names = Json::array();
    for (int32_t c : g) names.push_back(e.candidates[c]);
    ranking.push_back(names);
  }
  Json full = Json::array();
  for (int32_t c : order) full.push_back(e.candidates[c]);
  s.details = {{"pairwise", pairwise},
               {"strongest_paths", strongest},
               {"ranking", ranking},
               {"order", full}};
  return s;
}

}  // namespace collegium::count
