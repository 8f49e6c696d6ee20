import type { Member, Workplace } from "../api";
import { Link, useLocation } from "../router";
import { useSession } from "../session";
import { categoryLabel, ErrorBox, kindLabel, Loading, PageTitle, plural, useApi } from "../ui";

const PAGE = 50;

export function WorkplacePage({ id }: { id: string }) {
  const w = useApi<Workplace>(`/api/workplaces/${encodeURIComponent(id)}`);
  if (w.loading && !w.data) return <Loading what="the workplace" />;
  if (w.error)
    return (
      <>
        <PageTitle title="Workplace not found">
          {w.error.status === 404 ? "Workplace not found" : "Cannot show this workplace"}
        </PageTitle>
        <ErrorBox error={w.error} retry={w.reload} />
      </>
    );
  const wp = w.data!;
  return (
    <article>
      <p class="eyebrow">Workplace</p>
      <PageTitle title={wp.name}>{wp.name}</PageTitle>
      <dl class="facts">
        <div>
          <dt>Members</dt>
          <dd>{wp.members.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Branch</dt>
          <dd>{wp.branch_name ?? wp.branch}</dd>
        </div>
        <div>
          <dt>Region</dt>
          <dd>{wp.region_name ?? wp.region}</dd>
        </div>
        <div>
          <dt>Identifier</dt>
          <dd>
            <code>{wp.id}</code>
          </dd>
        </div>
      </dl>

      <section aria-labelledby="bodies-h">
        <h2 id="bodies-h">Its committees</h2>
        {wp.bodies.length === 0 ? (
          <p>No committee is elected here yet.</p>
        ) : (
          <ul class="link-list" data-testid="workplace-bodies">
            {wp.bodies.map((b) => (
              <li key={b.id}>
                <Link href={`/bodies/${encodeURIComponent(b.id)}`}>{b.name}</Link>{" "}
                <span class="meta">
                  {kindLabel(b.kind)} · {plural(b.seats, "seat")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="shops-h">
        <h2 id="shops-h">Shops</h2>
        {wp.shops.length === 0 ? (
          <p>This workplace has no shops.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Shop</th>
                  <th scope="col" class="num">
                    Members
                  </th>
                </tr>
              </thead>
              <tbody>
                {wp.shops.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td class="num">{s.members.toLocaleString("en")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <Members workplace={wp.id} total={wp.members} />
    </article>
  );
}

function Members({ workplace, total }: { workplace: string; total: number }) {
  const { me, loading } = useSession();
  const { path, query } = useLocation();
  const offset = Math.max(0, Number.parseInt(query.get("offset") ?? "0", 10) || 0);
  const list = useApi<{ members: Member[] }>(
    me ? `/api/members?workplace=${encodeURIComponent(workplace)}&offset=${offset}&limit=${PAGE}` : null,
  );
  return (
    <section aria-labelledby="members-h">
      <h2 id="members-h">Members</h2>
      {loading ? null : !me ? (
        <p>
          Members see each other's names. <Link href={`/login?next=${encodeURIComponent(path)}`}>Log in</Link> to see
          who works here.
        </p>
      ) : list.error ? (
        <ErrorBox error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="the members" />
      ) : (
        <>
          <p class="muted">
            {total === 0
              ? "No members."
              : `Showing ${offset + 1}–${Math.min(offset + list.data.members.length, total)} of ${total.toLocaleString("en")}.`}
          </p>
          <ul class="columns" data-testid="members">
            {list.data.members.map((m) => (
              <li key={m.id}>
                <Link href={`/members/${encodeURIComponent(m.id)}`}>{m.name}</Link>{" "}
                <span class="meta">{categoryLabel(m.category)}</span>
              </li>
            ))}
          </ul>
          <nav class="pager" aria-label="Pages of members">
            {offset > 0 && (
              <Link href={`${path}?offset=${Math.max(0, offset - PAGE)}`} rel="prev">
                ← Previous
              </Link>
            )}
            {offset + PAGE < total && (
              <Link href={`${path}?offset=${offset + PAGE}`} rel="next">
                Next →
              </Link>
            )}
          </nav>
        </>
      )}
    </section>
  );
}
