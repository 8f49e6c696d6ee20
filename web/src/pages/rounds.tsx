// Planning rounds (issue #14; C1, C2, C3, C4, A8): the list of rounds, and a round's page
// through its life: computed by the server (its progress shown while it runs), discussed
// (what each alternative means for the member's own bodies, then for the whole economy),
// amended by the workplaces' committees and their unions, voted by every member on a
// ranked secret ballot, and adopted or sent back to amendment.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import {
  command,
  type Member,
  type RoundAmendment,
  type RoundBodies,
  type RoundBodyView,
  type RoundResult,
  type RoundSummary,
  type RoundView,
  type WorkplaceProduction,
} from "../api";
import { relative, useLive } from "../live";
import { Link, navigate } from "../router";
import { useSession } from "../session";
import {
  ActionError,
  categoryLabel,
  concerns,
  ErrorBox,
  fieldAria,
  FormFooter,
  kindLabel,
  Loading,
  PageTitle,
  plural,
  TextArea,
  Time,
  useAction,
  useApi,
  useSubmit,
} from "../ui";
import { limits } from "../limits";
import {
  BodyFigures,
  BodyLink,
  EconomyComparison,
  fmt,
  PairwiseTable,
  phaseLabel,
  roundTitle,
  scopeKey,
  scopeLabel,
  useBodyViews,
  ScrollTable,
} from "./roundparts";

const roundPath = (id: string) => `/rounds/${encodeURIComponent(id)}`;

export function RoundsPage() {
  const list = useApi<{ rounds: RoundSummary[] }>("/api/rounds");
  const { me } = useSession();
  return (
    <article>
      <PageTitle title="Plans">Plans</PageTitle>
      <p class="lede">
        The central council calls a planning round; the server computes the alternative plans from the economy's real
        data; every committee sees what each means for itself and may amend it; then every member ratifies one, or
        rejects them all, by secret ballot in their own workplace.
      </p>
      {list.error ? (
        <ErrorBox error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="the planning rounds" />
      ) : list.data.rounds.length === 0 ? (
        <p>No planning round has been called yet.</p>
      ) : (
        <ul class="cards" data-testid="rounds">
          {list.data.rounds.map((r) => (
            <li class="card" key={r.id}>
              <h2 class="card-title">
                <Link href={roundPath(r.id)}>{roundTitle(r)}</Link>
              </h2>
              <p>{r.text}</p>
              <p class="meta">
                <span data-testid="round-phase">{phaseLabel(r.phase)}</span>
                {r.phase === "discussion" && <> · amendments open {relative(r.discussion_until)}</>}
                {r.phase === "amendment" && <> · the vote opens {relative(r.amendment_until)}</>}
                {r.phase === "voting" && <> · the vote closes {relative(r.vote_until)}</>}
                {r.phase === "adopted" && r.adopted >= 0 && <> · {r.alternatives[r.adopted]}</>} ·{" "}
                {plural(r.alternatives.length, "alternative")} · called by {r.body_name}
              </p>
            </li>
          ))}
        </ul>
      )}
      {me && !me.operator && <CallRound member={me.member} />}
    </article>
  );
}

// A seat holder of the central council proposes a round: a motion before the council,
// which opens the round once carried (A3). Shown only to council seat holders.
function CallRound({ member }: { member: string }) {
  const m = useApi<Member>(`/api/members/${encodeURIComponent(member)}`);
  const councils = useApi<{ bodies: { id: string; name: string }[] }>("/api/bodies?kind=council");
  const seats = new Set((m.data?.offices ?? []).map((o) => o.body));
  const mine = (councils.data?.bodies ?? []).filter((b) => seats.has(b.id));
  if (mine.length === 0) return null;
  return <CallRoundForm councils={mine} />;
}

interface ChoiceRow {
  name: string;
  consumption: string;
  hours: string;
  investment: string;
}

// "2027-03-01T12:00" in the browser's time zone, as UTC.
function utc(local: string): string {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

function CallRoundForm({ councils }: { councils: { id: string; name: string }[] }) {
  const [body, setBody] = useState(councils[0].id);
  const [period, setPeriod] = useState("");
  const [text, setText] = useState("");
  const [gain, setGain] = useState("2");
  const [optimal, setOptimal] = useState(true);
  const [choices, setChoices] = useState<ChoiceRow[]>([
    { name: "more goods", consumption: "100", hours: "0", investment: "0" },
    { name: "shorter hours", consumption: "0", hours: "100", investment: "0" },
    { name: "more investment", consumption: "0", hours: "0", investment: "100" },
  ]);
  const [discussion, setDiscussion] = useState("");
  const [amendment, setAmendment] = useState("");
  const [vote, setVote] = useState("");
  const [done, setDone] = useState("");
  const [said, setSaid] = useState("");
  const act = useSubmit(
    () => {
      setDone("");
      return command({
        propose_round: {
          body,
          text: text.trim(),
          round: {
            period: period.trim(),
            productivity_gain: Number(gain) / 100,
            choices: choices.map((c) => ({
              name: c.name.trim(),
              consumption: Number(c.consumption) / 100,
              hours: Number(c.hours) / 100,
              investment: Number(c.investment) / 100,
            })),
            optimal_plan: optimal,
            discussion_until: utc(discussion),
            amendment_until: utc(amendment),
            vote_until: utc(vote),
          },
        },
      });
    },
    () => setDone("The round is proposed: it opens once the council carries the motion (see its motions)."),
  );
  const set = (i: number, field: keyof ChoiceRow, v: string) =>
    setChoices(choices.map((c, j) => (j === i ? { ...c, [field]: v } : c)));
  // Each control names the part of the command it fills, so that a refusal marks the one
  // the server names (its `field`).
  const aria = (...pointers: string[]) => fieldAria(concerns(act.error, ...pointers), "call-error");
  const text1 = (
    id: string,
    label: string,
    value: string,
    setter: (v: string) => void,
    pointer: string,
    type = "text",
  ) => (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type={type}
        required
        value={value}
        onInput={(e) => setter((e.target as HTMLInputElement).value)}
        {...aria(pointer)}
      />
    </div>
  );
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="call-h" data-testid="call-round">
      <h2 id="call-h">Call a planning round</h2>
      <p class="hint">
        As a seat holder of the central council, you may propose a round. It is a motion before the council; once
        carried, the server computes the alternatives, and the round follows this schedule. Times are in your time zone.
      </p>
      {councils.length > 1 && (
        <div class="field">
          <label for="call-body">Council</label>
          <select
            id="call-body"
            value={body}
            onChange={(e) => setBody((e.target as HTMLSelectElement).value)}
            {...aria("/body")}
          >
            {councils.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {text1("call-period", "Period", period, setPeriod, "/round/period")}
      <TextArea
        id="call-text"
        label="What the council proposes"
        value={text}
        onValue={setText}
        max={limits.motion}
        pointer="/text"
        error={act.error}
        errorId="call-error"
      />
      <div class="field">
        <label for="call-gain">Productivity gain assumed, in %</label>
        <input
          id="call-gain"
          type="number"
          step="any"
          required
          value={gain}
          onInput={(e) => setGain((e.target as HTMLInputElement).value)}
          {...aria("/round/productivity_gain")}
        />
      </div>
      {choices.map((c, i) => (
        <fieldset key={i} class="choice-row">
          <legend>Alternative {i + 1}</legend>
          <div class="field">
            <label for={`call-c${i}-name`}>Name</label>
            <input
              id={`call-c${i}-name`}
              type="text"
              required
              value={c.name}
              onInput={(e) => set(i, "name", (e.target as HTMLInputElement).value)}
              {...aria(`/round/choices/${i}/name`)}
            />
          </div>
          {(["consumption", "hours", "investment"] as const).map((f) => (
            <div class="field" key={f}>
              <label for={`call-c${i}-${f}`}>
                {f === "consumption" ? "% to more consumption" : f === "hours" ? "% to shorter hours" : "% to more investment"}
              </label>
              <input
                id={`call-c${i}-${f}`}
                type="number"
                min="0"
                max="100"
                step="any"
                required
                value={c[f]}
                onInput={(e) => set(i, f, (e.target as HTMLInputElement).value)}
                {...aria(`/round/choices/${i}/${f}`, `/round/choices/${i}/sum`)}
              />
            </div>
          ))}
          {choices.length > 1 && (
            <button
              type="button"
              class="secondary small"
              onClick={() => {
                setChoices(choices.filter((_, j) => j !== i));
                setSaid(`Alternative ${i + 1}, ${c.name}, removed.`);
                document.getElementById("call-add")?.focus();
              }}
            >
              Remove alternative {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      <div>
        <button
          type="button"
          id="call-add"
          class="secondary small"
          onClick={() => {
            setChoices([...choices, { name: "", consumption: "0", hours: "0", investment: "0" }]);
            setSaid(`Alternative ${choices.length + 1} added.`);
          }}
        >
          Add an alternative
        </button>
      </div>
      <p class="visually-hidden" aria-live="polite">
        {said}
      </p>
      <label class="choice">
        <input type="checkbox" checked={optimal} onChange={(e) => setOptimal((e.target as HTMLInputElement).checked)} /> Also
        compute the optimal plan
      </label>
      {text1("call-discussion", "Discussion until", discussion, setDiscussion, "/round/discussion_until", "datetime-local")}
      {text1("call-amendment", "Amendments until", amendment, setAmendment, "/round/amendment_until", "datetime-local")}
      {text1("call-vote", "Vote until", vote, setVote, "/round/vote_until", "datetime-local")}
      <FormFooter action={act} label="Propose the round" busyLabel="Proposing…" errorId="call-error">
        {done && (
          <p class="notice ok" role="status">
            {done}
          </p>
        )}
      </FormFooter>
    </form>
  );
}

export function RoundPage({ id }: { id: string }) {
  const { me } = useSession();
  const behind = (d: RoundView) => d.round.phase === "computing" || d.round.computed_version < d.round.version;
  // While the server computes, every 2 s; otherwise every 4 s until the round is adopted,
  // so that the page follows the schedule's phases as the clock moves them on.
  const [fast, setFast] = useState(true);
  const r = useLive<RoundView>(`/api/rounds/${encodeURIComponent(id)}`, (d) => d.round.phase !== "adopted", fast ? 2000 : 4000);
  useEffect(() => {
    if (r.data) setFast(behind(r.data));
  }, [r.data]);
  // Refresh when logging in or out changes what `voted` says.
  const who = me?.member ?? "";
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void r.refresh();
  }, [who]);
  if (r.error)
    return (
      <>
        <PageTitle title="Planning round not found">
          {r.error.status === 404 ? "Planning round not found" : "Cannot show this planning round"}
        </PageTitle>
        <ErrorBox error={r.error} />
        <p>
          <Link href="/rounds">All plans</Link>
        </p>
      </>
    );
  if (!r.data) return <Loading what="the planning round" />;
  const view = r.data;
  const round = view.round;
  const title = roundTitle(round);
  const member = me && !me.operator ? me.member : null;
  // Figures change with each computation and tallies with each close.
  const version = `${round.computed_version}-${view.results.length}`;
  return (
    <article>
      <p class="eyebrow">Planning round</p>
      <PageTitle title={title}>{title}</PageTitle>
      <p class="lede">{round.text}</p>
      <dl class="facts">
        <div>
          <dt>Phase</dt>
          <dd data-testid="phase">{phaseLabel(round.phase)}</dd>
        </div>
        <div>
          <dt>Called by</dt>
          <dd>
            <Link href={`/bodies/${encodeURIComponent(round.body)}`}>{round.body_name}</Link>
          </dd>
        </div>
        <div>
          <dt>Productivity gain assumed</dt>
          <dd>{fmt(Number(view.call.productivity_gain) * 100, 2)}%</dd>
        </div>
        <div>
          <dt>Alternatives</dt>
          <dd>{round.alternatives.length}</dd>
        </div>
      </dl>
      <Schedule view={view} />
      <Computing view={view} />
      <Choices view={view} />
      <ForUs view={view} member={member} version={version} />
      <section aria-labelledby="economy-h">
        <h2 id="economy-h">The whole economy</h2>
        <p>
          How each alternative compares for everyone: hours, consumption and investment over the economy, as the{" "}
          <BodyLink round={round.id} body={round.body} name={round.body_name} /> sees it.
        </p>
        <EconomyComparison view={view} />
      </section>
      <Amendments view={view} member={member} refresh={r.refresh} />
      {(round.phase === "voting" || view.voted) && round.phase !== "adopted" && (
        <Vote view={view} member={member} refresh={r.refresh} />
      )}
      <Results view={view} member={member} version={version} />
      {round.phase === "adopted" && <AdoptedTargets view={view} />}
      <Reproduce view={view} />
      <OtherBody round={round.id} />
      <p>
        <Link href="/rounds">All plans</Link>
      </p>
    </article>
  );
}

// The round's life as a list of steps, the current one marked.
function Schedule({ view }: { view: RoundView }) {
  const r = view.round;
  const order = ["computing", "discussion", "amendment", "voting", "counting", "adopted"];
  const at = order.indexOf(r.phase);
  const step = (phase: string) => {
    const i = order.indexOf(phase);
    return i === at ? "now" : i < at ? "past" : "future";
  };
  const Item = ({ phase, children }: { phase: string; children: preact.ComponentChildren }) => {
    const s = step(phase);
    return (
      <li class={`step step-${s}`} aria-current={s === "now" ? "step" : undefined} data-testid={`step-${phase}`}>
        {children}
        {s === "now" && <strong class="now-mark"> (now)</strong>}
      </li>
    );
  };
  const voteWord = r.vote > 1 ? ` (vote ${r.vote}, after the previous one sent the round back to amendment)` : "";
  return (
    <section aria-labelledby="schedule-h">
      <h2 id="schedule-h">Schedule</h2>
      <ol class="round-timeline" data-testid="schedule">
        <li class="step step-past">
          Called <Time iso={r.called} /> by {r.body_name}.
        </li>
        {r.phase === "computing" && <Item phase="computing">The server computes the alternatives.</Item>}
        <Item phase="discussion">
          Discussion until <Time iso={r.discussion_until} />
          {step("discussion") !== "past" && <> ({relative(r.discussion_until)})</>}.
        </Item>
        <Item phase="amendment">
          Amendments by committees and unions until <Time iso={r.amendment_until} />
          {step("amendment") !== "past" && <> ({relative(r.amendment_until)})</>}.
        </Item>
        <Item phase="voting">
          Every member votes until <Time iso={r.vote_until} />
          {step("voting") !== "past" && <> ({relative(r.vote_until)})</>}
          {voteWord}.
        </Item>
        {r.phase === "counting" && <Item phase="counting">The vote is closed and being counted.</Item>}
        <Item phase="adopted">
          {r.phase === "adopted" && r.adopted >= 0
            ? `Adopted: ${r.alternatives[r.adopted]}. Its targets are the workplaces' targets for ${r.period}.`
            : "Adopted if an alternative beats the status quo; otherwise back to amendment."}
        </Item>
      </ol>
    </section>
  );
}

// The server's computation: shown while it runs, and its failure if it failed.
function Computing({ view }: { view: RoundView }) {
  const r = view.round;
  const c = view.computing;
  const running = r.phase === "computing" || r.computed_version < r.version;
  if (!running && !(c && c.stage === "failed")) return null;
  const stage: Record<string, string> = {
    reading: "reading the economy's data",
    computing: "computing every alternative",
    recording: "recording the figures in the public record",
    done: "done",
    failed: "failed",
  };
  return (
    <section aria-labelledby="computing-h" data-testid="computing">
      <h2 id="computing-h">Computation</h2>
      {c?.stage === "failed" ? (
        <div class="notice error" role="alert">
          <p>The computation of version {c.version} failed{c.error ? `: ${c.error}` : "."}</p>
        </div>
      ) : (
        <p role="status" class="notice">
          {r.computed_version === 0
            ? "The server is computing the alternatives"
            : `A carried amendment changed the data: the server is computing version ${r.version} (the figures below are of version ${r.computed_version})`}
          {c ? `: ${stage[c.stage] ?? c.stage}` : ""}
          {c && c.seconds > 0 ? `, ${fmt(c.seconds, 1)} s` : ""}. This page updates by itself.
        </p>
      )}
    </section>
  );
}

// The call: what each alternative does with the freed hours (C2).
function Choices({ view }: { view: RoundView }) {
  const last = view.computations[view.computations.length - 1];
  return (
    <section aria-labelledby="choices-h">
      <h2 id="choices-h">The alternatives</h2>
      <p>
        Work is assumed to become {fmt(Number(view.call.productivity_gain) * 100, 2)}% more productive. Each alternative
        splits the hours this frees
        {last && <> ({fmt(last.freed_hours, 0)} hours of {fmt(last.base_labour_hours, 0)} in the base year)</>} among
        more consumption, shorter hours and more investment.
      </p>
      <ul class="link-list" data-testid="alternatives">
        <li>
          <strong>status quo</strong>: the last adopted plan rolled forward; always on the ballot.
        </li>
        {view.call.choices.map((c) => (
          <li key={c.name}>
            <strong>{c.name}</strong>: {fmt(Number(c.consumption) * 100, 1)}% to consumption,{" "}
            {fmt(Number(c.hours) * 100, 1)}% to shorter hours, {fmt(Number(c.investment) * 100, 1)}% to investment.
          </li>
        ))}
        {view.call.optimal_plan && (
          <li>
            <strong>optimal plan</strong>: the most consumption the capacities and the labour available allow, computed by
            linear programming, with the value of each limit.
          </li>
        )}
      </ul>
    </section>
  );
}

// The member's bodies, nearest first, grouped by what they see (a shop committee sees its
// workplace's figures; the congress and the council see the whole economy's).
function useMyBodies(round: string, member: string | null, version: string) {
  const list = useApi<RoundBodies>(member ? `/api/members/${encodeURIComponent(member)}/round-bodies` : null);
  const ids = list.data?.bodies.map((b) => b.id) ?? [];
  const views = useBodyViews(round, ids, version);
  const groups: { view: RoundBodyView; also: RoundBodyView[] }[] = [];
  for (const v of views.views) {
    const g = groups.find((x) => scopeKey(x.view) === scopeKey(v));
    if (g) g.also.push(v);
    else groups.push({ view: v, also: [] });
  }
  return { list, groups, error: list.error ?? views.error, loading: !!member && (list.loading || views.loading) };
}

const nearness: Record<string, string> = {
  workplace: "Your workplace",
  branch: "Your branch",
  region: "Your region",
  economy: "The whole economy",
};

function ForUs({ view, member, version }: { view: RoundView; member: string | null; version: string }) {
  const mine = useMyBodies(view.round.id, member, version);
  return (
    <section aria-labelledby="forus-h">
      <h2 id="forus-h">What each plan means for us</h2>
      {!member ? (
        <p>
          <Link href={`/login?next=${encodeURIComponent(roundPath(view.round.id))}`}>Log in</Link> to see what each
          alternative means for your workplace, your branch and your region.
        </p>
      ) : mine.error ? (
        <ErrorBox error={mine.error} />
      ) : mine.loading ? (
        <Loading what="your bodies' figures" />
      ) : view.alternatives.length === 0 ? (
        <p>The alternatives are not computed yet.</p>
      ) : (
        <div data-testid="for-us">
          {mine.groups
            .filter((g) => g.view.scope !== "economy")
            .map((g) => (
              <section key={g.view.body} aria-labelledby={`forus-${g.view.body}-h`} class="scope-block">
                <h3 id={`forus-${g.view.body}-h`}>
                  {nearness[g.view.scope] ?? g.view.scope}: {g.view.body_name}
                </h3>
                <p class="meta">
                  {kindLabel(g.view.body_kind)}, answering for {scopeLabel(g.view)}
                  {g.also.length > 0 && <>; the same figures as {g.also.map((a) => a.body_name).join(", ")}</>} ·{" "}
                  <BodyLink round={view.round.id} body={g.view.body} name="all its figures and workplaces" />
                </p>
                <BodyFigures view={g.view} adopted={view.round.adopted} />
              </section>
            ))}
          {mine.groups.every((g) => g.view.scope === "economy") && (
            <p>No body nearer than the whole economy answers for your workplace in this round.</p>
          )}
        </div>
      )}
    </section>
  );
}

// ---- amendments ----

function amendmentChanges(a: RoundAmendment): string {
  const parts: string[] = [];
  if (a.target !== null) parts.push(`target ${fmt(a.target)}`);
  if (a.capacity !== null) parts.push(`capacity ${fmt(a.capacity)}`);
  if (a.workers !== null) parts.push(`workers ${fmt(a.workers)}`);
  for (const [k, v] of Object.entries(a.hours)) parts.push(`${k} hours per unit ${fmt(v, 4)}`);
  return parts.join(", ");
}

const amendmentState: Record<string, string> = { open: "being voted", carried: "carried", lost: "lost" };

function Amendments({ view, member, refresh }: { view: RoundView; member: string | null; refresh: () => Promise<void> }) {
  const phase = view.round.phase;
  return (
    <section aria-labelledby="amend-h">
      <h2 id="amend-h">Amendments</h2>
      <p>
        During the amendment phase a workplace's committee, or the union body of its branch, may correct the workplace's
        data or propose a different target for it, as a motion of that body. A carried amendment makes the server
        compute every alternative again.
      </p>
      {view.amendments.length === 0 ? (
        <p>No amendment has been proposed.</p>
      ) : (
        <ul class="cards" data-testid="amendments">
          {view.amendments.map((a) => (
            <AmendmentCard key={a.motion} a={a} member={member} refresh={refresh} />
          ))}
        </ul>
      )}
      {phase === "amendment" && member && <AmendmentForm view={view} member={member} refresh={refresh} />}
      {phase === "discussion" && <p class="hint">Amendments open {relative(view.round.discussion_until)}.</p>}
    </section>
  );
}

function AmendmentCard({ a, member, refresh }: { a: RoundAmendment; member: string | null; refresh: () => Promise<void> }) {
  const act = useAction();
  const [voted, setVoted] = useState("");
  const head = `amendment-${a.motion}-h`;
  const vote = async (choice: string) => {
    if (await act.run(() => command({ vote_motion: { motion: a.motion, choice } }))) {
      setVoted(choice);
      await refresh();
    }
  };
  return (
    <li class="card" aria-labelledby={head} data-testid="amendment">
      <h3 id={head} class="card-title">
        {a.workplace_name || a.workplace}: {a.text}
      </h3>
      <p class="meta">
        Proposed by <Link href={`/officials/${encodeURIComponent(a.proposed_by)}`}>{a.proposed_by_name}</Link> in <Link href={`/bodies/${encodeURIComponent(a.body)}`}>{a.body_name}</Link> ·{" "}
        <span data-testid="amendment-state">{amendmentState[a.state] ?? a.state}</span>
        {a.state === "open" && <> until <Time iso={a.closes} /></>}
      </p>
      <p>Changes: {amendmentChanges(a) || "none given"}.</p>
      <p>
        Yes {a.yes}, no {a.no}, abstain {a.abstain}.
      </p>
      {a.state === "open" && member && (
        <div class="action">
          {voted ? (
            <p class="notice ok" role="status">
              Your vote ({voted}) is recorded.
            </p>
          ) : (
            <div class="button-row" role="group" aria-label={`Your vote on the amendment: ${a.text}`}>
              {["yes", "no", "abstain"].map((c) => (
                <button key={c} type="button" class="secondary small" disabled={act.busy} onClick={() => vote(c)}>
                  {c === "yes" ? "Vote yes" : c === "no" ? "Vote no" : "Abstain"}
                </button>
              ))}
            </div>
          )}
          <p class="hint">Only the seat holders of {a.body_name} vote on it.</p>
          <ActionError error={act.error} />
        </div>
      )}
    </li>
  );
}

// The bodies in which the member holds a seat and that may amend: their workplace's
// committee (its own workplace) or a union body (the workplaces of its branch).
function AmendmentForm({ view, member, refresh }: { view: RoundView; member: string; refresh: () => Promise<void> }) {
  const m = useApi<Member>(`/api/members/${encodeURIComponent(member)}`);
  const seats = (m.data?.offices ?? []).map((o) => o.body);
  const bodies = useBodyViews(view.round.id, seats, "");
  const able = bodies.views.filter(
    (v) => (v.body_kind === "workplace_committee" && v.scope === "workplace") || (v.body_kind === "union" && v.workplaces.length > 0),
  );
  if (m.loading || bodies.loading) return null;
  if (able.length === 0)
    return (
      <p class="hint" data-testid="amend-not-seated">
        Only the seat holders of a workplace's committee, or of a union body of its branch, propose amendments. You hold
        no such seat.
      </p>
    );
  return <AmendmentFields view={view} able={able} refresh={refresh} />;
}

function AmendmentFields({
  view,
  able,
  refresh,
}: {
  view: RoundView;
  able: RoundBodyView[];
  refresh: () => Promise<void>;
}) {
  const [body, setBody] = useState(able[0].body);
  const chosen = able.find((b) => b.body === body) ?? able[0];
  const options =
    chosen.scope === "workplace"
      ? [{ id: chosen.workplace, name: chosen.workplaces.find((w) => w.workplace === chosen.workplace)?.name ?? chosen.workplace }]
      : chosen.workplaces.map((w) => ({ id: w.workplace, name: w.name }));
  const [workplace, setWorkplace] = useState(options[0]?.id ?? "");
  const wp = options.some((o) => o.id === workplace) ? workplace : (options[0]?.id ?? "");
  const prod = useApi<WorkplaceProduction>(wp ? `/api/workplaces/${encodeURIComponent(wp)}/production` : null);
  const [target, setTarget] = useState("");
  const [capacity, setCapacity] = useState("");
  const [workers, setWorkers] = useState("");
  const [hours, setHours] = useState<Record<string, string>>({});
  const [text, setText] = useState("");
  const [done, setDone] = useState("");
  const figure = chosen.workplaces.find((w) => w.workplace === wp);
  const act = useSubmit(
    () => {
      setDone("");
      const cmd: Record<string, unknown> = { round: view.round.id, workplace: wp, text: text.trim() };
      cmd.body = chosen.body;
      if (target.trim()) cmd.target = Number(target);
      if (capacity.trim()) cmd.capacity = Number(capacity);
      if (workers.trim()) cmd.workers = Number(workers);
      const h = Object.fromEntries(
        Object.entries(hours)
          .filter(([, v]) => v.trim() !== "")
          .map(([k, v]) => [k, Number(v)]),
      );
      if (Object.keys(h).length > 0) cmd.hours = h;
      return command({ propose_round_amendment: cmd });
    },
    async () => {
      setDone(`The amendment is before ${chosen.body_name}: its seat holders vote on it above.`);
      setText("");
      setTarget("");
      setCapacity("");
      setWorkers("");
      setHours({});
      await refresh();
    },
  );
  const number = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    pointer: string,
    hint?: string,
  ) => (
    <div class="field" key={id}>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="number"
        min="0"
        step="any"
        inputMode="decimal"
        value={value}
        onInput={(e) => set((e.target as HTMLInputElement).value)}
        {...fieldAria(concerns(act.error, pointer), "amend-error", hint && `${id}-hint`)}
      />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="amend-form-h" data-testid="amend-form">
      <h3 id="amend-form-h">Propose an amendment</h3>
      <p class="hint" id="amend-hint">
        Give a different target, or correct the workplace's data, or both; leave the rest empty. The amendment is a
        motion of the body, public like every motion.
      </p>
      {able.length > 1 && (
        <div class="field">
          <label for="amend-body">On behalf of</label>
          <select
            id="amend-body"
            value={body}
            onChange={(e) => setBody((e.target as HTMLSelectElement).value)}
            {...fieldAria(concerns(act.error, "/body"), "amend-error")}
          >
            {able.map((b) => (
              <option key={b.body} value={b.body}>
                {b.body_name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="field">
        <label for="amend-workplace">Workplace</label>
        <select
          id="amend-workplace"
          value={wp}
          onChange={(e) => setWorkplace((e.target as HTMLSelectElement).value)}
          {...fieldAria(concerns(act.error, "/workplace"), "amend-error")}
        >
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        {figure && (
          <p class="hint">
            Now: capacity {fmt(figure.capacity)}, {fmt(figure.workers)} workers; targets{" "}
            {figure.targets.map((t, i) => `${view.round.alternatives[i]} ${fmt(t)}`).join(", ")}.
          </p>
        )}
      </div>
      {number(
        "amend-target",
        "Target: the most the workplace undertakes to make in the period",
        target,
        setTarget,
        "/target",
        prod.data ? `In ${prod.data.unit || prod.data.product} of ${prod.data.product_name}.` : undefined,
      )}
      {number("amend-capacity", "Corrected capacity", capacity, setCapacity, "/capacity")}
      {number("amend-workers", "Corrected number of workers", workers, setWorkers, "/workers")}
      {Object.keys(prod.data?.hours ?? {}).map((k) =>
        number(
          `amend-hours-${k}`,
          `Corrected ${categoryLabel(k).toLowerCase()} hours per unit`,
          hours[k] ?? "",
          (v) => setHours({ ...hours, [k]: v }),
          `/hours/${k}`,
        ),
      )}
      <TextArea
        id="amend-text"
        label="Why"
        value={text}
        onValue={setText}
        max={limits.motion}
        pointer="/text"
        error={act.error}
        errorId="amend-error"
        hint="The reasons go with the amendment to every member who votes on the round."
      />
      <FormFooter action={act} label="Propose the amendment" busyLabel="Proposing…" errorId="amend-error">
        {done && (
          <p class="notice ok" role="status">
            {done}
          </p>
        )}
      </FormFooter>
    </form>
  );
}

// ---- the vote ----

function ordinal(n: number): string {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || s[0]);
}

const SECRET =
  "Your ballot goes into a sealed box: the record keeps that you voted, never how. At the close every ballot is published by workplace, without names, and anyone can count them again.";

function Vote({ view, member, refresh }: { view: RoundView; member: string | null; refresh: () => Promise<void> }) {
  const [justVoted, setJustVoted] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const r = view.round;
  let body;
  if (!member)
    body = (
      <p>
        <Link href={`/login?next=${encodeURIComponent(roundPath(r.id))}`}>Log in</Link> to vote.
      </p>
    );
  else if (justVoted || view.voted)
    body = (
      <div class="notice ok" role="status" data-testid="round-voted">
        <p>
          <strong>{justVoted ? "Your ballot is in the box." : "You have voted in this round."}</strong>
        </p>
        <p>{SECRET}</p>
      </div>
    );
  else if (view.alternatives.length === 0 || r.computed_version < r.version)
    body = <p role="status">The vote waits for the figures being computed.</p>;
  else
    body = (
      <RoundBallot
        view={view}
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
        Every member votes in their own workplace, ranking the alternatives. {plural(r.voters, "member has", "members have")}{" "}
        voted so far. The vote closes <Time iso={r.vote_until} /> ({relative(r.vote_until)}).
      </p>
      {body}
    </section>
  );
}

// The ranked ballot: an ordered list, with buttons to move an alternative up or down, take
// it off, or mark it equal to the one above it; every alternative not yet ranked has a
// button that adds it at the end. Tab and Enter do everything, focus follows the
// alternative that moved, and each change is said aloud. Then the member reviews the
// ballot and confirms it.
function RoundBallot({ view, onVoted }: { view: RoundView; onVoted: () => void }) {
  const names = view.round.alternatives;
  const [order, setOrder] = useState<number[]>([]);
  const [tied, setTied] = useState<Set<number>>(new Set());
  const [said, setSaid] = useState("");
  const [focusId, setFocusId] = useState<string | null>(null);
  const [review, setReview] = useState(false);
  const ranks = ranksOf(names.length, order, tied);
  const act = useSubmit(() => command({ cast_round_ballot: { round: view.round.id, ranks } }), onVoted);
  const unranked = names.map((_, i) => i).filter((i) => !order.includes(i));
  const infeasible = new Set(view.alternatives.filter((a) => !a.figures.feasible).map((a) => a.index));

  useLayoutEffect(() => {
    if (!focusId) return;
    const el = document.getElementById(focusId) as HTMLElement | null;
    if (el && !(el as HTMLButtonElement).disabled) el.focus();
    else document.getElementById("ballot-h")?.focus();
    setFocusId(null);
  }, [focusId, order, review]);

  const place = (next: number[], nextTied: Set<number>, i: number) => {
    const r = ranksOf(names.length, next, nextTied)[i];
    return `${names[i]} is ranked ${ordinal(r)}${nextTied.has(i) ? ", equal with the one above" : ""}.`;
  };
  const add = (i: number) => {
    const next = [...order, i];
    setOrder(next);
    setSaid(place(next, tied, i));
    const rest = unranked.filter((x) => x !== i);
    const j = unranked.indexOf(i);
    const after = rest[Math.min(j, rest.length - 1)];
    setFocusId(after !== undefined ? `radd-${after}` : "review");
  };
  const remove = (i: number) => {
    const at = order.indexOf(i);
    const next = order.filter((x) => x !== i);
    const t = new Set(tied);
    t.delete(i);
    if (at === 0 && next.length > 0) t.delete(next[0]);
    setOrder(next);
    setTied(t);
    setSaid(`${names[i]} is no longer ranked.`);
    const neighbour = next[Math.min(at, next.length - 1)];
    setFocusId(neighbour !== undefined ? `rremove-${neighbour}` : `radd-${i}`);
  };
  const move = (i: number, by: -1 | 1) => {
    const at = order.indexOf(i);
    const j = at + by;
    if (j < 0 || j >= order.length) return;
    const next = [...order];
    [next[at], next[j]] = [next[j], next[at]];
    const t = new Set(tied);
    if (t.has(next[0])) t.delete(next[0]);
    setOrder(next);
    setTied(t);
    setSaid(place(next, t, i));
    const edge = (by === -1 && j === 0) || (by === 1 && j === next.length - 1);
    setFocusId(edge ? `r${by === -1 ? "down" : "up"}-${i}` : `r${by === -1 ? "up" : "down"}-${i}`);
  };
  const toggleTie = (i: number) => {
    const t = new Set(tied);
    if (t.has(i)) t.delete(i);
    else t.add(i);
    setTied(t);
    setSaid(place(order, t, i));
  };

  if (review)
    return (
      <form class="ballot" onSubmit={act.onSubmit} aria-labelledby="ballot-h" data-testid="round-ballot-review">
        <h3 id="ballot-h" tabIndex={-1}>
          Check your ballot
        </h3>
        <p>You rank the alternatives so:</p>
        <ol class="review-list" data-testid="review">
          {order.map((i) => (
            <li key={i}>
              {ordinal(ranks[i])}: {names[i]}
              {tied.has(i) && " (equal with the one above)"}
            </li>
          ))}
        </ol>
        {unranked.length > 0 && (
          <p>
            Not ranked, so below all you ranked: {unranked.map((i) => names[i]).join(", ")}.
          </p>
        )}
        <p class="hint">{SECRET} A ballot cannot be changed once cast.</p>
        <ActionError error={act.error} id="cast-error" />
        <div class="button-row">
          <button type="submit" id="cast" disabled={act.busy}>
            {act.busy ? "Casting…" : "Cast my ballot"}
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              act.clear();
              setReview(false);
              setFocusId("review");
            }}
          >
            Change my ranking
          </button>
        </div>
      </form>
    );

  return (
    <form
      class="ballot"
      onSubmit={(e) => {
        e.preventDefault();
        if (order.length === 0) return;
        setReview(true);
        setFocusId("ballot-h");
      }}
      aria-labelledby="ballot-h"
      data-testid="round-ballot"
    >
      <h3 id="ballot-h" tabIndex={-1}>
        Your ballot
      </h3>
      <p class="hint">
        Rank every alternative, most preferred first: add them in the order you prefer and move them up or down. Mark
        one equal to the one above if you like them as much. The status quo is always on the ballot: an alternative is
        adopted only if more members prefer it to the status quo than the other way round.
      </p>
      <h4 id="rranking-h">Your ranking</h4>
      {order.length === 0 ? (
        <p class="muted">Nothing ranked yet.</p>
      ) : (
        <ol class="ranking round-ranking" aria-labelledby="rranking-h" data-testid="round-ranking">
          {order.map((i, at) => (
            <li key={i}>
              <span class="rank-name">
                <span class="visually-hidden">{ordinal(ranks[i])} choice: </span>
                {names[i]}
                {tied.has(i) && <span class="meta"> (equal with the one above)</span>}
                {infeasible.has(i) && <span class="meta"> (cannot be carried out as computed)</span>}
              </span>
              <span class="rank-buttons">
                <button
                  type="button"
                  class="secondary small"
                  id={`rup-${i}`}
                  disabled={at === 0}
                  aria-label={`Move ${names[i]} up`}
                  onClick={() => move(i, -1)}
                >
                  ↑ Up
                </button>
                <button
                  type="button"
                  class="secondary small"
                  id={`rdown-${i}`}
                  disabled={at === order.length - 1}
                  aria-label={`Move ${names[i]} down`}
                  onClick={() => move(i, 1)}
                >
                  ↓ Down
                </button>
                {at > 0 && (
                  <button
                    type="button"
                    class="secondary small"
                    id={`rtie-${i}`}
                    aria-pressed={tied.has(i)}
                    aria-label={`${names[i]} equal with ${names[order[at - 1]]}`}
                    onClick={() => toggleTie(i)}
                  >
                    = Equal
                  </button>
                )}
                <button
                  type="button"
                  class="secondary small"
                  id={`rremove-${i}`}
                  aria-label={`Remove ${names[i]} from the ranking`}
                  onClick={() => remove(i)}
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
          <h4 id="runranked-h">Not ranked</h4>
          <ul class="unranked" aria-labelledby="runranked-h">
            {unranked.map((i) => (
              <li key={i}>
                <span class="rank-name">{names[i]}</span>
                <button
                  type="button"
                  class="secondary small"
                  id={`radd-${i}`}
                  aria-label={`Add ${names[i]} to the ranking`}
                  onClick={() => add(i)}
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
      <div>
        <button type="submit" id="review" disabled={order.length === 0}>
          {order.length === 0
            ? "Rank at least one alternative"
            : unranked.length > 0
              ? `Review my ballot (${plural(unranked.length, "alternative")} not ranked)`
              : "Review my ballot"}
        </button>
      </div>
    </form>
  );
}

// One rank per alternative in the round's order: 1 the most preferred, equal ranks for the
// ones marked equal to the one above, 0 for those not ranked.
export function ranksOf(k: number, order: number[], tied: Set<number>): number[] {
  const ranks = new Array<number>(k).fill(0);
  let rank = 0;
  order.forEach((i, at) => {
    if (at === 0 || !tied.has(i)) rank += 1;
    ranks[i] = rank;
  });
  return ranks;
}

// ---- results ----

function Results({ view, member, version }: { view: RoundView; member: string | null; version: string }) {
  const mine = useMyBodies(view.round.id, view.results.length > 0 ? member : null, version);
  if (view.results.length === 0) return null;
  const names = view.round.alternatives;
  return (
    <section aria-labelledby="results-h" data-testid="results">
      <h2 id="results-h">Results</h2>
      <p>
        The members' ballots alone decide: the federation-wide order is the Schulze method over every member's ballot,
        and an alternative is adopted only if it beats the status quo head to head. No body above can change it (A8).
      </p>
      {[...view.results].reverse().map((res) => (
        <VoteResult key={res.vote} res={res} names={names} groups={mine.groups} round={view.round.id} />
      ))}
    </section>
  );
}

function VoteResult({
  res,
  names,
  groups,
  round,
}: {
  res: RoundResult;
  names: string[];
  groups: { view: RoundBodyView; also: RoundBodyView[] }[];
  round: string;
}) {
  const h = `result-${res.vote}-h`;
  return (
    <section aria-labelledby={h} class="vote-result" data-testid={`result-${res.vote}`}>
      <h3 id={h}>
        Vote {res.vote}, closed <Time iso={res.time} />
      </h3>
      <p data-testid="outcome">
        <strong>
          {res.outcome === "adopted" && res.adopted >= 0
            ? `Adopted: ${names[res.adopted]}.`
            : "No alternative beat the status quo: the round went back to amendment."}
        </strong>{" "}
        {res.reason} {plural(res.ballots, "ballot")} counted.
      </p>
      <p>The members' order, most preferred first (ties broken by lot, recorded on the count sheet):</p>
      <ol data-testid="order">
        {res.order.map((i) => (
          <li key={i}>{names[i]}</li>
        ))}
      </ol>
      <PairwiseTable
        names={names}
        prefer={res.prefer}
        caption={`How many ballots rank the alternative of the row above the one of the column, vote ${res.vote}`}
        testid="pairwise"
      />
      {groups.length > 0 && (
        <>
          <h4>Results for your bodies</h4>
          <ul class="link-list" data-testid="body-results">
            {groups.map((g) => {
              const t = g.view.tallies.find((x) => x.vote === res.vote);
              return (
                <li key={g.view.body}>
                  <BodyLink round={round} body={g.view.body} name={g.view.body_name} />:{" "}
                  {!t ? (
                    "no tally."
                  ) : (
                    <>
                      {plural(t.ballots, "ballot")} of the members it represents;{" "}
                      {t.beat_status_quo.length === 0
                        ? "they preferred no alternative to the status quo."
                        : `they preferred ${t.beat_status_quo.map((i) => names[i]).join(", ")} to the status quo.`}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

// The adopted plan's targets, from the calling body's view (the whole economy, its
// workplaces listed when there are not too many).
function AdoptedTargets({ view }: { view: RoundView }) {
  const r = view.round;
  const b = useApi<RoundBodyView>(`/api/rounds/${encodeURIComponent(r.id)}/bodies/${encodeURIComponent(r.body)}`);
  if (r.adopted < 0) return null;
  return (
    <section aria-labelledby="targets-h" data-testid="adopted-targets">
      <h2 id="targets-h">Adopted targets for {r.period}</h2>
      <p>
        The members adopted <strong>{r.alternatives[r.adopted]}</strong>. Its targets are now each workplace's targets for{" "}
        {r.period}, recorded as events of the public record; each workplace's page shows its own.
      </p>
      {b.error ? (
        <ErrorBox error={b.error} retry={b.reload} />
      ) : !b.data ? (
        <Loading what="the targets" />
      ) : b.data.workplaces.length === 0 ? (
        <p>There are too many workplaces to list here: see each workplace's page.</p>
      ) : (
        <ScrollTable>
          <table data-testid="targets-table">
            <caption>Each workplace's target for {r.period}</caption>
            <thead>
              <tr>
                <th scope="col">Workplace</th>
                <th scope="col">Product</th>
                <th scope="col" class="num">
                  Target
                </th>
                <th scope="col" class="num">
                  Capacity
                </th>
              </tr>
            </thead>
            <tbody>
              {b.data.workplaces.map((w) => (
                <tr key={w.workplace}>
                  <th scope="row">
                    <Link href={`/workplaces/${encodeURIComponent(w.workplace)}`}>{w.name}</Link>
                  </th>
                  <td>{w.product}</td>
                  <td class="num">{fmt(w.targets[r.adopted])}</td>
                  <td class="num">{fmt(w.capacity)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}

// C4: the figures, the data's digest and the command that recomputes them.
function Reproduce({ view }: { view: RoundView }) {
  const last = view.computations[view.computations.length - 1];
  if (!last) return null;
  return (
    <section aria-labelledby="repro-h">
      <h2 id="repro-h">Check it yourself</h2>
      <p>
        Version {last.version} of the figures was computed <Time iso={last.time} /> from data whose SHA-256 digest is{" "}
        <code data-testid="digest">{last.economy_digest}</code> (the economy as of{" "}
        <Link href={`/record?after=${Math.max(0, last.economy_seq - 1)}`}>event {last.economy_seq}</Link>). Export the
        public record and recompute every alternative, the vote and the targets with:
      </p>
      <pre class="recount-cmd">
        <code>
          collegium record export record.jsonl{"\n"}collegium plan reproduce record.jsonl --round {view.round.id}
        </code>
      </pre>
    </section>
  );
}

// Any body's figures: a list of the federation's bodies to choose from.
function OtherBody({ round }: { round: string }) {
  const list = useApi<{ bodies: { id: string; name: string; kind: string }[] }>("/api/bodies?limit=500");
  const [body, setBody] = useState("");
  if (!list.data || list.data.bodies.length === 0) return null;
  const chosen = body || list.data.bodies[0].id;
  return (
    <section aria-labelledby="other-h">
      <h2 id="other-h">Any body's figures</h2>
      <form
        class="form inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/rounds/${encodeURIComponent(round)}/bodies/${encodeURIComponent(chosen)}`);
        }}
      >
        <div class="field">
          <label for="other-body">Body</label>
          <select id="other-body" value={chosen} onChange={(e) => setBody((e.target as HTMLSelectElement).value)}>
            {list.data.bodies.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name} ({kindLabel(b.kind)})
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" class="secondary">
            Show its figures
          </button>
        </div>
      </form>
    </section>
  );
}
