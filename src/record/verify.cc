#include "record/verify.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <thread>

#include "base/json.h"
#include "base/util.h"
#include "record/event.h"

namespace collegium::record {

namespace {

constexpr std::string_view kEventPrefix = "{\"event\":";
constexpr std::string_view kHashInfix = ",\"hash\":\"";
constexpr std::string_view kLineSuffix = "\"}";
constexpr size_t kHexDigest = 64;

std::string event_where(uint64_t seq) {
  return fmt::format("event {}", seq);
}

// Lowercase hex only: "AB" and "ab" decode alike, and the export must be byte-exact.
bool parse_lower_hex(std::string_view hex, std::span<uint8_t> out) {
  if (!std::all_of(hex.begin(), hex.end(),
                   [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
    return false;
  return from_hex(hex, out).ok();
}

}  // namespace

Verifier::Verifier(VerifyOptions options) : options_(std::move(options)) {}

Status check_event_envelope(std::string_view bytes, uint64_t expected_seq) {
  // {"actor":"A","payload":P,"seq":N,"time":"T","type":"Y"} in exactly this order. The
  // tail is read backwards: time and type never contain quotes, and after the top-level
  // seq only they follow, so the last occurrences of these markers are the top-level ones.
  auto bad = [&](std::string_view why) {
    return corrupt(std::string(why), event_where(expected_seq));
  };
  constexpr std::string_view kActor = "{\"actor\":\"", kType = "\",\"type\":\"",
                             kTime = ",\"time\":\"",
                             kSeq = ",\"seq\":", kPayload = "\",\"payload\":";
  if (!bytes.starts_with(kActor) || !bytes.ends_with("\"}")) return bad("not an event object");
  size_t type_at = bytes.rfind(kType);
  if (type_at == std::string_view::npos) return bad("type is missing");
  std::string_view type =
      bytes.substr(type_at + kType.size(), bytes.size() - 2 - type_at - kType.size());
  if (!is_valid_event_type(type)) return bad("type is malformed");
  size_t time_at = bytes.rfind(kTime, type_at);
  if (time_at == std::string_view::npos) return bad("time is missing");
  std::string_view time = bytes.substr(time_at + kTime.size(), type_at - time_at - kTime.size());
  if (!is_utc_timestamp(time)) return bad("time is missing or not a UTC ISO 8601 time");
  size_t seq_at = bytes.rfind(kSeq, time_at);
  if (seq_at == std::string_view::npos) return bad("seq is missing");
  std::string_view digits = bytes.substr(seq_at + kSeq.size(), time_at - seq_at - kSeq.size());
  uint64_t seq = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (ec != std::errc() || end != digits.data() + digits.size() ||
      (digits.size() > 1 && digits[0] == '0')) {
    return bad("seq is not a number in canonical form");
  }
  if (seq != expected_seq) {
    return bad(seq > expected_seq
                   ? fmt::format("found seq {}: events are missing before it", seq)
                   : fmt::format("found seq {}: events are out of order or repeated", seq));
  }
  // The actor is a JSON string: skip escapes to find its closing quote.
  size_t i = kActor.size();
  while (i < seq_at && bytes[i] != '"') i += bytes[i] == '\\' ? 2 : 1;
  if (i >= seq_at || bytes.substr(i, kPayload.size()) != kPayload ||
      i + kPayload.size() >= seq_at) {
    return bad("actor or payload is malformed");
  }
  if (!simdjson::validate_utf8(bytes.data(), bytes.size())) return bad("not valid UTF-8");
  return {};
}

Status check_event_fields(std::string_view bytes, uint64_t expected_seq) {
  // One parser per thread: simdjson parsers reuse their buffers across documents.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (auto err = parser.parse(bytes.data(), bytes.size()).get(obj)) {
    return corrupt(fmt::format("not a JSON object ({})", simdjson::error_message(err)),
                   event_where(expected_seq));
  }
  if (obj.size() != 5) {
    return corrupt("an event has exactly seq, time, type, actor and payload",
                   event_where(expected_seq));
  }
  uint64_t seq = 0;
  if (obj["seq"].get(seq) != simdjson::SUCCESS) {
    return corrupt("seq is missing or not a number", event_where(expected_seq));
  }
  if (seq != expected_seq) {
    return corrupt(seq > expected_seq
                       ? fmt::format("found seq {}: events are missing before it", seq)
                       : fmt::format("found seq {}: events are out of order or repeated", seq),
                   event_where(expected_seq));
  }
  std::string_view time, type, actor;
  if (obj["time"].get(time) || !is_utc_timestamp(time))
    return corrupt("time is missing or not a UTC ISO 8601 time", event_where(seq));
  if (obj["type"].get(type) || !is_valid_event_type(type))
    return corrupt("type is missing or malformed", event_where(seq));
  if (obj["actor"].get(actor)) return corrupt("actor is missing", event_where(seq));
  simdjson::dom::element payload;
  if (obj["payload"].get(payload)) return corrupt("payload is missing", event_where(seq));
  return {};
}

Status Verifier::link_event(std::string_view bytes, const Digest& stored_hash) {
  uint64_t seq = next_seq();
  Digest h = chain_next(report_.head, bytes);
  if (h != stored_hash) {
    return corrupt(
        "its hash does not match its content and its predecessor: this event or the one "
        "before it was changed, removed or moved",
        event_where(seq));
  }
  report_.head = h;
  report_.events = seq;
  report_.bytes += bytes.size();
  return note_rotation(bytes);
}

Status Verifier::note_rotation(std::string_view bytes) {
  // Canonical events end with their type, so rotations are found without parsing others.
  static const std::string suffix = fmt::format("\"type\":\"{}\"}}", kKeyRotatedEvent);
  if (!bytes.ends_with(suffix)) return {};
  auto e = decode_event(bytes);
  PublicKey key{};
  if (!e.ok() || !e->payload.is_object() || !e->payload.contains("new_key") ||
      !e->payload["new_key"].is_string() ||
      !parse_lower_hex(e->payload["new_key"].get<std::string>(), key)) {
    return corrupt("a key rotation without a valid new_key", event_where(report_.events));
  }
  announced_.push_back({report_.events, key});
  return {};
}

bool Verifier::trusted(const PublicKey& key) const {
  return options_.trusted_keys.empty() ||
         std::find(options_.trusted_keys.begin(), options_.trusted_keys.end(), key) !=
             options_.trusted_keys.end();
}

Status Verifier::link_event_hex(std::string_view bytes, std::string_view stored_hex) {
  // Comparing our digest's hex with the stored text, rather than decoding the text, is
  // both faster and stricter: only the exact lowercase form matches.
  static constexpr char kDigits[] = "0123456789abcdef";
  Digest h = chain_next(report_.head, bytes);
  std::array<char, 64> hex;
  for (size_t i = 0; i < h.size(); ++i) {
    hex[2 * i] = kDigits[h[i] >> 4];
    hex[2 * i + 1] = kDigits[h[i] & 15];
  }
  if (stored_hex != std::string_view(hex.data(), hex.size())) {
    return corrupt(
        "its hash does not match its content and its predecessor: this event or the one "
        "before it was changed, removed or moved",
        event_where(next_seq()));
  }
  report_.head = h;
  report_.events++;
  report_.bytes += bytes.size();
  return note_rotation(bytes);
}

Status Verifier::add_event(std::string_view bytes, const Digest& stored_hash) {
  TRY(options_.deep ? check_event_fields(bytes, next_seq())
                    : check_event_envelope(bytes, next_seq()));
  return link_event(bytes, stored_hash);
}

Status Verifier::add_checkpoint(const Checkpoint& c) {
  std::string where = fmt::format("checkpoint {}", c.seq);
  if (c.seq != report_.events) {
    return corrupt(fmt::format("is placed after event {}", report_.events), where);
  }
  if (!trusted(c.key)) {
    return corrupt(fmt::format("signed by key {}, which is not trusted", to_hex(c.key)), where);
  }
  if (!checkpoint_signature_valid(c)) {
    return corrupt("the signature is not valid for this seq and head", where);
  }
  if (c.head != report_.head) {
    return corrupt(
        fmt::format("the signed head differs from the chain: an event after checkpoint {} and "
                    "up to {} was rewritten",
                    report_.last_checkpoint_seq, c.seq),
        where);
  }
  if (std::find(report_.keys.begin(), report_.keys.end(), c.key) == report_.keys.end()) {
    report_.keys.push_back(c.key);
  }
  // Keys announced up to here are now vouched for by a trusted key.
  if (!options_.trusted_keys.empty()) {
    for (const auto& [seq, key] : announced_) {
      if (seq <= c.seq && !trusted(key)) options_.trusted_keys.push_back(key);
    }
  }
  std::erase_if(announced_, [&](const auto& a) { return a.first <= c.seq; });
  report_.checkpoints++;
  report_.last_checkpoint_seq = c.seq;
  return {};
}

Result<VerifyReport> Verifier::finish() {
  if (options_.expected_head && *options_.expected_head != report_.head) {
    return corrupt(fmt::format("the record ends at event {} with head {}, not at the expected "
                               "head: it was cut or rewritten",
                               report_.events, to_hex(report_.head)),
                   event_where(report_.events));
  }
  return report_;
}

std::string export_header_line() {
  return "{\"format\":\"collegium-record\",\"version\":1}\n";
}

std::string export_event_line(std::string_view event_bytes, const Digest& hash) {
  std::string line;
  line.reserve(event_bytes.size() + 90);
  line.append(kEventPrefix).append(event_bytes).append(kHashInfix).append(to_hex(hash));
  line.append(kLineSuffix).push_back('\n');
  return line;
}

std::string export_checkpoint_line(const Checkpoint& c) {
  Json j = {{"checkpoint",
             {{"head", to_hex(c.head)},
              {"key", to_hex(c.key)},
              {"seq", c.seq},
              {"signature", to_hex(c.signature)}}}};
  return j.dump() + "\n";
}

namespace {

struct Line {
  size_t number = 0;  // 1-based line number in the file
  std::string_view text;
};

// Lines of an export after its header. A last line without its newline is not returned:
// `cut` says the file ended there.
struct LineReader {
  std::string_view text;
  size_t pos;
  size_t number = 1;
  bool cut = false;

  bool next(Line& line) {
    if (pos >= text.size()) return false;
    size_t end = text.find('\n', pos);
    ++number;
    if (end == std::string_view::npos) {
      cut = true;
      return false;
    }
    line = {number, text.substr(pos, end - pos)};
    pos = end + 1;
    return true;
  }
};

Result<Checkpoint> parse_checkpoint_line(std::string_view text, size_t line) {
  std::string where = fmt::format("line {}", line);
  auto j = parse_json(text, where);
  if (!j.ok()) return corrupt(j.status().message(), where);
  Checkpoint c;
  try {
    const Json& cp = j->at("checkpoint");
    c.seq = cp.at("seq").get<uint64_t>();
    if (!parse_lower_hex(cp.at("head").get<std::string>(), c.head) ||
        !parse_lower_hex(cp.at("key").get<std::string>(), c.key) ||
        !parse_lower_hex(cp.at("signature").get<std::string>(), c.signature)) {
      return corrupt("a checkpoint field is not lowercase hex of the right length", where);
    }
  } catch (const Json::exception&) {
    return corrupt("not a checkpoint line", where);
  }
  if (export_checkpoint_line(c) != std::string(text) + "\n") {
    return corrupt("the checkpoint line is not in canonical form", where);
  }
  return c;
}

// Splits an event line into its event bytes and its stored hash (as hex text).
Status split_event_line(std::string_view text, std::string_view& bytes, std::string_view& hash,
                        uint64_t seq) {
  size_t fixed = kEventPrefix.size() + kHashInfix.size() + kHexDigest + kLineSuffix.size();
  if (text.size() <= fixed || !text.starts_with(kEventPrefix) || !text.ends_with(kLineSuffix)) {
    return corrupt("the line is not an event line", event_where(seq));
  }
  size_t hash_at = text.size() - kLineSuffix.size() - kHexDigest;
  if (text.substr(hash_at - kHashInfix.size(), kHashInfix.size()) != kHashInfix) {
    return corrupt("the stored hash is malformed", event_where(seq));
  }
  hash = text.substr(hash_at, kHexDigest);
  bytes = text.substr(kEventPrefix.size(), hash_at - kHashInfix.size() - kEventPrefix.size());
  return {};
}

}  // namespace

Result<VerifyReport> verify_export(std::string_view text, const VerifyOptions& options) {
  size_t header_end = text.find('\n');
  if (header_end == std::string_view::npos ||
      std::string(text.substr(0, header_end + 1)) != export_header_line()) {
    return corrupt("the first line is not a collegium record header", "line 1");
  }
  // With `deep`, full parses on a second thread while this one follows the hash chain.
  // Each side reads the lines itself and stops at its first failure; the earlier of the
  // two (by line number) is reported.
  constexpr size_t kNone = SIZE_MAX;
  size_t field_failure_line = kNone;
  Status field_failure;
  std::thread fields;
  if (options.deep)
    fields = std::thread([&] {
      LineReader lines{text, header_end + 1};
      Line line;
      uint64_t seq = 0;
      while (lines.next(line)) {
        if (!line.text.starts_with(kEventPrefix)) continue;
        std::string_view bytes, unused;
        Status st = split_event_line(line.text, bytes, unused, ++seq);
        if (st.ok()) st = check_event_fields(bytes, seq);
        if (!st.ok()) {
          field_failure_line = line.number;
          field_failure = std::move(st);
          return;
        }
      }
    });

  Verifier verifier(options);
  size_t chain_failure_line = kNone;
  Status chain_failure;
  LineReader lines{text, header_end + 1};
  Line line;
  while (lines.next(line)) {
    Status st;
    if (line.text.starts_with(kEventPrefix)) {
      std::string_view bytes, stored;
      st = split_event_line(line.text, bytes, stored, verifier.next_seq());
      if (st.ok() && !options.deep) st = check_event_envelope(bytes, verifier.next_seq());
      if (st.ok()) st = verifier.link_event_hex(bytes, stored);
    } else if (line.text.starts_with("{\"checkpoint\":")) {
      auto c = parse_checkpoint_line(line.text, line.number);
      st = c.ok() ? verifier.add_checkpoint(*c) : c.status();
    } else {
      st = corrupt("neither an event nor a checkpoint", fmt::format("line {}", line.number));
    }
    if (!st.ok()) {
      chain_failure_line = line.number;
      chain_failure = std::move(st);
      break;
    }
  }
  if (fields.joinable()) fields.join();
  if (field_failure_line != kNone && field_failure_line <= chain_failure_line) return field_failure;
  if (chain_failure_line != kNone) return chain_failure;
  if (lines.cut) {
    return corrupt("the last line has no newline: the file was cut",
                   fmt::format("line {}", lines.number));
  }
  return verifier.finish();
}

Status for_each_export_event(
    std::string_view text,
    const std::function<Status(uint64_t seq, std::string_view bytes, const Digest& hash)>& fn) {
  size_t header_end = text.find('\n');
  if (header_end == std::string_view::npos) {
    return corrupt("the first line is not a collegium record header", "line 1");
  }
  LineReader lines{text, header_end + 1};
  Line line;
  uint64_t seq = 0;
  while (lines.next(line)) {
    if (!line.text.starts_with(kEventPrefix)) continue;
    std::string_view bytes, stored;
    TRY(split_event_line(line.text, bytes, stored, ++seq));
    Digest hash;
    if (!parse_lower_hex(stored, hash))
      return corrupt("the stored hash is not hex", event_where(seq));
    TRY(fn(seq, bytes, hash));
  }
  return {};
}

}  // namespace collegium::record
