import { describe, expect, it } from "vitest";
import { collapseScimSlashes } from "../../scripts/lib/scim-slashes.mjs";

describe("repeated slashes in SCIM paths (a tenant URL pasted with a trailing slash)", () => {
  it.each([
    ["/api/scim/v2/abc//Users", "/api/scim/v2/abc/Users"],
    ["/api/scim/v2/abc//Users?filter=a//b", "/api/scim/v2/abc/Users?filter=a//b"],
    ["/api/scim//v2///Groups/", "/api/scim/v2/Groups/"],
    ["//api/scim/v2/Users", "/api/scim/v2/Users"],
  ])("%s → %s", (url, expected) => expect(collapseScimSlashes(url)).toBe(expected));

  it.each(["/users//x", "/api/scimx//Users", "/api/scim/v2/Users", "/?q=//api/scim"])(
    "leaves %s alone",
    (url) => expect(collapseScimSlashes(url)).toBe(url),
  );
});
