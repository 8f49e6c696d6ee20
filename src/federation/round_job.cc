#include "federation/round_job.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "base/util.h"
#include "federation/read_economy.h"

namespace collegium::federation {

namespace {

Decimal dec(double v) {
  return Decimal{std::isfinite(v) ? v : 0};
}
std::optional<Decimal> maybe(double v) {
  if (!std::isfinite(v)) return std::nullopt;
  return Decimal{v};
}

}  // namespace

RoundParameters round_parameters(const RoundCall& call, const plan::Economy& economy,
                                 const std::optional<AdoptedScales>& status_quo) {
  RoundParameters p;
  p.productivity_gain = call.productivity_gain.value;
  for (const RoundChoice& c : call.choices)
    p.choices.push_back({c.name, c.consumption.value, c.hours.value, c.investment.value});
  p.optimal_plan = call.optimal_plan;
  if (status_quo) {
    p.status_quo = economy.final_demand;
    for (plan::FinalDemand& d : p.status_quo) {
      double scale = 1;
      if (d.kind == plan::DemandKind::kHousehold || d.kind == plan::DemandKind::kPublic)
        scale = status_quo->consumption;
      else if (d.kind == plan::DemandKind::kInvestment)
        scale = status_quo->investment;
      for (double& v : d.amounts) v *= scale;
    }
  }
  return p;
}

Status apply_round_targets(plan::Economy& economy, const std::map<std::string, double>& targets) {
  for (const auto& [workplace, target] : targets) {
    bool found = false;
    for (plan::Workplace& w : economy.workplaces) {
      if (w.id == workplace) {
        w.capacity = target;
        found = true;
      }
    }
    if (!found) {
      return not_found(fmt::format("the economy has no workplace {}", workplace),
                       "targets/" + workplace);
    }
  }
  return {};
}

RoundFigures round_figures(const RoundComputation& rc, const plan::Economy& e, std::string round,
                           int64_t version, int64_t economy_seq,
                           const std::optional<AdoptedScales>& status_quo) {
  RoundFigures f;
  f.round = std::move(round);
  f.version = version;
  f.economy_digest = rc.economy_digest;
  f.economy_seq = economy_seq;
  f.weeks_per_year = dec(e.weeks_per_year);
  f.base_labour_hours = dec(rc.base_labour_hours);
  f.freed_hours = dec(rc.freed_hours);
  for (const plan::Workplace& w : e.workplaces) {
    f.workplaces.push_back(w.id);
    f.products.push_back(e.products[static_cast<size_t>(w.product)].id);
    f.capacity.values.push_back(w.capacity);
    f.workers.values.push_back(w.workers);
  }
  for (const RoundAlternative& a : rc.alternatives) {
    FigureAlternative fa;
    fa.name = a.name;
    fa.kind = alternative_kind_name(a.kind);
    if (a.kind == AlternativeKind::kChoice) {
      fa.choice = RoundChoice{a.choice.name, dec(a.choice.consumption), dec(a.choice.hours),
                              dec(a.choice.investment)};
    }
    fa.consumption_scale = dec(a.consumption_scale);
    fa.investment_scale = dec(a.investment_scale);
    if (a.kind == AlternativeKind::kStatusQuo && status_quo) {
      fa.consumption_scale = dec(status_quo->consumption);
      fa.investment_scale = dec(status_quo->investment);
    }
    fa.feasible = a.feasible;
    fa.explanation = a.explanation;
    const plan::EconomyImplication& ei = a.economy;
    fa.economy = {dec(ei.consumption),
                  dec(ei.investment),
                  dec(ei.labour_hours),
                  dec(ei.base_labour_hours),
                  dec(ei.workers),
                  maybe(ei.hours_per_worker_week),
                  maybe(ei.base_hours_per_worker_week),
                  maybe(ei.consumption_per_head)};
    for (const plan::RegionImplication& r : a.regions) {
      fa.regions.push_back({e.regions[static_cast<size_t>(r.region)].id, dec(r.labour_hours),
                            dec(r.labour_supply), dec(r.workers), dec(r.consumption),
                            maybe(r.hours_per_worker_week), maybe(r.consumption_per_head)});
    }
    for (const plan::WorkplaceImplication& w : a.workplaces) {
      fa.targets.values.push_back(w.output_target);
      fa.hours.values.push_back(w.labour_hours);
    }
    for (const RoundBottleneck& b : a.bottlenecks) {
      fa.bottlenecks.push_back({b.kind == RoundBottleneck::Kind::kCapacity ? "capacity" : "labour",
                                b.workplace, b.product, b.region, b.category, dec(b.required),
                                dec(b.available), b.over, dec(b.valuation)});
    }
    f.alternatives.push_back(std::move(fa));
  }
  return f;
}

Result<RoundJobInputs> round_job_inputs(Federation& fed, const Round& round) {
  RoundJobInputs in;
  in.round = round;
  in.economy = TRY(current_economy(fed));
  in.economy_seq = fed.registry().economy_seq();
  auto& db = fed.store().db();
  std::map<std::string, double> targets;
  {
    auto q = TRY(db.prepare("SELECT workplace, target FROM round_targets WHERE round = ?"));
    q.bind(1, round.id);
    while (TRY(q.step())) targets[std::string(q.column_text(0))] = q.column_double(1);
  }
  TRY(apply_round_targets(in.economy, targets));
  {
    // The last adopted plan: its scales, as its round last recorded them.
    auto q = TRY(db.prepare(
        "SELECT a.figures FROM rounds r JOIN round_alternatives a ON a.round = r.id AND "
        "a.idx = r.adopted WHERE r.state = 'adopted' AND r.id != ? ORDER BY r.seq DESC LIMIT 1"));
    q.bind(1, round.id);
    if (TRY(q.step())) {
      auto j = TRY(parse_json(q.column_text(0)));
      auto alt = TRY(read_json<FigureAlternative>(j, "/figures", UnknownKeys::kIgnore));
      in.status_quo = AdoptedScales{alt.consumption_scale.value, alt.investment_scale.value};
    }
  }
  in.parameters = round_parameters(round.call, in.economy, in.status_quo);
  return in;
}

void RoundComputer::report(RoundProgress p) {
  std::lock_guard lock(mu_);
  progress_[p.round] = std::move(p);
}

std::optional<RoundProgress> RoundComputer::progress(std::string_view round) const {
  std::lock_guard lock(mu_);
  auto it = progress_.find(round);
  if (it == progress_.end()) return std::nullopt;
  return it->second;
}

Result<int> RoundComputer::run(Federation& fed, std::mutex& db) {
  int recorded = 0;
  // A bound, so that an economy changing without pause cannot keep the job busy forever.
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::optional<RoundJobInputs> in;
    RoundProgress p;
    {
      std::lock_guard lock(db);
      auto r = fed.registry().open_round();
      if (!r || r->computed_version >= r->version) return recorded;
      p.round = r->id;
      p.version = r->version;
      p.stage = "reading";
      p.started = fed.store().now();
      report(p);
      auto inputs = round_job_inputs(fed, *r);
      if (!inputs.ok()) {
        p.stage = "failed";
        p.error = inputs.status().message();
        report(p);
        return inputs.status();
      }
      in = std::move(*inputs);
    }
    const auto t0 = std::chrono::steady_clock::now();
    p.stage = "computing";
    report(p);
    // No registry: the read models work out each body's figures from the workplaces'.
    const RoundRegistry none;
    std::shared_ptr<const RoundComputation>& last = last_[p.round];
    Result<RoundComputation> rc = last ? recompute_round(in->economy, *last, none)
                                       : compute_round(in->economy, in->parameters, none);
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!rc.ok()) {
      p.stage = "failed";
      p.error = rc.status().message();
      report(p);
      return rc.status();
    }
    p.stage = "recording";
    report(p);
    RecordRound record{
        round_figures(*rc, in->economy, p.round, p.version, in->economy_seq, in->status_quo)};
    Status s;
    {
      std::lock_guard lock(db);
      s = fed.execute(record, kClock);
    }
    if (!s.ok() && s.code() != Code::kFailedPrecondition) {
      p.stage = "failed";
      p.error = s.message();
      report(p);
      return s;
    }
    if (s.ok()) {
      last = std::make_shared<const RoundComputation>(std::move(*rc));
      ++recorded;
      p.stage = "done";
      report(p);
    }
    // Refused as stale (an amendment or a change of the economy meanwhile): again.
  }
  return recorded;
}

}  // namespace collegium::federation
