// Every case of the Proportional Representation Foundation's Meek conformance suite
// (data/votes/meek-prf-conformance): elected, status codes and each round's
// tally must match to the last of the 9 decimals.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "base/json.h"
#include "base/util.h"
#include "count/decimal.h"
#include "count/meek_stv.h"

namespace collegium::count {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = fs::path(COLLEGIUM_DATA_DIR) / "votes/meek-prf-conformance";

// The suite writes lists either as JSON arrays or as "delimiter-first" strings: the first
// character separates the items (" A B C" is A, B, C; "" is nothing).
std::vector<std::string> string_list(const Json& j) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  if (j.is_array()) {
    for (const auto& x : j) out.push_back(x.get<std::string>());
    return out;
  }
  const std::string s = j.get<std::string>();
  if (s.empty()) return out;
  const char d = s[0];
  size_t i = 1;
  for (;;) {
    const size_t k = s.find(d, i);
    out.push_back(s.substr(i, k == std::string::npos ? std::string::npos : k - i));
    if (k == std::string::npos) break;
    i = k + 1;
  }
  return out;
}

int64_t nine(const Json& j) {
  return std::llround(j.get<double>() * 1e9);
}

Json load(const fs::path& p) {
  auto text = read_file(p);
  EXPECT_TRUE(text.ok()) << p;
  auto j = parse_json(*text, p.string());
  EXPECT_TRUE(j.ok()) << j.status().to_string();
  return *j;
}

struct Case {
  std::string name;
  Json spec;
};

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const auto& dir : fs::directory_iterator(kRoot / "tests")) {
    if (!dir.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      const std::string name = f.path().filename().string();
      if (f.path().extension() != ".json" || name.find("-base") != std::string::npos ||
          name.find("-results") != std::string::npos)
        continue;
      out.push_back({dir.path().filename().string() + "/" + name, Json()});
    }
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return out;
}

Json merged_spec(const std::string& name) {
  Json spec = {{"ballots", Json::array()}, {"options", Json::object()}};
  Json primary = load(kRoot / "tests" / name);
  if (primary.contains("include"))
    for (const auto& inc : primary["include"]) {
      Json part = load(kRoot / inc.get<std::string>());
      for (auto& [k, v] : part.items()) spec[k] = v;
    }
  for (auto& [k, v] : primary.items()) spec[k] = v;
  return spec;
}

class MeekConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(MeekConformance, MatchesReference) {
  const Json spec = merged_spec(GetParam());
  SCOPED_TRACE(spec.value("description", ""));
  Election e;
  const auto names = string_list(spec["candidates"]);
  std::map<std::string, int32_t> index;
  for (const auto& n : names) index[n] = e.add_candidate(n);
  for (const auto& n : string_list(spec.value("excluded", Json()))) e.withdrawn[index.at(n)] = true;
  Json ballots = spec["ballots"];
  if (spec.contains("ballotsMore"))
    for (const auto& b : spec["ballotsMore"]) ballots.push_back(b);
  for (const auto& b : ballots) {
    int64_t multiple = 1;
    Json rankings = b;
    if (b.is_array() && b.size() == 2 && b[0].is_number()) {
      multiple = b[0].get<int64_t>();
      rankings = b[1];
    }
    e.start_ballot(multiple);
    for (const auto& code : string_list(rankings)) {
      e.start_rank();
      if (code.empty()) continue;  // a skipped rank
      if (code == "#") {
        e.add_mark(kOvervote);
        continue;
      }
      ASSERT_TRUE(index.count(code)) << code;
      e.add_mark(index[code]);
    }
  }
  MeekOptions o;
  for (const auto& n : string_list(spec.value("tieBreaker", Json())))
    o.tie_break_order.push_back(index.at(n));
  for (const auto& n : string_list(spec.value("protected", Json())))
    o.protected_candidates.push_back(index.at(n));
  if (spec.contains("maxRankingLevels") && spec["maxRankingLevels"].is_number())
    o.max_ranking_levels = spec["maxRankingLevels"].get<int>();
  const Json& opts = spec["options"];
  auto yes = [](std::string s) { return !s.empty() && (s[0] == 'Y' || s[0] == 'y'); };
  if (opts.contains("alternative_defeats")) {
    const Json& a = opts["alternative_defeats"];
    if (a.is_string())
      o.alternative_defeats_default = yes(a.get<std::string>());
    else
      for (const auto& x : a) o.alternative_defeats.push_back(yes(x.get<std::string>()));
  }
  if (opts.contains("type_of_altdefs")) {
    const std::string t = opts["type_of_altdefs"];
    o.alternative_defeats_timing = t == "before_single_defeats"
                                       ? AltDefeatTiming::kBeforeSingleDefeats
                                   : t == "per_reference_rule" ? AltDefeatTiming::kPerReferenceRule
                                                               : AltDefeatTiming::kIfNoNewElecteds;
  }
  if (opts.contains("always_count_votes"))
    o.always_count_votes = opts["always_count_votes"].get<bool>();

  const int seats = spec.value("nbrSeatsToFill", 0);
  auto r = run_meek_stv(e, seats, o);
  if (spec.contains("exception")) {
    EXPECT_FALSE(r.ok());
    return;
  }
  ASSERT_TRUE(r.ok()) << r.status().to_string();

  std::set<std::string> want_elected, got_elected;
  for (const auto& n : string_list(spec["elected"])) want_elected.insert(n);
  for (int32_t c : r->elected) got_elected.insert(names[c]);
  EXPECT_EQ(got_elected, want_elected);

  for (const auto& sc : spec["statusCodes"]) {
    const std::string n = sc[0];
    const MeekStatus& st = r->status[index.at(n)];
    const std::string state = st.state == MeekState::kElected    ? "elected"
                              : st.state == MeekState::kDefeated ? "defeated"
                                                                 : "hopeful";
    EXPECT_EQ(state, sc[1].get<std::string>()) << n;
    EXPECT_EQ(st.round, sc[2].get<int>()) << n;
    if (sc[3].is_null())
      EXPECT_FALSE(st.votes.has_value()) << n;
    else {
      ASSERT_TRUE(st.votes.has_value()) << n;
      EXPECT_EQ(*st.votes, nine(sc[3])) << n;
    }
    EXPECT_EQ(st.keep_factor, nine(sc[4])) << n;
    if (sc.size() > 5) {
      const std::string destiny = sc[5];
      EXPECT_EQ(destiny == "excluded", st.excluded) << n;
      EXPECT_EQ(destiny == "protected", st.is_protected) << n;
    }
  }

  const size_t rounds = r->rounds.size();
  for (auto& [label, values] : spec["tally"].items()) {
    ASSERT_TRUE(values.is_array());
    std::vector<int64_t> got;
    bool integer_count = false;
    if (label.empty() || label[0] != ':') {
      const int32_t c = index.at(label);
      for (const auto& rd : r->rounds)
        if (rd.votes[c]) got.push_back(*rd.votes[c]);
    } else {
      for (const auto& rd : r->rounds) {
        if (label == ":Overvotes")
          got.push_back(rd.overvotes);
        else if (label == ":Abstentions")
          got.push_back(rd.abstentions);
        else if (label == ":Other exhausted")
          got.push_back(rd.other_exhausted);
        else if (label == ":Votes for candidates")
          got.push_back(rd.votes_for_candidates);
        else if (label == ":Total votes")
          got.push_back(rd.total_votes);
        else if (label == ":Quota")
          got.push_back(rd.quota);
        else if (label == ":Protected quota")
          got.push_back(rd.protected_quota.value_or(-1));
        else if (label == ":Quota votes")
          got.push_back(rd.quota_votes.value_or(-1));
        else if (label == ":Total surplus")
          got.push_back(rd.total_surplus);
        else if (label == ":Iterations") {
          got.push_back(rd.iterations);
          integer_count = true;
        } else
          FAIL() << "unknown tally label " << label;
      }
    }
    std::vector<int64_t> want;
    for (const auto& v : values) want.push_back(integer_count ? v.get<int64_t>() : nine(v));
    EXPECT_EQ(got, want) << label << " over " << rounds << " rounds";
  }
}

std::vector<std::string> case_names() {
  std::vector<std::string> out;
  for (const auto& c : all_cases()) out.push_back(c.name);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Prf, MeekConformance, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string s = param_info.param;
                           for (char& ch : s)
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return s;
                         });

TEST(MeekConformanceSuite, HasAllCases) {
  // Guards against the data folder going missing and the suite passing vacuously.
  EXPECT_GE(case_names().size(), 150u);
}

}  // namespace
}  // namespace collegium::count
