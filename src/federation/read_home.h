// Read model of a member's home (issue #15): what is open for them now, what is due from
// them, and the bodies they elect and sit on, gathered from the other read models
// (read_elections.h, read_recall.h, read_motions.h, read_rounds.h, read_execution.h) so
// that the page that greets a member after login needs one request, and `collegium show`
// the same one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "federation/read_elections.h"

namespace collegium::federation {

// One thing a member may do, or has to do. `kind` says what and where it is done (the web
// app links each kind to its page); `ref` is the id of what it is about (a poll, a
// petition, a motion, a round, a signal, a mandate, a workplace), `until` when it closes
// or is due (UTC; empty when nothing closes it), `overdue` that this date has passed.
struct HomeItem {
  std::string kind;
  std::string ref;
  std::string title;  // what it is about, in words: a body's, a round's, a workplace's name
  std::string body, body_name;
  std::string until;
  bool overdue = false;
  // A count the item states: a petition's signatures and threshold, the days of manual
  // labour confirmed over the last year and the days the constitution asks, a report
  // period's number (have alone).
  int64_t have = 0, need = 0;
  bool operator==(const HomeItem&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("kind", &HomeItem::kind, Presence::kRequired,
              "open: nominate, vote_election, vote_recall, sign_petition, vote_motion, "
              "amend_round, vote_round, signal; due: report_back, labour, workplace_report"),
        field("ref", &HomeItem::ref),
        field("title", &HomeItem::title),
        field("body", &HomeItem::body, Presence::kOmitEmpty),
        field("body_name", &HomeItem::body_name, Presence::kOmitEmpty),
        field("until", &HomeItem::until, Presence::kRequired,
              "UTC; empty when nothing closes it (a petition stays open until it is signed "
              "enough)"),
        field("overdue", &HomeItem::overdue),
        field("have", &HomeItem::have),
        field("need", &HomeItem::need)};
  }
};

struct HomeView {
  std::string member, name, workplace, workplace_name;
  std::vector<HomeItem> open;         // what the member may do now, soonest to close first
  std::vector<HomeItem> due;          // what is asked of them, soonest due first
  std::vector<MandateView> seats;     // their running mandates, with report back due
  std::vector<BodySummary> electing;  // the bodies they elect, in declaration order
  bool operator==(const HomeView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("member", &HomeView::member),
                      field("name", &HomeView::name),
                      field("workplace", &HomeView::workplace),
                      field("workplace_name", &HomeView::workplace_name),
                      field("open", &HomeView::open),
                      field("due", &HomeView::due),
                      field("seats", &HomeView::seats),
                      field("electing", &HomeView::electing, Presence::kRequired,
                            "the bodies whose electorate the member is in: their shop's and "
                            "workplace's, and those elected by bodies they sit on")};
  }
};

// The home of `member` at `now` (the store's clock). not_found naming "id" for an unknown
// member (a removed member has no home: their own page says what was decided). Who may read
// it (the member, the operator) is the route's to check.
Result<HomeView> read_home(Federation& fed, std::string_view member, std::string_view now);

}  // namespace collegium::federation
