// A generated demo federation (A1's shape at any size): shops -> workplace committees ->
// union bodies per branch and region -> the Congress of Producers -> the central
// economic council, with a control commission beside it. Workplace sizes follow a
// lognormal spread, as real establishment sizes do; members fall into the three
// categories at realistic shares. The same seed gives the same federation.
#pragma once

#include <cstdint>
#include <functional>

#include "base/status.h"
#include "federation/federation.h"

namespace collegium::federation {

struct DemoOptions {
  int64_t workplaces = 40;
  int64_t members = 3000;
  uint64_t seed = 1921;
  // Whether load_demo imports the demo's economy (demo_economy.h) after the registry.
  bool economy = true;
  int64_t economy_products = 0;  // DemoEconomyOptions::products
};

// Checks the options (at least three members per workplace, sane bounds).
Status check_demo_options(const DemoOptions& options);

// Produces the demo's commands in dependency order, passing each to `sink`; stops at the
// first error `sink` returns. Memory stays small whatever the size: members are produced
// one workplace at a time.
Status generate_demo(const DemoOptions& options,
                     const std::function<Status(LabelledCommand&&)>& sink);

// Generates the demo into an empty federation, in transactions of `batch` commands, imports
// its economy (unless options.economy is false: an import_economy by the operator, as
// `collegium economy import` gives it), and records a closing "demo.generated" event.
// `progress` gets (commands done, total).
Status load_demo(Federation& federation, const DemoOptions& options,
                 const std::function<void(uint64_t, uint64_t)>& progress = {},
                 size_t batch = 50000);

}  // namespace collegium::federation
