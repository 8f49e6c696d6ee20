#include "server/login_throttle.h"

#include <algorithm>
#include <cmath>

namespace collegium::server {

namespace {

// Bounded memory under a flood of made-up names or addresses: past this size, windows
// that have ended are forgotten, and if that is not enough, all of them. Names are kept to
// their first bytes (member ids are short), so that long made-up ones cost no more.
constexpr size_t kMaxWindows = 100000;
constexpr size_t kMaxKey = 128;

std::string key_of(const std::string& account) {
  return account.substr(0, kMaxKey);
}

}  // namespace

int64_t LoginThrottle::begin(const std::string& account, const std::string& address, double now) {
  std::lock_guard lock(mutex_);
  auto current = [&](std::unordered_map<std::string, Window>& windows,
                     const std::string& key) -> Window& {
    if (windows.size() > kMaxWindows) {
      std::erase_if(
          windows, [&](const auto& kv) { return now - kv.second.start >= limits_.window_seconds; });
      if (windows.size() > kMaxWindows) windows.clear();
    }
    Window& w = windows[key];
    if (w.count == 0 || now - w.start >= limits_.window_seconds) w = Window{0, now};
    return w;
  };
  auto wait_for = [&](const Window& w, int limit) -> int64_t {
    if (w.count < limit || now - w.start >= limits_.window_seconds) return 0;
    return std::max<int64_t>(
        1, static_cast<int64_t>(std::ceil(w.start + limits_.window_seconds - now)));
  };
  std::string key = key_of(account);
  Window& b = current(addresses_, address);
  if (int64_t wait = wait_for(b, limits_.per_address); wait > 0) {
    // A refused address adds no name to remember, whatever names it sends.
    if (auto it = accounts_.find(key); it != accounts_.end()) {
      wait = std::max(wait, wait_for(it->second, limits_.per_account));
    }
    return wait;
  }
  Window& a = current(accounts_, key);
  if (int64_t wait = wait_for(a, limits_.per_account); wait > 0) return wait;
  a.count++;
  b.count++;
  return 0;
}

void LoginThrottle::succeeded(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  accounts_.erase(key_of(account));
  if (auto it = addresses_.find(address); it != addresses_.end() && it->second.count > 0)
    it->second.count--;
}

}  // namespace collegium::server
