// Data that changes on its own (a poll whose phase the server's clock moves on): loaded like
// useApi, then fetched again every few seconds while `live` holds, without ever clearing
// what is shown, so that forms and focus on the page survive a refresh.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get } from "./api";
import { relativeTime } from "./ui";

export interface Live<T> {
  data: T | null;
  error: ApiError | null;
  refresh: () => Promise<void>;
}

export function useLive<T>(path: string | null, live: (data: T) => boolean, everyMs = 3000): Live<T> {
  const [state, setState] = useState<{ path: string | null; data: T | null; error: ApiError | null }>({
    path: null,
    data: null,
    error: null,
  });
  const liveRef = useRef(live);
  liveRef.current = live;
  const pathRef = useRef(path);
  pathRef.current = path;

  const refresh = useCallback(async () => {
    const p = pathRef.current;
    if (p === null) return;
    try {
      const data = await get<T>(p);
      if (pathRef.current === p) setState({ path: p, data, error: null });
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, "error", String(e));
      // A failed refresh keeps what is shown; only a first load shows the error.
      if (pathRef.current === p) setState((s) => (s.path === p && s.data ? s : { path: p, data: null, error }));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [path, refresh]);

  const current = state.path === path ? state : { data: null, error: null };
  const keepGoing = current.data !== null && liveRef.current(current.data);
  useEffect(() => {
    if (!keepGoing) return;
    const t = window.setInterval(() => void refresh(), everyMs);
    return () => window.clearInterval(t);
  }, [keepGoing, everyMs, refresh, path]);

  return { data: current.data, error: current.error, refresh };
}

// "in 3 minutes", "2 minutes ago": a deadline relative to now, next to its exact time
// (Intl.RelativeTimeFormat, through ui.tsx's relativeTime, as <Time relative> says it).
export function relative(iso: string, now = Date.now()): string {
  return relativeTime(iso, now);
}
