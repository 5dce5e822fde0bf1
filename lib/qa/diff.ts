import type { EngineFinding } from "./engine";

// A run's findings against the previous run of the same kind on the same target: what is new, what is still there
// (and since which run), and what went away. Pure, so it is tested without a database.

export type PreviousFinding = EngineFinding & { firstSeenRunId: string | null };
export type DiffedFinding = EngineFinding & { change: "new" | "persisting" | "fixed"; firstSeenRunId: string };

export function diffFindings(current: EngineFinding[], previous: PreviousFinding[] | null, runId: string, previousRunId: string | null): DiffedFinding[] {
  const before = new Map((previous ?? []).map((f) => [f.fingerprint, f]));
  const now = new Set<string>();
  const out: DiffedFinding[] = [];
  for (const finding of current) {
    if (now.has(finding.fingerprint)) continue; // engines merge repeats; a stray duplicate must not break the unique key
    now.add(finding.fingerprint);
    const seen = before.get(finding.fingerprint);
    out.push({ ...finding, change: seen ? "persisting" : "new", firstSeenRunId: seen ? (seen.firstSeenRunId ?? previousRunId ?? runId) : runId });
  }
  for (const gone of before.values()) {
    if (!now.has(gone.fingerprint)) out.push({ ...gone, change: "fixed", firstSeenRunId: gone.firstSeenRunId ?? previousRunId ?? runId });
  }
  return out;
}
