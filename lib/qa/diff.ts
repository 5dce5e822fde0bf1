import type { EngineFinding } from "./engine";

// A run's findings against the previous run of the same kind on the same target: what is new, what is still there
// (and since which run), and what went away. Pure, so it is tested without a database.

export type PreviousFinding = EngineFinding & { firstSeenRunId: string | null };
export type DiffedFinding = EngineFinding & { change: "new" | "persisting" | "fixed"; firstSeenRunId: string };

/**
 * `complete` says whether the current run looked everywhere the previous one did (the engine's `reliable`). When it
 * did not (a crawl stopped at its request or time limit, pages that failed to load, a saturated load generator), a
 * previous finding it did not see again was not checked, so it is not "fixed": it is carried over as "persisting",
 * keeping the run it was first seen in, with `detail.notRechecked: true`, so the next complete run can still tell
 * whether it went away.
 */
export function diffFindings(
  current: EngineFinding[],
  previous: PreviousFinding[] | null,
  runId: string,
  previousRunId: string | null,
  complete = true,
): DiffedFinding[] {
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
    if (now.has(gone.fingerprint)) continue;
    const { firstSeenRunId, ...finding } = gone;
    const first = firstSeenRunId ?? previousRunId ?? runId;
    if (complete) out.push({ ...finding, change: "fixed", firstSeenRunId: first });
    else out.push({ ...finding, detail: { ...finding.detail, notRechecked: true }, change: "persisting", firstSeenRunId: first });
  }
  return out;
}
