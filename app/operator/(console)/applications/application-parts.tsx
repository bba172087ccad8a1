import { Badge } from "@/components/ui/card";
import { formatDate } from "@/lib/format";
import type { Application } from "@/lib/oidc/applications";

/** Confidential (a client secret) or public (PKCE only), as a badge. */
export function ApplicationKind({ application }: { application: Pick<Application, "public"> }) {
  return application.public ? <Badge>Public</Badge> : <Badge tone="indigo">Confidential</Badge>;
}

/** Whose people may sign in: every tenant's, or how many tenants'. */
export function allowedTenants({ tenantIds }: Pick<Application, "tenantIds">): string {
  if (tenantIds === null) return "All tenants";
  return `${tenantIds.length} ${tenantIds.length === 1 ? "tenant" : "tenants"}`;
}

/** The day the client secret was last rotated ("Never"); a public application has none. */
export function secretRotated(a: Pick<Application, "public" | "secretRotatedAt">, never = "Never"): string {
  if (a.public) return "No secret";
  return a.secretRotatedAt ? formatDate(new Date(a.secretRotatedAt)) : never;
}
