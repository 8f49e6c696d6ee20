import { useState } from "preact/hooks";
import { command, type Body, type BodyPay, type Mandate, type Member, type SeatHolder } from "../api";
import { Link } from "../router";
import { useSession } from "../session";
import {
  ActionError,
  durationWords,
  ErrorBox,
  FormFooter,
  isoSeconds,
  kindLabel,
  Loading,
  months,
  originLabel,
  PageTitle,
  plural,
  Time,
  useApi,
  useMyMandates,
  useMyself,
  useSubmit,
} from "../ui";
import { OpenRecall } from "./recalls";

function holderOf(s: SeatHolder): { id: string; name: string } | null {
  if (s.holder === null) return null;
  return { id: s.holder, name: s.holder_name ?? s.holder };
}

function Holder({ s }: { s: SeatHolder }) {
  const h = holderOf(s);
  if (!h) return <span class="vacant">vacant</span>;
  return <Link href={`/officials/${encodeURIComponent(h.id)}`}>{h.name}</Link>;
}

export function BodyPage({ id }: { id: string }) {
  const b = useApi<Body>(`/api/bodies/${encodeURIComponent(id)}`);
  const pay = useApi<BodyPay>(`/api/bodies/${encodeURIComponent(id)}/pay`);
  if (b.loading && !b.data) return <Loading what="the body" />;
  if (b.error)
    return (
      <>
        <PageTitle title="Body not found">{b.error.status === 404 ? "Body not found" : "Cannot show this body"}</PageTitle>
        <ErrorBox error={b.error} retry={b.reload} />
        <p>
          <Link href="/">Back to the federation</Link>
        </p>
      </>
    );
  const body = b.data!;
  const filled = body.seat_holders.filter((s) => s.holder !== null && s.holder !== undefined).length;
  return (
    <article>
      <p class="eyebrow">{kindLabel(body.kind)}</p>
      <PageTitle title={body.name}>{body.name}</PageTitle>
      <dl class="facts">
        <div>
          <dt>Seats</dt>
          <dd>
            {body.seats} ({filled === 0 ? "all vacant" : `${filled} filled`})
          </dd>
        </div>
        <div>
          <dt>Term</dt>
          <dd>{months(body.term_months)}</dd>
        </div>
        <div>
          <dt>Electorate</dt>
          <dd>
            {body.constituency.bodies
              ? plural(body.electorate, "delegate")
              : plural(body.electorate, "member")}
          </dd>
        </div>
        <div>
          <dt>Pay and benefits</dt>
          <dd data-testid="pay">
            <PayLine pay={pay.data} failed={!!pay.error} />
          </dd>
        </div>
        <div>
          <dt>Identifier</dt>
          <dd>
            <code>{body.id}</code>
          </dd>
        </div>
      </dl>

      {body.open_election && (
        <p class="notice ok" data-testid="open-election">
          An election to this body is open:{" "}
          <Link href={`/elections/${encodeURIComponent(body.open_election)}`}>stand, nominate or vote</Link>.
        </p>
      )}
      <p>
        <Link href={`/motions?body=${encodeURIComponent(body.id)}`}>Motions before this body</Link> ·{" "}
        <Link href={`/bodies/${encodeURIComponent(body.id)}/signals`}>Signals before this body</Link> ·{" "}
        <Link href={`/elections`}>Elections</Link>
      </p>

      <section aria-labelledby="constituency-h">
        <h2 id="constituency-h">Who elects it</h2>
        {body.constituency.workplace && (
          <p>
            The members of the workplace{" "}
            <Link href={`/workplaces/${encodeURIComponent(body.constituency.workplace)}`}>
              {body.constituency_name ?? body.constituency.workplace}
            </Link>{" "}
            ({plural(body.electorate, "member")}).
          </p>
        )}
        {body.constituency.shop && (
          <p>
            The members of the shop <strong>{body.constituency_name ?? body.constituency.shop}</strong> (
            {plural(body.electorate, "member")}).
          </p>
        )}
        {body.constituency.bodies && (
          <>
            <p>
              Delegates of {plural(body.electors.length, "body", "bodies")}, one for each of their seats:
            </p>
            <ul class="link-list" data-testid="electors">
              {body.electors.map((e) => (
                <li key={e.id}>
                  <Link href={`/bodies/${encodeURIComponent(e.id)}`}>{e.name}</Link>{" "}
                  <span class="meta">
                    {kindLabel(e.kind)} · {plural(e.seats, "seat")}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="elects-h">
        <h2 id="elects-h">Whom it elects</h2>
        {body.elects.length === 0 ? (
          <p>It sends delegates to no other body.</p>
        ) : (
          <ul class="link-list" data-testid="elects">
            {body.elects.map((e) => (
              <li key={e.id}>
                <Link href={`/bodies/${encodeURIComponent(e.id)}`}>{e.name}</Link>{" "}
                <span class="meta">{kindLabel(e.kind)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="seats-h">
        <h2 id="seats-h">Seats and holders</h2>
        {filled === 0 && body.seats > 12 ? (
          <>
            <p>All {body.seats} seats are vacant: no election has filled them yet.</p>
            <details>
              <summary>Show the {body.seats} seats</summary>
              <SeatTable body={body} />
            </details>
          </>
        ) : (
          <>
            <SeatTable body={body} />
            {filled === 0 && <p class="muted">No election has filled these seats yet.</p>}
          </>
        )}
        {filled > 0 && <Recall body={body} />}
      </section>

      <CallElection body={body} filled={filled} refresh={b.refresh} />
    </article>
  );
}

const money = (n: number) => n.toLocaleString("en-GB", { maximumFractionDigits: 2 });

// The pay of the body's offices beside the median pay of its electorate (B8).
function PayLine({ pay, failed }: { pay: BodyPay | null | undefined; failed: boolean }) {
  if (failed) return <>Cannot show the pay.</>;
  if (!pay) return <>Loading…</>;
  const p = pay.pay;
  if (!p) return <>No pay recorded for these offices.</>;
  return (
    <>
      {money(p.monthly)} a month{p.benefits ? <>, benefits: {p.benefits}</> : <>, no benefits</>}.
      {p.electorate_median !== undefined && (
        <>
          {" "}
          The electorate's median is {money(p.electorate_median)} a month
          {p.electorate_with_pay !== undefined && <> ({plural(p.electorate_with_pay, "member")} with pay recorded)</>}
          {p.differential !== undefined && <>: {p.differential.toFixed(2)} × the median</>}.
        </>
      )}
    </>
  );
}

function SeatTable({ body }: { body: Body }) {
  return (
    <div class="table-wrap">
      <table data-testid="seats">
        <caption class="visually-hidden">Seats of {body.name}</caption>
        <thead>
          <tr>
            <th scope="col">Seat</th>
            <th scope="col">Holder</th>
            <th scope="col">Origin</th>
            <th scope="col">Term ends</th>
          </tr>
        </thead>
        <tbody>
          {body.seat_holders.map((s) => (
            <tr key={s.seat}>
              <td>{s.seat}</td>
              <td>
                <Holder s={s} />
              </td>
              <td>{originLabel(s.origin) || "—"}</td>
              <td>{s.term_ends ? <Time iso={s.term_ends} /> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The electors of a body may petition to recall any of its seat holders.
function Recall({ body }: { body: Body }) {
  const { me } = useSession();
  if (!me || me.operator) return null;
  const held = body.seat_holders.filter((s) => holderOf(s) && s.mandate && holderOf(s)!.id !== me.member);
  if (held.length === 0) return null;
  return (
    <details class="recall-box">
      <summary>Recall a seat holder</summary>
      <p class="hint">
        Those who elected this body's holders can petition to recall any of them. See also the open{" "}
        <Link href="/recalls">recall petitions</Link>.
      </p>
      <ul class="link-list">
        {held.map((s) => (
          <li key={s.mandate}>
            <OpenRecall mandate={s.mandate!} holder={holderOf(s)!.name} />
          </li>
        ))}
      </ul>
    </details>
  );
}

// Whether `member` (with their running mandates) is in the electorate of `body`, as the
// rules read it: the members of its shop or workplace, or the seat holders of the bodies
// that elect it.
function inElectorate(body: Body, member: Member, mandates: Mandate[]): boolean {
  const c = body.constituency;
  if (c.shop) return member.shop === c.shop;
  if (c.workplace) return member.workplace === c.workplace;
  return !!c.bodies && mandates.some((m) => c.bodies!.includes(m.body));
}

function electorateWords(body: Body): string {
  const c = body.constituency;
  if (c.shop) return `the members of the shop ${body.constituency_name ?? c.shop}`;
  if (c.workplace) return `the members of ${body.constituency_name ?? c.workplace}`;
  return `the seat holders of the ${plural(body.electors.length, "body", "bodies")} that elect it`;
}

// An election of the body's vacant seats, called by a member of its electorate
// (`call_election`). The server's clock calls one by itself for every elected body with a
// vacant seat, and for the seats whose terms end within the constitution's lead; a
// specialist post it leaves to appointment, and there the electorate may call an election
// instead (A5: appointments only as exceptions).
function CallElection({ body, filled, refresh }: { body: Body; filled: number; refresh: () => void }) {
  const { me } = useSession();
  const myself = useMyself();
  const mandates = useMyMandates();
  const constitution = useApi<{ constitution: Record<string, unknown> }>(me ? "/api/constitution" : null);
  const [called, setCalled] = useState<{ poll: string; until: string } | null>(null);
  const act = useSubmit(
    () => {
      setCalled(null);
      // Refused (most often because an election was called meanwhile), the page shows the
      // body as it now is, with the refusal kept above it.
      return command({ call_election: { body: body.id } }).catch((e: unknown) => {
        refresh();
        throw e;
      });
    },
    (reply) => {
      const nominating = isoSeconds(String(constitution.data?.constitution.nomination_period ?? ""));
      const until = Number.isFinite(nominating) ? new Date(Date.now() + nominating * 1000).toISOString() : "";
      setCalled({ poll: reply.created[0] ?? "", until });
      refresh();
    },
  );
  if (!me || me.operator) return null;
  if (!myself || !mandates) return null;
  // An open election is announced at the top of the page already.
  if (body.open_election && !called && !act.error) return null;
  const rules = constitution.data?.constitution;
  const lead = isoSeconds(String(rules?.election_lead ?? ""));
  const vacant = body.seats - filled;
  const elector = inElectorate(body, myself, mandates);
  const ends = body.seat_holders
    .map((s) => s.term_ends)
    .filter((t): t is string => !!t)
    .sort()[0];
  const nextCall = ends && Number.isFinite(lead) ? new Date(Date.parse(ends) - lead * 1000).toISOString() : null;
  return (
    <section aria-labelledby="call-h" data-testid="call-election-section">
      <h2 id="call-h">Calling an election</h2>
      {called && (
        <p class="notice ok" role="status" data-testid="call-election-done">
          The election is called for {plural(vacant > 0 ? vacant : body.seats, "seat")}
          {called.until && <>: nominations are open until about <Time iso={called.until} /></>}.{" "}
          {called.poll && (
            <Link href={`/elections/${encodeURIComponent(called.poll)}`}>Stand, nominate or vote on its page</Link>
          )}
          .
        </p>
      )}
      <ActionError error={act.error} id="call-error" />
      {!elector ? (
        <p class="hint" data-testid="call-election-why">
          Its elections are called by its electorate, {electorateWords(body)}. You are not among them, so you cannot call
          one.
        </p>
      ) : body.open_election ? (
        !called && (
          <p>
            An election is open already:{" "}
            <Link href={`/elections/${encodeURIComponent(body.open_election)}`}>its page</Link>.
          </p>
        )
      ) : vacant <= 0 ? (
        <p data-testid="call-election-why">
          Every seat is held, so there is no election to call.
          {nextCall && Number.isFinite(lead) && (
            <>
              {" "}
              The next one is called by itself about <Time iso={nextCall} />, {durationWords(lead)} before the first term
              ends.
            </>
          )}{" "}
          A holder can be recalled at any time by petition.
        </p>
      ) : (
        <form class="form" onSubmit={act.onSubmit} aria-labelledby="call-h" data-testid="call-election">
          <p>
            {vacant < body.seats
              ? `${vacant} of ${body.seats} seats are vacant.`
              : body.seats === 1
                ? "Its seat is vacant."
                : `All ${body.seats} seats are vacant.`}{" "}
            {body.kind === "specialist"
              ? "This post may be filled by appointment, with a union's consent, but only as an exception: its electorate may elect it instead."
              : "The server calls an election of vacant seats by itself; if it has not yet, any member of the electorate may."}{" "}
            {rules && (
              <>
                Nominations stay open for {durationWords(isoSeconds(String(rules.nomination_period)))}, then the
                electorate votes for {durationWords(isoSeconds(String(rules.voting_period)))}.
              </>
            )}
          </p>
          <FormFooter
            action={act}
            label={`Call an election of the ${plural(vacant, "vacant seat")}`}
            busyLabel="Calling…"
            errorAbove
          />
        </form>
      )}
    </section>
  );
}
