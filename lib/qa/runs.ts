import { randomUUID } from "node:crypto";
import type { Prisma, QaRun, QaTrigger } from "@prisma/client";
import { qaRunMode, sameCheckWhere } from "./same-check";
import { db, type Tx } from "../db";
import { actorLabel, authorize, requireActor, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, parseInput } from "../errors";
import { enqueueInTx } from "../jobs/enqueue";
import { recordEvent } from "../live/events";
import { Effects } from "../deployments/core";
import { isProduction } from "../launch/gate";
import { SETTINGS } from "./kinds";
import { plainCredentialIssues, type TLoadSettings } from "./engines/load-settings";
import { mergeSecrets, openQaSecrets, qaProfileBinding, qaRunBinding, refuseSecretsFor, sealQaSecrets, visibleSettings } from "./secrets";
import {
  QA_EVENT, QA_FINISHED, ZQaListQuery, ZQaLogsQuery, ZQaRunCreate, type TQaArtifact, type TQaFinding, type TQaKind, type TQaLogLine, type TQaPoint,
  type TQaRun, type TQaRunSummary,
} from "./schemas";

// QA runs: asked for by people, CI (API tokens), schedules and deployments; run by the worker (lib/qa/runner.ts).
// Every way in goes through requestRun, so the production confirmation, the approver rule for production load tests and
// the settings check hold for all of them.

type RunWithTarget = QaRun & { target: { name: string } };

export const qaRef = (number: number) => `QA-${number}`;

export function toSummary(run: RunWithTarget): TQaRunSummary {
  return {
    id: run.id,
    number: run.number,
    ref: qaRef(run.number),
    projectId: run.projectId,
    targetId: run.targetId,
    targetName: run.target.name,
    environment: run.environment,
    baseUrl: run.baseUrl,
    kind: run.kind,
    mode: qaRunMode(run.kind, run.settings),
    status: run.status,
    trigger: run.trigger,
    profileId: run.profileId,
    deploymentId: run.deploymentId,
    requestedBy: run.requestedByLabel,
    progress: run.progress,
    progressMessage: run.progressMessage,
    summary: run.summary,
    reliable: run.reliable,
    unreliableReason: run.unreliableReason,
    findings: { new: run.findingsNew, persisting: run.findingsPersisting, fixed: run.findingsFixed, gating: run.findingsGating, needsReview: run.findingsReview },
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** Settings checked by the kind's engine schema; errors are reported under `settings.`. */
export async function checkSettings(kind: TQaKind, settings: unknown): Promise<Record<string, unknown>> {
  const parsed = parseInput(SETTINGS[kind], settings ?? {}, "settings") as Record<string, unknown>;
  const plain = kind === "load" ? plainCredentialIssues(parsed as TLoadSettings) : [];
  if (plain.length) throw new ValidationError(plain);
  return parsed;
}

/**
 * The rules every run and profile passes: production needs an explicit confirmation from a person (automatic runs rely
 * on the one given when their profile was saved), and a load test against production needs an approver.
 */
export async function checkProductionRules(ctx: Ctx, projectId: string, environment: string, kind: TQaKind, confirmed: boolean | undefined, what: "run" | "profile") {
  if (!isProduction(environment)) return;
  if (kind === "load") {
    const role = await authorize(ctx, projectId, "qa.run");
    if (role !== "approver" && role !== "admin") {
      throw new ForbiddenError(`A load test against a production target can slow the product for real users, so an approver or admin starts it${what === "profile" ? " or saves its profile" : ""}. Ask an approver, or run it against staging.`);
    }
  }
  if (confirmed !== true) {
    throw new ValidationError([
      { path: "confirmProduction", rule: "required", message: `must be true: this ${what} sends QA traffic to a production target (${environment}), which real users share` },
    ]);
  }
}

/** The project's next run number; the transaction-scoped lock makes two runs asked for at once draw in turn. */
async function nextNumber(tx: Tx, projectId: string): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"qa-number:" + projectId}))`;
  const last = await tx.qaRun.findFirst({ where: { projectId }, orderBy: { number: "desc" }, select: { number: true } });
  return (last?.number ?? 0) + 1;
}

export type RunRequest = {
  projectId: string;
  targetId: string;
  kind: TQaKind;
  settings: Record<string, unknown>;
  trigger: QaTrigger;
  profileId?: string | null;
  deploymentId?: string | null;
  /** Secret headers in the clear, sealed here to the new run. */
  secrets?: Record<string, string>;
  /**
   * A profile's secret names whose values no longer open (ENCRYPTION_KEY changed): the run is made all the same and
   * ends errored saying so, where a person sees it, instead of failing the deployment or sweep that started it.
   */
  unreadableSecretKeys?: string[];
};

/** Stored in place of an envelope: it never opens, so the runner ends the run with its "could not be decrypted" sentence. */
const UNOPENABLE = "unreadable";

/** Inserts a queued run and its job (inside the caller's transaction, so both or neither exist). */
export async function insertRun(tx: Tx, ctx: Ctx, fx: Effects, request: RunRequest): Promise<string> {
  const actor = requireActor(ctx);
  const target = await tx.target.findFirst({ where: { id: request.targetId, projectId: request.projectId }, select: { baseUrl: true, environment: true, name: true } });
  if (!target) throw new ValidationError([{ path: "targetId", rule: "exists", message: "is not a target of this project" }]);
  const run = await tx.qaRun.create({
    data: {
      number: await nextNumber(tx, request.projectId),
      projectId: request.projectId,
      targetId: request.targetId,
      profileId: request.profileId ?? null,
      deploymentId: request.deploymentId ?? null,
      kind: request.kind,
      trigger: request.trigger,
      settings: request.settings as Prisma.InputJsonValue,
      secretKeys: request.unreadableSecretKeys?.length ? [...request.unreadableSecretKeys].sort() : Object.keys(request.secrets ?? {}).sort(),
      baseUrl: target.baseUrl,
      environment: target.environment,
      requestedBy: actor.type === "user" ? actor.userId : actor.type === "token" ? actor.tokenId : null,
      requestedByLabel: actorLabel(actor),
    },
  });
  // Sealed to the run's own id, which exists only once the row does.
  if (request.unreadableSecretKeys?.length) await tx.qaRun.update({ where: { id: run.id }, data: { secretsEncrypted: UNOPENABLE } });
  else if (run.secretKeys.length) await tx.qaRun.update({ where: { id: run.id }, data: sealQaSecrets(request.secrets!, qaRunBinding(run.projectId, run.id)) });
  const jobId = `qa-${run.id}-${randomUUID().slice(0, 8)}`;
  await enqueueInTx(tx, "qa.run", jobId, { runId: run.id });
  fx.jobs.push(jobId);
  await writeAudit(tx, ctx, { projectId: request.projectId, action: "qa.run", objectType: "qa_run", objectId: run.id, after: { kind: run.kind, target: target.name, trigger: run.trigger, ref: qaRef(run.number), secretKeys: run.secretKeys } });
  fx.events.push(await recordEvent(tx, request.projectId, QA_EVENT, { runId: run.id, status: run.status, progress: 0, progressMessage: null }));
  return run.id;
}

export async function createQaRun({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TQaRun> {
  await authorize(ctx, input.projectId, "qa.run");
  const data = parseInput(ZQaRunCreate, input.data);
  const profile = data.profileId ? await db.qaProfile.findFirst({ where: { id: data.profileId, projectId: input.projectId } }) : null;
  if (data.profileId && !profile) throw new ValidationError([{ path: "profileId", rule: "exists", message: "is not a QA profile of this project" }]);
  const kind = data.kind ?? profile?.kind;
  if (!kind) throw new ValidationError([{ path: "kind", rule: "required", message: "is required (or give a profileId)" }]);
  if (profile && profile.kind !== kind) throw new ValidationError([{ path: "kind", rule: "profile", message: `must match the profile's kind (${profile.kind})` }]);
  if (profile && profile.targetId !== data.targetId) {
    throw new ValidationError([{ path: "targetId", rule: "profile", message: "must be the profile's target (its settings and secrets were saved for that target)" }]);
  }
  const targetId = data.targetId;
  const target = await db.target.findFirst({ where: { id: targetId, projectId: input.projectId }, select: { environment: true } });
  if (!target) throw new ValidationError([{ path: "targetId", rule: "exists", message: "is not a target of this project" }]);
  const settings = await checkSettings(kind, { ...((profile?.settings as Record<string, unknown>) ?? {}), ...(data.settings ?? {}) });
  refuseSecretsFor(kind, data.secrets);
  await checkProductionRules(ctx, input.projectId, target.environment, kind, data.confirmProduction, "run");
  const secrets = mergeSecrets(profile ? openQaSecrets(profile.secretsEncrypted, qaProfileBinding(profile.projectId, profile.id)) : {}, data.secrets);
  const trigger: QaTrigger = requireActor(ctx).type === "token" ? "api" : "manual";
  const fx = new Effects();
  const runId = await db.$transaction((tx) => insertRun(tx, ctx, fx, { projectId: input.projectId, targetId, kind, settings, trigger, profileId: profile?.id ?? null, secrets }));
  await fx.flush();
  return runDetail(await loadRun(runId));
}

const withTarget = { target: { select: { name: true } } } as const;

export async function listQaRuns({ ctx, input }: { ctx: Ctx; input: { projectId: string; query: unknown } }): Promise<TQaRunSummary[]> {
  await authorize(ctx, input.projectId, "qa.read");
  const q = parseInput(ZQaListQuery, input.query ?? {});
  const before = q.before ? await db.qaRun.findFirst({ where: { id: q.before, projectId: input.projectId }, select: { number: true } }) : null;
  if (q.before && !before) throw new ValidationError([{ path: "before", rule: "exists", message: "is not a QA run of this project" }]);
  const rows = await db.qaRun.findMany({
    where: { projectId: input.projectId, kind: q.kind, targetId: q.targetId, status: q.status, ...(before ? { number: { lt: before.number } } : {}) },
    orderBy: { number: "desc" },
    take: q.limit,
    include: withTarget,
  });
  return rows.map(toSummary);
}

/** A run of the project by id or by its ref ("QA-12" or "12"), as people write it in chat and CI logs. */
async function findRun(ctx: Ctx, projectId: string, runId: string): Promise<RunWithTarget> {
  await authorize(ctx, projectId, "qa.read");
  const ref = /^(?:QA-)?(\d{1,9})$/i.exec(runId.trim());
  const run = await db.qaRun.findFirst({ where: { projectId, ...(ref ? { number: Number(ref[1]) } : { id: runId }) }, include: withTarget });
  if (!run) throw new NotFoundError("QA run");
  return run;
}

/** The previous finished run of the same check on the same target (the one a run's findings are compared with). */
export async function previousRun(tx: Tx, run: Pick<QaRun, "id" | "targetId" | "kind" | "createdAt" | "settings">) {
  return tx.qaRun.findFirst({
    where: { targetId: run.targetId, kind: run.kind, ...sameCheckWhere(run.kind, run.settings), status: { in: ["passed", "failed"] }, id: { not: run.id }, createdAt: { lt: run.createdAt } },
    orderBy: { createdAt: "desc" },
    include: withTarget,
  });
}

export const artifactHref = (projectId: string, runId: string, artifactId: string) => `/api/v1/projects/${projectId}/qa-runs/${runId}/artifacts/${artifactId}`;

const loadRun = (runId: string) => db.qaRun.findUniqueOrThrow({ where: { id: runId }, include: withTarget });

async function runDetail(run: RunWithTarget): Promise<TQaRun> {
  const runId = run.id;
  const [findings, artifacts, previous] = await Promise.all([
    db.qaFinding.findMany({ where: { runId }, orderBy: [{ gating: "desc" }, { id: "asc" }] }),
    db.qaArtifact.findMany({ where: { runId }, select: { id: true, name: true, contentType: true, size: true, meta: true }, orderBy: { name: "asc" } }),
    // Only the run the findings were compared with: none yet while it runs, none for a run that errored or was cancelled.
    run.previousRunId ? db.qaRun.findUnique({ where: { id: run.previousRunId }, include: withTarget }) : null,
  ]);
  const rank = { critical: 0, serious: 1, moderate: 2, minor: 3 } as Record<string, number>;
  findings.sort((a, b) => Number(a.needsReview) - Number(b.needsReview) || (rank[a.severity] ?? 9) - (rank[b.severity] ?? 9) || a.title.localeCompare(b.title));
  return {
    ...toSummary(run),
    settings: visibleSettings(run.kind, run.settings),
    secretKeys: [...run.secretKeys].sort(),
    metrics: (run.metrics as Record<string, unknown> | null) ?? null,
    findingsList: findings.map(
      (f): TQaFinding => ({
        id: f.id,
        fingerprint: f.fingerprint,
        rule: f.rule,
        severity: f.severity as TQaFinding["severity"],
        title: f.title,
        location: f.location,
        advice: f.advice,
        detail: f.detail as Record<string, unknown>,
        needsReview: f.needsReview,
        gating: f.gating,
        change: f.change,
        firstSeenRunId: f.firstSeenRunId,
      }),
    ),
    artifacts: artifacts.map((a): TQaArtifact => ({ ...a, meta: a.meta as Record<string, unknown>, href: artifactHref(run.projectId, runId, a.id) })),
    previous: previous ? toSummary(previous) : null,
    cancelRequested: run.cancelRequestedAt !== null,
  };
}

export async function getQaRun({ ctx, input }: { ctx: Ctx; input: { projectId: string; runId: string } }): Promise<TQaRun> {
  return runDetail(await findRun(ctx, input.projectId, input.runId));
}

/** Cancels a queued run at once; a running one is asked to stop and ends "cancelled" with what it measured so far. */
export async function cancelQaRun({ ctx, input }: { ctx: Ctx; input: { projectId: string; runId: string } }): Promise<TQaRun> {
  const run = await findRun(ctx, input.projectId, input.runId);
  await authorize(ctx, run.projectId, "qa.run");
  if ((QA_FINISHED as readonly string[]).includes(run.status)) throw new ConflictError(`${qaRef(run.number)} has already finished (${run.status}); there is nothing to cancel.`);
  const by = actorLabel(requireActor(ctx));
  const fx = new Effects();
  await db.$transaction(async (tx) => {
    const now = new Date();
    const queued = await tx.qaRun.updateMany({
      where: { id: run.id, status: "queued" },
      data: { status: "cancelled", cancelRequestedAt: now, cancelledBy: by, finishedAt: now, summary: `Cancelled by ${by} before it started.` },
    });
    if (!queued.count) await tx.qaRun.updateMany({ where: { id: run.id, status: "running", cancelRequestedAt: null }, data: { cancelRequestedAt: now, cancelledBy: by } });
    await writeAudit(tx, ctx, { projectId: run.projectId, action: "qa.cancel", objectType: "qa_run", objectId: run.id, after: { ref: qaRef(run.number) } });
    const fresh = await tx.qaRun.findUniqueOrThrow({ where: { id: run.id } });
    fx.events.push(await recordEvent(tx, run.projectId, QA_EVENT, { runId: run.id, status: fresh.status, progress: fresh.progress, progressMessage: fresh.progressMessage }));
  });
  await fx.flush();
  return runDetail(await loadRun(run.id));
}

export async function qaRunLogs({ ctx, input }: { ctx: Ctx; input: { projectId: string; runId: string; query: unknown } }): Promise<TQaLogLine[]> {
  const run = await findRun(ctx, input.projectId, input.runId);
  const q = parseInput(ZQaLogsQuery, input.query ?? {});
  const rows = await db.qaLog.findMany({ where: { runId: run.id, ...(q.after ? { id: { gt: BigInt(q.after) } } : {}) }, orderBy: { id: "asc" }, take: q.limit });
  return rows.map((l) => ({ id: l.id.toString(), at: l.at.toISOString(), level: l.level as TQaLogLine["level"], message: l.message }));
}

export async function qaRunPoints({ ctx, input }: { ctx: Ctx; input: { projectId: string; runId: string } }): Promise<TQaPoint[]> {
  const run = await findRun(ctx, input.projectId, input.runId);
  const rows = await db.qaPoint.findMany({ where: { runId: run.id }, orderBy: { t: "asc" } });
  return rows.map((p) => ({ ...(p.data as Record<string, number>), t: p.t }));
}

/** An artifact's bytes, for the run page (screenshots side by side) and downloads. */
export async function qaArtifact({ ctx, input }: { ctx: Ctx; input: { projectId: string; runId: string; artifactId: string } }) {
  const run = await findRun(ctx, input.projectId, input.runId);
  const artifact = await db.qaArtifact.findFirst({ where: { id: input.artifactId, runId: run.id } });
  if (!artifact) throw new NotFoundError("Artifact");
  return artifact;
}

