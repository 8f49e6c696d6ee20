// `collegium serve` as a process: SIGTERM while clients are writing stops the server
// cleanly (exit 0), and every write it acknowledged is in the record afterwards; the
// serve options reach the server (--secure-cookies).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "federation/federation.h"

namespace collegium {
namespace {

namespace fs = std::filesystem;

int sh(const std::string& cmd) {
  return WEXITSTATUS(std::system(cmd.c_str()));
}

TEST(Serve, SigtermDrainsAndLosesNothingAcknowledged) {
  fs::path dir = fs::temp_directory_path() / ("collegium-serve-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::string bin = COLLEGIUM_BIN, data = dir.string();
  ASSERT_EQ(sh(bin + " --data-dir " + data + " demo --workplaces 3 --members 30 >/dev/null"), 0);
  ASSERT_EQ(sh("echo 'operator password' | " + bin + " --data-dir " + data +
               " account password operator >/dev/null"),
            0);

  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::execl(bin.c_str(), bin.c_str(), "--data-dir", data.c_str(), "serve", "--port", "0", "--quiet",
            "--rate-limit", "0", "--secure-cookies", static_cast<char*>(nullptr));
    _exit(127);
  }
  ::close(out[1]);
  std::string banner;
  char c;
  while (::read(out[0], &c, 1) == 1 && c != '\n') banner += c;
  size_t colon = banner.find("127.0.0.1:");
  ASSERT_NE(colon, std::string::npos) << banner;
  int port = std::stoi(banner.substr(colon + 10));

  httplib::Client login("127.0.0.1", port);
  auto res =
      login.Post("/api/session", R"({"member": "operator", "password": "operator password"})",
                 "application/json");
  ASSERT_TRUE(res && res->status == 200);
  std::string set = res->get_header_value("Set-Cookie");
  EXPECT_NE(set.find("; Secure"), std::string::npos) << "--secure-cookies: " << set;
  httplib::Headers h = {
      {"Cookie", "collegium_session=" + set.substr(set.find('=') + 1, 64)},
      {"X-CSRF-Token", parse_json(res->body)->at("csrf_token").get<std::string>()}};

  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<int> sent{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      httplib::Client cli("127.0.0.1", port);
      for (int i = 0;; ++i) {
        std::string id = fmt::format("m-drain-{}-{}", t, i);
        auto r =
            cli.Post("/api/commands", h,
                     fmt::format(R"({{"admit_member": {{"id": "{}", "name": "Drain", "category":
                                      "production", "workplace": "w-1", "joined": "2024-01-01"}}}})",
                                 id),
                     "application/json");
        sent++;
        if (!r) return;  // the server has gone
        if (r->status == 200) {
          std::lock_guard lock(mu);
          acknowledged.push_back(id);
        }
      }
    });
  }
  while (sent < 40) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, SIGTERM);
  for (auto& w : writers) w.join();
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(out[0]);
  ASSERT_TRUE(WIFEXITED(status)) << "the server did not exit by itself";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  ASSERT_GE(acknowledged.size(), 10u);

  auto fed = federation::Federation::open(dir, {.create = false});
  ASSERT_TRUE(fed.ok()) << fed.status().to_string();
  for (const auto& id : acknowledged) {
    EXPECT_TRUE((*fed)->registry().member(id))
        << id << " was acknowledged but is not in the record";
  }
  EXPECT_TRUE((*fed)->store().verify({}).ok());
  fed->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace collegium
