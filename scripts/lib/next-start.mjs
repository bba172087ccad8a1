// The one way Rollcall's production server is started (npm start, the integration harness, the
// benchmark): `next start` with the SCIM path preload (./scim-slashes.mjs) and the client address
// preload (./client-address.mjs).
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export function nextStartArgs(port) {
  return [
    "--import",
    path.join(ROOT, "scripts/lib/scim-slashes.mjs"),
    "--import",
    path.join(ROOT, "scripts/lib/client-address.mjs"),
    path.join(ROOT, "node_modules/next/dist/bin/next"),
    "start",
    "-p",
    String(port),
  ];
}
