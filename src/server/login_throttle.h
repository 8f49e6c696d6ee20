// Failed logins, counted per account and per client address, so that nobody can guess
// passwords at the speed of the network.
//
// Each account and each address has a window of `window_seconds` that opens with its
// first attempt. In a window an account may fail `per_account` times and an address
// `per_address` times; after that every login for the account, or from the address, is
// refused without looking at the password until the window ends. A success clears the
// account's count (whoever knows the password needs no guesses) but not the address's,
// so that one good login cannot launder guesses at other accounts.
//
// An attempt is counted as failed from the moment it starts until succeeded() says
// otherwise, so that guesses sent all at once count as much as guesses sent one by one.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace collegium::server {

struct LoginLimits {
  int per_account = 5;
  int per_address = 20;
  double window_seconds = 60;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginLimits limits) : limits_(limits) {}

  // Before a password is checked: 0 when the attempt may go ahead (it is then counted),
  // else how many whole seconds to wait before the next (for Retry-After). `now` is in
  // seconds on a steady clock.
  int64_t begin(const std::string& account, const std::string& address, double now);
  // The attempt begun for `account` from `address` had the right password.
  void succeeded(const std::string& account, const std::string& address);

 private:
  struct Window {
    int count = 0;
    double start = 0;
  };
  std::mutex mutex_;
  LoginLimits limits_;
  std::unordered_map<std::string, Window> accounts_, addresses_;
};

}  // namespace collegium::server
