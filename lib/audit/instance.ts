import { db } from "../db";
import { requireUser, type Ctx } from "../auth/context";
import { ForbiddenError, parseInput } from "../errors";
import { ZAuditQuery, toAuditEntry } from "./query";

export const ZInstanceAuditQuery = ZAuditQuery.pick({ cursor: true, limit: true });

/** Events of the instance itself (sign-ins, lockouts, GitHub links, settings, stuck-job retries): instance admins only. */
export async function listInstanceAudit({ ctx, input }: { ctx: Ctx; input: { query: unknown } }) {
  const user = requireUser(ctx);
  if (!user.isInstanceAdmin) throw new ForbiddenError("Only instance admins can read the instance's activity.");
  const q = parseInput(ZInstanceAuditQuery, input.query, "query");
  const rows = await db.auditLog.findMany({
    where: { projectId: null, ...(q.cursor ? { id: { lt: BigInt(q.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit).map(toAuditEntry);
  return { items: page, nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
}
export type TInstanceAuditEntry = ReturnType<typeof toAuditEntry>;
