import type { Incident, IncidentEvent } from "@prisma/client";
import { z } from "zod";
import { db } from "../db";
import { actorLabel, authorize, requireActor, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { ConflictError, NotFoundError, parseInput } from "../errors";
import { activeFreeze } from "../deployments/freeze-time";
import { relayAfterCommit } from "../jobs/enqueue";
import { publishEvents, recordEvent, type LiveEvent } from "../live/events";
import { log } from "../observability/log";
import { incidentNotify } from "./ingest";

export const ZIncidentNote = z
  .object({
    body: z.string().trim().min(1, "is required").max(5000, "must be at most 5000 characters"),
    /** Public notes also appear on the project's status page. */
    public: z.boolean().default(false),
  })
  .strict();

export type TIncidentEvent = { id: string; kind: IncidentEvent["kind"]; at: string; body: string; actor: string };
export type TIncident = {
  id: string;
  projectId: string;
  checkId: string;
  checkName: string;
  targetId: string | null;
  number: number;
  status: Incident["status"];
  title: string;
  cause: string;
  startedAt: string;
  resolvedAt: string | null;
  durationMs: number;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  remindersSent: number;
  events?: TIncidentEvent[];
};

type Row = Incident & { check: { name: string; targetId: string | null }; events?: IncidentEvent[] };

export function toIncident(i: Row, now = Date.now()): TIncident {
  return {
    id: i.id,
    projectId: i.projectId,
    checkId: i.checkId,
    checkName: i.check.name,
    targetId: i.check.targetId,
    number: i.number,
    status: i.status,
    title: i.title,
    cause: i.cause,
    startedAt: i.startedAt.toISOString(),
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    durationMs: (i.resolvedAt?.getTime() ?? now) - i.startedAt.getTime(),
    acknowledgedAt: i.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: i.acknowledgedBy,
    remindersSent: i.remindersSent,
    ...(i.events ? { events: i.events.map((e) => ({ id: e.id, kind: e.kind, at: e.at.toISOString(), body: e.body, actor: e.actor })) } : {}),
  };
}

const ZListQuery = z.object({
  status: z.enum(["open", "resolved"]).optional(),
  checkId: z.string().max(200).optional(),
  targetId: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function listIncidents({ ctx, input }: { ctx: Ctx; input: { projectId: string; query?: unknown } }): Promise<TIncident[]> {
  await authorize(ctx, input.projectId, "check.read");
  const q = parseInput(ZListQuery, input.query ?? {}, "query");
  const rows = await db.incident.findMany({
    where: {
      projectId: input.projectId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.checkId ? { checkId: q.checkId } : {}),
      ...(q.targetId ? { check: { targetId: q.targetId } } : {}),
    },
    include: { check: { select: { name: true, targetId: true } } },
    orderBy: [{ status: "asc" }, { startedAt: "desc" }],
    take: q.limit,
  });
  return rows.map((r) => toIncident(r));
}

async function load(projectId: string, incidentId: string) {
  const row = await db.incident.findFirst({
    where: { id: incidentId, projectId },
    include: { check: { select: { name: true, targetId: true } }, events: { orderBy: [{ at: "asc" }, { id: "asc" }] } },
  });
  if (!row) throw new NotFoundError("Incident");
  return row;
}

export async function getIncident({ ctx, input }: { ctx: Ctx; input: { projectId: string; incidentId: string } }): Promise<TIncident> {
  await authorize(ctx, input.projectId, "check.read");
  return toIncident(await load(input.projectId, input.incidentId));
}

/** Acknowledging says "someone is on it": it stops reminders and is told to the project's channels. */
export async function acknowledgeIncident({ ctx, input }: { ctx: Ctx; input: { projectId: string; incidentId: string } }): Promise<TIncident> {
  await authorize(ctx, input.projectId, "incident.respond");
  const actor = requireActor(ctx);
  const fx = { jobs: [] as string[], events: [] as LiveEvent[] };
  await db.$transaction(async (tx) => {
    const incident = await tx.incident.findFirst({ where: { id: input.incidentId, projectId: input.projectId }, include: { check: true } });
    if (!incident) throw new NotFoundError("Incident");
    if (incident.status !== "open") throw new ConflictError("This incident is already resolved; there is nothing to acknowledge");
    if (incident.acknowledgedAt) throw new ConflictError(`${incident.acknowledgedBy ?? "Someone"} already acknowledged this incident`);
    const now = new Date();
    await tx.incident.update({ where: { id: incident.id }, data: { acknowledgedAt: now, acknowledgedBy: actorLabel(actor) } });
    await tx.incidentEvent.create({ data: { incidentId: incident.id, kind: "acknowledged", at: now, actor: actorLabel(actor), body: `${actorLabel(actor)} acknowledged.` } });
    await incidentNotify(tx, fx, incident.check, incident, "incident.acknowledged", `${actorLabel(actor)} is on it.`, now);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "incident.acknowledge", objectType: "incident", objectId: incident.id, after: { number: incident.number } });
    fx.events.push(await recordEvent(tx, input.projectId, "incident.updated", { incidentId: incident.id, checkId: incident.checkId, status: "open" }));
  });
  await relayAfterCommit(fx.jobs);
  await publishEvents(fx.events);
  return toIncident(await load(input.projectId, input.incidentId));
}

export async function addIncidentNote({ ctx, input }: { ctx: Ctx; input: { projectId: string; incidentId: string; data: unknown } }): Promise<TIncident> {
  await authorize(ctx, input.projectId, "incident.respond");
  const data = parseInput(ZIncidentNote, input.data);
  const actor = requireActor(ctx);
  const events: LiveEvent[] = [];
  await db.$transaction(async (tx) => {
    const incident = await tx.incident.findFirst({ where: { id: input.incidentId, projectId: input.projectId } });
    if (!incident) throw new NotFoundError("Incident");
    await tx.incidentEvent.create({ data: { incidentId: incident.id, kind: data.public ? "public_update" : "note", body: data.body, actor: actorLabel(actor) } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: data.public ? "incident.public_update" : "incident.note", objectType: "incident", objectId: incident.id, after: { body: data.body } });
    events.push(await recordEvent(tx, input.projectId, "incident.updated", { incidentId: incident.id, checkId: incident.checkId, status: incident.status }));
  });
  await publishEvents(events);
  return toIncident(await load(input.projectId, input.incidentId));
}

/**
 * Reminders for open, unacknowledged incidents whose check asks for them, one per reminder interval, held while the
 * check is in a maintenance window. Safe to run from every worker: rows are claimed with SKIP LOCKED.
 */
export async function sendReminders(now = new Date(), scope: { projectIds?: string[] } = {}): Promise<number> {
  const fx = { jobs: [] as string[], events: [] as LiveEvent[] };
  let sent = 0;
  await db.$transaction(async (tx) => {
    const due = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT i."id" FROM "Incident" i JOIN "Check" c ON c."id" = i."checkId"
        WHERE i."status" = 'open' AND i."acknowledgedAt" IS NULL AND c."reminderMinutes" > 0
          AND i."lastNotifiedAt" + make_interval(mins => c."reminderMinutes") <= $1::timestamp
          AND ($2::text[] IS NULL OR i."projectId" = ANY($2::text[]))
        ORDER BY i."id" LIMIT 100 FOR UPDATE OF i SKIP LOCKED`,
      now.toISOString().replace("Z", ""),
      scope.projectIds ?? null,
    );
    if (!due.length) return;
    const incidents = await tx.incident.findMany({ where: { id: { in: due.map((d) => d.id) } }, include: { check: true } });
    const windows = await tx.maintenanceWindow.findMany({ where: { projectId: { in: [...new Set(incidents.map((i) => i.projectId))] } } });
    for (const incident of incidents) {
      const held = activeFreeze(windows.filter((w) => w.projectId === incident.projectId && (w.targetId === null || w.targetId === incident.check.targetId)), now);
      if (held) continue;
      const minutes = Math.round((now.getTime() - incident.startedAt.getTime()) / 60_000);
      await incidentNotify(tx, fx, incident.check, incident, "incident.reminder", `Down for ${minutes} min and not acknowledged yet. ${incident.cause}`, now);
      await tx.incident.update({ where: { id: incident.id }, data: { lastNotifiedAt: now, remindersSent: { increment: 1 } } });
      sent++;
    }
  });
  if (fx.jobs.length) await relayAfterCommit(fx.jobs).catch((error) => log.warn("monitoring.relay_failed", { error: (error as Error).message }));
  return sent;
}
