// libFuzzer target: verifying any bytes as a record export must never crash, and the
// quick and deep checks must agree whenever the quick one fails.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "record/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace collegium;
  init_crypto();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto quick = record::verify_export(text);
  record::VerifyOptions deep_options;
  deep_options.deep = true;
  auto deep = record::verify_export(text, deep_options);
  // The deep check checks more, never less.
  if (deep.ok() && !quick.ok()) std::abort();
  return 0;
}
