// libFuzzer target: the BLT reader must never crash, and what it reads must write back
// and read again to the same ballots; a small count on it must not crash either.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "count/blt.h"
#include "count/scottish_stv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace collegium::count;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto e = read_blt(text, "fuzz.blt");
  if (!e.ok()) return 0;
  auto out = write_blt(*e);
  if (!out.ok()) return 0;  // e.g. a name BLT cannot carry
  auto back = read_blt(*out, "fuzz-rewritten.blt");
  if (!back.ok() || back->marks != e->marks || back->weight != e->weight ||
      back->candidates != e->candidates)
    __builtin_trap();
  if (e->candidates.size() <= 12 && e->total_weight() < (int64_t{1} << 30)) {
    const int seats = e->seats > 0 ? e->seats : 1;
    auto s = count_scottish_stv(*e, seats, {});
    (void)s;
  }
  return 0;
}
