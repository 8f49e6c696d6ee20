// The registry's projections: SQL tables derived from the public record, and the
// RegistryView that decide() reads them through.
#pragma once

#include <memory>
#include <optional>

#include "federation/decide.h"
#include "store/store.h"

namespace collegium::federation {

// Applies registry events to the projection tables. Events of other modules are ignored.
class RegistryProjector : public store::Projector {
 public:
  std::vector<store::Migration> migrations() const override;
  std::vector<std::string> tables() const override;
  Status apply(store::Sqlite& db, const record::Event& event) override;

 private:
  struct Statements;
  std::shared_ptr<Statements> statements_;  // prepared on first use, per connection
  store::Sqlite* prepared_for_ = nullptr;
  Status prepare(store::Sqlite& db);
};

// RegistryView over the projection tables of `db` (which must outlive it). Inside a
// transaction it sees that transaction's own writes.
class SqlRegistry : public RegistryView {
 public:
  explicit SqlRegistry(store::Sqlite& db);
  ~SqlRegistry() override;

  std::optional<Region> region(std::string_view id) const override;
  std::optional<Branch> branch(std::string_view id) const override;
  std::optional<Workplace> workplace(std::string_view id) const override;
  std::optional<Shop> shop(std::string_view id) const override;
  std::optional<Member> member(std::string_view id) const override;
  std::optional<Body> body(std::string_view id) const override;
  std::optional<std::string> id_by_name(Named kind, std::string_view name) const override;
  std::optional<std::string> shop_by_name(std::string_view workplace,
                                          std::string_view name) const override;

 private:
  struct Statements;
  store::Sqlite& db_;
  std::unique_ptr<Statements> q_;
};

}  // namespace collegium::federation
