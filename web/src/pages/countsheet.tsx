// A count sheet (from count/: the stages of a count with every candidate's value at each
// stage) as a table, and the same figures as a chart of bars. The table is the chart's text
// alternative.
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { CountSheet, SheetValue } from "../api";
import { Link } from "../router";
import { sheetName } from "../ui";

// Values come as decimal strings ("23.00000") or as integers in units of 10^-decimals.
export function sheetNumber(v: SheetValue | undefined, decimals = 0): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number") return decimals > 0 ? v / 10 ** decimals : v;
  const n = parseFloat(v);
  return Number.isNaN(n) ? 0 : n;
}

// A value of the sheet as the count wrote it: a whole value without its zeros ("89", not
// "89.00000"), a fractional one with every decimal the count kept ("23.45678"), so that
// the table reads like the sheet the recount prints.
export function exact(v: SheetValue | undefined, decimals = 0): string {
  if (v === undefined || v === null) return "0";
  if (typeof v === "string") {
    const t = v.trim();
    const whole = /^(-?\d+)(?:\.0*)?$/.exec(t);
    return whole ? String(Number(whole[1])) : t;
  }
  if (decimals <= 0) return String(v);
  // An integer in units of 10^-decimals: split it without floating point.
  const neg = v < 0;
  const digits = String(Math.abs(Math.round(v))).padStart(decimals + 1, "0");
  const int = digits.slice(0, -decimals);
  const frac = digits.slice(-decimals);
  const out = /^0+$/.test(frac) ? String(Number(int)) : `${Number(int)}.${frac}`;
  return neg ? `-${out}` : out;
}

// Bars take the theme's series colours (style.css, --series-0 to 7), so they read in light and dark.
const SERIES = 8;

export function CountSheetView({ sheet }: { sheet: CountSheet }) {
  const dec = sheet.decimals ?? 0;
  const cands = sheet.candidates;
  const elected = new Set(sheet.elected);
  const quota = sheet.quota !== undefined ? sheetNumber(sheet.quota, dec) : null;
  const value = (stage: number, c: string) => sheetNumber(sheet.stages[stage]?.values?.[c], dec);
  return (
    <section aria-labelledby="sheet-h" data-testid="count-sheet">
      <h3 id="sheet-h">The count, stage by stage</h3>
      <p>
        {sheet.valid_ballots !== undefined && (
          <span data-testid="valid-ballots">
            {exact(sheet.valid_ballots)} valid {exact(sheet.valid_ballots) === "1" ? "ballot" : "ballots"}.{" "}
          </span>
        )}
        {quota !== null && <>Quota: {exact(sheet.quota, dec)} votes. </>}
        {sheet.seats !== undefined && <>{sheet.seats} seats.</>}{" "}
        <Link href="/help#quota">What the quota is</Link>.
      </p>
      <ol class="stages">
        {sheet.stages.map((st) => (
          <li key={st.number}>
            <strong>Stage {st.number}:</strong> {sheetAction(st.action)}
            {st.decisions && st.decisions.length > 0 && (
              <>
                {" "}
                —{" "}
                {st.decisions
                  .map((d) => `${sheetName(d.candidate)} ${d.outcome}${d.reason ? ` (${d.reason})` : ""}`)
                  .join("; ")}
              </>
            )}
          </li>
        ))}
      </ol>
      {sheet.notes && sheet.notes.length > 0 && (
        <ul class="notes">
          {sheet.notes.map((n, i) => (
            <li key={i}>Rule applied: {n}.</li>
          ))}
        </ul>
      )}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="sheet-cap">
        <table data-testid="sheet-table">
          <caption id="sheet-cap">Votes of each candidate at each stage</caption>
          <thead>
            <tr>
              <th scope="col">Candidate</th>
              {sheet.stages.map((st) => (
                <th scope="col" class="num" key={st.number}>
                  Stage {st.number}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cands.map((c) => (
              <tr key={c}>
                <th scope="row">
                  {sheetName(c)}
                  {elected.has(c) && <span class="elected-mark"> (elected)</span>}
                </th>
                {sheet.stages.map((st, i) => (
                  <td class="num" key={st.number}>
                    {exact(sheet.stages[i]?.values?.[c], dec)}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">Non-transferable</th>
              {sheet.stages.map((st) => (
                <td class="num" key={st.number}>
                  {exact(st.non_transferable, dec)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <StageChart sheet={sheet} quota={quota} value={value} />
    </section>
  );
}

function sheetAction(a: string): string {
  return a.replace(/\s*\[[^\]]*\]/g, "");
}

// The chart is drawn at the size it is shown (one unit of the SVG is one CSS pixel), so that
// its text keeps its size on a phone rather than shrinking with the whole picture; on a
// narrow screen each name goes above its bar. A value's label never sits under the quota
// line: a label the line would cross moves to the line's right.
function StageChart({
  sheet,
  quota,
  value,
}: {
  sheet: CountSheet;
  quota: number | null;
  value: (stage: number, c: string) => number;
}) {
  const ref = useRef<HTMLElement>(null);
  const [W, setW] = useState(600);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => setW(Math.max(260, Math.min(720, Math.floor(el.clientWidth || 600))));
    fit();
    if (typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const cands = sheet.candidates;
  let max = quota ?? 0;
  sheet.stages.forEach((_, i) => cands.forEach((c) => (max = Math.max(max, value(i, c)))));
  if (max <= 0) max = 1;
  const narrow = W < 480;
  const labelW = narrow ? 0 : Math.min(200, Math.round(W * 0.33));
  const barX = narrow ? 2 : labelW + 8;
  const valueRoom = 64; // room right of the longest bar for its value
  const barMax = Math.max(40, W - barX - valueRoom);
  const barH = 18;
  const nameH = narrow ? 18 : 0; // a name above its bar
  const gap = 6;
  const rowH = nameH + barH + gap;
  const head = 30;
  const groupH = head + cands.length * rowH + 12;
  const H = sheet.stages.length * groupH + 10;
  const x = (v: number) => barX + (v / max) * barMax;
  const qx = quota !== null ? x(quota) : null;
  const charW = 8.6; // about the width of a digit at 14 px
  const elected = new Set(sheet.elected);
  const stageChars = Math.max(16, Math.floor((W - 80) / 9));
  return (
    <figure class="chart" data-testid="stage-chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby="chart-cap">
        {sheet.stages.map((st, si) => {
          const y0 = si * groupH;
          return (
            <g key={st.number} transform={`translate(0 ${y0})`}>
              <text x={0} y={20} class="chart-stage">
                Stage {st.number}: {truncate(sheetAction(st.action), stageChars)}
              </text>
              {qx !== null && (
                <line
                  class="quota-line"
                  x1={qx}
                  x2={qx}
                  y1={head - 4}
                  y2={head + cands.length * rowH}
                  stroke-dasharray="4 3"
                  stroke-width={2}
                />
              )}
              {cands.map((c, ci) => {
                const y = head + ci * rowH + nameH;
                const v = value(si, c);
                const label = exact(sheet.stages[si]?.values?.[c], sheet.decimals ?? 0);
                let lx = x(v) + 6;
                const lw = label.length * charW;
                if (qx !== null && lx <= qx + 4 && lx + lw >= qx - 4) lx = qx + 6;
                return (
                  <g key={c}>
                    {narrow ? (
                      <text x={barX} y={y - 4} class="chart-label">
                        {truncate(sheetName(c), Math.max(12, Math.floor(W / 9)))}
                      </text>
                    ) : (
                      <text x={labelW} y={y + barH - 4} text-anchor="end" class="chart-label">
                        {truncate(sheetName(c), Math.max(10, Math.floor(labelW / 8.5)))}
                      </text>
                    )}
                    <rect
                      x={barX}
                      y={y}
                      width={Math.max(0, x(v) - barX)}
                      height={barH}
                      class={`series-${ci % SERIES}`}
                      opacity={elected.has(c) ? 1 : 0.75}
                    />
                    <text x={lx} y={y + barH - 4} class="chart-value">
                      {label}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption id="chart-cap">
        Chart: each candidate's votes at each stage of the count, one group of bars per stage
        {quota !== null && <>, with the quota ({exact(sheet.quota, sheet.decimals ?? 0)}) as a dashed line</>}. The
        table above gives the same figures.
      </figcaption>
    </figure>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}
