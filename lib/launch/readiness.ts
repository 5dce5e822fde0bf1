import type { TItemStatus, TReadiness } from "./schemas";

// Readiness is computed, never stored: from the items as they are now and the clock. Pure, so the gate, the pages, the
// decisions' snapshots and the exports all say the same thing.

export type ReadinessRow = {
  id: string;
  number: number;
  section: string;
  title: string;
  blocking: boolean;
  signOffRequired: boolean;
  status: TItemStatus;
  renewalDays: number | null;
  signedOffAt: Date | null;
  waiverExpiresAt: Date | null;
  binding: unknown;
};

export const BLOCKING_WEIGHT = 3;
export const itemRef = (number: number) => `L-${number}`;
const day = 86_400_000;
const fmt = (d: Date) => d.toISOString().slice(0, 10);

export function signOffExpiry(row: Pick<ReadinessRow, "signedOffAt" | "renewalDays">): Date | null {
  return row.signedOffAt && row.renewalDays ? new Date(row.signedOffAt.getTime() + row.renewalDays * day) : null;
}

export type ItemState = {
  /** Counts as complete. */
  satisfied: boolean;
  /** Makes the launch no-go (an open blocking item, or any expired sign-off). */
  holds: boolean;
  /** Why it is not complete, in a sentence; null when it is. */
  problem: string | null;
  signOffExpired: boolean;
  waiverExpired: boolean;
};

export function itemState(row: ReadinessRow, now: Date): ItemState {
  const expiry = signOffExpiry(row);
  const signOffExpired = expiry !== null && expiry <= now;
  const waiverExpired = row.status === "waived" && (!row.waiverExpiresAt || row.waiverExpiresAt <= now);
  let problem: string | null = null;
  switch (row.status) {
    case "not_applicable":
      return { satisfied: true, holds: false, problem: null, signOffExpired: false, waiverExpired: false };
    case "waived":
      if (waiverExpired) problem = `The waiver expired on ${row.waiverExpiresAt ? fmt(row.waiverExpiresAt) : "an unknown date"}.`;
      break;
    case "done":
      if (signOffExpired) problem = `The sign-off expired on ${fmt(expiry!)}; it needs signing again.`;
      else if (row.signOffRequired && !row.signedOffAt) problem = "Done, waiting for an approver's sign-off.";
      break;
    case "in_progress":
      problem = "In progress.";
      break;
    case "todo":
      problem = row.binding ? "Automated: the fact it watches is not true yet." : "Not started.";
      break;
  }
  const satisfied = problem === null;
  // An expired sign-off holds the launch whatever the item's weight; otherwise only blocking items hold it.
  const holds = signOffExpired || (row.blocking && !satisfied);
  return { satisfied, holds, problem, signOffExpired, waiverExpired };
}

export function computeReadiness(rows: ReadinessRow[], now = new Date()): TReadiness {
  const counts = { todo: 0, in_progress: 0, done: 0, waived: 0, not_applicable: 0 } satisfies Record<TItemStatus, number>;
  const sections = new Map<string, { weight: number; got: number; satisfied: number; total: number; blockingOpen: number }>();
  const holding: TReadiness["holding"] = []; // in checklist order
  let weight = 0;
  let got = 0;
  let expiredSignOffs = 0;
  let blockingOpen = 0;
  let expiredWaivers = 0;
  for (const row of rows) {
    counts[row.status]++;
    const s = sections.get(row.section) ?? { weight: 0, got: 0, satisfied: 0, total: 0, blockingOpen: 0 };
    sections.set(row.section, s);
    if (row.status === "not_applicable") continue;
    const state = itemState(row, now);
    const w = row.blocking ? BLOCKING_WEIGHT : 1;
    weight += w;
    s.weight += w;
    s.total++;
    if (state.satisfied) {
      got += w;
      s.got += w;
      s.satisfied++;
    }
    if (state.holds) {
      holding.push({ id: row.id, ref: itemRef(row.number), title: row.title, section: row.section, problem: state.problem ?? "" });
      if (state.signOffExpired) expiredSignOffs++;
      else if (state.waiverExpired) expiredWaivers++;
      else blockingOpen++;
      if (row.blocking && !state.satisfied) s.blockingOpen++;
    }
  }
  const go = holding.length === 0;
  // A no-go checklist never shows 100: one open blocking item must be visible at a glance.
  const raw = weight === 0 ? 100 : (got / weight) * 100;
  const score = go ? Math.round(raw) : Math.min(99, Math.floor(raw));
  const reasons = [
    blockingOpen && `${blockingOpen} blocking item${blockingOpen === 1 ? "" : "s"} open`,
    expiredWaivers && `${expiredWaivers} waiver${expiredWaivers === 1 ? "" : "s"} expired`,
    expiredSignOffs && `${expiredSignOffs} sign-off${expiredSignOffs === 1 ? "" : "s"} expired`,
  ].filter(Boolean);
  return {
    score,
    go,
    verdict: go ? "Go: every blocking item is done or validly waived." : `No-go: ${reasons.join(", ")}.`,
    holding,
    sections: [...sections.entries()].map(([title, s]) => ({
      title,
      score: s.weight === 0 ? 100 : s.blockingOpen ? Math.min(99, Math.floor((s.got / s.weight) * 100)) : Math.round((s.got / s.weight) * 100),
      satisfied: s.satisfied,
      total: s.total,
      blockingOpen: s.blockingOpen,
    })),
    counts,
    total: rows.length,
    at: now.toISOString(),
  };
}
