import { useState } from "preact/hooks";
import { ApiError, get, type Body, type BodySummary, type FederationReply, type TreeNode } from "../api";
import { Link } from "../router";
import { ErrorBox, kindLabel, Loading, PageTitle, plural, useApi } from "../ui";

// The first levels come with the overview; deeper levels load when a branch is opened.
const INITIAL_DEPTH = 2;
const INITIAL_CHILDREN = 200;

export function FederationPage() {
  const fed = useApi<FederationReply>(`/api/federation?depth=${INITIAL_DEPTH}&children=${INITIAL_CHILDREN}`);
  return (
    <>
      <PageTitle title="The federation">The federation</PageTitle>
      <p class="lede">
        Members elect the committees of their workplaces and shops; committees send delegates to their unions; the
        unions send delegates to the Congress of Producers, which elects the Central Economic Council. Open a body to
        see who elects it.
      </p>
      {fed.loading && !fed.data && <Loading what="the federation" />}
      {fed.error && <ErrorBox error={fed.error} retry={fed.reload} />}
      {fed.data && (
        <>
          <section aria-labelledby="counts-h">
            <h2 id="counts-h">In numbers</h2>
            <dl class="counts">
              <Count label="Members" value={fed.data.counts.members} />
              <Count label="Workplaces" value={fed.data.counts.workplaces} />
              <Count label="Shops" value={fed.data.counts.shops} />
              <Count label="Bodies" value={fed.data.counts.bodies} />
              <Count label="Branches" value={fed.data.counts.branches} />
              <Count label="Regions" value={fed.data.counts.regions} />
            </dl>
            <p class="muted small-print">
              Members by category: {plural(fed.data.counts.production, "in production", "in production")},{" "}
              {fed.data.counts.technical.toLocaleString("en")} technical,{" "}
              {fed.data.counts.administrative.toLocaleString("en")} administrative.
            </p>
          </section>
          <section aria-labelledby="tree-h">
            <h2 id="tree-h">Who elects whom</h2>
            {fed.data.tree.length === 0 ? (
              <p>No bodies have been declared yet.</p>
            ) : (
              <ul class="tree" data-testid="tree">
                {fed.data.tree.map((n) => (
                  <TreeItem key={n.id} node={n} level={0} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div class="count">
      <dt>{label}</dt>
      <dd>{value.toLocaleString("en")}</dd>
    </div>
  );
}

type Children =
  | { kind: "bodies"; items: (TreeNode | BodySummary)[] }
  | { kind: "workplace"; id: string; name: string; electorate: number }
  | { kind: "shop"; id: string; name: string; electorate: number };

function isTreeNode(n: TreeNode | BodySummary): n is TreeNode {
  return (n as TreeNode).electors !== undefined;
}

// What the overview already tells about a node's electors, or null when they must be loaded.
function knownChildren(n: TreeNode | BodySummary): Children | null {
  if (!isTreeNode(n)) return null;
  if (n.constituency_kind === "bodies" && n.omitted === 0) return { kind: "bodies", items: n.electors };
  return null;
}

function TreeItem({ node, level }: { node: TreeNode | BodySummary; level: number }) {
  const shownAbove = isTreeNode(node) && node.shown_above;
  const [children, setChildren] = useState<Children | null>(() => knownChildren(node));
  const [open, setOpen] = useState(level < 1 && !shownAbove);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const href = `/bodies/${encodeURIComponent(node.id)}`;
  const leafOfBodies = children?.kind === "bodies" && children.items.length === 0;

  const toggle = async () => {
    if (open) {
      setOpen(false);
      return;
    }
    setOpen(true);
    if (children) return;
    setBusy(true);
    setError(null);
    try {
      const b = await get<Body>(`/api/bodies/${encodeURIComponent(node.id)}`);
      if (b.constituency.workplace) {
        setChildren({ kind: "workplace", id: b.constituency.workplace, name: b.constituency_name ?? b.constituency.workplace, electorate: b.electorate });
      } else if (b.constituency.shop) {
        setChildren({ kind: "shop", id: b.constituency.shop, name: b.constituency_name ?? b.constituency.shop, electorate: b.electorate });
      } else {
        setChildren({ kind: "bodies", items: b.electors });
      }
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "error", String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="tree-item">
      <div class="tree-row">
        {shownAbove || leafOfBodies ? (
          <span class="toggle-space" aria-hidden="true" />
        ) : (
          <button
            type="button"
            class="toggle"
            aria-expanded={open}
            aria-label={`Who elects ${node.name}`}
            onClick={toggle}
          >
            <span aria-hidden="true">{open ? "−" : "+"}</span>
          </button>
        )}
        <div class="tree-label">
          <Link href={href}>{node.name}</Link>
          <span class="meta">
            {kindLabel(node.kind)} · {plural(node.seats, "seat")}
            {shownAbove && " · shown above"}
          </span>
        </div>
      </div>
      {open && !shownAbove && (
        <div class="tree-children">
          {busy && <Loading what="its electors" />}
          {error && <ErrorBox error={error} />}
          {children?.kind === "bodies" && children.items.length > 0 && (
            <ul>
              {children.items.map((c) => (
                <TreeItem key={c.id} node={c} level={level + 1} />
              ))}
            </ul>
          )}
          {children?.kind === "workplace" && (
            <p class="constituency-leaf">
              Elected by the {plural(children.electorate, "member")} of{" "}
              <Link href={`/workplaces/${encodeURIComponent(children.id)}`}>{children.name}</Link>
            </p>
          )}
          {children?.kind === "shop" && (
            <p class="constituency-leaf">
              Elected by the {plural(children.electorate, "member")} of the shop {children.name}
            </p>
          )}
        </div>
      )}
    </li>
  );
}
