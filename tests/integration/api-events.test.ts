/**
 * The events API on every database: the tenant's events in commit order with their payloads as
 * documented; any page size gives the same sequence; filters by type and tenant; a page asked
 * again is the same page (replay); and under concurrent SCIM writes no event committed later ever
 * appears before a cursor already handed out (on PostgreSQL, where transactions commit in any
 * order and the sequencer numbers them after commit).
 */
import { beforeAll, expect } from "vitest";
import { eventPageSchema } from "@/lib/api/schemas";
import { allEvents, api, apiKey, conforms, eventsWhenNumbered, expectProblem } from "../support/api";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { hex, type Json } from "../support/scim-client";
import { groupBody, patchOp, replaceActive, userBody } from "../support/scim-requests";

describeEachDatabase("events API on %s", { tenant: "Eventful", other: "Elsewhere" }, (suite) => {
  let key: string;
  beforeAll(async () => {
    key = (await apiKey(suite.app, "events:read")).key;
  });

  dbTest(
    "returns a tenant's changes in commit order, in the documented shapes, the same at any page size",
    async ({ app, tenant, scim, other, otherScim }) => {
      const a = await scim(
        "POST",
        "/Users",
        userBody({
          userName: `ada.${hex()}@contoso.com`,
          name: { givenName: "Ada", familyName: "Lovelace" },
          emails: [{ value: "ada@contoso.com", type: "work", primary: true }],
        }),
      );
      const b = await scim("POST", "/Users", userBody({ userName: `bob.${hex()}@contoso.com` }));
      const g = await scim("POST", "/Groups", groupBody(`Ops ${hex()}`, [a.body.id, b.body.id]));
      await scim("PATCH", `/Users/${String(b.body.id)}`, patchOp(replaceActive(false)));
      await otherScim("POST", "/Users", userBody({ userName: `eve.${hex()}@elsewhere.com` }));

      const events = await eventsWhenNumbered(app, key, `tenant=${tenant.tenantId}`, 10);
      expect(events.map((e) => e.type)).toEqual([
        "tenant.created",
        // The connection set up by the test's helper: an identity provider with provisioning.
        "identity_provider.created",
        "provisioning.enabled",
        "provisioning.token_created",
        "user.created",
        "user.created",
        "group.created",
        "group.member_added",
        "group.member_added",
        "user.deactivated",
      ]);
      for (const e of events) {
        expect(e.tenantId).toBe(tenant.tenantId);
        expect(e.id).toBe(`evt_${String(e.seq).padStart(16, "0")}`);
      }
      const seqs = events.map((e) => Number(e.seq));
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(events[4]!.data).toMatchObject({
        user: {
          id: a.body.id,
          userName: a.body.userName,
          email: "ada@contoso.com",
          name: { givenName: "Ada", familyName: "Lovelace" },
          active: true,
          groups: [],
          scim: { id: a.body.id, meta: { resourceType: "User" } },
        },
      });
      expect(events[7]!.data).toEqual({
        group: { id: g.body.id, externalId: null, displayName: g.body.displayName },
        userId: expect.any(String),
      });
      expect(events[9]!.idpId).toBe(tenant.idpId);
      expect(events[9]!.data).toMatchObject({
        user: { id: b.body.id, active: false, groups: [g.body.id] },
        changes: [{ path: "active", after: false }], // created without `active` (true by default)
      });

      // Every page in the documented shape; page size 1 gives the very same sequence.
      const page = await api(app, key, "GET", `/events?tenant=${tenant.tenantId}&limit=1000`);
      conforms(eventPageSchema, page.body);
      const oneByOne = await allEvents(app, key, `tenant=${tenant.tenantId}`, "0", 1);
      expect(oneByOne).toEqual(events);
      // Other tenants' events are there without the filter, not with it.
      const everything = await allEvents(app, key);
      expect(everything.some((e) => e.tenantId === other.tenantId)).toBe(true);
      expect(events.some((e) => e.tenantId === other.tenantId)).toBe(false);
    },
  );

  dbTest(
    "filters by type, continues from an id or a number, and answers a repeated request the same (replay)",
    async ({ app, tenant }) => {
      const events = await allEvents(app, key, `tenant=${tenant.tenantId}`);
      const users = await allEvents(
        app,
        key,
        `tenant=${tenant.tenantId}&types=user.created,user.deactivated`,
      );
      expect(users.map((e) => e.type)).toEqual(["user.created", "user.created", "user.deactivated"]);
      expect(users).toEqual(events.filter((e) => e.type === "user.created" || e.type === "user.deactivated"));

      const third = events[2]!;
      const byId = await api(
        app,
        key,
        "GET",
        `/events?tenant=${tenant.tenantId}&after=${String(third.id)}&limit=2`,
      );
      const byNumber = await api(
        app,
        key,
        "GET",
        `/events?tenant=${tenant.tenantId}&after=${String(third.seq)}&limit=2`,
      );
      expect(byId.body).toEqual(byNumber.body);
      expect(byId.body.data).toEqual(events.slice(3, 5));
      expect(byId.body.next).toBe(events[4]!.id);
      expect(byId.body.hasMore).toBe(true);
      const again = await api(
        app,
        key,
        "GET",
        `/events?tenant=${tenant.tenantId}&after=${String(third.id)}&limit=2`,
      );
      expect(again.text).toBe(byId.text);

      // At the end: an empty page whose `next` is a cursor past everything seen, to poll with.
      const last = await api(
        app,
        key,
        "GET",
        `/events?tenant=${tenant.tenantId}&after=${String(events.at(-1)!.id)}`,
      );
      expect(last.body.data).toEqual([]);
      expect(last.body.hasMore).toBe(false);
      const polled = await api(
        app,
        key,
        "GET",
        `/events?tenant=${tenant.tenantId}&after=${String(last.body.next)}`,
      );
      expect(polled.body.data).toEqual([]);
      // after=now: no events, the cursor of the newest one (to start following from).
      const newest = (await allEvents(app, key)).at(-1)!;
      const now = await api(app, key, "GET", "/events?after=now");
      expect(now.body).toEqual({ data: [], next: newest.id, hasMore: false });
      // A cursor beyond the newest event is not from this log.
      expectProblem(await api(app, key, "GET", "/events?after=9999999999"), 410, "cursor-expired");
    },
  );

  dbTest(
    "never shows an event before a cursor already returned, under concurrent SCIM writes",
    async ({ app, kind, scim }) => {
      const writers = 4;
      const perWriter = kind === "postgres" ? 60 : 40;
      const run = hex();
      const ours = (events: Json[]) =>
        events.filter((e) => JSON.stringify(e.data).includes(`.${run}@`) && e.type === "user.created").length;
      const from = String((await allEvents(app, key)).at(-1)?.id ?? "0");
      const seen: Json[] = [];
      let cursor = from;
      let writing = true;
      const reader = (async () => {
        while (writing || ours(seen) < writers * perWriter) {
          const reply = await api(app, key, "GET", `/events?after=${cursor}&limit=7`);
          expect(reply.status, reply.text).toBe(200);
          const data = reply.body.data as Json[];
          for (const e of data) expect(Number(e.seq)).toBeGreaterThan(Number(cursor.replace("evt_", "")));
          seen.push(...data);
          cursor = String(reply.body.next);
          if (data.length === 0) await new Promise((r) => setTimeout(r, 20));
        }
      })();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) {
            const r = await scim("POST", "/Users", userBody({ userName: `w${w}.${i}.${run}@contoso.com` }));
            expect(r.status).toBe(201);
          }
        }),
      );
      writing = false;
      await reader;
      // Read again from the same starting point, after everything is numbered: the incremental reads
      // met exactly these events, in this order — none was numbered behind a cursor they had passed.
      const replay = await allEvents(app, key, "", from);
      expect(seen.map((e) => e.id)).toEqual(replay.map((e) => e.id));
      expect(ours(seen)).toBe(writers * perWriter);
    },
    120_000,
  );
});
