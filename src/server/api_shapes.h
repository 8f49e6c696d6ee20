// The shapes of the few answers and bodies that are not read models (reads.h): health, the
// record and its checkpoints, sessions and tokens, a command's reply, the operator's acts
// and verification. They are described here for the OpenAPI document (http.h, Shape); the
// tests hold every real answer against them, so a handler that changes what it writes
// without changing its shape here fails there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/fields.h"
#include "federation/read_registry.h"
#include "server/http.h"

namespace collegium::server::api {

using federation::RecordHead;

struct Health {
  std::string status;  // "ok"
  RecordHead record;
  static constexpr auto fields() {
    return std::tuple{field("status", &Health::status, Presence::kRequired, "ok"),
                      field("record", &Health::record)};
  }
};

// An event of the public record as GET /api/record lists it (record/event.h), with its hash.
struct RecordEvent {
  int64_t seq = 0;
  std::string time, type, actor;
  Json payload;
  std::string hash;
  static constexpr auto fields() {
    return std::tuple{field("seq", &RecordEvent::seq),
                      field("time", &RecordEvent::time, Presence::kRequired, "UTC, ISO 8601"),
                      field("type", &RecordEvent::type, Presence::kRequired, "member.admitted..."),
                      field("actor", &RecordEvent::actor),
                      field("payload", &RecordEvent::payload, Presence::kRequired,
                            "what happened, by type (docs/record.md)"),
                      field("hash", &RecordEvent::hash, Presence::kRequired,
                            "the chain's hash up to this event, hex")};
  }
};

struct RecordPage {
  std::vector<RecordEvent> events;
  RecordHead head;
  static constexpr auto fields() {
    return std::tuple{field("events", &RecordPage::events), field("head", &RecordPage::head)};
  }
};

struct Checkpoint {
  int64_t seq = 0;
  std::string head, key, signature;  // hex
  static constexpr auto fields() {
    return std::tuple{field("seq", &Checkpoint::seq), field("head", &Checkpoint::head),
                      field("key", &Checkpoint::key), field("signature", &Checkpoint::signature)};
  }
};

struct Checkpoints {
  std::vector<Checkpoint> checkpoints;
  std::string key;  // the server's public key now, hex
  static constexpr auto fields() {
    return std::tuple{field("checkpoints", &Checkpoints::checkpoints),
                      field("key", &Checkpoints::key)};
  }
};

// The body of POST /api/session.
struct Login {
  std::string member, password;
  static constexpr auto fields() {
    return std::tuple{
        field("member", &Login::member, Presence::kRequired, "a member id, or \"operator\""),
        field("password", &Login::password)};
  }
};

// Who is logged in: the answer of POST and GET /api/session.
struct SessionInfo {
  std::string member;
  std::optional<std::string> kind;        // GET only: "web" or "bearer"
  std::optional<std::string> csrf_token;  // web sessions only
  std::string expires;
  bool is_operator = false;
  std::optional<std::string> name;  // a member's name; the operator has none
  std::optional<bool> removed;      // true for a member removed from membership (A12)
  static constexpr auto fields() {
    return std::tuple{field("member", &SessionInfo::member),
                      field("kind", &SessionInfo::kind, Presence::kOptional, "web or bearer"),
                      field("csrf_token", &SessionInfo::csrf_token, Presence::kOptional,
                            "send it as X-CSRF-Token with every write of a web session"),
                      field("expires", &SessionInfo::expires, Presence::kRequired, "UTC, ISO 8601"),
                      field("operator", &SessionInfo::is_operator),
                      field("name", &SessionInfo::name),
                      field("removed", &SessionInfo::removed, Presence::kOptional,
                            "present and true for a member removed from membership, who can "
                            "still log in to appeal (A12)")};
  }
};

struct Token {
  std::string token, expires;
  static constexpr auto fields() {
    return std::tuple{
        field("token", &Token::token, Presence::kRequired, "send it as Authorization: Bearer"),
        field("expires", &Token::expires)};
  }
};

struct CommandReply {
  std::vector<int64_t> events;       // the seqs of the events the command appended
  std::vector<std::string> created;  // ids the command's events gave
  RecordHead head;
  static constexpr auto fields() {
    return std::tuple{
        field("events", &CommandReply::events, Presence::kRequired, "seqs of the new events"),
        field("created", &CommandReply::created, Presence::kRequired, "ids the command gave"),
        field("head", &CommandReply::head)};
  }
};

struct Backup {
  std::string file;
  Json omitted_boxes;
  RecordHead head;
  static constexpr auto fields() {
    return std::tuple{field("file", &Backup::file),
                      field("omitted_boxes", &Backup::omitted_boxes, Presence::kRequired,
                            "the ballot boxes of open polls the backup leaves out (invariant 3)"),
                      field("head", &Backup::head)};
  }
};

struct RotatedKey {
  std::string old_key, new_key;  // hex
  RecordHead head;
  static constexpr auto fields() {
    return std::tuple{field("old_key", &RotatedKey::old_key),
                      field("new_key", &RotatedKey::new_key), field("head", &RotatedKey::head)};
  }
};

// GET /api/record/verification: either the record verifies, with what was checked, or it
// does not, with the first bad item. `valid` tells the two apart.
inline Json verification_schema() {
  Json good = {
      {"type", "object"},
      {"properties",
       {{"valid", {{"type", "boolean"}, {"enum", {true}}}},
        {"events", {{"type", "integer"}}},
        {"checkpoints", {{"type", "integer"}}},
        {"last_checkpoint_seq", {{"type", "integer"}}},
        {"head", {{"type", "string"}}},
        {"keys", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"seconds", {{"type", "string"}, {"description", "how long it took"}}}}},
      {"required",
       {"valid", "events", "checkpoints", "last_checkpoint_seq", "head", "keys", "seconds"}},
      {"additionalProperties", false}};
  Json bad = {{"type", "object"},
              {"properties",
               {{"valid", {{"type", "boolean"}, {"enum", {false}}}},
                {"where", {{"type", "string"}, {"description", "the first bad item"}}},
                {"reason", {{"type", "string"}}}}},
              {"required", {"valid", "where", "reason"}},
              {"additionalProperties", false}};
  return {{"oneOf", {good, bad}}};
}

// GET /api/constitution.
inline Json constitution_schema() {
  return {{"type", "object"},
          {"properties",
           {{"constitution",
             {{"type", "object"},
              {"additionalProperties", true},
              {"description", "the federation's rules as data (docs/governance.md)"}}},
            {"founded", {{"type", "boolean"}}}}},
          {"required", {"constitution", "founded"}},
          {"additionalProperties", false}};
}

}  // namespace collegium::server::api
