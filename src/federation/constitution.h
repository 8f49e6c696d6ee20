// The constitution: a federation's rules as data (A13).
//
// It is founded once, before any seat is filled, and afterwards changes only by a motion
// of the Congress of Producers carried by at least two thirds of the votes cast
// (motions.cc); no command suspends it. Every rule that elections, recall, appointments
// and officials' obligations follow reads its figures from here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "federation/model.h"
#include "forecast/forecast.h"

namespace collegium::federation {

// A share such as two thirds; always 0 <= numerator <= denominator, denominator > 0.
struct Share {
  int numerator = 0;
  int denominator = 1;
  // The least whole number of `of` that reaches the share: two thirds of 7 is 5.
  int64_t of(int64_t of) const { return (of * numerator + denominator - 1) / denominator; }
  bool operator==(const Share&) const = default;
};

struct Constitution {
  // How seats are filled (A5): every seat by election; a body of several seats by STV
  // (Scottish rules), a body of one seat by IRV.
  std::string multi_seat_method = "scottish-stv";
  std::string single_seat_method = "irv";
  // How long nominations stay open after an election is called, and how long voting lasts.
  int64_t nomination_seconds = 7 * 86400;
  int64_t voting_seconds = 7 * 86400;
  // A term ends this long before its end date is reached for the election of the next one
  // to be called, so that the seat does not fall vacant in between.
  int64_t election_lead_seconds = 14 * 86400;

  // Recall (A6): a petition needs this share of the electorate; the recall vote passes
  // with more yes than no votes. A recalled STV seat is refilled by count-back when the
  // original ballots allow it, otherwise by a by-election.
  Share recall_petition{1, 5};
  bool count_back = true;
  // The least turnout of a recall vote whose result ends a mandate: empty, as many votes as
  // the petition had signatures; otherwise this share of the electorate the petition was
  // opened in. Below it the recall fails, so that a handful cannot unseat an official the
  // rest never voted on.
  std::optional<Share> recall_turnout;

  // Offices (A9): at most this many mandates at once per member; at least this share of
  // every control body holds no executive office.
  int max_offices = 2;
  Share control_without_executive{1, 3};
  // Composition (A10): at least this share of every committee's seats from production.
  Share production_share{2, 3};
  std::vector<BodyKind> production_share_applies_to = {BodyKind::kShopCommittee,
                                                       BodyKind::kWorkplaceCommittee,
                                                       BodyKind::kUnion, BodyKind::kCouncil};

  // Officials' obligations (A11, B8): days of manual labour per year, a condition of
  // re-election; how often officials report back to their electors.
  int manual_labour_days = 30;
  int64_t report_back_seconds = 90 * 86400;
  // Appeals (A12): how long after an adverse decision it may be appealed.
  int appeal_days = 90;

  // Motions in bodies: how long a motion stays open, and the share of votes cast that
  // amends this constitution (never less than two thirds).
  int64_t motion_seconds = 7 * 86400;
  Share amendment_majority{2, 3};

  // Carrying out the plan (C6, execution.h): how long a report period lasts (fixed for a
  // plan at its adoption); how long the body a signal is before has to acknowledge it, and
  // to record what it decided, before the signal climbs to the body above.
  int64_t report_period_seconds = 7 * 86400;
  int64_t signal_acknowledge_seconds = 3 * 86400;
  int64_t signal_decide_seconds = 14 * 86400;
  // When the forecaster calls a figure an alert or a crisis (src/forecast/forecast.h).
  forecast::Thresholds signal_thresholds;

  // Platforms (B4, deliberation.h): a platform is recognised once this many members
  // support it. An amendment may lower it, or raise it only as far as every recognised
  // platform still meets; nothing in the constitution can ban a platform.
  int platform_threshold = 10;

  bool operator==(const Constitution&) const = default;
};

// Executive offices for A9: seats on the bodies that run things day to day.
bool is_executive(BodyKind kind);

Json to_json(const Constitution& c);
// Reads a constitution; fields left out keep the defaults above. Errors name the field.
Result<Constitution> constitution_from_json(const Json& j, const std::string& path);
// The rules a constitution itself must respect (A13): shares within 0..1, the amendment
// majority at least two thirds, an office limit of at least one, known methods.
Status check_constitution(const Constitution& c);

}  // namespace collegium::federation
