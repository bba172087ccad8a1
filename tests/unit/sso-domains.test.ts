/** The pure parts of email-domain verification and of the sign-in host rule. */
import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { isTrustedLoginHost } from "@/lib/sso/destination";
import { verificationToken } from "@/lib/sso/dns";

describe("reading a verification TXT record", () => {
  it("takes the value after rollcall-verification=, with or without quotes and spaces", () => {
    expect(verificationToken("rollcall-verification=abc123")).toBe("abc123");
    expect(verificationToken('"rollcall-verification=abc123"')).toBe("abc123");
    expect(verificationToken("  Rollcall-Verification= abc123 ")).toBe("abc123");
  });

  it("ignores other records and an empty value", () => {
    expect(verificationToken("v=spf1 include:_spf.example -all")).toBeNull();
    expect(verificationToken("google-site-verification=abc")).toBeNull();
    expect(verificationToken("rollcall-verification=")).toBeNull();
  });
});

describe("login hosts Rollcall redirects to without asking", () => {
  it("trusts the vendors' own sign-in hosts, not per-customer subdomains", () => {
    expect(isTrustedLoginHost("login.microsoftonline.com", [])).toBe(true);
    expect(isTrustedLoginHost("LOGIN.MICROSOFTONLINE.COM.", [])).toBe(true);
    expect(isTrustedLoginHost("accounts.google.com", [])).toBe(true);
    expect(isTrustedLoginHost("contoso.okta.com", [])).toBe(false);
    expect(isTrustedLoginHost("login.microsoftonline.com.evil.example", [])).toBe(false);
    expect(isTrustedLoginHost("evil-login.microsoftonline.com", [])).toBe(false);
  });

  it("trusts the tenant's verified domains and their subdomains only", () => {
    expect(isTrustedLoginHost("contoso.com", ["contoso.com"])).toBe(true);
    expect(isTrustedLoginHost("sso.contoso.com", ["contoso.com"])).toBe(true);
    expect(isTrustedLoginHost("evilcontoso.com", ["contoso.com"])).toBe(false);
    expect(isTrustedLoginHost("contoso.com.evil.example", ["contoso.com"])).toBe(false);
  });

  it("trusts what the operator lists, exactly or as *.suffix", () => {
    const listed = readEnv({
      SSO_TRUSTED_LOGIN_HOSTS: "IDP.example.org, *.okta.com",
    }).SSO_TRUSTED_LOGIN_HOSTS;
    expect(isTrustedLoginHost("idp.example.org", [], listed)).toBe(true);
    expect(isTrustedLoginHost("x.idp.example.org", [], listed)).toBe(false);
    expect(isTrustedLoginHost("contoso.okta.com", [], listed)).toBe(true);
    expect(isTrustedLoginHost("okta.com", [], listed)).toBe(false);
    expect(isTrustedLoginHost("contoso.okta.com", [], [])).toBe(false);
  });
});
