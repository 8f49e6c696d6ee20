// Motions before a body: seat holders vote yes, no or abstain while a motion is open, and
// every vote is public (B1), so anyone may read the motions, each on its own page with
// every holder's vote and, once closed, why it carried or was lost. With ?body=ID the list
// shows one body and how many of its running mandates are appointments rather than
// elections. Only a seat holder of the body sees the buttons to vote; anyone else is told
// who votes.
import { useState } from "preact/hooks";
import { command, type Body, type Mandate, type Motion } from "../api";
import { limits } from "../limits";
import { Link, useLocation } from "../router";
import { useSession } from "../session";
import { AmendmentChanges, ProposeAmendment } from "./amendment";
import {
  ActionError,
  ErrorBox,
  FormFooter,
  Loading,
  PageTitle,
  plural,
  PublicNote,
  TextArea,
  Time,
  useAction,
  useApi,
  useSubmit,
} from "../ui";

export function MotionsPage() {
  const { me } = useSession();
  const { query } = useLocation();
  const body = query.get("body");
  const b = useApi<Body>(body ? `/api/bodies/${encodeURIComponent(body)}` : null);
  const list = useApi<{ motions: Motion[] }>(`/api/motions${body ? `?body=${encodeURIComponent(body)}` : ""}`);
  const seats = useSeats();
  const title = body ? `Motions before ${b.data?.name ?? body}` : "Motions";
  return (
    <article>
      <PageTitle title={title}>{title}</PageTitle>
      <p class="lede">A body decides by vote of its seat holders. Every vote is public.</p>
      <PublicNote />
      {body && b.data && <AppointedShare body={b.data} />}
      {list.error ? (
        <ErrorBox error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="motions" />
      ) : list.data.motions.length === 0 ? (
        <p>No motions{body ? " before this body" : ""} yet.</p>
      ) : (
        <ul class="cards" data-testid="motions">
          {[...list.data.motions]
            .sort((x, y) => Number(y.state === "open") - Number(x.state === "open"))
            .map((m) => (
              <MotionCard key={m.id} motion={m} reload={list.refresh} showBody={!body} seats={seats} />
            ))}
        </ul>
      )}
      {/* Outside the list, so that the form (and its notice) stays while the list reloads. */}
      {body && me && !me.operator && seats?.has(body) && <Propose body={body} reload={list.refresh} />}
      {body && me && !me.operator && seats?.has(body) && b.data?.kind === "congress" && (
        <ProposeAmendment body={body} reload={list.refresh} />
      )}
      {body && me && !me.operator && seats && !seats.has(body) && (
        <p class="hint" data-testid="who-proposes">
          Seat holders of {b.data?.name ?? "the body"} propose its motions
          {b.data?.kind === "congress" && ", and amendments of the constitution"}.
        </p>
      )}
    </article>
  );
}

// The bodies in which the logged-in member holds a seat now; null while unknown or for
// nobody logged in.
function useSeats(): Set<string> | null {
  const { me } = useSession();
  const member = me && !me.operator ? me.member : null;
  const m = useApi<{ mandates: Mandate[] }>(member ? `/api/mandates?member=${encodeURIComponent(member)}` : null);
  return m.data ? new Set(m.data.mandates.map((x) => x.body)) : null;
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

const kindLabels: Record<string, string> = {
  general: "Motion",
  amendment: "Amendment of the constitution",
  appointment: "Consent to an appointment",
  recall_appointee: "Recall of an appointee",
  admission: "Admission",
  removal: "Removal from membership",
  appeal: "Appeal",
  planning_round: "Planning round",
  round_amendment: "Amendment of a planning round",
};

export function motionKind(kind: string): string {
  return kindLabels[kind] ?? kind.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

// "Carried", "Lost", "Open until …", with the reason once closed.
function Outcome({ motion }: { motion: Motion }) {
  if (motion.state === "open") return <>Open until <Time iso={motion.closes} /></>;
  return (
    <>
      <strong>{motion.state === "carried" ? "Carried" : "Lost"}</strong>
      {motion.reason && <>: {motion.reason}</>}
    </>
  );
}

const choiceWords: Record<string, string> = { yes: "Vote yes", no: "Vote no", abstain: "Abstain" };

function recorded(choice: string): string {
  if (choice === "yes") return "Your vote for the motion is recorded.";
  if (choice === "no") return "Your vote against the motion is recorded.";
  return "Your abstention is recorded.";
}

// The buttons to vote on an open motion, for a seat holder of its body who has not voted
// yet; otherwise a sentence saying who votes, or how the member voted.
function VoteOnMotion({
  motion,
  seats,
  votedAs,
  onVoted,
}: {
  motion: Motion;
  seats: Set<string> | null;
  votedAs?: string; // the member's vote already cast, when known
  onVoted: () => void;
}) {
  const { me } = useSession();
  const act = useAction();
  const [voted, setVoted] = useState("");
  if (motion.state !== "open") return null;
  const vote = async (choice: string) => {
    if (await act.run(() => command({ vote_motion: { motion: motion.id, choice } }))) {
      setVoted(choice);
      onVoted();
    }
  };
  const who = (
    <>
      Only the seat holders of <Link href={`/bodies/${encodeURIComponent(motion.body)}`}>{motion.body_name}</Link> vote
      on it
    </>
  );
  if (!me || me.operator)
    return (
      <p class="who-votes" data-testid="who-votes">
        {who}.
      </p>
    );
  if (!seats) return null; // the member's seats are still loading
  if (!seats.has(motion.body))
    return (
      <p class="who-votes" data-testid="who-votes">
        {who}; you hold no seat there.
      </p>
    );
  const cast = voted || votedAs;
  return (
    <div class="action">
      {cast ? (
        <p class="notice ok" role="status" data-testid="motion-voted">
          {voted ? recorded(voted) : `You have voted: ${cast === "abstain" ? "you abstained" : cast}.`} Votes in a body
          are public: yours shows with your name on{" "}
          <Link href={`/motions/${encodeURIComponent(motion.id)}`}>the motion's page</Link>.
        </p>
      ) : (
        <div class="button-row" role="group" aria-label={`Your vote on: ${motion.text}`} data-testid="vote-motion">
          {["yes", "no", "abstain"].map((c) => (
            <button key={c} type="button" class="secondary small" disabled={act.busy} onClick={() => vote(c)}>
              {choiceWords[c]}
            </button>
          ))}
        </div>
      )}
      <ActionError error={act.error} />
    </div>
  );
}

function MotionCard({
  motion,
  reload,
  showBody,
  seats,
}: {
  motion: Motion;
  reload: () => void;
  showBody: boolean;
  seats: Set<string> | null;
}) {
  const { me } = useSession();
  // A seat holder may have voted already: the motion's own page lists the votes.
  const mayVote = motion.state === "open" && !!me && !me.operator && !!seats?.has(motion.body);
  const detail = useApi<Motion>(mayVote ? `/api/motions/${encodeURIComponent(motion.id)}` : null);
  const mine = detail.data?.votes?.find((v) => v.member === me?.member)?.choice;
  const head = `motion-${motion.id}-h`;
  return (
    <li class="card" aria-labelledby={head} data-testid={`motion-${motion.id}`}>
      <h2 id={head} class="card-title">
        <Link href={`/motions/${encodeURIComponent(motion.id)}`}>{motion.text}</Link>
      </h2>
      <p class="meta">
        {motionKind(motion.kind)} · proposed by {motion.proposed_by_name}
        {showBody && (
          <>
            {" "}
            · <Link href={`/motions?body=${encodeURIComponent(motion.body)}`}>{motion.body_name}</Link>
          </>
        )}
      </p>
      <p data-testid="outcome">
        <Outcome motion={motion} />
      </p>
      <p>
        Yes {motion.yes}, no {motion.no}, abstain {motion.abstain}.
      </p>
      {(!mayVote || detail.data) && (
        <VoteOnMotion
          motion={motion}
          seats={seats}
          votedAs={mine}
          onVoted={() => {
            reload();
            detail.refresh();
          }}
        />
      )}
    </li>
  );
}

// One motion: its text, who proposed it, the outcome and why, and every holder's vote.
export function MotionPage({ id }: { id: string }) {
  const m = useApi<Motion>(`/api/motions/${encodeURIComponent(id)}`);
  const seats = useSeats();
  const me = useMe();
  const body = useApi<Body>(m.data ? `/api/bodies/${encodeURIComponent(m.data.body)}` : null);
  if (m.error)
    return (
      <>
        <PageTitle title="Motion not found">{m.error.status === 404 ? "Motion not found" : "Cannot show this motion"}</PageTitle>
        <ErrorBox error={m.error} retry={m.reload} />
        <p>
          <Link href="/motions">All motions</Link>
        </p>
      </>
    );
  if (!m.data) return <Loading what="the motion" />;
  const motion = m.data;
  const votes = motion.votes ?? [];
  const title = `${motionKind(motion.kind)} before ${motion.body_name}`;
  const voted = new Set(votes.map((v) => v.member));
  const waiting =
    motion.state === "open" && body.data
      ? body.data.seat_holders.filter((s) => s.holder && !voted.has(s.holder))
      : [];
  return (
    <article>
      <p class="eyebrow">Motion</p>
      <PageTitle title={title}>{title}</PageTitle>
      <blockquote class="statement motion-text" data-testid="motion-text">
        {motion.text}
      </blockquote>
      <PublicNote />
      {motion.kind === "amendment" && motion.state === "open" && proposedConstitution(motion.payload) && (
        <AmendmentChanges proposed={proposedConstitution(motion.payload)!} />
      )}
      <dl class="facts">
        <div>
          <dt>Body</dt>
          <dd>
            <Link href={`/bodies/${encodeURIComponent(motion.body)}`}>{motion.body_name}</Link>
          </dd>
        </div>
        <div>
          <dt>Proposed by</dt>
          <dd>
            <Link href={`/officials/${encodeURIComponent(motion.proposed_by)}`}>{motion.proposed_by_name}</Link>
          </dd>
        </div>
        <div>
          <dt>Deadline</dt>
          <dd><Time iso={motion.closes} /></dd>
        </div>
        <div>
          <dt>Votes</dt>
          <dd>
            Yes {motion.yes}, no {motion.no}, abstain {motion.abstain}
          </dd>
        </div>
      </dl>
      <section aria-labelledby="outcome-h">
        <h2 id="outcome-h">Outcome</h2>
        <p data-testid="outcome">
          {motion.state === "open" ? (
            <>
              Open until <Time iso={motion.closes} />, or until every seat holder has voted. It carries with more yes than
              no, once more than half of the seat holders have voted.
            </>
          ) : (
            <>
              <strong>{motion.state === "carried" ? "Carried" : "Lost"}</strong>
              {motion.reason ? <>: {motion.reason}.</> : "."}
            </>
          )}
        </p>
        <VoteOnMotion motion={motion} seats={seats} votedAs={votes.find((v) => v.member === me)?.choice} onVoted={m.refresh} />
      </section>
      <section aria-labelledby="votes-h">
        <h2 id="votes-h">How each seat holder voted</h2>
        {votes.length === 0 ? (
          <p>No one has voted yet.</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="motion-votes">
              <caption class="visually-hidden">Votes on the motion, in the order they were cast</caption>
              <thead>
                <tr>
                  <th scope="col">Seat holder</th>
                  <th scope="col">Vote</th>
                </tr>
              </thead>
              <tbody>
                {votes.map((v) => (
                  <tr key={v.member}>
                    <th scope="row">
                      <Link href={`/officials/${encodeURIComponent(v.member)}`}>{v.name}</Link>
                    </th>
                    <td>{v.choice === "abstain" ? "abstained" : v.choice}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {waiting.length > 0 && (
          <p data-testid="not-voted">
            Not voted yet: {waiting.map((s) => s.holder_name ?? s.holder).join(", ")}.
          </p>
        )}
      </section>
      <p>
        <Link href={`/motions?body=${encodeURIComponent(motion.body)}`}>All motions before {motion.body_name}</Link>
      </p>
    </article>
  );
}

function useMe(): string | undefined {
  const { me } = useSession();
  return me && !me.operator ? me.member : undefined;
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
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="propose-h" data-testid="propose-motion">
      <h2 id="propose-h">Propose a motion</h2>
      <TextArea
        id="motion-text"
        label="The motion"
        value={text}
        onValue={setText}
        max={limits.motion}
        pointer="/text"
        error={act.error}
        errorId="propose-error"
        hint="Seat holders of the body propose motions and vote on them."
      />
      <FormFooter action={act} label="Propose" busyLabel="Proposing…" errorId="propose-error">
        {done && (
          <p class="notice ok" role="status">
            The motion is before the body.
          </p>
        )}
      </FormFooter>
    </form>
  );
}

// The constitution an amendment's payload carries (governance.h), when it carries one.
function proposedConstitution(payload: unknown): Record<string, unknown> | null {
  const c = (payload as { constitution?: unknown } | null)?.constitution;
  return typeof c === "object" && c !== null && !Array.isArray(c) ? (c as Record<string, unknown>) : null;
}
