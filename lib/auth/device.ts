/**
 * A browser's User-Agent as a person recognises it ("Chrome 131 on macOS"), through bowser. What
 * a client says of itself is not proof of anything: it helps an admin tell their sessions apart.
 */
import Bowser from "bowser";

export function deviceOf(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  const { browser, os } = Bowser.parse(userAgent);
  const name = browser.name
    ? `${browser.name}${browser.version ? ` ${browser.version.split(".")[0]}` : ""}`
    : "";
  const system = os.name ? `${os.name}${os.versionName ? ` ${os.versionName}` : ""}` : "";
  if (name && system) return `${name} on ${system}`;
  return name || system || "Unknown device";
}
