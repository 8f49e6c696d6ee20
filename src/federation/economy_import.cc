#include "federation/economy_import.h"

#include <charconv>
#include <optional>

#include "federation/decide.h"
#include "federation/economy_data.h"

namespace collegium::federation {

Status in_bundle(const Status& s, const plan::BundleSources& sources) {
  const std::string& where = s.where();
  // The index K of "PREFIX K SUFFIX", if `where` has that form.
  auto index_of = [&](std::string_view prefix, std::string_view suffix) -> std::optional<size_t> {
    if (where.size() <= prefix.size() + suffix.size() || !where.starts_with(prefix) ||
        !where.ends_with(suffix)) {
      return std::nullopt;
    }
    std::string_view digits(where.data() + prefix.size(),
                            where.size() - prefix.size() - suffix.size());
    size_t k = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
    if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
    return k;
  };
  auto at = [](const std::vector<std::string>& cells, std::optional<size_t> k) {
    return k && *k < cells.size() ? std::optional<std::string>(cells[*k]) : std::nullopt;
  };
  std::optional<std::string> cell = at(sources.regions, index_of("/economy/regions/", "/id"));
  if (!cell) cell = at(sources.satellites, index_of("/economy/satellites/", "/id"));
  if (!cell) cell = at(sources.workplaces, index_of("/economy/workplaces/", "/workplace"));
  if (!cell) cell = at(sources.workplace_regions, index_of("/economy/workplaces/", "/region"));
  if (!cell) return s;
  return Status(s.code(), s.message(), *cell);
}

Result<plan::Economy> import_economy_bundle(Federation& fed, const std::filesystem::path& folder) {
  plan::BundleSources sources;
  plan::Economy e = TRY(plan::read_bundle(folder, &sources));
  Status s = fed.execute(ImportEconomy{economy_to_data(e)}, kOperator);
  if (!s.ok()) return in_bundle(s, sources);
  return e;
}

}  // namespace collegium::federation
