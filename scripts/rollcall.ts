/**
 * The operator CLI: `npm run rollcall -- <command> [options]`. Uses the same services as the
 * portal; with --json it prints one JSON object on stdout.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { createApiKey, listApiKeys, revokeApiKey, SCOPES } from "@/lib/api-keys/service";
import { CLI_ACTOR } from "@/lib/audit/service";
import { ATTRIBUTE_TYPES, attributeKey, type CustomAttributeType } from "@/lib/custom-attributes/definitions";
import {
  defineCustomAttribute,
  listCustomAttributes,
  removeCustomAttribute,
} from "@/lib/custom-attributes/service";
import { closeDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  findIdentityProviderById,
  createIdentityProvider,
  getIdentityProvider,
} from "@/lib/identity-providers/service";
import { IDP_TYPES, type IdentityProviderInput, type IdpType } from "@/lib/identity-providers/schemas";
import {
  createOperator,
  findOperator,
  listOperators,
  removeOperator,
  resetOperatorPassword,
} from "@/lib/operators/accounts";
import { approveHeld, guardStatus, rejectHeld, updateGuardSettings } from "@/lib/provisioning/guard";
import { flushRequestLog } from "@/lib/provisioning/request-log";
import { enableProvisioning, revokeToken } from "@/lib/provisioning/service";
import { runSelfTest } from "@/lib/provisioning/selftest";
import { recheckDueDomains } from "@/lib/sso/domain-sweep";
import { listDomainClaims, verifyDomainClaim, type DomainClaim } from "@/lib/sso/domains";
import { idpForEmail } from "@/lib/sso/idp";
import { spUrls } from "@/lib/sso/metadata";
import {
  importFederationMetadata,
  ssoDomains,
  updateSsoSettings,
  type SsoSettingsInput,
} from "@/lib/identity-providers/sso-settings";
import { createCompany, getTenant, setAdminSso } from "@/lib/tenants/service";
import { ZodError } from "zod";
import { ADMIN_COMMANDS, ADMIN_USAGE } from "./lib/admin-commands";
import { OIDC_COMMANDS, OIDC_USAGE } from "./lib/oidc-commands";
import { ROLE_COMMANDS, ROLE_USAGE } from "./lib/role-commands";
import { WEBHOOK_COMMANDS, WEBHOOK_USAGE } from "./lib/webhook-commands";

const USAGE = `Usage: npm run rollcall -- <command> [options]

Commands:
  tenant create --name <company> --admin-email <email> --admin-password <password> [--admin-name <name>] [--json]
          (the operator vouches for the address: no confirmation mail)
  tenant admin-sso --tenant <tenantId> --enabled on|off [--json]   administrators may sign in through the IdP
  tenant guard --tenant <tenantId> [--enabled on|off] [--percent P] [--min-users N] [--window-minutes M]
          [--decide approve|reject [--holds <holdId,…>]] [--json]
          the mass-deprovisioning guard (default on: more than 20 users and 10% within 60 minutes);
          --decide applies or discards the held disables/deletes (all, or those --holds names)
  idp add --tenant <tenantId> --type wsfed|saml|oidc --name <display name> [--login-url <https url>]
          [--certificate-file <path>] [--default] [--json]
          OpenID Connect: --issuer <url> --client-id <id> --client-secret-file <path>
          [--scopes "openid profile email"] [--claim email|preferred_username|sub] [--groups-claim groups]
          (the issuer's discovery document is fetched; the secret is stored sealed)
  idp show --idp <idpId> [--json]      the service-provider URLs to give the identity provider
  idp import-metadata --idp <idpId> --file <federation metadata XML> [--json]
  idp sso-settings --idp <idpId> [--claim nameId|upn|email] [--match userName|email] [--jit on|off]
          [--email-domains <a.com,b.com>] [--idp-entity-id <issuer>] [--json]
          (new domains are pending claims: they route nobody until verified)
  domain list --idp <idpId> [--json]   the IdP's email domains: state and the TXT record to publish
  domain verify --idp <idpId> --domain <domain> [--json]
          looks up the TXT record now (as the portal's Verify now); prints the domain's state
  domain recheck [--json]              re-checks the verified domains that are due now
  domain route --email <address> [--json]   which identity provider /login sends this address to
  provisioning enable --idp <idpId> [--json]
  provisioning revoke-token --idp <idpId> --token-id <tokenId> [--json]
  selftest --idp <idpId> [--json]      run Entra's request sequence in a sandbox; exit 1 if a step fails
  attribute add --tenant <tenantId> --name <name> --type string|boolean|integer|decimal|dateTime|reference
          [--multi] [--case-exact] [--schema <urn>] [--description <text>] [--json]
          a custom User attribute provisioning clients may send (default schema
          urn:ietf:params:scim:schemas:extension:rollcall:2.0:User)
  attribute list --tenant <tenantId> [--json]
  attribute remove --tenant <tenantId> --name <name> [--schema <urn>] [--json]
          removes the definition and every stored value of it
  api-key create --name <name> --scopes <scope,…> [--json]
          a key for the application API (/api/v1), printed once; scopes: ${SCOPES.join(", ")}
  api-key list [--json]                the keys: name, hint, scopes, created, last used, revoked
  api-key revoke --key-id <keyId> [--json]
  operator add --email <email> --name <name> [--json]
          an operator of the console (/operator); prints a generated password, this once
  operator list [--json]               the operators: email, name, created, last sign-in, sessions
  operator remove --email <email> | --operator-id <id> [--json]   ends their sessions at once
  operator reset-password --email <email> | --operator-id <id> [--json]
          prints a new generated password, this once; ends their sessions
${ADMIN_USAGE}${WEBHOOK_USAGE}${OIDC_USAGE}${ROLE_USAGE}`;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`--${name} is required`);
  return value;
}

type Output = Record<string, unknown>;

async function tenantCreate(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      "admin-email": { type: "string" },
      "admin-password": { type: "string" },
      "admin-name": { type: "string" },
      json: { type: "boolean" },
    },
  });
  const email = required(values, "admin-email");
  const { tenantId, adminId } = await createCompany({
    companyName: required(values, "name"),
    email,
    password: required(values, "admin-password"),
    name: values["admin-name"] ?? email.split("@")[0] ?? email,
  });
  return { tenantId, adminId };
}

async function tenantAdminSso(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: { tenant: { type: "string" }, enabled: { type: "string" }, json: { type: "boolean" } },
  });
  const tenantId = required(values, "tenant");
  const enabled = required(values, "enabled");
  if (enabled !== "on" && enabled !== "off") throw new UsageError("--enabled must be on or off");
  if (!(await getTenant(tenantId))) throw new UsageError(`no tenant with id ${tenantId}`);
  await setAdminSso(tenantId, CLI_ACTOR, enabled === "on");
  return { tenantId, adminSso: enabled === "on" };
}

async function tenantGuard(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      tenant: { type: "string" },
      enabled: { type: "string" },
      percent: { type: "string" },
      "min-users": { type: "string" },
      "window-minutes": { type: "string" },
      decide: { type: "string" },
      holds: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const tenantId = required(values, "tenant");
  if (values.decide !== undefined) {
    const holds = values.holds?.split(",").filter(Boolean);
    if (values.decide === "approve") return approveHeld(tenantId, CLI_ACTOR, holds);
    if (values.decide === "reject") return rejectHeld(tenantId, CLI_ACTOR, holds);
    throw new UsageError("--decide must be approve or reject");
  }
  if (values.enabled !== undefined && values.enabled !== "on" && values.enabled !== "off")
    throw new UsageError("--enabled must be on or off");
  if (!(await getTenant(tenantId))) throw new UsageError(`no tenant with id ${tenantId}`);
  const { settings } = await guardStatus(tenantId);
  return updateGuardSettings(tenantId, CLI_ACTOR, {
    enabled: values.enabled === undefined ? settings.enabled : values.enabled === "on",
    percent: values.percent ?? settings.percent,
    minUsers: values["min-users"] ?? settings.minUsers,
    windowMinutes: values["window-minutes"] ?? settings.windowMinutes,
  });
}

async function idpAdd(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      tenant: { type: "string" },
      type: { type: "string" },
      name: { type: "string" },
      "login-url": { type: "string" },
      "certificate-file": { type: "string" },
      issuer: { type: "string" },
      "client-id": { type: "string" },
      "client-secret-file": { type: "string" },
      scopes: { type: "string" },
      claim: { type: "string" },
      "groups-claim": { type: "string" },
      default: { type: "boolean" },
      json: { type: "boolean" },
    },
  });
  const tenantId = required(values, "tenant");
  const type = required(values, "type");
  // The secret is read from a file, never from the command line (which other users can see).
  const secretPath = values["client-secret-file"];
  let clientSecret: string | undefined;
  if (secretPath) {
    try {
      clientSecret = fs.readFileSync(secretPath, "utf8").trim();
    } catch {
      throw new UsageError(`cannot read --client-secret-file ${secretPath}`);
    }
  }
  if (!IDP_TYPES.includes(type as IdpType))
    throw new UsageError(`--type must be one of: ${IDP_TYPES.join(", ")}`);
  if (!(await getTenant(tenantId))) throw new UsageError(`no tenant with id ${tenantId}`);
  const certificatePath = values["certificate-file"];
  let certificate: string | undefined;
  if (certificatePath) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(certificatePath);
    } catch {
      throw new UsageError(`cannot read --certificate-file ${certificatePath}`);
    }
    const text = bytes.toString("latin1");
    certificate = /-----BEGIN|^[A-Za-z0-9+/=\s]+$/.test(text) ? text : bytes.toString("base64");
  }
  const { id } = await createIdentityProvider(tenantId, CLI_ACTOR, {
    displayName: required(values, "name"),
    type: type as IdpType,
    loginUrl: values["login-url"],
    certificate,
    isDefault: values.default ?? false,
    oidcIssuer: values.issuer,
    oidcClientId: values["client-id"],
    oidcClientSecret: clientSecret,
    oidcScopes: values.scopes,
    oidcClaim: values.claim as IdentityProviderInput["oidcClaim"],
    oidcGroupsClaim: values["groups-claim"],
  });
  return { idpId: id };
}

async function idpShow(args: string[]): Promise<Output> {
  const { values } = parseArgs({ args, options: { idp: { type: "string" }, json: { type: "boolean" } } });
  const idpId = required(values, "idp");
  const idp = await findIdentityProviderById(idpId);
  if (!idp) throw new UsageError(`no identity provider with id ${idpId}`);
  const urls = spUrls(idp.provisioningId);
  return {
    idpId: idp.id,
    tenantId: idp.tenantId,
    displayName: idp.displayName,
    type: idp.type,
    entityId: urls.entityId,
    acsUrl: urls.acsUrl,
    replyUrl: urls.acsUrl,
    metadataUrl: urls.metadataUrl,
    signInUrl: urls.signInUrl,
    redirectUri: urls.redirectUri,
    loginUrl: idp.loginUrl,
    idpEntityId: idp.idpEntityId,
    oidcIssuer: idp.oidcIssuer,
    oidcClientId: idp.oidcClientId,
    ssoReady:
      idp.type === "oidc"
        ? Boolean(idp.oidcIssuer && idp.oidcClientId)
        : Boolean(idp.loginUrl && idp.certificateSha256),
    provisioningEnabled: idp.provisioningEnabled,
  };
}

async function idpImportMetadata(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: { idp: { type: "string" }, file: { type: "string" }, json: { type: "boolean" } },
  });
  const idpId = required(values, "idp");
  const idp = await findIdentityProviderById(idpId);
  if (!idp) throw new UsageError(`no identity provider with id ${idpId}`);
  const file = required(values, "file");
  let xml: string;
  try {
    xml = fs.readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`cannot read --file ${file}`);
  }
  const meta = await importFederationMetadata(idp.tenantId, CLI_ACTOR, idpId, xml);
  return {
    idpEntityId: meta.entityId,
    loginUrl: meta.loginUrl,
    certificates: meta.certificates.map((c) => c.sha256),
  };
}

async function idpSsoSettings(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      idp: { type: "string" },
      claim: { type: "string" },
      match: { type: "string" },
      jit: { type: "string" },
      "email-domains": { type: "string" },
      "idp-entity-id": { type: "string" },
      json: { type: "boolean" },
    },
  });
  const idpId = required(values, "idp");
  const found = await findIdentityProviderById(idpId);
  const idp = found && (await getIdentityProvider(found.tenantId, idpId));
  if (!found || !idp) throw new UsageError(`no identity provider with id ${idpId}`);
  if (values.jit !== undefined && values.jit !== "on" && values.jit !== "off")
    throw new UsageError("--jit must be on or off");
  const input = {
    idpEntityId: values["idp-entity-id"] ?? idp.idpEntityId ?? "",
    ssoClaim: (values.claim ?? idp.ssoClaim) as SsoSettingsInput["ssoClaim"],
    ssoMatch: (values.match ?? idp.ssoMatch) as SsoSettingsInput["ssoMatch"],
    jitProvisioning: values.jit === undefined ? idp.jitProvisioning : values.jit === "on",
    emailDomains: values["email-domains"] ?? (await ssoDomains(found.tenantId, idpId)).join(","),
    secondCertificate: idp.certificate2Pem ?? "",
  };
  await updateSsoSettings(found.tenantId, CLI_ACTOR, idpId, input);
  return { ...input, secondCertificate: undefined };
}

function claimOutput(c: DomainClaim): Output {
  return {
    domain: c.domain,
    state: c.state,
    recordName: c.recordName,
    recordValue: c.recordValue,
    verifiedAt: c.verifiedAt?.toISOString() ?? null,
    checkedAt: c.checkedAt?.toISOString() ?? null,
    checkError: c.checkError,
    failingSince: c.failingSince?.toISOString() ?? null,
    routesUntil: c.routesUntil?.toISOString() ?? null,
  };
}

async function domainList(args: string[]): Promise<Output> {
  const { values } = parseArgs({ args, options: { idp: { type: "string" }, json: { type: "boolean" } } });
  const idpId = required(values, "idp");
  const found = await findIdentityProviderById(idpId);
  if (!found) throw new UsageError(`no identity provider with id ${idpId}`);
  return { domains: (await listDomainClaims(found.tenantId, idpId)).map(claimOutput) };
}

async function domainVerify(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: { idp: { type: "string" }, domain: { type: "string" }, json: { type: "boolean" } },
  });
  const idpId = required(values, "idp");
  const found = await findIdentityProviderById(idpId);
  if (!found) throw new UsageError(`no identity provider with id ${idpId}`);
  return claimOutput(await verifyDomainClaim(found.tenantId, CLI_ACTOR, idpId, required(values, "domain")));
}

async function domainRecheck(args: string[]): Promise<Output> {
  parseArgs({ args, options: { json: { type: "boolean" } } });
  return recheckDueDomains();
}

async function domainRoute(args: string[]): Promise<Output> {
  const { values } = parseArgs({ args, options: { email: { type: "string" }, json: { type: "boolean" } } });
  const idp = await idpForEmail(required(values, "email"));
  return { idpId: idp?.id ?? null, tenantId: idp?.tenantId ?? null };
}

async function provisioningEnable(args: string[]): Promise<Output> {
  const { values } = parseArgs({ args, options: { idp: { type: "string" }, json: { type: "boolean" } } });
  const idpId = required(values, "idp");
  const idp = await findIdentityProviderById(idpId);
  if (!idp) throw new UsageError(`no identity provider with id ${idpId}`);
  const issued = await enableProvisioning(idp.tenantId, CLI_ACTOR, idpId);
  return { tenantUrl: issued.tenantUrl, token: issued.token, tokenId: issued.tokenId };
}

async function provisioningRevoke(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: { idp: { type: "string" }, "token-id": { type: "string" }, json: { type: "boolean" } },
  });
  const idpId = required(values, "idp");
  const idp = await findIdentityProviderById(idpId);
  if (!idp) throw new UsageError(`no identity provider with id ${idpId}`);
  const tokenId = required(values, "token-id");
  await revokeToken(idp.tenantId, CLI_ACTOR, idpId, tokenId);
  return { revoked: tokenId };
}

async function selftest(args: string[]): Promise<Output> {
  const { values } = parseArgs({ args, options: { idp: { type: "string" }, json: { type: "boolean" } } });
  const idpId = required(values, "idp");
  const idp = await findIdentityProviderById(idpId);
  if (!idp) throw new UsageError(`no identity provider with id ${idpId}`);
  const steps = await runSelfTest(idp.tenantId, idpId);
  await flushRequestLog();
  const failed = steps.filter((s) => !s.ok).length;
  if (!values.json) {
    for (const s of steps)
      process.stdout.write(
        `${s.ok ? "✓" : "✗"} ${s.name} (${s.status}, ${s.ms} ms)${s.detail ? ` — ${s.detail}` : ""}\n`,
      );
  }
  if (failed > 0) process.exitCode = 1;
  return { passed: steps.length - failed, failed, steps };
}

async function tenantOption(values: Record<string, unknown>): Promise<string> {
  const tenantId = required(values, "tenant");
  if (!(await getTenant(tenantId))) throw new UsageError(`no tenant with id ${tenantId}`);
  return tenantId;
}

async function attributeAdd(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      tenant: { type: "string" },
      name: { type: "string" },
      type: { type: "string" },
      schema: { type: "string" },
      multi: { type: "boolean" },
      "case-exact": { type: "boolean" },
      description: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const tenantId = await tenantOption(values);
  const type = required(values, "type");
  if (!ATTRIBUTE_TYPES.includes(type as CustomAttributeType))
    throw new UsageError(`--type must be one of: ${ATTRIBUTE_TYPES.join(", ")}`);
  const defined = await defineCustomAttribute(tenantId, CLI_ACTOR, {
    name: required(values, "name"),
    schemaUrn: values.schema ?? "",
    type: type as CustomAttributeType,
    multiValued: values.multi ?? false,
    caseExact: values["case-exact"] ?? false,
    description: values.description ?? "",
  });
  return { schema: defined.schemaUrn, name: defined.name };
}

async function attributeList(args: string[]): Promise<Output> {
  const { values } = parseArgs({ args, options: { tenant: { type: "string" }, json: { type: "boolean" } } });
  const attributes = await listCustomAttributes(await tenantOption(values));
  return {
    attributes: attributes.map((a) => ({
      schema: a.schemaUrn,
      name: a.name,
      type: a.type,
      multiValued: a.multiValued,
      caseExact: a.caseExact,
      description: a.description,
    })),
  };
}

async function attributeRemove(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      tenant: { type: "string" },
      name: { type: "string" },
      schema: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const tenantId = await tenantOption(values);
  const name = required(values, "name");
  const all = await listCustomAttributes(tenantId);
  const matches = all.filter((a) =>
    values.schema
      ? attributeKey(a.schemaUrn, a.name) === attributeKey(values.schema, name)
      : a.name.toLowerCase() === name.toLowerCase(),
  );
  if (matches.length === 0) throw new UsageError(`no custom attribute "${name}" in this tenant`);
  if (matches.length > 1) throw new UsageError(`"${name}" is defined in several schemas: add --schema`);
  const target = matches[0]!;
  const usersAffected = await removeCustomAttribute(tenantId, CLI_ACTOR, target.id);
  return { schema: target.schemaUrn, name: target.name, usersAffected };
}

async function apiKeyCreate(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: { name: { type: "string" }, scopes: { type: "string" }, json: { type: "boolean" } },
  });
  const scopes = required(values, "scopes")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return createApiKey(required(values, "name"), scopes);
}

async function apiKeyList(args: string[]): Promise<Output> {
  parseArgs({ args, options: { json: { type: "boolean" } } });
  return { keys: await listApiKeys() };
}

async function apiKeyRevoke(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: { "key-id": { type: "string" }, json: { type: "boolean" } },
  });
  const keyId = required(values, "key-id");
  await revokeApiKey(keyId);
  return { revoked: keyId };
}

async function operatorAdd(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: { email: { type: "string" }, name: { type: "string" }, json: { type: "boolean" } },
  });
  return createOperator({ email: required(values, "email"), name: required(values, "name") });
}

async function operatorList(args: string[]): Promise<Output> {
  parseArgs({ args, options: { json: { type: "boolean" } } });
  return { operators: await listOperators() };
}

/** The operator named by --email or --operator-id (exactly one). */
async function operatorOption(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { email: { type: "string" }, "operator-id": { type: "string" }, json: { type: "boolean" } },
  });
  const email = values.email?.trim();
  const operatorId = values["operator-id"]?.trim();
  if (!email === !operatorId) throw new UsageError("name the operator with --email or --operator-id");
  return (await findOperator(operatorId ? { operatorId } : { email })).id;
}

async function operatorRemove(args: string[]): Promise<Output> {
  const operatorId = await operatorOption(args);
  const { sessionsEnded } = await removeOperator(operatorId);
  return { removed: operatorId, sessionsEnded };
}

async function operatorResetPassword(args: string[]): Promise<Output> {
  const operatorId = await operatorOption(args);
  const { password, sessionsEnded } = await resetOperatorPassword(operatorId);
  return { operatorId, password, sessionsEnded };
}

const COMMANDS: Record<string, (args: string[]) => Promise<Output>> = {
  "tenant create": tenantCreate,
  "tenant admin-sso": tenantAdminSso,
  "tenant guard": tenantGuard,
  "idp add": idpAdd,
  "idp show": idpShow,
  "idp import-metadata": idpImportMetadata,
  "idp sso-settings": idpSsoSettings,
  "domain list": domainList,
  "domain verify": domainVerify,
  "domain recheck": domainRecheck,
  "domain route": domainRoute,
  "provisioning enable": provisioningEnable,
  "provisioning revoke-token": provisioningRevoke,
  "selftest --idp": selftest,
  "attribute add": attributeAdd,
  "attribute list": attributeList,
  "attribute remove": attributeRemove,
  "api-key create": apiKeyCreate,
  "api-key list": apiKeyList,
  "api-key revoke": apiKeyRevoke,
  "operator add": operatorAdd,
  "operator list": operatorList,
  "operator remove": operatorRemove,
  "operator reset-password": operatorResetPassword,
  ...ADMIN_COMMANDS,
  ...WEBHOOK_COMMANDS,
  ...OIDC_COMMANDS,
  ...ROLE_COMMANDS,
};

async function main(argv: string[]): Promise<number> {
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
  const key = argv[0] === "selftest" ? "selftest --idp" : argv.slice(0, 2).join(" ");
  const command = COMMANDS[key];
  if (!command || argv.includes("--help")) {
    (command ? process.stdout : process.stderr).write(USAGE);
    return command ? 0 : 2;
  }
  const json = argv.includes("--json");
  try {
    const output = await command(argv.slice(argv[0] === "selftest" ? 1 : 2));
    if (json) {
      process.stdout.write(`${JSON.stringify(output)}\n`);
    } else if (argv[0] !== "selftest") {
      for (const [k, v] of Object.entries(output))
        process.stdout.write(`${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}\n`);
    }
    return Number(process.exitCode ?? 0);
  } catch (error) {
    let message: string;
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      message = `${error.message}\n\n${USAGE}`;
    } else if (error instanceof ZodError) {
      message = error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
    } else if (error instanceof AppError) {
      // Field problems come one `field: reason` a line.
      message = error.message;
    } else {
      throw error;
    }
    if (json) process.stdout.write(`${JSON.stringify({ error: message.split("\n")[0] })}\n`);
    process.stderr.write(`rollcall: ${message}\n`);
    return 1;
  } finally {
    await closeDb();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
