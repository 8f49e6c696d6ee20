// Appeals (A12): every refused admission and every removal can be appealed, within the
// constitution's window, to the elected body one level up. The removed member files their
// own appeal; the operator files an applicant's, who has no login yet. A seat holder of the
// body above records the hearing, and the body then decides by vote on the motions page.
import { useState } from "preact/hooks";
import { command, type AdverseDecision, type Appeal } from "../api";
import { Link } from "../router";
import { useSession } from "../session";
import { ErrorBox, formatTime, FormFooter, Loading, PageTitle, useApi, useSubmit } from "../ui";

const states: Record<Appeal["state"], string> = {
  filed: "waiting to be heard",
  heard: "heard; the body is voting",
  upheld: "upheld: the decision was reversed",
  dismissed: "dismissed: the decision stands",
};

function what(d: { kind: string }) {
  return d.kind === "admission" ? "refused admission" : "removal from membership";
}

export function AppealsPage() {
  const { me, loading } = useSession();
  const decisions = useApi<{ decisions: AdverseDecision[] }>(me ? "/api/adverse-decisions" : null);
  const appeals = useApi<{ appeals: Appeal[] }>(me ? "/api/appeals" : null);
  if (loading) return <Loading what="appeals" />;
  const reload = () => {
    decisions.reload();
    appeals.reload();
  };
  return (
    <article>
      <PageTitle title="Appeals">Appeals</PageTitle>
      <p class="lede">
        A refused admission or a removal can be appealed to the elected body one level up, which hears the appeal and
        then decides it by vote. An appeal upheld reverses the decision.
      </p>
      {!me ? (
        <p>
          <Link href="/login?next=/appeals">Log in</Link> to see and file appeals.
        </p>
      ) : (
        <>
          <section aria-labelledby="decisions-h">
            <h2 id="decisions-h">Decisions about members</h2>
            {decisions.error ? (
              <ErrorBox error={decisions.error} retry={decisions.reload} />
            ) : !decisions.data ? (
              <Loading what="decisions" />
            ) : decisions.data.decisions.length === 0 ? (
              <p>No admission has been refused and no member removed.</p>
            ) : (
              <ul class="cards" data-testid="decisions">
                {decisions.data.decisions.map((d) => (
                  <DecisionCard key={d.decision} d={d} mayAppeal={me.operator ? d.kind === "admission" : d.person === me.member} onFiled={reload} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="appeals-h">
            <h2 id="appeals-h">Appeals</h2>
            {appeals.error ? (
              <ErrorBox error={appeals.error} retry={appeals.reload} />
            ) : !appeals.data ? (
              <Loading what="appeals" />
            ) : appeals.data.appeals.length === 0 ? (
              <p>No appeal has been filed.</p>
            ) : (
              <ul class="cards" data-testid="appeals">
                {appeals.data.appeals.map((a) => (
                  <li key={a.id} class="card">
                    <h3 class="card-title">
                      <Link href={`/appeals/${encodeURIComponent(a.id)}`}>
                        {a.subject_name}: appeal against {what(a)}
                      </Link>
                    </h3>
                    <p class="meta">
                      before {a.body_name} · filed {formatTime(a.filed)} · {states[a.state]}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </article>
  );
}

function DecisionCard({ d, mayAppeal, onFiled }: { d: AdverseDecision; mayAppeal: boolean; onFiled: () => void }) {
  const [grounds, setGrounds] = useState("");
  const act = useSubmit(() => command({ file_appeal: { decision: d.decision, grounds: grounds.trim() } }), onFiled);
  const formId = `appeal-${d.decision}`;
  return (
    <li class="card" data-testid={`decision-${d.decision}`}>
      <h3 class="card-title">
        {d.name}: {what(d)} by {d.body_name}
      </h3>
      {d.text && <p>{d.text}</p>}
      <p class="meta">
        Decided {formatTime(d.decided)} ·{" "}
        {d.appeal ? (
          <Link href={`/appeals/${encodeURIComponent(d.appeal.id)}`}>appealed: {states[d.appeal.state]}</Link>
        ) : d.open ? (
          <>may be appealed until {formatTime(d.appeal_until)}</>
        ) : (
          <>the window to appeal closed {formatTime(d.appeal_until)}</>
        )}
      </p>
      {!d.appeal && d.open && mayAppeal && (
        <form id={formId} class="form" onSubmit={act.onSubmit}>
          <div class="field">
            <label for={`${formId}-grounds`}>
              {d.kind === "removal" ? "Your grounds for appeal" : `${d.name}'s grounds for appeal`}
            </label>
            <textarea
              id={`${formId}-grounds`}
              rows={3}
              required
              value={grounds}
              onInput={(e) => setGrounds((e.target as HTMLTextAreaElement).value)}
              aria-invalid={act.error ? true : undefined}
            />
            <p class="hint">The grounds are public. The body one level up hears the appeal, then votes.</p>
          </div>
          <FormFooter action={act} label="File the appeal" busyLabel="Filing…" />
        </form>
      )}
    </li>
  );
}

export function AppealPage({ id }: { id: string }) {
  const a = useApi<Appeal>(`/api/appeals/${encodeURIComponent(id)}`);
  const [minutes, setMinutes] = useState("");
  const act = useSubmit(
    () => (a.data ? command({ hear_appeal: { appeal: a.data.id, minutes: minutes.trim() } }) : undefined),
    a.reload,
  );
  if (a.error) return <ErrorBox error={a.error} retry={a.reload} />;
  if (!a.data) return <Loading what="the appeal" />;
  const ap = a.data;
  const title = `${ap.subject_name}: appeal against ${what(ap)}`;
  const vote = ap.hearing_motion;
  return (
    <article>
      <PageTitle title={title}>{title}</PageTitle>
      <p class="lede" data-testid="appeal-state">
        Before <Link href={`/bodies/${encodeURIComponent(ap.body)}`}>{ap.body_name}</Link>: {states[ap.state]}.
      </p>
      <dl class="facts">
        <dt>The decision</dt>
        <dd>
          {ap.decision_motion?.text ?? ap.decision}
          {ap.decision_motion && (
            <>
              {" "}
              <span class="meta">
                ({ap.decision_motion.body_name}: yes {ap.decision_motion.yes}, no {ap.decision_motion.no}, abstain{" "}
                {ap.decision_motion.abstain})
              </span>
            </>
          )}
        </dd>
        <dt>Grounds</dt>
        <dd>
          <q>{ap.grounds}</q>
        </dd>
        <dt>Filed</dt>
        <dd>{formatTime(ap.filed)}</dd>
        {ap.minutes && (
          <>
            <dt>The hearing</dt>
            <dd>
              {ap.minutes} <span class="meta">— recorded by {ap.heard_by_name}</span>
            </dd>
          </>
        )}
        {vote && (
          <>
            <dt>The vote</dt>
            <dd>
              Yes {vote.yes}, no {vote.no}, abstain {vote.abstain} · {vote.state}
              {vote.state === "open" && (
                <>
                  {" "}
                  until {formatTime(vote.closes)} ·{" "}
                  <Link href={`/motions?body=${encodeURIComponent(vote.body)}`}>vote on the motions page</Link>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {ap.you?.hear && (
        <form class="form" onSubmit={act.onSubmit} aria-labelledby="hear-h">
          <h2 id="hear-h">Record the hearing</h2>
          <div class="field">
            <label for="minutes">Minutes: who spoke, and what was put before the body</label>
            <textarea
              id="minutes"
              rows={4}
              required
              value={minutes}
              onInput={(e) => setMinutes((e.target as HTMLTextAreaElement).value)}
              aria-invalid={act.error ? true : undefined}
            />
            <p class="hint">Once the hearing is recorded, the body's vote on the appeal opens.</p>
          </div>
          <FormFooter action={act} label="Record the hearing and open the vote" busyLabel="Recording…" />
        </form>
      )}
    </article>
  );
}
