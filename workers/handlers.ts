import type { Job } from "bullmq";
import { systemCtx } from "@/lib/auth/context";
import { db } from "@/lib/db";
import type { JobName, JobPayload } from "@/lib/jobs/contract";
import { runConnectionTest } from "@/lib/targets/connection-tests";

type Handler<N extends JobName> = (payload: JobPayload<N>, job: Job) => Promise<unknown>;

// Each handler calls the same service verbs as the web, acting as the system with the job's id for the audit log.
export const HANDLERS: { [N in JobName]: Handler<N> } = {
  "target.probe": (payload, job) => runConnectionTest({ ctx: systemCtx(`target.probe#${job.id}`), input: payload }),
  "live.prune": async (payload) => {
    const { count } = await db.liveEvent.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - payload.olderThanHours * 3600_000) } } });
    return { deleted: count };
  },
};
