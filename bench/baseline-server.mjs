// The machine floor: a minimal node:http + better-sqlite3 server answering the same Entra
// requests as Rollcall's SCIM endpoint (filter by userName, create), with a unique index on the
// lowercased userName. Not part of the product: it shows what this machine can do at all.
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import http from "node:http";

const [file, port] = process.argv.slice(2);
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(
  `CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, user_name_lower TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`,
);
const byName = db.prepare(`SELECT doc FROM users WHERE user_name_lower = ?`);
const insert = db.prepare(`INSERT INTO users (id, user_name_lower, doc) VALUES (?, ?, ?)`);
const headers = { "Content-Type": "application/scim+json" };

http
  .createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (req.method === "GET" && url.pathname.endsWith("/Users")) {
      const m = /userName eq "([^"]*)"/.exec(url.searchParams.get("filter") ?? "");
      const row = m ? byName.get(m[1].toLowerCase()) : undefined;
      const resources = row ? [JSON.parse(row.doc)] : [];
      res.writeHead(200, headers).end(
        JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
          totalResults: resources.length,
          startIndex: 1,
          itemsPerPage: resources.length,
          Resources: resources,
        }),
      );
      return;
    }
    if (req.method === "POST" && url.pathname.endsWith("/Users")) {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const user = JSON.parse(body);
        const id = randomUUID();
        const doc = JSON.stringify({ ...user, id, meta: { resourceType: "User" } });
        try {
          insert.run(id, String(user.userName).toLowerCase(), doc);
          res.writeHead(201, headers).end(doc);
        } catch {
          res.writeHead(409, headers).end(JSON.stringify({ status: "409", scimType: "uniqueness" }));
        }
      });
      return;
    }
    res.writeHead(404, headers).end("{}");
  })
  .listen(Number(port), "127.0.0.1", () => console.log("ready"));
