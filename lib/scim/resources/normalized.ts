/**
 * Users and groups as the application wants them — the attributes apps use, plus the whole SCIM
 * document — in one shape for the directory events (./events.ts) and the application API's
 * directory (lib/directory/api-*.ts). The schemas are lib/events/payloads.ts.
 */
import type { GroupRef, NormalizedGroup, NormalizedUser } from "@/lib/events/payloads";
import type { TenantTypes } from "../schema/resource-types";
import { isObject, type Json, type JsonObject } from "../document";
import { resourceOf, type Kind, type Row } from "./store";

/** What normalizing needs: the tenant's types (its custom attributes) and SCIM's single base URL. */
export type DirectoryView = { types: TenantTypes; directoryBaseUrl: string };

const text = (value: Json | undefined): string | null => (typeof value === "string" ? value : null);

const scimOf = (view: DirectoryView, kind: Kind, row: Row, doc: JsonObject) =>
  resourceOf({ types: view.types, baseUrl: view.directoryBaseUrl }, kind, row, doc);

export function normalizedUser(
  view: DirectoryView,
  kind: Kind,
  row: Row,
  doc: JsonObject,
  groups: string[],
  roles: string[],
): NormalizedUser {
  const emails = Array.isArray(doc.emails) ? doc.emails.filter(isObject) : [];
  const email = emails.find((e) => e.primary === true) ?? emails[0];
  const name = isObject(doc.name) ? doc.name : {};
  const custom = view.types.user.extensions.filter((e) => e.custom).map((e) => e.schema.id);
  const customAttributes: Record<string, JsonObject> = {};
  for (const urn of custom) {
    const value = doc[urn];
    if (isObject(value)) customAttributes[urn] = value;
  }
  return {
    id: row.id,
    externalId: text(doc.externalId),
    userName: String(doc.userName),
    email: text(email?.value),
    name: { givenName: text(name.givenName), familyName: text(name.familyName) },
    displayName: text(doc.displayName),
    active: doc.active !== false,
    groups,
    roles,
    customAttributes,
    scim: scimOf(view, kind, row, doc),
  };
}

export function groupRef(row: Row, doc: JsonObject): GroupRef {
  return { id: row.id, externalId: text(doc.externalId), displayName: String(doc.displayName) };
}

export function normalizedGroup(view: DirectoryView, kind: Kind, row: Row, doc: JsonObject): NormalizedGroup {
  return { ...groupRef(row, doc), scim: scimOf(view, kind, row, doc) };
}
