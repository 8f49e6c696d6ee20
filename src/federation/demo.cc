#include "federation/demo.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "federation/demo_economy.h"
#include "federation/economy_data.h"

namespace collegium::federation {

namespace {

constexpr std::array<std::string_view, 12> kRegions = {"North",  "South",  "East",  "West",
                                                       "Centre", "Lakes",  "Coast", "Highlands",
                                                       "Valley", "Plains", "Delta", "Forest"};

struct BranchInfo {
  std::string_view id, name, union_name, workplace_noun;
};
constexpr std::array<BranchInfo, 10> kBranches = {{
    {"metal", "Metalworking", "Metalworkers' Union", "Foundry"},
    {"textile", "Textiles", "Textile Workers' Union", "Mill"},
    {"mining", "Mining", "Miners' Union", "Colliery"},
    {"food", "Food processing", "Food Workers' Union", "Cannery"},
    {"transport", "Transport", "Transport Workers' Union", "Depot"},
    {"building", "Construction", "Building Workers' Union", "Builders' Yard"},
    {"energy", "Energy", "Energy Workers' Union", "Power Station"},
    {"chemical", "Chemicals", "Chemical Workers' Union", "Chemical Works"},
    {"print", "Printing", "Printers' Union", "Press"},
    {"timber", "Timber", "Timber Workers' Union", "Sawmill"},
}};

constexpr std::array<std::string_view, 12> kShops = {
    "Assembly",  "Machine shop", "Maintenance", "Stores", "Tool room", "Dispatch",
    "Finishing", "Boiler house", "Laboratory",  "Office", "Canteen",   "Yard"};

constexpr std::array<std::string_view, 40> kGiven = {
    "Anna",   "Boris",  "Clara", "Dmitri",  "Elena", "Fyodor", "Galina", "Ivan",
    "Klara",  "Lev",    "Maria", "Nikolai", "Olga",  "Pavel",  "Raisa",  "Sergei",
    "Tamara", "Viktor", "Vera",  "Yuri",    "Agnes", "Bruno",  "Chiara", "Diego",
    "Emma",   "Farid",  "Grace", "Hamid",   "Ines",  "Jonas",  "Kemal",  "Lucia",
    "Mateo",  "Nadia",  "Omar",  "Priya",   "Rosa",  "Samir",  "Tomas",  "Zofia"};

constexpr std::array<std::string_view, 40> kFamily = {
    "Abramova",   "Baranov", "Chernova", "Davydov", "Egorova", "Fomin",   "Gromova",   "Ilyin",
    "Kuznetsova", "Lebedev", "Morozova", "Novikov", "Orlova",  "Petrov",  "Romanova",  "Smirnov",
    "Tarasova",   "Usov",    "Volkova",  "Zaitsev", "Almeida", "Becker",  "Costa",     "Dubois",
    "Eriksen",    "Fischer", "Garcia",   "Haddad",  "Ivanova", "Jensen",  "Kowalska",  "Lopez",
    "Moreau",     "Nowak",   "Okafor",   "Pereira", "Rossi",   "Schmidt", "Takahashi", "Weber"};

std::string region_id(size_t r) {
  std::string id = "r-" + std::string(kRegions[r]);
  std::transform(id.begin(), id.end(), id.begin(), ::tolower);
  return id;
}

std::string pad(int64_t n, int width) {
  return fmt::format("{:0{}}", n, width);
}

// Splits `total` into `parts` sizes of at least `minimum`, lognormally spread.
std::vector<int64_t> spread_sizes(int64_t total, int64_t parts, int64_t minimum,
                                  std::mt19937_64& rng) {
  std::lognormal_distribution<double> size(0.0, 1.1);
  std::vector<double> weight(static_cast<size_t>(parts));
  double sum = 0;
  for (auto& w : weight) sum += (w = size(rng));
  int64_t spare = total - minimum * parts;
  std::vector<int64_t> out(static_cast<size_t>(parts), minimum);
  int64_t given = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    auto extra = static_cast<int64_t>(std::floor(static_cast<double>(spare) * weight[i] / sum));
    out[i] += extra;
    given += extra;
  }
  for (int64_t i = 0; given < spare; ++i, ++given) out[static_cast<size_t>(i % parts)]++;
  return out;
}

int odd_between(int64_t v, int lo, int hi) {
  int s = static_cast<int>(std::clamp<int64_t>(v, lo, hi));
  return s % 2 == 1 ? s : (s + 1 <= hi ? s + 1 : s - 1);
}

}  // namespace

Status check_demo_options(const DemoOptions& o) {
  if (o.workplaces < 1 || o.workplaces > 1'000'000) {
    return invalid_argument("between 1 and 1,000,000 workplaces", "--workplaces");
  }
  if (o.members < 3 * o.workplaces || o.members > 100'000'000) {
    return invalid_argument(
        fmt::format("between 3 per workplace ({}) and 100,000,000 members: a workplace "
                    "committee is a collegium of at least 3",
                    3 * o.workplaces),
        "--members");
  }
  return {};
}

Status generate_demo(const DemoOptions& o, const std::function<Status(LabelledCommand&&)>& sink) {
  TRY(check_demo_options(o));
  std::mt19937_64 rng(o.seed);
  auto emit = [&](Command c) { return sink(LabelledCommand{std::move(c), "demo"}); };

  size_t n_regions = static_cast<size_t>(std::clamp<int64_t>(o.workplaces / 8, 2, kRegions.size()));
  size_t n_branches =
      static_cast<size_t>(std::clamp<int64_t>(o.workplaces / 4, 3, kBranches.size()));
  for (size_t r = 0; r < n_regions; ++r) {
    TRY(emit(CreateRegion{{region_id(r), std::string(kRegions[r])}}));
  }
  for (size_t b = 0; b < n_branches; ++b) {
    TRY(emit(CreateBranch{{"b-" + std::string(kBranches[b].id), std::string(kBranches[b].name)}}));
  }

  auto sizes = spread_sizes(o.members, o.workplaces, 3, rng);
  struct Placed {
    std::string id, name;
    size_t region, branch;
    int64_t size;
    int shops;
  };
  std::vector<Placed> placed;
  std::map<std::pair<size_t, size_t>, int> serial;
  int wdigits = static_cast<int>(std::to_string(o.workplaces).size());
  for (int64_t w = 0; w < o.workplaces; ++w) {
    size_t region = rng() % n_regions, branch = rng() % n_branches;
    int number = ++serial[{region, branch}];
    int64_t size = sizes[static_cast<size_t>(w)];
    int shops = static_cast<int>(std::clamp<int64_t>(1 + size / 150, 1, 40));
    Placed p{
        "w-" + pad(w + 1, wdigits),
        fmt::format("{} {} No. {}", kRegions[region], kBranches[branch].workplace_noun, number),
        region,
        branch,
        size,
        shops};
    TRY(emit(CreateWorkplace{
        {p.id, p.name, region_id(region), "b-" + std::string(kBranches[branch].id)}}));
    for (int s = 0; s < shops; ++s) {
      std::string name = s < static_cast<int>(kShops.size())
                             ? std::string(kShops[static_cast<size_t>(s)])
                             : fmt::format("Shop {}", s + 1);
      TRY(emit(CreateShop{{fmt::format("{}.s{}", p.id, s + 1), p.id, name}}));
    }
    placed.push_back(std::move(p));
  }

  int mdigits = std::max(7, static_cast<int>(std::to_string(o.members).size()));
  int64_t next_member = 1;
  std::uniform_int_distribution<int> year(1985, 2025), month(1, 12), day(1, 28);
  for (const auto& p : placed) {
    for (int64_t i = 0; i < p.size; ++i) {
      Member m;
      m.id = "m-" + pad(next_member++, mdigits);
      m.name = fmt::format("{} {}", kGiven[rng() % kGiven.size()], kFamily[rng() % kFamily.size()]);
      uint64_t c = rng() % 100;
      m.category = c < 78   ? Category::kProduction
                   : c < 91 ? Category::kTechnical
                            : Category::kAdministrative;
      m.workplace = p.id;
      m.shop = fmt::format("{}.s{}", p.id, 1 + rng() % static_cast<uint64_t>(p.shops));
      m.joined = fmt::format("{}-{:02}-{:02}", year(rng), month(rng), day(rng));
      TRY(emit(AdmitMember{std::move(m)}));
    }
  }

  // Bodies, from below: committees first, then the unions they send delegates to, the
  // congress, and the bodies the congress elects.
  std::map<std::pair<size_t, size_t>, std::vector<std::string>> committees;
  for (const auto& p : placed) {
    Body wc;
    wc.id = "wc-" + p.id;
    wc.name = "Committee of " + p.name;
    wc.kind = BodyKind::kWorkplaceCommittee;
    wc.constituency = {Constituency::Kind::kWorkplace, p.id, {}};
    wc.seats = odd_between(3 + p.size / 100, 3, 15);
    TRY(emit(DeclareBody{wc}));
    committees[{p.branch, p.region}].push_back(wc.id);
    if (p.shops > 1) {
      for (int s = 0; s < p.shops; ++s) {
        Body sc;
        sc.id = fmt::format("sc-{}.s{}", p.id, s + 1);
        sc.name = fmt::format("{} shop committee, {}",
                              s < static_cast<int>(kShops.size())
                                  ? std::string(kShops[static_cast<size_t>(s)])
                                  : fmt::format("Shop {}", s + 1),
                              p.name);
        sc.kind = BodyKind::kShopCommittee;
        sc.constituency = {Constituency::Kind::kShop, fmt::format("{}.s{}", p.id, s + 1), {}};
        sc.seats = 3;
        TRY(emit(DeclareBody{sc}));
      }
    }
  }
  std::vector<std::string> unions;
  for (auto& [key, electors] : committees) {
    auto [branch, region] = key;
    Body u;
    u.id = fmt::format("u-{}-{}", kBranches[branch].id, region_id(region).substr(2));
    u.name = fmt::format("{}, {} region", kBranches[branch].union_name, kRegions[region]);
    u.kind = BodyKind::kUnion;
    u.constituency = {Constituency::Kind::kBodies, "", electors};
    u.seats = odd_between(5 + static_cast<int64_t>(electors.size()) / 4, 5, 25);
    u.region = region_id(region);
    u.branch = "b-" + std::string(kBranches[branch].id);
    TRY(emit(DeclareBody{u}));
    unions.push_back(u.id);
  }
  Body congress;
  congress.id = "congress";
  congress.name = "Congress of Producers";
  congress.kind = BodyKind::kCongress;
  congress.constituency = {Constituency::Kind::kBodies, "", unions};
  congress.seats = odd_between(static_cast<int64_t>(unions.size()) * 3, 9, 999);
  TRY(emit(DeclareBody{congress}));
  Body council;
  council.id = "council";
  council.name = "Central Economic Council";
  council.kind = BodyKind::kCouncil;
  council.constituency = {Constituency::Kind::kBodies, "", {"congress"}};
  // Elected from among the congress's delegates: never more seats than they are.
  council.seats = std::min<int64_t>(15, congress.seats);
  TRY(emit(DeclareBody{council}));
  Body control;
  control.id = "control";
  control.name = "Control Commission";
  control.kind = BodyKind::kControl;
  control.constituency = {Constituency::Kind::kBodies, "", {"congress"}};
  control.seats = 9;
  return emit(DeclareBody{control});
}

Status load_demo(Federation& federation, const DemoOptions& o,
                 const std::function<void(uint64_t, uint64_t)>& progress, size_t batch) {
  TRY(check_demo_options(o));
  auto counts = TRY(federation.counts());
  if (counts.workplaces > 0 || counts.members > 0 || counts.bodies > 0) {
    return failed_precondition(
        "this data directory already holds a federation; give the demo a new --data-dir");
  }
  // Rough total for the progress bar: regions, branches, workplaces, shops, members, bodies.
  uint64_t total = static_cast<uint64_t>(o.members + o.workplaces * 3 + o.members / 75 + 40);
  uint64_t done = 0;
  std::vector<LabelledCommand> pending;
  pending.reserve(batch);
  auto flush = [&]() -> Status {
    TRY(federation.execute(pending, kOperator, {}));
    done += pending.size();
    pending.clear();
    if (progress) progress(done, std::max(total, done));
    return {};
  };
  TRY(generate_demo(o, [&](LabelledCommand&& c) -> Status {
    pending.push_back(std::move(c));
    return pending.size() >= batch ? flush() : Status();
  }));
  TRY(flush());
  if (o.economy) {
    // The economy is derived from the registry just loaded (the members of each workplace by
    // category), so it comes after it; demo_economy.h documents how.
    plan::Economy e = TRY(demo_economy(o, DemoEconomyOptions{o.economy_products}));
    TRY(federation.execute(ImportEconomy{economy_to_data(e)}, kOperator));
  }
  TRY(federation.note(
      "demo.generated", "demo",
      Json{{"workplaces", o.workplaces}, {"members", o.members}, {"seed", o.seed}}));
  return federation.store().checkpoint();
}

}  // namespace collegium::federation
