// Who is logged in. The session itself is an HttpOnly cookie the page cannot read; the
// page keeps the CSRF token (sent back on every write) and the member's id and name.
import { createContext } from "preact";
import type { ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import { ApiError, del, get, post, setCsrfToken, type SessionInfo } from "./api";

interface SessionState {
  loading: boolean;
  me: SessionInfo | null;
  login: (member: string, password: string) => Promise<SessionInfo>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const Ctx = createContext<SessionState>(null as unknown as SessionState);

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [me, setMe] = useState<SessionInfo | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const s = await get<SessionInfo>("/api/session");
      setCsrfToken(s.csrf_token ?? "");
      setMe(s);
    } catch (e) {
      setCsrfToken("");
      setMe(null);
      if (!(e instanceof ApiError) || e.status !== 401) console.warn(e);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const login = useCallback(async (member: string, password: string) => {
    const s = await post<SessionInfo>("/api/session", { member, password });
    setCsrfToken(s.csrf_token ?? "");
    // The login reply has no name; ask who we are for it.
    try {
      const full = await get<SessionInfo>("/api/session");
      setMe(full);
      return full;
    } catch {
      setMe(s);
      return s;
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      await del<void>("/api/session");
    } catch (e) {
      // An expired session is as good as logged out.
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
    }
    setCsrfToken("");
    setMe(null);
  }, []);

  return <Ctx.Provider value={{ loading, me, login, logout, refresh }}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);
