// For tests: a real server on 127.0.0.1 (a free port, a fresh data directory) over a demo
// federation, serving on a thread of its own until the object goes, which also removes its
// data. Tests that move time themselves ask for a manual clock.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "federation/demo.h"
#include "federation/read_registry.h"
#include "server/server.h"

namespace collegium::server::test {

inline constexpr const char* kTestPassword = "correct horse battery";

// What most tests want: any free port, no access log, no rate limit, cheap hashing.
inline ServerOptions test_options() {
  ServerOptions o;
  o.port = 0;
  o.hash_cost = HashCost::kFast;
  o.requests_per_second = 0;
  o.quiet = true;
  return o;
}

struct TestServerSetup {
  std::string name;  // names the data directory (with the process id)
  federation::DemoOptions demo;
  ServerOptions options = test_options();
  // Accounts given kTestPassword before the server starts.
  std::vector<std::string> accounts = {std::string(kOperatorId)};
  // The clock stands at `set_time` and moves only when the test says; the server's own
  // clock thread does not run (the test calls tick()).
  bool manual_clock = false;
};

class TestServer {
 public:
  explicit TestServer(TestServerSetup setup) {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("collegium-{}-{}", setup.name, ::getpid());
    std::filesystem::remove_all(dir_);
    ServerOptions& o = setup.options;
    o.data_dir = dir_;
    if (setup.manual_clock) {
      o.tick_seconds = 0;
      o.clock = [this] {
        std::lock_guard lock(clock_mutex_);
        return now_;
      };
    }
    // A server that cannot start leaves nothing to test: stop here with the reason.
    auto opened = Server::open(o);
    if (!opened.ok()) fail("open", opened.status());
    server_ = std::move(*opened);
    if (Status s = federation::load_demo(server_->federation(), setup.demo); !s.ok()) {
      fail("load the demo", s);
    }
    for (const auto& who : setup.accounts) {
      if (Status s = server_->accounts().set_password(who, kTestPassword); !s.ok()) {
        fail("set a password", s);
      }
    }
    std::promise<int> ready;
    thread_ = std::thread([this, &ready] {
      Status st = server_->run([&ready](int p) { ready.set_value(p); });
      EXPECT_TRUE(st.ok()) << st.to_string();
    });
    port_ = ready.get_future().get();
  }

  ~TestServer() {
    server_->stop();
    thread_.join();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  Server& server() { return *server_; }
  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }
  // The electorate of the demo's first workplace committee, production members first (so
  // that the first candidates can meet the committee's composition), and that body's id.
  std::vector<std::string> first_committee_electorate(std::string* body) {
    std::lock_guard lock(server_->db_mutex());
    auto& fed = server_->federation();
    auto committees = federation::list_bodies(fed, {"workplace_committee"}, {0, 1});
    if (!committees.ok() || committees->bodies.empty()) {
      ADD_FAILURE() << "no workplace committee to elect";
      return {};
    }
    *body = committees->bodies[0].id;
    auto committee = federation::read_body(fed, *body);
    if (!committee.ok() || !committee->constituency.workplace) {
      ADD_FAILURE() << "the first workplace committee has no workplace to read";
      return {};
    }
    std::vector<federation::MemberView> members;
    for (federation::Page page{0, federation::kMaxPageLimit};; page.offset += page.limit) {
      auto some = federation::list_members(fed, {*committee->constituency.workplace}, page);
      if (!some.ok()) {
        ADD_FAILURE() << some.status().to_string();
        return {};
      }
      members.insert(members.end(), some->members.begin(), some->members.end());
      if (static_cast<int64_t>(some->members.size()) < page.limit) break;
    }
    std::stable_partition(members.begin(), members.end(),
                          [](const auto& m) { return m.category == "production"; });
    std::vector<std::string> out;
    for (const auto& m : members) out.push_back(m.id);
    return out;
  }

  void set_time(std::string t) {
    std::lock_guard lock(clock_mutex_);
    now_ = std::move(t);
  }

 private:
  [[noreturn]] static void fail(const char* what, const Status& s) {
    fmt::print(stderr, "test server: cannot {}: {}\n", what, s.to_string());
    std::abort();
  }

  std::filesystem::path dir_;
  std::mutex clock_mutex_;
  std::string now_ = "2027-01-01T00:00:00.000Z";
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace collegium::server::test
