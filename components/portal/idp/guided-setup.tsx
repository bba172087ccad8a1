import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-button";

/** What the checklist checks, computed by the Overview tab from real data. */
export type SetupFacts = {
  type: "saml" | "wsfed" | "oidc";
  signInConfigured: boolean;
  certificateValid: boolean;
  provisioningEnabled: boolean;
  requestSeen: boolean;
  usersProvisioned: number;
  signedIn: boolean;
  jitProvisioning: boolean;
};

export type SetupValues = {
  entityId: string;
  acsUrl: string;
  signInUrl: string;
  metadataUrl: string;
  redirectUri: string;
  tenantUrl: string;
};

type Value = { label: string; value: keyof SetupValues };
type Step = { title: string; where: ReactNode; values?: Value[]; done?: (f: SetupFacts) => boolean };

export const VENDORS = {
  "entra-wsfed": "Microsoft Entra ID (WS-Federation)",
  "entra-saml": "Microsoft Entra ID (SAML)",
  okta: "Okta",
  onelogin: "OneLogin",
  google: "Google Workspace",
  saml: "Other SAML 2.0",
  oidc: "OpenID Connect",
} as const;
export type Vendor = keyof typeof VENDORS;

const METADATA: Step = {
  title: "Import the identity provider's metadata",
  where: (
    <>
      Paste or upload its federation metadata XML on the <strong>Single sign-on</strong> tab: Rollcall takes
      the login URL, issuer and signing certificate from it.
    </>
  ),
  done: (f) => f.signInConfigured,
};
const CERTIFICATE: Step = {
  title: "A valid signing certificate",
  where: "Comes with the metadata. Rollcall warns 30 days before it expires.",
  done: (f) => f.certificateValid,
};
const ENABLE: Step = {
  title: "Enable Provisioning in Rollcall",
  where: (
    <>
      On the <strong>Provisioning</strong> tab: the Provisioning secret token is shown once — keep it for the
      next step.
    </>
  ),
  values: [{ label: "Provisioning tenant URL", value: "tenantUrl" }],
  done: (f) => f.provisioningEnabled,
};
const FIRST_USER: Step = {
  title: "First user provisioned",
  where:
    "Assign users or groups to the application and start provisioning: its first cycle creates them here (Entra runs one about every 40 minutes).",
  done: (f) => f.usersProvisioned > 0,
};
const FIRST_SIGN_IN: Step = {
  title: "First sign-in",
  where:
    "Someone assigned to the application signs in through it (Sign on URL, or their work email at /login).",
  done: (f) => f.signedIn,
};

const STEPS: Record<Vendor, Step[]> = {
  // Following shared/seeds/uniflow-online-provisioning.md.
  "entra-wsfed": [
    ENABLE,
    {
      title: "Add the application in Entra and assign people",
      where:
        "Entra admin center → Entra ID → Enterprise apps → New application; then Users and groups → Add assignment.",
    },
    {
      title: "Admin Credentials and Test Connection",
      where:
        "Enterprise app → Provisioning → Provisioning Mode: Automatic → Admin Credentials: Tenant URL and Secret Token → Test Connection, then Save.",
      values: [{ label: "Tenant URL", value: "tenantUrl" }],
      done: (f) => f.requestSeen,
    },
    FIRST_USER,
    {
      title: "Single sign-on (WS-Federation)",
      where:
        "Register the application for WS-Federation with Rollcall's realm as its Identifier and wreply as its Reply URL.",
      values: [
        { label: "Realm (wtrealm)", value: "entityId" },
        { label: "Reply URL (wreply)", value: "acsUrl" },
      ],
    },
    METADATA,
    CERTIFICATE,
    FIRST_SIGN_IN,
  ],
  "entra-saml": [
    {
      title: "Basic SAML Configuration in Entra",
      where: "Enterprise app → Single sign-on → SAML → Basic SAML Configuration → Edit.",
      values: [
        { label: "Identifier (Entity ID)", value: "entityId" },
        { label: "Reply URL (Assertion Consumer Service URL)", value: "acsUrl" },
        { label: "Sign on URL", value: "signInUrl" },
      ],
    },
    {
      ...METADATA,
      where: "SAML Certificates → Federation Metadata XML → Download; import it on the Single sign-on tab.",
    },
    CERTIFICATE,
    ENABLE,
    {
      title: "Admin Credentials and Test Connection",
      where:
        "Enterprise app → Provisioning → Automatic → Admin Credentials: Tenant URL and Secret Token → Test Connection.",
      values: [{ label: "Tenant URL", value: "tenantUrl" }],
      done: (f) => f.requestSeen,
    },
    FIRST_USER,
    FIRST_SIGN_IN,
  ],
  okta: [
    {
      title: "Create a SAML 2.0 app integration in Okta",
      where: "Admin Console → Applications → Create App Integration → SAML 2.0 → Configure SAML.",
      values: [
        { label: "Single sign-on URL", value: "acsUrl" },
        { label: "Audience URI (SP Entity ID)", value: "entityId" },
      ],
    },
    { ...METADATA, where: "Sign On tab → Metadata URL (or its XML); import it on the Single sign-on tab." },
    CERTIFICATE,
    ENABLE,
    {
      title: "SCIM connection in Okta",
      where:
        "General → App Settings → Provisioning: SCIM; then Provisioning → Integration: SCIM connector base URL, Unique identifier field userName, Authentication Mode HTTP Header (the secret token) → Test Connector Configuration.",
      values: [{ label: "SCIM connector base URL", value: "tenantUrl" }],
      done: (f) => f.requestSeen,
    },
    FIRST_USER,
    FIRST_SIGN_IN,
  ],
  onelogin: [
    {
      title: "Add a SAML Custom Connector (Advanced) in OneLogin",
      where: "Applications → Add App → SAML Custom Connector (Advanced) → Configuration.",
      values: [
        { label: "Audience (EntityID)", value: "entityId" },
        { label: "ACS (Consumer) URL and Recipient", value: "acsUrl" },
      ],
    },
    { ...METADATA, where: "More Actions → SAML Metadata; import it on the Single sign-on tab." },
    CERTIFICATE,
    ENABLE,
    {
      title: "SCIM provisioning in OneLogin",
      where:
        "Use the SCIM Provisioner with SAML (SCIM v2 Enterprise) connector: SCIM Base URL and SCIM Bearer Token → Enable.",
      values: [{ label: "SCIM Base URL", value: "tenantUrl" }],
      done: (f) => f.requestSeen,
    },
    FIRST_USER,
    FIRST_SIGN_IN,
  ],
  google: [
    {
      title: "Add a custom SAML app in Google Workspace",
      where:
        "Admin console → Apps → Web and mobile apps → Add app → Add custom SAML app → Service provider details.",
      values: [
        { label: "ACS URL", value: "acsUrl" },
        { label: "Entity ID", value: "entityId" },
      ],
    },
    {
      ...METADATA,
      where: "Google identity provider details → Download metadata; import it on the Single sign-on tab.",
    },
    CERTIFICATE,
    {
      title: "Accounts at first sign-in",
      where:
        "Google Workspace does not provision custom SAML apps: turn on Create accounts at first sign-in (Single sign-on tab → Sign-in options).",
      done: (f) => f.jitProvisioning,
    },
    FIRST_SIGN_IN,
  ],
  saml: [
    {
      title: "Register Rollcall at your identity provider",
      where: "As a SAML 2.0 service provider: these values, or Rollcall's metadata URL.",
      values: [
        { label: "Entity ID", value: "entityId" },
        { label: "Assertion Consumer Service URL", value: "acsUrl" },
        { label: "Metadata URL", value: "metadataUrl" },
      ],
    },
    METADATA,
    CERTIFICATE,
    ENABLE,
    {
      title: "SCIM 2.0 client",
      where: "Base URL and a bearer token (the secret token) in your identity provider's SCIM settings.",
      values: [{ label: "SCIM base URL", value: "tenantUrl" }],
      done: (f) => f.requestSeen,
    },
    FIRST_USER,
    FIRST_SIGN_IN,
  ],
  oidc: [
    {
      title: "Register a web client at your identity provider",
      where:
        "Entra: App registration → Authentication → Web; Okta: Sign-in redirect URIs; Google: Authorized redirect URIs.",
      values: [{ label: "Redirect URI", value: "redirectUri" }],
    },
    {
      title: "Issuer, client ID and client secret in Rollcall",
      where: "Edit this identity provider: Rollcall checks the issuer's discovery document.",
      done: (f) => f.signInConfigured,
    },
    ENABLE,
    {
      title: "SCIM client",
      where:
        "Your identity provider's provisioning settings: the tenant URL and the secret token as bearer token.",
      values: [{ label: "Tenant URL", value: "tenantUrl" }],
      done: (f) => f.requestSeen,
    },
    FIRST_USER,
    FIRST_SIGN_IN,
  ],
};

export function defaultVendor(type: SetupFacts["type"]): Vendor {
  return type === "wsfed" ? "entra-wsfed" : type === "oidc" ? "oidc" : "entra-saml";
}

/** The vendors whose steps fit this identity provider's protocol. */
function vendorsFor(type: SetupFacts["type"]): Vendor[] {
  if (type === "oidc") return ["oidc"];
  if (type === "wsfed") return ["entra-wsfed"];
  return ["entra-saml", "okta", "onelogin", "google", "saml"];
}

/**
 * Guided set-up on the Overview tab: the chosen vendor's steps, the values to copy and where to
 * paste them, and a live check of each step that can be checked.
 */
export function GuidedSetup({
  idpPath,
  vendor: asked,
  facts,
  values,
}: {
  idpPath: string;
  vendor: string | undefined;
  facts: SetupFacts;
  values: SetupValues;
}) {
  const choices = vendorsFor(facts.type);
  const vendor = choices.includes(asked as Vendor) ? (asked as Vendor) : defaultVendor(facts.type);
  const steps = STEPS[vendor];
  const checked = steps.filter((s) => s.done);
  const done = checked.filter((s) => s.done!(facts)).length;
  return (
    <Card
      title="Guided set-up"
      description={`${done} of ${checked.length} checks done, from what Rollcall has seen.`}
    >
      <div className="space-y-4" data-testid="guided-setup" data-vendor={vendor}>
        {choices.length > 1 ? (
          <nav aria-label="Identity provider vendor" className="flex flex-wrap gap-2">
            {choices.map((v) => (
              <Link
                key={v}
                href={`${idpPath}?vendor=${v}`}
                aria-current={v === vendor ? "page" : undefined}
                className={`rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${
                  v === vendor
                    ? "bg-indigo-50 text-indigo-700 ring-indigo-300"
                    : "text-slate-700 ring-slate-300 hover:bg-slate-50"
                }`}
              >
                {VENDORS[v]}
              </Link>
            ))}
          </nav>
        ) : null}
        <ol className="space-y-4">
          {steps.map((step, i) => {
            const state = step.done ? (step.done(facts) ? "done" : "waiting") : "manual";
            return (
              <li key={step.title} className="flex gap-3" data-testid="setup-step" data-state={state}>
                <span
                  aria-hidden
                  className={`grid h-6 w-6 shrink-0 place-items-center rounded-full text-xs font-semibold ${
                    state === "done" ? "bg-emerald-600 text-white" : "bg-slate-100 text-slate-700"
                  }`}
                >
                  {state === "done" ? "✓" : i + 1}
                </span>
                <div className="min-w-0 flex-1 space-y-2">
                  <p className="text-sm font-semibold text-slate-900">
                    {step.title}
                    <span className="ml-2 text-xs font-medium text-slate-600">
                      {state === "done" ? "Done" : state === "waiting" ? "Not yet" : ""}
                    </span>
                  </p>
                  <p className="text-sm text-slate-600">{step.where}</p>
                  {step.values?.map((v) => (
                    <CopyField
                      key={v.label}
                      label={v.label}
                      value={values[v.value]}
                      copyLabel={`Copy ${v.label} (step ${i + 1})`}
                      wrap
                    />
                  ))}
                </div>
              </li>
            );
          })}
        </ol>
      </div>
    </Card>
  );
}
