/**
 * Checks of the vendors' suites that Rollcall fails on purpose, because the suite expects something
 * RFC 7643/7644 forbids or leaves open (or a habit of the vendor's reference server). The
 * conformance test (tests/integration/conformance.test.ts) fails on any failing check that is not
 * listed here, and on any entry here whose check no longer fails.
 *
 * Each entry: the check's id as the test reports it (`<folder> / <request> :: <check>`), what the
 * suite expects, what Rollcall does, and the RFC section that makes Rollcall right.
 */
import type { DeliberateDifference } from "../support/conformance";

/** Microsoft SCIMReferenceCode's Postman collection (microsoft/PostmanCollection.json). */
export const MICROSOFT: DeliberateDifference[] = [
  {
    id: "Get Token / Get Token :: Status code is 200",
    expects:
      "GET /Token without credentials issues a bearer token (a test route of Microsoft's reference server)",
    rollcall: "401: the secret token is shown once in the portal; SCIM has no token endpoint",
    rfc: "RFC 7644 §2 (authentication is outside SCIM), §3.12 (401 without valid credentials)",
  },
  {
    id: "Endpoint tests / Get ServiceProviderConfig :: Status code is 200",
    expects: "the configuration at /serviceConfiguration",
    rollcall: "404; the configuration is at /ServiceProviderConfig",
    rfc: "RFC 7644 §4 (the endpoint is /ServiceProviderConfig)",
  },
  {
    id: "Endpoint tests / Get ServiceProviderConfig :: Pach supported is true",
    expects: "patch.supported in the body of /serviceConfiguration",
    rollcall: "404 there; /ServiceProviderConfig says patch.supported: true",
    rfc: "RFC 7644 §4",
  },
  {
    id: "Group tests / Get group by id :: Body contians user",
    expects: 'a member added as {"displayName":"new User","value":…} is read back with that displayName',
    rollcall: "the member is added; its display is the user's own displayName, not what the client wrote",
    rfc: "RFC 7643 §4.2 and §8.7.1 (members have value, $ref, type; display is the member's, read-only)",
  },
  {
    id: "ComplexAttribute tests / Get user attributes :: Body contians User1 email",
    expects: 'attributes=emails[type eq "work"] returns the matching emails',
    rollcall: "a filter is not an attribute name: the parameter names nothing, so only id and schemas return",
    rfc: "RFC 7644 §3.4.2.5 and §3.10 (attributes takes attribute names; filters belong in filter)",
  },
  {
    id: "ComplexAttribute tests / Get user via attributes filter :: Body contians User1 email",
    expects: 'attributes=emails[value eq "…"] returns the matching emails',
    rollcall: "as above",
    rfc: "RFC 7644 §3.4.2.5 and §3.10",
  },
  {
    id: "User tests with garbage / Put a user misspelled attribute :: Status code is 200",
    expects: "an unknown attribute (adreses) in a PUT is silently dropped",
    rollcall: "400 invalidValue naming the attribute, logged with a one-click 'Define it' for the admin",
    rfc: "RFC 7644 §3.12 (invalidValue: the request does not fit the schema); dropping data silently is not required",
  },
  {
    id: "User tests with garbage / Patch user omalley new username :: Status code is 204",
    expects: "204 for PATCH of a User",
    rollcall: "200 with the updated resource (the change is applied; Entra's validator reads the body)",
    rfc: 'RFC 7644 §3.5.2 ("MUST return a 200 OK … or MAY return 204")',
  },
  {
    id: "User tests with garbage / patch user omalley active with boolean :: Status code is 204",
    expects: "204 for PATCH of a User",
    rollcall: "200 with the updated resource",
    rfc: "RFC 7644 §3.5.2",
  },
  {
    id: "Group tests with garbage / Group patch add member :: Status code is 204",
    expects: 'members added as bare strings ("string id 1") are accepted',
    rollcall: "400 invalidValue: a member is an object whose value is the id of a user of the tenant",
    rfc: "RFC 7643 §4.2 (members are complex, value is a resource id), RFC 7644 §3.12",
  },
  {
    id: "Group tests with garbage / Group patch add member2 :: Status code is 204",
    expects: "as above",
    rollcall: "as above",
    rfc: "RFC 7643 §4.2, RFC 7644 §3.12",
  },
];

/** Okta's SCIM 2.0 spec test (okta/Okta-SCIM-20-SPEC-Test.json). */
export const OKTA: DeliberateDifference[] = [];
