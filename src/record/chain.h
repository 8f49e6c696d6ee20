// The hash chain and signed checkpoints (invariant 2: the record cannot be rewritten
// silently).
//
//   h_0 = 32 zero bytes
//   h_n = BLAKE2b-256(h_{n-1} || canonical(event_n))
//
// A checkpoint is the server's Ed25519 signature over (seq, h_seq). Anyone holding the
// server's public key can then check that the record up to seq is the one the server
// vouched for; an attacker who rewrites an event and recomputes every later hash still
// cannot forge the next checkpoint.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/crypto.h"

namespace collegium::record {

inline constexpr Digest kGenesisHash{};

Digest chain_next(const Digest& previous, std::string_view event_bytes);

struct Checkpoint {
  uint64_t seq = 0;
  Digest head{};
  PublicKey key{};
  Signature signature{};
};

// The exact bytes that a checkpoint signs.
std::string checkpoint_message(uint64_t seq, const Digest& head);

Checkpoint make_checkpoint(uint64_t seq, const Digest& head, const KeyPair& key);
bool checkpoint_signature_valid(const Checkpoint& checkpoint);

}  // namespace collegium::record
