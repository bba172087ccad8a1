/** SSO set-up shared by the integration suites: an IdP made from test-IdP metadata, and ACS posts. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { App } from "./app";

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
  { type = "saml", name, metadata }: { type?: "saml" | "wsfed"; name: string; metadata: string },
): Promise<SpDetails> {
  const { idpId } = await app.cli("idp", "add", "--tenant", tenantId, "--type", type, "--name", name);
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
