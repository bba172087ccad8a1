/**
 * The operator CLI's OpenID Provider commands (`npm run rollcall -- app …`, `oidc …`): a contract
 * other tools rely on; with --json each prints one JSON object. A client secret is printed only by
 * `app create` and `app rotate-secret`, once.
 */
import { parseArgs } from "node:util";
import { option, type Output } from "./options";
import {
  createApplication,
  getApplication,
  listApplications,
  removeApplication,
  rotateApplicationSecret,
} from "@/lib/oidc/applications";
import { oidcIssuer } from "@/lib/oidc/issuer";
import { publishedKeys, rotateSigningKeys, signingKeys } from "@/lib/oidc/keys";

export const OIDC_USAGE = `  app create --name <name> --redirect-uri <uri> [--redirect-uri <uri>…] [--post-logout-redirect-uri <uri>…]
          [--public] [--tenant <tenantId>…] [--json]
          an application that signs people in through Rollcall (OpenID Connect); prints its client id
          and — unless --public (PKCE, no secret) — its client secret, once. --tenant limits it to
          those tenants' people (default: every tenant)
  app list [--json]                    the applications: client id, name, URIs, tenants, kind
  app remove --client <clientId> [--json]   its tokens stop working at once
  app rotate-secret --client <clientId> [--now] [--json]
          a new client secret, printed once; the old one works for 24 h more (not with --now)
  oidc keys [--json]                   the issuer and the published signing keys (newest signs)
  oidc rotate-keys [--json]            a new signing key; the previous one stays published
`;

async function create(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "post-logout-redirect-uri": { type: "string", multiple: true },
      public: { type: "boolean" },
      tenant: { type: "string", multiple: true },
      json: { type: "boolean" },
    },
  });
  const { application, clientSecret } = await createApplication({
    name: option(values, "name"),
    redirectUris: values["redirect-uri"] ?? [],
    postLogoutRedirectUris: values["post-logout-redirect-uri"] ?? [],
    public: values.public ?? false,
    tenantIds: values.tenant && values.tenant.length > 0 ? values.tenant : null,
  });
  return clientSecret === null
    ? { clientId: application.clientId }
    : { clientId: application.clientId, clientSecret };
}

async function list(args: string[]): Promise<Output> {
  parseArgs({ args, options: { json: { type: "boolean" } } });
  return { issuer: oidcIssuer(), applications: await listApplications() };
}

const clientOnly = (args: string[], extra: { now?: { type: "boolean" } } = {}) =>
  parseArgs({ args, options: { client: { type: "string" }, json: { type: "boolean" }, ...extra } }).values;

async function remove(args: string[]): Promise<Output> {
  const clientId = option(clientOnly(args), "client");
  await removeApplication(clientId);
  return { removed: clientId };
}

async function rotateSecret(args: string[]): Promise<Output> {
  const values = clientOnly(args, { now: { type: "boolean" } });
  const clientId = option(values, "client");
  await getApplication(clientId);
  return rotateApplicationSecret(clientId, { immediately: values.now === true });
}

async function keys(args: string[]): Promise<Output> {
  parseArgs({ args, options: { json: { type: "boolean" } } });
  await signingKeys(); // makes the first key when there is none, as the first sign-in would
  return { issuer: oidcIssuer(), keys: await publishedKeys() };
}

async function rotateKeys(args: string[]): Promise<Output> {
  parseArgs({ args, options: { json: { type: "boolean" } } });
  // Needs no existing key to be readable: this is also the way out when ROLLCALL_SECRET_KEY changed.
  return rotateSigningKeys();
}

export const OIDC_COMMANDS: Record<string, (args: string[]) => Promise<Output>> = {
  "app create": create,
  "app list": list,
  "app remove": remove,
  "app rotate-secret": rotateSecret,
  "oidc keys": keys,
  "oidc rotate-keys": rotateKeys,
};
