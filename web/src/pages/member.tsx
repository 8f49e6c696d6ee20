import type { AdverseDecision, Member, Workplace } from "../api";
import { Link } from "../router";
import { useSession } from "../session";
import { categoryLabel, ErrorBox, Loading, originLabel, PageTitle, Time, useApi } from "../ui";

export function MemberPage({ id }: { id: string }) {
  const { me, loading } = useSession();
  const m = useApi<Member>(me ? `/api/members/${encodeURIComponent(id)}` : null);
  // The member's shop comes as an id; its name is on the workplace.
  const shopOf = m.data?.shop ? m.data.workplace : null;
  const wp = useApi<Workplace>(shopOf ? `/api/workplaces/${encodeURIComponent(shopOf)}` : null);
  if (loading) return <Loading what="the member" />;
  if (!me)
    return (
      <>
        <PageTitle title="Member">Member {id}</PageTitle>
        <p>
          Only members see each other's pages.{" "}
          <Link href={`/login?next=${encodeURIComponent(`/members/${id}`)}`}>Log in</Link> to see this one.
        </p>
      </>
    );
  if (m.loading && !m.data) return <Loading what="the member" />;
  // A member who was removed can still log in, to learn what was decided and to appeal
  // (A12); their page is gone from the members, so they are told that instead.
  if (me.member === id && !me.operator && (me.removed || m.error?.status === 404))
    return <RemovedMember id={id} name={me.name ?? id} />;
  if (m.error)
    return (
      <>
        <PageTitle title="Member not found">
          {m.error.status === 404 ? "Member not found" : "Cannot show this member"}
        </PageTitle>
        <ErrorBox error={m.error} retry={m.reload} />
      </>
    );
  const member = m.data!;
  const own = me.member === member.id;
  return (
    <article>
      <p class="eyebrow">{own ? "Member · you" : "Member"}</p>
      <PageTitle title={member.name}>{member.name}</PageTitle>
      <dl class="facts">
        <div>
          <dt>Category</dt>
          <dd>{categoryLabel(member.category)}</dd>
        </div>
        <div>
          <dt>Workplace</dt>
          <dd>
            <Link href={`/workplaces/${encodeURIComponent(member.workplace)}`}>
              {member.workplace_name ?? member.workplace}
            </Link>
          </dd>
        </div>
        {member.shop && (
          <div>
            <dt>Shop</dt>
            <dd>
              {wp.data?.shops.find((s) => s.id === member.shop)?.name ?? <code>{member.shop}</code>}
            </dd>
          </div>
        )}
        {member.joined && (
          <div>
            <dt>Joined</dt>
            <dd><Time iso={member.joined} /></dd>
          </div>
        )}
        <div>
          <dt>Identifier</dt>
          <dd>
            <code>{member.id}</code>
          </dd>
        </div>
      </dl>
      <section aria-labelledby="offices-h">
        <h2 id="offices-h">Offices held</h2>
        <p>
          <Link href={`/officials/${encodeURIComponent(member.id)}`}>
            {own ? "Your record as an official" : "Record as an official"}
          </Link>
          : mandates and where they came from, votes cast, manual labour, recall petitions.
        </p>
        {member.offices.length === 0 ? (
          <p data-testid="offices">No offices.</p>
        ) : (
          <ul class="link-list" data-testid="offices">
            {member.offices.map((o, i) => (
              <li key={i}>
                {o.body ? (
                  <Link href={`/bodies/${encodeURIComponent(String(o.body))}`}>{String(o.body_name ?? o.body)}</Link>
                ) : (
                  <code>{JSON.stringify(o)}</code>
                )}
                {o.origin && <span class="meta"> · {originLabel(String(o.origin))}</span>}
                {o.ends && <span class="meta"> · term ends <Time iso={String(o.ends)} /></span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {own && (
        <p class="muted">Your shop and joining date are shown only to you and to the operator.</p>
      )}
    </article>
  );
}

// What a removed member sees on logging in: who decided, when and why, until when they may
// appeal and to which body, and whether that body has seat holders to hear it yet.
function RemovedMember({ id, name }: { id: string; name: string }) {
  const d = useApi<{ decisions: AdverseDecision[] }>(`/api/adverse-decisions?member=${encodeURIComponent(id)}`);
  const removals = d.data?.decisions.filter((x) => x.kind === "removal" && x.person === id) ?? [];
  return (
    <article>
      <p class="eyebrow">Member · you</p>
      <PageTitle title="You were removed from membership">You were removed from membership</PageTitle>
      <p class="lede">
        {name}, you can still log in: to read what was decided, and to appeal. A removal is never a sanction for an
        opinion, and every removal can be appealed to the elected body one level up.
      </p>
      {d.error ? (
        <ErrorBox error={d.error} retry={d.reload} />
      ) : !d.data ? (
        <Loading what="the decision" />
      ) : removals.length === 0 ? (
        <p>The public record holds no decision removing you. Ask the operator of this server.</p>
      ) : (
        removals.map((x) => <Removal key={x.decision} d={x} />)
      )}
    </article>
  );
}

function Removal({ d }: { d: AdverseDecision }) {
  const hearing = d.hearing_body ? (
    <Link href={`/bodies/${encodeURIComponent(d.hearing_body)}`}>{d.hearing_body_name}</Link>
  ) : null;
  return (
    <section class="card" aria-labelledby={`removal-${d.decision}-h`} data-testid="removal">
      <h2 id={`removal-${d.decision}-h`} class="card-title">
        What was decided
      </h2>
      <p>
        <Link href={`/bodies/${encodeURIComponent(d.body)}`}>{d.body_name}</Link> removed you from membership on{" "}
        <Time iso={d.decided} />, by a vote whose every ballot is public:{" "}
        <Link href={`/motions/${encodeURIComponent(d.decision)}`}>see the motion and how each seat holder voted</Link>.
      </p>
      {d.text && <blockquote class="statement">{d.text}</blockquote>}
      <h3>Where to appeal</h3>
      {d.appeal ? (
        <p data-testid="appeal-where">
          You appealed on <Time iso={d.appeal.filed} /> to {hearing ?? d.appeal.body_name}:{" "}
          <Link href={`/appeals/${encodeURIComponent(d.appeal.id)}`}>see where your appeal stands</Link>.
        </p>
      ) : !hearing ? (
        <p data-testid="appeal-where">No elected body above {d.body_name} can hear an appeal against its decisions.</p>
      ) : d.open ? (
        <p data-testid="appeal-where">
          You may appeal until <strong><Time iso={d.appeal_until} /></strong> to {hearing}, the body that{" "}
          {d.body_name} elects. <Link href="/appeals">File your appeal on the appeals page</Link>: give your grounds; the
          body hears the appeal and then decides it by vote.
        </p>
      ) : (
        <p data-testid="appeal-where">The window to appeal closed on <Time iso={d.appeal_until} />.</p>
      )}
      {hearing && d.hearing_holders === 0 && !(d.appeal && d.appeal.state !== "filed") && (
        <p class="notice" data-testid="no-holders">
          {d.hearing_body_name} has no seat holders yet, so no one can hear an appeal there now. It is heard once the
          body's election fills its seats
          {d.appeal ? "" : "; file it within the window all the same, and it waits for them"}.
        </p>
      )}
    </section>
  );
}
