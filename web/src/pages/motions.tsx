// Motions before a body: seat holders vote yes, no or abstain while a motion is open, and
// every vote is public. With ?body=ID the page shows one body and how many of its running
// mandates are appointments rather than elections.
import { useState } from "preact/hooks";
import { command, type Body, type Mandate, type Motion } from "../api";
import { Link, useLocation } from "../router";
import { useSession } from "../session";
import { ActionError, ErrorBox, formatTime, FormFooter, Loading, PageTitle, plural, useAction, useApi, useSubmit } from "../ui";

export function MotionsPage() {
  const { me, loading } = useSession();
  const { query } = useLocation();
  const body = query.get("body");
  const b = useApi<Body>(body ? `/api/bodies/${encodeURIComponent(body)}` : null);
  const list = useApi<{ motions: Motion[] }>(
    me ? `/api/motions${body ? `?body=${encodeURIComponent(body)}` : ""}` : null,
  );
  const title = body ? `Motions before ${b.data?.name ?? body}` : "Motions";
  if (loading) return <Loading what="motions" />;
  return (
    <article>
      <PageTitle title={title}>{title}</PageTitle>
      <p class="lede">A body decides by vote of its seat holders. Every vote is public.</p>
      {body && b.data && <AppointedShare body={b.data} />}
      {!me ? (
        <p>
          <Link href={`/login?next=${encodeURIComponent(`/motions${body ? `?body=${body}` : ""}`)}`}>Log in</Link> to
          see motions.
        </p>
      ) : list.error ? (
        <ErrorBox error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="motions" />
      ) : (
        <>
          {list.data.motions.length === 0 ? (
            <p>No motions{body ? " before this body" : ""} yet.</p>
          ) : (
            <ul class="cards" data-testid="motions">
              {[...list.data.motions]
                .sort((x, y) => Number(y.state === "open") - Number(x.state === "open"))
                .map((m) => (
                  <MotionCard key={m.id} motion={m} reload={list.reload} showBody={!body} />
                ))}
            </ul>
          )}
          {body && !me.operator && <Propose body={body} reload={list.reload} />}
        </>
      )}
    </article>
  );
}

function AppointedShare({ body }: { body: Body }) {
  const m = useApi<{ mandates: Mandate[] }>(`/api/mandates?body=${encodeURIComponent(body.id)}&running=1`);
  if (!m.data) return null;
  const running = m.data.mandates.length;
  const appointed = m.data.mandates.filter((x) => x.origin === "appointment").length;
  return (
    <p data-testid="appointed-share">
      <Link href={`/bodies/${encodeURIComponent(body.id)}`}>{body.name}</Link>: {plural(running, "running mandate")}
      {running > 0 && (
        <>
          , of which {appointed} {appointed === 1 ? "is an appointment" : "are appointments"} (
          {Math.round((appointed / running) * 100)}%)
        </>
      )}
      .
    </p>
  );
}

function MotionCard({ motion, reload, showBody }: { motion: Motion; reload: () => void; showBody: boolean }) {
  const { me } = useSession();
  const act = useAction();
  const [voted, setVoted] = useState("");
  const vote = async (choice: string) => {
    if (await act.run(() => command({ vote_motion: { motion: motion.id, choice } }))) {
      setVoted(choice);
      reload();
    }
  };
  const head = `motion-${motion.id}-h`;
  return (
    <li class="card" aria-labelledby={head}>
      <h2 id={head} class="card-title">
        {motion.text}
      </h2>
      <p class="meta">
        {motion.kind.replace(/_/g, " ")} · proposed by {motion.proposed_by_name}
        {showBody && (
          <>
            {" "}
            · <Link href={`/motions?body=${encodeURIComponent(motion.body)}`}>{motion.body_name}</Link>
          </>
        )}{" "}
        · {motion.state}
        {motion.state === "open" && <> until {formatTime(motion.closes)}</>}
      </p>
      <p>
        Yes {motion.yes}, no {motion.no}, abstain {motion.abstain}.
      </p>
      {motion.state === "open" && me && !me.operator && (
        <div class="action">
          {voted ? (
            <p class="notice ok" role="status">
              Your vote ({voted}) is recorded.
            </p>
          ) : (
            <div class="button-row" role="group" aria-label={`Your vote on: ${motion.text}`}>
              {["yes", "no", "abstain"].map((c) => (
                <button key={c} type="button" class="secondary small" disabled={act.busy} onClick={() => vote(c)}>
                  {c === "yes" ? "Vote yes" : c === "no" ? "Vote no" : "Abstain"}
                </button>
              ))}
            </div>
          )}
          <ActionError error={act.error} />
        </div>
      )}
    </li>
  );
}

function Propose({ body, reload }: { body: string; reload: () => void }) {
  const [text, setText] = useState("");
  const [done, setDone] = useState(false);
  const act = useSubmit(
    () => {
      setDone(false);
      return command({ propose_motion: { body, text: text.trim() } });
    },
    () => {
      setText("");
      setDone(true);
      reload();
    },
  );
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="propose-h">
      <h2 id="propose-h">Propose a motion</h2>
      <div class="field">
        <label for="motion-text">The motion</label>
        <textarea id="motion-text" rows={3} required value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        <p class="hint">Seat holders of the body propose motions and vote on them.</p>
      </div>
      <FormFooter action={act} label="Propose" busyLabel="Proposing…">
        {done && (
          <p class="notice ok" role="status">
            The motion is before the body.
          </p>
        )}
      </FormFooter>
    </form>
  );
}
