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

Result<ScopeRule> scope_rule(
    const Body& b,
    const std::function<std::optional<std::string>(const std::string&)>& shop_workplace) {
  ScopeRule r;
  if (b.kind == BodyKind::kWorkplaceCommittee || b.kind == BodyKind::kShopCommittee) {
    if (b.constituency.kind == Constituency::Kind::kWorkplace) {
      r.workplace = b.constituency.ref;
    } else if (b.constituency.kind == Constituency::Kind::kShop) {
      auto w = shop_workplace(b.constituency.ref);
      if (!w)
        return not_found(fmt::format("the shop {} is not in the registry", b.constituency.ref));
      r.workplace = *w;
    } else {
      return failed_precondition(
          fmt::format("a {} must be elected by a workplace or a shop", to_string(b.kind)));
    }
    r.scope = ScopeKind::kWorkplace;
  } else if (b.kind == BodyKind::kUnion && !b.branch.empty()) {
    r.scope = ScopeKind::kBranch;
    r.branch = b.branch;
    r.region = b.region;
  } else if (!b.region.empty()) {
    r.scope = ScopeKind::kRegion;
    r.region = b.region;
  }
  return r;
}

Result<std::vector<BodyScope>> body_scopes(const RoundRegistry& registry) {
  std::unordered_map<std::string, int32_t> workplace_index;
  for (size_t k = 0; k < registry.workplaces.size(); ++k)
    workplace_index.emplace(registry.workplaces[k].id, static_cast<int32_t>(k));
  std::unordered_map<std::string, std::string> shop_of;
  for (const Shop& s : registry.shops) shop_of.emplace(s.id, s.workplace);
  auto shop_workplace = [&](const std::string& id) -> std::optional<std::string> {
    auto it = shop_of.find(id);
    if (it == shop_of.end()) return std::nullopt;
    return it->second;
  };

  std::vector<BodyScope> out;
  out.reserve(registry.bodies.size());
  for (const Body& b : registry.bodies) {
    const std::string where = "bodies/" + b.id;
    auto rule = scope_rule(b, shop_workplace);
    if (!rule.ok()) return Status(rule.status().code(), rule.status().message(), where);
    BodyScope s;
    s.body = b.id;
    s.kind = b.kind;
    s.scope = rule->scope;
    s.branch = rule->branch;
    s.region = rule->region;
    if (rule->scope == ScopeKind::kWorkplace) {
      auto it = workplace_index.find(rule->workplace);
      if (it == workplace_index.end())
        return not_found(fmt::format("the workplace {} is not in the registry", rule->workplace),
                         where);
      s.workplaces.push_back(it->second);
    } else {
      for (size_t k = 0; k < registry.workplaces.size(); ++k)
        if (rule->covers(registry.workplaces[k])) s.workplaces.push_back(static_cast<int32_t>(k));
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace collegium::federation
