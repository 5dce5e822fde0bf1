import type { IncidentEventKind, Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { env } from "../env";
import { activeFreeze } from "../deployments/freeze-time";
import { notifyInTx } from "../notifications/notify";
import type { NotificationEvent } from "../notifications/schemas";
import { relayAfterCommit } from "../jobs/enqueue";
import { enqueueLaunchRefresh } from "../launch/refresh-queue";
import { publishEvents, publishTransient, recordEvent, type LiveEvent } from "../live/events";
import { log } from "../observability/log";
import type { ProbeOutcome } from "./schemas";
import { ensurePartitions, writeResults, type ResultRow } from "./storage";

// From probe outcomes to stored results, check state and incidents: one transaction per batch.

/** What the scheduler hands over: one run of one check, for its slot. */
export type ProbeRecord = { checkId: string; slot: Date; startedAt: Date; outcome: ProbeOutcome };

// Slots are scheduled a whole interval apart; anything more than this past the previous result's slot is a gap.
const GAP_TOLERANCE_MS = 1000;
const SPARK_POINTS = 30;

// Only what the ingest reads: whole rows carry settings and secrets, and reading 2,000 of them took twice as long.
const CHECK_ROW = {
  id: true,
  projectId: true,
  targetId: true,
  name: true,
  intervalSeconds: true,
  createdAt: true,
  lastResultAt: true,
  state: true,
  consecutiveFailures: true,
  consecutiveSuccesses: true,
  failuresToOpen: true,
  successesToClose: true,
  openIncidentId: true,
  failingSince: true,
  recentLatencies: true,
  lastLatencyMs: true,
  lastError: true,
} satisfies Prisma.CheckSelect;
type CheckRow = Prisma.CheckGetPayload<{ select: typeof CHECK_ROW }>;

type MaintenanceRow = Prisma.MaintenanceWindowGetPayload<object>;
const maintenanceCache = new Map<string, { at: number; rows: MaintenanceRow[] }>();
const MAINTENANCE_CACHE_MS = 5000;

/** Forgets cached maintenance windows of a project (after a change, so the next batch sees it). */
export const forgetMaintenance = (projectId?: string) => (projectId ? maintenanceCache.delete(projectId) : maintenanceCache.clear());

async function maintenanceFor(projectIds: string[]) {
  const now = Date.now();
  const stale = projectIds.filter((id) => (maintenanceCache.get(id)?.at ?? 0) < now - MAINTENANCE_CACHE_MS);
  if (stale.length) {
    const rows = await db.maintenanceWindow.findMany({ where: { projectId: { in: stale } } });
    for (const id of stale) maintenanceCache.set(id, { at: now, rows: rows.filter((r) => r.projectId === id) });
  }
  return (projectId: string, targetId: string | null, at: Date) => {
    const rows = (maintenanceCache.get(projectId)?.rows ?? []).filter((w) => w.targetId === null || w.targetId === targetId);
    return rows.length > 0 && activeFreeze(rows, at) !== null;
  };
}

type Effects = { jobs: string[]; events: LiveEvent[] };

const appUrl = (path: string) => `${env.NEXTAUTH_URL.replace(/\/+$/, "")}${path}`;
export const incidentPath = (projectId: string, incidentId: string) => `/projects/${projectId}/incidents/${incidentId}`;

export async function incidentNotify(tx: Tx, fx: Effects, check: Pick<CheckRow, "projectId" | "name">, incident: { id: string; number: number }, event: NotificationEvent, text: string, at: Date) {
  const severity = event === "incident.resolved" ? "success" : event === "incident.acknowledged" ? "info" : "danger";
  const verb = { "incident.opened": "is down", "incident.reminder": "is still down", "incident.resolved": "recovered", "incident.acknowledged": "incident acknowledged" }[
    event as "incident.opened"
  ];
  const ids = await notifyInTx(tx, check.projectId, event, {
    title: `${check.name} ${verb} (incident #${incident.number})`,
    text,
    url: appUrl(incidentPath(check.projectId, incident.id)),
    severity,
  });
  fx.jobs.push(...ids);
  if (ids.length) {
    await tx.incidentEvent.create({
      data: { incidentId: incident.id, kind: "notified", at, body: `Sent ${event.replace("incident.", "")} to ${ids.length} channel${ids.length === 1 ? "" : "s"}.` },
    });
  }
  return ids.length;
}

const sentence = (o: ProbeOutcome) => o.error ?? o.detail ?? o.status;

/**
 * Stores a batch of probe runs. Per check, in slot order: a run whose slot is not after the check's last result is kept
 * as a raw row only (it covers no time, so a late or replayed run cannot count twice); time between the last result
 * and this run's interval that nothing covered is stored as an "unknown" gap row (a worker or the whole fleet was
 * away); then the confirmation rules move the state and open or close incidents, notifications go through the outbox.
 */
export async function ingest(records: ProbeRecord[]): Promise<{ stored: number; gaps: number; opened: number; resolved: number }> {
  if (!records.length) return { stored: 0, gaps: 0, opened: 0, resolved: 0 };
  const slots = records.map((r) => r.slot.getTime());
  await ensurePartitions(new Date(Math.min(...slots) - 86_400_000), new Date(Math.max(...slots)));
  const fx: Effects = { jobs: [], events: [] };
  const totals = { stored: 0, gaps: 0, opened: 0, resolved: 0 };
  const published: { projectId: string; data: unknown }[] = [];

  await db.$transaction(
    async (tx) => {
      const ids = [...new Set(records.map((r) => r.checkId))].sort();
      // Locked in id order, so two batches touching the same checks never deadlock.
      await tx.$queryRawUnsafe(`SELECT 1 FROM "Check" WHERE "id" = ANY($1) ORDER BY "id" FOR UPDATE`, ids);
      const checks: CheckRow[] = await tx.check.findMany({ where: { id: { in: ids } }, select: CHECK_ROW });
      const byId = new Map(checks.map((c) => [c.id, { ...c }]));
      const inMaintenance = await maintenanceFor([...new Set(checks.map((c) => c.projectId))]);
      const rows: ResultRow[] = [];
      const sorted = [...records].sort((a, b) => (a.checkId === b.checkId ? a.slot.getTime() - b.slot.getTime() : a.checkId < b.checkId ? -1 : 1));
      const applied: { record: ProbeRecord; maintenance: boolean }[] = [];
      const incidentProjects = new Set<string>();
      for (const record of sorted) {
        const check = byId.get(record.checkId);
        if (!check) continue; // deleted while it ran
        const slot = record.slot.getTime();
        const interval = check.intervalSeconds * 1000;
        const last = check.lastResultAt?.getTime() ?? null;
        const maintenance = inMaintenance(check.projectId, check.targetId, record.slot);
        const row: ResultRow = {
          checkId: check.id,
          at: record.slot,
          startedAt: record.startedAt,
          coverMs: 0,
          status: record.outcome.status,
          maintenance,
          latencyMs: record.outcome.latencyMs === null ? null : Math.round(record.outcome.latencyMs),
          httpStatus: record.outcome.httpStatus ?? null,
          error: record.outcome.status === "up" ? null : (record.outcome.error ?? record.outcome.detail ?? null),
        };
        if (last !== null && slot <= last) {
          rows.push(row);
          continue;
        }
        // The run stands for the interval before its slot; after a gap, the gap is its own "unknown" row.
        const start = slot - interval;
        let coverFrom: number;
        if (last === null) coverFrom = Math.max(start, check.createdAt.getTime());
        else if (start - last > GAP_TOLERANCE_MS) {
          rows.push({ checkId: check.id, at: new Date(start), startedAt: null, coverMs: start - last, status: "unknown", maintenance: false, latencyMs: null, httpStatus: null, error: "No result: no worker ran this check." });
          totals.gaps++;
          coverFrom = start;
        } else coverFrom = last;
        row.coverMs = Math.max(0, slot - coverFrom);
        rows.push(row);
        check.lastResultAt = record.slot;
        applied.push({ record, maintenance });
      }
      totals.stored = (await writeResults(tx, rows)).length;

      for (const { record, maintenance } of applied) {
        const check = byId.get(record.checkId)!;
        const o = record.outcome;
        check.state = o.status;
        check.lastLatencyMs = o.latencyMs === null ? null : Math.round(o.latencyMs);
        check.lastError = o.status === "up" ? null : sentence(o);
        if (o.latencyMs !== null) check.recentLatencies = [...check.recentLatencies, Math.round(o.latencyMs)].slice(-SPARK_POINTS);
        // Maintenance holds alerts: its runs move neither counter.
        if (!maintenance) {
          if (o.status === "down") {
            if (check.consecutiveFailures === 0) check.failingSince = record.slot;
            check.consecutiveFailures++;
            check.consecutiveSuccesses = 0;
            if (!check.openIncidentId && check.consecutiveFailures >= check.failuresToOpen) {
              await openIncident(tx, fx, check, record);
              totals.opened++;
              incidentProjects.add(check.projectId);
            }
          } else {
            check.consecutiveSuccesses++;
            check.consecutiveFailures = 0;
            check.failingSince = null;
            if (check.openIncidentId && check.consecutiveSuccesses >= check.successesToClose) {
              await resolveIncident(tx, fx, check, record);
              totals.resolved++;
              incidentProjects.add(check.projectId);
            }
          }
        }
        published.push({
          projectId: check.projectId,
          data: {
            checkId: check.id,
            targetId: check.targetId,
            at: record.slot.toISOString(),
            status: o.status,
            maintenance,
            latencyMs: check.lastLatencyMs,
            error: check.lastError,
            openIncidentId: check.openIncidentId,
          },
        });
      }

      const changed = [...byId.values()].filter((c) => applied.some((a) => a.record.checkId === c.id));
      if (changed.length) {
        await tx.$executeRawUnsafe(
          `UPDATE "Check" AS c SET "state" = r."state"::"CheckState", "lastResultAt" = r."lastResultAt", "lastLatencyMs" = r."lastLatencyMs",
                  "lastError" = r."lastError", "consecutiveFailures" = r."consecutiveFailures", "consecutiveSuccesses" = r."consecutiveSuccesses",
                  "failingSince" = r."failingSince", "openIncidentId" = r."openIncidentId", "recentLatencies" = r."recentLatencies"
             FROM jsonb_to_recordset($1::jsonb) AS r("id" text, "state" text, "lastResultAt" timestamp, "lastLatencyMs" int, "lastError" text,
                  "consecutiveFailures" int, "consecutiveSuccesses" int, "failingSince" timestamp, "openIncidentId" text, "recentLatencies" int[])
            WHERE c."id" = r."id"`,
          JSON.stringify(
            changed.map((c) => ({
              id: c.id,
              state: c.state,
              // Prisma stores UTC in timestamp(3) columns; ISO without the zone keeps it UTC whatever the session zone.
              lastResultAt: c.lastResultAt && naive(c.lastResultAt),
              lastLatencyMs: c.lastLatencyMs,
              lastError: c.lastError?.slice(0, 1000) ?? null,
              consecutiveFailures: c.consecutiveFailures,
              consecutiveSuccesses: c.consecutiveSuccesses,
              failingSince: c.failingSince && naive(c.failingSince),
              openIncidentId: c.openIncidentId,
              recentLatencies: c.recentLatencies,
            })),
          ),
        );
      }
      // Checklist items watching these checks (uptime, health) are re-measured once this commits.
      fx.jobs.push(...(await enqueueLaunchRefresh(tx, incidentProjects)));
    },
    { timeout: 30_000 },
  );

  await relayAfterCommit(fx.jobs).catch((error) => log.warn("monitoring.relay_failed", { error: (error as Error).message }));
  await publishEvents(fx.events);
  // Issued together, the publishes share round trips (one connection keeps their order); one by one they cost a batch
  // of 2,000 results a Redis round trip each.
  await Promise.all(published.map((p) => publishTransient(p.projectId, "check.result", p.data)));
  return totals;
}

const naive = (d: Date) => d.toISOString().replace("Z", "");

async function timeline(tx: Tx, incidentId: string, kind: IncidentEventKind, at: Date, body: string, actor = "T-Minus") {
  await tx.incidentEvent.create({ data: { incidentId, kind, at, body, actor } });
}

async function openIncident(tx: Tx, fx: Effects, check: CheckRow, record: ProbeRecord) {
  // Numbers are per project: serialise the few openings of one project.
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `incident:${check.projectId}`);
  const last = await tx.incident.aggregate({ where: { projectId: check.projectId }, _max: { number: true } });
  const startedAt = check.failingSince ?? record.slot;
  const cause = sentence(record.outcome);
  const incident = await tx.incident.create({
    data: {
      projectId: check.projectId,
      checkId: check.id,
      number: (last._max.number ?? 0) + 1,
      title: `${check.name} is down`,
      cause,
      startedAt,
      lastNotifiedAt: record.slot,
    },
  });
  check.openIncidentId = incident.id;
  await timeline(tx, incident.id, "first_failure", startedAt, cause);
  await timeline(tx, incident.id, "opened", record.slot, `Opened after ${check.consecutiveFailures} failed check${check.consecutiveFailures === 1 ? "" : "s"} in a row.`);
  await incidentNotify(tx, fx, check, incident, "incident.opened", cause, record.slot);
  fx.events.push(await recordEvent(tx, check.projectId, "incident.updated", { incidentId: incident.id, checkId: check.id, status: "open" }));
}

async function resolveIncident(tx: Tx, fx: Effects, check: CheckRow, record: ProbeRecord) {
  const incident = await tx.incident.update({ where: { id: check.openIncidentId! }, data: { status: "resolved", resolvedAt: record.slot } });
  check.openIncidentId = null;
  const minutes = Math.max(1, Math.round((record.slot.getTime() - incident.startedAt.getTime()) / 60_000));
  await timeline(tx, incident.id, "recovered", record.slot, `Recovered: ${sentence(record.outcome)}. Down for about ${minutes} min.`);
  await incidentNotify(tx, fx, check, incident, "incident.resolved", `Recovered after about ${minutes} min: ${sentence(record.outcome)}.`, record.slot);
  fx.events.push(await recordEvent(tx, check.projectId, "incident.updated", { incidentId: incident.id, checkId: check.id, status: "resolved" }));
}

const laneOf = (checkId: string, lanes: number) => {
  let h = 0;
  for (let i = 0; i < checkId.length; i++) h = (h * 31 + checkId.charCodeAt(i)) | 0;
  return Math.abs(h) % lanes;
};

/**
 * ingest() in `lanes` concurrent transactions over disjoint sets of checks (a check always goes to the same lane, so
 * its runs stay in order). The lanes touch disjoint rows — checks, results and roll-ups are all keyed by check — so they
 * never wait on each other, and Postgres works on a batch with more than one core.
 */
export async function ingestInLanes(records: ProbeRecord[], lanes = 2): Promise<Awaited<ReturnType<typeof ingest>>> {
  if (lanes <= 1 || records.length < 2 * lanes) return ingest(records);
  const parts: ProbeRecord[][] = Array.from({ length: lanes }, () => []);
  for (const r of records) parts[laneOf(r.checkId, lanes)].push(r);
  const results = await Promise.all(parts.map((p) => ingest(p)));
  return results.reduce((a, b) => ({ stored: a.stored + b.stored, gaps: a.gaps + b.gaps, opened: a.opened + b.opened, resolved: a.resolved + b.resolved }));
}
