#include "federation/model.h"

#include <array>
#include <utility>

namespace collegium::federation {

namespace {

constexpr std::array<std::pair<Category, std::string_view>, 3> kCategories = {{
    {Category::kProduction, "production"},
    {Category::kTechnical, "technical"},
    {Category::kAdministrative, "administrative"},
}};

constexpr std::array<std::pair<BodyKind, std::string_view>, 7> kBodyKinds = {{
    {BodyKind::kShopCommittee, "shop_committee"},
    {BodyKind::kWorkplaceCommittee, "workplace_committee"},
    {BodyKind::kUnion, "union"},
    {BodyKind::kCongress, "congress"},
    {BodyKind::kCouncil, "council"},
    {BodyKind::kControl, "control"},
    {BodyKind::kSpecialist, "specialist"},
}};

}  // namespace

std::string_view to_string(Category c) {
  for (auto& [k, name] : kCategories)
    if (k == c) return name;
  return "production";
}

std::optional<Category> category_from_string(std::string_view s) {
  for (auto& [k, name] : kCategories)
    if (name == s) return k;
  return std::nullopt;
}

std::string_view to_string(BodyKind k) {
  for (auto& [kind, name] : kBodyKinds)
    if (kind == k) return name;
  return "workplace_committee";
}

std::optional<BodyKind> body_kind_from_string(std::string_view s) {
  for (auto& [kind, name] : kBodyKinds)
    if (name == s) return kind;
  return std::nullopt;
}

std::string body_kinds_list() {
  std::string out;
  for (auto& [kind, name] : kBodyKinds) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string_view to_string(Constituency::Kind k) {
  switch (k) {
    case Constituency::Kind::kWorkplace:
      return "workplace";
    case Constituency::Kind::kShop:
      return "shop";
    case Constituency::Kind::kBodies:
      return "bodies";
  }
  return "workplace";
}

}  // namespace collegium::federation
