import { db } from "../db";
import { NotFoundError } from "../errors";
import { toCheck, byUrgency, type TCheck } from "./checks";
import { dailyBars, type DayBar } from "./uptime";

// The public status page (/status/<slug>): only targets an admin opted in, by name and status. Never URLs, check
// settings, assertions or error text; incident causes are replaced by a plain sentence, and notes appear only when
// someone posted them as public updates.

export type PublicTarget = { name: string; status: "operational" | "degraded" | "outage" | "unknown"; label: string; uptime90dPct: number | null; days: DayBar[] };
export type PublicIncident = { number: number; title: string; status: "open" | "resolved"; startedAt: string; resolvedAt: string | null; updates: { at: string; body: string }[] };
export type PublicStatus = { project: { name: string; slug: string }; overall: PublicTarget["status"]; headline: string; targets: PublicTarget[]; incidents: PublicIncident[]; generatedAt: string };

const STATUS: Record<TCheck["state"], PublicTarget["status"]> = { up: "operational", degraded: "degraded", down: "outage", unknown: "unknown", paused: "unknown" };
const LABEL: Record<PublicTarget["status"], string> = { operational: "Operational", degraded: "Degraded performance", outage: "Outage", unknown: "Status unknown" };
const RANK: Record<PublicTarget["status"], number> = { outage: 0, degraded: 1, unknown: 2, operational: 3 };

export async function publicStatus(slug: string, now = Date.now()): Promise<PublicStatus> {
  const project = await db.project.findUnique({
    where: { slug },
    select: { id: true, name: true, slug: true, targets: { where: { publicStatus: true }, orderBy: { createdAt: "asc" }, select: { id: true, name: true, checks: true } } },
  });
  if (!project || !project.targets.length) throw new NotFoundError("Status page");
  const targets: PublicTarget[] = [];
  for (const t of project.targets) {
    const checks = t.checks.map((c) => toCheck(c, now)).sort(byUrgency);
    const status = checks.length ? STATUS[checks[0].state] : "unknown";
    const days = await dailyBars(t.checks, 90, now);
    const up = days.reduce((s, d) => s + d.upMs + d.degradedMs, 0);
    const known = days.reduce((s, d) => s + d.upMs + d.degradedMs + d.downMs, 0);
    targets.push({ name: t.name, status, label: LABEL[status], uptime90dPct: known ? (100 * up) / known : null, days });
  }
  const checkIds = project.targets.flatMap((t) => t.checks.map((c) => c.id));
  const targetOf = new Map(project.targets.flatMap((t) => t.checks.map((c) => [c.id, t.name] as const)));
  const incidents = await db.incident.findMany({
    where: { projectId: project.id, checkId: { in: checkIds }, OR: [{ status: "open" }, { startedAt: { gte: new Date(now - 14 * 86_400_000) } }] },
    include: { events: { where: { kind: { in: ["opened", "public_update", "recovered"] } }, orderBy: { at: "desc" } } },
    orderBy: { startedAt: "desc" },
    take: 20,
  });
  const overall = targets.reduce<PublicTarget["status"]>((w, t) => (RANK[t.status] < RANK[w] ? t.status : w), "operational");
  return {
    project: { name: project.name, slug: project.slug },
    overall,
    headline: overall === "operational" ? "All systems operational" : overall === "outage" ? "Some systems are down" : overall === "degraded" ? "Some systems are degraded" : "Some statuses are unknown",
    targets,
    incidents: incidents.map((i) => {
      const name = targetOf.get(i.checkId) ?? "A service";
      return {
        number: i.number,
        title: `${name} outage`,
        status: i.status,
        startedAt: i.startedAt.toISOString(),
        resolvedAt: i.resolvedAt?.toISOString() ?? null,
        updates: i.events.map((e) => ({
          at: e.at.toISOString(),
          body: e.kind === "public_update" ? e.body : e.kind === "opened" ? `We are investigating a problem with ${name}.` : `${name} has recovered.`,
        })),
      };
    }),
    generatedAt: new Date(now).toISOString(),
  };
}
