#include "base/json.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace collegium {
namespace {

TEST(CanonicalJson, SortsKeysAndDropsWhitespace) {
  auto j = *parse_json(R"({ "b": 1, "a": {"z": [1, 2], "y": "é"}, "A": null })");
  EXPECT_EQ(*canonical_json(j), R"({"A":null,"a":{"y":"é","z":[1,2]},"b":1})");
}

TEST(CanonicalJson, KeysSortByUtf8Bytes) {
  // 'é' (0xC3 0xA9) sorts after 'z' (0x7A) as unsigned bytes.
  auto j = *parse_json(R"({"é": 1, "z": 2})");
  EXPECT_EQ(*canonical_json(j), R"({"z":2,"é":1})");
}

TEST(CanonicalJson, RejectsFloatsWithTheirPath) {
  auto j = *parse_json(R"({"a": [1, 2.5]})");
  auto r = canonical_json(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().where(), "/a/1");
}

TEST(CanonicalJson, RejectsInvalidUtf8) {
  Json j = std::string("\xff\xfe");
  EXPECT_EQ(canonical_json(j).status().code(), Code::kInvalidArgument);
}

TEST(CanonicalJson, EscapesOnlyWhatItMust) {
  Json j = std::string("a\"b\\c\n\x01/é");
  EXPECT_EQ(*canonical_json(j), "\"a\\\"b\\\\c\\n\\u0001/é\"");
}

TEST(ParseJson, NumbersTooLargeAreErrorsNotThrows) {
  // Found by the federation file fuzzer.
  auto r = parse_json(R"({"a": 37777777777777770e77777777777})", "big.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kParseError);
  EXPECT_EQ(r.status().where(), "big.json");
  EXPECT_NE(r.status().message().find("number overflow"), std::string::npos)
      << r.status().message();
}

TEST(ParseJson, ErrorsNameLineAndColumn) {
  auto r = parse_json("{\n  \"a\": 1,\n  \"b\": ]\n}", "fed.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kParseError);
  EXPECT_EQ(r.status().where(), "fed.json:3:8");
}

// Encodes code points below 0x800 (one or two UTF-8 bytes) so every key is valid UTF-8.
std::string utf8(const std::vector<uint16_t>& points) {
  std::string out;
  for (uint16_t p : points) {
    uint16_t c = p % 0x800;
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

RC_GTEST_PROP(CanonicalJson, IsAFixedPointOfParsing,
              (std::map<std::vector<uint16_t>, int64_t> m,
               std::vector<std::vector<uint16_t>> strings)) {
  Json j = Json::object();
  for (auto& [k, v] : m) j[utf8(k)] = v;
  for (auto& s : strings) j["list"].push_back(utf8(s));
  auto first = canonical_json(j);
  RC_ASSERT(first.ok());
  auto again = canonical_json(*parse_json(*first));
  RC_ASSERT(again.ok());
  RC_ASSERT(*again == *first);
}

}  // namespace
}  // namespace collegium
