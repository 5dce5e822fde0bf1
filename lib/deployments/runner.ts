import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { systemCtx, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { decryptSecrets } from "../crypto/secrets";
import { env } from "../env";
import { log } from "../observability/log";
import { publishEvents, recordEvent, type LiveEvent } from "../live/events";
import { networkPolicy } from "../settings/instance";
import { healthUrl } from "../targets/schemas";
import { probe } from "../targets/connection-tests";
import { adapterFor } from "./adapters";
import { sleep } from "./adapters/provider-http";
import { ProviderError, type AdapterContext, type DeployAdapter, type PollResult, type TriggerResult } from "./adapters/types";
import {
  DEPLOYMENT_LOG_EVENT, Effects, announce, closeOpenSteps, configHashOf, enqueueRun, finishStep, loadDeployment, notifyDeploy,
  overridesOf, startStep, validApprovals, type DeploymentRow,
} from "./core";
import { blocking, evaluateGates } from "./gates";
import { lockInTx, voidApprovalsAfterChange } from "./deployments";
import { queueRunsAfterDeploy } from "../qa/profiles";
import { releaseFixedItems } from "../feedback/items";

// The worker side of a deployment. A run holds a lease on the row (token + expiry) that it renews; every write is
// conditional on the token, so a worker that lost its lease (paused, partitioned, presumed dead) cannot overwrite the
// one that took over. The provider's deploy id is saved before the run waits on it, so a worker that resumes a
// deployment polls that deploy instead of starting a second one.

export const LOG_MAX_LINES = 5000;
const LOG_FLUSH_MS = 100;
const MAX_POLL_ERRORS = 10;
const MAX_RATE_LIMIT_WAITS = 8;
const FAILURES_TO_FAIL_VERIFY = 2;

class LeaseLost extends Error {
  constructor() {
    super("Another worker holds this deployment's lease now");
  }
}
class Stopped extends Error {
  constructor(readonly why: "cancel" | "lease") {
    super(why);
  }
}


/** Buffers log lines and writes them as chunks every 100 ms: one row, one live event per chunk. */
class LogWriter {
  private buffer: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private truncated: boolean;
  constructor(private readonly run: Run, private next: number, truncated: boolean) {
    this.truncated = truncated;
  }
  line = (text: string) => {
    if (this.truncated) return;
    for (const part of String(text).split(/\r?\n/)) this.buffer.push(part.length > 2000 ? `${part.slice(0, 2000)}…` : part);
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), LOG_FLUSH_MS);
  };
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(() => this.write()).catch((error) => log.warn("deploy.log_write_failed", { error: (error as Error).message }));
    return this.writing;
  }
  private async write() {
    if (!this.buffer.length || this.truncated) return;
    let lines = this.buffer.splice(0);
    let truncate = false;
    if (this.next + lines.length >= LOG_MAX_LINES) {
      lines = lines.slice(0, Math.max(0, LOG_MAX_LINES - this.next - 1));
      lines.push(`[T-Minus] The log stops here: it reached ${LOG_MAX_LINES} lines. The provider keeps the full log.`);
      truncate = true;
    }
    const firstLine = this.next;
    const event = await this.run.write(async (tx) => {
      await tx.deploymentLogChunk.create({ data: { deploymentId: this.run.id, firstLine, lines } });
      return recordEvent(tx, this.run.projectId, DEPLOYMENT_LOG_EVENT, { deploymentId: this.run.id, firstLine, lines });
    }, { logLineCount: { increment: lines.length }, ...(truncate ? { logTruncated: true } : {}) });
    this.next += lines.length;
    if (truncate) this.truncated = true;
    await publishEvents([event]);
  }
}

type Run = {
  id: string;
  projectId: string;
  token: string;
  flushLog?: () => Promise<void>;
  /** A transaction whose deployment update only applies while this run holds the lease; throws LeaseLost otherwise. */
  write<T>(fn: (tx: Tx) => Promise<T>, data?: Prisma.DeploymentUpdateManyMutationInput): Promise<T>;
};

function leasedRun(id: string, projectId: string, token: string): Run {
  return {
    id,
    projectId,
    token,
    async write(fn, data = {}) {
      return db.$transaction(async (tx) => {
        const n = await tx.deployment.updateMany({ where: { id, leaseToken: token }, data: { ...data, updatedAt: new Date() } });
        if (n.count === 0) throw new LeaseLost();
        return fn(tx);
      });
    },
  };
}

const leaseUntil = () => new Date(Date.now() + env.DEPLOY_LEASE_MS);

/** Takes the lease if nobody holds a live one. Queued, running and verifying deployments can be claimed. */
async function claim(id: string, owner: string): Promise<string | null> {
  const token = randomUUID();
  const now = new Date();
  const n = await db.deployment.updateMany({
    where: {
      id,
      status: { in: ["queued", "running", "verifying"] },
      OR: [{ leaseToken: null }, { leaseToken: { startsWith: "resume:" } }, { leaseExpiresAt: { lt: now } }],
    },
    data: { leaseToken: token, leaseExpiresAt: leaseUntil(), leaseOwner: owner, runAttempts: { increment: 1 } },
  });
  return n.count ? token : null;
}

async function releaseLease(id: string, token: string) {
  await db.deployment.updateMany({ where: { id, leaseToken: token }, data: { leaseToken: null, leaseExpiresAt: null, leaseOwner: null } });
}

/** Asks a worker to start the oldest deployment queued on the target (called whenever one ends). */
export async function kickTarget(targetId: string) {
  const fx = new Effects();
  await db.$transaction(async (tx) => {
    const busy = await tx.deployment.count({ where: { targetId, status: { in: ["running", "verifying"] } } });
    if (busy) return;
    const next = await tx.deployment.findFirst({ where: { targetId, status: "queued" }, orderBy: [{ queuedAt: "asc" }, { number: "asc" }] });
    if (next) await enqueueRun(tx, fx, next.id);
  });
  await fx.flush();
}

function adapterContext(d: DeploymentRow, release: DeploymentRow["release"], signal: AbortSignal, logLine: (s: string) => void, policy: AdapterContext["policy"], apiBase?: string): AdapterContext {
  const t = d.target;
  return {
    release: { version: release.version, commitSha: release.commitSha, gitRef: release.gitRef },
    target: { name: t.name, environment: t.environment, baseUrl: t.baseUrl },
    settings: t.providerSettings as Record<string, unknown>,
    secrets: t.secretsEncrypted ? decryptSecrets(t.secretsEncrypted, { projectId: t.projectId, targetId: t.id }) : {},
    policy,
    signal,
    log: logLine,
    apiBase,
    deploymentTag: d.id,
  };
}

/** Calls the provider, waiting out rate limits (Retry-After) a few times before giving up. */
async function withRateLimit<T>(what: () => Promise<T>, logLine: (s: string) => void, signal: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await what();
    } catch (error) {
      const limited = error instanceof ProviderError && (error.code === "rate_limited" || (error.status === 503 && error.retryAfterMs !== null));
      if (!limited || attempt >= MAX_RATE_LIMIT_WAITS || signal.aborted) throw error;
      const wait = Math.min(Math.max((error as ProviderError).retryAfterMs ?? 2000 * 2 ** attempt, 250), 120_000);
      logLine(`${(error as Error).message} Waiting ${Math.ceil(wait / 1000)} s before asking again.`);
      await sleep(wait, signal);
    }
  }
}

export type RunOutcome = { deploymentId: string; outcome: string };

/**
 * Runs (or resumes) a deployment to its end. Safe to call any number of times for one deployment: only the caller that
 * holds the lease does anything.
 */
export async function runDeployment(deploymentId: string, owner: string): Promise<RunOutcome> {
  const token = await claim(deploymentId, owner);
  if (!token) return { deploymentId, outcome: "not claimed (finished, or another worker holds it)" };
  const first = await loadDeployment(db, deploymentId);
  if (!first) return { deploymentId, outcome: "gone" };
  const run = leasedRun(first.id, first.projectId, token);
  const ctx = systemCtx(`deployment.run#${first.number}`);
  const ac = new AbortController();
  let stopWhy: "cancel" | "lease" | null = null;
  const stop = (why: "cancel" | "lease") => {
    if (stopWhy) return;
    stopWhy = why;
    ac.abort(new Stopped(why));
  };
  let renewedAt = Date.now();
  const renew = setInterval(async () => {
    try {
      const rows = await db.deployment.updateManyAndReturn({
        where: { id: deploymentId, leaseToken: token },
        data: { leaseExpiresAt: leaseUntil() },
        select: { cancelRequestedAt: true },
      });
      if (!rows.length) stop("lease");
      else {
        renewedAt = Date.now();
        if (rows[0].cancelRequestedAt) stop("cancel");
      }
    } catch (error) {
      log.warn("deploy.lease_renew_failed", { deploymentId, error: (error as Error).message });
      // Could not renew for most of a lease: another worker may take over soon, so this one stops touching the
      // provider now rather than race it (an in-flight request is aborted; the next worker finds it by its tag).
      if (Date.now() - renewedAt > env.DEPLOY_LEASE_MS * 0.8) stop("lease");
    }
  }, Math.max(100, Math.floor(env.DEPLOY_LEASE_MS / 3)));
  const logs = new LogWriter(run, first.logLineCount, first.logTruncated);
  run.flushLog = () => logs.flush();
  try {
    const outcome = await drive(run, ctx, first, ac.signal, logs, () => stopWhy);
    await logs.flush();
    return { deploymentId, outcome };
  } catch (error) {
    await logs.flush().catch(() => undefined);
    if (error instanceof LeaseLost || stopWhy === "lease") {
      log.warn("deploy.lease_lost", { deploymentId, owner });
      return { deploymentId, outcome: "lease lost: another worker carries on" };
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error("deploy.crashed", { deploymentId, error: message });
    await finish(run, ctx, "failed", `T-Minus stopped this deployment on an unexpected error: ${message}`).catch(() => undefined);
    return { deploymentId, outcome: "failed" };
  } finally {
    clearInterval(renew);
    await releaseLease(deploymentId, token).catch(() => undefined);
    await kickTarget(first.targetId).catch((error) => log.warn("deploy.kick_failed", { error: (error as Error).message }));
  }
}

type Final = "succeeded" | "failed" | "cancelled" | "rolled_back";

async function finish(run: Run, ctx: Ctx, status: Final, reason: string | null, extra: { live?: string; lock?: string } = {}) {
  // Every log line is stored before the final status: a client that stops following at the end has them all.
  await run.flushLog?.();
  const fx = new Effects();
  await run.write(
    async (tx) => {
      await closeOpenSteps(tx, run.id, status === "succeeded" ? "skipped" : "failed", reason ?? undefined);
      const d = (await loadDeployment(tx, run.id))!;
      if (extra.live) await tx.target.update({ where: { id: d.targetId }, data: { liveDeploymentId: extra.live } });
      if (extra.lock) await lockInTx(tx, fx, ctx, d.targetId, extra.lock, "T-Minus");
      await writeAudit(tx, ctx, { projectId: d.projectId, action: `deployment.${status}`, objectType: "deployment", objectId: d.id, after: { number: d.number, version: d.release.version, target: d.target.name, reason } });
      const title = {
        succeeded: `${d.release.version} is live on ${d.target.name}`,
        failed: `Deploying ${d.release.version} to ${d.target.name} failed`,
        cancelled: `Deploying ${d.release.version} to ${d.target.name} was cancelled`,
        rolled_back: `${d.target.name} was rolled back`,
      }[status];
      await notifyDeploy(tx, fx, d.projectId, `deployment.${status}`, { title, text: reason ?? `Deployment #${d.number} ${d.kind === "rollback" ? "(rollback) " : ""}finished.`, url: `/deployments/${d.id}` });
      // QA profiles set to run after each deploy to this target start now (issue 9); a rollback is not a new release.
      if (status === "succeeded" && d.kind !== "rollback") await queueRunsAfterDeploy(tx, fx, d);
      // Feedback fixed in this release is now in users' hands once it is live in production (issue 10).
      if (status === "succeeded") await releaseFixedItems(tx, fx, d);
      await announce(tx, fx, d.id);
    },
    {
      status,
      finishedAt: new Date(),
      ...(status === "failed" || status === "rolled_back" ? { failureReason: reason } : {}),
      ...(status === "cancelled" ? { cancelReason: reason } : {}),
    },
  );
  await fx.flush();
  return status;
}

async function drive(run: Run, ctx: Ctx, d0: DeploymentRow, signal: AbortSignal, logs: LogWriter, stopped: () => "cancel" | "lease" | null): Promise<string> {
  const say = logs.line;
  let d = d0;
  if (d.cancelRequestedAt) return finish(run, ctx, "cancelled", d.cancelReason ?? "Cancelled before it started.");

  if (d.status === "queued") {
    // The authoritative gate check: a lock or freeze window may have begun, or the release or target changed, since approval.
    if (d.kind === "deploy" && configHashOf(d.target, d.release) !== d.configHash && d.target.approvalsRequired > 0 && !overridesOf(d).some((o) => o.kind === "approvals")) {
      const fx = await db.$transaction((tx) => voidApprovalsAfterChange(tx, { targetId: d.targetId }, "the release or the target's configuration changed before it started"));
      await fx.flush();
      return "sent back for approval (configuration changed)";
    }
    const gates = await evaluateGates({
      projectId: d.projectId, target: d.target, release: d.release, kind: d.kind, overrides: overridesOf(d),
      approvalsRequired: d.approvalsRequired, approvalsValid: overridesOf(d).some((o) => o.kind === "approvals") ? d.approvalsRequired : validApprovals(d).length, at: new Date(),
    });
    const closed = blocking(gates);
    if (closed.length) return finish(run, ctx, "cancelled", `Not started: ${closed.map((g) => g.reason).join(" ")}`);
    try {
      const fx = new Effects();
      await run.write(async (tx) => {
        await finishStep(tx, d.id, "queue", "succeeded", `Started by a worker.`);
        await announce(tx, fx, d.id);
      }, { status: "running", startedAt: new Date() });
      await fx.flush();
    } catch (error) {
      if ((error as { code?: string }).code === "P2002") return "waiting: another deployment is running on this target";
      throw error;
    }
    d = (await loadDeployment(db, d.id))!;
  } else {
    say(`[T-Minus] Resumed by another worker (attempt ${d.runAttempts}); following the deploy it had started, not starting a new one.`);
  }

  const chosen = adapterFor(d.target.providerKind, d.target.secretKeys);
  if (!chosen.adapter) return finish(run, ctx, "failed", chosen.why);
  const adapter = chosen.adapter;
  const policy = await networkPolicy();
  const rollbackTo = d.rollbackToId ? await loadDeployment(db, d.rollbackToId) : null;
  const actx = adapterContext(d, d.release, signal, say, policy, chosen.apiBase);

  const cancelled = async (providerId: string | null) => {
    if (providerId && adapter.cancel) await adapter.cancel({ ...actx, signal: new AbortController().signal }, providerId).catch((e) => say(`Could not cancel on the provider: ${(e as Error).message}`));
    const fresh = await db.deployment.findUnique({ where: { id: d.id }, select: { cancelReason: true } });
    return finish(run, ctx, "cancelled", fresh?.cancelReason ?? "Cancelled.");
  };

  if (d.status === "running") {
    // —— 1. Start the provider deploy, unless a previous run already did ——
    let providerId = d.providerDeployId;
    if (!providerId) {
      if (d.triggerStartedAt) {
        // The last worker died between asking the provider and saving the answer.
        const found = adapter.findTriggered ? await withRateLimit(() => adapter.findTriggered!(actx), say, signal) : null;
        if (found) {
          say(`[T-Minus] Found the provider deploy ${found.providerDeployId} the previous worker started; following it.`);
          await saveProviderDeploy(run, found);
          providerId = found.providerDeployId;
        } else if (!adapter.findTriggered) {
          return finish(run, ctx, "failed", `The worker stopped while starting the ${chosen.label} deploy, and the ${chosen.label} cannot tell T-Minus whether it started one. Check the provider, then deploy again.`);
        }
      }
      if (!providerId) {
        if (stopped() === "cancel") return cancelled(null);
        await run.write(async (tx) => startStep(tx, d.id, "trigger", `Through the ${chosen.label}`), { triggerStartedAt: new Date() });
        say(`[T-Minus] Deploying ${d.release.version}${d.release.commitSha ? ` (${d.release.commitSha.slice(0, 12)})` : ""} to ${d.target.name} through the ${chosen.label}.`);
        let started: TriggerResult;
        try {
          started = await withRateLimit(() => triggerOrRestore(adapter, actx, d, rollbackTo), say, signal);
        } catch (error) {
          if (stopped() === "cancel") return cancelled(null);
          if (stopped() === "lease") throw new LeaseLost();
          return finish(run, ctx, "failed", `The ${chosen.label} did not start the deploy: ${(error as Error).message}`);
        }
        await saveProviderDeploy(run, started);
        providerId = started.providerDeployId;
      }
    }

    // —— 2. Follow it to the end ——
    const result = await follow(adapter, actx, providerId, say, signal);
    if (stopped() === "lease") throw new LeaseLost();
    if (stopped() === "cancel") return cancelled(providerId);
    if (result.state === "canceled") return finish(run, ctx, "cancelled", result.detail ?? "The provider cancelled the deploy.");
    if (result.state !== "ready") return finish(run, ctx, "failed", result.detail ?? "The provider reported the deploy failed.");
    const fx = new Effects();
    await run.write(async (tx) => {
      await finishStep(tx, d.id, "build", "succeeded", result.detail);
      await startStep(tx, d.id, "verify", `Probing ${healthUrl(d.target.baseUrl, d.target.healthPath)} for ${d.target.verifySeconds} s`);
      await announce(tx, fx, d.id);
    }, { status: "verifying", ...(result.url ? { providerUrl: result.url } : {}) });
    await fx.flush();
    d = (await loadDeployment(db, d.id))!;
  }

  let rollbackBegunHere = false;
  // —— 3. Verify health (also on resume: the window starts again, which is the safe side) ——
  if (!d.rollbackStartedAt) {
    const verdict = await verify(d, d.release.version, say, signal);
    if (stopped() === "lease") throw new LeaseLost();
    if (stopped() === "cancel") return cancelled(null);
    if (verdict.ok) {
      const fx = new Effects();
      await run.write(async (tx) => { await finishStep(tx, d.id, "verify", "succeeded", verdict.detail); await announce(tx, fx, d.id); });
      await fx.flush();
      if (d.kind === "rollback") {
        return finish(run, ctx, "succeeded", `Rolled back to ${d.release.version}.`, {
          live: d.id,
          lock: `Rolled back to ${d.release.version} by ${d.requestedBy}: ${d.reason}. Unlock when a fixed release is ready.`,
        });
      }
      return finish(run, ctx, "succeeded", null, { live: d.id });
    }
    // Failed verification: roll back once, automatically, to the last good deployment. Never a rollback of a rollback.
    const lastGood = d.kind === "deploy" && d.target.autoRollback ? await lastGoodBefore(d) : null;
    if (!lastGood) {
      const why = d.kind === "rollback" ? "A rollback is never rolled back again." : d.target.autoRollback ? "There is no earlier good deployment to roll back to." : "Automatic rollback is off for this target.";
      return finish(run, ctx, "failed", `Health check failed after the deploy: ${verdict.detail} ${why}`);
    }
    const fx = new Effects();
    await run.write(async (tx) => {
      await finishStep(tx, d.id, "verify", "failed", verdict.detail);
      await startStep(tx, d.id, "rollback", `Back to #${lastGood.number} (${lastGood.release.version})`);
      await announce(tx, fx, d.id);
    }, { rollbackStartedAt: new Date(), rollbackReleaseId: lastGood.releaseId, failureReason: `Health check failed: ${verdict.detail}` });
    await fx.flush();
    rollbackBegunHere = true;
    say(`[T-Minus] Health check failed: ${verdict.detail} Rolling back to #${lastGood.number} (${lastGood.release.version}).`);
    d = (await loadDeployment(db, d.id))!;
  }

  // —— 4. Automatic rollback (resumable: the provider id of the rollback is saved like the deploy's) ——
  const lastGood = (await db.deployment.findFirst({ where: { targetId: d.targetId, releaseId: d.rollbackReleaseId!, status: "succeeded" }, orderBy: { finishedAt: "desc" }, include: { release: true } }))!;
  const rctx = { ...adapterContext(d, lastGood.release, signal, say, policy, chosen.apiBase), deploymentTag: `${d.id}:rollback` };
  let rid = d.rollbackProviderDeployId;
  // Resuming a rollback whose start was cut off: restoring a provider deploy again is harmless (it is the same
  // promotion), a new deploy is looked up by its tag, and where the provider cannot say, nothing is started twice.
  const restores = Boolean(lastGood.providerDeployId && adapter.rollback);
  if (!rid && !rollbackBegunHere && !restores) {
    const found = adapter.findTriggered ? await withRateLimit(() => adapter.findTriggered!(rctx), say, signal).catch(() => null) : null;
    if (found) {
      say(`[T-Minus] Found the rollback deploy ${found.providerDeployId} the previous worker started; following it.`);
      await run.write(async () => undefined, { rollbackProviderDeployId: found.providerDeployId });
      rid = found.providerDeployId;
    } else if (!adapter.findTriggered) {
      return rolledBack(run, ctx, d, lastGood.release.version, false, `the worker stopped while starting the rollback and the ${chosen.label} cannot tell whether it began, so T-Minus did not start another; check the provider`);
    }
  }
  if (!rid) {
    const started = await withRateLimit(() => triggerOrRestore(adapter, rctx, d, lastGood as unknown as DeploymentRow), say, signal).catch((e: Error) => e);
    if (started instanceof Error) return rolledBack(run, ctx, d, lastGood.release.version, false, `the rollback could not start: ${started.message}`);
    await run.write(async () => undefined, { rollbackProviderDeployId: started.providerDeployId });
    rid = started.providerDeployId;
  }
  const back = await follow(adapter, rctx, rid, say, signal);
  if (stopped() === "lease") throw new LeaseLost();
  if (back.state !== "ready") return rolledBack(run, ctx, d, lastGood.release.version, false, `the rollback deploy did not finish: ${back.detail ?? back.state}`);
  const check = await verify(d, lastGood.release.version, say, signal);
  return rolledBack(run, ctx, d, lastGood.release.version, check.ok, check.detail, lastGood.id);
}

async function rolledBack(run: Run, ctx: Ctx, d: DeploymentRow, version: string, healthy: boolean, detail: string, liveId?: string) {
  const fx = new Effects();
  await run.write(async (tx) => {
    await finishStep(tx, d.id, "rollback", healthy ? "succeeded" : "failed", detail);
    await announce(tx, fx, d.id);
  });
  await fx.flush();
  const failed = d.failureReason ?? "Health check failed.";
  const lock = `Automatic rollback of ${d.release.version} to ${version}: ${failed} Unlock once the cause is fixed.`;
  const reason = healthy
    ? `${failed} T-Minus rolled back to ${version}, which answers healthy, and locked ${d.target.name}.`
    : `${failed} T-Minus rolled back to ${version} but ${detail}; ${d.target.name} is locked. Look at it now.`;
  return finish(run, ctx, "rolled_back", reason, { lock, ...(healthy && liveId ? { live: liveId } : {}) });
}

async function saveProviderDeploy(run: Run, started: TriggerResult) {
  const fx = new Effects();
  await run.write(async (tx) => {
    await finishStep(tx, run.id, "trigger", "succeeded", `Provider deploy ${started.providerDeployId}`);
    await startStep(tx, run.id, "build", null);
    await announce(tx, fx, run.id);
  }, { providerDeployId: started.providerDeployId, providerUrl: started.url });
  await fx.flush();
}

/** A rollback deployment restores the provider's earlier deploy where it can (no rebuild), else deploys that release. */
async function triggerOrRestore(adapter: DeployAdapter, actx: AdapterContext, d: DeploymentRow, to: DeploymentRow | null): Promise<TriggerResult> {
  const isRollback = d.kind === "rollback" || d.rollbackStartedAt;
  if (isRollback && to?.providerDeployId && adapter.rollback) {
    actx.log(`[T-Minus] Restoring provider deploy ${to.providerDeployId} (${to.release.version}).`);
    return adapter.rollback(actx, to.providerDeployId);
  }
  return adapter.trigger(actx);
}

async function follow(adapter: DeployAdapter, actx: AdapterContext, providerId: string, say: (s: string) => void, signal: AbortSignal): Promise<PollResult> {
  let cursor: string | null = null;
  let errors = 0;
  let last = "";
  for (;;) {
    if (signal.aborted) return { state: "canceled", url: null, detail: null };
    try {
      if (adapter.logs) {
        const page = await adapter.logs(actx, providerId, cursor);
        for (const line of page.lines) say(line);
        cursor = page.cursor;
      }
      const r = await adapter.poll(actx, providerId);
      errors = 0;
      if (r.state !== last) {
        if (r.state === "queued" || r.state === "building") say(`[T-Minus] Provider: ${r.state}.`);
        last = r.state;
      }
      if (r.state === "ready" || r.state === "error" || r.state === "canceled") {
        if (adapter.logs) {
          const page = await adapter.logs(actx, providerId, cursor).catch(() => ({ lines: [] as string[], cursor }));
          for (const line of page.lines) say(line);
        }
        return r;
      }
      await sleep(env.DEPLOY_POLL_MS, signal);
    } catch (error) {
      if (signal.aborted) return { state: "canceled", url: null, detail: null };
      const e = error as ProviderError;
      if (e instanceof ProviderError && (e.code === "unauthorized" || e.code === "not_found" || e.code === "bad_request")) {
        return { state: "error", url: null, detail: e.message };
      }
      errors++;
      const wait = e instanceof ProviderError && e.retryAfterMs !== null ? e.retryAfterMs : Math.min(env.DEPLOY_POLL_MS * 2 ** errors, 60_000);
      say(`${(error as Error).message} Trying again in ${Math.ceil(wait / 1000)} s.`);
      if (errors >= MAX_POLL_ERRORS) return { state: "error", url: null, detail: `Lost contact with the provider after ${MAX_POLL_ERRORS} tries: ${(error as Error).message}` };
      await sleep(wait, signal);
    }
  }
}

/**
 * Probes the health URL through the settle window. It fails on two failures in a row, or when the window ends on a
 * failure; a health answer that names another version than the one deployed counts as a failure.
 */
async function verify(d: DeploymentRow, version: string, say: (s: string) => void, signal: AbortSignal): Promise<{ ok: boolean; detail: string }> {
  const url = healthUrl(d.target.baseUrl, d.target.healthPath);
  const until = Date.now() + d.target.verifySeconds * 1000;
  let probes = 0;
  let failuresInRow = 0;
  let lastDetail = "";
  for (;;) {
    const r = await probe(url);
    probes++;
    const wrongVersion = r.ok && r.version !== null && r.version !== version;
    const ok = r.ok && !wrongVersion;
    lastDetail = ok
      ? `${url} answered HTTP ${r.httpStatus} in ${r.latencyMs} ms${r.version ? ` with version ${r.version}` : ""}.`
      : wrongVersion
        ? `${url} reports version ${r.version}, not ${version}.`
        : (r.error ?? `${url} answered HTTP ${r.httpStatus}.`);
    say(`[verify] ${ok ? "ok" : "FAILED"} — ${lastDetail}`);
    failuresInRow = ok ? 0 : failuresInRow + 1;
    if (failuresInRow >= FAILURES_TO_FAIL_VERIFY) return { ok: false, detail: `${lastDetail} (${failuresInRow} failures in a row)` };
    if (Date.now() >= until || signal.aborted) break;
    await sleep(Math.min(env.DEPLOY_VERIFY_INTERVAL_MS, Math.max(0, until - Date.now())), signal);
  }
  if (failuresInRow > 0) return { ok: false, detail: lastDetail };
  return { ok: true, detail: `Healthy for ${d.target.verifySeconds} s (${probes} probe${probes === 1 ? "" : "s"}). ${lastDetail}` };
}

async function lastGoodBefore(d: DeploymentRow) {
  return db.deployment.findFirst({
    where: { targetId: d.targetId, status: "succeeded", id: { not: d.id }, finishedAt: { not: null } },
    orderBy: { finishedAt: "desc" },
    include: { release: true },
  });
}

/**
 * Runs in every worker: deployments whose lease lapsed (their worker died) are handed to a worker again, and those
 * nobody resumed within the grace period are failed with the reason. Queued deployments nobody started are kicked.
 */
export async function reapDeployments(opts: { now?: Date; graceMs?: number } = {}): Promise<{ resumed: number; failed: number; kicked: number }> {
  const now = opts.now ?? new Date();
  const grace = opts.graceMs ?? env.DEPLOY_REAPER_GRACE_MS;
  const stale = await db.deployment.findMany({ where: { status: { in: ["running", "verifying"] }, leaseExpiresAt: { lt: now } }, select: { id: true, leaseToken: true, leaseExpiresAt: true, leaseOwner: true, targetId: true } });
  let resumed = 0;
  let failed = 0;
  for (const s of stale) {
    const fx = new Effects();
    const lapsedFor = now.getTime() - s.leaseExpiresAt!.getTime();
    await db.$transaction(async (tx) => {
      if (lapsedFor > grace) {
        const why = `The worker running this deployment (${s.leaseOwner ?? "unknown"}) stopped answering at ${s.leaseExpiresAt!.toISOString()} and no worker resumed it within ${Math.round(grace / 1000)} s. T-Minus did not retry, to avoid deploying twice; check the provider, then deploy again.`;
        const n = await tx.deployment.updateMany({ where: { id: s.id, leaseToken: s.leaseToken }, data: { status: "failed", failureReason: why, finishedAt: now, leaseToken: null, leaseExpiresAt: null } });
        if (!n.count) return;
        await closeOpenSteps(tx, s.id, "failed", why);
        const d = (await loadDeployment(tx, s.id))!;
        const ctx = systemCtx("deployment.reaper");
        await writeAudit(tx, ctx, { projectId: d.projectId, action: "deployment.failed", objectType: "deployment", objectId: d.id, after: { number: d.number, reason: why } });
        await notifyDeploy(tx, fx, d.projectId, "deployment.failed", { title: `Deploying ${d.release.version} to ${d.target.name} failed`, text: why, url: `/deployments/${d.id}` });
        await announce(tx, fx, d.id);
        failed++;
      } else {
        const n = await tx.deployment.updateMany({ where: { id: s.id, leaseToken: s.leaseToken }, data: { leaseToken: `resume:${randomUUID()}`, leaseExpiresAt: new Date(now.getTime() + env.DEPLOY_LEASE_MS) } });
        if (!n.count) return;
        await enqueueRun(tx, fx, s.id);
        resumed++;
      }
    });
    await fx.flush();
    if (lapsedFor > grace) await kickTarget(s.targetId);
  }
  // Queued with nobody on them: the job that should start them was lost, or the target was busy when it ran.
  const waiting = await db.deployment.findMany({
    where: { status: "queued", queuedAt: { lt: new Date(now.getTime() - 2 * env.DEPLOY_LEASE_MS) }, OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] },
    select: { id: true, targetId: true, leaseToken: true },
    distinct: ["targetId"],
    orderBy: { queuedAt: "asc" },
  });
  let kicked = 0;
  for (const w of waiting) {
    if (await db.deployment.count({ where: { targetId: w.targetId, status: { in: ["running", "verifying"] } } })) continue;
    const fx = new Effects();
    await db.$transaction(async (tx) => {
      const n = await tx.deployment.updateMany({ where: { id: w.id, leaseToken: w.leaseToken }, data: { leaseToken: `resume:${randomUUID()}`, leaseExpiresAt: new Date(now.getTime() + 4 * env.DEPLOY_LEASE_MS) } });
      if (n.count) {
        await enqueueRun(tx, fx, w.id);
        kicked++;
      }
    });
    await fx.flush();
  }
  return { resumed, failed, kicked };
}

export type { LiveEvent };
