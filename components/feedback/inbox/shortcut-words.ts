import type { InboxAction } from "./keys";

/** What each key does, in words (for the "?" dialog only, so the text loads with it). */
export const DOES: Record<InboxAction, string> = {
  next: "Next item",
  prev: "Previous item",
  open: "Open the item's page",
  select: "Select or unselect the item (for changes to many at once)",
  clear: "Clear the selection",
  accept: "Accept",
  decline: "Decline (asks why)",
  duplicate: "Mark as a duplicate (likely originals first, or search)",
  snooze: "Snooze until tomorrow, next week or a date",
  "severity-critical": "Severity critical",
  "severity-high": "Severity high",
  "severity-medium": "Severity medium",
  "severity-low": "Severity low",
  labels: "Edit labels",
  assign: "Assign (to you first)",
  spam: "Mark as spam, or not spam",
  undo: "Undo the last change",
  search: "Search",
  help: "Show these shortcuts",
};
