"use client";

import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { addRoleAction } from "./actions";

export function AddRoleForm() {
  // The action revalidates the page: the new role is listed without a refresh of our own.
  const form = useFormAction((data) =>
    addRoleAction({
      key: String(data.get("key") ?? ""),
      name: String(data.get("name") ?? ""),
      description: String(data.get("description") ?? ""),
    }),
  );
  const { state, error, fieldErrors: e } = form;
  return (
    <div className="space-y-5">
      <div role="status">
        {state?.ok ? (
          <Notice tone="green" title="Role defined">
            Tenants&apos; administrators can now map their groups to <code>{state.data}</code>.
          </Notice>
        ) : null}
      </div>
      {/* Once a role is defined, the fields start empty: keyed by the number of definitions. */}
      <form key={form.successes} onSubmit={form.onSubmit} className="space-y-5" noValidate>
        <FormError message={error} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Key"
            name="key"
            error={e.key}
            hint="What the application reads, e.g. admin. Lower-case letters, digits and . _ : -; it never changes."
            autoComplete="off"
            spellCheck={false}
            required
          />
          <TextField
            label="Name"
            name="name"
            error={e.name}
            hint="What administrators see, e.g. Administrator."
            autoComplete="off"
            required
          />
        </div>
        <TextField
          label="Description (optional)"
          name="description"
          error={e.description}
          hint="What the role may do in the application, for administrators choosing it."
          autoComplete="off"
        />
        <Button type="submit" disabled={form.isPending}>
          {form.isPending ? "Defining…" : "Define role"}
        </Button>
      </form>
    </div>
  );
}
