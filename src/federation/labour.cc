// Officials' manual labour (A11): logged by the official, confirmed by a member of the shop
// where it was done; confirmed days count towards the condition of re-election.
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
  return Decision{{draft(kLabourLogged, {{"id", new_id("labour", a, {})},
                                         {"member", m.id},
                                         {"shop", shop->id},
                                         {"start", c.start},
                                         {"days", c.days},
                                         {"note", c.note}})}};
}

Result<Decision> decide_one(const RegistryView& s, const ConfirmLabour& c, const Actor& a) {
  Member m = TRY(acting_member(s, a, "confirm manual labour"));
  auto entry = s.labour_entry(c.entry);
  if (!entry) return not_found(fmt::format("no labour entry {}", c.entry), "/entry");
  if (!entry->confirmed_by.empty()) {
    return already_exists(fmt::format("{} was confirmed by {}", entry->id, entry->confirmed_by),
                          "/entry");
  }
  if (entry->member == m.id) {
    return permission_denied("an official cannot confirm their own labour", "/entry");
  }
  if (m.shop != entry->shop) {
    return permission_denied(
        fmt::format("only a member of shop {}, where the work was done, can confirm it", entry->shop),
        "/entry");
  }
  return Decision{{draft(kLabourConfirmed, {{"entry", entry->id}, {"member", m.id}})}};
}

}  // namespace collegium::federation::rules
