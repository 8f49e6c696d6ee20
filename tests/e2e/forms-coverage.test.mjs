// Every member action has a form (issue #15): each command that docs/governance.md lists
// (its table of commands) or that the server takes (the request schema of POST /api/commands
// in web/openapi.json) is mapped here to the page and the form (its data-testid) that give
// it, or marked as deliberately not a form, with why. A command added to the docs or to
// the server without a form, or a form that lost its test id, fails this test; keep the
// list beside the docs' table when either changes. Reads files only: no server, no browser.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (p) => readFileSync(path.join(root, p), "utf8");

// command → where members give it: the page's route (as web/src/app.tsx routes it), the file
// under web/src/pages that draws the form, and the form's data-testid. A command with two
// forms (a motion, and an amendment of the constitution) lists both.
export const FORMS = {
  call_election: [{ page: "/bodies/:id", file: "body.tsx", testid: "call-election" }],
  nominate: [{ page: "/elections/:id", file: "elections.tsx", testid: "nominate" }],
  accept_nomination: [{ page: "/elections/:id", file: "elections.tsx", testid: "nominations" }],
  decline_nomination: [{ page: "/elections/:id", file: "elections.tsx", testid: "nominations" }],
  withdraw_candidacy: [{ page: "/elections/:id", file: "elections.tsx", testid: "nominations" }],
  set_statement: [{ page: "/elections/:id", file: "elections.tsx", testid: "statement-form" }],
  cast_ballot: [
    { page: "/elections/:id", file: "elections.tsx", testid: "ballot" },
    { page: "/elections/:id", file: "elections.tsx", testid: "recall-ballot" },
  ],
  open_recall: [{ page: "/officials/:id", file: "recalls.tsx", testid: "open-recall" }],
  sign_recall: [{ page: "/recalls", file: "recalls.tsx", testid: "sign-recall" }],
  propose_motion: [
    { page: "/motions", file: "motions.tsx", testid: "propose-motion" },
    { page: "/motions", file: "amendment.tsx", testid: "propose-amendment" },
  ],
  vote_motion: [{ page: "/motions/:id", file: "motions.tsx", testid: "vote-motion" }],
  propose_appointment: [{ page: "/appointments", file: "appointments.tsx", testid: "propose-appointment" }],
  recall_appointee: [{ page: "/appointments", file: "appointments.tsx", testid: "recall-appointee" }],
  log_labour: [{ page: "/officials/:id", file: "official.tsx", testid: "log-labour" }],
  report_back: [{ page: "/officials/:id", file: "official.tsx", testid: "report-back" }],
  confirm_labour: [{ page: "/officials/:id", file: "official.tsx", testid: "confirm-labour" }],
  propose_removal: [{ page: "/workplaces/:id", file: "workplace.tsx", testid: "propose-removal" }],
  file_appeal: [{ page: "/appeals", file: "appeals.tsx", testid: "file-appeal" }],
  hear_appeal: [{ page: "/appeals/:id", file: "appeals.tsx", testid: "hear-appeal" }],
  set_workplace_production: [
    { page: "/workplaces/:id", file: "workplace.tsx", testid: "production-form" },
    { page: "/workplaces/:id", file: "workplace.tsx", testid: "production-csv" },
  ],
  propose_round: [{ page: "/rounds", file: "rounds.tsx", testid: "call-round" }],
  propose_round_amendment: [{ page: "/rounds/:id", file: "rounds.tsx", testid: "amend-form" }],
  cast_round_ballot: [{ page: "/rounds/:id", file: "rounds.tsx", testid: "round-ballot-review" }],
  name_reporters: [{ page: "/workplaces/:id/fulfilment", file: "fulfilment.tsx", testid: "name-reporters" }],
  file_report: [{ page: "/workplaces/:id/fulfilment", file: "fulfilment.tsx", testid: "report-form" }],
  confirm_report: [{ page: "/workplaces/:id/fulfilment", file: "fulfilment.tsx", testid: "confirm-report" }],
  propose_target_revision: [
    { page: "/workplaces/:id/fulfilment", file: "revision.tsx", testid: "propose-target-revision" },
  ],
  acknowledge_signal: [{ page: "/signals/:id", file: "signals.tsx", testid: "acknowledge-signal" }],
  resolve_signal: [{ page: "/signals/:id", file: "signals.tsx", testid: "resolve-signal" }],
};

// Commands that are deliberately not a form in the web app, and why.
const OPERATOR = "the operator's: the web app is the members' and has no operator's console; the operator gives it with `collegium` or through POST /api/commands";
export const NOT_FORMS = {
  found_constitution: `${OPERATOR} (\`serve --constitution\` or a federation file), once, before any seat is filled`,
  record_pay: `${OPERATOR}, from the accounts (B8)`,
  apply_for_admission: `${OPERATOR}, on behalf of an applicant, who has no login yet (A12)`,
  import_economy: `${OPERATOR} (\`collegium economy import\`)`,
  create_region: `${OPERATOR}: the registry`,
  create_branch: `${OPERATOR}: the registry`,
  create_workplace: `${OPERATOR}: the registry`,
  create_shop: `${OPERATOR}: the registry`,
  admit_member: `${OPERATOR}: the registry (a member joins by application, which the committee decides)`,
  declare_body: `${OPERATOR}: the registry`,
  advance: "the server's clock alone moves time forward; nobody gives it",
  // Meetings and platforms (issue #17): the domain and the API come first; their pages
  // (agenda, live meeting mode, platforms) are the next step. Move each to FORMS then.
  schedule_meeting: "not yet a form: the meeting pages of issue #17 are still to come (docs/meetings.md)",
  request_floor: "not yet a form: the meeting pages of issue #17 are still to come (docs/meetings.md)",
  give_floor: "not yet a form: the meeting pages of issue #17 are still to come (docs/meetings.md)",
  write_minutes: "not yet a form: the meeting pages of issue #17 are still to come (docs/meetings.md)",
  confirm_minutes: "not yet a form: the meeting pages of issue #17 are still to come (docs/meetings.md)",
  close_item: "not yet a form: the meeting pages of issue #17 are still to come (docs/meetings.md)",
  form_platform: "not yet a form: the platform pages of issue #17 are still to come (docs/meetings.md)",
  support_platform: "not yet a form: the platform pages of issue #17 are still to come (docs/meetings.md)",
};

// The commands the docs' table lists: the first cell of each row under "## Commands".
function documented() {
  const doc = read("docs/governance.md");
  const section = doc.split(/^## Commands$/m)[1]?.split(/^## /m)[0];
  assert.ok(section, "docs/governance.md has a section ## Commands");
  const names = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
  assert.ok(names.length > 20, `the table of commands lists them (found ${names.length})`);
  // The registry commands the paragraph below the table names.
  const registry = /The registry commands \(([^)]*)\)/.exec(section);
  if (registry) names.push(...[...registry[1].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]));
  return new Set(names);
}

// The commands the server takes: the keys of the request schema of POST /api/commands.
function served() {
  const doc = JSON.parse(read("web/openapi.json"));
  const schemas = doc.components.schemas;
  const keys = (s) => {
    if (s.$ref) return keys(schemas[s.$ref.split("/").pop()]);
    if (s.oneOf) return s.oneOf.flatMap(keys);
    return Object.keys(s.properties ?? {});
  };
  const ref = doc.paths["/api/commands"].post.requestBody.content["application/json"].schema;
  return new Set(keys(ref));
}

test("every command the docs list or the server takes has a form, or a reason it has none", () => {
  const known = new Set([...Object.keys(FORMS), ...Object.keys(NOT_FORMS)]);
  const docs = documented();
  const server = served();
  const both = Object.keys(FORMS).filter((c) => c in NOT_FORMS);
  assert.deepEqual(both, [], "a command is either a form or not one");
  const noForm = [...new Set([...docs, ...server])].filter((c) => !known.has(c)).sort();
  assert.deepEqual(noForm, [], "commands without a form in the web app nor a reason in NOT_FORMS");
  const gone = [...known].filter((c) => !server.has(c)).sort();
  assert.deepEqual(gone, [], "commands listed here that the server no longer takes");
  const undocumented = Object.keys(FORMS)
    .filter((c) => !docs.has(c))
    .sort();
  assert.deepEqual(undocumented, [], "member commands with a form that docs/governance.md's table does not list");
});

test("each form named is drawn by its file, for its command, on a page the app routes", () => {
  const app = read("web/src/app.tsx");
  const routed = new Set([
    ...[...app.matchAll(/match\("([^"]+)"/g)].map((m) => m[1]),
    ...[...app.matchAll(/path === "([^"]+)"/g)].map((m) => m[1]),
  ]);
  const missing = [];
  for (const [cmd, forms] of Object.entries(FORMS)) {
    for (const f of forms) {
      const src = read(`web/src/pages/${f.file}`);
      if (!routed.has(f.page)) missing.push(`${cmd}: the app routes no page ${f.page}`);
      if (!src.includes(`data-testid="${f.testid}"`)) missing.push(`${cmd}: ${f.file} has no data-testid="${f.testid}"`);
      // The command is given by name in the file (or, for a form on a page built from
      // several files, in the file that holds the form).
      if (!src.includes(cmd)) missing.push(`${cmd}: ${f.file} never names the command`);
    }
  }
  assert.deepEqual(missing, []);
});
