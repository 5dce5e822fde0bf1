import { db } from "../db";

/**
 * Deletes the artifacts (screenshots, reports) of runs that finished more than `days` ago, keeping those of each
 * target's latest passed or failed run of each kind: the run a checklist item points at (lib/launch/sources/qa.ts
 * picks it the same way) keeps its evidence, whatever errored or cancelled runs came after it. Findings, metrics and
 * logs stay; they are small. Returns how many artifacts were deleted.
 */
export async function pruneQaArtifacts(days: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return db.$executeRaw`
    DELETE FROM "QaArtifact" a
    USING "QaRun" r
    WHERE a."runId" = r.id
      AND r."finishedAt" < ${cutoff}
      AND r.id IS DISTINCT FROM (
        SELECT latest.id FROM "QaRun" latest
        WHERE latest."targetId" = r."targetId" AND latest.kind = r.kind AND latest.status IN ('passed', 'failed')
        ORDER BY latest."createdAt" DESC, latest.id DESC
        LIMIT 1
      )`;
}
