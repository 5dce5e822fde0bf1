import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { env } from "@/lib/env";
import { createRedis, redis } from "@/lib/redis";
import { JOBS, QA_QUEUE, QUEUE, isJobName, jobBackoff, type JobName } from "@/lib/jobs/contract";
import { relayOutbox } from "@/lib/jobs/enqueue";
import { log } from "@/lib/observability/log";
import { recordJobDuration } from "@/lib/observability/metrics";
import { HEARTBEAT_TTL_SECONDS, heartbeatKey } from "@/lib/observability/health";
import { HANDLERS } from "./handlers";
import { reapDeployments } from "@/lib/deployments/runner";
import { startScheduler } from "@/lib/monitoring/scheduler";
import type { RunningSweep } from "@/lib/launch/refresh";
import { stopRunningQaJobs } from "@/lib/qa/running";

export async function processJob(job: Job): Promise<unknown> {
  if (!isJobName(job.name)) {
    log.warn("job.unknown_dropped", { jobId: job.id, name: job.name });
    return { dropped: true };
  }
  const name: JobName = job.name;
  const parsed = JOBS[name].schema.safeParse(job.data);
  // A bad payload for a known job is a producer bug: fail loudly and do not retry.
  if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${name}: ${parsed.error.message}`);
  return (HANDLERS[name] as (p: unknown, j: Job) => Promise<unknown>)(parsed.data, job);
}

/** Logs and times every job a BullMQ worker finishes. */
function watch(worker: Worker) {
  worker.on("completed", (job) => {
    const seconds = ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000;
    recordJobDuration(job.name, "completed", seconds).catch(() => {});
    log.info("job.completed", { jobId: job.id, name: job.name, ms: Math.round(seconds * 1000) });
  });
  worker.on("failed", (job, error) => {
    if (job) {
      const seconds = ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000;
      recordJobDuration(job.name, "failed", seconds).catch(() => {});
    }
    log.error("job.failed", { jobId: job?.id, name: job?.name, attempt: job?.attemptsMade, error: error.message });
  });
  worker.on("error", (error) => log.warn("worker.error", { error: error.message }));
}

export type RunningWorker = { id: string; close: () => Promise<void> };

/** Starts the BullMQ worker, the outbox relay and the heartbeat. close() drains gracefully. */
export async function startWorker(opts: { concurrency?: number; qaConcurrency?: number } = {}): Promise<RunningWorker> {
  const id = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const connection = createRedis("queue");
  const queue = new Queue(QUEUE, { connection: createRedis("queue"), prefix: env.REDIS_PREFIX });
  const qaQueue = new Queue(QA_QUEUE, { connection: createRedis("queue"), prefix: env.REDIS_PREFIX });
  const queues = new Map([[QUEUE, queue], [QA_QUEUE, qaQueue]]);
  const options = {
    connection,
    prefix: env.REDIS_PREFIX,
    lockDuration: 60_000,
    // A job whose worker died is picked up again once its lock lapses (BullMQ stalled-job check).
    stalledInterval: 30_000,
    maxStalledCount: 1,
    settings: { backoffStrategy: jobBackoff },
  };
  const worker = new Worker(QUEUE, processJob, { ...options, concurrency: opts.concurrency ?? env.WORKER_CONCURRENCY });
  // QA runs have their own queue and slots (lib/jobs/contract.ts says why); same processJob, same handlers.
  const qaConnection = createRedis("queue");
  const qaWorker = new Worker(QA_QUEUE, processJob, { ...options, connection: qaConnection, concurrency: opts.qaConcurrency ?? env.QA_CONCURRENCY });
  for (const w of [worker, qaWorker]) watch(w);

  let stopping = false;
  let relayTimer: NodeJS.Timeout | undefined;
  const relayLoop = async () => {
    if (stopping) return;
    try {
      const n = await relayOutbox({ queues });
      if (n) log.info("outbox.relayed", { count: n });
    } catch (error) {
      log.warn("outbox.relay_error", { error: (error as Error).message });
    }
    if (!stopping) relayTimer = setTimeout(relayLoop, env.OUTBOX_POLL_MS);
  };
  relayLoop();

  // Deployments whose worker died are resumed (or failed past the grace period) by whichever worker looks first.
  let reapTimer: NodeJS.Timeout | undefined;
  const reapLoop = async () => {
    if (stopping) return;
    try {
      const r = await reapDeployments();
      if (r.resumed || r.failed || r.kicked) log.info("deploy.reaped", r);
    } catch (error) {
      log.warn("deploy.reap_error", { error: (error as Error).message });
    }
    if (!stopping) reapTimer = setTimeout(reapLoop, Math.max(250, Math.floor(env.DEPLOY_LEASE_MS / 2)));
  };
  reapLoop();

  const beat = () => redis().set(heartbeatKey(id), JSON.stringify({ id, pid: process.pid, at: new Date().toISOString() }), "EX", HEARTBEAT_TTL_SECONDS).catch(() => {});
  await beat();
  const heartbeat = setInterval(beat, 10_000);

  queue
    .upsertJobScheduler("maintenance.prune", { every: 3600_000 }, {
      name: "maintenance.prune",
      data: { liveEventsOlderThanHours: 72, signInAttemptsOlderThanHours: 24, deliveredOutboxOlderThanHours: 7 * 24 },
      opts: JOBS["maintenance.prune"].options,
    })
    .catch((error) => log.warn("scheduler.upsert_failed", { error: (error as Error).message }));

  // Uptime checks run in this process, off the job queue (lib/monitoring/scheduler.ts says why).
  const checks = env.CHECK_SCHEDULER === "1" ? startScheduler({ concurrency: env.CHECK_CONCURRENCY }) : null;

  // Automated checklist items follow their facts; events ask for a refresh at once, this catches the clock and lost jobs.
  // Its module (every binding source, and through them monitoring and deployments) loads at the first sweep, not at
  // start-up: a heavier start made tsx's signal relay (30 ms, twice) miss a SIGTERM that came early, and kill the worker.
  let launches: RunningSweep | null = null;
  const launchStart = setTimeout(() => {
    import("@/lib/launch/refresh")
      .then((m) => {
        if (stopping) return;
        launches = m.startLaunchSweep();
        return launches.sweep();
      })
      .catch((error) => log.warn("launch.sweep_failed", { error: (error as Error).message }));
  }, 30_000);

  // Scheduled QA profiles: each slot is claimed with a conditional update, so every worker may sweep (lib/qa/profiles.ts).
  let qaSweep: NodeJS.Timeout | undefined;
  const qaLoop = async () => {
    if (stopping) return;
    try {
      await (await import("@/lib/qa/profiles")).startScheduledRuns();
    } catch (error) {
      log.warn("qa.schedule_failed", { error: (error as Error).message });
    }
    if (!stopping) qaSweep = setTimeout(qaLoop, 60_000);
  };
  qaSweep = setTimeout(qaLoop, 15_000);

  log.info("worker.started", { id, queue: QUEUE, concurrency: opts.concurrency ?? env.WORKER_CONCURRENCY, checkScheduler: Boolean(checks) });
  return {
    id,
    async close() {
      stopping = true;
      clearTimeout(relayTimer);
      clearTimeout(reapTimer);
      clearInterval(heartbeat);
      // QA runs may have minutes left: they are asked to stop first, before waiting on in-flight checks (up to a
      // minute), so they end errored saying the worker stopped within the shutdown deadline, rather than outliving it
      // and being found running by the next worker.
      const qaStopping = stopRunningQaJobs();
      await checks?.stop();
      clearTimeout(launchStart);
      clearTimeout(qaSweep);
      await launches?.stop();
      // Stops taking jobs and waits for the active ones; a job cut short is re-run by another worker when its lock lapses.
      const closing = Promise.all([worker.close(), qaWorker.close()]);
      if (qaStopping.count) log.info("qa.runs_stopping", { count: qaStopping.count });
      await closing.finally(qaStopping.done);
      await Promise.all([queue.close(), qaQueue.close()]);
      await redis().del(heartbeatKey(id)).catch(() => {});
      connection.disconnect();
      qaConnection.disconnect();
      log.info("worker.stopped", { id });
    },
  };
}
