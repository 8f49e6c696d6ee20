import type { Body, BodyPay, SeatHolder } from "../api";
import { Link } from "../router";
import { useSession } from "../session";
import { ErrorBox, formatTime, kindLabel, Loading, months, originLabel, PageTitle, plural, useApi } from "../ui";
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
              <td>{s.term_ends ? formatTime(s.term_ends) : "—"}</td>
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
