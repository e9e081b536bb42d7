import { get, post } from "./api";

/** Who is signed in, as their access token says. The token lives in this tab's session storage, never in local storage. */
export type Session = {
  token: string;
  user: string;
  roles: string[];
  municipalities: string[];
  /** The municipality a member of staff with several works in now (sent as X-Municipality). */
  municipality?: string;
  expiresAt: number;
  oidc: boolean;
};

export type DemoUser = { id: string; role: string; municipalities: string[] };

export type SignInOptions =
  | { mode: "development"; users: DemoUser[] }
  | { mode: "oidc"; authority: string; clientId: string; audience?: string; scope: string }
  | { mode: "unavailable" };

const key = "progression.session";

export const signInOptions = () => get<SignInOptions>("/api/sign-in");

export function stored(): Session | null {
  const text = sessionStorage.getItem(key);
  const session = text ? (JSON.parse(text) as Session) : null;
  return session && session.expiresAt > Date.now() ? session : null;
}

export function store(session: Session | null) {
  if (session) sessionStorage.setItem(key, JSON.stringify(session));
  else sessionStorage.removeItem(key);
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** Reads the token's claims for the page's own use (whom to greet, which menu); the service checks the token itself. */
export function sessionOf(token: string, oidc: boolean): Session {
  const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
  const municipalities = list(claims.municipality);
  return {
    token, oidc,
    user: String(claims.sub),
    roles: list(claims.role),
    municipalities,
    municipality: municipalities.length === 1 ? municipalities[0] : undefined,
    expiresAt: Number(claims.exp) * 1000,
  };
}

export const isEvaluatorOnly = (s: Session) => s.roles.includes("evaluator") && !s.roles.some((r) => r === "coordinator" || r === "mentor");
export const isStaff = (s: Session) => s.roles.some((r) => r === "coordinator" || r === "mentor");

/** Staff act in one municipality at a time; evaluators read all of theirs (the dashboard filters). */
export const needsMunicipality = (s: Session) => !isEvaluatorOnly(s) && s.municipalities.length > 1 && !s.municipality;

export async function signInAsDemoUser(user: string): Promise<Session> {
  const { accessToken } = await post<{ accessToken: string }>("/api/sign-in/development", { user });
  return sessionOf(accessToken, false);
}

// oidc-client-ts is loaded only where an OIDC provider is configured.
async function userManager(options: Extract<SignInOptions, { mode: "oidc" }>) {
  const { UserManager, WebStorageStateStore } = await import("oidc-client-ts");
  return new UserManager({
    authority: options.authority,
    client_id: options.clientId,
    redirect_uri: `${location.origin}/signin/callback`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: "code",
    scope: options.scope,
    extraQueryParams: options.audience ? { audience: options.audience } : {},
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

/** Authorization code flow with PKCE: to the provider and back to /signin/callback. */
export async function signInWithProvider(options: Extract<SignInOptions, { mode: "oidc" }>, returnTo: string) {
  await (await userManager(options)).signinRedirect({ state: returnTo });
}

export async function completeProviderSignIn(options: Extract<SignInOptions, { mode: "oidc" }>): Promise<{ session: Session; returnTo: string }> {
  const user = await (await userManager(options)).signinRedirectCallback();
  return { session: sessionOf(user.access_token, true), returnTo: typeof user.state === "string" ? user.state : "/" };
}

export async function signOutOfProvider(options: Extract<SignInOptions, { mode: "oidc" }>) {
  const manager = await userManager(options);
  await manager.removeUser();
  await manager.signoutRedirect().catch(() => location.assign("/"));
}
