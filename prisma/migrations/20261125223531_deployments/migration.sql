-- CreateEnum
CREATE TYPE "QueuePolicy" AS ENUM ('fifo', 'newest_wins');

-- CreateEnum
CREATE TYPE "DeploymentStatus" AS ENUM ('requested', 'awaiting_approval', 'approved', 'queued', 'running', 'verifying', 'succeeded', 'failed', 'cancelled', 'rolled_back');

-- CreateEnum
CREATE TYPE "DeploymentKind" AS ENUM ('deploy', 'rollback');

-- CreateEnum
CREATE TYPE "StepStatus" AS ENUM ('running', 'succeeded', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "ApprovalDecision" AS ENUM ('approved', 'rejected');

-- CreateEnum
CREATE TYPE "FreezeKind" AS ENUM ('one_off', 'weekly');

-- CreateEnum
CREATE TYPE "ChannelFormat" AS ENUM ('slack', 'discord', 'json');

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "approvalExpiryMinutes" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "approvalsRequired" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "approverRoles" "Role"[] DEFAULT ARRAY['approver', 'admin']::"Role"[],
ADD COLUMN     "autoRollback" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "liveDeploymentId" TEXT,
ADD COLUMN     "lockedAt" TIMESTAMP(3),
ADD COLUMN     "lockedBy" TEXT,
ADD COLUMN     "lockedReason" TEXT,
ADD COLUMN     "queuePolicy" "QueuePolicy" NOT NULL DEFAULT 'fifo',
ADD COLUMN     "verifySeconds" INTEGER NOT NULL DEFAULT 30;

-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "Deployment" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" "DeploymentKind" NOT NULL DEFAULT 'deploy',
    "status" "DeploymentStatus" NOT NULL DEFAULT 'requested',
    "configHash" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "requestedById" TEXT,
    "requestedBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "overrides" JSONB NOT NULL DEFAULT '[]',
    "rollbackToId" TEXT,
    "cancelRequestedAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "failureReason" TEXT,
    "providerDeployId" TEXT,
    "providerUrl" TEXT,
    "triggerStartedAt" TIMESTAMP(3),
    "rollbackReleaseId" TEXT,
    "rollbackProviderDeployId" TEXT,
    "rollbackStartedAt" TIMESTAMP(3),
    "leaseToken" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "runAttempts" INTEGER NOT NULL DEFAULT 0,
    "logLineCount" INTEGER NOT NULL DEFAULT 0,
    "logTruncated" BOOLEAN NOT NULL DEFAULT false,
    "healthVersion" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedAt" TIMESTAMP(3),
    "queuedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeploymentStep" (
    "id" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "StepStatus" NOT NULL DEFAULT 'running',
    "detail" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "DeploymentStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeploymentApproval" (
    "id" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userLabel" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "decision" "ApprovalDecision" NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "configHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "voidedAt" TIMESTAMP(3),
    "voidReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeploymentApproval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeploymentLogChunk" (
    "id" BIGSERIAL NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "firstLine" INTEGER NOT NULL,
    "lines" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeploymentLogChunk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FreezeWindow" (
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

    CONSTRAINT "FreezeWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "format" "ChannelFormat" NOT NULL,
    "urlEncrypted" TEXT NOT NULL,
    "urlOrigin" TEXT NOT NULL,
    "events" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "httpStatus" INTEGER,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "NotificationDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Deployment_targetId_status_createdAt_idx" ON "Deployment"("targetId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Deployment_status_leaseExpiresAt_idx" ON "Deployment"("status", "leaseExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Deployment_projectId_number_key" ON "Deployment"("projectId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Deployment_projectId_idempotencyKey_key" ON "Deployment"("projectId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "DeploymentStep_deploymentId_startedAt_idx" ON "DeploymentStep"("deploymentId", "startedAt");

-- CreateIndex
CREATE INDEX "DeploymentApproval_deploymentId_createdAt_idx" ON "DeploymentApproval"("deploymentId", "createdAt");

-- CreateIndex
CREATE INDEX "DeploymentApproval_userId_idx" ON "DeploymentApproval"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "DeploymentLogChunk_deploymentId_firstLine_key" ON "DeploymentLogChunk"("deploymentId", "firstLine");

-- CreateIndex
CREATE INDEX "FreezeWindow_projectId_idx" ON "FreezeWindow"("projectId");

-- CreateIndex
CREATE INDEX "NotificationChannel_projectId_idx" ON "NotificationChannel"("projectId");

-- CreateIndex
CREATE INDEX "NotificationDelivery_channelId_createdAt_idx" ON "NotificationDelivery"("channelId", "createdAt");

-- CreateIndex
CREATE INDEX "NotificationDelivery_projectId_createdAt_idx" ON "NotificationDelivery"("projectId", "createdAt");

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeploymentStep" ADD CONSTRAINT "DeploymentStep_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeploymentApproval" ADD CONSTRAINT "DeploymentApproval_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeploymentLogChunk" ADD CONSTRAINT "DeploymentLogChunk_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FreezeWindow" ADD CONSTRAINT "FreezeWindow_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FreezeWindow" ADD CONSTRAINT "FreezeWindow_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationChannel" ADD CONSTRAINT "NotificationChannel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One active deployment per target (SQL only: Prisma cannot declare partial indexes). A second worker that tries to
-- start another deployment on the same target gets a unique violation and leaves its deployment queued.
CREATE UNIQUE INDEX "Deployment_one_active_per_target" ON "Deployment"("targetId") WHERE "status" IN ('running', 'verifying');
