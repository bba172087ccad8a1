// Generates the Prisma clients for both providers (lib/db/generated/{sqlite,pg}).
// Prisma's CLI wants a native schema engine it would download; `generate` never runs it, so any
// existing file satisfies the check and nothing is fetched.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
const cwd = fileURLToPath(new URL("..", import.meta.url));
for (const provider of ["sqlite", "pg"]) {
  const result = spawnSync(
    process.execPath,
    ["node_modules/prisma/build/index.js", "generate", "--config", `prisma/${provider}.config.mjs`],
    { cwd, env, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
