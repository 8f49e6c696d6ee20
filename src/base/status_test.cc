#include "base/status.h"

#include <gtest/gtest.h>

namespace collegium {
namespace {

Result<int> parse_positive(int x) {
  if (x <= 0) return invalid_argument("must be positive", "x");
  return x;
}

Result<int> twice(int x) {
  int v = TRY(parse_positive(x));
  return 2 * v;
}

Status check(int x) {
  TRY(parse_positive(x));
  return {};
}

TEST(Status, TryPropagatesErrorsAndValues) {
  EXPECT_EQ(*twice(4), 8);
  auto r = twice(-1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().to_string(), "x: must be positive");
  EXPECT_TRUE(check(3).ok());
  EXPECT_EQ(check(0).message(), "must be positive");
}

TEST(Status, CodeNamesAreStable) {
  EXPECT_EQ(code_name(Code::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(code_name(Code::kNotFound), "not_found");
  EXPECT_EQ(code_name(Code::kCorrupt), "corrupt");
  EXPECT_EQ(code_name(Code::kAlreadyExists), "already_exists");
}

TEST(Status, WithinPrefixesTheLocation) {
  EXPECT_EQ(invalid_argument("bad", "/members/2").within("fed.json").where(), "fed.json/members/2");
  EXPECT_EQ(parse_error("bad", "3:4").within("fed.json").where(), "fed.json:3:4");
  EXPECT_EQ(invalid_argument("bad").within("fed.json").where(), "fed.json");
}

}  // namespace
}  // namespace collegium
