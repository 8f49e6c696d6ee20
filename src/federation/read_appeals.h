// Read models of membership decisions (A12): applications, refused admissions and
// removals with the window to appeal each, and the appeals heard one level up.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "federation/read_motions.h"

namespace collegium::federation {

struct AppealYou {
  bool hear = false;  // the viewer sits on the hearing body and the appeal awaits its hearing
  bool operator==(const AppealYou&) const = default;
  static constexpr auto fields() { return std::tuple{field("hear", &AppealYou::hear)}; }
};
struct AppealView {
  std::string id;
  std::string decision;  // the motion appealed
  std::string kind;      // admission or removal
  std::string subject, subject_name, filed_by, grounds, body, body_name;
  std::string state;  // filed, heard, upheld, dismissed
  std::string filed;
  std::optional<std::string> heard_by, heard_by_name, minutes, motion;  // once heard
  std::optional<MotionView> decision_motion, hearing_motion;            // one appeal alone
  std::optional<AppealYou> you;
  bool operator==(const AppealView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &AppealView::id),
                      field("decision", &AppealView::decision),
                      field("kind", &AppealView::kind),
                      field("subject", &AppealView::subject),
                      field("subject_name", &AppealView::subject_name),
                      field("filed_by", &AppealView::filed_by),
                      field("grounds", &AppealView::grounds),
                      field("body", &AppealView::body),
                      field("body_name", &AppealView::body_name),
                      field("state", &AppealView::state),
                      field("filed", &AppealView::filed),
                      field("heard_by", &AppealView::heard_by),
                      field("heard_by_name", &AppealView::heard_by_name),
                      field("minutes", &AppealView::minutes),
                      field("motion", &AppealView::motion),
                      field("decision_motion", &AppealView::decision_motion),
                      field("hearing_motion", &AppealView::hearing_motion),
                      field("you", &AppealView::you)};
  }
};

struct AppealFilter {
  std::string state;  // open (filed or heard), filed, heard, upheld, dismissed; empty: any
  std::string body;   // the hearing body
};
struct AppealList {
  std::vector<AppealView> appeals;  // newest first, at most 200
  bool operator==(const AppealList&) const = default;
  static constexpr auto fields() { return std::tuple{field("appeals", &AppealList::appeals)}; }
};
Result<AppealList> list_appeals(Federation& fed, const AppealFilter& filter);
// With the motions it concerns. `viewer`: the member whose part to add as `you`; empty for
// none. not_found naming "id" when there is no such appeal.
Result<AppealView> read_appeal(Federation& fed, std::string_view id, std::string_view viewer);

// A refused admission or a removal, and until when it can be appealed (obligations.h).
struct AdverseDecision {
  std::string decision;  // the motion
  std::string kind;      // admission or removal
  std::string subject;   // the application, or the member removed
  std::string person, name, body, body_name, decided, appeal_until;
  bool open = false;  // the window to appeal has not closed
  std::optional<std::string> text;
  std::optional<AppealView> appeal;
  // Where an appeal goes (obligations.h, appeal_body), and how many seat holders it has
  // now: a body with none cannot hear the appeal until its election fills the seats. Empty
  // and 0 when no body above can hear it.
  std::string hearing_body, hearing_body_name;
  int64_t hearing_holders = 0;
  bool operator==(const AdverseDecision&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("decision", &AdverseDecision::decision),
                      field("kind", &AdverseDecision::kind),
                      field("subject", &AdverseDecision::subject),
                      field("person", &AdverseDecision::person),
                      field("name", &AdverseDecision::name),
                      field("body", &AdverseDecision::body),
                      field("body_name", &AdverseDecision::body_name),
                      field("decided", &AdverseDecision::decided),
                      field("appeal_until", &AdverseDecision::appeal_until),
                      field("open", &AdverseDecision::open),
                      field("text", &AdverseDecision::text),
                      field("appeal", &AdverseDecision::appeal),
                      field("hearing_body", &AdverseDecision::hearing_body),
                      field("hearing_body_name", &AdverseDecision::hearing_body_name),
                      field("hearing_holders", &AdverseDecision::hearing_holders)};
  }
};
struct AdverseDecisionFilter {
  std::string member;  // one person's (an applicant's member id, or the removed member)
};
struct AdverseDecisionList {
  std::vector<AdverseDecision> decisions;  // newest first, at most 200
  bool operator==(const AdverseDecisionList&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("decisions", &AdverseDecisionList::decisions)};
  }
};
Result<AdverseDecisionList> list_adverse_decisions(Federation& fed,
                                                   const AdverseDecisionFilter& filter);

struct ApplicationView {
  std::string id;
  Json member;        // the applicant as they would be admitted (the federation file's form)
  std::string state;  // pending, admitted, refused
  std::string body, body_name, motion, decided;
  bool operator==(const ApplicationView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &ApplicationView::id),
                      field("member", &ApplicationView::member),
                      field("state", &ApplicationView::state),
                      field("body", &ApplicationView::body),
                      field("body_name", &ApplicationView::body_name),
                      field("motion", &ApplicationView::motion),
                      field("decided", &ApplicationView::decided)};
  }
};
struct ApplicationFilter {
  std::string state;  // empty: any
};
struct ApplicationList {
  std::vector<ApplicationView> applications;  // newest first, at most 200
  bool operator==(const ApplicationList&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("applications", &ApplicationList::applications)};
  }
};
Result<ApplicationList> list_applications(Federation& fed, const ApplicationFilter& filter);

}  // namespace collegium::federation
