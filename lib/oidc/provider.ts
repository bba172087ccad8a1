/**
 * Rollcall's OpenID Provider: oidc-provider (the certified implementation) configured for the
 * authorization code flow only, PKCE (S256) required of every application, refresh tokens with
 * offline_access, RP-initiated logout and token revocation. Everything it stores goes to the
 * database (lib/oidc/store.ts), clients are our applications, accounts our provisioned users.
 *
 * One provider per process and signing-key generation: an instance checks the newest generation
 * at most every KEY_CHECK_SECONDS and builds a new provider when `oidc rotate-keys` made one, so
 * every instance signs with the new key within that bound (the previous key stays published).
 */
import { timingSafeEqual } from "node:crypto";
import {
  Provider,
  type Adapter,
  type AdapterPayload,
  type ClientMetadata,
  type Configuration,
} from "oidc-provider";
import { USER_SESSION_HOURS, OIDC_COOKIE_NAMES } from "@/lib/security/cookies";
import { derivedKey } from "@/lib/security/encryption";
import { hashToken } from "@/lib/security/token-hash";
import { findAccount, pairwiseSubject } from "./accounts";
import { findApplicationRecord } from "./applications";
import { CLAIMS_BY_SCOPE } from "./claims";
import { interactionPath, OIDC_ROUTES, oidcIssuer } from "./issuer";
import { currentGeneration, signingKeys, SIGNING_ALG, type KeySet } from "./keys";
import { logoutSource, postLogoutSuccessSource, renderError } from "./pages";
import { grantRequested, rollcallPolicy } from "./policy";
import { OidcStore } from "./store";

export const KEY_CHECK_SECONDS = 5;
/** Lifetimes, in seconds. */
export const TTL = {
  AccessToken: 3600,
  AuthorizationCode: 60,
  IdToken: 3600,
  Interaction: 15 * 60,
  Session: USER_SESSION_HOURS * 3600,
  Grant: 14 * 86_400,
  RefreshToken: 14 * 86_400,
} as const;

export const SCOPES = [
  "openid",
  "offline_access",
  ...Object.keys(CLAIMS_BY_SCOPE).filter((s) => s !== "openid"),
];

/**
 * The sector URI oidc-provider demands of pairwise clients whose redirect URIs span hosts. It is
 * never fetched (sectorIdentifierUriValidate is off: the operator registers every application) and
 * not used: the pairwise subject is per application, not per sector (lib/oidc/accounts.ts).
 */
const SECTOR_URI = "https://rollcall.invalid/applications";

/** Applications as oidc-provider clients; the client secret's place holds its SHA-256 hashes. */
class ApplicationClients implements Adapter {
  async find(clientId: string): Promise<AdapterPayload | undefined> {
    const app = await findApplicationRecord(clientId);
    if (!app) return undefined;
    const confidential = app.secretHashes.length > 0;
    const metadata: ClientMetadata = {
      client_id: app.clientId,
      client_name: app.name,
      application_type: "web",
      redirect_uris: app.redirectUris,
      post_logout_redirect_uris: app.postLogoutRedirectUris,
      response_types: ["code"],
      grant_types: ["authorization_code", "refresh_token"],
      token_endpoint_auth_method: confidential ? "client_secret_basic" : "none",
      id_token_signed_response_alg: SIGNING_ALG,
      subject_type: "pairwise",
      sector_identifier_uri: SECTOR_URI,
      ...(confidential ? { client_secret: app.secretHashes.join(" ") } : {}),
    };
    return metadata;
  }
  async upsert(): Promise<void> {
    throw new Error("applications are registered by the operator, not through the provider");
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

function configuration(keys: KeySet): Configuration {
  return {
    adapter: (name: string) => (name === "Client" ? new ApplicationClients() : new OidcStore(name)),
    jwks: { keys: keys.keys },
    findAccount,
    claims: { ...CLAIMS_BY_SCOPE },
    scopes: SCOPES,
    extraParams: ["organization"],
    responseTypes: ["code"],
    routes: OIDC_ROUTES,
    pkce: { required: () => true },
    subjectTypes: ["pairwise"],
    pairwiseIdentifier: (_ctx, accountId, client) => pairwiseSubject(client.clientId, accountId),
    sectorIdentifierUriValidate: () => false,
    conformIdTokenClaims: false,
    allowOmittingSingleRegisteredRedirectUri: false,
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "none"],
    enabledJWA: { idTokenSigningAlgValues: [SIGNING_ALG] },
    clientDefaults: {
      grant_types: ["authorization_code", "refresh_token"],
      id_token_signed_response_alg: SIGNING_ALG,
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
    cookies: {
      names: OIDC_COOKIE_NAMES,
      keys: [derivedKey("oidc cookie keys").key.toString("base64url")],
      long: { httpOnly: true, sameSite: "lax", signed: true },
      short: { httpOnly: true, sameSite: "lax", signed: true },
    },
    ttl: { ...TTL },
    interactions: {
      policy: rollcallPolicy(),
      url: (_ctx, interaction) => interactionPath(interaction.uid),
    },
    loadExistingGrant: grantRequested,
    features: {
      devInteractions: { enabled: false },
      // An application revokes its own tokens only; another's are left alone, answered 200 all the
      // same (RFC 7009), so a token's owner is not disclosed.
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      introspection: { enabled: false },
      registration: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      dPoP: { enabled: false },
    },
    renderError: (ctx, out) => renderError(ctx, out),
  };
}

function build(keys: KeySet): Provider {
  const provider = new Provider(oidcIssuer(), configuration(keys));
  // Requests reach it from our route handlers (lib/oidc/http.ts), which set the issuer's host and
  // scheme and drop whatever forwarding headers the client sent.
  provider.proxy = true;
  // Only a hash of each secret is kept: compare hashes, in constant time, against the current and
  // (during a rotation's grace period) the previous secret.
  provider.Client.prototype.compareClientSecret = function compare(
    this: { clientSecret?: string },
    actual: string,
  ) {
    const given = Buffer.from(hashToken(actual), "hex");
    return (this.clientSecret ?? "").split(" ").some((stored) => {
      const expected = Buffer.from(stored, "hex");
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  };
  provider.use(async (ctx, next) => {
    // The provider's HTML (its auto-posting forms) gets a strict policy; it adds its scripts' hashes.
    ctx.set(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
    await next();
  });
  return provider;
}

type Cached = { provider: Provider; generation: number; checkedAt: number };
const cache = globalThis as typeof globalThis & {
  __rollcallOidc?: Cached;
  __rollcallOidcBuilding?: Promise<Cached>;
};

async function fresh(): Promise<Cached> {
  const keys = await signingKeys();
  return { provider: build(keys), generation: keys.generation, checkedAt: Date.now() };
}

/** The provider of the newest signing-key generation (checked at most every KEY_CHECK_SECONDS). */
export async function oidcProvider(): Promise<Provider> {
  const current = cache.__rollcallOidc;
  if (current && Date.now() - current.checkedAt < KEY_CHECK_SECONDS * 1000) return current.provider;
  cache.__rollcallOidcBuilding ??= (async () => {
    try {
      const generation = current ? await currentGeneration() : -1;
      const next =
        current && generation === current.generation ? { ...current, checkedAt: Date.now() } : await fresh();
      cache.__rollcallOidc = next;
      return next;
    } finally {
      cache.__rollcallOidcBuilding = undefined;
    }
  })();
  return (await cache.__rollcallOidcBuilding).provider;
}
