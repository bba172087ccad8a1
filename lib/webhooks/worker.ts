/**
 * The delivery worker, one per server instance (started by instrumentation.ts, never by a
 * request): every 100 ms it fans new events out (./fanout.ts), taking at once the new deliveries it
 * has room for, and keeps up to WEBHOOK_CONCURRENCY requests in flight from those and from
 * deliveries it claims in batches (./store.ts: retries, replays, what other instances left),
 * shared fairly between the endpoints that have work; finished attempts are recorded in batches.
 *
 * At least once: a delivery is marked delivered only after a 2xx answer was recorded; anything
 * that stops this instance before that (a crash, a failed write) leaves the claim to run out and
 * the delivery is attempted again, by whichever instance claims it first.
 */
import { db } from "@/lib/db";
import { logError } from "@/lib/log";
import { deliveryConcurrency, requestTimeoutMs } from "./config";
import { fanOut } from "./fanout";
import { eventId, eventJson, type EventRow } from "@/lib/events/public";
import { webhookHeaders } from "./message";
import { post, type SendResult } from "./outbound";
import { startRetentionSweeps } from "./retention";
import { decryptSecret, SecretUnreadable } from "./secrets";
import { claimDue, eventsBySeq, recordFinished, type Claimed, type Finished } from "./store";

const TICK_MS = 100;
/** Finished attempts are written at the latest this long after the first of a batch… */
const FLUSH_MS = 50;
/** …or as soon as this many are waiting. */
const FLUSH_AT = 100;

type EndpointRow = {
  id: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: unknown;
};

type Endpoint = { id: string; url: string; secrets: string[] | SecretUnreadable };

type Queued = { claimed: Claimed; event: EventRow | null };

function failure(excerpt: string): SendResult {
  return { outcome: "error", statusCode: null, latencyMs: 0, excerpt };
}

export class DeliveryWorker {
  private endpoints = new Map<string, Endpoint>();
  private readonly queues = new Map<string, Queued[]>();
  private readonly inFlight = new Map<string, number>();
  private total = 0;
  private finished: Finished[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private ticking = false;
  private pumping = false;
  private pumpAgain = false;
  private stopped = false;
  /** Endpoints that had nothing due at the last claim: not asked again before this time. */
  private readonly idleUntil = new Map<string, number>();
  private readonly secrets = new Map<string, string>();
  private readonly concurrency = deliveryConcurrency();
  private readonly timeoutMs = requestTimeoutMs();
  /** Long enough for a claimed batch to wait its turn and be sent. */
  private readonly leaseMs = 6 * requestTimeoutMs();

  /**
   * One pass: reload the endpoints, fan out (sending at once the new deliveries there is room
   * for), then claim what else is due and send (not awaited: while deliveries finish, the pump
   * keeps going, and the next pass must not wait for it).
   */
  async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      await this.loadEndpoints();
      const { taken } = await fanOut((id) => this.room(id), this.leaseMs);
      for (const { claimed, event } of taken) this.enqueue({ claimed, event });
      this.dispatch();
    } finally {
      this.ticking = false;
    }
    void this.pump().catch(logPass);
  }

  /** How many more deliveries of an endpoint this instance takes now. */
  private room(endpointId: string): number {
    if (this.stopped || !this.endpoints.has(endpointId)) return 0;
    return Math.max(0, 2 * this.perEndpoint() - this.held(endpointId));
  }

  private enqueue(item: Queued): void {
    const id = item.claimed.endpointId;
    if (!this.endpoints.has(id)) return; // its claim runs out; it is taken again later
    const queue = this.queues.get(id) ?? [];
    queue.push(item);
    this.queues.set(id, queue);
  }

  /** Stops claiming and sending; writes what has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queues.clear();
    await this.flush();
  }

  private decrypt(stored: string, endpointId: string): string {
    const key = `${endpointId}:${stored}`;
    let secret = this.secrets.get(key);
    if (secret === undefined) {
      secret = decryptSecret(stored, endpointId);
      if (this.secrets.size > 1000) this.secrets.clear();
      this.secrets.set(key, secret);
    }
    return secret;
  }

  private secretsOf(row: EndpointRow): string[] | SecretUnreadable {
    try {
      const secrets = [this.decrypt(row.secret, row.id)];
      const until = row.previousSecretUntil ? new Date(row.previousSecretUntil as string | Date) : null;
      if (row.previousSecret && until && until.getTime() > Date.now()) {
        secrets.push(this.decrypt(row.previousSecret, row.id));
      }
      return secrets;
    } catch (error) {
      return error instanceof SecretUnreadable ? error : new SecretUnreadable(String(error));
    }
  }

  private async loadEndpoints(): Promise<void> {
    const { sql } = await db();
    const rows = await sql.all<EndpointRow>(
      `SELECT id, url, secret, "previousSecret", "previousSecretUntil" FROM "WebhookEndpoint" WHERE enabled = ?`,
      [true],
    );
    this.endpoints = new Map(rows.map((r) => [r.id, { id: r.id, url: r.url, secrets: this.secretsOf(r) }]));
    // Deliveries waiting here for an endpoint disabled or removed meanwhile are let go (their
    // claims run out; a disabled endpoint's are taken again once it is enabled).
    for (const id of this.queues.keys()) if (!this.endpoints.has(id)) this.queues.delete(id);
  }

  private held(endpointId: string): number {
    return (this.queues.get(endpointId)?.length ?? 0) + (this.inFlight.get(endpointId) ?? 0);
  }

  /** Requests in flight one endpoint may have: the whole concurrency, shared by those with work. */
  private perEndpoint(): number {
    let busy = 0;
    for (const id of this.endpoints.keys()) if (this.held(id) > 0) busy++;
    return Math.max(1, Math.ceil(this.concurrency / Math.max(1, busy)));
  }

  /** Claims for endpoints whose work here runs low, and sends. Re-entrant calls coalesce. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        await this.refill();
        this.dispatch();
      } while (this.pumpAgain && !this.stopped);
    } finally {
      this.pumping = false;
    }
  }

  private async refill(): Promise<void> {
    const { sql } = await db();
    for (const endpoint of this.endpoints.values()) {
      const now = Date.now();
      const share = this.perEndpoint();
      const held = this.held(endpoint.id);
      if (this.stopped || held > share || (this.idleUntil.get(endpoint.id) ?? 0) > now) continue;
      const want = 2 * share - held;
      const claimed = await claimDue(sql, endpoint.id, want, this.leaseMs);
      if (claimed.length < want) this.idleUntil.set(endpoint.id, now + TICK_MS / 2);
      if (claimed.length === 0) continue;
      const seqs = claimed.flatMap((c) => (c.eventSeq === null ? [] : [c.eventSeq]));
      const events = await eventsBySeq(sql, seqs);
      for (const c of claimed) {
        this.enqueue({ claimed: c, event: c.eventSeq === null ? null : (events.get(c.eventSeq) ?? null) });
      }
      this.dispatch();
    }
  }

  /** Starts requests, round robin over the endpoints, within both limits. */
  private dispatch(): void {
    let started = true;
    while (started && !this.stopped && this.total < this.concurrency) {
      started = false;
      const share = this.perEndpoint();
      for (const [id, queue] of this.queues) {
        if (this.total >= this.concurrency) break;
        if (queue.length === 0 || (this.inFlight.get(id) ?? 0) >= share) continue;
        this.start(id, queue.shift()!);
        started = true;
      }
    }
  }

  private start(endpointId: string, item: Queued): void {
    this.total++;
    this.inFlight.set(endpointId, (this.inFlight.get(endpointId) ?? 0) + 1);
    void this.deliver(item)
      .then((finished) => finished && this.finish(finished))
      .catch((error: unknown) => logError("webhooks", "a delivery failed unexpectedly", error))
      .finally(() => {
        this.total--;
        this.inFlight.set(endpointId, (this.inFlight.get(endpointId) ?? 1) - 1);
        this.dispatch();
        if (!this.stopped && this.held(endpointId) <= this.perEndpoint()) void this.pump().catch(logPass);
      });
  }

  /** One attempt; null when the endpoint was disabled meanwhile (the claim runs out unrecorded). */
  private async deliver({ claimed, event }: Queued): Promise<Finished | null> {
    const at = new Date();
    const endpoint = this.endpoints.get(claimed.endpointId);
    if (!event) {
      const excerpt = "the event is no longer kept (EVENTS_RETENTION_DAYS)";
      return { delivery: claimed, at, result: failure(excerpt), final: true };
    }
    if (!endpoint) return null;
    if (endpoint.secrets instanceof SecretUnreadable) {
      return { delivery: claimed, at, result: failure(endpoint.secrets.message) };
    }
    const body = eventJson(event);
    const headers = webhookHeaders(eventId(event.seq), body, endpoint.secrets, at);
    return { delivery: claimed, at, result: await post(endpoint.url, headers, body, this.timeoutMs) };
  }

  private finish(finished: Finished): void {
    this.finished.push(finished);
    if (this.finished.length >= FLUSH_AT) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes the finished attempts, one batch at a time. */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.flushing = this.flushing.then(async () => {
      const batch = this.finished.splice(0);
      if (batch.length === 0) return;
      const { sql } = await db();
      // On failure the attempts stay unrecorded and their claims run out: they are made again.
      await recordFinished(sql, batch).catch((error: unknown) =>
        logError("webhooks", "recording delivery attempts failed", error),
      );
    });
    return this.flushing;
  }
}

let lastLogged = 0;

/** A failing pass (the database unreachable, say) is logged at most every 10 seconds. */
function logPass(error: unknown): void {
  if (Date.now() - lastLogged < 10_000) return;
  lastLogged = Date.now();
  logError("webhooks", "delivery pass failed", error);
}

const holder = globalThis as typeof globalThis & {
  __rollcallWebhooks?: { worker: DeliveryWorker; timer: NodeJS.Timeout };
};

/** Starts delivering in this server instance (once per process), and the retention sweeps. */
export function startWebhookDelivery(): void {
  if (holder.__rollcallWebhooks) return;
  const worker = new DeliveryWorker();
  const timer = setInterval(() => void worker.tick().catch(logPass), TICK_MS);
  timer.unref();
  holder.__rollcallWebhooks = { worker, timer };
  const onSignal = () => {
    clearInterval(timer);
    void worker.stop();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  startRetentionSweeps();
}
