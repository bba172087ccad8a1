import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, auditFilterOf, auditSentence } from "@/lib/audit/sentences";
import { deviceOf } from "@/lib/auth/device";

describe("the audit log's sentences", () => {
  it("says who did what to what, with the counts", () => {
    expect(
      auditSentence({
        actor: "alex@contoso.example",
        action: "provisioning.token_revoked",
        target: "Contoso Entra ID",
        detail: "rc_ab12cd…",
      }),
    ).toBe("alex@contoso.example revoked the token rc_ab12cd… of “Contoso Entra ID”");
    expect(
      auditSentence({
        actor: "alex@contoso.example",
        action: "deprovisioning_guard.approved",
        target: null,
        detail: "3 applied, 0 superseded by a newer change, 1 for users no longer there",
      }),
    ).toBe(
      "alex@contoso.example approved held disables and deletes (3 applied, 0 superseded by a newer change, 1 for users no longer there)",
    );
  });

  it("tells a kind it does not know plainly, and has a name for every kind it knows", () => {
    expect(auditSentence({ actor: "operator CLI", action: "future.thing", target: "x", detail: null })).toBe(
      "operator CLI: future.thing · x",
    );
    for (const { label } of Object.values(AUDIT_ACTIONS)) expect(label).toMatch(/^[A-Z]/);
  });

  it("reads filters from a query string, ignoring what is not one", () => {
    expect(
      auditFilterOf({ actor: " alex ", action: "admin.signed_in", from: "2026-03-01", to: "2026-03-02" }),
    ).toEqual({
      actor: "alex",
      action: "admin.signed_in",
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-03T00:00:00Z"),
    });
    expect(auditFilterOf({ action: "nope", from: "yesterday", to: "2026-13-45" })).toEqual({
      actor: undefined,
      action: undefined,
      from: undefined,
      to: undefined,
    });
  });
});

describe("a session's device", () => {
  it("names the browser and the system", () => {
    expect(
      deviceOf(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      ),
    ).toBe("Chrome 131 on Windows 10");
    expect(deviceOf("")).toBe("Unknown device");
    expect(deviceOf("curl/8.5.0")).toBe("Unknown device");
  });
});
