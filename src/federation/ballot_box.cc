#include "federation/ballot_box.h"

#include "base/crypto.h"
#include "federation/projection.h"

namespace collegium::federation {

namespace {

// A ranking as seal() writes it, ["a","b"], read without the JSON parser: a close reads
// every ballot of the poll, and ids have neither quotes nor escapes. Anything else returns
// false and is left to the parser.
bool split_ranking(std::string_view text, std::vector<std::string>& out) {
  if (text.size() < 2 || text.front() != '[' || text.back() != ']' ||
      text.find('\\') != std::string_view::npos) {
    return false;
  }
  text = text.substr(1, text.size() - 2);
  while (!text.empty()) {
    if (text.front() != '"') return false;
    size_t end = text.find('"', 1);
    if (end == std::string_view::npos) return false;
    out.emplace_back(text.substr(1, end - 1));
    text.remove_prefix(end + 1);
    if (!text.empty()) {
      if (text.front() != ',') return false;
      text.remove_prefix(1);
    }
  }
  return true;
}

}  // namespace

Status BallotBox::seal(StatementCache& q, const SealedBallot& b) {
  uint8_t id[16];
  random_bytes(id);
  return q("INSERT INTO ballot_box(id, poll, weight, ranking) VALUES(?, ?, ?, ?)")
      .bind_blob(1, id)
      .bind(2, b.poll)
      .bind(3, b.weight)
      .bind(4, Json(b.ranking).dump())
      .run();
}

std::vector<SealedBallot> BallotBox::ballots(StatementCache& cache, std::string_view poll) {
  store::Statement& q = cache("SELECT weight, ranking FROM ballot_box WHERE poll = ?");
  q.bind(1, poll);
  std::vector<SealedBallot> out;
  while (true) {
    auto row = q.step();
    if (!row.ok() || !*row) break;
    SealedBallot b{std::string(poll), q.column_int(0), {}};
    std::string_view text = q.column_text(1);
    if (!split_ranking(text, b.ranking)) {
      auto r = parse_json(text);
      if (r.ok() && r->is_array()) b.ranking = r->get<std::vector<std::string>>();
    }
    out.push_back(std::move(b));
  }
  return out;
}

Status BallotBox::discard(StatementCache& q, std::string_view poll) {
  TRY(q("DELETE FROM ballot_box WHERE poll = ?").bind(1, poll).run());
  discarded_ = true;
  return {};
}

Result<Json> BallotBox::empty_backup(store::Sqlite& copy) {
  // The polls whose ballots wait in the box: only polls still open have any.
  Json omitted = Json::array();
  auto q = TRY(copy.prepare("SELECT poll, COUNT(*) FROM ballot_box GROUP BY poll ORDER BY poll"));
  while (TRY(q.step())) {
    omitted.push_back({{"poll", std::string(q.column_text(0))}, {"ballots", q.column_int(1)}});
  }
  TRY(copy.exec("DELETE FROM ballot_box"));
  return omitted;
}

Status BallotBox::scrub(store::Store& store) {
  if (!discarded_) return {};
  discarded_ = false;
  return store.truncate_log();
}

}  // namespace collegium::federation
