// Elections and recall votes: the list of one's own open polls and recent results, and a
// poll's page through its phases (nominating → voting → closed).
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { command, type Body, type Candidate, type Poll, type PollSummary } from "../api";
import { relative, useLive } from "../live";
import { Link } from "../router";
import { useSession } from "../session";
import { limits } from "../limits";
import {
  ActionError,
  categoryLabel,
  ErrorBox,
  FederationMemberPicker,
  FormFooter,
  Loading,
  MemberPicker,
  PageTitle,
  plural,
  TextArea,
  Time,
  useAction,
  useApi,
  useSubmit,
} from "../ui";
import { CountSheetView } from "./countsheet";

export function phaseLabel(p: { kind: string; state: string }): string {
  if (p.state === "nominating") return "Nominations open";
  if (p.state === "voting") return "Voting open";
  return "Closed";
}

function PollList({ polls, testid }: { polls: PollSummary[]; testid: string }) {
  return (
    <ul class="link-list polls" data-testid={testid}>
      {polls.map((p) => (
        <li key={p.id}>
          <Link href={`/elections/${encodeURIComponent(p.id)}`}>
            {p.kind === "recall" ? "Recall vote" : "Election"}: {p.body_name}
          </Link>{" "}
          <span class="meta">
            {phaseLabel(p)}
            {p.state === "nominating" && p.nominations_close && <> · nominations close {relative(p.nominations_close)}</>}
            {p.state === "voting" && <> · voting closes {relative(p.voting_close)}</>}
            {p.kind === "election" && <> · {plural(p.seats, "seat")} · {plural(p.candidates, "candidate")}</>}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ElectionsPage() {
  const { me, loading } = useSession();
  const member = me && !me.operator ? me.member : null;
  const mine = useApi<{ polls: PollSummary[] }>(
    member ? `/api/polls?member=${encodeURIComponent(member)}&state=open` : null,
  );
  const closed = useApi<{ polls: PollSummary[] }>("/api/polls?state=closed&limit=20");
  if (loading) return <Loading what="elections" />;
  return (
    <article>
      <PageTitle title="Elections">Elections</PageTitle>
      <p class="lede">
        Every seat is filled by election and every holder can be recalled by those who elected them.
      </p>
      <section aria-labelledby="mine-h">
        <h2 id="mine-h">Your open elections</h2>
        {!member ? (
          <p>
            <Link href="/login?next=/elections">Log in</Link> to see the elections in which you vote.
          </p>
        ) : mine.error ? (
          <ErrorBox error={mine.error} retry={mine.reload} />
        ) : !mine.data ? (
          <Loading what="your elections" />
        ) : mine.data.polls.length === 0 ? (
          <p>No election or recall vote is open in which you vote.</p>
        ) : (
          <PollList polls={mine.data.polls} testid="my-polls" />
        )}
      </section>
      <section aria-labelledby="recent-h">
        <h2 id="recent-h">Recent results</h2>
        {closed.error ? (
          <ErrorBox error={closed.error} retry={closed.reload} />
        ) : !closed.data ? (
          <Loading what="results" />
        ) : closed.data.polls.length === 0 ? (
          <p>No election has closed yet.</p>
        ) : (
          <PollList polls={closed.data.polls} testid="recent-polls" />
        )}
      </section>
      <p>
        See also <Link href="/recalls">recall petitions</Link> and <Link href="/motions">motions</Link>.
      </p>
    </article>
  );
}

export function PollPage({ id }: { id: string }) {
  const { me } = useSession();
  const p = useLive<Poll>(`/api/polls/${encodeURIComponent(id)}`, (d) => d.state !== "closed");
  // Refresh when logging in or out changes what `you` says.
  const who = me?.member ?? "";
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void p.refresh();
  }, [who]);
  if (p.error)
    return (
      <>
        <PageTitle title="Election not found">
          {p.error.status === 404 ? "Election not found" : "Cannot show this election"}
        </PageTitle>
        <ErrorBox error={p.error} />
        <p>
          <Link href="/elections">All elections</Link>
        </p>
      </>
    );
  if (!p.data) return <Loading what="the election" />;
  const poll = p.data;
  const recall = poll.kind === "recall";
  const title = recall
    ? `Recall vote: ${poll.mandate?.member_name ?? ""} on ${poll.body_name}`
    : `Election of ${poll.body_name}`;
  return (
    <article>
      <p class="eyebrow">{recall ? "Recall vote" : "Election"}</p>
      <PageTitle title={title}>{title}</PageTitle>
      <dl class="facts">
        <div>
          <dt>Body</dt>
          <dd>
            <Link href={`/bodies/${encodeURIComponent(poll.body)}`}>{poll.body_name}</Link>
          </dd>
        </div>
        {!recall && (
          <div>
            <dt>Seats</dt>
            <dd>{poll.seats}</dd>
          </div>
        )}
        <div>
          <dt>Phase</dt>
          <dd data-testid="phase">{phaseLabel(poll)}</dd>
        </div>
        <div>
          <dt>Counting</dt>
          <dd>{methodLabel(poll.method)}</dd>
        </div>
      </dl>
      <Deadlines poll={poll} />
      {recall ? (
        <RecallVote poll={poll} refresh={p.refresh} />
      ) : (
        <>
          {poll.state === "closed" && <ElectionResult poll={poll} />}
          <Candidates poll={poll} refresh={p.refresh} />
          {poll.state !== "closed" && <Nominations poll={poll} refresh={p.refresh} />}
          {poll.state === "nominating" && me && !me.operator && <Nominate poll={poll} refresh={p.refresh} />}
          {poll.state === "voting" && <VoteSection poll={poll} refresh={p.refresh} />}
        </>
      )}
      {!me && poll.state !== "closed" && (
        <p>
          <Link href={`/login?next=${encodeURIComponent(`/elections/${poll.id}`)}`}>Log in</Link> to stand, nominate
          or vote.
        </p>
      )}
      <p>
        <Link href="/elections">All elections</Link>
      </p>
    </article>
  );
}

function methodLabel(m: string): string {
  if (m === "scottish-stv") return "Single transferable vote (Scottish rules)";
  if (m === "irv") return "Instant run-off";
  if (m === "motion") return "Yes or no, by majority";
  return m;
}

function Deadlines({ poll }: { poll: Poll }) {
  return (
    <section aria-labelledby="when-h">
      <h2 id="when-h">When</h2>
      <ul class="timeline" data-testid="deadlines">
        <li>
          Called <Time iso={poll.called} />
          {poll.reason && poll.reason !== "recall" && <> ({poll.reason.replace(/_/g, " ")})</>}.
        </li>
        {poll.nominations_close && (
          <li>
            Nominations {poll.state === "nominating" ? "close" : "closed"} <Time iso={poll.nominations_close} />
            {poll.state === "nominating" && <> ({relative(poll.nominations_close)})</>}.
            {poll.state === "nominating" && (
              <span class="hint">
                {" "}
                If there are not enough candidates for the seats by then, nominations stay open longer and the public
                record says why.
              </span>
            )}
          </li>
        )}
        <li>
          Voting {poll.state === "closed" ? "closed" : "closes"}{" "}
          <Time iso={poll.closed ?? poll.voting_close} />
          {poll.state === "voting" && <> ({relative(poll.voting_close)}), or as soon as every elector has voted</>}.
        </li>
      </ul>
    </section>
  );
}

function Candidates({ poll, refresh }: { poll: Poll; refresh: () => Promise<void> }) {
  const { me } = useSession();
  return (
    <section aria-labelledby="cands-h">
      <h2 id="cands-h">Candidates</h2>
      {poll.candidates.length === 0 ? (
        <p>No one has been nominated yet.</p>
      ) : (
        <ul class="candidates" data-testid="candidates">
          {poll.candidates.map((c) => (
            <li key={c.member}>
              <p class="cand-name">
                <Link href={`/officials/${encodeURIComponent(c.member)}`}>{c.name}</Link>{" "}
                <span class="meta">
                  {c.category && categoryLabel(c.category)}
                  {c.nominated_by !== c.member && (
                    <>
                      {" "}
                      · nominated by{" "}
                      {c.by_union ? (
                        <Link href={`/bodies/${encodeURIComponent(c.nominated_by)}`}>{c.nominated_by_name}</Link>
                      ) : (
                        <Link href={`/officials/${encodeURIComponent(c.nominated_by)}`}>{c.nominated_by_name}</Link>
                      )}
                    </>
                  )}
                  {c.by_union && <> · put forward by the union</>}
                </span>
              </p>
              {c.statement ? <blockquote class="statement">{c.statement}</blockquote> : <p class="muted">No statement.</p>}
            </li>
          ))}
        </ul>
      )}
      {me && poll.you?.candidate && poll.state === "nominating" && (
        <Statement poll={poll} mine={poll.candidates.find((c) => c.member === me.member)} refresh={refresh} />
      )}
      {me && poll.you?.candidate && poll.state === "voting" && (
        <p class="hint" data-testid="statement-fixed">
          Your statement is fixed while the vote is open, so that every elector reads the same one.
        </p>
      )}
    </section>
  );
}

function Statement({ poll, mine, refresh }: { poll: Poll; mine?: Candidate; refresh: () => Promise<void> }) {
  const [text, setText] = useState(mine?.statement ?? "");
  const [saved, setSaved] = useState(false);
  const act = useSubmit(
    () => {
      setSaved(false);
      return command({ set_statement: { poll: poll.id, text } });
    },
    async () => {
      setSaved(true);
      await refresh();
    },
  );
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="statement-h" data-testid="statement-form">
      <h3 id="statement-h">Your statement</h3>
      <TextArea
        id="statement"
        label="What you stand for, in your own words"
        value={text}
        onValue={setText}
        max={limits.statement}
        pointer="/text"
        error={act.error}
        errorId="statement-error"
        rows={4}
        hint="You can change it until nominations close; from then on every elector reads the same statement."
      />
      <FormFooter action={act} label="Save statement" busyLabel="Saving…" errorId="statement-error">
        {saved && (
          <p class="notice ok" role="status">
            Your statement is saved and shown to the electors.
          </p>
        )}
      </FormFooter>
    </form>
  );
}

function Nominate({ poll, refresh }: { poll: Poll; refresh: () => Promise<void> }) {
  const { me } = useSession();
  const self = useAction();
  // The body says where its candidates come from: a shop's or workplace's committee from the
  // members it represents, picked from that workplace's members; a body elected by
  // delegates from every member below it, found by a search of the whole federation.
  const body = useApi<Body>(`/api/bodies/${encodeURIComponent(poll.body)}`);
  const workplace = body.data?.constituency.workplace ?? body.data?.constituency_workplace ?? null;
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);
  const [done, setDone] = useState("");
  const other = useSubmit(
    () => {
      setDone("");
      return picked ? command({ nominate: { poll: poll.id, member: picked.id } }) : undefined;
    },
    async () => {
      setDone(`${picked!.name} is nominated. They stand once they accept the nomination.`);
      setPicked(null);
      await refresh();
    },
  );
  if (!me) return null;
  const standSelf = async () => {
    setDone("");
    if (await self.run(() => command({ nominate: { poll: poll.id, member: me.member } }))) {
      setDone("You are now a candidate. Write a statement so that the electors know what you stand for.");
      await refresh();
    }
  };
  const hint = (
    <>
      Only members {poll.body_name} represents can stand for it
      {body.data?.constituency.shop ? <>: the members of its shop</> : null}; the server says why when one cannot.
    </>
  );
  return (
    <section aria-labelledby="nominate-h" data-testid="nominate">
      <h2 id="nominate-h">Nominate</h2>
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
      {!poll.you?.candidate && (
        <div class="action">
          <button type="button" onClick={standSelf} disabled={self.busy}>
            {self.busy ? "Nominating…" : "Stand as a candidate"}
          </button>
          <ActionError error={self.error} />
        </div>
      )}
      <form class="form" onSubmit={other.onSubmit} aria-labelledby="nominee-h">
        <h3 id="nominee-h">Nominate another member</h3>
        {body.error ? (
          <ErrorBox error={body.error} retry={body.reload} />
        ) : !body.data ? (
          <Loading what="who may stand" />
        ) : workplace ? (
          <MemberPicker
            id="nominee"
            label="Their name"
            workplace={workplace}
            chosen={picked?.id ?? ""}
            onChoose={(m) => setPicked(m)}
            pointer="/member"
            error={other.error}
            errorId="nominee-error"
            hint={hint}
          />
        ) : (
          <FederationMemberPicker
            id="nominee"
            label="Their name"
            chosen={picked ? { id: picked.id, name: picked.name, detail: "" } : null}
            onChoose={(m) => setPicked(m)}
            pointer="/member"
            error={other.error}
            errorId="nominee-error"
            hint={hint}
          />
        )}
        <FormFooter
          action={other}
          label="Nominate"
          busyLabel="Nominating…"
          errorId="nominee-error"
          buttonClass="secondary"
          disabled={!picked}
        />
      </form>
    </section>
  );
}

// Nominations made by others wait for the nominee (docs/governance.md): the member concerned
// accepts or declines here, and a candidate withdraws while nominations are open.
interface Nomination {
  member: string;
  name: string;
  nominated_by: string;
  nominated_by_name: string;
  by_union: boolean;
  state: "nominated" | "standing" | "declined" | "withdrawn";
}

function Nominations({ poll, refresh }: { poll: Poll; refresh: () => Promise<void> }) {
  const { me } = useSession();
  // Reloaded whenever the poll's candidates change, so that an answer shows at once.
  const list = useApi<{ nominations: Nomination[] }>(
    `/api/polls/${encodeURIComponent(poll.id)}/nominations?c=${poll.candidates.length}`,
  );
  const act = useAction();
  const [done, setDone] = useState("");
  const all = list.data?.nominations ?? [];
  const waiting = all.filter((n) => n.state === "nominated");
  const mine = me && !me.operator ? all.find((n) => n.member === me.member) : undefined;
  const answer = async (cmd: "accept_nomination" | "decline_nomination" | "withdraw_candidacy", message: string) => {
    setDone("");
    if (await act.run(() => command({ [cmd]: { poll: poll.id } }))) {
      setDone(message);
      list.reload();
      await refresh();
    }
  };
  if (waiting.length === 0 && !done && !(mine?.state === "standing" && poll.state === "nominating")) return null;
  return (
    <section aria-labelledby="nominations-h" data-testid="nominations">
      <h2 id="nominations-h">Nominations waiting for an answer</h2>
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
      {waiting.length === 0 ? (
        <p>No nomination is waiting for an answer.</p>
      ) : (
        <ul>
          {waiting.map((n) => (
            <li key={n.member}>
              {n.name} <span class="meta">· nominated by {n.nominated_by_name}{n.by_union && " for the union"}</span>
            </li>
          ))}
        </ul>
      )}
      <p class="hint">
        Whoever is nominated by someone else stands only once they accept; until then they are not on the ballot and the
        nomination does not count toward their limit of offices.
      </p>
      {mine?.state === "nominated" && poll.state === "nominating" && (
        <div class="action">
          <p>
            <strong>You are nominated by {mine.nominated_by_name}.</strong> Do you accept?
          </p>
          <button
            type="button"
            onClick={() => answer("accept_nomination", "You accepted the nomination: you are now a candidate.")}
            disabled={act.busy}
          >
            Accept the nomination
          </button>{" "}
          <button
            type="button"
            class="secondary"
            onClick={() => answer("decline_nomination", "You declined the nomination.")}
            disabled={act.busy}
          >
            Decline
          </button>
        </div>
      )}
      {mine?.state === "standing" && poll.state === "nominating" && (
        <div class="action">
          <button
            type="button"
            class="secondary"
            onClick={() => answer("withdraw_candidacy", "You withdrew: you are no longer a candidate.")}
            disabled={act.busy}
          >
            Withdraw my candidacy
          </button>
          <p class="hint">Candidates may withdraw until voting opens.</p>
        </div>
      )}
      <ActionError error={act.error} />
    </section>
  );
}

const SECRET =
  "Your ballot is secret: it is kept apart from your name, and published only with all the others, in shuffled order, when the vote closes.";
const OPEN =
  "Delegates vote openly: you vote here as the holder of a mandate, so your ballot is public with your name and your weight from the moment you cast it, and the members who elected you can see how you voted.";

// What a voter is told about who will see their ballot.
function ballotNotice(poll: Poll): string {
  return poll.open_vote ? OPEN : SECRET;
}

// How anyone repeats the official count: the published ballots and the exact command.
function Recount({ poll }: { poll: Poll }) {
  if (!poll.ballots_url) return null;
  const file = `${poll.id}.blt`;
  return (
    <div class="recount" data-testid="recount">
      <p>
        <a href={poll.ballots_url} download={file}>
          Download the ballots ({file}, BLT format)
        </a>
        , or fetch them with:
      </p>
      <pre>
        <code>
          curl -o {file} {location.origin}
          {poll.ballots_url}
        </code>
      </pre>
      {poll.recount_command && (
        <>
          <p>Then count them yourself. This command gives the same result and the same count sheet as the official count:</p>
          <pre>
            <code data-testid="recount-command">{poll.recount_command}</code>
          </pre>
        </>
      )}
    </div>
  );
}

// A delegates' vote: how each delegate voted, with their weight (B1).
function OpenBallots({ poll }: { poll: Poll }) {
  const list = poll.result?.open_ballots;
  if (!list || list.length === 0) return null;
  const names = new Map(poll.candidates.map((c) => [c.member, c.name]));
  return (
    <section aria-labelledby="open-ballots-h" data-testid="open-ballots">
      <h3 id="open-ballots-h">How each delegate voted</h3>
      <p>Delegates vote openly, so that the members who elected them can see how they vote.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Delegate</th>
            <th scope="col">Weight</th>
            <th scope="col">Ballot</th>
          </tr>
        </thead>
        <tbody>
          {list.map((b) => (
            <tr key={b.member}>
              <th scope="row">
                <Link href={`/officials/${encodeURIComponent(b.member)}`}>{b.name}</Link>
              </th>
              <td>{b.weight}</td>
              <td>{b.ranking.map((id) => names.get(id) ?? id).join(", then ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function VoteSection({ poll, refresh }: { poll: Poll; refresh: () => Promise<void> }) {
  const { me } = useSession();
  const [justVoted, setJustVoted] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  let body;
  if (!me || me.operator) body = null;
  else if (justVoted || poll.you?.voted)
    body = (
      <div class="notice ok" role="status" data-testid="voted">
        <p>
          <strong>{justVoted ? "Your vote is recorded." : "You have voted in this election."}</strong>
        </p>
        <p>{ballotNotice(poll)}</p>
      </div>
    );
  else if (!poll.you?.elector) body = <p>You are not an elector of {poll.body_name}, so you do not vote here.</p>;
  else
    body = (
      <RankedBallot
        poll={poll}
        onVoted={async () => {
          setJustVoted(true);
          headingRef.current?.focus();
          await refresh();
        }}
      />
    );
  return (
    <section aria-labelledby="vote-h">
      <h2 id="vote-h" ref={headingRef} tabIndex={-1}>
        Vote
      </h2>
      <p>
        {plural(poll.voters, "elector has", "electors have")} voted
        {poll.electorate > 0 && <> out of {poll.electorate}</>}.
      </p>
      {body}
    </section>
  );
}

function ordinal(n: number): string {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || s[0]);
}

// The ranked ballot: the ranking is an ordered list with buttons to move a name up or down
// or take it off; the candidates not ranked yet each have a button to add them at the end.
// Everything works with Tab and Enter; focus follows the name that moved.
function RankedBallot({ poll, onVoted }: { poll: Poll; onVoted: () => void }) {
  const [ranking, setRanking] = useState<string[]>([]);
  const [said, setSaid] = useState("");
  const [focusId, setFocusId] = useState<string | null>(null);
  const act = useSubmit(() => command({ cast_ballot: { poll: poll.id, ranking } }), onVoted);
  const names = new Map(poll.candidates.map((c) => [c.member, c.name]));
  const name = (id: string) => names.get(id) ?? id;
  const unranked = poll.candidates.filter((c) => !ranking.includes(c.member));

  // Before paint, so that a key pressed right after a move lands on the moved name.
  useLayoutEffect(() => {
    if (!focusId) return;
    const el = document.getElementById(focusId) as HTMLElement | null;
    if (el && !(el as HTMLButtonElement).disabled) el.focus();
    else document.getElementById("ballot-h")?.focus();
    setFocusId(null);
  }, [focusId, ranking]);

  const add = (id: string) => {
    const next = [...ranking, id];
    setRanking(next);
    setSaid(`${name(id)} is your ${ordinal(next.length)} choice.`);
    const rest = unranked.filter((c) => c.member !== id);
    const i = unranked.findIndex((c) => c.member === id);
    const after = rest[Math.min(i, rest.length - 1)];
    setFocusId(after ? `add-${after.member}` : "cast");
  };
  const remove = (id: string) => {
    const i = ranking.indexOf(id);
    const next = ranking.filter((x) => x !== id);
    setRanking(next);
    setSaid(`${name(id)} is no longer ranked.`);
    const neighbour = next[Math.min(i, next.length - 1)];
    setFocusId(neighbour ? `remove-${neighbour}` : `add-${id}`);
  };
  const move = (id: string, by: -1 | 1) => {
    const i = ranking.indexOf(id);
    const j = i + by;
    if (j < 0 || j >= ranking.length) return;
    const next = [...ranking];
    [next[i], next[j]] = [next[j], next[i]];
    setRanking(next);
    setSaid(`${name(id)} is now your ${ordinal(j + 1)} choice.`);
    const edge = (by === -1 && j === 0) || (by === 1 && j === next.length - 1);
    setFocusId(edge ? `${by === -1 ? "down" : "up"}-${id}` : `${by === -1 ? "up" : "down"}-${id}`);
  };

  return (
    <form class="ballot" onSubmit={act.onSubmit} aria-labelledby="ballot-h" data-testid="ballot">
      <h3 id="ballot-h" tabIndex={-1}>
        Your ballot
      </h3>
      <p class="hint">
        Rank as many candidates as you like, most preferred first: add them in the order you prefer, and move them up
        or down. If your first choice is elected with votes to spare or is out of the count, your vote passes on to
        your next choice. <Link href="/help#stv">How the single transferable vote works</Link>.
      </p>
      <h4 id="ranking-h">Your ranking</h4>
      {ranking.length === 0 ? (
        <p class="muted">No one ranked yet.</p>
      ) : (
        <ol class="ranking" aria-labelledby="ranking-h" data-testid="ranking">
          {ranking.map((id, i) => (
            <li key={id}>
              <span class="rank-name">
                <span class="visually-hidden">{ordinal(i + 1)} choice: </span>
                {name(id)}
              </span>
              <span class="rank-buttons">
                <button
                  type="button"
                  class="secondary small"
                  id={`up-${id}`}
                  disabled={i === 0}
                  aria-label={`Move ${name(id)} up`}
                  onClick={() => move(id, -1)}
                >
                  ↑ Up
                </button>
                <button
                  type="button"
                  class="secondary small"
                  id={`down-${id}`}
                  disabled={i === ranking.length - 1}
                  aria-label={`Move ${name(id)} down`}
                  onClick={() => move(id, 1)}
                >
                  ↓ Down
                </button>
                <button
                  type="button"
                  class="secondary small"
                  id={`remove-${id}`}
                  aria-label={`Remove ${name(id)} from the ranking`}
                  onClick={() => remove(id)}
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {unranked.length > 0 && (
        <>
          <h4 id="unranked-h">Not ranked</h4>
          <ul class="unranked" aria-labelledby="unranked-h">
            {unranked.map((c) => (
              <li key={c.member}>
                <span class="rank-name">{c.name}</span>
                <button
                  type="button"
                  class="secondary small"
                  id={`add-${c.member}`}
                  aria-label={`Add ${c.name} to the ranking`}
                  onClick={() => add(c.member)}
                >
                  Add
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="visually-hidden" aria-live="polite">
        {said}
      </p>
      <FormFooter
        action={act}
        label={ranking.length === 0 ? "Rank at least one candidate" : "Cast my ballot"}
        busyLabel="Casting…"
        disabled={ranking.length === 0}
        buttonId="cast"
        wrap={false}
      >
        <p class="hint">{ballotNotice(poll)}</p>
      </FormFooter>
    </form>
  );
}

function ElectionResult({ poll }: { poll: Poll }) {
  const r = poll.result;
  const names = new Map(poll.candidates.map((c) => [c.member, c.name]));
  const turnout = poll.electorate > 0 ? Math.round((poll.voters / poll.electorate) * 1000) / 10 : null;
  return (
    <section aria-labelledby="result-h" data-testid="result">
      <h2 id="result-h">Result</h2>
      {r?.elected && r.elected.length > 0 ? (
        <>
          <p>Elected:</p>
          <ul class="link-list" data-testid="elected">
            {r.elected.map((id) => (
              <li key={id}>
                <Link href={`/officials/${encodeURIComponent(id)}`}>{names.get(id) ?? id}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No one was elected.</p>
      )}
      <p data-testid="turnout">
        Turnout: {poll.voters} of {poll.electorate} electors voted{turnout !== null && <> ({turnout}%)</>}.
      </p>
      <OpenBallots poll={poll} />
      <Recount poll={poll} />
      {r?.sheet && <CountSheetView sheet={r.sheet} />}
    </section>
  );
}

function RecallVote({ poll, refresh }: { poll: Poll; refresh: () => Promise<void> }) {
  const { me } = useSession();
  const [choice, setChoice] = useState<"yes" | "no" | "">("");
  const [justVoted, setJustVoted] = useState(false);
  const act = useSubmit(
    () => (choice ? command({ cast_ballot: { poll: poll.id, ranking: [choice] } }) : undefined),
    async () => {
      setJustVoted(true);
      await refresh();
    },
  );
  const m = poll.mandate;
  const r = poll.result;
  // A recall with more yes than no still fails below the constitution's turnout.
  const recalled = !!r && (r.yes ?? 0) > (r.no ?? 0) && typeof r.failed !== "string";
  return (
    <>
      <section aria-labelledby="question-h">
        <h2 id="question-h">The question</h2>
        <p>
          Shall{" "}
          {m ? <Link href={`/officials/${encodeURIComponent(m.member)}`}>{m.member_name}</Link> : "the holder"} be
          recalled from {poll.body_name}?
        </p>
        {poll.recall && (
          <p>
            The petition, opened by {poll.recall.opened_by_name}, says: <q>{poll.recall.reason}</q>{" "}
            <Link href="/recalls">(recall petitions)</Link>
          </p>
        )}
        <p class="hint">
          The holder is recalled if more electors vote yes than no, and at least as many vote as the constitution asks
          of a recall (by default, as many as signed the petition).
        </p>
      </section>
      {poll.state === "closed" && r && (
        <section aria-labelledby="result-h" data-testid="result">
          <h2 id="result-h">Result</h2>
          <p data-testid="recall-outcome">
            <strong>
              {recalled
                ? `${m?.member_name ?? "The holder"} is recalled.`
                : `${m?.member_name ?? "The holder"} stays in office.`}
            </strong>{" "}
            Yes: {r.yes ?? 0}, no: {r.no ?? 0}; {plural(poll.voters, "elector")} voted
            {typeof r.min_turnout === "number" && <>, of at least {r.min_turnout} needed</>}.
          </p>
          {typeof r.failed === "string" && (
            <p data-testid="recall-turnout">The recall fails for too low a turnout: {r.failed}.</p>
          )}
          {recalled && (
            <p>
              The seat is filled again by count-back on the original ballots, or by a by-election:{" "}
              <Link href={`/bodies/${encodeURIComponent(poll.body)}`}>see who holds the seats now</Link>.
            </p>
          )}
          <OpenBallots poll={poll} />
          <Recount poll={poll} />
          {r.count_back && (
            <div class="recount" data-testid="count-back">
              <p data-testid="count-back-holder">
                <strong>
                  The seat went by count-back to{" "}
                  <Link href={`/officials/${encodeURIComponent(r.count_back.member)}`}>
                    {r.count_back.member_name ?? r.count_back.member}
                  </Link>
                  .
                </strong>{" "}
                The count of{" "}
                <Link href={`/elections/${encodeURIComponent(r.count_back.source)}`}>{r.count_back.source}</Link> repeated
                without the recalled member. Save that poll's ballots as {r.count_back.source}.blt (
                <a href={`/api/polls/${encodeURIComponent(r.count_back.source)}/ballots`} download={`${r.count_back.source}.blt`}>
                  download
                </a>
                ) and repeat the count-back with:
              </p>
              <pre>
                <code>{r.count_back.recount_command}</code>
              </pre>
            </div>
          )}
        </section>
      )}
      {poll.state === "voting" && me && !me.operator && (
        <section aria-labelledby="vote-h">
          <h2 id="vote-h">Vote</h2>
          <p>{plural(poll.voters, "elector has", "electors have")} voted.</p>
          {justVoted || poll.you?.voted ? (
            <div class="notice ok" role="status" data-testid="voted">
              <p>
                <strong>{justVoted ? "Your vote is recorded." : "You have voted."}</strong>
              </p>
              <p>{ballotNotice(poll)}</p>
            </div>
          ) : !poll.you?.elector ? (
            <p>Only those who elected this holder vote on the recall.</p>
          ) : (
            <form class="form" onSubmit={act.onSubmit} data-testid="recall-ballot">
              <fieldset>
                <legend>Recall {m?.member_name ?? "the holder"}?</legend>
                <label class="choice">
                  <input type="radio" name="recall" value="yes" checked={choice === "yes"} onChange={() => setChoice("yes")} />{" "}
                  Yes, recall
                </label>
                <label class="choice">
                  <input type="radio" name="recall" value="no" checked={choice === "no"} onChange={() => setChoice("no")} />{" "}
                  No, keep in office
                </label>
              </fieldset>
              <FormFooter action={act} label="Cast my vote" busyLabel="Casting…" disabled={!choice}>
                <p class="hint">{ballotNotice(poll)}</p>
              </FormFooter>
            </form>
          )}
        </section>
      )}
    </>
  );
}
