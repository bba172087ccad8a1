"use client";

import { useState } from "react";
import { buttonClass } from "./button";

/**
 * Copies `value` to the clipboard and says so next to the button (a status, read out by screen
 * readers). The button's name stays the same — it always contains its visible label.
 */
export function CopyButton({
  value,
  label = "Copy",
  accessibleName,
}: {
  value: string;
  label?: string;
  /** What the button copies, for screen readers when several copy buttons share a page. */
  accessibleName?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="inline-flex shrink-0 items-center gap-2">
      <button
        type="button"
        className={buttonClass("secondary", "px-2.5 py-1.5 text-xs")}
        onClick={async () => {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        }}
        aria-label={accessibleName ?? `${label} to clipboard`}
      >
        {label}
      </button>
      <span role="status" className="text-xs font-medium text-emerald-700 empty:hidden">
        {copied ? "Copied" : ""}
      </span>
    </span>
  );
}

/** A read-only value in a monospace box with a copy button. */
export function CopyField({
  label,
  value,
  testId,
  copyLabel,
  wrap = false,
}: {
  label: string;
  value: string;
  testId?: string;
  /** The copy button's accessible name, when several copy fields share a page. */
  copyLabel?: string;
  /** Wrap a long value instead of scrolling it (where the box is narrow, as on a phone). */
  wrap?: boolean;
}) {
  return (
    <div className="space-y-1.5">
      <p className="text-sm font-medium text-slate-800">{label}</p>
      <div className="flex items-center gap-2">
        <code
          data-testid={testId}
          className={`block min-w-0 flex-1 rounded-md bg-slate-50 px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-inset ring-slate-200 ${
            wrap ? "[overflow-wrap:anywhere]" : "overflow-x-auto whitespace-nowrap"
          }`}
        >
          {value}
        </code>
        <CopyButton value={value} label="Copy" accessibleName={copyLabel} />
      </div>
    </div>
  );
}

/** A value inline (an id, a URL) with a copy button after it, wrapping below it when narrow. */
export function CopyValue({
  value,
  copyLabel,
  testId,
}: {
  value: string;
  copyLabel: string;
  testId?: string;
}) {
  return (
    <span className="flex flex-wrap items-center gap-2">
      <code data-testid={testId} className="font-mono text-xs [overflow-wrap:anywhere]">
        {value}
      </code>
      <CopyButton value={value} accessibleName={copyLabel} />
    </span>
  );
}
