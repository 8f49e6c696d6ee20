// What each alternative of a planning round means for one body (issue #14; C1, C3): the
// figures for whom it answers, its workplaces one by one, and the aggregate vote of the
// members it represents.
import type { RoundBodyView, RoundView } from "../api";
import { Link } from "../router";
import { ErrorBox, kindLabel, Loading, PageTitle, plural, useApi } from "../ui";
import { BodyFigures, fmt, PairwiseTable, roundTitle, scopeLabel, ScrollTable } from "./roundparts";

export function RoundBodyPage({ round, body }: { round: string; body: string }) {
  const r = useApi<RoundView>(`/api/rounds/${encodeURIComponent(round)}`);
  const v = useApi<RoundBodyView>(`/api/rounds/${encodeURIComponent(round)}/bodies/${encodeURIComponent(body)}`);
  const back = `/rounds/${encodeURIComponent(round)}`;
  const err = r.error ?? v.error;
  if (err)
    return (
      <>
        <PageTitle title="Not found">{err.status === 404 ? "Not found" : "Cannot show these figures"}</PageTitle>
        <ErrorBox error={err} retry={() => (r.reload(), v.reload())} />
        <p>
          <Link href={back}>Back to the round</Link>
        </p>
      </>
    );
  if (!r.data || !v.data) return <Loading what="the body's figures" />;
  const view = v.data;
  const rd = r.data.round;
  const names = rd.alternatives;
  const title = `${view.body_name}: ${roundTitle(rd).toLowerCase()}`;
  return (
    <article>
      <p class="eyebrow">
        <Link href={back}>{roundTitle(rd)}</Link> · what each alternative means for one body
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <p class="lede">
        <Link href={`/bodies/${encodeURIComponent(view.body)}`}>{view.body_name}</Link> ({kindLabel(view.body_kind)})
        answers in this round for {scopeLabel(view)}.
      </p>
      {view.computed_version < rd.version && view.alternatives.length > 0 && (
        <p class="notice" role="status">
          These figures are of version {view.computed_version}; the server is computing version {rd.version}.
        </p>
      )}
      <section aria-labelledby="fig-h">
        <h2 id="fig-h">Each alternative side by side</h2>
        <BodyFigures view={view} adopted={rd.adopted} />
      </section>
      {view.workplaces.length > 0 && (
        <section aria-labelledby="wps-h">
          <h2 id="wps-h">Its workplaces</h2>
          <ScrollTable>
            <table data-testid="body-workplaces">
              <caption>Each workplace's output target under each alternative</caption>
              <thead>
                <tr>
                  <th scope="col">Workplace</th>
                  <th scope="col" class="num">
                    Capacity
                  </th>
                  <th scope="col" class="num">
                    Workers
                  </th>
                  {names.map((n, i) => (
                    <th scope="col" class="num" key={n}>
                      {n}
                      {i === rd.adopted && " (adopted)"}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.workplaces.map((w) => (
                  <tr key={w.workplace}>
                    <th scope="row">
                      <Link href={`/workplaces/${encodeURIComponent(w.workplace)}`}>{w.name}</Link>{" "}
                      <span class="meta">{w.product}</span>
                    </th>
                    <td class="num">{fmt(w.capacity)}</td>
                    <td class="num">{fmt(w.workers)}</td>
                    {w.targets.map((t, i) => (
                      <td class="num" key={i}>
                        {fmt(t)}
                        {t > w.capacity * (1 + 1e-9) && <span class="meta"> (over capacity)</span>}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </section>
      )}
      {view.alternatives.length > 0 && view.workplaces.length === 0 && (
        <p>This body answers for more workplaces than can be listed here; the figures above sum over them.</p>
      )}
      <section aria-labelledby="tallies-h">
        <h2 id="tallies-h">How its members voted</h2>
        {view.tallies.length === 0 ? (
          <p>No vote of this round has closed yet. At the close, each body sees the aggregate of the members it represents.</p>
        ) : (
          [...view.tallies].reverse().map((t) => (
            <div key={t.vote} data-testid={`tally-${t.vote}`}>
              <h3>Vote {t.vote}</h3>
              <p>
                {plural(t.ballots, "ballot")} of the members {view.body_name} represents.{" "}
                {t.beat_status_quo.length === 0
                  ? "They preferred no alternative to the status quo."
                  : `They preferred ${t.beat_status_quo.map((i) => names[i]).join(", ")} to the status quo.`}{" "}
                This aggregate informs; the result is the federation-wide count of every member's ballot.
              </p>
              <PairwiseTable
                names={names}
                prefer={t.prefer}
                caption={`Ballots of ${view.body_name}'s members ranking the row's alternative above the column's, vote ${t.vote}`}
              />
            </div>
          ))
        )}
      </section>
      <p>
        <Link href={back}>Back to the round</Link>
      </p>
    </article>
  );
}
