import { loadEnv } from "@/lib/env";
import { db } from "@/lib/db";
import { redis } from "@/lib/redis";
import { log } from "@/lib/observability/log";
import { startWorker } from "./runtime";

// The worker is its own process (STYLE.md): a long job must not die when the web server restarts.
async function main() {
  try {
    loadEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  // Handlers first: a SIGTERM that arrives while the worker is still starting (right after it logs worker.started)
  // must drain it, not kill the process with the default action.
  let shuttingDown = false;
  const starting = startWorker();
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info("worker.shutdown", { signal });
    const force = setTimeout(() => process.exit(1), 25_000);
    const worker = await starting;
    await worker.close();
    redis().disconnect();
    await db.$disconnect();
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  await starting;
}

main();
