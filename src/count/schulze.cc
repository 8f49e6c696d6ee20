#include "count/schulze.h"

#include <fmt/format.h>

#include <algorithm>

#include "count/lot.h"

namespace collegium::count {

SchulzeResult schulze(const Election& e) {
  const size_t n = e.candidates.size();
  SchulzeResult r;
  // A ballot that ranks c at some rank prefers c to every candidate not ranked at or before
  // that rank. Rather than add the ballot's weight across c's whole row (n additions per
  // ranked candidate), add it once to ranked[c] and take it back from the few candidates
  // ranked at or before: d[c][j] = ranked[c] - back[c][j]. Ballots rank few of many
  // candidates, so this is a few additions per ballot instead of n per rank.
  std::vector<int64_t> ranked(n, 0), back(n * n, 0);
  const std::vector<uint8_t> withdrawn(e.withdrawn.begin(), e.withdrawn.end());
  std::vector<uint32_t> stamp(n, UINT32_MAX);  // the ballot that last ranked c
  std::vector<int32_t> so_far(n);              // this ballot's candidates, in rank order
  for (size_t b = 0; b < e.ballot_count(); ++b) {
    const int64_t w = e.weight[b];
    const auto id = static_cast<uint32_t>(b);
    size_t count = 0;
    for (uint32_t k = e.ballot_begin[b]; k < e.ballot_begin[b + 1]; ++k) {
      const size_t start = count;
      for (uint32_t m = e.rank_begin[k]; m < e.rank_begin[k + 1]; ++m) {
        const int32_t c = e.marks[m];
        if (c < 0 || withdrawn[c] || stamp[c] == id) continue;
        stamp[c] = id;
        so_far[count++] = c;
      }
      for (size_t i = start; i < count; ++i) {
        const int32_t c = so_far[i];
        ranked[c] += w;
        int64_t* row = back.data() + static_cast<size_t>(c) * n;
        for (size_t j = 0; j < count; ++j) row[so_far[j]] += w;
      }
    }
  }
  r.pairwise.assign(n, std::vector<int64_t>(n, 0));
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j)
      if (i != j && !withdrawn[i] && !withdrawn[j]) r.pairwise[i][j] = ranked[i] - back[i * n + j];

  // Strongest paths (Floyd-Warshall) on a flat matrix; withdrawn candidates have no links,
  // so they carry no path, and the diagonal is never read for another entry.
  std::vector<int64_t> p(n * n, 0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j)
      if (i != j && r.pairwise[i][j] > r.pairwise[j][i]) p[i * n + j] = r.pairwise[i][j];
  for (size_t i = 0; i < n; ++i) {
    const int64_t* via = p.data() + i * n;
    for (size_t j = 0; j < n; ++j) {
      const int64_t to_i = p[j * n + i];
      if (j == i || to_i == 0) continue;
      int64_t* row = p.data() + j * n;
      for (size_t k = 0; k < n; ++k) row[k] = std::max(row[k], std::min(to_i, via[k]));
    }
  }
  r.strongest.assign(n, std::vector<int64_t>(n, 0));
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j)
      if (i != j) r.strongest[i][j] = p[i * n + j];
  std::vector<int32_t> left;
  for (size_t c = 0; c < n; ++c)
    if (!e.withdrawn[c]) left.push_back(static_cast<int32_t>(c));
  while (!left.empty()) {
    std::vector<int32_t> top, rest;
    for (int32_t a : left) {
      bool beaten = false;
      for (int32_t b : left)
        if (b != a && p[b * n + a] > p[a * n + b]) beaten = true;
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
