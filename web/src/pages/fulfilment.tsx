// Carrying out the adopted plan (issue #16; C6): the plan's fulfilment over the economy, a
// branch or a region, and one workplace's periods with the forecaster's readings. A
// committee's seat holders and the members it names file the workplace's reports here, by
// a form or a CSV file; seat holders confirm the named members' reports and name them.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Body, Get, Member, Workplace, WorkplaceProduction } from "../api";
import { command, get, postCsv } from "../api";
import { Link, navigate, useLocation } from "../router";
import { useSession } from "../session";
import { Revisions, ReviseTarget } from "./revision";
import {
  ActionError,
  categoryLabel,
  durationWords,
  ErrorBox,
  FormFooter,
  Loading,
  PageTitle,
  plural,
  PublicNote,
  Time,
  useAction,
  useApi,
  useSubmit,
} from "../ui";

type PlanFulfilment = Get<"/api/plan/fulfilment">;
type WorkplaceFulfilment = Get<"/api/workplaces/{id}/fulfilment">;
type Period = WorkplaceFulfilment["periods"][number];
export type Reading = NonNullable<Period["reading"]>;
export type SignalSummary = WorkplaceFulfilment["signals"][number];
type WorkplaceList = Get<"/api/workplaces">;

// Decimals come as numbers, or as text where JSON has no number for them.
export const num = (v: number | string | undefined | null): number =>
  typeof v === "number" ? v : v === undefined || v === null ? Number.NaN : Number(v);

// A figure as people write it: up to 4 significant digits, never in exponent form.
export function figure(v: number): string {
  if (!Number.isFinite(v)) return "–";
  if (v === 0) return "0";
  const digits = Math.max(0, Math.min(12, 3 - Math.floor(Math.log10(Math.abs(v)))));
  return v.toLocaleString("en", { maximumFractionDigits: digits });
}

export const percent = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 1000) / 10}%` : "–");

// The forecaster's probabilities: steady, step change, slope change, outlier (docs/forecast.md).
export function probabilities(r: Reading): number[] {
  const text = String(r.probabilities ?? "").replace(/[[\]]/g, "");
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
}

const regimes = ["steady", "a step change", "a slope change", "an outlier"];

// "Most likely steady (91%); a step change 6%, a slope change 2%, an outlier 1%."
export function probabilityWords(r: Reading): string {
  const p = probabilities(r);
  if (p.length !== 4) return "The model gave no probabilities.";
  const order = [0, 1, 2, 3].sort((a, b) => p[b] - p[a]);
  const [first, ...rest] = order;
  return `Most likely ${regimes[first]} (${percent(p[first])}); ${rest.map((i) => `${regimes[i]} ${percent(p[i])}`).join(", ")}.`;
}

const causes: Record<string, string> = {
  step: "a step change",
  slope: "a slope change",
  outlier: "an outlier",
  cumulative: "the cumulative total",
  none: "",
};

// "Alert: a shortfall, from a step change", "Crisis: Steel used over the plan", "Normal".
// `indicator`: the indicator in words (the read model's), none for the output.
export function readingLabel(kind: string, direction: string, cause: string, indicator?: string): string {
  const k = kind.charAt(0).toUpperCase() + kind.slice(1);
  if (kind === "normal") return cause === "outlier" ? "Normal (a likely outlier)" : "Normal";
  const d = indicator
    ? `${indicator} ${direction === "over" ? "over" : "under"} the plan`
    : direction === "over"
      ? "over the plan"
      : "a shortfall";
  const c = causes[cause] ? `, from ${causes[cause]}` : "";
  return `${k}: ${d}${c}`;
}

const periodStates: Record<string, string> = {
  upcoming: "in progress",
  due: "due",
  missing: "missing",
  filed: "filed, awaiting confirmation",
  confirmed: "confirmed",
};

export const levelNames = ["the workplace's committee", "the union body", "the central council"];

// The width in pixels of the element `ref` points to, kept up to date, so that a chart
// draws with one unit a pixel and its labels keep their size on any screen.
function useWidth(initial: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.floor(el.clientWidth)));
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const o = new ResizeObserver(measure);
    o.observe(el);
    return () => o.disconnect();
  }, []);
  return { ref, width };
}

export interface ChartPoint {
  period: number;
  target: number;
  actual?: number;
  band?: [number, number];
  mark?: "alert" | "crisis";
}

// Target and actual per period, with the forecaster's band and the signals marked. Colours
// come from the page's own (currentColor, the theme's accent), so that the chart reads in
// any theme; every label is 13 px, at any width.
export function FulfilmentChart({ points, caption, id }: { points: ChartPoint[]; caption: ComponentChildren; id: string }) {
  const { ref, width } = useWidth(640);
  const H = 240;
  const left = 64,
    right = 12,
    top = 16,
    bottom = 40;
  const values = points.flatMap((p) => [p.target, p.actual ?? p.target, ...(p.band ?? [])]).filter(Number.isFinite);
  const max = Math.max(...values, 0) * 1.1 || 1;
  const min = 0;
  const n = points.length;
  const step = n > 1 ? (width - left - right) / (n - 1) : 0;
  const x = (i: number) => left + (n > 1 ? i * step : (width - left - right) / 2);
  const y = (v: number) => top + (H - top - bottom) * (1 - (v - min) / (max - min));
  const line = (get: (p: ChartPoint) => number | undefined) => {
    let d = "";
    let pen = false;
    points.forEach((p, i) => {
      const v = get(p);
      if (v === undefined || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const banded = points.map((p, i) => ({ p, i })).filter(({ p }) => p.band);
  const band =
    banded.length > 0
      ? banded.map(({ p, i }, k) => `${k ? "L" : "M"}${x(i).toFixed(1)},${y(p.band![1]).toFixed(1)}`).join("") +
        [...banded]
          .reverse()
          .map(({ p, i }) => `L${x(i).toFixed(1)},${y(p.band![0]).toFixed(1)}`)
          .join("") +
        "Z"
      : "";
  const ticks = [0, 0.5, 1].map((f) => min + (max - min) * f);
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor((width - left - right) / 48))));
  return (
    <figure class="fulfilment-chart" data-testid={`${id}-chart`}>
      <div ref={ref} class="chart-box">
        <svg
          width={width}
          height={H}
          viewBox={`0 0 ${width} ${H}`}
          role="img"
          aria-labelledby={`${id}-cap`}
          class="fulfilment-svg"
        >
          {ticks.map((t) => (
            <g key={t}>
              <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} class="grid" />
              <text x={left - 6} y={y(t) + 4} text-anchor="end" class="axis">
                {t === 0 ? "0" : t.toLocaleString("en", { maximumSignificantDigits: 2 })}
              </text>
            </g>
          ))}
          {band && <path d={band} class="band" />}
          <path d={line((p) => p.target)} class="target" />
          <path d={line((p) => p.actual)} class="actual" />
          {points.map((p, i) =>
            p.actual === undefined ? null : (
              <circle key={`a${p.period}`} cx={x(i)} cy={y(p.actual)} r={3} class="actual-dot" />
            ),
          )}
          {points.map((p, i) =>
            p.mark ? (
              <path
                key={`m${p.period}`}
                d={`M${x(i)},${top + 2}l-6,-10h12z`}
                transform="translate(0,10)"
                class={p.mark === "crisis" ? "mark crisis" : "mark alert"}
              />
            ) : null,
          )}
          {points.map((p, i) =>
            i % every === 0 || i === n - 1 ? (
              <text key={`x${p.period}`} x={x(i)} y={H - bottom + 18} text-anchor="middle" class="axis">
                {p.period}
              </text>
            ) : null,
          )}
          <text x={(left + width - right) / 2} y={H - 4} text-anchor="middle" class="axis">
            report period
          </text>
        </svg>
      </div>
      <figcaption id={`${id}-cap`}>
        {caption}
        <span class="legend">
          <span class="key target-key" aria-hidden="true" /> target · <span class="key actual-key" aria-hidden="true" />{" "}
          confirmed output
          {points.some((p) => p.band) && (
            <>
              {" "}
              · <span class="key band-key" aria-hidden="true" /> the forecaster's band (forecast ± 2 standard deviations)
            </>
          )}
          {points.some((p) => p.mark) && (
            <>
              {" "}
              · <span class="key mark-key" aria-hidden="true" /> an alert or crisis
            </>
          )}
        </span>
      </figcaption>
    </figure>
  );
}

const CHART_PERIODS = 24;

// ---- the plan's fulfilment ----

// The branches and regions of the first hundred workplaces, named: the list gives their ids,
// and one workplace's page of each gives the names.
function useBranchesAndRegions() {
  const list = useApi<WorkplaceList>("/api/workplaces?limit=100");
  const [names, setNames] = useState<{ branches: Map<string, string>; regions: Map<string, string> }>({
    branches: new Map(),
    regions: new Map(),
  });
  useEffect(() => {
    const ws = list.data?.workplaces ?? [];
    const branches = new Map<string, string>();
    const regions = new Map<string, string>();
    const ask = new Map<string, string>(); // a workplace for each branch and region not yet named
    for (const w of ws) {
      if (!branches.has(w.branch)) {
        branches.set(w.branch, w.branch);
        ask.set(w.id, w.id);
      }
      if (!regions.has(w.region)) {
        regions.set(w.region, w.region);
        ask.set(w.id, w.id);
      }
    }
    setNames({ branches: new Map(branches), regions: new Map(regions) });
    let live = true;
    Promise.all(
      [...ask.keys()].map((id) =>
        get<Workplace>(`/api/workplaces/${encodeURIComponent(id)}`).then(
          (w) => {
            if (w.branch_name) branches.set(w.branch, w.branch_name);
            if (w.region_name) regions.set(w.region, w.region_name);
          },
          () => {},
        ),
      ),
    ).then(() => live && setNames({ branches, regions }));
    return () => {
      live = false;
    };
  }, [list.data]);
  return names;
}

export function PlanFulfilmentPage() {
  const { query } = useLocation();
  const branch = query.get("branch") ?? "";
  const region = query.get("region") ?? "";
  const params = new URLSearchParams();
  if (branch) params.set("branch", branch);
  if (region) params.set("region", region);
  const qs = params.toString();
  const f = useApi<PlanFulfilment>(`/api/plan/fulfilment${qs ? `?${qs}` : ""}`);
  const { branches, regions } = useBranchesAndRegions();
  const choose = (key: string, value: string) => {
    const next = new URLSearchParams(qs);
    if (value) next.set(key, value);
    else next.delete(key);
    const s = next.toString();
    navigate(`/plan${s ? `?${s}` : ""}`, true);
  };
  const data = f.data;
  const shown = data ? data.periods.slice(-CHART_PERIODS) : [];
  return (
    <article>
      <p class="eyebrow">The plan carried out</p>
      <PageTitle title="Plan fulfilment">Plan fulfilment</PageTitle>
      <PublicNote />
      <p class="lede">
        What the workplaces reported against the adopted plan, period by period: the targets of the workplaces that
        reported, what they made, and the deviations the forecaster raised. The bodies concerned decide what to do;
        the software decides nothing.
      </p>
      <div class="filters" role="group" aria-label="Which workplaces">
        <div class="field">
          <label for="f-branch">Branch</label>
          <select id="f-branch" value={branch} onChange={(e) => choose("branch", (e.target as HTMLSelectElement).value)}>
            <option value="">Every branch</option>
            {[...branches.entries()]
              .sort((a, b) => a[1].localeCompare(b[1]))
              .map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
          </select>
        </div>
        <div class="field">
          <label for="f-region">Region</label>
          <select id="f-region" value={region} onChange={(e) => choose("region", (e.target as HTMLSelectElement).value)}>
            <option value="">Every region</option>
            {[...regions.entries()]
              .sort((a, b) => a[1].localeCompare(b[1]))
              .map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
          </select>
        </div>
      </div>
      {f.error ? (
        <ErrorBox error={f.error} retry={f.reload} />
      ) : !data ? (
        <Loading what="the plan's fulfilment" />
      ) : !data.plan ? (
        <p>No plan has been adopted yet: see the <Link href="/rounds">planning rounds</Link>.</p>
      ) : (
        <>
          <dl class="facts">
            <div>
              <dt>Plan</dt>
              <dd>
                <Link href={`/rounds/${encodeURIComponent(data.plan.round)}`}>{data.plan.period_name}</Link>
              </dd>
            </div>
            <div>
              <dt>Adopted</dt>
              <dd><Time iso={data.plan.start} /></dd>
            </div>
            <div>
              <dt>Report period</dt>
              <dd>{duration(data.plan.period_seconds)}</dd>
            </div>
            <div>
              <dt>Period now</dt>
              <dd data-testid="current-period">
                {data.plan.current_period} of {data.plan.periods.toLocaleString("en")}
              </dd>
            </div>
            <div>
              <dt>Workplaces with a target</dt>
              <dd>{data.workplaces.toLocaleString("en")}</dd>
            </div>
            <div>
              <dt>Open signals</dt>
              <dd data-testid="open-signals">{data.open_signals.toLocaleString("en")}</dd>
            </div>
          </dl>
          {shown.length === 0 ? (
            <p>No report has been confirmed yet.</p>
          ) : (
            <>
              <FulfilmentChart
                id="plan"
                points={shown.map((p) => ({
                  period: p.period,
                  target: p.target,
                  actual: p.workplaces > 0 ? p.actual : undefined,
                  mark: p.crises > 0 ? "crisis" : p.alerts > 0 ? "alert" : undefined,
                }))}
                caption={`Targets and confirmed output summed over the workplaces that reported, the last ${plural(shown.length, "period")}. `}
              />
              <div class="table-wrap figures" tabIndex={0} role="region" aria-label="The plan's periods (the table scrolls sideways)">
                <table data-testid="plan-periods">
                  <caption>Each period, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Period</th>
                      <th scope="col" class="num">
                        Workplaces reporting
                      </th>
                      <th scope="col" class="num">
                        Target
                      </th>
                      <th scope="col" class="num">
                        Confirmed output
                      </th>
                      <th scope="col" class="num">
                        Of plan
                      </th>
                      <th scope="col" class="num">
                        Alerts
                      </th>
                      <th scope="col" class="num">
                        Crises
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...data.periods].reverse().map((p) => (
                      <tr key={p.period}>
                        <td>{p.period}</td>
                        <td class="num">{p.workplaces.toLocaleString("en")}</td>
                        <td class="num">{figure(p.target)}</td>
                        <td class="num">{figure(p.actual)}</td>
                        <td class="num">{p.target > 0 ? percent(p.actual / p.target) : "–"}</td>
                        <td class="num">{p.alerts}</td>
                        <td class="num">{p.crises}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <p>
            <Link href="/signals">Every open signal</Link>, overdue first.
          </p>
        </>
      )}
    </article>
  );
}

export const duration = durationWords;

// ---- one workplace ----

export function WorkplaceFulfilmentPage({ id }: { id: string }) {
  const path = `/api/workplaces/${encodeURIComponent(id)}/fulfilment`;
  const f = useApi<WorkplaceFulfilment>(path);
  const { me } = useSession();
  const committee = useApi<Body>(me && f.data?.committee ? `/api/bodies/${encodeURIComponent(f.data.committee)}` : null);
  const production = useApi<WorkplaceProduction>(`/api/workplaces/${encodeURIComponent(id)}/production`);
  const [all, setAll] = useState(false);
  const [notice, setNotice] = useState("");
  if (f.loading && !f.data) return <Loading what="the workplace's fulfilment" />;
  if (f.error)
    return (
      <>
        <PageTitle title="Fulfilment not found">
          {f.error.status === 404 ? "Workplace not found" : "Cannot show this workplace's fulfilment"}
        </PageTitle>
        <ErrorBox error={f.error} retry={f.reload} />
      </>
    );
  const w = f.data!;
  const seated = !!me && !!committee.data?.seat_holders.some((s) => s.holder === me.member);
  const reporter = !!me && w.reporters.includes(me.member);
  const done = (message: string) => {
    setNotice(message);
    f.refresh();
  };
  const periods = all ? w.periods : w.periods.slice(-CHART_PERIODS);
  const marks = new Map<number, "alert" | "crisis">();
  for (const p of w.periods) {
    if (p.reading && (p.reading.kind === "alert" || p.reading.kind === "crisis")) marks.set(p.period, p.reading.kind);
  }
  const open = w.plan ? w.periods.find((p) => p.period === w.plan!.current_period - 1) : undefined;
  return (
    <article>
      <p class="eyebrow">Plan fulfilment</p>
      <PageTitle title={`${w.workplace_name}: fulfilment`}>{w.workplace_name}</PageTitle>
      <PublicNote />
      <p>
        <Link href={`/workplaces/${encodeURIComponent(w.workplace)}`}>The workplace's page</Link> ·{" "}
        {w.committee && <Link href={`/bodies/${encodeURIComponent(w.committee)}/signals`}>its committee's signals</Link>}{" "}
        · <Link href="/plan">the whole plan</Link>
      </p>
      {!w.plan ? (
        <p>No plan has been adopted yet.</p>
      ) : (
        <>
          <dl class="facts">
            <div>
              <dt>Makes</dt>
              <dd>{production.data ? production.data.product_name : w.product}</dd>
            </div>
            <div>
              <dt>Target for the year</dt>
              <dd>{figure(w.yearly_target)}</dd>
            </div>
            <div>
              <dt>Report period</dt>
              <dd>{duration(w.plan.period_seconds)}</dd>
            </div>
            <div>
              <dt>Period now</dt>
              <dd>
                {w.plan.current_period} of {w.plan.periods.toLocaleString("en")}
              </dd>
            </div>
          </dl>
          {notice && (
            <p class="notice ok" role="status" data-testid="report-notice">
              {notice}
            </p>
          )}
          <FulfilmentChart
            id="workplace"
            points={w.periods.slice(-CHART_PERIODS).map((p) => {
              const r = p.reading;
              const t = p.target;
              return {
                period: p.period,
                target: t,
                actual: p.state === "confirmed" ? p.actual : undefined,
                band: r
                  ? [Math.max(0, (num(r.forecast) - 2 * num(r.forecast_sd)) * t), (num(r.forecast) + 2 * num(r.forecast_sd)) * t]
                  : undefined,
                mark: marks.get(p.period),
              };
            })}
            caption={`Its target and confirmed output, the last ${plural(Math.min(CHART_PERIODS, w.periods.length), "period")}. `}
          />
          <div class="table-wrap figures" tabIndex={0} role="region" aria-label="Its periods (the table scrolls sideways)">
            <table data-testid="workplace-periods">
              <caption>Its periods, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Ended</th>
                  <th scope="col">Report</th>
                  <th scope="col" class="num">
                    Target
                  </th>
                  <th scope="col" class="num">
                    Output
                  </th>
                  <th scope="col">Reading</th>
                  <th scope="col">Hours and inputs</th>
                </tr>
              </thead>
              <tbody>
                {[...periods].reverse().map((p) => (
                  <tr key={p.period} data-testid={`period-${p.period}`}>
                    <td>{p.period}</td>
                    <td><Time iso={p.end} /></td>
                    <td>
                      {periodStates[p.state] ?? p.state}
                      {p.state === "filed" && seated && p.report && (
                        <ConfirmButton report={p.report} period={p.period} done={done} />
                      )}
                    </td>
                    <td class="num">{figure(p.target)}</td>
                    <td class="num">{p.actual === undefined ? "–" : figure(p.actual)}</td>
                    <td>
                      {p.reading ? (
                        <>
                          {readingLabel(p.reading.kind, p.reading.direction, p.reading.cause)}
                          <span class="meta"> · {percent(num(p.reading.actual) / num(p.reading.target))} of target</span>
                        </>
                      ) : (
                        "–"
                      )}
                    </td>
                    <td>
                      {p.indicators && p.indicators.length > 0 ? (
                        <ul class="inline-list">
                          {p.indicators.map((i) => (
                            <li key={i.indicator}>
                              {i.name} {percent(num(i.reading.actual) / num(i.reading.target))}
                              {i.reading.kind !== "normal" && <strong> ({i.reading.kind})</strong>}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        "–"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {w.periods.length > CHART_PERIODS && (
            <button type="button" class="secondary" onClick={() => setAll(!all)}>
              {all ? `Show the last ${CHART_PERIODS} periods` : `Show all ${w.periods.length} periods`}
            </button>
          )}
          <section aria-labelledby="signals-h">
            <h2 id="signals-h">Its signals</h2>
            {w.signals.length === 0 ? (
              <p>None: no figure has been far enough from the plan.</p>
            ) : (
              <SignalTable signals={w.signals} showWorkplace={false} />
            )}
          </section>
          {(seated || reporter) && (
            <FileReport
              workplace={w}
              open={open}
              production={production.data}
              seated={seated}
              done={done}
            />
          )}
          {seated && <NameReporters workplace={w} done={done} />}
          <Revisions workplace={w} />
          {me && !me.operator && <ReviseTarget workplace={w} committee={committee.data} refresh={f.refresh} />}
          {me && !seated && !reporter && (
            <p class="muted">Only the seat holders of the workplace's committee, and the members it names, file its reports.</p>
          )}
        </>
      )}
    </article>
  );
}

export function SignalTable({ signals, showWorkplace = true }: { signals: SignalSummary[]; showWorkplace?: boolean }) {
  return (
    <div class="table-wrap figures" tabIndex={0} role="region" aria-label="Signals (the table scrolls sideways)">
      <table data-testid="signals">
        <thead>
          <tr>
            <th scope="col">Signal</th>
            {showWorkplace && <th scope="col">Workplace</th>}
            <th scope="col">Period</th>
            <th scope="col">Before</th>
            <th scope="col">State</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {signals.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={`/signals/${encodeURIComponent(s.id)}`}>{readingLabel(s.kind, s.direction, s.cause, s.indicator_name)}</Link>
              </td>
              {showWorkplace && (
                <td>
                  <Link href={`/workplaces/${encodeURIComponent(s.workplace)}/fulfilment`}>{s.workplace_name}</Link>
                </td>
              )}
              <td>{s.period}</td>
              <td>
                <Link href={`/bodies/${encodeURIComponent(s.body)}`}>{s.body_name}</Link>
              </td>
              <td>
                {s.state}
                {s.overdue && <strong class="overdue"> · overdue</strong>}
              </td>
              <td>
                {s.state === "resolved"
                  ? "–"
                  : s.state === "raised"
                    ? <>acknowledge by <Time iso={s.acknowledge_by} /></>
                    : <>decide by <Time iso={s.decide_by} /></>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConfirmButton({ report, period, done }: { report: string; period: number; done: (m: string) => void }) {
  const act = useAction();
  return (
    <>
      {" "}
      <button
        type="button"
        class="small"
        data-testid="confirm-report"
        disabled={act.busy}
        onClick={() =>
          act.run(() => command({ confirm_report: { report } })).then((ok) => ok && done(`Report of period ${period} confirmed.`))
        }
      >
        {act.busy ? "Confirming…" : `Confirm period ${period}`}
      </button>
      <ActionError error={act.error} />
    </>
  );
}

// The most inputs the report form asks for; a report may give more by CSV or the API.
const FORM_INPUTS = 8;

// The report of the period whose window is open: a new one, or a correction of the one
// filed (which it names, as the record requires).
function FileReport({
  workplace,
  open,
  production,
  seated,
  done,
}: {
  workplace: WorkplaceFulfilment;
  open: Period | undefined;
  production: WorkplaceProduction | null;
  seated: boolean;
  done: (m: string) => void;
}) {
  const categories = production ? Object.keys(production.hours) : ["production", "technical", "administrative"];
  // The inputs the technology asks most of, largest first; the rest go by CSV.
  const inputs = workplace.planned_use
    .filter((u) => u.indicator.startsWith("inputs/"))
    .sort((a, b) => b.per_unit - a.per_unit)
    .slice(0, FORM_INPUTS)
    .map((u) => ({ input: u.indicator.slice("inputs/".length), input_name: u.name, per_unit: u.per_unit }));
  const [output, setOutput] = useState("");
  const [hours, setHours] = useState<Record<string, string>>({});
  const [used, setUsed] = useState<Record<string, string>>({});
  const [csv, setCsv] = useState<File | null>(null);
  const csvAct = useAction();
  const period = open?.period ?? 0;
  const corrects = open?.report ?? "";
  const numbers = (m: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(m)
        .filter(([, v]) => v.trim() !== "")
        .map(([k, v]) => [k, Number(v)]),
    );
  const submit = useSubmit(
    () => {
      if (!open) return undefined;
      const cmd: Record<string, unknown> = {
        workplace: workplace.workplace,
        period,
        figures: { output: { [workplace.product]: Number(output) }, hours: numbers(hours), inputs: numbers(used) },
      };
      if (corrects) cmd.corrects = corrects;
      return command({ file_report: cmd });
    },
    () => {
      setOutput("");
      done(
        seated
          ? `Report of period ${period} filed and confirmed: its reading is in the table.`
          : `Report of period ${period} filed: the committee confirms it.`,
      );
    },
  );
  const upload = async (e: Event) => {
    e.preventDefault();
    if (!csv || !open) return;
    const text = await csv.text();
    const q = `period=${period}${corrects ? `&corrects=${encodeURIComponent(corrects)}` : ""}`;
    if (await csvAct.run(() => postCsv(`/api/workplaces/${encodeURIComponent(workplace.workplace)}/reports?${q}`, text)))
      done(`Report of period ${period} uploaded from ${csv.name}.`);
  };
  return (
    <section aria-labelledby="report-h" data-testid="report-form">
      <h2 id="report-h">File a report</h2>
      {!open || open.state === "upcoming" ? (
        <p>No period is open for reports now: a period's report is filed once it has ended, until the next one ends.</p>
      ) : (
        <>
          <p>
            Period {period} ended <Time iso={open.end} />; its report is open until the next period ends.
            {corrects && ` It has report ${corrects} already: what you file here corrects it.`} Its target is{" "}
            {figure(open.target)}.
          </p>
          <form class="form narrow" onSubmit={submit.onSubmit} aria-describedby="report-h">
            <div class="field">
              <label for="r-output">Output of {production?.product_name ?? workplace.product} (units made)</label>
              <input
                id="r-output"
                type="number"
                min="0"
                step="any"
                required
                value={output}
                onInput={(e) => setOutput((e.target as HTMLInputElement).value)}
              />
            </div>
            <fieldset>
              <legend>Hours worked, by member category</legend>
              {categories.map((c) => (
                <div class="field" key={c}>
                  <label for={`r-hours-${c}`}>{categoryLabel(c)}</label>
                  <input
                    id={`r-hours-${c}`}
                    type="number"
                    min="0"
                    step="any"
                    value={hours[c] ?? ""}
                    onInput={(e) => setHours({ ...hours, [c]: (e.target as HTMLInputElement).value })}
                  />
                </div>
              ))}
            </fieldset>
            {inputs.length > 0 && (
              <fieldset>
                <legend>Inputs used (units; the plan's largest)</legend>
                {inputs.map((i) => (
                  <div class="field" key={i.input}>
                    <label for={`r-input-${i.input}`}>{i.input_name}</label>
                    <input
                      id={`r-input-${i.input}`}
                      type="number"
                      min="0"
                      step="any"
                      aria-describedby={`r-input-${i.input}-hint`}
                      value={used[i.input] ?? ""}
                      onInput={(e) => setUsed({ ...used, [i.input]: (e.target as HTMLInputElement).value })}
                    />
                    <p id={`r-input-${i.input}-hint`} class="hint">
                      the plan: {figure(i.per_unit)} per unit made
                    </p>
                  </div>
                ))}
              </fieldset>
            )}
            <FormFooter action={submit} label={corrects ? "File the correction" : "File the report"} busyLabel="Filing…" />
          </form>
          <form class="form narrow" onSubmit={upload}>
            <div class="field">
              <label for="r-csv">Or upload it as a CSV file</label>
              <input
                id="r-csv"
                type="file"
                accept=".csv,text/csv"
                aria-describedby="r-csv-hint"
                onChange={(e) => setCsv((e.target as HTMLInputElement).files?.[0] ?? null)}
              />
              <p id="r-csv-hint" class="hint">
                Lines of <code>kind,item,amount</code> under that header: <code>output,{workplace.product},12.5</code>,{" "}
                <code>hours,production,1210</code>, <code>input,p-03,0.2</code>.
              </p>
            </div>
            <FormFooter action={csvAct} label="Upload the report" busyLabel="Uploading…" disabled={!csv} />
          </form>
        </>
      )}
    </section>
  );
}

// A seat holder names the members who may file the workplace's reports (replacing the list).
function NameReporters({ workplace, done }: { workplace: WorkplaceFulfilment; done: (m: string) => void }) {
  const members = useApi<{ members: Member[] }>(
    `/api/members?workplace=${encodeURIComponent(workplace.workplace)}&limit=100`,
  );
  const [chosen, setChosen] = useState<Set<string>>(new Set(workplace.reporters));
  const submit = useSubmit(
    () => command({ name_reporters: { workplace: workplace.workplace, members: [...chosen].sort() } }),
    () => done(chosen.size === 0 ? "No member is named to report now." : `${plural(chosen.size, "member")} may now file reports.`),
  );
  return (
    <section aria-labelledby="reporters-h">
      <h2 id="reporters-h">Who files the reports</h2>
      <p>
        The committee's seat holders always may; the members named here may too, and their reports wait for a seat
        holder's confirmation.
      </p>
      {members.error ? (
        <ErrorBox error={members.error} retry={members.reload} />
      ) : !members.data ? (
        <Loading what="the members" />
      ) : (
        <form class="form" onSubmit={submit.onSubmit} data-testid="name-reporters">
          <fieldset class="reporters">
            <legend>Members named to report</legend>
            {members.data.members.map((m) => (
              <label key={m.id} class="check">
                <input
                  type="checkbox"
                  checked={chosen.has(m.id)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if ((e.target as HTMLInputElement).checked) next.add(m.id);
                    else next.delete(m.id);
                    setChosen(next);
                  }}
                />{" "}
                {m.name} <span class="meta">{categoryLabel(m.category)}</span>
              </label>
            ))}
          </fieldset>
          <FormFooter action={submit} label="Name these members" busyLabel="Naming…" />
        </form>
      )}
    </section>
  );
}
