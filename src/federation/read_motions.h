// Read models of motions: what is before each body, and the open votes of its seat holders.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "federation/federation.h"
#include "federation/reads.h"

namespace collegium::federation {

struct MotionVoteView {
  std::string member, name;
  std::string choice;  // yes, no, abstain
  bool operator==(const MotionVoteView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("member", &MotionVoteView::member),
                      field("name", &MotionVoteView::name),
                      field("choice", &MotionVoteView::choice)};
  }
};
struct MotionView {
  std::string id;
  std::string kind;   // amendment, appointment, recall_appointee, general, admission...
  std::string state;  // open, carried, lost
  std::string body, body_name, proposed_by, proposed_by_name, text, closes;
  Json payload;  // what the motion does, by kind (governance.h)
  int64_t yes = 0, no = 0, abstain = 0;
  // Once closed: why it carried or was lost, in words ("a tie does not carry, as …"), from the
  // figures its motion.closed event recorded (motions.cc); and, for a carried motion whose effect
  // could not be applied, why not.
  std::optional<std::string> reason;
  std::optional<std::vector<MotionVoteView>> votes;  // one motion alone: the votes, in order
  bool operator==(const MotionView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &MotionView::id),
                      field("kind", &MotionView::kind),
                      field("state", &MotionView::state),
                      field("body", &MotionView::body),
                      field("body_name", &MotionView::body_name),
                      field("proposed_by", &MotionView::proposed_by),
                      field("proposed_by_name", &MotionView::proposed_by_name),
                      field("text", &MotionView::text),
                      field("closes", &MotionView::closes),
                      field("payload", &MotionView::payload),
                      field("yes", &MotionView::yes),
                      field("no", &MotionView::no),
                      field("abstain", &MotionView::abstain),
                      field("reason", &MotionView::reason),
                      field("votes", &MotionView::votes)};
  }
};
MotionView motion_view(const RegistryView& r, const Motion& m);
// Why a closed motion carried or was lost, from `closed`, the payload of its motion.closed
// event (carried, yes, no, abstain, quorum and, when its effect was refused, not_applied).
// nullopt for an open motion or a payload without those figures.
std::optional<std::string> motion_reason(const Motion& m, const Json& closed,
                                         const Constitution& c);

struct MotionFilter {
  std::string body, state;  // empty: any
};
struct MotionList {
  std::vector<MotionView> motions;  // newest first, at most 200
  bool operator==(const MotionList&) const = default;
  static constexpr auto fields() { return std::tuple{field("motions", &MotionList::motions)}; }
};
Result<MotionList> list_motions(Federation& fed, const MotionFilter& filter);
// With its votes. not_found naming "id" when there is no such motion.
Result<MotionView> read_motion(Federation& fed, std::string_view id);

}  // namespace collegium::federation
