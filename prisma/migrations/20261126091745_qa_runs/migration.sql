-- CreateEnum
CREATE TYPE "QaKind" AS ENUM ('load', 'a11y', 'links', 'fuzz', 'devices');

-- CreateEnum
CREATE TYPE "QaRunStatus" AS ENUM ('queued', 'running', 'passed', 'failed', 'errored', 'cancelled');

-- CreateEnum
CREATE TYPE "QaTrigger" AS ENUM ('manual', 'api', 'schedule', 'deployment');

-- CreateEnum
CREATE TYPE "QaFindingChange" AS ENUM ('new', 'persisting', 'fixed');

-- CreateTable
CREATE TABLE "QaProfile" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "kind" "QaKind" NOT NULL,
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "everyHours" INTEGER,
    "nextRunAt" TIMESTAMP(3),
    "afterDeploy" BOOLEAN NOT NULL DEFAULT false,
    "confirmedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QaProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaRun" (
    "id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "projectId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "profileId" TEXT,
    "kind" "QaKind" NOT NULL,
    "status" "QaRunStatus" NOT NULL DEFAULT 'queued',
    "trigger" "QaTrigger" NOT NULL DEFAULT 'manual',
    "settings" JSONB NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "requestedBy" TEXT,
    "requestedByLabel" TEXT NOT NULL,
    "deploymentId" TEXT,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "progressMessage" TEXT,
    "summary" TEXT,
    "metrics" JSONB,
    "reliable" BOOLEAN NOT NULL DEFAULT true,
    "unreliableReason" TEXT,
    "previousRunId" TEXT,
    "findingsNew" INTEGER NOT NULL DEFAULT 0,
    "findingsPersisting" INTEGER NOT NULL DEFAULT 0,
    "findingsFixed" INTEGER NOT NULL DEFAULT 0,
    "findingsGating" INTEGER NOT NULL DEFAULT 0,
    "findingsReview" INTEGER NOT NULL DEFAULT 0,
    "cancelRequestedAt" TIMESTAMP(3),
    "cancelledBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "QaRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaFinding" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "advice" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "needsReview" BOOLEAN NOT NULL DEFAULT false,
    "gating" BOOLEAN NOT NULL DEFAULT true,
    "change" "QaFindingChange" NOT NULL DEFAULT 'new',
    "firstSeenRunId" TEXT,

    CONSTRAINT "QaFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaLog" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "QaLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaPoint" (
    "runId" TEXT NOT NULL,
    "t" INTEGER NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "QaPoint_pkey" PRIMARY KEY ("runId","t")
);

-- CreateTable
CREATE TABLE "QaArtifact" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "meta" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QaArtifact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QaProfile_nextRunAt_idx" ON "QaProfile"("nextRunAt");

-- CreateIndex
CREATE INDEX "QaProfile_targetId_afterDeploy_idx" ON "QaProfile"("targetId", "afterDeploy");

-- CreateIndex
CREATE UNIQUE INDEX "QaProfile_projectId_name_key" ON "QaProfile"("projectId", "name");

-- CreateIndex
CREATE INDEX "QaRun_projectId_createdAt_idx" ON "QaRun"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "QaRun_targetId_kind_finishedAt_idx" ON "QaRun"("targetId", "kind", "finishedAt");

-- CreateIndex
CREATE INDEX "QaRun_status_idx" ON "QaRun"("status");

-- CreateIndex
CREATE UNIQUE INDEX "QaRun_projectId_number_key" ON "QaRun"("projectId", "number");

-- CreateIndex
CREATE INDEX "QaFinding_runId_change_idx" ON "QaFinding"("runId", "change");

-- CreateIndex
CREATE UNIQUE INDEX "QaFinding_runId_fingerprint_key" ON "QaFinding"("runId", "fingerprint");

-- CreateIndex
CREATE INDEX "QaLog_runId_id_idx" ON "QaLog"("runId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "QaArtifact_runId_name_key" ON "QaArtifact"("runId", "name");

-- AddForeignKey
ALTER TABLE "QaProfile" ADD CONSTRAINT "QaProfile_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaProfile" ADD CONSTRAINT "QaProfile_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaRun" ADD CONSTRAINT "QaRun_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaRun" ADD CONSTRAINT "QaRun_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaRun" ADD CONSTRAINT "QaRun_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "QaProfile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaFinding" ADD CONSTRAINT "QaFinding_runId_fkey" FOREIGN KEY ("runId") REFERENCES "QaRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaLog" ADD CONSTRAINT "QaLog_runId_fkey" FOREIGN KEY ("runId") REFERENCES "QaRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaPoint" ADD CONSTRAINT "QaPoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "QaRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaArtifact" ADD CONSTRAINT "QaArtifact_runId_fkey" FOREIGN KEY ("runId") REFERENCES "QaRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

