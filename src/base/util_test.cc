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

namespace collegium {
namespace {

TEST(Time, RoundTrips) {
  auto ms = utc_to_unix_ms("2024-02-29T23:59:58.250Z");
  ASSERT_TRUE(ms.ok());
  EXPECT_EQ(*ms, 1709251198250);
  EXPECT_EQ(unix_ms_to_utc(*ms), "2024-02-29T23:59:58.250Z");
  EXPECT_EQ(*utc_to_unix_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_FALSE(utc_to_unix_ms("2023-02-29T00:00:00Z").ok());
}

TEST(Duration, ReadsDaysHoursMinutesSeconds) {
  EXPECT_EQ(*parse_duration("P7D"), 7 * 86400);
  EXPECT_EQ(*parse_duration("PT12H"), 12 * 3600);
  EXPECT_EQ(*parse_duration("P1DT30M"), 86400 + 1800);
  EXPECT_EQ(*parse_duration("PT15S"), 15);
  EXPECT_EQ(*parse_duration("PT0S"), 0);
  for (const char* bad : {"", "P", "PT", "7D", "P1M", "P1Y", "PT1D", "P1DT", "P1H", "PxD"}) {
    EXPECT_FALSE(parse_duration(bad).ok()) << bad;
  }
  for (int64_t s : {0, 15, 60, 3600, 86400, 90061, 7 * 86400}) {
    EXPECT_EQ(*parse_duration(format_duration(s)), s) << format_duration(s);
  }
  EXPECT_EQ(format_duration(7 * 86400), "P7D");
}

}  // namespace
}  // namespace collegium
