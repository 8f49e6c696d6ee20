// `collegium record verify|export` and `collegium rebuild`.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "cli/command.h"
#include "cli/mapped_file.h"
#include "cli/progress.h"
#include "federation/federation.h"
#include "record/verify.h"

namespace collegium::cli {

namespace {

Status parse_key_options(const std::vector<std::string>& keys, const std::string& head,
                         record::VerifyOptions& options) {
  for (const auto& k : keys) {
    PublicKey key;
    if (!from_hex(k, key).ok()) return invalid_argument("a key is 64 hex digits", "--key");
    options.trusted_keys.push_back(key);
  }
  if (!head.empty()) {
    Digest d;
    if (!from_hex(head, d).ok())
      return invalid_argument("a head is 64 hex digits", "--expect-head");
    options.expected_head = d;
  }
  return {};
}

void print_report(const record::VerifyReport& r, double seconds, bool json) {
  std::vector<std::string> keys;
  for (const auto& k : r.keys) keys.push_back(to_hex(k));
  double mb = static_cast<double>(r.bytes) / 1e6;
  if (json) {
    Json j = {{"valid", true},
              {"events", r.events},
              {"checkpoints", r.checkpoints},
              {"last_checkpoint_seq", r.last_checkpoint_seq},
              {"head", to_hex(r.head)},
              {"keys", keys},
              {"bytes", r.bytes},
              {"seconds", fmt::format("{:.3f}", seconds)}};
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("The record is valid: {} events, {} checkpoints.\n", r.events, r.checkpoints);
  fmt::print("  head        {}\n", to_hex(r.head));
  for (const auto& k : keys) fmt::print("  signed by   {}\n", k);
  if (r.events > r.last_checkpoint_seq) {
    fmt::print(
        "  note        events {} to {} come after the last checkpoint: compare the head "
        "with one published by the server\n",
        r.last_checkpoint_seq + 1, r.events);
  }
  fmt::print("  checked     {:.1f} MB in {:.2f} s ({:.0f} MB/s)\n", mb, seconds,
             seconds > 0 ? mb / seconds : 0.0);
}

}  // namespace

void add_record_command(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand("record", "Verify or export the public record");
  cmd->require_subcommand(1);

  struct VerifyArgs {
    std::string file, head, format = "text";
    std::vector<std::string> keys;
    bool deep = false;
  };
  auto a = std::make_shared<VerifyArgs>();
  auto* verify = cmd->add_subcommand(
      "verify",
      "Check a whole record offline: the hash chain, every event's form and every signed "
      "checkpoint. Exits 1 and names the first bad event if anything was changed, removed "
      "or reordered.");
  verify->add_option("FILE", a->file,
                     "An export (from 'collegium record export'); without it, the record in "
                     "--data-dir is checked");
  verify->add_option(
      "--key", a->keys,
      "Trust checkpoints signed by this public key (hex; repeatable), and the keys it "
      "hands over to by rotation. With --data-dir and no --key, the directory's "
      "first key is used");
  verify->add_option("--expect-head", a->head,
                     "The head hash published by the server: the record must end there");
  verify->add_flag("--deep", a->deep,
                   "Also parse every event's payload as JSON (slower; the hash chain already "
                   "binds every byte)");
  verify->add_option("--format", a->format, "text or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  verify->callback([&g, a] {
    auto run = [&]() -> Status {
      record::VerifyOptions options;
      options.deep = a->deep;
      TRY(parse_key_options(a->keys, a->head, options));
      auto start = std::chrono::steady_clock::now();
      record::VerifyReport report;
      if (!a->file.empty()) {
        auto file = TRY(MappedFile::open(a->file));
        auto r = record::verify_export(file.text(), options);
        if (!r.ok()) return std::move(r).status().within(a->file);
        report = *r;
      } else {
        store::StoreOptions so;
        so.create = false;
        auto s = store::Store::open(g.data_dir, so);
        if (!s.ok()) return s.status();
        if (options.trusted_keys.empty()) options.trusted_keys.push_back((*s)->genesis_key());
        Progress bar("verifying", (*s)->head_seq());
        report = TRY((*s)->verify(options, [&](uint64_t done) { bar.update(done); }));
        bar.finish();
      }
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      print_report(report, secs, a->format == "json");
      return {};
    };
    if (Status s = run(); !s.ok()) {
      if (s.code() == Code::kCorrupt) {
        fmt::print(stderr, "The record is NOT valid.\n");
        if (a->format == "json") {
          fmt::print("{}\n",
                     Json{{"valid", false}, {"where", s.where()}, {"reason", s.message()}}.dump(2));
        }
      }
      print_error(g, s);
    }
  });

  auto out = std::make_shared<std::string>();
  auto* exp = cmd->add_subcommand(
      "export",
      "Write the whole record as JSON lines, which 'collegium record verify FILE' accepts");
  exp->add_option("-o,--output", *out, "Output file (default: standard output)");
  exp->callback([&g, out] {
    auto run = [&]() -> Status {
      store::StoreOptions so;
      so.create = false;
      auto s = TRY(store::Store::open(g.data_dir, so));
      std::FILE* f = out->empty() ? stdout : std::fopen(out->c_str(), "w");
      if (!f) return io_error(std::strerror(errno), *out);
      Status st = s->export_record(f);
      if (f != stdout && std::fclose(f) != 0 && st.ok()) st = io_error(std::strerror(errno), *out);
      if (st.ok() && !out->empty()) {
        fmt::print(stderr, "Exported {} events to {}; head {}\n", s->head_seq(), *out,
                   to_hex(s->head_hash()));
      }
      return st;
    };
    if (Status s = run(); !s.ok()) print_error(g, s);
  });
}

void add_rebuild_command(CLI::App& root, Globals& g) {
  auto* cmd = root.add_subcommand(
      "rebuild",
      "Recompute every projection (the state that reads use) from the public record alone");
  cmd->callback([&g] {
    auto run = [&]() -> Status {
      federation::Federation::Options o;
      o.create = false;
      auto f = TRY(federation::Federation::open(g.data_dir, o));
      Progress bar("rebuilding", f->store().head_seq());
      TRY(f->store().rebuild([&](uint64_t done) { bar.update(done); }));
      bar.finish();
      fmt::print("Rebuilt the projections from {} events.\n", f->store().head_seq());
      return {};
    };
    if (Status s = run(); !s.ok()) print_error(g, s);
  });
}

}  // namespace collegium::cli
