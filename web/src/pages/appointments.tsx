// Appointments (A5): an executive or specialist post (declared as a specialist body; every
// other body is elected) may be filled by appointment, as an exception, up to its seats,
// only with the consent of the union body that post concerns, given by vote; that body
// alone can recall its appointee. The page lists the running appointments with the share
// of each post's seats they fill, and lets officials propose one and seat holders of the
// consenting body propose a recall. The votes themselves happen on the motions page.
import { useState } from "preact/hooks";
import { command, get, type Body, type BodySummary, type Mandate, type Motion, type SearchHit } from "../api";
import { Link } from "../router";
import { useSession } from "../session";
import { limits } from "../limits";
import {
  concerns,
  ErrorBox,
  FederationMemberPicker,
  fieldAria,
  FormFooter,
  Loading,
  PageTitle,
  TextArea,
  Time,
  useApi,
  useSubmit,
} from "../ui";

export function AppointmentsPage() {
  const { me, loading } = useSession();
  const list = useApi<{ mandates: Mandate[] }>("/api/mandates?origin=appointment&running=1");
  const posts = useApi<{ bodies: BodySummary[] }>("/api/bodies?kind=specialist&limit=1000");
  const unions = useApi<{ bodies: BodySummary[] }>("/api/bodies?kind=union&limit=1000");
  if (loading) return <Loading what="appointments" />;
  // Elected committees are filled by their electorates only: the posts are specialist bodies.
  const postBodies = posts.data?.bodies ?? [];
  const seats = new Map(postBodies.map((b) => [b.id, b.seats]));
  const appointed = new Map<string, number>();
  for (const m of list.data?.mandates ?? []) appointed.set(m.body, (appointed.get(m.body) ?? 0) + 1);
  return (
    <article>
      <PageTitle title="Appointments">Appointments</PageTitle>
      <p class="lede">
        A post is filled by appointment only as an exception, and only with the consent of the union body concerned,
        given by its vote. That body alone can recall the appointee. Only executive and specialist posts can be
        appointed, never a seat of an elected committee, and never beyond the post's seats.
      </p>
      <section aria-labelledby="running-h">
        <h2 id="running-h">Running appointments</h2>
        {list.error ? (
          <ErrorBox error={list.error} retry={list.reload} />
        ) : !list.data ? (
          <Loading what="appointments" />
        ) : list.data.mandates.length === 0 ? (
          <p>No post is filled by appointment.</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="appointments">
              <caption>Posts filled by appointment, with the consenting body</caption>
              <thead>
                <tr>
                  <th scope="col">Post</th>
                  <th scope="col">Appointee</th>
                  <th scope="col">Consent of</th>
                  <th scope="col">Term</th>
                  <th scope="col">Share of the post's seats appointed</th>
                </tr>
              </thead>
              <tbody>
                {list.data.mandates.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <Link href={`/bodies/${encodeURIComponent(m.body)}`}>{m.body_name}</Link>
                    </td>
                    <td>
                      <Link href={`/officials/${encodeURIComponent(m.member)}`}>{m.member_name}</Link>
                      {me && !me.operator && <RecallAppointee mandate={m} />}
                    </td>
                    <td>
                      {m.consenting_body && (
                        <Link href={`/motions?body=${encodeURIComponent(m.consenting_body)}`}>
                          {m.consenting_body_name}
                        </Link>
                      )}
                    </td>
                    <td>
                      <Time iso={m.started} /> to <Time iso={m.ends} />
                    </td>
                    <td>
                      {appointed.get(m.body) ?? 0} of {seats.get(m.body) ?? "?"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {me && !me.operator && postBodies.length > 0 && (unions.data?.bodies.length ?? 0) > 0 && (
        <ProposeAppointment posts={postBodies} unions={unions.data!.bodies} />
      )}
    </article>
  );
}

function ProposeAppointment({ posts, unions }: { posts: BodySummary[]; unions: BodySummary[] }) {
  const [post, setPost] = useState(posts[0].id);
  const [union, setUnion] = useState(unions[0].id);
  const [member, setMember] = useState<SearchHit | null>(null);
  const [reason, setReason] = useState("");
  // What became of the proposal: the motion it made, read back once the command is accepted,
  // since a body that cannot vote (no seat holders) closes it at once, lost.
  const [done, setDone] = useState<{
    motion: Motion | null;
    voters: number | null;
    union: string;
    unionName: string;
    member: string;
  } | null>(null);
  const act = useSubmit(
    () => {
      setDone(null);
      if (!member) return undefined;
      return command({
        propose_appointment: { post, member: member.id, reason: reason.trim(), consenting_body: union },
      });
    },
    async (answer) => {
      const id = answer.created.find((c) => c.startsWith("motion-"));
      let motion: Motion | null = null;
      if (id) motion = await get<Motion>(`/api/motions/${encodeURIComponent(id)}`).catch(() => null);
      const consenting = await get<Body>(`/api/bodies/${encodeURIComponent(union)}`).catch(() => null);
      setDone({
        motion,
        voters: consenting ? consenting.seat_holders.filter((h) => h.holder).length : null,
        union,
        unionName: unions.find((u) => u.id === union)?.name ?? union,
        member: member?.name ?? "",
      });
      setMember(null);
      setReason("");
    },
  );
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="propose-appointment-h" data-testid="propose-appointment">
      <h2 id="propose-appointment-h">Propose an appointment</h2>
      <p class="hint">
        Officials holding an elected office may propose one. The union body votes its consent: it must be the union of
        the post's branch or workplace, or one that elects the post.
      </p>
      <div class="field">
        <label for="appointment-post">Post</label>
        <select
          id="appointment-post"
          value={post}
          onChange={(e) => setPost((e.target as HTMLSelectElement).value)}
          {...fieldAria(concerns(act.error, "/post"), "appointment-error")}
        >
          {posts.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </div>
      <FederationMemberPicker
        id="appointment-member"
        label="Member to appoint"
        chosen={member}
        onChoose={setMember}
        pointer="/member"
        error={act.error}
        errorId="appointment-error"
        hint="Search by name. No member may hold more offices than the constitution allows; the server says so."
      />
      <div class="field">
        <label for="appointment-union">Union body whose consent is asked</label>
        <select
          id="appointment-union"
          value={union}
          onChange={(e) => setUnion((e.target as HTMLSelectElement).value)}
          {...fieldAria(concerns(act.error, "/consenting_body"), "appointment-error")}
        >
          {unions.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </div>
      <TextArea
        id="appointment-reason"
        label="Why appoint rather than elect?"
        value={reason}
        onValue={setReason}
        max={limits.motion}
        pointer="/reason"
        error={act.error}
        errorId="appointment-error"
      />
      <FormFooter
        action={act}
        label="Propose the appointment"
        busyLabel="Proposing…"
        errorId="appointment-error"
        disabled={!member}
      >
        {done && <Proposed {...done} />}
      </FormFooter>
    </form>
  );
}

// The answer to a proposal, as the motion it made stands now: before the union body while
// open; carried or lost at once, with the reason, when the body could not vote on it.
function Proposed({
  motion,
  voters,
  union,
  unionName,
  member,
}: {
  motion: Motion | null;
  voters: number | null;
  union: string;
  unionName: string;
  member: string;
}) {
  const link = motion ? (
    <Link href={`/motions/${encodeURIComponent(motion.id)}`}>the motion</Link>
  ) : (
    <Link href={`/motions?body=${encodeURIComponent(union)}`}>its motions page</Link>
  );
  if (motion && motion.state !== "open")
    return (
      <p class={motion.state === "lost" ? "notice error" : "notice ok"} role="status" data-testid="appointment-outcome">
        The proposal to appoint {member} was {motion.state === "lost" ? "lost" : "carried"} at once
        {motion.reason ? <>: {motion.reason}</> : null}. See {link}.
      </p>
    );
  if (voters === 0)
    return (
      <p class="notice error" role="status" data-testid="appointment-outcome">
        The proposal to appoint {member} is before {unionName}, but that body has no seat holders yet: no one can vote
        on it, and it will be lost when its time runs out. See {link}.
      </p>
    );
  return (
    <p class="notice ok" role="status" data-testid="appointment-outcome">
      The proposal to appoint {member} is before {unionName}: its seat holders vote on it on {link}.
    </p>
  );
}

function RecallAppointee({ mandate }: { mandate: Mandate }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState(false);
  const act = useSubmit(
    () => command({ recall_appointee: { mandate: mandate.id, reason: reason.trim() } }),
    () => {
      setDone(true);
      setOpen(false);
    },
  );
  const formId = `recall-appointee-${mandate.id}`;
  if (done)
    return (
      <p class="notice ok" role="status">
        The recall is before {mandate.consenting_body_name}.
      </p>
    );
  return (
    <div>
      <button
        type="button"
        class="secondary small"
        aria-expanded={open}
        aria-controls={formId}
        onClick={() => setOpen(!open)}
      >
        Propose recalling {mandate.member_name}
      </button>
      {open && (
        <form id={formId} class="form" onSubmit={act.onSubmit} data-testid="recall-appointee">
          <TextArea
            id={`${formId}-reason`}
            label={`Why recall ${mandate.member_name}?`}
            value={reason}
            onValue={setReason}
            max={limits.motion}
            pointer="/reason"
            error={act.error}
            errorId={`${formId}-error`}
            rows={2}
            hint="Only seat holders of the consenting body may propose it; the body then votes."
          />
          <FormFooter
            action={act}
            label="Propose the recall"
            busyLabel="Proposing…"
            wrap={false}
            errorId={`${formId}-error`}
          />
        </form>
      )}
    </div>
  );
}
