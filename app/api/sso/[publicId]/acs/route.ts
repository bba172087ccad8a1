/**
 * Assertion consumer endpoint (Entra's Reply URL): SAML 2.0 HTTP-POST `SAMLResponse`, or the
 * WS-Federation `wresult` and `wctx`. A verified, matched user gets a session and lands on My account
 * — or, when an application's sign-in started it, goes back to that application (lib/oidc).
 */
import { findSsoIdp } from "@/lib/sso/idp";
import { refusedRedirect, throttleSso, tooManySignIns } from "@/lib/sso/http";
import { signInResponse } from "../../sign-in-response";
import { recordSsoEvent } from "@/lib/sso/store";
import { MAX_XML_BYTES } from "@/lib/sso/xml";

export const dynamic = "force-dynamic";

/** Base64 of the largest accepted document, plus room for the other form fields. */
const MAX_FORM_BYTES = Math.ceil((MAX_XML_BYTES * 4) / 3) * 3 + 16_384;

async function readForm(request: Request): Promise<Record<string, string> | null> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return null;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) return null;
  const body = await request.text();
  if (body.length > MAX_FORM_BYTES) return null;
  const form = new URLSearchParams(body);
  const fields: Record<string, string> = {};
  for (const name of ["SAMLResponse", "wresult", "wctx"]) {
    const value = form.get(name);
    if (value !== null) fields[name] = value;
  }
  return fields;
}

export async function POST(request: Request, { params }: { params: Promise<{ publicId: string }> }) {
  // Anyone can post here; beyond the per-address limit nothing is read, verified or recorded.
  const allowed = await throttleSso(request.headers);
  if (!allowed.ok) return tooManySignIns(allowed.retryAfterSeconds);
  const idp = await findSsoIdp((await params).publicId);
  if (!idp) return new Response("Unknown sign-in endpoint", { status: 404 });
  const form = await readForm(request);
  if (!form) {
    await recordSsoEvent(
      { tenantId: idp.tenantId, idpId: idp.id },
      "refused",
      null,
      "malformed: not a form post, or too large",
    );
    return refusedRedirect("malformed");
  }
  return signInResponse(idp, form);
}
