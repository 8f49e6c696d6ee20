// Internal to the federation module: how the economy's events change its tables, and how
// the tables are read back (economy_projection.cc). The schema is economy_migration()
// (projection.h).
#pragma once

#include <optional>
#include <string_view>

#include "federation/events.h"
#include "federation/projection.h"
#include "plan/economy.h"
#include "record/event.h"

namespace collegium::federation {

// economy.imported empties every economy table and fills them again from the payload.
Status apply_economy_imported(StatementCache& q, const record::Event& e, const EconomyImported& ev);
// workplace.production_set replaces one workplace's figures and adds to its history.
Status apply_workplace_production_set(StatementCache& q, const record::Event& e,
                                      const WorkplaceProductionSet& ev);

// A workplace's production data as the tables hold it; nullopt when the economy does not
// list the workplace (or none was imported).
Result<std::optional<WorkplaceProduction>> load_workplace_production(StatementCache& q,
                                                                     std::string_view workplace);

// The whole economy as the tables hold it, for the engine; nullopt when none was imported.
Result<std::optional<plan::Economy>> load_economy(store::Sqlite& db);

}  // namespace collegium::federation
