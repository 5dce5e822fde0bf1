import { z } from "zod";
import type { Prisma } from "@prisma/client";
import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { parseInput } from "../errors";
import { writeAudit } from "./write";

const INT8_MAX = 9223372036854775807n;
// Offsets can push a valid-looking date outside the years a timestamp column (and Prisma) accepts.
const ZQueryDate = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
  .refine((v) => Number.isNaN(Date.parse(v)) || (Date.parse(v) >= 0 && Date.parse(v) < Date.UTC(10000, 0, 1)), {
    message: "must be a date between 1970 and 9999",
    params: { rule: "out_of_range" },
  });

export const ZAuditQuery = z.object({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(200).optional().describe("matches the actor label (email, token:<name>, system:<job>)"),
  objectType: z.string().trim().max(50).optional(),
  from: ZQueryDate.optional(),
  to: ZQueryDate.optional(),
  // Audit ids are Postgres int8: anything beyond it cannot be a cursor we handed out (and would overflow the query).
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,18}$/, "must be the nextCursor of a previous page")
    .refine((v) => !/^\d{19}$/.test(v) || BigInt(v) <= INT8_MAX, { message: "must be the nextCursor of a previous page", params: { rule: "too_big" } })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditEntry = z.object({
  id: z.string(),
  createdAt: z.string(),
  actorType: z.enum(["user", "token", "system"]),
  actorLabel: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});

function where(projectId: string, q: TAuditQuery): Prisma.AuditLogWhereInput {
  return {
    projectId,
    ...(q.action ? { action: { startsWith: q.action } } : {}),
    ...(q.actor ? { actorLabel: { contains: q.actor, mode: "insensitive" } } : {}),
    ...(q.objectType ? { objectType: q.objectType } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) } } : {}),
    ...(q.cursor ? { id: { lt: BigInt(q.cursor) } } : {}),
  };
}

type Row = Awaited<ReturnType<typeof db.auditLog.findMany>>[number];
export const toAuditEntry = (r: Row) => ({
  id: r.id.toString(),
  createdAt: r.createdAt.toISOString(),
  actorType: r.actorType,
  actorLabel: r.actorLabel,
  action: r.action,
  objectType: r.objectType,
  objectId: r.objectId,
  before: r.before,
  after: r.after,
  requestId: r.requestId,
});

export async function listAudit({ ctx, input }: { ctx: Ctx; input: { projectId: string; query: unknown } }) {
  await authorize(ctx, input.projectId, "audit.read");
  const q = parseInput(ZAuditQuery, input.query, "query");
  const rows = await db.auditLog.findMany({ where: where(input.projectId, q), orderBy: { id: "desc" }, take: q.limit + 1 });
  const page = rows.slice(0, q.limit).map(toAuditEntry);
  return { items: page, nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  // Quote everything; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};
export const AUDIT_CSV_COLUMNS = ["id", "createdAt", "actorType", "actorLabel", "action", "objectType", "objectId", "before", "after", "requestId"] as const;

export function auditToCsv(entries: ReturnType<typeof toAuditEntry>[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(",")];
  for (const e of entries) lines.push(AUDIT_CSV_COLUMNS.map((c) => csvCell(e[c])).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** Whole filtered history as CSV, read in pages so a long log does not load at once. The export itself is audited. */
export async function exportAuditCsv({ ctx, input }: { ctx: Ctx; input: { projectId: string; query: unknown } }) {
  await authorize(ctx, input.projectId, "audit.read");
  const q = parseInput(ZAuditQuery.omit({ cursor: true, limit: true }), input.query, "query");
  const all: ReturnType<typeof toAuditEntry>[] = [];
  let cursor: bigint | undefined;
  for (let page = 0; page < 100; page++) {
    const rows = await db.auditLog.findMany({
      where: { ...where(input.projectId, { ...q, limit: 1000 }), ...(cursor ? { id: { lt: cursor } } : {}) },
      orderBy: { id: "desc" },
      take: 1000,
    });
    all.push(...rows.map(toAuditEntry));
    if (rows.length < 1000) break;
    cursor = rows[rows.length - 1].id;
  }
  const filters = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ""));
  await writeAudit(db, ctx, { projectId: input.projectId, action: "audit.export", objectType: "audit", after: { filters, rows: all.length } });
  return auditToCsv(all);
}
