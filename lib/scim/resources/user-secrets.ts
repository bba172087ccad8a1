/**
 * What a user resource holds that is secret or sensitive: uniFLOW's PIN (write-only, kept only as
 * an argon2id hash), a client's `password` (accepted and discarded), and card numbers, which the
 * provisioning log shows with their last four characters only.
 */
import { isObject, isSecret, secretKey, type Secrets } from "../document";
import type { PatchOp } from "../patch";
import { resolvePath } from "../schema/registry";
import type { ResourceTypeDef } from "../schema/types";
import { UNIFLOW_SCHEMA } from "../schema/user";
import type { Change, ScimContext } from "./types";

export const PIN_KEY = `${UNIFLOW_SCHEMA}:pin`;

/** Hashes the secrets Rollcall keeps (the PIN); others (a client's `password`) are discarded. */
export async function hashSecrets(ctx: ScimContext, secrets: Secrets): Promise<Map<string, string | null>> {
  const hashed = new Map<string, string | null>();
  const pin = secrets[PIN_KEY];
  if (pin !== undefined) hashed.set(PIN_KEY, pin === null ? null : await ctx.hashSecret(pin));
  return hashed;
}

/** Plain values of write-only attributes a PATCH sets, so they can be hashed before the transaction. */
export function patchSecrets(type: ResourceTypeDef, ops: PatchOp[]): Secrets {
  const found: Secrets = {};
  const consider = (path: string, value: unknown) => {
    const resolved = resolvePath(type, path);
    if (resolved && isSecret(resolved.attribute)) {
      found[secretKey(resolved)] = typeof value === "string" ? value : null;
    }
  };
  for (const op of ops) {
    if (op.op === "remove") continue;
    if (op.path !== null) {
      consider(op.path, op.value);
      if (isObject(op.value))
        for (const [name, v] of Object.entries(op.value)) consider(`${op.path}:${name}`, v);
    } else if (isObject(op.value)) {
      for (const [key, value] of Object.entries(op.value)) {
        if (isObject(value)) for (const [name, v] of Object.entries(value)) consider(`${key}:${name}`, v);
        else consider(key, value);
      }
    }
  }
  return found;
}

/** Card numbers appear in the provisioning log with their last four characters only. */
export function masked(changes: Change[]): Change[] {
  const mask = (v: unknown) => (typeof v === "string" ? `••••${v.slice(-4)}` : v);
  return changes.map((c) =>
    c.path.endsWith(".cardNumber")
      ? {
          path: c.path,
          ...("before" in c ? { before: mask(c.before) } : {}),
          ...("after" in c ? { after: mask(c.after) } : {}),
        }
      : c,
  );
}

/** The log's record of secrets a request set: that they changed, never their value. */
export function secretChanges(secrets: Secrets): Change[] {
  return Object.keys(secrets).map((key) => ({ path: key, after: "[redacted]" }));
}
