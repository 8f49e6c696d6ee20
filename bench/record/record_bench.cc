// Benchmarks of the public record, each beside the limit it cannot beat, measured in the
// same run:
//   1. durable appends, one event per transaction, against the disk's own fsync rate;
//   2. durable appends in batches, against bare SQLite inserts of the same rows (the
//      difference is what canonical JSON, hashing and the projection cost);
//   3. verification of an export, against the bare chained BLAKE2b over the same bytes.
// Usage: record_bench [--events N] [--repeats R] [--dir D]
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "record/verify.h"
#include "store/store.h"

using namespace collegium;
namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

Json member_payload(int64_t i) {
  return Json{
      {"id", fmt::format("m-{:07}", i)}, {"name", "Klara Kuznetsova"}, {"category", "production"},
      {"workplace", "w-00042"},          {"shop", "w-00042.s3"},       {"joined", "2017-05-09"}};
}

void die(const Status& s) {
  fmt::print(stderr, "record_bench: {}\n", s.to_string());
  std::exit(1);
}

// fdatasync of a small appended write: what one durable commit costs at the very least.
double fsyncs_per_second(const fs::path& dir, int n) {
  fs::path f = dir / "fsync-probe";
  int fd = ::open(f.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char buf[256];
  std::memset(buf, 'x', sizeof buf);
  auto t = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    if (::write(fd, buf, sizeof buf) != sizeof buf || ::fdatasync(fd) != 0) {
      fmt::print(stderr, "fsync probe failed\n");
      std::exit(1);
    }
  }
  double s = seconds_since(t);
  ::close(fd);
  fs::remove(f);
  return n / s;
}

double store_appends_per_second(const fs::path& dir, int64_t events, int64_t batch) {
  fs::remove_all(dir);
  auto store = store::Store::open(dir);
  if (!store.ok()) die(store.status());
  auto t = std::chrono::steady_clock::now();
  for (int64_t done = 0; done < events; done += batch) {
    Status s = (*store)->transact([&](store::Transaction& txn) -> Status {
      for (int64_t i = done; i < std::min(events, done + batch); ++i) {
        TRY(txn.append("member.admitted", "bench", member_payload(i)));
      }
      return {};
    });
    if (!s.ok()) die(s);
  }
  return static_cast<double>(events) / seconds_since(t);
}

// The same rows through SQLite alone, with the same durability settings: no JSON, no hash.
double bare_sqlite_inserts_per_second(const fs::path& dir, int64_t events, int64_t batch) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto db = store::Sqlite::open((dir / "bare.db").string(), true);
  if (!db.ok()) die(db.status());
  if (Status s = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                          "CREATE TABLE events(seq INTEGER PRIMARY KEY, body TEXT, hash BLOB)");
      !s.ok())
    die(s);
  std::string body = *canonical_json(member_payload(0));
  body.resize(body.size() + 90, ' ');  // the size of a whole event
  Digest hash{};
  auto insert = *db->prepare("INSERT INTO events(seq, body, hash) VALUES(?, ?, ?)");
  auto t = std::chrono::steady_clock::now();
  for (int64_t done = 0; done < events; done += batch) {
    if (Status s = db->exec("BEGIN"); !s.ok()) die(s);
    for (int64_t i = done; i < std::min(events, done + batch); ++i) {
      if (Status s = insert.bind(1, i + 1).bind(2, body).bind_blob(3, hash).run(); !s.ok()) die(s);
    }
    if (Status s = db->exec("COMMIT"); !s.ok()) die(s);
  }
  return static_cast<double>(events) / seconds_since(t);
}

}  // namespace

int main(int argc, char** argv) {
  int64_t events = 300000;
  int repeats = 5;
  fs::path dir = fs::temp_directory_path() / "collegium-record-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--events")
      events = std::stoll(argv[i + 1]);
    else if (a == "--repeats")
      repeats = std::stoi(argv[i + 1]);
    else if (a == "--dir")
      dir = argv[i + 1];
  }
  init_crypto();
  fs::create_directories(dir);

  fmt::print("== durable appends (SQLite WAL, synchronous=FULL), median of {}\n", repeats);
  std::vector<double> fsync, one, bare100, ours100, bare1000, ours1000;
  for (int r = 0; r < repeats; ++r) {
    fsync.push_back(fsyncs_per_second(dir, 500));
    one.push_back(store_appends_per_second(dir / "one", 500, 1));
    ours100.push_back(store_appends_per_second(dir / "b100", 20000, 100));
    bare100.push_back(bare_sqlite_inserts_per_second(dir / "bare100", 20000, 100));
    ours1000.push_back(store_appends_per_second(dir / "b1000", 100000, 1000));
    bare1000.push_back(bare_sqlite_inserts_per_second(dir / "bare1000", 100000, 1000));
  }
  double f = median(fsync), o = median(one);
  fmt::print("disk fdatasync floor           {:>10.0f} /s\n", f);
  fmt::print("1 event per transaction        {:>10.0f} events/s   ratio to fsync floor {:.2f}\n", o,
             o / f);
  for (auto [label, ours, bare] :
       {std::tuple{"batches of 100", median(ours100), median(bare100)},
        std::tuple{"batches of 1000", median(ours1000), median(bare1000)}}) {
    fmt::print("{:<30} {:>10.0f} events/s   bare SQLite {:>10.0f} rows/s   ratio {:.2f}\n", label,
               ours, bare, ours / bare);
  }

  fmt::print("\n== verification of an export of {} events, median of {}\n", events, repeats);
  std::string text = record::export_header_line();
  std::vector<std::string> bodies;
  bodies.reserve(static_cast<size_t>(events));
  {
    auto kp = generate_keypair();
    Digest head = record::kGenesisHash;
    for (int64_t i = 1; i <= events; ++i) {
      record::Event e{static_cast<uint64_t>(i), "2026-11-25T20:00:00.000Z", "member.admitted",
                      "bench", member_payload(i)};
      bodies.push_back(*record::encode_event(e));
      head = record::chain_next(head, bodies.back());
      text += record::export_event_line(bodies.back(), head);
      if (i % 1000 == 0 || i == events) {
        text += record::export_checkpoint_line(
            record::make_checkpoint(static_cast<uint64_t>(i), head, kp));
      }
    }
  }
  double mb = 0;
  for (auto& b : bodies) mb += static_cast<double>(b.size());
  mb /= 1e6;
  std::vector<double> hash_rate, verify_rate, deep_rate;
  Digest sink{};
  for (int r = 0; r < repeats; ++r) {
    auto t = std::chrono::steady_clock::now();
    Digest h = record::kGenesisHash;
    for (auto& b : bodies) h = record::chain_next(h, b);
    hash_rate.push_back(mb / seconds_since(t));
    sink[0] ^= h[0];
    t = std::chrono::steady_clock::now();
    auto report = record::verify_export(text);
    if (!report.ok()) die(report.status());
    verify_rate.push_back(mb / seconds_since(t));
    t = std::chrono::steady_clock::now();
    record::VerifyOptions deep;
    deep.deep = true;
    if (auto d = record::verify_export(text, deep); !d.ok()) die(d.status());
    deep_rate.push_back(mb / seconds_since(t));
  }
  double hr = median(hash_rate), vr = median(verify_rate);
  fmt::print("event bytes                    {:>10.1f} MB ({:.0f} bytes per event)\n", mb,
             mb * 1e6 / static_cast<double>(events));
  fmt::print("bare chained BLAKE2b           {:>10.0f} MB/s\n", hr);
  fmt::print(
      "collegium record verify        {:>10.0f} MB/s   ratio to bare hash {:.2f}   (goal 0.80)\n",
      vr, vr / hr);
  double dr = median(deep_rate);
  fmt::print(
      "collegium record verify --deep {:>10.0f} MB/s   ratio to bare hash {:.2f}   (2 threads)\n",
      dr, dr / hr);
  fs::remove_all(dir);
  return sink[0] == 0xff ? 0 : 0;
}
