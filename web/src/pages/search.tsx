// Search (issue #15): members, bodies, elections and motions whose names or words hold what
// was typed, from GET /api/search, grouped by kind, each linked to its page. Public: anyone
// finds bodies, polls, motions and officials; members who hold no seat are found by members.
import { useState } from "preact/hooks";
import type { SearchGroup, SearchHit, SearchResult } from "../api";
import { Link, navigate, useLocation } from "../router";
import { useSession } from "../session";
import { ErrorBox, Loading, PageTitle, plural, useApi } from "../ui";

const headings: Record<string, string> = {
  member: "Members",
  body: "Bodies",
  poll: "Elections and recall votes",
  motion: "Motions",
};

const PER_PAGE = 20; // the route's page, per kind

function hrefOf(kind: string, id: string, member: boolean): string {
  const e = encodeURIComponent(id);
  if (kind === "member") return member ? `/members/${e}` : `/officials/${e}`;
  if (kind === "body") return `/bodies/${e}`;
  if (kind === "poll") return `/elections/${e}`;
  return `/motions/${e}`;
}

function searchHref(q: string, kind = "", page = 1): string {
  const p = new URLSearchParams({ q });
  if (kind) p.set("kind", kind);
  if (page > 1) p.set("page", String(page));
  return `/search?${p.toString()}`;
}

function Group({ group, q, kind, page }: { group: SearchGroup; q: string; kind: string; page: number }) {
  const { me } = useSession();
  const member = !!me;
  const names = new Map<string, number>();
  for (const h of group.hits) names.set(h.name, (names.get(h.name) ?? 0) + 1);
  const shared = (h: SearchHit) => group.kind === "member" && names.get(h.name)! > 1;
  const id = `found-${group.kind}`;
  const shownTo = (page - 1) * PER_PAGE + group.hits.length;
  return (
    <section aria-labelledby={id} data-testid={id}>
      <h2 id={id}>
        {headings[group.kind] ?? group.kind} <span class="meta">({group.total.toLocaleString("en")})</span>
      </h2>
      {group.total === 0 ? (
        <p class="muted">
          {group.kind === "member" && !member
            ? "No official's name holds that. Members who hold no seat are found once you log in."
            : "Nothing found."}
        </p>
      ) : (
        <ul class="link-list">
          {group.hits.map((h) => (
            <li key={h.id}>
              <Link href={hrefOf(group.kind, h.id, member)}>{h.name}</Link>
              {shared(h) && (
                <>
                  {" "}
                  (<span class="code">{h.id}</span>)
                </>
              )}{" "}
              <span class="meta">{h.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {shownTo < group.total && (
        <p>
          {kind ? (
            <Link href={searchHref(q, kind, page + 1)}>Next {PER_PAGE} {(headings[group.kind] ?? "").toLowerCase()}</Link>
          ) : (
            <Link href={searchHref(q, group.kind)}>
              All {plural(group.total, "match", "matches")} among {(headings[group.kind] ?? "").toLowerCase()}
            </Link>
          )}
        </p>
      )}
    </section>
  );
}

export function SearchPage() {
  const { query } = useLocation();
  const q = (query.get("q") ?? "").trim();
  const kind = query.get("kind") ?? "";
  const page = Math.max(1, Number(query.get("page") ?? "1") || 1);
  const [text, setText] = useState(q);
  const found = useApi<SearchResult>(
    q
      ? `/api/search?q=${encodeURIComponent(q)}${kind ? `&kind=${encodeURIComponent(kind)}` : ""}${page > 1 ? `&page=${page}` : ""}`
      : null,
  );
  const title = q ? `Search: ${q}` : "Search";
  return (
    <article>
      <PageTitle title={title}>Search</PageTitle>
      <form
        role="search"
        class="form search-form"
        aria-label="Search the federation"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) navigate(searchHref(text.trim()));
        }}
      >
        <div class="field">
          <label for="search-page-q">Members, bodies, elections and motions</label>
          <input
            id="search-page-q"
            type="search"
            name="q"
            value={text}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
            aria-describedby="search-page-hint"
          />
          <p id="search-page-hint" class="hint">
            Part of a name, or words of a motion. Anyone finds bodies, elections, motions and officials; members who
            hold no seat are found by members.
          </p>
        </div>
        <div>
          <button type="submit">Search</button>
        </div>
      </form>
      {!q ? (
        <p>Type what to look for above.</p>
      ) : found.error ? (
        <ErrorBox error={found.error} />
      ) : !found.data ? (
        <Loading what="the results" />
      ) : (
        <>
          <p role="status" data-testid="search-summary">
            {found.data.groups.every((g) => g.total === 0)
              ? `Nothing holds “${found.data.q}”.`
              : `Found for “${found.data.q}”: ${found.data.groups
                  .map((g) => `${g.total.toLocaleString("en")} ${(headings[g.kind] ?? g.kind).toLowerCase()}`)
                  .join(", ")}.`}
            {kind && (
              <>
                {" "}
                <Link href={searchHref(q)}>Search every kind</Link>
              </>
            )}
          </p>
          {found.data.groups.map((g) => (
            <Group key={g.kind} group={g} q={q} kind={kind} page={page} />
          ))}
        </>
      )}
    </article>
  );
}
