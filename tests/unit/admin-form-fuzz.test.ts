/**
 * The admin forms' validators under generated input (certificates, URLs, names, domains): they
 * either accept or report field errors — never throw anything else, never accept a non-https
 * login URL outside this machine, never accept text that is not a certificate.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseCertificate } from "@/lib/x509/certificate";
import { validateIdentityProvider } from "@/lib/identity-providers/service";
import { ssoSettingsSchema } from "@/lib/identity-providers/sso-settings";
import { parseFederationMetadata } from "@/lib/sso/metadata";

const pemish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.base64String({ maxLength: 400 }),
  fc
    .base64String({ maxLength: 400 })
    .map((b) => `-----BEGIN CERTIFICATE-----\n${b}\n-----END CERTIFICATE-----`),
  fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u).toString("latin1")),
);
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true }),
  fc.string({ maxLength: 60 }),
  fc.constantFrom("javascript:alert(1)", "http://10.0.0.1/saml", "https://", "ftp://x"),
);

describe("admin form validators under generated input", () => {
  it("the certificate parser accepts or refuses the certificate field (2,000 cases)", () => {
    fc.assert(
      fc.property(pemish, (input) => {
        try {
          parseCertificate(input);
          return false;
        } catch (error) {
          return error instanceof AppError && Object.keys(error.fields).join() === "certificate";
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("the identity-provider form accepts or reports field errors (3,000 cases)", () => {
    fc.assert(
      fc.property(
        fc.record({
          displayName: fc.string({ maxLength: 120 }),
          type: fc.constantFrom("saml", "wsfed", "oidc", ""),
          loginUrl: url,
          certificate: pemish,
          token: fc.string({ maxLength: 50 }),
          isDefault: fc.boolean(),
        }),
        (input) => {
          try {
            const v = validateIdentityProvider(input as Parameters<typeof validateIdentityProvider>[0]);
            expect(v.certificate).toBeNull();
            if (v.loginUrl) {
              const u = new URL(v.loginUrl);
              expect(
                u.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname),
              ).toBe(true);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).code).toBe("invalid");
            expect(Object.keys((error as AppError).fields).length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("SSO settings and federation metadata never throw unexpectedly (2,000 cases)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 80 }), (xml, domains) => {
        const parsed = ssoSettingsSchema.safeParse({
          idpEntityId: "",
          ssoClaim: "nameId",
          ssoMatch: "userName",
          jitProvisioning: false,
          emailDomains: domains,
          secondCertificate: "",
        });
        if (parsed.success)
          for (const d of parsed.data.emailDomains) expect(d).toMatch(/^[a-z0-9.-]+\.[a-z]{2,63}$/);
        try {
          parseFederationMetadata(xml);
          return false;
        } catch (error) {
          return error instanceof Error && !(error instanceof TypeError) && !(error instanceof RangeError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
