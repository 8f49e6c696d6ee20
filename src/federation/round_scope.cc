#include "federation/round_scope.h"

#include <fmt/format.h>

#include <unordered_map>

namespace collegium::federation {

void RoundRegistry::take(const Command& command) {
  if (const auto* w = std::get_if<CreateWorkplace>(&command)) {
    workplaces.push_back(w->workplace);
  } else if (const auto* s = std::get_if<CreateShop>(&command)) {
    shops.push_back(s->shop);
  } else if (const auto* b = std::get_if<DeclareBody>(&command)) {
    bodies.push_back(b->body);
  }
}

const char* scope_kind_name(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::kWorkplace:
      return "workplace";
    case ScopeKind::kBranch:
      return "branch";
    case ScopeKind::kRegion:
      return "region";
    case ScopeKind::kEconomy:
      return "economy";
  }
  return "economy";
}

Result<std::vector<BodyScope>> body_scopes(const RoundRegistry& registry) {
  std::unordered_map<std::string, int32_t> workplace_index;
  for (size_t k = 0; k < registry.workplaces.size(); ++k)
    workplace_index.emplace(registry.workplaces[k].id, static_cast<int32_t>(k));
  std::unordered_map<std::string, const Shop*> shop_of;
  for (const Shop& s : registry.shops) shop_of.emplace(s.id, &s);

  std::vector<BodyScope> out;
  out.reserve(registry.bodies.size());
  for (const Body& b : registry.bodies) {
    BodyScope s;
    s.body = b.id;
    s.kind = b.kind;
    const std::string where = "bodies/" + b.id;
    if (b.kind == BodyKind::kWorkplaceCommittee || b.kind == BodyKind::kShopCommittee) {
      std::string workplace;
      if (b.constituency.kind == Constituency::Kind::kWorkplace) {
        workplace = b.constituency.ref;
      } else if (b.constituency.kind == Constituency::Kind::kShop) {
        auto it = shop_of.find(b.constituency.ref);
        if (it == shop_of.end())
          return not_found(fmt::format("the shop {} is not in the registry", b.constituency.ref),
                           where);
        workplace = it->second->workplace;
      } else {
        return failed_precondition(
            fmt::format("a {} must be elected by a workplace or a shop", to_string(b.kind)), where);
      }
      auto it = workplace_index.find(workplace);
      if (it == workplace_index.end())
        return not_found(fmt::format("the workplace {} is not in the registry", workplace), where);
      s.scope = ScopeKind::kWorkplace;
      s.workplaces.push_back(it->second);
    } else if (b.kind == BodyKind::kUnion && !b.branch.empty()) {
      s.scope = ScopeKind::kBranch;
      s.branch = b.branch;
      s.region = b.region;
      for (size_t k = 0; k < registry.workplaces.size(); ++k) {
        const Workplace& w = registry.workplaces[k];
        if (w.branch == b.branch && (b.region.empty() || w.region == b.region))
          s.workplaces.push_back(static_cast<int32_t>(k));
      }
    } else if (!b.region.empty()) {
      s.scope = ScopeKind::kRegion;
      s.region = b.region;
      for (size_t k = 0; k < registry.workplaces.size(); ++k)
        if (registry.workplaces[k].region == b.region)
          s.workplaces.push_back(static_cast<int32_t>(k));
    } else {
      s.scope = ScopeKind::kEconomy;
      s.workplaces.resize(registry.workplaces.size());
      for (size_t k = 0; k < registry.workplaces.size(); ++k)
        s.workplaces[k] = static_cast<int32_t>(k);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace collegium::federation
