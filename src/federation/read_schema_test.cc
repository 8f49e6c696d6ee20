// The schema of each read model (json_schema, which the OpenAPI document is to publish)
// describes the JSON it writes: every key written is a declared property, of the declared
// type, and every required property is written. Checked on real reads of the scenarios'
// federations, down through nested objects and lists.
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "federation/read_appeals.h"
#include "federation/read_elections.h"
#include "federation/read_motions.h"
#include "federation/read_officials.h"
#include "federation/read_recall.h"
#include "federation/read_registry.h"
#include "federation/read_test_fixture.h"

namespace collegium::federation {
namespace {

bool has_type(const Json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  return false;
}

// The places where `value` strays from `schema`, as JSON paths.
void check(const Json& value, const Json& schema, const std::string& path,
           std::vector<std::string>& wrong) {
  if (value.is_null()) {
    if (!schema.value("nullable", false)) wrong.push_back(path + ": null, not nullable");
    return;
  }
  if (schema.contains("type") && !has_type(value, schema["type"])) {
    wrong.push_back(path + ": not " + schema["type"].get<std::string>());
    return;
  }
  if (schema.contains("properties")) {
    for (const auto& [key, v] : value.items()) {
      if (!schema["properties"].contains(key)) {
        wrong.push_back(json_path_join(path, key) + ": not declared");
      } else {
        check(v, schema["properties"][key], json_path_join(path, key), wrong);
      }
    }
    for (const auto& key : schema.value("required", Json::array())) {
      if (!value.contains(key))
        wrong.push_back(json_path_join(path, key.get<std::string>()) + ": missing");
    }
  }
  if (schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i)
      check(value[i], schema["items"], json_path_join(path, i), wrong);
  }
}

template <Described T>
void expect_described(const Result<T>& read, const std::string& what) {
  ASSERT_TRUE(read.ok()) << what << ": " << read.status().to_string();
  std::vector<std::string> wrong;
  check(write_json(*read), json_schema<T>(), "", wrong);
  EXPECT_TRUE(wrong.empty()) << what << ":\n" << fmt::format("{}", fmt::join(wrong, "\n"));
}

TEST(ReadSchemas, DescribeWhatTheReadsWrite) {
  for (const char* scenario : {"governance", "appeals", "appointments"}) {
    test::ScenarioDir data(scenario, "read-schema");
    ASSERT_TRUE(data.status().ok()) << data.status().to_string();
    auto opened = data.open();
    ASSERT_TRUE(opened.ok());
    Federation& f = **opened;
    SCOPED_TRACE(scenario);
    expect_described(read_federation(f, {3, 10}), "federation");
    auto bodies = list_bodies(f, {}, {});
    expect_described(bodies, "bodies");
    for (const auto& b : bodies->bodies) {
      expect_described(read_body(f, b.id), b.id);
      expect_described(read_body_pay(f, b.id), b.id + " pay");
    }
    expect_described(list_body_pay(f), "pay");
    auto workplaces = list_workplaces(f, {});
    expect_described(workplaces, "workplaces");
    for (const auto& w : workplaces->workplaces) {
      expect_described(read_workplace(f, w.id), w.id);
      auto members = list_members(f, {w.id}, {});
      expect_described(members, w.id + " members");
      for (const auto& m : members->members) {
        expect_described(read_member(f, m.id, true), m.id);
        expect_described(read_official(f, m.id), m.id + " official");
      }
    }
    auto polls = list_polls(f, {}, {});
    expect_described(polls, "polls");
    for (const auto& p : polls->polls) {
      expect_described(read_poll(f, p.id, "m1"), p.id);
      expect_described(read_nominations(f, p.id), p.id + " nominations");
    }
    MandateFilter all_mandates;
    all_mandates.running = false;
    expect_described(list_mandates(f, all_mandates), "mandates");
    auto recalls = list_recalls(f, {});
    expect_described(recalls, "recalls");
    for (const auto& r : recalls->recalls) expect_described(read_recall(f, r.id, "m1"), r.id);
    auto motions = list_motions(f, {});
    expect_described(motions, "motions");
    for (const auto& m : motions->motions) expect_described(read_motion(f, m.id), m.id);
    auto appeals = list_appeals(f, {});
    expect_described(appeals, "appeals");
    for (const auto& a : appeals->appeals) expect_described(read_appeal(f, a.id, "m1"), a.id);
    expect_described(list_adverse_decisions(f, {}), "decisions");
    expect_described(list_applications(f, {}), "applications");
  }
}

}  // namespace
}  // namespace collegium::federation
