#include "store/store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>

#include "base/util.h"
#include "store/fault_vfs.h"
#include "store/test_projector.h"

namespace collegium::store {
namespace {

namespace fs = std::filesystem;
using testing::count_rows;
using testing::KeyValueProjector;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("collegium-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> open(StoreOptions o = {}) {
    o.projector = &projector_;
    auto s = Store::open(dir_, o);
    EXPECT_TRUE(s.ok()) << s.status().to_string();
    return s.ok() ? std::move(*s) : nullptr;
  }

  static Status put(Store& s, int from, int n) {
    return s.transact([&](Transaction& t) -> Status {
      for (int i = from; i < from + n; ++i) {
        TRY(t.append("test.put", "tester", Json{{"key", "k" + std::to_string(i)}, {"value", i}}));
      }
      return {};
    });
  }

  fs::path dir_;
  KeyValueProjector projector_;
};

TEST_F(StoreTest, AppendsPersistAcrossReopenAndVerify) {
  PublicKey key;
  {
    auto s = open();
    ASSERT_TRUE(put(*s, 0, 5).ok());
    ASSERT_TRUE(put(*s, 5, 1).ok());
    ASSERT_TRUE(s->checkpoint().ok());
    key = s->public_key();
  }
  auto s = open();
  EXPECT_EQ(s->head_seq(), 6u);
  EXPECT_EQ(s->public_key(), key);
  EXPECT_EQ(*count_rows(s->db(), "kv"), 6);
  record::VerifyOptions opts;
  opts.trusted_keys = {key};
  auto report = s->verify(opts);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->events, 6u);
  EXPECT_EQ(report->last_checkpoint_seq, 6u);
  EXPECT_EQ(report->head, s->head_hash());
}

TEST_F(StoreTest, AFailedCommandLeavesNothing) {
  auto s = open();
  ASSERT_TRUE(put(*s, 0, 2).ok());
  Status st = s->transact([&](Transaction& t) -> Status {
    TRY(t.append("test.put", "tester", Json{{"key", "x"}, {"value", 1}}));
    return invalid_argument("the rules say no");
  });
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(s->head_seq(), 2u);
  EXPECT_EQ(*count_rows(s->db(), "kv"), 2);
  ASSERT_TRUE(put(*s, 2, 1).ok());  // the chain continues from the last committed event
  EXPECT_TRUE(s->verify({}).ok());
}

TEST_F(StoreTest, ExportVerifiesOfflineAndMatchesTheHead) {
  auto s = open(StoreOptions{.checkpoint_every = 4});
  ASSERT_TRUE(put(*s, 0, 10).ok());
  ASSERT_TRUE(put(*s, 10, 3).ok());
  ASSERT_TRUE(s->checkpoint().ok());
  fs::path file = dir_ / "record.jsonl";
  std::FILE* f = std::fopen(file.c_str(), "w");
  ASSERT_TRUE(s->export_record(f).ok());
  std::fclose(f);
  auto text = *read_file(file);
  record::VerifyOptions opts;
  opts.expected_head = s->head_hash();
  auto report = record::verify_export(text, opts);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->events, 13u);
  EXPECT_EQ(report->checkpoints, 2u);  // after the first command (10 >= 4) and at the end
}

TEST_F(StoreTest, TamperingInTheDatabaseIsNamed) {
  auto tamper_and_verify = [&](const std::string& sql) {
    fs::remove_all(dir_);
    {
      auto s = open();
      EXPECT_TRUE(put(*s, 0, 10).ok());
      EXPECT_TRUE(s->checkpoint().ok());
    }
    {
      auto db = *Sqlite::open((dir_ / "collegium.db").string(), false);
      EXPECT_TRUE(db.exec(sql).ok());
    }
    auto s = open();
    auto r = s->verify({});
    EXPECT_FALSE(r.ok());
    return r.status();
  };
  EXPECT_EQ(tamper_and_verify("UPDATE events SET body = replace(body, '\"value\":3', "
                              "'\"value\":4') WHERE seq = 4")
                .where(),
            "event 4");
  EXPECT_EQ(tamper_and_verify("DELETE FROM events WHERE seq = 7").where(), "event 7");
  EXPECT_EQ(tamper_and_verify("UPDATE events SET seq = seq + 100 WHERE seq = 3").where(),
            "event 3");
  EXPECT_EQ(tamper_and_verify("UPDATE checkpoints SET head = zeroblob(32)").where(),
            "checkpoint 10");
}

TEST_F(StoreTest, AForeignKeyFileIsRefused) {
  { open(); }
  auto other = generate_keypair();
  ASSERT_TRUE(write_file_durably(dir_ / "server.key", to_hex(other.secret_key), 0600).ok());
  auto s = Store::open(dir_, StoreOptions{.projector = &projector_});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kCorrupt);
}

TEST_F(StoreTest, RebuildGivesTheSameProjection) {
  auto s = open();
  ASSERT_TRUE(put(*s, 0, 50).ok());
  ASSERT_TRUE(put(*s, 10, 5).ok());  // overwrites, so order matters
  auto dump = [&] {
    std::string out;
    auto q = *s->db().prepare("SELECT key, value FROM kv ORDER BY key");
    while (*q.step())
      out += std::string(q.column_text(0)) + "=" + std::to_string(q.column_int(1)) + ";";
    return out;
  };
  std::string before = dump();
  ASSERT_TRUE(s->db().exec("UPDATE kv SET value = -1").ok());  // damage the projection
  ASSERT_TRUE(s->rebuild().ok());
  EXPECT_EQ(dump(), before);
}

TEST_F(StoreTest, KeyRotationHandsTrustFromTheFirstKeyOn) {
  auto s = open();
  PublicKey first = s->public_key();
  ASSERT_TRUE(put(*s, 0, 3).ok());
  ASSERT_TRUE(s->rotate_key("operator").ok());
  PublicKey second = s->public_key();
  EXPECT_NE(first, second);
  EXPECT_EQ(s->genesis_key(), first);
  ASSERT_TRUE(put(*s, 3, 3).ok());
  ASSERT_TRUE(s->checkpoint().ok());
  record::VerifyOptions from_first;
  from_first.trusted_keys = {first};
  auto ok = s->verify(from_first);
  ASSERT_TRUE(ok.ok()) << ok.status().to_string();
  EXPECT_EQ(ok->keys.size(), 2u);
  record::VerifyOptions only_second;
  only_second.trusted_keys = {second};
  EXPECT_FALSE(s->verify(only_second).ok()) << "the first checkpoint is signed by the first key";

  // The export verifies offline from the first key too.
  fs::path file = dir_ / "record.jsonl";
  std::FILE* f = std::fopen(file.c_str(), "w");
  ASSERT_TRUE(s->export_record(f).ok());
  std::fclose(f);
  EXPECT_TRUE(record::verify_export(*read_file(file), from_first).ok());

  // Reopening keeps the new key.
  s.reset();
  EXPECT_EQ(open()->public_key(), second);
}

TEST_F(StoreTest, AnInterruptedRotationIsCompletedOrUndone) {
  PublicKey first, second;
  std::string first_file;
  {
    auto s = open();
    first = s->public_key();
    first_file = *read_file(dir_ / "server.key");
    ASSERT_TRUE(s->rotate_key("operator").ok());
    second = s->public_key();
  }
  // Committed but the key file not yet moved: open() finishes the move.
  fs::rename(dir_ / "server.key", dir_ / "server.key.next");
  ASSERT_TRUE(write_file_durably(dir_ / "server.key", first_file, 0600).ok());
  EXPECT_EQ(open()->public_key(), second);
  EXPECT_FALSE(fs::exists(dir_ / "server.key.next"));
  // Written aside but never committed: open() throws the stray key away.
  auto stray = generate_keypair();
  ASSERT_TRUE(write_file_durably(dir_ / "server.key.next", to_hex(stray.secret_key), 0600).ok());
  EXPECT_EQ(open()->public_key(), second);
  EXPECT_FALSE(fs::exists(dir_ / "server.key.next"));
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? st.st_mode & 0777 : 01000;  // 01000: missing
}

// The record, the sealed box (while a vote is open) and the signing key are in these
// files: no other local user may read them, on a new directory and on one made before.
TEST_F(StoreTest, TheDataIsReadableByItsOwnerAlone) {
  auto check = [&](const char* when) {
    EXPECT_EQ(mode_of(dir_), 0700u) << when;
    for (const char* f : {"collegium.db", "collegium.db-wal", "collegium.db-shm", "server.key"}) {
      EXPECT_EQ(mode_of(dir_ / f), 0600u) << f << ", " << when;
    }
  };
  {
    auto s = open();
    ASSERT_TRUE(put(*s, 0, 2).ok());
    check("created");
  }
  // A directory from an earlier version: a world-readable folder and files, the log and
  // shared memory among them (an earlier store keeps them open).
  auto earlier = open();
  ASSERT_TRUE(put(*earlier, 2, 1).ok());
  fs::permissions(dir_, fs::perms(0755));
  for (const auto& e : fs::directory_iterator(dir_)) fs::permissions(e.path(), fs::perms(0644));
  auto s = open();
  ASSERT_TRUE(put(*s, 3, 1).ok());
  check("reopened");
}

// A second process that writes (`collegium account password` beside a running server):
// each store reads the head inside its write transaction, so neither reuses a seq the
// other took, and the chain stays one chain.
TEST_F(StoreTest, TwoWritersShareOneChain) {
  auto first = open();
  ASSERT_TRUE(put(*first, 0, 2).ok());
  KeyValueProjector other_projector;
  auto second = Store::open(dir_, StoreOptions{.projector = &other_projector});
  ASSERT_TRUE(second.ok()) << second.status().to_string();
  ASSERT_TRUE(put(**second, 2, 1).ok());
  Status s = put(*first, 3, 2);
  ASSERT_TRUE(s.ok()) << s.to_string();
  EXPECT_EQ(first->head_seq(), 5u);
  ASSERT_TRUE(put(**second, 5, 1).ok());
  ASSERT_TRUE(first->checkpoint().ok());
  EXPECT_EQ(first->head_seq(), 6u);
  EXPECT_EQ(first->head_hash(), (*second)->head_hash());
  EXPECT_EQ(*count_rows(first->db(), "kv"), 6);
  auto v = first->verify({});
  EXPECT_TRUE(v.ok()) << v.status().to_string();
}

// SQLite's own words name tables and columns; they are for the log, never for a reply. A
// broken constraint of our schema is our fault (internal), not a duplicate the user sent.
TEST_F(StoreTest, AConstraintOfTheSchemaIsAnInternalError) {
  auto s = open();
  ASSERT_TRUE(put(*s, 0, 1).ok());
  Status st = s->db().exec("INSERT INTO events(seq, body, hash) VALUES(1, 'x', x'00')");
  EXPECT_EQ(st.code(), Code::kInternal) << st.to_string();
}

// Fault injection through the storage seam: whatever write or sync fails, the store
// afterwards holds either all of the command or none of it, and still verifies.
TEST_F(StoreTest, DiskFaultsNeverLeaveHalfACommand) {
  register_fault_vfs();
  {
    auto s = open();
    ASSERT_TRUE(put(*s, 0, 3).ok());
  }
  int64_t full_run_ops = 0;
  int committed = 3;
  for (int64_t n = 0;; ++n) {
    Status st;
    {
      auto s = Store::open(
          dir_,
          StoreOptions{.vfs = kFaultVfsName, .projector = &projector_, .checkpoint_every = 2});
      ASSERT_TRUE(s.ok()) << s.status().to_string();
      fault_vfs_fail_after(n);
      st = put(**s, committed, 3);
      full_run_ops = fault_vfs_operations();
      fault_vfs_fail_after(-1);
    }
    auto s = open();
    int64_t events = static_cast<int64_t>(s->head_seq());
    if (st.ok()) {
      EXPECT_EQ(events, committed + 3) << "acknowledged events lost at fault " << n;
    }
    EXPECT_TRUE(events == committed || events == committed + 3) << "half a command at " << n;
    EXPECT_EQ(*count_rows(s->db(), "kv"), events);
    auto v = s->verify({});
    EXPECT_TRUE(v.ok()) << "fault " << n << ": " << v.status().to_string();
    committed = static_cast<int>(events);
    if (st.ok() && n > full_run_ops) {  // every operation of a command has failed once
      EXPECT_GT(n, 5) << "too few faults were tried";
      break;
    }
    ASSERT_LT(n, 200) << "the fault sweep does not end";
  }
}

}  // namespace
}  // namespace collegium::store
