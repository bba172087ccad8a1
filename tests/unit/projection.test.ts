import { describe, expect, it } from "vitest";
import { parseProjection, project, returns } from "@/lib/scim/projection";
import { GROUP_RESOURCE, USER_RESOURCE } from "@/lib/scim/schema/resource-types";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const alex = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
  id: "1",
  externalId: "x1",
  userName: "alex@contoso.com",
  name: { givenName: "Alex", familyName: "Wilber" },
  emails: [{ value: "alex@contoso.com", type: "work", primary: true }],
  active: true,
  [ENT]: { department: "Sales", costCenter: "CC1" },
  meta: { resourceType: "User" },
};

describe("attributes and excludedAttributes (RFC 7644 §3.4.2.5)", () => {
  it("returns everything by default, and id and schemas always", () => {
    expect(project(USER_RESOURCE, alex, parseProjection(undefined, undefined))).toEqual(alex);
    const only = project(USER_RESOURCE, alex, parseProjection("userName", undefined));
    expect(only).toEqual({ schemas: alex.schemas, id: "1", userName: "alex@contoso.com" });
  });

  it("selects sub-attributes, URN-qualified names and whole extensions, in any case", () => {
    expect(project(USER_RESOURCE, alex, parseProjection("name.familyName,EMAILS.value", undefined))).toEqual({
      schemas: alex.schemas,
      id: "1",
      name: { familyName: "Wilber" },
      emails: [{ value: "alex@contoso.com" }],
    });
    expect(project(USER_RESOURCE, alex, parseProjection(`${ENT}:department`, undefined))[ENT]).toEqual({
      department: "Sales",
    });
    expect(project(USER_RESOURCE, alex, parseProjection(ENT, undefined))[ENT]).toEqual(alex[ENT]);
  });

  it("excludes attributes and sub-attributes, but never id", () => {
    const out = project(USER_RESOURCE, alex, parseProjection(undefined, "emails,name.givenName,id"));
    expect(out.emails).toBeUndefined();
    expect(out.name).toEqual({ familyName: "Wilber" });
    expect(out.id).toBe("1");
  });

  it("tells whether a related attribute would be returned, so it is not read when it would not", () => {
    expect(returns(GROUP_RESOURCE, parseProjection(undefined, "members"), "members")).toBe(false);
    expect(returns(GROUP_RESOURCE, parseProjection(undefined, "members.display"), "members")).toBe(true);
    expect(returns(GROUP_RESOURCE, parseProjection("displayName", undefined), "members")).toBe(false);
    expect(returns(GROUP_RESOURCE, parseProjection("members.value", undefined), "members")).toBe(true);
    expect(returns(USER_RESOURCE, parseProjection(undefined, undefined), "groups")).toBe(true);
    expect(returns(USER_RESOURCE, parseProjection(undefined, undefined), "password")).toBe(false);
  });
});
