// Invariant 3, checked on the files themselves: nothing stored, no ordering, id or time
// links a ballot to its voter, and once the poll closes the ballots exist only in their
// published, shuffled form.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "base/util.h"
#include "count/methods.h"
#include "federation/federation.h"
#include "federation/recount_check.h"

namespace collegium::federation {
namespace {

namespace fs = std::filesystem;

class BallotSecrecy : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("collegium-secrecy-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    Federation::Options o;
    o.clock = [this] { return now_; };
    fed_ = std::move(*Federation::open(dir_, o));
  }
  void TearDown() override {
    fed_.reset();
    fs::remove_all(dir_);
  }

  void run(const Command& c, std::string_view actor = kOperator) {
    Status s = fed_->execute(c, actor);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  // A foundry's casting shop of `n` production members (ids `{id}00`, `{id}01`... and
  // names `{name} 0`...) and its three-seat committee, "cast"; returns the members.
  std::vector<std::string> casting_shop(int n, std::string_view id, std::string_view name) {
    run(CreateRegion{{"north", "North"}});
    run(CreateBranch{{"metal", "Metalworking"}});
    run(CreateWorkplace{{"w1", "Foundry", "north", "metal"}});
    run(CreateShop{{"w1.cast", "w1", "Casting"}});
    std::vector<std::string> members;
    for (int i = 0; i < n; ++i) {
      members.push_back(fmt::format("{}{:02}", id, i));
      run(AdmitMember{{members.back(), fmt::format("{} {}", name, i), Category::kProduction, "w1",
                       "w1.cast", "2020-01-01"}});
    }
    Body body;
    body.id = "cast";
    body.name = "Casting committee";
    body.kind = BodyKind::kShopCommittee;
    body.constituency = {Constituency::Kind::kShop, "w1.cast", {}};
    body.seats = 3;
    run(DeclareBody{body});
    return members;
  }

  // A shop of `n` members whose committee's election is open for voting, with the first
  // four members as candidates; returns the poll.
  std::string open_poll(int n, std::vector<std::string>& voters) {
    voters = casting_shop(n, "voter", "Voter");
    run(Advance{}, kClock);
    auto poll = fed_->registry().open_election("cast");
    EXPECT_TRUE(poll);
    if (!poll) return {};
    for (int i = 0; i < 4; ++i) run(Nominate{poll->id, voters[i], ""}, voters[i]);
    now_ = "2027-03-09T08:00:00.000Z";
    run(Advance{}, kClock);
    EXPECT_EQ(fed_->registry().poll(poll->id)->state, Poll::State::kVoting);
    return poll->id;
  }

  std::string raw_files() {
    std::string all;
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (e.path().filename().string().starts_with("collegium.db")) all += *read_file(e.path());
    }
    return all;
  }

  fs::path dir_;
  std::string now_ = "2027-03-01T08:00:00.000Z";
  std::unique_ptr<Federation> fed_;
};

TEST_F(BallotSecrecy, NothingLinksABallotToItsVoter) {
  constexpr int kVoters = 24;
  std::vector<std::string> voters;
  std::string poll_id = open_poll(kVoters, voters);
  auto poll = fed_->registry().poll(poll_id);
  ASSERT_TRUE(poll);

  // Every voter ranks the four candidates in a different order, so each ballot is
  // recognisable: the order of the 24 permutations is the order of voting.
  std::vector<std::vector<std::string>> cast;
  std::vector<std::string> order = {voters[0], voters[1], voters[2], voters[3]};
  for (int i = 0; i < kVoters; ++i) {
    cast.push_back(order);
    run(CastBallot{poll->id, order}, voters[i]);
    std::next_permutation(order.begin(), order.end());
  }

  // The box holds what was voted and nothing else: no voter, no time, no sequence.
  auto columns = *fed_->store().db().prepare("SELECT name FROM pragma_table_info('ballot_box')");
  std::vector<std::string> names;
  while (*columns.step()) names.emplace_back(columns.column_text(0));
  EXPECT_EQ(names, (std::vector<std::string>{"id", "poll", "weight", "ranking"}));
  // Nor a hidden rowid counting the ballots in: the table is clustered by the random id.
  EXPECT_FALSE(fed_->store().db().prepare("SELECT rowid FROM ballot_box").ok());
  // Its stored order (by random id) is not the order of voting.
  auto box = fed_->registry().sealed_ballots(poll->id);
  ASSERT_EQ(box.size(), cast.size());
  std::vector<std::vector<std::string>> stored;
  for (const auto& b : box) stored.push_back(b.ranking);
  EXPECT_NE(stored, cast);
  EXPECT_TRUE(std::is_permutation(stored.begin(), stored.end(), cast.begin()));
  // The public record knows who voted, never what.
  std::string record;
  ASSERT_TRUE(fed_->store()
                  .for_each_event(1,
                                  [&](uint64_t, std::string_view bytes, const Digest&) -> Status {
                                    record += bytes;
                                    return {};
                                  })
                  .ok());
  for (const auto& r : cast) {
    EXPECT_EQ(record.find(Json(r).dump()), std::string::npos) << "a ranking is in the record";
  }

  // The last ballot closes the poll at the next step of the clock.
  run(Advance{}, kClock);
  ASSERT_EQ(fed_->registry().poll(poll->id)->state, Poll::State::kClosed);
  EXPECT_TRUE(fed_->registry().sealed_ballots(poll->id).empty());
  // On disk, the box's rows are gone: not in the database, not in free pages, not in the
  // log. What remains is the published BLT, in canonical order, with no voter in it.
  std::string disk = raw_files();
  for (const auto& r : cast) {
    EXPECT_EQ(disk.find(Json(r).dump()), std::string::npos) << "a sealed ballot survives on disk";
  }
  auto blt = fed_->registry().published_ballots(poll->id);
  ASSERT_TRUE(blt);
  auto e = count::read_ballot_text(*blt, count::InputFormat::kBlt, "published");
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->total_weight(), kVoters);
  // The published ballots are sorted by their content, whatever the voting order.
  std::vector<std::vector<std::vector<int32_t>>> published;
  for (size_t b = 0; b < e->ballot_count(); ++b) published.push_back(count::ballot_ranks(*e, b));
  EXPECT_TRUE(std::is_sorted(published.begin(), published.end()));
  // Requirement D: anyone recounts the published ballots and finds the same result.
  auto q = *fed_->store().db().prepare("SELECT result FROM polls WHERE id = ?");
  q.bind(1, poll->id);
  ASSERT_TRUE(*q.step());
  Json result = *parse_json(q.column_text(0));
  count::CountOptions options;
  options.method = count::Method::kScottishStv;
  options.seats = 3;
  options.seed = std::stoull(result["seed"].get<std::string>());
  auto sheet = count::count_election(*e, options);
  ASSERT_TRUE(sheet.ok()) << sheet.status().to_string();
  std::vector<std::string> recounted;
  for (int32_t i : sheet->elected) recounted.push_back(e->candidates[i]);
  EXPECT_EQ(Json(recounted), result["sheet"]["elected"]);
  EXPECT_EQ(recount_check::expect_every_recount_matches(fed_->store()).counts, 1);
  EXPECT_TRUE(fed_->store().verify({}).ok());
}

// Every way a poll can close empties the box and scrubs the write-ahead log, not only one
// command at a time: the server's group commit (execute_each) and a batch (execute over a
// span, as a federation file runs) too.
class BallotBoxPaths : public BallotSecrecy,
                       public ::testing::WithParamInterface<std::string_view> {};

TEST_P(BallotBoxPaths, AClosedPollLeavesNoBallotInTheDatabaseOrItsLog) {
  std::vector<std::string> voters;
  std::string poll = open_poll(12, voters);
  std::vector<std::string> cast;
  std::vector<std::string> order = {voters[0], voters[1], voters[2], voters[3]};
  for (const auto& v : voters) {
    run(CastBallot{poll, order}, v);
    cast.push_back(Json(order).dump());
    std::next_permutation(order.begin(), order.end());
  }
  if (GetParam() == "execute_each") {
    std::vector<Federation::Submitted> work;
    work.push_back({ClosePoll{poll}, std::string(kClock), {}, 0, 0, {}});
    ASSERT_TRUE(fed_->execute_each(work).ok());
    ASSERT_TRUE(work[0].status.ok()) << work[0].status.to_string();
  } else {
    std::vector<LabelledCommand> batch = {{Advance{}, "batch/0"}};
    ASSERT_TRUE(fed_->execute(batch, kClock, {}).ok());
  }
  ASSERT_EQ(fed_->registry().poll(poll)->state, Poll::State::kClosed);
  EXPECT_TRUE(fed_->registry().sealed_ballots(poll).empty());
  std::string disk = raw_files();
  for (const auto& r : cast) {
    EXPECT_EQ(disk.find(r), std::string::npos) << "a sealed ballot survives on disk: " << r;
  }
}

INSTANTIATE_TEST_SUITE_P(Paths, BallotBoxPaths,
                         ::testing::Values(std::string_view("execute_each"),
                                           std::string_view("batch")),
                         [](const auto& p) { return std::string(p.param); });

// Delegates vote openly, as holders of a mandate (docs/governance.md, "Delegates vote
// openly"): their ballots are public with their names and weights, the box never holds
// them, and the count uses those weights. Members in their own shop still vote in secret.
TEST_F(BallotSecrecy, DelegatesVoteOpenlyAndMembersInSecret) {
  // 16 members and 3 seats: the delegates carry 6, 5 and 5.
  std::vector<std::string> members = casting_shop(16, "m", "Member");
  Body u;
  u.id = "union";
  u.name = "Metalworkers";
  u.kind = BodyKind::kUnion;
  u.constituency = {Constituency::Kind::kBodies, "", {"cast"}};
  u.seats = 3;
  run(DeclareBody{u});
  auto record = [&] {
    std::string all;
    EXPECT_TRUE(fed_->store()
                    .for_each_event(1,
                                    [&](uint64_t, std::string_view bytes, const Digest&) -> Status {
                                      all += bytes;
                                      all += '\n';
                                      return {};
                                    })
                    .ok());
    return all;
  };

  // The shop's election: secret.
  run(Advance{}, kClock);
  auto shop_poll = fed_->registry().open_election("cast");
  ASSERT_TRUE(shop_poll);
  for (int i = 0; i < 3; ++i) run(Nominate{shop_poll->id, members[i], ""}, members[i]);
  now_ = "2027-03-09T08:00:00.000Z";
  run(Advance{}, kClock);
  for (const auto& m : members) run(CastBallot{shop_poll->id, {members[1], members[0]}}, m);
  EXPECT_EQ(fed_->registry().sealed_ballots(shop_poll->id).size(), members.size());
  EXPECT_TRUE(fed_->registry().open_ballots(shop_poll->id).empty());
  EXPECT_EQ(record().find("ranking"), std::string::npos) << "a member's ballot is in the record";
  run(Advance{}, kClock);
  ASSERT_EQ(fed_->registry().poll(shop_poll->id)->state, Poll::State::kClosed);
  ASSERT_EQ(fed_->registry().body_mandates("cast").size(), 3u);
  {
    auto q = *fed_->store().db().prepare("SELECT result FROM polls WHERE id = ?");
    q.bind(1, shop_poll->id);
    ASSERT_TRUE(*q.step());
    Json result = *parse_json(q.column_text(0));
    EXPECT_FALSE(result.contains("open_ballots")) << result.dump();
  }
  // Identical rankings are merged: one published ballot of weight 16, no voter named.
  auto shop_blt = count::read_ballot_text(*fed_->registry().published_ballots(shop_poll->id),
                                          count::InputFormat::kBlt, "shop");
  ASSERT_TRUE(shop_blt.ok());
  EXPECT_EQ(shop_blt->weight, std::vector<int64_t>{16});

  // The union's election, by the three delegates: open.
  run(Advance{}, kClock);
  auto union_poll = fed_->registry().open_election("union");
  ASSERT_TRUE(union_poll);
  for (int i = 5; i < 9; ++i) run(Nominate{union_poll->id, members[i], ""}, members[i]);
  now_ = "2027-03-17T08:00:00.000Z";
  run(Advance{}, kClock);
  ASSERT_EQ(fed_->registry().poll(union_poll->id)->state, Poll::State::kVoting);
  std::map<std::string, int64_t> weights;
  std::map<std::string, std::vector<std::string>> rankings;
  for (const auto& holder : fed_->registry().body_mandates("cast")) {
    weights[holder.member] = *fed_->registry().elector_weight(u, holder.member);
    rankings[holder.member] = weights[holder.member] == 6
                                  ? std::vector<std::string>{members[5], members[8]}
                                  : std::vector<std::string>{members[6], members[7]};
    run(CastBallot{union_poll->id, rankings[holder.member]}, holder.member);
    // In the record at once, with the weight; the box holds nothing.
    EXPECT_NE(record().find(fmt::format(R"("member":"{}","poll":"{}","ranking":{})", holder.member,
                                        union_poll->id, Json(rankings[holder.member]).dump())),
              std::string::npos)
        << record();
    EXPECT_TRUE(fed_->registry().sealed_ballots(union_poll->id).empty());
  }
  std::vector<int64_t> sorted;
  for (const auto& [m, w] : weights) sorted.push_back(w);
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<int64_t>{5, 5, 6}));
  run(Advance{}, kClock);
  ASSERT_EQ(fed_->registry().poll(union_poll->id)->state, Poll::State::kClosed);
  auto q = *fed_->store().db().prepare("SELECT result FROM polls WHERE id = ?");
  q.bind(1, union_poll->id);
  ASSERT_TRUE(*q.step());
  Json result = *parse_json(q.column_text(0));
  // Published with each delegate's name and weight, in member order, as the BLT's ballots.
  ASSERT_EQ(result["open_ballots"].size(), 3u) << result.dump();
  auto blt = count::read_ballot_text(*fed_->registry().published_ballots(union_poll->id),
                                     count::InputFormat::kBlt, "union");
  ASSERT_TRUE(blt.ok());
  ASSERT_EQ(blt->ballot_count(), 3u);
  size_t k = 0;
  for (const auto& [member, weight] : weights) {
    const Json& b = result["open_ballots"][k];
    EXPECT_EQ(b["member"], member);
    EXPECT_EQ(b["name"], fed_->registry().member(member)->name);
    EXPECT_EQ(b["weight"], weight);
    EXPECT_EQ(b["ranking"], Json(rankings[member]));
    EXPECT_EQ(blt->weight[k], weight);
    ++k;
  }
  EXPECT_EQ(result["elected"].size(), 3u);
  EXPECT_EQ(recount_check::expect_every_recount_matches(fed_->store()).counts, 2);
  EXPECT_TRUE(fed_->store().verify({}).ok());
}

// A backup taken while a vote is open holds none of its ballots: even a random-ordered
// subset would give them away (a backup after the first ballot holds exactly that voter's),
// and within a page the rows lie in the order of casting, which the record names. Restored,
// such a backup cannot count the vote, so the clock says so in the record and voting
// starts again, open to everyone.
TEST_F(BallotSecrecy, ABackupHoldsNoOpenBoxAndItsRestoreVotesAgain) {
  std::vector<std::string> voters;
  std::string poll = open_poll(12, voters);
  std::vector<std::string> order = {voters[0], voters[1], voters[2], voters[3]};
  std::vector<std::string> cast;
  for (int i = 0; i < 12; ++i) {
    run(CastBallot{poll, order}, voters[i]);
    cast.push_back(Json(order).dump());
    std::next_permutation(order.begin(), order.end());
  }
  fs::path file = dir_ / "backups" / "open-vote.db";
  auto made = fed_->store().backup(file);
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  EXPECT_EQ(made->omitted, Json::parse(R"([{"ballots":12,"poll":")" + poll + R"("}])"));
  EXPECT_EQ(made->head_seq, fed_->store().head_seq());
  std::string bytes = *read_file(file);
  EXPECT_NE(bytes.find("ballot.cast"), std::string::npos) << "the backup holds the record";
  for (const auto& r : cast) {
    EXPECT_EQ(bytes.find(r), std::string::npos) << "a sealed ballot is in the backup: " << r;
  }
  EXPECT_EQ(fed_->registry().sealed_ballots(poll).size(), 12u) << "the live box is untouched";

  // Restore it as an operator would: the file and the key into a data directory.
  fs::path restored = dir_.string() + "-restored";
  fs::remove_all(restored);
  fs::create_directories(restored);
  fs::copy_file(file, restored / "collegium.db");
  fs::copy_file(dir_ / "server.key", restored / "server.key");
  Federation::Options o;
  o.clock = [this] { return now_; };
  now_ = "2027-03-10T08:00:00.000Z";
  auto back = Federation::open(restored, o);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  Federation& r = **back;
  EXPECT_FALSE(r.store().backup_marker()) << "the restore is taken over once";
  // The record says what happened, and why.
  std::vector<record::Event> after;
  ASSERT_TRUE(r.store()
                  .for_each_event(made->head_seq + 1,
                                  [&](uint64_t, std::string_view text, const Digest&) -> Status {
                                    after.push_back(*record::decode_event(text));
                                    return {};
                                  })
                  .ok());
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].type, "federation.restored");
  EXPECT_EQ(after[0].payload["head_seq"], made->head_seq);
  EXPECT_EQ(after[1].type, "poll.voting_restarted");
  EXPECT_EQ(after[1].actor, kClock);
  EXPECT_EQ(after[1].payload["poll"], poll);
  EXPECT_EQ(after[1].payload["ballots_lost"], 12);
  EXPECT_NE(after[1].payload["reason"].get<std::string>().find("backup"), std::string::npos);
  // Voting goes on for a whole period from the restart, and nobody has voted yet.
  auto p = r.registry().poll(poll);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state, Poll::State::kVoting);
  EXPECT_GE(p->voting_close, "2027-03-17T08:00:00.000Z");
  EXPECT_EQ(r.registry().voters(poll), 0);
  EXPECT_FALSE(r.registry().has_voted(poll, voters[0]));
  EXPECT_TRUE(r.registry().sealed_ballots(poll).empty());
  // Everyone votes again, once.
  ASSERT_TRUE(r.execute(CastBallot{poll, {voters[1], voters[0]}}, voters[0]).ok());
  ASSERT_TRUE(r.execute(CastBallot{poll, {voters[2], voters[3]}}, voters[5]).ok());
  EXPECT_EQ(r.execute(CastBallot{poll, {voters[2]}}, voters[0]).code(), Code::kAlreadyExists);
  // Replaying the record gives the same state, and keeps the new ballots.
  ASSERT_TRUE(r.store().rebuild().ok());
  EXPECT_EQ(r.registry().voters(poll), 2);
  EXPECT_TRUE(r.registry().has_voted(poll, voters[5]));
  EXPECT_EQ(r.registry().sealed_ballots(poll).size(), 2u);
  // Opening it again changes nothing more.
  uint64_t head = r.store().head_seq();
  back->reset();
  auto again = Federation::open(restored, o);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->store().head_seq(), head);
  // The restarted vote closes and counts the ballots cast since.
  now_ = "2027-04-01T08:00:00.000Z";
  ASSERT_TRUE((*again)->execute(Advance{}, kClock).ok());
  EXPECT_EQ((*again)->registry().poll(poll)->state, Poll::State::kClosed);
  auto blt = (*again)->registry().published_ballots(poll);
  ASSERT_TRUE(blt);
  auto e = count::read_ballot_text(*blt, count::InputFormat::kBlt, "published");
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->total_weight(), 2);
  EXPECT_TRUE((*again)->store().verify({}).ok());
  again->reset();
  fs::remove_all(restored);
}

}  // namespace
}  // namespace collegium::federation
