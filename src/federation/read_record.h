// The public record in words (issue #15): each event as a sentence with the names of the
// people and bodies it concerns, newest first or oldest first, filtered by kind, body,
// member and words, a keyset page at a time. The API (GET /api/record/entries) and
// `collegium show record` both serialise what list_record() returns, so the page and the
// command line say the same words (DESIGN.md invariant 7).
//
// Sentences are made when the record is read, from the event's payload and the names the
// registry knows now: the record itself stays as it was written (the raw event is part of
// each entry), and a sentence improved later reads the same past better.
//
// Ballot secrecy (invariant 3): a sentence says only what the event itself says. A
// member's ballot.cast says who voted, never how; only a delegate's open ballot, public by
// the constitution, gives its weight. No sentence joins an event to the sealed box.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "federation/federation.h"
#include "federation/reads.h"

namespace collegium::federation {

// What one event says, and whom it concerns.
struct EventSentence {
  std::string group;                 // elections, recalls, motions, membership... (record_groups())
  std::string sentence;              // one English sentence, ending with a full stop
  std::vector<std::string> bodies;   // ids of the bodies it concerns, each once
  std::vector<std::string> members;  // ids of the members it names (its actor too), each once
  bool routine = false;              // a clock's routine step, hidden unless asked for
};

// The sentence of an event of `type` with `payload`, by `actor`. Never fails: a payload
// that lacks a key names what it can, and a type this version does not know gets a plain
// sentence in the group "other" (has_sentence() says which types have their own). A member
// whose name is in `shared_names` (names two members of one page share) is named with their id too.
EventSentence describe_event(const RegistryView& r, std::string_view type, const Json& payload,
                             std::string_view actor,
                             const std::set<std::string>* shared_names = nullptr);

// True when events of `type` have a sentence of their own (every RegistryEvent does, and
// the notes the server and the command line append).
bool has_sentence(std::string_view type);

// The groups of kinds, in the order a filter lists them, each with its event types.
struct RecordGroup {
  std::string name, label;
  std::vector<std::string> types;
  bool operator==(const RecordGroup&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("name", &RecordGroup::name), field("label", &RecordGroup::label),
                      field("types", &RecordGroup::types)};
  }
};
const std::vector<RecordGroup>& record_groups();

// A member an event names.
struct RecordMember {
  std::string id, name;
  bool operator==(const RecordMember&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("id", &RecordMember::id), field("name", &RecordMember::name)};
  }
};

// One event as the record page shows it.
struct RecordEntry {
  int64_t seq = 0;
  std::string time, type, group, actor, actor_name, sentence;
  std::vector<BodySummary> bodies;    // the bodies it concerns, with their names
  std::vector<RecordMember> members;  // the members it names, its actor among them
  bool routine = false;
  // The raw payload, unless it is larger than kMaxShownPayload bytes (an imported economy):
  // then null, and payload_bytes says how large; GET /api/record?after=SEQ-1&limit=1 has it.
  Json payload;
  int64_t payload_bytes = 0;
  std::string hash;  // the chain's hash up to this event, hex
  bool operator==(const RecordEntry&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("seq", &RecordEntry::seq),
        field("time", &RecordEntry::time, Presence::kRequired, "UTC, ISO 8601"),
        field("type", &RecordEntry::type),
        field("group", &RecordEntry::group, Presence::kRequired,
              "elections, recalls, motions, officials, membership, constitution, registry, "
              "plans, fulfilment, server or other"),
        field("actor", &RecordEntry::actor),
        field("actor_name", &RecordEntry::actor_name, Presence::kRequired,
              "the actor's name when a member, else the actor"),
        field("sentence", &RecordEntry::sentence, Presence::kRequired,
              "what happened, in words, with names"),
        field("bodies", &RecordEntry::bodies),
        field("members", &RecordEntry::members),
        field("routine", &RecordEntry::routine, Presence::kRequired,
              "a clock's routine step (hidden unless routine=1)"),
        field("payload", &RecordEntry::payload, Presence::kRequired,
              "the event's payload; null when larger than 16,000 bytes"),
        field("payload_bytes", &RecordEntry::payload_bytes),
        field("hash", &RecordEntry::hash)};
  }
};
inline constexpr int64_t kMaxShownPayload = 16000;

// What to list. Every field has the meaning of the API's query parameter of the same name.
struct RecordQuery {
  std::string order = "newest";  // newest or oldest
  std::string kind;              // comma-separated event types or group names; empty: all
  std::string body;              // a body's id: events that concern it
  std::string member;            // a member's id (a former member's too): events naming them
  std::string q;                 // words the sentence contains (any case)
  bool routine = false;          // include the clock's routine steps
  int64_t before = 0;            // newest first: events with seq < before (0: from the head)
  int64_t after = 0;             // oldest first: events with seq > after
  int64_t limit = 50;
};
inline constexpr int64_t kMaxRecordLimit = 200;
inline constexpr size_t kMaxRecordSearch = 200;  // characters of q
// How many events one call reads at most while looking for matches: a rare match costs a
// few pages, never a scan of the whole record in one request.
inline constexpr int64_t kRecordScanBudget = 5000;

struct RecordEntries {
  std::vector<RecordEntry> entries;
  // The cursor of the next page (a `before` when newest first, an `after` when oldest
  // first), null when the record has no more events in that direction. It is the last
  // event read, not the last listed: a page may hold fewer than `limit` entries when the
  // scan budget ran out, and the next page goes on from there. Events appended meanwhile
  // never move a cursor (seq is the key).
  Nullable<int64_t> next;
  int64_t head = 0;  // the record's head seq when read
  // The names of the body and the member filtered by, for a page to say whose events these are.
  std::optional<std::string> body_name, member_name;
  bool operator==(const RecordEntries&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("entries", &RecordEntries::entries), field("body_name", &RecordEntries::body_name),
        field("member_name", &RecordEntries::member_name),
        field("next", &RecordEntries::next, Presence::kRequired,
              "the before (newest first) or after (oldest first) of the next page; null at the "
              "end"),
        field("head", &RecordEntries::head)};
  }
};

// invalid_argument naming the parameter for a bad order, an unknown kind or group, a body
// or member nobody knows, a q over kMaxRecordSearch characters, a cursor below 0, a cursor
// that does not fit the order, or a limit outside 1..kMaxRecordLimit.
Result<RecordEntries> list_record(Federation& fed, const RecordQuery& query);

}  // namespace collegium::federation
