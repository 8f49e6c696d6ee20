// Motions before a body, voted openly by its seat holders (A3): amendments of the
// constitution by the congress (A13), and appointments by consent of the union body
// concerned, which can also recall its appointee (A5). Motions about membership and
// appeals (A12) are proposed in appeals.cc, which also says what they cause.
#include <fmt/format.h>

#include <algorithm>

#include "federation/codec.h"
#include "federation/rules.h"

namespace collegium::federation::rules {

namespace {

Decision propose(const Motion& m) {
  return Decision{{draft(motion_proposed(m))}};
}

// A5: only a post that no election fills may be filled by appointment, and never beyond its
// seats. Every body but a specialist one is elected by the clock, so an appointment to it
// would sit beside the seats its electorate fills.
Status appointable(const RegistryView& s, const Body& post) {
  if (post.kind != BodyKind::kSpecialist) {
    std::string kind(to_string(post.kind));
    std::replace(kind.begin(), kind.end(), '_', ' ');
    return failed_precondition(
        fmt::format("{} is a {} whose seats its electorate fills by election; only executive and "
                    "specialist posts, declared as specialist bodies, may be filled by "
                    "appointment, and only as an exception (A5)",
                    sentence_start(named(post)), kind),
        "/post");
  }
  auto running = s.body_mandates(post.id).size();
  if (running >= static_cast<size_t>(post.seats)) {
    return failed_precondition(
        fmt::format("every seat of {} is filled: {} of {}", named(post), running, post.seats),
        "/post");
  }
  return {};
}

// The union bodies a post concerns, by the registry: a union that elects the post, or
// whose branch (and region, where both are declared) is the post's own, or the branch of
// the workplace the post serves, or a union elected by that workplace's committee.
Status may_consent(const RegistryView& s, const Body& post, const Body& u) {
  if (u.kind != BodyKind::kUnion) {
    return invalid_argument(
        fmt::format("{} is not a union body; appointments need the union's consent (A5)",
                    sentence_start(named(u))),
        "/consenting_body");
  }
  const auto& electors = post.constituency.bodies;
  if (std::find(electors.begin(), electors.end(), u.id) != electors.end()) return {};
  auto same = [](const std::string& a, const std::string& b) {
    return a.empty() || b.empty() || a == b;
  };
  if (!post.branch.empty() && post.branch == u.branch && same(post.region, u.region)) return {};
  std::string workplace =
      post.constituency.kind == Constituency::Kind::kWorkplace ? post.constituency.ref : "";
  if (post.constituency.kind == Constituency::Kind::kShop) {
    if (auto shop = s.shop(post.constituency.ref)) workplace = shop->workplace;
  }
  std::string serves = "no branch";
  if (auto b = s.branch(post.branch)) serves = "the " + b->name + " branch";
  if (auto w = s.workplace(workplace)) {
    if (w->branch == u.branch && same(w->region, u.region)) return {};
    if (auto committee = s.workplace_committee(w->id)) {
      for (const auto& above : s.bodies_elected_by(committee->id)) {
        if (above.id == u.id) return {};
      }
    }
    auto branch = s.branch(w->branch);
    auto region = s.region(w->region);
    serves = fmt::format("{} ({} branch, {} region)", w->name, branch ? branch->name : w->branch,
                         region ? region->name : w->region);
  }
  return failed_precondition(
      fmt::format("{} cannot consent to an appointment to {}: the post serves {}, and the "
                  "consent is for the union body of that branch and workplace (A5)",
                  sentence_start(named(u)), named(post), serves),
      "/consenting_body");
}

}  // namespace

MotionProposed motion_proposed(const Motion& m) {
  return {m.id, std::string(to_string(m.kind)), m.body, m.proposed_by, m.text, m.closes, m.payload};
}

Result<Body> deciding_body(const RegistryView& s, std::string_view id, std::string_view field) {
  Body b = TRY(find_body(s, id, field));
  if (b.kind == BodyKind::kSpecialist) {
    return failed_precondition(
        fmt::format("{} is a specialist body: it receives tasks and decides nothing (A2)",
                    sentence_start(named(b))),
        std::string(field));
  }
  return b;
}

Result<Member> holder(const RegistryView& s, const Actor& a, const Body& b,
                      std::string_view doing) {
  Member m = TRY(acting_member(s, a, doing));
  if (!seat_of(s, b.id, m.id)) {
    return permission_denied(
        fmt::format("{} does not sit on {}; only its members {}", named(m), named(b), doing));
  }
  return m;
}

Motion new_motion(const RegistryView& s, const Actor& a, Motion::Kind kind, const Body& body,
                  std::string proposed_by, std::string text, Json payload, const Events& events) {
  Motion m;
  m.id = new_id("motion", a, events);
  m.kind = kind;
  m.body = body.id;
  m.proposed_by = std::move(proposed_by);
  m.text = std::move(text);
  m.closes = plus_seconds(a.now, s.constitution().motion_seconds);
  m.payload = std::move(payload);
  return m;
}

Result<Decision> decide_one(const RegistryView& s, const FoundConstitution& c, const Actor& a) {
  if (a.id != kOperator) {
    return permission_denied("the first constitution is set when the federation is founded");
  }
  if (s.constitution_founded() || s.any_mandate_ever()) {
    return failed_precondition(
        "the federation is founded; its constitution now changes only by a motion of the "
        "Congress of Producers carried by two thirds (A13)");
  }
  return Decision{{draft(ConstitutionFounded{to_json(c.constitution)})}};
}

Result<Decision> decide_one(const RegistryView& s, const ProposeMotion& c, const Actor& a) {
  Body body = TRY(deciding_body(s, c.body, "/body"));
  Member m = TRY(holder(s, a, body, "propose motions"));
  TRY(check_text(c.text, "/text", kMaxMotionChars));
  if (c.amendment) {
    if (body.kind != BodyKind::kCongress) {
      return failed_precondition("only the Congress of Producers amends the constitution (A13)",
                                 "/amendment");
    }
    TRY(check_constitution(*c.amendment));
    TRY(platforms_allow(s, *c.amendment));
    return propose(new_motion(s, a, Motion::Kind::kAmendment, body, m.id, c.text,
                              {{"constitution", to_json(*c.amendment)}}, {}));
  }
  return propose(new_motion(s, a, Motion::Kind::kGeneral, body, m.id, c.text, Json::object(), {}));
}

Result<Decision> decide_one(const RegistryView& s, const ProposeAppointment& c, const Actor& a) {
  Member proposer = TRY(acting_member(s, a, "propose an appointment"));
  if (s.member_mandates(proposer.id).empty()) {
    return permission_denied("appointments are proposed by officials holding an elected office");
  }
  Body post = TRY(find_body(s, c.post, "/post"));
  TRY(appointable(s, post));
  Body consenting = TRY(deciding_body(s, c.consenting_body, "/consenting_body"));
  TRY(may_consent(s, post, consenting));
  auto appointee = s.member(c.member);
  if (!appointee) return not_found(fmt::format("no member {}", c.member), "/member");
  if (s.member_mandates(appointee->id).size() >=
      static_cast<size_t>(s.constitution().max_offices)) {
    return failed_precondition(
        fmt::format("{} already holds the most offices the constitution allows (A9)",
                    named(*appointee)),
        "/member");
  }
  TRY(check_text(c.reason, "/reason", kMaxMotionChars));
  return propose(new_motion(s, a, Motion::Kind::kAppointment, consenting, proposer.id,
                            fmt::format("Consent to the appointment of {} to {}: {}",
                                        appointee->name, post.name, c.reason),
                            {{"post", post.id}, {"member", appointee->id}, {"reason", c.reason}},
                            {}));
}

Result<Decision> decide_one(const RegistryView& s, const RecallAppointee& c, const Actor& a) {
  auto mandate = s.mandate(c.mandate);
  if (!mandate) return not_found(fmt::format("no mandate {}", c.mandate), "/mandate");
  if (!mandate->ended.empty()) {
    return failed_precondition(
        fmt::format("the term of {} ended at {}", named_mandate(s, *mandate), mandate->ended),
        "/mandate");
  }
  if (mandate->origin != Mandate::Origin::kAppointment) {
    return failed_precondition(
        fmt::format("{} was filled by election: only its electorate can recall it, by petition "
                    "(A6, A7)",
                    sentence_start(named_mandate(s, *mandate))),
        "/mandate");
  }
  Body consenting = TRY(deciding_body(s, mandate->consenting_body, "/mandate"));
  Member m = TRY(holder(s, a, consenting, "recall the appointees it consented to"));
  TRY(check_text(c.reason, "/reason", kMaxMotionChars));
  return propose(new_motion(s, a, Motion::Kind::kRecallAppointee, consenting, m.id,
                            fmt::format("Recall {}: {}", mandate->id, c.reason),
                            {{"mandate", mandate->id}, {"reason", c.reason}}, {}));
}

Result<Decision> decide_one(const RegistryView& s, const VoteMotion& c, const Actor& a) {
  auto motion = s.motion(c.motion);
  if (!motion) return not_found(fmt::format("no motion {}", c.motion), "/motion");
  if (motion->state != Motion::State::kOpen || a.now >= motion->closes) {
    return failed_precondition(fmt::format("{} closed at {}", motion->id, motion->closes),
                               "/motion");
  }
  Body body = TRY(find_body(s, motion->body, "/motion"));
  Member m = TRY(holder(s, a, body, "vote on its motions"));
  auto choice = enum_from_name<MotionChoice>(c.choice);
  if (!choice) return invalid_argument("a vote is yes, no or abstain", "/choice");
  if (s.has_voted_motion(motion->id, m.id)) {
    return already_exists(
        fmt::format("{} has already voted on this motion ({})", named(m), motion->id), "/motion");
  }
  // Votes in bodies are open: members see how their officials vote (B1).
  return Decision{{draft(MotionVoted{motion->id, m.id, *choice})}};
}

Result<Decision> decide_one(const RegistryView& s, const CloseMotion& c, const Actor& a) {
  TRY(only_clock(a));
  auto motion = s.motion(c.motion);
  if (!motion || motion->state != Motion::State::kOpen) return Decision{};
  int64_t holders = static_cast<int64_t>(s.body_mandates(motion->body).size());
  int64_t cast = motion->yes + motion->no + motion->abstain;
  if (a.now < motion->closes && cast < holders) return Decision{};
  Constitution con = s.constitution();
  // Quorum: more than half of the seat holders took part.
  bool quorum = cast * 2 > holders;
  bool carried =
      quorum &&
      (motion->kind == Motion::Kind::kAmendment
           ? motion->yes > 0 && motion->yes >= con.amendment_majority.of(motion->yes + motion->no)
           : motion->yes > motion->no);
  Json closed = {{"motion", motion->id}, {"carried", carried},         {"yes", motion->yes},
                 {"no", motion->no},     {"abstain", motion->abstain}, {"quorum", quorum}};
  Decision d;
  auto refuse_effect = [&](std::string why) {
    closed["not_applied"] = std::move(why);
    d.events.insert(d.events.begin(), draft(MotionClosed::kName, closed));
  };
  if (!carried) {
    d.events.push_back(draft(MotionClosed::kName, std::move(closed)));
    membership_effects(s, *motion, false, d.events);
    return d;
  }
  switch (motion->kind) {
    case Motion::Kind::kAdmission:
    case Motion::Kind::kRemoval:
    case Motion::Kind::kAppeal: {
      Events effects;
      if (auto why = membership_effects(s, *motion, true, effects)) {
        refuse_effect(std::move(*why));
      } else {
        d.events.push_back(draft(MotionClosed::kName, std::move(closed)));
      }
      for (auto& e : effects) d.events.push_back(std::move(e));
      break;
    }
    case Motion::Kind::kGeneral:
      d.events.push_back(draft(MotionClosed::kName, std::move(closed)));
      break;
    case Motion::Kind::kPlanningRound:
    case Motion::Kind::kRoundAmendment: {
      // motion.closed first, so that the ids the effects make count it.
      d.events.push_back(draft(MotionClosed::kName, closed));
      if (auto why = round_effects(s, *motion, a, d.events)) {
        d.events.clear();
        refuse_effect(std::move(*why));
      }
      break;
    }
    case Motion::Kind::kTargetRevision: {
      d.events.push_back(draft(MotionClosed::kName, closed));
      if (auto why = revision_effects(s, *motion, a, d.events)) {
        d.events.clear();
        refuse_effect(std::move(*why));
      }
      break;
    }
    case Motion::Kind::kMinutes:
    case Motion::Kind::kCloseItem: {
      d.events.push_back(draft(MotionClosed::kName, closed));
      if (auto why = deliberation_effects(s, *motion, d.events)) {
        d.events.clear();
        refuse_effect(std::move(*why));
      }
      break;
    }
    case Motion::Kind::kAmendment: {
      // Checked again: a platform may have been recognised since the proposal.
      auto amended = constitution_from_json(motion->payload["constitution"], "");
      if (amended.ok()) {
        if (Status ok = platforms_allow(s, *amended); !ok.ok()) {
          refuse_effect(ok.message());
          break;
        }
      }
      d.events.push_back(draft(MotionClosed::kName, std::move(closed)));
      d.events.push_back(
          draft(ConstitutionAmended::kName,
                {{"motion", motion->id}, {"constitution", motion->payload["constitution"]}}));
      break;
    }
    case Motion::Kind::kAppointment: {
      auto post = s.body(motion->payload.value("post", ""));
      std::string member = motion->payload.value("member", "");
      // Checked again: another appointment may have filled the post since the proposal.
      if (!post || static_cast<int>(s.body_mandates(post->id).size()) >= post->seats) {
        refuse_effect("the post was filled meanwhile");
        break;
      }
      if (Status ok = appointable(s, *post); !ok.ok()) {
        refuse_effect(ok.message());
        break;
      }
      auto consenting = s.body(motion->body);
      if (Status ok = consenting ? may_consent(s, *post, *consenting) : Status{}; !ok.ok()) {
        refuse_effect(ok.message());
        break;
      }
      if (s.member_mandates(member).size() >= static_cast<size_t>(con.max_offices)) {
        refuse_effect("the appointee meanwhile holds the most offices allowed (A9)");
        break;
      }
      d.events.push_back(draft(MotionClosed::kName, std::move(closed)));
      Json m = {{"id", new_id("mandate", a, d.events)},
                {"body", post->id},
                {"member", member},
                {"origin", enum_name(Mandate::Origin::kAppointment)},
                {"source", motion->id},
                {"consenting_body", motion->body},
                {"started", a.now},
                {"ends", plus_months(a.now, post->term_months)}};
      d.events.push_back(draft(MandateStarted::kName, std::move(m)));
      break;
    }
    case Motion::Kind::kRecallAppointee: {
      auto mandate = s.mandate(motion->payload.value("mandate", ""));
      if (!mandate || !mandate->ended.empty()) {
        refuse_effect("the mandate had already ended");
        break;
      }
      d.events.push_back(draft(MotionClosed::kName, std::move(closed)));
      d.events.push_back(draft(MandateEnded{mandate->id, "recalled", motion->id}));
      break;
    }
  }
  return d;
}

}  // namespace collegium::federation::rules
