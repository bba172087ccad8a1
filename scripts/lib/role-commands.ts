/**
 * The operator CLI's role commands (`npm run rollcall -- role …`): the application's roles, and —
 * for scripting — a tenant's mappings and default role, as its administrators set them in the portal.
 * With --json each prints one JSON object.
 */
import { parseArgs } from "node:util";
import { CLI_ACTOR } from "@/lib/audit/service";
import { resourceExists, tenantExists } from "@/lib/directory/api-users";
import { AppError } from "@/lib/errors";
import { addRole, listRoles, removeRole, roleView } from "@/lib/roles/definitions";
import * as tenantRoles from "@/lib/roles/mappings";
import { option } from "./options";

export const ROLE_USAGE = `  role add --key <key> --name <name> [--description <text>] [--json]
          an application role (key: lower-case letters, digits, . _ : -), last in the order
  role list [--json]                   the roles in order, with how many tenants use each
  role remove --key <key> [--json]     also every tenant's mappings to it and default of it
          (each user who had it gets user.updated)
  role map --tenant <tenantId> (--group <group id or name> | --group-name <name>) --role <key>
          [--precedence N] [--json]    members of the group get the role (1 is first; default: last).
          --group takes the id of a provisioned group of the tenant, else a name as the identity
          provider's groups claim sends it; --group-name is always a name (one that looks like an id)
  role unmap --tenant <tenantId> --mapping <mappingId> [--json]
  role move --tenant <tenantId> --mapping <mappingId> --precedence N [--json]
  role default --tenant <tenantId> (--role <key> | --none) [--json]   the role of users no mapping matches
  role mappings --tenant <tenantId> [--json]   the tenant's mappings in precedence order, and its default
`;

type Output = Record<string, unknown>;

/** Rollcall's own ids (UUIDs): a --group that looks like one must be a group of the tenant. */
const ID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function tenant(values: Record<string, unknown>): Promise<string> {
  const tenantId = option(values, "tenant");
  if (!(await tenantExists(tenantId)))
    throw new AppError(`no tenant with id ${tenantId}`, { field: "tenant" });
  return tenantId;
}

async function mappings(tenantId: string): Promise<Output> {
  return { tenantId, ...(await tenantRoles.tenantRolesView(tenantId)) };
}

function precedence(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1) {
    throw new AppError("--precedence must be a whole number from 1", { field: "precedence" });
  }
  return Number(value);
}

async function map(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      tenant: { type: "string" },
      group: { type: "string" },
      "group-name": { type: "string" },
      role: { type: "string" },
      precedence: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const tenantId = await tenant(values);
  if ((values.group === undefined) === (values["group-name"] === undefined)) {
    throw new AppError("give --group or --group-name", { field: "group" });
  }
  const input: tenantRoles.MappingInput = {
    role: option(values, "role"),
    precedence: precedence(values.precedence),
  };
  const group = values.group?.trim();
  if (group === undefined) input.groupName = values["group-name"];
  else if (await resourceExists("ScimGroup", tenantId, group)) input.groupId = group;
  else if (ID_LIKE.test(group)) {
    throw new AppError(
      "no provisioned group of this tenant has this id (a groups claim value that looks like an id: --group-name)",
      { field: "group" },
    );
  } else input.groupName = group;
  const { id } = await tenantRoles.addMapping(tenantId, CLI_ACTOR, input);
  const added = (await tenantRoles.roleSettings(tenantId)).mappings.find((m) => m.id === id);
  if (!added) return { mappingId: id };
  const { id: mappingId, ...view } = tenantRoles.mappingView(added);
  return { mappingId, ...view };
}

async function mappingCommand(args: string[], move: boolean): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      tenant: { type: "string" },
      mapping: { type: "string" },
      precedence: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const tenantId = await tenant(values);
  const mappingId = option(values, "mapping");
  if (move)
    await tenantRoles.moveMapping(tenantId, CLI_ACTOR, mappingId, precedence(option(values, "precedence"))!);
  else await tenantRoles.removeMapping(tenantId, CLI_ACTOR, mappingId);
  return mappings(tenantId);
}

async function defaultRole(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      tenant: { type: "string" },
      role: { type: "string" },
      none: { type: "boolean" },
      json: { type: "boolean" },
    },
  });
  const tenantId = await tenant(values);
  if ((values.role === undefined) === !values.none)
    throw new AppError("give --role or --none", { field: "role" });
  await tenantRoles.setDefaultRole(tenantId, CLI_ACTOR, values.none ? null : option(values, "role"));
  return mappings(tenantId);
}

export const ROLE_COMMANDS: Record<string, (args: string[]) => Promise<Output>> = {
  "role add": async (args) => {
    const { values } = parseArgs({
      args,
      options: {
        key: { type: "string" },
        name: { type: "string" },
        description: { type: "string" },
        json: { type: "boolean" },
      },
    });
    return roleView(
      await addRole({
        key: option(values, "key"),
        name: option(values, "name"),
        description: values.description,
      }),
    );
  },
  "role list": async (args) => {
    parseArgs({ args, options: { json: { type: "boolean" } } });
    return { roles: (await listRoles()).map(roleView) };
  },
  "role remove": async (args) => {
    const { values } = parseArgs({ args, options: { key: { type: "string" }, json: { type: "boolean" } } });
    const { key, tenants } = await removeRole(option(values, "key"));
    return { removed: key, tenants };
  },
  "role map": map,
  "role unmap": (args) => mappingCommand(args, false),
  "role move": (args) => mappingCommand(args, true),
  "role default": defaultRole,
  "role mappings": async (args) => {
    const { values } = parseArgs({
      args,
      options: { tenant: { type: "string" }, json: { type: "boolean" } },
    });
    return mappings(await tenant(values));
  },
};
