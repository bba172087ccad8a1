import { Badge } from "@/components/ui/card";
import { formatWhen } from "@/lib/format";
import { retryPolicy } from "@/lib/webhooks/config";
import type { EndpointView } from "@/lib/webhooks/status";

/** How long deliveries are retried before they fail (and a failing endpoint is disabled), in words. */
export function retryWindow(): string {
  const hours = retryPolicy().windowMs / 3_600_000;
  if (hours >= 24 && hours % 24 === 0) return `${hours / 24} ${hours === 24 ? "day" : "days"}`;
  return `${Number(hours.toFixed(2))} ${hours === 1 ? "hour" : "hours"}`;
}

/**
 * An endpoint's URL as the console shows it: origin and path. A query string is only hinted at
 * (it may carry a receiver's token).
 */
export function shownUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
}

const OUTCOMES: Record<string, [string, "green" | "amber" | "red"]> = {
  delivered: ["Delivered", "green"],
  redirect: ["Redirect (not followed)", "amber"],
  client_error: ["Client error", "red"],
  server_error: ["Server error", "red"],
  timeout: ["Timed out", "red"],
  tls: ["TLS error", "red"],
  dns: ["DNS error", "red"],
  connection: ["Connection failed", "red"],
  refused_address: ["Refused address", "red"],
  error: ["Error", "red"],
};

/** How an attempt ended, as a badge. */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  const [label, tone] = OUTCOMES[outcome] ?? [outcome, "red"];
  return (
    <span className="whitespace-nowrap">
      <Badge tone={tone}>{label}</Badge>
    </span>
  );
}

/**
 * Enabled or disabled and why. An endpoint failing — still enabled while retries go on, or
 * disabled at the end of the retry window — says since when, in red.
 */
export function EndpointStatus({ endpoint: e }: { endpoint: EndpointView }) {
  const failing = e.failingSince ? (
    <span className="inline-flex items-center gap-1 rounded-md bg-red-600 px-2 py-0.5 text-xs font-semibold text-white">
      <span aria-hidden>⚠</span> Failing since {formatWhen(e.failingSince)}
    </span>
  ) : null;
  return (
    <div className="flex flex-wrap items-center gap-1.5" data-testid="webhook-status">
      {e.enabled ? (
        <Badge tone="green">Enabled</Badge>
      ) : (
        <Badge tone={e.disabledReason === "failing" ? "red" : "gray"}>
          {e.disabledReason === "failing" ? "Disabled for failing" : "Disabled by an operator"}
        </Badge>
      )}
      {failing}
    </div>
  );
}

/** Deliveries of events and replays by state (test sends are not counted), and the last success. */
export function DeliveryCounts({ endpoint: e }: { endpoint: EndpointView }) {
  const { pending, delivered, failed } = e.deliveries;
  return (
    <div className="text-xs text-slate-600">
      <p className="whitespace-nowrap" data-testid="webhook-deliveries">
        <span className="font-medium text-slate-900">{delivered.toLocaleString("en-US")}</span> delivered ·{" "}
        <span className="font-medium text-slate-900">{pending.toLocaleString("en-US")}</span> pending ·{" "}
        <span className={failed > 0 ? "font-semibold text-red-700" : "font-medium text-slate-900"}>
          {failed.toLocaleString("en-US")}
        </span>{" "}
        failed
      </p>
      <p className="mt-0.5 whitespace-nowrap">Last success: {formatWhen(e.lastSuccessAt)}</p>
    </div>
  );
}

/** Whose events and which types the endpoint receives. */
export function Receives({ endpoint: e, tenantName }: { endpoint: EndpointView; tenantName?: string }) {
  return (
    <div className="space-y-1 text-xs">
      {e.tenantId === null ? (
        <p className="text-slate-700">All tenants</p>
      ) : (
        <p className="text-slate-700">
          {tenantName ? <span className="block font-medium">{tenantName}</span> : null}
          <span className="block font-mono text-slate-600 [overflow-wrap:anywhere]">{e.tenantId}</span>
        </p>
      )}
      {e.eventTypes === null ? (
        <p className="text-slate-600">Every event type</p>
      ) : (
        <ul className="flex flex-wrap gap-1" aria-label="Event types">
          {e.eventTypes.map((type) => (
            <li key={type}>
              <Badge tone="indigo">{type}</Badge>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
