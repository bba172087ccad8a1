"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { SelfTestStep } from "@/lib/provisioning/selftest";
import { runSelfTestAction } from "../../actions";

/** The last run's steps, kept while a new run cannot start (`error`). */
type Runs = { steps: SelfTestStep[] | null; error: string | null };

export function SelfTest({ idpId }: { idpId: string }) {
  const [{ steps, error }, run, isPending] = useActionState(
    async (previous: Runs): Promise<Runs> => {
      const result = await runSelfTestAction(idpId);
      return result.ok ? { steps: result.data, error: null } : { steps: previous.steps, error: result.error };
    },
    { steps: null, error: null },
  );
  const passed = steps?.filter((s) => s.ok).length ?? 0;
  return (
    <div className="space-y-4">
      <Button onClick={() => startTransition(run)} disabled={isPending}>
        {isPending ? "Running…" : "Run the self-test"}
      </Button>
      <FormError message={error} />
      {steps ? (
        <div>
          <p className="mb-2 text-sm font-medium" role="status" data-testid="self-test-summary">
            {passed === steps.length
              ? `All ${steps.length} steps passed`
              : `${steps.length - passed} of ${steps.length} steps failed`}
          </p>
          <ol
            className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200"
            data-testid="self-test-steps"
          >
            {steps.map((s, i) => (
              <li key={i} className="flex items-start gap-3 px-3 py-2 text-sm">
                <span aria-hidden className={s.ok ? "text-emerald-600" : "text-red-600"}>
                  {s.ok ? "✓" : "✗"}
                </span>
                <span className="flex-1">
                  {s.name}
                  <span className="sr-only">{s.ok ? " (passed)" : " (failed)"}</span>
                  {s.detail ? <span className="block text-xs text-red-700">{s.detail}</span> : null}
                </span>
                <span className="whitespace-nowrap font-mono text-xs text-slate-500">
                  {s.status} · {s.ms} ms
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
