import type { TCockpit, TCockpitDeployment, TCockpitTarget, TWaitingDeployment } from "@/lib/queries/cockpit";

// The cockpit's words and orderings: pure, unit-tested (format.test.ts), shared by the project home and the war room.

type TargetRef = Pick<TCockpitTarget, "id" | "name" | "environment">;
const ref = (t: TCockpitTarget): TargetRef => ({ id: t.id, name: t.name, environment: t.environment });

/** Every deployment waiting for approval, longest waiting first, with its target. */
export function waitingApprovals(c: Pick<TCockpit, "targets">): (TWaitingDeployment & { target: TargetRef })[] {
  return c.targets.flatMap((t) => t.awaitingApproval.map((d) => ({ ...d, target: ref(t) }))).sort((a, b) => b.waitingMs - a.waitingMs);
}

/** Every deployment in flight (requested, approved, queued, running, verifying), oldest first, with its target. */
export function deploymentsInFlight(c: Pick<TCockpit, "targets">): (TCockpitDeployment & { target: TargetRef })[] {
  return c.targets.flatMap((t) => t.inFlight.map((d) => ({ ...d, target: ref(t) }))).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const n = (v: number, unit: string) => `${v} ${unit}${v === 1 ? "" : "s"}`;

/** "T-3 d 4 h" and "3 days 4 hours to the launch date"; "T+2 d 1 h" once it has passed; to the minute. */
export function countdown(targetDate: string, now: number): { label: string; words: string; past: boolean } {
  const diff = Date.parse(targetDate) - now;
  const abs = Math.abs(diff);
  if (abs < 60_000) return { label: "T-0", words: "The launch date is now", past: false };
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  const m = Math.floor((abs % HOUR) / 60_000);
  const short = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
  const long = d > 0 ? `${n(d, "day")} ${n(h, "hour")}` : h > 0 ? `${n(h, "hour")} ${n(m, "minute")}` : n(m, "minute");
  return diff < 0
    ? { label: `T+${short}`, words: `${long} since the launch date`, past: true }
    : { label: `T-${short}`, words: `${long} to the launch date`, past: false };
}

/** "Production runs 1.4.0, staging 1.5.0": said only when environments run different versions (drift). */
export function driftSentence(targets: Pick<TCockpitTarget, "name" | "environment" | "live">[]): string | null {
  const live = targets.filter((t) => t.live);
  if (new Set(live.map((t) => t.live!.version)).size < 2) return null;
  const ordered = [...live].sort((a, b) => (a.environment === "production" ? -1 : b.environment === "production" ? 1 : a.name.localeCompare(b.name)));
  const [first, ...rest] = ordered.map((t) => `${t.name} ${t.live!.version}`);
  return `Versions differ: ${[first, ...rest].join(", ")}.`;
}

/** "2 of 3 environments up; production is down": the one line above the environments. */
export function healthSentence(targets: Pick<TCockpitTarget, "name" | "health">[]): string {
  if (!targets.length) return "No environments yet.";
  const up = targets.filter((t) => t.health?.state === "up").length;
  const down = targets.filter((t) => t.health?.state === "down").map((t) => t.name);
  const degraded = targets.filter((t) => t.health?.state === "degraded").map((t) => t.name);
  const unwatched = targets.filter((t) => !t.health).length;
  const parts = [`${up} of ${n(targets.length, "environment")} up`];
  if (down.length) parts.push(`${down.join(", ")} ${down.length === 1 ? "is" : "are"} down`);
  if (degraded.length) parts.push(`${degraded.join(", ")} ${degraded.length === 1 ? "is" : "are"} degraded`);
  if (unwatched) parts.push(`${n(unwatched, "environment")} without a health check`);
  return parts.join("; ") + ".";
}

/** "1 of 2 approvals, needs 1 more". */
export function approvalsSentence(d: Pick<TWaitingDeployment, "approvalsRequired" | "approvalsValid">): string {
  const missing = Math.max(0, d.approvalsRequired - d.approvalsValid);
  return `${d.approvalsValid} of ${d.approvalsRequired} approvals${missing ? `, needs ${missing} more` : ""}`;
}
