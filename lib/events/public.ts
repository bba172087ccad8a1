/**
 * The public form of an event, one for the events API and the webhooks: `{ id, seq, type,
 * tenantId, idpId, createdAt, data }`, where `id` is `evt_` + its number (its commit order),
 * zero-padded to 16 digits so that ids sort as events were committed. Free of the database, so the
 * delivery code and tests use it as it is.
 */
const EVENT_ID_PREFIX = "evt_";

export function eventId(seq: number): string {
  return `${EVENT_ID_PREFIX}${String(seq).padStart(16, "0")}`;
}

/** The number of an event id (`evt_…`) or of a bare number; null when it is neither. */
export function parseEventCursor(value: string): number | null {
  const digits = value.startsWith(EVENT_ID_PREFIX) ? value.slice(EVENT_ID_PREFIX.length) : value;
  if (!/^\d{1,16}$/.test(digits)) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

export type StoredEvent = {
  id: string;
  seq: number;
  type: string;
  /** null for an operator event (a webhook endpoint of every tenant disabled). */
  tenantId: string | null;
  idpId: string | null;
  createdAt: string;
  data: unknown;
};

/** An event as stored: `data` is its JSON text; an operator event's tenantId is "". */
export type EventRow = {
  seq: number;
  type: string;
  tenantId: string;
  idpId: string | null;
  at: Date;
  data: string;
};

function headOf(row: EventRow): Omit<StoredEvent, "data"> {
  return {
    id: eventId(row.seq),
    seq: row.seq,
    type: row.type,
    tenantId: row.tenantId || null,
    idpId: row.idpId,
    createdAt: row.at.toISOString(),
  };
}

/** The public form of an event: the events API's item, and a webhook's body. */
export function eventOf(row: EventRow): StoredEvent {
  return { ...headOf(row), data: JSON.parse(row.data) as unknown };
}

/** `eventOf` as JSON text, with the stored `data` embedded as it is (not parsed and written again). */
export function eventJson(row: EventRow): string {
  return `${JSON.stringify(headOf(row)).slice(0, -1)},"data":${row.data}}`;
}
