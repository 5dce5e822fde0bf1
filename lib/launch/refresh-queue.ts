import { Prisma } from "@prisma/client";
import type { Tx } from "../db";
import { parseJob } from "../jobs/contract";

// Asking for a launch refresh from the transaction that changed a fact. Kept apart from refresh.ts (which loads every
// binding source, and through them monitoring and deployments) so those domains can call it without an import cycle.

export const launchRefreshJobId = (projectId: string, at: Date) => `launch-refresh-${projectId}-${Math.floor(at.getTime() / 1000)}`;

/**
 * Records a "launch.refresh" job per project in the outbox, in the caller's transaction; returns the ids to relay after
 * commit. One row per project per second: a second change in the same second finds the row there and adds nothing
 * (ON CONFLICT DO NOTHING rather than enqueueInTx's plain insert, whose duplicate-key error would abort the caller's
 * transaction). Call it last in a transaction, with all its projects at once: rows are then written in id order, so two
 * transactions asking for the same projects wait on each other rather than deadlock.
 */
export async function enqueueLaunchRefresh(tx: Tx, projectIds: Iterable<string>, at = new Date()): Promise<string[]> {
  const asked = [...new Set(projectIds)];
  if (!asked.length) return [];
  // Only projects whose active launch has automated items: most incidents and deploys concern none.
  const watched = await tx.checklistItem.findMany({
    where: { projectId: { in: asked }, binding: { not: Prisma.DbNull }, launch: { archivedAt: null } },
    select: { projectId: true },
    distinct: ["projectId"],
  });
  const rows = watched.map((w) => w.projectId).sort().map((projectId) => ({
    id: launchRefreshJobId(projectId, at),
    name: "launch.refresh",
    payload: parseJob("launch.refresh", { projectId }) as Prisma.InputJsonValue,
  }));
  if (!rows.length) return [];
  await tx.outboxJob.createMany({ data: rows, skipDuplicates: true });
  return rows.map((r) => r.id);
}
