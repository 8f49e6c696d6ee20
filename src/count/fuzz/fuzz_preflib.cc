// libFuzzer target: the PrefLib reader (both kinds) must never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "count/meek_stv.h"
#include "count/preflib.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace collegium::count;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto soi = read_preflib(text, PreflibKind::kSoi, "fuzz.soi");
  auto toi = read_preflib(text, PreflibKind::kToi, "fuzz.toi");
  if (toi.ok() && toi->candidates.size() <= 10 && toi->total_weight() < (int64_t{1} << 30)) {
    auto s = count_meek_stv(*toi, 1, {});
    (void)s;
  }
  (void)soi;
  return 0;
}
