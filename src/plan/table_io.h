// Reading input-output tables: pymrio's folder layout, long- and wide-format CSV, and the
// two US layouts in data/io (BEA use/make, WIOD-style national tables with
// socio-economic accounts). Every error names "file:line:column" and the reason
// (invariant 6), so a member can find and fix the cell.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "plan/economy.h"

namespace collegium::plan {

// One field of a delimited file and where it starts (1-based line and column).
struct Cell {
  std::string text;
  int32_t line = 0;
  int32_t column = 0;
};

struct DelimitedFile {
  std::string source;  // the path, as errors should show it
  char delimiter = ',';
  std::vector<std::vector<Cell>> rows;
  std::string where(const Cell& c) const;  // "source:line:column"
};

// Splits `text` into rows and fields. `delimiter` 0 picks tab, ';' or ',' by the first
// line. Double quotes follow RFC 4180 ("" inside a quoted field is one quote). A quote
// left open is a parse_error at the opening quote. Blank lines are skipped.
Result<DelimitedFile> parse_delimited(std::string_view text, std::string source,
                                      char delimiter = 0);
Result<DelimitedFile> read_delimited(const std::filesystem::path& path, char delimiter = 0);

// A number in a cell: empty and "NA" read as `missing`; anything else must be a whole
// finite decimal number, or it is a parse_error at the cell.
Result<double> cell_number(const DelimitedFile& f, const Cell& c, double missing = 0.0);
bool is_number_text(std::string_view s);  // decimal number, "NA" or empty

// A matrix with labelled rows and columns, as a table file holds it.
struct LabelledMatrix {
  std::vector<std::string> row_ids;
  std::vector<std::string> row_labels;              // same length as row_ids (may repeat ids)
  std::vector<std::vector<std::string>> row_extra;  // further label cells per row (wide files)
  std::vector<std::string> col_ids;
  std::vector<std::string> col_labels;
  std::vector<double> values;  // row-major, row_ids.size() x col_ids.size()
  std::string source;
  double at(size_t i, size_t j) const { return values[i * col_ids.size() + j]; }
  int32_t find_row(std::string_view id) const;
  int32_t find_col(std::string_view id) const;
};

// Long format: a header row, then one value per line. Columns are found by name: the
// row id ("row", "*_row", "prod_na"...), an optional row label ("*_lab", "*_label"), the
// column id ("col", "*_col"), an optional column label, and the value ("value(s)").
// Rows and columns keep their order of first appearance; a missing pair reads as 0; a
// pair given twice is an error naming both lines.
Result<LabelledMatrix> read_long_csv(const std::filesystem::path& path);

// Wide format: a header row of column ids, then one row per table row. The leading
// columns up to the last one holding text are labels (the first is the row id, the
// second, if any, its label); every later cell must be a number, empty or NA (0).
Result<LabelledMatrix> read_wide_csv(const std::filesystem::path& path);

// How a symmetric table maps to an economy.
struct TableLayout {
  // Products: the first `products` rows and columns; 0 = every row before the first row
  // whose labels say "total" (case-insensitive).
  int32_t products = 0;
  // Gross output: the row with this id or label; empty = the first row after the products
  // whose labels contain "output"; if there is none, x = row sums of the flows and the
  // final demand.
  std::string output_row;
  // Rows after the products that hold labour (hours or persons) per product; their
  // intensities per unit become labour satellites. The other rows after the products,
  // except totals and the output row, become ordinary satellites.
  std::vector<std::string> labour_rows;
  // Final-demand columns by id; empty = every column after the products except those
  // whose id says "total" or "output".
  std::vector<std::string> final_demand;
};

// Builds an economy from a symmetric product-by-product table (flows, final demand
// columns after the product block, primary-input rows below it).
Result<Economy> economy_from_table(const LabelledMatrix& table, const TableLayout& layout);

// An economy whose technology is given directly as a coefficient table (rows and columns
// the products; rows after the products, e.g. totals, are ignored).
Result<Economy> economy_from_coefficients(const LabelledMatrix& table, int32_t products = 0);

// pymrio's folder: Z (trade_flows_Z.txt or Z.txt), Y (finald_demand_Y.txt or Y.txt),
// satellite accounts (factor_input.txt, emissions.txt, F.txt) and population.txt,
// tab-separated with label rows and columns. x = Z 1 + Y 1 and A = Z diag(x)^-1 as in
// pymrio; satellites are stored as S = F diag(x)^-1.
Result<Economy> read_pymrio(const std::filesystem::path& folder);

// US BEA use and make tables (commodities x industries, industries x commodities), the
// industry-technology assumption: A = B D with B = U diag(g)^-1 and D = V diag(q)^-1.
// Compensation of employees (row V00100) per commodity is kept as the satellite
// "compensation"; final demand is the F* columns of the use table.
Result<Economy> read_bea_use_make(const std::filesystem::path& use,
                                  const std::filesystem::path& make);

// A WIOD-style national table (rows Year, Code, then one column per sector) for `year`,
// with gross output (GO) and employees' hours (H_EMPE) for `country` and `year` from the
// socio-economic accounts. A = Z diag(GO)^-1; labour per unit = H_EMPE / GO; final demand
// is GO - Z 1 (what the table leaves for final use).
Result<Economy> read_national_table(const std::filesystem::path& table,
                                    const std::filesystem::path& sea, const std::string& country,
                                    int year);

// Reads any supported source: a folder with manifest.json (economy bundle), a pymrio
// folder, or a CSV file (long if it has a value column, wide otherwise).
Result<Economy> read_economy(const std::filesystem::path& path);

}  // namespace collegium::plan
