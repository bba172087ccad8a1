"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { CHECKBOX_CLASS, FormError } from "@/components/ui/field";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { useFormAction } from "@/components/ui/use-form-action";
import { createApplicationAction } from "./actions";
import { ApplicationFields, applicationFormValues } from "./application-fields";
import { IssuerFields } from "./issuer-fields";

/** The application just registered: its client id, the issuer and — confidential — its secret, once. */
function Registered({
  clientId,
  clientSecret,
  issuer,
}: {
  clientId: string;
  clientSecret: string | null;
  issuer: string;
}) {
  const page = (
    <Link href={`/operator/applications/${clientId}`} className="font-medium underline">
      application&apos;s page
    </Link>
  );
  if (clientSecret === null) {
    return (
      <div role="status">
        <Notice tone="green" title="Application registered">
          <p>
            A public application has no client secret: it proves each sign-in with PKCE. Give it its client id
            and the issuer. Its settings are on the {page}.
          </p>
          <div className="mt-3">
            <IssuerFields clientId={clientId} issuer={issuer} discovery={false} />
          </div>
        </Notice>
      </div>
    );
  }
  return (
    <OneTimeSecret
      title="Application registered"
      label="Its client secret"
      value={clientSecret}
      copyLabel="Copy the client secret"
      testId="new-client-secret"
    >
      <p>
        Give the application its client id, the issuer and the client secret below.{" "}
        <strong>You will not see the secret again</strong>: if it is lost, rotate it on the {page}.
      </p>
      <div className="mt-3">
        <IssuerFields clientId={clientId} issuer={issuer} discovery={false} />
      </div>
    </OneTimeSecret>
  );
}

export function CreateApplicationForm({ issuer }: { issuer: string }) {
  const {
    state,
    onSubmit,
    isPending,
    error,
    fieldErrors: e,
    successes,
  } = useFormAction((form) =>
    // The action revalidates the list: the new application is listed without a refresh of our own.
    createApplicationAction({ ...applicationFormValues(form), public: form.get("public") === "on" }),
  );
  return (
    <div className="space-y-5">
      {state?.ok ? <Registered {...state.data} issuer={issuer} /> : null}
      {/* Once an application is registered, the fields start empty: keyed by the number of registrations. */}
      <form key={successes} onSubmit={onSubmit} className="space-y-5" noValidate>
        <FormError message={error} />
        <ApplicationFields errors={e} />
        <div className="flex items-start gap-3 text-sm">
          <input
            id="public"
            type="checkbox"
            name="public"
            className={CHECKBOX_CLASS}
            aria-describedby="public-hint"
          />
          <div className="min-w-0">
            <label htmlFor="public" className="font-medium text-slate-800">
              Public client
            </label>
            <p id="public-hint" className="text-xs text-slate-600">
              A single-page or native app, which cannot keep a secret: no client secret, PKCE only. This
              cannot be changed later.
            </p>
          </div>
        </div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Registering…" : "Register application"}
        </Button>
      </form>
    </div>
  );
}
