// A count sheet (from count/: the stages of a count with every candidate's value at each
// stage) as a table, and the same figures as a chart of bars. The table is the chart's text
// alternative.
import type { CountSheet, SheetValue } from "../api";
import { sheetName } from "../ui";

// Values come as decimal strings ("23.00000") or as integers in units of 10^-decimals.
export function sheetNumber(v: SheetValue | undefined, decimals = 0): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number") return decimals > 0 ? v / 10 ** decimals : v;
  const n = parseFloat(v);
  return Number.isNaN(n) ? 0 : n;
}

function show(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
}

const colours = ["#8a1c1c", "#1a56db", "#2f7d3c", "#8a5a00", "#6b3fa0", "#00707a", "#a0306b", "#555b61"];

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
        {sheet.valid_ballots !== undefined && <>{sheet.valid_ballots} valid ballots. </>}
        {quota !== null && <>Quota: {show(quota)} votes. </>}
        {sheet.seats !== undefined && <>{sheet.seats} seats.</>}
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
                    {show(value(i, c))}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">Non-transferable</th>
              {sheet.stages.map((st) => (
                <td class="num" key={st.number}>
                  {show(sheetNumber(st.non_transferable, dec))}
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

function StageChart({
  sheet,
  quota,
  value,
}: {
  sheet: CountSheet;
  quota: number | null;
  value: (stage: number, c: string) => number;
}) {
  const cands = sheet.candidates;
  let max = quota ?? 0;
  sheet.stages.forEach((_, i) => cands.forEach((c) => (max = Math.max(max, value(i, c)))));
  if (max <= 0) max = 1;
  const W = 600;
  const labelW = 200;
  const barX = labelW + 8;
  const barMax = W - barX - 70;
  const barH = 18;
  const gap = 5;
  const head = 30;
  const groupH = head + cands.length * (barH + gap) + 12;
  const H = sheet.stages.length * groupH + 10;
  const x = (v: number) => barX + (v / max) * barMax;
  const elected = new Set(sheet.elected);
  return (
    <figure class="chart" data-testid="stage-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-labelledby="chart-cap"
        preserveAspectRatio="xMinYMin meet"
      >
        {sheet.stages.map((st, si) => {
          const y0 = si * groupH;
          return (
            <g key={st.number} transform={`translate(0 ${y0})`}>
              <text x={0} y={20} class="chart-stage">
                Stage {st.number}: {truncate(sheetAction(st.action), 48)}
              </text>
              {cands.map((c, ci) => {
                const y = head + ci * (barH + gap);
                const v = value(si, c);
                return (
                  <g key={c}>
                    <text x={labelW} y={y + barH - 4} text-anchor="end" class="chart-label">
                      {truncate(sheetName(c), 22)}
                    </text>
                    <rect
                      x={barX}
                      y={y}
                      width={Math.max(0, x(v) - barX)}
                      height={barH}
                      fill={colours[ci % colours.length]}
                      opacity={elected.has(c) ? 1 : 0.75}
                    />
                    <text x={x(v) + 6} y={y + barH - 4} class="chart-value">
                      {show(v)}
                    </text>
                  </g>
                );
              })}
              {quota !== null && (
                <line
                  x1={x(quota)}
                  x2={x(quota)}
                  y1={head - 4}
                  y2={head + cands.length * (barH + gap)}
                  stroke="#1d1f21"
                  stroke-dasharray="4 3"
                  stroke-width={2}
                />
              )}
            </g>
          );
        })}
      </svg>
      <figcaption id="chart-cap">
        Chart: each candidate's votes at each stage of the count, one group of bars per stage
        {quota !== null && <>, with the quota ({show(quota)}) as a dashed line</>}. The table above gives the same
        figures.
      </figcaption>
    </figure>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}
