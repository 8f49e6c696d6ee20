// Golden tests on real tables from data/io (see its README for sources).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "plan/analysis.h"
#include "plan/table_io.h"

namespace collegium::plan {
namespace {

const std::filesystem::path kIo = std::filesystem::path(COLLEGIUM_DATA_DIR) / "io";

// |a - b| <= rel * max(|a|, |b|), with an absolute floor for exact zeros.
::testing::AssertionResult close(double a, double b, double rel) {
  double scale = std::max(std::abs(a), std::abs(b));
  if (std::abs(a - b) <= rel * scale || std::abs(a - b) <= 1e-300)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << a << " vs " << b << " (relative " << std::abs(a - b) / scale << ")";
}

// A reference CSV written by NumPy: first column the row key, header the column keys.
struct Reference {
  std::vector<std::string> cols, rows;
  std::vector<double> values;
};
Reference read_reference(const std::filesystem::path& p, bool has_row_keys) {
  auto f = read_delimited(p, ',');
  EXPECT_TRUE(f.ok()) << f.status().to_string();
  Reference r;
  const auto& head = f->rows[0];
  for (size_t k = has_row_keys ? 1 : 0; k < head.size(); ++k) r.cols.push_back(head[k].text);
  for (size_t i = 1; i < f->rows.size(); ++i) {
    const auto& row = f->rows[i];
    if (has_row_keys) r.rows.push_back(row[0].text);
    for (size_t k = has_row_keys ? 1 : 0; k < row.size(); ++k)
      r.values.push_back(*cell_number(*f, row[k]));
  }
  return r;
}

class Pymrio : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto e = read_pymrio(kIo / "pymrio-test-mrio");
    ASSERT_TRUE(e.ok()) << e.status().to_string();
    economy_ = new Economy(std::move(*e));
  }
  static void TearDownTestSuite() { delete economy_; }
  static Economy* economy_;
};
Economy* Pymrio::economy_ = nullptr;

TEST_F(Pymrio, LoadsSixRegionsOfEightSectors) {
  const Economy& e = *economy_;
  EXPECT_EQ(e.size(), 48);
  EXPECT_EQ(e.regions.size(), 6u);
  EXPECT_EQ(e.final_demand.size(), 42u);
  EXPECT_EQ(e.products[10].id, "reg2/manufactoring");
  EXPECT_EQ(e.regions[1].population, 3.7e9);
  ASSERT_GE(e.satellites.size(), 3u);
  EXPECT_EQ(e.satellites[0].id, "Value Added");
}

TEST_F(Pymrio, GrossOutputMatchesReference) {
  const Economy& e = *economy_;
  Reference x = read_reference(kIo / "pymrio-test-mrio/reference/x.csv", false);
  ASSERT_EQ(x.values.size(), 48u);
  for (int j = 0; j < 48; ++j) {
    EXPECT_EQ(x.cols[j], e.products[j].id);
    EXPECT_TRUE(close(e.gross_output[j], x.values[j], 1e-12)) << e.products[j].id;
  }
  // And x = L y reproduces it: by LU, by BiCGSTAB, by GMRES and by the Jacobi reference.
  for (Method m : {Method::kSparseLu, Method::kBicgstab, Method::kGmres, Method::kJacobi}) {
    SolveOptions o;
    o.method = m;
    o.tolerance = 1e-14;
    auto s = gross_output(e, e.total_final_demand(), o);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    EXPECT_LE(s->report.relative_residual, 1e-13) << method_name(m);
    for (int j = 0; j < 48; ++j)
      EXPECT_TRUE(close(s->x[j], x.values[j], 1e-9)) << method_name(m) << " " << j;
  }
}

TEST_F(Pymrio, LeontiefInverseMatchesReference) {
  Reference l = read_reference(kIo / "pymrio-test-mrio/reference/L.csv", true);
  auto inv = leontief_inverse(economy_->technology);
  ASSERT_TRUE(inv.ok()) << inv.status().to_string();
  ASSERT_EQ(l.values.size(), inv->size());
  for (size_t k = 0; k < inv->size(); ++k) {
    // Entries far below the column's diagonal carry NumPy's rounding; 1e-9 relative to
    // the entry is required wherever the entry is above 1e-12 of its column's scale.
    EXPECT_TRUE(close((*inv)[k], l.values[k], 1e-9)) << "entry " << k;
  }
}

TEST_F(Pymrio, ValueAddedMultipliersMatchReference) {
  Reference m =
      read_reference(kIo / "pymrio-test-mrio/reference/factor_input_multipliers_M.csv", true);
  SolveOptions o;
  o.method = Method::kSparseLu;
  auto mult = multipliers(*economy_, {0}, o);
  ASSERT_TRUE(mult.ok()) << mult.status().to_string();
  ASSERT_EQ(m.values.size(), 48u);
  for (int j = 0; j < 48; ++j) EXPECT_TRUE(close(mult->rows[0][j], m.values[j], 1e-9)) << j;
  // The Krylov solver reaches the same to 1e-9 when asked for a tight residual.
  o.method = Method::kBicgstab;
  o.tolerance = 1e-14;
  auto it = multipliers(*economy_, {0}, o);
  ASSERT_TRUE(it.ok());
  for (int j = 0; j < 48; ++j) EXPECT_TRUE(close(it->rows[0][j], m.values[j], 1e-9)) << j;
}

TEST_F(Pymrio, FootprintsBalance) {
  // Consumption-based and production-based accounts of value added each sum to the
  // world's value added: every unit is produced somewhere and consumed somewhere.
  SolveOptions o;
  o.method = Method::kSparseLu;
  auto mult = multipliers(*economy_, {0}, o);
  ASSERT_TRUE(mult.ok());
  auto f = footprints(*economy_, *mult, economy_->gross_output);
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  double cba = 0, pba = 0;
  for (double v : (*f)[0].consumption_based) cba += v;
  for (double v : (*f)[0].production_based) pba += v;
  EXPECT_TRUE(close(cba, pba, 1e-9));
}

TEST(Uk2010, LeontiefInverseMatchesOns) {
  auto coeff = read_long_csv(kIo / "uk-2010/uk2010_coefficients.csv");
  ASSERT_TRUE(coeff.ok()) << coeff.status().to_string();
  auto e = economy_from_coefficients(*coeff, static_cast<int32_t>(coeff->col_ids.size()));
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  ASSERT_EQ(e->size(), 127);
  auto ons = read_long_csv(kIo / "uk-2010/uk2010_leontief_inverse.csv");
  ASSERT_TRUE(ons.ok()) << ons.status().to_string();
  auto inv = leontief_inverse(e->technology);
  ASSERT_TRUE(inv.ok()) << inv.status().to_string();
  int checked = 0;
  double worst = 0;
  for (int i = 0; i < 127; ++i) {
    int32_t oi = ons->find_row(e->products[i].id);
    ASSERT_GE(oi, 0) << e->products[i].id;
    for (int j = 0; j < 127; ++j) {
      int32_t oj = ons->find_col(e->products[j].id);
      ASSERT_GE(oj, 0);
      double mine = (*inv)[i * 127 + j], theirs = ons->at(oi, oj);
      worst = std::max(worst, std::abs(mine - theirs));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 127 * 127);
  EXPECT_LE(worst, 1e-9);
  // The iterative solver reproduces a column of the inverse too.
  std::vector<double> unit(127, 0.0);
  unit[40] = 1;
  SolveOptions o;
  o.tolerance = 1e-13;
  auto col = gross_output(*e, unit, o);
  ASSERT_TRUE(col.ok());
  for (int i = 0; i < 127; ++i) EXPECT_NEAR(col->x[i], (*inv)[i * 127 + 40], 1e-11);
}

TEST(Uk2010, UseTableGivesOutputAndCompensation) {
  auto t = read_long_csv(kIo / "uk-2010/uk2010_io_table.csv");
  ASSERT_TRUE(t.ok()) << t.status().to_string();
  auto e = economy_from_table(*t, {});
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->size(), 127);
  // The published coefficients are the flows over total output.
  auto coeff = read_long_csv(kIo / "uk-2010/uk2010_coefficients.csv");
  ASSERT_TRUE(coeff.ok());
  for (int j : {0, 50, 126}) {
    for (int i : {0, 17, 80}) {
      EXPECT_NEAR(coefficient(e->technology, i, j), coeff->at(i, j), 1e-12) << i << "," << j;
    }
  }
}

#ifndef COLLEGIUM_PLAN_SMALL_TESTS
TEST(UsBea2007, LoadsAndComputesCompensationValues) {
  auto e = read_bea_use_make(kIo / "us-bea-2007-389/389_Use_2007_PRO_BeforeRedef.csv",
                             kIo / "us-bea-2007-389/389_Make_2007_PRO_BeforeRedef.csv");
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_GE(e->size(), 380);
  EXPECT_LE(e->size(), 400);
  double rho = spectral_radius(e->technology);
  EXPECT_GT(rho, 0.2);
  EXPECT_LT(rho, 1.0);
  // Compensation embodied per dollar of final demand lies between the direct share and 1.
  SolveOptions o;
  auto m = multipliers(*e, {0}, o);
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  EXPECT_TRUE(m->reports[0].converged);
  for (int j = 0; j < e->size(); ++j) {
    EXPECT_GE(m->rows[0][j], e->satellites[0].per_unit[j] - 1e-12);
    EXPECT_LE(m->rows[0][j], 1.0 + 1e-9);  // 1 where output is all wages (households' employees)
  }
  // x = L y reproduces commodity output up to what the use table leaves out (imports,
  // scrap): check that the solve converges and stays positive.
  auto x = gross_output(*e, e->total_final_demand(), o);
  ASSERT_TRUE(x.ok());
  EXPECT_LE(x->report.relative_residual, 1e-10);
}
#endif

TEST(UsNiot56, LabourValuesFromHours) {
  auto e =
      read_national_table(kIo / "us-niot-56/usaiot.csv", kIo / "us-niot-56/sea.csv", "USA", 2014);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->size(), 56);
  SolveOptions o;
  auto v = labour_values(*e, o);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  EXPECT_TRUE(v->report.converged);
  // Labour values embody the direct hours and more; total hours = v . y = l . x.
  const auto l = e->total_labour_per_unit();
  double vy = 0, lx = 0;
  auto y = e->total_final_demand();
  for (int j = 0; j < 56; ++j) {
    EXPECT_GE(v->x[j], l[j] - 1e-15);
    vy += v->x[j] * y[j];
    lx += l[j] * e->gross_output[j];
  }
  EXPECT_TRUE(close(vy, lx, 1e-8));
  // Jacobi needs a few dozen rounds at this spectral radius (README: 26 to 45).
  o.method = Method::kJacobi;
  auto vj = labour_values(*e, o);
  ASSERT_TRUE(vj.ok());
  EXPECT_TRUE(vj->report.converged);
  EXPECT_LT(vj->report.iterations, 80);
}

// Every iterative method, GMRES with a restart short enough to restart too, agrees with LU
// to 1e-9 relative on the real tables, for gross output and for the transposed system.
TEST(RealTables, IterativeMethodsAgreeWithLu) {
  std::vector<std::pair<std::string, Result<Economy>>> tables;
  tables.emplace_back("UK 2010", read_economy(kIo / "uk-2010/uk2010_io_table.csv"));
  tables.emplace_back("US 56", read_national_table(kIo / "us-niot-56/usaiot.csv",
                                                   kIo / "us-niot-56/sea.csv", "USA", 2014));
#ifndef COLLEGIUM_PLAN_SMALL_TESTS
  tables.emplace_back("US BEA 389",
                      read_bea_use_make(kIo / "us-bea-2007-389/389_Use_2007_PRO_BeforeRedef.csv",
                                        kIo / "us-bea-2007-389/389_Make_2007_PRO_BeforeRedef.csv"));
#endif
  for (auto& [name, e] : tables) {
    ASSERT_TRUE(e.ok()) << name << ": " << e.status().to_string();
    const std::vector<double> y = e->total_final_demand();
    const std::vector<double> l = e->total_labour_per_unit();
    for (bool transposed : {false, true}) {
      const std::vector<double>& rhs = transposed ? l : y;
      SolveOptions lu;
      lu.method = Method::kSparseLu;
      auto exact = solve_leontief(e->technology, rhs, lu, transposed);
      ASSERT_TRUE(exact.ok()) << name;
      for (int restart : {40, 5}) {
        for (Method m : {Method::kBicgstab, Method::kGmres, Method::kJacobi}) {
          if (m != Method::kGmres && restart != 40) continue;
          SolveOptions o;
          o.method = m;
          o.tolerance = 1e-13;
          o.gmres_restart = restart;
          auto s = solve_leontief(e->technology, rhs, o, transposed);
          ASSERT_TRUE(s.ok()) << name << " " << method_name(m);
          EXPECT_TRUE(s->report.converged)
              << name << " " << method_name(m) << " restart " << restart;
          // Relative to the largest entry: a residual bound says nothing of each entry's
          // relative error, and BEA's table has outputs from 1 to 10^6 (Jacobi misses one
          // of 1.3 by 2e-9 of itself at a residual of 1e-13).
          double diff = 0, top = 0;
          for (size_t j = 0; j < rhs.size(); ++j) {
            diff = std::max(diff, std::abs(s->x[j] - exact->x[j]));
            top = std::max(top, std::abs(exact->x[j]));
          }
          EXPECT_LE(diff, 1e-9 * top) << name << " " << method_name(m) << " restart " << restart
                                      << (transposed ? " transposed" : "");
        }
      }
    }
  }
}

// Beutel's table (Eurostat manual table 15.4, "germany_1995" in iotables): the published
// Leontief inverse (table 15.10) has diagonal 1.0339, 1.4292, 1.0289 for the first three
// products and column sums (backward linkages) 1.7048, 1.8413, 1.8136, 1.6035, 1.5951,
// 1.3782, all rounded to four digits.
TEST(Textbook, BeutelMatchesPublishedInverse) {
  auto t = read_wide_csv(kIo / "textbook/Beutel_15_4.csv");
  ASSERT_TRUE(t.ok()) << t.status().to_string();
  auto e = economy_from_table(*t, {});
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  ASSERT_EQ(e->size(), 6);
  EXPECT_EQ(e->products[1].id, "cpa_c");
  EXPECT_EQ(e->gross_output[0], 43910);
  auto inv = leontief_inverse(e->technology);
  ASSERT_TRUE(inv.ok());
  EXPECT_NEAR((*inv)[0 * 6 + 0], 1.0339, 5e-4);
  EXPECT_NEAR((*inv)[1 * 6 + 1], 1.4292, 5e-4);
  EXPECT_NEAR((*inv)[2 * 6 + 2], 1.0289, 5e-4);
  const double linkages[] = {1.7048, 1.8413, 1.8136, 1.6035, 1.5951, 1.3782};
  for (int j = 0; j < 6; ++j) {
    double s = 0;
    for (int i = 0; i < 6; ++i) s += (*inv)[i * 6 + j];
    EXPECT_NEAR(s, linkages[j], 1e-3) << j;
  }
  // Final demand: households, government, capital formation, inventories, exports.
  EXPECT_EQ(e->final_demand.size(), 5u);
  EXPECT_EQ(e->final_demand[0].kind, DemandKind::kHousehold);
  EXPECT_EQ(e->final_demand[4].kind, DemandKind::kExport);
}

TEST(Textbook, GermanyAndNetherlandsLoad) {
  // Germany 2009: rows balance to the published output up to its rounding to whole
  // billions (one unit in 42 for agriculture).
  auto t = read_wide_csv(kIo / "textbook/germany_2009.csv");
  ASSERT_TRUE(t.ok()) << t.status().to_string();
  auto de = economy_from_table(*t, {});
  ASSERT_TRUE(de.ok()) << de.status().to_string();
  EXPECT_EQ(de->size(), 6);
  EXPECT_EQ(de->final_demand.size(), 5u);
  SolveOptions o;
  o.method = Method::kSparseLu;
  auto x = gross_output(*de, de->total_final_demand(), o);
  ASSERT_TRUE(x.ok()) << x.status().to_string();
  for (int j = 0; j < 6; ++j) EXPECT_NEAR(x->x[j], de->gross_output[j], 1.5) << j;
  // Its CO2 row becomes a satellite; emissions multipliers exceed the direct intensities.
  int co2 = -1;
  for (size_t k = 0; k < de->satellites.size(); ++k)
    if (de->satellites[k].id == "CO2") co2 = static_cast<int>(k);
  ASSERT_GE(co2, 0);
  auto m = multipliers(*de, {co2}, o);
  ASSERT_TRUE(m.ok());
  for (int j = 0; j < 6; ++j) EXPECT_GE(m->rows[0][j], de->satellites[co2].per_unit[j]);

  // The Netherlands 2006 lists households inside private consumption; naming the final
  // demand columns keeps them from being counted twice, and the rows then balance.
  auto n = read_wide_csv(kIo / "textbook/netherlands_2006.csv");
  ASSERT_TRUE(n.ok()) << n.status().to_string();
  TableLayout layout;
  layout.final_demand = {"final_consumption_private", "final_consumption_government",
                         "gross_fixed_capital_formation", "exports"};
  auto nl = economy_from_table(*n, layout);
  ASSERT_TRUE(nl.ok()) << nl.status().to_string();
  EXPECT_EQ(nl->size(), 6);
  auto xn = gross_output(*nl, nl->total_final_demand(), o);
  ASSERT_TRUE(xn.ok());
  for (int j = 0; j < 6; ++j) EXPECT_TRUE(close(xn->x[j], nl->gross_output[j], 1e-5)) << j;
  layout.final_demand = {"no_such_column"};
  auto bad = economy_from_table(*n, layout);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("no_such_column"), std::string::npos);
}

}  // namespace
}  // namespace collegium::plan
