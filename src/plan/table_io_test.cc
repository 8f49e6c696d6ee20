#include "plan/table_io.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "plan/bundle.h"
#include "plan/generate.h"

namespace collegium::plan {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("plan_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return path_ / name;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  static inline int counter_ = 0;
};

TEST(Delimited, QuotesAndPositions) {
  auto f = parse_delimited("a,\"b,\"\"c\"\"\",d\n\n1,2,3\r\n", "t.csv");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->rows.size(), 2u);
  EXPECT_EQ(f->rows[0][1].text, "b,\"c\"");
  EXPECT_EQ(f->rows[0][2].column, 13);
  EXPECT_EQ(f->rows[1][2].text, "3");
  EXPECT_EQ(f->where(f->rows[1][2]), "t.csv:3:5");
}

TEST(Delimited, UnclosedQuoteNamesItsStart) {
  auto f = parse_delimited("a,b\n1,\"2\n3\n", "t.csv");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), Code::kParseError);
  EXPECT_EQ(f.status().where(), "t.csv:2:3");
}

TEST(Delimited, PicksTabAndSemicolon) {
  EXPECT_EQ(parse_delimited("a\tb\n", "x")->delimiter, '\t');
  EXPECT_EQ(parse_delimited("a;b;c\n", "x")->delimiter, ';');
  EXPECT_EQ(parse_delimited("a,b\n", "x")->delimiter, ',');
}

TEST(LongCsv, BadNumberNamesFileLineColumn) {
  TempDir d;
  auto p = d.write("long.csv", "row,col,value\na,a,0.1\na,b,x1\n");
  auto m = read_long_csv(p);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Code::kParseError);
  EXPECT_EQ(m.status().where(), p.string() + ":3:5");
  EXPECT_NE(m.status().message().find("x1"), std::string::npos);
}

TEST(LongCsv, DuplicatePairNamesBothLines) {
  TempDir d;
  auto p = d.write("long.csv", "row,col,value\na,a,0.1\nb,a,0.2\na,a,0.3\n");
  auto m = read_long_csv(p);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().where(), p.string() + ":4:1");
  EXPECT_NE(m.status().message().find("line 2"), std::string::npos);
}

TEST(LongCsv, MissingColumnsAreNamed) {
  TempDir d;
  auto m = read_long_csv(d.write("long.csv", "from,to,amount\n"));
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("value"), std::string::npos);
}

TEST(WideCsv, RaggedRowIsAnError) {
  TempDir d;
  auto p = d.write("wide.csv", "id,a,b,households,output\na,1,2,3,6\nb,1,2\n");
  auto m = read_wide_csv(p);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().where(), p.string() + ":3:5");
}

TEST(WideCsv, SmallTableBecomesEconomy) {
  TempDir d;
  // Two products; output row given; a labour row.
  auto p = d.write("wide.csv",
                   "id,label,a,b,households,exports\n"
                   "a,Grain,10,20,60,10\n"
                   "b,Tools,30,10,40,20\n"
                   "total,Total,40,30,100,30\n"
                   "hours,Hours worked,50,40,,\n"
                   "output,Output,100,100,,\n");
  auto m = read_wide_csv(p);
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  TableLayout layout;
  layout.labour_rows = {"hours"};
  auto e = economy_from_table(*m, layout);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  ASSERT_EQ(e->size(), 2);
  EXPECT_DOUBLE_EQ(coefficient(e->technology, 1, 0), 0.3);
  EXPECT_EQ(e->final_demand.size(), 2u);
  EXPECT_EQ(e->final_demand[1].kind, DemandKind::kExport);
  ASSERT_EQ(e->labour_categories().size(), 1u);
  EXPECT_DOUBLE_EQ(e->satellites[e->labour_categories()[0]].per_unit[1], 0.4);
}

TEST(PymrioReader, MismatchedRowNamesTheCell) {
  TempDir d;
  d.write("Z.txt", "\t\treg1\treg1\n\t\ta\tb\nreg1\ta\t1\t2\nreg1\tc\t3\t4\n");
  d.write("Y.txt", "\t\treg1\n\t\thh\nreg1\ta\t1\nreg1\tb\t1\n");
  auto e = read_pymrio(d.path());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), (d.path() / "Z.txt").string() + ":4:1");
}

TEST(Bundle, RoundTripsAGeneratedEconomy) {
  GenerateOptions o;
  o.products = 60;
  o.inputs_per_product = 4;
  o.seed = 7;
  auto e = generate_economy(o);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  TempDir d;
  ASSERT_TRUE(write_bundle(*e, d.path() / "b").ok());
  auto back = read_economy(d.path() / "b");
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(back->size(), e->size());
  EXPECT_EQ(back->technology.values, e->technology.values);
  EXPECT_EQ(back->technology.row_idx, e->technology.row_idx);
  EXPECT_EQ(back->workplaces.size(), e->workplaces.size());
  EXPECT_EQ(back->workplaces[5].capacity, e->workplaces[5].capacity);
  EXPECT_EQ(back->workplaces[5].labour_per_unit, e->workplaces[5].labour_per_unit);
  EXPECT_EQ(back->labour_supply.size(), e->labour_supply.size());
  EXPECT_EQ(back->final_demand[2].amounts, e->final_demand[2].amounts);
  EXPECT_EQ(back->regions[1].population, e->regions[1].population);
}

TEST(Bundle, ErrorsNamePlaces) {
  TempDir d;
  d.write("manifest.json",
          "{\"format\": \"collegium-economy\", \"version\": 1,\n \"final_demand\": [{\"id\": "
          "\"h\", \"kind\": \"party\"}]}");
  d.write("products.csv", "id,name,unit,region\na,A,t,\n");
  d.write("technology.csv", "input,product,coefficient\n");
  auto e = read_bundle(d.path());
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().where().find("/final_demand/0/kind"), std::string::npos)
      << e.status().where();

  d.write("manifest.json", "{\"format\": \"collegium-economy\", \"version\": 1}");
  d.write("technology.csv", "input,product,coefficient\na,a,0.1\na,zz,0.2\n");
  e = read_bundle(d.path());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Code::kNotFound);
  EXPECT_EQ(e.status().where(), (d.path() / "technology.csv").string() + ":3:3");

  d.write("manifest.json", "{\"format\": \"collegium-economy\", \"version\": 1,");
  e = read_bundle(d.path());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Code::kParseError);
}

TEST(ReadEconomy, UnknownFolderSaysWhatItLooksFor) {
  TempDir d;
  auto e = read_economy(d.path());
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("manifest.json"), std::string::npos);
}

}  // namespace
}  // namespace collegium::plan
