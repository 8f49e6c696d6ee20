// Appeals (A12): every refused admission and every removal can be appealed, within the
// constitution's window, to the elected body one level up. The removed member files their
// own appeal; the operator files an applicant's, who has no login yet. A seat holder of the
// body above records the hearing, and the body then decides by vote on the motions page.
import { useState } from "preact/hooks";
import { command, type AdverseDecision, type Appeal } from "../api";
import { Link } from "../router";
import { useSession } from "../session";
import { limits } from "../limits";
import { ErrorBox, FormFooter, Loading, PageTitle, PublicNote, TextArea, Time, useApi, useSubmit } from "../ui";

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
  const { me } = useSession();
  const decisions = useApi<{ decisions: AdverseDecision[] }>("/api/adverse-decisions");
  const appeals = useApi<{ appeals: Appeal[] }>("/api/appeals");
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
      <PublicNote>
        {!me && (
          <>
            {" "}
            A removed member <Link href="/login?next=/appeals">logs in</Link> to file their appeal.
          </>
        )}
      </PublicNote>
      {
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
                  <DecisionCard key={d.decision} d={d} mayAppeal={!!me && (me.operator ? d.kind === "admission" : d.person === me.member)} onFiled={reload} />
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
                      before {a.body_name} · filed <Time iso={a.filed} /> · {states[a.state]}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      }
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
        Decided <Time iso={d.decided} /> ·{" "}
        {d.appeal ? (
          <Link href={`/appeals/${encodeURIComponent(d.appeal.id)}`}>appealed: {states[d.appeal.state]}</Link>
        ) : d.open ? (
          <>may be appealed until <Time iso={d.appeal_until} /></>
        ) : (
          <>the window to appeal closed <Time iso={d.appeal_until} /></>
        )}
      </p>
      {!d.appeal && d.open && mayAppeal && (
        <form id={formId} class="form" onSubmit={act.onSubmit} data-testid="file-appeal">
          <TextArea
            id={`${formId}-grounds`}
            label={d.kind === "removal" ? "Your grounds for appeal" : `${d.name}'s grounds for appeal`}
            value={grounds}
            onValue={setGrounds}
            max={limits.motion}
            pointer="/grounds"
            error={act.error}
            errorId={`${formId}-error`}
            hint={
              d.hearing_body && d.hearing_holders === 0
                ? `The grounds are public. ${d.hearing_body_name} hears the appeal once its election fills its seats (it has no seat holders yet), then votes.`
                : `The grounds are public. ${d.hearing_body_name || "The body one level up"} hears the appeal, then votes.`
            }
          />
          <FormFooter action={act} label="File the appeal" busyLabel="Filing…" errorId={`${formId}-error`} />
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
      <PublicNote />
      <dl class="pairs">
        <dt>The decision</dt>
        <dd>
          <Link href={`/motions/${encodeURIComponent(ap.decision)}`}>{ap.decision_motion?.text ?? ap.decision}</Link>
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
        <dd><Time iso={ap.filed} /></dd>
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
                  until <Time iso={vote.closes} /> ·{" "}
                  <Link href={`/motions/${encodeURIComponent(vote.id)}`}>the vote, holder by holder</Link>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {ap.you?.hear && (
        <form class="form" onSubmit={act.onSubmit} aria-labelledby="hear-h" data-testid="hear-appeal">
          <h2 id="hear-h">Record the hearing</h2>
          <TextArea
            id="minutes"
            label="Minutes: who spoke, and what was put before the body"
            value={minutes}
            onValue={setMinutes}
            max={limits.motion}
            pointer="/minutes"
            error={act.error}
            errorId="hear-error"
            rows={4}
            hint="Once the hearing is recorded, the body's vote on the appeal opens."
          />
          <FormFooter
            action={act}
            label="Record the hearing and open the vote"
            busyLabel="Recording…"
            errorId="hear-error"
          />
        </form>
      )}
    </article>
  );
}
