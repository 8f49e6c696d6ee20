// Recall (A6): the petition against a mandate, and the recall vote it forces once enough
// of the mandate's electorate have signed. The vote's count and the refilling of the seat
// are with the elections' counts (elections.cc).
#include <fmt/format.h>

#include <algorithm>

#include "federation/rules.h"

namespace collegium::federation::rules {

namespace {

// The recall vote on `mandate`, forced by the petition `recall`: open for voting as it is
// called, for the constitution's voting period, with its electorate fixed now, so that it
// closes early once all of that electorate has voted. The one place a recall poll is made.
PollCalled recall_poll(const RegistryView& s, const Body& body, const Mandate& mandate,
                       std::string recall, std::string called_by, const Actor& a,
                       const Events& events) {
  PollCalled p;
  p.id = new_id("poll", a, events);
  p.kind = std::string(to_string(Poll::Kind::kRecall));
  p.body = body.id;
  p.seats = 0;
  p.method = "motion";
  p.reason = "recall";
  p.called_by = std::move(called_by);
  p.voting_close = plus_seconds(a.now, s.constitution().voting_seconds);
  p.mandate = mandate.id;
  p.recall = std::move(recall);
  p.electorate = s.electorate_size(body);
  if (body.constituency.kind == Constituency::Kind::kBodies) {
    p.delegates = s.delegate_weights(body);
  }
  return p;
}

}  // namespace

Result<Decision> decide_one(const RegistryView& s, const OpenRecall& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "open a recall petition"));
  auto mandate = s.mandate(c.mandate);
  if (!mandate) return not_found(fmt::format("no mandate {}", c.mandate), "/mandate");
  if (!mandate->ended.empty()) {
    return failed_precondition(
        fmt::format("the term of {} ended at {}", named_mandate(s, *mandate), mandate->ended),
        "/mandate");
  }
  if (mandate->origin == Mandate::Origin::kAppointment) {
    return failed_precondition(
        fmt::format("{} is held by appointment: the body that consented to it, {}, recalls it "
                    "(A5)",
                    sentence_start(named_mandate(s, *mandate)),
                    named_body(s, mandate->consenting_body)),
        "/mandate");
  }
  Body body = TRY(find_body(s, mandate->body, "/mandate"));
  // A6, A7: only the electorate that elected an official can recall them.
  TRY(elector(s, body, m));
  if (auto open = s.open_recall_of(mandate->id)) {
    return already_exists(
        fmt::format("a recall petition against {} is already open ({}); sign it instead",
                    named_mandate(s, *mandate), open->id),
        "/mandate");
  }
  TRY(check_text(c.reason, "/reason", kMaxStatementChars));
  Constitution con = s.constitution();
  int64_t electorate = s.electorate_size(body);
  int64_t threshold = std::max<int64_t>(1, con.recall_petition.of(electorate));
  Decision d;
  std::string id = new_id("recall", a, d.events);
  d.events.push_back(draft(RecallOpened{id, mandate->id, m.id, c.reason, threshold, electorate}));
  d.events.push_back(draft(RecallSigned{id, m.id}));
  if (threshold <= 1) {
    d.events.push_back(draft(recall_poll(s, body, *mandate, id, m.id, a, d.events)));
  }
  return d;
}

Result<Decision> decide_one(const RegistryView& s, const SignRecall& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "sign a recall petition"));
  auto r = s.recall(c.recall);
  if (!r) return not_found(fmt::format("no recall petition {}", c.recall), "/recall");
  if (r->state != Recall::State::kPetition) {
    return failed_precondition(
        fmt::format("{} is past its petition: it is {}", r->id, to_string(r->state)), "/recall");
  }
  auto mandate = s.mandate(r->mandate);
  if (!mandate) return internal_error(fmt::format("{} names no mandate", r->id));
  Body body = TRY(find_body(s, mandate->body, "/recall"));
  TRY(elector(s, body, m));
  if (s.has_signed(r->id, m.id)) {
    return already_exists(fmt::format("{} has already signed the petition to recall {}", named(m),
                                      named_member(s, mandate->member)),
                          "/recall");
  }
  Decision d;
  d.events.push_back(draft(RecallSigned{r->id, m.id}));
  if (r->signatures + 1 >= r->threshold) {
    // The threshold forces the vote; nobody decides whether it happens (A6).
    d.events.push_back(
        draft(recall_poll(s, body, *mandate, r->id, std::string(kClock), a, d.events)));
  }
  return d;
}

}  // namespace collegium::federation::rules
