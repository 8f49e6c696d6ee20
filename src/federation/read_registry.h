// Read models of the registry: the federation's counts and its tree of bodies, bodies,
// workplaces and members, as the API's registry routes and `collegium show` serve them.
// Each function reads the projections of `fed` (its store must not be written meanwhile:
// the server holds its database lock) and returns plain data, or the database's error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "federation/federation.h"
#include "federation/reads.h"
#include "federation/tree.h"

namespace collegium::federation {

struct RegistryCounts {
  int64_t regions = 0, branches = 0, workplaces = 0, shops = 0, members = 0, bodies = 0;
  int64_t production = 0, technical = 0, administrative = 0;  // members by category
  bool operator==(const RegistryCounts&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("regions", &RegistryCounts::regions),
                      field("branches", &RegistryCounts::branches),
                      field("workplaces", &RegistryCounts::workplaces),
                      field("shops", &RegistryCounts::shops),
                      field("members", &RegistryCounts::members),
                      field("bodies", &RegistryCounts::bodies),
                      field("production", &RegistryCounts::production),
                      field("technical", &RegistryCounts::technical),
                      field("administrative", &RegistryCounts::administrative)};
  }
};

// One body of the tree and the bodies that elect it (BodyNode, flattened for reading).
struct TreeNode {
  std::string id, name, kind;
  int64_t seats = 0, term_months = 0;
  int64_t electorate = 0;  // members of the workplace or shop, or delegates below
  int64_t omitted = 0;     // electors left out by the depth or the number of children
  bool shown_above = false;
  std::string constituency_kind, constituency_ref;
  std::string constituency_name;  // for a workplace or shop constituency
  std::vector<TreeNode> electors;
  bool operator==(const TreeNode&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("id", &TreeNode::id),
        field("name", &TreeNode::name),
        field("kind", &TreeNode::kind),
        field("seats", &TreeNode::seats),
        field("term_months", &TreeNode::term_months),
        field("electorate", &TreeNode::electorate),
        field("omitted", &TreeNode::omitted),
        field("shown_above", &TreeNode::shown_above, Presence::kRequired,
              "already in the tree: a body that elects two bodies"),
        field("constituency_kind", &TreeNode::constituency_kind),
        field("constituency_ref", &TreeNode::constituency_ref),
        field("constituency_name", &TreeNode::constituency_name, Presence::kOmitEmpty),
        field("electors", &TreeNode::electors)};
  }
};

}  // namespace collegium::federation

namespace collegium {
// The tree is recursive: its schema names the shape of the children instead of repeating it.
template <>
struct JsonCodec<std::vector<federation::TreeNode>> {
  static Json write(const std::vector<federation::TreeNode>& v) {
    Json a = Json::array();
    for (const auto& n : v) a.push_back(write_json(n));
    return a;
  }
  static Json schema() {
    return {{"type", "array"},
            {"items",
             {{"type", "object"}, {"description", "a tree node: id, name, kind... electors"}}}};
  }
};
}  // namespace collegium

namespace collegium::federation {

struct RecordHead {
  int64_t seq = 0;
  std::string hash;  // hex
  bool operator==(const RecordHead&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("seq", &RecordHead::seq), field("hash", &RecordHead::hash)};
  }
};
RecordHead record_head(Federation& fed);

struct FederationOverview {
  RegistryCounts counts;
  std::vector<TreeNode> tree;  // roots first by kind, then by id
  RecordHead record;
  bool operator==(const FederationOverview&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("counts", &FederationOverview::counts),
                      field("tree", &FederationOverview::tree),
                      field("record", &FederationOverview::record)};
  }
};
Result<FederationOverview> read_federation(Federation& fed, const TreeOptions& options);

struct BodyFilter {
  std::string kind;  // a body kind, or empty for all
};
struct BodyList {
  std::vector<BodySummary> bodies;  // in the order they were declared
  int64_t offset = 0, limit = 0;
  bool operator==(const BodyList&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("bodies", &BodyList::bodies), field("offset", &BodyList::offset),
                      field("limit", &BodyList::limit)};
  }
};
// invalid_argument naming "kind" for a kind that does not exist.
Result<BodyList> list_bodies(Federation& fed, const BodyFilter& filter, const Page& page);

// A body's constituency as the federation file writes it: one of the three keys.
struct ConstituencyRef {
  std::optional<std::string> workplace, shop;
  std::optional<std::vector<std::string>> bodies;
  bool operator==(const ConstituencyRef&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("workplace", &ConstituencyRef::workplace),
                      field("shop", &ConstituencyRef::shop),
                      field("bodies", &ConstituencyRef::bodies)};
  }
};

// A seat of a body: its holder and mandate, or null when vacant.
struct Seat {
  int64_t seat = 0;  // 1-based, in the order the mandates were given
  Nullable<std::string> holder;
  std::optional<std::string> holder_name, mandate, origin;
  Nullable<std::string> term_ends;
  bool operator==(const Seat&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("seat", &Seat::seat),
                      field("holder", &Seat::holder),
                      field("holder_name", &Seat::holder_name),
                      field("mandate", &Seat::mandate),
                      field("origin", &Seat::origin),
                      field("term_ends", &Seat::term_ends)};
  }
};

struct BodyDetail {
  std::string id, name, kind;
  int64_t seats = 0, term_months = 0;
  ConstituencyRef constituency;
  std::string region, branch;
  std::optional<std::string> constituency_name;       // a workplace's or shop's name
  std::optional<std::string> constituency_workplace;  // a shop's workplace
  std::optional<std::string> open_election;           // the poll now open for its seats
  std::optional<std::string> region_name, branch_name;
  int64_t electorate = 0;  // members of the workplace or shop, or the electing bodies' seats
  std::vector<BodySummary> electors;  // the bodies whose seat holders elect it
  std::vector<BodySummary> elects;    // the bodies its seat holders elect
  std::vector<Seat> seat_holders;
  bool operator==(const BodyDetail&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &BodyDetail::id),
                      field("name", &BodyDetail::name),
                      field("kind", &BodyDetail::kind),
                      field("seats", &BodyDetail::seats),
                      field("term_months", &BodyDetail::term_months),
                      field("constituency", &BodyDetail::constituency),
                      field("region", &BodyDetail::region, Presence::kOmitEmpty),
                      field("branch", &BodyDetail::branch, Presence::kOmitEmpty),
                      field("constituency_name", &BodyDetail::constituency_name),
                      field("constituency_workplace", &BodyDetail::constituency_workplace),
                      field("open_election", &BodyDetail::open_election),
                      field("region_name", &BodyDetail::region_name),
                      field("branch_name", &BodyDetail::branch_name),
                      field("electorate", &BodyDetail::electorate),
                      field("electors", &BodyDetail::electors),
                      field("elects", &BodyDetail::elects),
                      field("seat_holders", &BodyDetail::seat_holders)};
  }
};
// not_found naming "id" when there is no such body.
Result<BodyDetail> read_body(Federation& fed, std::string_view id);

struct WorkplaceRow {
  std::string id, name, region, branch;
  int64_t members = 0;
  bool operator==(const WorkplaceRow&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &WorkplaceRow::id), field("name", &WorkplaceRow::name),
                      field("region", &WorkplaceRow::region),
                      field("branch", &WorkplaceRow::branch),
                      field("members", &WorkplaceRow::members)};
  }
};
struct WorkplaceList {
  std::vector<WorkplaceRow> workplaces;  // by id
  int64_t offset = 0, limit = 0;
  bool operator==(const WorkplaceList&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("workplaces", &WorkplaceList::workplaces),
                      field("offset", &WorkplaceList::offset),
                      field("limit", &WorkplaceList::limit)};
  }
};
Result<WorkplaceList> list_workplaces(Federation& fed, const Page& page);

struct ShopRow {
  std::string id, name;
  int64_t members = 0;
  bool operator==(const ShopRow&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &ShopRow::id), field("name", &ShopRow::name),
                      field("members", &ShopRow::members)};
  }
};
struct WorkplaceDetail {
  std::string id, name, region, branch;
  std::optional<std::string> region_name, branch_name;
  std::vector<ShopRow> shops;       // by id
  std::vector<BodySummary> bodies;  // elected in it, in the order declared
  int64_t members = 0;
  bool operator==(const WorkplaceDetail&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &WorkplaceDetail::id),
                      field("name", &WorkplaceDetail::name),
                      field("region", &WorkplaceDetail::region),
                      field("branch", &WorkplaceDetail::branch),
                      field("region_name", &WorkplaceDetail::region_name),
                      field("branch_name", &WorkplaceDetail::branch_name),
                      field("shops", &WorkplaceDetail::shops),
                      field("bodies", &WorkplaceDetail::bodies),
                      field("members", &WorkplaceDetail::members)};
  }
};
// not_found naming "id" when there is no such workplace.
Result<WorkplaceDetail> read_workplace(Federation& fed, std::string_view id);

// An office a member holds: a running mandate.
struct Office {
  std::string mandate, body, body_name, origin, ends;
  bool operator==(const Office&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("mandate", &Office::mandate), field("body", &Office::body),
                      field("body_name", &Office::body_name), field("origin", &Office::origin),
                      field("ends", &Office::ends)};
  }
};
// What members may see of each other (the constitution's default): name, workplace,
// category and offices. The full view adds the shop and the joining date: a member's own,
// and the operator's.
struct MemberView {
  std::string id, name, category, workplace;
  std::vector<Office> offices;
  std::optional<std::string> workplace_name;
  std::optional<std::string> shop, joined;  // the full view only
  bool operator==(const MemberView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &MemberView::id),
                      field("name", &MemberView::name),
                      field("category", &MemberView::category),
                      field("workplace", &MemberView::workplace),
                      field("offices", &MemberView::offices),
                      field("workplace_name", &MemberView::workplace_name),
                      field("shop", &MemberView::shop),
                      field("joined", &MemberView::joined)};
  }
};
// not_found naming "id" when there is no such member.
Result<MemberView> read_member(Federation& fed, std::string_view id, bool full);

struct MemberFilter {
  std::string workplace;  // required
};
struct MemberList {
  std::vector<MemberView> members;  // by id, the view members have of each other
  int64_t offset = 0, limit = 0;
  bool operator==(const MemberList&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("members", &MemberList::members), field("offset", &MemberList::offset),
                      field("limit", &MemberList::limit)};
  }
};
// invalid_argument naming "workplace" when none is given.
Result<MemberList> list_members(Federation& fed, const MemberFilter& filter, const Page& page);

}  // namespace collegium::federation
