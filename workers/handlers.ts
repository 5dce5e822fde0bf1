import { dropExpiredPartitions, ensurePartitions } from "@/lib/monitoring/storage";
import { env } from "@/lib/env";
import type { Job } from "bullmq";
import { systemCtx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import type { JobName, JobPayload } from "@/lib/jobs/contract";
import { runConnectionTest } from "@/lib/targets/connection-tests";
import { runDeployment } from "@/lib/deployments/runner";
import { deliverNotification } from "@/lib/notifications/deliver";

type Handler<N extends JobName> = (payload: JobPayload<N>, job: Job) => Promise<unknown>;

// Each handler calls the same service verbs as the web, acting as the system with the job's id for the audit log.
export const HANDLERS: { [N in JobName]: Handler<N> } = {
  "target.probe": (payload, job) => runConnectionTest({ ctx: systemCtx(`target.probe#${job.id}`), input: payload }),
  "deployment.run": (payload, job) => runDeployment(payload.deploymentId, `${job.id}`),
  "notification.deliver": (payload, job) => deliverNotification({ ctx: systemCtx(`notification.deliver#${job.id}`), input: payload }),
  // Loaded on first use, like the sweep (workers/runtime.ts says why).
  "launch.refresh": async (payload) => (await import("@/lib/launch/refresh")).runLaunchRefresh(payload),
  "qa.run": async (payload) => (await import("@/lib/qa/runner")).runQaJob(payload.runId),
  "feedback.received": async (payload) => (await import("@/lib/feedback/jobs")).announceReceived(payload.itemIds),
  "feedback.reporter_mail": async (payload) => (await import("@/lib/feedback/jobs")).mailReporters(payload.itemId, payload.status),
  "maintenance.prune": async (payload) => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
    const events = await db.liveEvent.deleteMany({ where: { createdAt: { lt: hoursAgo(payload.liveEventsOlderThanHours) } } });
    const attempts = await db.signInAttempt.deleteMany({ where: { createdAt: { lt: hoursAgo(payload.signInAttemptsOlderThanHours) } } });
    const outbox = await db.outboxJob.deleteMany({ where: { enqueuedAt: { lt: hoursAgo(payload.deliveredOutboxOlderThanHours) } } });
    // Monitoring storage: partitions for the next days exist before results arrive; expired ones are dropped whole.
    await ensurePartitions(new Date(), new Date(Date.now() + 3 * 86_400_000));
    const dropped = await dropExpiredPartitions({ rawDays: env.RETENTION_RAW_DAYS, minuteDays: env.RETENTION_MINUTE_DAYS, hourDays: env.RETENTION_HOURLY_DAYS });
    const qaArtifacts = await (await import("@/lib/qa/retention")).pruneQaArtifacts(env.QA_ARTIFACT_RETENTION_DAYS);
    // GitHub redelivers from its last 3 days; a month of delivery ids is plenty to recognise a redelivery.
    const deliveries = await db.webhookDelivery.deleteMany({ where: { receivedAt: { lt: hoursAgo(30 * 24) } } });
    return { liveEvents: events.count, signInAttempts: attempts.count, deliveredOutbox: outbox.count, droppedPartitions: dropped, qaArtifacts, webhookDeliveries: deliveries.count };
  },
};
