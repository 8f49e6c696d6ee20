// Membership decisions and appeals (A12): the committee of a workplace admits applicants
// and removes members by vote; every refusal and every removal can be appealed, within
// the constitution's window, to the elected body one level up, which hears the appeal,
// records the hearing, and decides by vote. An appeal upheld reverses the decision.
#include <fmt/format.h>

#include "federation/codec.h"
#include "federation/obligations.h"
#include "federation/rules.h"

namespace collegium::federation::rules {

namespace {

constexpr size_t kMaxTextChars = 8000;

// The committee that decides membership in a workplace; it must have seat holders, or
// its vote could never reach a quorum and every application would fail by default.
Result<Body> membership_committee(const RegistryView& s, std::string_view workplace,
                                  std::string_view field) {
  auto b = s.workplace_committee(workplace);
  if (!b) {
    return failed_precondition(fmt::format("{} has no elected committee to decide on membership",
                                           [&] {
                                             auto w = s.workplace(workplace);
                                             return w ? w->name
                                                      : fmt::format("workplace {}", workplace);
                                           }()),
                               std::string(field));
  }
  if (s.body_mandates(b->id).empty()) {
    return failed_precondition(
        fmt::format("{} has no seat holders yet; membership waits for its election",
                    sentence_start(named(*b))),
        std::string(field));
  }
  return *b;
}

// The adverse decision an appeal is against, as FileAppeal finds it.
struct Adverse {
  Appeal::Kind kind;
  std::string subject;    // application id or member id
  std::string appellant;  // who may file: the removed member, or the operator
  std::string body;       // the body that decided
  std::string decided;    // UTC
};

Result<Adverse> adverse_decision(const RegistryView& s, const Motion& m) {
  if (m.kind == Motion::Kind::kAdmission && m.state == Motion::State::kLost) {
    auto app = s.application(m.payload.value("application", ""));
    if (!app || app->state != Application::State::kRefused) {
      return failed_precondition(fmt::format("motion {} refused no application", m.id),
                                 "/decision");
    }
    return Adverse{Appeal::Kind::kAdmission, app->id, std::string(kOperator), app->body,
                   app->decided};
  }
  if (m.kind == Motion::Kind::kRemoval && m.state == Motion::State::kCarried) {
    auto former = s.former_member(m.payload.value("member", ""));
    if (!former || former->motion != m.id) {
      return failed_precondition(fmt::format("the removal decided by {} no longer stands", m.id),
                                 "/decision");
    }
    return Adverse{Appeal::Kind::kRemoval, former->member.id, former->member.id, former->body,
                   former->removed};
  }
  if (m.state == Motion::State::kOpen) {
    return failed_precondition(
        fmt::format("motion {} is still open: its decision can be appealed once taken", m.id),
        "/decision");
  }
  return failed_precondition(
      fmt::format("motion {} is not an adverse decision about a member: refused admissions and "
                  "removals are appealed (A12)",
                  m.id),
      "/decision");
}

}  // namespace

Result<Decision> decide_one(const RegistryView& s, const ApplyForAdmission& c, const Actor& a) {
  if (a.id != kOperator) {
    return permission_denied(
        "applicants have no login yet: the operator records an application on their behalf");
  }
  // The applicant must be one the registry could admit: the same checks as admit_member.
  TRY(federation::decide(s, Command{AdmitMember{c.member}}, a));
  if (auto pending = s.pending_application(c.member.id)) {
    return already_exists(fmt::format("{} already has an application before {}", named(c.member),
                                      named_body(s, pending->body)),
                          "/id");
  }
  Body committee = TRY(membership_committee(s, c.member.workplace, "/workplace"));
  Events events;
  Motion m = new_motion(s, a, Motion::Kind::kAdmission, committee, std::string(kOperator),
                        fmt::format("Admit {} ({}) to {}", c.member.name,
                                    to_string(c.member.category), c.member.workplace),
                        Json::object(), events);
  // The motion is the first event, the application the second.
  std::string application = new_id("application", a, Events(1));
  m.payload = {{"application", application}, {"member", c.member.id}};
  events.push_back(draft(motion_proposed(m)));
  events.push_back(draft(AdmissionApplied{application, to_json(c.member), committee.id, m.id}));
  return Decision{std::move(events)};
}

Result<Decision> decide_one(const RegistryView& s, const ProposeRemoval& c, const Actor& a) {
  auto member = s.member(c.member);
  if (!member) return not_found(fmt::format("no member {}", c.member), "/member");
  Body committee = TRY(membership_committee(s, member->workplace, "/member"));
  Member by = TRY(holder(s, a, committee, "propose removals"));
  // The reason is published with the motion: a removal is never a sanction for an
  // opinion (A12), and the appeal body reads it.
  TRY(check_text(c.reason, "/reason", kMaxTextChars));
  Motion m = new_motion(
      s, a, Motion::Kind::kRemoval, committee, by.id,
      fmt::format("Remove {} ({}) from membership: {}", member->name, member->id, c.reason),
      {{"member", member->id}, {"reason", c.reason}}, {});
  return Decision{{draft(motion_proposed(m))}};
}

Result<Decision> decide_one(const RegistryView& s, const FileAppeal& c, const Actor& a) {
  auto motion = s.motion(c.decision);
  if (!motion) return not_found(fmt::format("no motion {}", c.decision), "/decision");
  Adverse adverse = TRY(adverse_decision(s, *motion));
  if (a.id != adverse.appellant) {
    return permission_denied(
        adverse.kind == Appeal::Kind::kRemoval
            ? fmt::format("only {} may appeal their own removal", adverse.subject)
            : std::string("an applicant's appeal is filed by the operator on their behalf"));
  }
  if (auto existing = s.appeal_of(motion->id)) {
    return already_exists(fmt::format("the decision of motion {} was already appealed ({})",
                                      motion->id, existing->id),
                          "/decision");
  }
  std::string until = appeal_until(s.constitution(), adverse.decided);
  if (a.now > until) {
    return failed_precondition(fmt::format("the window to appeal {} closed at {} ({} days, A12)",
                                           motion->id, until, s.constitution().appeal_days),
                               "/decision");
  }
  TRY(check_text(c.grounds, "/grounds", kMaxTextChars));
  std::string above = appeal_body(s, adverse.body);
  if (above.empty()) {
    return failed_precondition(
        fmt::format("no elected body above {} can hear an appeal against it", adverse.body),
        "/decision");
  }
  return Decision{{draft(AppealFiled{new_id("appeal", a, {}), motion->id, adverse.kind,
                                     adverse.subject, a.id, c.grounds, above})}};
}

Result<Decision> decide_one(const RegistryView& s, const HearAppeal& c, const Actor& a) {
  auto appeal = s.appeal(c.appeal);
  if (!appeal) return not_found(fmt::format("no appeal {}", c.appeal), "/appeal");
  if (appeal->state != Appeal::State::kFiled) {
    return failed_precondition(fmt::format("appeal {} has been heard", appeal->id), "/appeal");
  }
  Body body = TRY(deciding_body(s, appeal->body, "/appeal"));
  Member by = TRY(holder(s, a, body, "hear its appeals"));
  TRY(check_text(c.minutes, "/minutes", kMaxTextChars));
  // The vote opens only now: a body decides an appeal after it has heard it.
  Motion m = new_motion(s, a, Motion::Kind::kAppeal, body, by.id,
                        fmt::format("Uphold the appeal against {} ({} of {}): {}", appeal->decision,
                                    enum_name(appeal->kind), appeal->subject, appeal->grounds),
                        {{"appeal", appeal->id}}, {});
  return Decision{
      {draft(motion_proposed(m)), draft(AppealHeard{appeal->id, by.id, c.minutes, m.id})}};
}

std::optional<std::string> membership_effects(const RegistryView& s, const Motion& m, bool carried,
                                              Events& events) {
  auto admit = [&](const Application& app) -> std::optional<std::string> {
    if (s.member(app.member.id) || s.former_member(app.member.id)) {
      return fmt::format("the id {} was taken meanwhile", app.member.id);
    }
    events.push_back(draft(MemberAdmitted{app.member}));
    return std::nullopt;
  };
  switch (m.kind) {
    case Motion::Kind::kAdmission: {
      auto app = s.application(m.payload.value("application", ""));
      if (!app) return "the application is gone";
      std::optional<std::string> why;
      if (carried) why = admit(*app);
      events.push_back(draft(AdmissionDecided{app->id, carried && !why}));
      return why;
    }
    case Motion::Kind::kRemoval: {
      if (!carried) return std::nullopt;
      auto member = s.member(m.payload.value("member", ""));
      if (!member) return "the member had already left";
      events.push_back(
          draft(MemberRemoved{member->id, m.id, m.body, m.payload.value("reason", "")}));
      // A removed member holds no office: their mandates end with their membership.
      for (const auto& mandate : s.member_mandates(member->id)) {
        events.push_back(draft(MandateEnded{mandate.id, "removed", m.id}));
      }
      return std::nullopt;
    }
    case Motion::Kind::kAppeal: {
      auto appeal = s.appeal(m.payload.value("appeal", ""));
      if (!appeal) return "the appeal is gone";
      std::optional<std::string> why;
      if (carried && appeal->kind == Appeal::Kind::kAdmission) {
        auto app = s.application(appeal->subject);
        why = app ? admit(*app) : std::optional<std::string>("the application is gone");
      } else if (carried) {
        auto former = s.former_member(appeal->subject);
        if (!former || s.member(appeal->subject)) {
          why = fmt::format("{} is a member again already", appeal->subject);
        } else {
          events.push_back(draft(MemberReinstated{appeal->subject, appeal->id}));
        }
      }
      events.push_back(draft(AppealDecided{appeal->id, carried, why}));
      return why;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace collegium::federation::rules
