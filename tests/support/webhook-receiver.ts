/**
 * A real local webhook receiver for the integration tests: an HTTP server that records every
 * request and checks its signature with the `standardwebhooks` package (`Webhook.verify`), as a
 * consumer would. Each endpoint under test posts to its own path; the test registers that path's
 * secret(s) and may change how the receiver answers. It can be stopped and started again on the
 * same port (a consumer that is down for a while).
 */
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { Webhook } from "standardwebhooks";
import type { App } from "./app";

export type Receipt = {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  json: {
    id: string;
    seq: number | null;
    type: string;
    tenantId: string | null;
    idpId: string | null;
    createdAt: string;
    data: unknown;
  };
  receivedAt: number;
  /** The labels of the registered secrets this request's signature verified with. */
  verifiedWith: string[];
  /** How many times this path had received this webhook-id before (0: first). */
  seenBefore: number;
  /** The status it is (or will be) answered with. */
  status: number;
  /** When its answer was sent (null while a delayed answer waits). */
  answeredAt: number | null;
};

export type Answer = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

export class Receiver {
  readonly receipts: Receipt[] = [];
  /** path → label → secret */
  private readonly secrets = new Map<string, Map<string, string>>();
  private server: http.Server | null = null;
  port = 0;
  /** How the receiver answers; 200 by default. */
  answer: (receipt: Receipt) => Answer = () => ({ status: 200, body: "ok" });

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  addSecret(pathname: string, label: string, secret: string): void {
    if (!this.secrets.has(pathname)) this.secrets.set(pathname, new Map());
    this.secrets.get(pathname)!.set(label, secret);
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const header = (name: string) => String(req.headers[name] ?? "");
        const pathname = new URL(req.url ?? "/", "http://x").pathname;
        const headers = {
          "webhook-id": header("webhook-id"),
          "webhook-timestamp": header("webhook-timestamp"),
          "webhook-signature": header("webhook-signature"),
        };
        const verifiedWith: string[] = [];
        for (const [label, secret] of this.secrets.get(pathname) ?? []) {
          try {
            new Webhook(secret).verify(body, headers);
            verifiedWith.push(label);
          } catch {
            // not signed with this one
          }
        }
        let json: Receipt["json"];
        try {
          json = JSON.parse(body) as Receipt["json"];
        } catch {
          json = { id: "", seq: null, type: "", tenantId: null, idpId: null, createdAt: "", data: null };
        }
        const receipt: Receipt = {
          path: pathname,
          id: headers["webhook-id"],
          timestamp: headers["webhook-timestamp"],
          signature: headers["webhook-signature"],
          body,
          json,
          receivedAt: Date.now(),
          verifiedWith,
          seenBefore: this.receipts.filter((r) => r.path === pathname && r.id === headers["webhook-id"])
            .length,
          status: 0,
          answeredAt: null,
        };
        this.receipts.push(receipt);
        const answer = this.answer(receipt);
        receipt.status = answer.status;
        const reply = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status, answer.headers ?? { "content-type": "text/plain" });
          res.end(answer.body ?? "");
          receipt.answeredAt = Date.now();
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops every connection (the receiver is down). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  on(pathname: string): Receipt[] {
    return this.receipts.filter((r) => r.path === pathname);
  }

  /** Waits until `done()` holds (checked every 50 ms), or fails after `timeoutMs`. */
  async until(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Runs the operator CLI with --json and returns its exit code and parsed output, even when it
 * fails (the app's own `cli` throws then). `env` is added to the app's environment.
 */
export async function cliResult<T = Record<string, unknown>>(
  app: App,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; json: T }> {
  try {
    const { stdout } = await run(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/rollcall.ts", ...args, "--json"],
      { cwd: ROOT, env: { ...app.env, ...env } },
    );
    return { code: 0, json: JSON.parse(stdout) as T };
  } catch (error) {
    const { code, stdout } = error as { code?: number; stdout?: string };
    return { code: code ?? 1, json: JSON.parse(stdout || "{}") as T };
  }
}
