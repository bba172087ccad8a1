/** Dates as admins read them, rendered on the server in UTC (no hydration mismatch). */
export function formatDateTime(date: Date | null | undefined): string {
  if (!date) return "—";
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** An ISO time the services answer (null: it never happened, said as `none`). */
export function formatWhen(iso: string | null, none = "Never"): string {
  return iso ? formatDateTime(new Date(iso)) : none;
}

export function formatDate(date: Date | null | undefined): string {
  if (!date) return "—";
  return date.toISOString().slice(0, 10);
}

/** Splits a hex thumbprint into pairs for reading: AB:CD:… */
export function formatThumbprint(hex: string): string {
  return hex.match(/.{2}/g)?.join(":") ?? hex;
}

/** A card number shows only its last four characters. */
export function maskCardNumber(value: string): string {
  return `••••${value.length > 4 ? value.slice(-4) : ""}`;
}

/** How long ago `date` was, in the largest whole unit: "just now", "5 minutes ago", "3 days ago". */
export function formatAgo(date: Date, now = new Date()): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - date.getTime()) / 1000));
  const units: [number, string][] = [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
  ];
  for (const [size, name] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? "" : "s"} ago`;
  }
  return "just now";
}

/** "1 request", "12 requests" (or the given plural: "1 company", "2 companies"). */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** A span of minutes as a person says it: "80 minutes", "2 hours", "1 day 2 hours" (whole minutes). */
export function formatMinutes(minutes: number): string {
  const total = Math.max(1, Math.round(minutes));
  if (total < 120) return plural(total, "minute");
  const [days, hours, rest] = [Math.floor(total / 1440), Math.floor((total % 1440) / 60), total % 60];
  return [days && plural(days, "day"), hours && plural(hours, "hour"), rest && plural(rest, "minute")]
    .filter(Boolean)
    .join(" ");
}
