// Golden tests on real elections (data/votes).
#include <gtest/gtest.h>

#include <filesystem>

#include "count/decimal.h"
#include "count/irv.h"
#include "count/methods.h"
#include "count/schulze.h"
#include "count/scottish_stv.h"

namespace collegium::count {
namespace {

namespace fs = std::filesystem;
const fs::path kVotes = fs::path(COLLEGIUM_DATA_DIR) / "votes";

std::vector<std::string> elected_names(const Sheet& s) {
  std::vector<std::string> out;
  for (int32_t c : s.elected) out.push_back(s.candidates[c]);
  return out;
}

// Value is conserved at every stage: candidates + non-transferable + loss = valid.
void expect_conserved(const Sheet& s) {
  for (const Stage& st : s.stages) {
    int64_t total = st.non_transferable + st.loss;
    for (int64_t v : st.value) total += v;
    EXPECT_EQ(total, s.valid_ballots) << "stage " << st.number;
    EXPECT_GE(st.loss, 0) << "stage " << st.number;
  }
}

// Glasgow City Council, 5 May 2022, official outcome for ward 13 (data/README.md).
TEST(GlasgowGolden, Ward13MatchesTheOfficialResult) {
  auto e =
      read_ballot_file(kVotes / "glasgow-2022/13_Garscadden-Scotstounhill.blt", InputFormat::kAuto);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->seats, 4);
  auto s = count_scottish_stv(*e, e->seats, {});
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->valid_ballots, 8629 * 100000);
  ASSERT_TRUE(s->quota.has_value());
  EXPECT_EQ(*s->quota, 1726 * 100000);
  auto first = [&](const std::string& name) {
    for (size_t c = 0; c < s->candidates.size(); ++c)
      if (s->candidates[c] == name) return s->stages[0].value[c];
    return int64_t{-1};
  };
  EXPECT_EQ(first("Bill BUTLER, Lab"), 2403 * 100000);
  EXPECT_EQ(first("Chris CUNNINGHAM, SNP"), 2310 * 100000);
  EXPECT_EQ(first("Eva Clark MURRAY, Lab"), 940 * 100000);
  auto got = elected_names(*s);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"Bill BUTLER, Lab", "Chris CUNNINGHAM, SNP",
                                           "Eva Clark MURRAY, Lab", "Malcolm MITCHELL, SNP"}));
  // Butler's surplus of 677 over 2403 papers: transfer value 0.28173 (truncated).
  ASSERT_GE(s->stages.size(), 2u);
  ASSERT_TRUE(s->stages[1].transfer_value.has_value());
  EXPECT_EQ(*s->stages[1].transfer_value, 28173);
  expect_conserved(*s);
}

struct WardPin {
  const char* file;
  size_t stages;
  const char* quota;
  std::vector<std::string> elected;  // in order of election
};

// Every ward, counted by the Scottish rules; pinned from this implementation's count
// (ward 13 is checked against the official result above).
const WardPin kWards[] = {
    {"10_Anderston-City-Yorkhill.blt",
     10,
     "1183.00000",
     {"Christy MEARNS, Grn", "Philip BRAAT, Lab", "Eva BOLANDER, SNP", "Angus MILLAR, SNP"}},
    {"11_Hillhead.blt",
     2,
     "1732.00000",
     {"Martha WARDROP, Grn", "Ken ANDREW, SNP", "Hanzala MALIK, Lab"}},
    {"12_Victoria_Park.blt",
     3,
     "2155.00000",
     {"Eunis JASSEMI, Lab", "Feargal DALTON, SNP", "Lana REID - MCCONNELL, Grn"}},
    {"13_Garscadden-Scotstounhill.blt",
     6,
     "1726.00000",
     {"Bill BUTLER, Lab", "Chris CUNNINGHAM, SNP", "Malcolm MITCHELL, SNP",
      "Eva Clark MURRAY, Lab"}},
    {"14_Drumchapel-Anniesland.blt",
     7,
     "1446.00000",
     {"Paul CAREY, Lab", "Anne MCTAGGART, SNP", "Fyeza IKHLAQ, SNP", "Patricia FERGUSON, Lab"}},
    {"15_Maryhill.blt",
     7,
     "1416.00000",
     {"Keiran O'NEILL, Lab", "Franny SCALLY, SNP", "Abdul BOSTANI, SNP"}},
    {"16_Canal.blt",
     10,
     "1159.00000",
     {"Allan GOW, SNP", "Fiona E HIGGINS, Lab", "Jacqueline MCLAREN, SNP",
      "Robert JH MOONEY, Lab"}},
    {"17_Springburn-Robroyston.blt",
     6,
     "1359.00000",
     {"Audrey DEMPSEY, Lab", "Graham CAMPBELL, SNP", "Christina CANNON, SNP",
      "Thomas RANNACHAN, Lab"}},
    {"18_East_Centre.blt",
     11,
     "1392.00000",
     {"Ann JENKINS, Lab", "Declan BLENCH, SNP", "Annette CHRISTIE, SNP", "Kieran J TURNER, Lab"}},
    {"19_Shettleston.blt",
     8,
     "1473.00000",
     {"Laura DOHERTY, SNP", "Frank MCAVEETY, Lab", "Jill PIDGEON, Lab", "Thomas KERR, Con"}},
    {"1_Linn.blt",
     9,
     "1799.00000",
     {"Malcolm CUNNING, Lab", "Paul MCCABE, SNP", "Margaret MORGAN, SNP", "Catherine VALLIS, Lab"}},
    {"20_Baillieston.blt",
     7,
     "1814.00000",
     {"Kevin John LALLEY, Lab", "Alex KERR, SNP", "John DALY, Con"}},
    {"21_North_East.blt",
     8,
     "1126.00000",
     {"Maureen BURKE, Lab", "Ruairi KELLY, SNP", "Sharon GREER, Lab"}},
    {"22_Dennistoun.blt",
     3,
     "1367.00000",
     {"Elaine MCDOUGALL, Lab", "Anthony CARROLL, Grn", "Allan CASEY, SNP"}},
    {"23_Partick_East-Kelvindale.blt",
     9,
     "2047.00000",
     {"Jill BROWN, Lab", "Blair ANDERSON, Grn", "Kenny MCLEAN, SNP", "Lilith JOHNSTONE, Lab"}},
    {"2_Newlands-Auldburn.blt",
     11,
     "1892.00000",
     {"Sean FERGUSON, SNP", "Stephen CURRAN, Lab", "Le\u00c3\u00b3dhas Iain MASSIE, Grn"}},
    {"3_Greater_Pollok.blt",
     10,
     "1774.00000",
     {"Saqib AHMED, Lab", "William GRAHAM, SNP", "Rashid M HUSSAIN, Lab", "Roza SALIH, SNP"}},
    {"4_Cardonald.blt",
     8,
     "1715.00000",
     {"Elaine MCSPORRAN, SNP", "Jim KAVANAGH, Lab", "Matt KERR, Lab", "Alex WILSON, SNP"}},
    {"5_Govan.blt",
     11,
     "1292.00000",
     {"Imran ALAM, Lab", "Ricky BELL, SNP", "Dan HUTCHISON, Grn", "Stephen DORNAN, SNP"}},
    {"6_Pollokshields.blt",
     11,
     "2073.00000",
     {"Jon MOLYNEUX, Grn", "Hanif M RAJA, Lab", "Zen GHANI, SNP", "Norman MACLEOD, SNP"}},
    {"7_Langside.blt",
     10,
     "2272.00000",
     {"Holly BRUCE, Grn", "Susan AITKEN, SNP", "Stephen Ignatius DOCHERTY, Lab",
      "Paul LEINSTER, SNP"}},
    {"8_Southside_Central.blt",
     8,
     "1544.00000",
     {"Alexander BELIC, SNP", "Elaine GALLAGHER, Grn", "Soryia SIDDIQUE, Lab",
      "James SCANLON, Lab"}},
    {"9_Calton.blt",
     9,
     "1215.00000",
     {"Greg HEPBURN, SNP", "Cecilia O'LONE, Lab", "George REDMOND, Lab", "Linda PIKE, SNP"}},
};

class GlasgowWard : public ::testing::TestWithParam<WardPin> {};

TEST_P(GlasgowWard, ElectsThePinnedCouncillors) {
  const WardPin& pin = GetParam();
  auto e = read_ballot_file(kVotes / "glasgow-2022" / pin.file, InputFormat::kAuto);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  auto s = count_scottish_stv(*e, e->seats, {});
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(elected_names(*s), pin.elected);
  EXPECT_EQ(s->stages.size(), pin.stages);
  EXPECT_EQ(format_fixed(*s->quota, 5), pin.quota);
  EXPECT_EQ(s->elected.size(), static_cast<size_t>(e->seats));
  expect_conserved(*s);
  // No tie in any Glasgow ward needed a lot: another seed gives the same sheet.
  auto again = count_scottish_stv(*e, e->seats, {.seed = 12345});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(elected_names(*again), pin.elected);
}

INSTANTIATE_TEST_SUITE_P(All23, GlasgowWard, ::testing::ValuesIn(kWards),
                         [](const ::testing::TestParamInfo<WardPin>& param_info) {
                           std::string s = param_info.param.file;
                           for (char& ch : s)
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return s;
                         });

TEST(GlasgowGolden, AllWardsPinned) {
  EXPECT_EQ(std::size(kWards), 23u);
}

const fs::path kBurlington = kVotes / "burlington-2009/us_vt_btv_2009_03_mayor.normalized.csv";

TEST(BurlingtonGolden, IrvReproducesTheRunoff) {
  auto e = read_ballot_file(kBurlington, InputFormat::kAuto);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->ballot_count(), 8980u);
  auto s = count_irv(*e, {});
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  auto value = [&](const Stage& st, const std::string& name) {
    for (size_t c = 0; c < s->candidates.size(); ++c)
      if (s->candidates[c] == name) return st.value[c];
    return int64_t{-1};
  };
  const Stage& first = s->stages.front();
  EXPECT_EQ(value(first, "Kurt Wright"), 2951);
  EXPECT_EQ(value(first, "Bob Kiss"), 2585);
  EXPECT_EQ(value(first, "Andy Montroll"), 2063);
  EXPECT_EQ(value(first, "Dan Smith"), 1306);
  const Stage& last = s->stages.back();
  EXPECT_EQ(value(last, "Bob Kiss"), 4313);
  EXPECT_EQ(value(last, "Kurt Wright"), 4060);
  // Exhausted: ballots that ran out plus the 4 with no readable first choice.
  EXPECT_EQ(last.non_transferable + s->invalid_ballots, 607);
  EXPECT_EQ(elected_names(*s), std::vector<std::string>{"Bob Kiss"});
  expect_conserved(*s);
}

TEST(BurlingtonGolden, SchulzeRanksMontrollFirst) {
  auto e = read_ballot_file(kBurlington, InputFormat::kAuto);
  ASSERT_TRUE(e.ok());
  const SchulzeResult r = schulze(*e);
  ASSERT_FALSE(r.ranking.empty());
  ASSERT_EQ(r.ranking[0].size(), 1u);
  EXPECT_EQ(e->candidates[r.ranking[0][0]], "Andy Montroll");
  // The Condorcet winner beats each rival head to head.
  const int32_t m = r.ranking[0][0];
  for (size_t c = 0; c < e->candidates.size(); ++c)
    if (static_cast<int32_t>(c) != m) {
      EXPECT_GT(r.pairwise[m][c], r.pairwise[c][m]) << e->candidates[c];
    }
  auto s = count_schulze(*e, 1, 0);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(elected_names(*s), std::vector<std::string>{"Andy Montroll"});
}

}  // namespace
}  // namespace collegium::count
