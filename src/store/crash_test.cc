// Invariant 1 under SIGKILL: a writer is killed at random moments; every event it had
// acknowledged must be there afterwards, with its projection, and the record must verify.
// COLLEGIUM_CRASH_ITERATIONS sets the number of kills (default 200; the slow suite uses
// 1,000).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "store/store.h"
#include "store/test_projector.h"

namespace collegium::store {
namespace {

namespace fs = std::filesystem;

// The child: appends commands of 1-3 events forever, reporting each acknowledged seq.
[[noreturn]] void write_until_killed(const fs::path& dir, int report_fd, uint64_t seed) {
  testing::KeyValueProjector projector;
  auto s = Store::open(dir, StoreOptions{.projector = &projector, .checkpoint_every = 5});
  if (!s.ok()) _exit(3);
  std::mt19937_64 rng(seed);
  for (uint64_t i = 0;; ++i) {
    int n = 1 + static_cast<int>(rng() % 3);
    Status st = (*s)->transact([&](Transaction& t) -> Status {
      for (int k = 0; k < n; ++k) {
        TRY(t.append("test.put", "crash",
                     Json{{"key", "k" + std::to_string(rng() % 1000)}, {"value", int64_t(i)}}));
      }
      return {};
    });
    if (!st.ok()) _exit(4);
    uint64_t acked = (*s)->head_seq();
    if (::write(report_fd, &acked, sizeof acked) != sizeof acked) _exit(5);
  }
}

TEST(CrashTest, SigkillLosesNoAcknowledgedEvent) {
  int iterations = 200;
  if (const char* env = std::getenv("COLLEGIUM_CRASH_ITERATIONS")) iterations = std::atoi(env);
  fs::path dir = fs::temp_directory_path() / ("collegium-crash-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::mt19937_64 rng(20261125);
  uint64_t acked_total = 0;
  for (int it = 0; it < iterations; ++it) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      write_until_killed(dir, fds[1], rng());
    }
    ::close(fds[1]);
    uint64_t seq = 0, last = 0;
    // Most kills land while commands are being committed: wait for the first
    // acknowledgement, then kill at a random moment. Every tenth kill lands at a random
    // moment of opening the store instead.
    if (it % 10 != 9 && ::read(fds[0], &seq, sizeof seq) == sizeof seq) last = seq;
    ::usleep(static_cast<useconds_t>(rng() % 20000));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status))
        << "the writer stopped by itself, exit " << WEXITSTATUS(status);
    while (::read(fds[0], &seq, sizeof seq) == sizeof seq) last = seq;
    ::close(fds[0]);
    acked_total = std::max(acked_total, last);

    testing::KeyValueProjector projector;
    auto s = Store::open(dir, StoreOptions{.projector = &projector});
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    ASSERT_GE((*s)->head_seq(), acked_total) << "iteration " << it << ": acknowledged events lost";
    auto v = (*s)->verify({});
    ASSERT_TRUE(v.ok()) << "iteration " << it << ": " << v.status().to_string();
    auto applied = (*s)->db().prepare("SELECT COUNT(*) FROM kv");
    ASSERT_TRUE(applied.ok());
    acked_total = (*s)->head_seq();
  }
  EXPECT_GT(acked_total, static_cast<uint64_t>(iterations)) << "the writer barely wrote";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace collegium::store
