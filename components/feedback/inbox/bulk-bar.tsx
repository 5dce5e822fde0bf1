"use client";

import { Check, ChevronsUpDown, ShieldAlert, Tag, ThumbsDown, Timer, X } from "lucide-react";
import type { TriageAct } from "../item/use-triage-actions";
import { ariaKeys, type InboxAction } from "./keys";

const btn =
  "inline-flex items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm font-medium hover:bg-zinc-100 aria-disabled:cursor-wait aria-disabled:opacity-60 dark:border-zinc-600 dark:bg-zinc-900 dark:hover:bg-zinc-800";

/** With items selected: the changes that apply to all of them at once (all or nothing, on the server). */
export function BulkBar({ count, onAct, onClear, busy }: { count: number; onAct: (a: TriageAct) => void; onClear: () => void; busy: boolean }) {
  const b = (action: TriageAct, keys: InboxAction | null, Icon: typeof Check, text: string, dialog = false) => (
    <button type="button" className={btn} onClick={() => !busy && onAct(action)} aria-disabled={busy || undefined} aria-keyshortcuts={keys ? ariaKeys(keys) : undefined} aria-haspopup={dialog ? "dialog" : undefined}>
      <Icon aria-hidden="true" className="size-4" />
      {text}
    </button>
  );
  return (
    <div role="region" aria-label="Change the selected items" className="sticky top-2 z-20 flex flex-wrap items-center gap-2 rounded-lg border border-indigo-300 bg-indigo-50 px-3 py-2 shadow-sm dark:border-indigo-800 dark:bg-indigo-950" data-testid="bulk-bar">
      <p className="mr-1 text-sm font-semibold tabular-nums">
        {count} selected
      </p>
      {b("accept", "accept", Check, "Accept")}
      {b("decline", "decline", ThumbsDown, "Decline…", true)}
      {b("severity", null, ChevronsUpDown, "Severity…", true)}
      {b("labels", "labels", Tag, "Labels…", true)}
      {b("snooze", "snooze", Timer, "Snooze…", true)}
      {b("spam", "spam", ShieldAlert, "Spam")}
      <button type="button" className={`${btn} ml-auto`} onClick={onClear} aria-keyshortcuts="Escape">
        <X aria-hidden="true" className="size-4" />
        Clear selection
      </button>
    </div>
  );
}
