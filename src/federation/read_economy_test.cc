// The federation's economy (issue #14): the record's form of it against the engine's, the
// demo's import, the read models, a committee's change reaching the engine's economy, and
// a bundle's refusal traced back to its file, line and column.
#include "federation/read_economy.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/util.h"
#include "federation/demo.h"
#include "federation/demo_economy.h"
#include "federation/economy_csv.h"
#include "federation/economy_data.h"
#include "federation/economy_import.h"
#include "federation/read_test_fixture.h"
#include "federation/rebuild_check.h"
#include "plan/bundle.h"

namespace collegium::federation {
namespace {

namespace fs = std::filesystem;

constexpr DemoOptions kSmall{.workplaces = 12, .members = 600, .seed = 3};

TEST(Decimals, ReadBackTheSameDoubles) {
  for (double v : {0.0, 1.0, -0.25, 0.1, 1.0 / 3.0, 6.02214076e23, 1e-300, 123456.789}) {
    auto back = parse_decimal(format_decimal(v));
    ASSERT_TRUE(back) << format_decimal(v);
    EXPECT_EQ(*back, v) << format_decimal(v);
  }
  EXPECT_EQ(format_decimal(-0.0), "0");
  EXPECT_EQ(format_decimal(0.5), "0.5");
  for (const char* bad : {"", "1e999", "nan", "inf", "1,5", " 1", "1 ", "0x10", "--1"}) {
    EXPECT_FALSE(parse_decimal(bad)) << bad;
  }
  auto list = JsonCodec<DecimalList>::read(Json("0 0.25 1e-05 -3"), "/x");
  ASSERT_TRUE(list.ok()) << list.status().to_string();
  EXPECT_EQ(list->values, (std::vector<double>{0, 0.25, 1e-05, -3}));
  EXPECT_EQ(JsonCodec<DecimalList>::write(*list), Json("0 0.25 1e-05 -3"));
  auto bad = JsonCodec<DecimalList>::read(Json("1 two 3"), "/amounts");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where(), "/amounts");
  EXPECT_NE(bad.status().message().find("figure 2 ('two')"), std::string::npos);
  EXPECT_FALSE(JsonCodec<DecimalList>::read(Json("1 "), "/x").ok());
  EXPECT_FALSE(JsonCodec<Decimal>::read(Json("1e999"), "/x").ok());
  EXPECT_EQ(JsonCodec<Decimal>::read(Json(2.5), "/x")->value, 2.5);
}

TEST(EconomyData, TheRecordsFormGivesBackTheEnginesEconomyFigureForFigure) {
  auto e = demo_economy(kSmall);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EconomyData d = economy_to_data(*e);
  // Through JSON as the record holds it, and back.
  auto read = read_json<EconomyData>(write_json(d), "");
  ASSERT_TRUE(read.ok()) << read.status().to_string();
  EXPECT_EQ(*read, d);
  auto again = economy_from_data(*read);
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(economy_to_data(*again), d);
  EXPECT_EQ(again->technology.values, e->technology.values);
  EXPECT_EQ(again->workplaces.size(), e->workplaces.size());
  EXPECT_EQ(again->workplaces[0].labour_per_unit, e->workplaces[0].labour_per_unit);
  EXPECT_EQ(again->final_demand[1].amounts, e->final_demand[1].amounts);

  // Data that does not hold together is refused at its path.
  EconomyData broken = d;
  broken.technology.row_idx[0] = static_cast<int64_t>(d.products.size());
  auto refused = economy_from_data(broken);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().where(), "/technology/row_idx/0");
  broken = d;
  broken.workplaces[2].product = "p-none";
  refused = economy_from_data(broken);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kNotFound);
  EXPECT_EQ(refused.status().where(), "/workplaces/2/product");
  broken = d;
  broken.final_demand[0].amounts.values.pop_back();
  refused = economy_from_data(broken);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().where(), "/final_demand/0/amounts");
}

class EconomyFederation : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("collegium-economy-{}", ::getpid());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(EconomyFederation, TheDemoImportsItsEconomyAndTheReadsShowIt) {
  auto f = Federation::open(dir_ / "data");
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(load_demo(**f, kSmall).ok());
  auto expected = demo_economy(kSmall);
  ASSERT_TRUE(expected.ok());

  // The engine's economy from the tables is the imported one, figure for figure.
  auto held = current_economy(**f);
  ASSERT_TRUE(held.ok()) << held.status().to_string();
  EXPECT_EQ(economy_to_data(*held), economy_to_data(*expected));

  auto summary = read_economy_summary(**f);
  ASSERT_TRUE(summary.ok());
  EXPECT_TRUE(summary->imported);
  EXPECT_EQ(summary->products, static_cast<int64_t>(expected->products.size()));
  EXPECT_EQ(summary->workplaces, 12);
  EXPECT_EQ(summary->coefficients, expected->technology.nonzeros());
  EXPECT_EQ(summary->imported_by, "operator");
  EXPECT_EQ(summary->labour_categories,
            (std::vector<std::string>{"production", "technical", "administrative"}));
  EXPECT_GT(summary->seq, 0);

  // Products: the filter and the page.
  auto all = list_products(**f, {}, {0, 1000});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->total, summary->products);
  ASSERT_EQ(all->products.size(), expected->products.size());
  for (size_t j = 0; j < expected->products.size(); ++j) {
    EXPECT_EQ(all->products[j].id, expected->products[j].id);
    EXPECT_DOUBLE_EQ(all->products[j].gross_output, expected->gross_output[j]);
    double y = 0;
    for (const auto& d : expected->final_demand) y += d.amounts[j];
    EXPECT_NEAR(all->products[j].final_demand, y, 1e-9 * y);
  }
  auto page = list_products(**f, {}, {1, 2});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->products.size(), 2u);
  EXPECT_EQ(page->products[0].id, expected->products[1].id);
  const std::string some = expected->products[0].name;
  auto named = list_products(**f, {some, ""}, {0, 100});
  ASSERT_TRUE(named.ok());
  ASSERT_GE(named->total, 1);
  for (const auto& p : named->products) EXPECT_NE(p.name.find(some), std::string::npos);
  EXPECT_FALSE(list_products(**f, {}, {0, 0}).ok());

  // A workplace's data.
  const plan::Workplace& w0 = expected->workplaces[0];
  auto w = read_workplace_production(**f, w0.id);
  ASSERT_TRUE(w.ok()) << w.status().to_string();
  EXPECT_EQ(w->product, expected->products[static_cast<size_t>(w0.product)].id);
  EXPECT_EQ(w->capacity, w0.capacity);
  EXPECT_EQ(w->workers, w0.workers);
  EXPECT_EQ(w->hours.at("technical"), w0.labour_per_unit[1]);
  EXPECT_EQ(w->committee, "wc-" + w0.id);
  ASSERT_EQ(w->history.size(), 1u);
  EXPECT_EQ(w->history[0].kind, "imported");
  EXPECT_EQ(read_workplace_production(**f, "w-nowhere").status().code(), Code::kNotFound);

  auto differs = rebuild_check::rebuild_and_compare((*f)->store());
  ASSERT_TRUE(differs.ok()) << differs.status().to_string();
  EXPECT_EQ(*differs, "");
}

TEST(EconomyScenario, ACommitteesChangeReachesTheEnginesEconomyAndItsHistory) {
  test::ScenarioDir scenario("economy", "economy");
  ASSERT_TRUE(scenario.status().ok()) << scenario.status().to_string();
  auto f = scenario.open();
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  auto before = current_economy(**f);
  ASSERT_TRUE(before.ok()) << before.status().to_string();
  ASSERT_EQ(before->workplaces.size(), 1u);
  EXPECT_EQ(before->workplaces[0].capacity, 30);

  // Anna sits on the foundry's committee.
  SetWorkplaceProduction change;
  change.workplace = "w1";
  change.capacity = Decimal{36.5};
  change.hours = std::map<std::string, Decimal>{{"production", Decimal{8.25}}};
  change.inputs = std::vector<ProductionInput>{{"steel", Decimal{0.05}}};
  ASSERT_TRUE((*f)->execute(change, "m1").ok());

  auto after = current_economy(**f);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->workplaces[0].capacity, 36.5);
  EXPECT_EQ(after->workplaces[0].labour_per_unit, std::vector<double>{8.25});
  EXPECT_EQ(after->workplaces[0].inputs, (std::vector<std::pair<int32_t, double>>{{0, 0.05}}));
  // Nothing else moved.
  plan::Economy expected = *before;
  expected.workplaces[0].capacity = 36.5;
  expected.workplaces[0].labour_per_unit = {8.25};
  expected.workplaces[0].inputs = {{0, 0.05}};
  EXPECT_EQ(economy_to_data(*after), economy_to_data(expected));

  auto w = read_workplace_production(**f, "w1");
  ASSERT_TRUE(w.ok());
  ASSERT_EQ(w->history.size(), 2u);
  EXPECT_EQ(w->history[0].kind, "changed");
  EXPECT_EQ(w->history[0].actor, "m1");
  EXPECT_EQ(w->history[0].actor_name, "Anna");
  EXPECT_EQ(w->history[0].changed, (std::vector<std::string>{"capacity", "hours", "inputs"}));
  EXPECT_EQ(w->history[1].kind, "imported");
  EXPECT_EQ(w->inputs.size(), 1u);
  EXPECT_EQ(w->inputs[0].input_name, "Steel");
  auto summary = read_economy_summary(**f);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->changes, 1);
  EXPECT_EQ(summary->name, "north-2028");

  auto differs = rebuild_check::rebuild_and_compare((*f)->store());
  ASSERT_TRUE(differs.ok());
  EXPECT_EQ(*differs, "");
}

// Replaces the first occurrence of `from` in `file` by `to`.
void edit(const fs::path& file, const std::string& from, const std::string& to) {
  auto text = read_file(file);
  ASSERT_TRUE(text.ok());
  std::string s = *text;
  auto at = s.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  s.replace(at, from.size(), to);
  std::ofstream(file, std::ios::binary) << s;
}

// The 1-based line of `file` that starts with `prefix`.
int line_of(const fs::path& file, const std::string& prefix) {
  std::ifstream in(file);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.rfind(prefix, 0) == 0) return n;
  return 0;
}

TEST_F(EconomyFederation, ABundleNamingWhatTheFederationLacksIsRefusedAtItsCell) {
  auto f = Federation::open(dir_ / "data");
  ASSERT_TRUE(f.ok());
  DemoOptions o = kSmall;
  o.economy = false;
  ASSERT_TRUE(load_demo(**f, o).ok());
  auto e = demo_economy(kSmall);
  ASSERT_TRUE(e.ok());
  const uint64_t head = (*f)->store().head_seq();
  auto refused = [&](const fs::path& bundle) {
    auto r = import_economy_bundle(**f, bundle);
    EXPECT_EQ((*f)->store().head_seq(), head) << "a refused import changes nothing";
    return r.ok() ? Status() : r.status();
  };

  // A workplace the registry does not have.
  fs::path b1 = dir_ / "unknown-workplace";
  ASSERT_TRUE(plan::write_bundle(*e, b1).ok());
  const std::string w = e->workplaces[3].id;
  int line = line_of(b1 / "workplaces.csv", w + ",");
  ASSERT_GT(line, 1);
  edit(b1 / "workplaces.csv", "\n" + w + ",", "\nw-99,");
  Status s = refused(b1);
  EXPECT_EQ(s.code(), Code::kNotFound) << s.to_string();
  EXPECT_EQ(s.where(), (b1 / "workplaces.csv").string() + fmt::format(":{}:1", line));
  EXPECT_NE(s.message().find("w-99"), std::string::npos);

  // A region the registry does not have.
  fs::path b2 = dir_ / "unknown-region";
  ASSERT_TRUE(plan::write_bundle(*e, b2).ok());
  { std::ofstream(b2 / "regions.csv", std::ios::app) << "r-atlantis,Atlantis,10\n"; }
  s = refused(b2);
  EXPECT_EQ(s.code(), Code::kNotFound) << s.to_string();
  EXPECT_EQ(s.where(), (b2 / "regions.csv").string() +
                           fmt::format(":{}:1", line_of(b2 / "regions.csv", "r-atlantis")));

  // A labour category that is not a member category.
  fs::path b3 = dir_ / "unknown-category";
  ASSERT_TRUE(plan::write_bundle(*e, b3).ok());
  edit(b3 / "manifest.json", "\"satellites\": [",
       "\"satellites\": [{\"id\": \"night\", \"unit\": \"hours\", \"labour\": true}, ");
  s = refused(b3);
  EXPECT_EQ(s.code(), Code::kInvalidArgument) << s.to_string();
  EXPECT_EQ(s.where(), (b3 / "manifest.json").string() + ":/satellites/0/id");

  // The bundle as written imports, and exports back to the same economy.
  fs::path good = dir_ / "good";
  ASSERT_TRUE(plan::write_bundle(*e, good).ok());
  auto ok = import_economy_bundle(**f, good);
  ASSERT_TRUE(ok.ok()) << ok.status().to_string();
  auto held = current_economy(**f);
  ASSERT_TRUE(held.ok());
  fs::path out = dir_ / "exported";
  ASSERT_TRUE(plan::write_bundle(*held, out).ok());
  auto back = plan::read_bundle(out);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(economy_to_data(*back), economy_to_data(*e));
}

TEST(ProductionUpload, TheCsvFormsBecomeTheCommandAndNameTheirCells) {
  const std::vector<std::string> categories = {"production", "technical"};
  auto up = production_from_csv("w1", "id,capacity,workers,production,technical\nw1,120.5,,3,\n",
                                "body", categories);
  ASSERT_TRUE(up.ok()) << up.status().to_string();
  EXPECT_EQ(up->command.workplace, "w1");
  ASSERT_TRUE(up->command.capacity);
  EXPECT_EQ(up->command.capacity->value, 120.5);
  EXPECT_FALSE(up->command.workers) << "an empty cell leaves the figure as it is";
  ASSERT_TRUE(up->command.hours);
  EXPECT_EQ(up->command.hours->size(), 1u);
  EXPECT_EQ(up->cells.at("/capacity"), "body:2:4");
  EXPECT_EQ(up->cells.at("/hours/production"), "body:2:11");

  auto inputs = production_from_csv(
      "w1", "workplace,input,coefficient\nw1,steel,0.25\nw1,energy,1e-2\n", "body", categories);
  ASSERT_TRUE(inputs.ok()) << inputs.status().to_string();
  ASSERT_TRUE(inputs->command.inputs);
  ASSERT_EQ(inputs->command.inputs->size(), 2u);
  EXPECT_EQ((*inputs->command.inputs)[1].input, "energy");
  EXPECT_EQ((*inputs->command.inputs)[1].coefficient.value, 0.01);
  EXPECT_FALSE(inputs->command.capacity);
  // A refusal by the rules, named at its cell.
  Status rule = not_found("the economy has no product energy", "/inputs/1/input");
  EXPECT_EQ(in_upload(rule, *inputs).where(), "body:3:4");

  auto expect = [&](const char* text, const char* where, const char* message) {
    auto r = production_from_csv("w1", text, "body", categories);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().where(), where) << r.status().to_string();
    EXPECT_NE(r.status().message().find(message), std::string::npos) << r.status().to_string();
  };
  expect("capacity\n-5\n", "body:2:1", "capacity must be >= 0");
  expect("capacity,workers\n10,many\n", "body:2:4", "");
  expect("capacity,night\n10,2\n", "body:1:10", "unknown column 'night'");
  expect("id,capacity\nw2,10\n", "body:2:1", "not w2");
  expect("capacity\n10\n11\n", "body:3:1", "exactly one data row");
  expect("capacity,workers\n,\n", "body:2:1", "gives no figure");
  expect("workplace,input,coefficient\nw1,steel,-1\n", "body:2:10", "must be >= 0");
  expect("input,coefficient\n,1\n", "body:2:1", "empty input");
  expect("input\nsteel\n", "body:1:1", "missing column 'coefficient'");
  expect("", "body:1:1", "empty");
}

}  // namespace
}  // namespace collegium::federation
