import type { FeedbackSeverity, FeedbackStatus, Prisma } from "@prisma/client";
import { db } from "../db";
import { NotFoundError } from "../errors";
import { launchDetail } from "../launch/view";
import type { TLaunchDetail } from "../launch/schemas";
import { checkFigures, dailyBars, latencySeries, type DayBar, type Figures } from "../monitoring/uptime";
import { fbRef } from "../feedback/schemas";
import { qaRef } from "../qa/runs";
import { openPrompts } from "../markdown/render";

// Everything the handoff pack says, read once from Postgres into plain data, so the Markdown, the HTML and the PDF
// all say the same thing and the renderers need no database.
//
// Secrets: every query below selects its columns by name. Targets, checks, channels and feedback settings carry
// encrypted columns (and hook URLs); a spread row or an `include` of a whole model would put them one template
// mistake away from a file the team hands to someone else.

const DAY = 86_400_000;
/** A runbook page not reviewed for this long is flagged in the pack. */
export const REVIEW_STALE_DAYS = 90;
export const INCIDENT_DAYS = 90;
export const DEPLOYMENT_HISTORY = 50;
const TOP_FEEDBACK = 10;
const TOP_FINDINGS = 5;

export const OPEN_FEEDBACK: FeedbackStatus[] = ["new", "accepted", "planned", "in_progress"];
const KNOWN_ISSUE_SEVERITIES: FeedbackSeverity[] = ["critical", "high"];

type Person = { name: string; email: string } | null;

export type HandoffTarget = {
  id: string;
  name: string;
  environment: string;
  baseUrl: string;
  healthPath: string;
  providerKind: string;
  /** Names of the configured secrets (values never leave the database). */
  secretNames: string[];
  policy: {
    approvalsRequired: number;
    approverRoles: string[];
    approvalExpiryMinutes: number;
    queuePolicy: string;
    verifySeconds: number;
    autoRollback: boolean;
    publicStatus: boolean;
    locked: { at: string; reason: string | null; by: string | null } | null;
  };
  checks: { name: string; kind: string; intervalSeconds: number; enabled: boolean; state: string }[];
};

export type HandoffChecklistItemExtras = {
  evidence: { kind: string; url: string | null; text: string; addedBy: string; createdAt: string }[];
  comments: { author: string; body: string; createdAt: string }[];
};

export type HandoffLaunch = TLaunchDetail & { active: boolean; extras: Record<string, HandoffChecklistItemExtras> };

export type HandoffDeployment = {
  number: number;
  targetName: string;
  environment: string;
  version: string;
  kind: string;
  status: string;
  requestedBy: string;
  reason: string;
  failureReason: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type HandoffLive = {
  targetName: string;
  environment: string;
  version: string | null;
  deploymentNumber: number | null;
  since: string | null;
};

export type HandoffUptimeDay = { day: string; uptimePct: number | null; downMs: number; p50: number | null; p95: number | null };

export type HandoffCheckUptime = {
  id: string;
  name: string;
  kind: string;
  targetName: string | null;
  state: string;
  enabled: boolean;
  windows: { "30d": Figures; "90d": Figures };
  /** One entry per UTC day, oldest first, today last (partial): 90 of them. */
  days: HandoffUptimeDay[];
};

export type HandoffIncident = {
  number: number;
  title: string;
  status: string;
  cause: string;
  checkName: string;
  startedAt: string;
  resolvedAt: string | null;
  acknowledgedBy: string | null;
  durationMs: number | null;
};

export type HandoffQaRun = {
  ref: string;
  targetName: string;
  environment: string;
  kind: string;
  status: string;
  summary: string | null;
  reliable: boolean;
  unreliableReason: string | null;
  finishedAt: string | null;
  findings: { new: number; persisting: number; fixed: number; gating: number; needsReview: number };
  topFindings: { severity: string; title: string; location: string; advice: string; gating: boolean; needsReview: boolean }[];
};

export type HandoffFeedback = {
  ref: string;
  type: string;
  title: string;
  body: string;
  status: string;
  severity: string | null;
  voteCount: number;
  labels: string[];
  createdAt: string;
};

export type HandoffRoadmapItem = {
  kind: "planned" | "scalability" | "known_issue";
  status: string;
  title: string;
  notes: string;
  owner: Person;
  targetRelease: string | null;
  feedback: { ref: string; title: string } | null;
};

export type HandoffRunbook = {
  key: string;
  title: string;
  body: string;
  owner: Person;
  reviewedAt: string | null;
  updatedAt: string;
  template: string | null;
  openPrompts: string[];
  /** Never reviewed, or last reviewed more than REVIEW_STALE_DAYS ago. */
  stale: boolean;
};

export type HandoffData = {
  generatedAt: string;
  project: { id: string; slug: string; name: string; description: string; createdAt: string };
  members: { name: string; email: string; role: string }[];
  targets: HandoffTarget[];
  notificationChannels: { name: string; format: string; events: string[]; enabled: boolean }[];
  launches: HandoffLaunch[];
  deployments: { history: HandoffDeployment[]; live: HandoffLive[]; total: number };
  uptime: HandoffCheckUptime[];
  incidents: HandoffIncident[];
  qa: HandoffQaRun[];
  feedback: { openCount: number; bySeverity: Record<FeedbackSeverity | "unset", number>; byType: Record<string, number>; top: HandoffFeedback[] };
  knownIssues: { roadmap: HandoffRoadmapItem[]; bugs: HandoffFeedback[] };
  runbooks: HandoffRunbook[];
  roadmap: HandoffRoadmapItem[];
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const person = { select: { name: true, email: true } } as const;

const FEEDBACK_SELECT = {
  number: true, type: true, title: true, body: true, status: true, severity: true, voteCount: true, labels: true, createdAt: true,
} satisfies Prisma.FeedbackItemSelect;

function toFeedback(r: Prisma.FeedbackItemGetPayload<{ select: typeof FEEDBACK_SELECT }>): HandoffFeedback {
  return {
    ref: fbRef(r.number), type: r.type, title: r.title, body: r.body, status: r.status, severity: r.severity, voteCount: r.voteCount, labels: r.labels,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function gatherHandoff(projectId: string, now = new Date()): Promise<HandoffData> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, slug: true, name: true, description: true, createdAt: true } });
  if (!project) throw new NotFoundError("Project");
  const [members, targets, channels, launches, deployments, uptime, incidents, qa, feedback, runbooks, roadmap] = await Promise.all([
    gatherMembers(projectId),
    gatherTargets(projectId),
    db.notificationChannel.findMany({ where: { projectId }, select: { name: true, format: true, events: true, enabled: true }, orderBy: { name: "asc" } }),
    gatherLaunches(projectId, now),
    gatherDeployments(projectId),
    gatherUptime(projectId, now),
    gatherIncidents(projectId, now),
    gatherQa(projectId),
    gatherFeedback(projectId),
    gatherRunbooks(projectId, now),
    gatherRoadmap(projectId),
  ]);
  return {
    generatedAt: now.toISOString(),
    project: { ...project, createdAt: project.createdAt.toISOString() },
    members,
    targets,
    notificationChannels: channels,
    launches,
    deployments,
    uptime,
    incidents,
    qa,
    feedback: feedback.summary,
    knownIssues: { roadmap: roadmap.filter((r) => r.kind === "known_issue" && (r.status === "open" || r.status === "in_progress")), bugs: feedback.bugs },
    runbooks,
    roadmap,
  };
}

async function gatherMembers(projectId: string) {
  const rows = await db.membership.findMany({ where: { projectId }, select: { role: true, user: person } });
  const rank = { admin: 0, approver: 1, member: 2, viewer: 3 } as Record<string, number>;
  return rows
    .map((m) => ({ name: m.user.name, email: m.user.email, role: m.role as string }))
    .sort((a, b) => rank[a.role] - rank[b.role] || a.name.localeCompare(b.name));
}

async function gatherTargets(projectId: string): Promise<HandoffTarget[]> {
  const rows = await db.target.findMany({
    where: { projectId },
    select: {
      id: true, name: true, environment: true, baseUrl: true, healthPath: true, providerKind: true, secretKeys: true, approvalsRequired: true, approverRoles: true,
      approvalExpiryMinutes: true, queuePolicy: true, verifySeconds: true, autoRollback: true, publicStatus: true, lockedAt: true, lockedReason: true, lockedBy: true,
      checks: { select: { name: true, kind: true, intervalSeconds: true, enabled: true, state: true }, orderBy: { name: "asc" } },
    },
    orderBy: { name: "asc" },
  });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    environment: t.environment,
    baseUrl: t.baseUrl,
    healthPath: t.healthPath,
    providerKind: t.providerKind,
    secretNames: [...t.secretKeys].sort(),
    policy: {
      approvalsRequired: t.approvalsRequired,
      approverRoles: t.approverRoles,
      approvalExpiryMinutes: t.approvalExpiryMinutes,
      queuePolicy: t.queuePolicy,
      verifySeconds: t.verifySeconds,
      autoRollback: t.autoRollback,
      publicStatus: t.publicStatus,
      locked: t.lockedAt ? { at: t.lockedAt.toISOString(), reason: t.lockedReason, by: t.lockedBy } : null,
    },
    checks: t.checks.map((c) => ({ name: c.name, kind: c.kind, intervalSeconds: c.intervalSeconds, enabled: c.enabled, state: c.state })),
  }));
}

/** The active launch first, then archived ones newest first: a team that relaunched hands over both checklists. */
async function gatherLaunches(projectId: string, now: Date): Promise<HandoffLaunch[]> {
  const launches = await db.launch.findMany({ where: { projectId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  launches.sort((a, b) => Number(a.archivedAt !== null) - Number(b.archivedAt !== null));
  const out: HandoffLaunch[] = [];
  for (const launch of launches) {
    const detail = await launchDetail(db, launch, now);
    const [evidence, comments] = await Promise.all([
      db.checklistEvidence.findMany({ where: { item: { launchId: launch.id } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
      db.checklistComment.findMany({ where: { item: { launchId: launch.id } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    ]);
    const extras: Record<string, HandoffChecklistItemExtras> = {};
    const of = (itemId: string) => (extras[itemId] ??= { evidence: [], comments: [] });
    for (const e of evidence) of(e.itemId).evidence.push({ kind: e.kind, url: e.url, text: e.text, addedBy: e.addedBy, createdAt: e.createdAt.toISOString() });
    for (const c of comments) of(c.itemId).comments.push({ author: c.author, body: c.body, createdAt: c.createdAt.toISOString() });
    out.push({ ...detail, active: launch.archivedAt === null, extras });
  }
  return out;
}

async function gatherDeployments(projectId: string): Promise<HandoffData["deployments"]> {
  const select = {
    number: true, kind: true, status: true, requestedBy: true, reason: true, failureReason: true, createdAt: true, finishedAt: true,
    target: { select: { name: true, environment: true } },
    release: { select: { version: true } },
  } satisfies Prisma.DeploymentSelect;
  const [rows, total, targets] = await Promise.all([
    db.deployment.findMany({ where: { projectId }, select, orderBy: [{ number: "desc" }], take: DEPLOYMENT_HISTORY }),
    db.deployment.count({ where: { projectId } }),
    db.target.findMany({ where: { projectId }, select: { name: true, environment: true, liveDeploymentId: true }, orderBy: { name: "asc" } }),
  ]);
  // Target.liveDeploymentId is what the deploy runner sets when a deployment succeeds or a rollback lands: the
  // same "live now" the target pages show.
  const liveIds = targets.flatMap((t) => (t.liveDeploymentId ? [t.liveDeploymentId] : []));
  const live = new Map(
    (await db.deployment.findMany({ where: { id: { in: liveIds } }, select: { id: true, number: true, finishedAt: true, release: { select: { version: true } } } })).map((d) => [d.id, d]),
  );
  return {
    total,
    history: rows.map((d) => ({
      number: d.number, targetName: d.target.name, environment: d.target.environment, version: d.release.version, kind: d.kind, status: d.status, requestedBy: d.requestedBy,
      reason: d.reason, failureReason: d.failureReason, createdAt: d.createdAt.toISOString(), finishedAt: iso(d.finishedAt),
    })),
    live: targets.map((t) => {
      const d = t.liveDeploymentId ? live.get(t.liveDeploymentId) : undefined;
      return { targetName: t.name, environment: t.environment, version: d?.release.version ?? null, deploymentNumber: d?.number ?? null, since: iso(d?.finishedAt) };
    }),
  };
}

async function gatherUptime(projectId: string, now: Date): Promise<HandoffCheckUptime[]> {
  const checks = await db.check.findMany({
    where: { projectId },
    select: { id: true, name: true, kind: true, state: true, enabled: true, createdAt: true, target: { select: { name: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  const t = now.getTime();
  return Promise.all(
    checks.map(async (c) => {
      // The same functions the check page uses, so the pack's figures are the page's figures at `now`.
      const [figures, bars, latency] = await Promise.all([checkFigures(c, t), dailyBars([c], 90, t), latencySeries(c.id, "90d", t)]);
      const latencyByDay = new Map(latency.map((p) => [p.t.slice(0, 10), p]));
      const days = bars.map((b: DayBar) => {
        const l = latencyByDay.get(b.day);
        return { day: b.day, uptimePct: b.uptimePct, downMs: b.downMs, p50: l?.p50 ?? null, p95: l?.p95 ?? null };
      });
      return {
        id: c.id, name: c.name, kind: c.kind, targetName: c.target?.name ?? null, state: c.state, enabled: c.enabled,
        windows: { "30d": figures["30d"], "90d": figures["90d"] }, days,
      };
    }),
  );
}

async function gatherIncidents(projectId: string, now: Date): Promise<HandoffIncident[]> {
  const since = new Date(now.getTime() - INCIDENT_DAYS * DAY);
  const rows = await db.incident.findMany({
    where: { projectId, OR: [{ startedAt: { gte: since } }, { status: "open" }] },
    select: { number: true, title: true, status: true, cause: true, startedAt: true, resolvedAt: true, acknowledgedBy: true, check: { select: { name: true } } },
    orderBy: [{ startedAt: "desc" }, { number: "desc" }],
  });
  return rows.map((i) => ({
    number: i.number, title: i.title, status: i.status, cause: i.cause, checkName: i.check.name, startedAt: i.startedAt.toISOString(), resolvedAt: iso(i.resolvedAt),
    acknowledgedBy: i.acknowledgedBy, durationMs: i.resolvedAt ? i.resolvedAt.getTime() - i.startedAt.getTime() : null,
  }));
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, serious: 1, moderate: 2, minor: 3 };

/** The latest finished run of each kind on each target: what the team last measured, not what is queued. */
async function gatherQa(projectId: string): Promise<HandoffQaRun[]> {
  const runs = await db.qaRun.findMany({
    where: { projectId, status: { in: ["passed", "failed", "errored"] }, finishedAt: { not: null } },
    distinct: ["targetId", "kind"],
    orderBy: [{ targetId: "asc" }, { kind: "asc" }, { finishedAt: "desc" }, { number: "desc" }],
    select: {
      id: true, number: true, kind: true, status: true, summary: true, reliable: true, unreliableReason: true, finishedAt: true, environment: true,
      findingsNew: true, findingsPersisting: true, findingsFixed: true, findingsGating: true, findingsReview: true, target: { select: { name: true } },
    },
  });
  const findings = await db.qaFinding.findMany({
    // "fixed" rows are copies of problems that went away; the pack lists what is still there.
    where: { runId: { in: runs.map((r) => r.id) }, change: { not: "fixed" } },
    select: { runId: true, severity: true, title: true, location: true, advice: true, gating: true, needsReview: true },
  });
  return runs
    .map((r) => {
      const top = findings
        .filter((f) => f.runId === r.id)
        .sort((a, b) => Number(b.gating) - Number(a.gating) || (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) || a.title.localeCompare(b.title))
        .slice(0, TOP_FINDINGS)
        .map(({ severity, title, location, advice, gating, needsReview }) => ({ severity, title, location, advice, gating, needsReview }));
      return {
        ref: qaRef(r.number), targetName: r.target.name, environment: r.environment, kind: r.kind, status: r.status, summary: r.summary, reliable: r.reliable,
        unreliableReason: r.unreliableReason, finishedAt: iso(r.finishedAt),
        findings: { new: r.findingsNew, persisting: r.findingsPersisting, fixed: r.findingsFixed, gating: r.findingsGating, needsReview: r.findingsReview },
        topFindings: top,
      };
    })
    .sort((a, b) => a.targetName.localeCompare(b.targetName) || a.kind.localeCompare(b.kind));
}

async function gatherFeedback(projectId: string) {
  const open = { projectId, status: { in: OPEN_FEEDBACK } };
  const [openCount, bySeverity, byType, top, bugs] = await Promise.all([
    db.feedbackItem.count({ where: open }),
    db.feedbackItem.groupBy({ by: ["severity"], where: open, _count: { _all: true } }),
    db.feedbackItem.groupBy({ by: ["type"], where: open, _count: { _all: true } }),
    db.feedbackItem.findMany({ where: open, select: FEEDBACK_SELECT, orderBy: [{ voteCount: "desc" }, { createdAt: "asc" }, { number: "asc" }], take: TOP_FEEDBACK }),
    db.feedbackItem.findMany({
      where: { ...open, type: "bug", severity: { in: KNOWN_ISSUE_SEVERITIES } },
      select: FEEDBACK_SELECT,
      orderBy: [{ severity: "asc" }, { voteCount: "desc" }, { number: "asc" }],
    }),
  ]);
  const severities: Record<FeedbackSeverity | "unset", number> = { critical: 0, high: 0, medium: 0, low: 0, unset: 0 };
  for (const g of bySeverity) severities[g.severity ?? "unset"] += g._count._all;
  const types: Record<string, number> = {};
  for (const g of byType) types[g.type] = g._count._all;
  return { summary: { openCount, bySeverity: severities, byType: types, top: top.map(toFeedback) }, bugs: bugs.map(toFeedback) };
}

async function gatherRunbooks(projectId: string, now: Date): Promise<HandoffRunbook[]> {
  const rows = await db.runbookPage.findMany({
    where: { projectId },
    select: { key: true, title: true, body: true, template: true, reviewedAt: true, updatedAt: true, owner: person },
    orderBy: [{ key: "asc" }],
  });
  const staleBefore = now.getTime() - REVIEW_STALE_DAYS * DAY;
  return rows.map((p) => ({
    key: p.key, title: p.title, body: p.body, owner: p.owner, reviewedAt: iso(p.reviewedAt), updatedAt: p.updatedAt.toISOString(), template: p.template,
    openPrompts: openPrompts(p.body), stale: !p.reviewedAt || p.reviewedAt.getTime() < staleBefore,
  }));
}

async function gatherRoadmap(projectId: string): Promise<HandoffRoadmapItem[]> {
  const rows = await db.roadmapItem.findMany({
    where: { projectId, status: { not: "dropped" } },
    select: {
      kind: true, status: true, title: true, notes: true, targetRelease: true, owner: person, feedbackItem: { select: { number: true, title: true } },
    },
    orderBy: [{ kind: "asc" }, { position: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((r) => ({
    kind: r.kind, status: r.status, title: r.title, notes: r.notes, owner: r.owner, targetRelease: r.targetRelease,
    feedback: r.feedbackItem ? { ref: fbRef(r.feedbackItem.number), title: r.feedbackItem.title } : null,
  }));
}
