-- CreateEnum
CREATE TYPE "CheckKind" AS ENUM ('http', 'tls', 'tcp');

-- CreateEnum
CREATE TYPE "CheckState" AS ENUM ('up', 'degraded', 'down', 'unknown');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'resolved');

-- CreateEnum
CREATE TYPE "IncidentEventKind" AS ENUM ('first_failure', 'opened', 'notified', 'acknowledged', 'note', 'public_update', 'recovered');

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "publicStatus" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Check" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "targetId" TEXT,
    "name" TEXT NOT NULL,
    "kind" "CheckKind" NOT NULL,
    "settings" JSONB NOT NULL,
    "secretsEncrypted" TEXT,
    "secretKeys" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "intervalSeconds" INTEGER NOT NULL,
    "timeoutSeconds" INTEGER NOT NULL,
    "failuresToOpen" INTEGER NOT NULL DEFAULT 2,
    "successesToClose" INTEGER NOT NULL DEFAULT 1,
    "reminderMinutes" INTEGER NOT NULL DEFAULT 60,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "nextRunAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" "CheckState" NOT NULL DEFAULT 'unknown',
    "lastResultAt" TIMESTAMP(3),
    "lastLatencyMs" INTEGER,
    "lastError" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "consecutiveSuccesses" INTEGER NOT NULL DEFAULT 0,
    "failingSince" TIMESTAMP(3),
    "openIncidentId" TEXT,
    "recentLatencies" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "Check_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaintenanceWindow" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "targetId" TEXT,
    "name" TEXT NOT NULL,
    "kind" "FreezeKind" NOT NULL,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "weekdays" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "startTime" TEXT,
    "endTime" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaintenanceWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "cause" TEXT NOT NULL DEFAULT '',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "lastNotifiedAt" TIMESTAMP(3),
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentEvent" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "kind" "IncidentEventKind" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "body" TEXT NOT NULL DEFAULT '',
    "actor" TEXT NOT NULL DEFAULT 'T-Minus',

    CONSTRAINT "IncidentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Check_projectId_idx" ON "Check"("projectId");

-- CreateIndex
CREATE INDEX "Check_targetId_idx" ON "Check"("targetId");

-- CreateIndex
CREATE INDEX "Check_enabled_nextRunAt_idx" ON "Check"("enabled", "nextRunAt");

-- CreateIndex
CREATE INDEX "MaintenanceWindow_projectId_idx" ON "MaintenanceWindow"("projectId");

-- CreateIndex
CREATE INDEX "Incident_checkId_startedAt_idx" ON "Incident"("checkId", "startedAt");

-- CreateIndex
CREATE INDEX "Incident_projectId_status_startedAt_idx" ON "Incident"("projectId", "status", "startedAt");

-- CreateIndex
CREATE INDEX "Incident_status_lastNotifiedAt_idx" ON "Incident"("status", "lastNotifiedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_projectId_number_key" ON "Incident"("projectId", "number");

-- CreateIndex
CREATE INDEX "IncidentEvent_incidentId_at_idx" ON "IncidentEvent"("incidentId", "at");

-- AddForeignKey
ALTER TABLE "Check" ADD CONSTRAINT "Check_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Check" ADD CONSTRAINT "Check_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaintenanceWindow" ADD CONSTRAINT "MaintenanceWindow_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_checkId_fkey" FOREIGN KEY ("checkId") REFERENCES "Check"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentEvent" ADD CONSTRAINT "IncidentEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------------------------
-- Monitoring storage that schema.prisma cannot declare (lib/monitoring/storage.ts reads and writes it with SQL).
-- Partitioned by time so retention drops whole partitions instead of deleting rows from a huge table:
-- raw results and minute roll-ups by day, hour roll-ups by month; day roll-ups are kept forever.
-- Partitions are created ahead by the ingest and the hourly maintenance job; there is deliberately no DEFAULT
-- partition, which would block creating a partition later for a range it already holds rows of.

-- One row per check slot: the slot time (`at`) is the key, so a slot retried or replayed is stored once.
-- status: 0 up, 1 degraded, 2 down, 3 unknown (a gap the scheduler recorded); coverMs: the time before `at` this
-- result stands for (one interval, or the length of a gap).
CREATE TABLE "CheckResult" (
    "checkId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "coverMs" INTEGER NOT NULL,
    "status" SMALLINT NOT NULL,
    "maintenance" BOOLEAN NOT NULL DEFAULT false,
    "latencyMs" INTEGER,
    "httpStatus" SMALLINT,
    "error" TEXT,
    PRIMARY KEY ("checkId", "at")
) PARTITION BY RANGE ("at");

-- Time in each state per bucket (milliseconds), runs, and a latency histogram (fixed log-scale buckets,
-- lib/monitoring/histogram.ts) so percentiles of any window are computed by adding histograms.
CREATE TABLE "CheckRollupMinute" (
    "checkId" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "upMs" BIGINT NOT NULL DEFAULT 0,
    "degradedMs" BIGINT NOT NULL DEFAULT 0,
    "downMs" BIGINT NOT NULL DEFAULT 0,
    "maintenanceMs" BIGINT NOT NULL DEFAULT 0,
    "unknownMs" BIGINT NOT NULL DEFAULT 0,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "latencyCount" INTEGER NOT NULL DEFAULT 0,
    "latencySum" BIGINT NOT NULL DEFAULT 0,
    "latencyMax" INTEGER NOT NULL DEFAULT 0,
    "latencyHist" INTEGER[] NOT NULL,
    PRIMARY KEY ("checkId", "bucket")
) PARTITION BY RANGE ("bucket");

CREATE TABLE "CheckRollupHour" (LIKE "CheckRollupMinute" INCLUDING DEFAULTS, PRIMARY KEY ("checkId", "bucket")) PARTITION BY RANGE ("bucket");
CREATE TABLE "CheckRollupDay" (LIKE "CheckRollupMinute" INCLUDING DEFAULTS, PRIMARY KEY ("checkId", "bucket"));
-- "90-day uptime for every check of a project" reads by bucket range across checks.
CREATE INDEX "CheckRollupDay_bucket" ON "CheckRollupDay" ("bucket");
