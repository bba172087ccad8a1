"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/action-state";
import { actorOf, requireAdmin, requireTenantRole } from "@/lib/auth/session";
import { listGroups } from "@/lib/directory/groups";
import { AppError } from "@/lib/errors";
import {
  addMapping,
  moveMapping,
  removeMapping,
  setDefaultRole,
  type MappingInput,
} from "@/lib/roles/mappings";

const PAGE = "/settings/roles";

export type GroupChoice = { id: string; displayName: string; members: number };

/** Up to 20 of the company's provisioned groups whose name contains `q` (all, by name, when empty). */
export async function findGroupsAction(q: string): Promise<ActionState<GroupChoice[]>> {
  return runAction(async () => {
    const admin = await requireAdmin();
    const query = typeof q === "string" ? q.slice(0, 200) : "";
    const { rows } = await listGroups(admin.tenantId, { q: query });
    return rows.slice(0, 20).map((g) => ({ id: g.id, displayName: g.displayName, members: g.members }));
  });
}

/** Maps a group (the service checks it is this company's) to a role. */
export async function addMappingAction(input: MappingInput): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    await addMapping(admin.tenantId, actorOf(admin), input);
    revalidatePath(PAGE);
  });
}

export async function removeMappingAction(mappingId: string): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    if (typeof mappingId !== "string") throw new AppError("No such mapping", { code: "not_found" });
    await removeMapping(admin.tenantId, actorOf(admin), mappingId);
    revalidatePath(PAGE);
  });
}

/** Moves a mapping to `precedence` (1 is first). */
export async function moveMappingAction(mappingId: string, precedence: number): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    if (typeof mappingId !== "string") throw new AppError("No such mapping", { code: "not_found" });
    await moveMapping(admin.tenantId, actorOf(admin), mappingId, Number(precedence));
    revalidatePath(PAGE);
  });
}

/** Sets the role of users no mapping matches ("" or null: none). */
export async function setDefaultRoleAction(role: string | null): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    await setDefaultRole(
      admin.tenantId,
      actorOf(admin),
      typeof role === "string" && role !== "" ? role : null,
    );
    revalidatePath(PAGE);
  });
}
