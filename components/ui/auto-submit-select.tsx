"use client";

import type { SelectHTMLAttributes } from "react";

/**
 * A filter's <select> that applies the choice at once: it submits its form on change. The form
 * keeps its own submit button, for browsers without JavaScript.
 */
export function AutoSubmitSelect(props: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} onChange={(event) => event.currentTarget.form?.requestSubmit()} />;
}
