// `collegium plan solve|values|alternatives|optimize|generate`: the planning engine from
// the command line, so that every figure a plan shows can be recomputed by any member
// from the published inputs (C4). `plan reproduce`, which checks a federation's planning
// round from its exported record, is in reproduce_command.cc.
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "base/json.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "plan/alternatives.h"
#include "plan/analysis.h"
#include "plan/bundle.h"
#include "plan/generate.h"
#include "plan/optimal_plan.h"
#include "plan/table_io.h"

namespace collegium::cli {

namespace pl = collegium::plan;

namespace {

// Options shared by the subcommands that read an economy.
struct Source {
  std::string input;
  std::string bea_make;  // with --input the BEA use table
  std::string sea;       // with --input a WIOD-style national table
  std::string country = "USA";
  int year = 2014;
  std::vector<std::string> labour_rows;
  std::vector<std::string> final_demand;
  std::string format = "table";  // table, csv, json
  std::string out;               // file; empty = stdout
  std::string method = "bicgstab";
  double tolerance = 1e-10;
  int max_iterations = 10000;
};

void add_source_options(CLI::App* app, Source& s) {
  app->add_option(
         "-i,--input", s.input,
         "economy: a bundle folder (manifest.json), a pymrio folder, or a long or wide CSV table")
      ->required();
  app->add_option("--bea-make", s.bea_make,
                  "the BEA make table (then --input is the BEA use table)");
  app->add_option("--sea", s.sea,
                  "socio-economic accounts (GO, H_EMPE) for a national table given as --input");
  app->add_option("--country", s.country, "country code in --sea")->capture_default_str();
  app->add_option("--year", s.year, "year of the national table and --sea")->capture_default_str();
  app->add_option("--labour-row", s.labour_rows,
                  "table rows holding labour (hours) per product, for CSV tables");
  app->add_option("--final-demand", s.final_demand,
                  "final-demand columns of a CSV table (default: all after the products)");
  app->add_option("--format", s.format, "output: table (for people), csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  app->add_option("-o,--out", s.out, "write the result to this file instead of standard output");
}

void add_solver_options(CLI::App* app, Source& s) {
  app->add_option("--method", s.method, "bicgstab, gmres, jacobi (the reference) or lu")
      ->check(CLI::IsMember({"bicgstab", "gmres", "jacobi", "lu"}))
      ->capture_default_str();
  app->add_option("--tolerance", s.tolerance, "relative residual to reach")->capture_default_str();
  app->add_option("--max-iterations", s.max_iterations, "iteration limit")->capture_default_str();
}

Result<pl::Economy> load(const Source& s) {
  if (!s.bea_make.empty()) return pl::read_bea_use_make(s.input, s.bea_make);
  if (!s.sea.empty()) return pl::read_national_table(s.input, s.sea, s.country, s.year);
  if ((!s.labour_rows.empty() || !s.final_demand.empty()) &&
      std::filesystem::is_regular_file(s.input)) {
    pl::LabelledMatrix m;
    auto f = pl::read_delimited(s.input);
    if (!f.ok()) return f.status();
    bool long_format = false;
    for (const auto& c : f->rows.at(0)) long_format |= c.text == "value" || c.text == "values";
    if (long_format)
      m = TRY(pl::read_long_csv(s.input));
    else
      m = TRY(pl::read_wide_csv(s.input));
    pl::TableLayout layout;
    layout.labour_rows = s.labour_rows;
    layout.final_demand = s.final_demand;
    return pl::economy_from_table(m, layout);
  }
  return pl::read_economy(s.input);
}

Result<pl::SolveOptions> solver(const Source& s) {
  pl::SolveOptions o;
  o.method = TRY(pl::parse_method(s.method));
  if (!(s.tolerance > 0)) return invalid_argument("must be positive", "--tolerance");
  o.tolerance = s.tolerance;
  if (s.max_iterations < 1) return invalid_argument("must be at least 1", "--max-iterations");
  o.max_iterations = s.max_iterations;
  return o;
}

// Where output goes: stdout or a file, closed (and checked) at the end.
class Output {
 public:
  static Result<Output> open(const std::string& path) {
    Output o;
    if (path.empty()) {
      o.f_ = stdout;
    } else {
      o.f_ = std::fopen(path.c_str(), "w");
      if (!o.f_) return io_error("cannot create the file", path);
      o.owned_ = true;
      o.path_ = path;
    }
    return o;
  }
  Output(Output&& other) noexcept
      : f_(other.f_), owned_(other.owned_), path_(std::move(other.path_)) {
    other.owned_ = false;
  }
  ~Output() {
    if (owned_) std::fclose(f_);
  }
  void put(std::string_view s) { std::fwrite(s.data(), 1, s.size(), f_); }
  Status close() {
    if (!owned_)
      return std::fflush(f_) == 0 ? Status() : io_error("cannot write to standard output");
    owned_ = false;
    bool bad = std::ferror(f_) != 0;
    bad |= std::fclose(f_) != 0;
    return bad ? io_error("cannot write the file", path_) : Status();
  }

 private:
  Output() = default;
  FILE* f_ = nullptr;
  bool owned_ = false;
  std::string path_;
};

std::string csv(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string num(double v) {
  return std::isfinite(v) ? fmt::format("{:.17g}", v) : std::string();
}
std::string shown(double v) {
  return std::isfinite(v) ? fmt::format("{:.6g}", v) : std::string("-");
}
Json jnum(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

Json report_json(const pl::SolveReport& r) {
  return {{"method", pl::method_name(r.method)},
          {"iterations", r.iterations},
          {"relative_residual", r.relative_residual},
          {"converged", r.converged},
          {"seconds", r.seconds}};
}
std::string report_line(const pl::SolveReport& r) {
  return fmt::format("{}: {} iterations, relative residual {:.3g}{}, {:.3f} s",
                     pl::method_name(r.method), r.iterations, r.relative_residual,
                     r.converged ? "" : " (NOT converged)", r.seconds);
}

// A table for people: columns padded to their widest cell, at most `limit` rows.
void print_table(Output& out, const std::vector<std::string>& head,
                 const std::vector<std::vector<std::string>>& rows, size_t limit = 40) {
  std::vector<size_t> w(head.size());
  for (size_t c = 0; c < head.size(); ++c) w[c] = head[c].size();
  for (size_t r = 0; r < rows.size() && r < limit; ++r)
    for (size_t c = 0; c < head.size(); ++c)
      w[c] = std::max(w[c], std::min<size_t>(rows[r][c].size(), 40));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t c = 0; c < cells.size(); ++c) {
      std::string cell = cells[c].size() > 40 ? cells[c].substr(0, 39) + "~" : cells[c];
      s += c == 0 ? fmt::format("{:<{}}", cell, w[c]) : fmt::format("  {:>{}}", cell, w[c]);
    }
    out.put(s + "\n");
  };
  line(head);
  for (size_t r = 0; r < rows.size() && r < limit; ++r) line(rows[r]);
  if (rows.size() > limit)
    out.put(fmt::format("... {} more rows (use --format csv for all)\n", rows.size() - limit));
}

// A solver progress callback that draws a bar with the iteration count when stdout is a
// terminal.
std::function<void(int32_t, double)> progress_for(std::unique_ptr<Progress>& bar,
                                                  int64_t products) {
  if (!Progress::enabled() || products < 100000) return {};
  bar = std::make_unique<Progress>("solving", 0);
  Progress* b = bar.get();
  return [b](int32_t it, double) { b->update(static_cast<uint64_t>(it)); };
}

// ---- solve -------------------------------------------------------------------------------

struct SolveArgs {
  Source src;
  std::vector<std::string> kinds;
};

Status run_solve(const SolveArgs& a) {
  pl::Economy e = TRY(load(a.src));
  pl::SolveOptions o = TRY(solver(a.src));
  std::vector<double> y;
  if (a.kinds.empty()) {
    y = e.total_final_demand();
  } else {
    std::vector<pl::DemandKind> kinds;
    for (const auto& k : a.kinds) kinds.push_back(TRY(pl::parse_demand_kind(k)));
    y = e.final_demand_of(kinds);
  }
  std::unique_ptr<Progress> bar;
  o.progress = progress_for(bar, e.size());
  pl::Solution x = TRY(pl::gross_output(e, y, o));
  if (bar) bar->finish();
  Output out = TRY(Output::open(a.src.out));
  if (a.src.format == "json") {
    Json j = {{"economy", e.name}, {"report", report_json(x.report)}, {"products", Json::array()}};
    for (int32_t k = 0; k < e.size(); ++k)
      j["products"].push_back({{"id", e.products[k].id}, {"demand", y[k]}, {"output", x.x[k]}});
    out.put(j.dump(2) + "\n");
  } else if (a.src.format == "csv") {
    out.put("product,name,unit,final_demand,gross_output\n");
    for (int32_t k = 0; k < e.size(); ++k)
      out.put(fmt::format("{},{},{},{},{}\n", csv(e.products[k].id), csv(e.products[k].name),
                          csv(e.products[k].unit), num(y[k]), num(x.x[k])));
  } else {
    double ty = 0, tx = 0;
    for (int32_t k = 0; k < e.size(); ++k) {
      ty += y[k];
      tx += x.x[k];
    }
    out.put(fmt::format(
        "{}: {} products, {} input coefficients\n{}\ntotal final demand {}, total gross output "
        "{}\n\n",
        e.name, e.size(), e.technology.nonzeros(), report_line(x.report), shown(ty), shown(tx)));
    std::vector<std::vector<std::string>> rows;
    for (int32_t k = 0; k < e.size(); ++k)
      rows.push_back({e.products[k].id, e.products[k].name, shown(y[k]), shown(x.x[k])});
    print_table(out, {"product", "name", "final demand", "gross output"}, rows);
  }
  return out.close();
}

// ---- values ------------------------------------------------------------------------------

Status run_values(const Source& s) {
  pl::Economy e = TRY(load(s));
  pl::SolveOptions o = TRY(solver(s));
  pl::Multipliers m = TRY(pl::multipliers(e, {}, o));
  const auto cats = e.labour_categories();
  std::vector<double> labour;
  if (!cats.empty()) {
    labour.assign(e.size(), 0.0);
    for (size_t r = 0; r < m.satellites.size(); ++r)
      if (e.satellites[m.satellites[r]].is_labour)
        for (int32_t k = 0; k < e.size(); ++k) labour[k] += m.rows[r][k];
  }
  Output out = TRY(Output::open(s.out));
  if (s.format == "json") {
    Json j = {{"economy", e.name}, {"satellites", Json::array()}, {"products", Json::array()}};
    for (size_t r = 0; r < m.satellites.size(); ++r) {
      const auto& sat = e.satellites[m.satellites[r]];
      j["satellites"].push_back({{"id", sat.id},
                                 {"unit", sat.unit},
                                 {"labour", sat.is_labour},
                                 {"report", report_json(m.reports[r])}});
    }
    for (int32_t k = 0; k < e.size(); ++k) {
      Json p = {{"id", e.products[k].id}};
      if (!labour.empty()) p["labour_value"] = labour[k];
      Json mult = Json::object();
      for (size_t r = 0; r < m.satellites.size(); ++r)
        mult[e.satellites[m.satellites[r]].id] = m.rows[r][k];
      p["multipliers"] = mult;
      j["products"].push_back(p);
    }
    out.put(j.dump(2) + "\n");
    return out.close();
  }
  std::vector<std::string> head = {"product"};
  if (!labour.empty()) head.push_back("labour_value");
  for (int32_t sidx : m.satellites) head.push_back(e.satellites[sidx].id);
  std::vector<std::vector<std::string>> rows;
  for (int32_t k = 0; k < e.size(); ++k) {
    std::vector<std::string> row = {e.products[k].id};
    if (!labour.empty()) row.push_back(s.format == "csv" ? num(labour[k]) : shown(labour[k]));
    for (size_t r = 0; r < m.satellites.size(); ++r)
      row.push_back(s.format == "csv" ? num(m.rows[r][k]) : shown(m.rows[r][k]));
    rows.push_back(std::move(row));
  }
  if (s.format == "csv") {
    std::string h;
    for (size_t c = 0; c < head.size(); ++c) h += (c ? "," : "") + csv(head[c]);
    out.put(h + "\n");
    for (const auto& row : rows) {
      std::string line;
      for (size_t c = 0; c < row.size(); ++c) line += (c ? "," : "") + csv(row[c]);
      out.put(line + "\n");
    }
  } else {
    out.put(fmt::format("{}: multipliers M = S (I - A)^-1, per unit of final demand\n", e.name));
    for (size_t r = 0; r < m.reports.size(); ++r)
      out.put(
          fmt::format("  {}: {}\n", e.satellites[m.satellites[r]].id, report_line(m.reports[r])));
    out.put("\n");
    print_table(out, head, rows);
  }
  return out.close();
}

// ---- alternatives ------------------------------------------------------------------------

struct AltArgs {
  Source src;
  double gain = 0.02;
  std::vector<std::string> choices;
  std::string detail = "economy";
};

Result<pl::Choice> parse_choice(const std::string& text) {
  // name=consumption,hours,investment
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    return invalid_argument(fmt::format("'{}' is not NAME=CONSUMPTION,HOURS,INVESTMENT", text),
                            "--choice");
  pl::Choice c;
  c.name = text.substr(0, eq);
  double v[3];
  std::string rest = text.substr(eq + 1);
  for (int k = 0; k < 3; ++k) {
    auto comma = rest.find(',');
    std::string part = rest.substr(0, comma);
    char* end = nullptr;
    v[k] = std::strtod(part.c_str(), &end);
    if (part.empty() || *end != '\0' || (k < 2 && comma == std::string::npos) ||
        (k == 2 && comma != std::string::npos))
      return invalid_argument(fmt::format("'{}' is not NAME=CONSUMPTION,HOURS,INVESTMENT", text),
                              "--choice");
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
  }
  c.consumption = v[0];
  c.hours = v[1];
  c.investment = v[2];
  Status s = pl::validate(c);
  if (!s.ok()) return invalid_argument(s.message(), "--choice " + text);
  return c;
}

Status run_alternatives(const AltArgs& a) {
  pl::Economy e = TRY(load(a.src));
  pl::AlternativesRequest req;
  req.solve = TRY(solver(a.src));
  req.productivity_gain = a.gain;
  if (a.choices.empty()) {
    req.choices = {{"more-consumption", 1, 0, 0},
                   {"shorter-hours", 0, 1, 0},
                   {"more-investment", 0, 0, 1},
                   {"balanced", 1.0 / 3, 1.0 / 3, 1.0 / 3}};
    // Without investment demand the investment choices cannot be computed; leave them out.
    if (e.final_demand_of({pl::DemandKind::kInvestment}) == std::vector<double>(e.size(), 0.0)) {
      req.choices = {{"more-consumption", 1, 0, 0},
                     {"shorter-hours", 0, 1, 0},
                     {"half-and-half", 0.5, 0.5, 0}};
    }
  }
  for (const auto& c : a.choices) req.choices.push_back(TRY(parse_choice(c)));
  auto alts = TRY(pl::compute_alternatives(e, req));
  Output out = TRY(Output::open(a.src.out));
  auto region_name = [&](int32_t r) { return r >= 0 ? e.regions[r].id : std::string(); };
  if (a.src.format == "json") {
    Json j = {{"economy", e.name}, {"productivity_gain", a.gain}, {"alternatives", Json::array()}};
    for (const auto& alt : alts) {
      Json x = {{"name", alt.choice.name},
                {"shares",
                 {{"consumption", alt.choice.consumption},
                  {"hours", alt.choice.hours},
                  {"investment", alt.choice.investment}}},
                {"consumption_scale", alt.consumption_scale},
                {"investment_scale", alt.investment_scale},
                {"report", report_json(alt.report)},
                {"economy",
                 {{"consumption", alt.economy.consumption},
                  {"consumption_per_head", jnum(alt.economy.consumption_per_head)},
                  {"investment", alt.economy.investment},
                  {"labour_hours", alt.economy.labour_hours},
                  {"base_labour_hours", alt.economy.base_labour_hours},
                  {"workers", alt.economy.workers},
                  {"hours_per_worker_week", jnum(alt.economy.hours_per_worker_week)},
                  {"base_hours_per_worker_week", jnum(alt.economy.base_hours_per_worker_week)}}},
                {"bottlenecks", Json::array()},
                {"regions", Json::array()},
                {"sectors", Json::array()},
                {"workplaces", Json::array()}};
      for (const auto& b : alt.bottlenecks)
        x["bottlenecks"].push_back(
            {{"kind", b.kind == pl::Bottleneck::Kind::kCapacity ? "capacity" : "labour"},
             {"what", b.what},
             {"required", b.required},
             {"available", b.available}});
      for (const auto& r : alt.regions)
        x["regions"].push_back({{"region", region_name(r.region)},
                                {"labour_hours", r.labour_hours},
                                {"labour_supply", r.labour_supply},
                                {"workers", r.workers},
                                {"hours_per_worker_week", jnum(r.hours_per_worker_week)},
                                {"consumption", r.consumption},
                                {"consumption_per_head", jnum(r.consumption_per_head)}});
      for (const auto& s : alt.sectors)
        x["sectors"].push_back({{"product", e.products[s.product].id},
                                {"output", s.output},
                                {"base_output", s.base_output},
                                {"labour_hours", s.labour_hours}});
      for (const auto& w : alt.workplaces)
        x["workplaces"].push_back({{"workplace", e.workplaces[w.workplace].id},
                                   {"output_target", w.output_target},
                                   {"capacity_use", jnum(w.capacity_use)},
                                   {"labour_hours", w.labour_hours},
                                   {"hours_per_worker_week", jnum(w.hours_per_worker_week)}});
      j["alternatives"].push_back(std::move(x));
    }
    out.put(j.dump(2) + "\n");
    return out.close();
  }
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
  const bool c = a.src.format == "csv";
  auto f = [&](double v) { return c ? num(v) : shown(v); };
  if (a.detail == "economy") {
    head = {"alternative", "consumption",           "per_head",   "investment",
            "hours",       "hours_per_worker_week", "bottlenecks"};
    for (const auto& alt : alts)
      rows.push_back({alt.choice.name, f(alt.economy.consumption),
                      f(alt.economy.consumption_per_head), f(alt.economy.investment),
                      f(alt.economy.labour_hours), f(alt.economy.hours_per_worker_week),
                      std::to_string(alt.bottlenecks.size())});
  } else if (a.detail == "regions") {
    head = {"alternative",           "region",      "hours",   "supply",
            "hours_per_worker_week", "consumption", "per_head"};
    for (const auto& alt : alts)
      for (const auto& r : alt.regions)
        rows.push_back({alt.choice.name, region_name(r.region), f(r.labour_hours),
                        f(r.labour_supply), f(r.hours_per_worker_week), f(r.consumption),
                        f(r.consumption_per_head)});
  } else if (a.detail == "sectors") {
    head = {"alternative", "product", "output", "base_output", "hours"};
    for (const auto& alt : alts)
      for (const auto& s : alt.sectors)
        rows.push_back({alt.choice.name, e.products[s.product].id, f(s.output), f(s.base_output),
                        f(s.labour_hours)});
  } else if (a.detail == "workplaces") {
    head = {"alternative",  "workplace", "output_target",
            "capacity_use", "hours",     "hours_per_worker_week"};
    for (const auto& alt : alts)
      for (const auto& w : alt.workplaces)
        rows.push_back({alt.choice.name, e.workplaces[w.workplace].id, f(w.output_target),
                        f(w.capacity_use), f(w.labour_hours), f(w.hours_per_worker_week)});
  } else {
    head = {"alternative", "kind", "what", "required", "available"};
    for (const auto& alt : alts)
      for (const auto& b : alt.bottlenecks)
        rows.push_back({alt.choice.name,
                        b.kind == pl::Bottleneck::Kind::kCapacity ? "capacity" : "labour", b.what,
                        f(b.required), f(b.available)});
  }
  if (c) {
    std::string h;
    for (size_t k = 0; k < head.size(); ++k) h += (k ? "," : "") + head[k];
    out.put(h + "\n");
    for (const auto& row : rows) {
      std::string line;
      for (size_t k = 0; k < row.size(); ++k) line += (k ? "," : "") + csv(row[k]);
      out.put(line + "\n");
    }
  } else {
    out.put(fmt::format("{}: productivity gain {:.4g}%, base year {} hours\n\n", e.name,
                        a.gain * 100, shown(alts.front().economy.base_labour_hours)));
    print_table(out, head, rows);
    if (a.detail != "bottlenecks") {
      for (const auto& alt : alts) {
        for (const auto& b : alt.bottlenecks) {
          out.put(
              fmt::format("bottleneck in {}: {} {} needs {} of {}\n", alt.choice.name,
                          b.kind == pl::Bottleneck::Kind::kCapacity ? "capacity of" : "labour in",
                          b.what, shown(b.required), shown(b.available)));
        }
      }
    }
  }
  return out.close();
}

// ---- optimize ----------------------------------------------------------------------------

Status run_optimize(const Source& s, Globals& g) {
  pl::Economy e = TRY(load(s));
  pl::OptimalPlan p = TRY(pl::optimal_plan(e, {}));
  Output out = TRY(Output::open(s.out));
  const auto cats = e.labour_categories();
  auto labour_name = [&](const pl::LabourConstraint& l) {
    return (l.region >= 0 ? e.regions[l.region].id : std::string("all")) + "/" +
           e.satellites[cats[l.category]].id;
  };
  if (s.format == "json") {
    Json j = {{"economy", e.name},
              {"status", pl::lp_status_name(p.status)},
              {"explanation", p.explanation},
              {"iterations", p.iterations},
              {"seconds", p.seconds}};
    if (p.status == pl::LpStatus::kOptimal) {
      j["fraction"] = p.fraction;
      j["labour"] = Json::array();
      for (const auto& l : p.labour)
        j["labour"].push_back({{"constraint", labour_name(l)},
                               {"supply", l.supply},
                               {"used", l.used},
                               {"valuation", l.valuation}});
      j["products"] = Json::array();
      for (int32_t k = 0; k < e.size(); ++k)
        j["products"].push_back({{"id", e.products[k].id},
                                 {"output", p.output[k]},
                                 {"valuation", p.product_valuation[k]}});
      j["activities"] = Json::array();
      for (size_t k = 0; k < p.activity.size(); ++k)
        j["activities"].push_back({{"id", p.activity_names[k]},
                                   {"level", p.activity[k]},
                                   {"capacity_valuation", p.capacity_valuation[k]}});
    }
    out.put(j.dump(2) + "\n");
  } else if (s.format == "csv") {
    if (p.status == pl::LpStatus::kOptimal) {
      out.put("kind,id,level,valuation\n");
      out.put(fmt::format("fraction,alpha,{},\n", num(p.fraction)));
      for (const auto& l : p.labour)
        out.put(
            fmt::format("labour,{},{},{}\n", csv(labour_name(l)), num(l.used), num(l.valuation)));
      for (int32_t k = 0; k < e.size(); ++k)
        out.put(fmt::format("product,{},{},{}\n", csv(e.products[k].id), num(p.output[k]),
                            num(p.product_valuation[k])));
      for (size_t k = 0; k < p.activity.size(); ++k)
        out.put(fmt::format("activity,{},{},{}\n", csv(p.activity_names[k]), num(p.activity[k]),
                            num(p.capacity_valuation[k])));
    } else {
      out.put(fmt::format("status,explanation\n{},{}\n", pl::lp_status_name(p.status),
                          csv(p.explanation)));
    }
  } else {
    out.put(fmt::format("{}: optimal plan ({}; {} iterations, {:.3f} s)\n", e.name,
                        pl::lp_status_name(p.status), p.iterations, p.seconds));
    if (p.status != pl::LpStatus::kOptimal) {
      out.put(p.explanation + "\n");
    } else {
      out.put(fmt::format("fraction of the consumption target reached: {}\n\n", shown(p.fraction)));
      std::vector<std::vector<std::string>> rows;
      for (const auto& l : p.labour)
        rows.push_back({labour_name(l), shown(l.supply), shown(l.used), shown(l.valuation)});
      print_table(out, {"labour", "supply", "used", "valuation"}, rows);
      out.put("\n");
      rows.clear();
      for (size_t k = 0; k < p.activity.size(); ++k)
        if (p.capacity_valuation[k] > 0)
          rows.push_back(
              {p.activity_names[k], shown(p.activity[k]), shown(p.capacity_valuation[k])});
      out.put(fmt::format("{} activities at full capacity (scarce):\n", rows.size()));
      print_table(out, {"activity", "level", "valuation"}, rows, 20);
    }
  }
  (void)g;
  return out.close();
}

// ---- generate ----------------------------------------------------------------------------

struct GenArgs {
  pl::GenerateOptions o;
  bool no_workplaces = false;
  std::string out;
};

Status run_generate(GenArgs a) {
  a.o.workplaces = !a.no_workplaces;
  pl::Economy e = TRY(pl::generate_economy(a.o));
  TRY(pl::write_bundle(e, a.out));
  fmt::print("{}: {} products, {} input coefficients, {} workplaces, written to {}\n", e.name,
             e.size(), e.technology.nonzeros(), e.workplaces.size(), a.out);
  return Status();
}

}  // namespace

void add_plan_command(CLI::App& root, Globals& globals) {
  CLI::App* plan = root.add_subcommand("plan",
                                       "compute plans from input-output data: output, labour "
                                       "values, alternatives, the optimal plan");
  plan->require_subcommand(1);

  auto solve_args = std::make_shared<SolveArgs>();
  CLI::App* solve =
      plan->add_subcommand("solve", "gross output x = (I - A)^-1 y for the final demand");
  add_source_options(solve, solve_args->src);
  add_solver_options(solve, solve_args->src);
  solve->add_option(
      "--demand", solve_args->kinds,
      "final-demand kinds to include (household, public, investment, export, other); default all");
  solve->callback([solve_args, &globals] {
    Status s = run_solve(*solve_args);
    if (!s.ok()) print_error(globals, s);
  });

  auto values_args = std::make_shared<Source>();
  CLI::App* values = plan->add_subcommand(
      "values",
      "labour values v = l (I - A)^-1 and multipliers M = S (I - A)^-1 of every satellite");
  add_source_options(values, *values_args);
  add_solver_options(values, *values_args);
  values->callback([values_args, &globals] {
    Status s = run_values(*values_args);
    if (!s.ok()) print_error(globals, s);
  });

  auto alt_args = std::make_shared<AltArgs>();
  CLI::App* alt = plan->add_subcommand(
      "alternatives", "alternative plans from a productivity gain and the producers' choice (C2)");
  add_source_options(alt, alt_args->src);
  add_solver_options(alt, alt_args->src);
  alt->add_option("--gain", alt_args->gain, "productivity gain (0.02 = output per hour up 2%)")
      ->capture_default_str();
  alt->add_option("--choice", alt_args->choices,
                  "NAME=CONSUMPTION,HOURS,INVESTMENT: shares of the gain, summing to 1 "
                  "(repeatable; default: four choices)");
  alt->add_option("--detail", alt_args->detail,
                  "what to list: economy, regions, sectors, workplaces or bottlenecks")
      ->check(CLI::IsMember({"economy", "regions", "sectors", "workplaces", "bottlenecks"}))
      ->capture_default_str();
  alt->callback([alt_args, &globals] {
    Status s = run_alternatives(*alt_args);
    if (!s.ok()) print_error(globals, s);
  });

  auto opt_args = std::make_shared<Source>();
  CLI::App* opt = plan->add_subcommand("optimize",
                                       "the plan reaching the largest fraction of the consumption "
                                       "target, with dual valuations (CLP)");
  add_source_options(opt, *opt_args);
  opt->callback([opt_args, &globals] {
    Status s = run_optimize(*opt_args, globals);
    if (!s.ok()) print_error(globals, s);
  });

  auto gen_args = std::make_shared<GenArgs>();
  CLI::App* gen = plan->add_subcommand(
      "generate", "write a synthetic economy (circular input structure) as a bundle");
  gen->add_option("--products", gen_args->o.products, "number of products")->capture_default_str();
  gen->add_option("--inputs-per-product", gen_args->o.inputs_per_product,
                  "mean number of inputs per product")
      ->capture_default_str();
  gen->add_flag("--exact-inputs", gen_args->o.exact_inputs,
                "every product gets exactly that many inputs");
  gen->add_option("--spectral-radius", gen_args->o.spectral_radius,
                  "spectral radius of A, in (0, 1)")
      ->capture_default_str();
  gen->add_option("--seed", gen_args->o.seed, "random seed")->capture_default_str();
  gen->add_option("--regions", gen_args->o.regions, "number of regions")->capture_default_str();
  gen->add_option("--labour-categories", gen_args->o.labour_categories,
                  "number of labour categories")
      ->capture_default_str();
  gen->add_flag("--no-workplaces", gen_args->no_workplaces,
                "no workplaces, capacities or labour supply (faster for huge economies)");
  gen->add_option("-o,--out", gen_args->out, "bundle folder to write")->required();
  gen->callback([gen_args, &globals] {
    Status s = run_generate(*gen_args);
    if (!s.ok()) print_error(globals, s);
  });

  add_plan_reproduce_command(plan, globals);
}

}  // namespace collegium::cli
