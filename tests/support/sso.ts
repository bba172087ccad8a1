/** SSO set-up shared by the integration suites: an IdP made from test-IdP metadata, and ACS posts. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { App } from "./app";
import type { TestDns } from "./dns";

export type SpDetails = {
  idpId: string;
  entityId: string;
  acsUrl: string;
  signInUrl: string;
  metadataUrl: string;
  ssoReady: boolean;
};

/** Adds an identity provider to a tenant and imports `metadata` into it, all through the CLI. */
export async function addSsoIdp(
  app: App,
  tenantId: string,
  {
    type = "saml",
    name,
    metadata,
    isDefault = false,
  }: { type?: "saml" | "wsfed"; name: string; metadata: string; isDefault?: boolean },
): Promise<SpDetails> {
  const add = ["idp", "add", "--tenant", tenantId, "--type", type, "--name", name];
  const { idpId } = await app.cli(...add, ...(isDefault ? ["--default"] : []));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-idp-")), "metadata.xml");
  try {
    fs.writeFileSync(file, metadata);
    await app.cli("idp", "import-metadata", "--idp", idpId!, "--file", file);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  return app.cli<SpDetails>("idp", "show", "--idp", idpId!);
}

/** Posts a SAML response (XML text) to an assertion consumer URL, as the browser's auto-post does. */
export function postSamlResponse(acsUrl: string, xml: string): Promise<Response> {
  return fetch(acsUrl, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ SAMLResponse: Buffer.from(xml).toString("base64") }).toString(),
  });
}

export type DomainRow = {
  domain: string;
  state: "pending" | "verified" | "failed";
  recordName: string;
  recordValue: string;
  verifiedAt: string | null;
  checkedAt: string | null;
  checkError: string | null;
  failingSince: string | null;
  routesUntil: string | null;
};

/** The email domains of an identity provider, as the CLI lists them. */
export async function listDomains(app: App, idpId: string): Promise<DomainRow[]> {
  return (await app.cli<{ domains: DomainRow[] }>("domain", "list", "--idp", idpId)).domains;
}

/**
 * Proves ownership of an identity provider's email domains as an admin does: publishes each
 * domain's TXT record on the test DNS server, then asks Rollcall to verify it.
 */
export async function verifyEmailDomains(
  app: App,
  dns: TestDns,
  idpId: string,
  only?: string[],
): Promise<DomainRow[]> {
  const verified: DomainRow[] = [];
  for (const claim of await listDomains(app, idpId)) {
    if (only && !only.includes(claim.domain)) continue;
    dns.setTxt(claim.recordName, claim.recordValue);
    const after = await app.cli<DomainRow>("domain", "verify", "--idp", idpId, "--domain", claim.domain);
    if (after.state !== "verified") throw new Error(`${claim.domain} did not verify: ${after.checkError}`);
    verified.push(after);
  }
  return verified;
}
