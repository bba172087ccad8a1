"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Notice } from "./card";
import { CopyButton } from "./copy-button";

/**
 * A secret shown this once (an API key, a webhook signing secret): in a read-only field with a copy
 * button. Focus moves to it and selects it, so it is read out and can be copied at once. `children`
 * says why it is not shown again.
 */
export function OneTimeSecret({
  title,
  label,
  value,
  copyLabel,
  testId,
  children,
}: {
  title: ReactNode;
  label: string;
  value: string;
  /** The copy button's accessible name, e.g. "Copy the API key". */
  copyLabel: string;
  testId?: string;
  children: ReactNode;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [value]);
  return (
    <Notice tone="green" title={title}>
      {children}
      <div className="mt-3 space-y-1.5">
        <label htmlFor={id} className="block font-medium">
          {label}
        </label>
        <div className="flex items-center gap-2">
          <input
            ref={input}
            id={id}
            data-testid={testId}
            readOnly
            value={value}
            onFocus={(event) => event.currentTarget.select()}
            className="block w-full min-w-0 flex-1 rounded-md border-0 bg-white px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-inset ring-emerald-300 focus:ring-2 focus:ring-indigo-600"
          />
          <CopyButton value={value} accessibleName={copyLabel} />
        </div>
      </div>
    </Notice>
  );
}
