// The table of commands (codec.h): every command given in JSON has a reader, a writer and a
// schema, and reading keeps the wording and paths that users and the API see.
#include "federation/codec.h"

#include <gtest/gtest.h>

namespace collegium::federation {
namespace {

// One body of each command, as a user would write it.
const Json& samples() {
  static const Json j = R"({
    "create_region": {"id": "north", "name": "North"},
    "create_branch": {"id": "metal", "name": "Metalworking"},
    "create_workplace": {"id": "w1", "name": "Foundry", "region": "north", "branch": "metal"},
    "create_shop": {"id": "w1.cast", "workplace": "w1", "name": "Casting"},
    "admit_member": {"id": "m1", "name": "Ana", "category": "production", "workplace": "w1",
                     "shop": "w1.cast", "joined": "2020-01-01"},
    "declare_body": {"id": "cast", "name": "Casting committee", "kind": "shop_committee",
                     "seats": 3, "term_months": 12, "constituency": {"shop": "w1.cast"}},
    "found_constitution": {"voting_period": "P7D"},
    "call_election": {"body": "cast"},
    "nominate": {"poll": "poll-9", "member": "m1", "by_body": "union"},
    "set_statement": {"poll": "poll-9", "text": "For the night shift."},
    "cast_ballot": {"poll": "poll-9", "ranking": ["m1", "m2"]},
    "open_recall": {"mandate": "mandate-12", "reason": "absent"},
    "sign_recall": {"recall": "recall-14"},
    "propose_motion": {"body": "cast", "text": "Amend", "amendment": {"max_offices": 2}},
    "propose_appointment": {"post": "tech", "member": "m1", "reason": "skill",
                            "consenting_body": "union"},
    "recall_appointee": {"mandate": "mandate-12", "reason": "gone"},
    "vote_motion": {"motion": "motion-20", "choice": "abstain"},
    "log_labour": {"shop": "w1.cast", "start": "2027-01-04", "days": 5, "note": "casting"},
    "confirm_labour": {"entry": "labour-30"},
    "report_back": {"mandate": "mandate-12", "text": "Done."},
    "record_pay": {"member": "m1", "monthly": 2100, "benefits": "housing"},
    "apply_for_admission": {"id": "m9", "name": "Bo", "category": "technical",
                            "workplace": "w1", "joined": "2027-01-01"},
    "propose_removal": {"member": "m1", "reason": "left the workplace"},
    "file_appeal": {"decision": "motion-20", "grounds": "unfair"},
    "hear_appeal": {"appeal": "appeal-40", "minutes": "heard"},
    "accept_nomination": {"poll": "poll-9"},
    "decline_nomination": {"poll": "poll-9"},
    "withdraw_candidacy": {"poll": "poll-9"},
    "import_economy": {"economy": {"name": "north", "weeks_per_year": 46,
                       "regions": [{"id": "north", "name": "North", "population": "200"}],
                       "products": [{"id": "steel", "name": "Steel", "unit": "t"}],
                       "technology": {"col_ptr": [0, 1], "row_idx": [0], "values": "0.1"},
                       "satellites": [{"id": "production", "labour": true, "per_unit": "4"}],
                       "final_demand": [{"id": "h", "kind": "household", "amounts": "10"}],
                       "workplaces": [{"workplace": "w1", "name": "Foundry", "product": "steel",
                                       "capacity": 12.5, "workers": 3,
                                       "hours": {"production": 4}}],
                       "labour_supply": []}},
    "set_workplace_production": {"workplace": "w1", "capacity": 50,
                                 "inputs": [{"input": "steel", "coefficient": "0.25"}]},
    "propose_round": {"body": "council", "text": "The plan for 2027",
                      "round": {"period": "2027", "productivity_gain": "0.02",
                                "choices": [{"name": "shorter hours", "consumption": "0",
                                             "hours": "1", "investment": "0"}],
                                "optimal_plan": true,
                                "discussion_until": "2027-02-01T00:00:00Z",
                                "amendment_until": "2027-02-10T00:00:00Z",
                                "vote_until": "2027-02-20T00:00:00Z"}},
    "propose_round_amendment": {"round": "round-40", "body": "wc1", "workplace": "w1",
                                "text": "We can make 41", "target": "41",
                                "hours": {"production": "2.5"}},
    "cast_round_ballot": {"round": "round-40", "ranks": [2, 1, 0]},
    "name_reporters": {"workplace": "w1", "members": ["m2"]},
    "file_report": {"workplace": "w1", "period": 3,
                    "figures": {"output": {"steel": "41.5"}, "hours": {"production": 120},
                                "inputs": {"coal": "3"}}},
    "confirm_report": {"report": "report-50"},
    "propose_target_revision": {"workplace": "w1", "text": "One furnace is down", "target": "21"},
    "acknowledge_signal": {"signal": "signal-51", "note": "We are on it"},
    "resolve_signal": {"signal": "signal-51", "note": "The press is repaired",
                       "motion": "motion-52"},
    "schedule_meeting": {"body": "cast", "title": "Monthly meeting",
                         "starts": "2027-03-01T17:00:00Z",
                         "agenda": [{"text": "The new furnace", "minutes": 30,
                                     "motions": ["motion-20"]}]},
    "request_floor": {"meeting": "meeting-60", "item": 1, "side": "against",
                      "platform": "platform-61"},
    "give_floor": {"meeting": "meeting-60", "item": 1, "member": "m2"},
    "write_minutes": {"meeting": "meeting-60", "item": 1, "text": "Anna spoke for the furnace."},
    "confirm_minutes": {"meeting": "meeting-60", "item": 1},
    "close_item": {"meeting": "meeting-60", "item": 2, "reason": "A member's health",
                   "until": "2028-01-01T00:00:00Z"},
    "form_platform": {"name": "Workers' Opposition", "statement": "Production to the unions"},
    "support_platform": {"platform": "platform-61"},
    "advance": {}
  })"_json;
  return j;
}

TEST(Commands, EveryGivenCommandHasASchemaAndASampleThatReadsAndWritesBack) {
  Json schemas = command_schemas();
  EXPECT_EQ(schemas.size(), std::variant_size_v<GivenCommand>);
  for (auto name : NamedVariant<GivenCommand>::names) {
    SCOPED_TRACE(std::string(name));
    ASSERT_TRUE(schemas.contains(name));
    EXPECT_EQ(schemas[std::string(name)]["type"], "object");
    ASSERT_TRUE(samples().contains(name)) << "no sample for a command";
    Json given = {{std::string(name), samples()[std::string(name)]}};
    auto c = command_from_json(given, "/commands/0");
    ASSERT_TRUE(c.ok()) << c.status().to_string();
    auto back = command_to_json(*c);
    ASSERT_TRUE(back);
    auto again = command_from_json(*back, "");
    ASSERT_TRUE(again.ok()) << again.status().to_string();
    EXPECT_EQ(command_to_json(*again), back);
  }
  EXPECT_EQ(samples().size(), schemas.size());
  EXPECT_EQ(schemas["cast_ballot"]["required"], (Json{"poll", "ranking"}));
  EXPECT_FALSE(command_to_json(ClosePoll{"poll-9"})) << "the clock's steps are not given";
}

TEST(Commands, ReadingKeepsItsWordingAndPaths) {
  auto expect = [](const char* text, const std::string& where, const std::string& message) {
    auto c = command_from_json(Json::parse(text), "/commands/3");
    ASSERT_FALSE(c.ok()) << text;
    EXPECT_EQ(c.status().code(), Code::kInvalidArgument) << text;
    EXPECT_EQ(c.status().where(), where) << text;
    EXPECT_NE(c.status().message().find(message), std::string::npos) << c.status().to_string();
  };
  expect(R"({"nominat": {}})", "/commands/3/nominat",
         "unknown field (expected one of: create_region, create_branch, create_workplace, "
         "create_shop, admit_member, declare_body, found_constitution, call_election, nominate, ");
  expect(R"({"close_poll": {"poll": "p"}})", "/commands/3/close_poll", "unknown field");
  expect(R"({"nominate": {"poll": "p", "member": "m"}, "advance": {}})", "/commands/3",
         "give exactly one command");
  expect(R"({})", "/commands/3", "give exactly one command");
  expect(R"([])", "/commands/3", "must be an object, not array");
  expect(R"({"nominate": {"poll": "p"}})", "/commands/3/nominate/member",
         "required field is missing");
  expect(R"({"nominate": {"poll": "p", "member": "m", "by": "u"}})", "/commands/3/nominate/by",
         "unknown field (expected one of: poll, member, by_body)");
  expect(R"({"cast_ballot": {"poll": "p", "ranking": [1]}})", "/commands/3/cast_ballot/ranking/0",
         "must be a string");
  expect(R"({"log_labour": {"shop": "s", "start": "d", "days": 1e10, "note": ""}})",
         "/commands/3/log_labour/days", "must be an integer");
  expect(R"({"advance": {"now": 1}})", "/commands/3/advance/now", "unknown field");
  expect(R"({"admit_member": {"id": "m", "name": "A", "category": "boss", "workplace": "w",
             "joined": "2020-01-01"}})",
         "/commands/3/admit_member/category", "unknown category 'boss'");
  expect(R"({"propose_motion": {"body": "b", "text": "t", "amendment": {"max_offices": "x"}}})",
         "/commands/3/propose_motion/amendment/max_offices", "must be an integer");
}

}  // namespace
}  // namespace collegium::federation
