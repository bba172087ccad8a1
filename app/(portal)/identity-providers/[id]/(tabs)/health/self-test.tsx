"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { SelfTestStep } from "@/lib/provisioning/selftest";
import { runSelfTestAction } from "../../../actions";

/** The last run (kept by the server, so it survives a reload), and a failure to start a new one. */
type Runs = { at: string | null; steps: SelfTestStep[] | null; error: string | null };

export function SelfTest({
  idpId,
  last,
}: {
  idpId: string;
  last: { at: string; steps: SelfTestStep[] } | null;
}) {
  const [{ at, steps, error }, run, isPending] = useActionState(
    async (previous: Runs): Promise<Runs> => {
      const result = await runSelfTestAction(idpId);
      return result.ok
        ? { at: result.data.at, steps: result.data.steps, error: null }
        : { ...previous, error: result.error };
    },
    { at: last?.at ?? null, steps: last?.steps ?? null, error: null },
  );
  const passed = steps?.filter((s) => s.ok).length ?? 0;
  return (
    <div className="space-y-4">
      {/* aria-disabled, not disabled: the button keeps keyboard focus while the test runs. */}
      <Button
        aria-disabled={isPending}
        onClick={() => {
          if (!isPending) startTransition(run);
        }}
      >
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
          {at ? <p className="mb-2 text-xs text-slate-600">Last run {at}</p> : null}
          <ol
            className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200"
            data-testid="self-test-steps"
          >
            {steps.map((s, i) => (
              <li key={i} className="flex flex-wrap items-start gap-x-3 gap-y-1 px-3 py-2 text-sm">
                <span aria-hidden className={s.ok ? "text-emerald-600" : "text-red-600"}>
                  {s.ok ? "✓" : "✗"}
                </span>
                <span className="min-w-0 flex-1 break-words">
                  {s.name}
                  <span className="sr-only">{s.ok ? " (passed)" : " (failed)"}</span>
                  {s.detail ? <span className="block text-xs text-red-700">{s.detail}</span> : null}
                </span>
                <span className="whitespace-nowrap font-mono text-xs text-slate-600">
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
