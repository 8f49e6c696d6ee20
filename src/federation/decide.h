// Commands on the registry and the rules that accept or refuse them (DESIGN.md: rules
// live in one pure place).
//
// decide(state, command) reads the current state through RegistryView and returns the
// events that the command causes, or the precise reason it is refused. It writes nothing;
// the caller appends the events in one transaction, after which the state reflects them
// (so the next command of a batch sees the earlier ones).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "federation/model.h"

namespace collegium::federation {

struct CreateRegion {
  Region region;
};
struct CreateBranch {
  Branch branch;
};
struct CreateWorkplace {
  Workplace workplace;
};
struct CreateShop {
  Shop shop;
};
struct AdmitMember {
  Member member;
};
struct DeclareBody {
  Body body;
};

using Command =
    std::variant<CreateRegion, CreateBranch, CreateWorkplace, CreateShop, AdmitMember, DeclareBody>;

// An event before the record gives it a seq and a time.
struct EventDraft {
  std::string type;
  Json payload;
};

// Read access to the registry's current state.
class RegistryView {
 public:
  virtual ~RegistryView() = default;
  virtual std::optional<Region> region(std::string_view id) const = 0;
  virtual std::optional<Branch> branch(std::string_view id) const = 0;
  virtual std::optional<Workplace> workplace(std::string_view id) const = 0;
  virtual std::optional<Shop> shop(std::string_view id) const = 0;
  virtual std::optional<Member> member(std::string_view id) const = 0;
  virtual std::optional<Body> body(std::string_view id) const = 0;

  enum class Named { kRegion, kBranch, kWorkplace, kBody };
  // The id of the entity of that kind with exactly this name, if any.
  virtual std::optional<std::string> id_by_name(Named kind, std::string_view name) const = 0;
  // The id of the shop of `workplace` with this name, if any.
  virtual std::optional<std::string> shop_by_name(std::string_view workplace,
                                                  std::string_view name) const = 0;
};

// Errors name the offending field as a relative JSON pointer ("/workplace"), so that an
// importer can put the entity's own path in front.
Result<std::vector<EventDraft>> decide(const RegistryView& state, const Command& command);

// The event type each command produces (also what apply() understands).
inline constexpr std::string_view kRegionCreated = "region.created";
inline constexpr std::string_view kBranchCreated = "branch.created";
inline constexpr std::string_view kWorkplaceCreated = "workplace.created";
inline constexpr std::string_view kShopCreated = "shop.created";
inline constexpr std::string_view kMemberAdmitted = "member.admitted";
inline constexpr std::string_view kBodyDeclared = "body.declared";

}  // namespace collegium::federation
