"use client";

import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { endOtherSessionsAction, endSessionAction } from "../actions";
import { SignOutEverywhere } from "./sign-out-everywhere";

export type SessionRow = {
  id: string;
  device: string;
  address: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
};

/** The admin's live sessions, each with a way to end it; and ending all the others at once. */
export function Sessions({ sessions }: { sessions: SessionRow[] }) {
  const router = useRouter();
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="space-y-4">
      <ul className="divide-y divide-slate-100" data-testid="session-list">
        {sessions.map((s) => (
          <li
            key={s.id}
            data-testid="session-row"
            className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
          >
            <span className="min-w-0 [overflow-wrap:anywhere]">
              <span className="font-medium text-slate-900">{s.device}</span>{" "}
              {s.current ? <Badge tone="green">This browser</Badge> : null}
              <span className="block text-xs text-slate-600">
                {s.address ? `${s.address} · ` : ""}signed in {s.createdAt} · last seen {s.lastSeenAt}
              </span>
            </span>
            {s.current ? null : (
              <ConfirmButton
                label="End"
                accessibleLabel={`End the session of ${s.device}, last seen ${s.lastSeenAt}`}
                title="End this session?"
                confirmLabel="End session"
                onConfirm={async () => {
                  const result = await endSessionAction(s.id);
                  if (result.ok) router.refresh();
                  return result;
                }}
              >
                <p>That browser is signed out at its next click.</p>
              </ConfirmButton>
            )}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-3">
        {others > 0 ? (
          <ConfirmButton
            label="Sign out other sessions"
            title={`End ${others} other session${others === 1 ? "" : "s"}?`}
            confirmLabel="Sign out others"
            onConfirm={async () => {
              const result = await endOtherSessionsAction();
              if (result.ok) router.refresh();
              return result;
            }}
          >
            <p>Every session but this one ends at once. You stay signed in here.</p>
          </ConfirmButton>
        ) : null}
        <SignOutEverywhere />
      </div>
    </div>
  );
}
