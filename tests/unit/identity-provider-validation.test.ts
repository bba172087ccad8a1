import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { validateIdentityProvider } from "@/lib/identity-providers/service";
import { testCertificate } from "../support/certificates";

describe("validateIdentityProvider", async () => {
  const { cert } = await testCertificate();
  const valid = {
    displayName: "Contoso Entra ID",
    type: "saml" as const,
    loginUrl: "https://login.microsoftonline.com/0000/saml2",
    certificate: cert,
    isDefault: true,
  };

  function fieldsOf(input: Parameters<typeof validateIdentityProvider>[0]) {
    try {
      validateIdentityProvider(input);
    } catch (error) {
      if (error instanceof AppError) return error.fields;
      throw error;
    }
    return {};
  }

  it("accepts a complete SAML provider and parses its certificate", () => {
    const v = validateIdentityProvider(valid);
    expect(v.certificate?.subject).toBe("CN=Test IdP signing");
    expect(v.wsfedType).toBeNull();
  });

  it("defaults WS-Federation to the Microsoft Entra ID flavour", () => {
    expect(validateIdentityProvider({ ...valid, type: "wsfed" }).wsfedType).toBe("entra");
  });

  it("accepts a provider with a display name only (uniFLOW's WS-Federation set-up)", () => {
    const v = validateIdentityProvider({
      displayName: "Entra",
      type: "wsfed",
      isDefault: false,
      loginUrl: "",
      certificate: "",
    });
    expect(v.loginUrl).toBeNull();
    expect(v.certificate).toBeNull();
  });

  it("refuses a login URL that is not https", () => {
    expect(fieldsOf({ ...valid, loginUrl: "http://login.example.com/saml2" }).loginUrl).toBe(
      "The login URL must use https://",
    );
  });

  it("refuses a login URL that is not a URL", () => {
    expect(fieldsOf({ ...valid, loginUrl: "login.example.com" }).loginUrl).toMatch(/full URL/);
  });

  it("reports every invalid field at once", () => {
    const fields = fieldsOf({ ...valid, displayName: " ", loginUrl: "ftp://x", certificate: "garbage" });
    expect(Object.keys(fields).sort()).toEqual(["certificate", "displayName", "loginUrl"]);
  });

  it("keeps only a hash of the optional token", () => {
    const v = validateIdentityProvider({ ...valid, token: "s3cret-token" });
    expect(v.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(v)).not.toContain("s3cret-token");
  });
});
