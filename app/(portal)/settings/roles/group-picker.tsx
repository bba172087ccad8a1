"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { CHECKBOX_CLASS, ErrorText } from "@/components/ui/field";
import { findGroupsAction, type GroupChoice } from "./actions";

const RADIO = CHECKBOX_CLASS.replace("rounded", "rounded-full");

/**
 * Choosing one of the company's provisioned groups: a search box (the server looks up names as one
 * types) and the matching groups as radio buttons named `groupId`.
 */
export function GroupPicker({ initial, error }: { initial: GroupChoice[]; error?: string }) {
  const [query, setQuery] = useState("");
  const [groups, setGroups] = useState(initial);
  const [chosen, setChosen] = useState<string | null>(null);
  const [searching, startSearch] = useTransition();
  const latest = useRef("");

  useEffect(() => {
    if (query === latest.current) return;
    const timer = setTimeout(() => {
      latest.current = query;
      startSearch(async () => {
        const found = await findGroupsAction(query);
        if (found.ok && latest.current === query) setGroups(found.data);
      });
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);

  const shown = chosen && !groups.some((g) => g.id === chosen) ? null : chosen;
  return (
    <div className="space-y-2">
      <label htmlFor="group-search" className="block text-sm font-medium text-slate-800">
        Find a provisioned group
      </label>
      <input
        id="group-search"
        type="search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        placeholder="Part of its name"
        autoComplete="off"
        aria-describedby="group-search-status"
        className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
      />
      <p id="group-search-status" role="status" className="text-xs text-slate-600">
        {searching
          ? "Searching…"
          : groups.length === 0
            ? `No provisioned group's name contains “${query}”.`
            : `${groups.length === 20 ? "The first 20 groups" : `${groups.length} group${groups.length === 1 ? "" : "s"}`}${query ? ` matching “${query}”` : ""}, by name.`}
      </p>
      {groups.length > 0 ? (
        <fieldset
          className="max-h-64 space-y-1 overflow-y-auto rounded-md p-2 ring-1 ring-inset ring-slate-200"
          aria-describedby={error ? "groupId-error" : undefined}
        >
          <legend className="sr-only">Group</legend>
          {groups.map((g) => (
            <label key={g.id} className="flex items-start gap-3 rounded px-1 py-1 text-sm hover:bg-slate-50">
              <input
                type="radio"
                name="groupId"
                value={g.id}
                checked={shown === g.id}
                onChange={() => setChosen(g.id)}
                className={RADIO}
              />
              <span className="min-w-0">
                <span className="font-medium text-slate-900 [overflow-wrap:anywhere]">{g.displayName}</span>
                <span className="ml-2 text-xs text-slate-600">
                  {g.members} member{g.members === 1 ? "" : "s"}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <ErrorText id="groupId-error" message={error} />
    </div>
  );
}
