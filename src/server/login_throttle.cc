#include "server/login_throttle.h"

#include <algorithm>
#include <cmath>

namespace collegium::server {

namespace {

// Bounded memory under a flood of made-up names or addresses: past this size, windows
// that have ended are forgotten, and if that is not enough, all of them.
constexpr size_t kMaxWindows = 100000;

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
  Window& a = current(accounts_, account);
  Window& b = current(addresses_, address);
  int64_t wait = 0;
  for (const Window* w : {&a, &b}) {
    int limit = w == &a ? limits_.per_account : limits_.per_address;
    if (w->count >= limit) {
      wait = std::max<int64_t>(
          wait, std::max<int64_t>(
                    1, static_cast<int64_t>(std::ceil(w->start + limits_.window_seconds - now))));
    }
  }
  if (wait > 0) return wait;
  a.count++;
  b.count++;
  return 0;
}

void LoginThrottle::succeeded(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  accounts_.erase(account);
  if (auto it = addresses_.find(address); it != addresses_.end() && it->second.count > 0)
    it->second.count--;
}

}  // namespace collegium::server
