#include "plan/bundle.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <unordered_map>

#include "base/json.h"
#include "base/util.h"
#include "plan/table_io.h"

namespace collegium::plan {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "collegium-economy";

// A CSV file read by header names, so that columns may come in any order.
struct NamedCsv {
  DelimitedFile file;
  std::unordered_map<std::string, size_t> columns;

  Result<size_t> column(const std::string& name) const {
    auto it = columns.find(name);
    if (it == columns.end())
      return parse_error(fmt::format("missing column '{}'", name), file.where(file.rows[0][0]));
    return it->second;
  }
  bool has(const std::string& name) const { return columns.count(name) > 0; }
};

Result<NamedCsv> open_csv(const fs::path& path) {
  NamedCsv c;
  c.file = TRY(read_delimited(path, ','));
  if (c.file.rows.empty())
    return parse_error("the file is empty (it needs at least a header row)",
                       path.string() + ":1:1");
  for (size_t k = 0; k < c.file.rows[0].size(); ++k) c.columns[c.file.rows[0][k].text] = k;
  for (size_t r = 1; r < c.file.rows.size(); ++r) {
    const auto& row = c.file.rows[r];
    if (row.size() != c.file.rows[0].size()) {
      return parse_error(
          fmt::format("{} fields where the header has {}", row.size(), c.file.rows[0].size()),
          c.file.where(row.back()));
    }
  }
  return c;
}

class Index {
 public:
  void add(const std::string& id, int32_t k) { map_[id] = k; }
  bool contains(const std::string& id) const { return map_.count(id) > 0; }
  // The index of `cell`'s id; not_found at the cell when unknown. Empty reads as -1 when
  // `allow_empty`.
  Result<int32_t> find(const DelimitedFile& f, const Cell& cell, const char* what,
                       bool allow_empty = false) const {
    if (cell.text.empty() && allow_empty) return -1;
    auto it = map_.find(cell.text);
    if (it == map_.end())
      return not_found(fmt::format("unknown {} '{}'", what, cell.text), f.where(cell));
    return it->second;
  }

 private:
  std::unordered_map<std::string, int32_t> map_;
};

Result<std::string> string_field(const Json& j, const char* key, const std::string& path,
                                 bool required = true) {
  if (!j.contains(key)) {
    if (required) return invalid_argument(fmt::format("missing '{}'", key), path);
    return std::string();
  }
  if (!j[key].is_string())
    return invalid_argument(fmt::format("'{}' must be a string", key), json_path_join(path, key));
  return j[key].get<std::string>();
}

std::string file_of(const Json& manifest, const char* key, const char* default_name) {
  if (manifest.contains("files") && manifest["files"].is_object() &&
      manifest["files"].contains(key) && manifest["files"][key].is_string()) {
    return manifest["files"][key].get<std::string>();
  }
  return default_name;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"')
      out += "\"\"";
    else
      out += c;
  }
  return out + "\"";
}

// Buffered writing through stdio: the bundle of a large synthetic economy has hundreds
// of millions of lines, so each line must not cost a string allocation.
class Writer {
 public:
  explicit Writer(const fs::path& path) : path_(path), f_(std::fopen(path.c_str(), "w")) {}
  ~Writer() {
    if (f_) std::fclose(f_);
  }
  bool ok() const { return f_ != nullptr; }
  void put(std::string_view s) { std::fwrite(s.data(), 1, s.size(), f_); }
  Status close() {
    bool bad = std::ferror(f_) != 0;
    bad |= std::fclose(f_) != 0;
    f_ = nullptr;
    if (bad) return io_error("could not write the file", path_.string());
    return Status();
  }

 private:
  fs::path path_;
  FILE* f_;
};

}  // namespace

Result<Economy> read_bundle(const fs::path& folder, BundleSources* sources) {
  BundleSources unused;
  BundleSources& where = sources ? *sources : unused;
  where = BundleSources();
  const fs::path manifest_path = folder / "manifest.json";
  std::string text = TRY(read_file(manifest_path));
  Json m = TRY(parse_json(text, manifest_path.string()));
  const std::string mp = manifest_path.string();
  if (!m.is_object()) return invalid_argument("the manifest must be a JSON object", mp);
  std::string format = TRY(string_field(m, "format", mp));
  if (format != kFormat)
    return invalid_argument(fmt::format("'format' must be \"{}\"", kFormat), mp + ":/format");
  if (!m.contains("version") || !m["version"].is_number_integer() || m["version"].get<int>() != 1)
    return invalid_argument("'version' must be 1", mp + ":/version");
  Economy e;
  e.name = TRY(string_field(m, "name", mp, false));
  if (m.contains("weeks_per_year")) {
    if (!m["weeks_per_year"].is_number())
      return invalid_argument("'weeks_per_year' must be a number", mp + ":/weeks_per_year");
    e.weeks_per_year = m["weeks_per_year"].get<double>();
  }

  // Regions (optional).
  Index regions;
  fs::path regions_path = folder / file_of(m, "regions", "regions.csv");
  if (fs::exists(regions_path)) {
    NamedCsv c = TRY(open_csv(regions_path));
    size_t id = TRY(c.column("id"));
    for (size_t r = 1; r < c.file.rows.size(); ++r) {
      const auto& row = c.file.rows[r];
      Region reg;
      reg.id = row[id].text;
      if (reg.id.empty()) return parse_error("empty region id", c.file.where(row[id]));
      if (regions.contains(reg.id))
        return parse_error(fmt::format("region '{}' is listed twice", reg.id),
                           c.file.where(row[id]));
      reg.name = c.has("name") ? row[c.columns["name"]].text : reg.id;
      if (c.has("population"))
        reg.population = TRY(cell_number(c.file, row[c.columns["population"]]));
      regions.add(reg.id, static_cast<int32_t>(e.regions.size()));
      where.regions.push_back(c.file.where(row[id]));
      e.regions.push_back(std::move(reg));
    }
  }

  // Products.
  Index products;
  {
    NamedCsv c = TRY(open_csv(folder / file_of(m, "products", "products.csv")));
    size_t id = TRY(c.column("id"));
    for (size_t r = 1; r < c.file.rows.size(); ++r) {
      const auto& row = c.file.rows[r];
      Product p;
      p.id = row[id].text;
      if (p.id.empty()) return parse_error("empty product id", c.file.where(row[id]));
      if (products.contains(p.id))
        return parse_error(fmt::format("product '{}' is listed twice", p.id),
                           c.file.where(row[id]));
      p.name = c.has("name") ? row[c.columns["name"]].text : p.id;
      p.unit = c.has("unit") ? row[c.columns["unit"]].text : "";
      if (c.has("region"))
        p.region = TRY(regions.find(c.file, row[c.columns["region"]], "region", true));
      products.add(p.id, static_cast<int32_t>(e.products.size()));
      e.products.push_back(std::move(p));
    }
  }
  const int32_t n = e.size();

  // Technology: input, product, coefficient.
  {
    NamedCsv c = TRY(open_csv(folder / file_of(m, "technology", "technology.csv")));
    size_t ci = TRY(c.column("input")), cp = TRY(c.column("product")),
           cv = TRY(c.column("coefficient"));
    std::vector<Triplet> t;
    t.reserve(c.file.rows.size());
    for (size_t r = 1; r < c.file.rows.size(); ++r) {
      const auto& row = c.file.rows[r];
      int32_t i = TRY(products.find(c.file, row[ci], "product"));
      int32_t j = TRY(products.find(c.file, row[cp], "product"));
      double v = TRY(cell_number(c.file, row[cv]));
      t.push_back({i, j, v});
    }
    e.technology = TRY(csc_from_triplets(n, n, std::move(t)));
  }

  // Satellites: declared in the manifest, values in satellites.csv.
  Index satellites;
  if (m.contains("satellites")) {
    const Json& list = m["satellites"];
    if (!list.is_array())
      return invalid_argument("'satellites' must be an array", mp + ":/satellites");
    for (size_t k = 0; k < list.size(); ++k) {
      std::string p = mp + ":" + json_path_join("/satellites", k);
      if (!list[k].is_object()) return invalid_argument("must be an object", p);
      Satellite s;
      s.id = TRY(string_field(list[k], "id", p));
      s.unit = TRY(string_field(list[k], "unit", p, false));
      if (list[k].contains("labour")) {
        if (!list[k]["labour"].is_boolean())
          return invalid_argument("'labour' must be true or false", p + "/labour");
        s.is_labour = list[k]["labour"].get<bool>();
      }
      if (satellites.contains(s.id))
        return invalid_argument(fmt::format("satellite '{}' is declared twice", s.id), p);
      s.per_unit.assign(n, 0.0);
      satellites.add(s.id, static_cast<int32_t>(e.satellites.size()));
      where.satellites.push_back(p + "/id");
      e.satellites.push_back(std::move(s));
    }
    if (!e.satellites.empty()) {
      NamedCsv c = TRY(open_csv(folder / file_of(m, "satellites", "satellites.csv")));
      size_t cs = TRY(c.column("satellite")), cp = TRY(c.column("product")),
             cv = TRY(c.column("per_unit"));
      for (size_t r = 1; r < c.file.rows.size(); ++r) {
        const auto& row = c.file.rows[r];
        int32_t s = TRY(satellites.find(c.file, row[cs], "satellite"));
        int32_t j = TRY(products.find(c.file, row[cp], "product"));
        e.satellites[s].per_unit[j] += TRY(cell_number(c.file, row[cv]));
      }
    }
  }
  // Labour categories in the order of the labour satellites.
  Index categories;
  {
    int32_t k = 0;
    for (const Satellite& s : e.satellites) {
      if (s.is_labour) categories.add(s.id, k++);
    }
  }

  // Final demand: categories declared in the manifest, amounts in final_demand.csv.
  Index demands;
  if (m.contains("final_demand")) {
    const Json& list = m["final_demand"];
    if (!list.is_array())
      return invalid_argument("'final_demand' must be an array", mp + ":/final_demand");
    for (size_t k = 0; k < list.size(); ++k) {
      std::string p = mp + ":" + json_path_join("/final_demand", k);
      if (!list[k].is_object()) return invalid_argument("must be an object", p);
      FinalDemand d;
      d.id = TRY(string_field(list[k], "id", p));
      std::string kind = TRY(string_field(list[k], "kind", p));
      auto parsed = parse_demand_kind(kind);
      if (!parsed.ok()) return parsed.status().within(p + "/kind");
      d.kind = *parsed;
      std::string reg = TRY(string_field(list[k], "region", p, false));
      if (!reg.empty()) {
        d.region = e.find_region(reg);
        if (d.region < 0) return not_found(fmt::format("unknown region '{}'", reg), p + "/region");
      }
      if (demands.contains(d.id))
        return invalid_argument(fmt::format("category '{}' is declared twice", d.id), p);
      d.amounts.assign(n, 0.0);
      demands.add(d.id, static_cast<int32_t>(e.final_demand.size()));
      e.final_demand.push_back(std::move(d));
    }
    if (!e.final_demand.empty()) {
      NamedCsv c = TRY(open_csv(folder / file_of(m, "final_demand", "final_demand.csv")));
      size_t cc = TRY(c.column("category")), cp = TRY(c.column("product")),
             cv = TRY(c.column("amount"));
      for (size_t r = 1; r < c.file.rows.size(); ++r) {
        const auto& row = c.file.rows[r];
        int32_t d = TRY(demands.find(c.file, row[cc], "final-demand category"));
        int32_t j = TRY(products.find(c.file, row[cp], "product"));
        e.final_demand[d].amounts[j] += TRY(cell_number(c.file, row[cv]));
      }
    }
  }

  fs::path go_path = folder / file_of(m, "gross_output", "gross_output.csv");
  if (fs::exists(go_path)) {
    NamedCsv c = TRY(open_csv(go_path));
    size_t cp = TRY(c.column("product")), cv = TRY(c.column("output"));
    e.gross_output.assign(n, 0.0);
    for (size_t r = 1; r < c.file.rows.size(); ++r) {
      const auto& row = c.file.rows[r];
      int32_t j = TRY(products.find(c.file, row[cp], "product"));
      e.gross_output[j] = TRY(cell_number(c.file, row[cv]));
    }
  }

  // Workplaces: id, name, product, region, capacity, workers, and one column per labour
  // category ("hours per unit" of that category, named by the satellite's id).
  Index workplaces;
  fs::path wp_path = folder / file_of(m, "workplaces", "workplaces.csv");
  const auto labour = e.labour_categories();
  if (fs::exists(wp_path)) {
    NamedCsv c = TRY(open_csv(wp_path));
    size_t cid = TRY(c.column("id")), cp = TRY(c.column("product"));
    for (size_t r = 1; r < c.file.rows.size(); ++r) {
      const auto& row = c.file.rows[r];
      Workplace w;
      w.id = row[cid].text;
      if (w.id.empty()) return parse_error("empty workplace id", c.file.where(row[cid]));
      if (workplaces.contains(w.id))
        return parse_error(fmt::format("workplace '{}' is listed twice", w.id),
                           c.file.where(row[cid]));
      w.name = c.has("name") ? row[c.columns["name"]].text : w.id;
      w.product = TRY(products.find(c.file, row[cp], "product"));
      w.region = c.has("region")
                     ? TRY(regions.find(c.file, row[c.columns["region"]], "region", true))
                     : e.products[w.product].region;
      where.workplaces.push_back(c.file.where(row[cid]));
      where.workplace_regions.push_back(
          c.file.where(c.has("region") ? row[c.columns["region"]] : row[cid]));
      if (c.has("capacity")) {
        const Cell& cell = row[c.columns["capacity"]];
        w.capacity = TRY(cell_number(c.file, cell));
        if (w.capacity < 0) return parse_error("capacity must be >= 0", c.file.where(cell));
      }
      if (c.has("workers")) {
        const Cell& cell = row[c.columns["workers"]];
        w.workers = TRY(cell_number(c.file, cell));
        if (w.workers < 0) return parse_error("workers must be >= 0", c.file.where(cell));
      }
      for (int32_t s : labour) {
        const std::string& sid = e.satellites[s].id;
        // Without its own column a workplace works with the product's average labour.
        w.labour_per_unit.push_back(c.has(sid) ? TRY(cell_number(c.file, row[c.columns[sid]]))
                                               : e.satellites[s].per_unit[w.product]);
      }
      workplaces.add(w.id, static_cast<int32_t>(e.workplaces.size()));
      e.workplaces.push_back(std::move(w));
    }
  }
  fs::path wi_path = folder / file_of(m, "workplace_inputs", "workplace_inputs.csv");
  if (fs::exists(wi_path)) {
    NamedCsv c = TRY(open_csv(wi_path));
    size_t cw = TRY(c.column("workplace")), ci = TRY(c.column("input")),
           cv = TRY(c.column("coefficient"));
    for (size_t r = 1; r < c.file.rows.size(); ++r) {
      const auto& row = c.file.rows[r];
      int32_t w = TRY(workplaces.find(c.file, row[cw], "workplace"));
      int32_t i = TRY(products.find(c.file, row[ci], "product"));
      e.workplaces[w].inputs.emplace_back(i, TRY(cell_number(c.file, row[cv])));
    }
  }
  fs::path ls_path = folder / file_of(m, "labour_supply", "labour_supply.csv");
  if (fs::exists(ls_path)) {
    NamedCsv c = TRY(open_csv(ls_path));
    size_t cr = TRY(c.column("region")), cc = TRY(c.column("category")),
           ch = TRY(c.column("hours"));
    for (size_t r = 1; r < c.file.rows.size(); ++r) {
      const auto& row = c.file.rows[r];
      LabourSupply s;
      s.region = TRY(regions.find(c.file, row[cr], "region", true));
      s.category = TRY(categories.find(c.file, row[cc], "labour category"));
      s.hours = TRY(cell_number(c.file, row[ch]));
      if (s.hours < 0) return parse_error("hours must be >= 0", c.file.where(row[ch]));
      if (c.has("workers")) s.workers = TRY(cell_number(c.file, row[c.columns["workers"]]));
      e.labour_supply.push_back(s);
    }
  }
  if (m.contains("technology_from_workplaces") && m["technology_from_workplaces"] == true) {
    TRY(technology_from_workplaces(e));
  }
  Status s = validate(e);
  if (!s.ok()) return s.within(folder.string());
  return e;
}

Status write_bundle(const Economy& e, const fs::path& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    return io_error(fmt::format("cannot create the folder: {}", ec.message()), folder.string());
  auto num = [](double v) { return fmt::format("{:.17g}", v); };
  Json m;
  m["format"] = kFormat;
  m["version"] = 1;
  m["name"] = e.name;
  m["weeks_per_year"] = e.weeks_per_year;
  m["satellites"] = Json::array();
  for (const Satellite& s : e.satellites)
    m["satellites"].push_back({{"id", s.id}, {"unit", s.unit}, {"labour", s.is_labour}});
  m["final_demand"] = Json::array();
  for (const FinalDemand& d : e.final_demand) {
    Json j = {{"id", d.id}, {"kind", demand_kind_name(d.kind)}};
    if (d.region >= 0) j["region"] = e.regions[d.region].id;
    m["final_demand"].push_back(j);
  }
  TRY(write_file_durably(folder / "manifest.json", m.dump(2) + "\n"));
  auto region_id = [&](int32_t r) { return r >= 0 ? csv_field(e.regions[r].id) : std::string(); };
  {
    Writer w(folder / "regions.csv");
    if (!w.ok()) return io_error("cannot create regions.csv", folder.string());
    w.put("id,name,population\n");
    for (const Region& r : e.regions)
      w.put(fmt::format("{},{},{}\n", csv_field(r.id), csv_field(r.name), num(r.population)));
    TRY(w.close());
  }
  {
    Writer w(folder / "products.csv");
    if (!w.ok()) return io_error("cannot create products.csv", folder.string());
    w.put("id,name,unit,region\n");
    for (const Product& p : e.products)
      w.put(fmt::format("{},{},{},{}\n", csv_field(p.id), csv_field(p.name), csv_field(p.unit),
                        region_id(p.region)));
    TRY(w.close());
  }
  {
    Writer w(folder / "technology.csv");
    if (!w.ok()) return io_error("cannot create technology.csv", folder.string());
    w.put("input,product,coefficient\n");
    const CscMatrix& a = e.technology;
    fmt::memory_buffer buf;
    for (int32_t j = 0; j < a.cols; ++j) {
      for (int64_t p = a.col_ptr[j]; p < a.col_ptr[j + 1]; ++p) {
        fmt::format_to(std::back_inserter(buf), "{},{},{:.17g}\n",
                       csv_field(e.products[a.row_idx[p]].id), csv_field(e.products[j].id),
                       a.values[p]);
      }
      if (buf.size() > (1 << 20)) {
        w.put({buf.data(), buf.size()});
        buf.clear();
      }
    }
    w.put({buf.data(), buf.size()});
    TRY(w.close());
  }
  {
    Writer w(folder / "satellites.csv");
    if (!w.ok()) return io_error("cannot create satellites.csv", folder.string());
    w.put("satellite,product,per_unit\n");
    for (const Satellite& s : e.satellites)
      for (size_t j = 0; j < s.per_unit.size(); ++j)
        if (s.per_unit[j] != 0)
          w.put(fmt::format("{},{},{}\n", csv_field(s.id), csv_field(e.products[j].id),
                            num(s.per_unit[j])));
    TRY(w.close());
  }
  {
    Writer w(folder / "final_demand.csv");
    if (!w.ok()) return io_error("cannot create final_demand.csv", folder.string());
    w.put("category,product,amount\n");
    for (const FinalDemand& d : e.final_demand)
      for (size_t j = 0; j < d.amounts.size(); ++j)
        if (d.amounts[j] != 0)
          w.put(fmt::format("{},{},{}\n", csv_field(d.id), csv_field(e.products[j].id),
                            num(d.amounts[j])));
    TRY(w.close());
  }
  if (!e.gross_output.empty()) {
    Writer w(folder / "gross_output.csv");
    if (!w.ok()) return io_error("cannot create gross_output.csv", folder.string());
    w.put("product,output\n");
    for (size_t j = 0; j < e.gross_output.size(); ++j)
      w.put(fmt::format("{},{}\n", csv_field(e.products[j].id), num(e.gross_output[j])));
    TRY(w.close());
  }
  const auto labour = e.labour_categories();
  {
    Writer w(folder / "workplaces.csv");
    if (!w.ok()) return io_error("cannot create workplaces.csv", folder.string());
    std::string head = "id,name,product,region,capacity,workers";
    for (int32_t s : labour) head += "," + csv_field(e.satellites[s].id);
    w.put(head + "\n");
    for (const Workplace& wp : e.workplaces) {
      std::string line = fmt::format("{},{},{},{},{},{}", csv_field(wp.id), csv_field(wp.name),
                                     csv_field(e.products[wp.product].id), region_id(wp.region),
                                     num(wp.capacity), num(wp.workers));
      for (double h : wp.labour_per_unit) line += "," + num(h);
      w.put(line + "\n");
    }
    TRY(w.close());
  }
  {
    Writer w(folder / "workplace_inputs.csv");
    if (!w.ok()) return io_error("cannot create workplace_inputs.csv", folder.string());
    w.put("workplace,input,coefficient\n");
    for (const Workplace& wp : e.workplaces)
      for (const auto& [i, a] : wp.inputs)
        w.put(fmt::format("{},{},{}\n", csv_field(wp.id), csv_field(e.products[i].id), num(a)));
    TRY(w.close());
  }
  {
    Writer w(folder / "labour_supply.csv");
    if (!w.ok()) return io_error("cannot create labour_supply.csv", folder.string());
    w.put("region,category,hours,workers\n");
    for (const LabourSupply& s : e.labour_supply)
      w.put(fmt::format("{},{},{},{}\n", region_id(s.region),
                        csv_field(e.satellites[labour[s.category]].id), num(s.hours),
                        num(s.workers)));
    TRY(w.close());
  }
  return Status();
}

}  // namespace collegium::plan
