// `npm start`: builds Rollcall on first run, then serves the production build.
// Defaults (override with environment variables or a .env file): PORT=3000,
// DATABASE_URL=file:./data/rollcall.db, APP_URL=http://localhost:$PORT.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { nextStartArgs } from "./lib/next-start.mjs";

if (fs.existsSync(".env")) process.loadEnvFile(".env");
const port = process.env.PORT ?? "3000";
process.env.APP_URL ??= `http://localhost:${port}`;
process.env.NEXTAUTH_URL ??= process.env.APP_URL;

if (!fs.existsSync(".next/BUILD_ID")) {
  console.log("rollcall: no production build yet — running `next build` (about a minute)…");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

console.log(`rollcall: starting on ${process.env.APP_URL}`);
const server = spawn(process.execPath, nextStartArgs(port), {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
