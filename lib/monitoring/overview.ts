import { z } from "zod";
import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { ForbiddenError, parseInput } from "../errors";
import { byUrgency, loadCheck, toCheck, type TCheck } from "./checks";
import { readResults, type StoredResult } from "./storage";
import { uptimeFor, type Figures } from "./uptime";

export type TOverviewRow = TCheck & { targetName: string | null; environment: string | null; uptime24h: Figures };

const ZOverviewQuery = z.object({ q: z.string().trim().max(200).optional() });

/**
 * Every check of a project with its state, last and next run, 24-hour uptime and latency sparkline, failing first.
 * Three queries whatever the number of checks: the rows (with target names), and one roll-up sum for all of them.
 */
export async function monitoringOverview({ ctx, input }: { ctx: Ctx; input: { projectId: string; query?: unknown } }): Promise<TOverviewRow[]> {
  await authorize(ctx, input.projectId, "check.read");
  const q = parseInput(ZOverviewQuery, input.query ?? {}, "query");
  return overviewRows({ projectId: input.projectId }, q.q);
}

async function overviewRows(where: { projectId?: string }, search?: string): Promise<TOverviewRow[]> {
  const rows = await db.check.findMany({
    where: {
      ...where,
      ...(search ? { OR: [{ name: { contains: search, mode: "insensitive" } }, { target: { name: { contains: search, mode: "insensitive" } } }] } : {}),
    },
    include: { target: { select: { name: true, environment: true } } },
  });
  const now = Date.now();
  const uptime = await uptimeFor(rows, "24h", now);
  return rows
    .map((r) => ({ ...toCheck(r, now), targetName: r.target?.name ?? null, environment: r.target?.environment ?? null, uptime24h: uptime.get(r.id)! }))
    .sort(byUrgency);
}

export type TProjectHealth = { projectId: string; slug: string; name: string; checks: number; down: number; degraded: number; unknown: number; openIncidents: number; worst: TCheck["state"] | "none" };

/** For instance admins: every project's health at a glance, worst first. */
export async function instanceOverview({ ctx }: { ctx: Ctx }): Promise<TProjectHealth[]> {
  if (ctx.actor?.type !== "user" || !ctx.actor.isInstanceAdmin) throw new ForbiddenError("Only instance admins can see every project's health");
  const [projects, checks, incidents] = await Promise.all([
    db.project.findMany({ select: { id: true, slug: true, name: true } }),
    db.check.findMany(),
    db.incident.groupBy({ by: ["projectId"], where: { status: "open" }, _count: true }),
  ]);
  const now = Date.now();
  const rank = { down: 0, degraded: 1, unknown: 2, up: 3, paused: 4, none: 5 } as const;
  return projects
    .map((p) => {
      const mine = checks.filter((c) => c.projectId === p.id).map((c) => toCheck(c, now));
      const worst = mine.sort(byUrgency)[0]?.state ?? "none";
      return {
        projectId: p.id,
        slug: p.slug,
        name: p.name,
        checks: mine.length,
        down: mine.filter((c) => c.state === "down").length,
        degraded: mine.filter((c) => c.state === "degraded").length,
        unknown: mine.filter((c) => c.state === "unknown").length,
        openIncidents: incidents.find((i) => i.projectId === p.id)?._count ?? 0,
        worst,
      };
    })
    .sort((a, b) => rank[a.worst] - rank[b.worst] || a.name.localeCompare(b.name));
}

const instant = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
  .refine((v) => Date.parse(v) >= 0 && Date.parse(v) < 253402300799000, { message: "must be between the years 1970 and 9999", params: { rule: "out_of_range" } });
const ZResultsQuery = z.object({
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1, "must be at least 1").max(5000, "must be at most 5000").default(100),
});

export type TResult = Omit<StoredResult, "at" | "startedAt"> & { at: string; startedAt: string | null };

/** Raw results of one check, newest first (kept for the raw retention period; older figures come from roll-ups). */
export async function listCheckResults({ ctx, input }: { ctx: Ctx; input: { projectId: string; checkId: string; query?: unknown } }): Promise<TResult[]> {
  await authorize(ctx, input.projectId, "check.read");
  const q = parseInput(ZResultsQuery, input.query ?? {}, "query");
  const check = await loadCheck(db, input.projectId, input.checkId);
  const to = q.to ? new Date(q.to) : new Date(Date.now() + 60_000);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 90 * 86_400_000);
  const rows = await readResults(check.id, from, to, q.limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString(), startedAt: r.startedAt?.toISOString() ?? null }));
}
