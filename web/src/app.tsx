import { useState } from "preact/hooks";
import { Link, match, navigate, useLocation } from "./router";
import { SessionProvider, useSession } from "./session";
import { FederationPage } from "./pages/federation";
import { BodyPage } from "./pages/body";
import { WorkplacePage } from "./pages/workplace";
import { MemberPage } from "./pages/member";
import { RecordPage } from "./pages/record";
import { LoginPage } from "./pages/login";
import { NotFoundPage } from "./pages/notfound";
import { ElectionsPage, PollPage } from "./pages/elections";
import { AppealPage, AppealsPage } from "./pages/appeals";
import { AppointmentsPage } from "./pages/appointments";
import { RecallsPage } from "./pages/recalls";
import { OfficialPage } from "./pages/official";
import { MotionPage, MotionsPage } from "./pages/motions";
import { RoundPage, RoundsPage } from "./pages/rounds";
import { RoundBodyPage } from "./pages/roundbody";
import { PlanFulfilmentPage, WorkplaceFulfilmentPage } from "./pages/fulfilment";
import { SignalPage, SignalsPage } from "./pages/signals";
import { t, tx, useLang } from "./i18n";
import { Preferences } from "./preferences";
import { HomePage } from "./pages/home";
import { HelpPage } from "./pages/help";
import { SearchPage } from "./pages/search";

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Header() {
  const { me, loading, logout } = useSession();
  const { path } = useLocation();
  const [error, setError] = useState("");
  const current = (p: string) => (p === "/" ? path === "/" || path.startsWith("/bodies") : path.startsWith(p));
  const doLogout = async () => {
    setError("");
    try {
      await logout();
      navigate("/login?out=1");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <header class="site-header">
      <div class="bar">
        <Link href="/" class="brand">
          collegium
        </Link>
        <nav aria-label={t("shell.nav")}>
          <ul>
            <li>
              <Link href="/" aria-current={current("/") ? "page" : undefined}>
                {t("nav.federation")}
              </Link>
            </li>
            <li>
              <Link href="/rounds" aria-current={current("/rounds") ? "page" : undefined}>
                {t("nav.plans")}
              </Link>
            </li>
            <li>
              <Link href="/plan" aria-current={current("/plan") || current("/signals") ? "page" : undefined}>
                {t("nav.fulfilment")}
              </Link>
            </li>
            <li>
              <Link href="/elections" aria-current={current("/elections") ? "page" : undefined}>
                {t("nav.elections")}
              </Link>
            </li>
            <li>
              <Link href="/recalls" aria-current={current("/recalls") ? "page" : undefined}>
                {t("nav.recalls")}
              </Link>
            </li>
            <li>
              <Link href="/motions" aria-current={current("/motions") ? "page" : undefined}>
                {t("nav.motions")}
              </Link>
            </li>
            <li>
              <Link href="/appointments" aria-current={current("/appointments") ? "page" : undefined}>
                {t("nav.appointments")}
              </Link>
            </li>
            <li>
              <Link href="/appeals" aria-current={current("/appeals") ? "page" : undefined}>
                {t("nav.appeals")}
              </Link>
            </li>
            <li>
              <Link href="/record" aria-current={current("/record") ? "page" : undefined}>
                {t("nav.record")}
              </Link>
            </li>
            <li>
              <Link href="/help" aria-current={current("/help") ? "page" : undefined}>
                {t("nav.help")}
              </Link>
            </li>
          </ul>
        </nav>
        <div class="who" aria-live="polite">
          {loading ? null : me ? (
            <>
              <span class="who-name">
                {/* A member's name, leading to their home, says who is logged in; the words
                    are for screen readers, so that the header stays one line with Help (#15). */}
                {me.operator ? (
                  tx("header.loggedInAs", { who: <strong>{t("header.operator")}</strong> })
                ) : (
                  <>
                    <span class="visually-hidden">{t("header.loggedInAsLabel")} </span>
                    <Link href="/home" data-testid="me" aria-current={current("/home") ? "page" : undefined}>
                      {me.name ?? me.member}
                    </Link>
                  </>
                )}
              </span>
              <button type="button" class="secondary small" onClick={doLogout}>
                {t("header.logOut")}
              </button>
            </>
          ) : (
            <Link href="/login" class="button small" aria-current={current("/login") ? "page" : undefined}>
              {t("header.logIn")}
            </Link>
          )}
        </div>
      </div>
      <HeaderSearch />
      {error && (
        <p class="notice error bar-error" role="alert">
          {error}
        </p>
      )}
    </header>
  );
}

// The search box of every page (issue #15), on a row of its own under the navigation so
// that the bar above stays one line at 1280 px; it leads to /search?q=.
function HeaderSearch() {
  const { path, query } = useLocation();
  const [text, setText] = useState(path === "/search" ? (query.get("q") ?? "") : "");
  return (
    <div class="search-row">
      <form
        role="search"
        aria-label="Site"
        class="header-search"
        action="/search"
        onSubmit={(e) => {
          e.preventDefault();
          const q = text.trim();
          if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
        }}
      >
        <label for="site-search">Search</label>
        <input
          id="site-search"
          type="search"
          name="q"
          placeholder="members, bodies, elections, motions"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="secondary small">
          Find
        </button>
      </form>
    </div>
  );
}

function Routes() {
  const { path } = useLocation();
  let m: Record<string, string> | null;
  if (path === "/" || path === "/federation") return <FederationPage />;
  if (path === "/login") return <LoginPage />;
  if (path === "/record") return <RecordPage />;
  if (path === "/home") return <HomePage />;
  if (path === "/help") return <HelpPage />;
  if (path === "/search") return <SearchPage />;
  if ((m = match("/bodies/:id", path))) return <BodyPage key={m.id} id={m.id} />;
  if ((m = match("/workplaces/:id", path))) return <WorkplacePage key={m.id} id={m.id} />;
  if ((m = match("/workplaces/:id/fulfilment", path))) return <WorkplaceFulfilmentPage key={m.id} id={m.id} />;
  if (path === "/plan") return <PlanFulfilmentPage />;
  if (path === "/signals") return <SignalsPage />;
  if ((m = match("/signals/:id", path))) return <SignalPage key={m.id} id={m.id} />;
  if ((m = match("/bodies/:id/signals", path))) return <SignalsPage key={m.id} body={m.id} />;
  if ((m = match("/members/:id", path))) return <MemberPage key={m.id} id={m.id} />;
  if (path === "/elections") return <ElectionsPage />;
  if ((m = match("/elections/:id", path))) return <PollPage key={m.id} id={m.id} />;
  if (path === "/rounds") return <RoundsPage />;
  if ((m = match("/rounds/:id", path))) return <RoundPage key={m.id} id={m.id} />;
  if ((m = match("/rounds/:id/bodies/:body", path)))
    return <RoundBodyPage key={`${m.id}/${m.body}`} round={m.id} body={m.body} />;
  if (path === "/recalls") return <RecallsPage />;
  if (path === "/motions") return <MotionsPage />;
  if ((m = match("/motions/:id", path))) return <MotionPage key={m.id} id={m.id} />;
  if (path === "/appeals") return <AppealsPage />;
  if (path === "/appointments") return <AppointmentsPage />;
  if ((m = match("/appeals/:id", path))) return <AppealPage key={m.id} id={m.id} />;
  if ((m = match("/officials/:id", path))) return <OfficialPage key={m.id} id={m.id} />;
  return <NotFoundPage />;
}

function Shell() {
  // Rendering the shell again on a change of language renders every page again with it.
  useLang();
  return (
    <>
      <a class="skip-link" href="#main">
        {t("shell.skip")}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <Routes />
      </main>
      <footer class="site-footer">
        <p>{tx("footer.record", { link: <Link href="/record">{t("footer.recordLink")}</Link> })}</p>
        <Preferences />
      </footer>
    </>
  );
}
