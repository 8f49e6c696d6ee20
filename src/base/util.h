// Small helpers shared by every module: files, time, identifiers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/status.h"

namespace collegium {

// The whole content of a file; io_error naming the path and the OS reason otherwise.
Result<std::string> read_file(const std::filesystem::path& path);

// Writes `content` to `path` durably: a temporary file, fsync, rename, fsync of the folder.
Status write_file_durably(const std::filesystem::path& path, std::string_view content,
                          unsigned mode = 0644);

// Now, UTC, ISO 8601 with milliseconds: "2026-11-25T20:03:00.123Z".
std::string now_utc_iso();

// True for "YYYY-MM-DDTHH:MM:SS(.fff)?Z" with a real calendar date.
bool is_utc_timestamp(std::string_view s);
// Milliseconds since 1970 for a timestamp that is_utc_timestamp() accepts (digits after
// the third of a second are dropped); invalid_argument otherwise.
Result<int64_t> utc_to_unix_ms(std::string_view s);
// The inverse, in now_utc_iso()'s form.
std::string unix_ms_to_utc(int64_t ms);

// An ISO 8601 duration of days, hours, minutes and seconds ("P7D", "PT12H", "P1DT30M",
// "PT15S"), in seconds. Months and years are refused: their length depends on the date.
Result<int64_t> parse_duration(std::string_view s);
std::string format_duration(int64_t seconds);  // the shortest form parse_duration reads
// True for "YYYY-MM-DD" with a real calendar date.
bool is_date(std::string_view s);

// An identifier chosen by people or generated: 1..64 characters of [a-z0-9._-], starting
// with a letter or digit. Ids appear in URLs, file names and the record, so they are
// kept to a set that needs no escaping anywhere.
bool is_valid_id(std::string_view id);
std::string_view id_rule();  // the rule above in words, for error messages

}  // namespace collegium
