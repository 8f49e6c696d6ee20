// Pieces every page uses: loading data, headings that take focus after navigation,
// errors in the server's words, and human labels for the API's codes.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get } from "./api";

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
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
  if (path === null) return { data: null, error: null, loading: false, reload: () => {} };
  const current = state.path === path;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: !current,
    reload: () => {
      setState({ path: null, data: null, error: null });
      setTick((t) => t + 1);
    },
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
  const s = t[0].toUpperCase() + t.slice(1);
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

export function formatTime(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso; // a date alone
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
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
