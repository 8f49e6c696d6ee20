// collegium's economy bundle: a folder of CSV files and a JSON manifest (schema in
// docs/economy-bundle.md). It is the one format that holds everything the engine uses
// (regions, workplaces with capacities, labour supply by region and category), so a plan
// published with its bundle can be recomputed by any member (C4).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"
#include "plan/economy.h"

namespace collegium::plan {

// Where the ids of a bundle were read, one entry per region, satellite and workplace of
// the economy read: "FILE:LINE:COLUMN" of the cell, or "manifest.json:/satellites/2/id".
// A check made after reading (the federation's, that a workplace or region is its own)
// names the place in the bundle with these.
struct BundleSources {
  std::vector<std::string> regions;            // the id's cell
  std::vector<std::string> satellites;         // the manifest's entry
  std::vector<std::string> workplaces;         // the id's cell
  std::vector<std::string> workplace_regions;  // the region's cell (the id's when none)
};

// Reads a bundle. Errors name the file, line and column (or the manifest's JSON path).
// When `sources` is given, it is filled with where each id was read.
Result<Economy> read_bundle(const std::filesystem::path& folder, BundleSources* sources = nullptr);

// Writes `e` as a bundle into `folder` (created if missing; files replaced). Numbers are
// written with 17 significant digits, so reading the bundle back gives the same doubles.
Status write_bundle(const Economy& e, const std::filesystem::path& folder);

}  // namespace collegium::plan
