import { z } from "zod";
import type { Target } from "@prisma/client";
import { db, type Tx } from "../../db";
import { ValidationError } from "../../errors";
import { toCheck } from "../../monitoring/checks";
import { uptimeFor, type WindowName } from "../../monitoring/uptime";
import { healthUrl } from "../../targets/schemas";
import type { BindingSource } from "../bindings";
import { ZId, duration, percent, projectSlug, resolveTarget, restOf, targetName } from "./shared";

// Monitoring facts: uptime over a window, and health right now. Both read what the ingest already stored (roll-ups,
// the check's state, open incidents); nothing here probes.

const WINDOW_DAYS = [1, 7, 30, 90] as const;
const WINDOW_OF: Record<(typeof WINDOW_DAYS)[number], WindowName> = { 1: "24h", 7: "7d", 30: "30d", 90: "90d" };
const windowLabel = (days: number) => (days === 1 ? "24 hours" : `${days} days`);

export const ZUptimeBinding = z.object({
  targetId: ZId,
  checkId: ZId,
  windowDays: z.literal(WINDOW_DAYS, { error: "must be 1, 7, 30 or 90" }).default(7),
  minPercent: z.number({ error: "must be a number" }).min(0, "must be at least 0").max(100, "must be at most 100").default(99.9),
});
export type TUptimeBinding = z.infer<typeof ZUptimeBinding>;

export const ZCheckHealthyBinding = z.object({ targetId: ZId, checkId: ZId });
export type TCheckHealthyBinding = z.infer<typeof ZCheckHealthyBinding>;

/**
 * The check a binding watches: the one named (it must watch that target), else the target's default check — the HTTP
 * check on its health URL that every new target gets (kept on that URL when the target's URL moves), else its oldest.
 */
async function pickCheck(tx: Tx, target: Target, checkId: unknown) {
  if (checkId !== undefined && checkId !== null) {
    if (typeof checkId !== "string" || !checkId.trim()) throw new ValidationError([{ path: "checkId", rule: "invalid_type", message: "must be a check id" }]);
    const check = await tx.check.findFirst({ where: { id: checkId.trim(), projectId: target.projectId, targetId: target.id } });
    if (!check) throw new ValidationError([{ path: "checkId", rule: "not_found", message: "is not a check of that target" }]);
    return check;
  }
  const checks = await tx.check.findMany({ where: { targetId: target.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const url = healthUrl(target.baseUrl, target.healthPath);
  return checks.find((c) => c.kind === "http" && (c.settings as { url?: unknown }).url === url) ?? checks[0] ?? null;
}

async function resolveCheckParams(tx: Tx, projectId: string, raw: Record<string, unknown>) {
  const target = await resolveTarget(tx, projectId, raw);
  if (!target) return null;
  const check = await pickCheck(tx, target, raw.checkId);
  if (!check) return null;
  return { ...restOf(raw), targetId: target.id, checkId: check.id };
}

async function checkName(tx: Tx, projectId: string, checkId: string) {
  const check = await tx.check.findFirst({ where: { id: checkId, projectId }, select: { name: true } });
  return check?.name ?? "a deleted check";
}

const openIncident = (checkId: string) =>
  db.incident.findFirst({ where: { checkId, status: "open" }, orderBy: { startedAt: "desc" }, select: { number: true, startedAt: true } });

const incidentWords = (incident: { number: number; startedAt: Date } | null, now: Date) =>
  incident ? `incident #${incident.number} open for ${duration(now.getTime() - incident.startedAt.getTime())}` : "no open incident";

const GONE = { ok: false, summary: "The check this item watches was deleted; bind the item to another check.", href: null };

export const uptimeSource: BindingSource<TUptimeBinding> = {
  kind: "uptime",
  label: "Uptime",
  description: "Uptime of a health check over a window is at least a percentage, and the check has no open incident.",
  params: [
    { name: "targetId", description: "the target (templates: environment, e.g. \"production\")", required: true },
    { name: "checkId", description: "the check; the target's health-endpoint check when left out", required: false },
    { name: "windowDays", description: "1, 7, 30 or 90 (default 7)", required: false },
    { name: "minPercent", description: "0–100 (default 99.9)", required: false },
  ],
  schema: ZUptimeBinding,
  resolve: async (tx, projectId, raw) => (await resolveCheckParams(tx, projectId, raw)) as TUptimeBinding | null,
  describe: async (tx, projectId, p) =>
    `Uptime ≥ ${p.minPercent}% over ${windowLabel(p.windowDays)} on ${await targetName(tx, projectId, p.targetId)} (${await checkName(tx, projectId, p.checkId)})`,
  async evaluate(projectId, p, now) {
    const check = await db.check.findFirst({ where: { id: p.checkId, projectId }, select: { id: true, createdAt: true } });
    if (!check) return GONE;
    const [figures, incident, slug] = await Promise.all([
      uptimeFor([check], WINDOW_OF[p.windowDays], now.getTime()).then((m) => m.get(check.id)!),
      openIncident(check.id),
      projectSlug(projectId),
    ]);
    const href = `/projects/${slug}/uptime/${check.id}`;
    const over = windowLabel(p.windowDays);
    if (figures.uptimePct === null) return { ok: false, summary: `No results yet in the last ${over}; ${incidentWords(incident, now)}`, href };
    const down = figures.downMs > 0 ? `${duration(figures.downMs)} down` : "no downtime";
    const summary = `${percent(figures.uptimePct)} up over ${over} (${down}); ${incidentWords(incident, now)}`;
    return { ok: figures.uptimePct >= p.minPercent && !incident, summary, href };
  },
};

export const checkHealthySource: BindingSource<TCheckHealthyBinding> = {
  kind: "check_healthy",
  label: "Health check passing",
  description: "A health check is up (or degraded) right now and has no open incident.",
  params: [
    { name: "targetId", description: "the target (templates: environment, e.g. \"production\")", required: true },
    { name: "checkId", description: "the check; the target's health-endpoint check when left out", required: false },
  ],
  schema: ZCheckHealthyBinding,
  resolve: async (tx, projectId, raw) => {
    const params = await resolveCheckParams(tx, projectId, raw);
    return params && { targetId: params.targetId, checkId: params.checkId };
  },
  describe: async (tx, projectId, p) =>
    `${await checkName(tx, projectId, p.checkId)} on ${await targetName(tx, projectId, p.targetId)} is up, with no open incident`,
  async evaluate(projectId, p, now) {
    const row = await db.check.findFirst({ where: { id: p.checkId, projectId } });
    if (!row) return GONE;
    const [incident, slug] = await Promise.all([openIncident(row.id), projectSlug(projectId)]);
    const check = toCheck(row, now.getTime());
    const healthy = check.state === "up" || check.state === "degraded";
    const latency = healthy && check.lastLatencyMs !== null ? `, ${check.lastLatencyMs} ms` : "";
    const why = !healthy && check.state === "down" && check.lastError ? ` (${check.lastError})` : "";
    const state =
      check.state === "unknown" ? (row.lastResultAt ? "unknown (results stopped coming)" : "unknown (no results yet)") : check.state;
    const summary = `${check.name}: ${state}${latency}${why}${incident ? `; ${incidentWords(incident, now)}` : ""}`;
    return { ok: healthy && !incident, summary, href: `/projects/${slug}/uptime/${row.id}` };
  },
};
