import type { DeploymentApproval, DeploymentKind, DeploymentStatus } from "@prisma/client";
import { z } from "zod";
import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { ACTIVE_STATUSES, DEPLOYMENT_STATUSES } from "../deployments/schemas";
import { approvalState } from "../deployments/core";
import { monitoringOverview, type TOverviewRow } from "../monitoring/overview";
import { listIncidents } from "../monitoring/incidents";
import { healthUrl } from "../targets/schemas";
import { getActiveLaunch } from "./launches";
import { fbRef } from "../feedback/schemas";
import { LAUNCH_STAGES, STAGE_LABELS, ZReadinessItem, type TLaunchDetail } from "./schemas";

// The launch cockpit: what the project home and the war room show first (DESIGN.md, "What a page shows first"), as one
// read. About eight round trips whatever the number of targets: the launch, the targets, the checks with their 24-hour
// uptime, the open deployments, the recent ones (a window function, five per target) and the open incidents.

const ZCockpitDeployment = z.object({
  id: z.string(),
  number: z.number().int(),
  kind: z.enum(["deploy", "rollback"]),
  status: z.enum(DEPLOYMENT_STATUSES),
  version: z.string(),
  requestedBy: z.string(),
  createdAt: z.string(),
  since: z.string().describe("when it entered its current status (requested, approved, queued, started or finished)"),
});
const ZWaitingDeployment = ZCockpitDeployment.extend({
  approvalsRequired: z.number().int(),
  approvalsValid: z.number().int(),
  waitingMs: z.number().int().describe("how long it has waited for approval, in milliseconds"),
});

const ZTargetHealth = z.object({
  checkId: z.string(),
  name: z.string(),
  state: z.enum(["up", "degraded", "down", "unknown", "paused"]),
  lastLatencyMs: z.number().int().nullable(),
  lastResultAt: z.string().nullable(),
  lastError: z.string().nullable(),
  recentLatencies: z.array(z.number()).describe("the last runs' latencies in ms, oldest first (for a sparkline)"),
  uptime24hPct: z.number().nullable().describe("uptime by time over 24 hours; null when none of it is known"),
  openIncidentId: z.string().nullable(),
});

export const ZCockpitTarget = z.object({
  id: z.string(),
  name: z.string(),
  environment: z.string(),
  baseUrl: z.string(),
  health: ZTargetHealth.nullable().describe("the target's health check (the one on its health URL, else its oldest); null without one"),
  live: z
    .object({ deploymentId: z.string(), number: z.number().int(), version: z.string(), since: z.string(), kind: z.enum(["deploy", "rollback"]) })
    .nullable()
    .describe("the version live now and since when; null before the first deployment"),
  lock: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
  inFlight: z.array(ZCockpitDeployment).describe("requested, approved, queued, running or verifying, oldest first"),
  awaitingApproval: z.array(ZWaitingDeployment).describe("waiting for approval, longest waiting first"),
  recent: z.array(ZCockpitDeployment).describe("the last five deployments, newest first"),
});

export const ZCockpitIncident = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  checkId: z.string(),
  checkName: z.string(),
  targetId: z.string().nullable(),
  startedAt: z.string(),
  acknowledged: z.boolean(),
  acknowledgedBy: z.string().nullable(),
});

export const ZCockpitLaunch = z.object({
  id: z.string(),
  name: z.string(),
  stage: z.enum(LAUNCH_STAGES),
  stageLabel: z.string().describe('"Soft launch"'),
  targetDate: z.string().nullable(),
  readiness: z.object({
    score: z.number().describe("0–100"),
    go: z.boolean(),
    verdict: z.string(),
    holding: z.array(ZReadinessItem).describe("every item that makes it no-go, blocking first"),
    counts: z.record(z.string(), z.number().int()).describe("items by status"),
    total: z.number().int(),
  }),
});

export const ZCockpit = z.object({
  projectId: z.string(),
  generatedAt: z.string(),
  launch: ZCockpitLaunch.nullable().describe("the active launch; null when none is running"),
  targets: z.array(ZCockpitTarget).describe("failing first, then production before other environments"),
  incidents: z.array(ZCockpitIncident).describe("open incidents, newest first"),
  feedback: z
    .object({
      last24h: z.number().int().describe("items received in the last 24 hours (spam excluded)"),
      lastHour: z.number().int(),
      inbox: z.number().int().describe("new items waiting for triage (not snoozed)"),
      openCriticals: z.number().int(),
      criticals: z.array(z.object({ id: z.string(), ref: z.string(), title: z.string(), status: z.string(), createdAt: z.string() })).describe("the newest open critical items"),
    })
    .describe("the rate of incoming feedback and the newest open critical items"),
});
export type TCockpit = z.infer<typeof ZCockpit>;
export type TCockpitTarget = z.infer<typeof ZCockpitTarget>;
export type TCockpitDeployment = z.infer<typeof ZCockpitDeployment>;
export type TWaitingDeployment = z.infer<typeof ZWaitingDeployment>;
export type TCockpitIncident = z.infer<typeof ZCockpitIncident>;
export type TCockpitLaunch = z.infer<typeof ZCockpitLaunch>;

type DeploymentFields = {
  id: string;
  number: number;
  kind: DeploymentKind;
  status: DeploymentStatus;
  requestedBy: string;
  createdAt: Date;
  approvedAt: Date | null;
  queuedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
};

function sinceOf(d: DeploymentFields): Date {
  switch (d.status) {
    case "requested":
    case "awaiting_approval":
      return d.createdAt;
    case "approved":
      return d.approvedAt ?? d.createdAt;
    case "queued":
      return d.queuedAt ?? d.approvedAt ?? d.createdAt;
    case "running":
    case "verifying":
      return d.startedAt ?? d.queuedAt ?? d.createdAt;
    default:
      return d.finishedAt ?? d.startedAt ?? d.createdAt;
  }
}

const view = (d: DeploymentFields, version: string): TCockpitDeployment => ({
  id: d.id,
  number: d.number,
  kind: d.kind,
  status: d.status,
  version,
  requestedBy: d.requestedBy,
  createdAt: d.createdAt.toISOString(),
  since: sinceOf(d).toISOString(),
});

/** The check that speaks for a target: the one probing its health URL (the default check), else its oldest. */
export function healthCheckOf(target: { id: string; baseUrl: string; healthPath: string }, checks: TOverviewRow[]): TOverviewRow | null {
  const mine = checks.filter((c) => c.targetId === target.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  let url: string | null = null;
  try {
    url = healthUrl(target.baseUrl, target.healthPath);
  } catch {
    // A malformed stored URL: fall back to the oldest check.
  }
  return mine.find((c) => c.kind === "http" && (c.settings as { url?: unknown }).url === url) ?? mine[0] ?? null;
}

const URGENCY: Record<TOverviewRow["state"] | "none", number> = { down: 0, degraded: 1, unknown: 2, up: 3, paused: 4, none: 5 };

/** Failing first (DESIGN.md), then production before other environments, then by name. */
export function byCockpitOrder(a: TCockpitTarget, b: TCockpitTarget): number {
  const rank = (t: TCockpitTarget) => URGENCY[t.health?.state ?? "none"];
  const prod = (t: TCockpitTarget) => (t.environment === "production" ? 0 : 1);
  return rank(a) - rank(b) || prod(a) - prod(b) || a.name.localeCompare(b.name);
}

export function launchView(launch: TLaunchDetail): TCockpitLaunch {
  const r = launch.readiness;
  return {
    id: launch.id,
    name: launch.name,
    stage: launch.stage,
    stageLabel: STAGE_LABELS[launch.stage],
    targetDate: launch.targetDate,
    readiness: { score: r.score, go: r.go, verdict: r.verdict, holding: r.holding, counts: r.counts, total: r.total },
  };
}

type RecentRow = DeploymentFields & { targetId: string; version: string; live: boolean; rn: bigint | number };

export async function projectCockpit({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TCockpit> {
  await authorize(ctx, input.projectId, "project.read");
  const { projectId } = input;
  const now = new Date();
  const active: Promise<TLaunchDetail | null> = getActiveLaunch({ ctx, input: { projectId } });
  const [launch, targets, checks, open, recent, incidents] = await Promise.all([
    active,
    db.target.findMany({
      where: { projectId },
      select: { id: true, name: true, environment: true, baseUrl: true, healthPath: true, lockedAt: true, lockedBy: true, lockedReason: true },
    }),
    monitoringOverview({ ctx, input: { projectId } }),
    db.deployment.findMany({
      where: { projectId, status: { in: [...ACTIVE_STATUSES] } },
      include: { release: { select: { version: true } }, approvals: true },
      orderBy: { createdAt: "asc" },
    }),
    // Five per target plus whatever is live (it may be older), in one statement.
    db.$queryRaw<RecentRow[]>`
      SELECT d."id", d."targetId", d."number", d."kind", d."status", d."requestedBy", d."createdAt", d."approvedAt", d."queuedAt",
             d."startedAt", d."finishedAt", r."version", (d."id" = t."liveDeploymentId") AS "live", d."rn"
        FROM (SELECT *, row_number() OVER (PARTITION BY "targetId" ORDER BY "number" DESC) AS "rn"
                FROM "Deployment" WHERE "projectId" = ${projectId}) d
        JOIN "Target" t ON t."id" = d."targetId"
        JOIN "Release" r ON r."id" = d."releaseId"
       WHERE d."rn" <= 5 OR d."id" = t."liveDeploymentId"
       ORDER BY d."number" DESC`,
    listIncidents({ ctx, input: { projectId, query: { status: "open", limit: "100" } } }),
  ]);

  const approvalsValid = (d: (typeof open)[number]) => d.approvals.filter((a: DeploymentApproval) => approvalState(a, d, now) === "valid").length;
  const rows: TCockpitTarget[] = targets.map((t) => {
    const check = healthCheckOf(t, checks);
    const live = recent.find((d) => d.targetId === t.id && d.live);
    const mineOpen = open.filter((d) => d.targetId === t.id);
    return {
      id: t.id,
      name: t.name,
      environment: t.environment,
      baseUrl: t.baseUrl,
      health: check
        ? {
            checkId: check.id,
            name: check.name,
            state: check.state,
            lastLatencyMs: check.lastLatencyMs,
            lastResultAt: check.lastResultAt,
            lastError: check.lastError,
            recentLatencies: check.recentLatencies,
            uptime24hPct: check.uptime24h.uptimePct,
            openIncidentId: check.openIncidentId,
          }
        : null,
      live: live ? { deploymentId: live.id, number: live.number, version: live.version, since: (live.finishedAt ?? live.createdAt).toISOString(), kind: live.kind } : null,
      lock: t.lockedAt ? { at: t.lockedAt.toISOString(), by: t.lockedBy ?? "", reason: t.lockedReason ?? "" } : null,
      inFlight: mineOpen.filter((d) => d.status !== "awaiting_approval").map((d) => view(d, d.release.version)),
      awaitingApproval: mineOpen
        .filter((d) => d.status === "awaiting_approval")
        .map((d) => ({
          ...view(d, d.release.version),
          approvalsRequired: d.approvalsRequired,
          approvalsValid: approvalsValid(d),
          waitingMs: Math.max(0, now.getTime() - d.createdAt.getTime()),
        })),
      recent: recent.filter((d) => d.targetId === t.id && Number(d.rn) <= 5).map((d) => view(d, d.version)),
    };
  });

  return {
    projectId,
    generatedAt: now.toISOString(),
    launch: launch ? launchView(launch) : null,
    targets: rows.sort(byCockpitOrder),
    incidents: incidents
      .filter((i) => i.status === "open")
      .map((i) => ({
        id: i.id,
        number: i.number,
        title: i.title,
        checkId: i.checkId,
        checkName: i.checkName,
        targetId: i.targetId,
        startedAt: i.startedAt,
        acknowledged: i.acknowledgedAt !== null,
        acknowledgedBy: i.acknowledgedBy,
      })),
    feedback: await feedbackFigures(projectId, now),
  };
}

const OPEN_STATUSES = ["new", "accepted", "planned", "in_progress"] as const;

async function feedbackFigures(projectId: string, now: Date): Promise<TCockpit["feedback"]> {
  const [counts, criticals] = await Promise.all([
    db.$queryRaw<{ last24h: number; lastHour: number; inbox: number; openCriticals: number }[]>`
      SELECT count(*) FILTER (WHERE "createdAt" > ${new Date(now.getTime() - 86_400_000)} AND "status" <> 'spam')::int AS "last24h",
             count(*) FILTER (WHERE "createdAt" > ${new Date(now.getTime() - 3_600_000)} AND "status" <> 'spam')::int AS "lastHour",
             count(*) FILTER (WHERE "status" = 'new' AND ("snoozedUntil" IS NULL OR "snoozedUntil" <= ${now}))::int AS "inbox",
             count(*) FILTER (WHERE "severity" = 'critical' AND "status" IN ('new','accepted','planned','in_progress'))::int AS "openCriticals"
        FROM "FeedbackItem" WHERE "projectId" = ${projectId}`,
    db.feedbackItem.findMany({
      where: { projectId, severity: "critical", status: { in: [...OPEN_STATUSES] } },
      orderBy: { createdAt: "desc" },
      take: 3,
      select: { id: true, number: true, title: true, status: true, createdAt: true },
    }),
  ]);
  return {
    ...counts[0],
    criticals: criticals.map((c) => ({ id: c.id, ref: fbRef(c.number), title: c.title, status: c.status, createdAt: c.createdAt.toISOString() })),
  };
}
