// Importing an economy bundle into the federation (`collegium economy import`; issue #14):
// the bundle is read, given to the rules as the operator's import_economy, and a refusal
// is traced back to the bundle's cell.
#pragma once

#include <filesystem>

#include "base/status.h"
#include "federation/federation.h"
#include "plan/bundle.h"
#include "plan/economy.h"

namespace collegium::federation {

// Reads the bundle in `folder` and imports it as the operator, in one transaction. Errors
// of the bundle name its file, line and column (plan::read_bundle); a refusal by the rules
// of a region, workplace or labour category the federation does not have names the cell
// or manifest entry that gave it ("workplaces.csv:4:1"). Nothing is imported on error.
// Returns the economy imported.
Result<plan::Economy> import_economy_bundle(Federation& fed, const std::filesystem::path& folder);

// `status` (a refusal of import_economy, naming "/economy/...") with its `where` replaced
// by the place in the bundle that `sources` kept for it, when there is one.
Status in_bundle(const Status& status, const plan::BundleSources& sources);

}  // namespace collegium::federation
