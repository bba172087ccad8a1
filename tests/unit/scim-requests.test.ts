/**
 * The integration suites' SCIM request builders (tests/support/scim-requests.ts) produce exactly
 * the documents the suites used to write out: a change here changes hundreds of requests at once.
 */
import { describe, expect, it } from "vitest";
import { BULK_REQUEST, ENTERPRISE, GROUP, PATCH_OP, SEARCH, USER, type Reply } from "../support/scim-client";
import {
  addMembers,
  addOp,
  bulkBody,
  createdId,
  groupBody,
  patchOp,
  removeMember,
  removeMembers,
  removeOp,
  replaceActive,
  replaceOp,
  searchBody,
  userBody,
} from "../support/scim-requests";

const reply = (status: number, body: Record<string, unknown>): Reply => ({
  status,
  headers: new Headers(),
  body,
  text: JSON.stringify(body),
});

describe("SCIM request builders", () => {
  it("write users with the core schema first, then the extensions named", () => {
    expect(JSON.stringify(userBody({ userName: "a@x.example", active: true }))).toBe(
      JSON.stringify({ schemas: [USER], userName: "a@x.example", active: true }),
    );
    expect(userBody({ userName: "b", [ENTERPRISE]: { department: "Sales" } }, ENTERPRISE)).toEqual({
      schemas: [USER, ENTERPRISE],
      userName: "b",
      [ENTERPRISE]: { department: "Sales" },
    });
    // A body's own schemas win, as a spread after the default would.
    expect(userBody({ schemas: [USER, ENTERPRISE], userName: "c" }).schemas).toEqual([USER, ENTERPRISE]);
  });

  it("write groups with members only when members are given", () => {
    expect(groupBody("Sales")).toEqual({ schemas: [GROUP], displayName: "Sales" });
    expect(groupBody("Sales", [])).toEqual({ schemas: [GROUP], displayName: "Sales", members: [] });
    expect(groupBody("Sales", ["u1", "u2"], { externalId: "e" })).toEqual({
      schemas: [GROUP],
      displayName: "Sales",
      members: [{ value: "u1" }, { value: "u2" }],
      externalId: "e",
    });
  });

  it("write PATCH operations lower-case, in RFC 7644's order of members", () => {
    expect(JSON.stringify(patchOp(replaceActive(false), replaceOp("title", "T")))).toBe(
      JSON.stringify({
        schemas: [PATCH_OP],
        Operations: [
          { op: "replace", path: "active", value: false },
          { op: "replace", path: "title", value: "T" },
        ],
      }),
    );
    expect(addOp("roles", [])).toEqual({ op: "add", path: "roles", value: [] });
    expect(removeOp("members")).toEqual({ op: "remove", path: "members" });
    expect(addMembers("u1", "u2")).toEqual({
      op: "add",
      path: "members",
      value: [{ value: "u1" }, { value: "u2" }],
    });
    expect(removeMembers("u1")).toEqual({ op: "remove", path: "members", value: [{ value: "u1" }] });
    expect(removeMember("u1")).toEqual({ op: "remove", path: 'members[value eq "u1"]' });
  });

  it("write Bulk and search requests", () => {
    expect(JSON.stringify(bulkBody([{ method: "DELETE", path: "/Users/1" }], { failOnErrors: 1 }))).toBe(
      JSON.stringify({
        schemas: [BULK_REQUEST],
        failOnErrors: 1,
        Operations: [{ method: "DELETE", path: "/Users/1" }],
      }),
    );
    expect(searchBody({ filter: 'userName sw "a"', count: 2 })).toEqual({
      schemas: [SEARCH],
      filter: 'userName sw "a"',
      count: 2,
    });
  });

  it("createdId takes the id of a 201 and fails on anything else", () => {
    expect(createdId(reply(201, { id: "abc" }))).toBe("abc");
    expect(() => createdId(reply(409, { status: "409" }))).toThrow();
    expect(() => createdId(reply(201, {}))).toThrow(/no id/);
  });
});
