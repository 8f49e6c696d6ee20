// The small demo's registry and economy, as a round's tests read them (test only).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "federation/demo.h"
#include "federation/demo_economy.h"
#include "federation/federation.h"
#include "federation/round_scope.h"

namespace collegium::federation::testing {

inline constexpr DemoOptions kSmallDemo{.workplaces = 40, .members = 3000, .seed = 1921};

struct DemoRound {
  RoundRegistry registry;
  std::vector<int64_t> members;  // per registry workplace
  plan::Economy economy;
};

// The demo's commands give the registry facts (no database), and demo_economy its economy.
inline const DemoRound& small_demo() {
  static const DemoRound round = [] {
    DemoRound r;
    std::unordered_map<std::string, size_t> index;
    Status s = generate_demo(kSmallDemo, [&](LabelledCommand&& c) -> Status {
      r.registry.take(c.command);
      if (const auto* w = std::get_if<CreateWorkplace>(&c.command)) {
        index.emplace(w->workplace.id, r.members.size());
        r.members.push_back(0);
      } else if (const auto* m = std::get_if<AdmitMember>(&c.command)) {
        ++r.members[index.at(m->member.workplace)];
      }
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.to_string();
    auto e = demo_economy(kSmallDemo);
    EXPECT_TRUE(e.ok()) << e.status().to_string();
    if (e.ok()) r.economy = std::move(*e);
    return r;
  }();
  return round;
}

}  // namespace collegium::federation::testing
