import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type BodySummary, get, type RecordEntries, type RecordEntry, type Verification } from "../api";
import { Link, navigate, useLocation } from "../router";
import { ErrorBox, Loading, PageTitle, plural, Time } from "../ui";

const PAGE = 50;

type Live = "connecting" | "live" | "reconnecting" | "off";

// The groups of kinds a filter offers (the server's record_groups(), read_record.cc).
export const RECORD_GROUPS: { name: string; label: string }[] = [
  { name: "elections", label: "Elections and seats" },
  { name: "recalls", label: "Recalls" },
  { name: "motions", label: "Motions" },
  { name: "officials", label: "Officials’ duties: labour, reports back, pay" },
  { name: "membership", label: "Membership and appeals" },
  { name: "meetings", label: "Meetings and platforms" },
  { name: "constitution", label: "The constitution" },
  { name: "plans", label: "Planning rounds and the economy" },
  { name: "fulfilment", label: "Carrying out the plan" },
  { name: "registry", label: "Workplaces, shops and bodies" },
  { name: "server", label: "The server" },
];
const GROUP_LABEL = new Map(RECORD_GROUPS.map((g) => [g.name, g.label]));

// The filters, as the URL holds them (a link to a filtered page can be shared).
interface Filters {
  kind: string;
  body: string;
  member: string;
  q: string;
  routine: boolean;
  order: "newest" | "oldest";
  before: string;
  after: string;
}

function filtersOf(query: URLSearchParams): Filters {
  return {
    kind: query.get("kind") ?? "",
    body: query.get("body") ?? "",
    member: query.get("member") ?? "",
    q: query.get("q") ?? "",
    routine: query.get("routine") === "1",
    order: query.get("order") === "oldest" ? "oldest" : "newest",
    before: query.get("before") ?? "",
    after: query.get("after") ?? "",
  };
}

// The query string of `f` without what is at its default, so that links stay short.
function queryOf(f: Partial<Filters>): string {
  const p = new URLSearchParams();
  if (f.kind) p.set("kind", f.kind);
  if (f.body) p.set("body", f.body);
  if (f.member) p.set("member", f.member);
  if (f.q) p.set("q", f.q);
  if (f.routine) p.set("routine", "1");
  if (f.order === "oldest") p.set("order", "oldest");
  if (f.before) p.set("before", f.before);
  if (f.after) p.set("after", f.after);
  const s = p.toString();
  return s ? `?${s}` : "";
}

const withoutCursor = (f: Filters): Filters => ({ ...f, before: "", after: "" });

// The API's address for a page with these filters.
function entriesUrl(f: Partial<Filters>): string {
  const q = queryOf(f);
  return `/api/record/entries${q ? `${q}&` : "?"}limit=${PAGE}`;
}

// The public record in words: a sentence for each event, newest first, filtered by kind,
// body, member and words (GET /api/record/entries). On the first page of the newest first
// order, events appended while the page is open arrive through /api/events and are added at
// the top when they match.
export function RecordPage() {
  const { query } = useLocation();
  const f = filtersOf(query);
  const key = queryOf(f);
  const first = f.order === "newest" ? !f.before : !f.after;
  const latest = f.order === "newest" && !f.before;

  const [page, setPage] = useState<RecordEntries | null>(null);
  const [entries, setEntries] = useState<RecordEntry[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const [announce, setAnnounce] = useState("");
  const [live, setLive] = useState<Live>("off");
  const [tick, setTick] = useState(0);
  // The last event the page has looked at; -1 until the page has loaded.
  const maxSeq = useRef(-1);
  const fetching = useRef(false);
  const pending = useRef(false);

  // Load the page.
  useEffect(() => {
    let alive = true;
    setError(null);
    setPage(null);
    setFresh(new Set());
    maxSeq.current = -1;
    (async () => {
      try {
        const r = await get<RecordEntries>(entriesUrl(f));
        if (!alive) return;
        setPage(r);
        setEntries(r.entries);
        maxSeq.current = r.head;
      } catch (e) {
        if (alive) setError(e instanceof ApiError ? e : new ApiError(0, "error", String(e)));
      }
    })();
    return () => {
      alive = false;
    };
  }, [key, tick]);

  // Live updates, on the latest page: what was appended since, with the same filters.
  useEffect(() => {
    if (typeof EventSource === "undefined" || !latest) {
      setLive("off");
      return;
    }
    const es = new EventSource("/api/events");
    setLive("connecting");
    const pull = async () => {
      if (fetching.current) {
        pending.current = true;
        return;
      }
      fetching.current = true;
      try {
        do {
          pending.current = false;
          const since = maxSeq.current;
          const r = await get<RecordEntries>(
            entriesUrl({ ...withoutCursor(f), order: "oldest", after: String(since) }),
          );
          // Up to the head, or, when the answer stopped short, up to where it stopped.
          if (r.next !== null) {
            maxSeq.current = r.next;
            pending.current = true;
          } else {
            maxSeq.current = Math.max(since, r.head);
          }
          if (r.entries.length === 0) continue;
          const added = [...r.entries].reverse();
          setEntries((old) => [...added, ...old].slice(0, 500));
          setFresh((old) => new Set([...old, ...added.map((e) => e.seq)]));
          setAnnounce(added.length === 1 ? `New: ${added[0].sentence}` : `${added.length} new events`);
        } while (pending.current);
      } catch {
        // The next event retries.
      } finally {
        fetching.current = false;
      }
    };
    es.onopen = () => setLive("live");
    es.onerror = () => setLive(es.readyState === EventSource.CLOSED ? "off" : "reconnecting");
    es.addEventListener("record", (msg) => {
      setLive("live");
      let seq = 0;
      try {
        seq = (JSON.parse((msg as MessageEvent).data) as { seq: number }).seq;
      } catch {
        return;
      }
      if (maxSeq.current >= 0 && seq > maxSeq.current) void pull();
    });
    return () => es.close();
  }, [latest, key]);

  const filtered = !!(f.kind || f.body || f.member || f.q);
  const next = page?.next ?? null;
  const cursor = next === null ? "" : String(next);
  const olderHref =
    next === null
      ? null
      : `/record${queryOf({ ...f, before: f.order === "newest" ? cursor : "", after: f.order === "oldest" ? cursor : "" })}`;
  return (
    <>
      <PageTitle title="The public record">The public record</PageTitle>
      <p class="lede">
        Every change to the federation is an event in this record, told here in words, newest first. Each event carries
        the hash of the one before, and the server signs the head from time to time, so nothing can be changed, removed
        or reordered without it showing. Anyone may check it here or with <code>collegium record verify</code>, and
        read the same sentences with <code>collegium show record</code>.
      </p>
      <Verify />
      <RecordFilters f={f} page={page} />
      <section aria-labelledby="events-h">
        <div class="section-head">
          <h2 id="events-h">Events</h2>
          <p class="live" data-state={live} data-testid="live">
            {latest
              ? live === "live"
                ? "● Live: new events appear at the top"
                : live === "reconnecting" || live === "connecting"
                  ? "○ Connecting for live updates…"
                  : "Live updates are off"
              : "Live updates show on the first page, newest first"}
          </p>
        </div>
        <p class="visually-hidden" aria-live="polite" role="status">
          {announce}
        </p>
        {error && <ErrorBox error={error} retry={() => setTick((t) => t + 1)} />}
        {!error && !page && <Loading what="the record" />}
        {page && (
          <>
            <p class="muted" data-testid="record-count">
              {entries.length === 0
                ? next === null
                  ? filtered
                    ? "No event matches these filters."
                    : "The record is empty."
                  : "No event matches among those read; look further."
                : `${plural(entries.length, "event")} shown, ${f.order} first, of ${page.head.toLocaleString("en")} ` +
                  `in the record${f.routine ? "" : " (routine clock steps hidden)"}.`}
            </p>
            <ol class="events" data-testid="events">
              {entries.map((e) => (
                <EventItem key={e.seq} e={e} f={f} fresh={fresh.has(e.seq)} />
              ))}
            </ol>
            <nav class="pager" aria-label="Pages of the record">
              {!first && (
                <Link href={`/record${queryOf(withoutCursor(f))}`}>{f.order === "newest" ? "Newest" : "Oldest"}</Link>
              )}
              {olderHref && (
                <Link href={olderHref} rel="next" data-testid="record-next">
                  {f.order === "newest" ? "Older events →" : "Newer events →"}
                </Link>
              )}
            </nav>
          </>
        )}
      </section>
    </>
  );
}

// The filter form: a GET form whose fields are the URL's query, so that the browser's back
// button, a reload and a shared link all give the same page.
function RecordFilters({ f, page }: { f: Filters; page: RecordEntries | null }) {
  const [bodies, setBodies] = useState<BodySummary[] | null>(null);
  const [q, setQ] = useState(f.q);
  const [kind, setKind] = useState(f.kind);
  const [body, setBody] = useState(f.body);
  const [routine, setRoutine] = useState(f.routine);
  const [order, setOrder] = useState(f.order);
  useEffect(() => {
    setQ(f.q);
    setKind(f.kind);
    setBody(f.body);
    setRoutine(f.routine);
    setOrder(f.order);
  }, [f.q, f.kind, f.body, f.routine, f.order]);
  useEffect(() => {
    get<{ bodies: BodySummary[] }>("/api/bodies?limit=1000")
      .then((r) => setBodies(r.bodies))
      .catch(() => setBodies([]));
  }, []);
  const submit = (e: Event) => {
    e.preventDefault();
    navigate(`/record${queryOf({ kind, body, member: f.member, q: q.trim(), routine, order })}`);
  };
  const isGroup = !kind || GROUP_LABEL.has(kind);
  return (
    <section aria-labelledby="filters-h">
      <h2 id="filters-h">Find events</h2>
      <form class="record-filters" role="search" onSubmit={submit} data-testid="record-filters">
        <div class="field">
          <label for="record-q">Words in the sentence</label>
          <input
            id="record-q"
            name="q"
            type="search"
            value={q}
            maxLength={200}
            onInput={(e) => setQ((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="record-kind">Kind</label>
          <select
            id="record-kind"
            name="kind"
            value={kind}
            onChange={(e) => setKind((e.target as HTMLSelectElement).value)}
          >
            <option value="">Every kind</option>
            {RECORD_GROUPS.map((g) => (
              <option key={g.name} value={g.name}>
                {g.label}
              </option>
            ))}
            {!isGroup && <option value={kind}>{kind}</option>}
          </select>
        </div>
        <div class="field">
          <label for="record-body">Body</label>
          <select
            id="record-body"
            name="body"
            value={body}
            onChange={(e) => setBody((e.target as HTMLSelectElement).value)}
          >
            <option value="">Every body</option>
            {(bodies ?? []).map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
            {body && bodies && !bodies.some((b) => b.id === body) && (
              <option value={body}>{page?.body_name ?? body}</option>
            )}
          </select>
        </div>
        <div class="field">
          <label for="record-order">Order</label>
          <select
            id="record-order"
            name="order"
            value={order}
            onChange={(e) => setOrder((e.target as HTMLSelectElement).value === "oldest" ? "oldest" : "newest")}
          >
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
        <label class="choice record-routine">
          <input
            type="checkbox"
            name="routine"
            checked={routine}
            onChange={(e) => setRoutine((e.target as HTMLInputElement).checked)}
          />{" "}
          Show routine clock steps (nominations kept open, backups)
        </label>
        <div class="record-filter-actions">
          <button type="submit">Show events</button>
          {(f.kind || f.body || f.member || f.q || f.routine || f.order === "oldest") && (
            <Link href="/record" data-testid="record-clear">
              Clear the filters
            </Link>
          )}
        </div>
      </form>
      {f.member && (
        <p data-testid="record-member">
          Events that name <strong>{page?.member_name ?? f.member}</strong>.{" "}
          <Link href={`/record${queryOf({ ...withoutCursor(f), member: "" })}`}>Everyone’s events</Link>
        </p>
      )}
    </section>
  );
}

function EventItem({ e, f, fresh }: { e: RecordEntry; f: Filters; fresh: boolean }) {
  return (
    <li class={fresh ? "event fresh" : "event"} data-seq={e.seq} data-type={e.type}>
      <p class="event-sentence">{e.sentence}</p>
      <p class="event-meta meta">
        <span class="seq">#{e.seq}</span> · <Time iso={e.time} /> ·{" "}
        {GROUP_LABEL.get(e.group) ?? "Other"}
      </p>
      {(e.members.length > 0 || e.bodies.length > 0) && (
        <p class="event-links">
          {e.bodies.map((b) => (
            <span key={b.id} class="event-link">
              <Link href={`/bodies/${encodeURIComponent(b.id)}`}>{b.name}</Link>
              {f.body !== b.id && (
                <>
                  {" · "}
                  <Link href={`/record${queryOf({ ...withoutCursor(f), body: b.id })}`}>Events of {b.name}</Link>
                </>
              )}
            </span>
          ))}
          {e.members.map((m) =>
            f.member === m.id ? null : (
              <span key={m.id} class="event-link">
                <Link href={`/record${queryOf({ ...withoutCursor(f), member: m.id })}`}>Events naming {m.name}</Link>
              </span>
            ),
          )}
        </p>
      )}
      <details>
        <summary>Details of event {e.seq}</summary>
        <p>
          Kind <code class="type">{e.type}</code>, by{" "}
          {e.actor_name === e.actor ? <code>{e.actor}</code> : `${e.actor_name} (${e.actor})`}
        </p>
        {e.payload === null ? (
          <p>
            Its payload is {e.payload_bytes.toLocaleString("en")} bytes long:{" "}
            <a href={`/api/record?after=${e.seq - 1}&limit=1`}>read the raw event</a>.
          </p>
        ) : (
          <pre>{JSON.stringify(e.payload, null, 2)}</pre>
        )}
        <p class="hash">
          Hash: <code>{e.hash}</code>
        </p>
      </details>
    </li>
  );
}

function Verify() {
  const [state, setState] = useState<
    { kind: "idle" } | { kind: "busy" } | { kind: "done"; v: Verification } | { kind: "error"; e: ApiError }
  >({ kind: "idle" });
  const run = async () => {
    setState({ kind: "busy" });
    try {
      setState({ kind: "done", v: await get<Verification>("/api/record/verification") });
    } catch (e) {
      setState({ kind: "error", e: e instanceof ApiError ? e : new ApiError(0, "error", String(e)) });
    }
  };
  return (
    <section class="verify" aria-labelledby="verify-h">
      <h2 id="verify-h" class="visually-hidden">
        Verification
      </h2>
      <button type="button" onClick={run} disabled={state.kind === "busy"}>
        {state.kind === "busy" ? "Verifying…" : "Verify the record"}
      </button>
      <div role="status" aria-live="polite" data-testid="verification">
        {state.kind === "done" && state.v.valid && (
          <div class="notice ok">
            <p>
              <strong>The record is intact.</strong> All {plural(state.v.events, "event")} and{" "}
              {plural(state.v.checkpoints, "signed checkpoint")} check out (in {state.v.seconds} s).
            </p>
            <p class="hash">
              Head: <code>{state.v.head}</code>
            </p>
          </div>
        )}
        {state.kind === "done" && !state.v.valid && (
          <div class="notice error">
            <p>
              <strong>The record does not verify.</strong> {state.v.reason}
            </p>
            {state.v.where && <p>Where: {state.v.where}</p>}
          </div>
        )}
        {state.kind === "error" && <ErrorBox error={state.e} />}
      </div>
    </section>
  );
}
