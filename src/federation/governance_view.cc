// The RegistryView queries over the governance tables.
#include <fmt/format.h>

#include "federation/codec.h"
#include "federation/projection.h"
#include "federation/restore.h"

namespace collegium::federation {

using store::Sqlite;
using store::Statement;

// ---- the view ----

namespace {

std::string col(const Statement& q, int i) {
  return std::string(q.column_text(i));
}

// Steps to the next row; loops run it until it says false, which also ends the statement.
bool next(Statement& q) {
  auto row = q.step();
  return row.ok() && *row;
}

// The first row read by `read`, then the statement is reset so that no read stays open.
template <typename F>
auto first(Statement& q, F read) -> std::optional<decltype(read(q))> {
  std::optional<decltype(read(q))> out;
  if (next(q)) out = read(q);
  q.reset();
  return out;
}

bool exists(Statement& q) {
  return first(q, [](const Statement&) { return true; }).has_value();
}

int64_t scalar(Statement& q) {
  return first(q, [](const Statement& s) { return s.column_int(0); }).value_or(0);
}

constexpr const char* kPollColumns =
    "id, kind, state, body, seats, method, reason, called_by, nominations_close, voting_close, "
    "mandate, recall, replaces, electorate";

Poll read_poll(const Statement& q) {
  Poll p;
  p.id = col(q, 0);
  p.kind = q.column_text(1) == "recall" ? Poll::Kind::kRecall : Poll::Kind::kElection;
  std::string_view st = q.column_text(2);
  p.state = st == "nominating" ? Poll::State::kNominating
            : st == "voting"   ? Poll::State::kVoting
                               : Poll::State::kClosed;
  p.body = col(q, 3);
  p.seats = static_cast<int>(q.column_int(4));
  p.method = col(q, 5);
  p.reason = col(q, 6);
  p.called_by = col(q, 7);
  p.nominations_close = col(q, 8);
  p.voting_close = col(q, 9);
  p.mandate = col(q, 10);
  p.recall = col(q, 11);
  auto replaces = parse_json(q.column_text(12));
  if (replaces.ok() && replaces->is_array()) p.replaces = replaces->get<std::vector<std::string>>();
  p.electorate = q.column_int(13);
  return p;
}

constexpr const char* kMandateColumns =
    "id, body, member, origin, source, consenting_body, protected, started, ends, ended, "
    "end_reason";

Mandate read_mandate(const Statement& q) {
  Mandate m;
  m.id = col(q, 0);
  m.body = col(q, 1);
  m.member = col(q, 2);
  m.origin = enum_from_name<Mandate::Origin>(q.column_text(3)).value_or(Mandate::Origin::kElection);
  m.source = col(q, 4);
  m.consenting_body = col(q, 5);
  m.protected_ = q.column_int(6) != 0;
  m.started = col(q, 7);
  m.ends = col(q, 8);
  m.ended = col(q, 9);
  m.end_reason = col(q, 10);
  return m;
}

std::vector<Mandate> read_mandates(Statement& q) {
  std::vector<Mandate> out;
  while (next(q)) out.push_back(read_mandate(q));
  return out;
}

}  // namespace

Constitution SqlRegistry::constitution() const {
  auto text = first(cache_("SELECT json FROM constitution WHERE id = 1"),
                    [](const Statement& q) { return col(q, 0); });
  if (!text) return Constitution{};
  auto j = parse_json(*text);
  auto c = j.ok() ? constitution_from_json(*j, "") : Result<Constitution>(j.status());
  return c.ok() ? *c : Constitution{};
}

bool SqlRegistry::constitution_founded() const {
  return exists(cache_("SELECT 1 FROM constitution WHERE id = 1"));
}

bool SqlRegistry::any_mandate_ever() const {
  return exists(cache_("SELECT 1 FROM mandates LIMIT 1"));
}

std::optional<Poll> SqlRegistry::poll(std::string_view id) const {
  static const std::string sql = fmt::format("SELECT {} FROM polls WHERE id = ?", kPollColumns);
  return first(cache_(sql.c_str()).bind(1, id), read_poll);
}

std::optional<Poll> SqlRegistry::open_election(std::string_view body) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM polls WHERE body = ? AND state != 'closed' AND kind = 'election' LIMIT 1",
      kPollColumns);
  return first(cache_(sql.c_str()).bind(1, body), read_poll);
}

namespace {

std::vector<Candidate> read_candidates(Statement& q) {
  std::vector<Candidate> out;
  while (next(q)) {
    std::string_view st = q.column_text(5);
    Candidate::State state = st == "nominated"   ? Candidate::State::kNominated
                             : st == "declined"  ? Candidate::State::kDeclined
                             : st == "withdrawn" ? Candidate::State::kWithdrawn
                                                 : Candidate::State::kStanding;
    out.push_back({col(q, 0), col(q, 1), col(q, 2), q.column_int(3) != 0, col(q, 4), state});
  }
  return out;
}

}  // namespace

std::vector<Candidate> SqlRegistry::candidates(std::string_view poll) const {
  return read_candidates(
      cache_("SELECT poll, member, nominated_by, by_union, statement, state FROM candidates "
             "WHERE poll = ? AND state = 'standing' ORDER BY seq")
          .bind(1, poll));
}

std::vector<Candidate> SqlRegistry::nominations(std::string_view poll) const {
  return read_candidates(
      cache_("SELECT poll, member, nominated_by, by_union, statement, state FROM candidates "
             "WHERE poll = ? ORDER BY seq")
          .bind(1, poll));
}

int64_t SqlRegistry::open_candidacies(std::string_view member) const {
  return scalar(cache_("SELECT COUNT(*) FROM candidates c JOIN polls p ON p.id = c.poll "
                       "WHERE c.member = ? AND c.state = 'standing' AND p.state != 'closed'")
                    .bind(1, member));
}

bool SqlRegistry::has_voted(std::string_view poll, std::string_view member) const {
  return exists(cache_("SELECT 1 FROM poll_voters WHERE poll = ? AND member = ?")
                    .bind(1, poll)
                    .bind(2, member));
}

int64_t SqlRegistry::voters(std::string_view poll) const {
  return scalar(cache_("SELECT voters FROM polls WHERE id = ?").bind(1, poll));
}

std::vector<SealedBallot> SqlRegistry::sealed_ballots(std::string_view poll) const {
  return BallotBox::ballots(cache_, poll);
}

std::vector<OpenBallot> SqlRegistry::open_ballots(std::string_view poll) const {
  Statement& q =
      cache_("SELECT member, weight, ranking FROM open_ballots WHERE poll = ? ORDER BY member");
  q.bind(1, poll);
  std::vector<OpenBallot> out;
  while (next(q)) {
    OpenBallot b{col(q, 0), q.column_int(1), {}};
    auto r = parse_json(q.column_text(2));
    if (r.ok() && r->is_array()) b.ranking = r->get<std::vector<std::string>>();
    out.push_back(std::move(b));
  }
  return out;
}

std::optional<Mandate> SqlRegistry::mandate(std::string_view id) const {
  static const std::string sql =
      fmt::format("SELECT {} FROM mandates WHERE id = ?", kMandateColumns);
  return first(cache_(sql.c_str()).bind(1, id), read_mandate);
}

std::vector<Mandate> SqlRegistry::body_mandates(std::string_view body) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM mandates WHERE body = ? AND ended = '' ORDER BY seq", kMandateColumns);
  return read_mandates(cache_(sql.c_str()).bind(1, body));
}

std::vector<Mandate> SqlRegistry::member_mandates(std::string_view member) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM mandates WHERE member = ? AND ended = '' ORDER BY seq", kMandateColumns);
  return read_mandates(cache_(sql.c_str()).bind(1, member));
}

std::vector<Mandate> SqlRegistry::mandates_since(std::string_view member,
                                                 std::string_view since) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM mandates WHERE member = ? AND (ended = '' OR ended > ?) ORDER BY seq",
      kMandateColumns);
  return read_mandates(cache_(sql.c_str()).bind(1, member).bind(2, since));
}

int64_t SqlRegistry::labour_days_since(std::string_view member, std::string_view since) const {
  return scalar(cache_("SELECT COALESCE(SUM(days), 0) FROM labour WHERE member = ? AND start >= ? "
                       "AND confirmed_by != ''")
                    .bind(1, member)
                    .bind(2, since));
}

std::optional<RegistryView::LabourEntry> SqlRegistry::labour_entry(std::string_view id) const {
  Statement& q =
      cache_("SELECT id, member, shop, start, note, confirmed_by, days FROM labour WHERE id = ?");
  return first(q.bind(1, id), [](const Statement& r) {
    return LabourEntry{col(r, 0),
                       col(r, 1),
                       col(r, 2),
                       col(r, 3),
                       col(r, 4),
                       col(r, 5),
                       static_cast<int>(r.column_int(6))};
  });
}

std::optional<std::string> SqlRegistry::published_ballots(std::string_view poll) const {
  Statement& q = cache_("SELECT ballots FROM polls WHERE id = ? AND ballots IS NOT NULL");
  return first(q.bind(1, poll), [](const Statement& r) { return col(r, 0); });
}

int64_t SqlRegistry::represented(const Body& body) const {
  // Every body below this one, each counted once, and the members of the shops and
  // workplaces at the bottom.
  return scalar(cache_(R"sql(
      WITH RECURSIVE down(b) AS (
        SELECT ?1 UNION SELECT e.elector FROM body_electors e JOIN down ON e.body = down.b)
      SELECT COALESCE(SUM(CASE x.constituency_kind
          WHEN 'shop' THEN (SELECT COUNT(*) FROM members WHERE shop = x.constituency_ref)
          WHEN 'workplace' THEN (SELECT COUNT(*) FROM members WHERE workplace = x.constituency_ref)
          ELSE 0 END), 0)
      FROM down JOIN bodies x ON x.id = down.b)sql")
                    .bind(1, body.id));
}

bool SqlRegistry::represents(const Body& body, const Member& m) const {
  // Upwards from the member's shop and workplace to every body elected from them.
  return exists(cache_(R"sql(
      WITH RECURSIVE up(b) AS (
        SELECT id FROM bodies WHERE (constituency_kind = 'shop' AND constituency_ref = ?1)
                                 OR (constituency_kind = 'workplace' AND constituency_ref = ?2)
        UNION SELECT e.body FROM body_electors e JOIN up ON e.elector = up.b)
      SELECT 1 FROM up WHERE b = ?3 LIMIT 1)sql")
                    .bind(1, m.shop)
                    .bind(2, m.workplace)
                    .bind(3, body.id));
}

std::optional<int64_t> SqlRegistry::elector_weight(const Body& body,
                                                   std::string_view member) const {
  switch (body.constituency.kind) {
    case Constituency::Kind::kShop:
    case Constituency::Kind::kWorkplace: {
      auto m = this->member(member);
      if (!m) return std::nullopt;
      bool in = body.constituency.kind == Constituency::Kind::kShop
                    ? m->shop == body.constituency.ref
                    : m->workplace == body.constituency.ref;
      if (!in) return std::nullopt;
      return 1;
    }
    case Constituency::Kind::kBodies:
      break;
  }
  // A delegate carries the members their body represents, shared evenly among its seat
  // holders; the first holders (by mandate) carry one more where it does not divide.
  int64_t total = 0;
  bool delegate = false;
  for (const auto& elector : body.constituency.bodies) {
    auto holders = body_mandates(elector);
    for (size_t i = 0; i < holders.size(); ++i) {
      if (holders[i].member != member) continue;
      auto e = this->body(elector);
      if (!e) continue;
      int64_t n = represented(*e), h = static_cast<int64_t>(holders.size());
      total += n / h + (static_cast<int64_t>(i) < n % h ? 1 : 0);
      delegate = true;
    }
  }
  if (!delegate) return std::nullopt;
  return total;
}

std::map<std::string, int64_t> SqlRegistry::delegate_weights(const Body& body) const {
  std::map<std::string, int64_t> out;
  if (body.constituency.kind != Constituency::Kind::kBodies) return out;
  for (const auto& elector : body.constituency.bodies) {
    auto e = this->body(elector);
    auto holders = body_mandates(elector);
    if (!e || holders.empty()) continue;
    // As elector_weight: shared evenly, the first holders carrying one more.
    int64_t n = represented(*e), h = static_cast<int64_t>(holders.size());
    for (size_t i = 0; i < holders.size(); ++i) {
      out[holders[i].member] += n / h + (static_cast<int64_t>(i) < n % h ? 1 : 0);
    }
  }
  return out;
}

std::optional<int64_t> SqlRegistry::poll_weight(std::string_view poll, const Body& body,
                                                std::string_view member) const {
  int64_t opened = scalar(cache_("SELECT opened_seq FROM polls WHERE id = ?").bind(1, poll));
  if (opened == 0) return elector_weight(body, member);  // opened before the electorate was kept
  if (body.constituency.kind == Constituency::Kind::kBodies) {
    // A poll opened by an older server, whose opening event listed no delegates.
    if (!exists(cache_("SELECT 1 FROM poll_electors WHERE poll = ? LIMIT 1").bind(1, poll))) {
      return elector_weight(body, member);
    }
    return first(cache_("SELECT weight FROM poll_electors WHERE poll = ? AND member = ?")
                     .bind(1, poll)
                     .bind(2, member),
                 [](const Statement& q) { return q.column_int(0); });
  }
  // Record order decides: the members whose admission came before voting opened.
  auto w = elector_weight(body, member);
  if (!w) return std::nullopt;
  int64_t admitted = scalar(cache_("SELECT seq FROM members WHERE id = ?").bind(1, member));
  if (admitted >= opened) return std::nullopt;
  return w;
}

int64_t SqlRegistry::electorate_size(const Body& body) const {
  switch (body.constituency.kind) {
    case Constituency::Kind::kShop:
      return scalar(
          cache_("SELECT COUNT(*) FROM members WHERE shop = ?").bind(1, body.constituency.ref));
    case Constituency::Kind::kWorkplace:
      return scalar(cache_("SELECT COUNT(*) FROM members WHERE workplace = ?")
                        .bind(1, body.constituency.ref));
    case Constituency::Kind::kBodies:
      break;
  }
  return scalar(cache_("SELECT COUNT(DISTINCT m.member) FROM mandates m JOIN body_electors e "
                       "ON e.elector = m.body WHERE e.body = ? AND m.ended = ''")
                    .bind(1, body.id));
}

std::optional<Recall> SqlRegistry::recall(std::string_view id) const {
  Statement& stmt = cache_(
      "SELECT id, mandate, opened_by, reason, state, threshold, signatures, poll, electorate "
      "FROM recalls WHERE id = ?");
  return first(stmt.bind(1, id), [](const Statement& q) {
    Recall r;
    r.id = col(q, 0);
    r.mandate = col(q, 1);
    r.opened_by = col(q, 2);
    r.reason = col(q, 3);
    std::string_view st = q.column_text(4);
    r.state = st == "petition" ? Recall::State::kPetition
              : st == "voting" ? Recall::State::kVoting
              : st == "passed" ? Recall::State::kPassed
                               : Recall::State::kFailed;
    r.threshold = q.column_int(5);
    r.signatures = q.column_int(6);
    r.poll = col(q, 7);
    r.electorate = q.column_int(8);
    return r;
  });
}

std::optional<Recall> SqlRegistry::open_recall_of(std::string_view mandate) const {
  Statement& q = cache_(
      "SELECT id FROM recalls WHERE mandate = ? AND state IN ('petition', 'voting') LIMIT 1");
  auto id = first(q.bind(1, mandate), [](const Statement& r) { return col(r, 0); });
  if (!id) return std::nullopt;
  return recall(*id);
}

bool SqlRegistry::has_signed(std::string_view recall, std::string_view member) const {
  return exists(cache_("SELECT 1 FROM recall_signatures WHERE recall = ? AND member = ?")
                    .bind(1, recall)
                    .bind(2, member));
}

std::optional<Motion> SqlRegistry::motion(std::string_view id) const {
  Statement& stmt = cache_(
      "SELECT id, kind, state, body, proposed_by, text, closes, payload, yes, no, abstain "
      "FROM motions WHERE id = ?");
  return first(stmt.bind(1, id), [](const Statement& q) {
    Motion m;
    m.id = col(q, 0);
    std::string_view kind = q.column_text(1), state = q.column_text(2);
    m.kind = motion_kind_from_string(kind);
    m.state = state == "open"      ? Motion::State::kOpen
              : state == "carried" ? Motion::State::kCarried
                                   : Motion::State::kLost;
    m.body = col(q, 3);
    m.proposed_by = col(q, 4);
    m.text = col(q, 5);
    m.closes = col(q, 6);
    auto payload = parse_json(q.column_text(7));
    m.payload = payload.ok() ? *payload : Json::object();
    m.yes = q.column_int(8);
    m.no = q.column_int(9);
    m.abstain = q.column_int(10);
    return m;
  });
}

bool SqlRegistry::has_voted_motion(std::string_view motion, std::string_view member) const {
  return exists(cache_("SELECT 1 FROM motion_votes WHERE motion = ? AND member = ?")
                    .bind(1, motion)
                    .bind(2, member));
}

namespace {

constexpr const char* kApplicationColumns = "id, member, state, body, motion, decided";

Application read_application(const Statement& q) {
  Application a;
  a.id = col(q, 0);
  auto member = parse_json(q.column_text(1));
  if (member.ok()) {
    auto m = member_from_json(*member, "");
    if (m.ok()) a.member = std::move(*m);
  }
  std::string_view st = q.column_text(2);
  a.state = st == "pending"    ? Application::State::kPending
            : st == "admitted" ? Application::State::kAdmitted
                               : Application::State::kRefused;
  a.body = col(q, 3);
  a.motion = col(q, 4);
  a.decided = col(q, 5);
  return a;
}

constexpr const char* kAppealColumns =
    "id, decision, kind, subject, filed_by, grounds, body, state, filed, heard_by, minutes, "
    "motion";

Appeal read_appeal(const Statement& q) {
  Appeal a;
  a.id = col(q, 0);
  a.decision = col(q, 1);
  a.kind = enum_from_name<Appeal::Kind>(q.column_text(2)).value_or(Appeal::Kind::kAdmission);
  a.subject = col(q, 3);
  a.filed_by = col(q, 4);
  a.grounds = col(q, 5);
  a.body = col(q, 6);
  std::string_view st = q.column_text(7);
  a.state = st == "filed"    ? Appeal::State::kFiled
            : st == "heard"  ? Appeal::State::kHeard
            : st == "upheld" ? Appeal::State::kUpheld
                             : Appeal::State::kDismissed;
  a.filed = col(q, 8);
  a.heard_by = col(q, 9);
  a.minutes = col(q, 10);
  a.motion = col(q, 11);
  return a;
}

}  // namespace

std::optional<Application> SqlRegistry::application(std::string_view id) const {
  static const std::string sql =
      fmt::format("SELECT {} FROM applications WHERE id = ?", kApplicationColumns);
  return first(cache_(sql.c_str()).bind(1, id), read_application);
}

std::optional<Application> SqlRegistry::pending_application(std::string_view member) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM applications WHERE member_id = ? AND state = 'pending'", kApplicationColumns);
  return first(cache_(sql.c_str()).bind(1, member), read_application);
}

std::optional<FormerMember> SqlRegistry::former_member(std::string_view id) const {
  Statement& q = cache_(
      "SELECT id, name, category, workplace, shop, joined, motion, body, removed, reason "
      "FROM former_members WHERE id = ?");
  return first(q.bind(1, id), [](const Statement& r) {
    FormerMember f;
    f.member = Member{col(r, 0),
                      col(r, 1),
                      category_from_string(r.column_text(2)).value_or(Category::kProduction),
                      col(r, 3),
                      col(r, 4),
                      col(r, 5)};
    f.motion = col(r, 6);
    f.body = col(r, 7);
    f.removed = col(r, 8);
    f.reason = col(r, 9);
    return f;
  });
}

std::optional<Appeal> SqlRegistry::appeal(std::string_view id) const {
  static const std::string sql = fmt::format("SELECT {} FROM appeals WHERE id = ?", kAppealColumns);
  return first(cache_(sql.c_str()).bind(1, id), read_appeal);
}

std::optional<Appeal> SqlRegistry::appeal_of(std::string_view decision) const {
  static const std::string sql =
      fmt::format("SELECT {} FROM appeals WHERE decision = ?", kAppealColumns);
  return first(cache_(sql.c_str()).bind(1, decision), read_appeal);
}

std::optional<Body> SqlRegistry::workplace_committee(std::string_view workplace) const {
  Statement& q = cache_(
      "SELECT id FROM bodies WHERE constituency_kind = 'workplace' AND constituency_ref = ? "
      "AND kind = 'workplace_committee' ORDER BY seq LIMIT 1");
  auto id = first(q.bind(1, workplace), [](const Statement& r) { return col(r, 0); });
  return id ? body(*id) : std::nullopt;
}

std::vector<Body> SqlRegistry::bodies_elected_by(std::string_view elector) const {
  Statement& q = cache_(
      "SELECT b.id FROM body_electors e JOIN bodies b ON b.id = e.body WHERE e.elector = ? "
      "ORDER BY b.seq");
  std::vector<std::string> ids;
  q.bind(1, elector);
  while (next(q)) ids.push_back(col(q, 0));
  std::vector<Body> out;
  for (const auto& id : ids) {
    if (auto b = body(id)) out.push_back(std::move(*b));
  }
  return out;
}

RegistryView::Due SqlRegistry::due(std::string_view now, std::string_view lead_until) const {
  Due d;
  auto ids = [&](Statement& q, std::vector<std::string>& out) {
    while (next(q)) out.push_back(col(q, 0));
  };
  ids(cache_("SELECT id FROM motions m WHERE state = 'open' AND (closes <= ?1 OR "
             "yes + no + abstain >= (SELECT COUNT(*) FROM mandates WHERE body = m.body AND "
             "ended = '')) ORDER BY seq")
          .bind(1, now),
      d.motions);
  ids(cache_("SELECT id FROM polls WHERE (state = 'nominating' AND nominations_close <= ?1) OR "
             "(state = 'voting' AND (voting_close <= ?1 OR (electorate > 0 AND voters >= "
             "electorate))) "
             "ORDER BY seq")
          .bind(1, now),
      d.polls);
  ids(cache_("SELECT id FROM mandates WHERE ended = '' AND ends <= ? ORDER BY seq").bind(1, now),
      d.mandates);
  ids(cache_(R"sql(
      SELECT b.id FROM bodies b
      WHERE b.kind != 'specialist'
        AND NOT EXISTS (SELECT 1 FROM polls p WHERE p.body = b.id AND p.kind = 'election'
                                                 AND p.state != 'closed')
        AND ((SELECT COUNT(*) FROM mandates m WHERE m.body = b.id AND m.ended = '') < b.seats
             OR EXISTS (SELECT 1 FROM mandates m WHERE m.body = b.id AND m.ended = ''
                                                   AND m.ends <= ?1))
      ORDER BY b.seq)sql")
          .bind(1, lead_until),
      d.bodies);
  ids(cache_("SELECT id FROM rounds WHERE state = 'open' AND vote_until <= ? ORDER BY seq")
          .bind(1, now),
      d.rounds);
  // Overdue signals with a body above them to climb to (execution.h).
  ids(cache_(R"sql(
      SELECT s.id FROM plan_signals s JOIN workplaces w ON w.id = s.workplace
      WHERE s.state != 'resolved' AND s.level < 2
        AND ((s.state = 'raised' AND s.acknowledge_by <= ?1) OR s.decide_by <= ?1)
        AND (EXISTS (SELECT 1 FROM bodies WHERE kind = 'council')
             OR (s.level = 0 AND EXISTS (SELECT 1 FROM bodies b WHERE b.kind = 'union'
                 AND b.branch != '' AND b.branch = w.branch
                 AND (b.region = '' OR b.region = w.region))))
      ORDER BY s.seq)sql")
          .bind(1, now),
      d.signals);
  // Closed meeting items past their expiry: the clock publishes their minutes (B2).
  Statement& items = cache_(
      "SELECT meeting, item FROM meeting_items WHERE state = 'closed' AND until <= ? "
      "ORDER BY meeting, item");
  items.bind(1, now);
  while (next(items)) d.items.emplace_back(col(items, 0), items.column_int(1));
  items.reset();
  return d;
}

}  // namespace collegium::federation
