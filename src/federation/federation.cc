#include "federation/federation.h"

#include "federation/restore.h"
#include "federation/rules.h"

namespace collegium::federation {

Result<std::unique_ptr<Federation>> Federation::open(const std::filesystem::path& data_dir,
                                                     const Options& options) {
  std::unique_ptr<Federation> f(new Federation());
  store::StoreOptions so;
  so.create = options.create;
  so.vfs = options.vfs;
  so.private_migrations = options.private_migrations;
  so.clock = options.clock;
  so.projector = &f->projector_;
  f->store_ = TRY(store::Store::open(data_dir, so));
  f->registry_ = std::make_unique<SqlRegistry>(f->store_->db());
  // A restored backup, opened for the first time: the clock records the restore and
  // restarts voting where the backup held no ballots (restore.h), in one transaction
  // that also takes the backup's marker away, so that this happens once.
  if (auto marker = f->store_->backup_marker()) {
    Federation& fed = *f;
    TRY(fed.store_->transact([&](store::Transaction& txn) -> Status {
      Actor clock{std::string(kClock), fed.store_->now(), fed.store_->head_seq() + 1,
                  fed.store_->head_hash()};
      Decision d = TRY(decide_restore(*fed.registry_, *marker, clock));
      for (auto& e : d.events) {
        TRY(txn.append(std::move(e.type), std::string(kClock), std::move(e.payload)));
      }
      return fed.store_->clear_backup_marker();
    }));
    TRY(fed.projector_.box().scrub(*fed.store_));
  }
  return f;
}

Status Federation::execute(std::span<const LabelledCommand> commands, std::string_view actor,
                           const ExecuteOptions& options) {
  const auto& progress = options.progress;
  Status done = store_->transact([&](store::Transaction& txn) -> Status {
    // The registry view reads this transaction's own writes, so each command is decided
    // against the state that the commands before it produced.
    auto run = [&](const Command& command) -> Status {
      Actor who{std::string(actor), store_->now(), store_->head_seq() + 1, store_->head_hash()};
      Decision d = TRY(decide(*registry_, command, who));
      for (auto& e : d.events)
        TRY(txn.append(std::move(e.type), std::string(actor), std::move(e.payload)));
      if (d.sealed) TRY(registry_->seal(*d.sealed));
      if (d.minutes) TRY(registry_->seal_minutes(*d.minutes));
      return {};
    };
    for (size_t i = 0; i < commands.size(); ++i) {
      Status s = std::holds_alternative<Advance>(commands[i].command) ? advance(actor, run)
                                                                      : run(commands[i].command);
      if (!s.ok()) return s.within(commands[i].label);
      if (progress && (i & 0x3ff) == 0) progress(i);
    }
    if (options.summary) {
      TRY(txn.append(options.summary->type, std::string(actor), options.summary->payload));
    }
    if (progress) progress(commands.size());
    return {};
  });
  // A closed poll emptied its part of the sealed box: clear the log that still holds the
  // ballots' rows, so that they exist only in the published, shuffled form (invariant 3).
  TRY(projector_.box().scrub(*store_));
  return done;
}

Status Federation::advance(std::string_view actor,
                           const std::function<Status(const Command&)>& run) {
  if (actor != kClock) return permission_denied("only the server's clock moves time forward");
  std::string now = store_->now();
  Constitution c = registry_->constitution();
  auto due = registry_->due(now, rules::plus_seconds(now, c.election_lead_seconds));
  // Motions first: an amendment carried now governs what follows.
  for (const auto& id : due.motions) TRY(run(CloseMotion{id}));
  for (const auto& id : due.polls) TRY(run(ClosePoll{id}));
  for (const auto& id : due.mandates) TRY(run(EndTerm{id}));
  for (const auto& id : due.bodies) TRY(run(CallDueElection{id}));
  for (const auto& id : due.rounds) TRY(run(CloseRound{id}));
  for (const auto& id : due.signals) TRY(run(EscalateSignal{id}));
  for (const auto& [meeting, item] : due.items) TRY(run(PublishItem{meeting, item}));
  return {};
}

Status Federation::execute(const Command& command, std::string_view actor) {
  LabelledCommand one{command, ""};
  return execute(std::span<const LabelledCommand>(&one, 1), actor, {});
}

Status Federation::execute_each(std::span<Submitted> commands) {
  Status s = store_->transact([&](store::Transaction& txn) -> Status {
    for (auto& c : commands) {
      c.first_seq = store_->head_seq() + 1;
      if (std::holds_alternative<Advance>(c.command)) {
        c.status = permission_denied("only the server's clock moves time forward");
        continue;
      }
      Actor who{c.actor, store_->now(), c.first_seq, store_->head_hash()};
      auto d = decide(*registry_, c.command, who);
      if (!d.ok()) {
        c.status = std::move(d).status();
        continue;
      }
      for (auto& e : d->events) {
        if (auto id = e.payload.find("id"); id != e.payload.end() && id->is_string()) {
          c.created.push_back(id->get<std::string>());
        }
        TRY(txn.append(std::move(e.type), c.actor, std::move(e.payload)));
      }
      if (d->sealed) TRY(registry_->seal(*d->sealed));
      if (d->minutes) TRY(registry_->seal_minutes(*d->minutes));
      c.status = {};
      c.last_seq = store_->head_seq();
    }
    return {};
  });
  if (!s.ok()) {
    for (auto& c : commands) c.status = s;
  }
  // As execute(): the clock's ClosePoll may come through here too.
  TRY(projector_.box().scrub(*store_));
  return s;
}

Status Federation::note(std::string type, std::string_view actor, Json payload) {
  return store_->transact([&](store::Transaction& txn) -> Status {
    TRY(txn.append(std::move(type), std::string(actor), std::move(payload)));
    return {};
  });
}

Result<Counts> Federation::counts() {
  Counts c;
  auto q = TRY(
      store_->db().prepare("SELECT (SELECT COUNT(*) FROM regions), (SELECT COUNT(*) FROM branches),"
                           " (SELECT COUNT(*) FROM workplaces), (SELECT COUNT(*) FROM shops),"
                           " (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM bodies),"
                           " (SELECT COUNT(*) FROM members WHERE category = 'production'),"
                           " (SELECT COUNT(*) FROM members WHERE category = 'technical'),"
                           " (SELECT COUNT(*) FROM members WHERE category = 'administrative')"));
  TRY(q.step());
  c.regions = q.column_int(0);
  c.branches = q.column_int(1);
  c.workplaces = q.column_int(2);
  c.shops = q.column_int(3);
  c.members = q.column_int(4);
  c.bodies = q.column_int(5);
  c.production = q.column_int(6);
  c.technical = q.column_int(7);
  c.administrative = q.column_int(8);
  return c;
}

}  // namespace collegium::federation
