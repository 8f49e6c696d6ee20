// Revising a workplace's target while the plan is carried out (C6, `propose_target_revision`):
// a seat holder of the workplace's committee, or of the union body of its branch, proposes a
// new yearly target with the reason; the body votes on it, and once it is carried the other
// of the two ratifies it before the target changes. The revisions made are listed for
// everyone.
import { useEffect, useState } from "preact/hooks";
import { command, get, type Body, type Get, type Motion, type Workplace } from "../api";
import { limits } from "../limits";
import { Link } from "../router";
import { concerns, fieldAria, FormFooter, TextArea, Time, useApi, useMyMandates, useSubmit } from "../ui";

type WorkplaceFulfilment = Get<"/api/workplaces/{id}/fulfilment">;

const figure = (v: number) => v.toLocaleString("en", { maximumFractionDigits: 6 });

// The bodies behind `ids`, fetched together; null while any is loading.
function useBodies(ids: string[]): Body[] | null {
  const key = ids.join(" ");
  const [state, setState] = useState<{ key: string; bodies: Body[] | null }>({ key: "", bodies: null });
  useEffect(() => {
    let live = true;
    Promise.all(ids.map((id) => get<Body>(`/api/bodies/${encodeURIComponent(id)}`).catch(() => null))).then(
      (found) => live && setState({ key, bodies: found.filter((b): b is Body => b !== null) }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state.key === key ? state.bodies : null;
}

// The open proposals to revise `workplace`'s target before `bodies`; fetched again when
// `tick` changes.
function useOpenRevisions(bodies: Body[], workplace: string, tick: number): Motion[] {
  const key = `${bodies.map((b) => b.id).join(" ")}|${tick}`;
  const [state, setState] = useState<Motion[]>([]);
  useEffect(() => {
    let live = true;
    Promise.all(
      bodies.map((b) =>
        get<{ motions: Motion[] }>(`/api/motions?body=${encodeURIComponent(b.id)}&state=open`).then(
          (r) => r.motions,
          () => [] as Motion[],
        ),
      ),
    ).then((lists) => {
      if (!live) return;
      setState(
        lists
          .flat()
          .filter(
            (m) =>
              m.kind === "target_revision" && (m.payload as { workplace?: string } | null)?.workplace === workplace,
          ),
      );
    });
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

// The revisions of the workplace's target so far, for anyone to read.
export function Revisions({ workplace }: { workplace: WorkplaceFulfilment }) {
  if (workplace.revisions.length === 0) return null;
  return (
    <section aria-labelledby="revisions-h">
      <h2 id="revisions-h">Revisions of its target</h2>
      <ul class="link-list" data-testid="revisions">
        {workplace.revisions.map((r) => (
          <li key={r.time}>
            From period {r.from_period}: {figure(r.before)} → {figure(r.target)} a year{" "}
            <span class="meta">
              · <Time iso={r.time} /> ·{" "}
              {r.motions.map((m, i) => (
                <span key={m}>
                  {i > 0 && ", "}
                  <Link href={`/motions/${encodeURIComponent(m)}`}>motion {m}</Link>
                </span>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

// The form, for a seat holder of a body that may propose; nothing for anyone else.
export function ReviseTarget({
  workplace,
  committee,
  refresh,
}: {
  workplace: WorkplaceFulfilment;
  committee: Body | null;
  refresh: () => void;
}) {
  const mandates = useMyMandates();
  const detail = useApi<Workplace>(`/api/workplaces/${encodeURIComponent(workplace.workplace)}`);
  const others = (mandates ?? []).map((m) => m.body).filter((b) => b !== committee?.id);
  const bodies = useBodies(others);
  if (!mandates || !bodies || !detail.data) return null;
  const wp = detail.data;
  // The rules' bodies: the workplace's committee, and the union body of its branch (in its
  // region, or for every region).
  const eligible = [
    ...(committee && mandates.some((m) => m.body === committee.id) ? [committee] : []),
    ...bodies.filter((b) => b.kind === "union" && b.branch === wp.branch && (!b.region || b.region === wp.region)),
  ];
  if (eligible.length === 0) return null;
  return <RevisionForm workplace={workplace} eligible={eligible} refresh={refresh} />;
}

function RevisionForm({
  workplace,
  eligible,
  refresh,
}: {
  workplace: WorkplaceFulfilment;
  eligible: Body[];
  refresh: () => void;
}) {
  const [body, setBody] = useState(eligible[0].id);
  const [target, setTarget] = useState("");
  const [text, setText] = useState("");
  const [motion, setMotion] = useState("");
  const [proposed, setProposed] = useState(0);
  const [tick, setTick] = useState(0);
  const open = useOpenRevisions(eligible, workplace.workplace, tick);
  const value = Number(target);
  const bad =
    target.trim() === ""
      ? ""
      : !Number.isFinite(value) || value < 0
        ? "A target is a number of 0 or more."
        : value === workplace.yearly_target
          ? `The target is ${figure(value)} already.`
          : "";
  const chosen = eligible.find((b) => b.id === body) ?? eligible[0];
  const act = useSubmit(
    () => {
      setMotion("");
      if (bad || target.trim() === "") return undefined;
      return command({
        propose_target_revision: { workplace: workplace.workplace, body: chosen.id, text: text.trim(), target: value },
      });
    },
    (reply) => {
      setMotion(reply.created[0] ?? "");
      setProposed(value);
      setTarget("");
      setText("");
      setTick((t) => t + 1);
      refresh();
    },
  );
  const err = "revision-error";
  return (
    <section aria-labelledby="revision-h">
      <h2 id="revision-h">Propose a revision of its target</h2>
      {open.length > 0 && (
        <>
          <h3>Proposals being voted on</h3>
          <ul class="link-list" data-testid="open-revisions">
            {open.map((m) => (
              <li key={m.id}>
                <Link href={`/motions/${encodeURIComponent(m.id)}`}>{m.text}</Link>{" "}
                <span class="meta">
                  · {m.body_name} · to {figure(Number((m.payload as { target?: unknown }).target))} a year · open until{" "}
                  <Time iso={m.closes} />
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <form class="form narrow" onSubmit={act.onSubmit} data-testid="propose-target-revision" noValidate>
        <p>
          Its target for the year is {figure(workplace.yearly_target)}. The body you propose it in votes on it; once it
          is carried there, the other of the workplace's committee and the union body of its branch ratifies it, and the
          target changes from the period then running.
        </p>
        {eligible.length > 1 ? (
          <div class="field">
            <label for="revision-body">Proposed in</label>
            <select
              id="revision-body"
              value={chosen.id}
              onChange={(e) => setBody((e.target as HTMLSelectElement).value)}
              {...fieldAria(concerns(act.error, "/body"), err)}
            >
              {eligible.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p>It is proposed in {chosen.name}, where you hold a seat.</p>
        )}
        <div class="field">
          <label for="revision-target">New target for the year</label>
          <input
            id="revision-target"
            type="number"
            inputMode="decimal"
            min="0"
            step="any"
            required
            value={target}
            onInput={(e) => setTarget((e.target as HTMLInputElement).value)}
            {...fieldAria(!!bad || concerns(act.error, "/target"), bad ? "revision-target-bad" : err, "revision-target-hint")}
          />
          <p id="revision-target-hint" class="hint">
            In the units of its product; 0 or more, and not the target it has.
          </p>
          {bad && (
            <p id="revision-target-bad" class="hint counter over">
              {bad}
            </p>
          )}
        </div>
        <TextArea
          id="revision-text"
          label="Why revise it"
          value={text}
          onValue={setText}
          max={limits.motion}
          pointer="/text"
          error={act.error}
          errorId={err}
          hint="The motion's text: those who vote on it, and anyone reading the record, read it."
        />
        <FormFooter action={act} label="Propose the revision" busyLabel="Proposing…" errorId={err}>
          {motion && (
            <p class="notice ok" role="status" data-testid="revision-done">
              The revision of its target to {figure(proposed)} a year is before {chosen.name}:{" "}
              <Link href={`/motions/${encodeURIComponent(motion)}`}>vote on it on the motion's page</Link>.
            </p>
          )}
        </FormFooter>
      </form>
    </section>
  );
}
