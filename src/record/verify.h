// Verifying a public record offline, and the export format it reads.
//
// Export format (JSON lines, UTF-8, '\n' after every line):
//   {"format":"collegium-record","version":1}                       first line
//   {"event":<canonical event>,"hash":"<h_seq, 64 lowercase hex>"}  one per event, by seq
//   {"checkpoint":{"head":"..","key":"..","seq":N,"signature":".."}} after event N
// Every line is itself canonical JSON, so any change of a byte is detected.
//
// What verification proves: every event hashes to its stored hash from its predecessor,
// seqs run 1, 2, 3... without gap, each event is well formed, and every checkpoint is a
// valid signature over the chain's head at its seq (by a trusted key, when keys are given).
// Key rotation: the server announces a new key with a `server.key_rotated` event whose
// payload is {"old_key": hex, "new_key": hex}; the new key is trusted once a checkpoint by
// an already trusted key covers that event. A chain of trust thus runs from the first key
// (pinned with --key) through every rotation.
//
// What it cannot prove alone: that nothing was cut after the last checkpoint. Compare the
// reported head with one published elsewhere (`expected_head`) for that.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "record/chain.h"

namespace collegium::record {

inline constexpr std::string_view kKeyRotatedEvent = "server.key_rotated";

struct VerifyOptions {
  // Empty: accept any key and report it. Otherwise the keys trusted from the start; keys
  // announced by rotation events join them as explained above.
  std::vector<PublicKey> trusted_keys;
  std::optional<Digest> expected_head;  // the head must equal this at the end
  // Also parse every payload as JSON (on a second thread for an export). Without it each
  // event's envelope is checked exactly (the five fields in canonical order, seq, time,
  // type, actor) and its bytes must be valid UTF-8; the payload's bytes are bound by the
  // hash chain like everything else.
  bool deep = false;
};

struct VerifyReport {
  uint64_t events = 0;
  uint64_t checkpoints = 0;
  uint64_t last_checkpoint_seq = 0;
  uint64_t bytes = 0;  // event bytes hashed
  Digest head = kGenesisHash;
  std::vector<PublicKey> keys;  // keys that signed checkpoints, in order of first use
};

// Streaming verification of events in seq order. Errors are Code::kCorrupt with `where`
// = "event N" (or "checkpoint N", "line L") naming the first bad item.
class Verifier {
 public:
  explicit Verifier(VerifyOptions options = {});

  // Checks an event's form (deeply if the options say so) and links it into the chain.
  Status add_event(std::string_view bytes, const Digest& stored_hash);
  // Links an event whose fields were checked elsewhere (see check_event_fields).
  Status link_event(std::string_view bytes, const Digest& stored_hash);
  // The same, with the stored hash as it appears in an export (64 lowercase hex digits).
  Status link_event_hex(std::string_view bytes, std::string_view stored_hex);
  Status add_checkpoint(const Checkpoint& checkpoint);
  Result<VerifyReport> finish();

  uint64_t next_seq() const { return report_.events + 1; }

 private:
  // Notes a key announced by a rotation event, trusted once a checkpoint covers it.
  Status note_rotation(std::string_view bytes);
  bool trusted(const PublicKey& key) const;

  VerifyOptions options_;
  VerifyReport report_;
  std::vector<std::pair<uint64_t, PublicKey>> announced_;  // seq of the event, new key
};

// Checks that `bytes` is an event in canonical form whose seq is `expected_seq`: the
// envelope exactly and UTF-8 validity, without parsing the payload. Cheap next to hashing.
Status check_event_envelope(std::string_view bytes, uint64_t expected_seq);
// The same with a full JSON parse of the event, payload included.
Status check_event_fields(std::string_view bytes, uint64_t expected_seq);

// Verifies a whole export in one pass; with `deep`, a second thread parses every event
// while this one follows the hash chain.
Result<VerifyReport> verify_export(std::string_view text, const VerifyOptions& options = {});

// Calls `fn` with each event of an export in order: its seq (counted from 1), its bytes
// and its stored hash. Reads the lines only: run verify_export() first, which proves that
// the bytes and hashes form the chain. Stops at the first error `fn` returns; corrupt
// naming the event for a line that is not an event line. Checkpoint lines are skipped.
Status for_each_export_event(
    std::string_view text,
    const std::function<Status(uint64_t seq, std::string_view bytes, const Digest& hash)>& fn);

// Lines of the export format, each ending in '\n'.
std::string export_header_line();
std::string export_event_line(std::string_view event_bytes, const Digest& hash);
std::string export_checkpoint_line(const Checkpoint& checkpoint);

}  // namespace collegium::record
