#include "plan/generate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "plan/alternatives.h"
#include "plan/analysis.h"

namespace collegium::plan {

// Below this many products a thread team costs more than it saves.
constexpr int64_t kParallelMin = 50000;

namespace {

// splitmix64: small, fast and good enough for synthetic data; seeded per product so the
// draws do not depend on the order of generation.
struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  uint64_t below(uint64_t n) { return next() % n; }
};

uint64_t mix(uint64_t seed, uint64_t stream, uint64_t index) {
  Rng r(seed * 0x9E3779B97F4A7C15ull + stream * 0xD1B54A32D192ED03ull + index);
  r.next();
  return r.next();
}

}  // namespace

Status validate(const GenerateOptions& o) {
  if (o.products < 1 || o.products > 2'000'000'000)
    return invalid_argument("products must be between 1 and 2e9", "products");
  if (!(o.inputs_per_product >= 1) || !std::isfinite(o.inputs_per_product))
    return invalid_argument("inputs per product must be at least 1", "inputs_per_product");
  if (!(o.spectral_radius > 0 && o.spectral_radius < 1))
    return invalid_argument("the spectral radius must lie strictly between 0 and 1",
                            "spectral_radius");
  if (o.regions < 1) return invalid_argument("at least one region", "regions");
  if (o.labour_categories < 1)
    return invalid_argument("at least one labour category", "labour_categories");
  if (!(o.neighbourhood_share >= 0 && o.neighbourhood_share <= 1))
    return invalid_argument("the neighbourhood share must lie between 0 and 1",
                            "neighbourhood_share");
  if (o.neighbourhood < 1)
    return invalid_argument("a neighbourhood holds at least one product", "neighbourhood");
  return Status();
}

Result<Economy> generate_economy(const GenerateOptions& o) {
  TRY(validate(o));
  const int32_t n = static_cast<int32_t>(o.products);
  const double mean = std::min<double>(o.inputs_per_product, n);
  Economy e;
  e.name = fmt::format("synthetic-{}-{}-{}-{}", o.products, o.inputs_per_product, o.spectral_radius,
                       o.seed);
  for (int32_t r = 0; r < o.regions; ++r)
    e.regions.push_back({fmt::format("r{}", r), fmt::format("Region {}", r), 0});
  e.products.resize(n);
  // Counts first (so columns can then be filled in parallel).
  CscMatrix& a = e.technology;
  a.rows = a.cols = n;
  a.col_ptr.assign(static_cast<size_t>(n) + 1, 0);
  const int64_t cap = std::min<int64_t>(n, static_cast<int64_t>(20 * mean) + 1);
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (int32_t j = 0; j < n; ++j) {
    Rng rng(mix(o.seed, 1, j));
    int64_t k;
    if (o.exact_inputs || mean <= 1) {
      k = static_cast<int64_t>(std::llround(mean));
    } else {
      // Geometric on {1, 2, ...} with mean `mean`.
      double p = 1.0 / mean;
      double u = std::max(rng.uniform(), 1e-300);
      k = 1 + static_cast<int64_t>(std::floor(std::log(u) / std::log1p(-p)));
    }
    a.col_ptr[j + 1] = std::clamp<int64_t>(k, 1, cap);
    e.products[j].region =
        static_cast<int32_t>(mix(o.seed, 2, j) % static_cast<uint64_t>(o.regions));
  }
  for (int32_t j = 0; j < n; ++j) a.col_ptr[j + 1] += a.col_ptr[j];
  a.row_idx.resize(a.col_ptr[n]);
  a.values.resize(a.col_ptr[n]);
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (int32_t j = 0; j < n; ++j) {
    Rng rng(mix(o.seed, 3, j));
    const int64_t b = a.col_ptr[j], k = a.col_ptr[j + 1] - b;
    int32_t* rows = a.row_idx.data() + b;
    if (k * 2 > n) {
      // Dense column: a partial Fisher-Yates shuffle of all products.
      std::vector<int32_t> all(n);
      for (int32_t i = 0; i < n; ++i) all[i] = i;
      for (int64_t t = 0; t < k; ++t) std::swap(all[t], all[t + rng.below(n - t)]);
      std::copy(all.begin(), all.begin() + k, rows);
    } else {
      // The neighbourhood [lo, hi) of j; drawing from it only when it holds well over k
      // products keeps the rejection loop below short.
      const int64_t lo = j / o.neighbourhood * o.neighbourhood,
                    hi = std::min<int64_t>(n, lo + o.neighbourhood);
      const bool local = o.neighbourhood_share > 0 && hi - lo >= 2 * k;
      for (int64_t t = 0; t < k; ++t) {
        // Without a neighbourhood no extra draw is made, so the economy stays the same.
        const bool near = local && rng.uniform() < o.neighbourhood_share;
        for (;;) {
          int32_t i = static_cast<int32_t>(near ? lo + static_cast<int64_t>(rng.below(hi - lo))
                                                : rng.below(n));
          if (std::find(rows, rows + t, i) == rows + t) {
            rows[t] = i;
            break;
          }
        }
      }
    }
    std::sort(rows, rows + k);
    double total = 0;
    for (int64_t t = 0; t < k; ++t) total += (a.values[b + t] = rng.uniform(0.05, 1.0));
    for (int64_t t = 0; t < k; ++t) a.values[b + t] *= o.spectral_radius / total;
  }
  for (int32_t j = 0; j < n; ++j) e.products[j].id = fmt::format("p{}", j);
  // Labour hours per unit by category; final demand in three kinds.
  for (int32_t c = 0; c < o.labour_categories; ++c) {
    Satellite s{fmt::format("hours-{}", c), "hours per unit", true, std::vector<double>(n)};
    const double scale = c == 0 ? 1.0 : 0.3;
#pragma omp parallel for schedule(static) if (n > kParallelMin)
    for (int32_t j = 0; j < n; ++j)
      s.per_unit[j] = scale * Rng(mix(o.seed, 10 + c, j)).uniform(0.5, 2.0);
    e.satellites.push_back(std::move(s));
  }
  const struct {
    const char* id;
    DemandKind kind;
    double share;
  } kinds[] = {{"households", DemandKind::kHousehold, 0.6},
               {"public", DemandKind::kPublic, 0.2},
               {"investment", DemandKind::kInvestment, 0.2}};
  for (size_t d = 0; d < 3; ++d) {
    FinalDemand fd{kinds[d].id, kinds[d].kind, -1, std::vector<double>(n)};
#pragma omp parallel for schedule(static) if (n > kParallelMin)
    for (int32_t j = 0; j < n; ++j)
      fd.amounts[j] = 2000 * kinds[d].share * Rng(mix(o.seed, 20 + d, j)).uniform(0.5, 1.5);
    e.final_demand.push_back(std::move(fd));
  }
  if (!o.workplaces) return e;

  // Capacities and labour supply from the base plan, with slack.
  SolveOptions so;
  so.tolerance = 1e-12;
  Solution x = TRY(gross_output(e, e.total_final_demand(), so));
  e.gross_output = x.x;
  std::vector<std::vector<double>> hours(o.regions, std::vector<double>(o.labour_categories, 0.0));
  std::vector<double> workers(o.regions, 0.0);
  for (int32_t j = 0; j < n; ++j) {
    Rng rng(mix(o.seed, 30, j));
    int m = 1 + static_cast<int>(
                    rng.below(static_cast<uint64_t>(std::max(1, o.max_workplaces_per_product))));
    std::vector<double> w(m);
    double tot = 0;
    for (int t = 0; t < m; ++t) tot += (w[t] = rng.uniform(0.5, 1.5));
    for (int t = 0; t < m; ++t) {
      Workplace wp;
      wp.id = fmt::format("w{}-{}", j, t);
      wp.product = j;
      wp.region = e.products[j].region;
      double target = x.x[j] * w[t] / tot;
      wp.capacity = target * rng.uniform(1.05, 1.5);
      double h = 0;
      for (int32_t c = 0; c < o.labour_categories; ++c) {
        // Workplaces differ around the product's average labour (by +-10%).
        double per = e.satellites[c].per_unit[j] * rng.uniform(0.9, 1.1);
        wp.labour_per_unit.push_back(per);
        hours[wp.region][c] += per * target;
        h += per * target;
      }
      wp.workers = std::max(1.0, std::round(h / (e.weeks_per_year * 35.0)));
      workers[wp.region] += wp.workers;
      e.workplaces.push_back(std::move(wp));
    }
  }
  for (int32_t r = 0; r < o.regions; ++r) {
    Rng rng(mix(o.seed, 40, r));
    e.regions[r].population = std::round(workers[r] * rng.uniform(1.8, 2.2));
    for (int32_t c = 0; c < o.labour_categories; ++c) {
      e.labour_supply.push_back(
          {r, c, hours[r][c] * rng.uniform(1.0, 1.2), c == 0 ? workers[r] : 0.0});
    }
  }
  TRY(validate(e));
  return e;
}

}  // namespace collegium::plan
