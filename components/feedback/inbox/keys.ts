// The triage inbox's keyboard map: one table read by the key handler, the "?" dialog and each button's
// aria-keyshortcuts, so what the help says, what the buttons announce and what the keys do cannot drift apart.

export type InboxAction =
  | "next"
  | "prev"
  | "select"
  | "open"
  | "accept"
  | "duplicate"
  | "decline"
  | "snooze"
  | "severity-critical"
  | "severity-high"
  | "severity-medium"
  | "severity-low"
  | "labels"
  | "assign"
  | "spam"
  | "undo"
  | "search"
  | "clear"
  | "help";

export type Shortcut = {
  action: InboxAction;
  /** KeyboardEvent.key values that trigger it; the first is the one shown. */
  keys: string[];
  does: string;
  group: "Move" | "Triage" | "Other";
  /** Changes an item: only for people who may triage. */
  triage?: boolean;
};

export const SHORTCUTS: Shortcut[] = [
  { action: "next", keys: ["j", "ArrowDown"], does: "Next item", group: "Move" },
  { action: "prev", keys: ["k", "ArrowUp"], does: "Previous item", group: "Move" },
  { action: "open", keys: ["o", "Enter"], does: "Open the item's page", group: "Move" },
  { action: "select", keys: ["x"], does: "Select or unselect the item (for changes to many at once)", group: "Move", triage: true },
  { action: "clear", keys: ["Escape"], does: "Clear the selection", group: "Move", triage: true },
  { action: "accept", keys: ["a"], does: "Accept", group: "Triage", triage: true },
  { action: "decline", keys: ["r"], does: "Decline (asks why)", group: "Triage", triage: true },
  { action: "duplicate", keys: ["d"], does: "Mark as a duplicate (likely originals first, or search)", group: "Triage", triage: true },
  { action: "snooze", keys: ["s"], does: "Snooze until tomorrow, next week or a date", group: "Triage", triage: true },
  { action: "severity-critical", keys: ["1"], does: "Severity critical", group: "Triage", triage: true },
  { action: "severity-high", keys: ["2"], does: "Severity high", group: "Triage", triage: true },
  { action: "severity-medium", keys: ["3"], does: "Severity medium", group: "Triage", triage: true },
  { action: "severity-low", keys: ["4"], does: "Severity low", group: "Triage", triage: true },
  { action: "labels", keys: ["l"], does: "Edit labels", group: "Triage", triage: true },
  { action: "assign", keys: ["i"], does: "Assign (to you first)", group: "Triage", triage: true },
  { action: "spam", keys: ["m"], does: "Mark as spam, or not spam", group: "Triage", triage: true },
  { action: "undo", keys: ["u"], does: "Undo the last change", group: "Triage", triage: true },
  { action: "search", keys: ["/"], does: "Search", group: "Other" },
  { action: "help", keys: ["?"], does: "Show these shortcuts", group: "Other" },
];

const BY_ACTION = new Map(SHORTCUTS.map((s) => [s.action, s]));

/** The aria-keyshortcuts value of an action's button ("a", "j ArrowDown"; "?" is spelled Shift+? as ARIA asks). */
export function ariaKeys(action: InboxAction): string {
  return (BY_ACTION.get(action)?.keys ?? []).map((k) => (k === "?" ? "Shift+?" : k)).join(" ");
}

/** How a key is shown to people. */
export function keyLabel(key: string): string {
  return ({ ArrowDown: "↓", ArrowUp: "↑", Escape: "Esc" } as Record<string, string>)[key] ?? key;
}

export type KeyInput = { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; target: EventTarget | null };

type ElementLike = { tagName?: string; isContentEditable?: boolean; closest?: (selector: string) => unknown };

/** Keys typed into a field are text, never shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as ElementLike | null;
  if (!el?.tagName) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select";
}

const INTERACTIVE = "a[href], button, summary, [role=button], [role=menuitem], [role=tab]";

/**
 * The action a key press asks for, or null: never while typing, never with Ctrl/Alt/Cmd (the browser's and the
 * screen reader's keys), triage keys only for people who may triage. Enter is the native activation key on buttons and
 * links, so it opens the item only from a row's own link (data-feedback-row-link) or with nothing in particular focused.
 */
export function actionFor(e: KeyInput, canTriage: boolean): InboxAction | null {
  if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return null;
  const shortcut = SHORTCUTS.find((s) => s.keys.includes(e.key));
  if (!shortcut || (shortcut.triage && !canTriage)) return null;
  if (e.key === "Enter") {
    const el = e.target as ElementLike | null;
    if (el?.closest?.(INTERACTIVE) && !el.closest("[data-feedback-row-link]")) return null;
  }
  return shortcut.action;
}

export const SEVERITY_OF: Partial<Record<InboxAction, "critical" | "high" | "medium" | "low">> = {
  "severity-critical": "critical",
  "severity-high": "high",
  "severity-medium": "medium",
  "severity-low": "low",
};
