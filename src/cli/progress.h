// A progress bar for long work, drawn on stdout only when stdout is a terminal, so that
// scripts and pipes get clean output.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace collegium::cli {

class Progress {
 public:
  // `total` 0 means unknown: the bar shows a count and a rate instead of a percentage.
  Progress(std::string label, uint64_t total);
  ~Progress();  // finishes the line if it was drawn

  // Records that `done` units are complete; redraws at most ten times a second.
  void update(uint64_t done);
  void finish();

  static bool enabled();  // stdout is a terminal

 private:
  void draw(bool final);
  std::string label_;
  uint64_t total_;
  uint64_t done_ = 0;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace collegium::cli
