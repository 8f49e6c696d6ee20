// Whom each body answers for in a planning round (issue #14; docs/requirements.md C1, C3).
//
// A round shows every body what each alternative means for itself and, at the close, the
// aggregate of the ballots of the members it represents. Both follow one rule, stated
// here once so that the figures a body reads and the votes it is shown cover the same
// members:
//   - a workplace committee: its own workplace;
//   - a shop committee: the workplace of its shop (ballots are grouped by workplace, so a
//     shop's own members cannot be told apart from the rest of the workplace);
//   - a union body with a branch: the registry's workplaces of that branch in its region,
//     or in every region when it has none;
//   - any other body with a region (a union without a branch, a regional body): the
//     workplaces of that region, and the region's own figures;
//   - the congress, the council and every other body: the whole economy.
// The registry facts are plain inputs: no database is read here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "federation/decide.h"
#include "federation/model.h"

namespace collegium::federation {

// The registry facts a round needs, as plain data.
struct RoundRegistry {
  std::vector<Workplace> workplaces;  // ballots are grouped by index into this list
  std::vector<Shop> shops;
  std::vector<Body> bodies;

  // Keeps what a registry command says about workplaces, shops and bodies (so that a
  // stream of commands, such as generate_demo's, builds the facts); ignores the rest.
  void take(const Command& command);
};

enum class ScopeKind { kWorkplace, kBranch, kRegion, kEconomy };
const char* scope_kind_name(ScopeKind kind);  // "workplace", "branch", "region", "economy"

struct BodyScope {
  std::string body;
  BodyKind kind = BodyKind::kWorkplaceCommittee;
  ScopeKind scope = ScopeKind::kEconomy;
  std::string branch;  // kBranch
  std::string region;  // kRegion; kBranch when the body has one (empty: every region)
  // The workplaces whose members the body represents: indices into
  // RoundRegistry::workplaces, ascending (every workplace for kEconomy).
  std::vector<int32_t> workplaces;
};

// The rule for one body: its scope kind and what it covers.
struct ScopeRule {
  ScopeKind scope = ScopeKind::kEconomy;
  std::string workplace;  // kWorkplace
  std::string branch;     // kBranch
  std::string region;     // kRegion; kBranch when the body has one
  bool covers(const Workplace& w) const {
    switch (scope) {
      case ScopeKind::kWorkplace:
        return w.id == workplace;
      case ScopeKind::kBranch:
        return w.branch == branch && (region.empty() || w.region == region);
      case ScopeKind::kRegion:
        return w.region == region;
      case ScopeKind::kEconomy:
        return true;
    }
    return true;
  }
};
// `shop_workplace` gives the workplace of a shop (nullopt: unknown). failed_precondition
// when a workplace or shop committee is not elected by a workplace or shop; not_found for
// an unknown shop.
Result<ScopeRule> scope_rule(
    const Body& b,
    const std::function<std::optional<std::string>(const std::string&)>& shop_workplace);

// The scope of every body, in the registry's order. not_found naming the body when a
// committee's workplace or shop is not in the registry; failed_precondition when a
// workplace or shop committee is not elected by a workplace or shop.
Result<std::vector<BodyScope>> body_scopes(const RoundRegistry& registry);

}  // namespace collegium::federation
