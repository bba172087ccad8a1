/** Which provisioning client sent a request, by its User-Agent, in words an admin reads. */
const CLIENTS: [RegExp, string][] = [
  [/Azure|Microsoft|AAD|Entra/i, "Entra ID"],
  [/Okta/i, "Okta"],
  [/OneLogin/i, "OneLogin"],
  [/JumpCloud/i, "JumpCloud"],
  [/Google/i, "Google Workspace"],
  [/Rollcall self-test/i, "The self-test"],
];

export function clientName(userAgent: string | null): string {
  if (userAgent) for (const [pattern, name] of CLIENTS) if (pattern.test(userAgent)) return name;
  return "Your identity provider";
}
