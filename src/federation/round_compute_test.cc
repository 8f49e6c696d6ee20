// The computation of a planning round on the small demo (issue #14; C1-C4): its figures
// against the engine's and against identities anyone can check by hand.
#include "federation/round_compute.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "federation/round_test_fixture.h"
#include "plan/alternatives.h"
#include "plan/sparse.h"

namespace collegium::federation {
namespace {

using testing::small_demo;

const std::vector<plan::Choice> kChoices = {{"consumption", 1, 0, 0},
                                            {"hours", 0, 1, 0},
                                            {"investment", 0, 0, 1},
                                            {"even", 1.0 / 3, 1.0 / 3, 1.0 / 3}};

RoundParameters four_choices(bool optimal = false) {
  RoundParameters p;
  p.productivity_gain = 0.02;
  p.choices = kChoices;
  p.optimal_plan = optimal;
  return p;
}

void expect_close(double a, double b, double rel, const std::string& what) {
  if (std::isnan(a) || std::isnan(b)) {
    EXPECT_TRUE(std::isnan(a) && std::isnan(b)) << what << ": " << a << " vs " << b;
    return;
  }
  EXPECT_NEAR(a, b, rel * std::max(1.0, std::abs(b))) << what;
}

// The order is the status quo, the choices, the optimal plan; each choice is what the
// engine's own compute_alternatives gives for it, to the solver's tolerance (the round
// combines three solves where the engine solves each alternative).
TEST(RoundCompute, AlternativesAreTheEnginesInTheRoundsOrder) {
  const auto& demo = small_demo();
  auto rc = compute_round(demo.economy, four_choices(true), demo.registry);
  ASSERT_TRUE(rc.ok()) << rc.status().to_string();
  ASSERT_EQ(rc->alternatives.size(), 6u);
  EXPECT_EQ(rc->alternatives.front().kind, AlternativeKind::kStatusQuo);
  EXPECT_EQ(rc->alternatives.back().kind, AlternativeKind::kOptimal);

  plan::AlternativesRequest req;
  req.productivity_gain = 0.02;
  req.choices = kChoices;
  auto engine = plan::compute_alternatives(demo.economy, req);
  ASSERT_TRUE(engine.ok()) << engine.status().to_string();
  for (size_t c = 0; c < kChoices.size(); ++c) {
    const RoundAlternative& ours = rc->alternatives[c + 1];
    const plan::PlanAlternative& theirs = (*engine)[c];
    EXPECT_EQ(ours.kind, AlternativeKind::kChoice);
    EXPECT_EQ(ours.name, kChoices[c].name);
    ASSERT_EQ(ours.output.size(), theirs.output.size());
    for (size_t j = 0; j < ours.output.size(); ++j)
      expect_close(ours.output[j], theirs.output[j], 1e-9, "output");
    ASSERT_EQ(ours.workplaces.size(), theirs.workplaces.size());
    for (size_t k = 0; k < ours.workplaces.size(); ++k) {
      expect_close(ours.workplaces[k].output_target, theirs.workplaces[k].output_target, 1e-9,
                   "target");
      expect_close(ours.workplaces[k].labour_hours, theirs.workplaces[k].labour_hours, 1e-9,
                   "hours");
      expect_close(ours.workplaces[k].hours_per_worker_week,
                   theirs.workplaces[k].hours_per_worker_week, 1e-9, "weekly hours");
    }
    for (size_t r = 0; r < ours.regions.size(); ++r) {
      expect_close(ours.regions[r].consumption_per_head, theirs.regions[r].consumption_per_head,
                   1e-9, "consumption per head");
      expect_close(ours.regions[r].hours_per_worker_week, theirs.regions[r].hours_per_worker_week,
                   1e-9, "region weekly hours");
    }
    expect_close(ours.economy.labour_hours, theirs.economy.labour_hours, 1e-9, "economy hours");
    expect_close(ours.economy.consumption, theirs.economy.consumption, 1e-9, "consumption");
    ASSERT_EQ(ours.bottlenecks.size(), theirs.bottlenecks.size()) << ours.name;
    for (size_t b = 0; b < ours.bottlenecks.size(); ++b) {
      const RoundBottleneck& bn = ours.bottlenecks[b];
      const std::string what = bn.kind == RoundBottleneck::Kind::kCapacity
                                   ? bn.workplace
                                   : bn.region + "/" + bn.category;
      EXPECT_EQ(what, theirs.bottlenecks[b].what);
      EXPECT_TRUE(bn.over);
    }
    EXPECT_EQ(ours.feasible, theirs.bottlenecks.empty());
  }
}

// Every alternative works H0 - hours_share * F hours, F = H0 g / (1 + g) (alternatives.h);
// the base-year status quo keeps the demand and gives every freed hour to shorter hours.
TEST(RoundCompute, HoursAreTheBaseYearsLessTheFreedHoursGivenToShorterHours) {
  const auto& demo = small_demo();
  auto rc = compute_round(demo.economy, four_choices(), demo.registry);
  ASSERT_TRUE(rc.ok()) << rc.status().to_string();
  const double g = 0.02;
  const double h0 = rc->base_labour_hours;
  // The demo's base year works exactly its members' hours (demo_economy.h).
  EXPECT_NEAR(h0, 3000 * kBaseHoursPerMember, 1e-8 * h0);
  const double f = h0 * g / (1 + g);
  EXPECT_DOUBLE_EQ(rc->freed_hours, f);
  for (const RoundAlternative& a : rc->alternatives) {
    const double expected = h0 - a.choice.hours * f;
    EXPECT_NEAR(a.economy.labour_hours, expected, 1e-8 * h0) << a.name;
    EXPECT_NEAR(a.economy.hours_per_worker_week, expected / 3000 / kDemoWeeksPerYear, 1e-8)
        << a.name;
  }
  const RoundAlternative& sq = rc->alternatives[0];
  EXPECT_EQ(sq.final_demand, demo.economy.total_final_demand());
  EXPECT_EQ(sq.consumption_scale, 1);
  // Shorter hours and the status quo are then the same plan, figure for figure.
  const RoundAlternative& hours = rc->alternatives[2];
  for (size_t j = 0; j < sq.output.size(); ++j)
    EXPECT_NEAR(sq.output[j], hours.output[j], 1e-9 * sq.output[j]);
}

// A status quo rolled forward from an adopted plan: its own demand, solved as given. The
// system is linear, so 3% more of every category gives 3% more of every figure.
TEST(RoundCompute, StatusQuoRollsTheLastAdoptedDemandForward) {
  const auto& demo = small_demo();
  auto base = compute_round(demo.economy, four_choices(), demo.registry);
  ASSERT_TRUE(base.ok());
  RoundParameters p = four_choices();
  p.status_quo = demo.economy.final_demand;
  for (plan::FinalDemand& d : p.status_quo)
    for (double& v : d.amounts) v *= 1.03;
  auto rc = compute_round(demo.economy, p, demo.registry);
  ASSERT_TRUE(rc.ok()) << rc.status().to_string();
  const RoundAlternative& sq = rc->alternatives[0];
  const RoundAlternative& sq0 = base->alternatives[0];
  for (size_t j = 0; j < sq.output.size(); ++j)
    EXPECT_NEAR(sq.output[j], 1.03 * sq0.output[j], 1e-9 * sq0.output[j]);
  EXPECT_NEAR(sq.economy.labour_hours, 1.03 * sq0.economy.labour_hours,
              1e-9 * sq0.economy.labour_hours);
  for (size_t r = 0; r < sq.regions.size(); ++r)
    EXPECT_NEAR(sq.regions[r].consumption_per_head, 1.03 * sq0.regions[r].consumption_per_head,
                1e-9 * sq0.regions[r].consumption_per_head);
  // The choices do not move: they start from the base year.
  EXPECT_EQ(rc->alternatives[1].output, base->alternatives[1].output);
  // 3% more of everything needs more than the tight capacities give.
  EXPECT_FALSE(sq.feasible);
  EXPECT_TRUE(sq0.feasible);
}

// A workplace committee's figures are the engine's for its workplace; a union's are the
// sums over the registry's workplaces of its branch in its region; the congress and the
// council see the whole economy; a body with a region only sees that region.
TEST(RoundCompute, EachBodySeesItsOwnPart) {
  const auto& demo = small_demo();
  RoundRegistry registry = demo.registry;
  Body regional;
  regional.id = "regional-north";
  regional.name = "Northern regional council";
  regional.kind = BodyKind::kUnion;
  regional.constituency.kind = Constituency::Kind::kBodies;
  regional.region = registry.workplaces.front().region;
  registry.bodies.push_back(regional);
  auto rc = compute_round(demo.economy, four_choices(), registry);
  ASSERT_TRUE(rc.ok()) << rc.status().to_string();
  ASSERT_EQ(rc->bodies.size(), registry.bodies.size());
  std::map<std::string, size_t> econ;
  for (size_t k = 0; k < demo.economy.workplaces.size(); ++k)
    econ[demo.economy.workplaces[k].id] = k;

  int committees = 0, unions = 0, whole = 0;
  for (const BodyImplications& b : rc->bodies) {
    ASSERT_EQ(b.alternatives.size(), rc->alternatives.size());
    EXPECT_TRUE(b.without_data.empty()) << b.scope.body;
    for (size_t a = 0; a < rc->alternatives.size(); ++a) {
      const RoundAlternative& alt = rc->alternatives[a];
      const BodyFigures& f = b.alternatives[a];
      if (b.scope.kind == BodyKind::kWorkplaceCommittee) {
        ASSERT_EQ(b.scope.workplaces.size(), 1u);
        const std::string& id = registry.workplaces[static_cast<size_t>(b.scope.workplaces[0])].id;
        const plan::WorkplaceImplication& wi = alt.workplaces[econ.at(id)];
        EXPECT_EQ(f.output_target, wi.output_target);
        EXPECT_EQ(f.labour_hours, wi.labour_hours);
        EXPECT_EQ(f.capacity_use, wi.capacity_use);
        EXPECT_EQ(f.hours_per_worker_week, wi.hours_per_worker_week);
        // Its bottlenecks: its own capacity, if over.
        for (int32_t i : f.bottlenecks) {
          const RoundBottleneck& bn = alt.bottlenecks[static_cast<size_t>(i)];
          if (bn.kind == RoundBottleneck::Kind::kCapacity) {
            EXPECT_EQ(bn.workplace, id);
          }
        }
        committees += a == 0;
      } else if (b.scope.kind == BodyKind::kUnion && !b.scope.branch.empty()) {
        double target = 0, hours = 0, workers = 0, capacity = 0;
        std::set<std::string> mine;
        for (const Workplace& w : registry.workplaces) {
          if (w.branch != b.scope.branch || w.region != b.scope.region) continue;
          const size_t k = econ.at(w.id);
          target += alt.workplaces[k].output_target;
          hours += alt.workplaces[k].labour_hours;
          workers += demo.economy.workplaces[k].workers;
          capacity += demo.economy.workplaces[k].capacity;
          mine.insert(w.id);
        }
        ASSERT_FALSE(mine.empty()) << b.scope.body;
        EXPECT_EQ(f.workplaces, static_cast<int32_t>(mine.size()));
        EXPECT_NEAR(f.output_target, target, 1e-12 * target);
        EXPECT_NEAR(f.labour_hours, hours, 1e-12 * hours);
        EXPECT_EQ(f.workers, workers);
        EXPECT_NEAR(f.capacity_use, target / capacity, 1e-12);
        EXPECT_NEAR(f.hours_per_worker_week, hours / workers / kDemoWeeksPerYear, 1e-12);
        ASSERT_TRUE(f.region.has_value());
        EXPECT_EQ(demo.economy.regions[static_cast<size_t>(f.region->region)].id, b.scope.region);
        // Every capacity bottleneck of its workplaces is listed, and none of another's.
        std::set<int32_t> listed(f.bottlenecks.begin(), f.bottlenecks.end());
        for (size_t i = 0; i < alt.bottlenecks.size(); ++i) {
          const RoundBottleneck& bn = alt.bottlenecks[i];
          const bool concerns = bn.kind == RoundBottleneck::Kind::kCapacity
                                    ? mine.count(bn.workplace) > 0
                                    : bn.region == b.scope.region;
          EXPECT_EQ(listed.count(static_cast<int32_t>(i)) > 0, concerns) << b.scope.body;
        }
        unions += a == 0;
      } else if (b.scope.kind == BodyKind::kCongress || b.scope.kind == BodyKind::kCouncil) {
        EXPECT_EQ(b.scope.scope, ScopeKind::kEconomy);
        ASSERT_TRUE(f.economy.has_value());
        EXPECT_EQ(f.economy->labour_hours, alt.economy.labour_hours);
        EXPECT_EQ(f.economy->consumption_per_head, alt.economy.consumption_per_head);
        EXPECT_EQ(f.bottlenecks.size(), alt.bottlenecks.size());
        EXPECT_EQ(f.workplaces, static_cast<int32_t>(demo.economy.workplaces.size()));
        whole += a == 0;
      } else if (b.scope.body == "regional-north") {
        EXPECT_EQ(b.scope.scope, ScopeKind::kRegion);
        ASSERT_TRUE(f.region.has_value());
        const plan::RegionImplication& ri = alt.regions[static_cast<size_t>(f.region->region)];
        EXPECT_EQ(f.region->consumption_per_head, ri.consumption_per_head);
        EXPECT_EQ(f.region->hours_per_worker_week, ri.hours_per_worker_week);
      }
    }
  }
  EXPECT_EQ(committees, 40);
  EXPECT_GE(unions, 2);
  EXPECT_EQ(whole, 2);
}

// An alternative that cannot be carried out is still returned, with what binds; so is
// one an amendment makes infeasible.
TEST(RoundCompute, InfeasibleAlternativesAreReturnedWithWhatBinds) {
  const auto& demo = small_demo();
  auto rc = compute_round(demo.economy, four_choices(), demo.registry);
  ASSERT_TRUE(rc.ok());
  const RoundAlternative& consumption = rc->alternatives[1];
  EXPECT_FALSE(consumption.feasible);
  EXPECT_FALSE(consumption.explanation.empty());
  ASSERT_FALSE(consumption.bottlenecks.empty());
  for (const RoundBottleneck& b : consumption.bottlenecks) {
    EXPECT_GT(b.required, b.available);
    if (b.kind == RoundBottleneck::Kind::kCapacity) {
      EXPECT_FALSE(b.workplace.empty());
      EXPECT_FALSE(b.product.empty());
    }
  }
  EXPECT_FALSE(consumption.output.empty());
  EXPECT_TRUE(rc->alternatives[2].feasible);  // shorter hours need no more of anything

  // Halving a workplace's capacity makes even the status quo exceed it, and only there.
  plan::Economy amended = demo.economy;
  const std::string id = amended.workplaces[3].id;
  const double before = amended.workplaces[3].capacity;
  ASSERT_TRUE(amend_workplace(amended, {id, before / 2, {}, {}}).ok());
  auto after = compute_round(amended, four_choices(), demo.registry);
  ASSERT_TRUE(after.ok()) << after.status().to_string();
  const RoundAlternative& sq = after->alternatives[0];
  EXPECT_FALSE(sq.feasible);
  bool named = false;
  for (const RoundBottleneck& b : sq.bottlenecks)
    named |= b.kind == RoundBottleneck::Kind::kCapacity && b.workplace == id &&
             b.available == before / 2;
  EXPECT_TRUE(named);
}

// The optimal plan: the LP with the same gain, its valuations, and what binds it.
TEST(RoundCompute, OptimalPlanComesWithItsValuations) {
  const auto& demo = small_demo();
  auto rc = compute_round(demo.economy, four_choices(true), demo.registry);
  ASSERT_TRUE(rc.ok()) << rc.status().to_string();
  const RoundAlternative& opt = rc->alternatives.back();
  ASSERT_TRUE(opt.optimal.has_value());
  EXPECT_EQ(opt.optimal->status, plan::LpStatus::kOptimal);
  EXPECT_TRUE(opt.feasible);
  // The base year is within reach (capacities above it, and the gain frees hours), so the
  // LP reaches at least the base year's consumption.
  EXPECT_GE(opt.consumption_scale, 1.0);
  EXPECT_EQ(opt.output, opt.optimal->output);
  ASSERT_FALSE(opt.bottlenecks.empty());  // something stops alpha
  for (const RoundBottleneck& b : opt.bottlenecks) {
    EXPECT_FALSE(b.over);
    EXPECT_GT(b.valuation, 0);
    EXPECT_NEAR(b.required, b.available, 1e-6 * b.available);
  }
  // Its hours fit every region's supply.
  for (const plan::RegionImplication& r : opt.regions)
    EXPECT_LE(r.labour_hours, r.labour_supply * (1 + 1e-9));
  for (size_t k = 0; k < opt.workplaces.size(); ++k)
    EXPECT_LE(opt.workplaces[k].output_target, demo.economy.workplaces[k].capacity * (1 + 1e-9));
}

TEST(RoundCompute, DigestNamesExactlyTheDataUsed) {
  const auto& demo = small_demo();
  const std::string d = economy_digest(demo.economy);
  EXPECT_EQ(d.size(), 64u);
  plan::Economy copy = demo.economy;
  EXPECT_EQ(economy_digest(copy), d);
  // Labels no figure reads: the same digest.
  copy.name = "renamed";
  copy.products[0].name = "another name";
  copy.regions[0].name = "another region";
  copy.gross_output.clear();
  EXPECT_EQ(economy_digest(copy), d);
  // An explicit zero in the technology changes no figure either.
  {
    plan::Economy z = demo.economy;
    std::vector<plan::Triplet> t;
    for (int32_t j = 0; j < z.technology.cols; ++j)
      for (int64_t q = z.technology.col_ptr[static_cast<size_t>(j)];
           q < z.technology.col_ptr[static_cast<size_t>(j) + 1]; ++q)
        t.push_back({z.technology.row_idx[static_cast<size_t>(q)], j,
                     z.technology.values[static_cast<size_t>(q)]});
    auto m = plan::csc_from_triplets(z.technology.rows, z.technology.cols, t);
    ASSERT_TRUE(m.ok());
    z.technology = *m;
    EXPECT_EQ(economy_digest(z), d);
  }
  // One coefficient: another digest.
  plan::Economy one = demo.economy;
  one.technology.values[5] *= 1.000001;
  EXPECT_NE(economy_digest(one), d);
  plan::Economy cap = demo.economy;
  cap.workplaces[0].capacity += 1;
  EXPECT_NE(economy_digest(cap), d);
  plan::Economy demand = demo.economy;
  demand.final_demand[0].amounts[0] += 1e-9;
  EXPECT_NE(economy_digest(demand), d);
  // The round records it.
  auto rc = compute_round(demo.economy, four_choices(), demo.registry);
  ASSERT_TRUE(rc.ok());
  EXPECT_EQ(rc->economy_digest, d);
}

// After one workplace's amendment the recomputation starts from the last solutions: the
// same figures (to the tolerance) for fewer iterations.
TEST(RoundCompute, RecomputeAfterAnAmendmentAgreesAndStartsFromTheLastSolution) {
  const auto& demo = small_demo();
  auto last = compute_round(demo.economy, four_choices(), demo.registry);
  ASSERT_TRUE(last.ok());
  plan::Economy amended = demo.economy;
  const plan::Workplace& w = amended.workplaces[7];
  std::vector<double> labour = w.labour_per_unit;
  for (double& h : labour) h *= 0.9;  // the committee corrects its hours per unit
  ASSERT_TRUE(amend_workplace(amended, {w.id, w.capacity * 1.2, w.workers + 3, labour}).ok());
  EXPECT_NE(economy_digest(amended), last->economy_digest);

  auto warm = recompute_round(amended, *last, demo.registry);
  ASSERT_TRUE(warm.ok()) << warm.status().to_string();
  auto cold = compute_round(amended, four_choices(), demo.registry);
  ASSERT_TRUE(cold.ok());
  EXPECT_EQ(warm->economy_digest, cold->economy_digest);
  ASSERT_EQ(warm->alternatives.size(), cold->alternatives.size());
  for (size_t a = 0; a < warm->alternatives.size(); ++a) {
    const RoundAlternative& x = warm->alternatives[a];
    const RoundAlternative& y = cold->alternatives[a];
    EXPECT_TRUE(x.report.converged);
    for (size_t j = 0; j < x.output.size(); ++j)
      expect_close(x.output[j], y.output[j], 1e-8, "output");
    expect_close(x.economy.labour_hours, y.economy.labour_hours, 1e-8, "hours");
    EXPECT_EQ(x.bottlenecks.size(), y.bottlenecks.size());
    // The amended workplace's hours follow its new figures.
    const plan::WorkplaceImplication& mine = x.workplaces[7];
    double expected = 0;
    for (double h : labour) expected += mine.output_target * h / 1.02;
    EXPECT_NEAR(mine.labour_hours, expected, 1e-9 * expected);
  }
  EXPECT_LT(warm->solver_iterations, cold->solver_iterations);
  // The technology did not change, so the set-up of I - A was taken as it was.
  EXPECT_EQ(warm->solver.get(), last->solver.get());

  // A changed coefficient sets the system up again and still starts from the last outputs.
  plan::Economy other = amended;
  other.technology.values[11] *= 1.05;
  auto warm2 = recompute_round(other, *warm, demo.registry);
  ASSERT_TRUE(warm2.ok()) << warm2.status().to_string();
  auto cold2 = compute_round(other, four_choices(), demo.registry);
  ASSERT_TRUE(cold2.ok());
  EXPECT_NE(warm2->solver.get(), warm->solver.get());
  for (size_t a = 0; a < warm2->alternatives.size(); ++a)
    for (size_t j = 0; j < warm2->alternatives[a].output.size(); ++j)
      expect_close(warm2->alternatives[a].output[j], cold2->alternatives[a].output[j], 1e-8,
                   "output after a new coefficient");
  EXPECT_LT(warm2->solver_iterations, cold2->solver_iterations);
  // The economy still works its workplaces' hours: the product's satellites follow.
  const auto cats = amended.labour_categories();
  const int32_t p = amended.workplaces[7].product;
  const std::vector<double> shares = plan::workplace_shares(amended);
  double l = 0;
  for (size_t k = 0; k < amended.workplaces.size(); ++k)
    if (amended.workplaces[k].product == p)
      l += shares[k] * amended.workplaces[k].labour_per_unit[0];
  EXPECT_NEAR(amended.satellites[static_cast<size_t>(cats[0])].per_unit[static_cast<size_t>(p)], l,
              1e-15);
}

TEST(RoundCompute, BadInputIsAPreciseErrorAndChangesNothing) {
  const auto& demo = small_demo();
  plan::Economy e = demo.economy;
  const std::string d = economy_digest(e);
  Status s = amend_workplace(e, {"w-none", 1.0, {}, {}});
  EXPECT_EQ(s.code(), Code::kNotFound);
  s = amend_workplace(e, {e.workplaces[0].id, -1.0, {}, {}});
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.where(), "capacity");
  s = amend_workplace(e, {e.workplaces[0].id, 5.0, {}, std::vector<double>{1, 2}});
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.where(), "labour_per_unit");
  EXPECT_EQ(economy_digest(e), d);

  RoundParameters p = four_choices();
  p.productivity_gain = -1;
  EXPECT_EQ(compute_round(e, p, demo.registry).status().where(), "productivity_gain");
  p = four_choices();
  p.choices.push_back({"too much", 1, 1, 0});
  EXPECT_EQ(compute_round(e, p, demo.registry).status().where(), "choice/too much");
  p = four_choices();
  p.status_quo = {e.final_demand[0]};
  p.status_quo[0].amounts.pop_back();
  EXPECT_EQ(compute_round(e, p, demo.registry).status().where(), "status_quo/0");
  // Registry facts the economy contradicts.
  RoundRegistry partial = demo.registry;
  partial.workplaces.erase(partial.workplaces.begin());
  auto r = compute_round(e, four_choices(), partial);
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_EQ(r.status().where(), "workplaces/" + e.workplaces[0].id);
  // A registry workplace without production data is shown, not dropped.
  RoundRegistry extra = demo.registry;
  extra.workplaces.push_back(
      {"w-new", "New works", extra.workplaces[0].region, extra.workplaces[0].branch});
  auto x = compute_round(e, four_choices(), extra);
  ASSERT_TRUE(x.ok()) << x.status().to_string();
  bool shown = false;
  for (const BodyImplications& b : x->bodies)
    for (int32_t k : b.without_data)
      shown |= extra.workplaces[static_cast<size_t>(k)].id == "w-new";
  EXPECT_TRUE(shown);
}

// The size: 20,000 workplaces, 100,000 products. The identities hold there too;
// the timings are bench/round's. Slow (the demo's 7,000,000 members are generated to
// build the registry): it runs with COLLEGIUM_SLOW_TESTS=1.
TEST(RoundCompute, LargestDemoKeepsTheIdentities) {
  if (!std::getenv("COLLEGIUM_SLOW_TESTS")) GTEST_SKIP() << "slow: set COLLEGIUM_SLOW_TESTS=1";
  const DemoOptions large{.workplaces = 20000, .members = 7000000, .seed = 1921};
  RoundRegistry registry;
  ASSERT_TRUE(generate_demo(large, [&](LabelledCommand&& c) -> Status {
                if (!std::holds_alternative<AdmitMember>(c.command)) registry.take(c.command);
                return Status();
              }).ok());
  auto e = demo_economy(large);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  ASSERT_EQ(e->products.size(), 100000u);
  auto rc = compute_round(*e, four_choices(), registry);
  ASSERT_TRUE(rc.ok()) << rc.status().to_string();
  const double h0 = rc->base_labour_hours;
  EXPECT_NEAR(h0, 7000000 * kBaseHoursPerMember, 1e-8 * h0);
  for (const RoundAlternative& a : rc->alternatives) {
    EXPECT_TRUE(a.report.converged) << a.name;
    EXPECT_NEAR(a.economy.labour_hours, h0 - a.choice.hours * rc->freed_hours, 1e-8 * h0) << a.name;
  }
  std::map<std::string, size_t> econ;
  for (size_t k = 0; k < e->workplaces.size(); ++k) econ[e->workplaces[k].id] = k;
  for (const BodyImplications& b : rc->bodies) {
    if (b.scope.kind != BodyKind::kWorkplaceCommittee) continue;
    const size_t k = econ.at(registry.workplaces[static_cast<size_t>(b.scope.workplaces[0])].id);
    for (size_t a = 0; a < rc->alternatives.size(); ++a)
      EXPECT_EQ(b.alternatives[a].output_target, rc->alternatives[a].workplaces[k].output_target);
  }
}

}  // namespace
}  // namespace collegium::federation
