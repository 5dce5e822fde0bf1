"use client";

import { AlarmClockOff, Check, ChevronDown, ChevronsDown, ChevronsUp, ChevronUp, Copy, Inbox, ShieldAlert, ShieldCheck, Tag, ThumbsDown, Timer, UserRound, type LucideIcon } from "lucide-react";
import type { TFeedbackSummary } from "@/lib/queries/feedback";
import { ariaKeys, keyLabel, SHORTCUTS, type InboxAction } from "../inbox/keys";
import { SEVERITIES, SEVERITY_LABEL } from "../labels";
import { allowed } from "./triage";
import type { TriageAct } from "./use-triage-actions";

const btn =
  "inline-flex items-center gap-1.5 rounded-md border px-2.5 py-1.5 text-sm font-medium transition-colors aria-disabled:cursor-wait aria-disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
const plain = `${btn} border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-100 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800`;
const primary = `${btn} border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-700`;

/** The key shown on a button (only where there is a keyboard worth mentioning: wide screens). */
function Kbd({ action }: { action: InboxAction }) {
  const key = SHORTCUTS.find((s) => s.action === action)?.keys[0];
  if (!key) return null;
  return (
    <kbd aria-hidden="true" className="ml-0.5 hidden rounded border border-current/30 px-1 font-mono text-[0.7rem] leading-4 opacity-80 lg:inline">
      {keyLabel(key)}
    </kbd>
  );
}

function ActionButton({ action, keys, icon: Icon, label, onAct, busy, tone = plain, pressed }: { action: TriageAct; keys?: InboxAction; icon: LucideIcon; label: string; onAct: (a: TriageAct) => void; busy: boolean; tone?: string; pressed?: boolean }) {
  return (
    <button
      type="button"
      className={tone}
      onClick={() => !busy && onAct(action)}
      aria-keyshortcuts={keys ? ariaKeys(keys) : undefined}
      aria-disabled={busy || undefined}
      aria-pressed={pressed}
      aria-haspopup={["decline", "duplicate", "snooze", "labels", "assign"].includes(action) ? "dialog" : undefined}
    >
      <Icon aria-hidden="true" className="size-4" />
      {label}
      {keys && <Kbd action={keys} />}
    </button>
  );
}

/** The triage buttons for one item, each with its key; only those the item's status allows. */
export function TriageBar({ item, onAct, busy }: { item: TFeedbackSummary; onAct: (a: TriageAct) => void; busy: string | null }) {
  const ok = allowed(item);
  const isBusy = busy !== null;
  return (
    <div className="space-y-3" data-testid="triage-bar">
      <div role="group" aria-label="Triage" className="flex flex-wrap gap-2">
        {ok.accept && <ActionButton action="accept" keys="accept" icon={Check} label="Accept" onAct={onAct} busy={isBusy} tone={primary} />}
        {ok.decline && <ActionButton action="decline" keys="decline" icon={ThumbsDown} label="Decline…" onAct={onAct} busy={isBusy} />}
        {ok.duplicate && <ActionButton action="duplicate" keys="duplicate" icon={Copy} label="Duplicate…" onAct={onAct} busy={isBusy} />}
        {ok.snooze && <ActionButton action="snooze" keys="snooze" icon={Timer} label="Snooze…" onAct={onAct} busy={isBusy} />}
        {ok.unsnooze && <ActionButton action="unsnooze" icon={AlarmClockOff} label="Unsnooze" onAct={onAct} busy={isBusy} />}
        {ok.spam && <ActionButton action="spam" keys="spam" icon={ShieldAlert} label="Spam" onAct={onAct} busy={isBusy} />}
        {ok.notSpam && <ActionButton action="spam" keys="spam" icon={ShieldCheck} label="Not spam" onAct={onAct} busy={isBusy} tone={primary} />}
        {ok.reopen && <ActionButton action="reopen" icon={Inbox} label="Reopen" onAct={onAct} busy={isBusy} />}
      </div>
      {ok.edit && (
        <div className="flex flex-wrap items-center gap-2">
          <div role="group" aria-label="Severity" className="inline-flex flex-wrap gap-1">
            {SEVERITIES.map((s) => (
              // Pressing the severity the item has clears it (a toggle, as aria-pressed promises); its key always sets it.
              <ActionButton key={s} action={item.severity === s ? "severity-none" : `severity-${s}`} keys={`severity-${s}`} icon={SEVERITY_ICON[s]} label={SEVERITY_LABEL[s]} onAct={onAct} busy={isBusy} pressed={item.severity === s} tone={`${plain} aria-pressed:border-indigo-600 aria-pressed:bg-indigo-50 aria-pressed:font-semibold dark:aria-pressed:border-indigo-400 dark:aria-pressed:bg-indigo-950`} />
            ))}
          </div>
          <ActionButton action="labels" keys="labels" icon={Tag} label="Labels…" onAct={onAct} busy={isBusy} />
          <ActionButton action="assign" keys="assign" icon={UserRound} label={item.assignee ? `Assigned: ${item.assignee.name}` : "Assign…"} onAct={onAct} busy={isBusy} />
        </div>
      )}
    </div>
  );
}

const SEVERITY_ICON: Record<(typeof SEVERITIES)[number], LucideIcon> = { critical: ChevronsUp, high: ChevronUp, medium: ChevronDown, low: ChevronsDown };
