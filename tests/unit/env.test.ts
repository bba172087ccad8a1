/** The environment schema: defaults when nothing is set, and a clear refusal of a bad value. */
import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";

describe("reading the environment", () => {
  it("needs nothing set: every setting has its documented default", () => {
    const env = readEnv({});
    expect(env.DATABASE_URL).toBe("file:./data/rollcall.db");
    expect(env.DATABASE_POOL_SIZE).toBe(10);
    expect(env.SCIM_TOKEN_CACHE_SECONDS).toBe(5);
    expect(env.SCIM_RATE_LIMIT_PER_TOKEN).toBe(2000);
    expect(env.SIGNIN_MAX_FAILURES).toBe(5);
    expect(env.SSO_CLOCK_SKEW_SECONDS).toBe(180);
    expect(env.DOMAIN_GRACE_HOURS).toBe(72);
    expect(env.ROLLCALL_EVENTS).toBe("on");
    expect(env.DNS_SERVERS).toEqual([]);
    expect(env.TRUST_PROXY).toEqual({ kind: "none" });
    expect(env.APP_URL).toBeUndefined();
    expect(env.OIDC_ISSUER).toBeUndefined();
    expect(readEnv({ OIDC_ISSUER: "https://login.example.com" }).OIDC_ISSUER).toBe(
      "https://login.example.com",
    );
  });

  it("treats a blank value as unset, and reads numbers, lists and fractions", () => {
    const env = readEnv({
      SCIM_TOKEN_CACHE_SECONDS: " ",
      SCIM_RATE_LIMIT_PER_TOKEN: "0",
      DOMAIN_RECHECK_HOURS: "0.0005",
      DNS_SERVERS: "10.0.0.2, [2001:db8::1]:53  10.0.0.3",
      SSO_TRUSTED_LOGIN_HOSTS: "IdP.Example.org,*.okta.com",
      TRUST_PROXY: "1",
    });
    expect(env.SCIM_TOKEN_CACHE_SECONDS).toBe(5);
    expect(env.SCIM_RATE_LIMIT_PER_TOKEN).toBe(0);
    expect(env.DOMAIN_RECHECK_HOURS).toBe(0.0005);
    expect(env.DNS_SERVERS).toEqual(["10.0.0.2", "[2001:db8::1]:53", "10.0.0.3"]);
    expect(env.SSO_TRUSTED_LOGIN_HOSTS).toEqual(["idp.example.org", "*.okta.com"]);
    expect(env.TRUST_PROXY).toEqual({ kind: "hops", hops: 1 });
  });

  it.each([
    ["SCIM_TOKEN_CACHE_SECONDS", "five"],
    ["SCIM_RATE_LIMIT_PER_TOKEN", "-1"],
    ["SIGNIN_MAX_FAILURES", "2.5"],
    ["DATABASE_POOL_SIZE", "0"],
    ["SSO_PENDING_REQUESTS_PER_IDP", "0"],
    ["SCIM_LOG_RETENTION_DAYS", "0"],
    ["ROLLCALL_EVENTS", "maybe"],
    ["APP_URL", "rollcall.example.com"],
    ["APP_URL", "ftp://rollcall.example.com"],
    ["OIDC_ISSUER", "https://login.example.com/oidc"],
    ["OIDC_ISSUER", "login.example.com"],
  ])("refuses %s=%j, naming the variable", (name, value) => {
    expect(() => readEnv({ [name]: value })).toThrow(new RegExp(`invalid environment: ${name}: `));
  });

  it("names every bad variable at once, with TRUST_PROXY's own explanation", () => {
    expect(() => readEnv({ TRUST_PROXY: "10.0.0.0/33", SIGNUP_MAX_PER_IP: "x" })).toThrow(
      /TRUST_PROXY: "10\.0\.0\.0\/33" is not an address.*; SIGNUP_MAX_PER_IP: /,
    );
  });
});
