// libFuzzer target: the ballot CSV reader must never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "count/csv.h"
#include "count/irv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace collegium::count;
  auto e = read_ballot_csv(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv");
  if (e.ok() && !e->candidates.empty()) {
    auto s = count_irv(*e, {});
    (void)s;
  }
  return 0;
}
