/**
 * The test SMTP server as a process, for the Playwright run (playwright.config.ts starts it next to
 * the app, which sends its mail there): SMTP on 127.0.0.1:$E2E_SMTP_PORT, and on
 * 127.0.0.1:$E2E_SMTP_CONTROL_PORT a small HTTP interface the specs read messages from:
 *   GET /messages?to=<address>   the messages to that address, oldest first (JSON)
 *   GET /health
 */
import http from "node:http";
import { startMailbox } from "./mailbox";

const smtpPort = Number(process.env.E2E_SMTP_PORT);
const controlPort = Number(process.env.E2E_SMTP_CONTROL_PORT);
if (!smtpPort || !controlPort) throw new Error("set E2E_SMTP_PORT and E2E_SMTP_CONTROL_PORT");

const mailbox = await startMailbox(smtpPort);

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://control");
  if (req.method === "GET" && url.pathname === "/health") return res.writeHead(200).end("ok");
  if (req.method === "GET" && url.pathname === "/messages") {
    const messages = mailbox.to(url.searchParams.get("to") ?? "");
    return res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(messages));
  }
  res.writeHead(404).end();
});
server.listen(controlPort, "127.0.0.1");

const stop = () => {
  server.close();
  void mailbox.stop().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
