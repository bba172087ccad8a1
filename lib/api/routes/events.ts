/**
 * GET /events: the strict, replayable record of every change, in commit order (lib/events/feed.ts).
 */
import { z } from "zod";
import { CursorGone, eventId, newestCursor, parseEventCursor, readEvents } from "@/lib/events/feed";
import { isEventType, type EventType } from "@/lib/events/types";
import { limitParam } from "../paging";
import { ApiError } from "../problem";
import { defineRoute } from "../route";
import { id } from "./params";
import { eventPageSchema } from "../schemas";

const after = z
  .string()
  .transform((text, ctx): number | "now" => {
    if (text === "now") return "now";
    const n = parseEventCursor(text);
    if (n === null) {
      ctx.addIssue({ code: "custom", message: "must be an event id (evt_ + 16 digits) or an event number" });
      return z.NEVER;
    }
    return n;
  })
  .optional()
  .transform((n) => n ?? 0)
  .describe(
    "Return the events after this one: a previous page's `next`, an event's id, or its number (absent or 0: from the oldest kept; `now`: no events, only the cursor of the newest one, to follow from)",
  );

const types = z
  .string()
  .max(4096)
  .transform((text, ctx) => {
    const list = [
      ...new Set(
        text
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ];
    const unknown = list.filter((t) => !isEventType(t));
    if (unknown.length > 0) {
      ctx.addIssue({ code: "custom", message: `unknown event type: ${unknown.slice(0, 5).join(", ")}` });
      return z.NEVER;
    }
    return list as EventType[];
  })
  .optional()
  .describe("Only events of these types (comma-separated, e.g. user.created,user.deleted)");

export const listEvents = defineRoute({
  method: "GET",
  path: "/events",
  scope: "events:read",
  tag: "Events",
  summary: "Events in commit order, after a cursor",
  description:
    "Every change, in the order it was committed (`seq`). Follow `next` as `after=`: each event is returned once, in order, and no event committed later is ever numbered before a cursor already returned. Repeat a request to replay. Kept EVENTS_RETENTION_DAYS (default 90); a cursor older than that is answered 410.",
  query: z.strictObject({
    after,
    limit: limitParam(1000, 100),
    types,
    tenant: id("tenant").optional().describe("Only this tenant's events"),
  }),
  response: { status: 200, schema: eventPageSchema, description: "A page of events" },
  problems: ["cursor-expired"],
  async handler({ query }) {
    if (query.after === "now") return { data: [], next: eventId(await newestCursor()), hasMore: false };
    try {
      const page = await readEvents({
        after: query.after,
        limit: query.limit,
        tenantId: query.tenant,
        types: query.types,
      });
      return { data: page.events, next: eventId(page.next), hasMore: page.hasMore } as z.input<
        typeof eventPageSchema
      >;
    } catch (error) {
      if (error instanceof CursorGone) throw new ApiError("cursor-expired", error.message);
      throw error;
    }
  },
});
