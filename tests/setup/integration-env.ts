import { inject } from "vitest";

// Runs before each integration file, before lib/env.ts is first read.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.REDIS_URL = inject("redisUrl");
process.env.REDIS_PREFIX = inject("redisPrefix");
process.env.ENCRYPTION_KEY = inject("encryptionKey");
process.env.NEXTAUTH_SECRET = "integration-test-secret-integration-test-secret";
process.env.NEXTAUTH_URL = "http://localhost:3000";
process.env.LOG_LEVEL ??= "warn";
process.env.OUTBOX_POLL_MS = "100";
// Deployments: short leases and fast polling, so resume and reaper paths run in seconds.
process.env.DEPLOY_LEASE_MS = "1500";
process.env.DEPLOY_POLL_MS = "100";
process.env.DEPLOY_VERIFY_INTERVAL_MS = "100";
// Uptime checks: tests that want the scheduler start it themselves (lib/monitoring/scheduler.ts), so a worker started
// for another reason does not probe every target those tests create.
process.env.CHECK_SCHEDULER = "0";
