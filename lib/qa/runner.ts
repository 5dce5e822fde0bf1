import type { Prisma, QaRun } from "@prisma/client";
import { db } from "../db";
import { env } from "../env";
import { log as appLog } from "../observability/log";
import { recordEvent, publishTransient } from "../live/events";
import { networkPolicy } from "../settings/instance";
import { Effects } from "../deployments/core";
import { enqueueLaunchRefresh } from "../launch/refresh-queue";
import { notifyInTx } from "../notifications/notify";
import { diffFindings, type PreviousFinding } from "./diff";
import type { Engine, EngineArtifact, EngineContext, EngineFinding, EngineResult } from "./engine";
import { ENGINES } from "./engines";
import { MAX_ARTIFACT_BYTES, MAX_FINDINGS, MAX_LOG_LINES, MAX_RUN_ARTIFACT_BYTES, PROGRESS_EVERY_MS, QA_LIMITS } from "./limits";
import { previousRun, qaRef } from "./runs";
import { openQaSecrets, qaRunBinding } from "./secrets";
import { WORKER_STOPPING, trackRun } from "./running";
import { QA_EVENT, QA_KIND_LABELS, type TQaLogLine } from "./schemas";

// The worker's half of a QA run: claim it, hand the engine its context (policy, limits, cancellation, progress, log and
// live series), then store the result in one transaction with the findings compared against the previous run.

const STOPPED_WORKER = "The worker running this QA run stopped before it finished (it was restarted or crashed). Start the run again.";
const UNREADABLE_SECRETS =
  "The run's secret headers could not be decrypted (was ENCRYPTION_KEY changed since they were saved?). Save the secrets again and start a new run.";

const WORKER_STOPPED_NOW = "The worker stopped (it was shut down) before this run finished; start the run again.";
/** How long an engine has to return after its signal is aborted (cancel, hard limit, worker stopping). */
const GRACE_MS = 15_000;

/** An error whose message is the run's summary as it stands. */
class RunError extends Error {}

/** The run's secret headers in the clear, for the engine only; they stay out of settings, logs and results. */
function runSecrets(run: QaRun): Record<string, string> {
  try {
    return openQaSecrets(run.secretsEncrypted, qaRunBinding(run.projectId, run.id));
  } catch {
    throw new RunError(UNREADABLE_SECRETS);
  }
}

/** Masks secret values in text the run keeps (defence in depth: engines are told never to write them). */
function redactor(secrets: Record<string, string>): (text: string) => string {
  const values = Object.values(secrets).filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => values.reduce((t, v) => t.split(v).join("[secret]"), text);
}

const spell = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/**
 * Settles (rejects with the sentence the run ends on) once the signal has been aborted for `graceMs`: an engine that
 * ignores its signal still ends the run, instead of holding the worker's slot past every limit.
 */
function overrun(signal: AbortSignal, graceMs: number, sentence: (reason: string) => string) {
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => {
      timer = setTimeout(() => reject(new RunError(sentence(signal.reason instanceof Error ? signal.reason.message : ""))), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return {
    promise,
    clear() {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    },
  };
}

/** Tests only: a stand-in engine, tighter limits and a shorter grace. */
export type RunJobOptions = { engine?: Engine<unknown>; limits?: { maxDurationMs: number; maxRequests: number }; graceMs?: number };

export async function runQaJob(runId: string, opts: RunJobOptions = {}): Promise<{ status: string }> {
  const claimed = await db.qaRun.updateMany({ where: { id: runId, status: "queued" }, data: { status: "running", startedAt: new Date(), progressMessage: "Starting" } });
  if (!claimed.count) {
    const run = await db.qaRun.findUnique({ where: { id: runId } });
    if (!run) return { status: "gone" };
    // BullMQ hands a job out again when its worker died; the run is not restarted unasked (the contract says why).
    if (run.status === "running") await finish(run, errorResult(STOPPED_WORKER), [], []);
    return { status: run.status };
  }
  const run = await db.qaRun.findUniqueOrThrow({ where: { id: runId } });
  await announceStart(run);
  const live = new LiveWriter(run);
  const abort = new AbortController();
  const untrack = trackRun(run.id, abort);
  const limits = opts.limits ?? QA_LIMITS[run.kind];
  const graceMs = opts.graceMs ?? GRACE_MS;
  const label = QA_KIND_LABELS[run.kind].toLowerCase();
  const stuck = overrun(abort.signal, graceMs, (reason) =>
    reason === WORKER_STOPPING
      ? `${WORKER_STOPPED_NOW} The ${label} did not stop within ${spell(graceMs)}, so nothing it measured was kept.`
      : reason === "duration"
        ? `The ${label} did not stop within ${spell(graceMs)} of its hard limit of ${spell(limits.maxDurationMs)}, so the run was ended without its results.`
        : `The ${label} did not stop within ${spell(graceMs)} of being asked to, so the run was ended without its results.`,
  );
  // Rejects only after an abort; until the race below takes it (or if the run ends before it), nothing else would handle it.
  stuck.promise.catch(() => {});
  const deadline = setTimeout(() => abort.abort(new Error("duration")), limits.maxDurationMs);
  const cancelPoll = setInterval(async () => {
    const row = await db.qaRun.findUnique({ where: { id: run.id }, select: { cancelRequestedAt: true } }).catch(() => null);
    if (!row || row.cancelRequestedAt) abort.abort(new Error("cancelled"));
  }, 1000);
  let result: EngineResult;
  let redact = (text: string) => text;
  try {
    const [engine, policy] = await Promise.all([opts.engine ?? ENGINES[run.kind](), networkPolicy()]);
    const settings = engine.settings.parse(run.settings);
    const secretHeaders = runSecrets(run);
    redact = redactor(secretHeaders);
    live.redact = redact;
    const ctx: EngineContext = {
      baseUrl: run.baseUrl,
      policy,
      signal: abort.signal,
      limits,
      secretHeaders,
      progress: (fraction, message) => live.progress(fraction, message),
      log: (level, message) => live.log(level, message),
      series: (point) => live.point(point),
    };
    live.log("info", `${QA_KIND_LABELS[run.kind]} against ${run.baseUrl} (${run.environment}); limits: ${spell(limits.maxDurationMs)}, ${limits.maxRequests.toLocaleString("en")} requests.`);
    const engineRun = engine.run(settings, ctx);
    // Past the grace period the engine is left running unawaited; its late failure must not crash the worker.
    engineRun.catch(() => {});
    result = await Promise.race([engineRun, stuck.promise]);
  } catch (error) {
    const message = redact((error as Error).message);
    if (error instanceof RunError) result = errorResult(message);
    else {
      appLog.error("qa.engine_threw", { runId, error: message });
      result = errorResult(`The ${QA_KIND_LABELS[run.kind].toLowerCase()} stopped on an unexpected error: ${message}`);
    }
  } finally {
    clearTimeout(deadline);
    clearInterval(cancelPoll);
    stuck.clear();
    untrack();
  }
  const reason = abort.signal.reason instanceof Error ? abort.signal.reason.message : null;
  if (reason === "duration") live.log("warn", `Stopped at the hard limit of ${spell(limits.maxDurationMs)}.`);
  if (reason === WORKER_STOPPING && !result.summary.startsWith(WORKER_STOPPED_NOW)) {
    live.log("warn", "The worker is stopping: the run was asked to stop.");
    result = { ...result, outcome: "error", summary: `${WORKER_STOPPED_NOW} Until then: ${result.summary}` };
  }
  await live.close();
  result = { ...result, summary: redact(result.summary) };
  const status = await finish(run, result, result.findings, result.artifacts);
  return { status };
}

function errorResult(summary: string): EngineResult {
  return { outcome: "error", summary, metrics: {}, findings: [], artifacts: [], reliable: true };
}

/** The claim's new state, as the stored event pages and a reconnecting stream read. */
async function announceStart(run: QaRun) {
  const fx = new Effects();
  fx.events.push(await recordEvent(db, run.projectId, QA_EVENT, { runId: run.id, status: run.status, progress: run.progress, progressMessage: run.progressMessage }));
  await fx.flush();
}

/**
 * Progress, log lines and live points: each goes to open pages at once (transient events) and to Postgres in batches
 * (so a page opened mid-run, or after, reads the same story).
 */
class LiveWriter {
  private lines: { level: string; message: string; at: Date }[] = [];
  private points: { t: number; data: Record<string, number> }[] = [];
  private written = 0;
  private lastProgressAt = 0;
  private pendingProgress: { fraction: number; message: string } | null = null;
  private timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  redact: (text: string) => string = (text) => text;
  /** An engine left running past its grace period may still call in; nothing it says is kept. */
  private closed = false;

  constructor(private run: Pick<QaRun, "id" | "projectId">) {
    this.timer = setInterval(() => void this.flush(), 500);
  }

  progress(fraction: number, message: string) {
    if (this.closed) return;
    this.pendingProgress = { fraction: Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0)), message: this.redact(message).slice(0, 300) };
    if (Date.now() - this.lastProgressAt >= PROGRESS_EVERY_MS) void this.flush();
  }

  log(level: "info" | "warn" | "error", message: string) {
    if (this.closed) return;
    if (this.written + this.lines.length >= MAX_LOG_LINES) return;
    const line = { level, message: this.redact(message).slice(0, 2000), at: new Date() };
    this.lines.push(line);
    void publishTransient(this.run.projectId, QA_EVENT, { runId: this.run.id, status: "running", log: { id: "", at: line.at.toISOString(), level, message: line.message } satisfies TQaLogLine });
  }

  point(point: Record<string, number>) {
    if (this.closed) return;
    const t = Math.round(point.t ?? this.points.length);
    const data = Object.fromEntries(Object.entries(point).filter(([k, v]) => k !== "t" && Number.isFinite(v)));
    this.points.push({ t, data });
    void publishTransient(this.run.projectId, QA_EVENT, { runId: this.run.id, status: "running", point: { t, ...data } });
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch((error) => appLog.warn("qa.live_write_failed", { runId: this.run.id, error: (error as Error).message }));
    return this.flushing;
  }

  private async write() {
    const lines = this.lines.splice(0);
    const points = this.points.splice(0);
    const progress = this.pendingProgress;
    this.pendingProgress = null;
    if (lines.length) {
      await db.qaLog.createMany({ data: lines.map((l) => ({ runId: this.run.id, ...l })) });
      this.written += lines.length;
    }
    if (points.length) await db.qaPoint.createMany({ data: points.map((p) => ({ runId: this.run.id, t: p.t, data: p.data })), skipDuplicates: true });
    if (progress) {
      this.lastProgressAt = Date.now();
      await db.qaRun.updateMany({ where: { id: this.run.id, status: "running" }, data: { progress: progress.fraction, progressMessage: progress.message } });
      await publishTransient(this.run.projectId, QA_EVENT, { runId: this.run.id, status: "running", progress: progress.fraction, progressMessage: progress.message });
    }
  }

  async close() {
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
  }
}

/** Artifacts within the per-artifact and per-run caps; what does not fit is named in the log instead. */
function keptArtifacts(artifacts: EngineArtifact[]): { kept: EngineArtifact[]; dropped: string[] } {
  const kept: EngineArtifact[] = [];
  const dropped: string[] = [];
  let total = 0;
  for (const a of artifacts) {
    if (a.data.length > MAX_ARTIFACT_BYTES || total + a.data.length > MAX_RUN_ARTIFACT_BYTES) {
      dropped.push(`${a.name} (${Math.round(a.data.length / 1024)} KB)`);
      continue;
    }
    total += a.data.length;
    kept.push(a);
  }
  return { kept, dropped };
}

/** Stores the result, the findings against the previous run and the artifacts, in one transaction; returns the status. */
async function finish(run: QaRun, result: EngineResult, findings: EngineFinding[], artifacts: EngineArtifact[]): Promise<string> {
  const fx = new Effects();
  const cancel = await db.qaRun.findUnique({ where: { id: run.id }, select: { cancelRequestedAt: true, cancelledBy: true } });
  const cancelled = Boolean(cancel?.cancelRequestedAt);
  const status = cancelled ? "cancelled" : result.outcome === "pass" ? "passed" : result.outcome === "fail" ? "failed" : "errored";
  const { kept, dropped } = keptArtifacts(artifacts);
  const limited = findings.slice(0, MAX_FINDINGS);
  const summary = cancelled ? `Cancelled by ${cancel?.cancelledBy ?? "someone"}. ${result.summary}` : result.summary;
  await db.$transaction(
    async (tx) => {
      const previous = status === "passed" || status === "failed" ? await previousRun(tx, run) : null;
      const before: PreviousFinding[] | null = previous
        ? (await tx.qaFinding.findMany({ where: { runId: previous.id, change: { not: "fixed" } } })).map((f) => ({
            fingerprint: f.fingerprint, rule: f.rule, severity: f.severity as EngineFinding["severity"], title: f.title, location: f.location, advice: f.advice,
            detail: f.detail as Record<string, unknown>, needsReview: f.needsReview, gating: f.gating, firstSeenRunId: f.firstSeenRunId,
          }))
        : null;
      // A run that could not measure (error, cancelled) says nothing about what was fixed: no diff, findings as found.
      // A run that stopped short (a limit, a saturated generator, findings past the cap) did not look everywhere the
      // previous one did: what it did not see again is still there as far as anyone knows, not fixed.
      const complete = result.reliable !== false && findings.length <= MAX_FINDINGS;
      const diffed = diffFindings(limited, before, run.id, previous?.id ?? null, complete);
      await tx.qaFinding.deleteMany({ where: { runId: run.id } });
      if (diffed.length) {
        await tx.qaFinding.createMany({
          data: diffed.map((f) => ({
            runId: run.id, fingerprint: f.fingerprint, rule: f.rule.slice(0, 120), severity: f.severity, title: f.title.slice(0, 500), location: f.location.slice(0, 2000),
            advice: f.advice.slice(0, 2000), detail: f.detail as Prisma.InputJsonValue, needsReview: f.needsReview ?? false, gating: f.gating ?? !f.needsReview,
            change: f.change, firstSeenRunId: f.firstSeenRunId,
          })),
        });
      }
      for (const a of kept) {
        await tx.qaArtifact.upsert({
          where: { runId_name: { runId: run.id, name: a.name.slice(0, 300) } },
          create: { runId: run.id, name: a.name.slice(0, 300), contentType: a.contentType, size: a.data.length, data: new Uint8Array(a.data), meta: (a.meta ?? {}) as Prisma.InputJsonValue },
          update: { contentType: a.contentType, size: a.data.length, data: new Uint8Array(a.data), meta: (a.meta ?? {}) as Prisma.InputJsonValue },
        });
      }
      const current = diffed.filter((f) => f.change !== "fixed");
      const more = findings.length > MAX_FINDINGS ? ` (${findings.length - MAX_FINDINGS} more findings were not kept)` : "";
      await tx.qaRun.update({
        where: { id: run.id },
        data: {
          status,
          summary: (summary + more).slice(0, 2000),
          metrics: result.metrics as Prisma.InputJsonValue,
          reliable: result.reliable,
          unreliableReason: result.unreliableReason ?? null,
          previousRunId: previous?.id ?? null,
          findingsNew: current.filter((f) => f.change === "new").length,
          findingsPersisting: current.filter((f) => f.change === "persisting").length,
          findingsFixed: diffed.length - current.length,
          findingsGating: current.filter((f) => (f.gating ?? !f.needsReview) && !f.needsReview).length,
          findingsReview: current.filter((f) => f.needsReview).length,
          progress: status === "passed" || status === "failed" ? 1 : undefined,
          progressMessage: status === "cancelled" ? "Cancelled" : "Finished",
          finishedAt: new Date(),
        },
      });
      if (dropped.length) {
        await tx.qaLog.create({ data: { runId: run.id, level: "warn", message: `Not kept (over the ${MAX_ARTIFACT_BYTES / 1024 / 1024} MB artifact limit or the run's ${MAX_RUN_ARTIFACT_BYTES / 1024 / 1024} MB): ${dropped.join(", ")}.` } });
      }
      fx.events.push(await recordEvent(tx, run.projectId, QA_EVENT, { runId: run.id, status, progress: 1, progressMessage: "Finished" }));
      fx.jobs.push(...(await enqueueLaunchRefresh(tx, [run.projectId])));
      if (status === "passed" || status === "failed" || status === "errored") {
        const target = await tx.target.findUnique({ where: { id: run.targetId }, select: { name: true } });
        fx.jobs.push(
          ...(await notifyInTx(tx, run.projectId, status === "passed" ? "qa.passed" : "qa.failed", {
            title: `${qaRef(run.number)} ${QA_KIND_LABELS[run.kind].toLowerCase()} on ${target?.name ?? run.environment}: ${status === "errored" ? "could not measure" : status}`,
            text: summary.slice(0, 5000),
            url: `${env.NEXTAUTH_URL.replace(/\/+$/, "")}/projects/${run.projectId}/qa/${run.id}`,
            severity: status === "passed" ? "success" : status === "failed" ? "danger" : "warning",
          })),
        );
      }
    },
    { timeout: 30_000 },
  );
  await fx.flush();
  return status;
}
