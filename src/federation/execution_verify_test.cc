// `collegium execution verify` (issue #16; C6, DESIGN.md invariant 7): the plan that
// tests/scenarios/execution.test carries out (two workplaces' reports, a correction, a
// crisis that raises a signal, the signal climbing to the council) is exported and every
// reading checked again from the export alone: by the library, and by the `collegium`
// program itself. A reading, a state or a figure altered and chained again (what a server
// that lies would publish) is named by its event and field; an export altered without
// chaining again is refused by the chain check.
#include "federation/execution_verify.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <functional>

#include "federation/events.h"
#include "federation/read_test_fixture.h"
#include "record/chain.h"
#include "record/event.h"
#include "record/verify.h"

namespace collegium::federation {
namespace {

namespace fs = std::filesystem;

class ExecutionVerifyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::ScenarioDir("execution", "verify");
    ASSERT_TRUE(dir_->status().ok()) << dir_->status().to_string();
    auto fed = dir_->open();
    ASSERT_TRUE(fed.ok()) << fed.status().to_string();
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
    text_ = new std::string(std::move(*text));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
    delete text_;
    text_ = nullptr;
  }

  static fs::path file(const std::string& name, const std::string& content) {
    fs::path p = dir_->dir() / name;
    EXPECT_TRUE(write_file_durably(p, content).ok());
    return p;
  }

  static test::ScenarioDir* dir_;
  static std::string* text_;
};

test::ScenarioDir* ExecutionVerifyTest::dir_ = nullptr;
std::string* ExecutionVerifyTest::text_ = nullptr;

// The export with the events `change` alters (it returns true for those), chained again
// from the first and without the checkpoints, whose signatures no forger could renew: a
// record that verifies, with different readings.
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

// The seq of the report.confirmed of workplace `w`'s period `period` (the last one, for a
// period classified twice).
uint64_t confirmed_seq(std::string_view text, std::string_view w, int64_t period) {
  uint64_t seq = 0;
  Status s = record::for_each_export_event(
      text, [&](uint64_t at, std::string_view bytes, const Digest&) -> Status {
        record::Event e = TRY(record::decode_event(bytes));
        if (e.type == ReportConfirmed::kName && e.payload["workplace"] == w &&
            e.payload["period"] == period) {
          seq = at;
        }
        return {};
      });
  EXPECT_TRUE(s.ok()) << s.to_string();
  return seq;
}

TEST_F(ExecutionVerifyTest, TheScenarioReadingsRecomputeFromItsExport) {
  auto v = verify_execution(*text_);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  for (const auto& m : v->mismatches) ADD_FAILURE() << m.to_string();
  EXPECT_TRUE(v->agrees());
  EXPECT_EQ(v->plans, 2);
  // w2's periods 1 (a correction confirmed) to 5, w1's periods 1 to 9, period 9 again,
  // and period 16 after the revision (read against the target before it).
  EXPECT_EQ(v->readings, 16);
  EXPECT_EQ(v->corrections, 1);
  EXPECT_EQ(v->kinds["normal"], 12);
  // w2's hours and steel: three in period 2, two in each of periods 3 to 5.
  EXPECT_EQ(v->indicator_readings, 9);
  EXPECT_EQ(v->kinds["crisis"], 4)
      << "period 8 raises the signal; period 9 and its correction join it; period 16 raises "
         "another";
  EXPECT_EQ(v->signals_raised, 3);
  EXPECT_EQ(v->signals_worsened, 0);
  EXPECT_EQ(v->head.size(), 64u);

  auto w2 = verify_execution(*text_, {.workplace = "w2"});
  ASSERT_TRUE(w2.ok());
  EXPECT_TRUE(w2->agrees());
  EXPECT_EQ(w2->readings, 5);
  EXPECT_EQ(w2->indicator_readings, 9);
  EXPECT_EQ(w2->signals_raised, 1) << "the steel the bolt works wastes";

  Json j = execution_verification_json(*v);
  EXPECT_EQ(j["agrees"], true);
  EXPECT_EQ(j["readings"], 16);
  EXPECT_EQ(j["indicator_readings"], 9);
  EXPECT_EQ(j["kinds"]["crisis"], 4);
}

TEST_F(ExecutionVerifyTest, AForgedLevelIsNamedByItsEventAndField) {
  const uint64_t seq = confirmed_seq(*text_, "w1", 5);
  ASSERT_GT(seq, 0u);
  std::string recorded;
  std::string forged = forge(*text_, [&](record::Event& e) {
    if (e.seq != seq) return false;
    recorded = e.payload["reading"]["level"].get<std::string>();
    e.payload["reading"]["level"] = "0.75";
    return true;
  });
  ASSERT_TRUE(record::verify_export(forged).ok());
  auto v = verify_execution(forged);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  ASSERT_EQ(v->mismatches.size(), 1u) << v->mismatches.back().to_string();
  const ExecutionMismatch& m = v->mismatches[0];
  EXPECT_EQ(m.seq, seq);
  EXPECT_EQ(m.field, "reading/level");
  EXPECT_EQ(m.recorded, "0.75");
  EXPECT_EQ(m.recomputed, recorded);
  EXPECT_EQ(m.to_string().substr(0, fmt::format("seq {} (report.confirmed of report-", seq).size()),
            fmt::format("seq {} (report.confirmed of report-", seq));
  EXPECT_NE(m.to_string().find(", workplace w1, period 5), reading/level: recorded 0.75, "
                               "recomputed " +
                               recorded),
            std::string::npos)
      << m.to_string();
}

TEST_F(ExecutionVerifyTest, AnInputsReadingIsCheckedAgainstTheTechnology) {
  // The bolt works' steel in period 5: 0.61 t against half a tonne a box of 0.87 boxes.
  const uint64_t seq = confirmed_seq(*text_, "w2", 5);
  ASSERT_GT(seq, 0u);
  std::string forged = forge(*text_, [&](record::Event& e) {
    if (e.seq != seq) return false;
    for (Json& i : e.payload["indicators"]) {
      if (i["indicator"] == "inputs/steel") i["reading"]["target"] = "0.5";
    }
    return true;
  });
  auto v = verify_execution(forged);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  ASSERT_EQ(v->mismatches.size(), 1u) << v->mismatches.back().to_string();
  EXPECT_EQ(v->mismatches[0].field, "indicators/inputs/steel/reading/target");
  EXPECT_EQ(v->mismatches[0].recomputed, format_decimal(0.5 * 0.87));

  // A reading of an input the plan's technology does not name is refused as well.
  std::string extra = forge(*text_, [&](record::Event& e) {
    if (e.seq != seq) return false;
    Json i = e.payload["indicators"][0];
    i["indicator"] = "inputs/bolts";
    e.payload["indicators"].push_back(i);
    return true;
  });
  v = verify_execution(extra);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->mismatches.size(), 1u);
  EXPECT_EQ(v->mismatches[0].field, "indicators/inputs/bolts");
}

TEST_F(ExecutionVerifyTest, APeriodBeforeARevisionIsReadAgainstTheTargetBeforeIt) {
  // The revision to 21 t counts from period 17; period 16, confirmed after it, was read
  // against 30 t. A revision forged to count from period 16 makes that reading wrong.
  const uint64_t seq = confirmed_seq(*text_, "w1", 16);
  ASSERT_GT(seq, 0u);
  bool found = false;
  std::string forged = forge(*text_, [&](record::Event& e) {
    if (e.type != TargetRevised::kName) return false;
    EXPECT_EQ(e.payload["from_period"], 17);
    e.payload["from_period"] = 16;
    found = true;
    return true;
  });
  ASSERT_TRUE(found);
  auto v = verify_execution(forged);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  ASSERT_FALSE(v->mismatches.empty());
  const ExecutionMismatch& m = v->mismatches[0];
  EXPECT_EQ(m.seq, seq);
  EXPECT_EQ(m.field, "reading/target");
  EXPECT_EQ(m.recorded, format_decimal(30.0 / 46));
  EXPECT_EQ(m.recomputed, format_decimal(21.0 / 46));
}

TEST_F(ExecutionVerifyTest, AForgedStateIsNamedAloneAndTheSeriesGoesOnFromTheTrueOne) {
  const uint64_t seq = confirmed_seq(*text_, "w1", 3);
  std::string forged = forge(*text_, [&](record::Event& e) {
    if (e.seq != seq) return false;
    DecimalList state = *JsonCodec<DecimalList>::read(e.payload["state"], "/state");
    state.values[0] += 0.01;
    e.payload["state"] = JsonCodec<DecimalList>::write(state);
    return true;
  });
  auto v = verify_execution(forged);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  ASSERT_EQ(v->mismatches.size(), 1u);
  EXPECT_EQ(v->mismatches[0].seq, seq);
  EXPECT_EQ(v->mismatches[0].field, "state/0");
}

TEST_F(ExecutionVerifyTest, AFigureChangedAfterItsReadingIsCaught) {
  // The foundry is said to have made 0.5 in period 8, not 0.46: the reading recorded for
  // it no longer follows.
  std::string forged = forge(*text_, [&](record::Event& e) {
    if (e.type != ReportFiled::kName || e.payload["workplace"] != "w1" ||
        e.payload["period"] != 8) {
      return false;
    }
    e.payload["figures"]["output"]["steel"] = "0.5";
    return true;
  });
  auto v = verify_execution(forged);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  ASSERT_FALSE(v->agrees());
  EXPECT_EQ(v->mismatches[0].seq, confirmed_seq(*text_, "w1", 8));
  EXPECT_EQ(v->mismatches[0].field, "reading/actual");
  EXPECT_EQ(v->mismatches[0].recorded, "0.46");
  EXPECT_EQ(v->mismatches[0].recomputed, "0.5");
}

TEST_F(ExecutionVerifyTest, ASignalItsReadingDoesNotCallForIsNamed) {
  // The crisis of period 8 recorded as normal, its signal left in place: the reading
  // differs, and the signal follows a reading that calls for none.
  const uint64_t seq = confirmed_seq(*text_, "w1", 8);
  std::string forged = forge(*text_, [&](record::Event& e) {
    if (e.seq != seq) return false;
    e.payload["reading"]["kind"] = "normal";
    return true;
  });
  auto v = verify_execution(forged);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  ASSERT_EQ(v->mismatches.size(), 1u) << v->mismatches.back().to_string();
  EXPECT_EQ(v->mismatches[0].field, "reading/kind");
  EXPECT_EQ(v->mismatches[0].recorded, "normal");
  EXPECT_EQ(v->mismatches[0].recomputed, "crisis");

  // The signal's own copy of the reading altered.
  std::string signal = forge(*text_, [&](record::Event& e) {
    if (e.seq != seq + 1) return false;
    EXPECT_EQ(e.type, SignalRaised::kName);
    e.payload["reading"]["cause"] = "slope";
    return true;
  });
  v = verify_execution(signal);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->mismatches.size(), 1u);
  EXPECT_EQ(v->mismatches[0].seq, seq + 1);
  EXPECT_EQ(v->mismatches[0].type, "signal.raised");
  EXPECT_EQ(v->mismatches[0].field, "reading/cause");

  // The signal taken out of the record: the crisis raised none.
  std::string out = record::export_header_line();
  Digest head = record::kGenesisHash;
  ASSERT_TRUE(
      record::for_each_export_event(*text_,
                                    [&](uint64_t, std::string_view bytes, const Digest&) -> Status {
                                      if (bytes.ends_with("\"type\":\"signal.raised\"}")) return {};
                                      head = record::chain_next(head, bytes);
                                      out += record::export_event_line(bytes, head);
                                      return {};
                                    })
          .ok());
  // Seqs must run without a gap for the chain to verify: renumber.
  std::string renumbered = record::export_header_line();
  head = record::kGenesisHash;
  uint64_t n = 0;
  ASSERT_TRUE(
      record::for_each_export_event(out,
                                    [&](uint64_t, std::string_view bytes, const Digest&) -> Status {
                                      record::Event e = TRY(record::decode_event(bytes));
                                      e.seq = ++n;
                                      const std::string written = TRY(record::encode_event(e));
                                      head = record::chain_next(head, written);
                                      renumbered += record::export_event_line(written, head);
                                      return {};
                                    })
          .ok());
  v = verify_execution(renumbered);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  ASSERT_FALSE(v->agrees());
  EXPECT_EQ(v->mismatches[0].field, "signal");
  EXPECT_EQ(v->mismatches[0].recorded, "none");
  EXPECT_EQ(v->mismatches[0].recomputed, "signal.raised (inputs/steel crisis over)");
}

TEST_F(ExecutionVerifyTest, AnExportChangedWithoutChainingAgainIsRefused) {
  std::string text = *text_;
  const uint64_t seq = confirmed_seq(text, "w1", 5);
  const size_t at = text.find(fmt::format(",\"seq\":{},", seq));
  ASSERT_NE(at, std::string::npos);
  const size_t line = text.rfind('\n', at) + 1;
  const size_t level = text.find("\"level\":\"", line) + std::string_view("\"level\":\"").size();
  text[level] = text[level] == '9' ? '8' : '9';
  auto v = verify_execution(text);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), Code::kCorrupt);
  EXPECT_EQ(v.status().where(), fmt::format("event {}", seq)) << v.status().to_string();
}

// The `collegium` program: exit 0 and a summary for the record as published, exit 1 naming
// the event for a forged one.
int run(const std::string& args, std::string* out) {
  std::string command = fmt::format("{} {} 2>&1", COLLEGIUM_BIN, args);
  std::FILE* p = popen(command.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(ExecutionVerifyTest, TheCommandLineChecksTheExport) {
  const fs::path good = file("good.jsonl", *text_);
  std::string out;
  ASSERT_EQ(run(fmt::format("execution verify {}", good.string()), &out), 0) << out;
  EXPECT_NE(out.find("Readings checked: 16 (1 of a period classified again)"), std::string::npos)
      << out;
  EXPECT_NE(out.find("Signals: 3 raised, 0 worsened"), std::string::npos) << out;
  EXPECT_NE(out.find("recomputes bit for bit"), std::string::npos) << out;

  out.clear();
  ASSERT_EQ(
      run(fmt::format("execution verify {} --workplace w2 --format json", good.string()), &out), 0)
      << out;
  auto j = parse_json(out);
  ASSERT_TRUE(j.ok()) << out;
  EXPECT_EQ((*j)["readings"], 5);
  EXPECT_EQ((*j)["indicator_readings"], 9);
  EXPECT_EQ((*j)["agrees"], true);

  // A workplace the record never names is an error, not a check of nothing.
  out.clear();
  EXPECT_NE(run(fmt::format("execution verify {} --workplace w9", good.string()), &out), 0) << out;
  auto none = verify_execution(*text_, {.workplace = "w9"});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), Code::kNotFound);
  EXPECT_EQ(none.status().where(), "--workplace");

  const uint64_t seq = confirmed_seq(*text_, "w1", 5);
  const fs::path bad = file("bad.jsonl", forge(*text_, [&](record::Event& e) {
                              if (e.seq != seq) return false;
                              e.payload["reading"]["level"] = "0.75";
                              return true;
                            }));
  out.clear();
  EXPECT_EQ(run(fmt::format("execution verify {}", bad.string()), &out), 1) << out;
  EXPECT_NE(out.find(fmt::format("seq {} (report.confirmed", seq)), std::string::npos) << out;
  EXPECT_NE(out.find("reading/level: recorded 0.75"), std::string::npos) << out;
}

}  // namespace
}  // namespace collegium::federation
