// The API's governance routes: the constitution, polls (elections and recall votes) with
// their published ballots and count sheets, mandates, officials, recall petitions,
// motions, and membership decisions with their appeals (A12). What the public record holds is
// readable here by anyone, logged in or not (B1: officials' records, petitions, motions and the
// votes on them, decisions and appeals); ballots are not, until the poll closes, and then only
// shuffled and without names (invariant 3). Applications stay with members: an applicant is not
// yet one. Commands go through POST /api/commands (routes.cc).
#include <fmt/format.h>
#include <httplib.h>

#include "federation/codec.h"
#include "federation/read_appeals.h"
#include "federation/read_elections.h"
#include "federation/read_motions.h"
#include "federation/read_officials.h"
#include "federation/read_recall.h"
#include "server/api_shapes.h"
#include "server/server.h"

namespace collegium::server {

namespace fed = collegium::federation;

namespace {

// The member a read describes the standing of (`you`): the caller, unless the operator or
// nobody is logged in.
std::string viewer(const Context& c) {
  return c.session && !c.is_operator() ? c.session->subject : std::string();
}

}  // namespace

// Each handler parses the request, calls the federation's read model (read_*.h) and writes
// what it returns; the reads and the figures they show (report-back dates, appeal windows,
// pay differentials) are the federation's.
struct GovernanceHandlers {
  Server& s;

  fed::Federation& federation() { return s.federation(); }

  Reply body_pay(Context& c) { return read_reply(fed::read_body_pay(federation(), c.params[0])); }

  Reply constitution(Context&) {
    const fed::RegistryView& registry = federation().registry();
    return Reply{200,
                 {{"constitution", fed::to_json(registry.constitution())},
                  {"founded", registry.constitution_founded()}}};
  }

  // Polls ---------------------------------------------------------------------------------

  Reply polls(Context& c) {
    auto page = query_page(c.request);
    if (!page.ok()) return problem(page.status());
    fed::PollFilter f{query_text(c.request, "body"), query_text(c.request, "state"),
                      query_text(c.request, "member")};
    return read_reply(fed::list_polls(federation(), f, *page));
  }

  Reply poll(Context& c) {
    return read_reply(fed::read_poll(federation(), c.params[0], viewer(c)));
  }

  Reply poll_nominations(Context& c) {
    return read_reply(fed::read_nominations(federation(), c.params[0]));
  }

  Reply poll_ballots(Context& c) {
    auto blt = federation().registry().published_ballots(c.params[0]);
    if (!blt) {
      return problem(404, "not_found",
                     fmt::format("poll {} has no published ballots: they are published when an "
                                 "election closes",
                                 c.params[0]),
                     "id");
    }
    Reply r;
    r.text = *blt;
    r.content_type = "text/plain; charset=utf-8";
    r.headers.push_back(
        {"Content-Disposition", fmt::format("attachment; filename=\"{}.blt\"", c.params[0])});
    return r;
  }

  // Mandates and officials -------------------------------------------------------------------

  Reply mandates(Context& c) {
    fed::MandateFilter f;
    f.body = query_text(c.request, "body");
    f.member = query_text(c.request, "member");
    f.origin = query_text(c.request, "origin");
    f.running = query_text(c.request, "running") != "0";
    f.overdue = query_text(c.request, "overdue") == "1";
    return read_reply(fed::list_mandates(federation(), f));
  }

  Reply official(Context& c) { return read_reply(fed::read_official(federation(), c.params[0])); }

  // Recall petitions -------------------------------------------------------------------------

  Reply recalls(Context& c) {
    fed::RecallFilter f{query_text(c.request, "state"), query_text(c.request, "body")};
    return read_reply(fed::list_recalls(federation(), f));
  }

  Reply recall(Context& c) {
    return read_reply(fed::read_recall(federation(), c.params[0], viewer(c)));
  }

  // Motions ------------------------------------------------------------------------------------

  Reply motions(Context& c) {
    fed::MotionFilter f{query_text(c.request, "body"), query_text(c.request, "state")};
    return read_reply(fed::list_motions(federation(), f));
  }

  Reply motion(Context& c) { return read_reply(fed::read_motion(federation(), c.params[0])); }

  // Membership decisions and appeals (A12) -------------------------------------------------

  Reply appeals(Context& c) {
    fed::AppealFilter f{query_text(c.request, "state"), query_text(c.request, "body")};
    return read_reply(fed::list_appeals(federation(), f));
  }

  Reply appeal(Context& c) {
    return read_reply(fed::read_appeal(federation(), c.params[0], viewer(c)));
  }

  Reply adverse_decisions(Context& c) {
    return read_reply(fed::list_adverse_decisions(federation(), {query_text(c.request, "member")}));
  }

  Reply applications(Context& c) {
    return read_reply(fed::list_applications(federation(), {query_text(c.request, "state")}));
  }
};

void Server::add_governance_routes() {
  auto h = std::make_shared<GovernanceHandlers>(GovernanceHandlers{*this});
  auto bind = [h](Reply (GovernanceHandlers::*fn)(Context&)) {
    return [h, fn](Context& c) { return ((*h).*fn)(c); };
  };
  std::vector<Route> more = {
      {"GET",
       "/api/constitution",
       "The federation's rules as data (A13)",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::constitution)},
      {"GET",
       "/api/polls",
       "Elections and recall votes, newest first",
       Access::kPublic,
       false,
       {"body", "state", "member", "offset", "limit"},
       bind(&GovernanceHandlers::polls)},
      {"GET",
       "/api/polls/{id}",
       "A poll: candidates and statements; once closed, the result and the count sheet",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::poll)},
      {"GET",
       "/api/polls/{id}/nominations",
       "An election's nominations: waiting for the nominee's answer, standing, declined or "
       "withdrawn (accept_nomination, decline_nomination, withdraw_candidacy)",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::poll_nominations)},
      {"GET",
       "/api/polls/{id}/ballots",
       "The published ballots of a closed poll, as BLT, to recount with the poll's "
       "`recount_command`",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::poll_ballots)},
      {"GET",
       "/api/mandates",
       "Mandates: who holds which seat, from what origin, and when its report back is due",
       Access::kPublic,
       false,
       {"body", "member", "origin", "running", "overdue"},
       bind(&GovernanceHandlers::mandates)},
      {"GET",
       "/api/bodies/{id}/pay",
       "The pay and benefits of a body's offices beside its electorate's median pay (B8)",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::body_pay)},
      {"GET",
       "/api/officials/{id}",
       "An official: mandates, reports back, votes cast in bodies, manual labour, recall "
       "petitions",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::official)},
      {"GET",
       "/api/recalls",
       "Recall petitions",
       Access::kPublic,
       false,
       {"state", "body"},
       bind(&GovernanceHandlers::recalls)},
      {"GET",
       "/api/recalls/{id}",
       "A recall petition",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::recall)},
      {"GET",
       "/api/motions",
       "Motions before bodies, newest first",
       Access::kPublic,
       false,
       {"body", "state"},
       bind(&GovernanceHandlers::motions)},
      {"GET",
       "/api/motions/{id}",
       "A motion and the open votes on it",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::motion)},
      {"GET",
       "/api/appeals",
       "Appeals against refused admissions and removals (A12), newest first",
       Access::kPublic,
       false,
       {"state", "body"},
       bind(&GovernanceHandlers::appeals)},
      {"GET",
       "/api/appeals/{id}",
       "An appeal: its grounds, the decision appealed, the hearing and the vote",
       Access::kPublic,
       false,
       {},
       bind(&GovernanceHandlers::appeal)},
      {"GET",
       "/api/adverse-decisions",
       "Refused admissions and removals, with the window to appeal each (A12)",
       Access::kPublic,
       false,
       {"member"},
       bind(&GovernanceHandlers::adverse_decisions)},
      {"GET",
       "/api/applications",
       "Applications for membership and how the workplace's committee decided them",
       Access::kMember,
       false,
       {"state"},
       bind(&GovernanceHandlers::applications)},
  };
  // What each route answers: the read models' own schemas (fields.h).
  document(more, "GET /api/constitution", Shape{"ConstitutionReply", api::constitution_schema()});
  document(more, "GET /api/polls", shape_of<fed::PollList>("PollList"));
  document(more, "GET /api/polls/{id}", shape_of<fed::PollDetail>("PollDetail"));
  document(more, "GET /api/polls/{id}/nominations", shape_of<fed::Nominations>("Nominations"));
  document(more, "GET /api/polls/{id}/ballots",
           Shape{"", {{"type", "string"}, {"description", "BLT"}}, 200, "text/plain"});
  document(more, "GET /api/mandates", shape_of<fed::MandateList>("MandateList"));
  document(more, "GET /api/bodies/{id}/pay", shape_of<fed::BodyPay>("BodyPay"));
  document(more, "GET /api/officials/{id}", shape_of<fed::OfficialView>("OfficialView"));
  document(more, "GET /api/recalls", shape_of<fed::RecallList>("RecallList"));
  document(more, "GET /api/recalls/{id}", shape_of<fed::RecallView>("RecallView"));
  document(more, "GET /api/motions", shape_of<fed::MotionList>("MotionList"));
  document(more, "GET /api/motions/{id}", shape_of<fed::MotionView>("MotionView"));
  document(more, "GET /api/appeals", shape_of<fed::AppealList>("AppealList"));
  document(more, "GET /api/appeals/{id}", shape_of<fed::AppealView>("AppealView"));
  document(more, "GET /api/adverse-decisions",
           shape_of<fed::AdverseDecisionList>("AdverseDecisionList"));
  document(more, "GET /api/applications", shape_of<fed::ApplicationList>("ApplicationList"));
  for (auto& r : more) routes_.push_back(std::move(r));
}

}  // namespace collegium::server
