// The federation's registry as plain data (A1): regions, industrial branches,
// workplaces and their shops, members, and the bodies they elect.
//
// The shape of the federation is data, not code: any graph of bodies may be declared, as
// long as every body's constituency is a workplace, a shop, or the holders of seats in
// other bodies, and no body elects itself through others (no cycles).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collegium::federation {

enum class Category { kProduction, kTechnical, kAdministrative };
std::string_view to_string(Category c);
std::optional<Category> category_from_string(std::string_view s);

// What a body does. Every kind but `specialist` manages and so is a collegium deciding by
// vote (A3); specialist bodies receive tasks from elected bodies and decide nothing (A2).
enum class BodyKind {
  kShopCommittee,
  kWorkplaceCommittee,
  kUnion,     // an industrial union body, usually per branch and region
  kCongress,  // the Congress of Producers
  kCouncil,   // the central body directing the economy, elected by the congress
  kControl,   // a control commission
  kSpecialist,
};
std::string_view to_string(BodyKind k);
std::optional<BodyKind> body_kind_from_string(std::string_view s);
std::string body_kinds_list();  // "shop_committee, workplace_committee, ..." for messages

// A managing body needs at least this many seats: one person is not a collegium (A3).
inline constexpr int kMinCollegiumSeats = 3;
inline constexpr int kMaxSeats = 10000;
inline constexpr int kMaxTermMonths = 60;

struct Region {
  std::string id;
  std::string name;
};

struct Branch {
  std::string id;
  std::string name;
};

struct Workplace {
  std::string id;
  std::string name;
  std::string region;
  std::string branch;
};

struct Shop {
  std::string id;
  std::string workplace;
  std::string name;
};

struct Member {
  std::string id;
  std::string name;
  Category category = Category::kProduction;
  std::string workplace;
  std::string shop;    // empty: not assigned to a shop
  std::string joined;  // YYYY-MM-DD
};

// Who elects a body: the members of one workplace, of one shop, or the holders of the
// seats of the listed bodies (delegates).
struct Constituency {
  enum class Kind { kWorkplace, kShop, kBodies };
  Kind kind = Kind::kWorkplace;
  std::string ref;                  // the workplace or shop id
  std::vector<std::string> bodies;  // for kBodies, sorted, no duplicates
};
std::string_view to_string(Constituency::Kind k);

struct Body {
  std::string id;
  std::string name;
  BodyKind kind = BodyKind::kWorkplaceCommittee;
  Constituency constituency;
  int seats = 0;
  int term_months = 12;
  std::string region;  // optional: the region it serves
  std::string branch;  // optional: the industrial branch it serves
};

}  // namespace collegium::federation
