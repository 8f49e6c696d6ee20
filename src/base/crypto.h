// Hashing and signatures, all through libsodium.
//
// The public record chains BLAKE2b-256 digests (libsodium's crypto_generichash) and signs
// checkpoints with Ed25519 (crypto_sign_detached). BLAKE2b was chosen over SHA-256 because
// it is faster in portable code and libsodium's SHA-256 has no hardware acceleration.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"

namespace collegium {

using Digest = std::array<uint8_t, 32>;
using PublicKey = std::array<uint8_t, 32>;
using SecretKey = std::array<uint8_t, 64>;
using Signature = std::array<uint8_t, 64>;

// Must be called once before any other function here (idempotent, thread-safe).
void init_crypto();

Digest blake2b(std::string_view data);

// Incremental BLAKE2b-256.
class Hasher {
 public:
  Hasher();
  Hasher& update(std::string_view data);
  Hasher& update(std::span<const uint8_t> data);
  Digest finish();

 private:
  alignas(64) unsigned char state_[384];
};

struct KeyPair {
  PublicKey public_key;
  SecretKey secret_key;  // libsodium's 64-byte form: seed || public key
};

KeyPair generate_keypair();
Signature sign(std::string_view message, const SecretKey& key);
bool verify_signature(std::string_view message, const Signature& signature, const PublicKey& key);

// Fills `out` from the operating system's cryptographic random source.
void random_bytes(std::span<uint8_t> out);

std::string to_hex(std::span<const uint8_t> bytes);
// Parses exactly `out.size()` bytes of lowercase or uppercase hex.
Status from_hex(std::string_view hex, std::span<uint8_t> out);

}  // namespace collegium
