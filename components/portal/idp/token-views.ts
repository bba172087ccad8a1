import { formatDateTime } from "@/lib/format";
import type { listTokens } from "@/lib/provisioning/service";
import type { TokenView } from "./provisioning-panel";

/** The tokens as the provisioning panel shows them (dates formatted on the server). */
export function tokenViews(tokens: Awaited<ReturnType<typeof listTokens>>): TokenView[] {
  return tokens.map((t) => ({
    id: t.id,
    name: t.name || t.hint,
    hint: t.hint,
    createdAt: formatDateTime(t.createdAt),
    lastUsed: t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never",
    lastUsedFrom: t.lastUsedIp,
    expiresAt: t.expiresAt ? formatDateTime(t.expiresAt) : null,
    state: t.state,
    revokedAt: t.revokedAt ? formatDateTime(t.revokedAt) : null,
    isNew: t.isNew,
  }));
}
