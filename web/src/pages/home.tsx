// A member's home (issue #15): where they land after logging in. What is open for them now
// (elections, petitions, motions of their bodies, plan rounds, signals before their
// bodies), what is due from them (reports back, manual labour, their workplace's report),
// and their seats and the bodies they elect; all from one read (GET /api/members/{id}/home).
// Each item links to the page where it is done and says until when. The time zone of every
// time the app shows is picked here.
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import type { Get } from "../api";
import { Link, navigate } from "../router";
import { useSession } from "../session";
import {
  browserTimeZone,
  ErrorBox,
  kindLabel,
  Loading,
  originLabel,
  PageTitle,
  plural,
  setTimeZone,
  Time,
  timeZones,
  useApi,
  useTimeZone,
} from "../ui";

type Home = Get<"/api/members/{id}/home">;
type Item = Home["open"][number];

const enc = encodeURIComponent;

// What an item asks, where it is done, and what its date means.
function describe(item: Item, me: string): { text: ComponentChildren; href: string; when: string; help?: string } {
  const body = item.body_name || item.body;
  switch (item.kind) {
    case "nominate":
      return {
        text: <>Stand or nominate in the election of {body}</>,
        href: `/elections/${enc(item.ref)}`,
        when: "nominations close",
        help: "/help#stv",
      };
    case "vote_election":
      return {
        text: <>Vote in the election of {body}</>,
        href: `/elections/${enc(item.ref)}`,
        when: "voting closes",
        help: "/help#stv",
      };
    case "vote_recall":
      return {
        text: <>Vote on recalling a seat holder of {body}</>,
        href: `/elections/${enc(item.ref)}`,
        when: "voting closes",
        help: "/help#recall",
      };
    case "sign_petition":
      return {
        text: (
          <>
            Sign the petition to recall {item.title} from {body} ({plural(item.have, "signature")} of{" "}
            {item.need.toLocaleString("en")} needed)
          </>
        ),
        href: "/recalls",
        when: "",
        help: "/help#recall",
      };
    case "vote_motion":
      return {
        text: (
          <>
            Vote on a motion before {body}: <q>{item.title}</q>
          </>
        ),
        href: `/motions/${enc(item.ref)}`,
        when: "voting closes",
      };
    case "amend_round":
      return {
        text: <>Propose amendments to the plan for {item.title}</>,
        href: `/rounds/${enc(item.ref)}`,
        when: "amendments close",
      };
    case "vote_round":
      return {
        text: <>Rank the plans for {item.title}</>,
        href: `/rounds/${enc(item.ref)}`,
        when: "the vote closes",
      };
    case "signal":
      return {
        text: (
          <>
            A signal from {item.title}, period {item.have}, before {body}
          </>
        ),
        href: `/signals/${enc(item.ref)}`,
        when: "answer by",
      };
    case "report_back":
      return {
        text: <>Report back to the electors of {body}</>,
        href: `/officials/${enc(me)}`,
        when: "due",
      };
    case "labour":
      return {
        text: (
          <>
            Manual labour: {plural(item.have, "day")} of {item.need.toLocaleString("en")} confirmed over the last year
          </>
        ),
        href: `/officials/${enc(me)}`,
        when: "before your first term ends",
        help: "/help#labour",
      };
    case "workplace_report":
      return {
        text: (
          <>
            File {item.title}’s report for period {item.have}
          </>
        ),
        href: `/workplaces/${enc(item.ref)}/fulfilment`,
        when: "its window closes",
      };
    default:
      return { text: item.kind, href: "/", when: "until" };
  }
}

function Items({ items, me, testid, empty }: { items: Item[]; me: string; testid: string; empty: ComponentChildren }) {
  if (items.length === 0)
    return (
      <p class="muted" data-testid={`${testid}-empty`}>
        {empty}
      </p>
    );
  return (
    <ul class="cards" data-testid={testid}>
      {items.map((item) => {
        const d = describe(item, me);
        return (
          <li key={`${item.kind}-${item.ref}`} class="card" data-kind={item.kind}>
            <p class="card-title">
              <Link href={d.href}>{d.text}</Link>
            </p>
            <p class="meta">
              {item.until ? (
                <>
                  {item.overdue ? <strong class="overdue">Overdue: </strong> : null}
                  {d.when} <Time iso={item.until} relative />
                </>
              ) : (
                <>Nothing closes it: it stays open until enough have signed.</>
              )}
              {d.help && (
                <>
                  {" "}
                  · <Link href={d.help}>How this works</Link>
                </>
              )}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

// The zone every time is shown in: the browser's, or one picked here and remembered.
function ZonePicker() {
  const { zone, chosen } = useTimeZone();
  const browser = browserTimeZone();
  return (
    <section aria-labelledby="zone-h">
      <h2 id="zone-h">Your time zone</h2>
      <div class="field">
        <label for="time-zone">Times are shown in</label>
        <select
          id="time-zone"
          value={chosen ? zone : ""}
          onChange={(e) => {
            const v = (e.target as HTMLSelectElement).value;
            setTimeZone(v || null);
          }}
          aria-describedby="time-zone-hint"
        >
          <option value="">Your browser’s zone ({browser})</option>
          {timeZones().map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        <p id="time-zone-hint" class="hint">
          Every time in the app is shown in this zone; hold the pointer over a time to read it in UTC. The choice is kept
          in this browser.
        </p>
      </div>
    </section>
  );
}

export function HomePage() {
  const { me, loading } = useSession();
  const member = me && !me.operator ? me.member : null;
  const home = useApi<Home>(member ? `/api/members/${enc(member)}/home` : null);
  // A removed member has no home (they are no longer a member): their own page says what
  // was decided and where to appeal.
  const gone = home.error?.status === 404 && member !== null;
  useEffect(() => {
    if (gone) navigate(`/members/${enc(member!)}`, true);
  }, [gone, member]);
  if (loading) return <Loading what="your session" />;
  if (!me)
    return (
      <article>
        <PageTitle title="Home">Home</PageTitle>
        <p>
          <Link href="/login?next=/home">Log in</Link> to see what is open for you and what is due.
        </p>
      </article>
    );
  if (me.operator)
    return (
      <article>
        <PageTitle title="Home">Home</PageTitle>
        <p>
          The operator holds no seat and votes in nothing, so has no home of their own. A member’s home is at{" "}
          <code>/api/members/ID/home</code>, which the operator may read.
        </p>
        <ZonePicker />
      </article>
    );
  if (home.error) return <ErrorBox error={home.error} retry={home.reload} />;
  if (!home.data) return <Loading what="your home" />;
  const h = home.data;
  return (
    <article>
      <PageTitle title="Home">Your home, {h.name}</PageTitle>
      <p class="lede">
        What is open for you now and what is due from you, soonest first.{" "}
        <Link href={`/members/${enc(h.member)}`}>Your page</Link> · <Link href="/help">How it all works</Link>
      </p>

      <section aria-labelledby="open-h">
        <h2 id="open-h">Open for you now</h2>
        <Items
          items={h.open}
          me={h.member}
          testid="home-open"
          empty="Nothing is open for you now. Elections you may stand or vote in, recall petitions you may sign, motions before your bodies, plan rounds to amend or vote on, and plan signals before your bodies will appear here."
        />
      </section>

      <section aria-labelledby="due-h">
        <h2 id="due-h">Due from you</h2>
        <Items
          items={h.due}
          me={h.member}
          testid="home-due"
          empty="Nothing is due from you. Reports back to your electors and manual labour, once you hold a seat, and your workplace’s report, when you file it, will appear here."
        />
      </section>

      <section aria-labelledby="seats-h">
        <h2 id="seats-h">Your seats</h2>
        {h.seats.length === 0 ? (
          <p class="muted" data-testid="home-seats-empty">
            You hold no seat. When you are elected or appointed, your seats and when each term ends will appear here.
          </p>
        ) : (
          <ul class="link-list" data-testid="home-seats">
            {h.seats.map((s) => (
              <li key={s.id}>
                <Link href={`/bodies/${enc(s.body)}`}>{s.body_name}</Link>{" "}
                <span class="meta">
                  · {originLabel(s.origin)} · term ends <Time iso={s.ends} />
                  {s.report_due && (
                    <>
                      {" "}
                      · next report back due <Time iso={s.report_due} relative />
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="electing-h">
        <h2 id="electing-h">Bodies you elect</h2>
        {h.electing.length === 0 ? (
          <p class="muted" data-testid="home-electing-empty">
            You are in no body’s electorate yet. The committees of your shop and workplace, and the bodies that the bodies
            you sit on elect, will appear here.
          </p>
        ) : (
          <ul class="link-list" data-testid="home-electing">
            {h.electing.map((b) => (
              <li key={b.id}>
                <Link href={`/bodies/${enc(b.id)}`}>{b.name}</Link>{" "}
                <span class="meta">
                  · {kindLabel(b.kind)}, {plural(b.seats, "seat")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <ZonePicker />
    </article>
  );
}
