import { SectionNav } from "@/components/ui/section-nav";

/**
 * The operator console's sections. A section is listed here once its page exists; webhook
 * endpoints (their delivery log, replay, test send) sit next to API keys, the other way out of
 * Rollcall; applications (the OpenID Provider's clients) come before the roles their ID tokens
 * carry, which tenants map their groups to.
 */
export const OPERATOR_SECTIONS = [
  { href: "/operator", label: "Tenants", exact: true },
  { href: "/operator/api-keys", label: "API keys", exact: false },
  { href: "/operator/webhooks", label: "Webhooks", exact: false },
  { href: "/operator/applications", label: "Applications", exact: false },
  { href: "/operator/roles", label: "Roles", exact: false },
  { href: "/operator/events", label: "Events", exact: false },
] as const;

export function OperatorNav() {
  return <SectionNav label="Operator console" sections={OPERATOR_SECTIONS} tone="operator" />;
}
