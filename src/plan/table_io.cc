#include "plan/table_io.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "base/util.h"
#include "plan/bundle.h"

namespace collegium::plan {

namespace fs = std::filesystem;

std::string DelimitedFile::where(const Cell& c) const {
  return fmt::format("{}:{}:{}", source, c.line, c.column);
}

Result<DelimitedFile> parse_delimited(std::string_view text, std::string source, char delimiter) {
  DelimitedFile f;
  f.source = std::move(source);
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
    text.remove_prefix(3);  // a UTF-8 byte-order mark is not part of the first field
  }
  if (delimiter == 0) {
    std::string_view first = text.substr(0, text.find('\n'));
    size_t tabs = std::count(first.begin(), first.end(), '\t');
    size_t semis = std::count(first.begin(), first.end(), ';');
    size_t commas = std::count(first.begin(), first.end(), ',');
    delimiter = tabs > 0 && tabs >= semis && tabs >= commas ? '\t' : (semis > commas ? ';' : ',');
  }
  f.delimiter = delimiter;
  int32_t line = 1, column = 1;
  size_t i = 0;
  std::vector<Cell> row;
  bool row_has_content = false;
  while (i <= text.size()) {
    Cell cell;
    cell.line = line;
    cell.column = column;
    if (i < text.size() && text[i] == '"') {
      size_t open = i;
      int32_t open_line = line, open_col = column;
      ++i;
      ++column;
      bool closed = false;
      while (i < text.size()) {
        char c = text[i];
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell.text.push_back('"');
            i += 2;
            column += 2;
            continue;
          }
          ++i;
          ++column;
          closed = true;
          break;
        }
        if (c == '\n') {
          ++line;
          column = 1;
        } else {
          ++column;
        }
        cell.text.push_back(c);
        ++i;
      }
      (void)open;
      if (!closed) {
        return parse_error("a quoted field is never closed",
                           fmt::format("{}:{}:{}", f.source, open_line, open_col));
      }
      if (i < text.size() && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') {
        return parse_error("text after the closing quote of a field",
                           fmt::format("{}:{}:{}", f.source, line, column));
      }
      row_has_content = true;
    } else {
      while (i < text.size() && text[i] != delimiter && text[i] != '\n') {
        cell.text.push_back(text[i]);
        ++i;
        ++column;
      }
      if (!cell.text.empty() && cell.text.back() == '\r') cell.text.pop_back();
      if (!cell.text.empty()) row_has_content = true;
    }
    row.push_back(std::move(cell));
    if (i < text.size() && text[i] == '\r') {
      ++i;
      ++column;
    }
    if (i < text.size() && text[i] == delimiter) {
      row_has_content = true;  // a delimiter makes even an empty line a row of empty fields
      ++i;
      ++column;
      continue;
    }
    // End of line or end of text.
    if (row_has_content) f.rows.push_back(std::move(row));
    row.clear();
    row_has_content = false;
    if (i >= text.size()) break;
    ++i;  // '\n'
    ++line;
    column = 1;
  }
  return f;
}

Result<DelimitedFile> read_delimited(const fs::path& path, char delimiter) {
  std::string text = TRY(read_file(path));
  return parse_delimited(text, path.string(), delimiter);
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (s.empty()) return false;
  if (s.front() == '+') s.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out);
}

bool is_missing(std::string_view s) {
  s = trim(s);
  return s.empty() || s == "NA";
}

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

}  // namespace

bool is_number_text(std::string_view s) {
  double d;
  return is_missing(s) || parse_double(s, d);
}

Result<double> cell_number(const DelimitedFile& f, const Cell& c, double missing) {
  if (is_missing(c.text)) return missing;
  double d;
  if (!parse_double(c.text, d)) {
    return parse_error(fmt::format("'{}' is not a number", c.text), f.where(c));
  }
  return d;
}

int32_t LabelledMatrix::find_row(std::string_view id) const {
  for (size_t i = 0; i < row_ids.size(); ++i) {
    if (row_ids[i] == id) return static_cast<int32_t>(i);
  }
  return -1;
}

int32_t LabelledMatrix::find_col(std::string_view id) const {
  for (size_t j = 0; j < col_ids.size(); ++j) {
    if (col_ids[j] == id) return static_cast<int32_t>(j);
  }
  return -1;
}

Result<LabelledMatrix> read_long_csv(const fs::path& path) {
  DelimitedFile f = TRY(read_delimited(path));
  if (f.rows.empty()) return parse_error("the file is empty", path.string() + ":1:1");
  const auto& header = f.rows[0];
  int row_id = -1, row_lab = -1, col_id = -1, col_lab = -1, value = -1;
  for (size_t k = 0; k < header.size(); ++k) {
    std::string h = lower(trim(header[k].text));
    int idx = static_cast<int>(k);
    bool is_label = h.ends_with("_lab") || h.ends_with("_label") || h.ends_with("label");
    if (h == "value" || h == "values")
      value = idx;
    else if ((h == "row" || h.ends_with("_row")) && row_id < 0)
      row_id = idx;
    else if ((h == "col" || h == "column" || h.ends_with("_col")) && col_id < 0)
      col_id = idx;
    else if (is_label && h.find("row") != std::string::npos)
      row_lab = idx;
    else if (is_label && h.find("col") != std::string::npos)
      col_lab = idx;
  }
  if (row_id < 0 || col_id < 0 || value < 0) {
    return parse_error(
        "a long table needs a row id column (row or *_row), a column id column "
        "(col or *_col) and a value column (value or values)",
        f.where(header[0]));
  }
  LabelledMatrix m;
  m.source = path.string();
  std::unordered_map<std::string, int32_t> rows, cols;
  struct Entry {
    int32_t r, c;
    double v;
    int32_t line;
  };
  std::vector<Entry> entries;
  const size_t need = static_cast<size_t>(std::max({row_id, col_id, value, row_lab, col_lab})) + 1;
  for (size_t li = 1; li < f.rows.size(); ++li) {
    const auto& row = f.rows[li];
    if (row.size() < need) {
      return parse_error(
          fmt::format("{} fields where the header has {}", row.size(), header.size()),
          f.where(row.back()));
    }
    const std::string& rid = row[row_id].text;
    const std::string& cid = row[col_id].text;
    if (trim(rid).empty()) return parse_error("empty row id", f.where(row[row_id]));
    if (trim(cid).empty()) return parse_error("empty column id", f.where(row[col_id]));
    auto [rit, rnew] = rows.try_emplace(rid, static_cast<int32_t>(m.row_ids.size()));
    if (rnew) {
      m.row_ids.push_back(rid);
      m.row_labels.push_back(row_lab >= 0 ? row[row_lab].text : rid);
    }
    auto [cit, cnew] = cols.try_emplace(cid, static_cast<int32_t>(m.col_ids.size()));
    if (cnew) {
      m.col_ids.push_back(cid);
      m.col_labels.push_back(col_lab >= 0 ? row[col_lab].text : cid);
    }
    double v = TRY(cell_number(f, row[value]));
    entries.push_back({rit->second, cit->second, v, row[0].line});
  }
  m.row_extra.assign(m.row_ids.size(), {});
  const size_t nc = m.col_ids.size();
  m.values.assign(m.row_ids.size() * nc, 0.0);
  std::vector<int32_t> seen(m.row_ids.size() * nc, 0);
  for (const Entry& e : entries) {
    size_t k = static_cast<size_t>(e.r) * nc + e.c;
    if (seen[k] != 0) {
      return parse_error(fmt::format("row '{}', column '{}' is given twice (first on line {})",
                                     m.row_ids[e.r], m.col_ids[e.c], seen[k]),
                         fmt::format("{}:{}:1", m.source, e.line));
    }
    seen[k] = e.line;
    m.values[k] = e.v;
  }
  return m;
}

Result<LabelledMatrix> read_wide_csv(const fs::path& path) {
  DelimitedFile f = TRY(read_delimited(path));
  if (f.rows.size() < 2)
    return parse_error("a wide table needs a header row and at least one row",
                       path.string() + ":1:1");
  const auto& header = f.rows[0];
  const size_t width = header.size();
  // The label columns are the leading ones up to the last column with text in a data row.
  size_t labels = 1;
  for (size_t li = 1; li < f.rows.size(); ++li) {
    const auto& row = f.rows[li];
    if (row.size() != width) {
      return parse_error(fmt::format("{} fields where the header has {}", row.size(), width),
                         f.where(row.size() < width ? row.back() : row[width]));
    }
    for (size_t k = 0; k < width; ++k) {
      if (!is_number_text(row[k].text)) labels = std::max(labels, k + 1);
    }
  }
  if (labels >= width)
    return parse_error("no numeric columns after the label columns", f.where(header.back()));
  LabelledMatrix m;
  m.source = path.string();
  for (size_t k = labels; k < width; ++k) {
    m.col_ids.emplace_back(trim(header[k].text));
    m.col_labels.push_back(m.col_ids.back());
  }
  for (size_t li = 1; li < f.rows.size(); ++li) {
    const auto& row = f.rows[li];
    m.row_ids.emplace_back(trim(row[0].text));
    m.row_labels.emplace_back(labels > 1 ? trim(row[1].text) : trim(row[0].text));
    std::vector<std::string> extra;
    for (size_t k = 2; k < labels; ++k) extra.emplace_back(trim(row[k].text));
    m.row_extra.push_back(std::move(extra));
    for (size_t k = labels; k < width; ++k) m.values.push_back(TRY(cell_number(f, row[k])));
  }
  return m;
}

namespace {

bool labels_contain(const LabelledMatrix& t, size_t i, std::string_view word) {
  if (lower(t.row_ids[i]).find(word) != std::string::npos) return true;
  if (lower(t.row_labels[i]).find(word) != std::string::npos) return true;
  for (const auto& e : t.row_extra[i]) {
    if (lower(e).find(word) != std::string::npos) return true;
  }
  return false;
}

bool row_named(const LabelledMatrix& t, size_t i, const std::string& name) {
  if (t.row_ids[i] == name || t.row_labels[i] == name) return true;
  for (const auto& e : t.row_extra[i]) {
    if (e == name) return true;
  }
  return false;
}

Result<int32_t> product_count(const LabelledMatrix& t, int32_t products) {
  int32_t n = products;
  if (n == 0) {
    n = static_cast<int32_t>(t.row_ids.size());
    for (size_t i = 0; i < t.row_ids.size(); ++i) {
      if (labels_contain(t, i, "total")) {
        n = static_cast<int32_t>(i);
        break;
      }
    }
  }
  if (n <= 0)
    return invalid_argument("the table has no product rows before its first total row", t.source);
  if (static_cast<size_t>(n) > t.row_ids.size() || static_cast<size_t>(n) > t.col_ids.size()) {
    return invalid_argument(fmt::format("{} products, but the table has {} rows and {} columns", n,
                                        t.row_ids.size(), t.col_ids.size()),
                            t.source);
  }
  return n;
}

std::vector<Product> products_of(const LabelledMatrix& t, int32_t n) {
  std::vector<Product> p(n);
  for (int32_t j = 0; j < n; ++j) {
    p[j].id = t.row_ids[j];
    p[j].name = t.row_labels[j];
  }
  return p;
}

}  // namespace

Result<Economy> economy_from_table(const LabelledMatrix& t, const TableLayout& layout) {
  const int32_t n = TRY(product_count(t, layout.products));
  const size_t nc = t.col_ids.size();
  Economy e;
  e.name = fs::path(t.source).stem().string();
  e.products = products_of(t, n);
  // Final-demand columns: the columns after the products, except totals and output.
  std::vector<size_t> fd_cols;
  for (const std::string& id : layout.final_demand) {
    int32_t j = t.find_col(id);
    if (j < n)
      return not_found(fmt::format("no final-demand column '{}' after the products", id), t.source);
    fd_cols.push_back(static_cast<size_t>(j));
  }
  for (size_t j = n; j < nc && layout.final_demand.empty(); ++j) {
    std::string id = lower(t.col_ids[j]);
    if (id.find("total") != std::string::npos || id.find("output") != std::string::npos) continue;
    fd_cols.push_back(j);
  }
  for (size_t j : fd_cols) {
    FinalDemand d;
    d.id = t.col_ids[j];
    d.kind = guess_demand_kind(t.col_labels[j]);
    d.amounts.resize(n);
    for (int32_t i = 0; i < n; ++i) d.amounts[i] = t.at(i, j);
    e.final_demand.push_back(std::move(d));
  }
  int32_t out_row = -1;
  for (size_t i = n; i < t.row_ids.size(); ++i) {
    if (layout.output_row.empty() ? labels_contain(t, i, "output")
                                  : row_named(t, i, layout.output_row)) {
      out_row = static_cast<int32_t>(i);
      break;
    }
  }
  if (!layout.output_row.empty() && out_row < 0) {
    return not_found(fmt::format("no row named '{}' after the products", layout.output_row),
                     t.source);
  }
  e.gross_output.assign(n, 0.0);
  for (int32_t j = 0; j < n; ++j) {
    if (out_row >= 0) {
      e.gross_output[j] = t.at(out_row, j);
    } else {
      double s = 0;
      for (int32_t k = 0; k < n; ++k) s += t.at(j, k);
      for (size_t k : fd_cols) s += t.at(j, k);
      e.gross_output[j] = s;
    }
  }
  std::vector<double> dense(static_cast<size_t>(n) * n);
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = 0; j < n; ++j) dense[static_cast<size_t>(i) * n + j] = t.at(i, j);
  e.technology = coefficients_from_flows(csc_from_dense(n, n, dense), e.gross_output);
  std::set<std::string> wanted_labour(layout.labour_rows.begin(), layout.labour_rows.end());
  std::set<std::string> found_labour;
  for (size_t i = n; i < t.row_ids.size(); ++i) {
    if (static_cast<int32_t>(i) == out_row) continue;
    bool labour = false;
    for (const auto& name : wanted_labour) {
      if (row_named(t, i, name)) {
        labour = true;
        found_labour.insert(name);
      }
    }
    if (!labour && labels_contain(t, i, "total")) continue;
    Satellite s;
    s.id = t.row_ids[i];
    s.unit = t.row_labels[i];
    s.is_labour = labour;
    s.per_unit.resize(n);
    for (int32_t j = 0; j < n; ++j)
      s.per_unit[j] = e.gross_output[j] != 0 ? t.at(i, j) / e.gross_output[j] : 0.0;
    e.satellites.push_back(std::move(s));
  }
  for (const auto& name : wanted_labour) {
    if (!found_labour.count(name))
      return not_found(fmt::format("no labour row named '{}' after the products", name), t.source);
  }
  return e;
}

Result<Economy> economy_from_coefficients(const LabelledMatrix& t, int32_t products) {
  const int32_t n = TRY(product_count(t, products));
  Economy e;
  e.name = fs::path(t.source).stem().string();
  e.products = products_of(t, n);
  for (int32_t j = 0; j < n; ++j) {
    if (t.col_ids[j] != t.row_ids[j]) {
      return invalid_argument(
          fmt::format("column {} is '{}' but row {} is '{}': a coefficient table must list "
                      "the products in the same order both ways",
                      j + 1, t.col_ids[j], j + 1, t.row_ids[j]),
          t.source);
    }
  }
  std::vector<double> dense(static_cast<size_t>(n) * n);
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = 0; j < n; ++j) dense[static_cast<size_t>(i) * n + j] = t.at(i, j);
  e.technology = csc_from_dense(n, n, dense);
  return e;
}

// ---- pymrio ----------------------------------------------------------------------------

namespace {

// A pymrio text table: `label_cols` index columns, `header_rows` column-index rows.
struct PymrioTable {
  DelimitedFile file;
  size_t label_cols = 0;
  size_t header_rows = 0;
  std::vector<std::string> col_keys;                // header rows joined by '/'
  std::vector<std::vector<std::string>> row_index;  // label cells per data row
  std::vector<double> values;                       // row-major
  size_t rows() const { return row_index.size(); }
  size_t cols() const { return col_keys.size(); }
};

Result<PymrioTable> read_pymrio_table(const fs::path& path) {
  PymrioTable t;
  t.file = TRY(read_delimited(path, '\t'));
  const auto& rows = t.file.rows;
  if (rows.empty()) return parse_error("the file is empty", path.string() + ":1:1");
  // Index columns: the empty cells leading the first header row. Header rows: the rows
  // whose first cell is empty.
  while (t.label_cols < rows[0].size() && trim(rows[0][t.label_cols].text).empty()) ++t.label_cols;
  if (t.label_cols == 0) t.label_cols = 1;
  while (t.header_rows < rows.size() && trim(rows[t.header_rows][0].text).empty()) ++t.header_rows;
  if (t.header_rows == 0) t.header_rows = 1;  // a single header row with a named corner
  if (t.header_rows >= rows.size())
    return parse_error("the table has header rows but no data rows", t.file.where(rows.back()[0]));
  const size_t width = rows[0].size();
  for (size_t k = t.label_cols; k < width; ++k) {
    std::string key;
    for (size_t h = 0; h < t.header_rows; ++h) {
      if (rows[h].size() != width)
        return parse_error(
            fmt::format("{} fields where the first row has {}", rows[h].size(), width),
            t.file.where(rows[h].back()));
      if (h > 0) key += '/';
      key += trim(rows[h][k].text);
    }
    t.col_keys.push_back(std::move(key));
  }
  for (size_t r = t.header_rows; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() != width) {
      return parse_error(fmt::format("{} fields where the header has {}", row.size(), width),
                         t.file.where(row.size() < width ? row.back() : row[width]));
    }
    std::vector<std::string> index;
    for (size_t k = 0; k < t.label_cols; ++k) index.emplace_back(trim(row[k].text));
    t.row_index.push_back(std::move(index));
    for (size_t k = t.label_cols; k < width; ++k)
      t.values.push_back(TRY(cell_number(t.file, row[k])));
  }
  return t;
}

std::optional<fs::path> first_existing(const fs::path& folder,
                                       std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (fs::exists(folder / n)) return folder / n;
  }
  return std::nullopt;
}

}  // namespace

Result<Economy> read_pymrio(const fs::path& folder) {
  auto z_path = first_existing(folder, {"Z.txt", "trade_flows_Z.txt"});
  auto y_path = first_existing(folder, {"Y.txt", "finald_demand_Y.txt", "final_demand_Y.txt"});
  if (!z_path) return not_found("no Z.txt or trade_flows_Z.txt", folder.string());
  if (!y_path) return not_found("no Y.txt or finald_demand_Y.txt", folder.string());
  PymrioTable z = TRY(read_pymrio_table(*z_path));
  PymrioTable y = TRY(read_pymrio_table(*y_path));
  const size_t n = z.rows();
  if (z.cols() != n)
    return parse_error(fmt::format("Z has {} rows but {} columns", n, z.cols()), z_path->string());
  if (z.label_cols < 2)
    return parse_error("Z needs region and sector index columns", z.file.where(z.file.rows[0][0]));
  // The row index (region, sector) must match the column index.
  for (size_t i = 0; i < n; ++i) {
    std::string key = z.row_index[i][0] + "/" + z.row_index[i][1];
    if (key != z.col_keys[i]) {
      const Cell& c = z.file.rows[z.header_rows + i][0];
      return parse_error(fmt::format("row '{}' does not match column '{}'", key, z.col_keys[i]),
                         z.file.where(c));
    }
  }
  if (y.rows() != n)
    return parse_error(fmt::format("Y has {} rows, Z has {}", y.rows(), n), y_path->string());
  for (size_t i = 0; i < n; ++i) {
    if (y.row_index[i][0] != z.row_index[i][0] ||
        (y.row_index[i].size() > 1 && y.row_index[i][1] != z.row_index[i][1])) {
      return parse_error("Y's rows are not Z's rows in the same order",
                         y.file.where(y.file.rows[y.header_rows + i][0]));
    }
  }
  Economy e;
  e.name = folder.filename().string();
  if (e.name.empty()) e.name = folder.parent_path().filename().string();
  for (size_t i = 0; i < n; ++i) {
    const std::string& reg = z.row_index[i][0];
    int32_t r = e.find_region(reg);
    if (r < 0) {
      r = static_cast<int32_t>(e.regions.size());
      e.regions.push_back({reg, reg, 0});
    }
    Product p;
    p.id = reg + "/" + z.row_index[i][1];
    p.name = z.row_index[i][1];
    p.unit = z.label_cols > 2 ? z.row_index[i][2] : "";
    p.region = r;
    e.products.push_back(std::move(p));
  }
  // x = Z 1 + Y 1, summed in the same order as NumPy's row sums to stay within 1e-9 of it.
  e.gross_output.assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    double s = 0;
    for (size_t j = 0; j < n; ++j) s += z.values[i * n + j];
    double sy = 0;
    for (size_t k = 0; k < y.cols(); ++k) sy += y.values[i * y.cols() + k];
    e.gross_output[i] = s + sy;
  }
  e.technology = coefficients_from_flows(
      csc_from_dense(static_cast<int32_t>(n), static_cast<int32_t>(n), z.values), e.gross_output);
  for (size_t k = 0; k < y.cols(); ++k) {
    FinalDemand d;
    d.id = y.col_keys[k];
    auto slash = d.id.find('/');
    std::string reg = slash == std::string::npos ? "" : d.id.substr(0, slash);
    d.region = e.find_region(reg);
    d.kind = guess_demand_kind(slash == std::string::npos ? d.id : d.id.substr(slash + 1));
    d.amounts.resize(n);
    for (size_t i = 0; i < n; ++i) d.amounts[i] = y.values[i * y.cols() + k];
    e.final_demand.push_back(std::move(d));
  }
  for (const char* name : {"factor_input.txt", "F.txt", "emissions.txt"}) {
    fs::path p = folder / name;
    if (!fs::exists(p)) continue;
    PymrioTable f = TRY(read_pymrio_table(p));
    if (f.col_keys != z.col_keys) {
      return parse_error("its columns are not Z's columns", f.file.where(f.file.rows[0][0]));
    }
    for (size_t r = 0; r < f.rows(); ++r) {
      Satellite s;
      const auto& idx = f.row_index[r];
      s.id = idx[0];
      for (size_t k = 1; k + 1 < idx.size(); ++k) s.id += "/" + idx[k];
      s.unit = idx.size() > 1 ? idx.back() : "";
      std::string lid = lower(s.id);
      s.is_labour =
          lid.find("hours") != std::string::npos || lid.find("employ") != std::string::npos;
      s.per_unit.resize(n);
      for (size_t j = 0; j < n; ++j) {
        double x = e.gross_output[j];
        s.per_unit[j] = x != 0 ? f.values[r * n + j] / x : 0.0;
      }
      e.satellites.push_back(std::move(s));
    }
  }
  if (fs::exists(folder / "population.txt")) {
    DelimitedFile pf = TRY(read_delimited(folder / "population.txt", '\t'));
    if (pf.rows.size() >= 2) {
      const auto& head = pf.rows[0];
      const auto& vals = pf.rows[1];
      for (size_t k = 1; k < head.size() && k < vals.size(); ++k) {
        int32_t r = e.find_region(std::string(trim(head[k].text)));
        if (r < 0)
          return parse_error(fmt::format("unknown region '{}'", head[k].text), pf.where(head[k]));
        e.regions[r].population = TRY(cell_number(pf, vals[k]));
      }
    }
  }
  TRY(validate(e));
  return e;
}

// ---- US BEA use and make tables -------------------------------------------------------

namespace {

struct RawMatrix {
  DelimitedFile file;
  std::vector<std::string> row_ids, col_ids;
  std::vector<double> values;  // row-major
  double at(size_t i, size_t j) const { return values[i * col_ids.size() + j]; }
};

Result<RawMatrix> read_raw_matrix(const fs::path& path) {
  RawMatrix m;
  m.file = TRY(read_delimited(path, ','));
  if (m.file.rows.size() < 2) return parse_error("the table has no rows", path.string() + ":1:1");
  const auto& head = m.file.rows[0];
  for (size_t k = 1; k < head.size(); ++k) m.col_ids.emplace_back(trim(head[k].text));
  for (size_t r = 1; r < m.file.rows.size(); ++r) {
    const auto& row = m.file.rows[r];
    if (row.size() != head.size()) {
      return parse_error(fmt::format("{} fields where the header has {}", row.size(), head.size()),
                         m.file.where(row.size() < head.size() ? row.back() : row[head.size()]));
    }
    m.row_ids.emplace_back(trim(row[0].text));
    for (size_t k = 1; k < row.size(); ++k) m.values.push_back(TRY(cell_number(m.file, row[k])));
  }
  return m;
}

}  // namespace

Result<Economy> read_bea_use_make(const fs::path& use_path, const fs::path& make_path) {
  RawMatrix use = TRY(read_raw_matrix(use_path));
  RawMatrix make = TRY(read_raw_matrix(make_path));
  // Industries are the make table's rows, commodities its columns (totals start with T).
  std::vector<size_t> ind_rows, com_cols;
  for (size_t i = 0; i < make.row_ids.size(); ++i) {
    if (!make.row_ids[i].starts_with("T")) ind_rows.push_back(i);
  }
  for (size_t j = 0; j < make.col_ids.size(); ++j) {
    if (!make.col_ids[j].starts_with("T")) com_cols.push_back(j);
  }
  const size_t ni = ind_rows.size(), nq = com_cols.size();
  // In the use table: commodity rows are the make table's commodities, industry columns
  // the make table's industries.
  std::vector<int32_t> use_row(nq), use_col(ni);
  for (size_t q = 0; q < nq; ++q) {
    const std::string& id = make.col_ids[com_cols[q]];
    use_row[q] = static_cast<int32_t>(std::find(use.row_ids.begin(), use.row_ids.end(), id) -
                                      use.row_ids.begin());
    if (static_cast<size_t>(use_row[q]) == use.row_ids.size()) {
      return not_found(
          fmt::format("commodity '{}' of the make table has no row in the use table", id),
          use_path.string());
    }
  }
  for (size_t k = 0; k < ni; ++k) {
    const std::string& id = make.row_ids[ind_rows[k]];
    use_col[k] = static_cast<int32_t>(std::find(use.col_ids.begin(), use.col_ids.end(), id) -
                                      use.col_ids.begin());
    if (static_cast<size_t>(use_col[k]) == use.col_ids.size()) {
      return not_found(
          fmt::format("industry '{}' of the make table has no column in the use table", id),
          use_path.string());
    }
  }
  // g: industry output (make row sums); q: commodity output (make column sums).
  std::vector<double> g(ni, 0.0), q(nq, 0.0);
  for (size_t k = 0; k < ni; ++k)
    for (size_t c = 0; c < nq; ++c) {
      double v = make.at(ind_rows[k], com_cols[c]);
      g[k] += v;
      q[c] += v;
    }
  // D(k, c) = V(k, c) / q(c): the share of commodity c made by industry k.
  // A(c, c') = sum_k B(c, k) D(k, c') with B(c, k) = U(c, k) / g(k).
  std::vector<double> b(nq * ni, 0.0), d(ni * nq, 0.0);
  for (size_t c = 0; c < nq; ++c)
    for (size_t k = 0; k < ni; ++k)
      b[c * ni + k] = g[k] != 0 ? use.at(use_row[c], use_col[k]) / g[k] : 0.0;
  for (size_t k = 0; k < ni; ++k)
    for (size_t c = 0; c < nq; ++c)
      d[k * nq + c] = q[c] != 0 ? make.at(ind_rows[k], com_cols[c]) / q[c] : 0.0;
  std::vector<double> a(nq * nq, 0.0);
  for (size_t c = 0; c < nq; ++c)
    for (size_t k = 0; k < ni; ++k) {
      double bck = b[c * ni + k];
      if (bck == 0) continue;
      for (size_t c2 = 0; c2 < nq; ++c2) a[c * nq + c2] += bck * d[k * nq + c2];
    }
  Economy e;
  e.name = "us-bea-" + use_path.stem().string();
  for (size_t c = 0; c < nq; ++c)
    e.products.push_back({make.col_ids[com_cols[c]], make.col_ids[com_cols[c]], "million USD", -1});
  e.technology = csc_from_dense(static_cast<int32_t>(nq), static_cast<int32_t>(nq), a);
  e.gross_output = q;
  // Compensation of employees per unit of commodity: per unit of industry output, spread
  // over commodities by market share (l_c = sum_k comp_k / g_k * D(k, c)).
  int32_t comp_row = static_cast<int32_t>(
      std::find(use.row_ids.begin(), use.row_ids.end(), "V00100") - use.row_ids.begin());
  if (static_cast<size_t>(comp_row) < use.row_ids.size()) {
    Satellite s{"compensation", "USD per USD of output", false, std::vector<double>(nq, 0.0)};
    for (size_t k = 0; k < ni; ++k) {
      double per = g[k] != 0 ? use.at(comp_row, use_col[k]) / g[k] : 0.0;
      for (size_t c = 0; c < nq; ++c) s.per_unit[c] += per * d[k * nq + c];
    }
    e.satellites.push_back(std::move(s));
  }
  for (size_t j = 0; j < use.col_ids.size(); ++j) {
    if (!use.col_ids[j].starts_with("F")) continue;
    FinalDemand fd;
    fd.id = use.col_ids[j];
    const std::string& id = fd.id;
    // BEA codes: F010 personal consumption, F02 private investment, F03 inventories,
    // F04 exports, F05 imports, F06-F10 government.
    if (id.starts_with("F01"))
      fd.kind = DemandKind::kHousehold;
    else if (id.starts_with("F02") || id.starts_with("F03"))
      fd.kind = DemandKind::kInvestment;
    else if (id.starts_with("F04"))
      fd.kind = DemandKind::kExport;
    else if (id.starts_with("F06") || id.starts_with("F07") || id.starts_with("F10"))
      fd.kind = DemandKind::kPublic;
    else
      fd.kind = DemandKind::kOther;
    fd.amounts.resize(nq);
    for (size_t c = 0; c < nq; ++c) fd.amounts[c] = use.at(use_row[c], j);
    e.final_demand.push_back(std::move(fd));
  }
  TRY(validate(e));
  return e;
}

// ---- WIOD-style national tables -------------------------------------------------------

Result<Economy> read_national_table(const fs::path& table, const fs::path& sea,
                                    const std::string& country, int year) {
  DelimitedFile t = TRY(read_delimited(table, ','));
  if (t.rows.size() < 2) return parse_error("the table has no rows", table.string() + ":1:1");
  const auto& head = t.rows[0];
  if (head.size() < 3 || lower(trim(head[0].text)) != "year" ||
      lower(trim(head[1].text)) != "code") {
    return parse_error("expected the columns Year, Code, then one column per sector",
                       t.where(head[0]));
  }
  std::vector<std::string> sectors;
  for (size_t k = 2; k < head.size(); ++k) sectors.emplace_back(trim(head[k].text));
  const size_t n = sectors.size();
  std::vector<double> z(n * n, 0.0);
  size_t found = 0;
  const std::string ys = std::to_string(year);
  for (size_t r = 1; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    if (row.size() != head.size())
      return parse_error(fmt::format("{} fields where the header has {}", row.size(), head.size()),
                         t.where(row.back()));
    if (trim(row[0].text) != ys) continue;
    std::string code(trim(row[1].text));
    auto it = std::find(sectors.begin(), sectors.end(), code);
    if (it == sectors.end())
      return parse_error(fmt::format("sector '{}' is not a column", code), t.where(row[1]));
    size_t i = static_cast<size_t>(it - sectors.begin());
    for (size_t k = 0; k < n; ++k) z[i * n + k] = TRY(cell_number(t, row[k + 2]));
    ++found;
  }
  if (found != n)
    return not_found(fmt::format("the table has {} of {} sector rows for {}", found, n, year),
                     table.string());
  DelimitedFile s = TRY(read_delimited(sea, ','));
  const auto& sh = s.rows.at(0);
  auto col = [&](const char* name) -> int {
    for (size_t k = 0; k < sh.size(); ++k) {
      if (trim(sh[k].text) == name) return static_cast<int>(k);
    }
    return -1;
  };
  int c_country = col("country"), c_code = col("code"), c_year = col("year"), c_go = col("GO"),
      c_h = col("H_EMPE");
  if (c_country < 0 || c_code < 0 || c_year < 0 || c_go < 0 || c_h < 0) {
    return parse_error("the accounts need the columns country, code, year, GO and H_EMPE",
                       s.where(sh[0]));
  }
  std::vector<double> go(n, -1.0), hours(n, 0.0);
  for (size_t r = 1; r < s.rows.size(); ++r) {
    const auto& row = s.rows[r];
    if (row.size() != sh.size())
      return parse_error(fmt::format("{} fields where the header has {}", row.size(), sh.size()),
                         s.where(row.back()));
    if (trim(row[c_country].text) != country || trim(row[c_year].text) != ys) continue;
    auto it = std::find(sectors.begin(), sectors.end(), std::string(trim(row[c_code].text)));
    if (it == sectors.end()) continue;
    size_t i = static_cast<size_t>(it - sectors.begin());
    go[i] = TRY(cell_number(s, row[c_go]));
    hours[i] = TRY(cell_number(s, row[c_h]));
  }
  Economy e;
  e.name = fmt::format("{}-{}", lower(country), year);
  for (size_t i = 0; i < n; ++i) {
    if (go[i] < 0)
      return not_found(
          fmt::format("no gross output for {} {} sector {}", country, year, sectors[i]),
          sea.string());
    e.products.push_back({sectors[i], sectors[i], "million USD", -1});
  }
  e.gross_output = go;
  e.technology = coefficients_from_flows(
      csc_from_dense(static_cast<int32_t>(n), static_cast<int32_t>(n), z), go);
  Satellite l{"hours", "millions of hours per unit", true, std::vector<double>(n, 0.0)};
  for (size_t j = 0; j < n; ++j) l.per_unit[j] = go[j] > 0 ? hours[j] / go[j] : 0.0;
  e.satellites.push_back(std::move(l));
  FinalDemand fd{"final_use", DemandKind::kOther, -1, std::vector<double>(n, 0.0)};
  for (size_t i = 0; i < n; ++i) {
    double s2 = 0;
    for (size_t k = 0; k < n; ++k) s2 += z[i * n + k];
    fd.amounts[i] = go[i] - s2;
  }
  e.final_demand.push_back(std::move(fd));
  TRY(validate(e));
  return e;
}

Result<Economy> read_economy(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (fs::exists(path / "manifest.json")) return read_bundle(path);
    if (fs::exists(path / "Z.txt") || fs::exists(path / "trade_flows_Z.txt"))
      return read_pymrio(path);
    return not_found(
        "the folder holds neither manifest.json (an economy bundle) nor Z.txt (pymrio)",
        path.string());
  }
  if (!fs::exists(path, ec)) return not_found("no such file or folder", path.string());
  DelimitedFile f = TRY(read_delimited(path));
  bool long_format = false;
  if (!f.rows.empty()) {
    for (const Cell& c : f.rows[0]) {
      std::string h = lower(trim(c.text));
      if (h == "value" || h == "values") long_format = true;
    }
  }
  if (long_format) {
    LabelledMatrix m = TRY(read_long_csv(path));
    // A long table whose columns are exactly its leading rows is a coefficient table.
    bool square = m.col_ids.size() <= m.row_ids.size();
    for (size_t j = 0; square && j < m.col_ids.size(); ++j) square = m.col_ids[j] == m.row_ids[j];
    if (square && path.filename().string().find("coeff") != std::string::npos)
      return economy_from_coefficients(m, static_cast<int32_t>(m.col_ids.size()));
    return economy_from_table(m, {});
  }
  LabelledMatrix m = TRY(read_wide_csv(path));
  return economy_from_table(m, {});
}

}  // namespace collegium::plan
