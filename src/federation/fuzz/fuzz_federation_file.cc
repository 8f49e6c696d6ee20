// libFuzzer target: reading any bytes as a federation file must never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "federation/file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto commands = collegium::federation::read_federation_file(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  (void)commands;
  return 0;
}
