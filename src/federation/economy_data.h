// The federation's economy (economy.h) and the planning engine's (plan::Economy), each
// made from the other. The record keeps ids where the engine keeps indices; the two
// conversions are inverse: economy_from_data(economy_to_data(e)) equals e, figure for
// figure, since decimals are written so that they read back to the same doubles.
#pragma once

#include "base/status.h"
#include "federation/economy.h"
#include "plan/economy.h"

namespace collegium::federation {

EconomyData economy_to_data(const plan::Economy& e);

// Checks that the data holds together (ids unique and known, lists one per product, the
// technology's columns well formed, figures finite, capacities, workers and hours not
// negative) and builds the engine's economy. Errors are invalid_argument or not_found
// naming the JSON path inside the economy ("/products/3/id", "/workplaces/0/product").
Result<plan::Economy> economy_from_data(const EconomyData& d);

}  // namespace collegium::federation
