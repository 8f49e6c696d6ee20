// Events of the public record (DESIGN.md: "the public record is the source of truth").
//
// An event is {seq, time, type, actor, payload}. Its canonical JSON (base/json.h) is what
// the hash chain covers, so the bytes of an event never change once written.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"

namespace collegium::record {

struct Event {
  uint64_t seq = 0;   // 1, 2, 3... without gaps
  std::string time;   // UTC, ISO 8601 with milliseconds
  std::string type;   // "member.admitted": lowercase words joined by '.' or '_'
  std::string actor;  // who caused it: a member id, "operator", "system"...
  Json payload = Json::object();
};

bool is_valid_event_type(std::string_view type);

// The canonical bytes of `event`; fails if a field is out of its domain or the payload
// has no canonical form (see canonical_json).
Result<std::string> encode_event(const Event& event);

// Reads canonical event bytes back. Checks field types and domains, not canonicality
// (the hash chain already binds the exact bytes).
Result<Event> decode_event(std::string_view bytes);

}  // namespace collegium::record
