// Read models of recall: petitions against an official's mandate, their signatures and
// the vote they force.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "federation/read_elections.h"

namespace collegium::federation {

struct RecallYou {
  bool signed_ = false;
  bool operator==(const RecallYou&) const = default;
  static constexpr auto fields() { return std::tuple{field("signed", &RecallYou::signed_)}; }
};
struct RecallView {
  std::string id, mandate, opened_by, opened_by_name, reason;
  std::string state;      // petition, voting, passed, failed
  int64_t threshold = 0;  // signatures that force the vote
  int64_t signatures = 0;
  std::string poll;  // the recall vote, once forced
  std::optional<MandateView> official;
  std::optional<RecallYou> you;  // the petition alone, for a member
  bool operator==(const RecallView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &RecallView::id),
                      field("mandate", &RecallView::mandate),
                      field("opened_by", &RecallView::opened_by),
                      field("opened_by_name", &RecallView::opened_by_name),
                      field("reason", &RecallView::reason),
                      field("state", &RecallView::state),
                      field("threshold", &RecallView::threshold),
                      field("signatures", &RecallView::signatures),
                      field("poll", &RecallView::poll, Presence::kOmitEmpty),
                      field("official", &RecallView::official),
                      field("you", &RecallView::you)};
  }
};
RecallView recall_view(const RegistryView& r, const Recall& recall);

struct RecallFilter {
  std::string state;  // open (petition or voting), petition, voting, passed, failed; empty: any
  std::string body;   // the body of the mandate
};
struct RecallList {
  std::vector<RecallView> recalls;  // newest first, at most 200
  bool operator==(const RecallList&) const = default;
  static constexpr auto fields() { return std::tuple{field("recalls", &RecallList::recalls)}; }
};
Result<RecallList> list_recalls(Federation& fed, const RecallFilter& filter);
// `viewer`: the member whose signature to report as `you`; empty for none. not_found
// naming "id" when there is no such petition.
Result<RecallView> read_recall(Federation& fed, std::string_view id, std::string_view viewer);

}  // namespace collegium::federation
