/**
 * Every model change comes with its migration: `npm run db:migration -- <name>` writes the SQL for
 * both databases and copies prisma/models.prisma to prisma/last-migration.models.prisma, the
 * models the migrations produce. While the two differ, a model was changed without a migration.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMigrations } from "@/lib/db/migrate";

const PRISMA = path.resolve(import.meta.dirname, "../../prisma");

describe("migrations", () => {
  it("cover every change of prisma/models.prisma (run `npm run db:migration -- <name>` after changing it)", () => {
    const models = fs.readFileSync(path.join(PRISMA, "models.prisma"), "utf8");
    const migrated = fs.readFileSync(path.join(PRISMA, "last-migration.models.prisma"), "utf8");
    expect(models === migrated, "prisma/models.prisma differs from the models of the last migration").toBe(
      true,
    );
  });

  it("exist for both databases, under the same names", () => {
    const sqlite = loadMigrations("sqlite").map((m) => m.name);
    const pg = loadMigrations("pg").map((m) => m.name);
    expect(sqlite.length).toBeGreaterThan(5);
    expect(pg).toEqual(sqlite);
  });
});
