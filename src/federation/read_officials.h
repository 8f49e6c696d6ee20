// Read models of officials' obligations (A6, A11, B1, B8): an official's mandates,
// reports back, votes cast in bodies, manual labour and recall petitions; and the pay of
// a body's offices beside the pay of those it represents.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "federation/read_elections.h"
#include "federation/read_recall.h"

namespace collegium::federation {

struct ReportView {
  std::string id, mandate, body, body_name, text, time;
  bool operator==(const ReportView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &ReportView::id),     field("mandate", &ReportView::mandate),
                      field("body", &ReportView::body), field("body_name", &ReportView::body_name),
                      field("text", &ReportView::text), field("time", &ReportView::time)};
  }
};
// A vote an official cast on a motion before a body they sit on (open, B1).
struct OfficialVote {
  std::string motion, choice, body, body_name, text, state;
  bool operator==(const OfficialVote&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("motion", &OfficialVote::motion), field("choice", &OfficialVote::choice),
        field("body", &OfficialVote::body),     field("body_name", &OfficialVote::body_name),
        field("text", &OfficialVote::text),     field("state", &OfficialVote::state)};
  }
};
struct LabourView {
  std::string id, shop, start;
  int64_t days = 0;
  std::string note;
  std::string confirmed_by;       // empty until a member of the shop confirms
  std::string confirmed_by_name;  // their name (issue #15); empty as long as confirmed_by is
  bool operator==(const LabourView&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("id", &LabourView::id),
        field("shop", &LabourView::shop),
        field("start", &LabourView::start),
        field("days", &LabourView::days),
        field("note", &LabourView::note),
        field("confirmed_by", &LabourView::confirmed_by),
        field("confirmed_by_name", &LabourView::confirmed_by_name, Presence::kOmitEmpty)};
  }
};
struct OfficialView {
  std::string id, name, category, workplace;
  std::vector<MandateView> mandates;  // newest first, with report back due while running
  std::vector<ReportView> reports;    // newest first, at most 100
  std::vector<OfficialVote> votes;    // newest first, at most 200
  std::vector<LabourView> labour;     // latest start first
  int64_t labour_days_confirmed = 0;
  int64_t labour_days_a_year = 0;   // what the constitution asks (A11)
  std::vector<RecallView> recalls;  // petitions against any of their mandates, newest first
  bool operator==(const OfficialView&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &OfficialView::id),
                      field("name", &OfficialView::name),
                      field("category", &OfficialView::category),
                      field("workplace", &OfficialView::workplace),
                      field("mandates", &OfficialView::mandates),
                      field("reports", &OfficialView::reports),
                      field("votes", &OfficialView::votes),
                      field("labour", &OfficialView::labour),
                      field("labour_days_confirmed", &OfficialView::labour_days_confirmed),
                      field("labour_days_a_year", &OfficialView::labour_days_a_year),
                      field("recalls", &OfficialView::recalls)};
  }
};
// not_found naming "id" when there is no such member.
Result<OfficialView> read_official(Federation& fed, std::string_view member);

// The pay recorded for a body's offices and, where pay is recorded for members it
// represents (down through the bodies that elect it), their median and the differential.
struct OfficePay {
  int64_t monthly = 0;
  std::string benefits;
  std::optional<double> electorate_median;
  std::optional<int64_t> electorate_with_pay;
  std::optional<double> differential;  // monthly / median (B8)
  bool operator==(const OfficePay&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("monthly", &OfficePay::monthly),
                      field("benefits", &OfficePay::benefits),
                      field("electorate_median", &OfficePay::electorate_median),
                      field("electorate_with_pay", &OfficePay::electorate_with_pay),
                      field("differential", &OfficePay::differential)};
  }
};
struct BodyPay {
  std::string body;
  Nullable<OfficePay> pay;  // null when no pay is recorded for its offices
  bool operator==(const BodyPay&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("body", &BodyPay::body), field("pay", &BodyPay::pay)};
  }
};
// not_found naming "id" when there is no such body.
Result<BodyPay> read_body_pay(Federation& fed, std::string_view body);

// Every body whose offices have pay recorded, by id: the B8 figures of the whole federation.
struct BodyPayList {
  std::vector<BodyPay> bodies;
  bool operator==(const BodyPayList&) const = default;
  static constexpr auto fields() { return std::tuple{field("bodies", &BodyPayList::bodies)}; }
};
Result<BodyPayList> list_body_pay(Federation& fed);

}  // namespace collegium::federation
