#include "cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace collegium::cli {

bool Progress::enabled() {
  return ::isatty(STDOUT_FILENO) == 1;
}

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled()),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  finish();
}

void Progress::update(uint64_t done) {
  done_ = done;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(false);
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (enabled_) {
    draw(true);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }
}

void Progress::draw(bool final) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = secs > 0 ? static_cast<double>(done_) / secs : 0;
  std::string line;
  if (total_ > 0) {
    constexpr int kWidth = 30;
    double frac = std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_));
    int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(kWidth - filled), '.');
    double eta = rate > 0 ? static_cast<double>(total_ - std::min(total_, done_)) / rate : 0;
    line = fmt::format("\r{} [{}] {:3.0f}%  {}/{}  {:.0f}/s  {}", label_, bar, frac * 100, done_,
                       total_, rate,
                       final ? fmt::format("{:.1f}s", secs) : fmt::format("eta {:.0f}s", eta));
  } else {
    line = fmt::format("\r{} {}  {:.0f}/s  {:.1f}s", label_, done_, rate, secs);
  }
  std::fputs(line.c_str(), stdout);
  std::fputs("\x1b[K", stdout);  // clear the rest of the line
  std::fflush(stdout);
}

}  // namespace collegium::cli
