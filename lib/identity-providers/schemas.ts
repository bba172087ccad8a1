import { z } from "zod";
import { choiceKeys, OIDC_CLAIMS } from "@/lib/sso/choices";

export const IDP_TYPES = ["wsfed", "saml", "oidc"] as const;
export type IdpType = (typeof IDP_TYPES)[number];

export const IDP_TYPE_LABELS: Record<IdpType, string> = {
  wsfed: "WS-Federation",
  saml: "SAML 2.0",
  oidc: "OpenID Connect",
};

export const WSFED_TYPES = ["entra"] as const;
export const WSFED_TYPE_LABELS: Record<(typeof WSFED_TYPES)[number], string> = {
  entra: "Microsoft Entra ID",
};

/** http:// is accepted only for an identity provider on this machine (local development and tests). */
function secureOrLoopback(value: string): boolean {
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  return (
    url.protocol === "https:" ||
    (url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname))
  );
}

export const loginUrlSchema = z
  .string()
  .trim()
  .max(2048, "The URL is too long")
  .refine((value) => URL.canParse(value), "Enter a full URL, e.g. https://login.microsoftonline.com/…/saml2")
  .refine(secureOrLoopback, "The login URL must use https://");

/** An OpenID Connect issuer identifier: an https URL (http on loopback) without query or fragment. */
export const issuerUrlSchema = z
  .string()
  .trim()
  .max(2048, "The URL is too long")
  .refine(
    (value) => URL.canParse(value),
    "Enter the issuer's full URL, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0",
  )
  .refine(secureOrLoopback, "The issuer URL must use https://")
  .refine((value) => !/[?#]/.test(value), "An issuer URL has no query (?) or fragment (#)");

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** The OpenID Connect fields; required only when the type is "oidc" (the secret: when none is stored). */
const oidcFields = {
  oidcIssuer: z.preprocess(blankToUndefined, issuerUrlSchema.optional()),
  oidcClientId: z.preprocess(
    blankToUndefined,
    z.string().trim().max(255, "Use at most 255 characters").optional(),
  ),
  oidcClientSecret: z.preprocess(
    blankToUndefined,
    z.string().trim().max(1024, "Use at most 1024 characters").optional(),
  ),
  oidcScopes: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(500, "Use at most 500 characters")
      .transform((v) => [...new Set(v.split(/\s+/))].join(" "))
      .refine((v) => v.split(" ").includes("openid"), "The scopes must include openid")
      .refine(
        (v) => /^[\x21\x23-\x5b\x5d-\x7e ]+$/.test(v),
        "Separate scopes with spaces; no quotes or backslashes",
      )
      .optional(),
  ),
  oidcClaim: z.enum(choiceKeys(OIDC_CLAIMS)).optional(),
  oidcGroupsClaim: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(200, "Use at most 200 characters")
      .regex(/^[A-Za-z0-9_.:/-]+$/, "A claim name: letters, digits and _ . : / -")
      .optional(),
  ),
};

/** The identity-provider form; the certificate is validated separately by its X.509 parser. */
export const identityProviderSchema = z
  .object({
    displayName: z.string().trim().min(1, "Enter a display name").max(100, "Use at most 100 characters"),
    type: z.enum(IDP_TYPES, { message: "Choose WS-Federation, SAML 2.0 or OpenID Connect" }),
    wsfedType: z.enum(WSFED_TYPES).optional(),
    loginUrl: z.union([z.literal("").transform(() => undefined), loginUrlSchema]).optional(),
    certificate: z.string().max(65_536, "The certificate is too large").optional(),
    token: z.string().max(2048, "The token is too long").optional(),
    isDefault: z.boolean(),
    ...oidcFields,
  })
  .superRefine((v, ctx) => {
    if (v.type !== "oidc") return;
    if (!v.oidcIssuer)
      ctx.addIssue({ code: "custom", path: ["oidcIssuer"], message: "Enter the issuer URL" });
    if (!v.oidcClientId) {
      ctx.addIssue({ code: "custom", path: ["oidcClientId"], message: "Enter the client (application) id" });
    }
  })
  .transform((v) => ({ ...v, wsfedType: v.type === "wsfed" ? (v.wsfedType ?? "entra") : undefined }));

export type IdentityProviderInput = z.input<typeof identityProviderSchema>;
