// Signals (issue #16; C6): the deviations the forecaster raised, before the bodies that must
// deal with them. A page per body (what is due, overdue first) and a page per signal: its
// reading in words, why the model read it so, its history step by step, what a shortfall
// would cut, and for a seat holder of the body it is before, acknowledge and resolve.
import { useState } from "preact/hooks";
import type { Body, Get } from "../api";
import { command } from "../api";
import { Link, navigate, useLocation } from "../router";
import { useSession } from "../session";
import { ErrorBox, FormFooter, Loading, PageTitle, plural, PublicNote, TextArea, Time, useApi, useSubmit } from "../ui";
import { figure, levelNames, num, percent, probabilityWords, readingLabel, SignalTable } from "./fulfilment";

type SignalList = Get<"/api/signals">;
type SignalDetail = Get<"/api/signals/{id}">;
type MotionList = Get<"/api/motions">;

const PAGE = 50;
const NOTE_CHARS = 4000;

const states: [string, string][] = [
  ["open", "Open"],
  ["resolved", "Resolved"],
  ["", "All"],
];

// Every signal, or those before one body: open ones by default, overdue first.
export function SignalsPage({ body }: { body?: string }) {
  const { path, query } = useLocation();
  const state = query.get("state") ?? "open";
  const offset = Math.max(0, Number.parseInt(query.get("offset") ?? "0", 10) || 0);
  const params = new URLSearchParams();
  if (body) params.set("body", body);
  if (state) params.set("state", state);
  params.set("offset", String(offset));
  params.set("limit", String(PAGE));
  const list = useApi<SignalList>(`/api/signals?${params.toString()}`);
  const b = useApi<Body>(body ? `/api/bodies/${encodeURIComponent(body)}` : null);
  const title = body ? `Signals before ${b.data?.name ?? body}` : "Signals";
  const go = (s: string, o = 0) => {
    const q = new URLSearchParams();
    q.set("state", s);
    if (o) q.set("offset", String(o));
    navigate(`${path}?${q.toString()}`, true);
  };
  return (
    <article>
      <p class="eyebrow">The plan carried out</p>
      <PageTitle title={title}>{title}</PageTitle>
      <PublicNote />
      <p class="lede">
        A signal goes first to the workplace's committee, which has a time to acknowledge it and a time to record
        what it decided; when either passes, it climbs to the union body of the branch, then to the central council.
        {body && (
          <>
            {" "}
            <Link href={`/bodies/${encodeURIComponent(body)}`}>The body's page</Link>.
          </>
        )}
      </p>
      <div class="filters" role="group" aria-label="Which signals">
        <div class="field">
          <label for="s-state">Show</label>
          <select id="s-state" value={state} onChange={(e) => go((e.target as HTMLSelectElement).value)}>
            {states.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.error ? (
        <ErrorBox error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="the signals" />
      ) : list.data.signals.length === 0 ? (
        <p data-testid="no-signals">No {state === "open" ? "open " : state === "resolved" ? "resolved " : ""}signal.</p>
      ) : (
        <>
          <p class="muted">
            {plural(list.data.total, "signal")}
            {list.data.signals.some((s) => s.overdue) ? "; the overdue come first." : "."}
          </p>
          <SignalTable signals={list.data.signals} />
          {list.data.total > PAGE && (
            <div class="pager">
              <button type="button" class="secondary" disabled={offset === 0} onClick={() => go(state, Math.max(0, offset - PAGE))}>
                Earlier page
              </button>
              <button
                type="button"
                class="secondary"
                disabled={offset + PAGE >= list.data.total}
                onClick={() => go(state, offset + PAGE)}
              >
                Next page
              </button>
            </div>
          )}
        </>
      )}
    </article>
  );
}

const stepWords: Record<string, string> = {
  raised: "Raised",
  worsened: "Worsened",
  acknowledged: "Acknowledged",
  escalated: "Climbed",
  resolved: "Resolved",
};

export function SignalPage({ id }: { id: string }) {
  const s = useApi<SignalDetail>(`/api/signals/${encodeURIComponent(id)}`);
  const { me } = useSession();
  const body = useApi<Body>(me && s.data ? `/api/bodies/${encodeURIComponent(s.data.signal.body)}` : null);
  const [notice, setNotice] = useState("");
  if (s.loading && !s.data) return <Loading what="the signal" />;
  if (s.error)
    return (
      <>
        <PageTitle title="Signal not found">{s.error.status === 404 ? "Signal not found" : "Cannot show this signal"}</PageTitle>
        <ErrorBox error={s.error} retry={s.reload} />
      </>
    );
  const d = s.data!;
  const sig = d.signal;
  const r = d.reading;
  const seated = !!me && !!body.data?.seat_holders.some((h) => h.holder === me.member);
  const done = (m: string) => {
    setNotice(m);
    s.refresh();
  };
  const label = readingLabel(sig.kind, sig.direction, sig.cause, sig.indicator_name);
  return (
    <article>
      <p class="eyebrow">Signal</p>
      <PageTitle title={`${label} at ${sig.workplace_name}`}>
        {label} at {sig.workplace_name}
      </PageTitle>
      <PublicNote />
      <dl class="facts">
        <div>
          <dt>Workplace</dt>
          <dd>
            <Link href={`/workplaces/${encodeURIComponent(sig.workplace)}/fulfilment`}>{sig.workplace_name}</Link>
          </dd>
        </div>
        <div>
          <dt>Period</dt>
          <dd>{sig.period}</dd>
        </div>
        <div>
          <dt>Before</dt>
          <dd data-testid="signal-body">
            <Link href={`/bodies/${encodeURIComponent(sig.body)}/signals`}>{sig.body_name}</Link>{" "}
            <span class="meta">({levelNames[sig.level] ?? `level ${sig.level}`})</span>
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd data-testid="signal-state">
            {sig.state}
            {sig.overdue && <strong class="overdue"> · overdue</strong>}
          </dd>
        </div>
        {sig.state !== "resolved" && (
          <div>
            <dt>{sig.state === "raised" ? "Acknowledge by" : "Decide by"}</dt>
            <dd><Time iso={sig.state === "raised" ? sig.acknowledge_by : sig.decide_by} /></dd>
          </div>
        )}
      </dl>
      {notice && (
        <p class="notice ok" role="status" data-testid="signal-notice">
          {notice}
        </p>
      )}

      <section aria-labelledby="reading-h">
        <h2 id="reading-h">The reading</h2>
        <p data-testid="reading-words">
          Period {sig.period}:{" "}
          {sig.indicator
            ? `${sig.indicator_name}: ${figure(num(r.actual))} against the ${figure(num(r.target))} the plan's technology asks for the output made`
            : `${figure(num(r.actual))} made against a target of ${figure(num(r.target))}`}{" "}
          ({percent(num(r.actual) / num(r.target))}). The forecaster expected {percent(num(r.forecast))} of plan, give or
          take {percent(2 * num(r.forecast_sd))}; after this figure it puts the level at {percent(num(r.level))} of plan,
          moving {percent(num(r.slope))} a period, and the plan so far is {percent(num(r.cumulative))} fulfilled.
        </p>
        <p data-testid="probabilities">{probabilityWords(r)}</p>
        <details>
          <summary>How the forecaster reads a figure</summary>
          <p>
            Each figure is a ratio to the plan's target. The model (Harrison and Stevens' multi-state forecaster) keeps
            four readings of the series at once: it is steady, its level stepped, its slope turned, or this one figure
            is an outlier; each new figure makes some readings likelier. A step or slope change it believes, with the
            level at least 5% from plan, is an alert (15%: a crisis); so is a cumulative total that far behind or ahead
            once four periods are in. One odd figure alone is read as a likely outlier, and the next figure decides.
            The thresholds are the constitution's; the whole model is in docs/forecast.md.
          </p>
        </details>
      </section>

      <section aria-labelledby="history-h">
        <h2 id="history-h">Its history</h2>
        <ol class="timeline" data-testid="signal-history">
          {d.steps.map((st, i) => (
            <li key={i}>
              <strong>{stepWords[st.step] ?? st.step}</strong> <Time iso={st.time} />
              {st.step === "escalated" ? " to " : st.step === "raised" ? " before " : " by "}
              {st.step === "escalated" || st.step === "raised" ? (
                <Link href={`/bodies/${encodeURIComponent(st.body)}`}>{st.body_name}</Link>
              ) : st.actor ? (
                <>
                  <Link href={`/members/${encodeURIComponent(st.actor)}`}>{st.actor_name ?? st.actor}</Link> for{" "}
                  <Link href={`/bodies/${encodeURIComponent(st.body)}`}>{st.body_name}</Link>
                </>
              ) : (
                <Link href={`/bodies/${encodeURIComponent(st.body)}`}>{st.body_name}</Link>
              )}
              {st.text && <span class="report-text">: {st.text}</span>}
              {st.step === "resolved" && st.ref && (
                <>
                  {" "}
                  (<Link href={`/motions/${encodeURIComponent(st.ref)}`}>its motion</Link>)
                </>
              )}
            </li>
          ))}
        </ol>
      </section>

      {d.consequences && (
        <section aria-labelledby="cons-h">
          <h2 id="cons-h">{sig.indicator ? `What drawing ${d.consequences.product_name} over plan would cut` : "What the shortfall would cut"}</h2>
          <p>
            If the estimated level lasted the {plural(d.consequences.periods_left, "period")} left, the plan would be short
            of {figure(d.consequences.shortfall)} units of {d.consequences.product_name}, {percent(d.consequences.total_use > 0 ? d.consequences.shortfall / d.consequences.total_use : 0)}{" "}
            of all planned uses. Each use is cut in proportion to its share ({plural(d.consequences.workplaces, "workplace")}{" "}
            in all; the largest are listed). The workplaces cut would in turn make less, which this first round does not
            follow.
          </p>
          <div class="table-wrap figures" tabIndex={0} role="region" aria-label="What the shortfall would cut (the table scrolls sideways)">
            <table data-testid="consequences">
              <thead>
                <tr>
                  <th scope="col">Use</th>
                  <th scope="col" class="num">
                    Planned use a year
                  </th>
                  <th scope="col" class="num">
                    Cut
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.consequences.uses.map((u) => (
                  <tr key={`${u.kind}-${u.id}`}>
                    <td>
                      {u.kind === "workplace" ? (
                        <Link href={`/workplaces/${encodeURIComponent(u.id)}/fulfilment`}>{u.name}</Link>
                      ) : (
                        `${u.name}: households and public use`
                      )}
                    </td>
                    <td class="num">{figure(u.use)}</td>
                    <td class="num">{figure(u.cut)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {seated && sig.state !== "resolved" && <DealWith signal={sig.id} body={sig.body} state={sig.state} done={done} />}
    </article>
  );
}

function DealWith({ signal, body, state, done }: { signal: string; body: string; state: string; done: (m: string) => void }) {
  const [ack, setAck] = useState("");
  const [note, setNote] = useState("");
  const [motion, setMotion] = useState("");
  const motions = useApi<MotionList>(`/api/motions?body=${encodeURIComponent(body)}`);
  const acknowledge = useSubmit(
    () => command({ acknowledge_signal: { signal, note: ack.trim() } }),
    () => {
      setAck("");
      done("Acknowledged: the body has until the decision's deadline to record what it decided.");
    },
  );
  const resolve = useSubmit(
    () => command({ resolve_signal: motion ? { signal, note: note.trim(), motion } : { signal, note: note.trim() } }),
    () => {
      setNote("");
      done("Resolved: the decision is in the public record.");
    },
  );
  return (
    <>
      {state === "raised" && (
        <section aria-labelledby="ack-h">
          <h2 id="ack-h">Acknowledge it</h2>
          <form class="form narrow" onSubmit={acknowledge.onSubmit} data-testid="acknowledge-signal">
            <TextArea
              id="ack-note"
              label="A note (optional)"
              value={ack}
              onValue={setAck}
              max={NOTE_CHARS}
              pointer="/note"
              error={acknowledge.error}
              errorId="ack-error"
              required={false}
              hint="Say that the body is dealing with it, and how."
            />
            <FormFooter action={acknowledge} label="Acknowledge" busyLabel="Acknowledging…" errorId="ack-error" />
          </form>
        </section>
      )}
      <section aria-labelledby="resolve-h">
        <h2 id="resolve-h">Record what the body decided</h2>
        <form class="form narrow" onSubmit={resolve.onSubmit} data-testid="resolve-signal">
          <TextArea
            id="resolve-note"
            label="What the body decided"
            value={note}
            onValue={setNote}
            max={NOTE_CHARS}
            pointer="/note"
            error={resolve.error}
            errorId="resolve-error"
          />
          <div class="field">
            <label for="resolve-motion">The body's motion that decided it (optional)</label>
            <select id="resolve-motion" value={motion} onChange={(e) => setMotion((e.target as HTMLSelectElement).value)}>
              <option value="">No motion</option>
              {(motions.data?.motions ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.text.length > 60 ? `${m.text.slice(0, 60)}…` : m.text} ({m.state})
                </option>
              ))}
            </select>
          </div>
          <FormFooter action={resolve} label="Resolve the signal" busyLabel="Resolving…" errorId="resolve-error" />
        </form>
      </section>
    </>
  );
}
