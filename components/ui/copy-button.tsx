"use client";

import { useRef, useState } from "react";
import { buttonClass } from "./button";

/**
 * Puts `value` on the clipboard: the Clipboard API where the page may use it (https, localhost),
 * else the older `execCommand("copy")` on a selected read-only field — the one named by `fieldId`
 * (left selected, so Ctrl+C works at once if copying failed) or a hidden one next to `near`.
 * Answers whether it worked.
 */
export async function copyText(value: string, near: HTMLElement, fieldId?: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch {
    // refused (no permission, not focused): try the older way
  }
  const field = fieldId ? document.getElementById(fieldId) : null;
  if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) {
    field.focus();
    field.select();
    return execCopy();
  }
  // Inside the element (which may be in a modal dialog, where the rest of the page is inert).
  const scratch = document.createElement("textarea");
  scratch.value = value;
  scratch.readOnly = true;
  scratch.setAttribute("aria-hidden", "true");
  scratch.style.position = "fixed";
  scratch.style.opacity = "0";
  near.parentElement?.appendChild(scratch);
  scratch.select();
  const copied = execCopy();
  scratch.remove();
  near.focus();
  return copied;
}

function execCopy(): boolean {
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * Copies `value` to the clipboard and says so next to the button (a status, read out by screen
 * readers) — or, when the browser refused, says to press Ctrl+C / ⌘C (with `fieldId`, the field is
 * left selected for that). The button's name stays the same — it always contains its visible label.
 */
export function CopyButton({
  value,
  label = "Copy",
  accessibleName,
  fieldId,
}: {
  value: string;
  label?: string;
  /** What the button copies ("Copy secret token"), when several copy buttons share a page. */
  accessibleName?: string;
  /** A read-only field showing `value`: selected when the clipboard cannot be written directly. */
  fieldId?: string;
}) {
  const [result, setResult] = useState<"copied" | "failed" | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  return (
    <span className="inline-flex shrink-0 flex-wrap items-center gap-2">
      <button
        type="button"
        className={buttonClass("secondary", "px-2.5 py-1.5 text-xs")}
        onClick={async (event) => {
          const copied = await copyText(value, event.currentTarget, fieldId);
          setResult(copied ? "copied" : "failed");
          clearTimeout(timer.current);
          if (copied) timer.current = setTimeout(() => setResult(null), 2000);
        }}
        aria-label={accessibleName ?? `${label} to clipboard`}
      >
        {label}
      </button>
      <span
        role="status"
        className={`text-xs font-medium empty:hidden ${result === "failed" ? "text-red-700" : "text-emerald-700"}`}
      >
        {result === "copied"
          ? "Copied"
          : result === "failed"
            ? `Could not copy: ${fieldId ? "it is selected, " : "select it and "}press ${IS_MAC ? "⌘C" : "Ctrl+C"}`
            : ""}
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
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid={testId}
          className={`block min-w-0 flex-1 basis-48 rounded-md bg-slate-50 px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-inset ring-slate-200 ${
            wrap ? "[overflow-wrap:anywhere]" : "overflow-x-auto whitespace-nowrap"
          }`}
        >
          {value}
        </code>
        <CopyButton value={value} label="Copy" accessibleName={copyLabel ?? `Copy ${lowerFirst(label)}`} />
      </div>
    </div>
  );
}

/** "Tenant URL" → "tenant URL" (an acronym keeps its capitals). */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
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
