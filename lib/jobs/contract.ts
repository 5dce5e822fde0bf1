import { z } from "zod";
import type { JobsOptions, MinimalJob } from "bullmq";

// The one job contract shared by web and workers (STYLE.md): names are area.verb, payloads carry row ids only.
export const QUEUE = "tminus";
// QA runs last minutes and may take a core or a browser each, so they have a queue of their own with its own
// concurrency (QA_CONCURRENCY): a burst of QA runs never holds the slots deployments and notifications need.
export const QA_QUEUE = "tminus-qa";

const defaults: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const JOBS = {
  "target.probe": {
    schema: z.object({ connectionTestId: z.string().min(1) }),
    options: { ...defaults, attempts: 2 },
  },
  // Runs or resumes one deployment; any number of these may exist for one deployment (the row's lease picks one).
  // One attempt: a run that dies is resumed by the lease reaper, which knows whether the provider deploy started.
  "deployment.run": {
    schema: z.object({ deploymentId: z.string().min(1) }),
    options: { ...defaults, attempts: 1 },
  },
  // Webhooks are often briefly rate limited or down. "retry-after" backs off exponentially, or longer when the
  // receiver said how long to wait (see jobBackoff).
  "notification.deliver": {
    schema: z.object({ deliveryId: z.string().min(1) }),
    options: { ...defaults, attempts: 5, backoff: { type: "retry-after", delay: 2000 } },
  },
  // Re-measures the automated checklist items of a project's active launch after a fact they watch changed (an
  // incident opened or resolved, a deployment finished). The job id is per project per second and the job waits a
  // second, so a burst of changes is measured once, after the last of them committed.
  "launch.refresh": {
    schema: z.object({ projectId: z.string().min(1) }),
    options: { ...defaults, attempts: 2, delay: 1000 },
  },
  // One QA run (lib/qa/runner.ts). One attempt: a run whose worker died is marked errored when BullMQ hands the stalled
  // job out again, never restarted unasked (a load test that starts over doubles the traffic someone agreed to).
  "qa.run": {
    schema: z.object({ runId: z.string().min(1) }),
    options: { ...defaults, attempts: 1 },
    queue: QA_QUEUE,
  },
  // New feedback items were stored (one job per intake batch): notify the project's channels of new items (critical
  // ones as feedback.critical). Spam is never announced.
  "feedback.received": {
    schema: z.object({ itemIds: z.array(z.string().min(1)).min(1).max(1000) }),
    options: { ...defaults, attempts: 3 },
  },
  // An item a reporter left an e-mail on changed status: tell them (when SMTP is configured).
  "feedback.reporter_mail": {
    schema: z.object({ itemId: z.string().min(1), status: z.string().min(1) }),
    options: { ...defaults, attempts: 5 },
  },
  // Hourly housekeeping: event history behind SSE replay, sign-in attempts past the rate-limit window, and outbox rows
  // already delivered to the queue (dead letters stay until an admin retries them). The default keeps older schedules valid.
  "maintenance.prune": {
    schema: z.object({
      liveEventsOlderThanHours: z.number().int().min(1),
      signInAttemptsOlderThanHours: z.number().int().min(1),
      deliveredOutboxOlderThanHours: z.number().int().min(1).default(7 * 24),
    }),
    options: { ...defaults, attempts: 1 },
  },
} as const satisfies Record<string, { schema: z.ZodType; options: JobsOptions; queue?: string }>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["schema"]>;

/** The BullMQ queue a job goes to: its own when it names one, else the main queue. */
export const queueOf = (name: JobName): string => ((JOBS[name] as { queue?: string }).queue ?? QUEUE);

export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);

export function parseJob<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  return JOBS[name].schema.parse(payload) as JobPayload<N>;
}

/**
 * The worker's custom backoff (BullMQ settings.backoffStrategy), used by jobs whose backoff type is "retry-after":
 * the wait the handler put on its error as `retryDelayMs` (it read the receiver's Retry-After), else exponential.
 */
export function jobBackoff(attemptsMade: number, _type?: string, error?: Error, job?: MinimalJob): number {
  const hinted = (error as { retryDelayMs?: unknown } | undefined)?.retryDelayMs;
  if (typeof hinted === "number" && Number.isFinite(hinted) && hinted >= 0) return Math.round(hinted);
  const backoff = job?.opts.backoff;
  const delay = (typeof backoff === "object" ? backoff.delay : backoff) ?? 1000;
  return Math.round(2 ** Math.max(0, attemptsMade - 1) * delay);
}
