import type { ReactNode } from "react";
import { hasRole, ROLE_LABELS, type AdminRole } from "@/lib/auth/roles";
import { currentAdmin } from "@/lib/auth/session";

/**
 * Shows controls only to the roles that may use them (lib/auth/roles.ts). `hide` (the default)
 * leaves them out; `disable` keeps what they show — a form's current values, a panel's state —
 * with every control in it disabled. A courtesy: the server actions check the role themselves.
 */
export async function RoleGate({
  need,
  mode = "hide",
  children,
}: {
  need: AdminRole;
  mode?: "hide" | "disable";
  children: ReactNode;
}) {
  const admin = await currentAdmin();
  if (admin && hasRole(admin.role, need)) return <>{children}</>;
  if (mode === "hide") return null;
  return (
    <fieldset
      disabled
      className="min-w-0 space-y-6"
      data-testid="role-disabled"
      title={`Your role (${ROLE_LABELS[admin?.role ?? "readonly"]}) cannot change this`}
    >
      {children}
    </fieldset>
  );
}
