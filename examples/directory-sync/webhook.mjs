#!/usr/bin/env node
// Keeps the same local copy as sync.mjs from Rollcall's webhooks instead: an HTTP server that
// checks each request's signature with the `standardwebhooks` package (npm install
// standardwebhooks) and applies the event with the same idempotent, order-proof apply.mjs.
//
//   npm run rollcall -- webhook add --url https://you.example/rollcall --tenant <id> --json
//   WEBHOOK_SECRET=whsec_… PORT=8080 node webhook.mjs [directory.json]
//
// It answers 2xx only once the event is saved: anything else (a crash included) makes Rollcall try
// again later. Webhooks may arrive twice or out of order; apply.mjs keeps the newest state.
import http from "node:http";
import { Webhook } from "standardwebhooks";
import { apply, load, save } from "./apply.mjs";

const webhook = new Webhook(process.env.WEBHOOK_SECRET);
const file = process.argv[2] ?? "directory.json";
const copy = load(file);

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    let event;
    try {
      event = webhook.verify(Buffer.concat(chunks).toString("utf8"), req.headers);
    } catch {
      res.writeHead(401).end("bad signature"); // not from Rollcall, or altered, or too old
      return;
    }
    apply(copy, event); // webhook.test and operator events change nothing
    save(file, copy);
    res.writeHead(204).end();
  });
});
server.listen(Number(process.env.PORT ?? 8080), () => console.log(`listening on ${server.address().port}`));
