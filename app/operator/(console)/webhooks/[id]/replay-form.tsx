"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormError, TextField } from "@/components/ui/field";
import { fieldErrorsOf, formError, type ActionState } from "@/lib/action-state";
import { replayWebhookAction, type ReplayFormInput } from "../actions";

type Mode = ReplayFormInput["mode"];

const MODES: { mode: Mode; label: string }[] = [
  { mode: "event", label: "One event" },
  { mode: "ids", label: "A range of event ids" },
  { mode: "time", label: "A time range" },
];

function inputOf(mode: Mode, form: FormData): ReplayFormInput {
  const text = (name: string) => String(form.get(name) ?? "");
  if (mode === "event") return { mode, eventId: text("eventId") };
  if (mode === "ids") return { mode, fromEventId: text("fromEventId"), toEventId: text("toEventId") };
  return { mode, since: text("since"), until: text("until") };
}

/** What the dialog asks about, in words. */
function summary(input: ReplayFormInput): string {
  if (input.mode === "event") return `Deliver ${input.eventId || "the event"} again`;
  if (input.mode === "ids") {
    return `Deliver the events from ${input.fromEventId || "…"} ${input.toEventId ? `to ${input.toEventId}` : "on"} again`;
  }
  return `Deliver the events from ${input.since || "…"} UTC ${input.until ? `to ${input.until} UTC` : "on"} again`;
}

/**
 * Replays one event, a range of event ids or a time range to the endpoint, after a confirmation.
 * The replayed deliveries carry the events' own ids as webhook-id.
 */
export function ReplayForm({ endpointId, url }: { endpointId: string; url: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [mode, setMode] = useState<Mode>("event");
  const [asked, setAsked] = useState("");
  const [state, setState] = useState<ActionState<{ deliveries: number }> | null>(null);
  const e = fieldErrorsOf(state);
  const read = () => inputOf(mode, new FormData(form.current ?? undefined));
  return (
    <form ref={form} onSubmit={(event) => event.preventDefault()} className="space-y-4" noValidate>
      <FormError message={formError(state)} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">What to deliver again</legend>
        <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:gap-5">
          {MODES.map((m) => (
            <label key={m.mode} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="mode"
                value={m.mode}
                checked={mode === m.mode}
                onChange={() => setMode(m.mode)}
                className="h-4 w-4 border-slate-300 text-indigo-600 focus:ring-indigo-600"
              />
              {m.label}
            </label>
          ))}
        </div>
      </fieldset>
      {mode === "event" ? (
        <TextField
          label="Event id"
          name="eventId"
          error={e.eventId}
          placeholder="evt_0000000000000042"
          hint="As the events page and the delivery log show it."
          autoComplete="off"
        />
      ) : mode === "ids" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="From event id"
            name="fromEventId"
            error={e.fromEventId}
            placeholder="evt_0000000000000042"
            autoComplete="off"
          />
          <TextField
            label="To event id (optional)"
            name="toEventId"
            error={e.toEventId}
            hint="Included. Empty: up to the newest."
            autoComplete="off"
          />
        </div>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="From (UTC)" name="since" type="datetime-local" error={e.since} />
          <TextField
            label="Until (UTC, optional)"
            name="until"
            type="datetime-local"
            error={e.until}
            hint="Not included. Empty: up to now."
          />
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <ConfirmButton
          label="Replay…"
          variant="primary"
          title="Replay events to this endpoint?"
          confirmLabel="Replay"
          onOpen={() => setAsked(summary(read()))}
          onConfirm={async () => {
            const result = await replayWebhookAction(endpointId, read());
            setState(result);
            if (result.ok) router.refresh();
          }}
        >
          <p>
            {asked} to <span className="font-medium [overflow-wrap:anywhere]">{url}</span>, as far as its
            filters allow. Each carries the event&apos;s own id as webhook-id, so a receiver that deduplicates
            by id skips what it already has.
          </p>
        </ConfirmButton>
        <p role="status" className="text-sm text-emerald-700" data-testid="webhook-replay-result">
          {state?.ok
            ? state.data.deliveries === 0
              ? "No event in that range: nothing to deliver."
              : `${state.data.deliveries.toLocaleString("en-US")} ${state.data.deliveries === 1 ? "delivery" : "deliveries"} queued.`
            : null}
        </p>
      </div>
    </form>
  );
}
