// Recall petitions: any elector of a seat holder may open one with a reason; when the share
// of the electorate the constitution names has signed, the recall vote opens by itself. It
// recalls the holder only with more yes than no and the constitution's least turnout (by
// default, the signatures).
import { useState } from "preact/hooks";
import { command, type Recall } from "../api";
import { useLive } from "../live";
import { Link } from "../router";
import { useSession } from "../session";
import { limits } from "../limits";
import {
  ActionError,
  ErrorBox,
  FormFooter,
  Loading,
  PageTitle,
  plural,
  PublicNote,
  shareWords,
  TextArea,
  useAction,
  useApi,
  useSubmit,
} from "../ui";

// The share of the electorate whose signatures force a recall vote ("1/5"), from the
// constitution; null while it loads.
function useRecallShare(): string | null {
  const c = useApi<{ constitution: { recall_petition?: string } }>("/api/constitution");
  return c.data?.constitution.recall_petition ?? null;
}

// A disclosure with a form to petition for the recall of one mandate's holder.
export function OpenRecall({ mandate, holder, onOpened }: { mandate: string; holder: string; onOpened?: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState(false);
  const act = useSubmit(
    () => command({ open_recall: { mandate, reason: reason.trim() } }),
    () => {
      setDone(true);
      setOpen(false);
      onOpened?.();
    },
  );
  const formId = `recall-form-${mandate}`;
  const petition = useRecallShare();
  if (done)
    return (
      <p class="notice ok" role="status">
        The petition to recall {holder} is open and carries your signature.{" "}
        <Link href="/recalls">See the petitions</Link>.
      </p>
    );
  return (
    <div class="open-recall" data-testid="open-recall">
      <button
        type="button"
        class="secondary small"
        aria-expanded={open}
        aria-controls={formId}
        onClick={() => setOpen(!open)}
      >
        Petition to recall {holder}
      </button>
      {open && (
        <form id={formId} class="form" onSubmit={act.onSubmit}>
          <TextArea
            id={`${formId}-reason`}
            label={`Why should ${holder} be recalled?`}
            value={reason}
            onValue={setReason}
            max={limits.statement}
            pointer="/reason"
            error={act.error}
            errorId={`${formId}-error`}
            hint={`The reason is public. When ${petition ? `${shareWords(petition)} (${petition})` : "the share the constitution names"} of the electorate has signed, the recall vote opens by itself. It recalls the holder only if at least as many vote as signed.`}
          />
          <FormFooter action={act} label="Open the petition" busyLabel="Opening…" errorId={`${formId}-error`} />
        </form>
      )}
    </div>
  );
}

export function RecallsPage() {
  const { me } = useSession();
  const list = useApi<{ recalls: Recall[] }>("/api/recalls?state=open");
  const petition = useRecallShare();
  return (
    <article>
      <PageTitle title="Recall petitions">Recall petitions</PageTitle>
      <p class="lede">
        Every holder of a seat can be recalled by those who elected them. A petition needs the signatures of{" "}
        {petition ? (
          <>
            <span data-testid="recall-share">{shareWords(petition)}</span> ({petition})
          </>
        ) : (
          "the share the constitution names"
        )}{" "}
        of the electorate; then the recall vote opens. The holder is recalled if more vote yes than no and at least as
        many vote as the constitution asks of a recall: by default, as many as signed the petition. With fewer, the
        recall fails and the result says so. <Link href="/help#recall">How recall works</Link>.
      </p>
      <PublicNote>
        {!me && (
          <>
            {" "}
            <Link href="/login?next=/recalls">Log in</Link> to sign one.
          </>
        )}
      </PublicNote>
      {list.error ? (
        <ErrorBox error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="petitions" />
      ) : list.data.recalls.length === 0 ? (
        <p>No petition is open. To open one, go to the official's page or the body's page.</p>
      ) : (
        <ul class="cards" data-testid="recalls">
          {list.data.recalls.map((r) => (
            <RecallCard key={r.id} id={r.id} />
          ))}
        </ul>
      )}
    </article>
  );
}

function RecallCard({ id }: { id: string }) {
  const r = useLive<Recall>(`/api/recalls/${encodeURIComponent(id)}`, (d) => d.state === "petition");
  const { me } = useSession();
  const act = useAction();
  const [signed, setSigned] = useState(false);
  if (r.error) return <li><ErrorBox error={r.error} /></li>;
  if (!r.data) return <li><Loading what="the petition" /></li>;
  const rec = r.data;
  const o = rec.official;
  const sign = async () => {
    if (await act.run(() => command({ sign_recall: { recall: rec.id } }))) {
      setSigned(true);
      await r.refresh();
    }
  };
  const headId = `recall-${rec.id}-h`;
  return (
    <li class="card" aria-labelledby={headId} data-testid={`recall-${rec.id}`}>
      <h2 id={headId} class="card-title">
        Recall {o ? <Link href={`/officials/${encodeURIComponent(o.member)}`}>{o.member_name}</Link> : rec.mandate} from{" "}
        {o ? <Link href={`/bodies/${encodeURIComponent(o.body)}`}>{o.body_name}</Link> : "office"}
      </h2>
      <p>
        <q>{rec.reason}</q> <span class="meta">— opened by {rec.opened_by_name}</span>
      </p>
      <p>
        <label for={`progress-${rec.id}`} data-testid="signatures">
          {plural(rec.signatures, "signature")} of {rec.threshold.toLocaleString("en")} needed
        </label>{" "}
        <progress id={`progress-${rec.id}`} max={rec.threshold} value={Math.min(rec.signatures, rec.threshold)} />
      </p>
      {rec.state === "petition" ? (
        !me || me.operator ? null : rec.you?.signed || signed ? (
          <p class="notice ok" role="status">
            You have signed this petition.
          </p>
        ) : (
          <div class="action" data-testid="sign-recall">
            <button type="button" onClick={sign} disabled={act.busy}>
              {act.busy ? "Signing…" : "Sign the petition"}
            </button>
            <ActionError error={act.error} />
          </div>
        )
      ) : rec.poll && rec.state === "voting" ? (
        <p>
          The petition has enough signatures: <Link href={`/elections/${encodeURIComponent(rec.poll)}`}>go to the recall vote</Link>.
        </p>
      ) : rec.poll ? (
        <p>
          The recall {rec.state === "passed" ? "passed" : "failed"}:{" "}
          <Link href={`/elections/${encodeURIComponent(rec.poll)}`}>see the vote, its turnout and its result</Link>.
        </p>
      ) : (
        <p>This petition is {rec.state}.</p>
      )}
    </li>
  );
}
