/**
 * The application API (/api/v1) for the integration tests: keys made through the operator CLI,
 * requests with a key, the problem-details assertion every failure must pass, and paging a list
 * to its end.
 */
import { expect } from "vitest";
import type { z } from "zod";
import { queryRows, type App } from "./app";
import { parse, type Json } from "./scim-client";

export type ApiReply = { status: number; headers: Headers; body: Json; text: string };

export async function apiKey(
  app: App,
  scopes: string,
  name = "test app",
): Promise<{ keyId: string; key: string }> {
  const { keyId, key } = await app.cli("api-key", "create", "--name", name, "--scopes", scopes);
  return { keyId: keyId!, key: key! };
}

export const ALL_SCOPES =
  "events:read,directory:read,tenants:write,webhooks:write,applications:write,roles:write";

/** One request to /api/v1<path>; a string body is sent as is, anything else as JSON. */
export async function api(
  app: App,
  key: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiReply> {
  const res = await fetch(`${app.url}/api/v1${path}`, {
    method,
    redirect: "manual",
    headers: {
      ...(key === null ? {} : { Authorization: `Bearer ${key}` }),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: parse(text), text };
}

/** A problem document (RFC 9457) with this status, as every failure of the API must be. */
export function expectProblem(reply: ApiReply, status: number, slug?: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get("content-type")).toBe("application/problem+json");
  expect(reply.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(String(reply.body.type)).toMatch(/^\/api\/v1\/problems\/[a-z-]+$/);
  expect(String(reply.body.instance)).toMatch(/^\/api\/v1\//);
  if (slug) expect(reply.body.type).toBe(`/api/v1/problems/${slug}`);
  expect(reply.headers.get("cache-control")).toBe("no-store");
}

/** The body, checked against its schema: it parses, and parsing drops nothing (no undocumented member). */
export function conforms<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  expect(result.success, JSON.stringify(result.error?.issues.slice(0, 3))).toBe(true);
  expect(result.data).toEqual(body);
  return result.data as z.output<S>;
}

/** Every item of a cursor-paged list (from `start`, a page's `next`), following `next` with `limit` per page. */
export async function allPages(
  app: App,
  key: string,
  path: string,
  limit = 1000,
  start: string | null = null,
): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = start;
  for (let i = 0; i < 10_000; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const reply = await api(
      app,
      key,
      "GET",
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    expect(reply.status, reply.text).toBe(200);
    items.push(...(reply.body.data as Json[]));
    cursor = reply.body.next as string | null;
    if (cursor === null) return items;
  }
  throw new Error("the list did not end");
}

/** Every event after `after` (optionally filtered), once the events are numbered (PostgreSQL numbers after commit). */
export async function allEvents(
  app: App,
  key: string,
  query = "",
  after = "0",
  limit = 1000,
): Promise<Json[]> {
  const events: Json[] = [];
  let cursor = after;
  for (let i = 0; i < 10_000; i++) {
    const reply = await api(
      app,
      key,
      "GET",
      `/events?after=${cursor}&limit=${limit}${query ? `&${query}` : ""}`,
    );
    expect(reply.status, reply.text).toBe(200);
    events.push(...(reply.body.data as Json[]));
    cursor = String(reply.body.next);
    if (reply.body.hasMore !== true) return events;
  }
  throw new Error("the events did not end");
}

/** Waits until the events API shows at least `count` events of `query` (the sequencer runs every 100 ms). */
export async function eventsWhenNumbered(
  app: App,
  key: string,
  query: string,
  count: number,
): Promise<Json[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = await allEvents(app, key, query);
    if (events.length >= count || Date.now() > deadline) return events;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until every committed event has its number (PostgreSQL numbers them after commit, every 100 ms). */
export async function allNumbered(app: App): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const pending = await queryRows(app.database, `SELECT id FROM "Event" WHERE seq IS NULL LIMIT 1`);
    if (pending.length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("events were not numbered within 10 s");
}

/** A local copy of a tenant's directory, as the example consumer (examples/directory-sync) keeps it. */
export type DirectoryCopy = {
  users: Record<string, Json>;
  groups: Record<string, Json>;
  members: Record<string, string[]>;
};

/** The directory API's view of a tenant, in the example consumer's shape. */
export async function directoryView(app: App, key: string, tenantId: string): Promise<DirectoryCopy> {
  const users = await allPages(app, key, `/tenants/${tenantId}/users`);
  const groups = await allPages(app, key, `/tenants/${tenantId}/groups`);
  const members: Record<string, string[]> = {};
  for (const g of groups) {
    members[String(g.id)] = (
      await allPages(app, key, `/tenants/${tenantId}/groups/${String(g.id)}/members`)
    ).map((m) => String(m.id));
  }
  return {
    users: Object.fromEntries(users.map((u) => [u.id, u])),
    groups: Object.fromEntries(groups.map((g) => [g.id, g])),
    members,
  };
}

/**
 * A copy to compare: a group's scim.meta (version, lastModified) also moves when only its members
 * change, which membership events do not carry, so groups are compared without it.
 */
export function comparable(c: DirectoryCopy): DirectoryCopy {
  return {
    users: c.users,
    members: c.members,
    groups: Object.fromEntries(
      Object.entries(c.groups).map(([id, g]) => {
        const scim = { ...(g.scim as Json) };
        delete scim.meta;
        return [id, { ...g, scim }];
      }),
    ),
  };
}
