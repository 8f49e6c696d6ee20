#include "count/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <unordered_map>

namespace collegium::count {

namespace {

struct Field {
  std::string text;
  size_t column;  // 1-based byte column where the field starts
};

struct Row {
  int mark;  // candidate index, kOvervote, or kSkip
  int64_t rank;
};

constexpr int kSkip = -2;

}  // namespace

Result<Election> read_ballot_csv(std::string_view text, std::string_view source) {
  auto where = [&](int line, size_t col) { return fmt::format("{}:{}:{}", source, line, col); };
  size_t i = 0;
  int line = 1;
  // Reads one record into `fields`; returns false at the end of the text.
  std::vector<Field> fields;
  auto read_record = [&](int* rec_line) -> Result<bool> {
    fields.clear();
    if (i >= text.size()) return false;
    *rec_line = line;
    size_t line_start = i;
    for (;;) {
      Field f;
      f.column = i - line_start + 1;
      if (i < text.size() && text[i] == '"') {
        const size_t open = i;
        ++i;
        for (;;) {
          if (i >= text.size())
            return parse_error("unclosed double quote", where(*rec_line, open - line_start + 1));
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              f.text += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') {
            ++line;
          }
          f.text += text[i++];
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          return parse_error("unexpected character after a closing double quote",
                             where(line, i - line_start + 1));
      } else {
        const size_t start = i;
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"')
            return parse_error("a double quote inside an unquoted field",
                               where(line, i - line_start + 1));
          ++i;
        }
        f.text.assign(text.substr(start, i - start));
      }
      fields.push_back(std::move(f));
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') {
        ++i;
        ++line;
      } else if (i < text.size()) {
        return parse_error("a carriage return not followed by a line feed",
                           where(line, i - line_start));
      }
      return true;
    }
  };

  int rec_line = 0;
  bool more = TRY(read_record(&rec_line));
  if (!more)
    return parse_error("empty file: expected the header ballot_id,rank,choice", where(1, 1));
  if (fields.size() != 3 || fields[0].text != "ballot_id" || fields[1].text != "rank" ||
      fields[2].text != "choice")
    return parse_error("the header must be exactly ballot_id,rank,choice", where(1, 1));

  Election e;
  std::unordered_map<std::string, int32_t> candidate_of;
  std::unordered_map<std::string, size_t> ballot_of;
  std::vector<std::vector<Row>> rows;
  for (;;) {
    more = TRY(read_record(&rec_line));
    if (!more) break;
    if (fields.size() == 1 && fields[0].text.empty()) continue;  // blank line
    if (fields.size() != 3)
      return parse_error(fmt::format("expected 3 fields, found {}", fields.size()),
                         where(rec_line, 1));
    if (fields[0].text.empty())
      return parse_error("empty ballot_id", where(rec_line, fields[0].column));
    int64_t rank = 0;
    const std::string& rt = fields[1].text;
    auto [p, ec] = std::from_chars(rt.data(), rt.data() + rt.size(), rank);
    if (ec != std::errc() || p != rt.data() + rt.size() || rank < 1 || rank > 1000)
      return parse_error(fmt::format("rank \"{}\" is not an integer from 1 to 1000", rt),
                         where(rec_line, fields[1].column));
    const std::string& choice = fields[2].text;
    if (choice.empty())
      return parse_error("empty choice (write $UNDERVOTE for a skipped rank)",
                         where(rec_line, fields[2].column));
    int mark;
    if (choice == "$UNDERVOTE") {
      mark = kSkip;
    } else if (choice == "$OVERVOTE") {
      mark = kOvervote;
    } else {
      auto [it, inserted] = candidate_of.emplace(choice, static_cast<int32_t>(e.candidates.size()));
      if (inserted) e.add_candidate(choice);
      mark = it->second;
    }
    auto [bit, new_ballot] = ballot_of.emplace(fields[0].text, rows.size());
    if (new_ballot) rows.emplace_back();
    auto& r = rows[bit->second];
    for (const Row& other : r)
      if (other.mark == mark && mark >= 0 && other.rank == rank)
        return parse_error(fmt::format("\"{}\" appears twice at rank {} of ballot {}", choice, rank,
                                       fields[0].text),
                           where(rec_line, fields[2].column));
    r.push_back({mark, rank});
  }
  for (auto& r : rows) {
    std::stable_sort(r.begin(), r.end(),
                     [](const Row& a, const Row& b) { return a.rank < b.rank; });
    e.start_ballot(1);
    int64_t at = 0;
    for (const Row& row : r) {
      while (at < row.rank) {
        e.start_rank();
        ++at;
      }
      if (row.mark != kSkip) e.add_mark(row.mark);
    }
  }
  return e;
}

}  // namespace collegium::count
