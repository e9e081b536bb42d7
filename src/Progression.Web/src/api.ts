// One way to the service for REST and GraphQL alike: the bearer token and the chosen municipality on every call, and
// refusals as RFC 7807 problem details (errors keyed by the JSON path of the field at fault).

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: Record<string, string[]> = {},
    readonly currentVersion?: number,
  ) {
    super(detail || title);
  }

  /** A stale expected version: someone else changed the case since it was read. */
  get isStale() {
    return this.status === 409 && this.currentVersion !== undefined;
  }
}

type Credentials = { token: string; municipality?: string };

let credentials: Credentials | null = null;
let onUnauthorized: () => void = () => {};

export function useCredentials(next: Credentials | null, unauthorized: () => void) {
  credentials = next;
  onUnauthorized = unauthorized;
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Accept", "application/json, application/problem+json");
  if (credentials) {
    headers.set("Authorization", `Bearer ${credentials.token}`);
    if (credentials.municipality) headers.set("X-Municipality", credentials.municipality);
  }
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401 && credentials) onUnauthorized();
  return response;
}

async function problemOf(response: Response): Promise<Problem> {
  const body = await response.json().catch(() => ({}));
  return new Problem(response.status, body.title ?? response.statusText, body.detail ?? "", body.errors ?? {}, body.currentVersion);
}

export async function get<T>(path: string): Promise<T> {
  const response = await send(path, { method: "GET" });
  if (!response.ok) throw await problemOf(response);
  return response.json();
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await send(path, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  if (!response.ok) throw await problemOf(response);
  return response.json();
}

type GraphError = { message: string; extensions?: { code?: string; missing?: string[] } };

// A database of the service's pool did not answer: the figures count the others (MUNICIPALITIES_MISSING names the
// municipalities left out, DATABASES_MISSING the databases, for freshness).
const partial = ["MUNICIPALITIES_MISSING", "DATABASES_MISSING"];

/**
 * A GraphQL query. An answer that leaves out municipalities whose database did not answer comes with them in
 * `missing` (and `partial` set: any part of it missing, a database's freshness too), for the page to say so; any other error is a failure (the dashboards show nothing half-answered unsaid).
 */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T & { missing: string[]; partial: boolean }> {
  const response = await send("/graphql", { method: "POST", body: JSON.stringify({ query, variables }), headers: { "Content-Type": "application/json" } });
  if (response.headers.get("Content-Type")?.includes("problem+json")) throw await problemOf(response);
  const answer = await response.json();
  const errors: GraphError[] = answer.errors ?? [];
  const failures = errors.filter((e) => !partial.includes(e.extensions?.code ?? ""));
  if (failures.length || !answer.data) throw new Problem(response.status, "GraphQL", (failures.length ? failures : errors).map((e) => e.message).join(" "));
  const missing = errors.filter((e) => e.extensions?.code === partial[0]).flatMap((e) => e.extensions?.missing ?? []);
  return { ...answer.data, missing: [...new Set(missing)].sort(), partial: errors.length > 0 };
}
