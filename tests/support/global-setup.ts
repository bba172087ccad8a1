/**
 * Integration-suite setup: checks that the production build exists and, when PostgreSQL is
 * installed, starts one throwaway cluster shared by all files (each app gets its own database).
 */
import fs from "node:fs";
import type { TestProject } from "vitest/node";
import { findPgBin, startPgCluster } from "../../scripts/lib/pg-cluster.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(".next/BUILD_ID")) {
    throw new Error("No production build: run `npm run build` first (npm test does this)");
  }
  if (!findPgBin()) {
    if (process.env.CI) throw new Error("PostgreSQL is required in CI (.ci/run installs it)");
    console.warn("integration: PostgreSQL is not installed; PostgreSQL variants are skipped on this machine");
    project.provide("pgUrl", null);
    return;
  }
  const cluster = await startPgCluster({ database: "postgres_base" });
  project.provide("pgUrl", cluster.url);
  return () => cluster.stop();
}
