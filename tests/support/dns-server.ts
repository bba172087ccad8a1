/**
 * The test DNS server as a process, for the Playwright run (playwright.config.ts starts it next to
 * the app): DNS on 127.0.0.1:$E2E_DNS_PORT (UDP), and on 127.0.0.1:$E2E_DNS_CONTROL_PORT a small
 * HTTP interface the specs use to publish records:
 *   PUT /txt/<name>  body: JSON array of strings (replaces the records at <name>)
 *   DELETE /txt/<name>
 *   GET /health
 */
import http from "node:http";
import { TestDns } from "./dns";

const dnsPort = Number(process.env.E2E_DNS_PORT);
const controlPort = Number(process.env.E2E_DNS_CONTROL_PORT);
if (!dnsPort || !controlPort) throw new Error("set E2E_DNS_PORT and E2E_DNS_CONTROL_PORT");

const dns = await TestDns.start(dnsPort);

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://control");
  const name = url.pathname.startsWith("/txt/") ? decodeURIComponent(url.pathname.slice(5)) : "";
  if (req.method === "GET" && url.pathname === "/health") return res.writeHead(200).end("ok");
  if (name && req.method === "DELETE") {
    dns.remove(name);
    return res.writeHead(204).end();
  }
  if (name && req.method === "PUT") {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    const values: unknown = JSON.parse(body || "[]");
    if (!Array.isArray(values) || !values.every((v) => typeof v === "string")) {
      return res.writeHead(400).end("expected a JSON array of strings");
    }
    dns.setTxt(name, ...values);
    return res.writeHead(204).end();
  }
  res.writeHead(404).end();
});
server.listen(controlPort, "127.0.0.1");

const stop = () => {
  server.close();
  void dns.stop().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
