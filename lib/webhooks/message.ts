/**
 * What a webhook carries, following the Standard Webhooks specification: the body is the event
 * exactly as the events API returns it (`{"id","seq","type","tenantId","idpId","createdAt","data"}`,
 * lib/events/public.ts), and the headers are `webhook-id` (the event's id, the same as in the body
 * and in the events API: `evt_` + its commit-order number on 16 digits), `webhook-timestamp` (the
 * attempt's time, in Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, one per signing secret in use, space-separated). Signing is the
 * `standardwebhooks` package's, the same code consumers verify with.
 */
import { Webhook } from "standardwebhooks";

const signers = new Map<string, Webhook>();

function signer(secret: string): Webhook {
  let found = signers.get(secret);
  if (!found) {
    if (signers.size > 100) signers.clear();
    found = new Webhook(secret);
    signers.set(secret, found);
  }
  return found;
}

/** The three Standard Webhooks headers for one attempt, signed with every secret given. */
export function webhookHeaders(
  id: string,
  body: string,
  secrets: readonly string[],
  at = new Date(),
): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((s) => signer(s).sign(id, at, body)).join(" "),
  };
}
