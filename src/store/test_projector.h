// A small projection for the store's own tests: event "test.put" {key, value} sets a row.
#pragma once

#include "store/store.h"

namespace collegium::store::testing {

class KeyValueProjector : public Projector {
 public:
  std::vector<Migration> migrations() const override {
    return {{"test/1", "CREATE TABLE kv(key TEXT PRIMARY KEY, value INTEGER NOT NULL)"}};
  }
  std::vector<std::string> tables() const override { return {"kv"}; }
  Status apply(Sqlite& db, const record::Event& e) override {
    if (e.type != "test.put") return {};
    auto put = TRY(db.prepare("INSERT OR REPLACE INTO kv(key, value) VALUES(?, ?)"));
    return put.bind(1, e.payload.at("key").get<std::string>())
        .bind(2, e.payload.at("value").get<int64_t>())
        .run();
  }
};

inline Result<int64_t> count_rows(Sqlite& db, const std::string& table) {
  auto q = TRY(db.prepare("SELECT COUNT(*) FROM " + table));
  TRY(q.step());
  return q.column_int(0);
}

}  // namespace collegium::store::testing
