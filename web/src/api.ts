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
