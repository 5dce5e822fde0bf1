import type { TRoadmapItem } from "@/lib/queries/runbooks";
import { KINDS, isClosed, type TRoadmapKind } from "./labels";

/**
 * Items by section; within one, what is still open keeps the server's order (in progress first, then by position)
 * and done or dropped items sink to the end, so a status changed in the browser moves the item at once.
 */
export function groupByKind(items: TRoadmapItem[]): Record<TRoadmapKind, TRoadmapItem[]> {
  const out = Object.fromEntries(KINDS.map((k) => [k, [] as TRoadmapItem[]])) as Record<TRoadmapKind, TRoadmapItem[]>;
  for (const item of items) out[item.kind]?.push(item);
  for (const kind of KINDS) out[kind] = [...out[kind].filter((i) => !isClosed(i.status)), ...out[kind].filter((i) => isClosed(i.status))];
  return out;
}

export type RoadmapFigures = { planned: number; knownIssues: number; scalability: number; noOwner: number; noRelease: number };

/** The strip under the heading: open work per section, and the open items nobody owns or has put in a release. */
export function roadmapFigures(items: TRoadmapItem[]): RoadmapFigures {
  const open = items.filter((i) => !isClosed(i.status));
  const count = (kind: TRoadmapKind) => open.filter((i) => i.kind === kind).length;
  return {
    planned: count("planned"),
    knownIssues: count("known_issue"),
    scalability: count("scalability"),
    noOwner: open.filter((i) => !i.owner).length,
    noRelease: open.filter((i) => !i.targetRelease).length,
  };
}

const items = (n: number) => `${n} ${n === 1 ? "item" : "items"}`;

/** "3 items have no owner and 1 item has no target release" and what to do about it; null when nothing is missing. */
export function ownershipNudge({ noOwner, noRelease }: Pick<RoadmapFigures, "noOwner" | "noRelease">, canWrite: boolean): string | null {
  if (!noOwner && !noRelease) return null;
  const has = (n: number) => (n === 1 ? "has" : "have");
  const parts = [noOwner ? `${items(noOwner)} ${has(noOwner)} no owner` : null, noRelease ? `${items(noRelease)} ${has(noRelease)} no target release` : null].filter(Boolean);
  const one = noOwner + noRelease === 1;
  const each = one ? "it" : "each";
  const what = noOwner && noRelease ? `who takes ${each} on and in which release` : noOwner ? `who takes ${each} on` : `the release ${each} should ship in`;
  return `${parts.join(" and ")}. ${canWrite ? `Edit ${one ? "it" : "them"} to name ${what}.` : `Ask a member to name ${what}.`}`;
}
