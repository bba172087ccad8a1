// Preloaded into the production server (`node --import`, see ./next-start.mjs). A SCIM tenant URL
// pasted with a trailing slash makes some clients call `…/<id>//Users`. Next.js answers any path
// with a repeated slash with a 308 redirect before a route runs (not configurable), and
// provisioning clients do not follow redirects for POST or PATCH. So repeated slashes in
// /api/scim/ paths are collapsed before Next.js reads the request; every other path is untouched.
import http from "node:http";

const SCIM = /^\/api\/scim(\/|$)/;

export function collapseScimSlashes(url) {
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  if (!path.includes("//") || !SCIM.test(path.replace(/\/{2,}/g, "/"))) return url;
  return path.replace(/\/{2,}/g, "/") + (query < 0 ? "" : url.slice(query));
}

const createServer = http.createServer;
http.createServer = function (...args) {
  const server = createServer.apply(this, args);
  server.prependListener("request", (req) => {
    if (req.url) req.url = collapseScimSlashes(req.url);
  });
  return server;
};
