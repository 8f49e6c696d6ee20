#include "federation/round_reproduce.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "count/sheet.h"
#include "federation/federation.h"
#include "federation/projection.h"
#include "federation/round_compute.h"
#include "federation/round_job.h"
#include "federation/round_tally.h"
#include "federation/rules.h"
#include "record/event.h"
#include "record/verify.h"

namespace collegium::federation {

double figure_difference(double published, double recomputed) {
  if (published == recomputed) return 0;  // also equal infinities
  if (!std::isfinite(published) || !std::isfinite(recomputed)) return INFINITY;
  return std::abs(published - recomputed) /
         std::max({std::abs(published), std::abs(recomputed), 1.0});
}

std::string FigureDifference::to_string() const {
  return fmt::format("{}: published {}, recomputed {}", what, published, recomputed);
}

namespace {

std::string in_quotes(std::string_view s) {
  return fmt::format("'{}'", s);
}

// Walks two computations field by field, keeping the largest difference and the first
// figure that differs.
class Comparator {
 public:
  explicit Comparator(double tolerance) : tolerance_(tolerance) {}

  void number(const std::string& what, double published, double recomputed) {
    const double d = figure_difference(published, recomputed);
    out_.max_difference = std::max(out_.max_difference, d);
    if (alternative_) *alternative_ = std::max(*alternative_, d);
    if (d > tolerance_) differ(what, format_decimal(published), format_decimal(recomputed));
  }
  void number(const std::string& what, const Decimal& published, const Decimal& recomputed) {
    number(what, published.value, recomputed.value);
  }
  void number(const std::string& what, const std::optional<Decimal>& published,
              const std::optional<Decimal>& recomputed) {
    if (published && recomputed) return number(what, *published, *recomputed);
    if (published || recomputed) {
      differ(what, published ? format_decimal(published->value) : "none",
             recomputed ? format_decimal(recomputed->value) : "none");
    }
  }
  // Lists of figures, one per workplace of the computation; `names` gives each its id.
  void numbers(const std::string& what, const std::vector<std::string>& names,
               const std::string& figure, const DecimalList& published,
               const DecimalList& recomputed) {
    if (!count(what + " " + figure + "s", published.values.size(), recomputed.values.size())) {
      return;
    }
    for (size_t i = 0; i < published.values.size(); ++i) {
      const std::string who = i < names.size() ? names[i] : std::to_string(i + 1);
      number(fmt::format("{}{} {}", what.empty() ? "" : what + ", ", "workplace " + who, figure),
             published.values[i], recomputed.values[i]);
    }
  }
  template <class T>
  void exact(const std::string& what, const T& published, const T& recomputed) {
    if (!(published == recomputed))
      differ(what, fmt::format("{}", published), fmt::format("{}", recomputed));
  }
  void text(const std::string& what, std::string_view published, std::string_view recomputed) {
    if (published != recomputed) differ(what, in_quotes(published), in_quotes(recomputed));
  }
  // Sizes of two lists; false (and a difference) when they differ, so that the caller
  // compares no further.
  bool count(const std::string& what, size_t published, size_t recomputed) {
    if (published == recomputed) return true;
    differ("the number of " + what, std::to_string(published), std::to_string(recomputed));
    return false;
  }
  // Numbers that follow go to this alternative's largest difference as well.
  void alternative(double* slot) { alternative_ = slot; }

  FiguresComparison take() { return std::move(out_); }
  FiguresComparison& out() { return out_; }

 private:
  void differ(const std::string& what, std::string published, std::string recomputed) {
    if (!out_.first)
      out_.first = FigureDifference{what, std::move(published), std::move(recomputed)};
  }
  double tolerance_;
  double* alternative_ = nullptr;
  FiguresComparison out_;
};

void compare_alternative(Comparator& c, const RoundFigures& pf, const FigureAlternative& p,
                         const FigureAlternative& r) {
  const std::string a = "alternative " + in_quotes(p.name);
  c.text(a + " kind", p.kind, r.kind);
  if (p.choice.has_value() != r.choice.has_value()) {
    c.text(a + " choice", p.choice ? p.choice->name : "none", r.choice ? r.choice->name : "none");
  } else if (p.choice) {
    c.text(a + " choice name", p.choice->name, r.choice->name);
    c.number(a + " choice consumption share", p.choice->consumption, r.choice->consumption);
    c.number(a + " choice hours share", p.choice->hours, r.choice->hours);
    c.number(a + " choice investment share", p.choice->investment, r.choice->investment);
  }
  c.number(a + " consumption scale", p.consumption_scale, r.consumption_scale);
  c.number(a + " investment scale", p.investment_scale, r.investment_scale);
  c.exact(a + " feasible", p.feasible, r.feasible);
  c.text(a + " explanation", p.explanation, r.explanation);

  const FigureEconomy &pe = p.economy, &re = r.economy;
  c.number(a + ", economy consumption", pe.consumption, re.consumption);
  c.number(a + ", economy investment", pe.investment, re.investment);
  c.number(a + ", economy labour hours", pe.labour_hours, re.labour_hours);
  c.number(a + ", economy base labour hours", pe.base_labour_hours, re.base_labour_hours);
  c.number(a + ", economy workers", pe.workers, re.workers);
  c.number(a + ", economy hours per worker per week", pe.hours_per_worker_week,
           re.hours_per_worker_week);
  c.number(a + ", economy base hours per worker per week", pe.base_hours_per_worker_week,
           re.base_hours_per_worker_week);
  c.number(a + ", economy consumption per head", pe.consumption_per_head, re.consumption_per_head);

  if (c.count(a + " regions", p.regions.size(), r.regions.size())) {
    for (size_t i = 0; i < p.regions.size(); ++i) {
      const FigureRegion &pr = p.regions[i], &rr = r.regions[i];
      c.text(fmt::format("{}, region {}", a, i + 1), pr.region, rr.region);
      const std::string g = fmt::format("{}, region {}", a, pr.region);
      c.number(g + " labour hours", pr.labour_hours, rr.labour_hours);
      c.number(g + " labour supply", pr.labour_supply, rr.labour_supply);
      c.number(g + " workers", pr.workers, rr.workers);
      c.number(g + " consumption", pr.consumption, rr.consumption);
      c.number(g + " hours per worker per week", pr.hours_per_worker_week,
               rr.hours_per_worker_week);
      c.number(g + " consumption per head", pr.consumption_per_head, rr.consumption_per_head);
    }
  }
  c.numbers(a, pf.workplaces, "target", p.targets, r.targets);
  c.numbers(a, pf.workplaces, "hours", p.hours, r.hours);

  if (c.count(a + " bottlenecks", p.bottlenecks.size(), r.bottlenecks.size())) {
    for (size_t i = 0; i < p.bottlenecks.size(); ++i) {
      const FigureBottleneck &pb = p.bottlenecks[i], &rb = r.bottlenecks[i];
      const std::string b = fmt::format("{}, bottleneck {}", a, i + 1);
      c.text(b + " kind", pb.kind, rb.kind);
      c.text(b + " workplace", pb.workplace, rb.workplace);
      c.text(b + " product", pb.product, rb.product);
      c.text(b + " region", pb.region, rb.region);
      c.text(b + " category", pb.category, rb.category);
      c.exact(b + " over", pb.over, rb.over);
      c.number(b + " required", pb.required, rb.required);
      c.number(b + " available", pb.available, rb.available);
      c.number(b + " valuation", pb.valuation, rb.valuation);
    }
  }
}

}  // namespace

FiguresComparison compare_round_figures(const RoundFigures& p, const RoundFigures& r,
                                        double tolerance) {
  Comparator c(tolerance);
  c.text("round", p.round, r.round);
  c.exact("version", p.version, r.version);
  c.text("economy digest", p.economy_digest, r.economy_digest);
  c.exact("economy event", p.economy_seq, r.economy_seq);
  c.number("weeks per year", p.weeks_per_year, r.weeks_per_year);
  c.number("base labour hours", p.base_labour_hours, r.base_labour_hours);
  c.number("freed hours", p.freed_hours, r.freed_hours);
  if (c.count("workplaces", p.workplaces.size(), r.workplaces.size())) {
    for (size_t i = 0; i < p.workplaces.size(); ++i) {
      c.text(fmt::format("workplace {}", i + 1), p.workplaces[i], r.workplaces[i]);
    }
    if (c.count("products", p.products.size(), r.products.size())) {
      for (size_t i = 0; i < p.products.size(); ++i) {
        c.text(fmt::format("workplace {} product", p.workplaces[i]), p.products[i], r.products[i]);
      }
    }
    c.numbers("", p.workplaces, "capacity", p.capacity, r.capacity);
    c.numbers("", p.workplaces, "workers", p.workers, r.workers);
  }
  c.out().alternatives.assign(p.alternatives.size(), 0.0);
  if (c.count("alternatives", p.alternatives.size(), r.alternatives.size())) {
    for (size_t k = 0; k < p.alternatives.size(); ++k) {
      c.text(fmt::format("alternative {} name", k + 1), p.alternatives[k].name,
             r.alternatives[k].name);
      c.alternative(&c.out().alternatives[k]);
      compare_alternative(c, p, p.alternatives[k], r.alternatives[k]);
      c.alternative(nullptr);
    }
  }
  return c.take();
}

namespace {

// A folder made for the replay and removed with the object.
class ScratchDir {
 public:
  static Result<ScratchDir> make(const std::filesystem::path& under) {
    std::error_code ec;
    std::filesystem::path base = under.empty() ? std::filesystem::temp_directory_path(ec) : under;
    if (ec) return io_error(ec.message(), "temporary folder");
    std::string pattern = (base / "collegium-reproduce-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) return io_error(std::strerror(errno), pattern);
    ScratchDir d;
    d.path_ = pattern;
    return d;
  }
  ScratchDir(ScratchDir&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  ScratchDir() = default;
  std::filesystem::path path_;
};

// Reads a round event's payload; corrupt naming the event, as the replay would.
template <class T>
Result<T> payload_of(const record::Event& e) {
  auto r = read_json<T>(e.payload, "/payload", UnknownKeys::kIgnore);
  if (!r.ok()) return corrupt(r.status().message(), fmt::format("event {}", e.seq));
  return std::move(*r);
}

// Cheap filters on an event's canonical bytes, so that finding the round's events does
// not decode every event of a large record: canonical JSON has no spaces.
bool is_round_event(std::string_view bytes) {
  return bytes.find("\"type\":\"round.") != std::string_view::npos;
}

// The round an event of a round is about: round.called names it "id", round.computed in
// its figures, the others "round".
std::string round_of(const record::Event& e) {
  const Json* in = &e.payload;
  if (e.type == RoundComputed::kName) {
    auto f = e.payload.find("figures");
    if (f == e.payload.end() || !f->is_object()) return {};
    in = &*f;
  }
  auto it = in->find(e.type == RoundCalled::kName ? "id" : "round");
  return it != in->end() && it->is_string() ? it->get<std::string>() : std::string();
}

// One published ballot's ranks ("1 3 2 0"), for RoundTally::add; nullopt when it does not
// read as k ranks of 0 to k.
std::optional<std::vector<uint8_t>> parse_ranks(std::string_view text, size_t k) {
  std::vector<uint8_t> ranks;
  size_t i = 0;
  while (i <= text.size()) {
    size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = text.substr(i, end - i);
    if (part.empty() || part.size() > 2 ||
        !std::all_of(part.begin(), part.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      return std::nullopt;
    }
    const int v = std::stoi(std::string(part));
    if (v > static_cast<int>(k)) return std::nullopt;
    ranks.push_back(static_cast<uint8_t>(v));
    i = end + 1;
  }
  if (ranks.size() != k) return std::nullopt;
  return ranks;
}

class Reproducer {
 public:
  Reproducer(std::string round, const ReproduceOptions& options)
      : id_(std::move(round)), options_(options) {
    out_.round = id_;
    out_.tolerance = options.tolerance;
  }

  Result<RoundReproduction> run(std::string_view text) {
    auto verified = record::verify_export(text);
    if (!verified.ok()) return verified.status();
    out_.events = verified->events;
    out_.head = to_hex(verified->head);

    // The round's call, and the last event that concerns it: the replay stops there.
    uint64_t last = 0;
    TRY(record::for_each_export_event(
        text, [&](uint64_t seq, std::string_view bytes, const Digest&) -> Status {
          if (!is_round_event(bytes) || bytes.find(id_) == std::string_view::npos) return {};
          auto e = record::decode_event(bytes);
          if (!e.ok()) return corrupt(e.status().message(), fmt::format("event {}", seq));
          if (round_of(*e) != id_) return {};
          if (e->type == RoundCalled::kName) {
            RoundCalled called = TRY(payload_of<RoundCalled>(*e));
            out_.period = called.call.period;
            out_.alternatives = called.alternatives;
          }
          last = seq;
          return {};
        }));
    if (out_.alternatives.empty()) {
      return not_found(fmt::format("the record has no round {}", id_), "--round");
    }

    ScratchDir dir = TRY(ScratchDir::make(options_.scratch));
    Federation::Options fo;
    // Nothing is decided in the replay; the clock only stamps what the store would write.
    fo.clock = [] { return std::string("1970-01-01T00:00:00.000Z"); };
    auto fed = TRY(Federation::open(dir.path(), fo));
    store::Sqlite& db = fed->store().db();
    // The events go straight to the projections, with their own seqs and times, as a
    // rebuild replays them; one transaction, since nothing here needs to be durable.
    RegistryProjector projector;
    TRY(db.exec("BEGIN"));
    Digest previous = record::kGenesisHash;
    Status replayed = record::for_each_export_event(
        text, [&](uint64_t seq, std::string_view bytes, const Digest& hash) -> Status {
          if (seq > last) return {};
          auto e = record::decode_event(bytes);
          if (!e.ok()) return corrupt(e.status().message(), fmt::format("event {}", seq));
          if (is_round_event(bytes) && round_of(*e) == id_) {
            if (e->type == RoundComputed::kName) {
              TRY(check_computation(*fed, *e));
            } else if (e->type == RoundClosed::kName) {
              TRY(check_vote(*e, previous));
            } else if (e->type == RoundAdopted::kName) {
              TRY(check_adoption(*e));
            }
          }
          Status applied = projector.apply(db, *e);
          if (!applied.ok()) return corrupt(applied.message(), fmt::format("event {}", seq));
          previous = hash;
          if (options_.progress && ((seq & 0x3ff) == 0 || seq == last))
            options_.progress(seq, last);
          return {};
        });
    db.exec("ROLLBACK").ignore_error();
    TRY(replayed);
    return std::move(out_);
  }

 private:
  void note(std::optional<std::string>& slot, std::string what) {
    if (!slot) slot = what;
    out_.differences.push_back(std::move(what));
  }

  Status check_computation(Federation& fed, const record::Event& e) {
    RoundComputed ev = TRY(payload_of<RoundComputed>(e));
    const RoundFigures& published = ev.figures;
    ReproducedComputation c;
    c.number = static_cast<int64_t>(out_.computations.size()) + 1;
    c.seq = e.seq;
    c.version = published.version;
    c.economy_seq = published.economy_seq;
    c.economy_digest = published.economy_digest;
    for (const FigureAlternative& a : published.alternatives) {
      c.alternatives.push_back({a.name, a.kind, a.feasible,
                                a.economy.hours_per_worker_week
                                    ? std::optional<double>(a.economy.hours_per_worker_week->value)
                                    : std::nullopt,
                                a.economy.consumption.value, 0});
    }
    const std::string where = fmt::format("{} computation {} (seq {})", id_, c.number, c.seq);
    last_figures_ = published;
    auto finish = [&] {
      out_.computations.push_back(std::move(c));
      return Status();
    };

    // The state just before the event is what the server read (round_job_inputs).
    auto round = fed.registry().round(id_);
    if (!round)
      return corrupt(fmt::format("round {} is computed before it is called", id_),
                     fmt::format("event {}", e.seq));
    auto inputs = round_job_inputs(fed, *round);
    if (!inputs.ok()) {
      note(c.difference, fmt::format("{}: the record gives no inputs to compute: {}", where,
                                     inputs.status().to_string()));
      return finish();
    }
    if (inputs->economy_seq != published.economy_seq) {
      note(c.difference, fmt::format("{}, economy event: published {}, in the record {}", where,
                                     published.economy_seq, inputs->economy_seq));
    }
    const std::string digest = economy_digest(inputs->economy);
    c.digest_agrees = digest == published.economy_digest;
    if (!c.digest_agrees) {
      note(c.difference, fmt::format("{}, economy digest: published {}, the record's economy {}",
                                     where, published.economy_digest, digest));
    }
    // From scratch, whatever the server started from (round_compute.h).
    auto rc = compute_round(inputs->economy, inputs->parameters, RoundRegistry{});
    if (!rc.ok()) {
      note(c.difference,
           fmt::format("{}: the computation fails: {}", where, rc.status().to_string()));
      return finish();
    }
    RoundFigures recomputed = round_figures(*rc, inputs->economy, id_, round->version,
                                            inputs->economy_seq, inputs->status_quo);
    FiguresComparison cmp = compare_round_figures(published, recomputed, options_.tolerance);
    c.max_difference = cmp.max_difference;
    for (size_t k = 0; k < c.alternatives.size() && k < cmp.alternatives.size(); ++k) {
      c.alternatives[k].max_difference = cmp.alternatives[k];
    }
    // A digest that differs was named already; the figures' own comparison of the two
    // digests would only repeat it.
    if (cmp.first && (c.digest_agrees || cmp.first->what != "economy digest")) {
      note(c.difference, fmt::format("{}, {}", where, cmp.first->to_string()));
    }
    return finish();
  }

  Status check_vote(const record::Event& e, const Digest& head_before) {
    RoundClosed ev = TRY(payload_of<RoundClosed>(e));
    ReproducedVote v;
    v.vote = ev.vote;
    v.seq = e.seq;
    const std::string where = fmt::format("{} vote {} (seq {})", id_, ev.vote, e.seq);
    auto finish = [&] {
      out_.votes.push_back(std::move(v));
      return Status();
    };
    const size_t k = out_.alternatives.size();
    auto tally = RoundTally::open(out_.alternatives, static_cast<int32_t>(ev.published.size()));
    if (!tally.ok()) {
      note(v.difference, fmt::format("{}: {}", where, tally.status().to_string()));
      return finish();
    }
    // Grouped by workplace in the order of their ids, as the close groups them: the
    // published map is in that order.
    int32_t group = 0;
    for (const auto& [workplace, ballots] : ev.published) {
      for (const auto& [text, n] : ballots) {
        auto ranks = parse_ranks(text, k);
        if (!ranks || n < 1) {
          note(v.difference, fmt::format("{}, workplace {}: the published ballot '{}' x {} is not "
                                         "{} ranks of 0 to {}",
                                         where, workplace, text, n, k, k));
          return finish();
        }
        for (int64_t i = 0; i < n; ++i) {
          Status added = tally->add(group, *ranks);
          if (!added.ok()) {
            note(v.difference,
                 fmt::format("{}, workplace {}: {}", where, workplace, added.to_string()));
            return finish();
          }
        }
      }
      ++group;
    }
    v.ballots = tally->ballots();
    std::optional<std::string> diff;
    auto exact = [&](const std::string& what, const auto& published, const auto& recounted) {
      if (!diff && !(published == recounted)) {
        diff = fmt::format("{}, {}: published {}, recounted {}", where, what, published, recounted);
      }
    };
    exact("ballots", ev.ballots, v.ballots);
    if (v.ballots == 0) {
      // The close counts nothing: back to amendment, no order.
      v.outcome = round_outcome_name(RoundOutcome::kBackToAmendment);
      exact("outcome", ev.outcome, v.outcome);
      exact("adopted alternative", ev.adopted, v.adopted);
      exact("order", fmt::format("[{}]", fmt::join(ev.order, ", ")), std::string("[]"));
    } else {
      Actor closer;
      closer.head = head_before;
      v.seed = rules::lot_seed(closer, fmt::format("{}/{}", id_, ev.vote));
      auto result = tally->close({}, v.seed);
      if (!result.ok()) {
        note(v.difference, fmt::format("{}: {}", where, result.status().to_string()));
        return finish();
      }
      v.outcome = round_outcome_name(result->outcome);
      v.adopted = result->adopted;
      for (int32_t a : result->order) {
        v.order.push_back(a >= 0 && static_cast<size_t>(a) < k ? out_.alternatives[a]
                                                               : std::to_string(a));
      }
      exact("pairwise table", fmt::format("[{}]", fmt::join(ev.prefer, " ")),
            fmt::format("[{}]", fmt::join(result->federation.prefer, " ")));
      exact("order", fmt::format("[{}]", fmt::join(ev.order, ", ")),
            fmt::format("[{}]", fmt::join(result->order, ", ")));
      exact("outcome", ev.outcome, v.outcome);
      exact("adopted alternative", ev.adopted, v.adopted);
      exact("reason", in_quotes(ev.reason), in_quotes(result->reason));
      // The seed follows from the record's head before the close: a record changed and
      // chained again before a close shows here, even where its change did not.
      const std::string seed = std::to_string(v.seed);
      if (ev.sheet.is_object() && ev.sheet.contains("seed")) {
        const Json& published_seed = ev.sheet["seed"];
        exact(
            "lot seed (from the record's head before the close)",
            published_seed.is_string() ? published_seed.get<std::string>() : published_seed.dump(),
            seed);
      }
      const Json sheet = count::sheet_to_json(result->sheet);
      if (!diff && ev.sheet != sheet) {
        // Name the first part of the sheet that differs, not the whole sheet.
        std::string key = "(the sheet itself)";
        if (ev.sheet.is_object()) {
          for (const auto& item : sheet.items()) {
            if (!ev.sheet.contains(item.key()) || ev.sheet[item.key()] != item.value()) {
              key = item.key();
              break;
            }
          }
          for (const auto& item : ev.sheet.items()) {
            if (key == "(the sheet itself)" && !sheet.contains(item.key())) key = item.key();
          }
        }
        auto part = [&](const Json& j) {
          std::string t = !j.is_object() ? j.dump() : j.contains(key) ? j[key].dump() : "none";
          return t.size() > 200 ? t.substr(0, 200) + "..." : t;
        };
        exact(fmt::format("count sheet '{}'", key), part(ev.sheet), part(sheet));
      }
    }
    if (diff) note(v.difference, *diff);
    last_adopted_ = v.adopted;
    return finish();
  }

  Status check_adoption(const record::Event& e) {
    RoundAdopted ev = TRY(payload_of<RoundAdopted>(e));
    ReproducedAdoption a;
    a.seq = e.seq;
    a.alternative = ev.alternative;
    a.targets = static_cast<int64_t>(ev.targets.values.size());
    const std::string where = fmt::format("{} adoption (seq {})", id_, e.seq);
    std::optional<std::string> diff;
    auto differ = [&](std::string what) {
      if (!diff) diff = fmt::format("{}, {}", where, what);
    };
    const int32_t k = last_adopted_;
    if (k < 0 || static_cast<size_t>(k) >= out_.alternatives.size()) {
      differ("no vote of the round adopted an alternative");
    } else if (!last_figures_) {
      differ("the round was never computed");
    } else {
      const RoundFigures& f = *last_figures_;
      if (ev.alternative != out_.alternatives[k]) {
        differ(fmt::format("alternative: published {}, the vote adopted {}",
                           in_quotes(ev.alternative), in_quotes(out_.alternatives[k])));
      }
      if (ev.period != out_.period) {
        differ(fmt::format("period: published {}, the call's {}", in_quotes(ev.period),
                           in_quotes(out_.period)));
      }
      if (static_cast<size_t>(k) >= f.alternatives.size()) {
        differ(fmt::format("the last computation has no alternative {}", k + 1));
      } else {
        const DecimalList& targets = f.alternatives[k].targets;
        if (ev.workplaces.size() != f.workplaces.size() ||
            ev.products.size() != f.workplaces.size() ||
            ev.targets.values.size() != targets.values.size()) {
          differ(fmt::format("the number of targets: published {}, the last computation {}",
                             ev.targets.values.size(), targets.values.size()));
        } else {
          for (size_t i = 0; i < f.workplaces.size(); ++i) {
            if (ev.workplaces[i] != f.workplaces[i] || ev.products[i] != f.products[i]) {
              differ(fmt::format("target {}: published {} ({}), the last computation {} ({})",
                                 i + 1, ev.workplaces[i], ev.products[i], f.workplaces[i],
                                 f.products[i]));
            } else if (figure_difference(ev.targets.values[i], targets.values[i]) >
                       options_.tolerance) {
              differ(fmt::format("workplace {} target: published {}, the last computation {}",
                                 f.workplaces[i], format_decimal(ev.targets.values[i]),
                                 format_decimal(targets.values[i])));
            }
          }
        }
      }
    }
    if (diff) note(a.difference, *diff);
    out_.adoption = std::move(a);
    return {};
  }

  std::string id_;
  const ReproduceOptions& options_;
  RoundReproduction out_;
  std::optional<RoundFigures> last_figures_;
  int32_t last_adopted_ = -1;
};

}  // namespace

Result<RoundReproduction> reproduce_round(std::string_view export_text, std::string_view round,
                                          const ReproduceOptions& options) {
  if (!std::isfinite(options.tolerance) || options.tolerance < 0) {
    return invalid_argument("the tolerance is a finite number >= 0", "--tolerance");
  }
  if (round.empty()) return invalid_argument("name a round", "--round");
  return Reproducer(std::string(round), options).run(export_text);
}

Json reproduction_json(const RoundReproduction& r) {
  auto or_null = [](const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); };
  Json computations = Json::array();
  for (const ReproducedComputation& c : r.computations) {
    Json alts = Json::array();
    for (const ReproducedAlternative& a : c.alternatives) {
      alts.push_back({{"name", a.name},
                      {"kind", a.kind},
                      {"feasible", a.feasible},
                      {"hours_per_worker_week",
                       a.hours_per_worker_week ? Json(*a.hours_per_worker_week) : Json(nullptr)},
                      {"consumption", a.consumption},
                      {"max_difference", a.max_difference}});
    }
    computations.push_back({{"number", c.number},
                            {"seq", c.seq},
                            {"version", c.version},
                            {"economy_seq", c.economy_seq},
                            {"economy_digest", c.economy_digest},
                            {"digest_agrees", c.digest_agrees},
                            {"max_difference", c.max_difference},
                            {"alternatives", std::move(alts)},
                            {"difference", or_null(c.difference)}});
  }
  Json votes = Json::array();
  for (const ReproducedVote& v : r.votes) {
    votes.push_back({{"vote", v.vote},
                     {"seq", v.seq},
                     {"ballots", v.ballots},
                     {"outcome", v.outcome},
                     {"adopted", v.adopted},
                     {"order", v.order},
                     {"seed", std::to_string(v.seed)},
                     {"difference", or_null(v.difference)}});
  }
  Json adoption = nullptr;
  if (r.adoption) {
    adoption = {{"seq", r.adoption->seq},
                {"alternative", r.adoption->alternative},
                {"targets", r.adoption->targets},
                {"difference", or_null(r.adoption->difference)}};
  }
  return {{"round", r.round},
          {"period", r.period},
          {"alternatives", r.alternatives},
          {"events", r.events},
          {"head", r.head},
          {"tolerance", r.tolerance},
          {"agrees", r.agrees()},
          {"computations", std::move(computations)},
          {"votes", std::move(votes)},
          {"adoption", std::move(adoption)},
          {"differences", r.differences}};
}

}  // namespace collegium::federation
