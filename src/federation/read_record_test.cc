// The public record in words (read_record.h; issue #15): a sentence for every kind of
// event, with names; newest first; filters by kind, body, member and words; keyset pages
// that stay put while events are appended; bad parameters refused, naming the parameter.
#include "federation/read_record.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <variant>

#include "federation/events.h"
#include "federation/read_test_fixture.h"

namespace collegium::federation {
namespace {

template <size_t... I>
std::vector<std::string_view> registry_kinds(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, RegistryEvent>::kName...};
}

// A new event that nobody gave a sentence fails here, by name.
TEST(RecordSentences, EveryEventKindHasASentence) {
  auto kinds = registry_kinds(std::make_index_sequence<std::variant_size_v<RegistryEvent>>());
  ASSERT_GE(kinds.size(), 50u);
  // The notes that the server and the command line append beside the registry's events.
  for (std::string_view note : {"server.key_rotated", "operator.backup", "account.password_set",
                                "demo.generated", "federation.restored", "federation.imported"}) {
    kinds.push_back(note);
  }
  std::set<std::string> groups;
  for (const auto& g : record_groups()) groups.insert(g.name);
  test::ScenarioDir data("registry", "read-record-kinds");
  ASSERT_TRUE(data.status().ok()) << data.status().to_string();
  auto fed = data.open();
  ASSERT_TRUE(fed.ok()) << fed.status().to_string();
  for (std::string_view kind : kinds) {
    SCOPED_TRACE(std::string(kind));
    EXPECT_TRUE(has_sentence(kind)) << kind << " has no sentence (read_record.cc, kinds())";
    // Even a payload without its keys gives a sentence, never a failure.
    EventSentence s = describe_event((*fed)->registry(), kind, Json::object(), "operator");
    EXPECT_TRUE(groups.count(s.group)) << s.group;
    ASSERT_FALSE(s.sentence.empty());
    EXPECT_NE(s.sentence.find_last_of('.'), std::string::npos);
    bool in_a_group = false;
    for (const auto& g : record_groups()) {
      in_a_group |= std::find(g.types.begin(), g.types.end(), kind) != g.types.end();
    }
    EXPECT_TRUE(in_a_group);
  }
  EventSentence unknown = describe_event((*fed)->registry(), "x.y", Json::object(), "operator");
  EXPECT_EQ(unknown.group, "other");
  EXPECT_FALSE(has_sentence("x.y"));
}

class RecordRead : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new test::ScenarioDir("governance", "read-record");
    ASSERT_TRUE(data_->status().ok()) << data_->status().to_string();
  }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }
  std::unique_ptr<Federation> open() {
    auto f = data_->open();
    EXPECT_TRUE(f.ok()) << f.status().to_string();
    return f.ok() ? std::move(*f) : nullptr;
  }
  static RecordEntries list(Federation& f, RecordQuery q) {
    auto r = list_record(f, q);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : RecordEntries{};
  }
  static const RecordEntry* first_of(const RecordEntries& e, std::string_view type) {
    for (const auto& x : e.entries) {
      if (x.type == type) return &x;
    }
    return nullptr;
  }
  static test::ScenarioDir* data_;
};
test::ScenarioDir* RecordRead::data_ = nullptr;

TEST_F(RecordRead, SentencesNameThePeopleAndBodies) {
  auto f = open();
  ASSERT_TRUE(f);
  RecordEntries all = list(*f, {.order = "oldest", .routine = true, .limit = 200});
  ASSERT_FALSE(all.entries.empty());
  // Anna (m1) is elected to the casting committee in the scenario.
  const RecordEntry* elected = nullptr;
  for (const auto& e : all.entries) {
    if (e.type == "mandate.started" && e.sentence.rfind("Anna was elected to", 0) == 0) {
      elected = &e;
      break;
    }
  }
  ASSERT_TRUE(elected);
  EXPECT_NE(elected->sentence.find("Anna was elected to the Casting committee, until "),
            std::string::npos)
      << elected->sentence;
  ASSERT_FALSE(elected->bodies.empty());
  EXPECT_EQ(elected->bodies[0].id, "cast");
  EXPECT_EQ(elected->bodies[0].name, "Casting committee");
  ASSERT_EQ(elected->members.size(), 1u);
  EXPECT_EQ(elected->members[0].id, "m1");
  EXPECT_EQ(elected->members[0].name, "Anna");

  const RecordEntry* closed = first_of(all, "poll.closed");
  ASSERT_TRUE(closed);
  EXPECT_NE(closed->sentence.find("The election to the Casting committee closed: "),
            std::string::npos)
      << closed->sentence;
  EXPECT_NE(closed->sentence.find(" were elected."), std::string::npos) << closed->sentence;

  const RecordEntry* member = first_of(all, "member.admitted");
  ASSERT_TRUE(member);
  EXPECT_EQ(member->sentence, "Anna was admitted as a member at Foundry.");

  const RecordEntry* motion = first_of(all, "motion.closed");
  ASSERT_TRUE(motion);
  EXPECT_NE(motion->sentence.find("The motion “"), std::string::npos) << motion->sentence;
  EXPECT_NE(motion->sentence.find(" for, "), std::string::npos) << motion->sentence;

  // No id stands where a name is known; every entry carries its raw event.
  for (const auto& e : all.entries) {
    EXPECT_EQ(e.sentence.find("m1 "), std::string::npos) << e.sentence;
    EXPECT_EQ(e.hash.size(), 64u);
    EXPECT_TRUE(e.payload.is_object());
  }
}

// A secret ballot's sentence names the voter alone: no candidate, no ranking (invariant 3).
TEST_F(RecordRead, ABallotSaysWhoVotedNeverHow) {
  auto f = open();
  ASSERT_TRUE(f);
  RecordEntries ballots = list(*f, {.order = "oldest", .kind = "ballot.cast", .limit = 200});
  ASSERT_FALSE(ballots.entries.empty());
  for (const auto& e : ballots.entries) {
    EXPECT_EQ(e.type, "ballot.cast");
    if (e.payload.contains("ranking")) continue;  // a delegate's open ballot
    ASSERT_FALSE(e.members.empty()) << e.sentence;
    EXPECT_EQ(e.members[0].id, e.payload.value("member", "")) << e.sentence;
    // In an election the voter is the only person named: no candidate.
    if (e.sentence.find(" voted in the election to ") != std::string::npos) {
      EXPECT_EQ(e.members.size(), 1u) << e.sentence;
    }
  }
  EXPECT_EQ(ballots.entries[0].sentence, "Anna voted in the election to the Casting committee.");
}

TEST_F(RecordRead, NewestFirstAndFilters) {
  auto f = open();
  ASSERT_TRUE(f);
  RecordEntries newest = list(*f, {.routine = true, .limit = 200});
  ASSERT_GT(newest.entries.size(), 10u);
  EXPECT_EQ(newest.entries[0].seq, newest.head);
  for (size_t i = 1; i < newest.entries.size(); ++i) {
    EXPECT_LT(newest.entries[i].seq, newest.entries[i - 1].seq);
  }

  RecordEntries motions = list(*f, {.kind = "motions", .limit = 200});
  ASSERT_FALSE(motions.entries.empty());
  for (const auto& e : motions.entries) {
    EXPECT_EQ(e.group, "motions");
    EXPECT_EQ(e.type.rfind("motion.", 0), 0u) << e.type;
  }
  RecordEntries two = list(*f, {.kind = "motion.closed, member.admitted", .limit = 200});
  std::set<std::string> types;
  for (const auto& e : two.entries) types.insert(e.type);
  EXPECT_EQ(types, (std::set<std::string>{"motion.closed", "member.admitted"}));

  RecordEntries cast = list(*f, {.body = "cast", .limit = 200});
  ASSERT_FALSE(cast.entries.empty());
  for (const auto& e : cast.entries) {
    bool names_it = false;
    for (const auto& b : e.bodies) names_it |= b.id == "cast";
    EXPECT_TRUE(names_it) << e.sentence;
  }

  RecordEntries anna = list(*f, {.member = "m1", .limit = 200});
  ASSERT_FALSE(anna.entries.empty());
  EXPECT_EQ(anna.member_name, "Anna");
  for (const auto& e : anna.entries) {
    bool names_her = false;
    for (const auto& m : e.members) names_her |= m.id == "m1";
    EXPECT_TRUE(names_her) << e.sentence;
  }
  EXPECT_TRUE(first_of(anna, "mandate.started"));

  // Words, in any case.
  RecordEntries words = list(*f, {.q = "ELECTED TO THE casting", .limit = 200});
  ASSERT_FALSE(words.entries.empty());
  for (const auto& e : words.entries) {
    EXPECT_NE(e.sentence.find("elected to the Casting"), std::string::npos) << e.sentence;
  }
  RecordEntries none = list(*f, {.q = "no sentence says this", .limit = 200});
  EXPECT_TRUE(none.entries.empty());
  EXPECT_FALSE(none.next.value);  // the whole record was read: nothing older to look at
}

TEST_F(RecordRead, RoutineStepsAreHiddenUnlessAskedFor) {
  auto f = open();
  ASSERT_TRUE(f);
  // A routine event appended to the scenario's record, as the clock writes it.
  ASSERT_TRUE(f->note("operator.backup", "operator", Json{{"file", "b.db"}}).ok());
  RecordEntries plain = list(*f, {.limit = 5});
  ASSERT_FALSE(plain.entries.empty());
  for (const auto& e : plain.entries) EXPECT_FALSE(e.routine) << e.type;
  RecordEntries all = list(*f, {.routine = true, .limit = 5});
  ASSERT_FALSE(all.entries.empty());
  EXPECT_EQ(all.entries[0].type, "operator.backup");
  EXPECT_TRUE(all.entries[0].routine);
  EXPECT_EQ(all.entries[0].sentence, "The operator took a backup of the database.");
  // Asking for the kind by name shows it too.
  RecordEntries named = list(*f, {.kind = "operator.backup", .limit = 5});
  ASSERT_EQ(named.entries.size(), 1u);
}

TEST_F(RecordRead, PagesStayPutWhileEventsArrive) {
  auto f = open();
  ASSERT_TRUE(f);
  RecordEntries whole = list(*f, {.routine = true, .limit = 12});
  ASSERT_EQ(whole.entries.size(), 12u);
  RecordEntries first = list(*f, {.routine = true, .limit = 6});
  ASSERT_TRUE(first.next.value);
  // Meanwhile a member is admitted: the next page does not move.
  Member m{"m-new", "Zoya", Category::kProduction, "w1", "w1.cast", "2020-01-01"};
  ASSERT_TRUE(f->execute(AdmitMember{m}, "operator").ok());
  RecordEntries second = list(*f, {.routine = true, .before = *first.next.value, .limit = 6});
  ASSERT_EQ(second.entries.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(first.entries[i].seq, whole.entries[i].seq);
    EXPECT_EQ(second.entries[i].seq, whole.entries[6 + i].seq);
  }
  // The new event is at the top of a fresh first page, and oldest first pages forward.
  RecordEntries fresh = list(*f, {.limit = 1});
  ASSERT_EQ(fresh.entries.size(), 1u);
  EXPECT_EQ(fresh.entries[0].sentence, "Zoya was admitted as a member at Foundry.");
  RecordEntries oldest = list(*f, {.order = "oldest", .routine = true, .limit = 3});
  ASSERT_EQ(oldest.entries.size(), 3u);
  EXPECT_EQ(oldest.entries[0].seq, 1);
  RecordEntries next =
      list(*f, {.order = "oldest", .routine = true, .after = *oldest.next.value, .limit = 3});
  ASSERT_EQ(next.entries.size(), 3u);
  EXPECT_EQ(next.entries[0].seq, 4);
  // The last page says there is nothing further.
  RecordEntries tail =
      list(*f, {.order = "oldest", .routine = true, .after = fresh.entries[0].seq - 1, .limit = 3});
  ASSERT_EQ(tail.entries.size(), 1u);
  EXPECT_FALSE(tail.next.value);
}

TEST_F(RecordRead, BadParametersAreRefusedNamingThem) {
  auto f = open();
  ASSERT_TRUE(f);
  auto refused = [&](RecordQuery q, const char* field) {
    auto r = list_record(*f, q);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << r.status().to_string();
    EXPECT_EQ(r.status().where(), field) << r.status().to_string();
  };
  refused({.order = "sideways"}, "order");
  refused({.kind = "elections,ballots"}, "kind");
  refused({.body = "no-such-body"}, "body");
  refused({.member = "m-nobody"}, "member");
  refused({.q = std::string(201, 'a')}, "q");
  refused({.before = -1}, "before");
  refused({.after = 3}, "after");                       // newest first pages with before=
  refused({.order = "oldest", .before = 3}, "before");  // and oldest first with after=
  refused({.limit = 0}, "limit");
  refused({.limit = kMaxRecordLimit + 1}, "limit");
  // 200 characters of a non-ASCII letter are within the limit (characters, not bytes).
  std::string cyrillic;
  for (int i = 0; i < 200; ++i) cyrillic += "ж";
  EXPECT_TRUE(list_record(*f, {.q = cyrillic}).ok());
}

// Two members who share a name are told apart by their ids, in the sentences of the page
// that names them (issue #15). Last: it admits a second Anna to the suite's federation.
TEST_F(RecordRead, TwoMembersOfOneNameAreToldApartByTheirIds) {
  auto f = open();
  ASSERT_TRUE(f);
  Member twin{"m-anna2", "Anna", Category::kProduction, "w1", "w1.cast", "2021-01-01"};
  ASSERT_TRUE(f->execute(AdmitMember{twin}, "operator").ok());
  RecordEntries admitted = list(*f, {.order = "oldest", .kind = "member.admitted", .limit = 200});
  std::set<std::string> sentences;
  for (const auto& e : admitted.entries) sentences.insert(e.sentence);
  EXPECT_TRUE(sentences.count("Anna (m1) was admitted as a member at Foundry."));
  EXPECT_TRUE(sentences.count("Anna (m-anna2) was admitted as a member at Foundry."));
  EXPECT_TRUE(sentences.count("Boris was admitted as a member at Foundry."));
}

}  // namespace
}  // namespace collegium::federation
