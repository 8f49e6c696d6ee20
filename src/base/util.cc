#include "base/util.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

namespace collegium {

Result<std::string> read_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(std::strerror(errno), path.string());
  std::string out;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return io_error(std::strerror(e), path.string());
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Status write_file_durably(const std::filesystem::path& path, std::string_view content,
                          unsigned mode) {
  auto tmp = path;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return io_error(std::strerror(errno), tmp.string());
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return io_error(std::strerror(e), tmp.string());
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return io_error(std::strerror(errno), tmp.string());
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    return io_error(std::strerror(errno), path.string());
  auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

std::string now_utc_iso() {
  using namespace std::chrono;
  return unix_ms_to_utc(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

std::string unix_ms_to_utc(int64_t ms) {
  time_t secs = static_cast<time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool valid_ymd(int y, int m, int d) {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace

bool is_date(std::string_view s) {
  int y, m, d;
  return s.size() == 10 && digits(s, 0, 4, y) && s[4] == '-' && digits(s, 5, 2, m) && s[7] == '-' &&
         digits(s, 8, 2, d) && valid_ymd(y, m, d);
}

bool is_utc_timestamp(std::string_view s) {
  if (s.size() < 20 || !is_date(s.substr(0, 10)) || s[10] != 'T') return false;
  int h, mi, se;
  if (!digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
      !digits(s, 17, 2, se) || h > 23 || mi > 59 || se > 60)
    return false;
  size_t pos = 19;
  if (s[pos] == '.') {
    size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start || pos - start > 9) return false;
  }
  return pos + 1 == s.size() && s[pos] == 'Z';
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto ok = [](char c, bool first) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    return first ? alnum : alnum || c == '.' || c == '_' || c == '-';
  };
  for (size_t i = 0; i < id.size(); ++i)
    if (!ok(id[i], i == 0)) return false;
  return true;
}

std::string_view id_rule() {
  return "an id is 1 to 64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter "
         "or digit";
}

}  // namespace collegium

namespace collegium {

Result<int64_t> utc_to_unix_ms(std::string_view s) {
  if (!is_utc_timestamp(s)) {
    return invalid_argument(fmt::format("'{}' is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)", s));
  }
  auto field = [&](size_t pos, size_t n) {
    int v = 0;
    digits(s, pos, n, v);  // checked by is_utc_timestamp
    return v;
  };
  std::tm tm{};
  tm.tm_year = field(0, 4) - 1900;
  tm.tm_mon = field(5, 2) - 1;
  tm.tm_mday = field(8, 2);
  tm.tm_hour = field(11, 2);
  tm.tm_min = field(14, 2);
  tm.tm_sec = field(17, 2);
  int64_t ms = 0;
  if (s[19] == '.') {
    int scale = 100;
    for (size_t i = 20; i < s.size() - 1 && scale > 0; ++i, scale /= 10) ms += (s[i] - '0') * scale;
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

Result<int64_t> parse_duration(std::string_view s) {
  auto bad = [&] {
    return invalid_argument(fmt::format(
        "'{}' is not a duration such as P7D, PT12H, P1DT30M or PT15S (days, hours, minutes, "
        "seconds)",
        s));
  };
  if (s.size() < 3 || s[0] != 'P') return bad();
  int64_t total = 0;
  bool in_time = false, any = false;
  size_t i = 1;
  while (i < s.size()) {
    if (s[i] == 'T') {
      if (in_time) return bad();
      in_time = true;
      ++i;
      continue;
    }
    int64_t n = 0;
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 9) n = n * 10 + (s[i++] - '0');
    if (i == start || i == s.size()) return bad();
    char unit = s[i++];
    if (!in_time && unit == 'D')
      total += n * 86400;
    else if (in_time && unit == 'H')
      total += n * 3600;
    else if (in_time && unit == 'M')
      total += n * 60;
    else if (in_time && unit == 'S')
      total += n;
    else
      return bad();
    any = true;
  }
  if (!any || s.back() == 'T') return bad();
  return total;
}

std::string format_duration(int64_t seconds) {
  std::string out = "P";
  if (seconds >= 86400) out += fmt::format("{}D", seconds / 86400), seconds %= 86400;
  if (seconds > 0 || out == "P") {
    out += "T";
    if (seconds >= 3600) out += fmt::format("{}H", seconds / 3600), seconds %= 3600;
    if (seconds >= 60) out += fmt::format("{}M", seconds / 60), seconds %= 60;
    if (seconds > 0 || out == "PT") out += fmt::format("{}S", seconds);
  }
  return out;
}

}  // namespace collegium
