#include "federation/demo_economy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <variant>

#include "plan/analysis.h"
#include "plan/table_io.h"

namespace collegium::federation {

namespace {

// splitmix64 draws: the same sequence on every machine and standard library, which the
// standard distributions do not promise.
struct Draws {
  uint64_t state;
  explicit Draws(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  uint64_t below(uint64_t n) { return next() % n; }
};

// Named products of each branch: the things its workplaces (demo.cc's foundries, mills,
// collieries...) make. `price` is an assumed base-year value of one unit in pounds of
// 2010; it turns the table's money flows into quantities in the unit. `weight` is the
// product's assumed share of its branch's output. The first products of a branch are the
// ones a branch with few workplaces keeps.
struct CatalogueItem {
  std::string_view branch, slug, name, unit;
  double price, weight;
};
constexpr CatalogueItem kCatalogue[] = {
    {"metal", "steel-sections", "Steel sections", "tonne", 700, 0.30},
    {"metal", "machine-tools", "Machine tools", "piece", 45000, 0.25},
    {"metal", "electric-motors", "Electric motors", "piece", 900, 0.25},
    {"metal", "tractors", "Tractors", "piece", 60000, 0.20},
    {"textile", "cotton-cloth", "Cotton cloth", "thousand metres", 3000, 0.40},
    {"textile", "work-clothes", "Work clothes", "set", 40, 0.35},
    {"textile", "boots", "Leather boots", "pair", 45, 0.25},
    {"mining", "coal", "Coal", "tonne", 60, 0.40},
    {"mining", "iron-ore", "Iron ore", "tonne", 80, 0.30},
    {"mining", "crushed-stone", "Crushed stone", "tonne", 12, 0.30},
    {"food", "bread", "Bread", "tonne", 1800, 0.25},
    {"food", "milk", "Milk", "thousand litres", 600, 0.20},
    {"food", "tinned-vegetables", "Tinned vegetables", "thousand tins", 700, 0.25},
    {"food", "flour", "Flour", "tonne", 350, 0.15},
    {"food", "preserved-meat", "Preserved meat", "tonne", 4000, 0.15},
    {"transport", "rail-freight", "Rail freight", "thousand tonne-km", 40, 0.35},
    {"transport", "road-freight", "Road freight", "thousand tonne-km", 90, 0.35},
    {"transport", "passenger-transport", "Passenger transport", "thousand passenger-km", 120, 0.30},
    {"building", "housing", "Dwellings", "dwelling", 120000, 0.45},
    {"building", "road-works", "Roads and bridges", "km of road", 2000000, 0.25},
    {"building", "cement", "Cement", "tonne", 80, 0.15},
    {"building", "bricks", "Bricks", "thousand bricks", 350, 0.15},
    {"energy", "electricity", "Electricity", "MWh", 90, 0.55},
    {"energy", "heating-gas", "Heating gas", "MWh", 30, 0.25},
    {"energy", "diesel", "Diesel fuel", "thousand litres", 900, 0.20},
    {"chemical", "fertiliser", "Fertiliser", "tonne", 300, 0.30},
    {"chemical", "medicines", "Medicines", "thousand packs", 8000, 0.25},
    {"chemical", "tyres", "Tyres", "piece", 80, 0.25},
    {"chemical", "soap", "Soap", "tonne", 1500, 0.20},
    {"print", "paper", "Paper", "tonne", 700, 0.35},
    {"print", "books", "Books", "thousand copies", 6000, 0.35},
    {"print", "newspapers", "Newspapers", "thousand copies", 300, 0.30},
    {"timber", "sawn-timber", "Sawn timber", "cubic metre", 200, 0.45},
    {"timber", "furniture", "Furniture", "piece", 350, 0.35},
    {"timber", "roundwood", "Roundwood", "cubic metre", 50, 0.20},
};

// Assumptions of the derivation (docs/demo-economy.md).
constexpr double kOutputPerMember = 100000;  // pounds of gross output a member a year
constexpr double kMinFinalShare = 0.1;       // of a branch's output, at least, is final use
constexpr double kPeoplePerMember = 2.0;     // a region's population per member
constexpr double kTightShare = 1.0 / 12;     // products whose capacity is nearly used
// A generated product buys from at most this many products of each branch it uses.
constexpr size_t kInputsPerBranch = 3;

std::string strip_branch_prefix(const std::string& id) {
  return id.rfind("b-", 0) == 0 ? id.substr(2) : id;
}

}  // namespace

// ---- the derivation ----

Result<BranchMapping> read_branch_mapping(const std::filesystem::path& csv) {
  auto file = TRY(plan::read_delimited(csv, ','));
  if (file.rows.empty()) return parse_error("the mapping is empty", csv.string());
  int code = -1, branch = -1, demand = -1;
  const auto& header = file.rows[0];
  for (size_t c = 0; c < header.size(); ++c) {
    if (header[c].text == "uk_code") code = static_cast<int>(c);
    if (header[c].text == "branch") branch = static_cast<int>(c);
    if (header[c].text == "demand") demand = static_cast<int>(c);
  }
  if (code < 0 || branch < 0) {
    return parse_error("the header needs the columns uk_code and branch", file.where(header[0]));
  }
  BranchMapping m;
  std::map<std::string, size_t> seen;
  for (size_t r = 1; r < file.rows.size(); ++r) {
    const auto& row = file.rows[r];
    if (row.size() <= static_cast<size_t>(std::max(code, branch))) {
      return parse_error("the row has too few columns", file.where(row.back()));
    }
    const plan::Cell& id = row[static_cast<size_t>(code)];
    const plan::Cell& b = row[static_cast<size_t>(branch)];
    if (id.text.empty()) return invalid_argument("the product code is empty", file.where(id));
    if (!seen.emplace(id.text, r).second) {
      return already_exists(fmt::format("product {} is mapped twice", id.text), file.where(id));
    }
    if (demand >= 0 && static_cast<size_t>(demand) < row.size()) {
      const plan::Cell& d = row[static_cast<size_t>(demand)];
      if (d.text == "public") {
        if (!b.text.empty()) {
          return invalid_argument("a public service is not a product of a branch", file.where(d));
        }
        m.public_services.push_back(id.text);
      } else if (!d.text.empty()) {
        return invalid_argument(fmt::format("demand is \"public\" or empty, not \"{}\"", d.text),
                                file.where(d));
      }
    }
    m.product_branch.emplace_back(id.text, b.text);
    if (!b.text.empty() &&
        std::find(m.branches.begin(), m.branches.end(), b.text) == m.branches.end()) {
      m.branches.push_back(b.text);
    }
  }
  return m;
}

Result<BranchTable> aggregate_to_branches(const plan::Economy& source,
                                          const BranchMapping& mapping) {
  const int32_t n = source.size();
  if (source.gross_output.size() != static_cast<size_t>(n)) {
    return failed_precondition("the source table gives no gross output", "gross_output");
  }
  BranchTable t;
  t.branches = mapping.branches;
  const size_t nb = t.branches.size();
  std::vector<int32_t> branch_of(static_cast<size_t>(n), -1);
  for (const auto& [product, branch] : mapping.product_branch) {
    int32_t p = source.find_product(product);
    if (p < 0) return not_found(fmt::format("the source has no product {}", product), "uk_code");
    if (branch.empty()) continue;
    auto it = std::find(t.branches.begin(), t.branches.end(), branch);
    branch_of[static_cast<size_t>(p)] = static_cast<int32_t>(it - t.branches.begin());
  }
  t.output.assign(nb, 0.0);
  t.coefficients.assign(nb * nb, 0.0);
  t.final_demand.assign(nb * kDemoDemandKinds.size(), 0.0);
  // Flows first (Z(I, J) = sum of A(i, j) x_j), divided by the branch's output at the end:
  // the same as weighting each source column by its share of the branch's output.
  const plan::CscMatrix& a = source.technology;
  for (int32_t j = 0; j < n; ++j) {
    int32_t bj = branch_of[static_cast<size_t>(j)];
    if (bj < 0) continue;
    double xj = source.gross_output[static_cast<size_t>(j)];
    t.output[static_cast<size_t>(bj)] += xj;
    for (int64_t k = a.col_ptr[static_cast<size_t>(j)]; k < a.col_ptr[static_cast<size_t>(j) + 1];
         ++k) {
      int32_t bi = branch_of[static_cast<size_t>(a.row_idx[static_cast<size_t>(k)])];
      if (bi >= 0)
        t.coefficients[static_cast<size_t>(bi) * nb + static_cast<size_t>(bj)] +=
            a.values[static_cast<size_t>(k)] * xj;
    }
  }
  for (size_t j = 0; j < nb; ++j) {
    if (!(t.output[j] > 0)) {
      return failed_precondition(
          fmt::format("branch {} has no output in the source", t.branches[j]), "branch");
    }
    for (size_t i = 0; i < nb; ++i) t.coefficients[i * nb + j] /= t.output[j];
  }
  for (const plan::FinalDemand& d : source.final_demand) {
    auto kind = std::find(kDemoDemandKinds.begin(), kDemoDemandKinds.end(), d.kind);
    if (kind == kDemoDemandKinds.end()) continue;  // exports and other uses leave the economy
    size_t k = static_cast<size_t>(kind - kDemoDemandKinds.begin());
    for (int32_t i = 0; i < n; ++i) {
      int32_t bi = branch_of[static_cast<size_t>(i)];
      if (bi >= 0)
        t.final_demand[static_cast<size_t>(bi) * kDemoDemandKinds.size() + k] +=
            d.amounts[static_cast<size_t>(i)];
    }
  }
  for (const std::string& service : mapping.public_services) {
    int32_t j = source.find_product(service);
    if (j < 0) return not_found(fmt::format("the source has no product {}", service), "uk_code");
    double xj = source.gross_output[static_cast<size_t>(j)];
    for (int64_t k = a.col_ptr[static_cast<size_t>(j)]; k < a.col_ptr[static_cast<size_t>(j) + 1];
         ++k) {
      int32_t bi = branch_of[static_cast<size_t>(a.row_idx[static_cast<size_t>(k)])];
      if (bi >= 0)
        t.final_demand[static_cast<size_t>(bi) * kDemoDemandKinds.size() + 1] +=
            a.values[static_cast<size_t>(k)] * xj;
    }
  }
  for (double& v : t.final_demand) v = std::max(v, 0.0);
  return t;
}

const BranchTable& uk2010_branch_table() {
  // Derived by aggregate_to_branches (see the header); 17 significant digits.
  static const BranchTable table = [] {
    BranchTable t;
    t.branches = {"metal",    "textile", "mining",   "food",  "transport",
                  "building", "energy",  "chemical", "print", "timber"};
    // GBP million.
    t.output = {168083, 9081, 43600, 93778, 132958, 223633, 117624, 74261, 34847, 13456};
    // Row i (the selling branch), column j (the buying branch), in the order above.
    // clang-format off
    t.coefficients = {
        // metal, to each branch
        0.20685707806010958, 0.015352183492176475, 0.028451753318663515, 0.019923630755398776, 0.012129424999128507,
        0.036777951164686733, 0.02632046916083423, 0.022227568593333816, 0.0055150286095189899, 0.071196018669459835,
        // textile, to each branch
        0.0011668815216677078, 0.084230666636637322, 2.2194223192067717e-05, 0.00082105639507949583, 0.00027000409543596101,
        0.00064341160974909842, 1.5265250651197949e-06, 0.00032054189054816996, 0.0010746178775336934, 0.014971691697724485,
        // mining, to each branch
        0.00016919608903569839, 4.1841423893184498e-05, 0.098322512846978474, 0.00021746164629444186, 0.00089039383828817635,
        0.0030022368645661328, 0.13479739570139895, 0.0011903808269243916, 0.00039658549231133821, 5.9530465087992466e-05,
        // food, to each branch
        0.001903117697525809, 0.011216172118077749, 0.0010898299874668241, 0.26921298777184521, 0.0044420668792047617,
        0.0017632496521888241, 0.0010557529232570315, 0.0062499514808180834, 0.0025199579821309319, 0.0041664657925582493,
        // transport, to each branch
        0.0075287010893165729, 0.0090500344866831003, 0.014052837442599888, 0.024731902842835614, 0.1440212562621378,
        0.011412404495875219, 0.0023276194169755075, 0.016536790110766548, 0.020822927073008778, 0.025602057899052469,
        // building, to each branch
        0.0074432235073727693, 0.0067960476150332686, 0.024694839220944838, 0.014089915708716183, 0.019790051739687106,
        0.23580764915759811, 0.011267698870693071, 0.0076563385144663293, 0.0081004740848366029, 0.013702063469679577,
        // energy, to each branch
        0.022623730602340363, 0.025262734195661638, 0.018441246372563627, 0.034315610890679013, 0.01834454040850227,
        0.011872592718649036, 0.29077580319005703, 0.030532938994689927, 0.036153473732440995, 0.029131272448416075,
        // chemical, to each branch
        0.021146703026523262, 0.012714089052795014, 0.0007786403957676201, 0.020092479058236124, 0.0053255227698513069,
        0.018658249860388169, 0.0021641907341197171, 0.084620705535146695, 0.022238931943601711, 0.033907282179496977,
        // print, to each branch
        0.0033714126683235994, 0.0087643998059743853, 0.00012011807771856649, 0.021479148840027561, 0.0027511147721299908,
        0.0023372653138220827, 0.0018858473917469469, 0.010200813406253515, 0.12143667650610102, 0.010112080580688855,
        // timber, to each branch
        0.0032866435721512757, 0.00076851660802026143, 0.00041574886722664387, 0.0010865814787834097, 0.00039078722787732928,
        0.012634570130329818, 0.00034748015921786795, 0.0012535635511920641, 0.0006421388261149926, 0.15896832167277303,
    };
    // clang-format on
    // clang-format off
    // Household, public, investment; GBP million.
    t.final_demand = {
        7619, 4184, 12365,  // metal
        1300, 320, 329,  // textile
        214, 3.9999999999999996, 0,  // mining
        29357, 1474, 1504,  // food
        37491, 5160, 273,  // transport
        1134, 5868, 109466,  // building
        37612, 3055, 0,  // energy
        1129, 2625, 136,  // chemical
        6136, 4596, 2134,  // print
        1715, 899, 2489,  // timber
    };
    // clang-format on
    return t;
  }();
  return table;
}

// ---- the demo federation ----

Result<DemoFacts> demo_facts(const DemoOptions& options) {
  DemoFacts facts;
  std::unordered_map<std::string, size_t> index;
  TRY(generate_demo(options, [&](LabelledCommand&& c) -> Status {
    if (auto* m = std::get_if<AdmitMember>(&c.command)) {
      auto it = index.find(m->member.workplace);
      if (it == index.end()) return internal_error("a demo member joins an unknown workplace");
      facts.workplaces[it->second].members[static_cast<size_t>(m->member.category)]++;
    } else if (auto* w = std::get_if<CreateWorkplace>(&c.command)) {
      index.emplace(w->workplace.id, facts.workplaces.size());
      facts.workplaces.push_back(
          {w->workplace.id, w->workplace.name, w->workplace.region, w->workplace.branch, {}});
    } else if (auto* r = std::get_if<CreateRegion>(&c.command)) {
      facts.regions.emplace_back(r->region.id, r->region.name);
    } else if (auto* b = std::get_if<CreateBranch>(&c.command)) {
      facts.branches.emplace_back(b->branch.id, b->branch.name);
    }
    return {};
  }));
  return facts;
}

// ---- the economy ----

namespace {

struct ProductPlan {
  size_t branch = 0;  // index into the present branches
  std::string id, name, unit;
  double price = 1, weight = 1;  // weight: share of the branch's output (sums to 1)
  std::vector<size_t> makers;    // workplaces (indices into facts.workplaces)
  int64_t host = -1;             // the workplace that carries it when no workplace makes it
};

}  // namespace

Result<plan::Economy> demo_economy(const DemoFacts& facts, uint64_t seed,
                                   const DemoEconomyOptions& options) {
  const BranchTable& table = uk2010_branch_table();
  if (options.products < 0)
    return invalid_argument("the number of products cannot be negative", "products");
  if (facts.workplaces.empty())
    return failed_precondition("the demo has no workplaces", "workplaces");
  Draws draws(seed ^ 0x5DEECE66Dull);

  // Branches present: those with workplaces, in the demo's order.
  std::vector<size_t> present;  // indices into table.branches
  std::vector<std::vector<size_t>> branch_workplaces;
  std::map<std::string, size_t> present_of;  // branch id ("b-metal") -> index into present
  for (const auto& [id, name] : facts.branches) {
    std::vector<size_t> ws;
    for (size_t w = 0; w < facts.workplaces.size(); ++w)
      if (facts.workplaces[w].branch == id) ws.push_back(w);
    if (ws.empty()) continue;
    auto it = std::find(table.branches.begin(), table.branches.end(), strip_branch_prefix(id));
    if (it == table.branches.end())
      return not_found(fmt::format("no technology for branch {}", id), "branch");
    present_of[id] = present.size();
    present.push_back(static_cast<size_t>(it - table.branches.begin()));
    branch_workplaces.push_back(std::move(ws));
  }
  const size_t nb = present.size();
  std::map<std::string, int32_t> region_index;
  for (size_t r = 0; r < facts.regions.size(); ++r)
    region_index[facts.regions[r].first] = static_cast<int32_t>(r);
  for (const auto& w : facts.workplaces) {
    if (!region_index.count(w.region))
      return not_found(fmt::format("workplace {} names unknown region {}", w.id, w.region),
                       "region");
    if (!present_of.count(w.branch))
      return not_found(fmt::format("workplace {} names unknown branch {}", w.id, w.branch),
                       "branch");
  }

  // Products per branch.
  const int64_t nw = static_cast<int64_t>(facts.workplaces.size());
  const bool named = options.products == 0 && nw < kLargeDemoWorkplaces;
  int64_t wanted = options.products > 0 ? options.products : nw * kProductsPerWorkplace;
  if (!named && wanted < static_cast<int64_t>(nb)) {
    return invalid_argument(fmt::format("at least {} products are needed, one per branch", nb),
                            "products");
  }
  std::vector<std::vector<const CatalogueItem*>> families(nb);
  for (size_t b = 0; b < nb; ++b)
    for (const CatalogueItem& item : kCatalogue)
      if (item.branch == table.branches[present[b]]) families[b].push_back(&item);
  std::vector<int64_t> count(nb);
  if (named) {
    for (size_t b = 0; b < nb; ++b)
      count[b] = std::min<int64_t>(static_cast<int64_t>(families[b].size()),
                                   static_cast<int64_t>(branch_workplaces[b].size()));
  } else {
    // In proportion to the branch's workplaces, at least one each.
    int64_t given = 0;
    for (size_t b = 0; b < nb; ++b) {
      count[b] =
          std::max<int64_t>(1, wanted * static_cast<int64_t>(branch_workplaces[b].size()) / nw);
      given += count[b];
    }
    for (size_t b = 0; given < wanted; b = (b + 1) % nb, ++given) ++count[b];
    for (size_t b = 0; given > wanted; b = (b + 1) % nb) {
      if (count[b] > 1) --count[b], --given;
    }
  }
  std::vector<ProductPlan> products;
  std::vector<std::vector<size_t>> branch_products(nb);
  for (size_t b = 0; b < nb; ++b) {
    double weight_sum = 0;
    const std::string& branch = table.branches[present[b]];
    for (int64_t k = 0; k < count[b]; ++k) {
      const CatalogueItem& family = *families[b][static_cast<size_t>(k) % families[b].size()];
      ProductPlan p;
      p.branch = b;
      p.unit = std::string(family.unit);
      if (named) {
        p.id = "p-" + std::string(family.slug);
        p.name = std::string(family.name);
        p.price = family.price;
        p.weight = family.weight;
      } else {
        p.id = fmt::format("p-{}-{:06}", branch, k + 1);
        p.name = fmt::format("{}, line {}", family.name,
                             k / static_cast<int64_t>(families[b].size()) + 1);
        p.price = family.price * draws.uniform(0.6, 1.4);
        p.weight = family.weight * draws.uniform(0.5, 1.5);
      }
      weight_sum += p.weight;
      branch_products[b].push_back(products.size());
      products.push_back(std::move(p));
    }
    for (size_t p : branch_products[b]) products[p].weight /= weight_sum;
    // The k-th workplace of the branch makes its product k (cycling when the branch has
    // more workplaces than products); a product beyond the workplaces is carried by one.
    const auto& ws = branch_workplaces[b];
    for (size_t k = 0; k < ws.size(); ++k)
      products[branch_products[b][k % branch_products[b].size()]].makers.push_back(ws[k]);
    for (size_t k = ws.size(); k < branch_products[b].size(); ++k)
      products[branch_products[b][k]].host = static_cast<int64_t>(ws[k % ws.size()]);
  }
  const auto n = static_cast<int32_t>(products.size());

  plan::Economy e;
  int64_t members = 0;
  std::vector<std::array<int64_t, 3>> region_members(facts.regions.size(),
                                                     std::array<int64_t, 3>{});
  for (const auto& w : facts.workplaces) {
    members += w.size();
    for (size_t c = 0; c < 3; ++c)
      region_members[static_cast<size_t>(region_index[w.region])][c] += w.members[c];
  }
  e.name = fmt::format("demo economy: {} workplaces, {} members, seed {}", nw, members, seed);
  e.weeks_per_year = kDemoWeeksPerYear;
  for (size_t r = 0; r < facts.regions.size(); ++r) {
    const auto& rm = region_members[r];
    e.regions.push_back({facts.regions[r].first, facts.regions[r].second,
                         static_cast<double>(rm[0] + rm[1] + rm[2]) * kPeoplePerMember});
  }
  for (const ProductPlan& p : products) {
    size_t where = p.makers.empty() ? static_cast<size_t>(p.host) : p.makers.front();
    e.products.push_back({p.id, p.name, p.unit, region_index[facts.workplaces[where].region]});
  }

  // Technology: the branch coefficients, in money, split over the buying branch's columns
  // and the selling branch's products by their weights, then turned into quantities:
  // A(p, q) = A_money(p, q) * price(q) / price(p).
  std::vector<plan::Triplet> triplets;
  for (int32_t q = 0; q < n; ++q) {
    const ProductPlan& buyer = products[static_cast<size_t>(q)];
    for (size_t bi = 0; bi < nb; ++bi) {
      double a = table.a(present[bi], present[buyer.branch]);
      if (a <= 0) continue;
      const auto& sellers = branch_products[bi];
      std::vector<size_t> chosen;
      if (sellers.size() <= kInputsPerBranch) {
        chosen = sellers;
      } else {
        while (chosen.size() < kInputsPerBranch) {
          size_t s = sellers[draws.below(sellers.size())];
          if (std::find(chosen.begin(), chosen.end(), s) == chosen.end()) chosen.push_back(s);
        }
        std::sort(chosen.begin(), chosen.end());
      }
      double weight = 0;
      for (size_t s : chosen) weight += products[s].weight;
      for (size_t s : chosen) {
        double money = a * products[s].weight / weight;
        triplets.push_back({static_cast<int32_t>(s), q, money * buyer.price / products[s].price});
      }
    }
  }
  e.technology = TRY(plan::csc_from_triplets(n, n, std::move(triplets)));

  // Final demand. Each branch's output follows the demo's own size: kOutputPerMember for
  // each of its members. What the other branches do not use of it is its final demand
  // (at least kMinFinalShare of its output, where they would use more), split into kinds
  // by the table's shares for the branch, over its products by weight and over the regions
  // by their members, and turned from pounds into units.
  std::vector<double> branch_output(nb, 0.0);
  for (size_t b = 0; b < nb; ++b)
    for (size_t w : branch_workplaces[b])
      branch_output[b] += static_cast<double>(facts.workplaces[w].size()) * kOutputPerMember;
  std::vector<std::array<double, kDemoDemandKinds.size()>> branch_demand(nb);
  for (size_t bi = 0; bi < nb; ++bi) {
    double used = 0;
    for (size_t bj = 0; bj < nb; ++bj)
      used += table.a(present[bi], present[bj]) * branch_output[bj];
    double final_use = std::max(branch_output[bi] - used, kMinFinalShare * branch_output[bi]);
    const double* kinds = &table.final_demand[present[bi] * kDemoDemandKinds.size()];
    double total = 0;
    for (size_t k = 0; k < kDemoDemandKinds.size(); ++k) total += kinds[k];
    for (size_t k = 0; k < kDemoDemandKinds.size(); ++k)
      branch_demand[bi][k] = final_use * (total > 0 ? kinds[k] / total : k == 0 ? 1 : 0);
  }
  std::vector<std::vector<double>> by_kind(kDemoDemandKinds.size(),
                                           std::vector<double>(static_cast<size_t>(n), 0.0));
  for (int32_t p = 0; p < n; ++p) {
    const ProductPlan& pp = products[static_cast<size_t>(p)];
    for (size_t k = 0; k < kDemoDemandKinds.size(); ++k)
      by_kind[k][static_cast<size_t>(p)] = branch_demand[pp.branch][k] * pp.weight / pp.price;
  }
  std::vector<double> y(static_cast<size_t>(n), 0.0);
  for (const auto& v : by_kind)
    for (size_t p = 0; p < y.size(); ++p) y[p] += v[p];
  plan::SolveOptions solve;
  solve.tolerance = 1e-12;
  plan::Solution base = TRY(plan::gross_output(e, y, solve));
  if (!base.report.converged)
    return internal_error("the demo economy's base year did not converge");
  const std::vector<double>& x = base.x;
  for (size_t r = 0; r < facts.regions.size(); ++r) {
    const auto& rm = region_members[r];
    double share = static_cast<double>(rm[0] + rm[1] + rm[2]) / static_cast<double>(members);
    if (share <= 0) continue;
    for (size_t k = 0; k < kDemoDemandKinds.size(); ++k) {
      plan::FinalDemand d;
      d.id =
          fmt::format("{}-{}", plan::demand_kind_name(kDemoDemandKinds[k]), facts.regions[r].first);
      d.kind = kDemoDemandKinds[k];
      d.region = static_cast<int32_t>(r);
      d.amounts.resize(static_cast<size_t>(n));
      for (size_t p = 0; p < d.amounts.size(); ++p) d.amounts[p] = by_kind[k][p] * share;
      e.final_demand.push_back(std::move(d));
    }
  }
  e.gross_output = x;

  // Capacities: spare capacity per product; the tight few are drawn among the products
  // whose output grows most with consumption (d = (I - A)^-1 y_consumption over x), so
  // that more consumption meets them.
  std::vector<double> yc(static_cast<size_t>(n));
  for (size_t p = 0; p < yc.size(); ++p) yc[p] = by_kind[0][p] + by_kind[1][p];
  plan::Solution grow = TRY(plan::gross_output(e, yc, solve));
  std::vector<double> ratio(static_cast<size_t>(n));
  for (size_t p = 0; p < ratio.size(); ++p) ratio[p] = x[p] > 0 ? grow.x[p] / x[p] : 0;
  std::vector<double> sorted = ratio;
  std::nth_element(sorted.begin(), sorted.begin() + n / 2, sorted.end());
  const double median = sorted[static_cast<size_t>(n / 2)];
  std::vector<size_t> candidates;
  for (size_t p = 0; p < ratio.size(); ++p)
    if (ratio[p] >= median && ratio[p] > 0) candidates.push_back(p);
  for (size_t i = candidates.size(); i > 1; --i)
    std::swap(candidates[i - 1], candidates[draws.below(i)]);
  size_t tight = std::max<size_t>(1, static_cast<size_t>(std::lround(kTightShare * n)));
  candidates.resize(std::min(tight, candidates.size()));
  std::vector<double> slack(static_cast<size_t>(n));
  for (double& s : slack) s = draws.uniform(0.05, 0.35);
  for (size_t p : candidates) slack[p] = draws.uniform(0.002, 0.01);

  // Workplaces: each makes a share of its product's output in proportion to its members
  // times a productivity of 0.8 to 1.2; its members' hours, by category, are spread over
  // what it makes and what it carries, in proportion to their value.
  std::vector<double> productivity(facts.workplaces.size());
  for (double& f : productivity) f = draws.uniform(0.8, 1.2);
  std::vector<double> made(facts.workplaces.size(), 0.0);      // units of its product
  std::vector<double> value_of(facts.workplaces.size(), 0.0);  // pounds, carried products too
  std::vector<int32_t> product_of(facts.workplaces.size(), -1);
  for (int32_t p = 0; p < n; ++p) {
    const ProductPlan& pp = products[static_cast<size_t>(p)];
    double total = 0;
    for (size_t w : pp.makers)
      total += static_cast<double>(facts.workplaces[w].size()) * productivity[w];
    for (size_t w : pp.makers) {
      product_of[w] = p;
      made[w] = x[static_cast<size_t>(p)] * static_cast<double>(facts.workplaces[w].size()) *
                productivity[w] / total;
      value_of[w] += made[w] * pp.price;
    }
    if (pp.host >= 0)
      value_of[static_cast<size_t>(pp.host)] += x[static_cast<size_t>(p)] * pp.price;
  }
  for (Category c : {Category::kProduction, Category::kTechnical, Category::kAdministrative}) {
    e.satellites.push_back({std::string(to_string(c)), "hours", true,
                            std::vector<double>(static_cast<size_t>(n), 0.0)});
  }
  for (size_t w = 0; w < facts.workplaces.size(); ++w) {
    const DemoWorkplaceFacts& f = facts.workplaces[w];
    int32_t p = product_of[w];
    const ProductPlan& pp = products[static_cast<size_t>(p)];
    plan::Workplace out;
    out.id = f.id;
    out.name = f.name;
    out.product = p;
    out.region = region_index[f.region];
    out.capacity = made[w] * (1 + slack[static_cast<size_t>(p)]);
    out.workers = static_cast<double>(f.size());
    for (size_t c = 0; c < 3; ++c) {
      double per_pound = static_cast<double>(f.members[c]) * kBaseHoursPerMember / value_of[w];
      out.labour_per_unit.push_back(per_pound * pp.price);
      e.satellites[c].per_unit[static_cast<size_t>(p)] += made[w] * per_pound * pp.price;
    }
    e.workplaces.push_back(std::move(out));
  }
  for (int32_t p = 0; p < n; ++p) {
    const ProductPlan& pp = products[static_cast<size_t>(p)];
    for (size_t c = 0; c < 3; ++c) {
      double& l = e.satellites[c].per_unit[static_cast<size_t>(p)];
      if (pp.host >= 0) {
        const DemoWorkplaceFacts& f = facts.workplaces[static_cast<size_t>(pp.host)];
        l = static_cast<double>(f.members[c]) * kBaseHoursPerMember /
            value_of[static_cast<size_t>(pp.host)] * pp.price;
      } else {
        l /= x[static_cast<size_t>(p)];  // hours of its makers over its output
      }
    }
  }

  // Labour supply: the members' base-year hours and 3% to 12% more.
  for (size_t r = 0; r < facts.regions.size(); ++r) {
    for (size_t c = 0; c < 3; ++c) {
      double m = static_cast<double>(region_members[r][c]);
      if (m <= 0) continue;
      e.labour_supply.push_back({static_cast<int32_t>(r), static_cast<int32_t>(c),
                                 m * kBaseHoursPerMember * draws.uniform(1.03, 1.12), m});
    }
  }
  TRY(plan::validate(e));
  return e;
}

Result<plan::Economy> demo_economy(const DemoOptions& options,
                                   const DemoEconomyOptions& economy_options) {
  DemoFacts facts = TRY(demo_facts(options));
  return demo_economy(facts, options.seed, economy_options);
}

}  // namespace collegium::federation
