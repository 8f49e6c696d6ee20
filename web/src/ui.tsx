// Pieces every page uses: loading data, headings that take focus after navigation,
// errors in the server's words, and human labels for the API's codes.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get, type Mandate, type Member, type SearchHit, type SearchResult } from "./api";
import { charCount } from "./limits";
import { useSession } from "./session";

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void; // fetches again, showing nothing meanwhile
  refresh: () => void; // fetches again, keeping what is shown until the answer comes
}

export function useApi<T>(path: string | null): Loaded<T> {
  // The state remembers which path it holds, so that a new path never shows the old
  // path's data, nor a moment of "no data, no error, not loading".
  const [state, setState] = useState<{ path: string | null; data: T | null; error: ApiError | null }>({
    path: null,
    data: null,
    error: null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    get<T>(path).then(
      (data) => live && setState({ path, data, error: null }),
      (error) =>
        live &&
        setState({
          path,
          data: null,
          error: error instanceof ApiError ? error : new ApiError(0, "error", String(error)),
        }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  if (path === null) return { data: null, error: null, loading: false, reload: () => {}, refresh: () => {} };
  const current = state.path === path;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: !current,
    reload: () => {
      setState({ path: null, data: null, error: null });
      setTick((t) => t + 1);
    },
    refresh: () => setTick((t) => t + 1),
  };
}

// The page's main heading. After a client-side navigation focus moves to it, so that
// keyboard and screen reader users start at the new page rather than at the old link.
export function PageTitle({ children, title }: { children: ComponentChildren; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · collegium`;
    if (document.body.dataset.navigated === "1") ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

// The server's detail as a sentence: "the id is wrong" → "The id is wrong."
export function sentence(detail: string): string {
  const t = detail.trim();
  if (!t) return t;
  // An id that begins a sentence keeps its case ("m-0000200 …", "poll-12 …"): capitalised,
  // it would no longer be the id the reader can look up.
  const s = /^[a-z][a-z0-9]*-[\w.-]*\d/.test(t) ? t : t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : s + ".";
}

export function ErrorBox({ error, retry }: { error: ApiError; retry?: () => void }) {
  return (
    <div class="notice error" role="alert">
      <p>{sentence(error.detail)}</p>
      {retry && error.status !== 404 && (
        <button type="button" class="secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

const kinds: Record<string, string> = {
  workplace_committee: "Workplace committee",
  shop_committee: "Shop committee",
  union: "Union",
  congress: "Congress",
  council: "Council",
  control: "Control commission",
};

export function kindLabel(kind: string): string {
  return kinds[kind] ?? kind.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

export function categoryLabel(category: string): string {
  return category.replace(/^./, (c) => c.toUpperCase());
}

export function months(n: number): string {
  return n === 1 ? "1 month" : `${n} months`;
}

export function plural(n: number, one: string, many?: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : (many ?? one + "s")}`;
}

// A time as text, where an element cannot go (a sentence built as a string, an option's
// label): in the member's zone, as <Time> shows it (below).
export function formatTime(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso; // a date alone
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return zonedText(d, currentTimeZone());
}

// An action the user takes (a command): whether it runs, and the server's reason when it
// is refused, to be shown right next to the control that started it.
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "error", String(e)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(null) };
}

export function ActionError({ error, id }: { error: ApiError | null; id?: string }) {
  if (!error) return null;
  return (
    <div class="notice error" role="alert" id={id}>
      <p>{sentence(error.detail)}</p>
    </div>
  );
}

// A form's submit handler: `onSubmit` keeps the page from reloading, sends what `send`
// returns (nothing when it returns undefined, as when a required choice is not made), and
// calls `done` with the server's answer once it accepted. `busy` and `error` are the
// action's, for the footer and the fields.
export function useSubmit<T>(send: () => Promise<T> | undefined, done?: (answer: T) => unknown) {
  const act = useAction();
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const sent = send();
    if (sent === undefined) return;
    let answer: T | undefined;
    if (await act.run(async () => (answer = await sent))) await done?.(answer as T);
  };
  return { ...act, onSubmit };
}

// The end of every form: the server's refusal (unless the form shows it above its fields),
// what the caller puts between (a notice of success, a hint), and the submit button, which
// reads `busyLabel` and is disabled while the command is on its way.
export function FormFooter({
  action,
  label,
  busyLabel,
  errorId,
  disabled = false,
  buttonId,
  buttonClass,
  wrap = true,
  errorAbove = false,
  children,
}: {
  action: { busy: boolean; error: ApiError | null };
  label: string;
  busyLabel: string;
  errorId?: string;
  disabled?: boolean;
  buttonId?: string;
  buttonClass?: string;
  wrap?: boolean; // the button in a block of its own, at its natural width in a grid form
  errorAbove?: boolean; // the form shows `action.error` itself, above its fields
  children?: ComponentChildren;
}) {
  const button = (
    <button type="submit" id={buttonId} class={buttonClass} disabled={action.busy || disabled}>
      {action.busy ? busyLabel : label}
    </button>
  );
  return (
    <>
      {!errorAbove && <ActionError error={action.error} id={errorId} />}
      {children}
      {wrap ? <div>{button}</div> : button}
    </>
  );
}

const origins: Record<string, string> = {
  election: "elected",
  count_back: "count-back",
  by_election: "by-election",
  appointment: "appointed",
};

export function originLabel(origin: string | undefined): string {
  if (!origin) return "";
  return origins[origin] ?? origin.replace(/_/g, " ");
}

// "Fyodor Takahashi [m-0000002]" (as count sheets name candidates) → "Fyodor Takahashi".
export function sheetName(s: string): string {
  return s.replace(/\s*\[[^\]]*\]$/, "");
}
export function sheetId(s: string): string {
  const m = /\[([^\]]*)\]$/.exec(s);
  return m ? m[1] : s;
}

// Whether the server's refusal is about the field at one of `pointers`: the problem's
// `field` is a JSON pointer into the command ("/text", "/round/period", or with the
// command's name in front), which a control names by its last part.
export function concerns(error: ApiError | null, ...pointers: string[]): boolean {
  const f = error?.field;
  if (!f) return false;
  return pointers.some((p) => f === p || f.endsWith(p) || f.startsWith(p + "/"));
}

// The ARIA attributes of a control: invalid when `invalid`, and described by its hints and,
// when invalid, by the message that says why (`errorId`).
export function fieldAria(invalid: boolean, errorId: string | undefined, ...hints: (string | false | undefined)[]) {
  const ids = [...hints, invalid ? errorId : undefined].filter(Boolean).join(" ");
  return {
    "aria-invalid": invalid ? ("true" as const) : undefined,
    "aria-describedby": ids || undefined,
  };
}

// A text area with its limit in characters and a counter beside it ("120 of 4,000
// characters"). Over the limit the counter says by how much and the field is invalid;
// the server's refusal (`error`, shown by the form with id `errorId`) marks it too when it
// concerns `pointer`. The counter is read with the field; a live region speaks only when
// the text comes near the limit or passes it, not at every key.
export function TextArea({
  id,
  label,
  value,
  onValue,
  max,
  pointer,
  error,
  errorId,
  hint,
  rows = 3,
  required = true,
}: {
  id: string;
  label: ComponentChildren;
  value: string;
  onValue: (v: string) => void;
  max: number;
  pointer: string;
  error: ApiError | null;
  errorId: string;
  hint?: ComponentChildren;
  rows?: number;
  required?: boolean;
}) {
  const n = charCount(value);
  const over = n > max;
  const near = !over && n >= max * 0.9;
  const invalid = over || concerns(error, pointer);
  const counter = over
    ? `${(n - max).toLocaleString("en")} ${n - max === 1 ? "character" : "characters"} over the limit of ${max.toLocaleString("en")}`
    : `${n.toLocaleString("en")} of ${max.toLocaleString("en")} characters`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        required={required}
        value={value}
        onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)}
        {...fieldAria(invalid, concerns(error, pointer) ? errorId : undefined, hint ? `${id}-hint` : undefined, `${id}-count`)}
      />
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      <p id={`${id}-count`} class={over ? "hint counter over" : "hint counter"} data-testid={`${id}-count`}>
        {counter}
      </p>
      <p class="visually-hidden" aria-live="polite">
        {over
          ? `Over the limit of ${max.toLocaleString("en")} characters.`
          : near
            ? `Fewer than ${Math.ceil(max * 0.1).toLocaleString("en")} characters left.`
            : ""}
      </p>
    </div>
  );
}

// Says that what the page shows is public (B1): anyone may read it, logged in or not, as
// anyone may read the public record it comes from. `children` follows the sentence.
export function PublicNote({ children }: { children?: ComponentChildren }) {
  return (
    <p class="public-note" data-testid="public-note">
      This page is public: anyone can read it without logging in, as anyone can read the public record it comes from.
      {children}
    </p>
  );
}

// The logged-in member's running mandates; null while they load, and for nobody logged in
// or the operator (who holds no seat).
export function useMyMandates(): Mandate[] | null {
  const { me } = useSession();
  const member = me && !me.operator ? me.member : null;
  const m = useApi<{ mandates: Mandate[] }>(
    member ? `/api/mandates?member=${encodeURIComponent(member)}&running=1` : null,
  );
  return m.data?.mandates ?? null;
}

// The logged-in member as they see themselves (with their shop); null likewise.
export function useMyself(): Member | null {
  const { me } = useSession();
  const member = me && !me.operator ? me.member : null;
  return useApi<Member>(member ? `/api/members/${encodeURIComponent(member)}` : null).data;
}

// A constitution's duration ("P14D", "PT20S") in seconds; NaN when it is not one. Months
// and years are not durations there (their length depends on the date).
export function isoSeconds(text: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text.trim());
  if (!m || text.trim() === "P" || /T$/.test(text.trim())) return Number.NaN;
  const [d, h, min, s] = m.slice(1).map((x) => (x ? Number(x) : 0));
  return ((d * 24 + h) * 60 + min) * 60 + s;
}

// Seconds in words at their largest whole unit: "14 days", "20 seconds".
export function durationWords(seconds: number): string {
  if (seconds % 86400 === 0) return plural(seconds / 86400, "day");
  if (seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}

// Every member of a workplace, read from the members list route a thousand at a time (its
// largest page), for a search by name; null while loading.
function useWorkplaceMembers(workplace: string): { members: Member[] | null; error: ApiError | null } {
  const [state, setState] = useState<{ workplace: string; members: Member[] | null; error: ApiError | null }>({
    workplace: "",
    members: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    (async () => {
      const all: Member[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await get<{ members: Member[] }>(
          `/api/members?workplace=${encodeURIComponent(workplace)}&offset=${offset}&limit=1000`,
        );
        all.push(...page.members);
        if (page.members.length < 1000) break;
      }
      return all;
    })().then(
      (members) => live && setState({ workplace, members, error: null }),
      (e) =>
        live &&
        setState({ workplace, members: null, error: e instanceof ApiError ? e : new ApiError(0, "error", String(e)) }),
    );
    return () => {
      live = false;
    };
  }, [workplace]);
  return state.workplace === workplace ? state : { members: null, error: null };
}

// Letters as a search compares them: without case or accents, so that "Ines" finds "Inés"
// and "ВЕРА" finds "Вера".
function folded(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLocaleLowerCase();
}

const MATCHES_SHOWN = 12;

// What both pickers draw: the search box with its hint and a status read aloud as it
// changes, the members found as radio buttons (the name, with the id where `shared` says two
// share it, and a detail), and the member chosen.
function PickerView<T extends { id: string; name: string }>({
  id,
  label,
  hint,
  query,
  setQuery,
  status,
  invalid,
  errorId,
  loadError,
  shown,
  shared,
  chosen,
  detail,
  onChoose,
}: {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  query: string;
  setQuery: (q: string) => void;
  status: string;
  invalid: boolean;
  errorId: string;
  loadError: ApiError | null;
  shown: T[];
  shared: (m: T) => boolean;
  chosen: T | null;
  detail: (m: T) => ComponentChildren;
  onChoose: (m: T) => void;
}) {
  const nameOf = (m: T) =>
    shared(m) ? (
      <>
        {m.name} (<span class="code">{m.id}</span>)
      </>
    ) : (
      m.name
    );
  return (
    <div class="member-picker">
      <div class="field">
        <label for={id}>{label}</label>
        <input
          id={id}
          type="search"
          autoComplete="off"
          spellcheck={false}
          value={query}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          {...fieldAria(invalid, invalid ? errorId : undefined, hint ? `${id}-hint` : undefined, `${id}-status`)}
        />
        {hint && (
          <p id={`${id}-hint`} class="hint">
            {hint}
          </p>
        )}
        <p id={`${id}-status`} class="hint" aria-live="polite" data-testid={`${id}-status`}>
          {status}
        </p>
      </div>
      {loadError && <ActionError error={loadError} />}
      {shown.length > 0 && (
        <fieldset class="picker" data-testid={`${id}-matches`}>
          <legend>Choose the member</legend>
          {shown.map((m) => (
            <label key={m.id} class="choice">
              <input
                type="radio"
                name={`${id}-choice`}
                value={m.id}
                checked={m.id === chosen?.id}
                onChange={() => onChoose(m)}
              />{" "}
              {nameOf(m)} <span class="meta">{detail(m)}</span>
            </label>
          ))}
        </fieldset>
      )}
      {chosen && (
        <p class="hint" data-testid={`${id}-chosen`}>
          Chosen: <strong>{nameOf(chosen)}</strong>.
        </p>
      )}
    </div>
  );
}

// Picks a member of a workplace by name: a search box over the members list route, and the
// members whose names hold what was typed, as radio buttons; a member's id is shown only
// where two members share a name. The server's refusal (`error`, shown by the form with id
// `errorId`) marks the box when it concerns `pointer`.
export function MemberPicker({
  id,
  label,
  workplace,
  chosen,
  onChoose,
  pointer,
  error,
  errorId,
  hint,
}: {
  id: string;
  label: ComponentChildren;
  workplace: string;
  chosen: string;
  onChoose: (member: Member | null) => void;
  pointer: string;
  error: ApiError | null;
  errorId: string;
  hint?: ComponentChildren;
}) {
  const [query, setQuery] = useState("");
  const { members, error: loadError } = useWorkplaceMembers(workplace);
  const names = new Map<string, number>();
  for (const m of members ?? []) names.set(m.name, (names.get(m.name) ?? 0) + 1);
  const q = folded(query.trim());
  const matches = q && members ? members.filter((m) => folded(m.name).includes(q)) : [];
  const picked = members?.find((m) => m.id === chosen) ?? null;
  const shown = matches.slice(0, MATCHES_SHOWN);
  if (picked && !shown.some((m) => m.id === picked.id)) shown.unshift(picked);
  const invalid = concerns(error, pointer);
  const shared = (m: Member) => names.get(m.name)! > 1;
  const status = !members
    ? loadError
      ? ""
      : "Loading the members…"
    : !q
      ? picked
        ? ""
        : `Type part of a name: ${plural(members.length, "member")} to search.`
      : matches.length === 0
        ? "No member's name holds that."
        : matches.length > MATCHES_SHOWN
          ? `${plural(matches.length, "member")} match; the first ${MATCHES_SHOWN} are shown. Type more of the name.`
          : `${plural(matches.length, "member")} ${matches.length === 1 ? "matches" : "match"}.`;
  return (
    <PickerView
      {...{ id, label, hint, query, setQuery, status, invalid, errorId, loadError, shown, shared, onChoose }}
      chosen={picked}
      detail={(m) => categoryLabel(m.category)}
    />
  );
}

// ---- Times (issue #15) ------------------------------------------------------------------
// Every time is shown in the member's own time zone: the browser's, or the one they pick on
// their home page (kept in localStorage). The exact UTC time is the element's title, and
// its datetime attribute, so that a time read aloud or copied is never ambiguous.

const ZONE_KEY = "collegium.timeZone";
const zoneListeners = new Set<() => void>();

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

// Whether Intl knows the zone (a stored one may come from another browser).
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone !== "";
  } catch {
    return false;
  }
}

function storedTimeZone(): string | null {
  try {
    const z = window.localStorage.getItem(ZONE_KEY);
    return z && isTimeZone(z) ? z : null;
  } catch {
    return null; // storage refused (private windows): the browser's zone
  }
}

export function currentTimeZone(): string {
  return storedTimeZone() ?? browserTimeZone();
}

// Remembers `zone` (null: follow the browser again) and redraws every time shown.
export function setTimeZone(zone: string | null) {
  try {
    if (zone) window.localStorage.setItem(ZONE_KEY, zone);
    else window.localStorage.removeItem(ZONE_KEY);
  } catch {
    // nothing to remember it in; the choice lasts until the page is left
  }
  zoneListeners.forEach((l) => l());
}

// The zone times are shown in; the component draws again when it changes.
export function useTimeZone(): { zone: string; chosen: boolean } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    zoneListeners.add(l);
    return () => {
      zoneListeners.delete(l);
    };
  }, []);
  const stored = storedTimeZone();
  return { zone: stored ?? browserTimeZone(), chosen: stored !== null };
}

// Every zone Intl knows, for the picker; the browser's and UTC at least.
export function timeZones(): string[] {
  const withValues = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const all = withValues.supportedValuesOf ? withValues.supportedValuesOf("timeZone") : [];
  return Array.from(new Set([browserTimeZone(), "UTC", ...all])).sort();
}

// "2027-05-19 00:00 UTC"
export function utcText(d: Date): string {
  return d.toISOString().replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");
}

// "19 May 2027, 02:00 CEST" in `zone`.
export function zonedText(d: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(d);
}

// "in 3 hours", "2 days ago", "now": a time relative to `now`, in the largest whole unit.
export function relativeTime(iso: string, now = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "";
  const s = (t - now) / 1000;
  const a = Math.abs(s);
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  if (a < 45) return rtf.format(Math.round(s), "second");
  if (a < 45 * 60) return rtf.format(Math.round(s / 60), "minute");
  if (a < 36 * 3600) return rtf.format(Math.round(s / 3600), "hour");
  if (a < 60 * 86400) return rtf.format(Math.round(s / 86400), "day");
  if (a < 700 * 86400) return rtf.format(Math.round(s / (30 * 86400)), "month");
  return rtf.format(Math.round(s / (365 * 86400)), "year");
}

// A time as every page shows it: in the member's zone, UTC in its title. `relative` adds
// "(in 3 hours)" after it; a date alone (YYYY-MM-DD, a day with no hour) is shown as the day.
export function Time({ iso, relative = false }: { iso: string | null | undefined; relative?: boolean }) {
  const { zone } = useTimeZone();
  if (!iso) return <>—</>;
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const day = new Date(`${iso}T00:00:00Z`);
    const text = Number.isNaN(day.getTime())
      ? iso
      : new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).format(day);
    return (
      <time dateTime={iso} title={iso}>
        {text}
      </time>
    );
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <>{iso}</>;
  return (
    <time dateTime={d.toISOString()} title={utcText(d)} data-zone={zone}>
      {zonedText(d, zone)}
      {relative && <> ({relativeTime(iso)})</>}
    </time>
  );
}

// ---- The constitution's shares in words (issue #15) ---------------------------------------
const fractionWords: Record<number, [string, string]> = {
  2: ["half", "halves"],
  3: ["third", "thirds"],
  4: ["quarter", "quarters"],
  5: ["fifth", "fifths"],
  6: ["sixth", "sixths"],
  7: ["seventh", "sevenths"],
  8: ["eighth", "eighths"],
  9: ["ninth", "ninths"],
  10: ["tenth", "tenths"],
};
const numberWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

// "2/3" → "two thirds"; "1/2" → "one half"; shares without a name stay as numbers ("7 in 12").
export function shareWords(share: string): string {
  const m = /^(\d+)\/(\d+)$/.exec(share);
  if (!m) return share;
  const n = Number(m[1]);
  const d = Number(m[2]);
  if (n === d) return "all";
  const names = fractionWords[d];
  if (!names || n > 10) return `${n} in ${d}`;
  return `${numberWords[n]} ${n === 1 ? names[0] : names[1]}`;
}

// Picks any member of the federation by name, where no one workplace holds every member who
// may be chosen (a union's candidates, an appointee): a search box over GET /api/search
// (members only), asked once typing pauses, and the members found as radio buttons with their
// workplace; a member's id is shown where two found share a name. The server says why a
// member chosen may not be (they cannot stand, they hold the most offices): the form shows
// its refusal, and `error` marks the box when it concerns `pointer`.
export function FederationMemberPicker({
  id,
  label,
  chosen,
  onChoose,
  pointer,
  error,
  errorId,
  hint,
}: {
  id: string;
  label: ComponentChildren;
  chosen: SearchHit | null;
  onChoose: (member: SearchHit | null) => void;
  pointer: string;
  error: ApiError | null;
  errorId: string;
  hint?: ComponentChildren;
}) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ q: string; hits: SearchHit[]; total: number } | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const q = query.trim();
  useEffect(() => {
    if (!q) {
      setFound(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      get<SearchResult>(`/api/search?kind=member&q=${encodeURIComponent(q)}`).then(
        (r) => {
          if (!live) return;
          setLoadError(null);
          setFound({ q, hits: r.groups[0]?.hits ?? [], total: r.groups[0]?.total ?? 0 });
        },
        (e) => live && setLoadError(e instanceof ApiError ? e : new ApiError(0, "error", String(e))),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);
  const hits = found && found.q === q ? found.hits.slice(0, MATCHES_SHOWN) : [];
  const shown = chosen && !hits.some((h) => h.id === chosen.id) ? [chosen, ...hits] : hits;
  const names = new Map<string, number>();
  for (const h of shown) names.set(h.name, (names.get(h.name) ?? 0) + 1);
  const shared = (h: SearchHit) => names.get(h.name)! > 1;
  const invalid = concerns(error, pointer);
  const status = !q
    ? chosen
      ? ""
      : "Type part of a name."
    : !found || found.q !== q
      ? loadError
        ? ""
        : "Searching…"
      : found.total === 0
        ? "No member's name holds that."
        : found.total > MATCHES_SHOWN
          ? `${plural(found.total, "member")} match; the first ${MATCHES_SHOWN} are shown. Type more of the name.`
          : `${plural(found.total, "member")} ${found.total === 1 ? "matches" : "match"}.`;
  return (
    <PickerView
      {...{ id, label, hint, query, setQuery, status, invalid, errorId, loadError, shown, shared, chosen, onChoose }}
      detail={(h) => h.detail}
    />
  );
}
