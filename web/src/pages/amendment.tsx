// Amending the constitution (A13): a seat holder of the Congress of Producers proposes a
// motion that carries the whole constitution as it would stand (`propose_motion` with
// `amendment`); it is carried by the constitution's amendment majority, never less than two
// thirds. The form starts from the rules in force, so that a field left alone keeps its
// value (a rule left out of an amendment would fall back to its default), checks each
// rule's own limits as it is typed, and leaves the rules that tie two fields together to
// the server, whose refusal is shown by the field it names. A motion's page shows what an
// open amendment would change.
import { useState } from "preact/hooks";
import { command } from "../api";
import { limits } from "../limits";
import { Link } from "../router";
import {
  concerns,
  durationWords,
  ErrorBox,
  fieldAria,
  FormFooter,
  isoSeconds,
  kindLabel,
  Loading,
  TextArea,
  useApi,
  useSubmit,
} from "../ui";

type Kind = "duration" | "share" | "int" | "bool" | "multi" | "single" | "kinds" | "turnout" | "fraction";

interface Rule {
  key: string; // "max_offices", or "signal_thresholds.gap_alert" for a nested one
  label: string;
  kind: Kind;
  hint: string;
  check?: (v: string) => string; // a limit of this rule alone: "" when it holds
}

const MINUTE = 60;
const atLeastMinute = (what: string) => (v: string) => (isoSeconds(v) < MINUTE ? `${what} at least a minute.` : "");

const between = (lo: number, hi: number, what: string) => (v: string) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= lo && n <= hi ? "" : `${what} a whole number from ${lo} to ${hi}.`;
};

function share(v: string): [number, number] | null {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(v.trim());
  if (!m) return null;
  const [n, d] = [Number(m[1]), Number(m[2])];
  return d > 0 && n <= d ? [n, d] : null;
}

const probability = (v: string) => {
  const n = Number(v);
  return v.trim() !== "" && Number.isFinite(n) && n > 0 && n <= 1 ? "" : "A probability above 0 and at most 1.";
};
const positive = (v: string) => {
  const n = Number(v);
  return v.trim() !== "" && Number.isFinite(n) && n > 0 ? "" : "A fraction above 0.";
};

const GROUPS: { legend: string; rules: Rule[] }[] = [
  {
    legend: "Elections",
    rules: [
      { key: "multi_seat_method", label: "How a body of several seats is elected", kind: "multi", hint: "" },
      { key: "single_seat_method", label: "How a single seat is filled", kind: "single", hint: "" },
      { key: "nomination_period", label: "How long nominations stay open", kind: "duration", hint: "" },
      {
        key: "voting_period",
        label: "How long voting lasts",
        kind: "duration",
        hint: "At least a minute.",
        check: atLeastMinute("Voting lasts"),
      },
      {
        key: "election_lead",
        label: "How long before a term ends the next election is called",
        kind: "duration",
        hint: "",
      },
    ],
  },
  {
    legend: "Recall",
    rules: [
      {
        key: "recall_petition",
        label: "Share of the electorate whose signatures force a recall vote",
        kind: "share",
        hint: "Above zero.",
        check: (v) => (share(v)?.[0] === 0 ? "A petition needs a share above zero." : ""),
      },
      { key: "count_back", label: "Refill a recalled seat by count-back when the ballots allow", kind: "bool", hint: "" },
      {
        key: "recall_turnout",
        label: "Least turnout of a recall vote that can end a mandate",
        kind: "turnout",
        hint: "“signatures” (as many votes as the petition had signatures) or a share of the electorate, such as 1/2.",
      },
    ],
  },
  {
    legend: "Offices and composition",
    rules: [
      {
        key: "max_offices",
        label: "Most offices a member holds at once",
        kind: "int",
        hint: "1 to 20.",
        check: between(1, 20, "The limit is"),
      },
      {
        key: "control_without_executive",
        label: "Least share of a control body's seats held without an executive office",
        kind: "share",
        hint: "",
      },
      { key: "production_share", label: "Least share of a committee's seats from production", kind: "share", hint: "" },
      { key: "production_share_applies_to", label: "Bodies the production share applies to", kind: "kinds", hint: "" },
    ],
  },
  {
    legend: "Officials and appeals",
    rules: [
      {
        key: "manual_labour_days",
        label: "Days of manual labour a year asked of an official",
        kind: "int",
        hint: "0 to 366.",
        check: between(0, 366, "Days are"),
      },
      { key: "report_back_period", label: "How often officials report back", kind: "duration", hint: "" },
      {
        key: "appeal_days",
        label: "Days in which a decision about a member can be appealed",
        kind: "int",
        hint: "1 to 3,650.",
        check: between(1, 3650, "The window is"),
      },
    ],
  },
  {
    legend: "Motions",
    rules: [
      {
        key: "motion_period",
        label: "How long a motion stays open",
        kind: "duration",
        hint: "At least a minute.",
        check: atLeastMinute("A motion is open"),
      },
      {
        key: "amendment_majority",
        label: "Share of the votes cast that amends the constitution",
        kind: "share",
        hint: "Never less than 2/3.",
        check: (v) => {
          const s = share(v);
          return s && s[0] * 3 < s[1] * 2 ? "The constitution changes only by at least two thirds (A13)." : "";
        },
      },
    ],
  },
  {
    legend: "Carrying out the plan",
    rules: [
      {
        key: "report_period",
        label: "How long a report period lasts",
        kind: "duration",
        hint: "A minute to 366 days.",
        check: (v) =>
          isoSeconds(v) < MINUTE || isoSeconds(v) > 366 * 86400 ? "A report period lasts a minute to 366 days." : "",
      },
      {
        key: "signal_acknowledge_period",
        label: "How long a body has to acknowledge a signal",
        kind: "duration",
        hint: "At least a minute.",
        check: atLeastMinute("A body has"),
      },
      {
        key: "signal_decide_period",
        label: "How long a body has to record what it decided on a signal",
        kind: "duration",
        hint: "At least the time to acknowledge it.",
      },
      {
        key: "signal_thresholds.change_probability",
        label: "Probability of a step change that raises a signal",
        kind: "fraction",
        hint: "Above 0, at most 1.",
        check: probability,
      },
      {
        key: "signal_thresholds.trend_probability",
        label: "Probability of a slope change that raises a signal",
        kind: "fraction",
        hint: "Above 0, at most 1.",
        check: probability,
      },
      {
        key: "signal_thresholds.outlier_probability",
        label: "Probability of an outlier that raises a signal",
        kind: "fraction",
        hint: "Above 0, at most 1.",
        check: probability,
      },
      {
        key: "signal_thresholds.gap_alert",
        label: "Gap from the target that is an alert",
        kind: "fraction",
        hint: "A fraction above 0 (0.05 is 5%).",
        check: positive,
      },
      {
        key: "signal_thresholds.gap_crisis",
        label: "Gap from the target that is a crisis",
        kind: "fraction",
        hint: "At least the gap for an alert.",
        check: positive,
      },
      {
        key: "signal_thresholds.cumulative_alert",
        label: "Gap of the plan so far that is an alert",
        kind: "fraction",
        hint: "A fraction above 0.",
        check: positive,
      },
      {
        key: "signal_thresholds.cumulative_crisis",
        label: "Gap of the plan so far that is a crisis",
        kind: "fraction",
        hint: "At least the one for an alert.",
        check: positive,
      },
      {
        key: "signal_thresholds.cumulative_min_periods",
        label: "Periods in before the plan so far counts",
        kind: "int",
        hint: "At least 1.",
        check: between(1, 100000, "It is"),
      },
    ],
  },
];

export const RULES: Rule[] = GROUPS.flatMap((g) => g.rules);
const BODY_KINDS = ["shop_committee", "workplace_committee", "union", "congress", "council", "control", "specialist"];

type Value = string | boolean | string[];
type Constitution = Record<string, unknown>;

function read(c: Constitution, key: string): Value {
  const [a, b] = key.split(".");
  const v = b ? (c[a] as Record<string, unknown> | undefined)?.[b] : c[a];
  if (typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(String);
  return v === undefined || v === null ? "" : String(v);
}

// The whole constitution with `values` in place of the rules they name.
function compose(current: Constitution, values: Record<string, Value>): Constitution {
  const out: Constitution = JSON.parse(JSON.stringify(current));
  for (const r of RULES) {
    let v: unknown = values[r.key];
    if (r.kind === "int") v = Number(v);
    if (typeof v === "string") v = v.trim();
    const [a, b] = r.key.split(".");
    if (b) (out[a] as Record<string, unknown>)[b] = v;
    else out[a] = v;
  }
  return out;
}

function same(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return [...a].sort().join() === [...b].sort().join();
  return typeof a === "string" && typeof b === "string" ? a.trim() === b.trim() : a === b;
}

// A rule's value in words, as the changes list shows it.
export function valueWords(r: Rule, v: Value): string {
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return v.length ? v.map((k) => kindLabel(k).toLowerCase()).join(", ") : "none";
  if (r.kind === "duration" && Number.isFinite(isoSeconds(v))) return `${durationWords(isoSeconds(v))} (${v})`;
  return v;
}

// A limit that one rule alone breaks, in words; "" when it holds.
function problem(r: Rule, v: Value): string {
  if (typeof v === "boolean" || Array.isArray(v)) return "";
  if (r.kind === "duration" && !Number.isFinite(isoSeconds(v)))
    return "Write a duration in days, hours, minutes and seconds, such as P7D, PT12H or P1DT6H.";
  if (r.kind === "share" && !share(v)) return "Write a share such as 1/3 (at most 4 digits each, the first no larger).";
  if (r.kind === "turnout" && v.trim() !== "signatures" && !share(v))
    return "Write “signatures”, or a share such as 1/2.";
  return r.check?.(v) ?? "";
}

// The form is long (every rule of the constitution), so it opens on request.
export function ProposeAmendment({ body, reload }: { body: string; reload: () => void }) {
  const [open, setOpen] = useState(false);
  const c = useApi<{ constitution: Constitution }>(open ? "/api/constitution" : null);
  return (
    <section aria-labelledby="amend-h">
      <h2 id="amend-h">Propose an amendment of the constitution</h2>
      <p class="hint">
        Seat holders of the congress propose it, and it is carried by the amendment majority of the votes cast (at least
        two thirds), with more than half of the congress voting (A13).
      </p>
      <button type="button" class="secondary" aria-expanded={open} aria-controls="amendment-form" onClick={() => setOpen(!open)}>
        {open ? "Close the amendment" : "Write an amendment"}
      </button>
      <div id="amendment-form">
        {open &&
          (c.error ? (
            <ErrorBox error={c.error} retry={c.reload} />
          ) : !c.data ? (
            <Loading what="the constitution" />
          ) : (
            <AmendmentForm body={body} current={c.data.constitution} reload={reload} />
          ))}
      </div>
    </section>
  );
}

function AmendmentForm({ body, current, reload }: { body: string; current: Constitution; reload: () => void }) {
  const initial = Object.fromEntries(RULES.map((r) => [r.key, read(current, r.key)]));
  const [values, setValues] = useState<Record<string, Value>>(initial);
  const [text, setText] = useState("");
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState("");
  const changed = RULES.filter((r) => !same(values[r.key], initial[r.key]));
  const problems = RULES.map((r) => [r.key, problem(r, values[r.key])]).filter(([, p]) => p);
  const act = useSubmit(
    () => {
      setDone("");
      setTried(true);
      if (problems.length > 0 || changed.length === 0) return undefined;
      return command({ propose_motion: { body, text: text.trim(), amendment: compose(current, values) } });
    },
    (reply) => {
      setDone(reply.created[0] ?? "");
      setText("");
      setTried(false);
      reload();
    },
  );
  const err = "amendment-error";
  const set = (key: string, v: Value) => setValues({ ...values, [key]: v });
  const id = (key: string) => `rule-${key.replace(/[._]/g, "-")}`;
  return (
    <form class="form" onSubmit={act.onSubmit} aria-labelledby="amend-h" data-testid="propose-amendment" noValidate>
      <p>
        Each rule starts as it stands now: change the ones to amend. The motion carries the whole constitution as it would
        stand, so the rules left alone stay as they are.
      </p>
      {GROUPS.map((g) => (
        <fieldset key={g.legend} class="rules">
          <legend>{g.legend}</legend>
          {g.rules.map((r) => {
            const v = values[r.key];
            const own = problem(r, v);
            const fromServer = concerns(act.error, "/" + r.key.replace(".", "/"));
            const invalid = !!own || fromServer;
            const describedBy = [r.hint ? `${id(r.key)}-hint` : "", own ? `${id(r.key)}-bad` : ""];
            const aria = fieldAria(invalid, fromServer && !own ? err : undefined, ...describedBy);
            if (r.kind === "bool")
              return (
                <label key={r.key} class="check">
                  <input
                    type="checkbox"
                    id={id(r.key)}
                    checked={v === true}
                    onChange={(e) => set(r.key, (e.target as HTMLInputElement).checked)}
                  />{" "}
                  {r.label}
                </label>
              );
            if (r.kind === "kinds")
              return (
                <fieldset key={r.key} id={id(r.key)} {...(fromServer ? { "aria-describedby": err } : {})}>
                  <legend>{r.label}</legend>
                  {BODY_KINDS.map((k) => (
                    <label key={k} class="check">
                      <input
                        type="checkbox"
                        checked={(v as string[]).includes(k)}
                        onChange={(e) => {
                          const on = (e.target as HTMLInputElement).checked;
                          const list = (v as string[]).filter((x) => x !== k);
                          set(r.key, on ? [...list, k] : list);
                        }}
                      />{" "}
                      {kindLabel(k)}
                    </label>
                  ))}
                </fieldset>
              );
            return (
              <div key={r.key} class="field">
                <label for={id(r.key)}>{r.label}</label>
                {r.kind === "multi" || r.kind === "single" ? (
                  <select id={id(r.key)} value={v as string} onChange={(e) => set(r.key, (e.target as HTMLSelectElement).value)} {...aria}>
                    <option value="scottish-stv">Single transferable vote, Scottish rules</option>
                    <option value="meek-stv">Single transferable vote, Meek's method</option>
                    {r.kind === "single" && <option value="irv">Instant runoff</option>}
                  </select>
                ) : (
                  <input
                    id={id(r.key)}
                    type="text"
                    inputMode={r.kind === "int" ? "numeric" : r.kind === "fraction" ? "decimal" : undefined}
                    autoCapitalize="none"
                    spellcheck={false}
                    value={v as string}
                    onInput={(e) => set(r.key, (e.target as HTMLInputElement).value)}
                    {...aria}
                  />
                )}
                {(r.hint || r.kind === "duration") && (
                  <p id={`${id(r.key)}-hint`} class="hint">
                    {r.kind === "duration" && Number.isFinite(isoSeconds(v as string)) && (
                      <>{durationWords(isoSeconds(v as string))}. </>
                    )}
                    {r.hint}
                  </p>
                )}
                {own && (
                  <p id={`${id(r.key)}-bad`} class="hint counter over">
                    {own}
                  </p>
                )}
              </div>
            );
          })}
        </fieldset>
      ))}
      <div data-testid="amendment-changes" aria-live="polite">
        {changed.length === 0 ? (
          <p class={tried ? "notice error" : "hint"}>No rule is changed yet: change at least one to propose an amendment.</p>
        ) : (
          <>
            <p>
              <strong>The amendment changes:</strong>
            </p>
            <ul>
              {changed.map((r) => (
                <li key={r.key}>
                  {r.label}: {valueWords(r, initial[r.key])} → {valueWords(r, values[r.key])}
                </li>
              ))}
            </ul>
          </>
        )}
        {tried && problems.length > 0 && (
          <p class="notice error">
            {problems.length === 1 ? "One rule is" : `${problems.length} rules are`} outside its limits: see the fields
            marked above.
          </p>
        )}
      </div>
      <TextArea
        id="amendment-text"
        label="The motion: what the amendment does and why"
        value={text}
        onValue={setText}
        max={limits.motion}
        pointer="/text"
        error={act.error}
        errorId={err}
        hint="The congress reads this with the list of changes on the motion's page."
      />
      <FormFooter action={act} label="Propose the amendment" busyLabel="Proposing…" errorId={err}>
        {done !== "" && (
          <p class="notice ok" role="status" data-testid="amendment-done">
            The amendment is before the congress: its seat holders vote on it{" "}
            <Link href={`/motions/${encodeURIComponent(done)}`}>on the motion's page</Link>.
          </p>
        )}
      </FormFooter>
    </form>
  );
}

// What an open amendment would change, against the rules in force now.
export function AmendmentChanges({ proposed }: { proposed: Constitution }) {
  const c = useApi<{ constitution: Constitution }>("/api/constitution");
  if (!c.data) return null;
  const rows = RULES.filter((r) => !same(read(proposed, r.key), read(c.data!.constitution, r.key)));
  return (
    <section aria-labelledby="changes-h">
      <h2 id="changes-h">What it changes</h2>
      {rows.length === 0 ? (
        <p>It changes no rule in force now.</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="amendment-table">
            <caption class="visually-hidden">The rules it changes, as they are and as it would make them</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Now</th>
                <th scope="col">Proposed</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td>{valueWords(r, read(c.data!.constitution, r.key))}</td>
                  <td>{valueWords(r, read(proposed, r.key))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
