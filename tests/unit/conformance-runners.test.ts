/**
 * The two runners behind tests/integration/conformance.test.ts, against a canned local server: every
 * comparison the Okta export uses must fail when it should (not only pass), and a check that could
 * not run (undefined variable, script error, non-JSON body, unsupported comparison) counts as failed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../support/conformance";
import { runPostmanCollection } from "../support/postman";
import { parsePath, runRunscopeTest, substitute, type RunscopeStep } from "../support/runscope";

const USER = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: "u1",
  userName: "ada@example.com",
  active: false,
  name: { givenName: "" },
  emails: [],
  count: 0,
};

let server: http.Server;
let base: string;
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === "/text") {
        res.writeHead(200, { "Content-Type": "text/plain" }).end("not json");
      } else if (req.url === "/empty") {
        res.writeHead(204).end();
      } else {
        res.writeHead(200, { "Content-Type": "application/scim+json" }).end(JSON.stringify(USER));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const verdicts = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.check, r.pass]));

describe("Runscope runner", () => {
  it("parses JavaScript property paths and substitutes variables", () => {
    expect(parsePath("Resources[0].name.familyName")).toEqual(["Resources", 0, "name", "familyName"]);
    expect(parsePath('a["b c"]')).toEqual(["a", "b c"]);
    expect(parsePath("")).toEqual([]);
    expect(() => parsePath("a[x")).toThrow();
    expect(
      substitute(
        "{{a}}/{{ b }}",
        new Map([
          ["a", "1"],
          ["b", "2"],
        ]),
      ),
    ).toBe("1/2");
    expect(() => substitute("{{nope}}", new Map())).toThrow(/'nope' was not defined/);
  });

  it("evaluates each comparison both ways", async () => {
    const step: RunscopeStep = {
      step_type: "request",
      note: "all",
      method: "POST",
      url: "{{base}}/Users",
      headers: { Authorization: ["{{auth}}"], "Content-Type": ["application/json"] },
      body: '{"userName":"{{name}}"}',
      variables: [{ source: "response_json", name: "id", property: "id" }],
      assertions: [
        { source: "response_status", comparison: "equal_number", value: "200" },
        { source: "response_status", comparison: "equal_number", value: "201" },
        { source: "response_json", comparison: "equal", property: "active", value: "false" },
        { source: "response_json", comparison: "equal", property: "active", value: "true" },
        { source: "response_json", comparison: "equal", property: "count", value: "0" },
        { source: "response_json", comparison: "equal", property: "userName", value: "{{name}}" },
        { source: "response_json", comparison: "not_empty", property: "userName", value: null },
        { source: "response_json", comparison: "not_empty", property: "name.givenName", value: null },
        { source: "response_json", comparison: "not_empty", property: "emails", value: null },
        { source: "response_json", comparison: "not_empty", property: "emails[0].value", value: null },
        { source: "response_json", comparison: "not_empty", property: "active", value: null },
        { source: "response_json", comparison: "has_value", property: "schemas", value: USER.schemas[0] },
        { source: "response_json", comparison: "has_value", property: "schemas", value: "urn:x" },
        { source: "response_json", comparison: "has_value", property: "userName", value: "ada@example.com" },
        { source: "response_json", comparison: "contains", property: "schemas", value: "core:2.0:User" },
        { source: "response_json", comparison: "contains", property: "userName", value: "bob" },
        { source: "response_json", comparison: "is_a_number", property: "count", value: null },
        { source: "response_json", comparison: "is_a_number", property: "userName", value: null },
        { source: "response_time", comparison: "is_less_than", value: "60000" },
        { source: "response_time", comparison: "is_less_than", value: "0" },
        { source: "response_json", comparison: "matches_regex", property: "id", value: "u" },
        { source: "response_headers", comparison: "not_empty", property: "Content-Type", value: null },
      ],
    };
    const results = await runRunscopeTest(
      { name: "t", steps: [step, { step_type: "pause" }] },
      { variables: { base, auth: "Bearer T", name: "ada@example.com" }, baseUrl: base },
    );
    expect(verdicts(results)).toEqual({
      "status equal_number 200": true,
      "status equal_number 201": false,
      "json active equal false": true,
      "json active equal true": false,
      "json count equal 0": true,
      "json userName equal {{name}}": true,
      "json userName not_empty": true,
      "json name.givenName not_empty": false,
      "json emails not_empty": false,
      "json emails[0].value not_empty": false,
      "json active not_empty": true,
      [`json schemas has_value ${USER.schemas[0]}`]: true,
      "json schemas has_value urn:x": false,
      "json userName has_value ada@example.com": false,
      "json schemas contains core:2.0:User": true,
      "json userName contains bob": false,
      "json count is_a_number": true,
      "json userName is_a_number": false,
      "time is_less_than 60000": true,
      "time is_less_than 0": false,
      "json id matches_regex u": false,
      "headers Content-Type not_empty": false,
    });
    const sent = seen.at(-1)!;
    expect(sent).toMatchObject({ method: "POST", url: "/Users", body: '{"userName":"ada@example.com"}' });
    expect(sent.headers.authorization).toBe("Bearer T");
  });

  it("fails checks that cannot run, and runs scripts with Runscope's globals", async () => {
    const results = await runRunscopeTest(
      {
        name: "t",
        steps: [
          {
            step_type: "request",
            note: "undefined variable",
            method: "GET",
            url: "{{base}}/Users/{{missing}}",
          },
          {
            step_type: "request",
            note: "text body",
            method: "GET",
            url: "{{base}}/text",
            assertions: [{ source: "response_json", comparison: "not_empty", property: "id", value: null }],
            scripts: ['var data = JSON.parse(response.body); log("unreachable")'],
          },
          {
            step_type: "request",
            note: "scripts",
            method: "GET",
            url: "{{base}}/Users",
            scripts: [
              'var d = JSON.parse(response.body); assert.equal(response.status, 200); variables.set("fromScript", d.id)',
              'assert.ok(false, "told to fail")',
              "",
            ],
            assertions: [
              { source: "response_json", comparison: "equal", property: "id", value: "{{fromScript}}" },
            ],
          },
          { step_type: "request", skipped: true, note: "skipped", method: "GET", url: "{{nope}}" },
        ],
      },
      { variables: { base }, baseUrl: base },
    );
    expect(results.map((r) => [r.id, r.pass])).toEqual([
      ["undefined variable :: (request)", false],
      ["text body :: (script 1)", false],
      ["text body :: json id not_empty", false],
      ["scripts :: (script 1)", true],
      ["scripts :: (script 2)", false],
      ["scripts :: json id equal {{fromScript}}", true],
    ]);
    expect(results[0]!.message).toMatch(/'missing' was not defined/);
    expect(results[4]!.message).toMatch(/told to fail/);
  });
});

describe("Postman runner (newman)", () => {
  it("reports each pm.test, a script that throws outside pm.test, and data variables over environment", async () => {
    const request = (name: string, path: string, exec: string[]) => ({
      name,
      request: {
        method: "GET",
        auth: { type: "bearer", bearer: [{ key: "token", value: "{{token}}", type: "string" }] },
        url: {
          raw: `{{host}}/${path}`,
          protocol: "http",
          host: ["{{host}}"],
          path: [path],
        },
      },
      event: [{ listen: "test", script: { type: "text/javascript", exec } }],
    });
    const collection = {
      info: { name: "t", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
      item: [
        request("Get Token", "text", [
          "var j = JSON.parse(responseBody);",
          'postman.setEnvironmentVariable("token", j.token);',
          'pm.test("Status code is 200", function () { pm.response.to.have.status(200); });',
        ]),
        {
          name: "Folder",
          item: [
            request("Get", "Users", [
              'pm.test("Status code is 200", function () { pm.response.to.have.status(200); });',
              'pm.test("Active", function () { pm.expect(pm.response.json().active).to.eql(true); });',
            ]),
            request("Get", "empty", [
              'pm.test("Status code is 204", function () { pm.response.to.have.status(204); });',
              'pm.environment.set("id", pm.response.json().id);',
            ]),
          ],
        },
      ],
    };
    const results = await runPostmanCollection({
      collection,
      environment: { host: base.replace("http://", ""), token: "from-environment" },
      data: { token: "T" },
      baseUrl: base,
    });
    expect(results.map((r) => [r.id, r.pass])).toEqual([
      ["Get Token :: (test script)", false],
      ["Folder / Get :: Status code is 200", true],
      ["Folder / Get :: Active", false],
      ["Folder / Get (2) :: Status code is 204", true],
      ["Folder / Get (2) :: (test script)", false],
    ]);
    expect(results[1]!.http).toBe("GET {tenant}/Users");
    // "Get Token" set the environment's token to undefined; the data variable still wins.
    expect(seen.filter((s) => s.url === "/Users").at(-1)!.headers.authorization).toBe("Bearer T");
  });
});
