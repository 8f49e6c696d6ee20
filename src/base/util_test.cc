#include "base/util.h"

#include <gtest/gtest.h>

namespace collegium {
namespace {

TEST(Util, Timestamps) {
  EXPECT_TRUE(is_utc_timestamp(now_utc_iso()));
  EXPECT_TRUE(is_utc_timestamp("2024-02-29T23:59:59Z"));
  EXPECT_FALSE(is_utc_timestamp("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(is_utc_timestamp("2024-01-01T00:00:00"));
  EXPECT_FALSE(is_utc_timestamp("2024-01-01T24:00:00Z"));
  EXPECT_TRUE(is_date("1921-03-08"));
  EXPECT_FALSE(is_date("1921-13-08"));
}

TEST(Util, Ids) {
  EXPECT_TRUE(is_valid_id("w-0001"));
  EXPECT_TRUE(is_valid_id("metal.north_1"));
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("-x"));
  EXPECT_FALSE(is_valid_id("Upper"));
  EXPECT_FALSE(is_valid_id("a b"));
  EXPECT_FALSE(is_valid_id(std::string(65, 'a')));
}

TEST(Util, FilesRoundTripAndErrorsNameThePath) {
  auto dir = std::filesystem::temp_directory_path() / "collegium-util-test";
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(write_file_durably(dir / "f", "hello").ok());
  EXPECT_EQ(*read_file(dir / "f"), "hello");
  auto missing = read_file(dir / "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().where().find("nope"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace collegium
