#include "federation/decide.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/util.h"
#include "federation/codec.h"
#include "federation/rules.h"

namespace collegium::federation {

namespace {

constexpr size_t kMaxNameBytes = 200;

Status check_id(std::string_view id, const char* field = "/id") {
  if (!is_valid_id(id)) {
    return invalid_argument(fmt::format("'{}' is not a valid id: {}", id, id_rule()), field);
  }
  return {};
}

Status check_name(std::string_view name) {
  auto trimmed = [](std::string_view s) {
    return !s.empty() && s.front() != ' ' && s.back() != ' ';
  };
  if (name.empty()) return invalid_argument("a name cannot be empty", "/name");
  if (name.size() > kMaxNameBytes) {
    return invalid_argument(fmt::format("a name is at most {} bytes", kMaxNameBytes), "/name");
  }
  if (!trimmed(name)) return invalid_argument("a name cannot start or end with a space", "/name");
  // A name is shown beside others in lists, ballots and the record; characters that reorder
  // or hide text would let one name pass for another.
  if (auto why = rules::hidden_character(name, false)) {
    return invalid_argument(fmt::format("a name cannot contain {}", *why), "/name");
  }
  // UTF-8 validity is checked when the event is encoded canonically.
  return {};
}

Status unique_name(const RegistryView& s, RegistryView::Named kind, const char* what,
                   std::string_view name) {
  if (auto other = s.id_by_name(kind, name)) {
    return already_exists(fmt::format("the name '{}' is already used by {} {}", name, what, *other),
                          "/name");
  }
  return {};
}

template <typename T>
Status unique_id(const std::optional<T>& existing, const char* what, std::string_view id) {
  if (existing) return already_exists(fmt::format("{} {} already exists", what, id), "/id");
  return {};
}

// An event from its struct (events.h): the type is its kName, the payload its JSON.
template <class T>
EventDraft draft(const T& event) {
  return {std::string(T::kName), JsonCodec<T>::write(event)};
}

Result<std::vector<EventDraft>> decide_one(const RegistryView& s, const CreateRegion& c) {
  TRY(check_id(c.region.id));
  TRY(check_name(c.region.name));
  TRY(unique_id(s.region(c.region.id), "region", c.region.id));
  TRY(unique_name(s, RegistryView::Named::kRegion, "region", c.region.name));
  return std::vector{draft(RegionCreated{c.region})};
}

Result<std::vector<EventDraft>> decide_one(const RegistryView& s, const CreateBranch& c) {
  TRY(check_id(c.branch.id));
  TRY(check_name(c.branch.name));
  TRY(unique_id(s.branch(c.branch.id), "branch", c.branch.id));
  TRY(unique_name(s, RegistryView::Named::kBranch, "branch", c.branch.name));
  return std::vector{draft(BranchCreated{c.branch})};
}

Result<std::vector<EventDraft>> decide_one(const RegistryView& s, const CreateWorkplace& c) {
  const Workplace& w = c.workplace;
  TRY(check_id(w.id));
  TRY(check_name(w.name));
  TRY(unique_id(s.workplace(w.id), "workplace", w.id));
  TRY(unique_name(s, RegistryView::Named::kWorkplace, "workplace", w.name));
  if (!s.region(w.region)) return not_found(fmt::format("no region {}", w.region), "/region");
  if (!s.branch(w.branch)) return not_found(fmt::format("no branch {}", w.branch), "/branch");
  return std::vector{draft(WorkplaceCreated{w})};
}

Result<std::vector<EventDraft>> decide_one(const RegistryView& s, const CreateShop& c) {
  const Shop& sh = c.shop;
  TRY(check_id(sh.id));
  TRY(check_name(sh.name));
  TRY(unique_id(s.shop(sh.id), "shop", sh.id));
  if (!s.workplace(sh.workplace)) {
    return not_found(fmt::format("no workplace {}", sh.workplace), "/workplace");
  }
  if (auto other = s.shop_by_name(sh.workplace, sh.name)) {
    return already_exists(fmt::format("workplace {} already has a shop named '{}' ({})",
                                      sh.workplace, sh.name, *other),
                          "/name");
  }
  return std::vector{draft(ShopCreated{sh})};
}

Result<std::vector<EventDraft>> decide_one(const RegistryView& s, const AdmitMember& c) {
  const Member& m = c.member;
  TRY(check_id(m.id));
  TRY(check_name(m.name));
  if (auto existing = s.member(m.id)) {
    // One person, one membership: a member belongs to exactly one workplace.
    if (existing->workplace != m.workplace) {
      return already_exists(fmt::format("member {} already belongs to workplace {}; a member "
                                        "belongs to one workplace only",
                                        m.id, existing->workplace),
                            "/workplace");
    }
    return already_exists(fmt::format("member {} already exists", m.id), "/id");
  }
  if (auto former = s.former_member(m.id)) {
    // Ids are never reused; a removal is reversed by appeal (A12), not by readmission.
    return already_exists(
        fmt::format("{} was removed from membership by motion {}; a removal is undone by appeal",
                    rules::named(former->member), former->motion),
        "/id");
  }
  if (!s.workplace(m.workplace)) {
    return not_found(fmt::format("no workplace {}", m.workplace), "/workplace");
  }
  if (!m.shop.empty()) {
    auto shop = s.shop(m.shop);
    if (!shop) return not_found(fmt::format("no shop {}", m.shop), "/shop");
    if (shop->workplace != m.workplace) {
      return invalid_argument(fmt::format("shop {} belongs to workplace {}, not {}", m.shop,
                                          shop->workplace, m.workplace),
                              "/shop");
    }
  }
  if (!is_date(m.joined)) {
    return invalid_argument(fmt::format("'{}' is not a date (YYYY-MM-DD)", m.joined), "/joined");
  }
  return std::vector{draft(MemberAdmitted{m})};
}

Result<std::vector<EventDraft>> decide_one(const RegistryView& s, const DeclareBody& c) {
  Body b = c.body;
  TRY(check_id(b.id));
  TRY(check_name(b.name));
  TRY(unique_id(s.body(b.id), "body", b.id));
  TRY(unique_name(s, RegistryView::Named::kBody, "body", b.name));
  int min_seats = b.kind == BodyKind::kSpecialist ? 1 : kMinCollegiumSeats;
  if (b.seats < min_seats || b.seats > kMaxSeats) {
    return invalid_argument(
        b.seats < min_seats && b.kind != BodyKind::kSpecialist
            ? fmt::format("a {} manages, so it is a collegium of at least {} seats deciding by "
                          "vote (A3); {} given",
                          to_string(b.kind), kMinCollegiumSeats, b.seats)
            : fmt::format("seats must be between {} and {}", min_seats, kMaxSeats),
        "/seats");
  }
  if (b.term_months < 1 || b.term_months > kMaxTermMonths) {
    return invalid_argument(fmt::format("a term is 1 to {} months", kMaxTermMonths),
                            "/term_months");
  }
  if (!b.region.empty() && !s.region(b.region)) {
    return not_found(fmt::format("no region {}", b.region), "/region");
  }
  if (!b.branch.empty() && !s.branch(b.branch)) {
    return not_found(fmt::format("no branch {}", b.branch), "/branch");
  }
  switch (b.constituency.kind) {
    case Constituency::Kind::kWorkplace:
      if (!s.workplace(b.constituency.ref)) {
        return not_found(fmt::format("no workplace {}", b.constituency.ref),
                         "/constituency/workplace");
      }
      break;
    case Constituency::Kind::kShop:
      if (!s.shop(b.constituency.ref)) {
        return not_found(fmt::format("no shop {}", b.constituency.ref), "/constituency/shop");
      }
      break;
    case Constituency::Kind::kBodies: {
      std::set<std::string> seen;
      for (size_t i = 0; i < b.constituency.bodies.size(); ++i) {
        const std::string& e = b.constituency.bodies[i];
        std::string where = fmt::format("/constituency/bodies/{}", i);
        if (e == b.id) return invalid_argument("a body cannot elect itself", where);
        if (!seen.insert(e).second) {
          return invalid_argument(fmt::format("body {} is listed twice", e), where);
        }
        // Electing bodies must exist already, which is also why the body graph cannot
        // have a cycle: a body can only be elected by bodies declared before it.
        if (!s.body(e)) return not_found(fmt::format("no body {}", e), where);
      }
      std::sort(b.constituency.bodies.begin(), b.constituency.bodies.end());
      break;
    }
  }
  return std::vector{draft(BodyDeclared{b})};
}

}  // namespace

Result<Decision> decide(const RegistryView& state, const Command& command, const Actor& actor) {
  return std::visit(
      [&](const auto& c) -> Result<Decision> {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, Advance>) {
          // Federation::execute expands it into its steps.
          return internal_error("advance is expanded by the federation, not decided");
        } else if constexpr (requires { decide_one(state, c); }) {
          // The registry is kept by the operator on the bodies' behalf.
          if (actor.id != kOperator) {
            return permission_denied("the registry is changed by the operator");
          }
          return Decision{TRY(decide_one(state, c))};
        } else {
          return rules::decide_one(state, c, actor);
        }
      },
      command);
}

namespace rules {

std::string new_id(std::string_view kind, const Actor& actor, const Events& events) {
  return fmt::format("{}-{}", kind, actor.next_seq + events.size());
}

std::string plus_seconds(std::string_view now, int64_t seconds) {
  auto ms = utc_to_unix_ms(now);
  return unix_ms_to_utc((ms.ok() ? *ms : 0) + seconds * 1000);
}

std::string plus_months(std::string_view now, int months) {
  // YYYY-MM-DD...: move the month, keep the time of day, clamp the day to the month.
  int y = std::stoi(std::string(now.substr(0, 4)));
  int m = std::stoi(std::string(now.substr(5, 2))) - 1 + months;
  int d = std::stoi(std::string(now.substr(8, 2)));
  y += m / 12;
  m = m % 12 + 1;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  d = std::min(d, kDays[m - 1] + (m == 2 && leap ? 1 : 0));
  return fmt::format("{:04}-{:02}-{:02}{}", y, m, d, now.substr(10));
}

Result<Member> acting_member(const RegistryView& s, const Actor& actor, std::string_view doing) {
  auto m = s.member(actor.id);
  if (!m) return permission_denied(fmt::format("only members {}", doing));
  return *m;
}

std::string named(const Member& m) {
  return fmt::format("{} ({})", m.name, m.id);
}

std::string named_member(const RegistryView& s, std::string_view id) {
  if (auto m = s.member(id)) return named(*m);
  if (auto f = s.former_member(id)) return named(f->member);
  return std::string(id);
}

std::string named(const Body& b) {
  // A body's name is a title ("Committee of Foundry No. 1"); in a sentence it takes "the",
  // unless it brings its own.
  if (b.name.rfind("The ", 0) == 0 || b.name.rfind("the ", 0) == 0) return b.name;
  return "the " + b.name;
}

std::string named_body(const RegistryView& s, std::string_view id) {
  if (auto b = s.body(id)) return named(*b);
  return fmt::format("body {}", id);
}

std::string named_poll(const RegistryView& s, const Poll& p) {
  return fmt::format("{} {}",
                     p.kind == Poll::Kind::kRecall ? "the recall vote in" : "the election of",
                     named_body(s, p.body));
}

std::string named_mandate(const RegistryView& s, const Mandate& m) {
  return fmt::format("the seat of {} on {}", named_member(s, m.member), named_body(s, m.body));
}

std::string sentence_start(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

Status only_clock(const Actor& actor) {
  if (actor.id != kClock) return permission_denied("only the server's clock moves time forward");
  return {};
}

std::optional<std::string> hidden_character(std::string_view text, bool lines) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
    size_t left = text.size() - i;
    if (b(0) < 0x20 || b(0) == 0x7f) {
      if (lines && (b(0) == '\n' || b(0) == '\t')) continue;
      return fmt::format("control characters (byte {} is U+{:04X})", i, b(0));
    }
    uint32_t cp = 0;
    if (b(0) == 0xc2 && left >= 2) {
      cp = 0x80 | (b(1) & 0x3f);
    } else if ((b(0) == 0xe2 || b(0) == 0xef) && left >= 3) {
      cp = (uint32_t{b(0)} & 0x0f) << 12 | (uint32_t{b(1)} & 0x3f) << 6 | (b(2) & 0x3f);
    } else {
      continue;
    }
    if (cp >= 0x80 && cp <= 0x9f) {
      return fmt::format("control characters (byte {} is U+{:04X})", i, cp);
    }
    if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
      return fmt::format(
          "bidirectional controls, which reorder the text around them (byte {} is "
          "U+{:04X})",
          i, cp);
    }
    if ((cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || cp == 0xfeff) {
      return fmt::format("zero-width characters, which cannot be seen (byte {} is U+{:04X})", i,
                         cp);
    }
  }
  return std::nullopt;
}

size_t char_count(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

Status check_text(std::string_view text, std::string_view field, size_t max_chars) {
  if (text.empty()) return invalid_argument("cannot be empty", std::string(field));
  // Bytes bound the count from above: most texts are settled without counting.
  if (text.size() > max_chars) {
    if (size_t n = char_count(text); n > max_chars) {
      return invalid_argument(fmt::format("at most {} characters; this has {}", max_chars, n),
                              std::string(field));
    }
  }
  // Free text may run over lines, but must read as it is stored: reasons, statements and
  // minutes name members and bodies too.
  if (auto why = hidden_character(text, true)) {
    return invalid_argument(fmt::format("cannot contain {}", *why), std::string(field));
  }
  return {};
}

Result<Body> find_body(const RegistryView& s, std::string_view id, std::string_view field) {
  auto b = s.body(id);
  if (!b) return not_found(fmt::format("no body {}", id), std::string(field));
  return *b;
}

std::optional<Mandate> seat_of(const RegistryView& s, std::string_view body,
                               std::string_view member) {
  for (auto& m : s.member_mandates(member)) {
    if (m.body == body) return m;
  }
  return std::nullopt;
}

}  // namespace rules

}  // namespace collegium::federation
