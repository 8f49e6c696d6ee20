// The data directory beside a running server: backups that hold no open ballot box
// (invariant 3), and a second process that writes to the same database (`collegium
// account password`, which the README documents while the server runs).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "base/util.h"
#include "server/server.h"
#include "server/test_client.h"
#include "server/test_server.h"

namespace collegium::server {
namespace {

namespace fs = std::filesystem;
using test::Caller;

constexpr const char* kPassword = test::kTestPassword;

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? st.st_mode & 0777 : 01000;  // 01000: missing
}

class DataDirTest : public ::testing::Test {
 protected:
  void set_time(std::string t) { running_.set_time(std::move(t)); }
  std::pair<int, Json> call(const std::string& method, const std::string& path,
                            const Caller& c = {}, const std::string& body = "") {
    return test::call(port_, method, path, c, body);
  }
  Status as(const federation::Command& c, const std::string& actor) {
    std::lock_guard lock(server_->db_mutex());
    return server_->federation().execute(c, actor);
  }

  // Opens voting in the first workplace committee's founding election, with four
  // candidates; returns the poll and its electors.
  std::string open_voting(std::vector<std::string>& electors) {
    EXPECT_TRUE(server_->tick().ok());  // calls the founding elections
    std::string body, poll;
    electors = running_.first_committee_electorate(&body);
    {
      std::lock_guard lock(server_->db_mutex());
      poll = server_->federation().registry().open_election(body)->id;
    }
    for (int i = 0; i < 4; ++i) {
      Status s = as(federation::Nominate{poll, electors[i], ""}, electors[i]);
      EXPECT_TRUE(s.ok()) << s.to_string();
    }
    set_time("2027-01-09T00:00:00.000Z");
    EXPECT_TRUE(server_->tick().ok());
    return poll;
  }

  test::TestServer running_{{.name = "datadir",
                             .demo = {.workplaces = 3, .members = 60, .seed = 7},
                             .manual_clock = true}};
  Server* const server_ = &running_.server();
  const int port_ = running_.port();
  const fs::path dir_ = running_.dir();
};

// Invariant 3: a backup taken while a vote is open holds none of its ballots. Were the
// box's rows in it, their place in their pages would follow the order of casting, which
// the record's ballot.cast events name voter by voter.
TEST_F(DataDirTest, ABackupHoldsNoOpenBallotBox) {
  std::vector<std::string> electors;
  std::string poll = open_voting(electors);
  ASSERT_GE(electors.size(), 8u);
  std::vector<std::string> order(electors.begin(), electors.begin() + 4);
  std::vector<std::string> cast;
  for (int i = 0; i < 8; ++i) {
    Status s = as(federation::CastBallot{poll, order}, electors[i]);
    ASSERT_TRUE(s.ok()) << s.to_string();
    cast.push_back(Json(order).dump());
    std::next_permutation(order.begin(), order.end());
  }
  Caller op = test::login(port_, std::string(kOperatorId), kPassword);
  auto [status, reply] = call("POST", "/api/operator/backup", op);
  ASSERT_EQ(status, 200) << reply.dump();
  fs::path file = reply["file"].get<std::string>();
  std::string bytes = *read_file(file);
  EXPECT_NE(bytes.find("ballot.cast"), std::string::npos) << "the backup holds the record";
  for (const auto& r : cast) {
    EXPECT_EQ(bytes.find(r), std::string::npos) << "a sealed ballot is in the backup: " << r;
  }
  // The reply (and the record) say which poll's box was left out, and how many ballots.
  EXPECT_EQ(reply["omitted_boxes"], Json::parse(R"([{"ballots":8,"poll":")" + poll + R"("}])"))
      << reply.dump();
  // Nothing else lies beside it: no journal, no log, no half-written copy.
  for (const auto& e : fs::directory_iterator(file.parent_path())) {
    EXPECT_EQ(e.path(), file) << "a stray file beside the backup";
  }
  EXPECT_EQ(mode_of(file.parent_path()), 0700u);
  EXPECT_EQ(mode_of(file), 0600u);
  // The live box is untouched: the vote goes on.
  std::lock_guard lock(server_->db_mutex());
  EXPECT_EQ(server_->federation().registry().sealed_ballots(poll).size(), 8u);
}

// `collegium account password` is another process with its own store that appends an
// event. The server then goes on writing, its clock goes on closing, its health shows the
// true head, and the record is one chain.
TEST_F(DataDirTest, ASecondWriterBesideTheServerJamsNothing) {
  std::vector<std::string> electors;
  std::string poll = open_voting(electors);
  {
    // What `account password` does, in a store of its own.
    ServerOptions o;
    o.data_dir = dir_;
    o.hash_cost = HashCost::kFast;
    auto other = Server::open(o);
    ASSERT_TRUE(other.ok()) << other.status().to_string();
    ASSERT_TRUE((*other)->accounts().set_password(electors[0], kPassword).ok());
    Status s = (*other)->federation().note("account.password_set", kOperatorId,
                                           Json{{"subject", electors[0]}});
    ASSERT_TRUE(s.ok()) << s.to_string();
  }
  // The clock notices the other process's event at its next step.
  ASSERT_TRUE(server_->tick().ok());
  auto [hs, health] = call("GET", "/api/health");
  ASSERT_EQ(hs, 200);
  uint64_t db_head = 0;
  {
    auto db = *store::Sqlite::open((dir_ / "collegium.db").string(), false);
    auto q = *db.prepare("SELECT MAX(seq) FROM events");
    ASSERT_TRUE(*q.step());
    db_head = static_cast<uint64_t>(q.column_int(0));
  }
  EXPECT_EQ(health["record"]["seq"], db_head) << "the health route shows a stale head";

  // Writes through the API.
  Caller voter = test::login(port_, electors[0], kPassword);
  ASSERT_FALSE(voter.cookie.empty()) << "the password set by the other process works";
  std::vector<std::string> ranking(electors.begin(), electors.begin() + 4);
  auto [cs, cb] = call("POST", "/api/commands", voter,
                       Json{{"cast_ballot", {{"poll", poll}, {"ranking", ranking}}}}.dump());
  EXPECT_EQ(cs, 200) << cb.dump();
  EXPECT_EQ(cb.dump().find("constraint"), std::string::npos) << cb.dump();
  // The clock closes the poll when its time comes.
  set_time("2027-02-01T00:00:00.000Z");
  ASSERT_TRUE(server_->tick().ok());
  auto [ps, p] = call("GET", "/api/polls/" + poll);
  EXPECT_EQ(p["state"], "closed") << p.dump();
  // And the record still verifies, head included.
  std::lock_guard lock(server_->db_mutex());
  auto& store = server_->federation().store();
  auto v = store.verify({});
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  EXPECT_EQ(v->head, store.head_hash());
  EXPECT_EQ(v->events, store.head_seq());
}

}  // namespace
}  // namespace collegium::server
