import type { TFeedbackStatus, TFeedbackType } from "@/lib/feedback/schemas";

// The public board's groups: what publicBoard returns, by status in the order work moves, most wanted first.

export type PublicBoardItem = { ref: string; type: TFeedbackType; title: string; status: TFeedbackStatus; voteCount: number; fixedIn: string | null };
export type PublicStatus = "accepted" | "planned" | "in_progress" | "fixed" | "released";

export const PUBLIC_GROUPS: { status: PublicStatus; title: string; note: string }[] = [
  { status: "accepted", title: "Accepted", note: "The team agrees and will plan these." },
  { status: "planned", title: "Planned", note: "Scheduled for the coming weeks." },
  { status: "in_progress", title: "In progress", note: "Being worked on now." },
  { status: "fixed", title: "Fixed", note: "Done, and on its way out in the release named." },
  { status: "released", title: "Released", note: "Live for everyone." },
];

/** Groups with at least one item (Accepted only then: the board's promise is Planned to Released), votes first. */
export function groupPublicItems(items: PublicBoardItem[]) {
  return PUBLIC_GROUPS.map((g) => ({
    ...g,
    items: items.filter((i) => i.status === g.status).sort((a, b) => b.voteCount - a.voteCount || a.ref.localeCompare(b.ref, "en", { numeric: true })),
  })).filter((g) => g.items.length > 0 || g.status !== "accepted");
}

/** The item just voted for (the board's ?voted= after the server action's redirect): it says so beside itself. */
export const votedRef = (sp: Record<string, string | string[] | undefined>) => (typeof sp.voted === "string" && /^FB-\d{1,9}$/.test(sp.voted) ? sp.voted : null);

/** Why a vote was not counted (?vote=), shown at the top of the board. */
export function voteMessage(sp: Record<string, string | string[] | undefined>): { tone: "warning"; text: string } | null {
  switch (sp.vote) {
    case "unknown":
      return { tone: "warning", text: "That item is no longer on the board, so the vote was not counted." };
    case "later":
      return { tone: "warning", text: "Too many votes from here in a short time. Wait a few minutes, then try again." };
    case "refused":
      return { tone: "warning", text: "The vote was not counted. Reload the board and try again." };
    default:
      return null;
  }
}
