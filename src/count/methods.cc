#include "count/methods.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "base/util.h"
#include "count/blt.h"
#include "count/csv.h"
#include "count/divisor.h"
#include "count/irv.h"
#include "count/preflib.h"
#include "count/schulze.h"
#include "count/scottish_stv.h"
#include "count/simple.h"

namespace collegium::count {

namespace {

struct MethodEntry {
  Method method;
  const char* name;
};
constexpr MethodEntry kMethods[] = {
    {Method::kPlurality, "plurality"},
    {Method::kBlock, "block"},
    {Method::kApproval, "approval"},
    {Method::kIrv, "irv"},
    {Method::kScottishStv, "scottish-stv"},
    {Method::kMeekStv, "meek-stv"},
    {Method::kSchulze, "schulze"},
    {Method::kSainteLague, "sainte-lague"},
    {Method::kDhondt, "dhondt"},
    {Method::kMotion, "motion"},
};

bool parse_int(std::string_view s, int64_t* v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

}  // namespace

Result<Method> parse_method(std::string_view name) {
  for (const auto& m : kMethods)
    if (name == m.name) return m.method;
  std::string all;
  for (const auto& m : kMethods) all += std::string(all.empty() ? "" : ", ") + m.name;
  return invalid_argument(fmt::format("unknown method \"{}\" (one of: {})", name, all), "method");
}

const char* method_name(Method m) {
  for (const auto& e : kMethods)
    if (e.method == m) return e.name;
  return "?";
}

std::vector<std::string> method_names() {
  std::vector<std::string> out;
  for (const auto& m : kMethods) out.emplace_back(m.name);
  return out;
}

Result<Sheet> count_election(const Election& e, const CountOptions& o) {
  TRY(validate_election(e));
  const int seats = o.seats > 0 ? o.seats : (e.seats > 0 ? e.seats : 1);
  if (!o.constraints.empty() && o.method != Method::kScottishStv)
    return invalid_argument("category minimums are implemented for scottish-stv only",
                            "constraints");
  switch (o.method) {
    case Method::kPlurality:
      return count_plurality(e, seats, o.seed);
    case Method::kBlock:
      return count_block(e, seats, o.seed);
    case Method::kApproval:
      return count_approval(e, seats, o.seed);
    case Method::kIrv:
      if (seats != 1)
        return invalid_argument("irv fills one seat; use scottish-stv or meek-stv", "seats");
      return count_irv(e, IrvOptions{o.seed});
    case Method::kScottishStv:
      return count_scottish_stv(e, seats, {o.seed, o.constraints});
    case Method::kMeekStv: {
      MeekOptions m = o.meek;
      m.seed = o.seed;
      return count_meek_stv(e, seats, m);
    }
    case Method::kSchulze:
      return count_schulze(e, seats, o.seed);
    case Method::kSainteLague:
      return count_divisor(e, seats, Divisor::kSainteLague, o.seed);
    case Method::kDhondt:
      return count_divisor(e, seats, Divisor::kDhondt, o.seed);
    case Method::kMotion:
      return count_motion(e, o.seed);
  }
  return internal_error("unknown counting method");
}

Result<InputFormat> parse_input_format(std::string_view name) {
  if (name == "auto") return InputFormat::kAuto;
  if (name == "blt") return InputFormat::kBlt;
  if (name == "soi") return InputFormat::kSoi;
  if (name == "toi") return InputFormat::kToi;
  if (name == "csv") return InputFormat::kCsv;
  return invalid_argument(
      fmt::format("unknown input format \"{}\" (auto, blt, soi, toi, csv)", name), "input-format");
}

Result<Election> read_ballot_text(std::string_view text, InputFormat format,
                                  std::string_view source) {
  switch (format) {
    case InputFormat::kBlt:
      return read_blt(text, source);
    case InputFormat::kSoi:
      return read_preflib(text, PreflibKind::kSoi, source);
    case InputFormat::kToi:
      return read_preflib(text, PreflibKind::kToi, source);
    case InputFormat::kCsv:
      return read_ballot_csv(text, source);
    case InputFormat::kAuto:
      break;
  }
  return invalid_argument("the input format must be given for text without a file name",
                          "input-format");
}

Result<Election> read_ballot_file(const std::filesystem::path& path, InputFormat format) {
  if (format == InputFormat::kAuto) {
    const std::string ext = path.extension().string();
    if (ext == ".blt")
      format = InputFormat::kBlt;
    else if (ext == ".soi")
      format = InputFormat::kSoi;
    else if (ext == ".toi")
      format = InputFormat::kToi;
    else if (ext == ".csv")
      format = InputFormat::kCsv;
    else
      return invalid_argument(
          fmt::format("cannot tell the format of \"{}\" from its extension; give "
                      "--input-format blt, soi, toi or csv",
                      path.string()),
          path.string());
  }
  const std::string text = TRY(read_file(path));
  return read_ballot_text(text, format, path.string());
}

Result<Category> parse_category(std::string_view spec, const Election& e, int seats) {
  const std::string where = fmt::format("category \"{}\"", spec);
  const size_t a = spec.find(':');
  const size_t b = a == std::string_view::npos ? a : spec.find(':', a + 1);
  if (b == std::string_view::npos)
    return invalid_argument("expected NAME:MIN:CANDIDATE,CANDIDATE,...", where);
  Category cat;
  cat.name = std::string(spec.substr(0, a));
  if (cat.name.empty()) return invalid_argument("the category has no name", where);
  const std::string_view min = spec.substr(a + 1, b - a - 1);
  const size_t slash = min.find('/');
  int64_t num = 0, den = 0;
  if (slash != std::string_view::npos) {
    if (!parse_int(min.substr(0, slash), &num) || !parse_int(min.substr(slash + 1), &den) ||
        den <= 0 || num < 0 || num > den)
      return invalid_argument("the share must be like 2/3", where);
    cat.minimum = minimum_for_share(seats, static_cast<int>(num), static_cast<int>(den));
  } else {
    if (!parse_int(min, &num) || num < 0 || num > 100000)
      return invalid_argument("the minimum must be a whole number or a share like 2/3", where);
    cat.minimum = static_cast<int>(num);
  }
  std::string_view rest = spec.substr(b + 1);
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    cat.members.push_back(TRY(find_candidate(rest.substr(0, comma), e, where)));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return cat;
}

Result<int32_t> find_candidate(std::string_view item, const Election& e, std::string_view where) {
  for (size_t c = 0; c < e.candidates.size(); ++c)
    if (e.candidates[c] == item) return static_cast<int32_t>(c);
  int64_t idx = 0;
  if (parse_int(item, &idx) && idx >= 1 && static_cast<size_t>(idx) <= e.candidates.size())
    return static_cast<int32_t>(idx - 1);
  return invalid_argument(fmt::format("\"{}\" is not a candidate's name or number", item),
                          std::string(where));
}

namespace {

// `word` as a POSIX shell reads it back: bare when it holds only characters the shell
// leaves alone, else in single quotes (a quote inside written as '\'').
std::string shell_word(std::string_view word) {
  const bool bare = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_-+./:,=@%").find(c) != std::string_view::npos;
  });
  if (bare) return std::string(word);
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string count_command_line(const CountOptions& o, const std::vector<int32_t>& withdraw,
                               std::string_view file) {
  std::string out = fmt::format("collegium count --method {}", method_name(o.method));
  if (o.seats > 0) out += fmt::format(" --seats {}", o.seats);
  out += fmt::format(" --seed {}", o.seed);
  for (const auto& cat : o.constraints.categories) {
    std::string spec = fmt::format("{}:{}:", cat.name, cat.minimum);
    for (size_t i = 0; i < cat.members.size(); ++i)
      spec += fmt::format("{}{}", i ? "," : "", cat.members[i] + 1);
    out += " --category " + shell_word(spec);
  }
  for (int32_t c : withdraw) out += fmt::format(" --withdraw {}", c + 1);
  return out + " " + shell_word(file);
}

}  // namespace collegium::count
