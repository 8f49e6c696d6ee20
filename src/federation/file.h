// Federation files: a whole federation described in one JSON document (schema in
// docs/federation-file.md), loaded atomically by `collegium federation import`.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "federation/federation.h"

namespace collegium::federation {

// Files above this size are refused before they are read: a federation file is for
// people's federations, and the 7-million-member demo is generated, not imported.
inline constexpr size_t kMaxFederationFileBytes = 512u << 20;

// Reads a federation file into commands in dependency order: regions, branches,
// workplaces with their shops, members, then bodies, each body after the bodies that
// elect it. Structural errors name "SOURCE/json/path" (or "SOURCE:line:col" for syntax);
// a cycle among bodies names the bodies in it. Rules are checked later, by decide().
Result<std::vector<LabelledCommand>> read_federation_file(
    std::string_view text, std::string_view source, size_t max_bytes = kMaxFederationFileBytes);

}  // namespace collegium::federation
