#include "federation/projection.h"

#include <fmt/format.h>

#include "federation/codec.h"

namespace collegium::federation {

using store::Sqlite;
using store::Statement;

std::vector<store::Migration> RegistryProjector::migrations() const {
  return {{"federation/1", R"sql(
    CREATE TABLE regions(id TEXT PRIMARY KEY, name TEXT NOT NULL, seq INTEGER NOT NULL) STRICT;
    CREATE UNIQUE INDEX regions_name ON regions(name);
    CREATE TABLE branches(id TEXT PRIMARY KEY, name TEXT NOT NULL, seq INTEGER NOT NULL) STRICT;
    CREATE UNIQUE INDEX branches_name ON branches(name);
    CREATE TABLE workplaces(id TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL,
                            branch TEXT NOT NULL, seq INTEGER NOT NULL) STRICT;
    CREATE UNIQUE INDEX workplaces_name ON workplaces(name);
    CREATE TABLE shops(id TEXT PRIMARY KEY, workplace TEXT NOT NULL, name TEXT NOT NULL,
                       seq INTEGER NOT NULL) STRICT;
    CREATE UNIQUE INDEX shops_name ON shops(workplace, name);
    -- WITHOUT ROWID: members are found by id, so the id is the clustering key.
    CREATE TABLE members(id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL,
                         workplace TEXT NOT NULL, shop TEXT NOT NULL, joined TEXT NOT NULL,
                         seq INTEGER NOT NULL) STRICT, WITHOUT ROWID;
    CREATE INDEX members_workplace ON members(workplace);
    CREATE TABLE bodies(id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
                        constituency_kind TEXT NOT NULL, constituency_ref TEXT NOT NULL,
                        seats INTEGER NOT NULL, term_months INTEGER NOT NULL,
                        region TEXT NOT NULL, branch TEXT NOT NULL, seq INTEGER NOT NULL) STRICT;
    CREATE UNIQUE INDEX bodies_name ON bodies(name);
    -- For a body elected by delegates: the bodies whose seat holders elect it.
    CREATE TABLE body_electors(body TEXT NOT NULL, elector TEXT NOT NULL,
                               PRIMARY KEY(body, elector)) STRICT, WITHOUT ROWID;
    CREATE INDEX body_electors_elector ON body_electors(elector);
  )sql"},
          governance_migration(),
          membership_migration(),
          ballot_box_migration(),
          rules_migration(),
          open_ballots_migration(),
          economy_migration(),
          round_migration(),
          execution_migration(),
          execution_indicators_migration(),
          deliberation_migration()};
}

std::vector<std::string> RegistryProjector::tables() const {
  std::vector<std::string> t = {"regions", "branches", "workplaces",   "shops",
                                "members", "bodies",   "body_electors"};
  for (auto& g : governance_tables()) t.push_back(std::move(g));
  for (auto& g : economy_tables()) t.push_back(std::move(g));
  for (auto& g : round_tables()) t.push_back(std::move(g));
  for (auto& g : execution_tables()) t.push_back(std::move(g));
  for (auto& g : deliberation_tables()) t.push_back(std::move(g));
  return t;
}

Status RegistryProjector::apply(Sqlite& db, const record::Event& e) {
  if (prepared_for_ != &db || !governance_) {
    governance_ = std::make_unique<StatementCache>(db);
    prepared_for_ = &db;
  }
  return apply_registry_event(*governance_, box_, e);
}

struct SqlRegistry::Statements {
  Statement region, branch, workplace, shop, member, body, electors;
  Statement region_name, branch_name, workplace_name, body_name, shop_name;
};

SqlRegistry::SqlRegistry(Sqlite& db) : db_(db), cache_(db) {
  auto p = [&](const char* sql) {
    auto s = db_.prepare(sql);
    // The schema is created by the store's migrations before any view exists; a failure
    // here is a programming error, not bad input.
    if (!s.ok()) {
      fmt::print(stderr, "internal error: {}\n", s.status().to_string());
      std::abort();
    }
    return std::move(*s);
  };
  q_.reset(new Statements{
      p("SELECT id, name FROM regions WHERE id = ?"),
      p("SELECT id, name FROM branches WHERE id = ?"),
      p("SELECT id, name, region, branch FROM workplaces WHERE id = ?"),
      p("SELECT id, workplace, name FROM shops WHERE id = ?"),
      p("SELECT id, name, category, workplace, shop, joined FROM members WHERE id = ?"),
      p("SELECT id, name, kind, constituency_kind, constituency_ref, seats, term_months, region, "
        "branch FROM bodies WHERE id = ?"),
      p("SELECT elector FROM body_electors WHERE body = ? ORDER BY elector"),
      p("SELECT id FROM regions WHERE name = ?"),
      p("SELECT id FROM branches WHERE name = ?"),
      p("SELECT id FROM workplaces WHERE name = ?"),
      p("SELECT id FROM bodies WHERE name = ?"),
      p("SELECT id FROM shops WHERE workplace = ? AND name = ?"),
  });
}

SqlRegistry::~SqlRegistry() = default;

namespace {

// Runs a one-row lookup; `read` turns the row into a value.
template <typename T, typename F>
std::optional<T> lookup(Statement& q, std::string_view id, F read) {
  q.bind(1, id);
  std::optional<T> out;
  auto row = q.step();
  if (row.ok() && *row) out = read(q);
  q.reset();
  return out;
}

std::string col(const Statement& q, int i) {
  return std::string(q.column_text(i));
}

}  // namespace

std::optional<Region> SqlRegistry::region(std::string_view id) const {
  return lookup<Region>(q_->region, id, [](Statement& q) { return Region{col(q, 0), col(q, 1)}; });
}

std::optional<Branch> SqlRegistry::branch(std::string_view id) const {
  return lookup<Branch>(q_->branch, id, [](Statement& q) { return Branch{col(q, 0), col(q, 1)}; });
}

std::optional<Workplace> SqlRegistry::workplace(std::string_view id) const {
  return lookup<Workplace>(q_->workplace, id, [](Statement& q) {
    return Workplace{col(q, 0), col(q, 1), col(q, 2), col(q, 3)};
  });
}

std::optional<Shop> SqlRegistry::shop(std::string_view id) const {
  return lookup<Shop>(q_->shop, id, [](Statement& q) {
    return Shop{col(q, 0), col(q, 1), col(q, 2)};
  });
}

std::optional<Member> SqlRegistry::member(std::string_view id) const {
  return lookup<Member>(q_->member, id, [](Statement& q) {
    return Member{col(q, 0),
                  col(q, 1),
                  category_from_string(q.column_text(2)).value_or(Category::kProduction),
                  col(q, 3),
                  col(q, 4),
                  col(q, 5)};
  });
}

std::optional<Body> SqlRegistry::body(std::string_view id) const {
  auto b = lookup<Body>(q_->body, id, [](Statement& q) {
    Body row;
    row.id = col(q, 0);
    row.name = col(q, 1);
    row.kind = body_kind_from_string(q.column_text(2)).value_or(BodyKind::kWorkplaceCommittee);
    std::string_view ck = q.column_text(3);
    row.constituency.kind = ck == "bodies" ? Constituency::Kind::kBodies
                            : ck == "shop" ? Constituency::Kind::kShop
                                           : Constituency::Kind::kWorkplace;
    row.constituency.ref = col(q, 4);
    row.seats = static_cast<int>(q.column_int(5));
    row.term_months = static_cast<int>(q.column_int(6));
    row.region = col(q, 7);
    row.branch = col(q, 8);
    return row;
  });
  if (b && b->constituency.kind == Constituency::Kind::kBodies) {
    Statement& q = q_->electors;
    q.bind(1, id);
    while (true) {
      auto row = q.step();
      if (!row.ok() || !*row) break;
      b->constituency.bodies.push_back(col(q, 0));
    }
    q.reset();
  }
  return b;
}

std::optional<std::string> SqlRegistry::id_by_name(Named kind, std::string_view name) const {
  Statement* q = nullptr;
  switch (kind) {
    case Named::kRegion:
      q = &q_->region_name;
      break;
    case Named::kBranch:
      q = &q_->branch_name;
      break;
    case Named::kWorkplace:
      q = &q_->workplace_name;
      break;
    case Named::kBody:
      q = &q_->body_name;
      break;
  }
  return lookup<std::string>(*q, name, [](Statement& s) { return col(s, 0); });
}

std::optional<std::string> SqlRegistry::shop_by_name(std::string_view workplace,
                                                     std::string_view name) const {
  Statement& q = q_->shop_name;
  q.bind(2, name);
  return lookup<std::string>(q, workplace, [](Statement& s) { return col(s, 0); });
}

}  // namespace collegium::federation
