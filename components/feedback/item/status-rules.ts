import type { TFeedbackSummary } from "@/lib/queries/feedback";
import { isFlow } from "../labels";

// Which changes make sense for an item now: the server's rules (lib/feedback/items.ts), so buttons that could only
// earn a 409 are not offered.

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
