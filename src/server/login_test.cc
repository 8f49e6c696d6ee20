// Logging in against a real server on 127.0.0.1: failed logins are limited per account
// and per address (429 with Retry-After, and logins work again once the window ends),
// passwords are hashed without the database lock, and the session cookie's flags.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "server/server.h"
#include "server/test_client.h"
#include "server/test_server.h"

namespace collegium::server {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kPassword = test::kTestPassword;

// A server of its own, with the demo federation and three accounts, for one test.
class Running : public test::TestServer {
 public:
  Running(ServerOptions o, const std::string& name)
      : TestServer({.name = "login-" + name,
                    .demo = {.workplaces = 2, .members = 20, .seed = 3},
                    .options = std::move(o),
                    .accounts = {"operator", "m-0000001", "m-0000002"}}) {}

  test::RawReply login(const std::string& who, const std::string& password) const {
    std::string body = Json{{"member", who}, {"password", password}}.dump();
    return test::raw(port(),
                     fmt::format("POST /api/session HTTP/1.1\r\nContent-Type: application/json\r\n"
                                 "Content-Length: {}\r\n\r\n{}",
                                 body.size(), body));
  }
};

std::string code_of(const test::RawReply& r) {
  auto j = parse_json(r.body);
  return j.ok() ? j->value("code", "") : "";
}

// The throttle alone, on a clock the test turns.
TEST(Login, TheThrottleCountsFailuresInWindows) {
  LoginThrottle t({.per_account = 2, .per_address = 3, .window_seconds = 60});
  EXPECT_EQ(t.begin("m-1", "10.0.0.1", 100), 0);
  EXPECT_EQ(t.begin("m-1", "10.0.0.2", 101), 0);
  // Two failures for m-1, from anywhere: the third waits until the window that opened at
  // 100 ends at 160.
  EXPECT_EQ(t.begin("m-1", "10.0.0.3", 110.5), 50);
  EXPECT_EQ(t.begin("m-1", "10.0.0.3", 159.2), 1);
  EXPECT_EQ(t.begin("m-1", "10.0.0.3", 160), 0) << "a new window";
  // Address 10.0.0.3 failed once (at 160); two more, then it waits, for every account.
  EXPECT_EQ(t.begin("m-2", "10.0.0.3", 161), 0);
  EXPECT_EQ(t.begin("m-3", "10.0.0.3", 162), 0);
  EXPECT_EQ(t.begin("m-4", "10.0.0.3", 163), 57);
  // A success clears the account, and gives back the address's attempt.
  t.succeeded("m-3", "10.0.0.3");
  EXPECT_EQ(t.begin("m-4", "10.0.0.3", 164), 0);
  EXPECT_EQ(t.begin("m-3", "10.0.0.4", 165), 0);
  EXPECT_EQ(t.begin("m-3", "10.0.0.4", 166), 0);
  EXPECT_EQ(t.begin("m-3", "10.0.0.4", 167), 58);
  // Attempts in flight count: begun and neither failed nor succeeded yet.
  LoginThrottle u({.per_account = 2, .per_address = 100, .window_seconds = 10});
  EXPECT_EQ(u.begin("m-9", "a", 0), 0);
  EXPECT_EQ(u.begin("m-9", "b", 0), 0);
  EXPECT_EQ(u.begin("m-9", "c", 0), 10);
  // Names past their first 128 bytes are one name.
  std::string long_name(200, 'x');
  EXPECT_EQ(u.begin(long_name + "1", "d", 0), 0);
  EXPECT_EQ(u.begin(long_name + "2", "e", 0), 0);
  EXPECT_EQ(u.begin(long_name + "3", "f", 0), 10);
}

TEST(Login, FailedLoginsAreLimitedPerAccountAndPerAddress) {
  ServerOptions o = test::test_options();
  o.hash_cost = HashCost::kFast;
  o.login_limits = {.per_account = 3, .per_address = 8, .window_seconds = 2};
  Running s(o, "limit");
  auto start = Clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(s.login("m-0000001", "wrong password").status, 401);
  // The account's guesses are spent: even the right password waits.
  auto refused = s.login("m-0000001", kPassword);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(code_of(refused), "too_many_logins");
  int wait = std::atoi(refused.header("Retry-After").c_str());
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 2);
  // Another account is not held back by this one's failures...
  EXPECT_EQ(s.login("m-0000002", kPassword).status, 200);
  // ...but the address is, once it has failed 8 times, whichever accounts it tries.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(s.login(fmt::format("m-guess-{}", i), "wrong password").status, 401);
  auto from_address = s.login("m-0000002", kPassword);
  EXPECT_EQ(from_address.status, 429);
  EXPECT_EQ(code_of(from_address), "too_many_logins");
  EXPECT_FALSE(from_address.header("Retry-After").empty());
  ASSERT_LT(Clock::now() - start, std::chrono::seconds(2)) << "too slow for this test's window";
  // When the window has ended, the right password works again, and the count starts over.
  std::this_thread::sleep_until(start + std::chrono::milliseconds(2100));
  EXPECT_EQ(s.login("m-0000001", kPassword).status, 200);
  EXPECT_EQ(s.login("m-0000002", kPassword).status, 200);
  EXPECT_EQ(s.login("m-0000002", "wrong password").status, 401);
}

// Argon2id at its real cost runs beside reads, not in front of them: while logins hash,
// a read that needs the database lock is answered in far less time than one hash takes.
TEST(Login, ReadsAreNotBlockedWhileLoginsHash) {
  ServerOptions o = test::test_options();
  o.hash_cost = HashCost::kInteractive;
  Running s(o, "hash");
  auto t0 = Clock::now();
  ASSERT_EQ(s.login("operator", kPassword).status, 200);
  double one = std::chrono::duration<double>(Clock::now() - t0).count();

  constexpr int kLogins = 12;
  std::atomic<int> left{kLogins};
  std::vector<std::thread> logins;
  // Four for each account: attempts in flight count against an account's limit (5).
  for (int i = 0; i < kLogins; ++i) {
    logins.emplace_back([&, i] {
      EXPECT_EQ(s.login(i % 3 == 0   ? "operator"
                        : i % 3 == 1 ? "m-0000001"
                                     : "m-0000002",
                        kPassword)
                    .status,
                200);
      left--;
    });
  }
  std::vector<double> reads;
  while (left > 0) {
    auto r0 = Clock::now();
    EXPECT_EQ(test::call(s.port(), "GET", "/api/workplaces").first, 200);
    reads.push_back(std::chrono::duration<double>(Clock::now() - r0).count());
  }
  for (auto& t : logins) t.join();
  ASSERT_GE(reads.size(), 5u) << "one login took " << one << " s";
  std::sort(reads.begin(), reads.end());
  double median = reads[reads.size() / 2], p90 = reads[reads.size() * 9 / 10];
  std::string seen = fmt::format(
      "one login took {:.3f} s; {} reads, median {:.3f} s, 90th percentile {:.3f} s,"
      " slowest {:.3f} s",
      one, reads.size(), median, p90, reads.back());
  // Were the lock held while hashing, some read would wait for the hash in progress and
  // for those queued before it: several whole hashes. Beside them, a read waits for a core
  // at most.
  EXPECT_LT(median, one / 2) << seen;
  EXPECT_LT(reads.back(), 2.5 * one) << seen;
  std::cout << seen << "\n";
}

TEST(Login, TheSessionCookieIsSecureWhenAskedFor) {
  for (bool secure : {false, true}) {
    ServerOptions o = test::test_options();
    o.hash_cost = HashCost::kFast;
    o.secure_cookies = secure;
    Running s(o, secure ? "secure" : "plain");
    auto r = s.login("m-0000001", kPassword);
    ASSERT_EQ(r.status, 200);
    std::string cookie = r.header("Set-Cookie");
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
    EXPECT_EQ(cookie.find("; Secure") != std::string::npos, secure) << cookie;
    // Logging out clears the cookie with the same flags.
    auto j = parse_json(r.body);
    ASSERT_TRUE(j.ok());
    auto out = test::raw(
        s.port(), fmt::format("DELETE /api/session HTTP/1.1\r\nCookie: collegium_session={}\r\n"
                              "X-CSRF-Token: {}\r\n\r\n",
                              cookie.substr(cookie.find('=') + 1, 64),
                              j->at("csrf_token").get<std::string>()));
    ASSERT_EQ(out.status, 204);
    EXPECT_EQ(out.header("Set-Cookie").find("; Secure") != std::string::npos, secure)
        << out.header("Set-Cookie");
  }
}

}  // namespace
}  // namespace collegium::server
