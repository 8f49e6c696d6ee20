#include "federation/tree.h"

#include <algorithm>
#include <set>

#include "federation/projection.h"

namespace collegium::federation {

namespace {

struct TreeBuilder {
  store::Sqlite& db;
  const TreeOptions& options;
  SqlRegistry registry{db};
  store::Statement workplace_members, shop_members;
  std::set<std::string> shown{};

  Result<int64_t> count(store::Statement& q, std::string_view ref) {
    q.bind(1, ref);
    TRY(q.step());
    int64_t n = q.column_int(0);
    q.reset();
    return n;
  }

  Result<BodyNode> node(const Body& b, int depth) {
    BodyNode n;
    n.body = b;
    if (!shown.insert(b.id).second) {
      n.shown_above = true;
      return n;
    }
    switch (b.constituency.kind) {
      case Constituency::Kind::kWorkplace:
        n.electorate = TRY(count(workplace_members, b.constituency.ref));
        if (auto w = registry.workplace(b.constituency.ref)) n.constituency_name = w->name;
        break;
      case Constituency::Kind::kShop:
        n.electorate = TRY(count(shop_members, b.constituency.ref));
        if (auto s = registry.shop(b.constituency.ref)) n.constituency_name = s->name;
        break;
      case Constituency::Kind::kBodies:
        for (const auto& e : b.constituency.bodies) {
          auto elector = registry.body(e);
          if (!elector) return corrupt("an elector body is missing from the projection", e);
          n.electorate += elector->seats;
          if (depth < options.max_depth &&
              static_cast<int64_t>(n.electors.size()) < options.max_children) {
            n.electors.push_back(TRY(node(*elector, depth + 1)));
          } else {
            n.omitted++;
          }
        }
        break;
    }
    return n;
  }
};

int root_rank(BodyKind k) {
  switch (k) {
    case BodyKind::kCouncil:
      return 0;
    case BodyKind::kControl:
      return 1;
    case BodyKind::kCongress:
      return 2;
    case BodyKind::kSpecialist:
      return 3;
    case BodyKind::kUnion:
      return 4;
    default:
      return 5;
  }
}

}  // namespace

Result<std::vector<BodyNode>> body_tree(store::Sqlite& db, const TreeOptions& options) {
  auto workplace_members = TRY(db.prepare("SELECT COUNT(*) FROM members WHERE workplace = ?"));
  auto shop_members = TRY(db.prepare("SELECT COUNT(*) FROM members WHERE shop = ?"));
  TreeBuilder t{db, options, SqlRegistry(db), std::move(workplace_members),
                std::move(shop_members)};
  // Roots: bodies that elect no other body. Shop committees are left out as roots: they
  // are the bottom of the tree, shown under their workplace in the web app.
  auto roots =
      TRY(db.prepare("SELECT id FROM bodies WHERE id NOT IN (SELECT elector FROM body_electors) "
                     "AND kind <> 'shop_committee' ORDER BY id"));
  std::vector<Body> bodies;
  while (TRY(roots.step())) {
    if (auto b = t.registry.body(roots.column_text(0))) bodies.push_back(std::move(*b));
  }
  std::stable_sort(bodies.begin(), bodies.end(), [](const Body& a, const Body& b) {
    return root_rank(a.kind) < root_rank(b.kind);
  });
  std::vector<BodyNode> out;
  for (const auto& b : bodies) out.push_back(TRY(t.node(b, 0)));
  return out;
}

}  // namespace collegium::federation
