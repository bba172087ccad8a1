/** Turns zod issues into the first message per top-level form field. */
export function fieldErrors<K extends string>(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
) {
  const fields: Partial<Record<K, string>> = {};
  for (const issue of issues) {
    const key = issue.path[0];
    if (typeof key === "string" && !fields[key as K]) fields[key as K] = issue.message;
  }
  return fields;
}
