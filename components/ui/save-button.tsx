import { Button } from "./button";

/** A form's submit button, with "Saving…" while busy and a "Saved" status afterwards. */
export function SaveButton({ label, busy, saved }: { label: string; busy: boolean; saved: boolean }) {
  return (
    <div className="flex items-center gap-3">
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : label}
      </Button>
      {saved ? (
        <span role="status" className="text-sm text-emerald-700">
          Saved
        </span>
      ) : null}
    </div>
  );
}
