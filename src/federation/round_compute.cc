#include "federation/round_compute.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>

#include "base/crypto.h"
#include "plan/analysis.h"
#include "plan/vectors.h"

namespace collegium::federation {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using Clock = std::chrono::steady_clock;

using plan::dot;
using plan::norm2;
using plan::sum;
bool is_consumption(plan::DemandKind k) {
  return k == plan::DemandKind::kHousehold || k == plan::DemandKind::kPublic;
}

// ---- the digest ----

// Feeds SHA-256 through a buffer, so that a 100,000-product economy is a few hundred
// updates rather than millions.
class CanonicalHash {
 public:
  CanonicalHash() { crypto_hash_sha256_init(&state_); }
  void bytes(const void* p, size_t n) {
    const auto* c = static_cast<const char*>(p);
    buffer_.append(c, n);
    if (buffer_.size() >= (1u << 16)) flush();
  }
  void u64(uint64_t v) {  // little-endian
    if constexpr (std::endian::native == std::endian::little) {
      bytes(&v, 8);
    } else {
      unsigned char b[8];
      for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
      bytes(b, 8);
    }
  }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void num(double v) {
    if (v == 0) v = 0;  // -0 and 0 are the same figure
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    u64(bits);
  }
  void str(const std::string& s) {
    u64(s.size());
    bytes(s.data(), s.size());
  }
  void nums(const std::vector<double>& v) {
    u64(v.size());
    for (double x : v) num(x);
  }
  // (index, value) pairs in index order, whatever order they were kept in.
  void pairs(std::vector<std::pair<int32_t, double>> v) {
    std::sort(v.begin(), v.end());
    u64(v.size());
    for (const auto& [i, x] : v) {
      i64(i);
      num(x);
    }
  }
  std::string hex() {
    flush();
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_, out);
    return to_hex(std::span<const uint8_t>(out, sizeof out));
  }

 private:
  void flush() {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(buffer_.data()),
                              buffer_.size());
    buffer_.clear();
  }
  crypto_hash_sha256_state state_;
  std::string buffer_;
};

// ---- the Leontief solves, warm or cold ----

bool same_matrix(const plan::CscMatrix& a, const plan::CscMatrix& b) {
  return a.rows == b.rows && a.cols == b.cols && a.col_ptr == b.col_ptr && a.row_idx == b.row_idx &&
         a.values == b.values;
}

}  // namespace

// I - A set up once: the sliced copy the products gather along, checked productive on its
// first solve (or factorised, for the LU method). It keeps its own copy of A, which the
// system points into, so it outlives the economy it came from and a recomputation on an
// economy with the same technology takes it as it is.
struct LeontiefCache {
  plan::CscMatrix a;
  plan::Method method = plan::Method::kBicgstab;
  std::unique_ptr<plan::LeontiefSystem> system;
  std::unique_ptr<plan::LeontiefLu> lu;
};

namespace {

// The round's solves, all on (I - A) x = y. A solve may start from an earlier solution: it
// then solves for the correction d in (I - A) d = y - (I - A) x0, to the tolerance that
// makes x0 + d meet the caller's tolerance on y, so that a small change costs few
// iterations and none at all when x0 already meets it.
class Solver {
 public:
  Solver(const plan::Economy& e, const plan::SolveOptions& o) : e_(e), o_(o) {}

  // Takes `reuse` when it was set up for the same technology and method, else sets up anew.
  Status set_up(std::shared_ptr<const LeontiefCache> reuse) {
    if (reuse && reuse->method == o_.method && same_matrix(reuse->a, e_.technology)) {
      cache_ = std::move(reuse);
      return Status();
    }
    auto c = std::make_shared<LeontiefCache>();
    c->a = e_.technology;
    c->method = o_.method;
    if (o_.method == plan::Method::kSparseLu) {
      auto f = plan::LeontiefLu::factor(c->a);
      if (!f.ok()) return named(f.status());
      c->lu = std::move(*f);
    } else {
      c->system = std::make_unique<plan::LeontiefSystem>(c->a, false);
    }
    cache_ = std::move(c);
    return Status();
  }
  const std::shared_ptr<const LeontiefCache>& cache() const { return cache_; }

  Result<plan::Solution> solve(const std::vector<double>& y, const std::vector<double>* start) {
    if (norm2(y) == 0) {  // no demand of this kind: nothing to make
      plan::Solution zero;
      zero.x.assign(y.size(), 0.0);
      zero.report.method = o_.method;
      zero.report.converged = true;
      return zero;
    }
    if (cache_->lu) return cache_->lu->solve(y);
    const plan::LeontiefSystem& sys = *cache_->system;
    if (start == nullptr || start->size() != y.size()) {
      auto r = sys.solve(y, o_);
      if (!r.ok()) return named(r.status());
      return r;
    }
    const auto t0 = Clock::now();
    const double ny = norm2(y);
    plan::Solution out;
    out.x = *start;
    out.report.method = o_.method;
    std::vector<double> r(y.size());
    // A correction's own rounding can leave x0 + d a hair above the tolerance: a few
    // more corrections then finish it.
    for (int round = 0; round < 4; ++round) {
      sys.apply(out.x, r, o_.threads);
      for (size_t i = 0; i < r.size(); ++i) r[i] = y[i] - r[i];
      out.report.matrix_products += 1;
      const double nr = norm2(r);
      out.report.relative_residual = ny > 0 ? nr / ny : nr;
      if (out.report.relative_residual <= o_.tolerance) break;
      plan::SolveOptions c = o_;
      c.tolerance = ny > 0 ? std::min(0.5, o_.tolerance * ny / nr) : o_.tolerance;
      auto d = sys.solve(r, c);
      if (!d.ok()) return named(d.status());
      for (size_t i = 0; i < out.x.size(); ++i) out.x[i] += d->x[i];
      out.report.iterations += d->report.iterations;
      out.report.matrix_products += d->report.matrix_products;
      out.report.vector_streams += d->report.vector_streams;
    }
    out.report.converged = out.report.relative_residual <= o_.tolerance;
    out.report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return out;
  }

 private:
  // The solvers name products by index; the economy knows their ids.
  Status named(Status s) const {
    if (s.code() != Code::kFailedPrecondition || plan::unproductive_groups(e_.technology).empty())
      return s;
    return plan::unproductive_error(e_.technology, plan::product_ids(e_));
  }
  const plan::Economy& e_;
  plan::SolveOptions o_;
  std::shared_ptr<const LeontiefCache> cache_;
};

// ---- what an alternative means ----

// What every alternative shares: computed once per round.
struct Context {
  const plan::Economy& e;
  double g = 0;
  std::vector<int32_t> cats;
  std::vector<double> l0;      // total hours per unit, before the gain
  std::vector<double> shares;  // plan::workplace_shares
  std::vector<bool> has_workplace;
  size_t nr = 0;
  std::vector<std::vector<double>> supply;  // [region slot][category]; -1 when not stated
  std::vector<double> region_workers;       // [region slot]
  double total_workers = 0;
  double population = 0;
  double h0 = 0;

  explicit Context(const plan::Economy& economy, double gain) : e(economy), g(gain) {
    cats = e.labour_categories();
    l0 = e.total_labour_per_unit();
    shares = plan::workplace_shares(e);
    has_workplace.assign(static_cast<size_t>(e.size()), false);
    for (const plan::Workplace& w : e.workplaces)
      has_workplace[static_cast<size_t>(w.product)] = true;
    nr = e.regions.size();
    supply.assign(nr + 1, std::vector<double>(cats.size(), -1.0));
    region_workers.assign(nr + 1, 0.0);
    for (const plan::LabourSupply& s : e.labour_supply) {
      double& slot = supply[slot_of(s.region)][static_cast<size_t>(s.category)];
      slot = (slot < 0 ? 0 : slot) + s.hours;
    }
    for (const plan::Workplace& w : e.workplaces) {
      region_workers[slot_of(w.region)] += w.workers;
      total_workers += w.workers;
    }
    if (e.workplaces.empty())
      for (const plan::LabourSupply& s : e.labour_supply)
        region_workers[slot_of(s.region)] += s.workers;
    if (total_workers == 0)
      for (const plan::LabourSupply& s : e.labour_supply) total_workers += s.workers;
    for (const plan::Region& r : e.regions) population += r.population;
  }
  size_t slot_of(int32_t region) const { return region >= 0 ? static_cast<size_t>(region) : nr; }
  std::string region_id(size_t slot) const {
    return slot < nr ? e.regions[slot].id : std::string();
  }
};

// Fills an alternative's implications from its workplace targets and product outputs (set
// in `alt` beforehand), as plan::compute_alternatives does for its alternatives; `over`
// false marks binding constraints instead (the LP's, filled by the caller).
void fill_implications(const Context& c, const std::vector<plan::FinalDemand>& categories,
                       const std::vector<double>& targets, const std::vector<double>& base_output,
                       RoundAlternative& alt, bool list_over) {
  const plan::Economy& e = c.e;
  const int32_t n = e.size();
  const size_t ncat = c.cats.size();
  const double g1 = 1 + c.g;
  std::vector<std::vector<double>> need(c.nr + 1, std::vector<double>(ncat, 0.0));
  alt.workplaces.clear();
  alt.workplaces.reserve(e.workplaces.size());
  for (size_t k = 0; k < e.workplaces.size(); ++k) {
    const plan::Workplace& w = e.workplaces[k];
    plan::WorkplaceImplication wi;
    wi.workplace = static_cast<int32_t>(k);
    wi.output_target = targets[k];
    wi.capacity_use = w.capacity > 0 ? wi.output_target / w.capacity : kNaN;
    for (size_t cat = 0; cat < ncat; ++cat) {
      const double h = wi.output_target * w.labour_per_unit[cat] / g1;
      wi.labour_hours += h;
      need[c.slot_of(w.region)][cat] += h;
    }
    wi.hours_per_worker_week =
        w.workers > 0 ? wi.labour_hours / w.workers / e.weeks_per_year : kNaN;
    if (list_over && w.capacity > 0 && wi.output_target > w.capacity * (1 + 1e-9)) {
      RoundBottleneck b;
      b.kind = RoundBottleneck::Kind::kCapacity;
      b.workplace = w.id;
      b.product = e.products[static_cast<size_t>(w.product)].id;
      b.region = c.region_id(c.slot_of(w.region));
      b.required = wi.output_target;
      b.available = w.capacity;
      alt.bottlenecks.push_back(std::move(b));
    }
    alt.workplaces.push_back(wi);
  }
  alt.sectors.clear();
  alt.sectors.reserve(static_cast<size_t>(n));
  for (int32_t j = 0; j < n; ++j) {
    const size_t jj = static_cast<size_t>(j);
    plan::SectorImplication s;
    s.product = j;
    s.output = alt.output[jj];
    s.base_output = base_output[jj];
    s.labour_hours = alt.output[jj] * c.l0[jj] / g1;
    alt.sectors.push_back(s);
    if (!c.has_workplace[jj]) {
      for (size_t cat = 0; cat < ncat; ++cat)
        need[c.slot_of(e.products[jj].region)][cat] +=
            alt.output[jj] * e.satellites[static_cast<size_t>(c.cats[cat])].per_unit[jj] / g1;
    }
  }
  if (list_over) {
    for (size_t r = 0; r <= c.nr; ++r) {
      for (size_t cat = 0; cat < ncat; ++cat) {
        if (c.supply[r][cat] >= 0 && need[r][cat] > c.supply[r][cat] * (1 + 1e-9)) {
          RoundBottleneck b;
          b.kind = RoundBottleneck::Kind::kLabour;
          b.region = c.region_id(r);
          b.category = e.satellites[static_cast<size_t>(c.cats[cat])].id;
          b.required = need[r][cat];
          b.available = c.supply[r][cat];
          alt.bottlenecks.push_back(std::move(b));
        }
      }
    }
  }
  alt.regions.clear();
  for (size_t r = 0; r < c.nr; ++r) {
    plan::RegionImplication ri;
    ri.region = static_cast<int32_t>(r);
    for (size_t cat = 0; cat < ncat; ++cat) {
      ri.labour_hours += need[r][cat];
      if (c.supply[r][cat] > 0) ri.labour_supply += c.supply[r][cat];
    }
    ri.workers = c.region_workers[r];
    ri.hours_per_worker_week =
        ri.workers > 0 ? ri.labour_hours / ri.workers / e.weeks_per_year : kNaN;
    alt.regions.push_back(ri);
  }
  double consumption = 0, investment = 0;
  for (const plan::FinalDemand& d : categories) {
    const double s = sum(d.amounts);
    if (is_consumption(d.kind)) {
      consumption += s;
      if (d.region >= 0 && static_cast<size_t>(d.region) < c.nr)
        alt.regions[static_cast<size_t>(d.region)].consumption += s * alt.consumption_scale;
    } else if (d.kind == plan::DemandKind::kInvestment) {
      investment += s;
    }
  }
  for (plan::RegionImplication& ri : alt.regions) {
    const double pop = e.regions[static_cast<size_t>(ri.region)].population;
    ri.consumption_per_head = pop > 0 ? ri.consumption / pop : kNaN;
  }
  plan::EconomyImplication& ei = alt.economy;
  ei.consumption = consumption * alt.consumption_scale;
  ei.consumption_per_head = c.population > 0 ? ei.consumption / c.population : kNaN;
  ei.investment = investment * alt.investment_scale;
  if (alt.kind == AlternativeKind::kOptimal) {
    // The LP chooses each workplace's activity, so its hours are the workplaces' own.
    ei.labour_hours = 0;
    for (const auto& row : need)
      for (double h : row) ei.labour_hours += h;
  } else {
    ei.labour_hours = dot(c.l0, alt.output) / g1;
  }
  ei.base_labour_hours = c.h0;
  ei.workers = c.total_workers;
  ei.hours_per_worker_week =
      c.total_workers > 0 ? ei.labour_hours / c.total_workers / e.weeks_per_year : kNaN;
  ei.base_hours_per_worker_week =
      c.total_workers > 0 ? c.h0 / c.total_workers / e.weeks_per_year : kNaN;
  alt.feasible = alt.bottlenecks.empty() || alt.kind == AlternativeKind::kOptimal;
  if (!alt.feasible && alt.explanation.empty()) {
    alt.explanation = fmt::format(
        "{} requirement(s) above what is available: see the bottlenecks; the plan cannot be "
        "carried out as computed without more capacity or labour",
        alt.bottlenecks.size());
  }
}

std::vector<double> targets_by_share(const Context& c, const std::vector<double>& output) {
  std::vector<double> t(c.e.workplaces.size());
  for (size_t k = 0; k < t.size(); ++k)
    t[k] = output[static_cast<size_t>(c.e.workplaces[k].product)] * c.shares[k];
  return t;
}

Status check_parameters(const plan::Economy& e, const RoundParameters& p) {
  if (!std::isfinite(p.productivity_gain) || p.productivity_gain <= -1)
    return invalid_argument("the productivity gain must be a number above -1", "productivity_gain");
  for (const plan::Choice& c : p.choices) TRY(plan::validate(c));
  for (size_t k = 0; k < p.status_quo.size(); ++k) {
    const plan::FinalDemand& d = p.status_quo[k];
    const std::string where = fmt::format("status_quo/{}", k);
    if (d.amounts.size() != static_cast<size_t>(e.size()))
      return invalid_argument(fmt::format("{} amounts for {} products", d.amounts.size(), e.size()),
                              where);
    if (d.region < -1 || d.region >= static_cast<int32_t>(e.regions.size()))
      return invalid_argument(fmt::format("no region #{}", d.region), where);
    for (size_t j = 0; j < d.amounts.size(); ++j)
      if (!std::isfinite(d.amounts[j]))
        return invalid_argument("not a finite number", fmt::format("{}/{}", where, j));
  }
  if (p.lp_time_limit_seconds < 0 || !std::isfinite(p.lp_time_limit_seconds))
    return invalid_argument("the time limit cannot be negative", "lp_time_limit_seconds");
  return Status();
}

// The optimal plan: the LP on the economy with the gain, its figures and what binds.
Result<RoundAlternative> optimal_alternative(const Context& c, const RoundParameters& p,
                                             const std::vector<double>& base_output,
                                             Solver& solver) {
  const plan::Economy& e = c.e;
  const double g1 = 1 + c.g;
  plan::Economy gained = e;
  for (plan::Workplace& w : gained.workplaces)
    for (double& h : w.labour_per_unit) h /= g1;
  for (int32_t k : c.cats)
    for (double& h : gained.satellites[static_cast<size_t>(k)].per_unit) h /= g1;
  plan::OptimalPlanRequest req;
  req.time_limit_seconds = p.lp_time_limit_seconds;
  plan::OptimalPlan lp = TRY(plan::optimal_plan(gained, req));

  RoundAlternative alt;
  alt.kind = AlternativeKind::kOptimal;
  alt.name = "optimal plan";
  alt.investment_scale = 1;
  const std::vector<double> target = e.final_demand_of(req.target_kinds);
  const std::vector<double> total = e.total_final_demand();
  if (lp.status == plan::LpStatus::kOptimal) {
    alt.consumption_scale = lp.fraction;
    alt.final_demand.resize(total.size());
    for (size_t j = 0; j < total.size(); ++j)
      alt.final_demand[j] = total[j] - target[j] + lp.fraction * target[j];
    alt.output = lp.output;
    std::vector<double> targets(lp.activity.begin(),
                                lp.activity.begin() + static_cast<long>(e.workplaces.size()));
    fill_implications(c, e.final_demand, targets, base_output, alt, false);
    for (size_t k = 0; k < e.workplaces.size(); ++k) {
      const plan::Workplace& w = e.workplaces[k];
      if (w.capacity > 0 && lp.capacity_valuation[k] > 1e-12) {
        RoundBottleneck b;
        b.kind = RoundBottleneck::Kind::kCapacity;
        b.workplace = w.id;
        b.product = e.products[static_cast<size_t>(w.product)].id;
        b.region = c.region_id(c.slot_of(w.region));
        b.required = lp.activity[k];
        b.available = w.capacity;
        b.over = false;
        b.valuation = lp.capacity_valuation[k];
        alt.bottlenecks.push_back(std::move(b));
      }
    }
    for (const plan::LabourConstraint& l : lp.labour) {
      if (l.valuation <= 1e-12) continue;
      RoundBottleneck b;
      b.kind = RoundBottleneck::Kind::kLabour;
      b.region = l.region >= 0 ? e.regions[static_cast<size_t>(l.region)].id : std::string();
      b.category = e.satellites[static_cast<size_t>(c.cats[static_cast<size_t>(l.category)])].id;
      b.required = l.used;
      b.available = l.supply;
      b.over = false;
      b.valuation = l.valuation;
      alt.bottlenecks.push_back(std::move(b));
    }
    alt.feasible = true;
  } else {
    // No plan to show: the figures are those of meeting only the demand that must be met
    // in full (no consumption at all), and its bottlenecks say what binds.
    alt.consumption_scale = 0;
    alt.final_demand.resize(total.size());
    for (size_t j = 0; j < total.size(); ++j) alt.final_demand[j] = total[j] - target[j];
    plan::Solution x = TRY(solver.solve(alt.final_demand, nullptr));
    alt.output = std::move(x.x);
    alt.report = x.report;
    fill_implications(c, e.final_demand, targets_by_share(c, alt.output), base_output, alt, true);
    alt.feasible = false;
    alt.explanation = lp.explanation +
                      "; the figures shown are those of meeting that demand alone, and the "
                      "bottlenecks what it already exceeds";
  }
  alt.optimal = std::move(lp);
  return alt;
}

// What every alternative means for every body of the registry.
Result<std::vector<BodyImplications>> bodies_of(const plan::Economy& e,
                                                const std::vector<RoundAlternative>& alts,
                                                const RoundRegistry& registry) {
  std::vector<BodyImplications> out;
  if (registry.workplaces.empty() && registry.bodies.empty()) return out;
  std::unordered_map<std::string, int32_t> econ_index;
  for (size_t k = 0; k < e.workplaces.size(); ++k)
    econ_index.emplace(e.workplaces[k].id, static_cast<int32_t>(k));
  std::vector<int32_t> econ_of(registry.workplaces.size(), -1);
  std::unordered_map<std::string, int32_t> registry_index;
  for (size_t k = 0; k < registry.workplaces.size(); ++k) {
    registry_index.emplace(registry.workplaces[k].id, static_cast<int32_t>(k));
    auto it = econ_index.find(registry.workplaces[k].id);
    if (it != econ_index.end()) econ_of[k] = it->second;
  }
  for (const plan::Workplace& w : e.workplaces)
    if (!registry_index.count(w.id))
      return not_found(fmt::format("the economy's workplace {} is not in the registry", w.id),
                       "workplaces/" + w.id);
  const std::vector<BodyScope> scopes = TRY(body_scopes(registry));

  // Per alternative: the bottlenecks of each economy workplace and of each region.
  struct Index {
    std::unordered_map<std::string, std::vector<int32_t>> by_workplace, by_region;
  };
  std::vector<Index> index(alts.size());
  for (size_t a = 0; a < alts.size(); ++a) {
    for (size_t b = 0; b < alts[a].bottlenecks.size(); ++b) {
      const RoundBottleneck& bn = alts[a].bottlenecks[b];
      if (bn.kind == RoundBottleneck::Kind::kCapacity)
        index[a].by_workplace[bn.workplace].push_back(static_cast<int32_t>(b));
      else
        index[a].by_region[bn.region].push_back(static_cast<int32_t>(b));
    }
  }

  out.reserve(scopes.size());
  for (const BodyScope& s : scopes) {
    BodyImplications bi;
    bi.scope = s;
    std::vector<int32_t> econ;  // the body's economy workplaces
    for (int32_t k : s.workplaces) {
      if (econ_of[static_cast<size_t>(k)] >= 0)
        econ.push_back(econ_of[static_cast<size_t>(k)]);
      else
        bi.without_data.push_back(k);
    }
    // The regions whose labour bottlenecks concern the body.
    std::vector<std::string> regions;
    if (!s.region.empty()) {
      regions.push_back(s.region);
    } else if (s.scope != ScopeKind::kEconomy) {
      for (int32_t k : s.workplaces)
        regions.push_back(registry.workplaces[static_cast<size_t>(k)].region);
      std::sort(regions.begin(), regions.end());
      regions.erase(std::unique(regions.begin(), regions.end()), regions.end());
    }
    const int32_t region_index = s.region.empty() ? -1 : e.find_region(s.region);
    for (size_t a = 0; a < alts.size(); ++a) {
      const RoundAlternative& alt = alts[a];
      BodyFigures f;
      double capacity = 0, on_capacity = 0;
      for (int32_t k : econ) {
        const plan::WorkplaceImplication& wi = alt.workplaces[static_cast<size_t>(k)];
        const plan::Workplace& w = e.workplaces[static_cast<size_t>(k)];
        ++f.workplaces;
        f.output_target += wi.output_target;
        f.labour_hours += wi.labour_hours;
        f.workers += w.workers;
        if (w.capacity > 0) {
          capacity += w.capacity;
          on_capacity += wi.output_target;
        }
      }
      f.capacity_use = capacity > 0 ? on_capacity / capacity : kNaN;
      f.hours_per_worker_week =
          f.workers > 0 ? f.labour_hours / f.workers / e.weeks_per_year : kNaN;
      if (region_index >= 0) f.region = alt.regions[static_cast<size_t>(region_index)];
      if (s.scope == ScopeKind::kEconomy) {
        f.economy = alt.economy;
        for (size_t b = 0; b < alt.bottlenecks.size(); ++b)
          f.bottlenecks.push_back(static_cast<int32_t>(b));
      } else {
        for (int32_t k : econ) {
          auto it = index[a].by_workplace.find(e.workplaces[static_cast<size_t>(k)].id);
          if (it != index[a].by_workplace.end())
            f.bottlenecks.insert(f.bottlenecks.end(), it->second.begin(), it->second.end());
        }
        for (const std::string& r : regions) {
          auto it = index[a].by_region.find(r);
          if (it != index[a].by_region.end())
            f.bottlenecks.insert(f.bottlenecks.end(), it->second.begin(), it->second.end());
        }
        std::sort(f.bottlenecks.begin(), f.bottlenecks.end());
      }
      bi.alternatives.push_back(std::move(f));
    }
    out.push_back(std::move(bi));
  }
  return out;
}

const std::vector<double>* start_of(const RoundComputation* last, size_t alternative) {
  if (last == nullptr || alternative >= last->alternatives.size()) return nullptr;
  const RoundAlternative& a = last->alternatives[alternative];
  if (a.kind == AlternativeKind::kOptimal || a.output.empty()) return nullptr;
  return &a.output;
}

Result<RoundComputation> compute(const plan::Economy& e, const RoundParameters& p,
                                 const RoundRegistry& registry, const RoundComputation* last) {
  const auto t0 = Clock::now();
  TRY(plan::validate(e));
  TRY(check_parameters(e, p));
  Context c(e, p.productivity_gain);
  if (c.cats.empty())
    return failed_precondition("the economy has no labour satellite (hours per unit of output)",
                               "satellites");
  const int32_t n = e.size();
  if (last != nullptr && (last->base_output.size() != static_cast<size_t>(n)))
    last = nullptr;  // another economy: nothing to start from
  const double g = p.productivity_gain;

  RoundComputation rc;
  rc.economy_digest = economy_digest(e);
  rc.parameters = p;
  Solver solver(e, p.solve);
  TRY(solver.set_up(last ? last->solver : nullptr));
  const std::vector<double> y0 = e.total_final_demand();
  const std::vector<double> yc =
      e.final_demand_of({plan::DemandKind::kHousehold, plan::DemandKind::kPublic});
  const std::vector<double> yi = e.final_demand_of({plan::DemandKind::kInvestment});
  // The system is linear: an alternative's output is x0 + (cs - 1) xc + (is - 1) xi, with
  // xc and xi the outputs for consumption and investment demand alone. Three solves serve
  // every choice, and l xc, l xi are what the engine reads from the labour values
  // (v y = l (I - A)^-1 y), so no transposed system is needed either.
  plan::Solution base = TRY(solver.solve(y0, last ? &last->base_output : nullptr));
  plan::Solution xc = TRY(solver.solve(yc, last ? &last->consumption_output : nullptr));
  plan::Solution xi = TRY(solver.solve(yi, last ? &last->investment_output : nullptr));
  rc.solver_iterations += base.report.iterations + xc.report.iterations + xi.report.iterations;
  c.h0 = dot(c.l0, base.x);
  const double freed = c.h0 * g / (1 + g);
  rc.base_labour_hours = c.h0;
  rc.freed_hours = freed;
  // Labour contents after the gain: divided by 1 + g, being linear in l.
  const double vc = dot(c.l0, xc.x) / (1 + g);
  const double vi = dot(c.l0, xi.x) / (1 + g);

  // 1. The status quo.
  {
    RoundAlternative alt;
    alt.kind = AlternativeKind::kStatusQuo;
    alt.name = "status quo";
    alt.choice = {"status quo", 0, 1, 0};
    const std::vector<plan::FinalDemand>& cats =
        p.status_quo.empty() ? e.final_demand : p.status_quo;
    if (p.status_quo.empty()) {
      alt.final_demand = y0;
      alt.output = base.x;
      alt.report = base.report;
    } else {
      alt.final_demand.assign(static_cast<size_t>(n), 0.0);
      for (const plan::FinalDemand& d : p.status_quo)
        for (size_t j = 0; j < d.amounts.size(); ++j) alt.final_demand[j] += d.amounts[j];
      plan::Solution x = TRY(solver.solve(alt.final_demand, start_of(last, 0)));
      alt.output = std::move(x.x);
      alt.report = x.report;
      rc.solver_iterations += alt.report.iterations;
    }
    fill_implications(c, cats, targets_by_share(c, alt.output), base.x, alt, true);
    rc.alternatives.push_back(std::move(alt));
  }
  // 2. The choices.
  for (const plan::Choice& choice : p.choices) {
    if (choice.consumption > 0 && freed != 0 && !(vc > 0))
      return failed_precondition(
          "the choice gives hours to consumption, but there is no household or public demand",
          "choice/" + choice.name);
    if (choice.investment > 0 && freed != 0 && !(vi > 0))
      return failed_precondition(
          "the choice gives hours to investment, but there is no investment demand",
          "choice/" + choice.name);
    RoundAlternative alt;
    alt.kind = AlternativeKind::kChoice;
    alt.name = choice.name;
    alt.choice = choice;
    alt.consumption_scale = vc > 0 ? 1 + choice.consumption * freed / vc : 1;
    alt.investment_scale = vi > 0 ? 1 + choice.investment * freed / vi : 1;
    alt.final_demand.resize(static_cast<size_t>(n));
    for (size_t j = 0; j < alt.final_demand.size(); ++j)
      alt.final_demand[j] =
          y0[j] + (alt.consumption_scale - 1) * yc[j] + (alt.investment_scale - 1) * yi[j];
    // The combination meets the tolerance up to rounding; the solve checks it (one
    // product) and corrects it in the rare case it does not.
    std::vector<double> combined(static_cast<size_t>(n));
    for (size_t j = 0; j < combined.size(); ++j)
      combined[j] =
          base.x[j] + (alt.consumption_scale - 1) * xc.x[j] + (alt.investment_scale - 1) * xi.x[j];
    plan::Solution x = TRY(solver.solve(alt.final_demand, &combined));
    alt.output = std::move(x.x);
    alt.report = x.report;
    rc.solver_iterations += alt.report.iterations;
    fill_implications(c, e.final_demand, targets_by_share(c, alt.output), base.x, alt, true);
    rc.alternatives.push_back(std::move(alt));
  }
  // 3. The optimal plan.
  if (p.optimal_plan) rc.alternatives.push_back(TRY(optimal_alternative(c, p, base.x, solver)));

  rc.bodies = TRY(bodies_of(e, rc.alternatives, registry));
  rc.base_output = std::move(base.x);
  rc.consumption_output = std::move(xc.x);
  rc.investment_output = std::move(xi.x);
  rc.solver = solver.cache();
  rc.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return rc;
}

}  // namespace

std::string economy_digest(const plan::Economy& e) {
  init_crypto();
  CanonicalHash h;
  h.str("collegium.economy.v1");
  h.num(e.weeks_per_year);
  h.u64(e.regions.size());
  for (const plan::Region& r : e.regions) {
    h.str(r.id);
    h.num(r.population);
  }
  h.u64(e.products.size());
  for (const plan::Product& p : e.products) {
    h.str(p.id);
    h.str(p.unit);
    h.i64(p.region);
  }
  // The technology by column, nonzero entries in row order: explicit zeros and the order
  // the entries were stored in change no figure, so they change no digest.
  const plan::CscMatrix& a = e.technology;
  h.i64(a.rows);
  h.i64(a.cols);
  std::vector<std::pair<int32_t, double>> column;
  for (int32_t j = 0; j < a.cols; ++j) {
    column.clear();
    for (int64_t q = a.col_ptr[static_cast<size_t>(j)]; q < a.col_ptr[static_cast<size_t>(j) + 1];
         ++q)
      if (a.values[static_cast<size_t>(q)] != 0)
        column.emplace_back(a.row_idx[static_cast<size_t>(q)], a.values[static_cast<size_t>(q)]);
    h.pairs(column);
  }
  h.u64(e.satellites.size());
  for (const plan::Satellite& s : e.satellites) {
    h.str(s.id);
    h.str(s.unit);
    h.u64(s.is_labour ? 1 : 0);
    h.nums(s.per_unit);
  }
  h.u64(e.final_demand.size());
  for (const plan::FinalDemand& d : e.final_demand) {
    h.str(d.id);
    h.str(plan::demand_kind_name(d.kind));
    h.i64(d.region);
    h.nums(d.amounts);
  }
  h.u64(e.workplaces.size());
  for (const plan::Workplace& w : e.workplaces) {
    h.str(w.id);
    h.i64(w.product);
    h.i64(w.region);
    h.num(w.capacity);
    h.num(w.workers);
    h.nums(w.labour_per_unit);
    h.pairs(w.inputs);
  }
  h.u64(e.labour_supply.size());
  for (const plan::LabourSupply& s : e.labour_supply) {
    h.i64(s.region);
    h.i64(s.category);
    h.num(s.hours);
    h.num(s.workers);
  }
  return h.hex();
}

const char* alternative_kind_name(AlternativeKind kind) {
  switch (kind) {
    case AlternativeKind::kStatusQuo:
      return "status_quo";
    case AlternativeKind::kChoice:
      return "choice";
    case AlternativeKind::kOptimal:
      return "optimal";
  }
  return "choice";
}

Result<RoundComputation> compute_round(const plan::Economy& economy,
                                       const RoundParameters& parameters,
                                       const RoundRegistry& registry) {
  return compute(economy, parameters, registry, nullptr);
}

Result<RoundComputation> recompute_round(const plan::Economy& economy, const RoundComputation& last,
                                         const RoundRegistry& registry) {
  return compute(economy, last.parameters, registry, &last);
}

Status amend_workplace(plan::Economy& e, const WorkplaceAmendment& a) {
  size_t k = 0;
  while (k < e.workplaces.size() && e.workplaces[k].id != a.workplace) ++k;
  if (k == e.workplaces.size())
    return not_found(fmt::format("the economy has no workplace {}", a.workplace), "workplace");
  plan::Workplace& w = e.workplaces[k];
  const std::vector<int32_t> cats = e.labour_categories();
  if (a.capacity && (!std::isfinite(*a.capacity) || *a.capacity < 0))
    return invalid_argument("the capacity must be a finite number >= 0", "capacity");
  if (a.workers && (!std::isfinite(*a.workers) || *a.workers < 0))
    return invalid_argument("the workers must be a finite number >= 0", "workers");
  if (a.labour_per_unit) {
    if (a.labour_per_unit->size() != cats.size())
      return invalid_argument(fmt::format("{} hours per unit for {} labour categories",
                                          a.labour_per_unit->size(), cats.size()),
                              "labour_per_unit");
    for (size_t c = 0; c < cats.size(); ++c)
      if (!std::isfinite((*a.labour_per_unit)[c]) || (*a.labour_per_unit)[c] < 0)
        return invalid_argument("hours per unit must be finite numbers >= 0",
                                fmt::format("labour_per_unit/{}", c));
  }
  if (a.capacity) w.capacity = *a.capacity;
  if (a.workers) w.workers = *a.workers;
  if (a.labour_per_unit) w.labour_per_unit = *a.labour_per_unit;
  if (!a.capacity && !a.labour_per_unit) return Status();
  // The product's hours per unit: its workplaces' hours, weighted by their shares (which
  // follow the capacities).
  const int32_t p = w.product;
  const std::vector<double> shares = plan::workplace_shares(e);
  for (size_t c = 0; c < cats.size(); ++c) {
    double l = 0;
    for (size_t m = 0; m < e.workplaces.size(); ++m)
      if (e.workplaces[m].product == p) l += shares[m] * e.workplaces[m].labour_per_unit[c];
    e.satellites[static_cast<size_t>(cats[c])].per_unit[static_cast<size_t>(p)] = l;
  }
  return Status();
}

}  // namespace collegium::federation
