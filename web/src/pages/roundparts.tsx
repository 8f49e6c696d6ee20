// Pieces of the planning-round pages (issue #14; C1, C2, C3, C4): figures as words and
// numbers, bar charts drawn as inline SVG with a table beside them that says the same,
// bottlenecks in plain sentences, the pairwise table of a vote, and what each alternative
// means for one body side by side.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, get, type Bottleneck, type RoundBodyView, type RoundSummary, type RoundView } from "../api";
import { Link } from "../router";
import { kindLabel, plural } from "../ui";

// The record writes decimals as strings ("0.25"); the read models give numbers elsewhere.
export function num(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

export function fmt(v: number | string | null | undefined, digits = 2): string {
  const n = num(v);
  if (n === null) return "–";
  return n.toLocaleString("en", { maximumFractionDigits: digits });
}

export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return `${(v * 100).toLocaleString("en", { maximumFractionDigits: 1 })}%`;
}

export function phaseLabel(phase: string): string {
  switch (phase) {
    case "computing":
      return "Being computed";
    case "discussion":
      return "Discussion";
    case "amendment":
      return "Amendments";
    case "voting":
      return "Vote open";
    case "counting":
      return "Vote closed, being counted";
    case "adopted":
      return "Adopted";
    default:
      return phase;
  }
}

export function roundTitle(r: RoundSummary): string {
  return `Plan for ${r.period}`;
}

// Whom a body answers for in a round (docs/planning-rounds.md, "Whom each body answers for").
export function scopeLabel(v: RoundBodyView): string {
  switch (v.scope) {
    case "workplace":
      return "its workplace";
    case "branch":
      return v.region ? `its branch (${v.branch}) in its region (${v.region})` : `its branch (${v.branch}) in every region`;
    case "region":
      return `its region (${v.region})`;
    case "economy":
      return "the whole economy";
    default:
      return v.scope;
  }
}

// Same scope, same figures: a shop committee and its workplace's committee, or the
// congress and the council, see the same thing.
export function scopeKey(v: RoundBodyView): string {
  return `${v.scope}|${v.workplace}|${v.branch}|${v.region}`;
}

// A table of figures that keeps its numbers whole: on a narrow screen it scrolls sideways
// inside its own frame, which the keyboard can reach, and the page itself does not.
export function ScrollTable({ children, label }: { children: ComponentChildren; label?: string }) {
  return (
    <div class="table-wrap figures" tabIndex={0} role="region" aria-label={label ?? "Table of figures (scrolls sideways)"}>
      {children}
    </div>
  );
}

// Bars take the theme's series colours (style.css, --series-0 to 7), so they read in light and dark.
const SERIES = 8;

export interface Bar {
  label: string;
  value: number | null;
  note?: string; // "infeasible", "adopted"
}

// A horizontal bar chart: one bar per alternative, each with its name and its value in
// text. The figure is an image with a caption; the table near it gives the same numbers.
export function BarChart({
  id,
  title,
  bars,
  format,
  caption,
}: {
  id: string;
  title: string;
  bars: Bar[];
  format: (v: number) => string;
  caption: string;
}) {
  const shown = bars.filter((b) => b.value !== null);
  if (shown.length === 0) return null;
  const max = Math.max(...shown.map((b) => Math.abs(b.value as number)), 1e-12);
  const W = 360;
  const labelH = 18;
  const barH = 16;
  const rowH = labelH + barH + 10;
  const H = bars.length * rowH + 30;
  const barMax = W - 90;
  return (
    <figure class="chart round-chart" data-testid={`chart-${id}`}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`${id}-cap`} preserveAspectRatio="xMinYMin meet">
        <text x={0} y={18} class="chart-stage">
          {title}
        </text>
        {bars.map((b, i) => {
          const y = 30 + i * rowH;
          const v = b.value;
          const w = v === null ? 0 : Math.max(1, (Math.abs(v) / max) * barMax);
          return (
            <g key={b.label}>
              <text x={0} y={y + 13} class="chart-label">
                {truncate(b.label, 34)}
                {b.note ? ` (${b.note})` : ""}
              </text>
              {/* An infeasible alternative's bar is lighter, yet still 3:1 on the chart in both themes. */}
              <rect
                x={0}
                y={y + labelH}
                width={w}
                height={barH}
                class={`series-${i % SERIES}`}
                opacity={b.note === "infeasible" ? 0.75 : 1}
              />
              <text x={w + 6} y={y + labelH + 13} class="chart-value">
                {v === null ? "no figure" : format(v)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id={`${id}-cap`}>{caption}</figcaption>
    </figure>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

// Names of the workplaces and products that bottlenecks mention, fetched once each.
interface Names {
  workplaces: Record<string, string>;
  products: Record<string, { name: string; unit: string }>;
}
const nameCache: Names = { workplaces: {}, products: {} };

export function useNames(bottlenecks: Bottleneck[], known: Record<string, string> = {}): Names {
  const [, setTick] = useState(0);
  const wps = [...new Set(bottlenecks.map((b) => b.workplace).filter((w): w is string => !!w))];
  const prods = [...new Set(bottlenecks.map((b) => b.product).filter((p): p is string => !!p))];
  for (const [id, name] of Object.entries(known)) nameCache.workplaces[id] ??= name;
  const key = [...wps, "|", ...prods].join(" ");
  useEffect(() => {
    let live = true;
    const missingW = wps.filter((w) => !(w in nameCache.workplaces));
    const missingP = prods.filter((p) => !(p in nameCache.products));
    if (missingW.length === 0 && missingP.length === 0) return;
    Promise.all([
      ...missingW.map((w) =>
        get<{ name: string }>(`/api/workplaces/${encodeURIComponent(w)}`).then(
          (x) => (nameCache.workplaces[w] = x.name),
          () => (nameCache.workplaces[w] = w),
        ),
      ),
      ...missingP.map((p) =>
        get<{ products: { id: string; name: string; unit: string }[] }>(
          `/api/economy/products?q=${encodeURIComponent(p)}&limit=20`,
        ).then(
          (x) => {
            const found = x.products.find((q) => q.id === p);
            nameCache.products[p] = found ? { name: found.name, unit: found.unit } : { name: p, unit: "" };
          },
          () => (nameCache.products[p] = { name: p, unit: "" }),
        ),
      ),
    ]).then(() => live && setTick((t) => t + 1));
    return () => {
      live = false;
    };
  }, [key]);
  return nameCache;
}

// "Bolt works needs 42 boxes of bolts, and can make 41."
export function bottleneckSentence(b: Bottleneck, names: Names): string {
  const required = fmt(b.required);
  const available = fmt(b.available);
  if (b.kind === "capacity") {
    const who = b.workplace ? (names.workplaces[b.workplace] ?? b.workplace) : "A workplace";
    const p = b.product ? names.products[b.product] : undefined;
    const what = p ? `${p.unit ? p.unit + " of " : ""}${p.name.toLowerCase()}` : (b.product ?? "units");
    if (!b.over)
      return `${who} makes all it can: ${available} ${what}, its whole capacity, limits this plan (each more unit of capacity is worth ${fmt(b.valuation, 4)} hours).`;
    return `${who} needs to make ${required} ${what}, and can make ${available}.`;
  }
  const where = b.region ? `In ${b.region}, ` : "";
  const cat = b.category ? `${b.category} ` : "";
  if (!b.over)
    return `${where}all the ${cat}labour available (${available} hours) is used: it limits this plan (each more hour is worth ${fmt(b.valuation, 4)}).`;
  return `${where}the plan needs ${required} hours of ${cat}labour, and ${available} are available.`;
}

export function BottleneckList({ items, names, testid }: { items: Bottleneck[]; names: Names; testid?: string }) {
  if (items.length === 0) return null;
  return (
    <ul class="bottlenecks" data-testid={testid}>
      {items.map((b, i) => (
        <li key={i}>{bottleneckSentence(b, names)}</li>
      ))}
    </ul>
  );
}

type RoundAlternative = RoundView["alternatives"][number];

// The whole economy's comparison of the alternatives (C2): hours, consumption, investment.
export function EconomyComparison({ view }: { view: RoundView }) {
  const alts = view.alternatives;
  const all = alts.flatMap((a) => a.figures.bottlenecks);
  const names = useNames(all);
  if (alts.length === 0) return <p>The alternatives are not computed yet.</p>;
  const adopted = view.round.adopted;
  const note = (a: RoundAlternative) =>
    !a.figures.feasible ? "infeasible" : a.index === adopted ? "adopted" : undefined;
  const base = alts[0]?.figures.economy;
  return (
    <>
      <ScrollTable>
        <table data-testid="economy-table">
          <caption>
            Each alternative for the whole economy
            {base?.base_hours_per_worker_week !== undefined && (
              <> (base year: {fmt(base.base_hours_per_worker_week, 1)} hours per worker a week)</>
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">Alternative</th>
              <th scope="col" class="num">
                Hours per worker a week
              </th>
              <th scope="col" class="num">
                Consumption per head
              </th>
              <th scope="col" class="num">
                Consumption
              </th>
              <th scope="col" class="num">
                Investment
              </th>
              <th scope="col" class="num">
                Hours worked
              </th>
              <th scope="col">Can it be carried out?</th>
            </tr>
          </thead>
          <tbody>
            {alts.map((a) => (
              <tr key={a.index}>
                <th scope="row">
                  {a.figures.name}
                  {a.index === adopted && <span class="meta"> (adopted)</span>}
                </th>
                <td class="num">{fmt(a.figures.economy.hours_per_worker_week, 1)}</td>
                <td class="num">{fmt(a.figures.economy.consumption_per_head)}</td>
                <td class="num">{fmt(a.figures.economy.consumption)}</td>
                <td class="num">{fmt(a.figures.economy.investment)}</td>
                <td class="num">{fmt(a.figures.economy.labour_hours, 0)}</td>
                <td>{a.figures.feasible ? "Yes" : <strong>No</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <div class="chart-grid">
        <BarChart
          id="eco-hours"
          title="Hours per worker a week"
          bars={alts.map((a) => ({ label: a.figures.name, value: num(a.figures.economy.hours_per_worker_week), note: note(a) }))}
          format={(v) => fmt(v, 1)}
          caption="Chart: hours each worker works a week under each alternative, over the whole economy. The table above gives the same figures."
        />
        <BarChart
          id="eco-consumption"
          title="Consumption per head"
          bars={alts.map((a) => ({ label: a.figures.name, value: num(a.figures.economy.consumption_per_head), note: note(a) }))}
          format={(v) => fmt(v)}
          caption="Chart: consumption per head under each alternative. The table above gives the same figures."
        />
        <BarChart
          id="eco-investment"
          title="Investment"
          bars={alts.map((a) => ({ label: a.figures.name, value: num(a.figures.economy.investment), note: note(a) }))}
          format={(v) => fmt(v)}
          caption="Chart: investment under each alternative. The table above gives the same figures."
        />
      </div>
      <Feasibility
        items={alts.map((a) => ({
          name: a.figures.name,
          feasible: a.figures.feasible,
          explanation: a.figures.explanation,
          bottlenecks: a.figures.bottlenecks,
        }))}
        names={names}
        testid="economy-bottlenecks"
      />
    </>
  );
}

// Which alternatives cannot be carried out and why, and what binds each.
export function Feasibility({
  items,
  names,
  testid,
}: {
  items: { name: string; feasible: boolean; explanation?: string; bottlenecks: Bottleneck[] }[];
  names: Names;
  testid?: string;
}) {
  const withSomething = items.filter((i) => !i.feasible || i.bottlenecks.length > 0);
  if (withSomething.length === 0) return <p data-testid={testid}>Every alternative can be carried out; nothing binds.</p>;
  return (
    <div data-testid={testid}>
      <h4>Bottlenecks</h4>
      <ul class="link-list">
        {withSomething.map((i) => (
          <li key={i.name} class={i.feasible ? undefined : "infeasible"}>
            <strong>{i.name}</strong>
            {i.feasible ? ": can be carried out." : ": cannot be carried out."}
            {i.explanation && <> {i.explanation}</>}
            <BottleneckList items={i.bottlenecks} names={names} />
          </li>
        ))}
      </ul>
    </div>
  );
}

// What each alternative means for one body, side by side, with charts (C3).
export function BodyFigures({ view, adopted, headingLevel = 3 }: { view: RoundBodyView; adopted: number; headingLevel?: 3 | 4 }) {
  const alts = view.alternatives;
  const known = Object.fromEntries(view.workplaces.map((w) => [w.workplace, w.name]));
  const names = useNames(
    alts.flatMap((a) => a.bottlenecks),
    known,
  );
  if (alts.length === 0) return <p>The alternatives are not computed yet.</p>;
  const id = `b-${view.body.replace(/[^a-zA-Z0-9_-]/g, "_")}`;
  const note = (a: (typeof alts)[number], i: number) => (!a.feasible ? "infeasible" : i === adopted ? "adopted" : undefined);
  const regional = alts.some((a) => a.region);
  const hasCapacity = alts.some((a) => a.capacity_use !== null);
  const H = headingLevel === 3 ? "h4" : "h5";
  return (
    <div class="body-figures" data-testid={`body-figures-${view.body}`}>
      <ScrollTable>
        <table>
          <caption>
            For {view.body_name}: {scopeLabel(view)}
            {alts[0] && alts[0].workplaces > 0 && <> ({plural(alts[0].workplaces, "workplace")} with production data)</>}
          </caption>
          <thead>
            <tr>
              <th scope="col">Alternative</th>
              <th scope="col" class="num">
                Hours per worker a week
              </th>
              {regional && (
                <th scope="col" class="num">
                  Consumption per head in the region
                </th>
              )}
              <th scope="col" class="num">
                Output target
              </th>
              {hasCapacity && (
                <th scope="col" class="num">
                  Capacity used
                </th>
              )}
              <th scope="col" class="num">
                Hours worked
              </th>
              <th scope="col">Can it be carried out?</th>
            </tr>
          </thead>
          <tbody>
            {alts.map((a, i) => (
              <tr key={a.name}>
                <th scope="row">
                  {a.name}
                  {i === adopted && <span class="meta"> (adopted)</span>}
                </th>
                <td class="num">{fmt(a.hours_per_worker_week, 1)}</td>
                {regional && <td class="num">{fmt(a.region?.consumption_per_head)}</td>}
                <td class="num">{fmt(a.output_target)}</td>
                {hasCapacity && <td class="num">{pct(a.capacity_use)}</td>}
                <td class="num">{fmt(a.labour_hours, 0)}</td>
                <td>{a.feasible ? "Yes" : <strong>No</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <div class="chart-grid">
        <BarChart
          id={`${id}-hours`}
          title="Hours per worker a week"
          bars={alts.map((a, i) => ({ label: a.name, value: a.hours_per_worker_week, note: note(a, i) }))}
          format={(v) => fmt(v, 1)}
          caption={`Chart: hours each worker of ${view.body_name}'s scope works a week under each alternative. The table above gives the same figures.`}
        />
        {hasCapacity && (
          <BarChart
            id={`${id}-capacity`}
            title="Capacity used"
            bars={alts.map((a, i) => ({ label: a.name, value: a.capacity_use, note: note(a, i) }))}
            format={(v) => pct(v)}
            caption="Chart: the share of the capacity each alternative uses; above 100% it asks more than can be made. The table above gives the same figures."
          />
        )}
        {regional && (
          <BarChart
            id={`${id}-consumption`}
            title="Consumption per head in the region"
            bars={alts.map((a, i) => ({ label: a.name, value: num(a.region?.consumption_per_head), note: note(a, i) }))}
            format={(v) => fmt(v)}
            caption="Chart: consumption per head in the region under each alternative. The table above gives the same figures."
          />
        )}
      </div>
      <H class="visually-hidden">Bottlenecks for {view.body_name}</H>
      <Feasibility
        items={alts.map((a) => ({ name: a.name, feasible: a.feasible, bottlenecks: a.bottlenecks }))}
        names={names}
        testid={`body-bottlenecks-${view.body}`}
      />
      {view.without_data.length > 0 && (
        <p class="hint">
          The economy holds no production data for {plural(view.without_data.length, "workplace")} of this body (
          {view.without_data.join(", ")}): they are not in these figures.
        </p>
      )}
    </div>
  );
}

// prefer[a * k + b]: the ballots ranking a above b.
export function PairwiseTable({
  names,
  prefer,
  caption,
  testid,
}: {
  names: string[];
  prefer: number[];
  caption: string;
  testid?: string;
}) {
  const k = names.length;
  if (prefer.length !== k * k) return null;
  return (
    <ScrollTable>
      <table data-testid={testid} class="pairwise">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Ballots ranking… above…</th>
            {names.map((n) => (
              <th scope="col" class="num" key={n}>
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {names.map((a, i) => (
            <tr key={a}>
              <th scope="row">{a}</th>
              {names.map((b, j) => (
                <td class="num" key={b}>
                  {i === j ? <span aria-label="not compared">–</span> : prefer[i * k + j]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

export function BodyLink({ round, body, name, kind }: { round: string; body: string; name: string; kind?: string }) {
  return (
    <Link href={`/rounds/${encodeURIComponent(round)}/bodies/${encodeURIComponent(body)}`}>
      {name}
      {kind && <span class="meta"> ({kindLabel(kind)})</span>}
    </Link>
  );
}

// Several round body views at once (the member's bodies), refetched when `version` changes.
export function useBodyViews(round: string, bodies: string[], version: string) {
  const [state, setState] = useState<{ key: string; views: RoundBodyView[]; error: ApiError | null } | null>(null);
  const key = `${round}|${bodies.join(",")}|${version}`;
  useEffect(() => {
    if (bodies.length === 0) return;
    let live = true;
    Promise.all(
      bodies.map((b) =>
        get<RoundBodyView>(`/api/rounds/${encodeURIComponent(round)}/bodies/${encodeURIComponent(b)}`),
      ),
    ).then(
      (views) => live && setState({ key, views, error: null }),
      (e) =>
        live &&
        setState((s) => ({
          key,
          views: s?.views ?? [],
          error: e instanceof ApiError ? e : new ApiError(0, "error", String(e)),
        })),
    );
    return () => {
      live = false;
    };
  }, [key]);
  if (bodies.length === 0) return { views: [] as RoundBodyView[], error: null, loading: false };
  // Keep showing the last figures while new ones load, so that a refresh never blanks the page.
  return { views: state?.views ?? [], error: state?.error ?? null, loading: !state };
}
