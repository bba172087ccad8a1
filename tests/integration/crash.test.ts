/**
 * Crash safety: Entra-like load (create a user, change it, add it to a group) while the server is
 * killed with SIGKILL three times and restarted on the same database. Every answer the client got
 * must hold afterwards, and nothing is half-written: a user's email rows agree with the user, group
 * members exist, and (SQLite) the file passes its integrity and foreign-key checks.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  createDatabase,
  provisionedTenant,
  queryRows,
  startApp,
  testDatabases,
  type App,
  type Database,
} from "../support/app";
import { addMembers, groupBody, patchOp, replaceOp, userBody } from "../support/scim-requests";

const KILLS = 3;
const LOAD_MS = 1500;
const WORKERS = 8;
// Each round loads for LOAD_MS and at least until this many users were acknowledged in it, so a
// machine slowed by its neighbours still kills the server under real load (capped at ROUND_CAP_MS).
const MIN_ACKED_PER_ROUND = 8;
const ROUND_CAP_MS = 60_000;

type Acked = {
  id: string;
  userName: string;
  titles: string[];
  pendingTitle: string | null;
  inGroup: boolean;
};

describe.each(testDatabases())("SIGKILL during load on %s", (kind) => {
  let database: Database;
  let app: App;
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it(`keeps every acknowledged write through ${KILLS} kills`, async () => {
    database = await createDatabase(kind);
    app = await startApp(kind, { database, env: { SCIM_RATE_LIMIT_PER_TOKEN: "0" } });
    const t = await provisionedTenant(app, "Crashy");
    const path = new URL(t.tenantUrl).pathname;
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${app.url}${path}${p}`, {
        method,
        headers: { Authorization: `Bearer ${t.token}`, "Content-Type": "application/scim+json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        status: res.status,
        body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>),
      };
    };
    const group = await call("POST", "/Groups", groupBody("Everyone"));
    const groupId = String(group.body!.id);
    const users: Acked[] = [];
    let attempts = 0;
    let failedInFlight = 0;

    for (let round = 0; round <= KILLS; round++) {
      let running = true;
      const worker = async (w: number) => {
        while (running) {
          const userName = `u${round}-${w}-${attempts++}@crash.example`;
          try {
            const created = await call(
              "POST",
              "/Users",
              userBody({
                userName,
                active: true,
                emails: [{ value: userName, type: "work", primary: true }],
              }),
            );
            if (created.status !== 201) continue;
            const user: Acked = {
              id: String(created.body!.id),
              userName,
              titles: [],
              pendingTitle: null,
              inGroup: false,
            };
            users.push(user);
            for (let i = 0; i < 3 && running; i++) {
              user.pendingTitle = `title ${i}`;
              const patched = await call(
                "PATCH",
                `/Users/${user.id}`,
                patchOp(replaceOp("title", user.pendingTitle)),
              );
              if (patched.status === 200) user.titles.push(user.pendingTitle);
              user.pendingTitle = null;
            }
            const added = await call("PATCH", `/Groups/${groupId}`, patchOp(addMembers(user.id)));
            if (added.status === 200 || added.status === 204) user.inGroup = true;
          } catch {
            failedInFlight++;
            return;
          }
        }
      };
      const ackedBefore = users.length;
      const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
      const started = Date.now();
      await new Promise((r) => setTimeout(r, LOAD_MS));
      while (users.length - ackedBefore < MIN_ACKED_PER_ROUND && Date.now() - started < ROUND_CAP_MS) {
        await new Promise((r) => setTimeout(r, 100));
      }
      if (round < KILLS) {
        await app.kill();
        await Promise.all(workers);
        app = await startApp(kind, { database, env: { SCIM_RATE_LIMIT_PER_TOKEN: "0" } });
      } else {
        running = false;
        await Promise.all(workers);
      }
    }

    // Every acknowledged write is there.
    const members = await call("GET", `/Groups/${groupId}`);
    const memberIds = new Set(
      ((members.body!.members as { value: string }[] | undefined) ?? []).map((m) => m.value),
    );
    for (const u of users) {
      const got = await call("GET", `/Users/${u.id}`);
      expect(got.status, u.userName).toBe(200);
      expect(got.body!.userName).toBe(u.userName);
      const last = u.titles.at(-1) ?? null;
      expect([last, u.pendingTitle, ...(u.titles.length === 0 ? [undefined] : [])], u.userName).toContain(
        got.body!.title ?? undefined,
      );
      if (u.inGroup) expect(memberIds.has(u.id), u.userName).toBe(true);
      // The email rows were written in the same transaction as the user.
      const byEmail = await call(
        "GET",
        `/Users?filter=${encodeURIComponent(`emails.value eq "${u.userName}"`)}`,
      );
      expect(byEmail.body!.totalResults, u.userName).toBe(1);
    }
    // Nothing half-written anywhere: no email row or membership without its user, no user without its email.
    const orphans = await queryRows(
      database,
      `SELECT e."userId" FROM "ScimUserEmail" e LEFT JOIN "ScimUser" u ON u."tenantId" = e."tenantId" AND u.id = e."userId" WHERE u.id IS NULL
       UNION ALL SELECT m."memberId" FROM "ScimGroupMember" m LEFT JOIN "ScimUser" u ON u."tenantId" = m."tenantId" AND u.id = m."memberId" WHERE u.id IS NULL
       UNION ALL SELECT u.id FROM "ScimUser" u LEFT JOIN "ScimUserEmail" e ON e."tenantId" = u."tenantId" AND e."userId" = u.id WHERE e."userId" IS NULL`,
    );
    expect(orphans).toHaveLength(0);
    if (kind === "sqlite") {
      expect(await queryRows(database, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
      expect(await queryRows(database, "PRAGMA foreign_key_check")).toEqual([]);
    }
    // The load really ran (a slow machine still acknowledges far more than this).
    expect(users.length).toBeGreaterThan(20);
    console.log(
      `crash on ${kind}: ${KILLS} SIGKILLs, ${users.length} acknowledged users (${users.reduce((n, u) => n + u.titles.length, 0)} title changes, ${users.filter((u) => u.inGroup).length} memberships) verified; ${failedInFlight} requests cut off in flight`,
    );
  }, 420_000);
});
