// Ballot file formats: BLT (with its extensions), PrefLib soi/toi, ballot CSV.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "count/blt.h"
#include "count/csv.h"
#include "count/methods.h"
#include "count/preflib.h"

namespace collegium::count {
namespace {

using Ranks = std::vector<std::vector<int32_t>>;

TEST(Blt, ReadsTheOriginalFormat) {
  auto e = read_blt("3 2\n4 1 2 0\n2 3 0\n0\n\"Ada\"\n\"Bo\"\n\"Cy\"\n\"The title\"\n");
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->seats, 2);
  EXPECT_EQ(e->candidates, (std::vector<std::string>{"Ada", "Bo", "Cy"}));
  EXPECT_EQ(e->title, "The title");
  ASSERT_EQ(e->ballot_count(), 2u);
  EXPECT_EQ(e->weight[0], 4);
  EXPECT_EQ(ballot_ranks(*e, 0), (Ranks{{0}, {1}}));
  EXPECT_EQ(ballot_ranks(*e, 1), (Ranks{{2}}));
}

TEST(Blt, ReadsTheExtensions) {
  const std::string text =
      "# a comment line\n"
      "4 1  # candidates and seats\n"
      "-2 -4\n"
      "1 1=3 - 2 0\n"
      "(ballot-7) 2 3 0 # an id and a comment\n"
      "0\n"
      "\"Ad\xe9le\" \"Bo \"\"\n"  // not UTF-8, and a name that is one quote... see below
      "\"Cy\"\n\"Di\"\n";
  // The second name above is `Bo ` followed by an empty quoted title-like token: make
  // the names explicit instead.
  const std::string good =
      "# a comment line\n4 1  # header\n-2 -4\n1 1=3 - 2 0\n(ballot-7) 2 3 0 # id\n0\n"
      "\"Ad\xe9le\" \"Bo\"\n\"Cy\"\n\"Di\"\n";
  auto e = read_blt(good, "x.blt");
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->candidates[0], "Ad\xe9le");  // byte for byte
  EXPECT_EQ(e->withdrawn, (std::vector<bool>{false, true, false, true}));
  EXPECT_EQ(ballot_ranks(*e, 0), (Ranks{{0, 2}, {}, {1}}));
  EXPECT_EQ(e->weight[1], 2);
  EXPECT_EQ(ballot_ranks(*e, 1), (Ranks{{2}}));
  EXPECT_EQ(e->title, "");
  EXPECT_FALSE(read_blt(text, "x.blt").ok());
}

TEST(Blt, ErrorsNameFileLineAndColumn) {
  struct Bad {
    const char* text;
    const char* where;
  } cases[] = {
      {"", "f.blt:1:1"},
      {"3 x\n", "f.blt:1:3"},
      {"3 1\n1 4 0\n0\n\"a\"\n\"b\"\n\"c\"\n", "f.blt:2:3"},
      {"3 1\n1 2 0\n1 1=1 0\n0\n\"a\"\n\"b\"\n\"c\"\n", "f.blt:3:5"},
      {"3 1\n1 2\n0\n\"a\"\n\"b\"\n\"c\"\n", "f.blt:2:4"},
      {"3 1\n1 2 0\n0\n\"a\"\n\"b\n", "f.blt:5:1"},
      {"3 1\n1 2 0\n0\n\"a\"\n\"a\"\n\"c\"\n", "f.blt:5:1"},
      {"2 1\n-3\n0\n\"a\"\n\"b\"\n", "f.blt:2:1"},
      {"2 1\n1 1 0\n0\n\"a\"\n\"b\"\n\"t\"\nextra\n", "f.blt:7:1"},
      {"2 1\n1 1 0\n", "f.blt:3:1"},
  };
  for (const auto& c : cases) {
    auto e = read_blt(c.text, "f.blt");
    ASSERT_FALSE(e.ok()) << c.text;
    EXPECT_EQ(e.status().code(), Code::kParseError) << c.text;
    EXPECT_EQ(e.status().where(), c.where) << c.text << " -> " << e.status().to_string();
  }
}

TEST(Blt, WriterRefusesWhatBltCannotCarry) {
  Election e;
  e.add_candidate("a\"b");
  e.add_ballot(1, {{0}});
  EXPECT_FALSE(write_blt(e).ok());
  Election o;
  o.add_candidate("a");
  o.add_ballot(1, {{kOvervote}});
  EXPECT_FALSE(write_blt(o).ok());
}

RC_GTEST_PROP(Blt, WriteThenReadGivesTheSameElection, ()) {
  const int n = *rc::gen::inRange(1, 8);
  Election e;
  for (int c = 0; c < n; ++c) {
    // Names: arbitrary bytes except quote, CR and LF; made unique by a suffix.
    auto bytes = *rc::gen::container<std::string>(rc::gen::suchThat(
        rc::gen::arbitrary<char>(), [](char ch) { return ch != '"' && ch != '\n' && ch != '\r'; }));
    e.add_candidate(bytes + "#" + std::to_string(c));
  }
  e.seats = *rc::gen::inRange(0, n + 1);
  for (int c = 0; c < n; ++c) e.withdrawn[c] = *rc::gen::inRange(0, 5) == 0;
  const int ballots = *rc::gen::inRange(0, 20);
  for (int b = 0; b < ballots; ++b) {
    std::vector<int32_t> perm(n);
    for (int c = 0; c < n; ++c) perm[c] = c;
    perm = *rc::gen::just(perm);
    const int used = *rc::gen::inRange(0, n + 1);
    Ranks ranks;
    int at = 0;
    while (at < used) {
      if (*rc::gen::inRange(0, 6) == 0) {
        ranks.push_back({});  // skipped rank
        continue;
      }
      const int take = std::min(used - at, *rc::gen::inRange(1, 3));
      ranks.emplace_back(perm.begin() + at, perm.begin() + at + take);
      at += take;
    }
    e.add_ballot(*rc::gen::inRange<int64_t>(1, 1000), ranks);
  }
  auto text = write_blt(e);
  RC_ASSERT(text.ok());
  auto back = read_blt(*text);
  RC_ASSERT(back.ok());
  RC_ASSERT(back->candidates == e.candidates);
  RC_ASSERT(back->withdrawn == e.withdrawn);
  RC_ASSERT(back->seats == e.seats);
  RC_ASSERT(back->weight == e.weight);
  RC_ASSERT(back->ballot_begin == e.ballot_begin);
  RC_ASSERT(back->rank_begin == e.rank_begin);
  RC_ASSERT(back->marks == e.marks);
}

TEST(Csv, ReadsRanksSkipsAndOvervotes) {
  const std::string text =
      "ballot_id,rank,choice\n"
      "b1,1,Ada\nb2,1,$OVERVOTE\nb1,3,\"Bo, Jr\"\nb3,1,$UNDERVOTE\nb3,2,Ada\nb4,1,Ada\nb4,1,Cy\n";
  auto e = read_ballot_csv(text, "v.csv");
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->candidates, (std::vector<std::string>{"Ada", "Bo, Jr", "Cy"}));
  ASSERT_EQ(e->ballot_count(), 4u);
  EXPECT_EQ(ballot_ranks(*e, 0), (Ranks{{0}, {}, {1}}));
  EXPECT_EQ(ballot_ranks(*e, 1), (Ranks{{kOvervote}}));
  EXPECT_EQ(ballot_ranks(*e, 2), (Ranks{{}, {0}}));
  EXPECT_EQ(ballot_ranks(*e, 3), (Ranks{{0, 2}}));
}

TEST(Csv, ErrorsNameFileLineAndColumn) {
  struct Bad {
    const char* text;
    const char* where;
  } cases[] = {
      {"", "v.csv:1:1"},
      {"id,rank,choice\n", "v.csv:1:1"},
      {"ballot_id,rank,choice\nb1,x,Ada\n", "v.csv:2:4"},
      {"ballot_id,rank,choice\nb1,1\n", "v.csv:2:1"},
      {"ballot_id,rank,choice\nb1,1,\n", "v.csv:2:6"},
      {"ballot_id,rank,choice\nb1,1,Ada\nb1,1,Ada\n", "v.csv:3:6"},
      {"ballot_id,rank,choice\nb1,1,\"Ada\n", "v.csv:2:6"},
      {"ballot_id,rank,choice\n,1,Ada\n", "v.csv:2:1"},
  };
  for (const auto& c : cases) {
    auto e = read_ballot_csv(c.text, "v.csv");
    ASSERT_FALSE(e.ok()) << c.text;
    EXPECT_EQ(e.status().where(), c.where) << c.text << " -> " << e.status().to_string();
  }
}

TEST(Preflib, ReadsTheCurrentFormat) {
  const std::string text =
      "# FILE NAME: x.toi\n# TITLE: A poll\n# DATA TYPE: toi\n# NUMBER ALTERNATIVES: 3\n"
      "# ALTERNATIVE NAME 1: Ada\n# ALTERNATIVE NAME 2: Bo\n# ALTERNATIVE NAME 3: Cy\n"
      "7: 1,{2,3}\n3: 2\n";
  auto e = read_preflib(text, PreflibKind::kToi, "x.toi");
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->title, "A poll");
  EXPECT_EQ(e->candidates, (std::vector<std::string>{"Ada", "Bo", "Cy"}));
  EXPECT_EQ(e->weight, (std::vector<int64_t>{7, 3}));
  EXPECT_EQ(ballot_ranks(*e, 0), (Ranks{{0}, {1, 2}}));
  auto soi = read_preflib(text, PreflibKind::kSoi, "x.soi");
  ASSERT_FALSE(soi.ok());
  EXPECT_EQ(soi.status().where(), "x.soi:8:6");
}

TEST(Preflib, ReadsTheOlderFormat) {
  auto e =
      read_preflib("3\n1,Ada\n2,Bo\n3,Cy\n10,10,2\n7,1,2,3\n3,3\n", PreflibKind::kSoi, "o.soi");
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->weight, (std::vector<int64_t>{7, 3}));
  EXPECT_EQ(ballot_ranks(*e, 0), (Ranks{{0}, {1}, {2}}));
  EXPECT_EQ(ballot_ranks(*e, 1), (Ranks{{2}}));
  auto bad = read_preflib("3\n1,Ada\n2,Bo\n3,Cy\n10,10,2\n7,1,4\n", PreflibKind::kSoi, "o.soi");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where(), "o.soi:6:5");
}

TEST(Formats, PicksTheReaderByExtension) {
  auto e = read_ballot_file("/nonexistent/file.txt", InputFormat::kAuto);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Code::kInvalidArgument);
  auto missing = read_ballot_file("/nonexistent/file.blt", InputFormat::kAuto);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kIoError);
}

}  // namespace
}  // namespace collegium::count
