// The federation as a tree of bodies, from the bodies that nobody else elects (the
// central council, the control commission) down through their electors to the
// workplaces and shops: what `collegium federation show` prints and the web app draws.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "federation/model.h"
#include "store/sqlite.h"

namespace collegium::federation {

struct BodyNode {
  Body body;
  std::string constituency_name;  // the workplace's or shop's name, for member constituencies
  int64_t electorate = 0;         // members of the workplace/shop, or delegates (seats) below
  std::vector<BodyNode> electors;
  int64_t omitted = 0;       // electors left out by max_children or max_depth
  bool shown_above = false;  // already in the tree (a body that elects two bodies)
};

struct TreeOptions {
  int max_depth = 4;         // levels of bodies shown below each root
  int64_t max_children = 5;  // electors shown per body; the rest are counted in `omitted`
};

// Roots first by kind (council, control, congress...) then by id.
Result<std::vector<BodyNode>> body_tree(store::Sqlite& db, const TreeOptions& options);

}  // namespace collegium::federation
