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
export const MICROSOFT: DeliberateDifference[] = [];

/** Okta's SCIM 2.0 spec test (okta/Okta-SCIM-20-SPEC-Test.json). */
export const OKTA: DeliberateDifference[] = [];
