"use client";

import { AlarmClock, ShieldAlert } from "lucide-react";
import { RelativeTime } from "@/components/ui/time";
import type { TFeedbackSummary } from "@/lib/queries/feedback";
import { SeverityBadge, TypeBadge } from "../badges";
import { StatusBadge } from "../status-badges";
import { isSnoozed } from "./status-rules";

export const linkClass = "font-medium text-indigo-700 underline underline-offset-2 hover:no-underline dark:text-indigo-300";

/** Ref, type, status, severity and what else holds the item (snoozed, flagged as spam), then its title. */
export function ItemHeading({ item, level, titleId }: { item: TFeedbackSummary; level: 1 | 2; titleId: string }) {
  const H = level === 1 ? "h1" : "h2";
  return (
    <div className="space-y-2">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-semibold text-zinc-700 dark:text-zinc-300">{item.ref}</span>
        <TypeBadge value={item.type} />
        <StatusBadge value={item.status} />
        <SeverityBadge value={item.severity} />
        {isSnoozed(item) && item.snoozedUntil && (
          <span className="inline-flex items-center gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
            <AlarmClock aria-hidden="true" className="size-3.5" />
            Snoozed until <RelativeTime iso={item.snoozedUntil} />
          </span>
        )}
      </p>
      <H id={titleId} tabIndex={-1} className={`break-words font-semibold tracking-tight outline-none ${level === 1 ? "text-2xl" : "text-xl"}`}>
        {item.title}
      </H>
      {item.status === "spam" && item.spamReasons.length > 0 && (
        <p className="flex items-start gap-1.5 text-sm text-amber-900 dark:text-amber-200">
          <ShieldAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>Flagged as spam: {item.spamReasons.map(spamReason).join("; ")}. Mark it “Not spam” if a person wrote it.</span>
        </p>
      )}
    </div>
  );
}

const SPAM_REASONS: Record<string, string> = { marked: "marked by a person", honeypot: "a hidden field only bots fill in was filled", links: "many links", rate: "too many reports from one sender in a short time" };
const spamReason = (r: string) => SPAM_REASONS[r] ?? r;

/** What the reporter wrote: plain text as typed (never HTML). */
export function ItemBody({ body }: { body: string }) {
  return body.trim() ? (
    <div className="whitespace-pre-wrap break-words text-sm leading-6 text-zinc-900 dark:text-zinc-100">{body}</div>
  ) : (
    <p className="text-sm italic text-zinc-600 dark:text-zinc-400">The reporter gave no details beyond the title.</p>
  );
}
