// A thin client for the collegium HTTP API (/api). Errors come back as
// application/problem+json; ApiError carries the server's code and its plain-words detail,
// which the pages show as they are.

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public detail: string,
    public field?: string,
  ) {
    super(detail);
  }
}

let csrfToken = "";
export function setCsrfToken(token: string) {
  csrfToken = token;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "The server cannot be reached. Check your connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const detail = data && typeof data.detail === "string" ? data.detail : `The server answered ${res.status}.`;
    throw new ApiError(res.status, data?.code ?? "error", detail, data?.field);
  }
  return data as T;
}

export const get = <T>(path: string) => request<T>("GET", path);
export const post = <T>(path: string, body: unknown) => request<T>("POST", path, body);
export const del = <T>(path: string) => request<T>("DELETE", path);

export interface Head {
  seq: number;
  hash: string;
}

export interface TreeNode {
  id: string;
  name: string;
  kind: string;
  seats: number;
  term_months: number;
  electorate: number;
  omitted: number;
  shown_above: boolean;
  constituency_kind: "bodies" | "workplace" | "shop";
  constituency_name?: string;
  electors: TreeNode[];
}

export interface Counts {
  regions: number;
  branches: number;
  workplaces: number;
  shops: number;
  members: number;
  bodies: number;
  production: number;
  technical: number;
  administrative: number;
}

export interface FederationReply {
  counts: Counts;
  tree: TreeNode[];
  record: Head;
}

export interface BodySummary {
  id: string;
  name: string;
  kind: string;
  seats: number;
}

export interface SeatHolder {
  seat: number;
  holder: null | string | { id: string; name?: string };
  holder_name?: string;
  mandate?: string;
  origin?: string;
  term_ends: string | null;
}

export interface Body {
  id: string;
  name: string;
  kind: string;
  seats: number;
  term_months: number;
  branch?: string;
  region?: string;
  constituency: { workplace?: string; shop?: string; bodies?: string[] };
  constituency_name?: string;
  electorate: number;
  electors: BodySummary[];
  elects: BodySummary[];
  seat_holders: SeatHolder[];
  open_election?: string;
}

export interface Shop {
  id: string;
  name: string;
  members: number;
}

export interface Workplace {
  id: string;
  name: string;
  region: string;
  branch: string;
  region_name?: string;
  branch_name?: string;
  members: number;
  shops: Shop[];
  bodies: BodySummary[];
}

export interface Office {
  body?: string;
  body_name?: string;
  seat?: number;
  term_ends?: string;
  mandate?: string;
  origin?: string;
  ends?: string;
  [key: string]: unknown;
}

export interface Member {
  id: string;
  name: string;
  category: string;
  workplace: string;
  workplace_name?: string;
  offices: Office[];
  shop?: string;
  joined?: string;
}

export interface RecordEvent {
  seq: number;
  time: string;
  type: string;
  actor: string;
  payload: unknown;
  hash?: string;
}

export interface RecordReply {
  events: RecordEvent[];
  head: Head;
}

export type Verification =
  | {
      valid: true;
      events: number;
      checkpoints: number;
      last_checkpoint_seq?: number;
      head: string;
      keys: string[];
      seconds: string;
    }
  | { valid: false; where: string; reason: string };

export interface SessionInfo {
  member: string;
  csrf_token?: string;
  expires: string;
  operator: boolean;
  name?: string;
}

// Governance: polls, mandates, officials, recalls, motions. One command a request through
// POST /api/commands; a refusal is an ApiError whose detail says why in words.
export const command = (cmd: Record<string, unknown>) =>
  post<{ events: number[]; head: Head }>("/api/commands", cmd);

export type PollState = "nominating" | "voting" | "closed";

export interface PollSummary {
  id: string;
  kind: "election" | "recall";
  state: PollState;
  body: string;
  body_name: string;
  seats: number;
  reason: string;
  nominations_close: string;
  voting_close: string;
  voters: number;
  electorate: number;
  candidates: number;
  called: string;
  mandate?: string;
}

export interface Candidate {
  member: string;
  name: string;
  nominated_by: string;
  by_union: boolean;
  statement: string;
  category?: string;
}

export type SheetValue = string | number;

export interface SheetStage {
  number: number;
  action: string;
  values: Record<string, SheetValue>;
  transfers?: Record<string, SheetValue>;
  decisions?: { candidate: string; outcome: string; reason?: string }[];
  non_transferable?: SheetValue;
  loss_by_fractions?: SheetValue;
}

export interface CountSheet {
  method: string;
  title?: string;
  seats?: number;
  quota?: SheetValue;
  decimals?: number;
  candidates: string[];
  elected: string[];
  stages: SheetStage[];
  final?: Record<string, SheetValue>;
  notes?: string[];
  valid_ballots?: number;
  invalid_ballots?: number;
}

export interface PollResult {
  elected?: string[];
  sheet?: CountSheet;
  voters?: number;
  yes?: number;
  no?: number;
  recalled?: boolean;
  // A delegates' vote: each ballot with the delegate who cast it and their weight.
  open_ballots?: { member: string; name: string; weight: number; ranking: string[] }[];
  // A recall vote whose seat was refilled by count-back, and the command that repeats it.
  count_back?: { mandate: string; member: string; source: string; recount_command: string };
  [key: string]: unknown;
}

export interface Mandate {
  id: string;
  body: string;
  body_name: string;
  member: string;
  member_name: string;
  origin: string;
  source: string;
  protected: boolean;
  started: string;
  ends: string;
  consenting_body?: string;
  consenting_body_name?: string;
  ended?: string;
  end_reason?: string;
  report_due?: string;
  report_overdue?: boolean;
}

export interface Report {
  id: string;
  mandate: string;
  body: string;
  body_name: string;
  text: string;
  time: string;
}

export interface BodyPay {
  body: string;
  pay: null | {
    monthly: number;
    benefits: string;
    electorate_median?: number;
    electorate_with_pay?: number;
    differential?: number;
  };
}

export interface Poll {
  id: string;
  kind: "election" | "recall";
  state: PollState;
  body: string;
  body_name: string;
  seats: number;
  method: string;
  reason: string;
  called_by: string;
  called: string;
  closed?: string;
  nominations_close: string;
  voting_close: string;
  voters: number;
  electorate: number;
  result?: PollResult | null;
  ballots_url?: string;
  // The `collegium count` command that repeats the official count on the ballots saved as
  // `${id}.blt`.
  recount_command?: string;
  // Delegates vote openly: their ballots are public with their names and weights.
  open_vote?: boolean;
  mandate?: Mandate;
  recall?: { id: string; reason: string; opened_by: string };
  candidates: Candidate[];
  replaces?: string;
  you?: { elector: boolean; weight: number; voted: boolean; candidate: boolean };
}

export interface Recall {
  id: string;
  mandate: string;
  opened_by: string;
  opened_by_name: string;
  reason: string;
  state: string;
  threshold: number;
  signatures: number;
  poll?: string;
  official?: Mandate;
  you?: { signed: boolean };
}

export interface Official {
  id: string;
  name: string;
  category: string;
  workplace: string;
  mandates: Mandate[];
  votes: { motion: string; choice: string; body: string; body_name: string; text: string; state: string }[];
  labour: { id: string; shop: string; start: string; days: number; note: string; confirmed_by: string }[];
  labour_days_confirmed: number;
  labour_days_a_year: number;
  recalls: Recall[];
  reports?: Report[];
}

export interface Motion {
  id: string;
  kind: string;
  state: string;
  body: string;
  body_name: string;
  proposed_by: string;
  proposed_by_name: string;
  text: string;
  closes: string;
  payload: unknown;
  yes: number;
  no: number;
  abstain: number;
  votes?: { member: string; name: string; choice: string }[];
}

// Membership decisions and appeals (A12).
export interface Appeal {
  id: string;
  decision: string;
  kind: "admission" | "removal";
  subject: string;
  subject_name: string;
  filed_by: string;
  grounds: string;
  body: string;
  body_name: string;
  state: "filed" | "heard" | "upheld" | "dismissed";
  filed: string;
  heard_by?: string;
  heard_by_name?: string;
  minutes?: string;
  motion?: string;
  decision_motion?: Motion;
  hearing_motion?: Motion;
  you?: { hear: boolean };
}

export interface AdverseDecision {
  decision: string;
  kind: "admission" | "removal";
  subject: string;
  person: string;
  name: string;
  body: string;
  body_name: string;
  decided: string;
  appeal_until: string;
  open: boolean;
  text?: string;
  appeal?: Appeal;
}
