#include "base/fields.h"

#include <gtest/gtest.h>

namespace collegium {

enum class Colour { kRed, kGreen };
template <>
struct EnumNames<Colour> {
  static constexpr std::array values{std::pair{Colour::kRed, std::string_view("red")},
                                     std::pair{Colour::kGreen, std::string_view("green")}};
};

namespace {

struct Inner {
  static constexpr std::string_view kName = "inner";
  int64_t weight = 0;
  static constexpr auto fields() { return std::tuple{field("weight", &Inner::weight)}; }
};

struct Sample {
  static constexpr std::string_view kName = "sample";
  std::string poll;
  int days = 0;
  bool open = false;
  std::vector<std::string> ranking;
  std::optional<Inner> inner;
  std::map<std::string, int64_t> weights;
  Colour colour = Colour::kRed;
  std::string note;
  static constexpr auto fields() {
    return std::tuple{field("poll", &Sample::poll, Presence::kRequired, "the poll"),
                      field("days", &Sample::days, Presence::kOptional),
                      field("open", &Sample::open, Presence::kOptional),
                      field("ranking", &Sample::ranking, Presence::kOptional),
                      field("inner", &Sample::inner),
                      field("weights", &Sample::weights, Presence::kOmitEmpty),
                      field("colour", &Sample::colour, Presence::kOptional),
                      field("note", &Sample::note, Presence::kOmitEmpty)};
  }
};

TEST(Fields, ReadsAndWritesTheSameKeys) {
  auto j = R"({"poll": "p1", "days": 3, "open": true, "ranking": ["a", "b"],
               "inner": {"weight": 7}, "weights": {"m1": 2}, "colour": "green"})"_json;
  auto s = read_json<Sample>(j, "/sample");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->poll, "p1");
  EXPECT_EQ(s->days, 3);
  EXPECT_TRUE(s->open);
  EXPECT_EQ(s->ranking, (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(s->inner);
  EXPECT_EQ(s->inner->weight, 7);
  EXPECT_EQ(s->weights.at("m1"), 2);
  EXPECT_EQ(s->colour, Colour::kGreen);
  EXPECT_EQ(write_json(*s), j);  // note is empty and left out
}

TEST(Fields, OptionalFieldsTakeTheirDefaultAndEmptyOnesAreLeftOut) {
  auto s = read_json<Sample>(R"({"poll": "p1"})"_json, "");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->days, 0);
  EXPECT_FALSE(s->inner);
  EXPECT_EQ(write_json(*s), R"({"poll": "p1", "days": 0, "open": false, "ranking": [],
                                "colour": "red"})"_json);
}

TEST(Fields, BadInputNamesThePathAndTheReason) {
  auto expect = [](const char* text, const std::string& where, const std::string& message) {
    auto s = read_json<Sample>(Json::parse(text), "/sample");
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_EQ(s.status().where(), where) << text;
    EXPECT_NE(s.status().message().find(message), std::string::npos) << s.status().to_string();
  };
  expect(R"({"days": 1})", "/sample/poll", "required field is missing");
  expect(R"({"poll": 1})", "/sample/poll", "must be a string, not number");
  expect(R"({"poll": "p", "pol": "p"})", "/sample/pol",
         "unknown field (expected one of: poll, days");
  expect(R"({"poll": "p", "days": 1.5})", "/sample/days", "must be an integer");
  expect(R"({"poll": "p", "days": 4294967296})", "/sample/days", "out of range");
  expect(R"({"poll": "p", "ranking": ["a", 2]})", "/sample/ranking/1",
         "must be a string, not number");
  expect(R"({"poll": "p", "ranking": "a"})", "/sample/ranking",
         "must be an array of strings, not string");
  expect(R"({"poll": "p", "inner": {}})", "/sample/inner/weight", "required field is missing");
  expect(R"({"poll": "p", "colour": "blue"})", "/sample/colour", "expected one of: red, green");
  expect(R"({"poll": "p", "open": "yes"})", "/sample/open", "must be true or false");
  expect(R"([])", "/sample", "must be an object, not array");
}

struct Nothing {
  static constexpr auto fields() { return std::tuple{}; }
};

TEST(Fields, AStructWithoutFieldsIsAnEmptyObject) {
  EXPECT_TRUE(read_json<Nothing>(Json::object(), "/advance").ok());
  auto s = read_json<Nothing>(R"({"now": 1})"_json, "/advance");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().where(), "/advance/now");
  EXPECT_NE(s.status().message().find("expected one of: )"), std::string::npos);
  EXPECT_EQ(write_json(Nothing{}), Json::object());
  EXPECT_FALSE(json_schema<Nothing>().contains("required"));
}

TEST(Fields, APayloadMayCarryKeysThatAreNotReadButNotLackOnesThatAre) {
  auto s =
      read_json<Sample>(R"({"poll": "p1", "sheet": {}})"_json, "/payload", UnknownKeys::kIgnore);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->poll, "p1");
  auto missing = read_json<Sample>(R"({"pol": "p1"})"_json, "/payload", UnknownKeys::kIgnore);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().where(), "/payload/poll");
}

TEST(Fields, TheSchemaListsEveryFieldAndWhichAreRequired) {
  Json s = json_schema<Sample>();
  EXPECT_EQ(s["required"], Json{"poll"});  // an optional<> is never required
  EXPECT_EQ(s["additionalProperties"], false);
  EXPECT_EQ(s["properties"]["poll"], (Json{{"type", "string"}, {"description", "the poll"}}));
  EXPECT_EQ(s["properties"]["ranking"]["items"]["type"], "string");
  EXPECT_EQ(s["properties"]["colour"]["enum"], (Json{"red", "green"}));
  EXPECT_EQ(s["properties"]["weights"]["additionalProperties"]["type"], "integer");
  EXPECT_EQ(s["properties"]["inner"]["required"], Json{"weight"});
}

TEST(Fields, AVariantOfNamedAlternativesIsATable) {
  using Either = std::variant<Sample, Inner>;
  using Table = NamedVariant<Either>;
  EXPECT_EQ(Table::names[1], "inner");
  auto v = Table::read("inner", R"({"weight": 3})"_json, "/inner");
  ASSERT_TRUE(v && v->ok());
  EXPECT_EQ(std::get<Inner>(**v).weight, 3);
  EXPECT_EQ(Table::name_of(**v), "inner");
  EXPECT_EQ(Table::write(**v), R"({"weight": 3})"_json);
  EXPECT_FALSE(Table::read("outer", Json::object(), ""));
  auto bad = Table::read("inner", Json::object(), "/inner");
  ASSERT_TRUE(bad && !bad->ok());
  EXPECT_EQ(bad->status().where(), "/inner/weight");
  EXPECT_EQ(Table::schemas().size(), 2u);
}

TEST(Fields, AValueIsCheckedAgainstItsSchema) {
  Json schema = json_schema<Sample>();
  auto good = read_json<Sample>(R"({"poll": "p", "inner": {"weight": 1}})"_json, "");
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(check_json_schema(schema, write_json(*good)).ok());
  auto fails = [&](const char* text, const std::string& where) {
    Status st = check_json_schema(schema, Json::parse(text));
    EXPECT_FALSE(st.ok()) << text;
    EXPECT_EQ(st.where(), where) << st.to_string();
  };
  fails(R"({"days": 1})", "/poll");
  fails(R"({"poll": "p", "days": "1"})", "/days");
  fails(R"({"poll": "p", "extra": 1})", "/extra");
  fails(R"({"poll": "p", "colour": "blue"})", "/colour");
  fails(R"({"poll": "p", "ranking": [1]})", "/ranking/0");
  fails(R"({"poll": "p", "weights": {"m": "x"}})", "/weights/m");
  fails(R"([])", "/");
  EXPECT_TRUE(check_json_schema({{"type", "string"}, {"nullable", true}}, nullptr).ok());
  EXPECT_FALSE(check_json_schema({{"type", "string"}}, nullptr).ok());
  Json either = {{"oneOf", {{{"type", "string"}}, {{"type", "integer"}}}}};
  EXPECT_TRUE(check_json_schema(either, 3).ok());
  EXPECT_FALSE(check_json_schema(either, true).ok());
}

// The OpenAPI document names its read models once, under components/schemas, and refers to
// them: a reference is followed, and one that leads nowhere fails instead of allowing anything.
TEST(Fields, AReferenceIsResolvedAgainstTheDocument) {
  Json document = {{"components", {{"schemas", {{"Sample", json_schema<Sample>()}}}}}};
  Json list = {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Sample"}}}};
  EXPECT_TRUE(check_json_schema(list, R"([{"poll": "p"}])"_json, "", &document).ok());
  Status st = check_json_schema(list, R"([{"poll": "p"}, {"poll": 1}])"_json, "", &document);
  EXPECT_EQ(st.where(), "/1/poll") << st.to_string();
  Json nowhere = {{"$ref", "#/components/schemas/Nothing"}};
  st = check_json_schema(nowhere, Json::object(), "", &document);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("#/components/schemas/Nothing"), std::string::npos) << st.to_string();
  // Without a document no reference can be followed.
  EXPECT_FALSE(check_json_schema(list, R"([{"poll": "p"}])"_json).ok());
}

}  // namespace
}  // namespace collegium
