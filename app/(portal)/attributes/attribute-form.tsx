"use client";

import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { FormError, SELECT_CLASS, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import {
  ATTRIBUTE_TYPE_LABELS,
  ATTRIBUTE_TYPES,
  DEFAULT_EXTENSION_URN,
  type CustomAttributeInput,
} from "@/lib/custom-attributes/definitions";
import { defineAttributeAction } from "./actions";

const CHECKBOX = "mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600";

/** Defines a custom attribute; `preset` fills it in from an attribute a client sent ("Define it"). */
export function AttributeForm({ preset }: { preset: { name: string; schemaUrn: string } | null }) {
  const { state, onSubmit, isPending, error, fieldErrors, successes } = useFormAction((form) =>
    defineAttributeAction({
      name: String(form.get("name") ?? ""),
      schemaUrn: String(form.get("schemaUrn") ?? ""),
      type: String(form.get("type") ?? "") as CustomAttributeInput["type"],
      multiValued: form.get("multiValued") === "on",
      caseExact: form.get("caseExact") === "on",
      description: String(form.get("description") ?? ""),
    }),
  );
  // Once an attribute is defined, the fields start empty: keyed by the number of definitions.
  const v = successes === 0 && preset ? preset : { name: "", schemaUrn: "" };
  const e = fieldErrors;
  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <div role="status">
        {state?.ok ? (
          <Notice tone="green" title="Defined">
            Map your identity provider&apos;s attribute to <code className="break-all">{state.data}</code>.
            Provisioning clients can send it from now on.
          </Notice>
        ) : null}
      </div>
      <FormError message={error} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          key={`name-${successes}`}
          defaultValue={v.name}
          error={e.name}
          hint="As the identity provider sends it, e.g. costCentre or badgeNumber."
          autoComplete="off"
          required
        />
        <div className="space-y-1.5">
          <label htmlFor="type" className="block text-sm font-medium text-slate-800">
            Type
          </label>
          <select
            id="type"
            name="type"
            key={`type-${successes}`}
            defaultValue="string"
            className={SELECT_CLASS}
            aria-invalid={e.type ? true : undefined}
            aria-describedby={e.type ? "type-error" : undefined}
          >
            {ATTRIBUTE_TYPES.map((t) => (
              <option key={t} value={t}>
                {ATTRIBUTE_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
          {e.type ? (
            <p id="type-error" role="alert" className="text-sm text-red-600">
              {e.type}
            </p>
          ) : null}
        </div>
      </div>
      <TextField
        label="Schema URN"
        name="schemaUrn"
        key={`urn-${successes}`}
        defaultValue={v.schemaUrn}
        placeholder={DEFAULT_EXTENSION_URN}
        error={e.schemaUrn}
        hint="Leave empty for Rollcall's own extension. Use your identity provider's URN when it already sends one (Okta: urn:ietf:params:scim:schemas:extension:…:2.0:User)."
        autoComplete="off"
      />
      <TextField
        label="Description (optional)"
        name="description"
        key={`description-${successes}`}
        error={e.description}
        hint="Shown to identity providers in schema discovery."
      />
      <fieldset className="space-y-2">
        <legend className="sr-only">Options</legend>
        <label className="flex items-start gap-3 text-sm">
          <input key={`multiValued-${successes}`} type="checkbox" name="multiValued" className={CHECKBOX} />
          <span>
            <span className="font-medium text-slate-900">Several values</span>
            <span className="block text-slate-600">A list, e.g. several badge numbers.</span>
          </span>
        </label>
        <label className="flex items-start gap-3 text-sm">
          <input key={`caseExact-${successes}`} type="checkbox" name="caseExact" className={CHECKBOX} />
          <span>
            <span className="font-medium text-slate-900">Case-sensitive</span>
            <span className="block text-slate-600">
              For text: filters tell &quot;ABC&quot; from &quot;abc&quot;. Off by default, as for most SCIM
              text.
            </span>
          </span>
        </label>
      </fieldset>
      <Button type="submit" disabled={isPending}>
        {isPending ? "Defining…" : "Define attribute"}
      </Button>
    </form>
  );
}
