#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "record/chain.h"
#include "record/event.h"
#include "record/verify.h"

namespace collegium::record {
namespace {

// A record of `n` events with checkpoints every `every` events and at the end.
std::string make_export(int n, int every, const KeyPair& key) {
  std::string out = export_header_line();
  Digest head = kGenesisHash;
  for (int i = 1; i <= n; ++i) {
    Event e{static_cast<uint64_t>(i), "2026-11-25T20:00:00.000Z", "member.admitted", "operator",
            Json{{"id", "m" + std::to_string(i)}, {"name", "Member é"}}};
    std::string bytes = *encode_event(e);
    head = chain_next(head, bytes);
    out += export_event_line(bytes, head);
    if (i % every == 0 || i == n) out += export_checkpoint_line(make_checkpoint(i, head, key));
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find('\n', pos);
    lines.push_back(s.substr(pos, end - pos + 1));
    pos = end + 1;
  }
  return lines;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (auto& l : lines) out += l;
  return out;
}

class RecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    init_crypto();
    key_ = generate_keypair();
  }
  KeyPair key_;
};

TEST_F(RecordTest, EventsRoundTripThroughTheirCanonicalBytes) {
  Event e{7, "2026-11-25T20:00:00.123Z", "body.declared", "m1", Json{{"seats", 5}}};
  auto bytes = *encode_event(e);
  EXPECT_EQ(
      bytes,
      R"({"actor":"m1","payload":{"seats":5},"seq":7,"time":"2026-11-25T20:00:00.123Z","type":"body.declared"})");
  auto back = *decode_event(bytes);
  EXPECT_EQ(back.seq, 7u);
  EXPECT_EQ(back.payload["seats"], 5);
  EXPECT_FALSE(encode_event(Event{0, e.time, e.type, e.actor, {}}).ok());
  EXPECT_FALSE(encode_event(Event{1, "yesterday", e.type, e.actor, {}}).ok());
  EXPECT_FALSE(encode_event(Event{1, e.time, "Bad Type", e.actor, {}}).ok());
}

TEST_F(RecordTest, AnUntouchedRecordVerifies) {
  auto text = make_export(250, 100, key_);
  VerifyOptions opts;
  opts.trusted_keys = {key_.public_key};
  auto report = verify_export(text, opts);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->events, 250u);
  EXPECT_EQ(report->checkpoints, 3u);
  EXPECT_EQ(report->last_checkpoint_seq, 250u);
  ASSERT_EQ(report->keys.size(), 1u);
}

TEST_F(RecordTest, AChangedEventIsNamed) {
  auto lines = split_lines(make_export(20, 10, key_));
  auto& line = lines[7];  // event 7 (line 1 is the header, 11 a checkpoint)
  line.replace(line.find("m7"), 2, "m9");
  auto r = verify_export(join(lines));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kCorrupt);
  EXPECT_EQ(r.status().where(), "event 7");
}

TEST_F(RecordTest, ADeletedEventIsNamed) {
  auto lines = split_lines(make_export(20, 10, key_));
  lines.erase(lines.begin() + 5);  // event 5
  auto r = verify_export(join(lines));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().where(), "event 5");
  EXPECT_NE(r.status().message().find("missing"), std::string::npos);
}

TEST_F(RecordTest, ReorderedEventsAreNamed) {
  auto lines = split_lines(make_export(20, 10, key_));
  std::swap(lines[3], lines[4]);  // events 3 and 4
  auto r = verify_export(join(lines));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().where(), "event 3");
}

TEST_F(RecordTest, ARewrittenChainIsCaughtByTheNextCheckpoint) {
  // Rewrite event 13 and recompute every later hash: only the signature can catch it.
  std::string out = export_header_line();
  Digest head = kGenesisHash, honest = kGenesisHash;
  for (int i = 1; i <= 30; ++i) {
    Event e{static_cast<uint64_t>(i), "2026-11-25T20:00:00.000Z", "member.admitted", "operator",
            Json{{"id", "m" + std::to_string(i)}}};
    std::string bytes = *encode_event(e);
    honest = chain_next(honest, bytes);
    if (i == 13) {
      e.payload["id"] = "forged";
      bytes = *encode_event(e);
    }
    head = chain_next(head, bytes);
    out += export_event_line(bytes, head);
    // The attacker cannot sign, so the checkpoints keep the server's honest signatures.
    if (i % 10 == 0) out += export_checkpoint_line(make_checkpoint(i, honest, key_));
  }
  auto r = verify_export(out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().where(), "checkpoint 20");
  EXPECT_NE(r.status().message().find("after checkpoint 10"), std::string::npos);
}

TEST_F(RecordTest, AForgedKeyRotationDoesNotMakeItsKeyTrusted) {
  KeyPair attacker = generate_keypair();
  std::string out = export_header_line();
  Digest head = kGenesisHash;
  auto add = [&](uint64_t seq, std::string type, Json payload) {
    std::string bytes = *encode_event(
        Event{seq, "2026-11-25T20:00:00.000Z", std::move(type), "x", std::move(payload)});
    head = chain_next(head, bytes);
    out += export_event_line(bytes, head);
  };
  add(1, "member.admitted", Json{{"id", "m1"}});
  out += export_checkpoint_line(make_checkpoint(1, head, key_));
  add(2, "server.key_rotated",
      Json{{"old_key", to_hex(key_.public_key)}, {"new_key", to_hex(attacker.public_key)}});
  out += export_checkpoint_line(make_checkpoint(2, head, attacker));  // not by the trusted key
  VerifyOptions opts;
  opts.trusted_keys = {key_.public_key};
  auto r = verify_export(out, opts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().where(), "checkpoint 2");
}

TEST_F(RecordTest, UntrustedKeysAndBadSignaturesFail) {
  auto text = make_export(5, 5, key_);
  VerifyOptions opts;
  opts.trusted_keys = {generate_keypair().public_key};
  EXPECT_EQ(verify_export(text, opts).status().where(), "checkpoint 5");
  auto lines = split_lines(text);
  auto& cp = lines.back();
  size_t sig = cp.find("\"signature\":\"") + 13;
  cp[sig] = cp[sig] == '0' ? '1' : '0';
  EXPECT_EQ(verify_export(join(lines)).status().where(), "checkpoint 5");
}

TEST_F(RecordTest, TruncationIsCaughtAgainstAPublishedHead) {
  auto full = make_export(10, 5, key_);
  auto head = verify_export(full)->head;
  auto lines = split_lines(full);
  lines.resize(7);  // header, events 1-5, checkpoint 5
  VerifyOptions opts;
  opts.expected_head = head;
  EXPECT_TRUE(verify_export(join(lines)).ok());         // consistent on its own...
  EXPECT_FALSE(verify_export(join(lines), opts).ok());  // ...but not the published record
  auto cut = full.substr(0, full.size() - 3);
  EXPECT_FALSE(verify_export(cut).ok());
}

TEST_F(RecordTest, TheEnvelopeCheckIsExact) {
  Event e{12, "2026-11-25T20:00:00.123Z", "member.admitted", "m\"1",
          Json{{"nested", {{"seq", 99}, {"time", "x"}}}, {"text", ",\"seq\":3,"}}};
  std::string good = *encode_event(e);
  EXPECT_TRUE(check_event_envelope(good, 12).ok()) << check_event_envelope(good, 12).to_string();
  EXPECT_TRUE(check_event_fields(good, 12).ok());
  EXPECT_NE(check_event_envelope(good, 13).message().find("out of order"), std::string::npos);
  auto mutated = [&](std::string_view from, std::string_view to) {
    std::string b = good;
    b.replace(b.rfind(from), from.size(), to);
    return check_event_envelope(b, 12);
  };
  EXPECT_FALSE(mutated("\"seq\":12", "\"seq\":012").ok());
  EXPECT_FALSE(mutated("member.admitted", "Member").ok());
  EXPECT_FALSE(mutated("20:00:00.123Z", "20:00:00").ok());
  EXPECT_FALSE(mutated("\"payload\"", "\"paylaod\"").ok());
  EXPECT_FALSE(mutated("\"x\"", "\"\xff\"").ok());  // not UTF-8
  EXPECT_FALSE(check_event_envelope(R"({"seq":12,"actor":"a"})", 12).ok());
}

TEST_F(RecordTest, DeepVerificationParsesEveryPayload) {
  auto text = make_export(50, 10, key_);
  VerifyOptions deep;
  deep.deep = true;
  EXPECT_TRUE(verify_export(text, deep).ok());
  // A payload that is not JSON but was hashed as it stands: only the deep check objects.
  std::string out = export_header_line();
  Digest head = kGenesisHash;
  std::string bytes =
      R"({"actor":"a","payload":{"a":},"seq":1,"time":"2026-11-25T20:00:00.000Z","type":"x"})";
  head = chain_next(head, bytes);
  out += export_event_line(bytes, head);
  EXPECT_TRUE(verify_export(out).ok());
  auto r = verify_export(out, deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().where(), "event 1");
}

// Invariant 2: any change of any single byte anywhere in an export is detected.
RC_GTEST_PROP(RecordProperty, EverySingleByteChangeIsDetected,
              (size_t position_seed, unsigned char replacement)) {
  init_crypto();
  static const KeyPair key = generate_keypair();
  static const std::string text = make_export(12, 4, key);
  size_t pos = position_seed % text.size();
  RC_PRE(static_cast<unsigned char>(text[pos]) != replacement);
  std::string tampered = text;
  tampered[pos] = static_cast<char>(replacement);
  RC_ASSERT(!verify_export(tampered).ok());
}

TEST_F(RecordTest, AnExportsEventsAreReadBackInOrderPastItsCheckpoints) {
  // What `plan reproduce` replays (issue #14, C4): each event's own bytes and stored hash.
  const std::string text = make_export(25, 10, key_);
  Digest head = kGenesisHash;
  uint64_t seen = 0;
  Status s = for_each_export_event(
      text, [&](uint64_t seq, std::string_view bytes, const Digest& hash) -> Status {
        EXPECT_EQ(seq, ++seen);
        auto e = decode_event(bytes);
        EXPECT_TRUE(e.ok() && e->seq == seq) << "event " << seq;
        head = chain_next(head, bytes);
        EXPECT_EQ(hash, head) << "event " << seq;
        return {};
      });
  EXPECT_TRUE(s.ok()) << s.to_string();
  EXPECT_EQ(seen, 25u);

  // The callback's refusal stops the reading and is returned as it is.
  seen = 0;
  s = for_each_export_event(text, [&](uint64_t seq, std::string_view, const Digest&) -> Status {
    ++seen;
    return seq == 3 ? invalid_argument("enough", "here") : Status();
  });
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(seen, 3u);

  // A line that is no event line is named by the event it stands for.
  std::vector<std::string> lines = split_lines(text);
  lines[2] = "{\"event\":{},\"hash\":\"xyz\"}\n";
  s = for_each_export_event(join(lines),
                            [](uint64_t, std::string_view, const Digest&) { return Status(); });
  EXPECT_EQ(s.code(), Code::kCorrupt);
  EXPECT_EQ(s.where(), "event 2");
}

}  // namespace
}  // namespace collegium::record
