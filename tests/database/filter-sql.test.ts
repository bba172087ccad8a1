/**
 * Filter → SQL on both databases, below HTTP: the same filters must select the same users on
 * SQLite and PostgreSQL, and the filters Entra sends must be able to use an index.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres, migrateSqlite } from "@/lib/db/migrate";
import { PostgresClient } from "@/lib/db/postgres";
import { all, run, type SqlClient } from "@/lib/db/sql";
import { openSqliteFile, SqliteClient } from "@/lib/db/sqlite";
import { parseFilter } from "@/lib/scim/filter";
import { NO_PROJECTION } from "@/lib/scim/projection";
import { filterToSql } from "@/lib/scim/query";
import { userHandler, USERS as USER_KIND } from "@/lib/scim/resources/users";
import type { ScimContext } from "@/lib/scim/resources/types";
import { USER_RESOURCE } from "@/lib/scim/schema/resource-types";
import { createDatabase, testDatabases, type Database } from "../support/app";
import { scimContext } from "../support/scim-context";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const USERS = [
  {
    userName: "Alex.Wilber@contoso.com",
    externalId: "ext-alex",
    active: true,
    title: "Engineer",
    emails: [{ type: "work", value: "alex@contoso.com", primary: true }],
    phoneNumbers: [{ type: "work", value: "+1 555 0100" }],
    [ENT]: { department: "Sales", employeeNumber: "42" },
  },
  {
    userName: "megan.bowen@contoso.com",
    externalId: "jyoung",
    active: false,
    title: "Director",
    emails: [
      { type: "home", value: "megan@home.example" },
      { type: "work", value: "megan@contoso.com" },
    ],
    [ENT]: { department: "Marketing" },
  },
  {
    userName: "lee.gu@fabrikam.com",
    active: true,
    nickName: "Lee",
    emails: [{ type: "work", value: "lee@fabrikam.com" }],
    phoneNumbers: [{ type: "mobile", value: "+1 555 0199" }],
  },
  { userName: "ÉLODIE@contoso.com", displayName: "Élodie", active: true },
];

const CASES: [string, string[]][] = [
  ['userName eq "alex.wilber@CONTOSO.com"', ["Alex.Wilber@contoso.com"]],
  ['userName eq "élodie@contoso.com"', ["ÉLODIE@contoso.com"]],
  ['userName sw "MEGAN"', ["megan.bowen@contoso.com"]],
  [
    'userName ew "@contoso.com"',
    ["Alex.Wilber@contoso.com", "megan.bowen@contoso.com", "ÉLODIE@contoso.com"],
  ],
  ['userName co "_"', []],
  ['userName co "%"', []],
  ["externalId eq jyoung", ["megan.bowen@contoso.com"]],
  ['externalId eq "EXT-ALEX"', []],
  ['emails[type eq "work"].value eq "MEGAN@contoso.com"', ["megan.bowen@contoso.com"]],
  ['emails[type eq "home"].value eq "alex@contoso.com"', []],
  ['emails.value eq "lee@fabrikam.com"', ["lee.gu@fabrikam.com"]],
  ['emails co "home.example"', ["megan.bowen@contoso.com"]],
  ["emails pr", ["Alex.Wilber@contoso.com", "megan.bowen@contoso.com", "lee.gu@fabrikam.com"]],
  ["not (emails pr)", ["ÉLODIE@contoso.com"]],
  ["active eq false", ["megan.bowen@contoso.com"]],
  ["active ne false", ["Alex.Wilber@contoso.com", "lee.gu@fabrikam.com", "ÉLODIE@contoso.com"]],
  ['title eq "engineer"', ["Alex.Wilber@contoso.com"]],
  ['title ne "Engineer"', ["megan.bowen@contoso.com", "lee.gu@fabrikam.com", "ÉLODIE@contoso.com"]],
  ["nickName pr", ["lee.gu@fabrikam.com"]],
  ['title gt "E"', ["Alex.Wilber@contoso.com"]],
  [`${ENT}:department eq "sales"`, ["Alex.Wilber@contoso.com"]],
  [`${ENT}:employeeNumber pr`, ["Alex.Wilber@contoso.com"]],
  ['phoneNumbers[type eq "mobile"].value sw "+1"', ["lee.gu@fabrikam.com"]],
  ['phoneNumbers[type eq "work" and value co "0100"]', ["Alex.Wilber@contoso.com"]],
  ['active eq true and (title pr or nickName eq "lee")', ["Alex.Wilber@contoso.com", "lee.gu@fabrikam.com"]],
  ['not (userName sw "a") and not (userName sw "m")', ["lee.gu@fabrikam.com", "ÉLODIE@contoso.com"]],
  [
    'meta.created gt "2000-01-01T00:00:00Z"',
    ["Alex.Wilber@contoso.com", "megan.bowen@contoso.com", "lee.gu@fabrikam.com", "ÉLODIE@contoso.com"],
  ],
  ['meta.lastModified lt "2000-01-01T00:00:00Z"', []],
];

type Open = { sql: SqlClient; close(): Promise<void> };

async function open(database: Database): Promise<Open> {
  if (database.kind === "sqlite") {
    const file = database.url.slice("file:".length);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const raw = openSqliteFile(file);
    migrateSqlite(raw);
    const sql = new SqliteClient(raw);
    return { sql, close: () => sql.close() };
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await migratePostgres(pool);
  const sql = new PostgresClient(pool);
  return { sql, close: () => sql.close() };
}

describe.each(testDatabases())("filters as SQL on %s", (kind) => {
  let database: Database;
  let db: Open;
  let ctx: ScimContext;
  let other: ScimContext;

  beforeAll(async () => {
    database = await createDatabase(kind);
    db = await open(database);
    for (const tenant of ["t1", "t2"]) {
      await db.sql.run(`INSERT INTO "Tenant" (id, name, "createdAt") VALUES (?, ?, ?)`, [
        tenant,
        tenant,
        new Date(),
      ]);
    }
    ctx = scimContext(db.sql, "t1");
    other = scimContext(db.sql, "t2");
    for (const user of USERS)
      await userHandler.create(
        ctx,
        { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT], ...user },
        NO_PROJECTION,
      );
    // The same people in another tenant must never show up.
    for (const user of USERS) await userHandler.create(other, user, NO_PROJECTION);
    if (kind === "postgres") await db.sql.run(`ANALYZE`);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const names = async (filter: string) => {
    const res = await userHandler.list(ctx, {
      filter,
      startIndex: 1,
      count: 100,
      sortBy: null,
      sortOrder: "ascending",
      cursor: null,
      projection: NO_PROJECTION,
    });
    const body = res.body as { totalResults: number; Resources: { userName: string }[] };
    expect(body.totalResults).toBe(body.Resources.length);
    return body.Resources.map((r) => r.userName).sort();
  };

  it.each(CASES)("%s", async (filter, expected) => {
    expect(await names(filter)).toEqual([...expected].sort());
  });

  it("finds a user by userName through the unique index", async () => {
    const { text, params } = filterToSql(
      parseFilter('userName eq "x"'),
      USER_RESOURCE,
      USER_KIND.storage,
      db.sql.dialect,
    );
    const query = `SELECT r.id FROM "ScimUser" r WHERE r."tenantId" = ? AND ${text}`;
    const plan = await explain(db.sql, query, ["t1", ...params]);
    expect(plan).toMatch(/ScimUser_tenantId_userNameLower_key/);
  });

  it("finds a user by email through the email index", async () => {
    const { text, params } = filterToSql(
      parseFilter('emails[type eq "work"].value eq "x"'),
      USER_RESOURCE,
      USER_KIND.storage,
      db.sql.dialect,
    );
    const plan = await explain(db.sql, `SELECT r.id FROM "ScimUser" r WHERE r."tenantId" = ? AND ${text}`, [
      "t1",
      ...params,
    ]);
    expect(plan).toMatch(/ScimUserEmail_tenantId_valueLower_idx/);
  });

  it("finds a user by externalId through its index", async () => {
    const { text, params } = filterToSql(
      parseFilter('externalId eq "x"'),
      USER_RESOURCE,
      USER_KIND.storage,
      db.sql.dialect,
    );
    const plan = await explain(db.sql, `SELECT r.id FROM "ScimUser" r WHERE r."tenantId" = ? AND ${text}`, [
      "t1",
      ...params,
    ]);
    expect(plan).toMatch(/ScimUser_tenantId_externalId_idx/);
  });
});

/** The query plan as text; on PostgreSQL with sequential scans off, so a usable index shows up even on tiny tables. */
async function explain(
  sql: SqlClient,
  query: string,
  params: (string | number | boolean | null | Date)[],
): Promise<string> {
  if (sql.dialect === "sqlite") {
    const rows = await sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, params);
    return rows.map((r) => r.detail).join("\n");
  }
  return sql.tx(function* () {
    yield* run("SET LOCAL enable_seqscan = off");
    const rows = yield* all<{ "QUERY PLAN": string }>(`EXPLAIN ${query}`, params);
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  });
}
