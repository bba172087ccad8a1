import { it } from "vitest";
import { createDatabase, provisionedTenant, startApp } from "../support/app";
import { USER, call, hex } from "../support/scim-client";
import { Receiver } from "../support/webhook-receiver";

it("debug", async () => {
  const database = await createDatabase("sqlite");
  const receiver = new Receiver();
  await receiver.start();
  const env = { WEBHOOK_ALLOW_PRIVATE: "1", WEBHOOK_RETRY_BASE_MS: "200", WEBHOOK_RETRY_MAX_MS: "1000", WEBHOOK_TIMEOUT_MS: "3000" };
  const log = (m: string) => process.stderr.write(`T+${Date.now() % 100000} ${m}\n`);
  let app = await startApp("sqlite", { database, env });
  const t = await provisionedTenant(app, "Crashy");
  log("tenant");
  const { secret } = await app.cli("webhook", "add", "--url", `${receiver.url}/crash`, "--tenant", t.tenantId);
  receiver.addSecret("/crash", "current", secret!);
  receiver.answer = () => ({ status: 200, delayMs: 1000 });
  for (let i = 0; i < 40; i++) await call(t, "POST", "/Users", { schemas: [USER], userName: `u${i}.${hex()}@c.com` });
  log("users");
  await receiver.until("some", () => receiver.receipts.length >= 5, 20000).catch((e) => log(String(e)));
  log(`receipts ${receiver.receipts.length}`);
  log(app.logs());
  await app.kill();
}, 200_000);
