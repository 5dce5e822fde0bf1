import { z } from "zod";
import { CHECK_KINDS, RESULT_STATUSES } from "./schemas";

// Response shapes of the monitoring routes, for the OpenAPI document. No server imports.

export const CHECK_STATES = ["up", "degraded", "down", "unknown", "paused"] as const;

export const ZCheck = z.object({
  id: z.string(),
  projectId: z.string(),
  targetId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(CHECK_KINDS),
  settings: z.record(z.string(), z.unknown()).describe("the kind's settings; secret headers are not here"),
  secretKeys: z.array(z.string()).describe("names of secret headers; values are never returned"),
  intervalSeconds: z.number().int(),
  timeoutSeconds: z.number().int(),
  failuresToOpen: z.number().int(),
  successesToClose: z.number().int(),
  reminderMinutes: z.number().int(),
  enabled: z.boolean(),
  state: z.enum(CHECK_STATES).describe("unknown when no result came for two intervals"),
  stale: z.boolean(),
  lastResultAt: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  openIncidentId: z.string().nullable(),
  recentLatencies: z.array(z.number().int()).describe("the last 30 latencies in ms, oldest first"),
  createdAt: z.string(),
});

export const ZFigures = z.object({
  uptimePct: z.number().nullable().describe("up or degraded time over known, non-maintenance time"),
  upMs: z.number(),
  degradedMs: z.number(),
  downMs: z.number(),
  maintenanceMs: z.number(),
  unknownMs: z.number().describe("time no result covered (worker away, check paused)"),
  excludedMs: z.number().describe("maintenance + unknown: left out of uptimePct"),
  runs: z.number(),
  failures: z.number(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  avgMs: z.number().nullable(),
});

export const ZOverviewRow = ZCheck.extend({ targetName: z.string().nullable(), environment: z.string().nullable(), uptime24h: ZFigures });

export const ZDayBar = z.object({
  day: z.string().describe("UTC date, YYYY-MM-DD"),
  uptimePct: z.number().nullable(),
  upMs: z.number(),
  degradedMs: z.number(),
  downMs: z.number(),
  maintenanceMs: z.number(),
  unknownMs: z.number(),
});

export const ZUptime = z.object({
  checkId: z.string(),
  windows: z.object({ "24h": ZFigures, "7d": ZFigures, "30d": ZFigures, "90d": ZFigures }),
  days: z.array(ZDayBar).describe("90 UTC days, today last"),
});

export const ZLatency = z.object({
  checkId: z.string(),
  window: z.enum(["24h", "7d", "30d", "90d"]),
  points: z.array(z.object({ t: z.string(), p50: z.number().nullable(), p95: z.number().nullable(), avg: z.number().nullable(), downMs: z.number(), runs: z.number() })),
});

export const ZResult = z.object({
  checkId: z.string(),
  at: z.string().describe("the slot this run was scheduled for"),
  startedAt: z.string().nullable(),
  coverMs: z.number().describe("the time before `at` this result stands for"),
  status: z.enum(RESULT_STATUSES),
  maintenance: z.boolean(),
  latencyMs: z.number().nullable(),
  httpStatus: z.number().nullable(),
  error: z.string().nullable(),
});

const ZIncidentEvent = z.object({
  id: z.string(),
  kind: z.enum(["first_failure", "opened", "notified", "acknowledged", "note", "public_update", "recovered"]),
  at: z.string(),
  body: z.string(),
  actor: z.string(),
});

export const ZIncident = z.object({
  id: z.string(),
  projectId: z.string(),
  checkId: z.string(),
  checkName: z.string(),
  targetId: z.string().nullable(),
  number: z.number().int(),
  status: z.enum(["open", "resolved"]),
  title: z.string(),
  cause: z.string(),
  startedAt: z.string(),
  resolvedAt: z.string().nullable(),
  durationMs: z.number(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  remindersSent: z.number().int(),
  events: z.array(ZIncidentEvent).optional().describe("the timeline, on the single-incident route"),
});

export const ZProjectHealth = z.object({
  projectId: z.string(),
  slug: z.string(),
  name: z.string(),
  checks: z.number().int(),
  down: z.number().int(),
  degraded: z.number().int(),
  unknown: z.number().int(),
  openIncidents: z.number().int(),
  worst: z.enum([...CHECK_STATES, "none"]),
});

export const ZPublicStatus = z.object({
  project: z.object({ name: z.string(), slug: z.string() }),
  overall: z.enum(["operational", "degraded", "outage", "unknown"]),
  headline: z.string(),
  targets: z.array(z.object({ name: z.string(), status: z.enum(["operational", "degraded", "outage", "unknown"]), label: z.string(), uptime90dPct: z.number().nullable(), days: z.array(ZDayBar) })),
  incidents: z.array(z.object({ number: z.number(), title: z.string(), status: z.enum(["open", "resolved"]), startedAt: z.string(), resolvedAt: z.string().nullable(), updates: z.array(z.object({ at: z.string(), body: z.string() })) })),
  generatedAt: z.string(),
});
