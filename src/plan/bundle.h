// collegium's economy bundle: a folder of CSV files and a JSON manifest (schema in
// docs/economy-bundle.md). It is the one format that holds everything the engine uses
// (regions, workplaces with capacities, labour supply by region and category), so a plan
// published with its bundle can be recomputed by any member (C4).
#pragma once

#include <filesystem>

#include "base/status.h"
#include "plan/economy.h"

namespace collegium::plan {

// Reads a bundle. Errors name the file, line and column (or the manifest's JSON path).
Result<Economy> read_bundle(const std::filesystem::path& folder);

// Writes `e` as a bundle into `folder` (created if missing; files replaced). Numbers are
// written with 17 significant digits, so reading the bundle back gives the same doubles.
Status write_bundle(const Economy& e, const std::filesystem::path& folder);

}  // namespace collegium::plan
