import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get, type Head, type RecordEvent, type RecordReply, type Verification } from "../api";
import { Link, useLocation } from "../router";
import { ErrorBox, Loading, PageTitle, plural, Time } from "../ui";

const PAGE = 50;

type Live = "connecting" | "live" | "reconnecting" | "off";

// The public record, newest first, a page at a time. On the latest page, events appended
// while the page is open arrive through /api/events and are added at the top.
export function RecordPage() {
  const { query } = useLocation();
  const afterParam = query.get("after");
  const requested = afterParam === null ? null : Math.max(0, Number.parseInt(afterParam, 10) || 0);
  const latest = requested === null;

  const [events, setEvents] = useState<RecordEvent[] | null>(null);
  const [head, setHead] = useState<Head | null>(null);
  const [after, setAfter] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const [announce, setAnnounce] = useState("");
  const [live, setLive] = useState<Live>("off");
  const [tick, setTick] = useState(0);
  const maxSeq = useRef(0);
  const fetching = useRef(false);
  const pending = useRef(false);

  // Load the page.
  useEffect(() => {
    let alive = true;
    setError(null);
    setEvents(null);
    setFresh(new Set());
    (async () => {
      try {
        let from = requested ?? 0;
        if (latest) {
          const h = await get<{ record: Head }>("/api/health");
          from = Math.max(0, h.record.seq - PAGE);
        }
        const r = await get<RecordReply>(`/api/record?after=${from}&limit=${PAGE}`);
        if (!alive) return;
        setAfter(from);
        setHead(r.head);
        maxSeq.current = r.events.length ? r.events[r.events.length - 1].seq : from;
        setEvents([...r.events].reverse());
      } catch (e) {
        if (alive) setError(e instanceof ApiError ? e : new ApiError(0, "error", String(e)));
      }
    })();
    return () => {
      alive = false;
    };
  }, [requested, tick]);

  // Live updates.
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
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
          const r = await get<RecordReply>(`/api/record?after=${maxSeq.current}&limit=${PAGE}`);
          setHead(r.head);
          if (r.events.length === 0) continue;
          maxSeq.current = r.events[r.events.length - 1].seq;
          const added = [...r.events].reverse();
          setEvents((old) => (old ? [...added, ...old].slice(0, 500) : added));
          setFresh((old) => new Set([...old, ...added.map((e) => e.seq)]));
          setAnnounce(
            added.length === 1
              ? `New event ${added[0].seq}: ${added[0].type}`
              : `${added.length} new events, the latest ${added[0].seq}`,
          );
          if (r.events.length === PAGE) pending.current = true;
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
        seq = (JSON.parse((msg as MessageEvent).data) as RecordEvent).seq;
      } catch {
        return;
      }
      setHead((h) => (h && h.seq >= seq ? h : { seq, hash: h?.hash ?? "" }));
      if (latest && seq > maxSeq.current) void pull();
    });
    return () => es.close();
  }, [latest]);

  const headSeq = head?.seq ?? 0;
  const pageEnd = after + PAGE;
  return (
    <>
      <PageTitle title="The public record">The public record</PageTitle>
      <p class="lede">
        Every change to the federation is an event in this record. Each event carries the hash of the one before, and
        the server signs the head from time to time, so nothing can be changed, removed or reordered without it
        showing. Anyone may check it here or with <code>collegium record verify</code>.
      </p>
      <Verify />
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
              : "Older page: live updates show on the latest page"}
          </p>
        </div>
        <p class="visually-hidden" aria-live="polite" role="status">
          {announce}
        </p>
        {error && <ErrorBox error={error} retry={() => setTick((t) => t + 1)} />}
        {!error && !events && <Loading what="the record" />}
        {events && (
          <>
            <p class="muted">
              {events.length === 0
                ? "The record is empty."
                : `Events ${events[events.length - 1].seq}–${events[0].seq} of ${headSeq.toLocaleString("en")}, newest first.`}
            </p>
            <Pager after={after} headSeq={headSeq} latest={latest} pageEnd={pageEnd} />
            <ol class="events" data-testid="events">
              {events.map((e) => (
                <EventItem key={e.seq} e={e} fresh={fresh.has(e.seq)} />
              ))}
            </ol>
            <Pager after={after} headSeq={headSeq} latest={latest} pageEnd={pageEnd} />
          </>
        )}
      </section>
    </>
  );
}

function Pager({ after, headSeq, latest, pageEnd }: { after: number; headSeq: number; latest: boolean; pageEnd: number }) {
  return (
    <nav class="pager" aria-label="Pages of the record">
      {!latest && <Link href="/record">Latest</Link>}
      {!latest && pageEnd < headSeq && (
        <Link href={pageEnd + PAGE >= headSeq ? "/record" : `/record?after=${pageEnd}`} rel="prev">
          ← Newer
        </Link>
      )}
      {after > 0 && (
        <Link href={`/record?after=${Math.max(0, after - PAGE)}`} rel="next">
          Older →
        </Link>
      )}
    </nav>
  );
}

// An event in a line: what it names, or else its payload as JSON, shown as code (it has no
// spaces to wrap at, and may break anywhere on a phone).
function summary(payload: unknown): { text: string; code: boolean } {
  if (payload && typeof payload === "object") {
    const p = payload as Record<string, unknown>;
    const name = typeof p.name === "string" ? p.name : null;
    const id = typeof p.id === "string" ? p.id : null;
    if (name && id) return { text: `${name} (${id})`, code: false };
    if (name || id) return { text: (name ?? id)!, code: false };
  }
  const s = JSON.stringify(payload);
  return { text: s.length > 120 ? s.slice(0, 117) + "…" : s, code: true };
}

function EventItem({ e, fresh }: { e: RecordEvent; fresh: boolean }) {
  const sum = summary(e.payload);
  return (
    <li class={fresh ? "event fresh" : "event"} data-seq={e.seq}>
      <div class="event-head">
        <span class="seq">#{e.seq}</span>
        <code class="type">{e.type}</code>
        <span class="meta">
          by {e.actor} · <Time iso={e.time} />
        </span>
      </div>
      <p class="event-summary">{sum.code ? <code>{sum.text}</code> : sum.text}</p>
      <details>
        <summary>Details of event {e.seq}</summary>
        <pre>{JSON.stringify(e.payload, null, 2)}</pre>
        {e.hash && (
          <p class="hash">
            Hash: <code>{e.hash}</code>
          </p>
        )}
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
