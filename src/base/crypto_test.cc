#include "base/crypto.h"

#include <gtest/gtest.h>

namespace collegium {
namespace {

TEST(Crypto, Blake2bMatchesTheRfc7693Vector) {
  init_crypto();
  // RFC 7693 appendix A gives BLAKE2b-512("abc"); this is the 256-bit variant's known value.
  EXPECT_EQ(to_hex(blake2b("abc")),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  Hasher h;
  h.update("a").update("bc");
  EXPECT_EQ(h.finish(), blake2b("abc"));
}

TEST(Crypto, SignaturesVerifyAndTamperingFails) {
  init_crypto();
  KeyPair kp = generate_keypair();
  Signature s = sign("head 42", kp.secret_key);
  EXPECT_TRUE(verify_signature("head 42", s, kp.public_key));
  EXPECT_FALSE(verify_signature("head 43", s, kp.public_key));
  s[0] ^= 1;
  EXPECT_FALSE(verify_signature("head 42", s, kp.public_key));
}

TEST(Crypto, HexRoundTrips) {
  Digest d = blake2b("x");
  Digest back{};
  ASSERT_TRUE(from_hex(to_hex(d), back).ok());
  EXPECT_EQ(back, d);
  EXPECT_FALSE(from_hex("zz", std::span<uint8_t>(back.data(), 1)).ok());
  EXPECT_FALSE(from_hex("abc", back).ok());
}

}  // namespace
}  // namespace collegium
