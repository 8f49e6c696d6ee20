#include "record/event.h"

#include "base/util.h"

namespace collegium::record {

bool is_valid_event_type(std::string_view type) {
  if (type.empty() || type.size() > 64) return false;
  for (char c : type) {
    if (!((c >= 'a' && c <= 'z') || c == '.' || c == '_')) return false;
  }
  return type.front() != '.' && type.back() != '.';
}

Result<std::string> encode_event(const Event& e) {
  if (e.seq == 0) return invalid_argument("an event's seq starts at 1", "seq");
  if (!is_utc_timestamp(e.time)) return invalid_argument("not a UTC ISO 8601 time", "time");
  if (!is_valid_event_type(e.type)) {
    return invalid_argument("an event type is lowercase words joined by '.' or '_'", "type");
  }
  Json j = {{"seq", e.seq},
            {"time", e.time},
            {"type", e.type},
            {"actor", e.actor},
            {"payload", e.payload}};
  auto bytes = canonical_json(j);
  if (!bytes.ok()) return std::move(bytes).status().within("event");
  return bytes;
}

Result<Event> decode_event(std::string_view bytes) {
  Json j = TRY(parse_json(bytes, "event"));
  if (!j.is_object()) return corrupt("an event is a JSON object");
  if (j.size() != 5) return corrupt("an event has exactly seq, time, type, actor and payload");
  Event e;
  auto seq = j.find("seq");
  if (seq == j.end() || !seq->is_number_unsigned()) return corrupt("seq is not a number", "seq");
  e.seq = seq->get<uint64_t>();
  for (auto [name, field] : {std::pair{"time", &e.time}, {"type", &e.type}, {"actor", &e.actor}}) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return corrupt("missing or not a string", name);
    *field = it->get<std::string>();
  }
  auto payload = j.find("payload");
  if (payload == j.end()) return corrupt("missing", "payload");
  e.payload = std::move(*payload);
  if (!is_utc_timestamp(e.time)) return corrupt("not a UTC ISO 8601 time", "time");
  if (!is_valid_event_type(e.type)) return corrupt("not a valid event type", "type");
  return e;
}

}  // namespace collegium::record
