// Preloaded into the production server (`node --import`, see ./next-start.mjs). Route handlers,
// server actions and next-auth see a Web Request, not the socket, so Rollcall cannot tell the
// address a connection came from — and X-Forwarded-For is whatever the client wrote. This first
// `request` listener records the socket's address in an internal header, overwriting any copy the
// client sent; lib/security/client-address.ts reads it and trusts forwarded headers only from
// proxies named in TRUST_PROXY.
import http from "node:http";

/** Must match CLIENT_ADDRESS_HEADER in lib/security/client-address.ts. */
export const CLIENT_ADDRESS_HEADER = "x-rollcall-client-address";

const createServer = http.createServer;
http.createServer = function (...args) {
  const server = createServer.apply(this, args);
  server.prependListener("request", (req) => {
    // Node lower-cases header names and joins repeated ones, so this replaces every client copy.
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
  });
  return server;
};
