/**
 * What a webhook carries, following the Standard Webhooks specification: the body
 * `{"id","type","tenantId","idpId","createdAt","data"}` and the headers `webhook-id` (the event's
 * public id, the same in the body and in the events API: `evt_` + its commit-order number on 16
 * digits, so ids sort as events were committed), `webhook-timestamp` (the attempt's time, in Unix
 * seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per
 * signing secret in use, space-separated). Signing is the `standardwebhooks` package's, the same
 * code consumers verify with.
 */
import { Webhook } from "standardwebhooks";

const ID_PREFIX = "evt_";

/** The public id of the event numbered `seq`. */
export function publicEventId(seq: number | bigint): string {
  return `${ID_PREFIX}${String(seq).padStart(16, "0")}`;
}

/** The number of a public event id, or null when it is not one. */
export function seqOfPublicId(id: string): number | null {
  const m = /^evt_(\d{16})$/.exec(id);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export type EventRow = {
  seq: number;
  type: string;
  tenantId: string;
  idpId: string | null;
  at: Date;
  /** The stored JSON payload, embedded as is. */
  data: string;
};

/** The body of an event's webhook. Operator-level events (no tenant) carry tenantId null. */
export function eventBody(event: EventRow): string {
  return (
    `{"id":${JSON.stringify(publicEventId(event.seq))},"type":${JSON.stringify(event.type)},` +
    `"tenantId":${JSON.stringify(event.tenantId || null)},"idpId":${JSON.stringify(event.idpId)},` +
    `"createdAt":${JSON.stringify(event.at.toISOString())},"data":${event.data}}`
  );
}

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
