// `collegium plan reproduce` (issue #14; C4, DESIGN.md invariant 7): the round that
// tests/scenarios/rounds.test plays (called, computed, amended, computed again, voted
// twice, adopted) is exported and checked again from the export alone: by the library, and
// by the `collegium` program itself. A record whose figures or ballots were altered and
// chained again (what a server that lies would publish) is caught and the first altered
// figure named; a record altered without chaining again is refused by the chain check.
#include "federation/round_reproduce.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <functional>

#include "federation/read_test_fixture.h"
#include "record/chain.h"
#include "record/event.h"
#include "record/verify.h"

namespace collegium::federation {
namespace {

namespace fs = std::filesystem;

// The export of the scenario's record and the id of its round.
struct Played {
  std::string text;
  std::string round;
};

class RoundReproduceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::ScenarioDir("rounds", "reproduce");
    ASSERT_TRUE(dir_->status().ok()) << dir_->status().to_string();
    auto fed = dir_->open();
    ASSERT_TRUE(fed.ok()) << fed.status().to_string();
    auto q = (*fed)->store().db().prepare("SELECT id FROM rounds");
    ASSERT_TRUE(q.ok());
    ASSERT_TRUE(*q->step());
    played_.round = std::string(q->column_text(0));
    const fs::path file =
        dir_->dir().parent_path() / fmt::format("{}.jsonl", dir_->dir().filename().string());
    std::FILE* f = std::fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    Status exported = (*fed)->store().export_record(f);
    std::fclose(f);
    ASSERT_TRUE(exported.ok()) << exported.to_string();
    auto text = read_file(file);
    fs::remove(file);
    ASSERT_TRUE(text.ok());
    played_.text = std::move(*text);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // A file of this test's own, removed at the end of the suite with the scenario's folder.
  static fs::path file(const std::string& name, const std::string& content) {
    fs::path p = dir_->dir() / name;
    EXPECT_TRUE(write_file_durably(p, content).ok());
    return p;
  }

  static test::ScenarioDir* dir_;
  static Played played_;
};

test::ScenarioDir* RoundReproduceTest::dir_ = nullptr;
Played RoundReproduceTest::played_;

// The export with the events `change` alters (it returns true for those), chained again
// from the first and without the checkpoints, whose signatures no forger could renew: a
// record that verifies, with different figures.
std::string forge(std::string_view text, const std::function<bool(record::Event&)>& change) {
  std::string out = record::export_header_line();
  Digest head = record::kGenesisHash;
  Status s = record::for_each_export_event(
      text, [&](uint64_t, std::string_view bytes, const Digest&) -> Status {
        record::Event e = TRY(record::decode_event(bytes));
        std::string written(bytes);
        if (change(e)) written = TRY(record::encode_event(e));
        head = record::chain_next(head, written);
        out += record::export_event_line(written, head);
        return {};
      });
  EXPECT_TRUE(s.ok()) << s.to_string();
  return out;
}

// The figures of the round's computations as the export publishes them, in order.
std::vector<RoundFigures> published_figures(std::string_view text) {
  std::vector<RoundFigures> out;
  Status s = record::for_each_export_event(
      text, [&](uint64_t, std::string_view bytes, const Digest&) -> Status {
        record::Event e = TRY(record::decode_event(bytes));
        if (e.type == RoundComputed::kName) {
          out.push_back(
              TRY(read_json<RoundComputed>(e.payload, "/", UnknownKeys::kIgnore)).figures);
        }
        return {};
      });
  EXPECT_TRUE(s.ok()) << s.to_string();
  return out;
}

TEST_F(RoundReproduceTest, TheScenarioRoundReproducesFromItsExport) {
  auto r = reproduce_round(played_.text, played_.round);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_TRUE(r->agrees()) << fmt::format("{}", fmt::join(r->differences, "\n"));
  EXPECT_EQ(r->period, "2027");
  EXPECT_EQ(r->alternatives,
            (std::vector<std::string>{"status quo", "more goods", "shorter hours"}));

  // Two computations: before and after the union's and the Bolt works' amendments
  // (versions 1 and 3), each on the economy the record held then, which hashes to the
  // digest it names.
  ASSERT_EQ(r->computations.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const ReproducedComputation& c = r->computations[i];
    EXPECT_EQ(c.number, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(c.version, i == 0 ? 1 : 3);
    EXPECT_TRUE(c.digest_agrees);
    EXPECT_FALSE(c.difference);
    EXPECT_LE(c.max_difference, kReproduceTolerance);
    ASSERT_EQ(c.alternatives.size(), 3u);
  }
  EXPECT_NE(r->computations[0].economy_digest, r->computations[1].economy_digest)
      << "the amendment changed the Bolt works' hours";
  EXPECT_TRUE(r->computations[0].alternatives[1].feasible);
  EXPECT_FALSE(r->computations[1].alternatives[1].feasible) << "42 boxes of a workplace making 41";

  // Two votes: the first back to amendment, the second adopts "shorter hours".
  ASSERT_EQ(r->votes.size(), 2u);
  EXPECT_EQ(r->votes[0].ballots, 4);
  EXPECT_EQ(r->votes[0].outcome, "back_to_amendment");
  EXPECT_EQ(r->votes[0].order,
            (std::vector<std::string>{"status quo", "shorter hours", "more goods"}));
  EXPECT_EQ(r->votes[1].ballots, 5);
  EXPECT_EQ(r->votes[1].outcome, "adopted");
  EXPECT_EQ(r->votes[1].adopted, 2);
  EXPECT_NE(r->votes[0].seed, r->votes[1].seed);

  ASSERT_TRUE(r->adoption);
  EXPECT_EQ(r->adoption->alternative, "shorter hours");
  EXPECT_EQ(r->adoption->targets, 2);
  EXPECT_FALSE(r->adoption->difference);

  Json j = reproduction_json(*r);
  EXPECT_EQ(j["agrees"], true);
  EXPECT_EQ(j["computations"].size(), 2u);
  EXPECT_EQ(j["votes"][1]["order"][0], "shorter hours");
}

TEST_F(RoundReproduceTest, BadRequestsAreRefusedPrecisely) {
  auto unknown = reproduce_round(played_.text, "round-9999");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
  EXPECT_EQ(unknown.status().where(), "--round");
  EXPECT_NE(unknown.status().message().find("round-9999"), std::string::npos);

  ReproduceOptions negative;
  negative.tolerance = -1;
  auto bad = reproduce_round(played_.text, played_.round, negative);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);

  auto empty = reproduce_round("", played_.round);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Code::kCorrupt);
}

TEST_F(RoundReproduceTest, AnExportChangedWithoutChainingAgainIsRefused) {
  // One published target changed in place: the chain breaks at that event.
  std::string text = played_.text;
  size_t at = text.find("\"type\":\"round.computed\"");
  ASSERT_NE(at, std::string::npos);
  const size_t line_start = text.rfind('\n', at) + 1;
  const size_t targets = text.find("\"targets\":\"30 40\"", line_start);
  ASSERT_NE(targets, std::string::npos);
  text[targets + std::string_view("\"targets\":\"30 4").size()] = '1';
  // The event's seq follows its payload in canonical order: the last "seq" of the line.
  const size_t line_end = text.find('\n', at);
  const size_t seq_at = text.rfind("\"seq\":", line_end) + std::string_view("\"seq\":").size();
  const uint64_t seq = std::stoull(text.substr(seq_at, text.find(',', seq_at) - seq_at));
  auto r = reproduce_round(text, played_.round);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kCorrupt);
  EXPECT_EQ(r.status().where(), fmt::format("event {}", seq)) << r.status().to_string();
}

TEST_F(RoundReproduceTest, AForgedTargetIsNamed) {
  // The second computation's "shorter hours" says the Bolt works makes 41 boxes, not 40,
  // and the record is chained again: it verifies, and reproduces no more.
  int computed = 0;
  std::string forged = forge(played_.text, [&](record::Event& e) {
    if (e.type != RoundComputed::kName || ++computed != 2) return false;
    e.payload["figures"]["alternatives"][2]["targets"] = "30 41";
    return true;
  });
  ASSERT_TRUE(record::verify_export(forged).ok());
  auto r = reproduce_round(forged, played_.round);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_FALSE(r->agrees());
  EXPECT_FALSE(r->computations[0].difference);
  ASSERT_TRUE(r->computations[1].difference);
  const std::string& first = r->differences.front();
  EXPECT_TRUE(first.starts_with(
      fmt::format("{} computation 2 (seq {}), ", played_.round, r->computations[1].seq)))
      << first;
  EXPECT_TRUE(first.ends_with(
      "alternative 'shorter hours', workplace w2 target: published 41, recomputed 40"))
      << first;
  EXPECT_GT(r->computations[1].alternatives[2].max_difference, 0.02);
  // Chained again, the record's heads after the forgery are not those the closes drew
  // their lots from: both votes name their seed.
  ASSERT_EQ(r->differences.size(), 4u);
  for (int vote : {1, 2}) {
    const auto& d = r->differences[static_cast<size_t>(vote)];
    EXPECT_NE(d.find(fmt::format("vote {} (seq {}), lot seed (from the record's head before "
                                 "the close): published ",
                                 vote, r->votes[static_cast<size_t>(vote - 1)].seq)),
              std::string::npos)
        << d;
  }
  EXPECT_EQ(r->computations[1].alternatives[0].max_difference, 0);
  // The round.adopted that followed copies 40: not the forged computation's 41.
  ASSERT_TRUE(r->adoption && r->adoption->difference);
  EXPECT_NE(r->adoption->difference->find("workplace w2 target: published 40, the last "
                                          "computation 41"),
            std::string::npos)
      << *r->adoption->difference;
}

TEST_F(RoundReproduceTest, AForgedDigestIsNamed) {
  std::string forged = forge(played_.text, [&](record::Event& e) {
    if (e.type != RoundComputed::kName) return false;
    e.payload["figures"]["economy_digest"] = std::string(64, '0');
    return true;
  });
  auto r = reproduce_round(forged, played_.round);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->computations.size(), 2u);
  EXPECT_FALSE(r->computations[0].digest_agrees);
  ASSERT_TRUE(r->computations[0].difference);
  EXPECT_NE(r->computations[0].difference->find(", economy digest: published 0000"),
            std::string::npos)
      << *r->computations[0].difference;
}

TEST_F(RoundReproduceTest, AForgedBallotIsCaughtByTheRecount) {
  // One member of w2 is said to have ranked the status quo last in the second vote: the
  // published count no longer follows from the published ballots.
  std::string forged = forge(played_.text, [&](record::Event& e) {
    if (e.type != RoundClosed::kName || e.payload["vote"] != 2) return false;
    Json& w2 = e.payload["published"]["w2"];
    EXPECT_EQ(w2["1 3 2"], 1);
    w2.erase("1 3 2");
    w2["3 1 2"] = 1;
    return true;
  });
  auto r = reproduce_round(forged, played_.round);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->votes.size(), 2u);
  EXPECT_FALSE(r->votes[0].difference);
  ASSERT_TRUE(r->votes[1].difference);
  EXPECT_NE(r->votes[1].difference->find(fmt::format(
                "{} vote 2 (seq {}), pairwise table: ", played_.round, r->votes[1].seq)),
            std::string::npos)
      << *r->votes[1].difference;
}

TEST_F(RoundReproduceTest, ThePublishedFiguresWithOneTargetChangedDiffer) {
  // The comparison itself, on the figures the server published: equal to themselves, and
  // one target moved by a part in a thousand is named.
  std::vector<RoundFigures> figures = published_figures(played_.text);
  ASSERT_EQ(figures.size(), 2u);
  const RoundFigures& published = figures[1];
  EXPECT_FALSE(compare_round_figures(published, published).first);
  RoundFigures changed = published;
  ASSERT_EQ(changed.alternatives[2].targets.values.size(), 2u);
  EXPECT_EQ(changed.alternatives[2].targets.values[1], 40);
  changed.alternatives[2].targets.values[1] = 40.04;
  auto c = compare_round_figures(published, changed);
  ASSERT_TRUE(c.first);
  EXPECT_EQ(c.first->to_string(),
            "alternative 'shorter hours', workplace w2 target: published 40, recomputed 40.04");
  EXPECT_NEAR(c.max_difference, 0.04 / 40.04, 1e-12);
}

TEST(CompareRoundFigures, NamesTheFirstFigureBeyondTheTolerance) {
  RoundFigures f;
  f.round = "round-57";
  f.version = 2;
  f.economy_digest = std::string(64, 'a');
  f.workplaces = {"w1", "w2"};
  f.products = {"steel", "bolts"};
  f.capacity.values = {40, 45};
  f.workers.values = {3, 4};
  for (const char* name : {"status quo", "more goods"}) {
    FigureAlternative a;
    a.name = name;
    a.kind = a.name == "status quo" ? "status_quo" : "choice";
    a.targets.values = {30, 42};
    a.hours.values = {330, 100};
    a.economy.consumption = Decimal{50};
    a.economy.hours_per_worker_week = Decimal{1.5};
    a.regions.push_back({"north", Decimal{430}, Decimal{8000}, Decimal{7}, Decimal{50}, {}, {}});
    f.alternatives.push_back(a);
  }
  EXPECT_FALSE(compare_round_figures(f, f).first);
  EXPECT_EQ(compare_round_figures(f, f).max_difference, 0);

  // Within the tolerance: a solver's last digits.
  RoundFigures near = f;
  near.alternatives[1].targets.values[1] = 42 * (1 + 1e-9);
  auto c = compare_round_figures(f, near);
  EXPECT_FALSE(c.first);
  EXPECT_GT(c.max_difference, 0);
  EXPECT_EQ(c.alternatives[0], 0);
  // Near zero the tolerance is absolute: 0 against 1e-12 agrees.
  near.alternatives[0].economy.investment = Decimal{1e-12};
  EXPECT_FALSE(compare_round_figures(f, near).first);

  RoundFigures far = f;
  far.alternatives[1].targets.values[1] = 41.7;
  far.alternatives[1].hours.values[0] = 331;  // later in the order of the fields
  c = compare_round_figures(f, far);
  ASSERT_TRUE(c.first);
  EXPECT_EQ(c.first->to_string(),
            "alternative 'more goods', workplace w2 target: published 42, recomputed 41.7");
  EXPECT_NEAR(c.alternatives[1], 0.3 / 42, 1e-12);
  EXPECT_EQ(c.alternatives[0], 0);

  // Exact fields: a name, a feasibility, an optional figure present on one side only, a
  // list of another length, the digest.
  RoundFigures other = f;
  other.alternatives[1].feasible = false;
  EXPECT_EQ(compare_round_figures(f, other).first->to_string(),
            "alternative 'more goods' feasible: published true, recomputed false");
  other = f;
  other.alternatives[0].economy.hours_per_worker_week.reset();
  EXPECT_EQ(compare_round_figures(f, other).first->to_string(),
            "alternative 'status quo', economy hours per worker per week: published 1.5, "
            "recomputed none");
  other = f;
  other.alternatives[1].bottlenecks.push_back(
      {"capacity", "w2", "bolts", "north", "", Decimal{42}, Decimal{41}, true, Decimal{0}});
  EXPECT_EQ(compare_round_figures(f, other).first->to_string(),
            "the number of alternative 'more goods' bottlenecks: published 0, recomputed 1");
  other = f;
  other.economy_digest = std::string(64, 'b');
  EXPECT_EQ(compare_round_figures(f, other).first->what, "economy digest");
  other = f;
  other.workplaces[1] = "w3";
  EXPECT_EQ(compare_round_figures(f, other).first->to_string(),
            "workplace 2: published 'w2', recomputed 'w3'");
}

// ---- the `collegium` program itself ----

struct Ran {
  int code = -1;
  std::string out, err;
};

Ran run_collegium(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "stdout", err = dir / "stderr";
  const std::string command =
      fmt::format("{} {} > '{}' 2> '{}'", COLLEGIUM_BIN, args, out.string(), err.string());
  Ran r;
  const int status = std::system(command.c_str());
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto o = read_file(out), e = read_file(err);
  r.out = o.ok() ? *o : std::string();
  r.err = e.ok() ? *e : std::string();
  return r;
}

TEST_F(RoundReproduceTest, TheProgramAgreesAndExitsZero) {
  const fs::path exported = file("record.jsonl", played_.text);
  Ran r = run_collegium(
      fmt::format("plan reproduce '{}' --round {}", exported.string(), played_.round), dir_->dir());
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Everything agrees: 2 computations, 2 votes and the adopted targets"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Vote 2 (seq"), std::string::npos) << r.out;

  r = run_collegium(
      fmt::format("plan reproduce '{}' --round {} --format json", exported.string(), played_.round),
      dir_->dir());
  EXPECT_EQ(r.code, 0) << r.err;
  auto j = parse_json(r.out);
  ASSERT_TRUE(j.ok()) << r.out;
  EXPECT_EQ((*j)["agrees"], true);
  EXPECT_EQ((*j)["adoption"]["alternative"], "shorter hours");
  EXPECT_EQ((*j)["computations"][1]["version"], 3);
}

TEST_F(RoundReproduceTest, TheProgramNamesTheFirstDifferenceAndExitsOne) {
  int computed = 0;
  const fs::path forged = file("forged.jsonl", forge(played_.text, [&](record::Event& e) {
                                 if (e.type != RoundComputed::kName || ++computed != 2)
                                   return false;
                                 e.payload["figures"]["alternatives"][2]["targets"] = "30 41";
                                 return true;
                               }));
  Ran r = run_collegium(
      fmt::format("plan reproduce '{}' --round {}", forged.string(), played_.round), dir_->dir());
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("The round does NOT reproduce: 4 differences"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("computation 2 (seq "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("alternative 'shorter hours', workplace w2 target: published 41, "
                       "recomputed 40"),
            std::string::npos)
      << r.err;

  // Unchained changes are the chain check's: exit 1 naming the file and the event.
  std::string broken = played_.text;
  broken[broken.find("\"type\":\"round.adopted\"") + 9] = 'R';
  const fs::path cut = file("broken.jsonl", broken);
  r = run_collegium(fmt::format("plan reproduce '{}' --round {}", cut.string(), played_.round),
                    dir_->dir());
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("error [corrupt] " + cut.string() + ":event "), std::string::npos) << r.err;

  // An unknown round is bad input: exit 2.
  r = run_collegium(fmt::format("plan reproduce '{}' --round round-9999", forged.string()),
                    dir_->dir());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("the record has no round round-9999"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace collegium::federation
