#include "federation/constitution.h"

#include <fmt/format.h>

#include "count/methods.h"
#include "federation/governance.h"

namespace collegium::federation {

bool is_executive(BodyKind kind) {
  switch (kind) {
    case BodyKind::kShopCommittee:
    case BodyKind::kWorkplaceCommittee:
    case BodyKind::kUnion:
    case BodyKind::kCouncil:
      return true;
    case BodyKind::kCongress:  // an assembly of delegates, not an office that runs things
    case BodyKind::kControl:
    case BodyKind::kSpecialist:
      return false;
  }
  return false;
}

Status check_constitution(const Constitution& c) {
  auto method = [](const std::string& name, const char* field, bool single) -> Status {
    auto m = count::parse_method(name);
    bool ranked = m.ok() && (*m == count::Method::kScottishStv || *m == count::Method::kMeekStv ||
                             (single && *m == count::Method::kIrv));
    if (!ranked) {
      return invalid_argument(
          fmt::format("'{}' cannot fill seats from ranked ballots; use scottish-stv or meek-stv{}",
                      name, single ? ", or irv for one seat" : ""),
          field);
    }
    return {};
  };
  TRY(method(c.multi_seat_method, "/multi_seat_method", false));
  TRY(method(c.single_seat_method, "/single_seat_method", true));
  // A13: the rules cannot be made easier to change than by two thirds of the congress.
  if (c.amendment_majority.numerator * 3 < c.amendment_majority.denominator * 2) {
    return invalid_argument("the constitution changes only by at least two thirds (A13)",
                            "/amendment_majority");
  }
  if (c.recall_petition.numerator == 0) {
    return invalid_argument("a recall petition needs at least one signature share above zero",
                            "/recall_petition");
  }
  if (c.max_offices < 1 || c.max_offices > 20) {
    return invalid_argument("a member may hold 1 to 20 offices at once", "/max_offices");
  }
  if (c.manual_labour_days < 0 || c.manual_labour_days > 366) {
    return invalid_argument("0 to 366 days a year", "/manual_labour_days");
  }
  if (c.appeal_days < 1 || c.appeal_days > 3650) {
    return invalid_argument("an appeal window is 1 to 3650 days", "/appeal_days");
  }
  if (c.voting_seconds < 60)
    return invalid_argument("voting lasts at least a minute", "/voting_period");
  if (c.motion_seconds < 60)
    return invalid_argument("a motion is open at least a minute", "/motion_period");
  if (c.report_period_seconds < 60 || c.report_period_seconds > 366 * 86400) {
    return invalid_argument("a report period lasts a minute to a year", "/report_period");
  }
  if (c.signal_acknowledge_seconds < 60) {
    return invalid_argument("a body has at least a minute to acknowledge a signal",
                            "/signal_acknowledge_period");
  }
  if (c.platform_threshold < 1) {
    return invalid_argument("a platform needs at least one supporter to be recognised",
                            "/platform_threshold");
  }
  if (c.signal_decide_seconds < c.signal_acknowledge_seconds) {
    return invalid_argument("the time to decide on a signal is at least the time to acknowledge it",
                            "/signal_decide_period");
  }
  return {};
}

std::string_view to_string(Poll::Kind k) {
  return k == Poll::Kind::kElection ? "election" : "recall";
}

std::string_view to_string(Poll::State s) {
  switch (s) {
    case Poll::State::kNominating:
      return "nominating";
    case Poll::State::kVoting:
      return "voting";
    case Poll::State::kClosed:
      return "closed";
  }
  return "closed";
}

std::string_view to_string(Candidate::State s) {
  switch (s) {
    case Candidate::State::kNominated:
      return "nominated";
    case Candidate::State::kStanding:
      return "standing";
    case Candidate::State::kDeclined:
      return "declined";
    case Candidate::State::kWithdrawn:
      return "withdrawn";
  }
  return "withdrawn";
}

std::string_view to_string(Recall::State s) {
  switch (s) {
    case Recall::State::kPetition:
      return "petition";
    case Recall::State::kVoting:
      return "voting";
    case Recall::State::kPassed:
      return "passed";
    case Recall::State::kFailed:
      return "failed";
  }
  return "failed";
}

std::string_view to_string(Motion::Kind k) {
  switch (k) {
    case Motion::Kind::kAmendment:
      return "amendment";
    case Motion::Kind::kAppointment:
      return "appointment";
    case Motion::Kind::kRecallAppointee:
      return "recall_appointee";
    case Motion::Kind::kGeneral:
      return "general";
    case Motion::Kind::kAdmission:
      return "admission";
    case Motion::Kind::kRemoval:
      return "removal";
    case Motion::Kind::kAppeal:
      return "appeal";
    case Motion::Kind::kPlanningRound:
      return "planning_round";
    case Motion::Kind::kRoundAmendment:
      return "round_amendment";
    case Motion::Kind::kTargetRevision:
      return "target_revision";
    case Motion::Kind::kMinutes:
      return "minutes";
    case Motion::Kind::kCloseItem:
      return "close_item";
  }
  return "general";
}

Motion::Kind motion_kind_from_string(std::string_view s) {
  for (auto k : {Motion::Kind::kAmendment, Motion::Kind::kAppointment,
                 Motion::Kind::kRecallAppointee, Motion::Kind::kAdmission, Motion::Kind::kRemoval,
                 Motion::Kind::kAppeal, Motion::Kind::kPlanningRound, Motion::Kind::kRoundAmendment,
                 Motion::Kind::kTargetRevision, Motion::Kind::kMinutes, Motion::Kind::kCloseItem}) {
    if (to_string(k) == s) return k;
  }
  return Motion::Kind::kGeneral;
}

std::string_view to_string(Application::State s) {
  switch (s) {
    case Application::State::kPending:
      return "pending";
    case Application::State::kAdmitted:
      return "admitted";
    case Application::State::kRefused:
      return "refused";
  }
  return "refused";
}

std::string_view to_string(Appeal::State s) {
  switch (s) {
    case Appeal::State::kFiled:
      return "filed";
    case Appeal::State::kHeard:
      return "heard";
    case Appeal::State::kUpheld:
      return "upheld";
    case Appeal::State::kDismissed:
      return "dismissed";
  }
  return "dismissed";
}

std::string_view to_string(Motion::State s) {
  switch (s) {
    case Motion::State::kOpen:
      return "open";
    case Motion::State::kCarried:
      return "carried";
    case Motion::State::kLost:
      return "lost";
  }
  return "lost";
}

}  // namespace collegium::federation
