import { TextAreaField, TextField } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import type { Application } from "@/lib/oidc/applications";

/** The form's values as FormData carries them, for the actions (text areas as typed). */
export function applicationFormValues(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "");
  return {
    name: text("name"),
    redirectUris: text("redirectUris"),
    postLogoutRedirectUris: text("postLogoutRedirectUris"),
    tenantIds: text("tenantIds"),
  };
}

/**
 * The fields an application's create and edit forms share: its name, its redirect URIs (one a
 * line), where logout may return, and the tenants whose people may sign in. `application`: the
 * current values, when editing.
 */
export function ApplicationFields({
  errors: e,
  application,
}: {
  errors: FieldErrors;
  application?: Pick<Application, "name" | "redirectUris" | "postLogoutRedirectUris" | "tenantIds">;
}) {
  return (
    <>
      <TextField
        label="Name"
        name="name"
        defaultValue={application?.name}
        error={e.name}
        hint="People see it on Rollcall's sign-in page, e.g. “Acme”."
        autoComplete="off"
        required
      />
      <TextAreaField
        label="Redirect URIs"
        name="redirectUris"
        defaultValue={application?.redirectUris.join("\n")}
        error={e.redirectUris}
        hint="Where sign-in returns with a code: one a line, https:// (http:// only on localhost), compared exactly."
        placeholder="https://app.example.com/callback"
        rows={3}
        autoComplete="off"
        spellCheck={false}
        required
      />
      <TextAreaField
        label="Post-logout redirect URIs (optional)"
        name="postLogoutRedirectUris"
        defaultValue={application?.postLogoutRedirectUris.join("\n")}
        error={e.postLogoutRedirectUris}
        hint="Where signing out may return (post_logout_redirect_uri): one a line, the same rules."
        placeholder="https://app.example.com/"
        rows={2}
        autoComplete="off"
        spellCheck={false}
      />
      <TextAreaField
        label="Allowed tenants (optional)"
        name="tenantIds"
        defaultValue={application?.tenantIds?.join("\n")}
        error={e.tenantIds}
        hint="Tenant ids, one a line (the Tenants page shows them): only their people may sign in. Empty: every tenant's."
        rows={2}
        autoComplete="off"
        spellCheck={false}
      />
    </>
  );
}
