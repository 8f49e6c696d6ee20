import { useState } from "preact/hooks";
import type { Body, Member, Motion, Workplace, WorkplaceProduction, WorkplaceTarget } from "../api";
import { ApiError, command, postCsv } from "../api";
import { Link, useLocation } from "../router";
import { useSession } from "../session";
import { limits } from "../limits";
import {
  categoryLabel,
  concerns,
  ErrorBox,
  fieldAria,
  FormFooter,
  kindLabel,
  Loading,
  MemberPicker,
  PageTitle,
  plural,
  TextArea,
  Time,
  useApi,
  useSubmit,
} from "../ui";

const PAGE = 50;

export function WorkplacePage({ id }: { id: string }) {
  const w = useApi<Workplace>(`/api/workplaces/${encodeURIComponent(id)}`);
  if (w.loading && !w.data) return <Loading what="the workplace" />;
  if (w.error)
    return (
      <>
        <PageTitle title="Workplace not found">
          {w.error.status === 404 ? "Workplace not found" : "Cannot show this workplace"}
        </PageTitle>
        <ErrorBox error={w.error} retry={w.reload} />
      </>
    );
  const wp = w.data!;
  return (
    <article>
      <p class="eyebrow">Workplace</p>
      <PageTitle title={wp.name}>{wp.name}</PageTitle>
      <dl class="facts">
        <div>
          <dt>Members</dt>
          <dd>{wp.members.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Branch</dt>
          <dd>{wp.branch_name ?? wp.branch}</dd>
        </div>
        <div>
          <dt>Region</dt>
          <dd>{wp.region_name ?? wp.region}</dd>
        </div>
        <div>
          <dt>Identifier</dt>
          <dd>
            <code>{wp.id}</code>
          </dd>
        </div>
      </dl>

      <section aria-labelledby="bodies-h">
        <h2 id="bodies-h">Its committees</h2>
        {wp.bodies.length === 0 ? (
          <p>No committee is elected here yet.</p>
        ) : (
          <ul class="link-list" data-testid="workplace-bodies">
            {wp.bodies.map((b) => (
              <li key={b.id}>
                <Link href={`/bodies/${encodeURIComponent(b.id)}`}>{b.name}</Link>{" "}
                <span class="meta">
                  {kindLabel(b.kind)} · {plural(b.seats, "seat")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <p>
        <Link href={`/workplaces/${encodeURIComponent(wp.id)}/fulfilment`} data-testid="fulfilment-link">
          How it carries out the plan
        </Link>
        : its report periods, the forecaster's readings and its signals.
      </p>

      <Production workplace={wp.id} />

      <Targets workplace={wp.id} />

      <section aria-labelledby="shops-h">
        <h2 id="shops-h">Shops</h2>
        {wp.shops.length === 0 ? (
          <p>This workplace has no shops.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Shop</th>
                  <th scope="col" class="num">
                    Members
                  </th>
                </tr>
              </thead>
              <tbody>
                {wp.shops.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td class="num">{s.members.toLocaleString("en")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <Members workplace={wp.id} total={wp.members} />

      {wp.bodies.some((b) => b.kind === "workplace_committee") && (
        <Removals workplace={wp} committee={wp.bodies.find((b) => b.kind === "workplace_committee")!.id} />
      )}
    </article>
  );
}

function Members({ workplace, total }: { workplace: string; total: number }) {
  const { me, loading } = useSession();
  const { path, query } = useLocation();
  const offset = Math.max(0, Number.parseInt(query.get("offset") ?? "0", 10) || 0);
  const list = useApi<{ members: Member[] }>(
    me ? `/api/members?workplace=${encodeURIComponent(workplace)}&offset=${offset}&limit=${PAGE}` : null,
  );
  return (
    <section aria-labelledby="members-h">
      <h2 id="members-h">Members</h2>
      {loading ? null : !me ? (
        <p>
          Members see each other's names. <Link href={`/login?next=${encodeURIComponent(path)}`}>Log in</Link> to see
          who works here.
        </p>
      ) : list.error ? (
        <ErrorBox error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="the members" />
      ) : (
        <>
          <p class="muted">
            {total === 0
              ? "No members."
              : `Showing ${offset + 1}–${Math.min(offset + list.data.members.length, total)} of ${total.toLocaleString("en")}.`}
          </p>
          <ul class="columns" data-testid="members">
            {list.data.members.map((m) => (
              <li key={m.id}>
                <Link href={`/members/${encodeURIComponent(m.id)}`}>{m.name}</Link>{" "}
                <span class="meta">{categoryLabel(m.category)}</span>
              </li>
            ))}
          </ul>
          <nav class="pager" aria-label="Pages of members">
            {offset > 0 && (
              <Link href={`${path}?offset=${Math.max(0, offset - PAGE)}`} rel="prev">
                ← Previous
              </Link>
            )}
            {offset + PAGE < total && (
              <Link href={`${path}?offset=${offset + PAGE}`} rel="next">
                Next →
              </Link>
            )}
          </nav>
        </>
      )}
    </section>
  );
}

const figure = (v: number) => v.toLocaleString("en", { maximumFractionDigits: 6 });

// What the workplace makes and can make, as the federation's economy holds it (C1, C4),
// with who changed it and when; its committee's members may change it here.
function Production({ workplace }: { workplace: string }) {
  const path = `/api/workplaces/${encodeURIComponent(workplace)}/production`;
  const p = useApi<WorkplaceProduction>(path);
  const { me } = useSession();
  const committee = useApi<Body>(
    me && p.data?.committee ? `/api/bodies/${encodeURIComponent(p.data.committee)}` : null,
  );
  const seated = !!me && !!committee.data?.seat_holders.some((s) => s.holder === me.member);
  // Kept here: saving reloads the data, and the forms with it.
  const [saved, setSaved] = useState<string | null>(null);
  const notify = (message: string | null) => {
    setSaved(message);
    if (message) p.reload();
  };
  return (
    <section aria-labelledby="production-h" data-testid="production">
      <h2 id="production-h">Production</h2>
      {p.error ? (
        p.error.status === 404 ? (
          <p>The federation's economy holds no production data for this workplace.</p>
        ) : (
          <ErrorBox error={p.error} retry={p.reload} />
        )
      ) : !p.data ? (
        <Loading what="the production data" />
      ) : (
        <>
          <dl class="facts">
            <div>
              <dt>Makes</dt>
              <dd>
                {p.data.product_name} <span class="meta">({p.data.unit || p.data.product})</span>
              </dd>
            </div>
            <div>
              <dt>Capacity a year</dt>
              <dd data-testid="capacity">{figure(p.data.capacity)}</dd>
            </div>
            <div>
              <dt>Workers</dt>
              <dd>{figure(p.data.workers)}</dd>
            </div>
          </dl>
          <div class="table-wrap">
            <table>
              <caption>Hours per unit made, by member category</caption>
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col" class="num">
                    Hours per unit
                  </th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(p.data.hours).map(([category, hours]) => (
                  <tr key={category}>
                    <td>{categoryLabel(category)}</td>
                    <td class="num">{figure(hours)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.data.inputs.length === 0 ? (
            <p class="muted">It works with its product's inputs as the economy's technology gives them.</p>
          ) : (
            <div class="table-wrap">
              <table>
                <caption>Its own inputs per unit made</caption>
                <thead>
                  <tr>
                    <th scope="col">Input</th>
                    <th scope="col" class="num">
                      Per unit
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.data.inputs.map((i) => (
                    <tr key={i.input}>
                      <td>{i.input_name}</td>
                      <td class="num">{figure(i.coefficient)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>Changes</h3>
          <ol class="link-list" data-testid="production-history">
            {p.data.history.map((c) => (
              <li key={c.seq}>
                {c.kind === "imported" ? "Imported with the economy" : `Changed ${c.changed.join(", ")}`} by{" "}
                {c.kind === "imported" ? (
                  c.actor_name
                ) : (
                  <Link href={`/members/${encodeURIComponent(c.actor)}`}>{c.actor_name}</Link>
                )}{" "}
                <span class="meta">
                  {c.time.slice(0, 16).replace("T", " ")} ·{" "}
                  <Link href={`/record?after=${Math.max(0, c.seq - 1)}`}>event {c.seq}</Link>
                </span>
              </li>
            ))}
          </ol>
          {seated && (
            <>
              {saved && (
                <p class="notice ok" role="status">
                  {saved}
                </p>
              )}
              <ProductionForm data={p.data} notify={notify} />
              <CsvUpload path={path} notify={notify} />
            </>
          )}
        </>
      )}
    </section>
  );
}

// `notify` gets null as a change is sent, and what to say once it is saved.
type Notify = (message: string | null) => void;

function ProductionForm({ data, notify }: { data: WorkplaceProduction; notify: Notify }) {
  const [capacity, setCapacity] = useState(String(data.capacity));
  const [workers, setWorkers] = useState(String(data.workers));
  const [hours, setHours] = useState<Record<string, string>>(
    Object.fromEntries(Object.entries(data.hours).map(([k, v]) => [k, String(v)])),
  );
  const act = useSubmit(
    () => {
      notify(null);
      return command({
        set_workplace_production: {
          workplace: data.workplace,
          capacity: Number(capacity),
          workers: Number(workers),
          hours: Object.fromEntries(Object.entries(hours).map(([k, v]) => [k, Number(v)])),
        },
      });
    },
    () => notify("The figures are saved in the public record."),
  );
  const number = (id: string, label: string, value: string, set: (v: string) => void, pointer: string) => (
    <div class="field" key={id}>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="number"
        min="0"
        step="any"
        required
        value={value}
        onInput={(e) => set((e.target as HTMLInputElement).value)}
        {...fieldAria(concerns(act.error, pointer), "production-error")}
      />
    </div>
  );
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="production-form-h" data-testid="production-form">
      <h3 id="production-form-h">Change the production data</h3>
      <p class="hint">As a member of the committee, you keep these figures current. The change is public.</p>
      {number("production-capacity", "Capacity a year", capacity, setCapacity, "/capacity")}
      {number("production-workers", "Workers", workers, setWorkers, "/workers")}
      {Object.keys(hours).map((k) =>
        number(
          `production-hours-${k}`,
          `${categoryLabel(k)} hours per unit`,
          hours[k],
          (v) => setHours({ ...hours, [k]: v }),
          `/hours/${k}`,
        ),
      )}
      <FormFooter action={act} label="Save the figures" busyLabel="Saving…" errorId="production-error" />
    </form>
  );
}

function CsvUpload({ path, notify }: { path: string; notify: Notify }) {
  const [csv, setCsv] = useState("");
  const act = useSubmit(
    () => {
      notify(null);
      // The server names the upload's cell as "body:LINE:COLUMN"; say it in words.
      return postCsv(path, csv).catch((e: unknown) => {
        const at = e instanceof ApiError ? /^body:(\d+):(\d+)$/.exec(e.field ?? "") : null;
        if (e instanceof ApiError && at)
          throw new ApiError(e.status, e.code, `Line ${at[1]}, column ${at[2]}: ${e.detail}`, e.field);
        throw e;
      });
    },
    () => notify("The upload is saved in the public record."),
  );
  const readFile = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) setCsv(await file.text());
  };
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="csv-form-h" data-testid="production-csv">
      <h3 id="csv-form-h">Upload the figures as CSV</h3>
      <div class="field">
        <label for="csv-file">A CSV file</label>
        <input id="csv-file" type="file" accept=".csv,text/csv" onChange={readFile} />
      </div>
      <div class="field">
        <label for="csv-text">Or the CSV itself</label>
        <textarea
          id="csv-text"
          rows={4}
          required
          value={csv}
          onInput={(e) => setCsv((e.target as HTMLTextAreaElement).value)}
          {...fieldAria(!!act.error, "csv-error", "csv-hint")}
        />
        <p class="hint" id="csv-hint">
          Columns <code>capacity</code>, <code>workers</code> and one per category (hours per unit), in one row;
          or <code>input</code> and <code>coefficient</code>, a row per input. An error names the line and column.
        </p>
      </div>
      <FormFooter action={act} label="Upload" busyLabel="Uploading…" errorId="csv-error" />
    </form>
  );
}

// The targets of the plans the members adopted (issue #14; C3), newest first.
function Targets({ workplace }: { workplace: string }) {
  const t = useApi<{ targets: WorkplaceTarget[] }>(`/api/workplaces/${encodeURIComponent(workplace)}/targets`);
  return (
    <section aria-labelledby="targets-h" data-testid="workplace-targets">
      <h2 id="targets-h">Plan targets</h2>
      {t.error ? (
        <ErrorBox error={t.error} retry={t.reload} />
      ) : !t.data ? (
        <Loading what="the plan targets" />
      ) : t.data.targets.length === 0 ? (
        <p>
          No plan with targets for this workplace has been adopted yet. See the <Link href="/rounds">plans</Link>.
        </p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>Targets of the adopted plans, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Product</th>
                <th scope="col" class="num">
                  Target
                </th>
                <th scope="col">Plan</th>
              </tr>
            </thead>
            <tbody>
              {t.data.targets.map((x) => (
                <tr key={`${x.round}-${x.product}`}>
                  <th scope="row">{x.period}</th>
                  <td>{x.product}</td>
                  <td class="num" data-testid="target">
                    {figure(x.target)}
                  </td>
                  <td>
                    <Link href={`/rounds/${encodeURIComponent(x.round)}`}>the round</Link>{" "}
                    <span class="meta">
                      (<Link href={`/record?after=${Math.max(0, x.seq - 1)}`}>event {x.seq}</Link>)
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// Removal from membership (A12): a seat holder of the workplace's committee proposes it with a
// reason (`propose_removal`), the committee votes on it as a motion, and a removed member may
// appeal to the body above. The open proposals are listed for the committee's seat holders,
// who vote on them on the motions page.
function Removals({ workplace, committee }: { workplace: Workplace; committee: string }) {
  const { me } = useSession();
  const body = useApi<Body>(me && !me.operator ? `/api/bodies/${encodeURIComponent(committee)}` : null);
  const seated = !!me && !!body.data?.seat_holders.some((s) => s.holder === me.member);
  const open = useApi<{ motions: Motion[] }>(
    seated ? `/api/motions?body=${encodeURIComponent(committee)}&state=open` : null,
  );
  if (!seated) return null;
  const removals = (open.data?.motions ?? []).filter((m) => m.kind === "removal");
  return (
    <section aria-labelledby="removal-h">
      <h2 id="removal-h">Removal from membership</h2>
      <p>
        As a seat holder of{" "}
        <Link href={`/bodies/${encodeURIComponent(committee)}`}>{body.data!.name}</Link> you may propose to remove a
        member of {workplace.name}; the committee decides by vote.
      </p>
      {removals.length > 0 && (
        <>
          <h3>Proposals before the committee</h3>
          <ul class="link-list" data-testid="open-removals">
            {removals.map((m) => (
              <li key={m.id}>
                <Link href={`/motions/${encodeURIComponent(m.id)}`}>{m.text}</Link>{" "}
                <span class="meta">
                  · proposed by {m.proposed_by_name} · open until <Time iso={m.closes} />
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <ProposeRemoval workplace={workplace.id} committee={body.data!.name} refresh={open.refresh} />
    </section>
  );
}

function ProposeRemoval({ workplace, committee, refresh }: { workplace: string; committee: string; refresh: () => void }) {
  const constitution = useApi<{ constitution: { appeal_days?: number } }>("/api/constitution");
  const [member, setMember] = useState<Member | null>(null);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<{ name: string; motion: string } | null>(null);
  const [missing, setMissing] = useState(false);
  const act = useSubmit(
    () => {
      setDone(null);
      setMissing(!member);
      if (!member) return undefined;
      return command({ propose_removal: { member: member.id, reason: reason.trim() } });
    },
    (reply) => {
      setDone({ name: member!.name, motion: reply.created[0] ?? "" });
      setMember(null);
      setReason("");
      refresh();
    },
  );
  const days = constitution.data?.constitution.appeal_days;
  const err = "removal-error";
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="removal-form-h" data-testid="propose-removal">
      <h3 id="removal-form-h">Propose a removal</h3>
      <MemberPicker
        id="removal-member"
        label="Member to remove: search by name"
        workplace={workplace}
        chosen={member?.id ?? ""}
        onChoose={(m) => {
          setMember(m);
          setMissing(false);
        }}
        pointer="/member"
        error={act.error}
        errorId={err}
      />
      {missing && (
        <p class="notice error" role="alert">
          Choose the member to remove first.
        </p>
      )}
      <TextArea
        id="removal-reason"
        label="Reason"
        value={reason}
        onValue={setReason}
        max={limits.motion}
        pointer="/reason"
        error={act.error}
        errorId={err}
        rows={4}
        hint={
          <>
            The reason is published with the motion, and the body that hears an appeal reads it. A removal is never a
            sanction for an opinion (A12).
            {days !== undefined && <> A member removed may appeal within {plural(days, "day")}.</>}
          </>
        }
      />
      <FormFooter action={act} label="Propose the removal" busyLabel="Proposing…" errorId={err}>
        {done && (
          <p class="notice ok" role="status" data-testid="removal-done">
            The removal of {done.name} is before {committee} as a motion
            {done.motion && (
              <>
                : <Link href={`/motions/${encodeURIComponent(done.motion)}`}>vote on it on its page</Link>
              </>
            )}
            .
          </p>
        )}
      </FormFooter>
    </form>
  );
}
