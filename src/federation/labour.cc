// Officials' obligations: manual labour (A11), logged by the official and confirmed by a
// member of the shop where it was done, whose confirmed days count towards the condition
// of re-election; reports back to the electors; and the public record of pay (B8).
#include <fmt/format.h>

#include "base/util.h"
#include "federation/rules.h"

namespace collegium::federation::rules {

Result<Decision> decide_one(const RegistryView& s, const LogLabour& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "log manual labour"));
  auto shop = s.shop(c.shop);
  if (!shop) return not_found(fmt::format("no shop {}", c.shop), "/shop");
  if (!is_date(c.start)) {
    return invalid_argument(fmt::format("'{}' is not a date (YYYY-MM-DD)", c.start), "/start");
  }
  if (c.start > a.now.substr(0, 10)) {
    return invalid_argument("labour is logged once it has started, not in advance", "/start");
  }
  if (c.days < 1 || c.days > 31) return invalid_argument("log 1 to 31 days at a time", "/days");
  TRY(check_text(c.note, "/note", 1000));
  return Decision{
      {draft(LabourLogged{new_id("labour", a, {}), m.id, shop->id, c.start, c.days, c.note})}};
}

Result<Decision> decide_one(const RegistryView& s, const ConfirmLabour& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "confirm manual labour"));
  auto entry = s.labour_entry(c.entry);
  if (!entry) return not_found(fmt::format("no labour entry {}", c.entry), "/entry");
  if (!entry->confirmed_by.empty()) {
    return already_exists(fmt::format("this labour ({}) was confirmed by {}", entry->id,
                                      named_member(s, entry->confirmed_by)),
                          "/entry");
  }
  if (entry->member == m.id) {
    return permission_denied("an official cannot confirm their own labour", "/entry");
  }
  if (m.shop != entry->shop) {
    return permission_denied(
        fmt::format("only a member of the {} shop, where the work was done, can confirm it",
                    [&] {
                      auto shop = s.shop(entry->shop);
                      return shop ? shop->name : entry->shop;
                    }()),
        "/entry");
  }
  return Decision{{draft(LabourConfirmed{entry->id, m.id})}};
}

Result<Decision> decide_one(const RegistryView& s, const ReportBack& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "report back"));
  auto mandate = s.mandate(c.mandate);
  if (!mandate) return not_found(fmt::format("no mandate {}", c.mandate), "/mandate");
  if (mandate->member != m.id) {
    return permission_denied(
        fmt::format("{} is not yours; officials report on their own", named_mandate(s, *mandate)),
        "/mandate");
  }
  if (!mandate->ended.empty()) {
    return failed_precondition(
        fmt::format("the term of {} ended at {}", named_mandate(s, *mandate), mandate->ended),
        "/mandate");
  }
  TRY(check_text(c.text, "/text", 20000));
  return Decision{
      {draft(ReportPublished{new_id("report", a, {}), mandate->id, m.id, mandate->body, c.text})}};
}

Result<Decision> decide_one(const RegistryView& s, const RecordPay& c, const Actor& a) {
  if (a.id != kOperator) {
    return permission_denied("pay is recorded by the operator, from the accounts");
  }
  if (c.member.empty() == c.body.empty()) {
    return invalid_argument("give either a member or a body", "/member");
  }
  if (!c.member.empty() && !s.member(c.member)) {
    return not_found(fmt::format("no member {}", c.member), "/member");
  }
  if (!c.body.empty() && !s.body(c.body))
    return not_found(fmt::format("no body {}", c.body), "/body");
  if (c.monthly < 0 || c.monthly > 1'000'000'000) {
    return invalid_argument("monthly pay is 0 to 1,000,000,000", "/monthly");
  }
  if (c.benefits.size() > 2000) return invalid_argument("at most 2000 bytes", "/benefits");
  PayRecorded pay;
  if (!c.member.empty()) pay.member = c.member;
  if (!c.body.empty()) pay.body = c.body;
  pay.monthly = c.monthly;
  pay.benefits = c.benefits;
  return Decision{{draft(pay)}};
}

}  // namespace collegium::federation::rules
