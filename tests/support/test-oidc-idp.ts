/**
 * Test OpenID Connect identity providers on 127.0.0.1, beside the SAML / WS-Federation test IdP:
 *
 * - TestOidcIdp: a real OpenID Provider (oidc-provider, as Rollcall's own) with a sign-in page that
 *   signs in the username the test (or the browser) types, with the groups typed next to it — for
 *   the sign-ins that must work, in the integration suite and end to end in Chromium.
 * - HostileOidcIdp: a hand-made issuer (jose) that answers every authorization at once and hands
 *   out the ID token the test asks for: tampered, unsigned (`alg: none`), for another audience or
 *   issuer, expired, with another nonce, HMAC-signed with the client secret, or signed with a key
 *   it rotated in — for the refusals.
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import Provider, { type Configuration } from "oidc-provider";

const esc = (v: string) => v.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
}

export type OidcClientRegistration = { clientId: string; clientSecret: string };

/** A signing key as a private JWK (for oidc-provider) and its kid. */
async function signingKey(): Promise<{ jwk: JWK; kid: string }> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomBytes(8).toString("hex");
  return { jwk: { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" }, kid };
}

export class TestOidcIdp {
  readonly client: OidcClientRegistration = {
    clientId: `rollcall-${randomBytes(4).toString("hex")}`,
    clientSecret: randomBytes(24).toString("base64url"),
  };
  url = "";
  private server: http.Server | null = null;
  private provider: Provider | null = null;
  private redirectUris: string[] = [];
  private key: JWK | null = null;
  /** The groups each username was signed in with (the groups claim). */
  private readonly groups = new Map<string, string[]>();
  /** Every secret this issuer handed out (codes, tokens): none may reach Rollcall's log. */
  readonly issued = new Set<string>();

  async start(): Promise<string> {
    this.key = (await signingKey()).jwk;
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.url = await listen(this.server);
    this.provider = this.build();
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Registers Rollcall's redirect URI for the client (known once the identity provider exists). */
  allowRedirectUri(uri: string): void {
    this.redirectUris.push(uri);
    this.provider = this.build();
  }

  private build(): Provider {
    const configuration: Configuration = {
      clients: [
        {
          client_id: this.client.clientId,
          client_secret: this.client.clientSecret,
          redirect_uris: this.redirectUris.length ? this.redirectUris : [`${this.url}/unused`],
          response_types: ["code"],
          grant_types: ["authorization_code"],
          token_endpoint_auth_method: "client_secret_basic",
        },
      ],
      jwks: { keys: [this.key!] },
      // The groups claim is released with openid, as an Entra app registration's groups claim is,
      // and so is amr (how the person signed in, from the login below).
      claims: {
        openid: ["sub", "groups", "amr"],
        email: ["email", "email_verified"],
        profile: ["name", "given_name", "family_name", "preferred_username"],
      },
      // Entra and Okta put the profile, email and groups claims in the ID token: so does this one.
      conformIdTokenClaims: false,
      findAccount: (_ctx, id) => ({
        accountId: id,
        claims: () => ({
          sub: `sub-${createHash("sha256").update(id).digest("hex").slice(0, 16)}`,
          email: id,
          email_verified: true,
          preferred_username: id,
          name: "Olive Idcee",
          given_name: "Olive",
          family_name: "Idcee",
          groups: this.groups.get(id) ?? [],
        }),
      }),
      cookies: {
        keys: ["test-oidc-idp"],
        names: { session: "idp_session", interaction: "idp_interaction", resume: "idp_resume" },
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      loadExistingGrant: async (ctx) => {
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client!.clientId,
          accountId: ctx.oidc.session!.accountId!,
        });
        grant.addOIDCScope(String(ctx.oidc.params?.scope ?? "openid"));
        await grant.save();
        return grant;
      },
      pkce: { required: () => true },
      features: { devInteractions: { enabled: false } },
    };
    const provider = new Provider(this.url, configuration);
    provider.on("grant.success", (ctx) => {
      const body = ctx.body as Record<string, unknown> | undefined;
      for (const name of ["access_token", "id_token"]) {
        if (typeof body?.[name] === "string") this.issued.add(body[name]);
      }
    });
    provider.on("authorization.success", (ctx) => {
      const location = ctx.response.get("location");
      const code = location ? new URL(location).searchParams.get("code") : null;
      if (code) this.issued.add(code);
    });
    return provider;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const interaction = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (!interaction) return this.provider!.callback()(req, res);
    const details = await this.provider!.interactionDetails(req, res);
    if (req.method === "GET" && !interaction[2]) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><html lang="en"><head><title>Test OpenID Provider</title></head><body><h1>Test OpenID Provider</h1>` +
          `<form method="post" action="/interaction/${esc(details.uid)}/login">` +
          `<label>Username <input name="username" autocomplete="off"></label>` +
          `<label>Groups (comma-separated) <input name="groups" autocomplete="off"></label>` +
          `<button>Sign in</button></form></body></html>`,
      );
      return;
    }
    const form = await readForm(req);
    const username = form.get("username") ?? "";
    this.groups.set(
      username,
      (form.get("groups") ?? "")
        .split(",")
        .map((g) => g.trim())
        .filter(Boolean),
    );
    await this.provider!.interactionFinished(
      req,
      res,
      { login: { accountId: username, amr: ["pwd", "mfa", "x-vendor-method"] } },
      { mergeWithLastSubmission: false },
    );
  }
}

/** What the hostile issuer puts in the next ID token it hands out. */
export type HostileMode =
  | "valid"
  | "tampered"
  | "alg-none"
  | "other-audience"
  | "other-issuer"
  | "expired"
  | "expired-within-skew"
  | "wrong-nonce"
  | "no-nonce"
  | "hs256"
  | "unknown-key";

type HostileKey = { privateKey: CryptoKey; jwk: JWK; kid: string };

export class HostileOidcIdp {
  readonly client: OidcClientRegistration = {
    clientId: `rollcall-${randomBytes(4).toString("hex")}`,
    clientSecret: randomBytes(24).toString("base64url"),
  };
  url = "";
  /** The ID token the next authorization gets, and for whom. */
  mode: HostileMode = "valid";
  username = "";
  groups: string[] = [];
  /** When the JWKS was last served (Rollcall fetches it again for an unknown kid at most once a minute). */
  jwksServedAt = 0;
  readonly issued = new Set<string>();
  private server: http.Server | null = null;
  private keys: HostileKey[] = [];
  /** A key made by rotate() and not published yet: it signs "unknown-key" tokens. */
  private next: HostileKey | null = null;
  private readonly codes = new Map<string, { nonce: string | null; challenge: string }>();

  async start(): Promise<string> {
    this.keys = [await this.newKey()];
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.url = await listen(this.server);
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async newKey(): Promise<HostileKey> {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const kid = randomBytes(8).toString("hex");
    return { privateKey, kid, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
  }

  /** Makes a new signing key: it signs "unknown-key" tokens now, and every token once published. */
  async rotate(): Promise<void> {
    this.next = await this.newKey();
  }

  /** Publishes the rotated key in the JWKS, retiring the old one: valid tokens are signed with it. */
  publishRotatedKey(): void {
    if (!this.next) throw new Error("rotate() first");
    this.keys = [this.next];
    this.next = null;
  }

  private async idToken(audience: string, nonce: string | null): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const [key] = this.keys;
    const claims = {
      email: this.username,
      email_verified: true,
      preferred_username: this.username,
      name: "Hostile Case",
      groups: this.groups,
      amr: ["pwd"],
      ...(this.mode === "no-nonce" ? {} : { nonce: this.mode === "wrong-nonce" ? "another-nonce" : nonce }),
    };
    const expiresIn = this.mode === "expired" ? -600 : this.mode === "expired-within-skew" ? -30 : 300;
    const jwt = new SignJWT(claims)
      .setIssuer(this.mode === "other-issuer" ? "https://issuer.attacker.example" : this.url)
      .setAudience(this.mode === "other-audience" ? "someone-else" : audience)
      .setSubject(`hostile-${this.username}`)
      .setIssuedAt(now + Math.min(0, expiresIn) - 60)
      .setExpirationTime(now + expiresIn);
    if (this.mode === "hs256") {
      return jwt
        .setProtectedHeader({ alg: "HS256" })
        .sign(new TextEncoder().encode(this.client.clientSecret));
    }
    if (this.mode === "unknown-key") {
      const signer = this.next ?? this.keys[0]!;
      return jwt.setProtectedHeader({ alg: "RS256", kid: signer.kid }).sign(signer.privateKey);
    }
    const signed = await jwt.setProtectedHeader({ alg: "RS256", kid: key!.kid }).sign(key!.privateKey);
    const [header, payload, signature] = signed.split(".");
    if (this.mode === "tampered") {
      // The payload changed after signing (another user), the signature kept.
      const changed = {
        ...JSON.parse(Buffer.from(payload!, "base64url").toString()),
        email: "admin@contoso.example",
      };
      return `${header}.${Buffer.from(JSON.stringify(changed)).toString("base64url")}.${signature}`;
    }
    if (this.mode === "alg-none") {
      const none = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
      return `${none}.${payload}.`;
    }
    return signed;
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify(body));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    switch (url.pathname) {
      case "/.well-known/openid-configuration":
        return this.json(res, 200, {
          issuer: this.url,
          authorization_endpoint: `${this.url}/authorize`,
          token_endpoint: `${this.url}/token`,
          jwks_uri: `${this.url}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          // Advertises what an attacker would like a relying party to accept.
          id_token_signing_alg_values_supported: ["RS256", "HS256", "none"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic"],
        });
      case "/jwks":
        this.jwksServedAt = Date.now();
        return this.json(res, 200, { keys: this.keys.map((k) => k.jwk) });
      case "/authorize": {
        const p = url.searchParams;
        const code = randomBytes(16).toString("base64url");
        this.issued.add(code);
        this.codes.set(code, { nonce: p.get("nonce"), challenge: p.get("code_challenge") ?? "" });
        const back = new URL(p.get("redirect_uri") ?? "");
        back.searchParams.set("code", code);
        back.searchParams.set("state", p.get("state") ?? "");
        res.writeHead(302, { Location: back.toString() }).end();
        return;
      }
      case "/token": {
        const form = await readForm(req);
        const basic = Buffer.from(
          (req.headers.authorization ?? "").replace(/^Basic /, ""),
          "base64",
        ).toString();
        const [id, secret] = basic.split(":").map(decodeURIComponent);
        const pending = this.codes.get(form.get("code") ?? "");
        this.codes.delete(form.get("code") ?? "");
        const verifier = form.get("code_verifier") ?? "";
        const challenge = createHash("sha256").update(verifier).digest("base64url");
        if (id !== this.client.clientId || secret !== this.client.clientSecret) {
          return this.json(res, 401, { error: "invalid_client" });
        }
        if (!pending || pending.challenge !== challenge)
          return this.json(res, 400, { error: "invalid_grant" });
        const idToken = await this.idToken(id, pending.nonce);
        const accessToken = randomBytes(16).toString("base64url");
        this.issued.add(idToken);
        this.issued.add(accessToken);
        return this.json(res, 200, {
          access_token: accessToken,
          token_type: "Bearer",
          expires_in: 300,
          id_token: idToken,
        });
      }
      default:
        res.writeHead(404).end();
    }
  }
}
