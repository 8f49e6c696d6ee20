#include "record/chain.h"

#include <fmt/format.h>

namespace collegium::record {

Digest chain_next(const Digest& previous, std::string_view event_bytes) {
  Hasher h;
  h.update(std::span<const uint8_t>(previous.data(), previous.size()));
  h.update(event_bytes);
  return h.finish();
}

std::string checkpoint_message(uint64_t seq, const Digest& head) {
  // A domain prefix keeps these signatures from being reused for any other purpose.
  return fmt::format("collegium checkpoint v1\n{}\n{}", seq, to_hex(head));
}

Checkpoint make_checkpoint(uint64_t seq, const Digest& head, const KeyPair& key) {
  return {seq, head, key.public_key, sign(checkpoint_message(seq, head), key.secret_key)};
}

bool checkpoint_signature_valid(const Checkpoint& c) {
  return verify_signature(checkpoint_message(c.seq, c.head), c.signature, c.key);
}

}  // namespace collegium::record
