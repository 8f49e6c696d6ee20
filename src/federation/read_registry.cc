#include "federation/read_registry.h"

#include <fmt/format.h>

#include "base/util.h"
#include "federation/read_common.h"

namespace collegium::federation {

using reads::body_name;
using reads::body_summaries;
using reads::body_summary;
using reads::check_page;
using reads::first_column;
using reads::single_int;

namespace {

TreeNode tree_node(const BodyNode& n) {
  TreeNode t;
  t.id = n.body.id;
  t.name = n.body.name;
  t.kind = std::string(to_string(n.body.kind));
  t.seats = n.body.seats;
  t.term_months = n.body.term_months;
  t.electorate = n.electorate;
  t.omitted = n.omitted;
  t.shown_above = n.shown_above;
  t.constituency_kind = std::string(to_string(n.body.constituency.kind));
  t.constituency_ref = n.body.constituency.ref;
  t.constituency_name = n.constituency_name;
  for (const auto& e : n.electors) t.electors.push_back(tree_node(e));
  return t;
}

}  // namespace

RecordHead record_head(Federation& fed) {
  return {static_cast<int64_t>(fed.store().head_seq()), to_hex(fed.store().head_hash())};
}

Result<FederationOverview> read_federation(Federation& fed, const TreeOptions& options) {
  FederationOverview out;
  Counts c = TRY(fed.counts());
  out.counts = {c.regions, c.branches,   c.workplaces, c.shops,         c.members,
                c.bodies,  c.production, c.technical,  c.administrative};
  for (const auto& n : TRY(body_tree(fed.store().db(), options))) out.tree.push_back(tree_node(n));
  out.record = record_head(fed);
  return out;
}

Result<BodyList> list_bodies(Federation& fed, const BodyFilter& filter, const Page& page) {
  TRY(check_page(page));
  if (!filter.kind.empty() && !body_kind_from_string(filter.kind)) {
    return invalid_argument(fmt::format("unknown kind (expected one of: {})", body_kinds_list()),
                            "kind");
  }
  auto q = TRY(fed.store().db().prepare(
      "SELECT id FROM bodies WHERE (?1 = '' OR kind = ?1) ORDER BY seq LIMIT ?2 OFFSET ?3"));
  q.bind(1, filter.kind).bind(2, page.limit).bind(3, page.offset);
  return BodyList{body_summaries(fed.registry(), TRY(first_column(q))), page.offset, page.limit};
}

Result<BodyDetail> read_body(Federation& fed, std::string_view id) {
  const RegistryView& r = fed.registry();
  auto& db = fed.store().db();
  auto b = r.body(id);
  if (!b) return not_found(fmt::format("no body {}", id), "id");
  BodyDetail d;
  d.id = b->id;
  d.name = b->name;
  d.kind = std::string(to_string(b->kind));
  d.seats = b->seats;
  d.term_months = b->term_months;
  d.region = b->region;
  d.branch = b->branch;
  const Constituency& c = b->constituency;
  switch (c.kind) {
    case Constituency::Kind::kBodies:
      d.constituency.bodies = c.bodies;
      d.electors = body_summaries(r, c.bodies);
      for (const auto& e : d.electors) d.electorate += e.seats;
      break;
    case Constituency::Kind::kWorkplace: {
      d.constituency.workplace = c.ref;
      auto q = TRY(db.prepare("SELECT COUNT(*) FROM members WHERE workplace = ?"));
      q.bind(1, c.ref);
      d.electorate = TRY(single_int(q));
      if (auto w = r.workplace(c.ref)) d.constituency_name = w->name;
      break;
    }
    case Constituency::Kind::kShop: {
      d.constituency.shop = c.ref;
      auto q = TRY(db.prepare("SELECT COUNT(*) FROM members WHERE shop = ?"));
      q.bind(1, c.ref);
      d.electorate = TRY(single_int(q));
      if (auto sh = r.shop(c.ref)) {
        d.constituency_name = sh->name;
        d.constituency_workplace = sh->workplace;
      }
      break;
    }
  }
  auto q = TRY(db.prepare("SELECT body FROM body_electors WHERE elector = ? ORDER BY body"));
  q.bind(1, b->id);
  d.elects = body_summaries(r, TRY(first_column(q)));
  // The seats in order of mandate, then the vacant ones.
  auto holders = r.body_mandates(b->id);
  for (int i = 0; i < b->seats; ++i) {
    Seat s;
    s.seat = i + 1;
    if (i < static_cast<int>(holders.size())) {
      const auto& m = holders[i];
      auto who = r.member(m.member);
      s.holder.value = m.member;
      s.holder_name = who ? who->name : m.member;
      s.mandate = m.id;
      s.origin = std::string(enum_name(m.origin));
      s.term_ends.value = m.ends;
    }
    d.seat_holders.push_back(std::move(s));
  }
  if (auto open = r.open_election(b->id)) d.open_election = open->id;
  if (auto reg = r.region(b->region)) d.region_name = reg->name;
  if (auto br = r.branch(b->branch)) d.branch_name = br->name;
  return d;
}

Result<WorkplaceList> list_workplaces(Federation& fed, const Page& page) {
  TRY(check_page(page));
  auto q = TRY(fed.store().db().prepare(
      "SELECT w.id, w.name, w.region, w.branch, (SELECT COUNT(*) FROM members m WHERE "
      "m.workplace = w.id) FROM workplaces w ORDER BY w.id LIMIT ? OFFSET ?"));
  q.bind(1, page.limit).bind(2, page.offset);
  WorkplaceList out{{}, page.offset, page.limit};
  while (TRY(q.step())) {
    out.workplaces.push_back({std::string(q.column_text(0)), std::string(q.column_text(1)),
                              std::string(q.column_text(2)), std::string(q.column_text(3)),
                              q.column_int(4)});
  }
  return out;
}

Result<WorkplaceDetail> read_workplace(Federation& fed, std::string_view id) {
  const RegistryView& r = fed.registry();
  auto& db = fed.store().db();
  auto w = r.workplace(id);
  if (!w) return not_found(fmt::format("no workplace {}", id), "id");
  WorkplaceDetail d;
  d.id = w->id;
  d.name = w->name;
  d.region = w->region;
  d.branch = w->branch;
  if (auto reg = r.region(w->region)) d.region_name = reg->name;
  if (auto br = r.branch(w->branch)) d.branch_name = br->name;
  auto shops =
      TRY(db.prepare("SELECT s.id, s.name, (SELECT COUNT(*) FROM members m WHERE m.shop = s.id) "
                     "FROM shops s WHERE s.workplace = ? ORDER BY s.id"));
  shops.bind(1, w->id);
  while (TRY(shops.step())) {
    d.shops.push_back({std::string(shops.column_text(0)), std::string(shops.column_text(1)),
                       shops.column_int(2)});
  }
  auto bodies =
      TRY(db.prepare("SELECT id FROM bodies WHERE constituency_ref = ?1 OR constituency_ref IN "
                     "(SELECT id FROM shops WHERE workplace = ?1) ORDER BY seq"));
  bodies.bind(1, w->id);
  d.bodies = body_summaries(r, TRY(first_column(bodies)));
  auto members = TRY(db.prepare("SELECT COUNT(*) FROM members WHERE workplace = ?"));
  members.bind(1, w->id);
  d.members = TRY(single_int(members));
  return d;
}

namespace {

MemberView member_view(const RegistryView& r, const Member& m, bool full) {
  MemberView v;
  v.id = m.id;
  v.name = m.name;
  v.category = std::string(to_string(m.category));
  v.workplace = m.workplace;
  for (const auto& o : r.member_mandates(m.id)) {
    v.offices.push_back(
        {o.id, o.body, body_name(r, o.body), std::string(enum_name(o.origin)), o.ends});
  }
  if (auto w = r.workplace(m.workplace)) v.workplace_name = w->name;
  if (full) {
    v.shop = m.shop;
    v.joined = m.joined;
  }
  return v;
}

}  // namespace

Result<MemberView> read_member(Federation& fed, std::string_view id, bool full) {
  auto m = fed.registry().member(id);
  if (!m) return not_found(fmt::format("no member {}", id), "id");
  return member_view(fed.registry(), *m, full);
}

Result<MemberList> list_members(Federation& fed, const MemberFilter& filter, const Page& page) {
  if (filter.workplace.empty()) {
    return invalid_argument("give the workplace whose members to list", "workplace");
  }
  TRY(check_page(page));
  auto q = TRY(fed.store().db().prepare(
      "SELECT id FROM members WHERE workplace = ? ORDER BY id LIMIT ? OFFSET ?"));
  q.bind(1, filter.workplace).bind(2, page.limit).bind(3, page.offset);
  MemberList out{{}, page.offset, page.limit};
  for (const auto& id : TRY(first_column(q))) {
    if (auto m = fed.registry().member(id))
      out.members.push_back(member_view(fed.registry(), *m, false));
  }
  return out;
}

}  // namespace collegium::federation
