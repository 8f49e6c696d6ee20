import type { Member, Workplace } from "../api";
import { Link } from "../router";
import { useSession } from "../session";
import { categoryLabel, ErrorBox, formatTime, Loading, originLabel, PageTitle, useApi } from "../ui";

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
            <dd>{formatTime(member.joined)}</dd>
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
                {o.ends && <span class="meta"> · term ends {formatTime(String(o.ends))}</span>}
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
