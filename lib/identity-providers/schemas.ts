import { z } from "zod";

export const IDP_TYPES = ["wsfed", "saml"] as const;
export type IdpType = (typeof IDP_TYPES)[number];

export const IDP_TYPE_LABELS: Record<IdpType, string> = {
  wsfed: "WS-Federation",
  saml: "SAML 2.0",
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

/** The identity-provider form; the certificate is validated separately by its X.509 parser. */
export const identityProviderSchema = z
  .object({
    displayName: z.string().trim().min(1, "Enter a display name").max(100, "Use at most 100 characters"),
    type: z.enum(IDP_TYPES, { message: "Choose WS-Federation or SAML 2.0" }),
    wsfedType: z.enum(WSFED_TYPES).optional(),
    loginUrl: z.union([z.literal("").transform(() => undefined), loginUrlSchema]).optional(),
    certificate: z.string().max(65_536, "The certificate is too large").optional(),
    token: z.string().max(2048, "The token is too long").optional(),
    isDefault: z.boolean(),
  })
  .transform((v) => ({ ...v, wsfedType: v.type === "wsfed" ? (v.wsfedType ?? "entra") : undefined }));

export type IdentityProviderInput = z.input<typeof identityProviderSchema>;
