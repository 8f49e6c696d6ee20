// A thin client for the collegium HTTP API (/api). Errors come back as
// application/problem+json; ApiError carries the server's code and its plain-words detail,
// which the pages show as they are.
import type { components, paths } from "./api-schema";

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

// `body` is sent as JSON, unless `contentType` names another type: then it is the text to send.
async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = contentType;
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const sent = body === undefined ? undefined : contentType === "application/json" ? JSON.stringify(body) : String(body);
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: sent,
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
// A CSV upload (a workplace's production data): the text as it is, as text/csv.
export const postCsv = <T>(path: string, csv: string) => request<T>("POST", path, csv, "text/csv");

// The shapes of the server's answers, derived from its OpenAPI document (web/openapi.json,
// which the server's tests keep equal to what it serves; src/api-schema.d.ts is generated
// from it by `npm run gen:api`, run before every build and typecheck). The names below are
// the ones the pages use.
type Schemas = components["schemas"];

// What a GET of the route `P` answers on success.
export type Get<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { "application/json": infer T } } } };
}
  ? T
  : never;
// What a POST to the route `P` answers on success.
export type Post<P extends keyof paths> = paths[P] extends {
  post: { responses: { 200: { content: { "application/json": infer T } } } };
}
  ? T
  : never;
// One item of a list.
type Item<L> = L extends readonly (infer T)[] ? T : never;

export type Head = Get<"/api/health">["record"];

export type FederationReply = Get<"/api/federation">;
export type TreeNode = Schemas["TreeNode"];
export type Counts = FederationReply["counts"];

export type BodySummary = Item<Get<"/api/bodies">["bodies"]>;
export type Body = Get<"/api/bodies/{id}">;
export type SeatHolder = Item<Body["seat_holders"]>;

export type Workplace = Get<"/api/workplaces/{id}">;
export type Shop = Item<Workplace["shops"]>;

// The economy (issue #14): what a workplace makes, and who changed its data when.
export type WorkplaceProduction = Get<"/api/workplaces/{id}/production">;
export type ProductionChange = Item<WorkplaceProduction["history"]>;
export type EconomySummary = Get<"/api/economy">;

export type Member = Get<"/api/members/{id}">;
export type Office = Item<Member["offices"]>;

export type RecordReply = Get<"/api/record">;
export type RecordEvent = Item<RecordReply["events"]>;
export type Verification = Get<"/api/record/verification">;
// The record in words (issue #15): a sentence for each event, with filters.
export type RecordEntries = Get<"/api/record/entries">;
export type RecordEntry = Item<RecordEntries["entries"]>;

export type SessionInfo = Schemas["SessionInfo"];

// Governance: polls, mandates, officials, recalls, motions. One command a request through
// POST /api/commands; a refusal is an ApiError whose detail says why in words.
export const command = (cmd: Record<string, unknown>) =>
  post<Post<"/api/commands">>("/api/commands", cmd);

export type PollSummary = Item<Get<"/api/polls">["polls"]>;
export type PollState = PollSummary["state"];
export type Poll = Omit<Get<"/api/polls/{id}">, "result"> & { result?: PollResult | null };
export type Candidate = Item<Poll["candidates"]>;

// A closed poll's result is the count's own output, free-form in the document; what the
// pages read of it is stated here.
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
  valid_ballots?: SheetValue; // "89.00000" from some counts: see exact() in countsheet.tsx
  invalid_ballots?: SheetValue;
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
  count_back?: { mandate: string; member: string; member_name?: string; source: string; recount_command: string };
  [key: string]: unknown;
}

export type Mandate = Item<Get<"/api/mandates">["mandates"]>;
export type Official = Get<"/api/officials/{id}">;
export type Report = Item<NonNullable<Official["reports"]>>;
export type BodyPay = Get<"/api/bodies/{id}/pay">;
export type Recall = Get<"/api/recalls/{id}">;
export type Motion = Get<"/api/motions/{id}">;

// Membership decisions and appeals (A12).
export type Appeal = Get<"/api/appeals/{id}">;
export type AdverseDecision = Item<Get<"/api/adverse-decisions">["decisions"]>;

// Planning rounds (issue #14; C1-C4): a round, what each alternative means for one body,
// the bodies that concern a member, and a workplace's adopted targets.
export type RoundView = Get<"/api/rounds/{id}">;
export type RoundSummary = RoundView["round"];
export type RoundAmendment = Item<RoundView["amendments"]>;
export type RoundResult = Item<RoundView["results"]>;
export type RoundBodyView = Get<"/api/rounds/{id}/bodies/{body}">;
export type Bottleneck = Item<Item<RoundBodyView["alternatives"]>["bottlenecks"]>;
export type RoundBodies = Get<"/api/members/{id}/round-bodies">;
export type WorkplaceTarget = Item<Get<"/api/workplaces/{id}/targets">["targets"]>;

// Search across members, bodies, polls and motions (issue #15), grouped by kind.
export type SearchResult = Get<"/api/search">;
export type SearchGroup = Item<SearchResult["groups"]>;
export type SearchHit = Item<SearchGroup["hits"]>;
