/**
 * What a webhook carries, following the Standard Webhooks specification: the body is the event
 * exactly as the events API returns it (`{"id","seq","type","tenantId","idpId","createdAt","data"}`,
 * lib/events/public.ts), and the headers are `webhook-id` (the event's id, the same as in the body
 * and in the events API: `evt_` + its commit-order number on 16 digits), `webhook-timestamp` (the
 * attempt's time, in Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">` under the secret's bytes — the base64 after `whsec_` — one per signing
 * secret in use, space-separated). Consumers verify with any Standard Webhooks library (the tests
 * use the `standardwebhooks` package); signing uses node:crypto, several times faster than that
 * package's JavaScript SHA-256 on a path taken for every attempt.
 */
import { createHmac } from "node:crypto";

const keys = new Map<string, Buffer>();

/** The HMAC key of a `whsec_…` secret: the bytes its base64 encodes. */
function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size > 1000) keys.clear();
    key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
    keys.set(secret, key);
  }
  return key;
}

/** The three Standard Webhooks headers for one attempt, signed with every secret given. */
export function webhookHeaders(
  id: string,
  body: string,
  secrets: readonly string[],
  at = new Date(),
): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signed = `${id}.${timestamp}.${body}`;
  return {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": secrets
      .map((s) => `v1,${createHmac("sha256", keyOf(s)).update(signed).digest("base64")}`)
      .join(" "),
  };
}
