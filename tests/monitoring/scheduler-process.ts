// A scheduler in a process of its own, for tests and benchmarks: `tsx tests/monitoring/scheduler-process.ts <projectId,…>`.
// Prints {"ready":true} once running and, on SIGTERM, its stats as one JSON line after a graceful stop.
import { startScheduler } from "@/lib/monitoring/scheduler";
import { db } from "@/lib/db";

const projectIds = (process.argv[2] ?? "").split(",").filter(Boolean);
const scheduler = startScheduler({ projectIds, tickMs: 50, flushMs: 100, lookaheadMs: 500 });
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.on("SIGTERM", async () => {
  await scheduler.stop();
  process.stdout.write(`${JSON.stringify({ stats: scheduler.stats() })}\n`);
  await db.$disconnect();
  process.exit(0);
});
