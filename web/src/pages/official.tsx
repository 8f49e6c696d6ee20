// An official's record: the mandates they held and where each came from, how they voted in
// bodies, their reports back to their electors, their manual labour and its confirmations,
// and the recall petitions against them.
import { useState } from "preact/hooks";
import type { Mandate, Official, Shop, Workplace } from "../api";
import { command } from "../api";
import { Link } from "../router";
import { useSession } from "../session";
import { limits } from "../limits";
import {
  ActionError,
  categoryLabel,
  concerns,
  ErrorBox,
  fieldAria,
  FormFooter,
  Loading,
  originLabel,
  PageTitle,
  plural,
  PublicNote,
  TextArea,
  Time,
  useAction,
  useApi,
  useMyself,
  useSubmit,
} from "../ui";
import { OpenRecall } from "./recalls";

export function OfficialPage({ id }: { id: string }) {
  const { me } = useSession();
  const o = useApi<Official>(`/api/officials/${encodeURIComponent(id)}`);
  if (o.error)
    return (
      <>
        <PageTitle title="Official not found">
          {o.error.status === 404 ? "Official not found" : "Cannot show this official"}
        </PageTitle>
        <ErrorBox error={o.error} retry={o.reload} />
      </>
    );
  if (!o.data) return <Loading what="the official" />;
  const off = o.data;
  const running = off.mandates.filter((m) => !m.ended);
  return (
    <article>
      <p class="eyebrow">Official's record</p>
      <PageTitle title={off.name}>{off.name}</PageTitle>
      <p>
        {categoryLabel(off.category)} member
        {me && (
          <>
            {" "}
            · <Link href={`/members/${encodeURIComponent(off.id)}`}>member page</Link>
          </>
        )}
      </p>
      <PublicNote />

      <section aria-labelledby="mandates-h">
        <h2 id="mandates-h">Mandates</h2>
        {off.mandates.length === 0 ? (
          <p data-testid="mandates">No mandates.</p>
        ) : (
          <ul class="cards" data-testid="mandates">
            {off.mandates.map((m) => (
              <li key={m.id} class="card">
                <p>
                  <Link href={`/bodies/${encodeURIComponent(m.body)}`}>{m.body_name}</Link>{" "}
                  <span class="meta">· {m.ended ? "ended" : "running"}</span>
                </p>
                <p>
                  Origin: {originLabel(m.origin)}
                  {m.origin === "election" || m.origin === "count_back" ? (
                    <>
                      {" "}
                      (<Link href={`/elections/${encodeURIComponent(m.source)}`}>
                        {m.origin === "count_back" ? "count-back on the ballots of" : "election"} {m.source}
                      </Link>
                      )
                    </>
                  ) : m.source ? (
                    <> ({m.source})</>
                  ) : null}
                  {m.consenting_body && (
                    <>
                      , with the consent of{" "}
                      <Link href={`/bodies/${encodeURIComponent(m.consenting_body)}`}>
                        {m.consenting_body_name ?? m.consenting_body}
                      </Link>
                    </>
                  )}
                  .
                </p>
                <p class="meta">
                  From <Time iso={m.started} /> {m.ended ? <>to <Time iso={m.ended} /> ({m.end_reason})</> : <>until <Time iso={m.ends} /></>}
                </p>
                {!m.ended && m.report_due && (
                  <p class={m.report_overdue ? "notice error" : "meta"} data-testid={`report-due-${m.id}`}>
                    {m.report_overdue ? (
                      <>
                        <strong>Report overdue:</strong> the next report back was due <Time iso={m.report_due} />.
                      </>
                    ) : (
                      <>Next report back due <Time iso={m.report_due} />.</>
                    )}
                  </p>
                )}
                {!m.ended && me && !me.operator && me.member !== off.id && (
                  <OpenRecall mandate={m.id} holder={off.name} onOpened={o.reload} />
                )}
              </li>
            ))}
          </ul>
        )}
        {running.length > 0 && <p class="muted">Only those who elected a holder can petition to recall them.</p>}
      </section>

      <section aria-labelledby="reports-h">
        <h2 id="reports-h">Reports back</h2>
        <p class="muted">Officials report to those who elected them at the interval the constitution sets.</p>
        {(off.reports ?? []).length === 0 ? (
          <p data-testid="reports">No reports yet.</p>
        ) : (
          <ul class="cards" data-testid="reports">
            {[...(off.reports ?? [])]
              .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))
              .map((r) => (
                <li key={r.id} class="card">
                  <p class="meta">
                    <Time iso={r.time} /> · to the electors of{" "}
                    <Link href={`/bodies/${encodeURIComponent(r.body)}`}>{r.body_name}</Link>
                  </p>
                  <p class="report-text">{r.text}</p>
                </li>
              ))}
          </ul>
        )}
        {me && !me.operator && me.member === off.id && running.length > 0 && (
          <ReportForm running={running} reload={o.refresh} />
        )}
      </section>

      <section aria-labelledby="votes-h">
        <h2 id="votes-h">Votes cast in bodies</h2>
        {off.votes.length === 0 ? (
          <p>No votes on motions.</p>
        ) : (
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="votes-cap">
            <table>
              <caption id="votes-cap" class="visually-hidden">
                Votes of {off.name} on motions
              </caption>
              <thead>
                <tr>
                  <th scope="col">Body</th>
                  <th scope="col">Motion</th>
                  <th scope="col">Vote</th>
                </tr>
              </thead>
              <tbody>
                {off.votes.map((v) => (
                  <tr key={v.motion}>
                    <td>
                      <Link href={`/motions?body=${encodeURIComponent(v.body)}`}>{v.body_name}</Link>
                    </td>
                    <td>
                      <Link href={`/motions/${encodeURIComponent(v.motion)}`}>{v.text}</Link>
                    </td>
                    <td>{v.choice === "abstain" ? "abstained" : v.choice}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="labour-h">
        <h2 id="labour-h">Manual labour</h2>
        <p>
          {off.labour_days_confirmed} confirmed days; the constitution asks officials for {off.labour_days_a_year} days a
          year at the bench.
        </p>
        {me && !me.operator && me.member === off.id && <LogLabour refresh={o.refresh} />}
        {off.labour.length === 0 ? (
          <p>No labour logged.</p>
        ) : (
          <ul class="cards" data-testid="labour">
            {off.labour.map((l) => (
              <li key={l.id} class="card">
                <p>
                  <Time iso={l.start} />, {l.days} {l.days === 1 ? "day" : "days"} in <code>{l.shop}</code>
                  {l.note && <> — {l.note}</>}
                </p>
                {l.confirmed_by ? (
                  <p class="meta">
                    Confirmed by{" "}
                    <Link href={`/officials/${encodeURIComponent(l.confirmed_by)}`}>
                      {l.confirmed_by_name ?? l.confirmed_by}
                    </Link>
                    .
                  </p>
                ) : (
                  <Confirm entry={l.id} official={off.id} reload={o.reload} />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="recalls-h">
        <h2 id="recalls-h">Recall petitions</h2>
        {off.recalls.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul class="link-list" data-testid="official-recalls">
            {off.recalls.map((r) => (
              <li key={r.id}>
                <q>{r.reason}</q>{" "}
                <span class="meta">
                  · {r.official?.body_name} · {r.state} · {plural(r.signatures, "signature")} of{" "}
                  {r.threshold.toLocaleString("en")} needed
                </span>
                {r.poll && (
                  <>
                    {" "}
                    · <Link href={`/elections/${encodeURIComponent(r.poll)}`}>the recall vote</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

function Confirm({ entry, official, reload }: { entry: string; official: string; reload: () => void }) {
  const { me } = useSession();
  const act = useAction();
  if (!me || me.operator || me.member === official) return <p class="meta">Not confirmed yet.</p>;
  return (
    <div class="action" data-testid="confirm-labour">
      <span class="meta">Not confirmed yet. </span>
      <button
        type="button"
        class="secondary small"
        disabled={act.busy}
        onClick={async () => {
          if (await act.run(() => command({ confirm_labour: { entry } }))) reload();
        }}
      >
        I worked beside them: confirm
      </button>
      <ActionError error={act.error} />
    </div>
  );
}

// The official's own form to report back on one of their running mandates.
function ReportForm({ running, reload }: { running: Mandate[]; reload: () => void }) {
  const [mandate, setMandate] = useState(running[0].id);
  const [text, setText] = useState("");
  const [done, setDone] = useState(false);
  const act = useSubmit(
    () => {
      setDone(false);
      return command({ report_back: { mandate, text: text.trim() } });
    },
    () => {
      setText("");
      setDone(true);
      reload();
    },
  );
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="report-form-h" data-testid="report-back">
      <h3 id="report-form-h">Publish a report back</h3>
      <div class="field">
        <label for="report-mandate">Mandate to report on</label>
        <select
          id="report-mandate"
          value={mandate}
          onChange={(e) => setMandate((e.target as HTMLSelectElement).value)}
          {...fieldAria(concerns(act.error, "/mandate"), "report-error")}
        >
          {running.map((m) => (
            <option key={m.id} value={m.id}>
              {m.body_name}
            </option>
          ))}
        </select>
      </div>
      <TextArea
        id="report-text"
        label="Your report"
        value={text}
        onValue={setText}
        max={limits.report}
        pointer="/text"
        error={act.error}
        errorId="report-error"
        rows={4}
        hint="The report is public and goes to the electors of that body."
      />
      <FormFooter action={act} label="Publish the report" busyLabel="Publishing…" errorId="report-error">
        {done && (
          <p class="notice ok" role="status">
            Your report is published.
          </p>
        )}
      </FormFooter>
    </form>
  );
}

// Today's date in UTC, as the server compares a first day with it.
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

// An official's own form to log days of manual labour (A11, `log_labour`): where (a shop of
// any workplace, their own first), from which day, how many days, and a note. A member of
// that shop confirms it afterwards.
function LogLabour({ refresh }: { refresh: () => void }) {
  const myself = useMyself();
  const workplaces = useApi<{ workplaces: { id: string; name: string }[] }>("/api/workplaces?limit=1000");
  const [workplace, setWorkplace] = useState("");
  const [shop, setShop] = useState("");
  const [start, setStart] = useState(today());
  const [days, setDays] = useState("1");
  const [note, setNote] = useState("");
  const [done, setDone] = useState("");
  const where = workplace || myself?.workplace || "";
  const detail = useApi<Workplace>(where ? `/api/workplaces/${encodeURIComponent(where)}` : null);
  const shops: Shop[] = detail.data?.shops ?? [];
  const chosenShop = shops.some((s) => s.id === shop)
    ? shop
    : (shops.find((s) => s.id === myself?.shop)?.id ?? shops[0]?.id ?? "");
  const n = Number(days);
  const daysBad = !Number.isInteger(n) || n < 1 || n > 31;
  const startBad = !/^\d{4}-\d{2}-\d{2}$/.test(start) || start > today();
  const act = useSubmit(
    () => {
      setDone("");
      if (daysBad || startBad || !chosenShop) return undefined;
      return command({ log_labour: { shop: chosenShop, start, days: n, note: note.trim() } });
    },
    () => {
      const name = shops.find((s) => s.id === chosenShop)?.name ?? chosenShop;
      setDone(
        `${plural(n, "day")} from ${start} in the ${name} shop ${n === 1 ? "is" : "are"} logged. A member of that shop, not you, confirms ${n === 1 ? "it" : "them"} below.`,
      );
      setNote("");
      refresh();
    },
  );
  const err = "labour-error";
  if (!myself) return null;
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="labour-form-h" data-testid="log-labour" noValidate>
      <h3 id="labour-form-h">Log manual labour</h3>
      <p class="hint">
        Days worked in production, in any shop. They count once a member of that shop confirms them, and a year's
        confirmed days are a condition of re-election.
      </p>
      <div class="field">
        <label for="labour-workplace">Workplace</label>
        <select
          id="labour-workplace"
          value={where}
          onChange={(e) => {
            setWorkplace((e.target as HTMLSelectElement).value);
            setShop("");
          }}
        >
          {(workplaces.data?.workplaces ?? [{ id: myself.workplace, name: myself.workplace_name ?? myself.workplace }]).map(
            (w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ),
          )}
        </select>
      </div>
      <div class="field">
        <label for="labour-shop">Shop</label>
        <select
          id="labour-shop"
          value={chosenShop}
          required
          onChange={(e) => setShop((e.target as HTMLSelectElement).value)}
          {...fieldAria(concerns(act.error, "/shop"), err)}
        >
          {shops.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        {detail.data && shops.length === 0 && <p class="hint">This workplace has no shops to log labour in.</p>}
      </div>
      <div class="field">
        <label for="labour-start">First day</label>
        <input
          id="labour-start"
          type="date"
          required
          max={today()}
          value={start}
          onInput={(e) => setStart((e.target as HTMLInputElement).value)}
          {...fieldAria(startBad || concerns(act.error, "/start"), startBad ? "labour-start-bad" : err, "labour-start-hint")}
        />
        <p id="labour-start-hint" class="hint">
          Today or earlier: labour is logged once it has started.
        </p>
        {startBad && (
          <p id="labour-start-bad" class="hint counter over">
            {start ? "The first day cannot be after today." : "Give the first day."}
          </p>
        )}
      </div>
      <div class="field">
        <label for="labour-days">Days</label>
        <input
          id="labour-days"
          type="number"
          inputMode="numeric"
          required
          min={1}
          max={31}
          step={1}
          value={days}
          onInput={(e) => setDays((e.target as HTMLInputElement).value)}
          {...fieldAria(daysBad || concerns(act.error, "/days"), daysBad ? "labour-days-bad" : err, "labour-days-hint")}
        />
        <p id="labour-days-hint" class="hint">
          1 to 31 days at a time.
        </p>
        {daysBad && (
          <p id="labour-days-bad" class="hint counter over">
            Log a whole number of days from 1 to 31.
          </p>
        )}
      </div>
      <TextArea
        id="labour-note"
        label="Note (optional)"
        value={note}
        onValue={setNote}
        max={limits.labourNote}
        pointer="/note"
        error={act.error}
        errorId={err}
        rows={2}
        required={false}
        hint="What you did there. The note is public, with the days."
      />
      <FormFooter action={act} label="Log the days" busyLabel="Logging…" errorId={err}>
        {done && (
          <p class="notice ok" role="status" data-testid="labour-done">
            {done}
          </p>
        )}
      </FormFooter>
    </form>
  );
}
