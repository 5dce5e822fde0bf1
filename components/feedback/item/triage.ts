import type { TFeedbackSummary, TFeedbackTriage } from "@/lib/queries/feedback";
import { SEVERITY_LABEL, STATUS_LABEL, isFlow } from "../labels";

// What a triage change says to people, which changes make sense for an item now (the server's rules in
// lib/feedback/items.ts, so buttons that could only earn a 409 are not offered), and how to take one back.

type Item = Pick<TFeedbackSummary, "ref" | "status" | "severity" | "labels" | "assignee" | "snoozedUntil" | "fixedIn">;

export const isSnoozed = (item: Pick<TFeedbackSummary, "snoozedUntil">, now = Date.now()) => item.snoozedUntil !== null && Date.parse(item.snoozedUntil) > now;

/** Which actions the item accepts in its status. */
export function allowed(item: Pick<TFeedbackSummary, "status" | "snoozedUntil">, now = Date.now()) {
  const s = item.status;
  return {
    accept: s === "new",
    decline: s === "new" || (isFlow(s) && s !== "released"),
    duplicate: s === "new" || (isFlow(s) && s !== "released"),
    snooze: s === "new" && !isSnoozed(item, now),
    unsnooze: isSnoozed(item, now),
    spam: s === "new",
    notSpam: s === "spam",
    reopen: s === "declined" || s === "duplicate",
    edit: s !== "spam",
  };
}

const list = (labels: string[]) => (labels.length ? labels.join(", ") : "none");

/** "FB-12 accepted." — the toast after a change, once the server has said yes. */
export function describeChange(item: Pick<TFeedbackSummary, "ref">, change: TFeedbackTriage, extra: { duplicateOfRef?: string; assigneeName?: string; until?: string } = {}): string {
  const ref = item.ref;
  switch (change.action) {
    case "accept":
      return `${ref} accepted.`;
    case "decline":
      return `${ref} declined.`;
    case "duplicate":
      return `${ref} marked as a duplicate of ${extra.duplicateOfRef ?? "another item"}; its votes, reporters and comments moved there.`;
    case "snooze":
      return `${ref} snoozed${extra.until ? ` until ${extra.until}` : ""}; it comes back to the inbox then.`;
    case "unsnooze":
      return `${ref} is back in the inbox.`;
    case "spam":
      return `${ref} moved to spam.`;
    case "not_spam":
      return `${ref} is not spam; it is back in the inbox.`;
    case "reopen":
      return `${ref} reopened; it is back in the inbox.`;
    case "status":
      return `${ref} is ${STATUS_LABEL[change.status ?? "accepted"].toLowerCase()} now.`;
    case "update": {
      const parts: string[] = [];
      if (change.severity !== undefined) parts.push(change.severity ? `severity ${SEVERITY_LABEL[change.severity].toLowerCase()}` : "no severity");
      if (change.labels !== undefined) parts.push(`labels: ${list(change.labels)}`);
      if (change.assigneeId !== undefined) parts.push(change.assigneeId ? `assigned to ${extra.assigneeName ?? "someone"}` : "unassigned");
      if (change.type !== undefined) parts.push(`type ${change.type}`);
      if (change.title !== undefined) parts.push("title changed");
      return `${ref}: ${parts.join(", ") || "updated"}.`;
    }
  }
}

/**
 * The change that takes `change` back, from the item as it was before, or null where no change can (an accepted item
 * does not go back to new; a duplicate's votes stay with the original). Only changes that restore what was there.
 */
export function undoOf(before: Item, change: TFeedbackTriage): TFeedbackTriage | null {
  switch (change.action) {
    case "decline":
      return before.status === "new" ? { action: "reopen" } : null;
    case "snooze":
      return before.snoozedUntil ? { action: "snooze", until: before.snoozedUntil } : { action: "unsnooze" };
    case "unsnooze":
      return before.snoozedUntil && Date.parse(before.snoozedUntil) > Date.now() ? { action: "snooze", until: before.snoozedUntil } : null;
    case "spam":
      return before.status === "new" ? { action: "not_spam" } : null;
    case "not_spam":
      return { action: "spam" };
    case "status":
      return isFlow(before.status) && before.status !== "released" ? { action: "status", status: before.status, releaseId: before.fixedIn?.id ?? null } : null;
    case "update": {
      const back: TFeedbackTriage = { action: "update" };
      if (change.severity !== undefined) back.severity = before.severity;
      if (change.labels !== undefined) back.labels = before.labels;
      if (change.assigneeId !== undefined) back.assigneeId = before.assignee?.id ?? null;
      return Object.keys(back).length > 1 ? back : null;
    }
    default:
      return null;
  }
}

/** Snooze choices: tomorrow at 9:00 and next Monday at 9:00, in the browser's own time. */
export function snoozeChoices(now = new Date()) {
  const at9 = (d: Date) => (d.setHours(9, 0, 0, 0), d);
  const tomorrow = at9(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
  const days = ((8 - now.getDay()) % 7) || 7;
  const nextWeek = at9(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days));
  return { tomorrow, nextWeek };
}

/** A date picked in <input type="date"> (YYYY-MM-DD), at 9:00 in the browser's time, as an instant; null if unusable. */
export function dateAt9(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 9, 0, 0, 0);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "82%" for a similarity score 0..1. */
export const percent = (score: number) => `${Math.round(Math.max(0, Math.min(1, score)) * 100)}%`;
