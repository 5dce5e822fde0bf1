import type { TRoadmapItem } from "@/lib/queries/runbooks";

// Copies of the labels in lib/runbooks/schemas.ts (importing its values would bring zod into the browser);
// labels.test.ts keeps the two in step. Types only from there.

export type TRoadmapKind = TRoadmapItem["kind"];
export type TRoadmapStatus = TRoadmapItem["status"];

/** The page's section order: what is planned, what ships broken, what will not scale. */
export const KINDS: TRoadmapKind[] = ["planned", "known_issue", "scalability"];
export const KIND_LABEL: Record<TRoadmapKind, string> = { planned: "Planned", scalability: "Scalability note", known_issue: "Known issue" };
export const STATUSES: TRoadmapStatus[] = ["open", "in_progress", "done", "dropped"];
export const STATUS_LABEL: Record<TRoadmapStatus, string> = { open: "Open", in_progress: "In progress", done: "Done", dropped: "Dropped" };

export const isClosed = (status: TRoadmapStatus) => status === "done" || status === "dropped";

/** Each section's empty state says what to do next: `empty` for those who may add items, `emptyViewer` for viewers. */
type Section = { kind: TRoadmapKind; heading: string; note: string; emptyTitle: string; empty: string; emptyViewer: string; addLabel: string };
export const SECTIONS: Section[] = [
  {
    kind: "planned",
    heading: "Planned",
    note: "What the team means to build after launch, from accepted feedback or written by hand.",
    emptyTitle: "Nothing planned yet",
    empty: "Plan accepted feedback from the list below, or add what the team already means to build next.",
    emptyViewer: "Members, approvers and admins plan accepted feedback and add what the team means to build next.",
    addLabel: "Add a planned item",
  },
  {
    kind: "known_issue",
    heading: "Known issues",
    note: "What ships with this release knowingly broken or missing, and its workaround.",
    emptyTitle: "No known issues recorded",
    empty: "Add the ones shipping with this release so whoever takes over knows them.",
    emptyViewer: "Members, approvers and admins record the issues shipping with this release here.",
    addLabel: "Add a known issue",
  },
  {
    kind: "scalability",
    heading: "Scalability notes",
    note: "Limits the product will hit as it grows, and what to do before it does.",
    emptyTitle: "No scalability notes yet",
    empty: "Write down the limits you know of (database size, rate limits, a single worker) and when they will bite.",
    emptyViewer: "Members, approvers and admins write down the limits the product will hit as it grows.",
    addLabel: "Add a scalability note",
  },
];
