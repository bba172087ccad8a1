/**
 * Relying-party and browser helpers for the OpenID Provider suites: a browser with a cookie jar
 * (paths honoured; SameSite=Lax modelled: a cross-site form post carries no cookies, as the
 * identity provider's post to the assertion consumer endpoint does not), the round trip through
 * the test identity provider's pages, PKCE, and token endpoint calls.
 */
import { createHash, randomBytes } from "node:crypto";
import { createLocalJWKSet, type JSONWebKeySet } from "jose";
import { callAction } from "./actions";
import type { App } from "./app";
import type { TestDns } from "./dns";
import type { DatabaseSuite } from "./fixtures";
import { createdId, groupBody, userBody } from "./scim-requests";
import { addSsoIdp, verifyEmailDomains, type SpDetails } from "./sso";
import { TestIdp } from "./test-idp";

type StoredCookie = { value: string; path: string };

const decodeEntities = (v: string) =>
  v.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&");

/** The hidden inputs and action of the first form in a page. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? "";
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields[m[1]!] = decodeEntities(m[2]!);
  }
  return { action: decodeEntities(action), fields };
}

export type Step = { url: string; status: number; location: string | null; html: string };

export class Browser {
  /** Cookies per host and name+path (browsers key cookies by host, not port: so does this). */
  private readonly jar = new Map<string, Map<string, StoredCookie & { name: string }>>();
  readonly visited: string[] = [];

  cookieHeader(url: string): string {
    const { hostname, pathname } = new URL(url);
    const cookies = [...(this.jar.get(hostname)?.values() ?? [])].filter(
      (c) => pathname === c.path || pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`),
    );
    // Longer paths first, as browsers send them.
    cookies.sort((a, b) => b.path.length - a.path.length);
    return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  }

  cookieNames(url: string): string[] {
    return this.cookieHeader(url)
      .split("; ")
      .filter(Boolean)
      .map((c) => c.split("=")[0]!);
  }

  private store(url: string, res: Response): void {
    const { hostname } = new URL(url);
    const site = this.jar.get(hostname) ?? new Map<string, StoredCookie & { name: string }>();
    this.jar.set(hostname, site);
    for (const header of res.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";").map((p) => p.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (n: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${n}=`))?.slice(n.length + 1) ?? null;
      const path = attr("path") ?? "/";
      const expires = attr("expires");
      const gone =
        attr("max-age") === "0" ||
        (expires !== null && new Date(expires).getTime() < Date.now()) ||
        value === "";
      const key = `${name};${path}`;
      if (gone) site.delete(key);
      else site.set(key, { name, value, path });
    }
  }

  /** One request, redirects not followed. `crossSite`: a form post from another site (no cookies). */
  async request(
    url: string,
    init: {
      method?: string;
      form?: Record<string, string>;
      crossSite?: boolean;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Step> {
    this.visited.push(url);
    const cookie = init.crossSite ? "" : this.cookieHeader(url);
    const res = await fetch(url, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      redirect: "manual",
      headers: {
        ...(cookie ? { Cookie: cookie } : {}),
        ...(init.form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
        ...init.headers,
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    this.store(url, res);
    const location = res.headers.get("location");
    return {
      url,
      status: res.status,
      location: location ? new URL(location, url).toString() : null,
      html: location ? "" : await res.text(),
    };
  }

  /** Follows redirects from `url` while `until` does not match the next location. */
  async follow(url: string, until: (location: string) => boolean = () => false, max = 20): Promise<Step> {
    let step = await this.request(url);
    for (let i = 0; step.location && !until(step.location) && i < max; i++) {
      step = await this.request(step.location);
    }
    return step;
  }
}

/**
 * From the test identity provider's sign-in page: signs in as `username` and posts the answer to
 * the assertion consumer endpoint as its auto-posting form does (cross-site: no cookies), then
 * follows Rollcall's redirects until one leaves for `stopAt` (the application's redirect URI).
 */
export async function signInAtTestIdp(
  browser: Browser,
  idpPage: Step,
  username: string,
  stopAt: string,
  groups: readonly string[] = [],
): Promise<Step> {
  const login = formOf(idpPage.html);
  const origin = new URL(idpPage.url).origin;
  const completed = await browser.request(`${origin}${login.action}`, {
    form: { ...login.fields, username, groups: groups.join(",") },
  });
  const post = formOf(completed.html);
  const acs = await browser.request(post.action, { form: post.fields, crossSite: true });
  if (!acs.location) return acs;
  return browser.follow(acs.location, (l) => l.startsWith(stopAt));
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export type Client = { clientId: string; clientSecret?: string; redirectUri: string };

export function authorizeUrl(
  issuer: string,
  client: Client,
  params: Record<string, string> & { code_challenge: string },
): string {
  const url = new URL(`${issuer}/oidc/auth`);
  const query: Record<string, string> = {
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: "code",
    scope: "openid profile email groups",
    code_challenge_method: "S256",
    ...params,
  };
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}

export type TokenReply = { status: number; body: Record<string, unknown> };

/** A token endpoint request (client_secret_basic for a confidential client). */
export async function tokenRequest(
  issuer: string,
  client: Client,
  form: Record<string, string>,
  { secret = client.clientSecret }: { secret?: string } = {},
): Promise<TokenReply> {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  const body = new URLSearchParams(form);
  if (secret !== undefined) {
    const basic = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(secret)}`;
    headers.Authorization = `Basic ${Buffer.from(basic).toString("base64")}`;
  } else {
    body.set("client_id", client.clientId);
  }
  const res = await fetch(`${issuer}/oidc/token`, { method: "POST", headers, body: body.toString() });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function userinfo(issuer: string, accessToken: string): Promise<TokenReply> {
  const res = await fetch(`${issuer}/oidc/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** How long a block's set-up with setUpCompany may take on a busy 2-core machine. */
export const SETUP_TIMEOUT = 300_000;

/**
 * A company (the block's tenant) ready for sign-in through the OpenID Provider: a SAML 2.0 and a
 * WS-Federation identity provider backed by the test IdP, each with a verified email domain
 * (contoso.example → SAML, wsfed.contoso.example → WS-Federation), and provisioned people in
 * groups. Bob's address is at a domain nobody verified.
 */
export type Company = {
  idp: TestIdp;
  saml: SpDetails;
  wsfed: SpDetails;
  users: { ada: string; grace: string; bob: string };
  groups: { engineering: string; staff: string };
};

export async function setUpCompany(suite: DatabaseSuite, dns: TestDns): Promise<Company> {
  const { app, tenant, scim } = suite;
  const idp = await TestIdp.create();
  await idp.start();
  // CLI runs in pairs: each starts a process, and a busy machine makes them the set-up's cost. Both
  // are made at once, so the SAML one is the tenant's default explicitly (not by being the older).
  const [saml, wsfed] = await Promise.all([
    addSsoIdp(app, tenant.tenantId, {
      type: "saml",
      name: "Entra SAML",
      metadata: idp.metadataXml(),
      isDefault: true,
    }),
    addSsoIdp(app, tenant.tenantId, { type: "wsfed", name: "Entra WS-Fed", metadata: idp.metadataXml() }),
  ]);
  await Promise.all([
    app.cli("idp", "sso-settings", "--idp", saml.idpId, "--email-domains", "contoso.example,pending.example"),
    app.cli("idp", "sso-settings", "--idp", wsfed.idpId, "--email-domains", "wsfed.contoso.example"),
  ]);
  await Promise.all([
    verifyEmailDomains(app, dns, saml.idpId, ["contoso.example"]),
    verifyEmailDomains(app, dns, wsfed.idpId),
  ]);
  const person = async (userName: string, given: string, family: string, email = userName) =>
    createdId(
      await scim(
        "POST",
        "/Users",
        userBody({
          userName,
          active: true,
          displayName: `${given} ${family}`,
          name: { givenName: given, familyName: family },
          emails: [
            { value: `${given.toLowerCase()}@other.example`, type: "home" },
            { value: email, type: "work", primary: true },
          ],
        }),
      ),
    );
  const ada = await person("ada@contoso.example", "Ada", "Lovelace");
  const grace = await person("grace@wsfed.contoso.example", "Grace", "Hopper");
  const bob = await person("bob@contoso.example", "Bob", "Kahn", "bob@personal.example");
  const engineering = createdId(await scim("POST", "/Groups", groupBody("Engineering", [ada, grace])));
  const staff = createdId(await scim("POST", "/Groups", groupBody("Staff", [ada])));
  return { idp, saml, wsfed, users: { ada, grace, bob }, groups: { engineering, staff } };
}

/** Registers an application through the CLI. */
export async function registerApp(
  app: App,
  name: string,
  { public: isPublic = false, tenants = [] as string[], redirectUri = `http://localhost/${name}/cb` } = {},
): Promise<Client & { postLogoutRedirectUri: string }> {
  const postLogoutRedirectUri = `http://localhost/${name}/bye`;
  const args = ["app", "create", "--name", name, "--redirect-uri", redirectUri];
  args.push("--post-logout-redirect-uri", postLogoutRedirectUri);
  if (isPublic) args.push("--public");
  for (const t of tenants) args.push("--tenant", t);
  const created = await app.cli<{ clientId: string; clientSecret?: string }>(...args);
  return { ...created, redirectUri, postLogoutRedirectUri };
}

/** The JWKS as published now (no cache: key rotation tests read it again). */
export async function publishedJwks(issuer: string): Promise<ReturnType<typeof createLocalJWKSet>> {
  const res = await fetch(`${issuer}/oidc/jwks`);
  return createLocalJWKSet((await res.json()) as JSONWebKeySet);
}

export type SignedIn = {
  browser: Browser;
  callback: URL;
  code: string;
  state: string;
  nonce: string;
  verifier: string;
};

/**
 * An application's sign-in, as a browser makes it: authorization request → Rollcall → the test
 * IdP's page (as `username`) → Rollcall → the application's redirect URI with a code. With no
 * login_hint or organization, the work email is typed on Rollcall's page (`email`).
 */
export async function signIn(
  issuer: string,
  client: Client,
  idpUrl: string,
  username: string,
  {
    params = {},
    email,
    browser = new Browser(),
    verifier: given,
    groups = [],
  }: {
    params?: Record<string, string>;
    email?: string;
    browser?: Browser;
    verifier?: string;
    /** The groups claim the test IdP sends. */
    groups?: readonly string[];
  } = {},
): Promise<SignedIn> {
  const { verifier, challenge } = given
    ? { verifier: given, challenge: createHash("sha256").update(given).digest("base64url") }
    : pkce();
  const state = randomBytes(12).toString("base64url");
  const nonce = randomBytes(12).toString("base64url");
  const start = authorizeUrl(issuer, client, { state, nonce, code_challenge: challenge, ...params });
  let step = await browser.follow(start, (l) => l.startsWith(idpUrl) || /\/email(\?|$)/.test(l));
  if (step.location && /\/email(\?|$)/.test(step.location)) {
    const page = new URL(step.location);
    const uid = page.pathname.split("/")[2]!;
    const reply = await callAction(issuer, "signInWithEmailAction", [uid, email ?? username], {
      cookie: browser.cookieHeader(page.toString()),
      page: page.pathname,
    });
    if (!reply.redirect) throw new Error(`the email did not route: ${reply.text.slice(0, 500)}`);
    // Next.js names how the browser should navigate after the URL (";push").
    step = { ...step, location: reply.redirect.replace(/;(push|replace)$/, "") };
  }
  if (!step.location?.startsWith(idpUrl)) {
    throw new Error(
      `did not reach the identity provider: ${step.status} ${step.location} ${step.html.slice(0, 300)}`,
    );
  }
  const idpPage = await browser.request(step.location);
  const back = await signInAtTestIdp(browser, idpPage, username, client.redirectUri, groups);
  if (!back.location?.startsWith(client.redirectUri)) {
    throw new Error(
      `did not come back to the application: ${back.status} ${back.location} ${back.html.slice(0, 300)}`,
    );
  }
  const callback = new URL(back.location);
  return { browser, callback, code: callback.searchParams.get("code") ?? "", state, nonce, verifier };
}

/** The code for tokens, as the application's back end does. */
export function redeem(
  issuer: string,
  client: Client,
  signedIn: SignedIn,
  extra: Record<string, string> = {},
) {
  return tokenRequest(issuer, client, {
    grant_type: "authorization_code",
    code: signedIn.code,
    redirect_uri: client.redirectUri,
    code_verifier: signedIn.verifier,
    ...extra,
  });
}
